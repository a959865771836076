"""The application period (申请期限) of 《中华人民共和国行政复议法》 (below 复议法), checked at intake:

* 第二十条第一款: within 60 days of the day the applicant knew or should have known of the act (calendar days:
  the day of knowing is not counted, 民法典第二百零一条; a last day on a rest day moves to the next working day,
  民法典第二百零三条, via 复议法第八十八条第一款 → 民事诉讼法 on periods);
* 第二十条第二款: force majeure or another justified reason — the period continues once the obstacle is gone (the
  organ judges the claim at the admission review);
* 第二十条第三款: the act did not tell the remedy (right, organ, period) — the 60 days count from knowing the remedy,
  but at most one year from knowing the act's content;
* 第二十一条: never more than five years after the act was made (twenty for real property, 不动产).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fazhi.workdays.calendar import compute_deadline, day_status

DAYS = 60
LAW = "《中华人民共和国行政复议法》"


def add_years(d: dt.date, years: int) -> dt.date:
    """民法典第二百零二条: a period in years ends on the corresponding day; with none (29 February), the month's end."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def roll_to_workday(d: dt.date) -> dt.date:
    """民法典第二百零三条: a last day on a rest day moves to the first working day after it."""
    while not day_status(d).workday:
        d += dt.timedelta(days=1)
    return d


@dataclass(frozen=True)
class Limit:
    due: dt.date  # the 60th day from knowing (moved off a rest day)
    provisional: bool
    late: bool  # received after ``due``
    # 第二十条第三款: the alternative due date (60 days from knowing the remedy, capped at one year from knowing the
    # act); None when the exception is not claimed.
    remedy_due: dt.date | None = None
    late_even_with_remedy_rule: bool = False
    # 第二十一条: five years from the act (the organ checks the twenty years of real property itself).
    outer_due: dt.date | None = None
    beyond_outer: bool = False


def application_limit(*, known_on: dt.date, received_on: dt.date, act_date: dt.date | None = None,
                      remedy_known_on: dt.date | None = None) -> Limit:
    deadline = compute_deadline(known_on, DAYS, "calendar")
    remedy_due = None
    late_even = False
    if remedy_known_on is not None:
        cap = roll_to_workday(add_years(known_on, 1))
        remedy_due = min(compute_deadline(remedy_known_on, DAYS, "calendar").due, cap)
        late_even = received_on > remedy_due
    outer_due = roll_to_workday(add_years(act_date, 5)) if act_date else None
    return Limit(due=deadline.due, provisional=deadline.provisional, late=received_on > deadline.due,
                 remedy_due=remedy_due, late_even_with_remedy_rule=late_even, outer_due=outer_due,
                 beyond_outer=bool(outer_due and received_on > outer_due))


def _date(raw) -> dt.date | None:
    if not raw:
        return None
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def late_message(known_on: dt.date, due: dt.date) -> str:
    return _(
        "已超过申请期限：申请行政复议应当自知道或者应当知道该行政行为之日起六十日内提出（%(law)s第二十条第一款）。"
        "自%(known)s的次日起算，至%(due)s届满（期限最后一日为法定休假日的，以休假日结束的次日为最后一日）。"
        "如因不可抗力或者其他正当理由耽误了申请期限（自障碍消除之日起继续计算，第二十条第二款），或者行政机关作出行政行为时"
        "未告知您申请行政复议的权利、行政复议机关和申请期限（自知道之日起计算，但自知道行政行为内容之日起最长不超过一年，"
        "第二十条第三款），请在“逾期理由”中选择并说明，由行政复议机关审查认定。自行政行为作出之日起超过五年（因不动产提出的"
        "超过二十年）的，行政复议机关不予受理（第二十一条）。"
    ) % {"law": LAW, "known": f"{known_on.year}年{known_on.month}月{known_on.day}日",
         "due": f"{due.year}年{due.month}月{due.day}日"}


def validate_application(fields: dict, *, received_on: dt.date, today: dt.date | None = None,
                         channel: str = "") -> dict:
    """The intake's extra checks of a reconsideration application (RequestKind.validate): {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    known_on = _date(fields.get("known_on"))
    act_date = _date(fields.get("act_date"))
    remedy_known_on = _date(fields.get("remedy_known_on"))
    if known_on is None:
        return errors
    if known_on > received_on:
        errors["known_on"] = [_("知道该行政行为之日不能晚于提出申请之日。")]
        return errors
    if act_date and act_date > known_on:
        errors["act_date"] = [_("行政行为作出日期不能晚于知道该行政行为之日。")]
        return errors
    if remedy_known_on and remedy_known_on < known_on:
        errors["remedy_known_on"] = [_("知道申请行政复议的权利和期限之日不能早于知道该行政行为之日。")]
        return errors
    if remedy_known_on and remedy_known_on > received_on:
        errors["remedy_known_on"] = [_("知道申请行政复议的权利和期限之日不能晚于提出申请之日。")]
        return errors
    if act_date and received_on > roll_to_workday(add_years(act_date, 20)):
        errors["act_date"] = [_("自行政行为作出之日起已超过二十年，行政复议机关不予受理（%(law)s第二十一条）。") % {
            "law": LAW}]
        return errors
    limit = application_limit(known_on=known_on, received_on=received_on, act_date=act_date,
                              remedy_known_on=remedy_known_on)
    if not limit.late:
        return errors
    exception = fields.get("limit_exception") or ""
    if not exception:
        errors["known_on"] = [late_message(known_on, limit.due)]
        return errors
    if not (fields.get("limit_exception_note") or "").strip():
        errors["limit_exception_note"] = [_("请说明耽误申请期限的理由（障碍发生和消除的时间，或者未被告知的情况）。")]
    if exception == "not_informed":
        if remedy_known_on is None:
            errors["remedy_known_on"] = [_("未被告知复议权利的，请填写知道申请行政复议的权利、行政复议机关和申请期限之日"
                                           "（%(law)s第二十条第三款）。") % {"law": LAW}]
        elif limit.late_even_with_remedy_rule:
            due = limit.remedy_due
            errors["remedy_known_on"] = [_(
                "即使适用%(law)s第二十条第三款，申请期限也已于%(due)s届满：自知道申请行政复议的权利和期限之日起六十日，且自"
                "知道行政行为内容之日起最长不超过一年。") % {"law": LAW, "due": f"{due.year}年{due.month}月{due.day}日"}]
    return errors
