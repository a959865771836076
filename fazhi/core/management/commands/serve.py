"""fazhi serve: the demo server, with the statutory clocks ticking every minute by themselves."""

import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


def _ticker(interval: int, stop: threading.Event) -> None:
    from fazhi.process.services import clocks_tick

    while not stop.wait(interval):
        try:
            close_old_connections()
            clocks_tick()
        except Exception as exc:  # keep ticking; the next minute tries again
            print(f"clocks tick failed: {exc}", flush=True)
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Serve Fazhi (development server) and run `clocks tick` every minute in the background."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--tick-every", type=int, default=60)

    def handle(self, *args, **opts):
        from fazhi.process.services import clocks_tick

        fired = clocks_tick()
        self.stdout.write(f"clocks tick: {len(fired)} fired at start; ticking every {opts['tick_every']} s")
        stop = threading.Event()
        threading.Thread(target=_ticker, args=(opts["tick_every"], stop), daemon=True, name="clocks").start()
        self.stdout.write(f"Fazhi: http://{opts['addr']}/")
        time.sleep(0.1)
        try:
            call_command("runserver", opts["addr"], use_reloader=False, use_threading=True)
        finally:
            stop.set()
