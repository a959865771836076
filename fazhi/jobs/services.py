"""The job queue: ``enqueue`` a job, a worker ``claim``s it (never two workers the same job), ``run``s it, and
retries a failure with backoff. See docs/deployment.md.

Claiming:
- PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks the first due job no other worker is claiming, and the
  claim (running, by whom, when) commits with it.
- Databases without SKIP LOCKED (SQLite): one atomic ``UPDATE … WHERE id = ? AND <still claimable>``; the
  worker whose UPDATE changed the row owns the job.

A job is claimable when it is queued and due, or when it is running but its claim is older than
``FAZHI_JOB_STALE_SECONDS`` (default 120): while a job runs, its worker renews the claim (``locked_at``) every
quarter of that, so only a job whose worker died (crash, kill -9, machine lost) goes stale; it is then taken
again, as another attempt.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.jobs import registry
from fazhi.jobs.models import Job

log = logging.getLogger(__name__)

BACKOFF_BASE_SECONDS = 10
BACKOFF_MAX_SECONDS = 3600


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "FAZHI_JOB_STALE_SECONDS", 120)))


def backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt ``attempts + 1``: 10 s, 20 s, 40 s, … at most an hour."""
    return dt.timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def enqueue(kind: str, payload: dict | None = None, *, run_after: dt.datetime | None = None, dedupe_key: str = "",
            max_attempts: int | None = None) -> Job:
    """Queue a job of a registered kind. With ``dedupe_key``, an already queued or running job with the same key
    is returned instead of a second one."""
    spec = registry.get(kind)
    if spec is None:
        raise ValidationError({"kind": [_("未知的任务类型：%(kind)s") % {"kind": kind}]})
    payload = payload or {}
    if not isinstance(payload, dict):
        raise ValidationError({"payload": [_("任务参数必须是 JSON 对象。")]})
    if dedupe_key:
        pending = Job.objects.filter(dedupe_key=dedupe_key, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
        if pending is not None:
            return pending
    job = Job(kind=kind, payload=payload, dedupe_key=dedupe_key, run_after=run_after or timezone.now(),
              max_attempts=max_attempts or spec.max_attempts)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        if not dedupe_key:
            raise
        found = Job.objects.filter(dedupe_key=dedupe_key, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
        if found is None:  # it finished in between: queue ours after all
            return enqueue(kind, payload, run_after=run_after, dedupe_key=dedupe_key, max_attempts=max_attempts)
        return found
    return job


def _claimable(now: dt.datetime) -> Q:
    return (Q(state=Job.State.QUEUED, run_after__lte=now)
            | Q(state=Job.State.RUNNING, locked_at__lt=now - stale_after()))


def claim(worker: str, *, now: dt.datetime | None = None) -> Job | None:
    """Take the next due job for ``worker`` (or None). Its ``attempts`` counts this attempt."""
    now = now or timezone.now()
    claimed = {"state": Job.State.RUNNING, "locked_by": worker, "locked_at": now, "attempts": F("attempts") + 1}
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            job = (Job.objects.select_for_update(skip_locked=True).filter(_claimable(now))
                   .order_by("run_after", "id").first())
            if job is None:
                return None
            Job.objects.filter(pk=job.pk).update(**claimed)
    else:
        job = None
        for pk in Job.objects.filter(_claimable(now)).order_by("run_after", "id").values_list("pk", flat=True)[:20]:
            if Job.objects.filter(_claimable(now), pk=pk).update(**claimed) == 1:
                job = Job(pk=pk)
                break
        if job is None:
            return None
    job.refresh_from_db()
    if job.attempts > job.max_attempts:  # a job whose workers kept dying: stop taking it
        _finish(job, worker, state=Job.State.FAILED, error=_("超过最多尝试次数（运行中的工作进程中断）。"))
        return claim(worker, now=now)
    return job


def _finish(job: Job, worker: str, **fields: Any) -> bool:
    """Record the outcome, unless the job was meanwhile reclaimed by another worker (then ours is moot)."""
    fields.setdefault("finished_at", timezone.now())
    return Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, locked_by=worker).update(**fields) == 1


@contextmanager
def _heartbeat(job: Job, worker: str) -> Iterator[None]:
    """Renew the claim of a running job from a side thread (its own connection) so it never looks stale."""
    done = threading.Event()
    interval = max(stale_after().total_seconds() / 4, 0.5)

    def beat() -> None:
        try:
            while not done.wait(interval):
                try:
                    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, locked_by=worker).update(
                        locked_at=timezone.now())
                except Exception as exc:  # a busy database: the next beat tries again
                    log.warning("job %s heartbeat: %s", job.pk, exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, daemon=True, name=f"job-{job.pk}-heartbeat")
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def run(job: Job, worker: str) -> str:
    """Run a claimed job; returns its new state (done, queued again for a retry, or failed)."""
    spec = registry.get(job.kind)
    try:
        if spec is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        with _heartbeat(job, worker):
            result = spec.handler(dict(job.payload))
        result = json.loads(json.dumps(result, cls=DjangoJSONEncoder)) if result is not None else None
    except Exception as exc:  # the job failed: retry later or give up
        error = "".join(traceback.format_exception(exc))[-8000:]
        if spec is not None and job.attempts < job.max_attempts:
            _finish(job, worker, state=Job.State.QUEUED, run_after=timezone.now() + backoff(job.attempts),
                    locked_by="", locked_at=None, error=error, finished_at=None)
            log.warning("job %s (%s) failed, attempt %s of %s: %s", job.pk, job.kind, job.attempts,
                        job.max_attempts, exc)
            return Job.State.QUEUED
        _finish(job, worker, state=Job.State.FAILED, error=error)
        log.error("job %s (%s) failed for good: %s", job.pk, job.kind, exc)
        return Job.State.FAILED
    _finish(job, worker, state=Job.State.DONE, result=result, error="")
    return Job.State.DONE


def schedule_periodic(*, every: dict[str, int] | None = None, now: dt.datetime | None = None) -> list[Job]:
    """Queue the next run of each periodic job kind that has none queued or running, at the next multiple of its
    period (so workers started at different times agree). ``every`` overrides periods per kind."""
    now = now or timezone.now()
    out = []
    for spec in registry.periodic():
        period = (every or {}).get(spec.kind, spec.every)
        if not period:
            continue
        key = f"periodic:{spec.kind}"
        if Job.objects.filter(dedupe_key=key, state__in=[Job.State.QUEUED, Job.State.RUNNING]).exists():
            continue
        epoch = int(now.timestamp())
        at = dt.datetime.fromtimestamp(epoch - epoch % period + period, tz=dt.UTC)
        out.append(enqueue(spec.kind, {}, run_after=at, dedupe_key=key))
    return out
