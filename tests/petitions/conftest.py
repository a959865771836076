"""A petitions world: the shared world with "today" on Monday 3 August 2026, and helpers that register a petition
through the one intake (as staff, or online) and take it step by step through the generic case API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from fazhi.core import clock as sysclock

BACKEND = "django.contrib.auth.backends.ModelBackend"
MONDAY = dt.date(2026, 8, 3)
FIELDS = {"matter": "查阅本人知青档案", "request": "请求查阅并复制本人下乡期间的档案。",
          "facts": "办理退休需要下乡期间的档案材料。"}
PARTY = {"kind": "person", "name": "高德昌", "address": "哈尔滨市香坊区和平路18号", "phone": "13904510101"}


@pytest.fixture
def pw(world):
    sysclock.set_today(MONDAY)
    return world


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, payload: dict):
    return c.post(url, json.dumps(payload), content_type="application/json")


def register(pw, *, received_on=None, channel="post", fields=None, party=None, user=None, day=None):
    """A petition registered by staff (a letter by default) through POST /api/v1/requests; returns the response."""
    day = day or sysclock.today()
    sysclock.set_today(day)
    payload = {"kind": "petition", "fields": {**FIELDS, **(fields or {})}, "channel": channel,
               "party": party or PARTY}
    if received_on is not None:
        payload["received_on"] = received_on.isoformat()
    return post(client(user or pw.users["clerk"]), "/api/v1/requests", payload)


def new_case(pw, **kw) -> int:
    r = register(pw, **kw)
    assert r.status_code == 201, r.content
    return r.json()["id"]


def fire(case_id: int, name: str, user, day=None, comment: str = "", **data):
    """Fire a step through the generic API as ``user`` on ``day``; returns the response."""
    if day is not None:
        sysclock.set_today(day)
    return post(client(user), f"/api/v1/cases/{case_id}/transitions/{name}", {"comment": comment, "data": data})


def ok(r):
    assert r.status_code == 200, r.content
    return r.json()


def clock(body: dict, name: str) -> dict:
    rounds = [c for c in body["clocks"] if c["name"] == name]
    assert rounds, f"no clock {name}"
    return rounds[-1]


def opinion_data(**extra):
    return {"findings": "经查，档案存于本馆知青档案全宗。", "result": "support",
            "opinion": "同意信访人到本馆查阅并复制。", "basis": "《中华人民共和国档案法》第十九条", **extra}


def answered(pw, *, accepted=dt.date(2026, 8, 5), opinion_on=dt.date(2026, 9, 1), served=dt.date(2026, 9, 3)):
    """Registered on Monday 3 August 2026, accepted on 5 August, answered on 1 September, served on 3 September."""
    u = pw.users
    case_id = new_case(pw)
    ok(fire(case_id, "accept", u["handler"], accepted, category="claim"))
    ok(fire(case_id, "issue_opinion", u["head"], opinion_on, **opinion_data()))
    return case_id, ok(fire(case_id, "serve_opinion", u["clerk"], served, served_on=served.isoformat(), method="post"))
