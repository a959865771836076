"""A legal-education world: the shared ``world`` on "today" (2026-11-02), officers of the home agency (one of them
is the ``officer1`` account), one of the other agency, its legal reviewer, and a helper for an event."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from fazhi.education import services
from fazhi.inspection.models import Officer
from tests import factories as f

BACKEND = "django.contrib.auth.backends.ModelBackend"


def logged(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


def officer(agency, number: str, name: str, user=None) -> Officer:
    return Officer.objects.create(agency=agency, name=name, certificate_number=number, user=user,
                                  issuing_authority="黑龙江省人民政府", valid_from=dt.date(2024, 1, 1),
                                  valid_until=dt.date(2028, 12, 31), department="监督指导处")


@pytest.fixture
def ew(world, today):
    world.users["other_legal"] = f.staff("other_legal", world.other, "legal_reviewer")
    a = world.agency
    world.o = SimpleNamespace(
        wang=officer(a, "黑档执-0001", "王执法"),
        li=officer(a, "黑档执-0002", "李执法"),
        zhou=officer(a, "黑档执-0003", "周执法", user=world.users["officer1"]),
        foreign=officer(world.other, "吉档执-0001", "吉执法"),
    )
    world.today = today
    return world


def lecture(world, *, date=dt.date(2026, 10, 10), hours="3", title="《行政许可法》专题讲座"):
    return services.event_save(actor=world.users["legal"], title=title, kind="lecture", date=date, hours=hours,
                               lecturer="法律顾问", place="三楼会议室")
