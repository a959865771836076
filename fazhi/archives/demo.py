"""Demo of the public archive services: the bureau's catalogue (查档利用, 出具档案证明, 档案复制件), its reading room
open on every working day of 2026, and a year (2026) of about sixty consultations and twenty proofs (and a few
copies) in every state: confirmed and answered on time, answered late, restricted archives approved or refused,
corrections, withdrawals, no-shows, and some still open. Names and matters are invented. Idempotent: nothing is added
once the agency has an archive request received in 2026."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User

LAW = "《中华人民共和国档案法》（2020年修订）"
FEE_BASIS = ("本机关服务承诺：查阅开放档案、出具档案证明不收取费用"
             f"（{LAW}第二十八条：档案馆应当简化手续，提供便利）")

SERVICES = [
    {
        "code": "dag-fw-001", "name": "档案查阅利用（查档预约）", "kind": "consultation",
        "legal_basis": f"{LAW}第二十七条、第二十八条；《中华人民共和国档案法实施条例》（国务院令第772号）",
        "conditions": "1. 查阅开放档案：单位和个人持有合法证明（居民身份证等有效证件）即可利用；\n"
                      "2. 查阅未开放档案、涉密档案或限制利用的档案：须说明利用目的，经本机关审批后提供。",
        "materials": "有效身份证件（居民身份证、护照等）\n单位介绍信（以单位名义查档的）\n"
                     "查阅未开放或限制利用档案的，利用目的说明及相关证明",
        "online": True, "onsite": True, "result": "查档答复意见；需要时提供档案复制件",
    },
    {
        "code": "dag-fw-002", "name": "出具档案证明", "kind": "proof",
        "legal_basis": f"{LAW}第二十八条；《中华人民共和国档案法实施条例》（国务院令第772号）",
        "conditions": "申请人为档案所涉本人或其委托的代理人，或持有合法证明的单位。",
        "materials": "有效身份证件\n委托书及受托人身份证件（委托办理的）",
        "online": True, "onsite": False, "result": "档案证明（加盖本机关印章，带发文字号）",
    },
    {
        "code": "dag-fw-003", "name": "档案复制件提供", "kind": "copy",
        "legal_basis": f"{LAW}第二十八条；《中华人民共和国档案法实施条例》（国务院令第772号）",
        "conditions": "所复制的档案为开放档案，或已经本机关批准利用的未开放档案。",
        "materials": "有效身份证件\n拟复制档案的档号或题名",
        "online": True, "onsite": False, "result": "档案复制件（电子版，网上下载）",
    },
]


def ensure_services(agency: Agency) -> dict:
    """The agency's archive services (created once)."""
    from fazhi.archives.models import ArchiveService

    out = {}
    for order, spec in enumerate(SERVICES):
        row = ArchiveService.objects.filter(code=spec["code"]).first()
        if row is None:
            row = ArchiveService.objects.create(
                agency=agency, order=order, fee="不收费", fee_basis=FEE_BASIS, contact=agency.phone,
                address=f"{agency.address}（档案查阅大厅）", office_hours="工作日 上午8:30—11:30，下午13:30—16:30",
                **spec)
        out[spec["kind"]] = row
    return out


