"""Major decisions through the front doors: the API (create, list, get, draft, catalogue, public lists, legislative
projects) and the pages, with who may do what and bad input answered in Chinese with nothing saved."""

from __future__ import annotations

import pytest

from fazhi.decisions.models import CatalogueItem, Decision, LegislativeProject
from fazhi.process.models import Case
from tests.decisions.conftest import client, post, reviewed

API = "/api/v1/norms/decisions"
PAYLOAD = {"title": "档案馆开放利用办法", "category": "public_policy", "drafting_unit": "利用服务处",
           "description": "说明", "draft_text": "第一条 ……"}


def test_api_create_list_get(dw):
    h = client(dw.users["handler"])
    r = post(h, API, PAYLOAD)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "drafting" and body["number"].startswith("HLJ-JC2026-")
    assert body["url"] == f"/api/v1/cases/{body['id']}"
    r = h.get(API)
    assert r.status_code == 200 and [row["id"] for row in r.json()] == [body["id"]]
    r = h.get(f"{API}/{body['id']}")
    assert r.status_code == 200
    detail = r.json()
    assert detail["title"] == "档案馆开放利用办法" and detail["draft_version"] == 1 and len(detail["draft_sha256"]) == 64
    assert "start_consultation" in detail["transitions"] and "revise_draft" not in detail["transitions"]
    # the generic case API drives it
    r = client(dw.users["handler"]).get(detail["url"])
    assert r.status_code == 200 and r.json()["kind"] == "major_decision"
    # revise the draft through the API
    r = post(h, f"{API}/{body['id']}/draft", {"text": "第一条 修改后。", "note": "修改"})
    assert r.status_code == 200 and r.json()["draft_version"] == 2
    r = post(h, f"{API}/{body['id']}/draft", {"text": ""})
    assert r.status_code == 400 and "text" in r.json()["fields"]
    # a legal reviewer may read but not revise
    r = post(client(dw.users["legal"]), f"{API}/{body['id']}/draft", {"text": "第一条 另稿。"})
    assert r.status_code == 403


def test_api_bad_input_saves_nothing(dw):
    h = client(dw.users["handler"])
    r = post(h, API, {**PAYLOAD, "title": " ", "category": "nonsense", "drafting_unit": ""})
    assert r.status_code == 400
    body = r.json()
    assert set(body["fields"]) >= {"title", "category", "drafting_unit"} and "请" in body["message"]
    r = post(h, API, {**PAYLOAD, "started_on": "2030-01-01"})
    assert r.status_code == 400 and "started_on" in r.json()["fields"]
    r = post(h, API, {**PAYLOAD, "catalogue_item_id": 999})
    assert r.status_code == 400 and "catalogue_item" in r.json()["fields"]
    r = post(h, API, {"title": "x"})
    assert r.status_code == 422 and r.json()["message"] == "请求格式不正确。"
    assert not Case.objects.exists() and not Decision.objects.exists()


def test_api_permissions(dw):
    u = dw.users
    case_id = post(client(u["handler"]), API, PAYLOAD).json()["id"]
    anon = client()
    assert post(anon, API, PAYLOAD).status_code == 401
    assert anon.get(API).status_code == 401
    assert anon.get(f"{API}/{case_id}").status_code == 401
    for public in ("public", "public/consultations", "public/catalogue"):
        assert anon.get(f"{API}/{public}").status_code == 200
    # who may start a decision: the drafting division and the leaders
    for name, status in (("clerk", 403), ("legal", 403), ("officer1", 403), ("sysadmin", 403), ("citizen", 403),
                         ("head", 201), ("director", 201)):
        assert post(client(u[name]), API, PAYLOAD).status_code == status, name
    # reading: staff of the agency; another agency, a public account and an administrator get 404 / 403
    for name in ("legal", "clerk", "deputy"):
        assert client(u[name]).get(f"{API}/{case_id}").status_code == 200, name
    for name in ("other_handler", "city_clerk", "citizen", "sysadmin"):
        assert client(u[name]).get(f"{API}/{case_id}").status_code == 404, name
        assert client(u[name]).get(f"/api/v1/cases/{case_id}").status_code == 404, name
    assert client(u["citizen"]).get(API).status_code == 403
    assert client(u["sysadmin"]).get(API).status_code == 403
    r = client(u["other_handler"]).get(API)
    assert r.status_code == 200 and r.json() == []
    # another agency cannot fire a step on it
    r = post(client(u["other_handler"]), f"/api/v1/cases/{case_id}/transitions/skip_consultation",
             {"data": {"ground": "not_public", "skip_reason": "x"}})
    assert r.status_code == 404


