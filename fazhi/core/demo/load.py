"""The demo scenario: the provincial archives bureau, two city bureaus and a county bureau; the staff and
public accounts; the three licensing items of the seed letter; and cases, including the two 2017
applications the letter reports (both online). Idempotent: running it again changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import secrets

from django.conf import settings
from django.db import transaction

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import audit_record

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_with_check(first17: str) -> str:
    """Complete a 17-character body with its GB 32100-2015 check character."""
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_with_check(first8: str) -> str:
    """GB 11714-1997 organization code: 8 characters and a check character."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in first8]
    check = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return first8 + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(authority_kind: str, region: str, org8: str) -> str:
    return uscc_with_check(authority_kind + region + org_code_with_check(org8))


def resident_id_with_check(first17: str) -> str:
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17))
    return first17 + "10X98765432"[total % 11]


AGENCIES = [
    # code, name, short name, level, parent, region, org code body, address, phone
    ("hlj", "黑龙江省档案局", "黑档", "province", None, "230000", "00000001", "哈尔滨市南岗区档案路1号", "0451-80000000"),
    ("harbin", "哈尔滨市档案局", "哈档", "city", "hlj", "230100", "00000002", "哈尔滨市道里区档案街2号", "0451-80000001"),
    ("qiqihar", "齐齐哈尔市档案局", "齐档", "city", "hlj", "230200", "00000003", "齐齐哈尔市龙沙区档案街3号", "0452-80000002"),
    ("binxian", "宾县档案局", "宾档", "county", "harbin", "230125", "00000004", "宾县宾州镇档案路4号", "0451-80000003"),
]

STAFF = [
    ("clerk", "王晓窗", [Role.INTAKE_CLERK], "hlj"),
    ("handler", "李承办", [Role.CASE_HANDLER], "hlj"),
    ("head", "张科长", [Role.SECTION_HEAD], "hlj"),
    ("deputy", "赵分管", [Role.DEPUTY_DIRECTOR], "hlj"),
    ("director", "刘局长", [Role.DIRECTOR], "hlj"),
    ("legal", "陈法制", [Role.LEGAL_REVIEWER], "hlj"),
    ("officer1", "周执法", [Role.ENFORCEMENT_OFFICER], "hlj"),
    ("officer2", "吴执法", [Role.ENFORCEMENT_OFFICER], "hlj"),
    ("sysadmin", "郑系统", [Role.SYSTEM_ADMIN], "hlj"),
    ("secadmin", "孙安全", [Role.SECURITY_ADMIN], "hlj"),
    ("auditor", "钱审计", [Role.AUDIT_ADMIN], "hlj"),
    ("city_clerk", "冯市窗", [Role.INTAKE_CLERK], "harbin"),
]

CITIZEN_ID = resident_id_with_check("23010319850612003")
COMPANY_USCC = make_uscc("91", "230100", "MA1B2C3D")

ITEMS = [
    {
        "code": "dag-xk-001",
        "name": "赠送、交换、出卖档案的复制件审批",
        "legal_basis": "《中华人民共和国档案法》（2020年修订）第二十二条、第二十三条；"
                       "《中华人民共和国档案法实施条例》（国务院令第772号）",
        "conditions": "1. 申请人为档案的所有者或者依法取得处分权的单位、个人；\n"
                      "2. 拟赠送、交换、出卖的档案复制件不涉及国家秘密、商业秘密和个人隐私，不损害国家和社会利益；\n"
                      "3. 受让方不是外国人或者外国组织。",
        "form_fields": [
            {"name": "archives", "label": "档案名称及数量", "kind": "textarea", "required": True},
            {"name": "manner", "label": "处分方式（赠送、交换或出卖）", "kind": "text", "required": True},
            {"name": "counterparty", "label": "受让方名称", "kind": "text", "required": True},
            {"name": "purpose", "label": "用途说明", "kind": "textarea", "required": False},
        ],
        "materials": [
            ("application", "申请书", True, "original"),
            ("catalogue", "档案复制件目录", True, "original"),
            ("identity", "申请人身份证明或营业执照", True, "copy"),
            ("agreement", "与受让方的协议或意向书", False, "copy"),
        ],
    },
    {
        "code": "dag-xk-002",
        "name": "携带、运输或者邮寄档案出境审批",
        "legal_basis": "《中华人民共和国档案法》（2020年修订）第二十五条；"
                       "《中华人民共和国档案法实施条例》（国务院令第772号）",
        "conditions": "1. 出境的档案及其复制件不涉及国家秘密，不属于禁止出境的档案；\n"
                      "2. 出境确有必要（展览、研究、交流等），并有妥善的保管和归还安排。",
        "form_fields": [
            {"name": "archives", "label": "档案名称、数量及起止年代", "kind": "textarea", "required": True},
            {"name": "manner", "label": "出境方式（携带、运输或邮寄）", "kind": "text", "required": True},
            {"name": "destination", "label": "出境目的地", "kind": "text", "required": True},
            {"name": "exit_date", "label": "拟出境日期", "kind": "date", "required": True},
            {"name": "purpose", "label": "出境事由", "kind": "textarea", "required": True},
        ],
        "materials": [
            ("application", "申请书", True, "original"),
            ("catalogue", "出境档案目录", True, "original"),
            ("identity", "申请人身份证明或营业执照", True, "copy"),
            ("invitation", "境外邀请函或合作协议", False, "copy"),
        ],
    },
    {
        "code": "dag-xk-003",
        "name": "权限内出卖、转让不属于国家所有的档案审批",
        "legal_basis": "《中华人民共和国档案法》（2020年修订）第二十二条；"
                       "《中华人民共和国档案法实施条例》（国务院令第772号）",
        "conditions": "1. 档案属于申请人所有（集体或个人所有）；\n"
                      "2. 受让方不是外国人或者外国组织；\n"
                      "3. 国家档案馆依法享有优先收购权，已征询或放弃。",
        "form_fields": [
            {"name": "archives", "label": "档案名称及数量", "kind": "textarea", "required": True},
            {"name": "counterparty", "label": "受让方名称", "kind": "text", "required": True},
            {"name": "price", "label": "交易价格（元）", "kind": "int", "required": False},
        ],
        "materials": [
            ("application", "申请书", True, "original"),
            ("ownership", "档案所有权证明", True, "copy"),
            ("identity", "申请人身份证明或营业执照", True, "copy"),
        ],
    },
]


