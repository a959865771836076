"""Booking and serving through the API: the clocks (the agency's service commitment, working days), the approval of
restricted archives, the reading room's capacity, bad input (a clear Chinese error, nothing written)."""

from __future__ import annotations

import datetime as dt

from fazhi.archives.models import ArchiveRequest, ReadingRoomSlot
from fazhi.core import clock as sysclock
from fazhi.process.models import Case, CaseEvent, Clock
from fazhi.workdays.calendar import compute_deadline
from tests.archives.conftest import TUESDAY, book, client, fire

D = dt.date


def _clock(case_id, name):
    return Clock.objects.filter(case_id=case_id, name=name).order_by("-round").first()


def test_online_consultation_clocks_confirm_and_answer(aw, today):
    r = book(aw.users["citizen"])
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number"] == "HLJ-CD2026-000001" and len(body["verification_code"]) == 8
    case_id = body["id"]
    confirm = _clock(case_id, "confirm")
    # 本机关服务承诺: confirm within 1 working day of the submission (Monday 2 Nov → Tuesday 3 Nov).
    assert (confirm.started_on, confirm.budget, confirm.unit, confirm.due) == (today, 1, "workday", D(2026, 11, 3))
    assert "本机关服务承诺" in confirm.legal_basis
    assert Case.objects.get(pk=case_id).next_due == D(2026, 11, 3)

    sysclock.set_today(TUESDAY)
    r = fire(case_id, "confirm", aw.users["clerk"])
    assert r.status_code == 200, r.content
    confirm.refresh_from_db()
    assert confirm.state == "stopped" and confirm.on_time is True
    answer = _clock(case_id, "answer")
    # Answer within 5 working days of the confirmation: Tuesday 3 Nov → Tuesday 10 Nov (a weekend skipped).
    assert (answer.started_on, answer.budget, answer.due) == (TUESDAY, 5, D(2026, 11, 10))
    assert answer.due == compute_deadline(TUESDAY, 5, "workday").due

    # Answered late (Wednesday 11 Nov): served, the answer clock stopped after its due date → overdue.
    sysclock.set_today(D(2026, 11, 11))
    r = client(aw.users["clerk"]).post(f"/api/v1/archives/bookings/{case_id}/serve", {"answer": "经查，所需档案已找到。"})
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "served" and r.json()["answer"] == "经查，所需档案已找到。"
    answer.refresh_from_db()
    assert answer.on_time is False
    case = Case.objects.get(pk=case_id)
    assert case.closed_on == D(2026, 11, 11) and case.outcome == "served" and case.next_due is None


def test_onsite_booking_answer_clock_counts_from_the_visit(aw, today):
    r = book(aw.users["citizen"], mode="onsite", visit_date="2026-11-16", half_day="am")
    assert r.status_code == 201, r.content
    case_id = r.json()["id"]
    req = ArchiveRequest.objects.get(case_id=case_id)
    assert req.slot.date == D(2026, 11, 16) and req.slot.half_day == "am"
    assert fire(case_id, "attend", aw.users["clerk"]).status_code == 409  # not yet confirmed
    assert fire(case_id, "confirm", aw.users["clerk"]).status_code == 200
    answer = _clock(case_id, "answer")
    # Five working days from the visit (Monday 16 Nov), not from the confirmation.
    assert (answer.started_on, answer.due) == (D(2026, 11, 16), D(2026, 11, 23))
    # No-show only after the visit date.
    r = fire(case_id, "no_show", aw.users["clerk"])
    assert r.status_code == 409 and "预约日期之后" in r.json()["message"]
    sysclock.set_today(D(2026, 11, 16))
    assert fire(case_id, "attend", aw.users["clerk"]).status_code == 200
    assert Case.objects.get(pk=case_id).state == "attended"


