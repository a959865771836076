"""An archives world: the shared world (today Monday 2 November 2026) with the bureau's archive services and its
reading room open for November, and helpers to book and act through the front doors."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from fazhi.archives.demo import ensure_services
from fazhi.archives.services import slots_open
from fazhi.core.demo.load import resident_id_with_check

BACKEND = "django.contrib.auth.backends.ModelBackend"
TUESDAY = dt.date(2026, 11, 3)
ID = resident_id_with_check("23010319850612003")


@pytest.fixture
def aw(world, today):
    world.services = ensure_services(world.agency)
    slots_open(actor=None, agency=world.agency, start=today, end=dt.date(2026, 11, 30), capacity=2)
    return world


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, payload: dict):
    return c.post(url, json.dumps(payload), content_type="application/json")


def booking(**over) -> dict:
    data = {"service": "dag-fw-001", "id_type": "resident", "id_number": ID, "purpose": "research",
            "archives_wanted": "1956年哈尔滨市工业普查档案", "mode": "online", "access": "open"}
    data.update(over)
    return data


def book(user, **over):
    return post(client(user), "/api/v1/archives/bookings", booking(**over))


def fire(case_id: int, name: str, user, comment: str = "", **data):
    return post(client(user), f"/api/v1/cases/{case_id}/transitions/{name}", {"comment": comment, "data": data})
