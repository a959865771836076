"""Penalty cases through the front doors: the API (create, evidence, generic case transitions, public decisions)
and the staff pages (register, evidence form, record DOCX), with bad input answered in Chinese."""

from __future__ import annotations

import io
import json

import docx
from django.test import Client

from fazhi.enforcement.models import Evidence, PenaltyCase
from fazhi.process.models import Case

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def _post(c, url, payload):
    return c.post(url, json.dumps(payload), content_type="application/json")


def _case_payload(pw, **over):
    return {"source": "inspection", "source_detail": "检查发现", "party": pw.party,
            "party_type": "archives_service_enterprise", **over}


def test_api_create_case_then_generic_case_api(pw):
    c = _client(pw.users["officer1"])
    r = _post(c, "/api/v1/enforcement/cases", _case_payload(pw))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "registered" and body["url"] == f"/api/v1/cases/{body['id']}"
    r = c.get(body["url"])
    assert r.status_code == 200 and r.json()["kind"] == "penalty"
    d = _client(pw.users["director"])
    r = _post(d, f"/api/v1/cases/{body['id']}/transitions/file_case",
              {"comment": "同意立案", "data": {"investigators": ["黑档执-0001", "黑档执-0003"], "party_type": "unit"}})
    assert r.status_code == 400 and "孙过期" in r.json()["message"]
    r = _post(d, f"/api/v1/cases/{body['id']}/transitions/file_case",
              {"comment": "同意立案", "data": {"investigators": ["黑档执-0001", "黑档执-0002"], "party_type": "unit"}})
    assert r.status_code == 200 and r.json()["state"] == "investigating"


def test_api_case_with_its_suspected_violation(pw):
    c = _client(pw.users["officer1"])
    r = _post(c, "/api/v1/enforcement/cases", _case_payload(pw, violation="no-such-violation"))
    assert r.status_code == 400 and "violation" in r.json()["fields"]
    assert not Case.objects.exists()
    r = _post(c, "/api/v1/enforcement/cases", _case_payload(pw, violation="da48-2-service"))
    assert r.status_code == 201
    assert PenaltyCase.objects.get(case_id=r.json()["id"]).violation == "da48-2-service"


def test_api_bad_input(pw):
    c = _client(pw.users["officer1"])
    r = _post(c, "/api/v1/enforcement/cases", _case_payload(pw, source="nonsense",
                                                             party={**pw.party, "id_number": "123"}))
    assert r.status_code == 400
    assert set(r.json()["fields"]) >= {"source", "party_id_number"}
    r = _post(c, "/api/v1/enforcement/cases", {"source": "own"})
    assert r.status_code == 422
    assert not Case.objects.exists()
    assert _post(Client(), "/api/v1/enforcement/cases", _case_payload(pw)).status_code == 401
    # an intake clerk does not register penalty cases; staff of another agency neither
    assert _post(_client(pw.users["clerk"]), "/api/v1/enforcement/cases", _case_payload(pw)).status_code == 403
    assert not Case.objects.exists()


def test_api_evidence_upload_and_access(pw):
    c = _client(pw.users["officer1"])
    case_id = _post(c, "/api/v1/enforcement/cases", _case_payload(pw)).json()["id"]
    _post(_client(pw.users["director"]), f"/api/v1/cases/{case_id}/transitions/file_case",
          {"comment": "同意", "data": {"investigators": ["黑档执-0001", "黑档执-0002"], "party_type": "unit"}})
    url = f"/api/v1/enforcement/cases/{case_id}/evidence"
    bad = io.BytesIO(b"MZ\x90\x00not a photo")
    bad.name = "photo.jpg"
    r = c.post(url, {"kind": "photo", "title": "现场照片", "recorded_on": "2026-11-02", "file": bad})
    assert r.status_code == 400 and "file" in r.json()["fields"]
    photo = io.BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    photo.name = "photo.jpg"
    r = c.post(url, {"kind": "photo", "title": "现场照片", "recorded_on": "2026-11-02", "file": photo})
    assert r.status_code == 201, r.content
    assert Evidence.objects.count() == 1
    assert c.get(url).json()[0]["title"] == "现场照片"
    # another agency's staff: not found
    assert _client(pw.users["other_handler"]).get(url).status_code == 404
    assert _client(pw.users["citizen"]).get(url).status_code == 404


def test_public_decisions_api_and_page_are_anonymous(pw):
    from tests.enforcement.test_penalty import _decided

    case = _decided(pw, publish="yes")
    r = Client().get("/api/v1/enforcement/decisions")
    assert r.status_code == 200
    [row] = r.json()
    assert row["number"] == case.number and row["party"] == pw.party["name"] and "罚款" in row["penalty"]
    page = Client().get("/enforcement/public/decisions/")
    assert page.status_code == 200 and pw.party["name"] in page.content.decode()


def test_person_party_is_masked_in_public(pw):
    from fazhi.enforcement.selectors import published_decisions

    case = Case.objects.create(kind="penalty", number="X-1", agency=pw.agency, party_kind="person",
                               party_name="王小明", channel="ex_officio", received_on="2026-11-02",
                               submitted_on="2026-11-02", state="decided", decided_on="2026-11-02",
                               published_on="2026-11-02", verification_hash="x")
    PenaltyCase.objects.create(case=case, source="own", source_detail="x", party_type="individual",
                               decided_kinds=["警告"])
    [row] = published_decisions()
    assert row["party"] != "王小明" and row["party"].startswith("王")