def test_no_show_closes_the_booking(aw, today):
    case_id = book(aw.users["citizen"], mode="onsite", visit_date="2026-11-04", half_day="pm").json()["id"]
    fire(case_id, "confirm", aw.users["clerk"])
    sysclock.set_today(D(2026, 11, 5))
    r = fire(case_id, "no_show", aw.users["clerk"])
    assert r.status_code == 200, r.content
    case = Case.objects.get(pk=case_id)
    assert case.state == "missed" and case.outcome == "missed" and case.closed_on == D(2026, 11, 5)


def test_restricted_archives_need_the_agency_approval(aw, today):
    u = aw.users
    r = book(u["citizen"], access="restricted", restriction="under25", archives_wanted="2010年某单位人事档案")
    case_id = r.json()["id"]
    r = fire(case_id, "confirm", u["clerk"])
    assert r.status_code == 409 and "须先报本机关审批" in r.json()["message"]
    assert fire(case_id, "refer_approval", u["clerk"]).status_code == 400  # the reason is required
    assert fire(case_id, "refer_approval", u["clerk"], comment="未满二十五年，报请审批").status_code == 200
    approval = _clock(case_id, "approval")
    assert approval.budget == 5 and approval.due == D(2026, 11, 9)
    assert fire(case_id, "approve", u["clerk"]).status_code == 409  # not the clerk's to approve
    assert fire(case_id, "approve", u["head"]).status_code == 200
    case = Case.objects.get(pk=case_id)
    assert case.state == "booked" and case.data["approved"] is True and _clock(case_id, "answer") is not None
    # An open request cannot be referred for approval.
    other = book(u["citizen"]).json()["id"]
    r = fire(other, "refer_approval", u["clerk"], comment="x")
    assert r.status_code == 409 and "无须审批" in r.json()["message"]


def test_refusal_correction_and_withdrawal(aw, today):
    u = aw.users
    a = book(u["citizen"], access="restricted", restriction="classified").json()["id"]
    assert fire(a, "refuse", u["clerk"]).status_code == 400  # reasons required
    r = fire(a, "refuse", u["clerk"], reasons="所查档案涉及国家秘密，不予提供。", legal_basis="档案法第二十八条")
    assert r.status_code == 200 and Case.objects.get(pk=a).outcome == "refused"
    b = book(u["citizen"]).json()["id"]
    assert fire(b, "request_correction", u["clerk"], missing=["请写明档案形成年代"]).status_code == 200
    sysclock.set_today(D(2026, 11, 5))
    assert fire(b, "resubmit", u["citizen"], supplement="1956年").status_code == 200
    confirm = _clock(b, "confirm")
    assert confirm.round == 2 and confirm.started_on == D(2026, 11, 5) and confirm.due == D(2026, 11, 6)
    assert fire(b, "withdraw", u["citizen2"]).status_code in (403, 404, 409)  # not theirs
    assert fire(b, "withdraw", u["citizen"]).status_code == 200
    assert Case.objects.get(pk=b).state == "withdrawn"


def test_proof_is_issued_as_a_numbered_docx(aw, today):
    import io

    import docx

    u = aw.users
    case_id = book(u["citizen"], service="dag-fw-002", purpose="rights",
                   archives_wanted="本人1978年至1982年知青下乡档案").json()["id"]
    assert Case.objects.get(pk=case_id).number == "HLJ-ZM2026-000001"
    fire(case_id, "confirm", u["handler"])
    proof = _clock(case_id, "proof")
    assert (proof.budget, proof.due) == (5, D(2026, 11, 9))
    r = fire(case_id, "serve", u["handler"], answer="林小民于1978年3月至1982年9月在宾县插队。")
    assert r.status_code == 200, r.content
    doc = Case.objects.get(pk=case_id).documents.get(kind="proof")
    assert doc.number == "黑档证〔2026〕1号" and doc.title == "档案证明"
    with doc.file.open("rb") as fh:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(fh.read())).paragraphs)
    assert "林小民于1978年3月至1982年9月在宾县插队" in text and "特此证明" in text
    # The requester downloads it from the case page; another account cannot.
    url = f"/cases/{case_id}/documents/{doc.pk}/"
    assert client(u["citizen"]).get(url).status_code == 200
    assert client(u["citizen2"]).get(url).status_code == 404


