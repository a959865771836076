"""Working days and statutory deadlines over the calendar in the database, plus the writes of the calendar.

Reading (pure functions over the DB calendar, cached per process per year):

- ``day_status(d)``: is ``d`` a working day, and why (周六 / 国庆节 / 调休上班（周六）).
- ``compute_deadline(start, days, unit, excluded)``: the due date of a statutory period, with the days it
  skipped and why.
- ``remaining_workdays(today, due)``: working days left (negative once overdue), for inbox warnings.

Writing (services): ``calendar_load_year``, ``calendar_seed_from_chinesecalendar``, and the file parser
``parse_calendar_file`` used by the upload page and ``fazhi calendar load``.

The rules, each cited where it is applied below:

- 民法典 art. 201: the day on which a period starts is not counted; counting starts the next day.
- 民法典 art. 203: if the last day of a period is a rest day (法定休假日, which includes weekends), the period
  ends on the day after the rest days end. Make-up working days (调休上班) are working days.
- 工作日 (e.g. 行政许可法 art. 82: 本法规定的行政机关实施行政许可的期限以工作日计算，不含法定节假日):
  Monday–Friday, minus the statutory holidays (全国年节及纪念日放假办法 art. 2, 国务院关于职工工作时间的规定
  art. 7 for the weekend), plus the weekend days the State Council's yearly notice makes working days.
- Suspension (e.g. 行政许可法 art. 45: 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在本节规定的
  期限内): the days of a suspension are not counted and the clock resumes with its remaining budget.
- A year with no loaded calendar is computed on a weekends-only assumption and marked provisional: never
  silently wrong (docs/domain.md, "Day counting").
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_migrate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.services import audit_record
from fazhi.workdays.models import CalendarYear, SpecialDay
from fazhi.workdays.signals import calendar_year_loaded

# Reasons and messages are in the active language (Chinese unless the user chose English); holiday names
# are data and stay as loaded.
WEEKDAY_NAMES = (gettext_lazy("周一"), gettext_lazy("周二"), gettext_lazy("周三"), gettext_lazy("周四"),
                 gettext_lazy("周五"), gettext_lazy("周六"), gettext_lazy("周日"))
UNIT_WORKDAY = "workday"
UNIT_CALENDAR = "calendar"
UNITS = (UNIT_WORKDAY, UNIT_CALENDAR)
REASON_WORKDAY = gettext_lazy("工作日")
DEFAULT_MAKEUP_NAME = "调休上班"
YEAR_MIN, YEAR_MAX = 2000, 2100
NAME_MAX = 64
NOTE_MAX = 200
MAX_FILE_BYTES = 1024 * 1024

HOLIDAY = SpecialDay.Kind.HOLIDAY.value
WORKDAY = SpecialDay.Kind.WORKDAY.value


# ---- value types -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayStatus:
    workday: bool
    reason: str  # 工作日 / 周六 / 周日 / the holiday's name / 调休上班（周六）
    provisional: bool  # the day's year has no loaded calendar: weekends-only assumption


@dataclass(frozen=True)
class Exclusion:
    """Days in the half-open interval (after, until] are not counted: the clock was paused on ``after`` and
    resumed on ``until``. ``until=None``: still paused."""

    after: date
    until: date | None
    reason: str  # e.g. 听证, 检测, 专家评审, 补正材料

    def covers(self, d: date) -> bool:
        return d > self.after and (self.until is None or d <= self.until)


@dataclass(frozen=True)
class Skipped:
    date: date
    reason: str


@dataclass
class Deadline:
    due: date | None  # None while a suspension is still open
    provisional: bool
    skipped: list[Skipped] = field(default_factory=list)
    counted: int = 0
    remaining: int = 0  # days of the period not yet counted (0 once ``due`` is known)


# ---- the per-process cache ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _YearData:
    loaded: bool
    days: dict[date, tuple[str, str]]  # date -> (kind, name)


class _Cache:
    """Year -> special days, per process.

    Invalidated (1) by ``calendar_load_year`` in this process, and again when its transaction commits;
    (2) when a transaction (or savepoint) that loaded a year ends any other way: the cache is "tainted" by
    the atomic blocks open during the load and dropped as soon as one of them has exited, and meanwhile
    other threads do not share it (they must not see uncommitted data); (3) after ``migrate``/``flush``
    (post_migrate); (4) every ``REVALIDATE_SECONDS`` if the list of loaded years changed, so that the
    other worker processes pick up an administrator's load."""

    REVALIDATE_SECONDS = 60.0

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.years: dict[int, _YearData] = {}
        self.fingerprint: tuple | None = None
        self.checked_at: float | None = None
        self.taint: tuple[int, tuple] | None = None  # (thread id, atomic blocks open during the load)

    def clear(self) -> None:
        with self.lock:
            self.years.clear()
            self.fingerprint = None
            self.checked_at = None
            self.taint = None

    def mark_loaded_in_transaction(self) -> None:
        with self.lock:
            self.clear()
            blocks = tuple(transaction.get_connection().atomic_blocks)
            if blocks:
                self.taint = (threading.get_ident(), blocks)

    def _foreign_taint(self) -> bool:
        return self.taint is not None and self.taint[0] != threading.get_ident()

    def revalidate(self) -> None:
        with self.lock:
            if self._foreign_taint():
                return  # ``year`` bypasses the cache until that thread's transaction is over
            if self.taint is not None:
                then = self.taint[1]
                now_blocks = transaction.get_connection().atomic_blocks
                n = 0
                while n < len(then) and n < len(now_blocks) and now_blocks[n] is then[n]:
                    n += 1
                if n < len(then):  # a block open during the load has exited (committed or rolled back)
                    self.clear()
                    if n:
                        self.taint = (threading.get_ident(), then[:n])
            now = time.monotonic()
            if self.checked_at is None or now - self.checked_at >= self.REVALIDATE_SECONDS:
                fingerprint = tuple(CalendarYear.objects.order_by("year").values_list("year", "loaded_at"))
                if fingerprint != self.fingerprint:
                    self.years.clear()
                self.fingerprint = fingerprint
                self.checked_at = now

    @staticmethod
    def _read(y: int) -> _YearData:
        loaded = CalendarYear.objects.filter(year=y).exists()
        days = {
            d: (kind, name)
            for d, kind, name in SpecialDay.objects.filter(year_id=y).values_list("date", "kind", "name")
        }
        return _YearData(loaded=loaded, days=days)

    def year(self, y: int) -> _YearData:
        with self.lock:
            if not self._foreign_taint():
                data = self.years.get(y)
                if data is None:
                    data = self.years[y] = self._read(y)
                return data
        return self._read(y)