def test_api_catalogue(dw):
    r = post(client(dw.users["head"]), f"{API}/catalogue",
             {"year": 2026, "title": "全省档案事业发展规划", "category": "plan", "drafting_unit": "办公室"})
    assert r.status_code == 201, r.content
    item_id = r.json()["id"]
    assert post(client(dw.users["handler"]), f"{API}/catalogue",
                {"year": 2026, "title": "另一事项", "category": "plan", "drafting_unit": "办公室"}).status_code == 403
    r = post(client(dw.users["head"]), f"{API}/catalogue",
             {"year": 1990, "title": "全省档案事业发展规划", "category": "x", "drafting_unit": ""})
    assert r.status_code == 400 and {"year", "category", "drafting_unit"} <= set(r.json()["fields"])
    assert CatalogueItem.objects.count() == 1
    case_id = post(client(dw.users["handler"]), API, {**PAYLOAD, "catalogue_item_id": item_id}).json()["id"]
    r = client().get(f"{API}/public/catalogue?year=2026")
    assert r.status_code == 200 and r.json()[0]["title"] == "全省档案事业发展规划" and r.json()[0]["status"] == "起草中"
    assert client(dw.users["handler"]).get(f"{API}/{case_id}").json()["catalogue_item"]["id"] == item_id
    # another agency's catalogue item cannot be used
    r = post(client(dw.users["other_handler"]), API, {**PAYLOAD, "catalogue_item_id": item_id})
    assert r.status_code in (400, 403)


