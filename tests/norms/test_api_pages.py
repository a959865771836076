"""The API and the pages of normative documents: who may read and do what."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.norms.models import NormativeDocument
from tests import factories as f
from tests.norms.conftest import docx_bytes, draft, pdf_bytes_with_text, to_valid

pytestmark = pytest.mark.django_db


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def test_public_api_without_login(world, today):
    doc = to_valid(world, draft(world), today)
    hidden = draft(world, title="起草中")
    anon = _client()
    for status in ("valid", "repealed", "all", "invalid"):
        assert anon.get("/api/v1/norms/documents", {"status": status}).status_code == 200
    body = anon.get("/api/v1/norms/documents", {"status": "valid"}).json()
    assert [r["id"] for r in body["results"]] == [doc.pk] and body["count"] == 1
    assert body["results"][0]["status"] == "valid" and body["results"][0]["number"] == doc.number
    assert anon.get("/api/v1/norms/documents", {"status": "repealed"}).json()["count"] == 0
    assert anon.get("/api/v1/norms/documents", {"status": "nonsense"}).status_code == 400
    one = anon.get(f"/api/v1/norms/documents/{doc.pk}").json()
    assert "档案馆内" in one["text"] and one["citations"][0]["articles"] == [24, 48] and "state" not in one
    assert anon.get(f"/api/v1/norms/documents/{hidden.pk}").status_code == 404
    assert anon.get("/api/v1/norms/documents", {"scope": "agency"}).status_code == 404
    assert anon.get("/api/v1/norms/counts").json()["valid"] == 1


def test_staff_api(world, today):
    handler = _client(world.users["handler"])
    r = handler.post("/api/v1/norms/documents", {
        "title": "关于规范档案查阅服务的通知", "drafting_division": "利用处", "explanation": "说明",
        "citations": [{"law": "archives-law", "articles": [27, 28]}]}, content_type="application/json")
    assert r.status_code == 201, r.content
    doc_id = r.json()["id"]
    assert r.json()["case_id"] == doc_id and r.json()["state"] == "draft"
    r = handler.post(f"/api/v1/norms/documents/{doc_id}/text", {"file": _file("正文.docx", docx_bytes())})
    assert r.status_code == 201 and r.json()["kind"] == "docx" and r.json()["review_voided"] is False
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 20
    r = handler.post(f"/api/v1/norms/documents/{doc_id}/text", {"file": _file("正文.png", png)})
    assert r.status_code == 400 and "只接受DOCX或PDF" in r.json()["message"] and "file" in r.json()["fields"]
    r = handler.patch(f"/api/v1/norms/documents/{doc_id}", {"title": "关于规范档案查阅利用服务的通知"},
                      content_type="application/json")
    assert r.status_code == 200 and r.json()["title"] == "关于规范档案查阅利用服务的通知"
    r = handler.post(f"/api/v1/cases/{doc_id}/transitions/submit_review", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "in_review"
    r = handler.patch(f"/api/v1/norms/documents/{doc_id}", {"title": "x"}, content_type="application/json")
    assert r.status_code == 409
    listing = handler.get("/api/v1/norms/documents", {"scope": "agency"}).json()
    assert listing["results"][0]["state"] == "in_review"
    assert handler.get(f"/api/v1/norms/documents/{doc_id}").json()["state"] == "in_review"
    # Another agency's staff: not found; a public account: not found; the legal division cannot draft.
    assert _client(world.users["other_handler"]).get(f"/api/v1/norms/documents/{doc_id}").status_code == 404
    assert _client(world.users["other_handler"]).post(
        f"/api/v1/norms/documents/{doc_id}/text", {"file": _file("a.docx", docx_bytes())}).status_code == 404
    assert _client(world.users["citizen"]).get(f"/api/v1/norms/documents/{doc_id}").status_code == 404
    assert _client(world.users["legal"]).post("/api/v1/norms/documents", {
        "title": "x", "drafting_division": "y"}, content_type="application/json").status_code == 403
    assert _client().post("/api/v1/norms/documents", {}, content_type="application/json").status_code == 401
    r = handler.post("/api/v1/norms/documents", {"title": "", "drafting_division": "",
                                                 "citations": [{"law": "nope", "articles": "x"}]},
                     content_type="application/json")
    assert r.status_code == 400 and {"title", "drafting_division", "citations"} <= set(r.json()["fields"])


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_register_and_receipt_api(world, today):
    legal = _client(world.users["legal"])
    r = legal.post("/api/v1/norms/documents/register", {
        "title": "黑龙江省档案局关于档案工作的通知", "number": "黑档发〔2014〕5号", "drafting_division": "办公室",
        "published_on": "2014-05-01", "citations": '[{"law": "archives-law", "articles": "8"}]',
        "file": _file("a.pdf", pdf_bytes_with_text("Archives notice"))})
    assert r.status_code == 201, r.content
    assert r.json()["state"] == "valid"
    r = legal.post("/api/v1/norms/documents/register", {"title": "x", "number": "", "drafting_division": "y",
                                                         "published_on": "2014-05-01", "citations": "{bad"})
    assert r.status_code == 400
    doc = to_valid(world, draft(world), today)
    r = legal.post(f"/api/v1/norms/documents/{doc.pk}/receipt", {"file": _file("回执.pdf", f.pdf_bytes("receipt"))})
    assert r.status_code == 201 and doc.files.count() == 1
    assert doc.case.events.last().transition == "attach_receipt"


def test_public_pages(world, today):
    doc = to_valid(world, draft(world), today)
    hidden = draft(world, title="起草中")
    anon = _client()
    home = anon.get("/norms/").content.decode()
    assert doc.title in home and hidden.title not in home
    page = anon.get(f"/norms/{doc.pk}/").content.decode()
    assert doc.number in page and "数字化加工场所应当设在档案馆内" in page and "《中华人民共和国档案法》第二十四条" in page
    r = anon.get(f"/norms/{doc.pk}/text/")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert anon.get(f"/norms/{hidden.pk}/").status_code == 404
    assert anon.get(f"/norms/{hidden.pk}/text/").status_code == 404
    assert anon.get("/norms/repealed/").status_code == 200
    assert anon.get("/norms/search/").status_code == 200
    assert anon.get("/norms/cleanups/").status_code == 200


def test_staff_pages(world, today):
    anon = _client()
    assert anon.get("/norms/staff/").status_code == 302
    assert _client(world.users["citizen"]).get("/norms/staff/").status_code == 404
    assert _client(world.users["sysadmin"]).get("/norms/staff/").status_code == 404
    handler = _client(world.users["handler"])
    r = handler.post("/norms/staff/", {
        "title": "关于加强声像档案管理的通知", "drafting_division": "业务指导处", "explanation": "说明",
        "cite_law": ["archives-law", ""], "cite_articles": ["27", ""], "cite_note": ["", ""],
        "file": _file("通知.docx", docx_bytes(["声像档案应当与纸质档案同步归档。"]))})
    assert r.status_code == 302, r.content.decode()[:2000]
    doc = NormativeDocument.objects.get(title="关于加强声像档案管理的通知")
    page = handler.get(r["Location"]).content.decode()
    assert 'id="norm-panel"' in page and "声像档案应当与纸质档案同步归档" in page and 'id="norm-text-form"' in page
    r = handler.post("/norms/staff/", {"title": "", "drafting_division": "", "cite_law": ["nope"],
                                       "cite_articles": ["x"]})
    assert r.status_code == 400
    # Upload a new text and edit the details from the panel.
    r = handler.post(f"/norms/staff/{doc.pk}/text/", {"file": _file("修改稿.docx", docx_bytes(["修改后的正文。"]))},
                     follow=True)
    assert "正文已上传" in r.content.decode() and doc.texts.count() == 2
    r = handler.post(f"/norms/staff/{doc.pk}/text/", {"file": _file("a.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 60)},
                     follow=True)
    assert "只接受DOCX或PDF" in r.content.decode()
    handler.post(f"/norms/staff/{doc.pk}/details/", {"title": "关于加强声像档案管理工作的通知", "drafting_division": "业务指导处",
                                                     "explanation": "说明", "other_bases": "",
                                                     "cite_law": ["archives-law"], "cite_articles": ["27、28"]})
    doc.refresh_from_db()
    assert doc.title == "关于加强声像档案管理工作的通知" and doc.citations.get().articles == [27, 28]
    text = doc.texts.first()
    assert handler.get(f"/norms/staff/{doc.pk}/texts/{text.pk}/").status_code == 200
    assert _client(world.users["other_handler"]).get(f"/norms/staff/{doc.pk}/texts/{text.pk}/").status_code == 404
    assert _client(world.users["legal"]).get("/norms/staff/register/").status_code == 200
    assert handler.get("/norms/staff/register/").status_code == 404
    r = _client(world.users["legal"]).post("/norms/staff/register/", {
        "title": "黑龙江省档案局关于某事项的通知", "number": "黑档发〔2013〕2号", "drafting_division": "办公室",
        "published_on": "2013-04-01", "cite_law": ["archives-law"], "cite_articles": ["8"],
        "file": _file("a.docx", docx_bytes())})
    assert r.status_code == 302
