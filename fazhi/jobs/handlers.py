"""The job kinds Fazhi runs in its workers (registered when the app is ready)."""

from __future__ import annotations

import hashlib

from django.conf import settings

from fazhi.jobs.registry import job_handler

CLOCKS_TICK = "clocks.tick"
ANNUAL_REPORT_DOCX = "reports.annual_docx"
PURGE = "jobs.purge"


@job_handler(CLOCKS_TICK, every=int(getattr(settings, "FAZHI_CLOCK_TICK_SECONDS", 60)), max_attempts=1)
def clocks_tick(payload: dict) -> dict:
    """Fire every timer whose clock ran out (fazhi.process.services.clocks_tick, under its lock). Periodic: each
    worker schedules the next one; a tick that fails is not retried, the next minute's tick does the work."""
    import datetime as dt

    from fazhi.process.services import TickAlreadyRunning
    from fazhi.process.services import clocks_tick as tick

    today = dt.date.fromisoformat(payload["today"]) if payload.get("today") else None
    try:
        fired = tick(today=today)
    except TickAlreadyRunning:
        return {"skipped": "tick already running", "fired": []}
    return {"fired": [list(f) for f in fired]}


@job_handler(ANNUAL_REPORT_DOCX, max_attempts=3)
def annual_report_docx(payload: dict) -> dict:
    """Render an annual report's DOCX (the statistics of a year: seconds at province scale) into the shared file
    storage; the result names the file. Payload: {"report_id": …}."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from fazhi.reports.generator import report_docx
    from fazhi.reports.models import AnnualReport

    report = AnnualReport.objects.select_related("agency").get(pk=payload["report_id"])
    content = report_docx(report)
    path = default_storage.save(f"jobs/reports/{report.pk}/{report.filename}", ContentFile(content))
    return {"path": path, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}


@job_handler(PURGE, every=3600, max_attempts=1)
def purge(payload: dict) -> dict:
    """Forget finished jobs: done ones after FAZHI_JOB_KEEP_DAYS (default 7), failed ones after 30 days."""
    import datetime as dt

    from django.utils import timezone

    from fazhi.jobs.models import Job

    now = timezone.now()
    keep = int(getattr(settings, "FAZHI_JOB_KEEP_DAYS", 7))
    done, _ = Job.objects.filter(state=Job.State.DONE, finished_at__lt=now - dt.timedelta(days=keep)).delete()
    failed, _ = Job.objects.filter(state=Job.State.FAILED, finished_at__lt=now - dt.timedelta(days=max(keep, 30))).delete()
    return {"deleted": done + failed}
