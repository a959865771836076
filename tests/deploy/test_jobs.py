"""The job queue (fazhi.jobs): enqueue, claim, run, retry with backoff, reclaim a dead worker's job, periodic
jobs scheduled once, and no job run twice by concurrent workers."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import close_old_connections, connections
from django.utils import timezone

from fazhi.core import clock as sysclock
from fazhi.jobs import services
from fazhi.jobs.handlers import ANNUAL_REPORT_DOCX, CLOCKS_TICK
from fazhi.jobs.models import Job
from fazhi.jobs.registry import job_handler
from fazhi.jobs.worker import Worker
from tests.deploy.helpers import APPLIED_ON, OVERDUE_ON, needs_postgresql, submit

pytestmark = pytest.mark.django_db

RAN: list[tuple[int, str]] = []
_ran_lock = threading.Lock()


@job_handler("test.echo")
def _echo(payload: dict) -> dict:
    with _ran_lock:
        RAN.append((payload.get("n", 0), threading.current_thread().name))
    if payload.get("sleep"):
        time.sleep(payload["sleep"])
    return {"echo": payload, "on": dt.date(2026, 11, 2)}


@job_handler("test.flaky", max_attempts=3)
def _flaky(payload: dict) -> None:
    raise RuntimeError("the service is down")


@pytest.fixture(autouse=True)
def _clear():
    RAN.clear()
    yield
    RAN.clear()


def test_enqueue_checks_the_kind_and_a_worker_runs_the_job():
    with pytest.raises(ValidationError):
        services.enqueue("no.such.kind", {})
    with pytest.raises(ValidationError):
        services.enqueue("test.echo", ["not", "an", "object"])
    job = services.enqueue("test.echo", {"n": 1})
    assert job.state == Job.State.QUEUED and job.attempts == 0
    later = services.enqueue("test.echo", {"n": 2}, run_after=timezone.now() + dt.timedelta(hours=1))
    assert Worker("w1", periodic=False).run_pending() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 1 and job.locked_by == "w1"
    assert job.result == {"echo": {"n": 1}, "on": "2026-11-02"} and job.finished_at is not None
    assert [n for n, _ in RAN] == [1]
    later.refresh_from_db()
    assert later.state == Job.State.QUEUED  # not due yet


def test_a_failing_job_is_retried_with_backoff_then_marked_failed():
    job = services.enqueue("test.flaky", {})
    assert job.max_attempts == 3
    now = timezone.now()
    waits = []
    for attempt in (1, 2, 3):
        claimed = services.claim("w", now=now)
        assert claimed.pk == job.pk and claimed.attempts == attempt
        state = services.run(claimed, "w")
        job.refresh_from_db()
        assert "the service is down" in job.error
        if attempt < 3:
            assert state == Job.State.QUEUED and job.state == Job.State.QUEUED and job.locked_by == ""
            waits.append(job.run_after - timezone.now())
            assert services.claim("w", now=now) is None  # not before the backoff is over
            now = job.run_after
        else:
            assert state == Job.State.FAILED and job.state == Job.State.FAILED
    assert dt.timedelta(seconds=8) < waits[0] <= dt.timedelta(seconds=10)
    assert dt.timedelta(seconds=18) < waits[1] <= dt.timedelta(seconds=20)
    assert services.backoff(20) == dt.timedelta(hours=1)
    call_command("jobs", "retry", str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.attempts == 0


def test_a_dead_workers_job_is_reclaimed_and_a_live_ones_is_not(settings):
    settings.FAZHI_JOB_STALE_SECONDS = 120
    job = services.enqueue("test.echo", {"n": 7})
    now = timezone.now()
    first = services.claim("dead-worker", now=now)
    assert first.pk == job.pk
    assert services.claim("other", now=now + dt.timedelta(seconds=60)) is None  # still fresh
    again = services.claim("other", now=now + dt.timedelta(seconds=121))
    assert again.pk == job.pk and again.locked_by == "other" and again.attempts == 2
    # The dead worker comes back and finishes: its result does not overwrite the new claim.
    assert services._finish(first, "dead-worker", state=Job.State.DONE) is False
    assert services.run(again, "other") == Job.State.DONE
    # A job whose workers keep dying is given up after max_attempts.
    doomed = services.enqueue("test.echo", {"n": 8}, max_attempts=1)
    t = timezone.now()
    assert services.claim("a", now=t).pk == doomed.pk
    assert services.claim("b", now=t + dt.timedelta(seconds=200)) is None
    doomed.refresh_from_db()
    assert doomed.state == Job.State.FAILED and "最多尝试次数" in doomed.error


def test_claiming_on_a_database_without_skip_locked_is_one_conditional_update(monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection.features, "has_select_for_update_skip_locked", False)
    a = services.enqueue("test.echo", {"n": 1})
    b = services.enqueue("test.echo", {"n": 2})
    now = timezone.now()
    first, second = services.claim("w1", now=now), services.claim("w2", now=now)
    assert {first.pk, second.pk} == {a.pk, b.pk}
    assert services.claim("w3", now=now) is None
    assert Job.objects.filter(state=Job.State.RUNNING).count() == 2


def test_periodic_jobs_are_scheduled_once_at_the_next_period_boundary():
    now = dt.datetime(2026, 11, 2, 1, 2, 3, 500000, tzinfo=dt.UTC)
    made = services.schedule_periodic(every={CLOCKS_TICK: 60}, now=now)
    tick = next(j for j in made if j.kind == CLOCKS_TICK)
    assert tick.run_after == dt.datetime(2026, 11, 2, 1, 3, 0, tzinfo=dt.UTC)
    assert services.schedule_periodic(every={CLOCKS_TICK: 60}, now=now) == []  # already queued
    assert services.enqueue(CLOCKS_TICK, {}, dedupe_key=f"periodic:{CLOCKS_TICK}").pk == tick.pk
    assert Job.objects.filter(kind=CLOCKS_TICK).count() == 1


def test_the_worker_ticks_the_clocks(world, today):
    case = submit(world)
    sysclock.set_today(OVERDUE_ON)
    services.enqueue(CLOCKS_TICK, {})
    call_command("worker", "--once", "--no-periodic")
    case.refresh_from_db()
    assert case.state == "under_review" and case.events.last().transition == "deemed_accept"
    job = Job.objects.get(kind=CLOCKS_TICK)
    assert job.state == Job.State.DONE and job.result == {"fired": [[case.number, "deemed_accept"]]}
    assert APPLIED_ON == today


def test_the_annual_report_docx_is_rendered_by_a_worker_into_shared_storage(world, today):
    from fazhi.reports.services import report_create

    report = report_create(actor=None, agency=world.agency, year=2025)
    job = services.enqueue(ANNUAL_REPORT_DOCX, {"report_id": report.pk})
    Worker("w", periodic=False).run_pending()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    with default_storage.open(job.result["path"], "rb") as fh:
        content = fh.read()
    assert content[:2] == b"PK" and len(content) == job.result["size"]


def test_the_jobs_command_lists_and_enqueues(capsys):
    call_command("jobs", "enqueue", "test.echo", "--payload", '{"n": 3}')
    call_command("jobs", "list")
    call_command("jobs", "kinds")
    out = capsys.readouterr().out
    assert "test.echo\tqueued" in out and "clocks.tick (every 60 s)" in out


@pytest.mark.django_db(transaction=True)
def test_a_running_job_keeps_its_claim_fresh(settings):
    settings.FAZHI_JOB_STALE_SECONDS = 2  # the heartbeat renews every 0.5 s
    job = services.enqueue("test.echo", {"n": 1, "sleep": 1.6})
    claimed = services.claim("w")
    started = claimed.locked_at
    seen = []

    def watch():
        try:
            time.sleep(1.2)
            seen.append(Job.objects.get(pk=job.pk).locked_at)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=watch)
    watcher.start()
    services.run(claimed, "w")
    watcher.join()
    assert seen and seen[0] > started


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_run_the_same_job():
    jobs = [services.enqueue("test.echo", {"n": n, "sleep": 0.01}) for n in range(40)]
    start = threading.Barrier(4)
    errors = []

    def work(i: int) -> None:
        try:
            start.wait()
            Worker(f"w{i}", periodic=False).run_pending()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,), name=f"w{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(n for n, _ in RAN) == list(range(40))  # each exactly once
    assert len({name for _, name in RAN}) > 1  # and the work was shared
    assert Job.objects.filter(pk__in=[j.pk for j in jobs], state=Job.State.DONE, attempts=1).count() == 40
