"""The API token endpoint asks staff for the TOTP code too (``otp``), with Chinese messages and codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from fazhi.core.models import AuditEvent
from fazhi.security.models import PasswordHistory
from tests import factories as f
from tests.security.conftest import code_at, enrol

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token"


def token(client: Client, username: str, otp: str | None = None):
    body = {"username": username, "password": f.PASSWORD}
    if otp is not None:
        body["otp"] = otp
    return client.post(URL, body, content_type="application/json")


def test_staff_need_a_code(world, totp_required):
    client = Client()
    r = token(client, "handler")  # no device yet
    assert r.status_code == 401 and r.json()["error"] == "otp_required" and "绑定动态口令" in r.json()["message"]

    secret = enrol(world.users["handler"])
    r = token(client, "handler")
    assert r.status_code == 401 and r.json()["error"] == "otp_required" and "动态验证码" in r.json()["message"]
    r = token(client, "handler", otp="000000" if code_at(secret, 1) != "000000" else "111111")
    assert r.status_code == 401 and r.json()["error"] == "bad_otp"
    assert AuditEvent.objects.filter(action="security.totp_failed", detail__channel="api").exists()

    r = token(client, "handler", otp=code_at(secret, 1))
    assert r.status_code == 200 and r.json()["token"]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {r.json()['token']}"}
    assert Client().get("/api/v1/licensing/statistics", **bearer).status_code != 401  # 422: the token is good

    r = token(client, "handler", otp=code_at(secret, 1))  # replay
    assert r.status_code == 401 and r.json()["error"] == "bad_otp"


def test_wrong_codes_lock_the_token_endpoint(world, totp_required):
    enrol(world.users["head"])
    client = Client()
    for _ in range(4):
        assert token(client, "head", otp="999999x").json()["error"] == "bad_otp"
    assert token(client, "head", otp="999999x").status_code == 429  # the failure that locks (axes' response)
    r = token(client, "head", otp="999999x")
    assert r.status_code == 429 and r.json()["error"] == "locked"


def test_public_accounts_and_optional_mode_need_no_code(world, settings):
    settings.FAZHI_STAFF_TOTP = "required"
    assert token(Client(), "citizen").status_code == 200
    settings.FAZHI_STAFF_TOTP = "optional"
    assert token(Client(), "clerk").status_code == 200


def test_an_expired_staff_password_gets_no_token(world, totp_required):
    secret = enrol(world.users["legal"])
    PasswordHistory.objects.filter(user=world.users["legal"]).update(created_at=timezone.now() - dt.timedelta(days=91))
    r = token(Client(), "legal", otp=code_at(secret, 1))
    assert r.status_code == 401 and r.json()["error"] == "password_expired" and "密码已过期" in r.json()["message"]