def test_bad_input_is_refused_and_nothing_written(aw, today):
    u = aw.users
    cases = Case.objects.count()
    r = book(u["citizen"], id_number="230103198506120030")
    assert r.status_code == 400 and "id_number" in r.json()["fields"]
    assert "校验" in r.json()["message"] or "身份" in r.json()["message"]
    r = book(u["citizen"], mode="onsite", visit_date="2026-10-30", half_day="am")
    assert r.status_code == 400 and r.json()["fields"]["visit_date"] == ["预约日期不能早于今天。"]
    r = book(u["citizen"], mode="onsite", visit_date="2026-11-07", half_day="am")  # a Saturday: no slot
    assert r.status_code == 400 and "不开放预约" in r.json()["message"]
    r = book(u["citizen"], purpose="nonsense", archives_wanted="", mode="teleport")
    assert r.status_code == 400 and {"purpose", "archives_wanted", "mode"} <= set(r.json()["fields"])
    r = book(u["citizen"], access="restricted")
    assert r.status_code == 400 and "restriction" in r.json()["fields"]
    r = book(u["citizen"], service="dag-fw-002", mode="onsite", visit_date="2026-11-04", half_day="am")
    assert r.status_code == 400 and "mode" in r.json()["fields"]
    assert Case.objects.count() == cases and ArchiveRequest.objects.count() == 0
    # Staff cannot book as the public.
    assert book(u["clerk"]).status_code == 403


def test_full_slot_is_refused(aw, today):
    u = aw.users
    for user in (u["citizen"], u["citizen2"]):
        assert book(user, mode="onsite", visit_date="2026-11-04", half_day="am").status_code == 201
    before = Case.objects.count()
    r = book(u["company"], mode="onsite", visit_date="2026-11-04", half_day="am")
    assert r.status_code == 400 and r.json()["fields"]["visit_date"] == ["该时段预约已满，请选择其他时段。"]
    assert Case.objects.count() == before
    # A withdrawn booking gives its seat back.
    first = ArchiveRequest.objects.filter(slot__date=D(2026, 11, 4)).first()
    fire(first.case_id, "withdraw", first.case.applicant)
    assert book(u["company"], mode="onsite", visit_date="2026-11-04", half_day="am").status_code == 201


def test_slots_open_working_days_only_and_by_staff_of_the_agency(aw, today):
    from tests.archives.conftest import post

    r = post(client(aw.users["clerk"]), "/api/v1/archives/slots",
             {"start": "2026-12-01", "end": "2026-12-07", "capacity": 5})
    assert r.status_code == 201
    days = set(ReadingRoomSlot.objects.filter(agency=aw.agency, date__gte=D(2026, 12, 1)).values_list("date", flat=True))
    assert days == {D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 3), D(2026, 12, 4), D(2026, 12, 7)}
    assert post(client(aw.users["citizen"]), "/api/v1/archives/slots",
                {"start": "2026-12-01", "end": "2026-12-07", "capacity": 5}).status_code == 403
    r = post(client(aw.users["clerk"]), "/api/v1/archives/slots", {"start": "2026-12-07", "end": "2026-12-01",
                                                                  "capacity": 0})
    assert r.status_code == 400 and {"end", "capacity"} <= set(r.json()["fields"])


def test_events_are_chained(aw, today):
    case_id = book(aw.users["citizen"]).json()["id"]
    fire(case_id, "confirm", aw.users["clerk"])
    events = list(CaseEvent.objects.filter(case_id=case_id))
    assert [e.transition for e in events] == ["open", "confirm"]
    assert events[1].prev_hash == events[0].hash
