"""Signals of the working-day calendar."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ``calendar_load_year`` after a year's special days were replaced (inside the same transaction,
# after the calendar cache was cleared), with ``year=<int>``. The process engine connects a receiver that
# recomputes the due dates that were provisional for that year.
calendar_year_loaded = Signal()