_cache = _Cache()


def calendar_cache_clear(**_kwargs) -> None:
    """Drop the cached calendar of this process (tests that write SpecialDay rows directly call this)."""
    _cache.clear()


post_migrate.connect(calendar_cache_clear, dispatch_uid="fazhi.workdays.calendar_cache_clear")


class _View:
    """One computation's view of the calendar: revalidates the cache once, then reads years lock-free."""

    def __init__(self) -> None:
        _cache.revalidate()
        self._years: dict[int, _YearData] = {}

    def year_data(self, year: int) -> _YearData:
        data = self._years.get(year)
        if data is None:
            data = self._years[year] = _cache.year(year)
        return data

    def status(self, d: date) -> DayStatus:
        return _classify(d, self.year_data(d.year))


def _classify(d: date, data: _YearData) -> DayStatus:
    weekday = d.weekday()
    entry = data.days.get(d)
    if entry is not None:
        kind, name = entry
        if kind == HOLIDAY:
            # 全国年节及纪念日放假办法 art. 2 and the yearly notice: a statutory holiday is a rest day.
            return DayStatus(workday=False, reason=name, provisional=False)
        # The yearly notice moves a weekend day to a working day (调休上班).
        return DayStatus(workday=True, reason=_("调休上班（%(weekday)s）") % {"weekday": WEEKDAY_NAMES[weekday]},
                         provisional=False)
    if weekday >= 5:
        # 国务院关于职工工作时间的规定 art. 7: Saturday and Sunday are the weekly rest days.
        return DayStatus(workday=False, reason=str(WEEKDAY_NAMES[weekday]), provisional=not data.loaded)
    return DayStatus(workday=True, reason=str(REASON_WORKDAY), provisional=not data.loaded)


