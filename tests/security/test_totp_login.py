"""Staff two-factor login (GB/T 22239-2019 §8.1.4.1 d)): password, then the TOTP code, with forced enrolment
the first time; nobody is logged in before the second factor; wrong codes count toward the lockout."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.models import AuditEvent
from fazhi.security import login as pending_login
from fazhi.security.models import TotpDevice
from tests import factories as f
from tests.security.conftest import code_at, enrol, secret_on_page

pytestmark = pytest.mark.django_db

VERIFY = "/security/login/verify/"
ENROL = "/security/totp/"


def password_step(client: Client, username: str, next_url: str = ""):
    data = {"username": username, "password": f.PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_first_login_forces_enrolment_then_logs_in(world, totp_required):
    client = Client()
    r = password_step(client, "handler")
    assert r.status_code == 302 and r["Location"] == ENROL
    assert not is_logged_in(client)
    assert client.get("/staff/inbox/").status_code == 302  # not logged in before the second factor

    r = client.get(ENROL)
    html = r.content.decode()
    assert r.status_code == 200 and "<svg" in html and 'class="qr"' in html
    assert "style=" not in html and "<script" not in html  # CSP: no inline style, no script
    assert "otpauth://" not in html  # only the QR code carries the URI
    secret = secret_on_page(html)
    device = TotpDevice.objects.get(user=world.users["handler"])
    assert secret not in device.pending_secret and not device.confirmed  # stored encrypted

    r = client.post(ENROL, {"code": "000000" if code_at(secret) != "000000" else "111111"})
    assert r.status_code == 400 and "动态验证码不正确" in r.content.decode()
    assert not is_logged_in(client)

    r = client.post(ENROL, {"code": code_at(secret)})
    assert r.status_code == 302 and r["Location"] == "/staff/inbox/"
    assert is_logged_in(client)
    device.refresh_from_db()
    assert device.confirmed and device.secret and not device.pending_secret and secret not in device.secret
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert "security.totp_failed" in actions and actions[-2:] == ["security.totp_enrolled", "auth.login"]

    # the secret is never shown again: the account page only says "bound"
    html = client.get("/security/").content.decode()
    assert "已绑定" in html and secret not in html


def test_enrolled_staff_give_the_code_and_replays_are_refused(world, totp_required):
    secret = enrol(world.users["head"])
    client = Client()
    r = password_step(client, "head", next_url="/security/")
    assert r.status_code == 302 and r["Location"] == VERIFY
    assert not is_logged_in(client)
    assert client.get(ENROL).status_code == 302  # cannot enrol a new device instead of giving the code

    # the code used to confirm the device (this time step) is refused: no replay
    r = client.post(VERIFY, {"code": code_at(secret)})
    assert r.status_code == 400 and "动态验证码不正确或已使用过" in r.content.decode()
    assert not is_logged_in(client)

    r = client.post(VERIFY, {"code": code_at(secret, 1)})
    assert r.status_code == 302 and r["Location"] == "/security/"
    assert is_logged_in(client)
    failed = AuditEvent.objects.filter(action="security.totp_failed").get()
    assert failed.detail["username"] == "head" and failed.detail["stage"] == "login"

    # the same code again, in another login: refused
    other = Client()
    password_step(other, "head")
    r = other.post(VERIFY, {"code": code_at(secret, 1)})
    assert r.status_code == 400 and not is_logged_in(other)


def test_wrong_codes_count_toward_the_lockout(world, totp_required):
    enrol(world.users["clerk"])
    client = Client()
    password_step(client, "clerk")
    for _ in range(4):
        r = client.post(VERIFY, {"code": "12345"})
        assert r.status_code == 400
    r = client.post(VERIFY, {"code": "12345"})
    assert r.status_code == 429 and "锁定" in r.content.decode()
    assert pending_login.PENDING_KEY not in client.session
    # the right password no longer helps
    r = password_step(Client(), "clerk")
    assert r.status_code == 429
    assert AuditEvent.objects.filter(action="security.totp_failed").count() == 5


def test_a_pending_login_expires(world, totp_required):
    enrol(world.users["legal"])
    client = Client()
    password_step(client, "legal")
    session = client.session
    session[pending_login.PENDING_KEY]["at"] -= 301
    session.save()
    r = client.get(VERIFY)
    assert r.status_code == 302 and r["Location"] == "/login/"
    assert pending_login.PENDING_KEY not in client.session


def test_the_second_factor_is_for_staff_only(world, totp_required):
    client = Client()
    r = password_step(client, "citizen")
    assert r.status_code == 302 and r["Location"] == "/my/" and is_logged_in(client)
    assert client.get(ENROL).status_code == 404  # public accounts have no device


def test_optional_mode_asks_only_those_who_enrolled(world, settings):
    settings.FAZHI_STAFF_TOTP = "optional"
    client = Client()
    r = password_step(client, "handler")
    assert r.status_code == 302 and r["Location"] == "/staff/inbox/" and is_logged_in(client)
    enrol(world.users["head"])
    client = Client()
    r = password_step(client, "head")
    assert r["Location"] == VERIFY and not is_logged_in(client)


def test_the_three_administrators_use_the_second_factor_too(world, totp_required):
    for name in ("sysadmin", "secadmin", "auditor"):
        r = password_step(Client(), name)
        assert r["Location"] == ENROL


def test_reenrolment_keeps_the_old_device_until_confirmed(world, totp_required):
    user = world.users["director"]
    old = enrol(user)
    client = Client()
    password_step(client, "director")
    client.post(VERIFY, {"code": code_at(old, 1)})
    assert is_logged_in(client)

    r = client.get(ENROL)
    new = secret_on_page(r.content.decode())
    assert new != old and "当前登录密码" in r.content.decode()
    r = client.post(ENROL, {"code": code_at(new), "password": "wrong"})
    assert r.status_code == 400 and "当前密码不正确" in r.content.decode()
    assert TotpDevice.objects.get(user=user).pending_secret  # the old device still works meanwhile
    r = client.post(ENROL, {"code": code_at(new), "password": f.PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/security/"
    assert AuditEvent.objects.filter(action="security.totp_reenrolled", actor=user).exists()

    # now only the new secret logs in
    TotpDevice.objects.filter(user=user).update(last_used_step=None)
    c2 = Client()
    password_step(c2, "director")
    assert c2.post(VERIFY, {"code": code_at(old, 1)}).status_code == 400
    assert c2.post(VERIFY, {"code": code_at(new, 1)}).status_code == 302 and is_logged_in(c2)
