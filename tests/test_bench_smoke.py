"""The benchmark's seeding and measuring, in-process on the test database with a tiny N, so that the bench
code cannot rot. No timing is asserted: only that figures come out, and that the seeded data is valid."""

from __future__ import annotations

import pytest

from bench.run import measure, table
from bench.seed import seed
from fazhi.licensing.models import Application
from fazhi.process.audit import verify_case
from fazhi.process.models import Case, CaseEvent, Clock

pytestmark = pytest.mark.django_db


def test_seed_and_measure(today):
    seeded = seed(50, batch_size=20, today=today, open_fraction=0.5, progress=False)
    assert len(seeded.case_ids) == Case.objects.count() == Application.objects.count() == 50
    assert seeded.rows["events"] == CaseEvent.objects.count()
    # what the services would have written: valid hash chains, 2–8 events, clocks consistent with next_due
    for case in Case.objects.all():
        assert verify_case(case) == [], case.number
        assert 2 <= case.event_count <= 8
        running = [c.due for c in case.clocks.all() if c.state == Clock.State.RUNNING and c.due]
        assert case.next_due == (min(running) if running else None)
        assert (case.closed_on is None) == (not case.definition.state(case.state).terminal)
    assert seeded.open_cases > 0 and seeded.seconds > 0

    figures = measure(seeded, requests=3, warmup=1)
    assert set(figures) >= {"healthz (baseline)", "inbox clerk", "inbox handler", "inbox director",
                            "case page (handler)", "API GET /api/v1/cases/{id}"}
    for name, row in figures.items():
        assert row["requests"] == 3
        for key in ("p50_ms", "p95_ms", "max_ms", "mean_ms", "ratio_p50", "ratio_p95"):
            assert row[key] > 0, (name, key)
        assert 0 < row["queries_min"] <= row["queries_max"], name
    assert figures["inbox clerk"]["inbox_rows"] > 0

    report = {"db": "test", "db_version": "x", "applications": 50, "requests": 3, "migrate_seconds": 0.0,
              "seed": {"seconds": seeded.seconds, "rows": seeded.rows, "open_cases": seeded.open_cases,
                       "overdue": seeded.overdue}, "figures": figures}
    assert "case page" in table(report)