def _password() -> tuple[str, bool]:
    env = os.environ.get("FAZHI_DEMO_PASSWORD")
    if env:
        return env, True
    path = settings.DATA_DIR / "demo-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip(), False


def _agencies() -> dict[str, Agency]:
    out: dict[str, Agency] = {}
    for code, name, short, level, parent, region, org8, address, phone in AGENCIES:
        agency = Agency.objects.filter(code=code).first() or Agency(code=code)
        agency.name, agency.short_name, agency.level = name, short, level
        agency.parent = out.get(parent) if parent else None
        agency.uscc = make_uscc("11", region, org8)
        agency.address, agency.phone = address, phone
        agency.full_clean()
        agency.save()
        out[code] = agency
    return out


def _user(username: str, password: str, **fields) -> User:
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    for k, v in fields.items():
        setattr(user, k, v)
    if created or not user.check_password(password):
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _items(agency: Agency):
    from fazhi.licensing.models import Item, Material

    items = []
    for order, spec in enumerate(ITEMS):
        item = Item.objects.filter(code=spec["code"]).first() or Item(code=spec["code"])
        item.agency = agency
        item.name = spec["name"]
        item.legal_basis = spec["legal_basis"]
        item.conditions = spec["conditions"]
        item.fee = "不收费"
        item.channels = "网上办理：登录本平台在线申请（全程网办）；\n窗口办理：到办理地点窗口递交纸质材料；\n邮寄办理：将材料邮寄至办理地点。"
        item.contact = agency.phone
        item.address = agency.address + " 政务服务窗口"
        item.office_hours = "工作日 8:30—11:30，13:30—17:00"
        item.result = "准予行政许可决定书或不予行政许可决定书"
        item.form_fields = spec["form_fields"]
        item.order = order
        item.full_clean()
        item.save()
        for m_order, (code, name, required, form) in enumerate(spec["materials"]):
            Material.objects.update_or_create(
                item=item, code=code, defaults={"name": name, "required": required, "form": form, "order": m_order}
            )
        items.append(item)
    return items


def _pdf(text: str) -> bytes:
    body = f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return body.encode("latin-1", errors="replace")


