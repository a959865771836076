"""Properties of the day counting, over the seeded calendar and the unloaded years around it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.workdays.calendar import compute_deadline, day_status, remaining_workdays

pytestmark = pytest.mark.django_db

starts = st.dates(min_value=date(2003, 6, 1), max_value=date(2027, 12, 31))


def _days(a: date, b: date):
    d = a
    while d < b:
        d += timedelta(days=1)
        yield d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=starts, days=st.integers(min_value=1, max_value=400))
def test_workday_unit_ends_on_a_working_day_after_exactly_days_working_days(start, days):
    dl = compute_deadline(start, days, "workday")
    assert dl.due is not None and dl.due > start
    assert day_status(dl.due).workday
    working = [d for d in _days(start, dl.due) if day_status(d).workday]
    assert len(working) == days == dl.counted
    # The explanation lists exactly the days that were not counted.
    assert [s.date for s in dl.skipped] == [d for d in _days(start, dl.due) if not day_status(d).workday]
    assert remaining_workdays(start, dl.due) == days
    assert dl.provisional == any(day_status(d).provisional for d in _days(start, dl.due))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=starts, days=st.integers(min_value=1, max_value=400))
def test_calendar_unit_ends_on_the_first_working_day_from_the_last_day(start, days):
    dl = compute_deadline(start, days, "calendar")
    last = start + timedelta(days=days)
    assert dl.due >= last
    assert day_status(dl.due).workday
    moved = [last + timedelta(days=i) for i in range((dl.due - last).days)]
    assert all(not day_status(d).workday for d in moved)
    assert [s.date for s in dl.skipped] == moved


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=starts, b=starts)
def test_remaining_workdays_equals_the_day_by_day_count(a, b):
    """The arithmetic count (weekdays, then the special days of the loaded years) is the walk over day_status."""
    lo, hi = min(a, b), max(a, b)
    walked = sum(1 for d in _days(lo, hi) if day_status(d).workday)
    assert remaining_workdays(a, b) == (walked if b > a else -walked)