def test_staff_pages_register_and_record(pw):
    c = _client(pw.users["officer1"])
    assert c.get("/enforcement/").status_code == 200
    r = c.post("/enforcement/", {"procedure": "ordinary", "source": "own", "source_detail": "",
                                 "party_type": "unit", "party_name": "", "party_id_number": "bad"})
    assert r.status_code == 400 and "请写明案源情况" in r.content.decode()
    assert not Case.objects.exists()
    r = c.post("/enforcement/", {"procedure": "ordinary", "source": "own", "source_detail": "群众反映",
                                 "party_type": "archives_service_enterprise", "party_name": pw.party["name"],
                                 "party_id_number": pw.party["id_number"], "party_address": pw.party["address"]})
    assert r.status_code == 302
    case = Case.objects.get(kind="penalty")
    page = c.get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and "penalty-panel" in page.content.decode()
    _client(pw.users["director"]).post(f"/cases/{case.pk}/", {
        "transition": "file_case", "tf_investigators": "黑档执-0001\n黑档执-0002", "tf_party_type": "archives_service_enterprise",
        "comment": "同意立案"})
    case.refresh_from_db()
    assert case.state == "investigating"
    r = c.post(f"/enforcement/cases/{case.pk}/evidence/", {
        "kind": "site", "title": "现场检查", "recorded_on": "2026-11-02", "place": "当事人库房",
        "officers": "黑档执-0001\n黑档执-0002", "content": "库房内发现复制件120件。"})
    assert r.status_code == 302
    ev = Evidence.objects.get()
    r = c.get(f"/enforcement/evidence/{ev.pk}/record.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "现场检查笔录" in text and "库房内发现复制件120件。" in text and "赵执法" in text
    assert _client(pw.users["other_handler"]).get(f"/enforcement/evidence/{ev.pk}/record.docx").status_code == 404
    r = c.get(f"/enforcement/cases/{case.pk}/templates/inquiry.docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert r.status_code == 200 and "询问笔录" in text and "问：" in text and case.number in text
    assert c.get(f"/enforcement/cases/{case.pk}/templates/photo.docx").status_code == 404
    assert _client(pw.users["other_handler"]).get(f"/enforcement/cases/{case.pk}/templates/site.docx").status_code == 404
    assert Client().get(f"/enforcement/evidence/{ev.pk}/record.docx").status_code == 302


def test_inspection_finding_opens_a_linked_penalty_case(pw):
    """转立案查处 from a random inspection registers a penalty case linked both ways."""
    import datetime as dt

    from fazhi.core import clock as sysclock
    from fazhi.inspection.inspections import inspection_record, task_start_inspections
    from fazhi.inspection.models import InspectionItem
    from fazhi.inspection.services import task_commit, task_create, task_draw

    sysclock.set_today(dt.date(2026, 11, 2))
    InspectionItem.objects.create(agency=pw.agency, code="it1", name="档案安全", legal_basis="档案法第四十二条",
                                  subject="企业", method="现场检查", category="key")
    head = pw.users["head"]
    task = task_create(actor=head, title="测试", year=2026, item_codes=["it1"], quota_spec={"B": {"count": 1}},
                       team_size=2, beacon_source="测试")
    task_commit(task_id=task.pk, actor=head)
    task_draw(task_id=task.pk, actor=head, beacon_value="1 2 3")
    task_start_inspections(task_id=task.pk, actor=head)
    inspection = task.inspections.get()
    inspection_record(inspection_id=inspection.pk, actor=head, inspected_on=dt.date(2026, 11, 2),
                      officers_present=inspection.team, findings={"it1": {"result": "fail", "description": "擅自复制"}},
                      outcome="open_penalty", comment="涉嫌违反档案法第四十八条第二项")
    penalty = PenaltyCase.objects.get()
    assert penalty.inspection_id == inspection.pk and penalty.source == "inspection"
    assert "擅自复制" in penalty.source_detail
    inspection.case.refresh_from_db()
    assert inspection.case.data["penalty_case"] == penalty.case.number
    assert penalty.case.state == "registered" and penalty.case.party_id_number == pw.entity.uscc


def test_case_page_offers_the_standard_and_takes_several_circumstances(pw):
    from tests.enforcement.test_penalty import _evidence, _filed

    case = _filed(pw)
    _evidence(case, pw)
    c = _client(pw.users["officer1"])
    html = c.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="tf_violation"' in html and 'value="da48-2-service"' in html  # a choice, not a code to type
    assert 'type="checkbox" name="tf_circumstances" value="repeat-offence"' in html
    r = c.post(f"/cases/{case.pk}/", {
        "transition": "conclude_investigation", "tf_violation": "da48-2-service", "tf_violation_date": "2026-10-20",
        "tf_facts": "事实", "tf_circumstances": ["repeat-offence", "obstruct"], "tf_kinds": "警告\n罚款",
        "tf_fine": "150000", "tf_serious": "no"})
    assert r.status_code == 302, r.content.decode()[:2000]
    case.penalty.refresh_from_db()
    assert case.penalty.circumstances == ["repeat-offence", "obstruct"]
