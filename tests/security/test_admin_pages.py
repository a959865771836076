"""The security administrator's pages: 锁定账户 (unlock) and 动态口令设备 (reset), audited; nobody else's
(三员分立, GB/T 22239-2019 §8.1.4.2 d), §8.1.5.3)."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.core.models import AuditEvent
from fazhi.security.models import TotpDevice
from tests import factories as f
from tests.security.conftest import enrol

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def as_user(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


def lock(username: str) -> None:
    c = Client()
    for _ in range(5):
        c.post("/login/", {"username": username, "password": "wrong"})


@pytest.mark.parametrize("url", ["/security/locked/", "/security/devices/"])
def test_only_the_security_administrator(world, url):
    assert Client().get(url).status_code == 302
    for name in ("sysadmin", "auditor", "handler", "director", "citizen", "company", "other_clerk"):
        assert as_user(world.users[name]).get(url).status_code == 404, name
        assert as_user(world.users[name]).post(url, {"username": "x", "user_id": 1}).status_code == 404, name
    assert as_user(world.users["secadmin"]).get(url).status_code == 200


def test_the_security_administrator_unlocks_an_account(world):
    lock("handler")
    assert Client().post("/login/", {"username": "handler", "password": f.PASSWORD}).status_code == 429
    sec = as_user(world.users["secadmin"])
    html = sec.get("/security/locked/").content.decode()
    assert 'data-username="handler"' in html

    # nobody else can lift the lock
    as_user(world.users["sysadmin"]).post("/security/locked/", {"username": "handler"})
    assert Client().post("/login/", {"username": "handler", "password": f.PASSWORD}).status_code == 429

    r = sec.post("/security/locked/", {"username": "handler"}, follow=True)
    assert "已解除账号 handler 的锁定" in r.content.decode()
    assert 'data-username="handler"' not in r.content.decode()
    event = AuditEvent.objects.get(action="security.unlock")
    assert event.actor == world.users["secadmin"] and event.detail["username"] == "handler"
    r = Client().post("/login/", {"username": "handler", "password": f.PASSWORD})
    assert r.status_code == 302

    r = sec.post("/security/locked/", {"username": "nobody"}, follow=True)
    assert "该账号没有登录失败记录" in r.content.decode()


def test_the_security_administrator_resets_a_device(world, totp_required):
    enrol(world.users["clerk"])
    sec = as_user(world.users["secadmin"])
    html = sec.get("/security/devices/").content.decode()
    assert 'data-username="clerk"' in html and "已绑定" in html

    as_user(world.users["sysadmin"]).post("/security/devices/", {"user_id": world.users["clerk"].pk})
    assert TotpDevice.objects.filter(user=world.users["clerk"]).exists()

    r = sec.post("/security/devices/", {"user_id": world.users["clerk"].pk}, follow=True)
    assert "已重置" in r.content.decode()
    assert not TotpDevice.objects.filter(user=world.users["clerk"]).exists()
    event = AuditEvent.objects.get(action="security.totp_reset")
    assert event.actor == world.users["secadmin"] and event.object_id == str(world.users["clerk"].pk)
    # the next login enrols again
    r = Client().post("/login/", {"username": "clerk", "password": f.PASSWORD})
    assert r["Location"] == "/security/totp/"
    # public accounts are not staff devices
    assert sec.post("/security/devices/", {"user_id": world.users["citizen"].pk}).status_code == 404


def test_account_page_links_the_admin_pages_for_the_security_administrator(world):
    html = as_user(world.users["secadmin"]).get("/security/").content.decode()
    assert "/security/locked/" in html and "/security/devices/" in html
    html = as_user(world.users["sysadmin"]).get("/security/").content.decode()
    assert "/security/locked/" not in html
    assert Client().get("/security/").status_code == 302
    # the user menu links the page
    assert 'href="/security/"' in as_user(world.users["citizen"]).get("/").content.decode()
