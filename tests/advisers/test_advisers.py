"""The legal adviser system through the front doors: the API (advisers, consultations, answers, documents,
statistics) with who may use each endpoint, the pages, bad input answered by field with nothing saved, uploads
sniffed from their content, and the demo (the letter's adviser with the 2017 consultations)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from fazhi.advisers.demo import load_advisers_demo
from fazhi.advisers.models import Adviser, Attachment, Consultation
from fazhi.core import clock as sysclock
from fazhi.core.models import AuditEvent
from tests.factories import pdf_bytes

BACKEND = "django.contrib.auth.backends.ModelBackend"
API = "/api/v1/advisers"
D = dt.date
MONDAY = D(2026, 8, 3)
ADVISER = {"name": "韩立新", "firm": "黑龙江衡正律师事务所", "kind": "lawyer", "licence_number": "12301199610234567",
           "term_from": "2026-01-01", "term_to": "2026-12-31", "response_workdays": 5}


@pytest.fixture
def aw(world):
    sysclock.set_today(MONDAY)
    return world


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, payload: dict):
    return c.post(url, json.dumps(payload), content_type="application/json")


def patch(c: Client, url: str, payload: dict):
    return c.patch(url, json.dumps(payload), content_type="application/json")


def new_adviser(aw, **kw) -> int:
    r = post(client(aw.users["legal"]), API, {**ADVISER, **kw})
    assert r.status_code == 201, r.content
    return r.json()["id"]


def ask(aw, user="handler", **kw) -> dict:
    adviser_id = kw.pop("adviser_id", None) or new_adviser(aw)
    r = post(client(aw.users[user]), f"{API}/consultations", {
        "adviser_id": adviser_id, "subject": "档案数字化外包服务合同", "kind": "contract",
        "question": "请审查保密条款。", **kw})
    assert r.status_code == 201, r.content
    return r.json()


# ---- advisers ----------------------------------------------------------------------------------------------------
def test_advisers_kept_by_the_legal_office_and_the_director(aw):
    u = aw.users
    adviser_id = new_adviser(aw)
    a = client(u["clerk"]).get(f"{API}/{adviser_id}").json()
    assert (a["name"], a["in_term"], a["active"], a["kind_label"]) == ("韩立新", True, True, "律师")
    assert AuditEvent.objects.filter(action="adviser.create", object_id=str(adviser_id)).exists()
    for name in ("handler", "head", "deputy", "clerk", "officer1"):
        assert post(client(u[name]), API, ADVISER).status_code == 403, name
        assert patch(client(u[name]), f"{API}/{adviser_id}", {"active": False}).status_code == 403, name
    assert post(client(u["director"]), API, {**ADVISER, "name": "宋明"}).status_code == 201
    r = patch(client(u["director"]), f"{API}/{adviser_id}", {"active": False, "note": "聘期内解聘"})
    assert r.status_code == 200 and r.json()["active"] is False and r.json()["firm"] == ADVISER["firm"]
    # another agency neither sees nor changes it
    assert client(u["other_handler"]).get(f"{API}/{adviser_id}").status_code == 404
    assert [x["name"] for x in client(u["other_handler"]).get(API).json()] == []
    assert patch(client(u["other_handler"]), f"{API}/{adviser_id}", {"active": True}).status_code == 404


def test_adviser_bad_input(aw):
    legal = client(aw.users["legal"])
    for payload, fields in (
            ({"licence_number": "1230119961023"}, {"licence_number"}),
            ({"licence_number": ""}, {"licence_number"}),
            ({"term_to": "2025-12-31"}, {"term_to"}),
            ({"name": " ", "firm": ""}, {"name", "firm"}),
            ({"kind": "astrologer"}, {"kind"}),
            ({"response_workdays": 0}, {"response_workdays"})):
        r = post(legal, API, {**ADVISER, **payload})
        assert r.status_code == 400 and fields <= set(r.json()["fields"]), payload
        assert r.json()["message"]
    r = post(legal, API, {**ADVISER, "term_from": "2026-13-01"})
    assert r.status_code == 422
    # an expert needs no licence; a lawyer does
    assert post(legal, API, {**ADVISER, "kind": "expert", "licence_number": "", "name": "某教授"}).status_code == 201
    assert Adviser.objects.count() == 1


def test_api_permissions(aw):
    u = aw.users
    c = ask(aw)
    anon = client()
    for url in (API, f"{API}/consultations", f"{API}/consultations/{c['id']}", f"{API}/statistics",
                f"{API}/{c['adviser_id']}"):
        assert anon.get(url).status_code == 401, url
        for name in ("citizen", "company", "sysadmin", "secadmin", "auditor"):
            assert client(u[name]).get(url).status_code == 403, (name, url)
        for name in ("clerk", "handler", "head", "deputy", "director", "legal", "officer1"):
            assert client(u[name]).get(url).status_code == 200, (name, url)
    for url in (f"{API}/consultations/{c['id']}", f"{API}/{c['adviser_id']}"):
        for name in ("other_handler", "city_clerk"):
            assert client(u[name]).get(url).status_code == 404, (name, url)
    assert client(u["other_clerk"]).get(f"{API}/consultations").json() == []


# ---- consultations -----------------------------------------------------------------------------------------------
def test_any_officer_asks_and_the_due_date_follows_the_agreed_working_days(aw):
    c = ask(aw, user="officer1")
    assert c["asked_on"] == "2026-08-03" and c["asked_by"] == "officer1姓名"
    assert c["due_on"] == "2026-08-10"  # 5 working days after Monday 3 August
    assert c["answered_on"] is None and c["overdue"] is False and c["response_days"] is None
    # an agreed date given instead
    c2 = ask(aw, adviser_id=c["adviser_id"], due_on="2026-08-20")
    assert c2["due_on"] == "2026-08-20"
    # Thursday 24 September 2026, 5 working days: the Mid-Autumn and National Day holidays skipped → 9 October
    sysclock.set_today(D(2026, 10, 20))
    c3 = ask(aw, adviser_id=c["adviser_id"], asked_on="2026-09-24")
    assert c3["due_on"] == "2026-10-09"


def test_consultation_bad_input_saves_nothing(aw):
    u = aw.users
    adviser_id = new_adviser(aw)
    other_adviser = post(client(u["other_handler"]), API, ADVISER)
    assert other_adviser.status_code == 403
    h = client(u["handler"])
    base = {"adviser_id": adviser_id, "subject": "合同", "kind": "contract"}
    for payload, field in (({"subject": " "}, "subject"), ({"kind": "gossip"}, "kind"),
                           ({"adviser_id": 99999}, "adviser"), ({"asked_on": "2026-08-04"}, "asked_on"),
                           ({"asked_on": "2025-12-31"}, "asked_on"), ({"due_on": "2026-08-02"}, "due_on")):
        r = post(h, f"{API}/consultations", {**base, **payload})
        assert r.status_code == 400 and field in r.json()["fields"], payload
    patch(client(u["legal"]), f"{API}/{adviser_id}", {"active": False})
    r = post(h, f"{API}/consultations", base)
    assert r.status_code == 400 and "不在聘" in r.json()["fields"]["adviser"][0]
    assert not Consultation.objects.exists()
    # another agency's staff cannot ask this agency's adviser
    patch(client(u["legal"]), f"{API}/{adviser_id}", {"active": True})
    r = post(client(u["other_handler"]), f"{API}/consultations", base)
    assert r.status_code == 400 and "adviser" in r.json()["fields"]
    assert post(client(u["citizen"]), f"{API}/consultations", base).status_code == 403
    assert not Consultation.objects.exists()


def test_answer_response_days_overdue_and_who_records_it(aw):
    u = aw.users
    c = ask(aw)
    url = f"{API}/consultations/{c['id']}"
    sysclock.set_today(D(2026, 8, 14))
    # the officer who asked, the legal office and the director; not another officer
    assert post(client(u["clerk"]), f"{url}/answer", {"opinion": "x"}).status_code == 403
    assert post(client(u["other_handler"]), f"{url}/answer", {"opinion": "x"}).status_code == 404
    for payload, field in (({"opinion": " "}, "opinion"), ({"opinion": "x", "answered_on": "2026-08-02"}, "answered_on"),
                           ({"opinion": "x", "answered_on": "2026-08-15"}, "answered_on")):
        r = post(client(u["handler"]), f"{url}/answer", payload)
        assert r.status_code == 400 and field in r.json()["fields"], payload
    # overdue while unanswered after the due date (10 August)
    listed = client(u["head"]).get(f"{API}/consultations", {"overdue": "true"}).json()
    assert [x["id"] for x in listed] == [c["id"]] and listed[0]["overdue"] is True
    r = post(client(u["legal"]), f"{url}/answer", {"opinion": "建议增加保密条款。", "answered_on": "2026-08-12",
                                                   "adoption": "已采纳。"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["answered_on"], body["response_days"], body["overdue"]) == ("2026-08-12", 9, True)
    assert client(u["head"]).get(f"{API}/consultations", {"overdue": "false"}).json() == []
    # answered: no more edits
    r = patch(client(u["handler"]), url, {"subject": "改"})
    assert r.status_code == 400 and "answered_on" in r.json()["fields"]
    # an edit before the answer, by the one who asked
    c2 = ask(aw, adviser_id=c["adviser_id"])
    r = patch(client(u["handler"]), f"{API}/consultations/{c2['id']}", {"subject": "展陈设计合同", "due_on": "2026-08-28"})
    assert r.status_code == 200 and r.json()["subject"] == "展陈设计合同" and r.json()["due_on"] == "2026-08-28"
    assert patch(client(u["clerk"]), f"{API}/consultations/{c2['id']}", {"subject": "x"}).status_code == 403
    r = patch(client(u["handler"]), f"{API}/consultations/{c2['id']}", {"due_on": "2026-07-01"})
    assert r.status_code == 400 and "due_on" in r.json()["fields"]


def test_statistics_per_year(aw):
    u = aw.users
    adviser_id = new_adviser(aw)
    h = client(u["handler"])
    rows = [("contract", "2026-03-02", "2026-03-04"), ("contract", "2026-05-11", "2026-05-25"),
            ("normative", "2026-06-01", None), ("decision", "2026-07-27", None)]
    for kind, asked, answered in rows:
        r = post(h, f"{API}/consultations", {"adviser_id": adviser_id, "subject": f"{kind} {asked}", "kind": kind,
                                             "asked_on": asked})
        assert r.status_code == 201, r.content
        if answered:
            post(h, f"{API}/consultations/{r.json()['id']}/answer", {"opinion": "意见。", "answered_on": answered})
    s = client(u["director"]).get(f"{API}/statistics", {"year": 2026}).json()
    assert s["by_kind"] == {"contract": 2, "opinion": 0, "litigation": 0, "normative": 1, "decision": 1, "other": 0}
    assert (s["total"], s["answered"], s["pending"]) == (4, 2, 2)
    assert s["average_response_days"] == 8.0  # 2 and 14 days
    # late: 11 May + 5 working days = 18 May, answered 25 May; 1 June unanswered past 8 June; 27 July not yet due
    assert (s["overdue"], s["answered_late"], s["advisers"]) == (2, 1, 1)
    assert client(u["director"]).get(f"{API}/statistics", {"year": 2025}).json()["total"] == 0


# ---- documents -----------------------------------------------------------------------------------------------------
def test_attachments_are_sniffed_and_stay_in_the_agency(aw):
    u = aw.users
    c = ask(aw)
    url = f"{API}/consultations/{c['id']}/attachments"
    h = client(u["handler"])
    r = h.post(url, {"role": "question", "file": _upload("合同草案.pdf", pdf_bytes("draft"))})
    assert r.status_code == 201, r.content
    att = r.json()
    assert att["mime"] == "application/pdf" and att["original_name"] == "合同草案.pdf" and len(att["sha256"]) == 64
    r = h.get(att["url"])
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF-")
    for name, data, role in (("contract.png", pdf_bytes(), "question"), ("contract.exe", b"MZ\x90\x00", "question"),
                             ("empty.pdf", b"", "question"), ("ok.pdf", pdf_bytes(), "poster")):
        r = h.post(url, {"role": role, "file": _upload(name, data)})
        assert r.status_code == 400, name
    assert client(u["clerk"]).post(url, {"role": "question", "file": _upload("a.pdf", pdf_bytes())}).status_code == 403
    assert client(u["other_handler"]).get(att["url"]).status_code == 404
    assert client(u["other_handler"]).post(url, {"role": "question", "file": _upload("a.pdf", pdf_bytes())}
                                           ).status_code == 404
    assert Attachment.objects.count() == 1
    detail = client(u["legal"]).get(f"{API}/consultations/{c['id']}").json()
    assert [a["id"] for a in detail["attachments"]] == [att["id"]]


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# ---- pages ---------------------------------------------------------------------------------------------------------
def test_pages(aw):
    u = aw.users
    c = ask(aw)
    adviser_id = c["adviser_id"]
    for url in ("/advisers/", f"/advisers/{adviser_id}/", f"/advisers/consultations/{c['id']}/"):
        assert client().get(url).status_code == 302, url
        for name in ("citizen", "sysadmin", "auditor"):
            assert client(u[name]).get(url).status_code == 404, (name, url)
        assert client(u["officer1"]).get(url).status_code == 200, url
    for url in (f"/advisers/{adviser_id}/", f"/advisers/consultations/{c['id']}/"):
        assert client(u["other_handler"]).get(url).status_code == 404, url
    html = client(u["head"]).get("/advisers/").content.decode()
    assert "韩立新" in html and "档案数字化外包服务合同" in html and 'id="adviser-form"' not in html
    assert 'id="adviser-form"' in client(u["legal"]).get("/advisers/").content.decode()
    # ask through the page, with a document
    r = client(u["clerk"]).post("/advisers/", {"form": "consultation", "adviser": adviser_id, "subject": "展陈合同",
                                               "kind": "contract", "asked_on": "2026-08-03",
                                               "file": _upload("草案.pdf", pdf_bytes())})
    assert r.status_code == 302, r.content.decode()[:3000]
    new = Consultation.objects.get(subject="展陈合同")
    assert new.asked_by == u["clerk"] and new.attachments.count() == 1
    # a bad document: nothing saved
    r = client(u["clerk"]).post("/advisers/", {"form": "consultation", "adviser": adviser_id, "subject": "另一合同",
                                               "kind": "contract", "file": _upload("x.pdf", b"not a pdf")})
    assert r.status_code == 400 and not Consultation.objects.filter(subject="另一合同").exists()
    # only managers appoint
    r = client(u["handler"]).post("/advisers/", {"form": "adviser", **ADVISER})
    assert r.status_code == 404
    r = client(u["director"]).post("/advisers/", {"form": "adviser", **ADVISER, "name": "宋明", "active": "1"})
    assert r.status_code == 302 and Adviser.objects.filter(name="宋明", active=True).exists()
    # answer through the page by the officer who asked
    r = client(u["clerk"]).post(f"/advisers/consultations/{new.pk}/", {"form": "answer", "opinion": "同意。",
                                                                      "answered_on": "2026-08-03"})
    assert r.status_code == 302
    new.refresh_from_db()
    assert new.answered_on == MONDAY and new.answer_recorded_by == u["clerk"]
    assert client(u["head"]).post(f"/advisers/consultations/{new.pk}/", {"form": "answer", "opinion": "x"}
                                  ).status_code == 404
    # the contract: uploaded by the legal office, downloaded by staff of the agency
    r = client(u["legal"]).post(f"/advisers/{adviser_id}/", {"form": "contract",
                                                             "contract": _upload("聘用合同.pdf", pdf_bytes("c"))})
    assert r.status_code == 302
    a = Adviser.objects.get(pk=adviser_id)
    assert a.contract_name == "聘用合同.pdf" and len(a.contract_sha256) == 64
    r = client(u["officer1"]).get(f"/advisers/{adviser_id}/contract/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert client(u["other_handler"]).get(f"/advisers/{adviser_id}/contract/").status_code == 404
    r = client(u["legal"]).post(f"/advisers/{adviser_id}/", {"form": "contract",
                                                             "contract": _upload("x.png", pdf_bytes())})
    assert r.status_code == 400
    assert client(u["handler"]).post(f"/advisers/{adviser_id}/", {"form": "contract"}).status_code == 404
    # edit through the page
    r = client(u["legal"]).post(f"/advisers/{adviser_id}/", {"form": "adviser", **ADVISER, "phone": "0451-1"})
    assert r.status_code == 302 and Adviser.objects.get(pk=adviser_id).phone == "0451-1"
    assert Adviser.objects.get(pk=adviser_id).active is False  # the box was not ticked


# ---- demo ------------------------------------------------------------------------------------------------------------
def test_demo_the_letters_adviser(aw):
    load_advisers_demo(aw.agency, aw.users)
    load_advisers_demo(aw.agency, aw.users)  # idempotent
    adviser = Adviser.objects.get()
    assert adviser.name == "韩立新" and adviser.kind == "lawyer" and "李秀兰" not in adviser.name
    assert (adviser.term_from, adviser.term_to) == (D(2017, 1, 1), D(2017, 12, 31))
    s = client(aw.users["head"]).get(f"{API}/statistics", {"year": 2017}).json()
    assert s["total"] == 5 and s["by_kind"]["contract"] == 3 and s["answered"] == 5
    assert (s["overdue"], s["answered_late"]) == (1, 1)
    assert s["average_response_days"] == 6.2  # 4, 4, 15, 4, 4 days
