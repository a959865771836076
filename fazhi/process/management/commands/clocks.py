import datetime as dt

from django.core.management.base import BaseCommand

from fazhi.process.services import clocks_tick


class Command(BaseCommand):
    help = "fazhi clocks tick [--today YYYY-MM-DD]: fire time-based transitions (e.g. deemed acceptance). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["tick"])
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args, **opts):
        fired = clocks_tick(today=opts["today"])
        for number, name in fired:
            self.stdout.write(f"{number}: {name}")
        self.stdout.write(f"完成：触发 {len(fired)} 项。")
