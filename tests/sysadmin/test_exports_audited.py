"""Every file export of the application leaves a record in the audit trail (GB/T 22239-2019 §8.1.4.3 a): who exported
what, when, from where."""

from __future__ import annotations

import pytest

from fazhi.core.models import AuditEvent
from tests.sysadmin.conftest import BACKEND

pytestmark = pytest.mark.django_db


def _client(user):
    from django.test import Client

    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


def _export_event(action):
    return AuditEvent.objects.filter(action=action).latest("id")


def test_statistics_dashboard_xlsx(world, today):
    head = world.users["head"]
    r = _client(head).get("/reports/dashboard.xlsx?year=2026&scope=own")
    assert r.status_code == 200
    ev = _export_event("reports.dashboard_export")
    assert (ev.actor, ev.object_id, ev.detail, ev.ip) == (head, str(world.agency.pk), {"year": 2026, "scope": "own"},
                                                          "127.0.0.1")


def test_disclosure_statistics_xlsx(world, today):
    clerk = world.users["clerk"]
    assert _client(clerk).get("/disclosure/statistics.xlsx?year=2026").status_code == 200
    ev = _export_event("disclosure.statistics_export")
    assert (ev.actor, ev.detail) == (clerk, {"year": 2026})


def test_assessment_rankings_xlsx(world, today):
    from fazhi.assessment.models import Scheme

    scheme = Scheme.objects.create(agency=world.agency, year=2026, title="2026年度法治政府建设考核")
    head = world.users["head"]
    assert _client(head).get(f"/assessment/{scheme.pk}/rankings.xlsx").status_code == 200
    ev = _export_event("assessment.rankings_export")
    assert (ev.actor, ev.object_id) == (head, str(scheme.pk))


def test_directory_export_was_already_audited(world, today):
    head = world.users["head"]
    assert _client(head).get("/inspection/entities/export/").status_code == 200
    assert _export_event("inspection.directory_export").actor == head


def test_a_refused_export_writes_nothing(world):
    assert _client(world.users["citizen"]).get("/reports/dashboard.xlsx?year=2026").status_code == 404
    assert not AuditEvent.objects.filter(action__endswith="_export").exists()
