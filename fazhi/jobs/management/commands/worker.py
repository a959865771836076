"""fazhi worker: run background jobs from the database (any number of workers, on any machines; docs/deployment.md)."""

from __future__ import annotations

import signal
import threading

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fazhi.jobs.handlers import CLOCKS_TICK
from fazhi.jobs.worker import Worker, default_name


class Command(BaseCommand):
    help = ("fazhi worker [--once] [--poll S] [--tick-every S] [--name N]: run queued jobs and the periodic ones "
            "(the statutory clock tick every minute). Stops cleanly on SIGTERM / Ctrl-C after the job at hand.")

    def add_arguments(self, parser):
        parser.add_argument("--name", default="", help="worker name shown on the jobs it claims (default host:pid)")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks at the queue")
        parser.add_argument("--tick-every", type=int, default=60, help="seconds between clock ticks")
        parser.add_argument("--no-periodic", action="store_true", help="do not schedule periodic jobs")
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")

    def handle(self, *args, **opts):
        stop = threading.Event()

        def _stop(signum, frame):
            stop.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, _stop)
        worker = Worker(opts["name"] or default_name(), poll=opts["poll"], every={CLOCKS_TICK: opts["tick_every"]},
                        periodic=not opts["no_periodic"], echo=lambda line: self.stdout.write(line, ending="\n"))
        if not opts["once"]:
            self.stdout.write(_("后台任务进程 %(name)s 已启动。") % {"name": worker.name})
            self.stdout.flush()
        worker.run(stop, once=opts["once"])
        if not opts["once"]:
            self.stdout.write(_("后台任务进程 %(name)s 已停止。") % {"name": worker.name})
