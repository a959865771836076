"""Fast seeding of many licensing applications for one agency, for the benchmark.

The rows are what the services would have written (same clocks, same hash-chained events, same documents
rows without their files), but they are built in memory by replaying the licensing process definition and
written with ``bulk_create`` in batches, with explicit primary keys so that the rows of one batch can
reference each other without a round trip. ``seed(n)`` is the entry point; ``bench.run`` calls it on a
fresh database and ``tests/test_bench_smoke.py`` on the test database.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from fazhi.core import clock as sysclock
from fazhi.core.demo.load import ITEMS, make_uscc, resident_id_with_check
from fazhi.core.i18n import zh
from fazhi.core.models import Agency, DocumentNumberCounter, Role, User
from fazhi.core.services import format_document_number
from fazhi.licensing.documents import NOTICE_TITLES
from fazhi.licensing.models import Application, Item, Material
from fazhi.licensing.services import case_number
from fazhi.process.definition import get_definition
from fazhi.process.models import Case, CaseDocument, CaseEvent, Clock, ClockExtension, ClockPause
from fazhi.process.services import verification_hash
from fazhi.workdays.calendar import Exclusion, compute_deadline

CASE_NUMBER_KEY = "#XK"  # the counter key application_submit uses for case numbers
SHANGHAI = ZoneInfo("Asia/Shanghai")
SYSTEM_LABEL = "系统（法定期限计时）"

# Final states. Most applications are closed; ``open_fraction`` of them are open, spread over every
# non-terminal state (weights within each group are relative).
CLOSED_WEIGHTS = {"certified": 62, "denied": 6, "refused": 10, "withdrawn": 12}
OPEN_WEIGHTS = {"submitted": 22, "correction_requested": 10, "under_review": 28, "suspended": 6,
                "pending_head": 12, "pending_director": 12, "granted": 10}

STAFF = {  # key -> (username suffix, full name, role)
    "clerk": ("clerk", "王窗口", Role.INTAKE_CLERK),
    "handler": ("handler", "李承办", Role.CASE_HANDLER),
    "head": ("head", "张科长", Role.SECTION_HEAD),
    "director": ("director", "刘局长", Role.DIRECTOR),
}
# Who fires what (None: the applicant when the case was filed online, else the intake clerk).
ACTOR = {
    "accept": "clerk", "request_correction": "clerk", "refuse_intake": "clerk", "deemed_accept": "system",
    "resubmit": None, "withdraw": None, "propose": "handler", "suspend": "handler", "resume": "handler",
    "head_approve": "head", "head_return": "head", "extend": "director", "grant": "director",
    "deny": "director", "director_return": "director", "issue_certificate": "handler",
}
COMMENTS = {
    "propose": "材料齐全，经审查{opinion}。",
    "suspend": "需组织专家评审，审查期限中止。",
    "head_return": "请补充审查意见的依据。",
    "director_return": "请进一步核实申请材料。",
    "extend": "案情复杂，二十日内不能作出决定，经负责人批准延长十日。",
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
COMPANIES = ("文化传播有限公司", "档案服务有限公司", "数字科技有限公司", "博物馆", "研究会", "图书有限公司")
CITIES = ("哈尔滨", "齐齐哈尔", "牡丹江", "佳木斯", "大庆", "鸡西", "双鸭山", "伊春")


@dataclass
class SeedResult:
    agency_id: int
    staff: dict[str, int]  # clerk / handler / head / director -> user id
    case_ids: list[int]
    applications: int
    seconds: float
    rows: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    open_cases: int = 0
    overdue: int = 0


# ---- the world: agency, staff, items, public accounts ----------------------------------------------------
def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        n = Agency.objects.count() + 1
        agency = Agency.objects.create(code=code, name="黑龙江省档案局（性能测试）", short_name="黑档", level="province",
                                       uscc=make_uscc("11", "230000", f"B{n:07d}"),
                                       address="哈尔滨市南岗区档案路1号", phone="0451-80000000")
    return agency


def _staff(agency: Agency) -> dict[str, User]:
    out = {}
    for key, (suffix, name, role) in STAFF.items():
        username = f"{agency.code}_{suffix}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, kind=User.Kind.STAFF, full_name=name, agency=agency, roles=[role.value])
            user.set_unusable_password()  # the benchmark logs in with force_login
            user.save()
        out[key] = user
    return out


def _items(agency: Agency) -> list[Item]:
    items = list(Item.objects.filter(agency=agency, code__startswith=f"{agency.code}-xk-"))
    if items:
        return items
    for order, spec in enumerate(ITEMS):
        item = Item.objects.create(
            agency=agency, code=f"{agency.code}-xk-{order + 1:03d}", name=spec["name"],
            legal_basis=spec["legal_basis"], conditions=spec["conditions"], channels="网上办理；窗口办理；邮寄办理",
            contact=agency.phone, form_fields=spec["form_fields"], order=order,
        )
        Material.objects.bulk_create([
            Material(item=item, code=code, name=name, required=required, form=form, order=i)
            for i, (code, name, required, form) in enumerate(spec["materials"])
        ])
        items.append(item)
    return items


def _public_accounts(agency: Agency, rng: random.Random, persons: int, companies: int) -> list[User]:
    prefix = f"{agency.code}_pub_"
    existing = list(User.objects.filter(username__startswith=prefix).order_by("id"))
    if existing:
        return existing
    next_id = (User.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    users = []
    for i in range(persons + companies):
        u = User(id=next_id + i, username=f"{prefix}{i:05d}", password="!", is_active=True, roles=[])
        if i < persons:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
            u.kind = User.Kind.PERSON
            u.full_name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(("", *GIVEN))
            u.id_number = resident_id_with_check(f"230103{birth:%Y%m%d}{i % 1000:03d}")
        else:
            u.kind = User.Kind.LEGAL_PERSON
            u.full_name = rng.choice(CITIES) + rng.choice(SURNAMES) + "氏" + rng.choice(COMPANIES)
            u.uscc = make_uscc("91", "230100", f"MA{i:06d}")
        u.phone = f"138{rng.randrange(10**8):08d}"
        users.append(u)
    User.objects.bulk_create(users, batch_size=1000)
    return users


# ---- the process replay ------------------------------------------------------------------------------------
def _path(final: str, rng: random.Random) -> tuple[list[str], str]:
    """The transitions (after "open") that lead to ``final``, and the handler's opinion. 1–7 transitions:
    2–8 events with the opening one."""
    def correction() -> list[str]:
        return ["request_correction", "resubmit"] if rng.random() < 0.2 else []

    def accept() -> str:
        return "deemed_accept" if rng.random() < 0.03 else "accept"

    opinion = "deny" if final == "denied" else ("grant" if final in ("granted", "certified") else
                                               rng.choice(("grant", "grant", "grant", "deny")))
    if final == "submitted":
        path = ["request_correction", "resubmit"] * (2 if rng.random() < 0.15 else 1)
    elif final == "correction_requested":
        path = ["request_correction", "resubmit", "request_correction"] if rng.random() < 0.15 else [
            "request_correction"]
    elif final == "refused":
        path = [*correction(), "refuse_intake"]
    elif final == "under_review":
        path = [*correction(), accept(), *(["suspend", "resume"] if rng.random() < 0.1 else []),
                *(["propose", "head_return"] if rng.random() < 0.1 else [])]
    elif final == "suspended":
        path = [*correction(), accept(), "suspend"]
    elif final == "pending_head":
        path = [*correction(), accept(), *(["propose", "head_return"] if rng.random() < 0.15 else []), "propose"]
    elif final == "withdrawn":
        path = [*correction(), *rng.choice(([], [accept()], [accept(), "propose"])), "withdraw"]
    else:  # pending_director, granted, certified, denied
        path = [*correction(), accept(), "propose", "head_approve"]
        tail = {"pending_director": [], "granted": ["grant"], "certified": ["grant", "issue_certificate"],
                "denied": ["deny"]}[final]
        if final == "pending_director" and len(path) <= 4 and rng.random() < 0.1:
            path += ["director_return", "propose", "head_approve"]
        if len(path) + len(tail) < 7 and rng.random() < 0.05:
            path.append("extend")
        path += tail
    assert len(path) <= 7, path
    return path, opinion


def _gap(name: str, rng: random.Random) -> int:
    if name == "resubmit":
        return rng.randint(2, 15)
    if name == "resume":
        return rng.randint(5, 25)
    if name == "deemed_accept":
        return 8
    return rng.randint(1, 5)


class _Ids:
    """Explicit primary keys, continuing after the rows already in the database."""

    def __init__(self, models):
        self.next = {m: (m.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for m in models}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class _Counters:
    """Gapless per-year serials (case numbers, document numbers), written back to DocumentNumberCounter."""

    def __init__(self, agency: Agency, key: str):
        self.agency, self.key = agency, key
        self.last = dict(DocumentNumberCounter.objects.filter(agency=agency, number_code=key)
                         .values_list("year", "last"))
        self.touched: set[int] = set()

    def take(self, year: int) -> int:
        value = self.last.get(year, 0) + 1
        self.last[year] = value
        self.touched.add(year)
        return value

    def save(self) -> None:
        for year in self.touched:
            DocumentNumberCounter.objects.update_or_create(
                agency=self.agency, number_code=self.key, year=year, defaults={"last": self.last[year]})


@dataclass
class _Batch:
    cases: list = field(default_factory=list)
    apps: list = field(default_factory=list)
    clocks: list = field(default_factory=list)
    pauses: list = field(default_factory=list)
    extensions: list = field(default_factory=list)
    events: list = field(default_factory=list)
    documents: list = field(default_factory=list)

    def write(self) -> None:
        with transaction.atomic():
            for model, rows in ((Case, self.cases), (Application, self.apps), (Clock, self.clocks),
                                (ClockPause, self.pauses), (ClockExtension, self.extensions),
                                (CaseEvent, self.events), (CaseDocument, self.documents)):
                if rows:
                    model.objects.bulk_create(rows, batch_size=2000)


class _Replay:
    """One application replayed through the licensing definition: what case_open/case_fire would write."""

    def __init__(self, seeder: _Seeder, final: str):
        self.s = seeder
        self.rng = seeder.rng
        self.final = final
        self.clocks: dict[str, list[Clock]] = {}
        self.pauses: dict[int, list[ClockPause]] = {}

    # clocks (mirrors fazhi.process.services._apply_effect)
    def _recompute(self, clk: Clock) -> None:
        exclusions = tuple(Exclusion(after=p.paused_on, until=p.resumed_on, reason=f"中止：{p.reason}")
                           for p in self.pauses.get(clk.pk, ()))
        clk.due, clk.provisional = self.s.deadline(clk.started_on, clk.budget + clk.extension_days, clk.unit,
                                                   exclusions)

    def _effect(self, case: Case, effect, day: dt.date, data: dict, comment: str, actor, extra: dict) -> None:
        spec = self.s.definition.clock(effect.clock)
        rounds = self.clocks.setdefault(effect.clock, [])
        current = rounds[-1] if rounds else None
        if effect.op in ("start", "restart"):
            starts_from = effect.starts_from or spec.starts_from
            start = day if starts_from == "today" else getattr(case, starts_from)
            if current is not None and current.state != Clock.State.STOPPED:
                current.state, current.stopped_on = Clock.State.STOPPED, day
            clk = Clock(id=self.s.ids.take(Clock), case=case, name=spec.name, label=zh(spec.label), budget=spec.budget,
                        unit=spec.unit, legal_basis=spec.legal_basis, started_on=start, state=Clock.State.RUNNING,
                        extension_days=0, round=(current.round + 1) if current else 1)
            self._recompute(clk)
            rounds.append(clk)
            self.s.batch.clocks.append(clk)
            return
        if current is None:
            return
        if effect.op == "pause":
            pause = ClockPause(id=self.s.ids.take(ClockPause), clock=current, paused_on=day,
                               reason=str(data.get("pause_reason") or comment or "中止"))
            self.pauses.setdefault(current.pk, []).append(pause)
            self.s.batch.pauses.append(pause)
            current.state = Clock.State.PAUSED
            self._recompute(current)
        elif effect.op == "resume":
            self.pauses[current.pk][-1].resumed_on = day
            current.state = Clock.State.RUNNING
            self._recompute(current)
        elif effect.op == "extend":
            days = effect.days or spec.max_extension
            self.s.batch.extensions.append(ClockExtension(
                id=self.s.ids.take(ClockExtension), clock=current, days=days, reason=comment, approver=actor,
                decided_on=day, legal_basis=spec.extension_basis))
            current.extension_days += days
            self._recompute(current)
            extra["new_due"] = current.due.isoformat() if current.due else None
        elif effect.op == "stop" and current.state != Clock.State.STOPPED:
            if current.state == Clock.State.PAUSED:
                self.pauses[current.pk][-1].resumed_on = day
                self._recompute(current)
            current.state, current.stopped_on = Clock.State.STOPPED, day

    def _next_due(self) -> dt.date | None:
        dues = [c.due for rounds in self.clocks.values() for c in rounds
                if c.state == Clock.State.RUNNING and c.due is not None]
        return min(dues) if dues else None

    # events (mirrors fazhi.process.services._append_event)
    def _event(self, case: Case, *, name: str, label: str, from_state: str, actor, day: dt.date,
               comment: str, data: dict) -> CaseEvent:
        at = dt.datetime.combine(day, dt.time(self.rng.randint(8, 16), self.rng.randrange(60),
                                              self.rng.randrange(60)), SHANGHAI).astimezone(dt.UTC)
        event = CaseEvent(
            id=self.s.ids.take(CaseEvent), case=case, seq=case.event_count + 1, at=at, on=day,
            actor=actor, actor_label=str(actor) if actor else SYSTEM_LABEL, transition=name, label=label,
            from_state=from_state, to_state=case.state, comment=comment, data=data, public=True,
            prev_hash=case.last_event_hash,
        )
        event.hash = event.compute_hash()
        case.event_count, case.last_event_hash = event.seq, event.hash
        self.s.batch.events.append(event)
        return event

    def run(self, end_day: dt.date) -> Case:
        s, rng = self.s, self.rng
        path, opinion = _path(self.final, rng)
        gaps = [_gap(name, rng) for name in path]
        received = end_day - dt.timedelta(days=sum(gaps))
        item = rng.choice(s.items)
        channel = rng.choices(("online", "counter", "post"), weights=(60, 30, 10))[0]
        applicant = rng.choice(s.public) if channel == "online" else None
        party = s.party(applicant)
        serial = s.case_numbers.take(received.year)
        number = case_number(agency=s.agency, year=received.year, serial=serial)
        fields = {f["name"]: s.field_value(f, received) for f in item.form_fields}
        case = Case(
            id=s.ids.take(Case), kind="licensing", number=number, agency=s.agency, applicant=applicant,
            party_kind=party["kind"], party_name=party["name"], party_id_number=party["id_number"],
            party_phone=party["phone"], party_address=party["address"], channel=channel, received_on=received,
            submitted_on=received, state=s.definition.initial, data={"item": item.code, "fields": fields},
            verification_hash=verification_hash(number, f"B{serial:07d}"),
            created_by=applicant or s.staff["clerk"], event_count=0, last_event_hash="",
        )
        app = Application(id=s.ids.take(Application), case=case, item=item)
        for effect in s.definition.start_effects:
            self._effect(case, effect, received, {}, "", None, {})
        case.next_due = self._next_due()
        self._event(case, name="open", label="提交申请" if applicant else "登记收件", from_state="",
                    actor=applicant or s.staff["clerk"], day=received, comment="",
                    data={"channel": channel, "received_on": received.isoformat()})
        day = received
        for name, gap in zip(path, gaps, strict=True):
            day += dt.timedelta(days=gap)
            self._fire(case, app, name, day, opinion, applicant)
        s.batch.cases.append(case)
        s.batch.apps.append(app)
        return case

    def _fire(self, case: Case, app: Application, name: str, day: dt.date, opinion: str, applicant) -> None:
        s, rng = self.s, self.rng
        t = s.definition.transition(name)
        who = ACTOR[name]
        actor = None if who == "system" else (s.staff[who] if who else (applicant or s.staff["clerk"]))
        comment = COMMENTS.get(name, "").format(opinion="拟准予许可" if opinion == "grant" else "拟不予许可")
        data: dict = {}
        extra: dict = {}
        if name == "request_correction":
            data["missing_materials"] = rng.sample(["申请书（签字页）", "身份证明复印件", "档案目录电子版", "所有权证明"],
                                                   rng.randint(1, 3))
        elif name in ("refuse_intake", "deny"):
            data = {"reasons": "申请事项不符合法定条件。", "legal_basis": "《中华人民共和国档案法》第二十五条"}
        elif name == "propose":
            data["opinion"] = opinion
        elif name == "suspend":
            data["pause_reason"] = rng.choice(("专家评审", "鉴定", "检测", "听证"))
        elif name == "grant":
            data["licence_scope"] = "准予按申请内容办理，有效期一年。"
        elif name == "issue_certificate":
            data["certificate_number"] = f"黑档许证〔{day.year}〕{case.pk}号"
        # hooks (fazhi.licensing.process)
        if name == "accept":
            case.accepted_on = day
        elif name == "deemed_accept":
            case.accepted_on = case.submitted_on
            extra = {"deemed": True, "accepted_on": case.submitted_on.isoformat()}
        elif name == "resubmit":
            case.submitted_on = day
        elif name == "propose":
            case.data = {**case.data, "handler_opinion": opinion}
        elif name in ("grant", "deny"):
            app.decision = name
            if name == "grant":
                app.licence_scope = data["licence_scope"]
            case.decided_on = case.published_on = day
            case.outcome = {"grant": "granted", "deny": "denied"}[name]
        elif name == "refuse_intake":
            case.outcome = "refused"
        elif name == "withdraw":
            case.outcome = "withdrawn"
        elif name == "issue_certificate":
            app.certificate_number = data["certificate_number"]
        from_state = case.state
        for effect in t.effects:
            self._effect(case, effect, day, data, comment, actor, extra)
        case.state = t.target or from_state
        if s.definition.state(case.state).terminal and case.closed_on is None:
            case.closed_on = day
        case.next_due = self._next_due()
        event = self._event(case, name=name, label=zh(t.label), from_state=from_state, actor=actor, day=day,
                            comment=comment, data={**data, **extra})
        if t.document:
            serial = s.doc_numbers.take(day.year)
            doc_number = format_document_number(agency_short=s.agency.short_name,
                                                number_code=s.definition.number_code, year=day.year, serial=serial)
            s.batch.documents.append(CaseDocument(
                id=s.ids.take(CaseDocument), case=case, kind=t.document, title=NOTICE_TITLES[t.document],
                number=doc_number, issued_on=day, file=f"documents/{day.year}/{case.number}-{t.document}-{serial}.docx",
                sha256=hashlib.sha256(doc_number.encode()).hexdigest(), size=rng.randint(20_000, 60_000),
                event=event,
            ))


class _Seeder:
    def __init__(self, *, agency_code: str, rng: random.Random, today: dt.date, open_fraction: float):
        self.rng = rng
        self.today = today
        self.open_fraction = open_fraction
        self.definition = get_definition("licensing")
        self.agency = _agency(agency_code)
        self.staff = _staff(self.agency)
        self.items = _items(self.agency)
        self.public = _public_accounts(self.agency, rng, persons=300, companies=100)
        self.ids = _Ids([Case, Application, Clock, ClockPause, ClockExtension, CaseEvent, CaseDocument])
        self.case_numbers = _Counters(self.agency, CASE_NUMBER_KEY)
        self.doc_numbers = _Counters(self.agency, self.definition.number_code)
        self.batch = _Batch()
        self.deadline = functools.lru_cache(maxsize=None)(self._deadline)

    @staticmethod
    def _deadline(start, days, unit, exclusions):
        d = compute_deadline(start, days, unit, exclusions)
        return d.due, d.provisional

    def party(self, applicant: User | None) -> dict:
        rng = self.rng
        if applicant is not None:
            person = applicant.kind == User.Kind.PERSON
            return {"kind": "person" if person else "legal_person", "name": applicant.full_name,
                    "id_number": applicant.id_number if person else applicant.uscc, "phone": applicant.phone,
                    "address": ""}
        if rng.random() < 0.7:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
            return {"kind": "person", "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "id_number": resident_id_with_check(f"230102{birth:%Y%m%d}{rng.randrange(1000):03d}"),
                    "phone": f"139{rng.randrange(10**8):08d}", "address": f"{rng.choice(CITIES)}市某区某路{rng.randint(1, 300)}号"}
        return {"kind": "legal_person", "name": rng.choice(CITIES) + rng.choice(SURNAMES) + "记" + rng.choice(COMPANIES),
                "id_number": make_uscc("91", "230100", f"MB{rng.randrange(10**6):06d}"),
                "phone": f"0451-{rng.randrange(10**7):07d}", "address": f"{rng.choice(CITIES)}市某区某街{rng.randint(1, 300)}号"}

    def field_value(self, f: dict, received: dt.date):
        kind = f.get("kind", "text")
        if kind == "date":
            return (received + dt.timedelta(days=60)).isoformat()
        if kind == "int":
            return self.rng.randint(1, 50_000)
        return "示例内容：" + self.rng.choice(("民国时期账簿复制件", "抗战时期报刊档案", "家族谱牒手稿", "老照片底片"))

    def final_state(self) -> str:
        weights = OPEN_WEIGHTS if self.rng.random() < self.open_fraction else CLOSED_WEIGHTS
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def end_day(self, final: str) -> dt.date:
        if final in OPEN_WEIGHTS:
            # The last act a few days ago: running clocks fall due around today, some already overdue.
            return self.today - dt.timedelta(days=self.rng.randint(0, 20))
        return self.today - dt.timedelta(days=self.rng.randint(1, 3 * 365))


def seed(n: int, *, batch_size: int = 5000, agency_code: str = "bench", rng_seed: int = 2026,
         today: dt.date | None = None, open_fraction: float = 0.10, progress: bool = True) -> SeedResult:
    """Seed ``n`` licensing applications for one agency (created if missing). Returns what the benchmark
    needs: the agency, its staff and the case ids."""
    from tqdm import tqdm

    started = time.perf_counter()
    rng = random.Random(rng_seed)
    s = _Seeder(agency_code=agency_code, rng=rng, today=today or sysclock.today(), open_fraction=open_fraction)
    case_ids: list[int] = []
    states: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    open_cases = overdue = 0
    with tqdm(total=n, unit="app", desc="seeding", disable=not progress, mininterval=0.5) as bar:
        done = 0
        while done < n:
            size = min(batch_size, n - done)
            for _ in range(size):
                final = s.final_state()
                case = _Replay(s, final).run(s.end_day(final))
                case_ids.append(case.pk)
                states[case.state] += 1
                if case.closed_on is None:
                    open_cases += 1
                    overdue += case.next_due is not None and case.next_due < s.today
            for name in ("cases", "apps", "clocks", "pauses", "extensions", "events", "documents"):
                rows[name] += len(getattr(s.batch, name))
            s.batch.write()
            s.batch = _Batch()
            done += size
            bar.update(size)
    with transaction.atomic():
        s.case_numbers.save()
        s.doc_numbers.save()
    _reset_sequences()
    return SeedResult(agency_id=s.agency.pk, staff={k: u.pk for k, u in s.staff.items()}, case_ids=case_ids,
                      applications=n, seconds=time.perf_counter() - started, rows=dict(rows), states=dict(states),
                      open_cases=open_cases, overdue=overdue)


def _reset_sequences() -> None:
    """Explicit primary keys leave PostgreSQL's sequences behind; SQLite needs nothing."""
    models = [User, Case, Application, Clock, ClockPause, ClockExtension, CaseEvent, CaseDocument]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze() -> None:
    """Refresh the planner statistics after a bulk load (what autovacuum / PRAGMA optimize would do)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
