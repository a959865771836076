"""Calendar API (mounted at /api/v1/calendar): a public deadline calculator."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.errors import ApiError, list_separator
from fazhi.workdays.calendar import UNITS, compute_deadline, parse_iso_date

router = Router(tags=["calendar"])

MAX_DAYS = 3650


class SkippedOut(Schema):
    date: dt.date
    reason: str


class DeadlineOut(Schema):
    due: dt.date | None
    provisional: bool
    skipped: list[SkippedOut]


class ErrorOut(Schema):
    error: str
    message: str
    fields: dict[str, list[str]]


@router.get(
    "/deadline",
    auth=None,
    response={200: DeadlineOut, 400: ErrorOut},
    summary="计算期限",
    description=(
        "起算日当天不计入（民法典第二百零一条）。unit=workday 按工作日计算（不含法定节假日和周末，含调休上班日）；"
        "unit=calendar 按自然日计算，期间最后一日是法定休假日的，顺延至休假日结束的次日（民法典第二百零三条）。"
        "provisional=true 表示期限涉及尚未导入放假安排的年份，仅按周末推算。"
    ),
)
def deadline(request, start: str = "", days: str = "", unit: str = "workday"):
    fields: dict[str, list[str]] = {}
    start_date = None
    try:
        start_date = parse_iso_date(start)
    except ValueError as e:
        fields["start"] = [_("请提供起算日期（YYYY-MM-DD）。") if not start.strip() else _("%(error)s。") % {"error": e}]
    n = None
    text = days.strip()
    if not text:
        fields["days"] = [_("请提供期间天数。")]
    else:
        try:
            n = int(text)
        except ValueError:
            fields["days"] = [_("期间天数应为整数。")]
        else:
            if n < 0 or n > MAX_DAYS:
                fields["days"] = [_("期间天数应在 0 到 %(max)s 之间。") % {"max": MAX_DAYS}]
    if unit not in UNITS:
        fields["unit"] = [_("期间单位应为 workday（工作日）或 calendar（自然日）。")]
    if fields:
        message = list_separator().join(m for msgs in fields.values() for m in msgs)
        raise ApiError(message, fields=fields, code="invalid")
    result = compute_deadline(start_date, n, unit)
    return {
        "due": result.due,
        "provisional": result.provisional,
        "skipped": [{"date": s.date, "reason": s.reason} for s in result.skipped],
    }
