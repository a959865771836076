"""The demo year of complaints and reports: every channel and outcome, one anonymous report turned penalty case;
idempotent."""

from __future__ import annotations

import pytest

from fazhi.complaints.demo import REPORTERS, load_complaints_demo
from fazhi.complaints.models import Complaint
from fazhi.process.audit import verify_case
from fazhi.process.models import Case, CaseEvent
from tests.enforcement import conftest as penalty_conftest

pytestmark = pytest.mark.django_db
pw = penalty_conftest.pw


def test_demo_year(pw):
    load_complaints_demo(pw.agency, pw.users)
    load_complaints_demo(pw.agency, pw.users)  # idempotent
    rows = Complaint.objects.select_related("case", "request")
    assert rows.count() == 13
    states = sorted(c.case.state for c in rows)
    for state in ("closed", "not_accepted", "transferred", "duplicate", "handling", "pending_reply", "registered"):
        assert state in states, state
    assert {c.case.channel for c in rows} >= {"online", "phone", "post", "visit", "email", "fax"}
    turned = rows.get(penalty_case__isnull=False)
    assert turned.request.anonymous and turned.request.kind == "report" and turned.case.state == "closed"
    penalty = turned.penalty_case
    assert penalty.data["request_number"] == turned.case.number
    assert penalty.state == "investigating"  # filed by the director with the two certified officers
    assert rows.filter(request__duplicate_of__isnull=False).count() == 1
    assert rows.get(case__state="transferred").request.transferred_to == "哈尔滨市档案局"
    assert Case.objects.filter(kind="complaint_report", clocks__extension_days=30).exists()
    for c in rows:
        assert verify_case(c.case) == []
    # The reporters' identities are in no event.
    dump = repr(list(CaseEvent.objects.values("actor_label", "comment", "data")))
    for person in REPORTERS.values():
        for value in (person["name"], person["id_number"], person["phone"], person["address"]):
            assert value not in dump
