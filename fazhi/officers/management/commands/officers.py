"""``fazhi officers warnings [--agency CODE] [--today YYYY-MM-DD] [--within DAYS]``: the certificates that expire
within the warning window (90 days) or have expired, one line each, for a cron job. Exit 0 whatever it finds
(a list is not a failure); an unknown agency or a bad date exits 1."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fazhi.core import clock
from fazhi.core.models import Agency
from fazhi.officers.services import EXPIRY_WARNING_DAYS, expiring, expiry_warning, format_day


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期无效：{value}（应为 YYYY-MM-DD）") from None


class Command(BaseCommand):
    help = (
        "Officers and their enforcement certificates. 'warnings' prints the certificates that expire within "
        f"{EXPIRY_WARNING_DAYS} days or have expired (revoked ones excepted), for every agency or --agency CODE."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{warnings}")
        warn = sub.add_parser("warnings", help="print the expiring and expired certificates")
        warn.add_argument("--agency", default="", help="agency code (default: every agency)")
        warn.add_argument("--today", default="", help="the day to count from, YYYY-MM-DD (default: today)")
        warn.add_argument("--within", type=int, default=EXPIRY_WARNING_DAYS,
                          help=f"warning window in days (default {EXPIRY_WARNING_DAYS})")

    def handle(self, *args, **opts):
        day = _day(opts["today"]) if opts["today"] else clock.today()
        if opts["within"] < 0:
            raise CommandError("--within 不能为负数")
        agency = None
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"机关不存在：{opts['agency']}")
        expired = soon = 0
        for officer in expiring(agency, day, opts["within"]).iterator(chunk_size=500):
            level, days = expiry_warning(officer, day, opts["within"])
            who = f"{officer.agency.name} {officer.name}（{officer.certificate_number}）"
            until = format_day(officer.valid_until)
            if level == "expired":
                expired += 1
                self.stdout.write(f"已过期　{who} 有效期至{until}，已过期{days}天")
            else:
                soon += 1
                when = "今天到期" if days == 0 else f"{days}天后到期"
                self.stdout.write(f"即将到期　{who} 有效期至{until}，{when}")
        scope = agency.name if agency else "全部机关"
        self.stdout.write(f"{scope}，{format_day(day)}：已过期{expired}人，{opts['within']}日内到期{soon}人。")
