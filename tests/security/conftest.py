"""Helpers of the staff-authentication tests: TOTP required (as in production), enrolling a device, and the
codes an authenticator app would show (pyotp)."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from fazhi.security import services


@pytest.fixture
def totp_required(settings):
    settings.FAZHI_STAFF_TOTP = "required"
    return settings


def code_at(secret: str, steps_ahead: int = 0) -> str:
    """The code the app shows now (``steps_ahead`` 30-second steps later: the next code)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enrol(user) -> str:
    """Enrol and confirm a device for ``user`` (the confirmation uses the current step); returns the secret.
    A login right after must use ``code_at(secret, 1)``: the current step was used."""
    pending = services.totp_enrolment_start(user=user)
    services.totp_enrolment_confirm(user=user, code=code_at(pending["secret"]))
    return pending["secret"]


def secret_on_page(html: str) -> str:
    return re.search(r'data-secret="([A-Z2-7]+)"', html).group(1)