# ---- reading -----------------------------------------------------------------------------------------
def day_status(d: date) -> DayStatus:
    if isinstance(d, datetime):
        raise TypeError("day_status takes a date, not a datetime")
    return _View().status(d)


def loaded_years() -> list[int]:
    return list(CalendarYear.objects.order_by("year").values_list("year", flat=True))


def _covering(d: date, exclusions: Sequence[Exclusion]) -> Exclusion | None:
    """The suspension covering ``d``; an open one (still paused) wins over a closed one."""
    found = None
    for ex in exclusions:
        if ex.covers(d):
            if ex.until is None:
                return ex
            found = found or ex
    return found


def _suspended(ex: Exclusion) -> str:
    """中止：听证. A reason given as "中止：听证" already is used as it is. The reason is translated when it
    is one of the application's own words (听证 → Hearing), kept as given otherwise."""
    reason = (ex.reason or "").strip()
    if not reason or reason == "中止":
        return _("中止")
    if reason.startswith("中止"):
        return reason
    return _("中止：%(reason)s") % {"reason": _(reason)}


def compute_deadline(
    start: date, days: int, unit: str = UNIT_WORKDAY, excluded: Sequence[Exclusion] = ()
) -> Deadline:
    """The due date of a period of ``days`` working days (``unit="workday"``) or calendar days
    (``unit="calendar"``) that starts on ``start``."""
    if isinstance(start, datetime) or not isinstance(start, date):
        raise TypeError("start must be a date")
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError("days must be an int")
    if days < 0:
        raise ValueError(_("期间天数不能为负数。"))
    if unit not in UNITS:
        raise ValueError(_("期间单位应为 workday 或 calendar。"))
    exclusions = tuple(excluded)
    for ex in exclusions:
        if ex.until is not None and ex.until < ex.after:
            raise ValueError(_("中止区间不正确：恢复日期 %(until)s 早于中止日期 %(after)s。") % {
                "until": ex.until, "after": ex.after})
    if days == 0:
        return Deadline(due=start, provisional=False, skipped=[], counted=0, remaining=0)

    view = _View()
    skipped: list[Skipped] = []
    provisional = False
    counted = 0
    d = start
    # 民法典 art. 201: the start day is not counted; counting starts the next day.
    while True:
        d += timedelta(days=1)
        ex = _covering(d, exclusions)
        if ex is not None:
            if ex.until is None:
                # Still suspended (e.g. 行政许可法 art. 45): no due date; the budget left is kept.
                return Deadline(due=None, provisional=provisional, skipped=skipped, counted=counted,
                                remaining=days - counted)
            # Suspended days are not counted, whatever kind of day they are (行政许可法 art. 45).
            skipped.append(Skipped(d, _suspended(ex)))
            continue
        status = view.status(d)
        provisional = provisional or status.provisional
        if unit == UNIT_WORKDAY:
            # 工作日: only working days count (行政许可法 art. 82), holidays and weekends are skipped and
            # make-up working days (调休上班) count.
            if not status.workday:
                skipped.append(Skipped(d, status.reason))
                continue
            counted += 1
            if counted == days:
                return Deadline(due=d, provisional=provisional, skipped=skipped, counted=counted, remaining=0)
            continue
        # Calendar days: every day counts (民法典 art. 200–201) ...
        counted += 1
        if counted < days:
            continue
        # ... but 民法典 art. 203: if the last day is a rest day (法定休假日, weekends included), the period
        # ends on the day after the rest days end.
        while True:
            ex = _covering(d, exclusions)
            if ex is not None:
                if ex.until is None:
                    return Deadline(due=None, provisional=provisional, skipped=skipped, counted=counted,
                                    remaining=0)
                skipped.append(Skipped(d, _suspended(ex)))
            else:
                status = view.status(d)
                provisional = provisional or status.provisional
                if status.workday:
                    return Deadline(due=d, provisional=provisional, skipped=skipped, counted=counted,
                                    remaining=0)
                skipped.append(Skipped(d, status.reason))
            d += timedelta(days=1)


