"""Shared fixtures: a small world of agencies, staff in every role, public accounts and items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from fazhi.core import clock as sysclock
from tests import factories as f


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    previous = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher", *previous]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    yield
    settings.PASSWORD_HASHERS = previous
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _reset_today():
    yield
    sysclock.set_today(None)


@pytest.fixture
def today():
    """Freeze "today" to a known working day; tests move it with sysclock.set_today()."""
    day = dt.date(2026, 11, 2)  # a Monday
    sysclock.set_today(day)
    return day


@dataclass
class World:
    agency: object
    city: object
    other: object
    users: dict
    item: object


STAFF_ROLES = {
    "clerk": "intake_clerk",
    "handler": "case_handler",
    "head": "section_head",
    "deputy": "deputy_director",
    "director": "director",
    "legal": "legal_reviewer",
    "officer1": "enforcement_officer",
    "sysadmin": "system_admin",
    "secadmin": "security_admin",
    "auditor": "audit_admin",
}


@pytest.fixture
def world(db):
    agency = f.agency("hlj", short_name="黑档", name="黑龙江省档案局")
    city = f.agency("harbin", parent=agency, short_name="哈档", name="哈尔滨市档案局")
    other = f.agency("other", short_name="吉档", name="吉林省档案局")
    users = {name: f.staff(name, agency, role) for name, role in STAFF_ROLES.items()}
    users["city_clerk"] = f.staff("city_clerk", city, "intake_clerk")
    users["other_clerk"] = f.staff("other_clerk", other, "intake_clerk")
    users["other_handler"] = f.staff("other_handler", other, "case_handler")
    users["citizen"] = f.person("citizen")
    users["citizen2"] = f.person("citizen2", birth="19900101")
    users["company"] = f.legal_person("company")
    item = f.item(agency, 1, code="dag-xk-002")
    return World(agency=agency, city=city, other=other, users=users, item=item)
