"""Statistics per year, computed from the records: by item, channel and outcome; online rate; on-time
rate; overdue. Checked in the page and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.licensing.services import Upload, application_submit
from fazhi.process.services import case_fire
from tests import factories as f

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _online(world, who, day):
    it = world.item
    with sysclock.frozen_today(day):
        case, _ = application_submit(item=it, actor=world.users[who], fields=f.valid_fields(it),
                                     uploads=[Upload(m.code, "x.pdf", f.pdf_bytes()) for m in it.materials.all()
                                              if m.required], channel="online")
    return case


def test_year_figures(world):
    u = world.users
    a = _online(world, "citizen", dt.date(2025, 3, 3))
    case_fire(case_id=a.pk, transition="accept", actor=u["clerk"], today=dt.date(2025, 3, 4))
    case_fire(case_id=a.pk, transition="propose", actor=u["handler"], comment="ok", data={"opinion": "deny"},
              today=dt.date(2025, 3, 10))
    case_fire(case_id=a.pk, transition="head_approve", actor=u["head"], today=dt.date(2025, 3, 11))
    case_fire(case_id=a.pk, transition="deny", actor=u["director"], today=dt.date(2025, 3, 12),
              data={"reasons": "不符合条件", "legal_basis": "《中华人民共和国档案法》第二十五条"})
    b = _online(world, "company", dt.date(2025, 5, 6))
    # Accepted late: the intake clock (5 WD, due 2025-05-13) stopped on 2025-05-20.
    case_fire(case_id=b.pk, transition="accept", actor=u["clerk"], today=dt.date(2025, 5, 20))
    with sysclock.frozen_today(dt.date(2025, 6, 2)):
        application_submit(item=world.item, actor=u["clerk"], fields=f.valid_fields(world.item), uploads=[],
                           channel="counter", received_on=dt.date(2025, 6, 2),
                           party={"kind": "person", "name": "王某", "id_number": u["citizen"].id_number})
    _online(world, "citizen", dt.date(2024, 12, 30))  # another year
    sysclock.set_today(dt.date(2026, 1, 15))

    client = Client()
    client.force_login(u["head"], backend=BACKEND)
    stats = client.get("/api/v1/licensing/statistics?year=2025").json()
    assert stats["total"] == 3
    assert stats["by_channel"] == {"online": 2, "counter": 1}
    assert stats["by_outcome"] == {"denied": 1, "pending": 2}
    assert stats["online_rate"] == pytest.approx(2 / 3)
    # Stopped clocks: a.intake (on time), a.decision (on time), b.intake (late).
    assert (stats["clocks_stopped"], stats["clocks_on_time"]) == (3, 2)
    # Overdue: b (late intake, and its decision clock ran out in June 2025) and the counter case (never accepted).
    assert stats["overdue_cases"] == 2
    page = client.get("/staff/statistics/?year=2025").content.decode()
    assert 'id="stat-total">3<' in page and "66.7%" in page
    assert client.get("/api/v1/licensing/statistics?year=1900").status_code == 400
    other = Client()
    other.force_login(u["other_handler"], backend=BACKEND)
    assert other.get("/api/v1/licensing/statistics?year=2025").json()["total"] == 0
    admin = Client()
    admin.force_login(u["auditor"], backend=BACKEND)
    assert admin.get("/api/v1/licensing/statistics?year=2025").status_code == 403
