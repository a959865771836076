"""A decisions world: the shared world (agencies, staff in every role) with "today" on a Monday, and helpers to
bring a major decision to a given step."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.decisions.services import decision_create
from fazhi.process.services import case_fire

BACKEND = "django.contrib.auth.backends.ModelBackend"
MONDAY = dt.date(2026, 11, 2)
DRAFT = "黑龙江省某档案工作办法（草案）\n第一条 为了加强档案管理，制定本办法。"
MEETING = {"meeting_type": "directors_office", "chaired_by": "局长", "attendees": ["局长", "副局长甲", "副局长乙"],
           "minutes": "会议讨论了决策草案。", "chief_opinion": "同意。"}


@pytest.fixture
def dw(world):
    sysclock.set_today(MONDAY)
    return world


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, payload: dict):
    return c.post(url, json.dumps(payload), content_type="application/json")


def fire(case, name, user, day=None, comment="", **data):
    day = day or sysclock.today()
    sysclock.set_today(day)
    return case_fire(case_id=case.pk, transition=name, actor=user, comment=comment, data=data, today=day)


def new_decision(dw, *, draft=DRAFT, day=MONDAY):
    sysclock.set_today(day)
    return decision_create(actor=dw.users["handler"], title="某档案工作办法", category="public_policy",
                           drafting_unit="业务指导处", draft_text=draft, today=day)


def ready_for_review(dw, day=MONDAY):
    """Participation by other means, expert argument and risk assessment skipped with reasons."""
    case = new_decision(dw, day=day)
    h = dw.users["handler"]
    fire(case, "record_participation", h, day, methods=["书面征求意见"], comments_count=3, summary="采纳2条。")
    fire(case, "skip_expert_argument", h, day, ground="not_technical", skip_reason="不属于专业性、技术性较强的事项。")
    fire(case, "skip_risk_assessment", h, day, ground="no_adverse_impact", skip_reason="不涉及社会稳定风险。")
    case.refresh_from_db()
    assert case.state == "ready_for_review"
    return case


def submit(dw, case, day):
    return fire(case, "submit_review", dw.users["handler"], day, basis="《中华人民共和国档案法》",
                procedure_note="已听取意见。")


def reviewed(dw, submitted=MONDAY, passed=dt.date(2026, 11, 11)):
    """Submitted on Monday 2 November 2026, passed on Wednesday 11 November: 7 working days."""
    case = ready_for_review(dw, day=submitted)
    submit(dw, case, submitted)
    fire(case, "review_pass", dw.users["legal"], passed, opinion="合法。")
    case.refresh_from_db()
    assert case.state == "reviewed"
    return case
