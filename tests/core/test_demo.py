"""The demo data: loads, is idempotent, reproduces the letter's figures, and its records verify."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from fazhi.core.demo.load import demo_load
from fazhi.core.models import Agency, User
from fazhi.inspection import draw
from fazhi.inspection.models import Inspection, Task
from fazhi.inspection.selectors import task_record
from fazhi.licensing.selectors import licensing_statistics
from fazhi.process.models import Case

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent_and_reproduces_the_letter(monkeypatch, capsys):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    first = demo_load()
    counts = (Agency.objects.count(), User.objects.count(), Case.objects.count(), Task.objects.count())
    second = demo_load()
    assert counts == (Agency.objects.count(), User.objects.count(), Case.objects.count(), Task.objects.count())
    assert first["password"] == second["password"] == "Demo-Password-2026"
    assert counts[0] == 4 and Agency.objects.get(code="binxian").parent.code == "harbin"
    assert User.objects.get(username="clerk").check_password("Demo-Password-2026")

    hlj = Agency.objects.get(code="hlj")
    stats = licensing_statistics(agency_id=hlj.pk, year=2017)
    assert stats["total"] == 2 and stats["online_rate"] == 1.0  # 2 licences, 100% online

    task = Task.objects.get(year=2017, mode="random")
    assert task.state == "published" and len(task.selected) == 23 and not task.unstaffed
    assert Inspection.objects.filter(task=task, outcome="rectified").count() == 2  # two ordered to rectify
    assert draw.verify_record(task_record(task)) == []

    call_command("audit", "verify")
    assert "审计校验通过" in capsys.readouterr().out


def test_demo_penalty_cases(monkeypatch):
    from fazhi.enforcement.models import PenaltyCase
    from fazhi.enforcement.selectors import published_decisions

    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    demo_load()
    closed, open_ = list(PenaltyCase.objects.order_by("id"))[:2]  # the enforcement demo's (a report's case follows)
    assert closed.case.state == "closed" and closed.fine == 80000 and closed.surcharge == 0
    assert {d.kind for d in closed.case.documents.all()} == {
        "filing_approval", "prior_notice", "decision", "service_receipt"}
    assert closed.evidence.count() == 2
    assert closed.case.number in [d["number"] for d in published_decisions()]
    assert open_.case.state == "investigating" and open_.case.clocks.get(name="decision").state == "running"
    call_command("audit", "verify")
