"""Idle timeout (GB/T 22239-2019 §8.1.4.1 b) 登录连接超时自动退出): a session left idle past
SESSION_COOKIE_AGE is gone, and the next page sends the user to the login page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_idle_session_is_sent_to_the_login_page(world, settings):
    settings.FAZHI_STAFF_TOTP = "optional"
    client = Client()
    assert client.post("/login/", {"username": "clerk", "password": f.PASSWORD}).status_code == 302
    assert client.get("/staff/inbox/").status_code == 200
    # each request pushes the expiry forward (SESSION_SAVE_EVERY_REQUEST)
    row = Session.objects.get(session_key=client.session.session_key)
    assert row.expire_date > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)

    # idle past the limit
    Session.objects.filter(pk=row.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    r = client.get("/staff/inbox/")
    assert r.status_code == 302 and r["Location"].startswith("/login/?next=")
