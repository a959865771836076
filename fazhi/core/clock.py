"""The one source of "now" and "today". Tests and the ``--today`` option of ``fazhi clocks tick`` set it.

Dates that the law counts are ``date`` objects in Asia/Shanghai, never datetimes.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import contextmanager

from django.utils import timezone

_override: dt.date | None = None


def now() -> dt.datetime:
    """The current time; when "today" is set (tests, replaying the demo's history), that day at the
    current local time of day."""
    current = timezone.now()
    if _override is None:
        return current
    local = timezone.localtime(current)
    return local.replace(year=_override.year, month=_override.month, day=_override.day).astimezone(dt.UTC)


def today() -> dt.date:
    if _override is not None:
        return _override
    env = os.environ.get("FAZHI_TODAY")
    if env:
        return dt.date.fromisoformat(env)
    return timezone.localdate()


def set_today(value: dt.date | None) -> None:
    global _override
    _override = value


@contextmanager
def frozen_today(value: dt.date):
    previous = _override
    set_today(value)
    try:
        yield value
    finally:
        set_today(previous)