def test_api_legislative_projects(dw):
    legal = client(dw.users["legal"])
    payload = {"title": "黑龙江省重大事项档案管理办法", "kind": "government_rule", "drafting_unit": "法制处",
               "plan": "省政府2017年立法调研计划（调研项目）",
               "milestones": [{"name": "赴外省调研", "due": "2026-09-30"}, {"name": "形成送审稿", "due": "2026-12-31"}]}
    r = post(legal, f"{API}/legislation", payload)
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert r.json()["milestones"][0]["overdue"] is True and r.json()["milestones"][1]["overdue"] is False
    r = legal.patch(f"{API}/legislation/{pid}", {"milestones": [
        {"name": "赴外省调研", "due": "2026-09-30", "done_on": "2026-09-22", "note": "浙江、山东"}], "status": "drafting"},
        content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "drafting"
    assert r.json()["milestones"][0]["done_on"] == "2026-09-22"
    r = legal.patch(f"{API}/legislation/{pid}", {"milestones": [{"name": "", "done_on": "2030-01-01"}]},
                    content_type="application/json")
    assert r.status_code == 400 and "milestones" in r.json()["fields"]
    assert LegislativeProject.objects.get().status == "drafting"
    r = post(legal, f"{API}/legislation", {**payload, "kind": "x", "title": ""})
    assert r.status_code == 400 and {"kind", "title"} <= set(r.json()["fields"])
    assert LegislativeProject.objects.count() == 1
    assert [p["id"] for p in legal.get(f"{API}/legislation").json()] == [pid]
    assert client(dw.users["other_handler"]).get(f"{API}/legislation/{pid}").status_code == 404
    assert client(dw.users["citizen"]).get(f"{API}/legislation/{pid}").status_code == 404
    assert client().get(f"{API}/legislation").status_code == 401
    assert post(client(dw.users["clerk"]), f"{API}/legislation", payload).status_code == 403


@pytest.mark.parametrize("name,status", [("anonymous", 302), ("citizen", 404), ("sysadmin", 404), ("handler", 200),
                                         ("legal", 200), ("other_handler", 200)])
def test_register_page_access(dw, name, status):
    c = client(None if name == "anonymous" else dw.users[name])
    assert c.get("/decisions/").status_code == status
    assert c.get("/decisions/legislation/").status_code == status
    assert c.get("/decisions/public/").status_code == 200


def test_pages_create_revise_and_case_panel(dw):
    h = client(dw.users["handler"])
    r = h.post("/decisions/", {"form": "decision", "title": "", "category": "plan", "drafting_unit": ""})
    assert r.status_code == 400 and "请填写" in r.content.decode() and not Case.objects.exists()
    r = h.post("/decisions/", {"form": "decision", "title": "规划", "category": "plan", "drafting_unit": "办公室",
                               "draft_text": "第一稿"})
    assert r.status_code == 302
    case = Case.objects.get()
    page = h.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="decision-panel"' in page and "第1稿" in page
    r = h.post(f"/decisions/{case.pk}/draft/", {"text": "第二稿", "note": "改"})
    assert r.status_code == 302 and Decision.objects.get().draft_version == 2
    assert client(dw.users["other_handler"]).post(f"/decisions/{case.pk}/draft/", {"text": "x"}).status_code == 404
    assert client(dw.users["other_handler"]).get(f"/cases/{case.pk}/").status_code == 404
    # the catalogue form is for heads and leaders
    assert h.post("/decisions/", {"form": "catalogue", "year": "2026", "title": "x", "category": "plan",
                                  "drafting_unit": "y"}).status_code == 404
    r = client(dw.users["head"]).post("/decisions/", {"form": "catalogue", "year": "abc", "title": "x",
                                                      "category": "plan", "drafting_unit": "y"})
    assert r.status_code == 400 and not CatalogueItem.objects.exists()


def test_case_page_fires_discussion_and_public_page(dw):
    case = reviewed(dw)
    d = client(dw.users["director"])
    page = d.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-transition="discussion_adopt"' in page
    r = d.post(f"/cases/{case.pk}/", {"transition": "discussion_adopt", "tf_meeting_date": "2026-11-11",
                                      "tf_meeting_type": "directors_office", "tf_chaired_by": "局长",
                                      "tf_attendees": "局长\n副局长甲\n副局长乙", "tf_minutes": "讨论。",
                                      "tf_chief_opinion": "同意。"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "decided"
    client(dw.users["handler"]).post(f"/cases/{case.pk}/", {"transition": "publish", "tf_published_on": "2026-11-11",
                                                             "tf_channel": "门户网站"})
    page = client().get("/decisions/public/").content.decode()
    assert "某档案工作办法" in page and "局长办公会" in page


def test_project_pages(dw):
    legal = client(dw.users["legal"])
    r = legal.post("/decisions/legislation/", {"title": "", "kind": "government_rule", "drafting_unit": "法制处"})
    assert r.status_code == 400 and not LegislativeProject.objects.exists()
    r = legal.post("/decisions/legislation/", {"title": "某办法", "kind": "government_rule", "drafting_unit": "法制处",
                                               "plan": "立法调研计划", "ms_name_0": "调研", "ms_due_0": "2026-12-31",
                                               "ms_name_1": "", "ms_due_1": "", "ms_done_1": "", "ms_note_1": ""})
    assert r.status_code == 302
    p = LegislativeProject.objects.get()
    assert p.milestones == [{"name": "调研", "due": "2026-12-31", "done_on": None, "note": ""}]
    r = legal.post(f"/decisions/legislation/{p.pk}/", {"status": "drafting", "ms_name_0": "调研",
                                                       "ms_due_0": "2026-12-31", "ms_done_0": "2026-11-02"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.status == "drafting" and p.milestones[0]["done_on"] == "2026-11-02"
    assert legal.get(f"/decisions/legislation/{p.pk}/").status_code == 200
    assert client(dw.users["other_handler"]).get(f"/decisions/legislation/{p.pk}/").status_code == 404
    assert client(dw.users["clerk"]).post(f"/decisions/legislation/{p.pk}/", {"status": "adopted"}).status_code == 404