def remaining_workdays(today: date, due: date) -> int:
    """Working days after ``today`` up to and including ``due``: 0 on the due date itself, 3 three working
    days before it. Once overdue the number is negative: minus the working days in (due, today]. That is
    still 0 on a rest day right after the due date (Saturday after a Friday deadline): overdue-ness is
    ``today > due``, this number only says by how many working days.

    Counted without walking the days (the inbox asks this for every row, and a backlog is months overdue):
    Monday to Friday in the interval by arithmetic (国务院关于职工工作时间的规定 art. 7), then each special day of
    the loaded years inside it corrects the count — a statutory holiday on a weekday is one fewer, a moved
    working day (调休上班) on a weekend one more — exactly the rules of ``_classify``."""
    if today == due:
        return 0
    view = _View()
    lo, hi = (today, due) if due > today else (due, today)
    n = _weekdays_after(lo, hi)
    for year in range(lo.year, hi.year + 1):
        for d, (kind, _name) in view.year_data(year).days.items():
            if lo < d <= hi:
                n += (kind != HOLIDAY) - (d.weekday() < 5)
    return n if due > today else -n


def _weekdays_after(lo: date, hi: date) -> int:
    """Monday to Friday in (lo, hi]."""
    weeks, rest = divmod((hi - lo).days, 7)
    n = weeks * 5
    start = lo.weekday()
    for k in range(1, rest + 1):
        if (start + k) % 7 < 5:
            n += 1
    return n


# ---- writing -----------------------------------------------------------------------------------------
def _fmt(d: date) -> str:
    return _("%(date)s（%(weekday)s）") % {"date": d.isoformat(), "weekday": WEEKDAY_NAMES[d.weekday()]}


def _validate_year(year) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not (YEAR_MIN <= year <= YEAR_MAX):
        raise ValidationError(_("年份应为 %(min)s–%(max)s 之间的整数。") % {"min": YEAR_MIN, "max": YEAR_MAX})


def _validated(
    year: int, holidays: Iterable, workdays: Iterable
) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    errors: list[str] = []
    seen: dict[date, str] = {}
    out: dict[str, list[tuple[date, str]]] = {HOLIDAY: [], WORKDAY: []}
    for kind, label, rows in ((HOLIDAY, _("放假日"), holidays), (WORKDAY, _("调休上班日"), workdays)):
        for item in rows:
            try:
                d, name = item
            except (TypeError, ValueError):
                errors.append(_("%(kind)s应为（日期, 名称），实为 %(value)s。") % {"kind": label, "value": repr(item)})
                continue
            if isinstance(d, datetime) or not isinstance(d, date):
                errors.append(_("%(kind)s的日期不是日期：%(value)s。") % {"kind": label, "value": repr(d)})
                continue
            name = str(name or "").strip()
            if kind == WORKDAY and not name:
                name = DEFAULT_MAKEUP_NAME
            problems = _day_problems(year, d, kind, name)
            if d in seen:
                problems.append(
                    (_("%(date)s 既是放假日又是调休上班日。") if seen[d] != kind else _("%(date)s 重复出现。"))
                    % {"date": d.isoformat()}
                )
            if problems:
                errors.extend(problems)
                continue
            seen[d] = kind
            out[kind].append((d, name))
    if not errors and not out[HOLIDAY]:
        errors.append(_("%(year)s 年没有任何放假日，请检查数据。") % {"year": year})
    if errors:
        raise ValidationError(errors)
    return sorted(out[HOLIDAY]), sorted(out[WORKDAY])


def _day_problems(year: int, d: date, kind: str, name: str) -> list[str]:
    problems = []
    if d.year != year:
        problems.append(_("日期 %(date)s 不在 %(year)s 年内。") % {"date": d.isoformat(), "year": year})
    if kind == HOLIDAY and not name:
        problems.append(_("放假日 %(date)s 须填写名称（如 春节、国庆节）。") % {"date": d.isoformat()})
    if len(name) > NAME_MAX:
        problems.append(_("%(date)s 的名称过长（不超过 %(max)s 个字）。") % {"date": d.isoformat(), "max": NAME_MAX})
    if kind == WORKDAY and d.weekday() < 5:
        # A make-up working day (调休上班) turns a weekend day into a working day; Mon–Fri already are.
        problems.append(_("%(day)s 不是周六或周日，调休上班日只能安排在周末。") % {"day": _fmt(d)})
    # A holiday on a weekend is allowed: the weekend days inside a holiday block are part of it.
    return problems


