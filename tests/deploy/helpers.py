"""Shared by the deployment tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from fazhi.licensing.services import Upload, application_submit
from tests import factories as f

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (SKIP LOCKED, advisory locks, concurrent connections): "
           "run with DATABASE_URL=postgres://…",
)

APPLIED_ON = dt.date(2026, 11, 2)  # a Monday; the intake clock (5 working days) is due on 9 November
OVERDUE_ON = dt.date(2026, 11, 10)  # the first day past it: deemed acceptance is due


def submit(world, who: str = "citizen"):
    uploads = [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.name)) for m in world.item.materials.all() if m.required]
    case, _code = application_submit(item=world.item, actor=world.users[who], fields=f.valid_fields(world.item),
                                     uploads=uploads, channel="online")
    return case
