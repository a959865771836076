"""The committee (public page and API, managed by the legal division and the director), the staff register, the
competence, the particulars API, the case page's panel, and who may do what."""

from __future__ import annotations

from fazhi.core.models import AuditEvent
from fazhi.reconsideration.models import CommitteeMember, Competence
from tests import factories as f
from tests.reconsideration.conftest import D, client, fire, new_case, ok, post

MEMBER = {"name": "林律师", "kind": "external", "profession": "lawyer", "affiliation": "某律师事务所",
          "term_start": "2026-01-01", "position": "member"}


def test_public_committee_page_and_api(rw):
    CommitteeMember.objects.create(agency=rw.agency, name="已卸任", kind="external", profession="scholar",
                                   affiliation="某大学", term_start=D(2020, 1, 1), term_end=D(2025, 1, 1))
    page = client().get("/reconsideration/committee/")
    html = page.content.decode()
    assert page.status_code == 200 and "高委员" in html and "马教授" in html and "曹律师" in html
    assert "已卸任" not in html and "委员共3人，其中内部委员1人、外部委员（专家学者、律师）2人" in html
    assert "第五十二条" in html
    other = client().get("/reconsideration/committee/?agency=other").content.decode()
    assert "暂未公布委员名单" in other
    assert client().get("/reconsideration/committee/?agency=nope").status_code == 404
    body = ok(client().get("/api/v1/reconsideration/committee"))
    assert [m["name"] for m in body] == ["高委员", "马教授", "曹律师"]
    assert body[1]["profession"] == "scholar" and body[1]["kind_label"] == "外部委员"
    assert client().get("/api/v1/reconsideration/committee?agency=nope").status_code == 404


def test_members_are_managed_by_the_legal_division_and_the_director(rw):
    body = ok(post(client(rw.users["legal"]), "/api/v1/reconsideration/committee", MEMBER), 201)
    assert body["name"] == "林律师" and body["active"]
    assert AuditEvent.objects.filter(action="reconsideration.member_add").exists()
    ok(post(client(rw.users["director"]), "/api/v1/reconsideration/committee", {**MEMBER, "name": "黄学者",
                                                                               "profession": "scholar"}), 201)
    assert post(client(), "/api/v1/reconsideration/committee", MEMBER).status_code == 401
    for who in ("handler", "clerk", "citizen", "sysadmin", "auditor"):
        assert post(client(rw.users[who]), "/api/v1/reconsideration/committee", MEMBER).status_code == 403, who
    r = post(client(rw.users["legal"]), "/api/v1/reconsideration/committee",
             {**MEMBER, "kind": "internal", "term_end": "2025-01-01", "name": " "})
    assert r.status_code == 400 and {"profession", "term_end", "name"} <= set(r.json()["fields"])
    assert post(client(rw.users["legal"]), "/api/v1/reconsideration/committee", {"name": "x"}).status_code == 422
    # end a term
    c = client(rw.users["legal"])
    r = c.patch(f"/api/v1/reconsideration/committee/{body['id']}", '{"active": false, "term_end": "2026-06-01"}',
                content_type="application/json")
    assert ok(r)["active"] is False
    r = c.patch(f"/api/v1/reconsideration/committee/{body['id']}", '{"term_end": "2020-01-01"}',
                content_type="application/json")
    assert r.status_code == 400 and "term_end" in r.json()["fields"]
    other_legal = f.staff("other_legal", rw.other, "legal_reviewer")
    r = client(other_legal).patch(f"/api/v1/reconsideration/committee/{body['id']}", '{"active": true}',
                                  content_type="application/json")
    assert r.status_code == 404
    assert CommitteeMember.objects.filter(agency=rw.agency).count() == 5


def test_manage_page(rw):
    legal = client(rw.users["legal"])
    page = legal.get("/reconsideration/manage/").content.decode()
    assert "高委员" in page and 'id="member-add"' in page and 'id="competence-form"' not in page
    r = legal.post("/reconsideration/manage/members/", {**MEMBER, "order": "9"})
    assert r.status_code == 302 and CommitteeMember.objects.filter(name="林律师").exists()
    r = legal.post("/reconsideration/manage/members/", {**MEMBER, "term_start": "bad"}, follow=True)
    assert "日期格式" in r.content.decode()
    member = CommitteeMember.objects.get(name="林律师")
    legal.post(f"/reconsideration/manage/members/{member.pk}/toggle/")
    member.refresh_from_db()
    assert not member.active and member.term_end == D(2026, 6, 1)
    legal.post(f"/reconsideration/manage/members/{member.pk}/toggle/")
    member.refresh_from_db()
    assert member.active and member.term_end is None
    handler = client(rw.users["handler"])
    assert handler.get("/reconsideration/manage/").status_code == 200  # staff may look
    assert handler.post("/reconsideration/manage/members/", MEMBER).status_code == 404
    assert handler.post(f"/reconsideration/manage/members/{member.pk}/toggle/").status_code == 404
    assert client(rw.users["other_clerk"]).post(f"/reconsideration/manage/members/{member.pk}/toggle/").status_code == 404
    assert client(rw.users["citizen"]).get("/reconsideration/manage/").status_code == 404
    assert client(rw.users["sysadmin"]).get("/reconsideration/manage/").status_code == 404
    assert client().get("/reconsideration/manage/").status_code == 302
    # the competence: the director only
    director = client(rw.users["director"])
    assert 'id="competence-form"' in director.get("/reconsideration/manage/").content.decode()
    r = director.post("/reconsideration/manage/competence/", {"scope": "lower", "legal_basis": "省政府授权（示例）"})
    assert r.status_code == 302 and Competence.objects.get(agency=rw.agency).scope == "lower"
    assert legal.post("/reconsideration/manage/competence/", {"scope": "own", "legal_basis": "x"}).status_code == 404


