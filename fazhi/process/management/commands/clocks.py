import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from fazhi.process.services import TickAlreadyRunning, clocks_tick


class Command(BaseCommand):
    help = ("fazhi clocks tick [--today YYYY-MM-DD]: fire time-based transitions (e.g. deemed acceptance). Idempotent; "
            "safe to run on several servers at once (one tick at a time, the others report it and stop).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["tick"])
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, **opts):
        try:
            fired = clocks_tick(today=opts["today"])
        except TickAlreadyRunning:
            self.stdout.write(_("另一进程正在推进时钟（tick already running），本次跳过。"))
            return
        for number, name in fired:
            self.stdout.write(f"{number}: {name}")
        self.stdout.write(f"完成：触发 {len(fired)} 项。")
