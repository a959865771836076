"""The clock tick is safe when several servers run it at once: one tick at a time under a lock (the others report
"tick already running"), and even without the lock each due transition fires once (case_fire's 409)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connections
from django.utils import timezone

from fazhi.core import clock as sysclock
from fazhi.jobs import services as jobs
from fazhi.jobs.handlers import CLOCKS_TICK
from fazhi.jobs.locks import advisory_key, lease_lock, try_lock
from fazhi.jobs.models import Job, Lock
from fazhi.process import services as process_services
from fazhi.process.models import Case
from fazhi.process.services import CLOCKS_TICK_LOCK, TickAlreadyRunning, clocks_tick
from tests.deploy.helpers import OVERDUE_ON, needs_postgresql, submit

THREADS = 4


@contextmanager
def lock_held_elsewhere(name: str):
    """Hold the lock from another thread (its own database connection, as another server would)."""
    taken, release = threading.Event(), threading.Event()
    result = {}

    def hold():
        try:
            with try_lock(name) as held:
                result["held"] = held
                taken.set()
                release.wait(30)
        finally:
            taken.set()
            connections.close_all()

    t = threading.Thread(target=hold)
    t.start()
    taken.wait(30)
    try:
        assert result.get("held") is True
        yield
    finally:
        release.set()
        t.join()


@pytest.mark.django_db(transaction=True)
def test_a_tick_while_another_holds_the_lock_reports_it_and_fires_nothing(world, today, capsys):
    case = submit(world)
    sysclock.set_today(OVERDUE_ON)
    with lock_held_elsewhere(CLOCKS_TICK_LOCK):
        with pytest.raises(TickAlreadyRunning, match="tick already running"):
            clocks_tick()
        call_command("clocks", "tick")
        assert "tick already running" in capsys.readouterr().out
        job = jobs.enqueue(CLOCKS_TICK, {})
        jobs.run(jobs.claim("w"), "w")
        job.refresh_from_db()
        assert job.state == Job.State.DONE and job.result == {"skipped": "tick already running", "fired": []}
        assert Case.objects.get(pk=case.pk).state == "submitted"
    assert clocks_tick() == [(case.number, "deemed_accept")]  # released: the next tick does the work


@pytest.mark.django_db
def test_the_lease_of_a_crashed_holder_expires():
    """The lease (try_lock's lock wherever advisory locks are missing) runs on every database: it is only rows.
    PostgreSQL itself ends a dead session's advisory locks, and their key is stable across processes."""
    assert advisory_key(CLOCKS_TICK_LOCK) == advisory_key("process.clocks_tick")
    Lock.objects.create(name=CLOCKS_TICK_LOCK, holder="crashed:1", expires_at=timezone.now() + dt.timedelta(minutes=5))
    with lease_lock(CLOCKS_TICK_LOCK) as held:
        assert held is False
    Lock.objects.filter(name=CLOCKS_TICK_LOCK).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with lease_lock(CLOCKS_TICK_LOCK) as held:
        assert held is True
        assert Lock.objects.get(name=CLOCKS_TICK_LOCK).holder != "crashed:1"
        with lease_lock(CLOCKS_TICK_LOCK) as again:
            assert again is False  # not re-entrant: a second tick in the same process waits its turn too
    assert Lock.objects.get(name=CLOCKS_TICK_LOCK).holder == ""


def _due_cases(world, n: int) -> list[Case]:
    cases = [submit(world, "citizen" if i % 2 else "company") for i in range(n)]
    sysclock.set_today(OVERDUE_ON)
    return cases


def _slow_case_fire(monkeypatch, seconds: float = 0.2):
    """Make each fired transition take a while, so the ticks of the threads overlap for sure."""
    real = process_services.case_fire

    def slow(**kw):
        time.sleep(seconds)
        return real(**kw)

    monkeypatch.setattr(process_services, "case_fire", slow)


def _tick_in_threads(lock: bool) -> list:
    start = threading.Barrier(THREADS)
    outcomes: list = [None] * THREADS

    def tick(i: int) -> None:
        try:
            start.wait()
            outcomes[i] = clocks_tick(today=OVERDUE_ON, lock=lock)
        except Exception as e:
            outcomes[i] = e
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=tick, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _fired_once(cases: list[Case]) -> None:
    for case in cases:
        case.refresh_from_db()
        assert case.state == "under_review"
        assert case.events.filter(transition="deemed_accept").count() == 1
        assert case.documents.filter(kind="acceptance").count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_locked_ticks_one_runs_the_others_report_it(world, today, monkeypatch):
    cases = _due_cases(world, 3)
    _slow_case_fire(monkeypatch)
    outcomes = _tick_in_threads(lock=True)
    ran = [o for o in outcomes if isinstance(o, list)]
    skipped = [o for o in outcomes if isinstance(o, TickAlreadyRunning)]
    assert len(ran) == 1 and len(skipped) == THREADS - 1, outcomes
    assert sorted(ran[0]) == sorted((c.number, "deemed_accept") for c in cases)
    assert all(str(e) == "tick already running" for e in skipped)
    _fired_once(cases)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_unlocked_ticks_still_fire_each_transition_once(world, today, monkeypatch):
    """Without the lock every thread tries every due case; case_fire locks the row and re-checks the state, so
    all but one get TransitionNotAllowed (the API's 409) and skip it."""
    cases = _due_cases(world, 3)
    refused = []
    real = process_services.case_fire

    def counting(**kw):
        try:
            return real(**kw)
        except process_services.TransitionNotAllowed:
            refused.append(kw["case_id"])
            raise

    monkeypatch.setattr(process_services, "case_fire", counting)
    _slow_case_fire(monkeypatch, 0.3)
    outcomes = _tick_in_threads(lock=False)
    assert all(isinstance(o, list) for o in outcomes), outcomes
    fired = [f for o in outcomes for f in o]
    assert sorted(fired) == sorted((c.number, "deemed_accept") for c in cases)  # no duplicates
    assert len(refused) >= 1  # at least one thread lost a race and was refused
    _fired_once(cases)