def calendar_load_year(
    *,
    year: int,
    holidays: list[tuple[date, str]],
    workdays: list[tuple[date, str]],
    actor=None,
    source: str = CalendarYear.Source.ADMIN,
    note: str = "",
) -> CalendarYear:
    """Replace a year's special days (atomically), audit it, clear the cache and send
    ``calendar_year_loaded(year=...)``. Raises ``ValidationError`` (Chinese messages) and changes nothing on
    bad input."""
    _validate_year(year)
    if source not in CalendarYear.Source.values:
        raise ValidationError(_("来源应为 chinesecalendar 或 admin。"))
    note = str(note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(_("说明过长（不超过 %(max)s 个字）。") % {"max": NOTE_MAX})
    hol, wd = _validated(year, holidays, workdays)
    user = actor if (actor is not None and getattr(actor, "pk", None)) else None
    with transaction.atomic():
        previous = CalendarYear.objects.select_for_update().filter(year=year).first()
        previous_days = SpecialDay.objects.filter(year_id=year).count() if previous else 0
        SpecialDay.objects.filter(year_id=year).delete()
        row, _created = CalendarYear.objects.update_or_create(
            year=year,
            defaults={"source": source, "loaded_at": timezone.now(), "loaded_by": user, "note": note},
        )
        SpecialDay.objects.bulk_create(
            [SpecialDay(date=d, kind=HOLIDAY, name=n, year=row) for d, n in hol]
            + [SpecialDay(date=d, kind=WORKDAY, name=n, year=row) for d, n in wd]
        )
        audit_record(
            actor=user,
            action="calendar.load",
            object_type="calendar_year",
            object_id=str(year),
            detail={
                "year": year,
                "source": source,
                "note": note,
                "holidays": len(hol),
                "workdays": len(wd),
                "replaced": previous is not None,
                "previous_source": previous.source if previous else None,
                "previous_special_days": previous_days,
            },
        )
        _cache.mark_loaded_in_transaction()
        transaction.on_commit(calendar_cache_clear)
        calendar_year_loaded.send(sender=CalendarYear, year=year)
    return row


# ---- chinesecalendar ---------------------------------------------------------------------------------
# chinesecalendar names the holidays in English; the calendar shows the names of 全国年节及纪念日放假办法.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    # 国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知 (国发明电〔2015〕3号)
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _holiday_name_zh(english: str) -> str:
    if english in HOLIDAY_NAMES_ZH:
        return HOLIDAY_NAMES_ZH[english]
    import chinese_calendar

    try:  # a name added by a newer chinesecalendar: its own Chinese label
        return chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english


def chinesecalendar_years() -> list[int]:
    import chinese_calendar

    return sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})


def chinesecalendar_data(
    years: Iterable[int] | None = None,
) -> dict[int, tuple[list[tuple[date, str]], list[tuple[date, str]]]]:
    """Year -> (holidays, make-up working days), with Chinese names, from the chinesecalendar package.

    chinesecalendar omits a few weekend days inside a holiday block (e.g. Sunday 2011-06-05 inside 端午节
    2011-06-04..06): they are rest days anyway, but get the holiday's name here so explanations read
    "端午节", not "周日". Only gaps of at most two weekend days between two days of the same holiday are
    filled."""
    import chinese_calendar

    available = chinesecalendar_years()
    wanted = available if years is None else sorted(set(years))
    missing = [y for y in wanted if y not in available]
    if missing:
        raise ValueError(
            f"chinesecalendar {chinese_calendar.__version__} 不含 {', '.join(map(str, missing))} 年的数据"
            f"（覆盖 {available[0]}–{available[-1]} 年）。"
        )
    wanted_set = set(wanted)
    hol = {d: _holiday_name_zh(n) for d, n in chinese_calendar.holidays.items()}
    makeup = {d: _holiday_name_zh(n) for d, n in chinese_calendar.workdays.items()}
    ordered = sorted(hol)
    for a, b in zip(ordered, ordered[1:], strict=False):
        gap = [a + timedelta(days=i) for i in range(1, (b - a).days)]
        if gap and len(gap) <= 2 and hol[a] == hol[b] and all(g.weekday() >= 5 and g not in makeup for g in gap):
            for g in gap:
                hol[g] = hol[a]
    result: dict[int, tuple[list[tuple[date, str]], list[tuple[date, str]]]] = {y: ([], []) for y in wanted}
    for d in sorted(hol):
        if d.year in wanted_set:
            result[d.year][0].append((d, hol[d]))
    for d in sorted(makeup):
        if d.year in wanted_set:
            result[d.year][1].append((d, f"{makeup[d]}调休上班"))
    return result


