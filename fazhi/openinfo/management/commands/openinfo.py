"""``fazhi openinfo overdue [--agency CODE] [--today YYYY-MM-DD]``: the manual items of the 主动公开目录 waiting for
publication past the 20 working days of 《政府信息公开条例》第二十六条 (new, or changed and not republished), one a
line. Exit 1 when there is any (for cron), 0 otherwise."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency
from fazhi.openinfo import selectors
from fazhi.workdays.calendar import remaining_workdays


class Command(BaseCommand):
    help = "The proactive disclosure catalogue: list items overdue for publication (exit 1 if any)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{overdue}")
        o = sub.add_parser("overdue", help="items not published within 20 working days of being made or changed")
        o.add_argument("--agency", help="only this agency (code)")
        o.add_argument("--today", help="count as of this day (YYYY-MM-DD)")

    def handle(self, *args, **o):
        today = sysclock.today()
        if o.get("today"):
            try:
                today = dt.date.fromisoformat(o["today"])
            except ValueError:
                raise CommandError("--today must be YYYY-MM-DD") from None
        agency_id = None
        if o.get("agency"):
            agency = Agency.objects.filter(code=o["agency"]).first()
            if agency is None:
                raise CommandError(f"unknown agency {o['agency']!r}")
            agency_id = agency.pk
        rows = selectors.overdue_items(today, agency_id)
        for item, due in rows:
            start = item.clock_start
            what = "变更" if item.version else "形成"
            late = -remaining_workdays(today, due)
            self.stdout.write(f"{item.agency.code}\t#{item.pk}\t{item.title}\t{what}于{start.isoformat()}\t"
                              f"应于{due.isoformat()}前公开\t已超期{late}个工作日")
        if rows:
            raise CommandError(f"{len(rows)} item(s) overdue for publication (政府信息公开条例第二十六条)",
                               returncode=1)
        self.stdout.write(f"no item overdue for publication on {today.isoformat()}")
