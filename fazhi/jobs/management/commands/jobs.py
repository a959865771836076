"""fazhi jobs list [--state S] | enqueue KIND [--payload JSON] | retry ID: look at and feed the job queue."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.jobs import registry
from fazhi.jobs.models import Job
from fazhi.jobs.services import enqueue


class Command(BaseCommand):
    help = "fazhi jobs list | enqueue KIND [--payload JSON] | retry ID | kinds"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ls = sub.add_parser("list")
        ls.add_argument("--state", choices=Job.State.values)
        ls.add_argument("--limit", type=int, default=50)
        en = sub.add_parser("enqueue")
        en.add_argument("kind")
        en.add_argument("--payload", default="{}")
        rt = sub.add_parser("retry")
        rt.add_argument("id", type=int)
        sub.add_parser("kinds")

    def handle(self, *args, **o):
        if o["action"] == "kinds":
            for k in registry.kinds():
                self.stdout.write(f"{k.kind}" + (f" (every {k.every} s)" if k.every else ""))
        elif o["action"] == "list":
            jobs = Job.objects.order_by("-id")
            if o["state"]:
                jobs = jobs.filter(state=o["state"])
            for j in jobs[: o["limit"]]:
                self.stdout.write(f"{j.pk}\t{j.kind}\t{j.state}\t{j.attempts}/{j.max_attempts}\t"
                                  f"{timezone.localtime(j.run_after):%Y-%m-%d %H:%M:%S}\t{j.locked_by}")
        elif o["action"] == "enqueue":
            try:
                job = enqueue(o["kind"], json.loads(o["payload"]))
            except (ValueError, ValidationError) as e:
                raise CommandError(str(e)) from None
            self.stdout.write(str(job.pk))
        elif o["action"] == "retry":
            try:
                n = Job.objects.filter(pk=o["id"], state=Job.State.FAILED).update(
                    state=Job.State.QUEUED, run_after=timezone.now(), attempts=0, locked_by="", locked_at=None)
            except IntegrityError:  # a job with the same dedupe key is already queued
                n = 0
            if not n:
                raise CommandError(_("没有这个失败的任务。"))
            self.stdout.write(_("已重新排队。"))
