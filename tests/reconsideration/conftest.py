"""A reconsideration world: the shared world (hlj with staff in every role, 哈尔滨市档案局 below it, another province),
plus a legal officer at Harbin (to answer as respondent) and three committee members; "today" is Monday 1 June 2026.
Helpers drive a case through the front doors: the intake API and the generic case API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.process.models import Case
from fazhi.reconsideration.models import CommitteeMember
from tests import factories as f

BACKEND = "django.contrib.auth.backends.ModelBackend"
D = dt.date
MONDAY = D(2026, 6, 1)
TUESDAY = D(2026, 6, 2)
THURSDAY = D(2026, 6, 4)
NEXT_WEDNESDAY = D(2026, 6, 10)

FIELDS = {
    "respondent": "测试档案局",  # replaced by the agency below's name
    "act_title": "行政处罚决定",
    "act_number": "哈档罚〔2026〕5号",
    "act_date": "2026-05-08",
    "known_on": "2026-05-11",
    "request": "请求撤销该行政处罚决定。",
    "facts_reasons": "被申请人认定事实错误。",
}


@pytest.fixture
def rw(world):
    sysclock.set_today(MONDAY)
    world.users["city_legal"] = f.staff("city_legal", world.city, "legal_reviewer")
    world.members = [
        CommitteeMember.objects.create(agency=world.agency, name=n, position=p, kind=k, profession=pr,
                                       affiliation=a, term_start=D(2022, 3, 1), order=i)
        for i, (n, p, k, pr, a) in enumerate([
            ("高委员", "chair", "internal", "official", "局长"),
            ("马教授", "member", "external", "scholar", "某大学法学院教授"),
            ("曹律师", "member", "external", "lawyer", "某律师事务所律师"),
        ])]
    return world


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, payload: dict):
    return c.post(url, json.dumps(payload), content_type="application/json")


def fields(w, **over) -> dict:
    return {**FIELDS, "respondent": w.city.name, **over}


def apply(w, *, day: dt.date = MONDAY, user: str = "citizen", **over):
    """File an application online through the intake API; returns the response."""
    sysclock.set_today(day)
    return post(client(w.users[user]), "/api/v1/requests",
                {"kind": "reconsideration", "fields": fields(w, **over), "party": {"address": "哈尔滨市示例路1号"}})


def register_letter(w, *, received_on: dt.date, day: dt.date | None = None, **over):
    """Staff register a letter (post) with its real receipt date."""
    sysclock.set_today(day or received_on)
    return post(client(w.users["clerk"]), "/api/v1/requests", {
        "kind": "reconsideration", "fields": fields(w, **over), "channel": "post",
        "received_on": received_on.isoformat(),
        "party": {"kind": "person", "name": "赵某某", "address": "哈尔滨市示例路2号"}})


def fire(w, case_id: int, name: str, user: str, day: dt.date | None = None, comment: str = "", **data):
    """A step through the generic case API; returns the response."""
    if day is not None:
        sysclock.set_today(day)
    return post(client(w.users[user]), f"/api/v1/cases/{case_id}/transitions/{name}", {"comment": comment, "data": data})


def ok(r, status=200):
    assert r.status_code == status, r.content.decode()
    return r.json()


def new_case(w, day: dt.date = MONDAY, **over) -> int:
    return ok(apply(w, day=day, **over), 201)["id"]


def accepted(w, *, procedure="ordinary", major="no", day=TUESDAY, received=MONDAY, **over) -> int:
    case_id = new_case(w, day=received, **over)
    data = {"procedure": procedure, "major": major}
    if procedure == "simple":
        data["simple_ground"] = "warning"
    ok(fire(w, case_id, "accept", "legal", day, **data))
    return case_id


def in_review(w, *, procedure="ordinary", major="no", copy_on=THURSDAY, answer_on=NEXT_WEDNESDAY) -> int:
    case_id = accepted(w, procedure=procedure, major=major)
    ok(fire(w, case_id, "send_copy", "legal", copy_on, copy_received_on=copy_on.isoformat(), method="system"))
    ok(fire(w, case_id, "record_answer", "legal", answer_on, received_on=answer_on.isoformat(),
            summary="事实清楚，程序合法。", evidence=["现场检查笔录"]))
    return case_id


def clock(case_id: int, name: str):
    return Case.objects.get(pk=case_id).clocks.filter(name=name).order_by("-round").first()


def state(case_id: int) -> str:
    return Case.objects.get(pk=case_id).state


PROPOSAL = {"decision_type": "maintain", "ground": "认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当",
            "facts": "经查，申请人擅自复制档案。", "reasons": "被申请人认定事实清楚。",
            "basis": "《中华人民共和国档案法》第四十八条"}
