"""`fazhi bench report` at a tiny N, so that the bench code cannot rot: the cases are written, the report is created,
generated and deleted again, the figures add up. No timing is asserted."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from fazhi.process.models import Case, Clock
from fazhi.reports.bench import BENCH_AGENCY, run
from fazhi.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


def test_bench_report_small(today):
    r = run(60, out=lambda *_a: None)
    assert r["cases"] == 60 and r["year"] == today.year - 1
    figures = r["figures"]
    assert int(figures["licensing.total"]) + int(figures["requests.total"]) == 60
    assert Case.objects.filter(agency__code=BENCH_AGENCY).count() == 60
    assert Clock.objects.filter(case__agency__code=BENCH_AGENCY).count() == 60
    assert not AnnualReport.objects.filter(agency__code=BENCH_AGENCY).exists()
    out = io.StringIO()
    call_command("bench", "report", "--cases", "60", stdout=out)  # the cases are kept and reused
    text = out.getvalue()
    assert "generate report" in text and "building" not in text
    call_command("bench", "report", "--cases", "40", stdout=out)  # another N: rebuilt
    assert Case.objects.filter(agency__code=BENCH_AGENCY).count() == 40
