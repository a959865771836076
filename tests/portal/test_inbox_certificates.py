"""The inbox warns of the agency's enforcement certificates expiring within 90 days, and of expired ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.inspection.models import Officer

pytestmark = pytest.mark.django_db


def _officer(agency, number, until):
    return Officer.objects.create(agency=agency, name=f"员{number}", certificate_number=number,
                                  issuing_authority="省政府", valid_from=dt.date(2020, 1, 1), valid_until=until)


def test_inbox_lists_expiring_certificates(world, today):
    _officer(world.agency, "W-1", today + dt.timedelta(days=30))
    _officer(world.agency, "W-2", today - dt.timedelta(days=3))
    _officer(world.agency, "W-3", today + dt.timedelta(days=91))
    _officer(world.other, "W-4", today + dt.timedelta(days=10))
    c = Client()
    c.force_login(world.users["head"], backend="django.contrib.auth.backends.ModelBackend")
    html = c.get("/staff/inbox/").content.decode()
    assert "执法证到期提醒" in html
    assert "W-1" in html and "W-2" in html and "已过期" in html
    assert "W-3" not in html and "W-4" not in html
