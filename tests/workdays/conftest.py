from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.models import Agency, User
from fazhi.workdays.calendar import calendar_cache_clear

PASSWORD = "correct-horse-battery-9"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def agency(db):
    return Agency.objects.create(code="hlj-da", name="黑龙江省档案局", short_name="黑档", level="province")


def _staff(agency, username, roles):
    return User.objects.create_user(username=username, password=PASSWORD, kind="staff", agency=agency, roles=roles)


@pytest.fixture
def sysadmin(agency):
    return _staff(agency, "sysadmin", ["system_admin"])


@pytest.fixture
def handler(agency):
    return _staff(agency, "handler", ["case_handler"])


@pytest.fixture
def public_user(db):
    return User.objects.create_user(username="citizen", password=PASSWORD, kind="person")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client
