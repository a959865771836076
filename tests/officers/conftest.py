"""Officers of the test world, with certificates in every state on "today" (2026-11-02)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from fazhi.inspection.models import Officer
from tests import factories as f

BACKEND = "django.contrib.auth.backends.ModelBackend"
AUTHORITY = "黑龙江省人民政府"


def officer(agency, number: str, name: str, *, start=dt.date(2024, 1, 1), end=dt.date(2028, 12, 31),
            status: str = "valid", department: str = "监督指导处") -> Officer:
    return Officer.objects.create(agency=agency, name=name, certificate_number=number, issuing_authority=AUTHORITY,
                                  valid_from=start, valid_until=end, status=status, department=department)


def logged(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


@pytest.fixture
def ow(world, today):
    """world + officers: two valid, expired, not yet valid, suspended, revoked, and one of another agency."""
    world.users["other_legal"] = f.staff("other_legal", world.other, "legal_reviewer")
    a = world.agency
    world.o = SimpleNamespace(
        valid=officer(a, "黑档执-0001", "王执法"),
        valid2=officer(a, "黑档执-0002", "李执法"),
        expired=officer(a, "黑档执-0003", "张三", start=dt.date(2021, 5, 2), end=dt.date(2026, 5, 1)),
        future=officer(a, "黑档执-0004", "赵未来", start=dt.date(2027, 1, 1), end=dt.date(2031, 12, 31)),
        suspended=officer(a, "黑档执-0005", "卫暂扣", status="suspended"),
        revoked=officer(a, "黑档执-0006", "孙吊销", status="revoked"),
        foreign=officer(world.other, "吉档执-0001", "吉执法"),
    )
    world.today = today
    return world
