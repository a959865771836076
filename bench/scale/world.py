"""The bench province's world, written through the ORM before the bulk phases (small: 134 agencies, their staff,
items and officers, the public accounts): 黑龙江省档案局, 13 city bureaus, 120 county bureaus.

``ensure_world`` is idempotent (a resumed run finds what the first one made) and returns a ``World``: plain data
(ids, names, codes) that the row generators use without touching the database, so they can run in a forked
process."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from bench.scale import names
from fazhi.core.demo.load import ITEMS, make_uscc, resident_id_with_check
from fazhi.core.models import Agency, Role, User
from fazhi.inspection.models import InspectionItem, Officer
from fazhi.licensing.models import Item, Material

CODE_PREFIX = "hl-"  # agency codes: hl-230000 (province), hl-230100 (city), hl-230102 (county)
PUBLIC_PREFIX = "hlpub"
# key -> (username suffix, roles)
STAFF = {
    "clerk": ("clerk", [Role.INTAKE_CLERK]),
    "handler": ("handler", [Role.CASE_HANDLER]),
    "head": ("head", [Role.SECTION_HEAD]),
    "deputy": ("deputy", [Role.DEPUTY_DIRECTOR]),
    "director": ("director", [Role.DIRECTOR]),
    "legal": ("legal", [Role.LEGAL_REVIEWER]),
    "officer1": ("officer1", [Role.ENFORCEMENT_OFFICER]),
    "officer2": ("officer2", [Role.ENFORCEMENT_OFFICER]),
}
ROLE_USER = {  # which staff member acts for a role in the generated events
    Role.INTAKE_CLERK.value: "clerk", Role.CASE_HANDLER.value: "handler", Role.SECTION_HEAD.value: "head",
    Role.DEPUTY_DIRECTOR.value: "deputy", Role.DIRECTOR.value: "director", Role.LEGAL_REVIEWER.value: "legal",
    Role.ENFORCEMENT_OFFICER.value: "officer1",
}
OFFICERS_PER_AGENCY = 4  # the first two hold the accounts officer1 / officer2
INSPECTION_ITEMS = (
    ("档案工作规范化管理情况检查", "key"), ("档案安全管理情况检查", "key"), ("档案数字化外包服务安全管理检查", "general"),
)


@dataclass
class AgencyInfo:
    id: int
    code: str
    name: str
    short: str
    level: str
    region: str
    weight: float
    staff: dict[str, int] = field(default_factory=dict)  # key -> user id
    staff_names: dict[str, str] = field(default_factory=dict)
    staff_names_by_id: dict[int, str] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)
    items: list[tuple[int, str, list]] = field(default_factory=list)  # (id, code, form_fields)
    officers: list[tuple[str, int | None]] = field(default_factory=list)  # (certificate, user id)
    inspection_items: list[int] = field(default_factory=list)


@dataclass
class World:
    agencies: list[AgencyInfo]
    public: list[tuple[int, str, str, str, str]]  # (user id, kind, name, id number or USCC, phone)

    @property
    def province(self) -> AgencyInfo:
        return self.agencies[0]


def agency_specs() -> list[dict]:
    """The 134 agencies in tree order: (code, name, short name, level, parent code, region, weight)."""
    province, region, short = names.PROVINCE
    out = [{"code": f"{CODE_PREFIX}{region}", "name": f"{province}档案局", "short": f"{short}档", "level": "province",
            "parent": None, "region": region, "weight": 30.0}]
    for city, cregion, cshort, counties in names.CITIES:
        out.append({"code": f"{CODE_PREFIX}{cregion}", "name": f"{city}档案局", "short": f"{cshort}档", "level": "city",
                    "parent": out[0]["code"], "region": cregion, "weight": 16.0 if cregion == "230100" else 8.0})
        for n, county in enumerate(counties, start=2):
            stem = county
            for suffix in ("蒙古族自治县", "达斡尔族区", "区", "县", "市"):
                if stem.endswith(suffix) and len(stem) > len(suffix):
                    stem = stem[: -len(suffix)]
                    break
            rcode = f"{cregion[:4]}{n:02d}"
            out.append({"code": f"{CODE_PREFIX}{rcode}", "name": f"{city.removesuffix('地区')}{county}档案局"
                        if county.endswith("区") else f"{county}档案局",
                        "short": f"{cshort}{stem}档", "level": "county", "parent": f"{CODE_PREFIX}{cregion}",
                        "region": rcode, "weight": 1.2})
    assert len(out) == 134 and len({a["short"] for a in out}) == 134
    return out


def _person_name(rng: random.Random) -> str:
    return rng.choice(names.SURNAMES) + rng.choice(names.GIVEN) + (rng.choice(names.GIVEN) if rng.random() < 0.6 else "")


def ensure_world(*, public_accounts: int, rng_seed: int = 2026) -> World:
    rng = random.Random(rng_seed)
    specs = agency_specs()
    with transaction.atomic():
        by_code = {a.code: a for a in Agency.objects.filter(code__in=[s["code"] for s in specs])}
        for i, s in enumerate(specs):
            if s["code"] in by_code:
                continue
            parent = by_code[s["parent"]] if s["parent"] else None
            by_code[s["code"]] = Agency.objects.create(
                code=s["code"], name=s["name"], short_name=s["short"], level=s["level"], parent=parent,
                uscc=make_uscc("11", s["region"], f"A{i + 1:07d}"),
                address=f"{s['name'].removesuffix('档案局')}{rng.choice(names.STREETS)}{rng.randint(1, 300)}号",
                phone=f"0451-{86000000 + i:08d}")
        infos = [AgencyInfo(id=by_code[s["code"]].pk, code=s["code"], name=s["name"], short=s["short"], level=s["level"],
                            region=s["region"], weight=s["weight"]) for s in specs]
        _staff(infos, rng)
        _items(infos)
        _officers(infos)
        public = _public(public_accounts, rng)
    return World(agencies=infos, public=public)


def _staff(infos: list[AgencyInfo], rng: random.Random) -> None:
    wanted = {f"{a.code}_{suffix}": (a, key, roles) for a in infos for key, (suffix, roles) in STAFF.items()}
    have = {u.username: u for u in User.objects.filter(username__in=list(wanted))}
    new = []
    for username, (a, _key, roles) in wanted.items():
        if username not in have:
            u = User(username=username, kind=User.Kind.STAFF, full_name=_person_name(rng), agency_id=a.id,
                     roles=[r.value for r in roles], password="!bench")  # unusable: the bench logs in with force_login
            new.append(u)
    User.objects.bulk_create(new, batch_size=1000)
    have = {u.username: u for u in User.objects.filter(username__in=list(wanted))}
    for username, (a, key, _roles) in wanted.items():
        a.staff[key] = have[username].pk
        a.staff_names[key] = str(have[username])
        a.staff_names_by_id[have[username].pk] = str(have[username])
        a.usernames[key] = username


def _items(infos: list[AgencyInfo]) -> None:
    existing = {i.code: i for i in Item.objects.filter(agency_id__in=[a.id for a in infos])}
    for a in infos:
        for order, spec in enumerate(ITEMS):
            code = f"{a.code}-xk-{order + 1:03d}"
            item = existing.get(code)
            if item is None:
                item = Item.objects.create(
                    agency_id=a.id, code=code, name=spec["name"], legal_basis=spec["legal_basis"],
                    conditions=spec["conditions"], channels="网上办理；窗口办理；邮寄办理", contact=f"0451-{86100000 + a.id}",
                    address=f"{a.name}政务服务窗口", office_hours="工作日 8:30—11:30，13:30—17:00",
                    result="准予许可决定书", form_fields=spec["form_fields"], order=order)
                Material.objects.bulk_create([
                    Material(item=item, code=code_, name=name, required=required, form=form, order=i)
                    for i, (code_, name, required, form) in enumerate(spec["materials"])])
            a.items.append((item.pk, item.code, item.form_fields))
    have_ii = {i.code: i.pk for i in InspectionItem.objects.filter(agency_id__in=[a.id for a in infos])}
    for a in infos:
        for order, (name, category) in enumerate(INSPECTION_ITEMS):
            code = f"{a.code}-cc-{order + 1:02d}"
            if code not in have_ii:
                have_ii[code] = InspectionItem.objects.create(
                    agency_id=a.id, code=code, name=name, legal_basis="《中华人民共和国档案法》第四十二条",
                    subject="本行政区域内的机关、团体、企业事业单位和其他组织", method="现场检查",
                    category=category, ratio_cap=None if category == "key" else "0.2000", order=order).pk
            a.inspection_items.append(have_ii[code])


def _officers(infos: list[AgencyInfo]) -> None:
    have = {o.certificate_number: o for o in Officer.objects.filter(agency_id__in=[a.id for a in infos])}
    new = []
    for a in infos:
        for i in range(OFFICERS_PER_AGENCY):
            cert = f"{a.short}执-{i + 1:04d}"
            user_id = a.staff.get(f"officer{i + 1}")
            if cert not in have:
                new.append(Officer(agency_id=a.id, user_id=user_id, name=a.staff_names.get(f"officer{i + 1}")
                                   or f"执法人员{i + 1}", department="法规处", certificate_number=cert,
                                   issuing_authority="黑龙江省人民政府", valid_from=dt.date(2019, 1, 1),
                                   valid_until=dt.date(2031, 12, 31)))
            a.officers.append((cert, user_id))
    Officer.objects.bulk_create(new, batch_size=1000)


def _public(n: int, rng: random.Random) -> list[tuple[int, str, str, str, str]]:
    existing = list(User.objects.filter(username__startswith=PUBLIC_PREFIX).order_by("id")
                    .values_list("id", "kind", "full_name", "id_number", "uscc", "phone"))
    if len(existing) < n:
        next_id = (User.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        users = []
        for i in range(len(existing), n):
            u = User(id=next_id + i, username=f"{PUBLIC_PREFIX}{i:06d}", password="!bench", is_active=True, roles=[])
            if rng.random() < 0.75:
                birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
                u.kind = User.Kind.PERSON
                u.full_name = _person_name(rng)
                u.id_number = resident_id_with_check(f"2301{rng.randint(2, 99):02d}{birth:%Y%m%d}{i % 1000:03d}")
            else:
                u.kind = User.Kind.LEGAL_PERSON
                u.full_name = rng.choice(("哈尔滨", "齐齐哈尔", "牡丹江", "佳木斯", "大庆")) + rng.choice(
                    names.COMPANY_WORDS) + rng.choice(names.COMPANY_KINDS)
                u.uscc = make_uscc("91", "230100", f"P{i:07d}")
            u.phone = f"13{rng.randint(0, 9)}{rng.randrange(10**8):08d}"
            users.append(u)
        User.objects.bulk_create(users, batch_size=2000)
        existing = list(User.objects.filter(username__startswith=PUBLIC_PREFIX).order_by("id")
                        .values_list("id", "kind", "full_name", "id_number", "uscc", "phone"))
    return [(pk, kind, name, idn or uscc, phone) for pk, kind, name, idn, uscc, phone in existing[:n]]