def chinesecalendar_note() -> str:
    import chinese_calendar

    return f"chinesecalendar {chinese_calendar.__version__}"


def calendar_seed_from_chinesecalendar(
    years: Iterable[int] | None = None, *, actor=None, force: bool = False
) -> list[int]:
    """Load every year chinesecalendar covers (or ``years``). Idempotent: a year whose special days already
    match is left alone. A year an administrator loaded (source "admin", e.g. a correction) is kept unless
    ``force``. Returns the years written."""
    data = chinesecalendar_data(years)
    existing = {row.year: row for row in CalendarYear.objects.filter(year__in=list(data))}
    current: dict[int, set] = {}
    for d, kind, name, y in SpecialDay.objects.filter(year_id__in=list(data)).values_list(
        "date", "kind", "name", "year_id"
    ):
        current.setdefault(y, set()).add((d, kind, name))
    written = []
    for y, (hol, wd) in data.items():
        row = existing.get(y)
        if row is not None:
            if row.source == CalendarYear.Source.ADMIN and not force:
                continue
            wanted = {(d, HOLIDAY, n) for d, n in hol} | {(d, WORKDAY, n) for d, n in wd}
            if row.source == CalendarYear.Source.CHINESECALENDAR and current.get(y, set()) == wanted:
                continue
        calendar_load_year(
            year=y, holidays=hol, workdays=wd, actor=actor,
            source=CalendarYear.Source.CHINESECALENDAR, note=chinesecalendar_note(),
        )
        written.append(y)
    return written


# ---- calendar files ----------------------------------------------------------------------------------
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KINDS = {"holiday": HOLIDAY, "休": HOLIDAY, "workday": WORKDAY, "班": WORKDAY}
_HEADERS = (["date", "kind", "name"], ["日期", "类型", "名称"])


def parse_iso_date(value: str) -> date:
    """Strict YYYY-MM-DD (``date.fromisoformat`` alone also takes 20270101 and 2027-W01-1)."""
    value = (value or "").strip()
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(_("日期格式不正确，应为 YYYY-MM-DD"))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("日期 %(date)s 不存在") % {"date": value}) from None


class _Collector:
    def __init__(self, year: int) -> None:
        self.year = year
        self.errors: list[str] = []
        self.where_seen: dict[date, str] = {}
        self.holidays: list[tuple[date, str]] = []
        self.workdays: list[tuple[date, str]] = []

    def add(self, where: str, raw_date, raw_kind, raw_name) -> None:
        try:
            d = parse_iso_date(raw_date if isinstance(raw_date, str) else "")
        except ValueError as e:
            self.errors.append(_("%(where)s：%(problem)s") % {"where": where, "problem": e})
            return
        kind = _KINDS.get(str(raw_kind or "").strip().lower())
        if kind is None:
            self.errors.append(_("%(where)s：类型应为 holiday（休）或 workday（班），实为“%(kind)s”") % {
                "where": where, "kind": raw_kind})
            return
        name = str(raw_name or "").strip() if not isinstance(raw_name, (dict, list)) else ""
        if kind == WORKDAY and not name:
            name = DEFAULT_MAKEUP_NAME
        problems = _day_problems(self.year, d, kind, name)
        if d in self.where_seen:
            problems.append(_("日期 %(date)s 与%(where)s重复") % {"date": d.isoformat(), "where": self.where_seen[d]})
        if problems:
            self.errors.extend(_("%(where)s：%(problem)s") % {"where": where, "problem": p.rstrip("。.")}
                               for p in problems)
            return
        self.where_seen[d] = where
        (self.holidays if kind == HOLIDAY else self.workdays).append((d, name))

    def result(self) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
        if not self.errors and not self.holidays:
            self.errors.append(_("文件中没有任何 %(year)s 年的放假日。") % {"year": self.year})
        if self.errors:
            raise ValidationError(self.errors)
        return sorted(self.holidays), sorted(self.workdays)