PEOPLE = [
    ("arch_demo_01", "郑文澜"), ("arch_demo_02", "韩秋实"), ("arch_demo_03", "邵明远"), ("arch_demo_04", "顾雪樵"),
    ("arch_demo_05", "魏长庚"), ("arch_demo_06", "秦若溪"), ("arch_demo_07", "于北辰"), ("arch_demo_08", "唐晓岚"),
    ("arch_demo_09", "乔振邦"), ("arch_demo_10", "葛书宁"), ("arch_demo_11", "贺立新"), ("arch_demo_12", "蒋雁南"),
]
WANTED = [
    ("research", "", "1950年代哈尔滨市工业企业公私合营档案"),
    ("history", "编纂《黑龙江省志·档案志》", "1946—1949年东北行政委员会文教处档案"),
    ("rights", "办理退休核定工龄", "本人1975年至1979年知青下乡档案"),
    ("rights", "办理房产继承", "1983年本市房屋产权登记档案"),
    ("work", "", "1998年松花江流域抗洪救灾档案"),
    ("genealogy", "", "民国时期呼兰县户籍档案"),
    ("research", "硕士论文", "1960年代北大荒农垦建设档案"),
    ("history", "编写县志", "1950年代宾县土地改革档案"),
]
PROOF_WANTED = [
    ("rights", "办理退休手续", "本人1976年至1980年下乡插队档案", "{name}于1976年4月至1980年9月在宾县某公社插队落户。"),
    ("rights", "办理学历认证", "本人1982年中专毕业档案", "{name}于1979年9月至1982年7月在哈尔滨某中等专业学校就读并毕业。"),
    ("rights", "办理婚姻状况证明", "1985年婚姻登记档案", "{name}于1985年5月在哈尔滨市道里区办理结婚登记。"),
    ("rights", "办理工龄认定", "本人1970年代国营企业招工档案", "{name}于1978年1月被招收为某国营机械厂全民所有制工人。"),
]


def _next_workday(day: dt.date, n: int = 1) -> dt.date:
    from fazhi.workdays.calendar import compute_deadline

    return compute_deadline(day, n, "workday").due if n > 0 else day


def _people() -> list[User]:
    from fazhi.core.demo.load import resident_id_with_check

    out = []
    for i, (username, name) in enumerate(PEOPLE):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, kind=User.Kind.PERSON, full_name=name,
                        id_number=resident_id_with_check(
                            f"230103{1950 + i * 3}{i % 12 + 1:02d}{i % 28 + 1:02d}{i + 100:03d}"),
                        phone=f"1390451{i:04d}")
            user.set_unusable_password()
            user.full_clean()
            user.save()
        out.append(user)
    return out


def _pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def load_archives_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.archives.models import ArchiveRequest
    from fazhi.archives.services import slots_open

    services = ensure_services(agency)
    slots_open(actor=None, agency=agency, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), capacity=6)
    if ArchiveRequest.objects.filter(case__agency=agency, case__received_on__year=2026).exists():
        return
    _year(agency, users, services, _people())


class _Run:
    """Steps of one request, each on its day; a step after the demo's today is not taken (the request stays open)."""

    def __init__(self, users, today):
        self.users, self.today = users, today

    def fire(self, case, name, day, actor="clerk", comment="", **data):
        from fazhi.process.services import case_fire

        if day > self.today:
            return False
        with sysclock.frozen_today(day):
            case_fire(case_id=case.pk, transition=name, actor=self.users[actor] if isinstance(actor, str) else actor,
                      comment=comment, data=data, today=day)
        return True

    def serve(self, case, day, answer, files=()):
        from fazhi.archives.services import Upload, request_serve

        if day > self.today:
            return False
        with sysclock.frozen_today(day):
            request_serve(case_id=case.pk, actor=self.users["clerk"], answer=answer,
                          uploads=[Upload(name, _pdf(name)) for name in files])
        return True


def _book(service, person, day, **kw):
    from fazhi.archives.services import booking_submit

    with sysclock.frozen_today(day):
        case, _code = booking_submit(service=service, actor=person, id_type="resident", id_number=person.id_number,
                                     **kw)
    return case


