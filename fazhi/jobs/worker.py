"""The worker loop (``fazhi worker``, and the in-process worker thread of ``fazhi serve``): schedule the periodic
jobs, claim and run due jobs until none is left, wait ``poll`` seconds, again."""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection

from fazhi.jobs import services

log = logging.getLogger(__name__)


def _recycle() -> None:
    """Drop a broken or too old connection between jobs, as Django does between requests (not inside a
    transaction: a test's, or a caller's)."""
    if not connection.in_atomic_block:
        close_old_connections()


def default_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


class Worker:
    def __init__(self, name: str | None = None, *, poll: float = 1.0, every: dict[str, int] | None = None,
                 periodic: bool = True, echo=None):
        self.name = name or default_name()
        self.poll = poll
        self.every = every or {}
        self.periodic = periodic
        self.echo = echo or (lambda line: None)

    def run_pending(self, stop: threading.Event | None = None) -> int:
        """Run due jobs until none is left (or ``stop`` is set); returns how many ran."""
        count = 0
        while not (stop and stop.is_set()):
            _recycle()
            job = services.claim(self.name)
            if job is None:
                break
            state = services.run(job, self.name)
            if not self._routine(job, state):
                self.echo(f"job {job.pk} {job.kind}: {state}")
            count += 1
        return count

    @staticmethod
    def _routine(job, state: str) -> bool:
        """A periodic job that did nothing worth a line (a clock tick that fired nothing)."""
        from fazhi.jobs import registry
        from fazhi.jobs.models import Job

        spec = registry.get(job.kind)
        if spec is None or not spec.every or state != Job.State.DONE:
            return False
        result = Job.objects.filter(pk=job.pk).values_list("result", flat=True).first() or {}
        return not (isinstance(result, dict) and result.get("fired"))

    def step(self, stop: threading.Event | None = None) -> int:
        if self.periodic:
            services.schedule_periodic(every=self.every)
        return self.run_pending(stop)

    def run(self, stop: threading.Event, *, once: bool = False) -> None:
        while not stop.is_set():
            try:
                self.step(stop)
            except Exception as exc:  # the database went away, …: keep the worker alive, try again
                log.exception("worker %s: %s", self.name, exc)
                self.echo(f"worker error: {exc}")
            finally:
                _recycle()
            if once:
                return
            stop.wait(self.poll)