def _cases(items, users) -> None:
    """Cases are only created on the first load (a marker case per scenario keeps it idempotent)."""
    from fazhi.licensing.services import Upload, application_submit
    from fazhi.process.models import Case
    from fazhi.process.services import case_fire

    if Case.objects.filter(kind="licensing", data__demo=True).exists():
        return

    def uploads(item):
        return [Upload(m.code, f"{m.code}.pdf", _pdf(m.name)) for m in item.materials.all() if m.required]

    def submit(item, actor, fields, day):
        with sysclock.frozen_today(day):
            case, _code = application_submit(item=item, actor=actor, fields=fields, uploads=uploads(item),
                                              channel="online")
        case.data = {**case.data, "demo": True}
        case.save(update_fields=["data"])
        return case

    def fire(case, name, actor, day, comment="", **data):
        return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data, today=day)

    citizen, company = users["citizen"], users["company"]
    clerk, handler, head, director = users["clerk"], users["handler"], users["head"], users["director"]
    # The two licences of 2017 the seed letter reports, both handled online (网上审批率100%).
    for i, (item, who, day) in enumerate([(items[1], company, dt.date(2017, 4, 10)),
                                          (items[0], citizen, dt.date(2017, 9, 4))]):
        fields = {f["name"]: ("2017-10-01" if f["kind"] == "date" else (3 if f["kind"] == "int" else "示例内容"))
                  for f in item.form_fields}
        case = submit(item, who, fields, day)
        d = day + dt.timedelta(days=1)
        fire(case, "accept", clerk, d)
        fire(case, "propose", handler, d + dt.timedelta(days=5), "材料齐全，符合法定条件，拟准予许可。", opinion="grant")
        fire(case, "head_approve", head, d + dt.timedelta(days=6))
        fire(case, "grant", director, d + dt.timedelta(days=7), licence_scope=f"准予按申请内容办理（第{i + 1}件）。")
        fire(case, "issue_certificate", handler, d + dt.timedelta(days=9), certificate_number=f"黑档许证〔2017〕{i + 1}号")

    today = sysclock.today()
    # Open cases for the inbox: one waiting for intake, one under review, one waiting for the director.
    fields0 = {"archives": "民国时期商号账簿复制件12册", "manner": "交换", "counterparty": "某市档案馆",
               "purpose": "学术研究交流"}
    submit(items[0], citizen, fields0, today)
    fields1 = {"archives": "抗战时期报刊档案复制件5件（1937—1945）", "manner": "携带", "destination": "新加坡",
               "exit_date": (today + dt.timedelta(days=60)).isoformat(), "purpose": "参加学术展览"}
    c1 = submit(items[1], company, fields1, today - dt.timedelta(days=6))
    fire(c1, "accept", clerk, today - dt.timedelta(days=5))
    fields2 = {"archives": "家族谱牒手稿3册", "counterparty": "某民俗博物馆", "price": "20000"}
    c2 = submit(items[2], citizen, fields2, today - dt.timedelta(days=12))
    fire(c2, "accept", clerk, today - dt.timedelta(days=11))
    fire(c2, "propose", handler, today - dt.timedelta(days=4), "所有权证明齐全，拟准予许可。", opinion="grant")
    fire(c2, "head_approve", head, today - dt.timedelta(days=3))


@transaction.atomic
def demo_load() -> dict:
    password, from_env = _password()
    agencies = _agencies()
    users: dict[str, User] = {}
    for username, name, roles, agency in STAFF:
        users[username] = _user(username, password, kind=User.Kind.STAFF, full_name=name,
                                roles=[str(r) for r in roles], agency=agencies[agency], is_active=True)
    users["citizen"] = _user("citizen", password, kind=User.Kind.PERSON, full_name="林小民", id_number=CITIZEN_ID,
                             phone="13800000001", roles=[], agency=None)
    users["company"] = _user("company", password, kind=User.Kind.LEGAL_PERSON, full_name="黑龙江示例文化传播有限公司",
                             uscc=COMPANY_USCC, phone="13800000002", roles=[], agency=None)
    items = _items(agencies["hlj"])
    _cases(items, users)
    from fazhi.inspection.demo import load_directory_demo, load_draw_demo, load_planned_demo

    load_directory_demo(agencies["hlj"], users)
    load_draw_demo(agencies["hlj"], users)
    load_planned_demo(agencies["hlj"], users)
    from fazhi.enforcement.demo import load_penalty_demo

    load_penalty_demo(agencies["hlj"], users)
    from fazhi.norms.demo import load_norms_demo

    load_norms_demo(agencies["hlj"], users)
    from fazhi.decisions.demo import load_decisions_demo

    load_decisions_demo(agencies["hlj"], users)
    from fazhi.powers.demo import load_powers_demo

    load_powers_demo(agencies["hlj"], users)
    from fazhi.complaints.demo import load_complaints_demo

    load_complaints_demo(agencies["hlj"], users)
    from fazhi.reconsideration.demo import load_reconsideration_demo

    load_reconsideration_demo(agencies["hlj"], users)
    from fazhi.petitions.demo import load_petitions_demo

    load_petitions_demo(agencies["hlj"], users)
    from fazhi.advisers.demo import load_advisers_demo

    load_advisers_demo(agencies["hlj"], users)
    from fazhi.disclosure.demo import load_disclosure_demo

    load_disclosure_demo(agencies["hlj"], users)
    from fazhi.assessment.demo import load_assessment_demo

    load_assessment_demo(agencies["hlj"], users)
    from fazhi.education.demo import load_education_demo

    load_education_demo(agencies["hlj"], users)
    from fazhi.openinfo.demo import load_openinfo_demo

    load_openinfo_demo(agencies["hlj"], users)
    from fazhi.archives.demo import load_archives_demo

    load_archives_demo(agencies["hlj"], users)
    from fazhi.reports.demo import load_reports_demo

    load_reports_demo(agencies["hlj"], users)  # last: the report counts every other demo's records
    audit_record(actor=None, action="demo.load")
    accounts = [(u, f"{n}（{'、'.join(str(Role(r).label) for r in roles)}，{agencies[a].name}）")
                for u, n, roles, a in STAFF]
    accounts += [("citizen", "林小民（自然人）"), ("company", "黑龙江示例文化传播有限公司（法人）")]
    return {"password": password, "password_from_env": from_env, "accounts": accounts}
