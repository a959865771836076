"""fazhi serve: the demo server, one command for everything: Django's server, and an in-process worker thread
that runs the background jobs (fazhi.jobs), among them the statutory clock tick every minute.

In production run gunicorn app servers and `fazhi worker` processes instead (docs/deployment.md)."""

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


def _worker(tick_every: int, stop: threading.Event) -> None:
    from fazhi.jobs.handlers import CLOCKS_TICK
    from fazhi.jobs.worker import Worker, default_name

    worker = Worker(default_name(), poll=1.0, every={CLOCKS_TICK: tick_every},
                    echo=lambda line: print(line, flush=True))
    try:
        worker.run(stop)
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = ("Serve Fazhi (development server) with an in-process worker: background jobs and `clocks tick` every "
            "minute.")

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--tick-every", type=int, default=60)
        parser.add_argument("--no-worker", action="store_true",
                            help="no in-process worker (run `fazhi worker` separately)")

    def handle(self, *args, **opts):
        from fazhi.process.services import TickAlreadyRunning, clocks_tick

        try:
            fired = clocks_tick()
            self.stdout.write(f"clocks tick: {len(fired)} fired at start")
        except TickAlreadyRunning:
            self.stdout.write("clocks tick: already running elsewhere")
        stop = threading.Event()
        if not opts["no_worker"]:
            threading.Thread(target=_worker, args=(opts["tick_every"], stop), daemon=True, name="worker").start()
            self.stdout.write(f"worker: background jobs; clocks tick every {opts['tick_every']} s")
        self.stdout.write(f"Fazhi: http://{opts['addr']}/")
        time.sleep(0.1)
        try:
            call_command("runserver", opts["addr"], use_reloader=False, use_threading=True)
        finally:
            stop.set()