def test_competence_api(rw):
    c = client(rw.users["director"])
    r = c.put("/api/v1/reconsideration/competence", '{"scope": "lower", "legal_basis": ""}',
              content_type="application/json")
    assert r.status_code == 400 and "legal_basis" in r.json()["fields"]
    r = c.put("/api/v1/reconsideration/competence", '{"scope": "lower", "legal_basis": "示例"}',
              content_type="application/json")
    assert ok(r)["scope"] == "lower"
    assert ok(client(rw.users["handler"]).get("/api/v1/reconsideration/competence"))[0]["legal_basis"] == "示例"
    r = client(rw.users["legal"]).put("/api/v1/reconsideration/competence", '{"scope": "own", "legal_basis": "x"}',
                                      content_type="application/json")
    assert r.status_code == 403
    assert client(rw.users["citizen"]).get("/api/v1/reconsideration/competence").status_code == 403


def test_register_and_particulars(rw):
    case_id = new_case(rw)
    page = client(rw.users["handler"]).get("/reconsideration/").content.decode()
    assert "HLJ-FY2026-000001" in page and "哈尔滨市档案局" in page
    assert client(rw.users["other_clerk"]).get("/reconsideration/").content.decode().count("HLJ-FY2026") == 0
    assert client(rw.users["citizen"]).get("/reconsideration/").status_code == 404
    assert client().get("/reconsideration/").status_code == 302
    body = ok(client(rw.users["legal"]).get("/api/v1/reconsideration/cases"))
    assert body[0]["number"] == "HLJ-FY2026-000001" and body[0]["limit_due"] == "2026-07-10"
    assert ok(client(rw.users["legal"]).get("/api/v1/reconsideration/cases?role=respondent")) == []
    assert client(rw.users["citizen"]).get("/api/v1/reconsideration/cases").status_code == 403
    assert client().get("/api/v1/reconsideration/cases").status_code == 401
    full = ok(client(rw.users["legal"]).get(f"/api/v1/reconsideration/cases/{case_id}"))
    assert full["role"] == "organ" and "limit_due" in full and full["respondent_agency"] == "harbin"
    mine = ok(client(rw.users["citizen"]).get(f"/api/v1/reconsideration/cases/{case_id}"))
    assert mine["act_title"] == "行政处罚决定" and "limit_finding" not in mine and "advices" not in mine
    assert client(rw.users["citizen2"]).get(f"/api/v1/reconsideration/cases/{case_id}").status_code == 404
    assert client(rw.users["other_clerk"]).get(f"/api/v1/reconsideration/cases/{case_id}").status_code == 404
    assert client(rw.users["sysadmin"]).get(f"/api/v1/reconsideration/cases/{case_id}").status_code == 404
    assert client(rw.users["legal"]).get("/api/v1/reconsideration/cases/999999").status_code == 404


def test_case_page_panel_for_staff_and_applicant(rw):
    case_id = new_case(rw)
    staff = client(rw.users["legal"]).get(f"/cases/{case_id}/").content.decode()
    assert 'id="reconsideration-panel"' in staff and 'id="recon-limit"' in staff and "2026年7月10日" in staff
    assert 'data-transition="accept"' in staff and 'data-transition="refuse"' in staff
    mine = client(rw.users["citizen"]).get(f"/cases/{case_id}/").content.decode()
    assert 'id="reconsideration-panel"' in mine and 'id="recon-limit"' not in mine
    assert 'data-transition="accept"' not in mine and 'data-transition="request_withdrawal"' in mine
    assert client(rw.users["other_clerk"]).get(f"/cases/{case_id}/").status_code == 404
    assert client(rw.users["citizen2"]).get(f"/cases/{case_id}/").status_code == 404


def test_who_may_fire(rw):
    case_id = new_case(rw)
    for who in ("clerk", "handler", "director", "citizen"):
        r = fire(rw, case_id, "accept", who, D(2026, 6, 2), procedure="ordinary", major="no")
        assert r.status_code == 409, who
    r = fire(rw, case_id, "accept", "other_clerk", D(2026, 6, 2), procedure="ordinary", major="no")
    assert r.status_code == 404
    r = fire(rw, case_id, "deemed_accept", "legal", D(2026, 6, 2))
    assert r.status_code == 409  # only the clock fires it
    r = fire(rw, case_id, "accept", "legal", D(2026, 6, 2), procedure="whatever", major="no")
    assert r.status_code == 400 and "procedure" in r.json()["fields"]
    r = fire(rw, case_id, "no_such_step", "legal", D(2026, 6, 2))
    assert r.status_code == 409
