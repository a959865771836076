"""The demo's 2017 planned inspection of 63 provincial units (黑档函〔2018〕15号): published, six rectification
orders issued through the inspection process and followed up, 57 without problems; loading twice changes
nothing; the random 2017 check is still there beside it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.core.demo.load import demo_load
from fazhi.core.identifiers import validate_uscc
from fazhi.inspection.models import Entity, Inspection, Task
from fazhi.process.models import Case, CaseDocument

pytestmark = pytest.mark.django_db


def test_demo_has_the_2017_planned_inspection_of_63_units_with_6_rectification_orders(monkeypatch):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    counts = (Task.objects.count(), Inspection.objects.count(), Case.objects.count(), CaseDocument.objects.count(),
              Entity.objects.count())
    demo_load()
    assert counts == (Task.objects.count(), Inspection.objects.count(), Case.objects.count(),
                      CaseDocument.objects.count(), Entity.objects.count())

    task = Task.objects.get(year=2017, mode="planned")
    assert task.state == "published" and task.started_on.year == 2017 and task.published_at.year == 2017
    assert task.draw_date is None and not task.commitment and task.secret is None
    inspections = list(task.inspections.select_related("entity", "case"))
    assert len(inspections) == 63 and len({i.entity_id for i in inspections}) == 63
    for i in inspections:
        assert i.entity.name.startswith("黑龙江省") and i.entity.region_code == "230000"
        assert validate_uscc(i.entity.uscc) == i.entity.uscc and i.entity.uscc[0] == "1"
        assert len(i.team) == 2 and i.inspected_on.year == 2017
    ordered = [i for i in inspections if i.outcome in ("rectify", "rectified", "not_rectified")]
    assert len(ordered) == 6 and sum(i.outcome == "ok" for i in inspections) == 57
    assert all(i.outcome == "rectified" and i.case.state == "closed" and i.followed_up_on for i in ordered)
    notices = CaseDocument.objects.filter(case__inspection__task=task, kind="rectification")
    assert notices.count() == 6 and all(d.number.startswith("黑档责改〔2017〕") for d in notices)
    assert {d.issued_on.year for d in notices} == {2017}
    # Two follow-ups came after the rectification clock ran out (the ticker's transition, then 复查).
    late = Case.objects.filter(inspection__task=task, events__transition="rectification_expired").distinct()
    assert late.count() == 2
    assert all(i.followed_up_on > i.rectification_due for i in ordered if i.case_id in {c.pk for c in late})

    random_task = Task.objects.get(year=2017, mode="random")
    assert random_task.state == "published" and len(random_task.selected) == 23

    page = Client().get(f"/inspection/public/planned/{task.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr>") == 1 + 63 and html.count("已整改") == 6
    assert task.number in Client().get("/inspection/public/planned/").content.decode()
    assert task.published_at.date() <= dt.date(2017, 12, 31)
