"""The complaint/report process through its services and the generic case API: the intake decision (accept with
designation, not accept with the reason, transfer with notice, duplicate), handling, 转立案查处 linked both ways,
the reply, the extension, and the clocks with their basis."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError

from fazhi.complaints.models import Complaint
from fazhi.complaints.process import COMPLAINT_REPORT
from fazhi.enforcement.models import PenaltyCase
from fazhi.process.models import Case, CaseDocument
from fazhi.process.services import TransitionNotAllowed
from fazhi.workdays.calendar import compute_deadline
from tests.complaints.conftest import (
    REPORTER,
    VIOLATOR,
    anonymous_report,
    client_for,
    fire,
    staff_report,
)

pytestmark = pytest.mark.django_db


def doc_text(doc: CaseDocument) -> str:
    with doc.file.open("rb") as fh:
        d = docx.Document(io.BytesIO(fh.read()))
    return "\n".join(p.text for p in d.paragraphs)


def test_definition_cites_the_agency_rules_not_an_archives_article():
    acceptance = COMPLAINT_REPORT.clock("acceptance")
    handling = COMPLAINT_REPORT.clock("handling")
    assert (acceptance.budget, acceptance.unit, acceptance.starts_from) == (7, "workday", "received_on")
    assert (handling.budget, handling.unit, handling.max_extension) == (60, "calendar", 30)
    for spec in (acceptance, handling):
        assert "本机关投诉举报处理规定" in spec.legal_basis
        assert "非档案法规定的期限" in spec.legal_basis
    assert "档案法》第" not in acceptance.legal_basis + handling.legal_basis
    for t in COMPLAINT_REPORT.transitions:
        assert t.legal_basis, t.name


def test_accept_designates_and_issues_the_acceptance_notice(world, today):
    u = world.users
    received = dt.date(2026, 10, 28)
    case, _code = staff_report(world, received_on=received)
    clock = case.clocks.get(name="acceptance")
    assert clock.started_on == received
    assert clock.due == compute_deadline(received, 7, "workday", []).due
    # Only the section head and the leaders decide; the handler may not.
    with pytest.raises(TransitionNotAllowed):
        fire(case, "accept", u["handler"], handlers=["handler"])
    with pytest.raises(ValidationError) as e:
        fire(case, "accept", u["head"], handlers=["handler", "nobody", "other_handler"])
    assert "nobody" in str(e.value.message_dict["handlers"]) and "other_handler" in str(e.value.message_dict["handlers"])
    case = fire(case, "accept", u["head"], handlers=["handler", "officer1"])
    assert case.state == "handling" and case.accepted_on == today
    assert sorted(x.username for x in case.public_request.designated.all()) == ["handler", "officer1"]
    handling = case.clocks.get(name="handling")
    assert handling.started_on == today and handling.unit == "calendar"
    assert handling.due == compute_deadline(today, 60, "calendar", []).due
    assert case.clocks.get(name="acceptance").state == "stopped"
    doc = case.documents.get(kind="acceptance_notice")
    assert doc.number == "黑档诉〔2026〕1号"
    text = doc_text(doc)
    assert "举报人" in text and case.number in text and "60日内" in text
    assert REPORTER["name"] not in text


def test_refuse_needs_the_reason_and_tells_the_requester(world, today):
    u = world.users
    case, _code = staff_report(world, kind="complaint", party={**REPORTER, "name": "李投诉"})
    with pytest.raises(ValidationError) as e:
        fire(case, "refuse", u["director"], ground="not_archives")
    assert "comment" in e.value.message_dict
    case = fire(case, "refuse", u["director"], "反映的是劳动争议，不属于档案行政管理职责。", ground="not_archives")
    assert case.state == "not_accepted" and case.outcome == "not_accepted" and case.closed_on == today
    assert Complaint.objects.get(case=case).refusal_ground == "not_archives"
    text = doc_text(case.documents.get(kind="refusal_notice"))
    assert "不予受理" in text and "不属于档案行政管理职责范围" in text and "劳动争议" in text
    assert "李投诉" in text  # a complaint is not confidential: addressed to the complainant


def test_transfer_records_the_agency_and_issues_the_notice(world, today):
    u = world.users
    case, _code = staff_report(world)
    with pytest.raises(ValidationError):
        fire(case, "transfer", u["head"], "本机关无权处理。", to_agency=world.agency.name)
    case = fire(case, "transfer", u["head"], "反映的是市级档案馆的问题，由市档案局处理。", to_agency="哈尔滨市档案局")
    assert case.state == "transferred" and case.outcome == "transferred"
    assert case.public_request.transferred_to == "哈尔滨市档案局"
    doc = case.documents.get(kind="transfer_notice")
    assert doc.title == "转送告知书"
    text = doc_text(doc)
    assert "转送哈尔滨市档案局处理" in text and "抄送" in text


def test_duplicate_links_to_the_earlier_request_and_tells_the_requester(world, today):
    u = world.users
    first, _c1 = staff_report(world, received_on=dt.date(2026, 10, 20))
    second, code = anonymous_report(world)
    assert Complaint.objects.get(case=second).possible_duplicates == [first.number]
    with pytest.raises(ValidationError) as e:
        fire(second, "mark_duplicate", u["head"], earlier="HLJ-JB2026-999999")
    assert "earlier" in e.value.message_dict
    with pytest.raises(ValidationError):  # only an earlier one
        fire(first, "mark_duplicate", u["head"], earlier=second.number)
    second = fire(second, "mark_duplicate", u["head"], earlier=first.number.lower())
    assert second.state == "duplicate"
    assert second.public_request.duplicate_of.case == first
    assert second.events.last().data["duplicate_of"] == first.number
    text = doc_text(second.documents.get(kind="duplicate_notice"))
    assert first.number in text and "不再重复受理" in text
    # The anonymous reporter reads it with the number and the code.
    r = client_for().get(f"/api/v1/requests/track?number={second.number}&code={code}")
    assert r.status_code == 200
    assert [d["title"] for d in r.json()["documents"]] == ["重复投诉举报告知书"]
    # A duplicate of a duplicate links to the original.
    third, _c3 = anonymous_report(world)
    third = fire(third, "mark_duplicate", u["head"], earlier=second.number)
    assert third.public_request.duplicate_of.case == first


def test_handling_is_for_the_designated_officers(world, today):
    u = world.users
    case, _code = staff_report(world)
    fire(case, "accept", u["head"], handlers=["officer1"])
    with pytest.raises(TransitionNotAllowed, match="指定的承办人员"):
        fire(case, "record_findings", u["handler"], result="substantiated", findings="现场核实。")
    case = fire(case, "designate", u["head"], handlers=["officer1", "handler"])
    case = fire(case, "record_findings", u["handler"], result="partly", findings="现场核实，复制属实，对外提供未查实。")
    assert case.state == "pending_reply"
    c = Complaint.objects.get(case=case)
    assert (c.result, c.handled_on) == ("partly", today)
    # Returned for more work, then answered.
    case = fire(case, "return_findings", u["director"], "请补充对外提供情况的核查。")
    assert case.state == "handling"


def test_report_becomes_a_penalty_case_linked_both_ways(world, today):
    u = world.users
    case, code = anonymous_report(world)
    fire(case, "accept", u["head"], handlers=["officer1", "handler"])
    with pytest.raises(TransitionNotAllowed):  # not designated
        fire(case, "open_penalty", u["director"], **VIOLATOR)
    with pytest.raises(ValidationError) as e:
        fire(case, "open_penalty", u["officer1"], **{**VIOLATOR, "party_id_number": "91230102MA1BCDEF00"})
    assert "party_id_number" in e.value.message_dict
    case = fire(case, "open_penalty", u["officer1"], **VIOLATOR)
    c = Complaint.objects.get(case=case)
    penalty = c.penalty_case
    assert penalty.kind == "penalty" and penalty.state == "registered"
    assert penalty.party_name == VIOLATOR["party_name"]
    assert penalty.data["request_number"] == case.number and penalty.data["request_case_id"] == case.pk
    assert case.data["penalty_case"] == penalty.number
    p = PenaltyCase.objects.get(case=penalty)
    assert p.source == "complaint" and case.number in p.source_detail
    assert case.events.last().data["penalty_case"] == penalty.number
    with pytest.raises(TransitionNotAllowed, match="已转立案查处"):
        fire(case, "open_penalty", u["officer1"], **VIOLATOR)
    # Both case pages show the link.
    staff = client_for(u["director"])
    page = staff.get(f"/cases/{case.pk}/").content.decode()
    assert f'id="penalty-link" href="/cases/{penalty.pk}/"' in page
    page = staff.get(f"/cases/{penalty.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/" id="source-request">{case.number}<' in page
    # Findings, reply: the letter names the penalty case; the reporter downloads it on the tracking page.
    fire(case, "record_findings", u["officer1"], result="substantiated", findings="经现场检查，举报属实。")
    case = fire(case, "reply", u["head"], reply="经核查，你反映的问题属实，本机关已依法立案查处。")
    assert case.state == "closed" and case.outcome == "substantiated"
    assert case.clocks.get(name="handling").state == "stopped"
    doc = case.documents.get(kind="reply")
    assert doc.title == "举报处理结果告知书"
    text = doc_text(doc)
    assert penalty.number in text and "属实" in text and "举报人" in text
    visitor = client_for()
    r = visitor.post("/track/", {"number": case.number, "code": code})
    assert r.status_code == 200
    body = r.content.decode()
    assert "已答复" in body and "举报处理结果告知书" in body
    r = visitor.get(f"/track/{case.pk}/documents/{doc.pk}/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    # Only the public steps are on the tracking page (not the designation or the penalty registration).
    steps = [e["label"] for e in visitor.get(f"/api/v1/requests/track?number={case.number}&code={code}").json()["events"]]
    assert steps == ["提交申请", "受理并指定承办人员", "答复诉求人（办结）"]


def test_extension_once_with_a_leader_and_a_reason(world, today):
    u = world.users
    case, _code = staff_report(world)
    fire(case, "accept", u["head"], handlers=["handler"])
    due = case.clocks.get(name="handling").due
    with pytest.raises(TransitionNotAllowed):
        fire(case, "extend_handling", u["head"], "情况复杂。")
    case = fire(case, "extend_handling", u["director"], "涉及多个单位，需延长核查。")
    clock = case.clocks.get(name="handling")
    assert clock.extension_days == 30 and clock.due == compute_deadline(today, 90, "calendar", []).due > due
    with pytest.raises(TransitionNotAllowed, match="最多延长30日"):
        fire(case, "extend_handling", u["director"], "再次延长。")


def test_generic_case_api_drives_the_process(world, today):
    u = world.users
    case, _code = staff_report(world)
    head = client_for(u["head"])
    r = head.post(f"/api/v1/cases/{case.pk}/transitions/accept", {"data": {"handlers": []}},
                  content_type="application/json")
    assert r.status_code == 400 and r.json()["fields"]["handlers"]
    r = head.post(f"/api/v1/cases/{case.pk}/transitions/accept", {"data": {"handlers": ["handler"]}},
                  content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "handling"
    r = client_for(u["clerk"]).post(f"/api/v1/cases/{case.pk}/transitions/reply", {"data": {"reply": "x"}},
                                    content_type="application/json")
    assert r.status_code == 409
    assert Case.objects.get(pk=case.pk).state == "handling"