def parse_calendar_file(
    year: int, content: bytes, filename: str
) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    """Parse an uploaded calendar of ``year`` into (holidays, make-up working days).

    CSV (UTF-8, optional BOM)::

        date,kind,name
        2027-02-06,holiday,春节
        2027-02-14,workday,春节调休上班

    ``kind`` is ``holiday``/``workday`` or ``休``/``班``; the name may be left empty for a working day.

    JSON: ``{"holidays": [{"date": "2027-02-06", "name": "春节"}], "workdays": [{"date": ..., "name": ...}]}``.

    Raises ``ValidationError`` with one Chinese message per bad line (第3行：…) or item."""
    _validate_year(year)
    if len(content) > MAX_FILE_BYTES:
        raise ValidationError(_("文件过大（不超过 %(kb)s KB）。") % {"kb": MAX_FILE_BYTES // 1024})
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in (".csv", ".json", ""):
        raise ValidationError(_("仅支持 CSV 或 JSON 格式的日历文件（.csv / .json）。"))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("文件不是 UTF-8 编码，请以 UTF-8 保存后重新上传。")) from None
    if not text.strip():
        raise ValidationError(_("文件为空。"))
    if suffix == ".json" or (suffix == "" and text.lstrip().startswith("{")):
        return _parse_json(year, text)
    return _parse_csv(year, text)


def _parse_csv(year: int, text: str) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    out = _Collector(year)
    reader = csv.reader(io.StringIO(text, newline=""))
    header_seen = False
    line = 0
    try:
        for row in reader:
            line = reader.line_num
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            where = _("第%(line)s行") % {"line": line}
            if not header_seen:
                if [c.lower() for c in cells[:3]] not in _HEADERS or any(cells[3:]):
                    raise ValidationError(_("%(where)s：表头应为 date,kind,name（或 日期,类型,名称）。") % {"where": where})
                header_seen = True
                continue
            while len(cells) > 3 and not cells[-1]:
                cells.pop()
            if len(cells) not in (2, 3):
                out.errors.append(_("%(where)s：应有 3 列（date,kind,name），实有 %(n)s 列") % {
                    "where": where, "n": len(cells)})
                continue
            out.add(where, cells[0], cells[1], cells[2] if len(cells) == 3 else "")
    except csv.Error as e:
        raise ValidationError(_("第%(line)s行：无法解析 CSV（%(error)s）。") % {"line": line + 1, "error": e}) from None
    if not header_seen:
        raise ValidationError(_("文件中没有表头 date,kind,name。"))
    return out.result()


def _parse_json(year: int, text: str) -> tuple[list[tuple[date, str]], list[tuple[date, str]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError(_("JSON 格式错误（第%(line)s行第%(col)s列）：%(error)s。") % {
            "line": e.lineno, "col": e.colno, "error": e.msg}) from None
    if not isinstance(data, dict):
        raise ValidationError(_('JSON 顶层应为对象：{"holidays": [...], "workdays": [...]}。'))
    out = _Collector(year)
    if "year" in data and data["year"] != year:
        out.errors.append(_("文件中的年份 %(found)s 与所选年份 %(year)s 不一致") % {"found": data["year"], "year": year})
    for key, kind in (("holidays", HOLIDAY), ("workdays", WORKDAY)):
        items = data.get(key, [])
        if not isinstance(items, list):
            out.errors.append(_("%(key)s 应为列表") % {"key": key})
            continue
        for i, item in enumerate(items, start=1):
            where = _("%(key)s 第%(i)s项") % {"key": key, "i": i}
            if isinstance(item, str):
                item = {"date": item}
            if not isinstance(item, dict):
                out.errors.append(_('%(where)s：应为 {"date": "YYYY-MM-DD", "name": "…"}') % {"where": where})
                continue
            out.add(where, item.get("date"), kind, item.get("name", ""))
    return out.result()
