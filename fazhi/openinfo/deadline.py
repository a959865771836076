"""The clock of proactive disclosure. 《政府信息公开条例》（2019）第二十六条：属于主动公开范围的政府信息，应当自该政府
信息形成或者变更之日起20个工作日内予以公开。 The due date is counted on the working-day calendar (fazhi/workdays:
weekends, statutory holidays and make-up working days; the day of forming or changing itself is not counted, 民法典
第二百零一条), never by hand here."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.process.selectors import Warning, due_warning
from fazhi.workdays.calendar import UNIT_WORKDAY, compute_deadline

PERIOD_WORKDAYS = 20  # 第二十六条


def due_on(start: dt.date) -> dt.date:
    """The last day to publish information formed or changed on ``start``."""
    return compute_deadline(start, PERIOD_WORKDAYS, UNIT_WORKDAY).due


def late(made_on: dt.date | None, published_on: dt.date | None) -> bool:
    """Published after the 20 working days (逾期公开)."""
    if made_on is None or published_on is None:
        return False
    return published_on > due_on(made_on)


def item_warning(item, today: dt.date | None = None) -> tuple[dt.date, Warning] | None:
    """For an item waiting to be published (new, or changed since): its due date and the warning (red: overdue,
    yellow: 3 working days or less left); None when nothing is waiting."""
    if not item.pending or item.status == item.Status.WITHDRAWN:
        return None
    due = due_on(item.clock_start)
    return due, due_warning(due, today=today or sysclock.today())
