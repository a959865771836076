"""``fazhi calendar load YEAR FILE`` / ``fazhi calendar show YEAR`` / ``fazhi calendar seed``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from fazhi.workdays.calendar import (
    WEEKDAY_NAMES,
    calendar_load_year,
    calendar_seed_from_chinesecalendar,
    chinesecalendar_years,
    parse_calendar_file,
)
from fazhi.workdays.models import CalendarYear, SpecialDay


def _year(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"年份不正确：{value}") from None


class Command(BaseCommand):
    help = (
        "Working-day calendar. 'load YEAR FILE' loads a year's holidays and make-up working days from a CSV "
        "(date,kind,name) or JSON file; 'show YEAR' prints a year's special days; 'seed' (re)loads the years "
        "the chinesecalendar package covers."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,show,seed}")
        load = sub.add_parser("load", help="load YEAR from FILE (.csv or .json)")
        load.add_argument("year")
        load.add_argument("file")
        load.add_argument("--note", default="", help="说明，如 国办发明电〔2026〕X号")
        load.add_argument("--user", default=None, help="username recorded as the loader (default: none)")
        show = sub.add_parser("show", help="print YEAR's special days")
        show.add_argument("year")
        seed = sub.add_parser("seed", help="load the years chinesecalendar covers (idempotent)")
        seed.add_argument("--year", dest="years", type=int, action="append", default=None,
                          help="only this year (repeatable)")
        seed.add_argument("--force", action="store_true",
                          help="also overwrite years an administrator loaded")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "load":
            return self._load(opts)
        if action == "show":
            return self._show(_year(opts["year"]))
        return self._seed(opts)

    def _load(self, opts):
        year = _year(opts["year"])
        path = Path(opts["file"])
        try:
            content = path.read_bytes()
        except OSError as e:
            raise CommandError(f"无法读取文件 {path}：{e.strerror or e}") from None
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"]).first()
            if actor is None:
                raise CommandError(f"用户不存在：{opts['user']}")
        try:
            holidays, workdays = parse_calendar_file(year, content, path.name)
            calendar_load_year(year=year, holidays=holidays, workdays=workdays, actor=actor,
                               source=CalendarYear.Source.ADMIN, note=opts["note"])
        except ValidationError as e:
            raise CommandError(f"{year} 年日历未导入：\n" + "\n".join(e.messages)) from None
        self.stdout.write(f"已导入 {year} 年日历：放假 {len(holidays)} 天，调休上班 {len(workdays)} 天。")

    def _show(self, year: int):
        row = CalendarYear.objects.filter(year=year).select_related("loaded_by").first()
        if row is None:
            raise CommandError(f"{year} 年日历尚未导入：该年的期限按仅周末休息推算，并标为暂定。")
        who = f"，导入人 {row.loaded_by}" if row.loaded_by else ""
        self.stdout.write(
            f"{year} 年 · 来源 {row.get_source_display()} · {row.loaded_at:%Y-%m-%d %H:%M}{who}"
            + (f" · {row.note}" if row.note else "")
        )
        for day in SpecialDay.objects.filter(year=row).order_by("date"):
            self.stdout.write(
                f"{day.date.isoformat()}  {WEEKDAY_NAMES[day.date.weekday()]}  {day.get_kind_display()}  {day.name}"
            )

    def _seed(self, opts):
        try:
            written = calendar_seed_from_chinesecalendar(opts["years"], force=opts["force"])
        except (ValueError, ValidationError) as e:
            msg = "；".join(e.messages) if isinstance(e, ValidationError) else str(e)
            raise CommandError(msg) from None
        covered = chinesecalendar_years()
        if written:
            self.stdout.write(f"已从 chinesecalendar 导入：{', '.join(map(str, written))}。")
        else:
            self.stdout.write(f"日历已是最新（chinesecalendar 覆盖 {covered[0]}–{covered[-1]} 年）。")
