"""Helpers of the disclosure tests: file a request through the intake's API (online, or registered by staff),
fire steps through the generic case API, read a DOCX."""

from __future__ import annotations

import io
import json

import docx
import pytest
from django.test import Client

from fazhi.process.models import Case, CaseDocument

BACKEND = "django.contrib.auth.backends.ModelBackend"
WANTED = {"description": "2025年本局档案行政许可事项的办理情况统计", "form": "electronic", "way": "email",
          "email": "lin@example.cn"}
PAPER_PARTY = {"kind": "person", "name": "周来访", "phone": "13900000009", "address": "哈尔滨市南岗区学府路1号"}


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, payload: dict):
    return c.post(url, json.dumps(payload), content_type="application/json")


def file_online(user, party=None, **fields):
    """A request filed online by a public account: (response, case or None)."""
    payload = {"kind": "disclosure", "fields": {**WANTED, **fields}}
    if party is not None:
        payload["party"] = party
    r = post(client(user), "/api/v1/requests", payload)
    case = Case.objects.get(pk=r.json()["id"]) if r.status_code == 201 else None
    return r, case


def register(staff, *, channel="post", received_on=None, party=None, **fields):
    """A request registered by staff (paper, visit, fax, e-mail) with its receipt date."""
    payload = {"kind": "disclosure", "fields": {**WANTED, **fields}, "channel": channel,
               "party": party or PAPER_PARTY}
    if received_on is not None:
        payload["received_on"] = received_on.isoformat()
    r = post(client(staff), "/api/v1/requests", payload)
    assert r.status_code == 201, r.content
    return Case.objects.get(pk=r.json()["id"])


def fire(user, case, name, comment="", **data):
    """Fire a step through the generic case API; returns the response."""
    return post(client(user), f"/api/v1/cases/{case.pk}/transitions/{name}", {"comment": comment, "data": data})


def ok(user, case, name, comment="", **data) -> Case:
    r = fire(user, case, name, comment, **data)
    assert r.status_code == 200, r.content
    case.refresh_from_db()
    return case


def clock(case, name):
    return case.clocks.filter(name=name).order_by("-round").first()


def docx_text(doc: CaseDocument | bytes) -> str:
    data = doc if isinstance(doc, bytes) else doc.file.open("rb").read()
    d = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in d.paragraphs)


@pytest.fixture
def confirmed(world, today):
    """A request filed online by the citizen today and confirmed by the clerk today."""
    _r, case = file_online(world.users["citizen"])
    return ok(world.users["clerk"], case, "confirm_receipt")
