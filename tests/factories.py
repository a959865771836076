"""Factories for tests (no fixture files)."""

from __future__ import annotations

import itertools

from fazhi.core.demo.load import ITEMS, make_uscc, resident_id_with_check
from fazhi.core.models import Agency, User
from fazhi.licensing.models import Item, Material

PASSWORD = "Test-Passw0rd-法治"
_seq = itertools.count(1)


def agency(code: str | None = None, *, parent: Agency | None = None, short_name: str = "黑档", name: str | None = None) -> Agency:
    n = next(_seq)
    code = code or f"ag{n}"
    return Agency.objects.create(code=code, name=name or f"测试档案局{n}", short_name=short_name,
                                 level="city" if parent else "province", parent=parent,
                                 uscc=make_uscc("11", "230000", f"{n:08d}"), address="测试地址", phone="0451-1234567")


def staff(username: str, agency: Agency, *roles: str, password: str = PASSWORD) -> User:
    u = User(username=username, kind=User.Kind.STAFF, full_name=f"{username}姓名", agency=agency, roles=list(roles))
    u.set_password(password)
    u.full_clean()
    u.save()
    return u


def person(username: str = "citizen", password: str = PASSWORD, birth: str = "19850612") -> User:
    n = next(_seq)
    u = User(username=username, kind=User.Kind.PERSON, full_name="林小民",
             id_number=resident_id_with_check(f"230103{birth}{n % 1000:03d}"), phone="13800000001")
    u.set_password(password)
    u.full_clean()
    u.save()
    return u


def legal_person(username: str = "company", password: str = PASSWORD) -> User:
    n = next(_seq)
    u = User(username=username, kind=User.Kind.LEGAL_PERSON, full_name="示例文化有限公司",
             uscc=make_uscc("91", "230100", f"MA{n:06d}"))
    u.set_password(password)
    u.full_clean()
    u.save()
    return u


def item(agency: Agency, index: int = 1, code: str | None = None) -> Item:
    spec = ITEMS[index]
    it = Item.objects.create(agency=agency, code=code or f"{spec['code']}-{next(_seq)}", name=spec["name"],
                             legal_basis=spec["legal_basis"], conditions=spec["conditions"], channels="网上办理",
                             contact="0451-1234567", form_fields=spec["form_fields"])
    for order, (mcode, name, required, form) in enumerate(spec["materials"]):
        Material.objects.create(item=it, code=mcode, name=name, required=required, form=form, order=order)
    return it


def pdf_bytes(text: str = "test") -> bytes:
    return f"%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def valid_fields(it: Item) -> dict:
    out = {}
    for f in it.form_fields:
        out[f["name"]] = {"date": "2027-01-15", "int": "3"}.get(f["kind"], "示例内容")
    return out


# ---- the administrators' console (tests/sysadmin) -------------------------------------------------------------------
def audit_event_at(at, *, action: str = "test.old", actor: User | None = None, **fields):
    """An audit record written at ``at`` (an aware datetime): ``AuditEvent.at`` is set on insert, so the clock is moved
    for the insert instead of editing the row (the database refuses UPDATE of audit records)."""
    from unittest import mock

    from fazhi.core.models import AuditEvent

    with mock.patch("django.utils.timezone.now", return_value=at):
        return AuditEvent.objects.create(action=action, actor=actor, **fields)
