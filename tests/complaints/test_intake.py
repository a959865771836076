"""The one intake (fazhi/requests), tested through its front doors with the two kinds of this app: online by an
account, an anonymous report without logging in, an anonymous complaint refused, staff registration with the
channel and a past receipt date (a future one refused), bad fields answered in Chinese with nothing saved,
tracking by number and code (page and API; a wrong code answers like a missing number), and the code shown once."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from fazhi.complaints.models import Complaint
from fazhi.core.models import DocumentNumberCounter
from fazhi.process.models import Case, CaseEvent
from fazhi.requests.models import PublicRequest
from fazhi.workdays.calendar import compute_deadline
from tests.complaints.conftest import COMPLAINT_FIELDS, REPORT_FIELDS, REPORTER, client_for

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r'<dd id="case-number">([^<]+)</dd>')
CODE = re.compile(r'<dd id="verification-code">([^<]+)</dd>')


def form(fields: dict, **extra) -> dict:
    return {**{f"f_{k}": v for k, v in fields.items()}, **extra}


def party_form(party: dict) -> dict:
    return {f"party_{k}": v for k, v in party.items()}


def receipt(response) -> tuple[str, str]:
    body = response.content.decode()
    return NUMBER.search(body).group(1), CODE.search(body).group(1)


def nothing_saved():
    assert not Case.objects.exists() and not PublicRequest.objects.exists() and not Complaint.objects.exists()
    assert not DocumentNumberCounter.objects.filter(number_code__in=["#TS", "#JB"]).exists()


def test_kinds_are_offered(world):
    kinds = {k["code"]: k for k in client_for().get("/api/v1/requests/kinds").json()}
    assert kinds["complaint"]["label"] == "投诉" and not kinds["complaint"]["allow_anonymous"]
    assert kinds["report"]["label"] == "举报" and kinds["report"]["allow_anonymous"]
    assert "letter_ref" not in {f["name"] for f in kinds["report"]["fields"]}  # staff only
    page = client_for().get("/requests/").content.decode()
    assert "/requests/new/complaint/" in page and "/requests/new/report/" in page and "可以匿名提交" in page
    assert "7个工作日内决定是否受理" in page


def test_online_complaint_by_an_account(world, today):
    citizen = world.users["citizen"]
    r = client_for(citizen).post("/requests/new/complaint/",
                                 form(COMPLAINT_FIELDS, party_address="哈尔滨市南岗区某路1号"))
    assert r.status_code == 200
    number, code = receipt(r)
    assert re.fullmatch(r"HLJ-TS2026-000001", number) and len(code) == 8
    case = Case.objects.get(number=number)
    req = case.public_request
    assert (req.kind, req.anonymous, req.confidential) == ("complaint", False, False)
    assert case.applicant == citizen and case.channel == "online" and case.received_on == today
    assert (case.party_name, case.party_id_number, case.party_address) == (
        citizen.full_name, citizen.id_number, "哈尔滨市南岗区某路1号")
    assert req.fields["subject"] == COMPLAINT_FIELDS["subject"] and "letter_ref" not in req.fields
    assert Complaint.objects.get(case=case).subject == COMPLAINT_FIELDS["subject"]
    assert case.clocks.get(name="acceptance").due == compute_deadline(today, 7, "workday", []).due
    # The account finds it among its own cases.
    assert number in client_for(citizen).get("/my/").content.decode()


def test_online_by_an_account_through_the_api(world, today):
    r = client_for(world.users["company"]).post("/api/v1/requests", {
        "kind": "report", "fields": REPORT_FIELDS, "party": {"address": "哈尔滨市道外区某路5号"}},
        content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    case = Case.objects.get(pk=body["id"])
    assert body["number"] == case.number and body["state"] == "registered"
    assert case.applicant == world.users["company"] and case.party_kind == "legal_person"
    assert case.public_request.confidential and not case.public_request.anonymous
    # A staff-only field is not the public's to set.
    r = client_for().post("/api/v1/requests", {"kind": "report", "anonymous": True,
                                               "fields": {**REPORT_FIELDS, "letter_ref": "伪造登记号"}},
                          content_type="application/json")
    assert r.status_code == 201 and "letter_ref" not in Case.objects.get(pk=r.json()["id"]).public_request.fields


def test_anonymous_report_online_without_logging_in(world, today):
    visitor = client_for()
    page = visitor.get("/requests/new/report/").content.decode()
    assert 'id="anonymous"' in page and "请先" not in page
    r = visitor.post("/requests/new/report/", form(REPORT_FIELDS, anonymous="1"))
    assert r.status_code == 200
    number, code = receipt(r)
    assert number == "HLJ-JB2026-000001"
    case = Case.objects.get(number=number)
    req = case.public_request
    assert req.anonymous and req.confidential and case.applicant is None
    assert (case.party_name, case.party_id_number, case.party_phone, case.party_address) == ("匿名", "", "", "")
    # The API takes one too, and answers with the code once.
    r = client_for().post("/api/v1/requests", {"kind": "report", "fields": REPORT_FIELDS, "anonymous": True},
                          content_type="application/json")
    assert r.status_code == 201 and r.json()["number"] == "HLJ-JB2026-000002" and len(r.json()["verification_code"]) == 8


def test_a_report_without_login_and_without_anonymity_is_refused(world, today):
    r = client_for().post("/requests/new/report/", form(REPORT_FIELDS, **party_form(REPORTER)))
    assert r.status_code == 400 and "请先登录；只有举报可以匿名提交。" in r.content.decode()
    nothing_saved()


def test_anonymous_complaint_is_refused(world, today):
    page = client_for().get("/requests/new/complaint/").content.decode()
    assert 'id="anonymous"' not in page and "请先" in page  # the form asks to log in
    r = client_for().post("/api/v1/requests", {"kind": "complaint", "fields": COMPLAINT_FIELDS, "anonymous": True},
                          content_type="application/json")
    assert r.status_code == 400
    assert r.json()["fields"]["anonymous"] == ["该类诉求不能匿名提交。"]
    r = client_for(world.users["citizen"]).post(
        "/api/v1/requests", {"kind": "complaint", "fields": COMPLAINT_FIELDS, "anonymous": True},
        content_type="application/json")
    assert r.status_code == 400 and r.json()["fields"]["anonymous"] == ["该类诉求不能匿名提交。"]
    # The page ignores the box for a complaint: a logged-in citizen files under their name.
    r = client_for().post("/requests/new/complaint/", form(COMPLAINT_FIELDS, anonymous="1"))
    assert r.status_code == 400 and "请先登录。" in r.content.decode()
    nothing_saved()


def test_staff_cannot_register_an_anonymous_complaint(world, today):
    r = client_for(world.users["clerk"]).post("/api/v1/requests", {
        "kind": "complaint", "fields": COMPLAINT_FIELDS, "anonymous": True, "channel": "phone"},
        content_type="application/json")
    assert r.status_code == 400


def test_staff_registration_with_channel_and_past_receipt_date(world, today):
    clerk = client_for(world.users["clerk"])
    page = clerk.get("/requests/staff/new/report/").content.decode()
    assert 'id="channel"' in page and 'id="received_on"' in page and "f_letter_ref" in page
    received = dt.date(2026, 10, 27)
    r = clerk.post("/requests/staff/new/report/", {
        **form({**REPORT_FIELDS, "letter_ref": "来电2026-118"}), **party_form(REPORTER), "channel": "phone",
        "received_on": received.isoformat()})
    assert r.status_code == 200, r.content.decode()
    number, code = receipt(r)
    case = Case.objects.get(number=number)
    assert case.channel == "phone" and case.received_on == received and case.created_by == world.users["clerk"]
    assert case.applicant is None and case.party_name == REPORTER["name"]
    assert case.public_request.fields["letter_ref"] == "来电2026-118"
    # The acceptance clock counts from the real receipt date, not from the day of registration.
    clock = case.clocks.get(name="acceptance")
    assert clock.started_on == received and clock.due == compute_deadline(received, 7, "workday", []).due
    # Letters, visits, post, fax, e-mail; never "online" for staff.
    for channel in ("visit", "post", "counter", "fax", "email"):
        r = clerk.post("/api/v1/requests", {"kind": "complaint", "fields": COMPLAINT_FIELDS, "party": REPORTER,
                                            "channel": channel, "received_on": "2026-10-30"},
                       content_type="application/json")
        assert r.status_code == 201, (channel, r.content)
        assert Case.objects.get(pk=r.json()["id"]).channel == channel
    r = clerk.post("/api/v1/requests", {"kind": "complaint", "fields": COMPLAINT_FIELDS, "party": REPORTER,
                                        "channel": "online"}, content_type="application/json")
    assert r.status_code == 400 and r.json()["fields"]["channel"] == ["请选择收到的渠道。"]


def test_staff_registration_with_a_future_receipt_date_is_refused(world, today):
    clerk = client_for(world.users["clerk"])
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    r = clerk.post("/requests/staff/new/report/", {**form(REPORT_FIELDS), **party_form(REPORTER), "channel": "post",
                                                   "received_on": tomorrow})
    assert r.status_code == 400 and "收到日期不能晚于今天。" in r.content.decode()
    r = clerk.post("/api/v1/requests", {"kind": "report", "fields": REPORT_FIELDS, "party": REPORTER,
                                        "channel": "post", "received_on": tomorrow}, content_type="application/json")
    assert r.status_code == 400 and r.json()["fields"]["received_on"] == ["收到日期不能晚于今天。"]
    nothing_saved()


def test_staff_of_another_agency_register_for_their_own(world, today):
    r = client_for(world.users["other_clerk"]).post("/api/v1/requests", {
        "kind": "report", "fields": REPORT_FIELDS, "party": REPORTER, "channel": "visit"},
        content_type="application/json")
    assert r.status_code == 201
    assert Case.objects.get(pk=r.json()["id"]).agency == world.other
    # Administrators never register (三员分立): the page is "not found".
    assert client_for(world.users["auditor"]).get("/requests/staff/new/report/").status_code == 404


def test_bad_fields_answered_in_chinese_and_nothing_saved(world, today):
    clerk = client_for(world.users["clerk"])
    r = clerk.post("/requests/staff/new/report/", {
        **form({"subject": "", "facts": "", "occurred_on": "2026-13-01"}),
        **party_form({**REPORTER, "id_number": "230102198001011230", "phone": "", "address": ""}),
        "channel": "phone", "received_on": today.isoformat()})
    assert r.status_code == 400
    body = r.content.decode()
    for message in ("请填写“被举报的单位或个人”。", "请填写“涉嫌违反档案法律法规的事实”。",
                    "“违法行为发生日期”应为日期（YYYY-MM-DD）。", "请至少填写联系电话或通信地址，以便告知办理结果。"):
        assert message in body, message
    assert "校验码错误" in body  # the ID number's check character
    # The kind's own check (a violation after the receipt date), through the API.
    r = client_for().post("/api/v1/requests", {
        "kind": "report", "anonymous": True, "fields": {**REPORT_FIELDS, "occurred_on": "2026-12-01"}},
        content_type="application/json")
    assert r.status_code == 400
    assert r.json()["fields"] == {"occurred_on": ["违法行为发生日期不能晚于收到日期。"]}
    r = client_for().post("/api/v1/requests", {"kind": "nonsense", "anonymous": True}, content_type="application/json")
    assert r.status_code == 400 and r.json()["fields"]["kind"] == ["没有这种诉求类型。"]
    nothing_saved()
    # The first request that does get through is number 1: no number was used up.
    r = client_for().post("/api/v1/requests", {"kind": "report", "anonymous": True, "fields": REPORT_FIELDS},
                          content_type="application/json")
    assert r.json()["number"] == "HLJ-JB2026-000001"


def test_tracking_by_number_and_code(world, today):
    r = client_for().post("/api/v1/requests", {"kind": "report", "anonymous": True, "fields": REPORT_FIELDS},
                          content_type="application/json")
    number, code = r.json()["number"], r.json()["verification_code"]
    visitor = client_for()
    page = visitor.post("/track/", {"number": number, "code": code})
    assert page.status_code == 200
    body = page.content.decode()
    assert "已收到，待受理" in body and "受理决定期限" in body
    due = compute_deadline(today, 7, "workday", []).due
    assert f"{due.year}年{due.month}月{due.day}日" in body
    api = client_for().get(f"/api/v1/requests/track?number={number}&code={code.lower()}")
    assert api.status_code == 200
    data = api.json()
    assert data["kind"] == "report" and data["state_label"] == "已收到，待受理"
    assert data["clocks"][0]["due"] == due.isoformat() and "本机关投诉举报处理规定" in data["clocks"][0]["legal_basis"]
    # A wrong code and a missing number get the same answer.
    wrong = client_for().get(f"/api/v1/requests/track?number={number}&code=WRONGCOD")
    missing = client_for().get(f"/api/v1/requests/track?number=HLJ-JB2026-999999&code={code}")
    assert wrong.status_code == missing.status_code == 404 and wrong.json() == missing.json()
    page_wrong = client_for().post("/track/", {"number": number, "code": "WRONGCOD"})
    page_missing = client_for().post("/track/", {"number": "HLJ-JB2026-999999", "code": code})
    assert page_wrong.status_code == page_missing.status_code == 400
    assert "办件编号或查询码不正确。" in page_wrong.content.decode()
    errors = re.compile(r'<div class="errors" role="alert">(.*?)</div>', re.S)
    for response in (page_wrong, page_missing):
        body = response.content.decode()
        assert errors.search(body).group(1) == "办件编号或查询码不正确。" and 'id="tracked-case"' not in body


def test_the_receipt_shows_the_code_once(world, today):
    citizen = client_for(world.users["citizen"])
    r = citizen.post("/requests/new/complaint/", form(COMPLAINT_FIELDS, party_address="哈尔滨市某路1号"))
    number, code = receipt(r)
    assert "查询码只显示这一次" in r.content.decode()
    case = Case.objects.get(number=number)
    # Only its HMAC is stored; no later page or answer shows it again.
    assert case.verification_hash and code not in case.verification_hash
    stored = repr(list(Case.objects.values())) + repr(list(CaseEvent.objects.values())) + repr(
        list(PublicRequest.objects.values()))
    assert code not in stored
    for url in (f"/cases/{case.pk}/", "/my/", f"/api/v1/cases/{case.pk}"):
        assert code not in citizen.get(url).content.decode(), url
    staff = client_for(world.users["head"]).get(f"/cases/{case.pk}/").content.decode()
    assert code not in staff
