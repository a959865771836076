"""The benchmark's seeding and measuring, in-process on the test database with a tiny N, so that the bench
code cannot rot. No timing is asserted: only that figures come out, that the seeded data is valid, and that
`fazhi bench draw` leaves nothing behind but its directory."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from bench.run import measure, table
from bench.seed import seed
from fazhi.core.models import AuditEvent
from fazhi.inspection.bench import BENCH_AGENCY, NAME_PREFIX
from fazhi.inspection.models import Entity, Officer, Task, TaskEvent
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


def _files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_bench_draw_cleans_up(today):
    out = io.StringIO()
    call_command("bench", "draw", "--candidates", "60", "--officers", "6", stdout=out)
    text = out.getvalue()
    assert "candidates          60  (selected 4, pool 6)" in text and "\nratio " in text, text
    # The run's task, its candidate file and its events are gone; the directory and the officers stay.
    assert _files() == []
    assert not Task.objects.exists() and not TaskEvent.objects.exists()
    assert Entity.objects.filter(name__startswith=NAME_PREFIX, active=True).count() == 60
    assert Officer.objects.filter(agency__code=BENCH_AGENCY).count() == 6
    assert AuditEvent.objects.filter(action="inspection.commit").count() == 1  # append-only, kept
    # A second run reuses all that and again leaves no file.
    call_command("bench", "draw", "--candidates", "60", "--officers", "6", stdout=io.StringIO())
    assert _files() == [] and not Task.objects.exists()
    assert Entity.objects.filter(name__startswith=NAME_PREFIX).count() == 60


def test_bench_draw_cleans_up_after_a_failure(today, monkeypatch):
    from fazhi.inspection import bench

    def broken_draw(**kwargs):
        raise RuntimeError("draw failed")

    monkeypatch.setattr(bench, "task_draw", broken_draw)
    with pytest.raises(RuntimeError, match="draw failed"):
        call_command("bench", "draw", "--candidates", "30", "--officers", "4", stdout=io.StringIO())
    assert _files() == [] and not Task.objects.exists()
    # A task a killed run left behind (here: committed, its file on disk) goes at the start of the next run.
    monkeypatch.undo()
    from fazhi.core.models import User
    from fazhi.inspection.services import task_commit, task_create

    head = User.objects.get(username="bench-head")
    task = task_create(actor=head, title="left behind", year=today.year, item_codes=["bench-item"],
                       quota_spec={s: {"ratio": "0.1"} for s in "ABCD"}, team_size=2, beacon_source="x")
    task_commit(task_id=task.pk, actor=head)
    assert len(_files()) == 1
    call_command("bench", "draw", "--candidates", "30", "--officers", "4", stdout=io.StringIO())
    assert _files() == [] and not Task.objects.exists()