def _year(agency, users, services, people) -> None:  # noqa: PLR0915 - one scenario after another
    today = min(sysclock.today(), dt.date(2026, 12, 31))
    run = _Run(users, today)
    days = []
    day = _next_workday(dt.date(2026, 1, 4), 1)
    while day <= today and len(days) < 400:
        days.append(day)
        day = _next_workday(day, 1)
    if not days:
        return
    # About sixty consultations, spread over the year's working days.
    for n in range(60):
        received = days[min(int(n * len(days) / 60), len(days) - 1)]
        person = people[n % len(people)]
        purpose, detail, wanted = WANTED[n % len(WANTED)]
        onsite = n % 3 != 0
        restricted = n % 9 == 4
        visit = _next_workday(received, 2 + n % 4) if onsite else None
        if visit is not None and visit > dt.date(2026, 12, 31):
            visit = None
            onsite = False
        kw = {"purpose": purpose, "purpose_detail": detail, "archives_wanted": wanted,
              "mode": "onsite" if onsite else "online",
              "access": "restricted" if restricted else "open", "restriction": "under25" if restricted else ""}
        if onsite:
            kw.update(visit_date=visit, half_day="am" if n % 2 else "pm")
        case = _book(services["consultation"], person, received, **kw)
        confirm_on = _next_workday(received, 1) if n % 7 != 3 else _next_workday(received, 3)  # some late
        if n % 17 == 5:  # asked to complete the request, then resubmitted
            if not run.fire(case, "request_correction", confirm_on, missing=["请写明档案的形成年代和全宗名称"]):
                continue
            fixed = _next_workday(confirm_on, 2)
            if not run.fire(case, "resubmit", fixed, actor=person, supplement="形成年代1950—1956年，全宗：市工业局"):
                continue
            confirm_on = _next_workday(fixed, 1)
        if n % 23 == 11:  # withdrawn by the requester before confirmation
            run.fire(case, "withdraw", received, actor=person)
            continue
        if restricted:
            if not run.fire(case, "refer_approval", confirm_on, comment="所查档案形成未满二十五年，报请审批。"):
                continue
            decided = _next_workday(confirm_on, 2 + n % 3)
            if n % 2:
                run.fire(case, "refuse", decided, actor="head", reasons="所查档案涉及他人个人信息，暂不提供利用。",
                         legal_basis="《中华人民共和国档案法》第二十八条")
                continue
            if not run.fire(case, "approve", decided, actor="head", comment="同意在阅览室查阅，不得复制。"):
                continue
        elif not run.fire(case, "confirm", confirm_on):
            continue
        if onsite:
            visit_day = max(visit, confirm_on)
            if n % 13 == 7:
                run.fire(case, "no_show", _next_workday(visit_day, 1))
                continue
            if not run.fire(case, "attend", visit_day):
                continue
            served = visit_day if n % 4 else _next_workday(visit_day, 2)
        else:
            served = _next_workday(confirm_on, 2 + n % 3)
        if n % 11 == 8:
            served = _next_workday(served, 6)  # answered after the commitment: overdue
        files = [f"{wanted[:10]}复制件.pdf"] if n % 2 == 0 else []
        run.serve(case, served, f"经查，本馆藏有“{wanted}”相关档案，已提供查阅" + ("并提供复制件。" if files else "。"),
                  files)
    # About twenty proofs.
    for n in range(20):
        received = days[min(int(n * len(days) / 20) + 3, len(days) - 1)]
        person = people[(n * 5) % len(people)]
        purpose, detail, wanted, content = PROOF_WANTED[n % len(PROOF_WANTED)]
        case = _book(services["proof"], person, received, purpose=purpose, purpose_detail=detail,
                     archives_wanted=wanted, mode="online")
        if n % 10 == 6:
            run.fire(case, "refuse", _next_workday(received, 1), reasons="经查，本馆未收藏相关档案，无法出具证明。",
                     legal_basis="本机关服务承诺")
            continue
        if not run.fire(case, "confirm", _next_workday(received, 1)):
            continue
        issued = _next_workday(received, 3 + n % 3 + (5 if n % 9 == 2 else 0))
        run.fire(case, "serve", issued, answer=content.format(name=person.full_name))
    # A few copies.
    for n in range(5):
        received = days[min(int(n * len(days) / 5) + 10, len(days) - 1)]
        person = people[(n * 7) % len(people)]
        case = _book(services["copy"], person, received, purpose="work", archives_wanted="1998年抗洪救灾表彰文件",
                     mode="online")
        if run.fire(case, "confirm", _next_workday(received, 1)):
            run.serve(case, _next_workday(received, 3), "已提供复制件。", ["抗洪救灾表彰文件复制件.pdf"])
