"""The power list through the front doors: public pages and API (published versions only), the staff pages and
the staff API (the agency's business staff read the draft; section heads, legal reviewers and the director edit;
the director publishes), with bad input answered in Chinese and nothing saved."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fazhi.powers import services
from fazhi.powers.models import Power, PowerListVersion
from fazhi.process.flowchart import flowchart_svg
from tests.powers.conftest import RISKS, power_data

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


@pytest.fixture
def lists(pl):
    """Version 1 published (one reward power, one inspection power); version 2 a draft with a third power."""
    head, director = pl.users["head"], pl.users["director"]
    v1 = services.version_draft_create(actor=head, label="2025年版")
    services.power_save(actor=head, version=v1, data=power_data(), risk_points=RISKS)
    services.power_save(actor=head, version=v1, data=power_data(
        code="黑档-JC-001", name="档案工作监督检查", category="inspection", process_code="inspection",
        time_limit_text="", steps=[], posts=["检查岗"]), risk_points=[{**RISKS[0], "post": "检查岗"}])
    services.version_publish(actor=director, version=v1)
    v2 = services.version_draft_create(actor=head, label="2026年版")
    services.power_save(actor=head, version=v2, data=power_data(code="黑档-QT-009", name="草稿中的新事项"),
                        risk_points=RISKS)
    pl.v1, pl.v2 = v1, v2
    return pl


def test_public_pages_show_published_versions_only(lists):
    c = Client()
    html = c.get("/powers/").content.decode()
    assert "2025年版" in html and "黑档-JL-001" in html and "草稿中的新事项" not in html
    assert c.get("/powers/?agency=hlj&version=2").status_code == 404
    assert c.get("/powers/?agency=nope").status_code == 404
    assert c.get("/powers/p/黑档-QT-009/").status_code == 404
    assert c.get("/powers/p/黑档-QT-009/?version=2").status_code == 404
    page = c.get("/powers/p/黑档-JC-001/").content.decode()
    assert flowchart_svg("inspection") in page and 'id="time-limits"' in page and "整改期限" in page
    assert "未经集体研究即决定" in page  # risk point
    page = c.get("/powers/p/黑档-JL-001/").content.decode()
    assert "按评选周期办理" in page and "<svg" not in page and "<li>公示</li>" in page


def test_public_page_without_any_list(world):
    assert "暂无发布的权力清单" in Client().get("/powers/").content.decode()
    assert Client().get("/api/v1/powers").status_code == 404


def test_public_api(lists):
    c = Client()
    body = c.get("/api/v1/powers").json()
    assert body["version"]["number"] == 1 and body["version"]["status"] == "published"
    assert [p["code"] for p in body["powers"]] == ["黑档-JC-001", "黑档-JL-001"]
    inspection = body["powers"][0]
    assert inspection["time_limits_from_process"] and inspection["time_limits"][0]["budget"] == 30
    assert body["powers"][1]["time_limit_text"] == "按评选周期办理"
    assert c.get("/api/v1/powers?agency=hlj&version=2").status_code == 404
    assert c.get("/api/v1/powers?agency=other").status_code == 404
    detail = c.get("/api/v1/powers/黑档-JC-001?agency=hlj").json()
    assert detail["flowchart_svg"].startswith("<svg") and detail["process_steps"]
    assert c.get("/api/v1/powers/黑档-QT-009").status_code == 404
    assert c.get("/api/v1/powers/drafts/current").status_code == 401


@pytest.mark.parametrize("actor,status", [
    (None, 302), ("citizen", 404), ("company", 404), ("sysadmin", 404), ("auditor", 404),
    ("clerk", 200), ("officer1", 200), ("head", 200), ("director", 200),
])
def test_staff_pages_gate(lists, actor, status):
    c = _client(lists.users[actor] if actor else None)
    pk = lists.v2.powers.get(code="黑档-QT-009").pk
    for url in ("/powers/manage/", "/powers/manage/v2/", f"/powers/manage/v2/p/{pk}/preview/"):
        assert c.get(url).status_code == status, url


def test_staff_of_other_agencies_do_not_see_the_draft(lists):
    pk = lists.v2.powers.get(code="黑档-QT-009").pk
    for actor in ("other_clerk", "city_clerk", "other_head"):
        c = _client(lists.users[actor])
        assert c.get("/powers/manage/").status_code == 200
        assert "2026年版" not in c.get("/powers/manage/").content.decode()
        for url in ("/powers/manage/v2/", f"/powers/manage/v2/p/{pk}/", f"/powers/manage/v2/p/{pk}/preview/"):
            assert c.get(url).status_code == 404, (actor, url)
        assert c.get("/api/v1/powers/drafts/current").status_code == 404


def test_edit_forms_only_for_editors(lists):
    pk = lists.v2.powers.get(code="黑档-QT-009").pk
    clerk = _client(lists.users["clerk"])
    assert clerk.get(f"/powers/manage/v2/p/{pk}/").status_code == 404
    assert clerk.post(f"/powers/manage/v2/p/{pk}/", {"name": "改"}).status_code == 404
    assert clerk.post("/powers/manage/v2/", {"action": "publish"}).status_code == 404
    html = clerk.get("/powers/manage/v2/").content.decode()
    assert 'id="publish-form"' not in html and "新增权力事项" not in html
    head = _client(lists.users["head"])
    assert head.get(f"/powers/manage/v2/p/{pk}/").status_code == 200
    assert head.post("/powers/manage/v2/", {"action": "publish"}).status_code == 404  # only the director
    # a published version has no edit form
    v1_pk = lists.v1.powers.first().pk
    assert head.get(f"/powers/manage/v1/p/{v1_pk}/").status_code == 404
    assert head.post(f"/powers/manage/v1/p/{v1_pk}/risks/", {"post": "决定岗"}).status_code == 404
    assert lists.v2.__class__.objects.get(pk=lists.v2.pk).is_draft


def test_web_flow_edit_and_publish(lists):
    head = _client(lists.users["head"])
    r = head.post("/powers/manage/v2/new/", {"code": "黑档-QT-010", "name": "", "category": "other",
                                               "citations": "archives-law: 四十六"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "请填写权力名称" in html and "条号“四十六”无效" in html and "黑档-QT-010" in html  # the form keeps input
    assert not Power.objects.filter(code="黑档-QT-010").exists()
    r = head.post("/powers/manage/v2/new/", {
        "code": "黑档-QT-010", "name": "档案违法行为举报的受理和处理", "category": "other",
        "legal_basis": "《中华人民共和国档案法》第四十六条", "citations": "archives-law：46 | 举报\npenalty-law: 22",
        "division": "政策法规处", "posts": "受理岗\n承办岗", "responsibilities": "登记\n处理", "accountability": "压案不查",
        "time_limit_text": "十五个工作日", "steps": "登记\n核实\n处理", "order": "5"})
    assert r.status_code == 302
    power = Power.objects.get(version=lists.v2, code="黑档-QT-010")
    assert power.posts == ["受理岗", "承办岗"] and power.steps == ["登记", "核实", "处理"]
    assert [(c.law.code, c.articles, c.note) for c in power.citations.all()] == [
        ("archives-law", [46], "举报"), ("penalty-law", [22], "")]
    url = f"/powers/manage/v2/p/{power.pk}/risks/"
    head.post(url, {"post": "不存在", "description": "泄露举报人信息", "level": "high", "controls": "保密"})
    assert not power.risk_points.exists()
    head.post(url, {"post": "受理岗", "description": "泄露举报人信息", "level": "high", "controls": "保密\n留痕"})
    risk = power.risk_points.get()
    assert risk.controls == ["保密", "留痕"]
    head.post(url, {"risk": risk.pk, "post": "承办岗", "description": "压案不查", "level": "medium", "controls": "督办"})
    risk.refresh_from_db()
    assert (risk.post, risk.level) == ("承办岗", "medium")
    edit = head.get(f"/powers/manage/v2/p/{power.pk}/").content.decode()
    assert "archives-law: 46 | 举报" in edit
    director = _client(lists.users["director"])
    r = director.post("/powers/manage/v2/", {"action": "publish", "effective_on": "2026-12-01"})
    assert r.status_code == 302
    lists.v2.refresh_from_db()
    assert not lists.v2.is_draft and lists.v2.effective_on.isoformat() == "2026-12-01"
    page = Client().get("/powers/p/黑档-QT-010/").content.decode()
    assert "《中华人民共和国档案法》第四十六条（举报）" in page and "泄露举报人信息" not in page and "压案不查" in page
    # the previous version is still there
    assert "黑档-QT-010" not in Client().get("/powers/?agency=hlj&version=1").content.decode()
    # a new draft from the page copies the latest
    r = head.post("/powers/manage/", {"label": "2027年版", "effective_on": "bad"})
    assert r.status_code == 400 and "日期格式" in r.content.decode()
    r = head.post("/powers/manage/", {"label": "2027年版"})
    assert r.status_code == 302
    assert PowerListVersion.objects.get(number=3).powers.count() == lists.v2.powers.count()


def _json(c, method, url, payload):
    return getattr(c, method)(url, json.dumps(payload), content_type="application/json")


def test_staff_api(lists):
    services.version_delete(actor=lists.users["head"], version=lists.v2)
    clerk, head, director = (_client(lists.users[n]) for n in ("clerk", "head", "director"))
    assert _json(Client(), "post", "/api/v1/powers/drafts", {}).status_code == 401
    assert _json(clerk, "post", "/api/v1/powers/drafts", {}).status_code == 403
    r = _json(head, "post", "/api/v1/powers/drafts", {"label": "2026年版"})
    assert r.status_code == 201 and r.json()["number"] == 2 and r.json()["status"] == "draft"
    assert clerk.get("/api/v1/powers/drafts/current").json()["version"]["number"] == 2
    payload = {k: v for k, v in power_data().items() if k != "code"}
    payload["risk_points"] = RISKS
    r = _json(head, "put", "/api/v1/powers/drafts/powers/黑档-QT-011", {**payload, "posts": [], "citations": [
        {"law": "archives-law", "articles": [0]}]})
    assert r.status_code == 400 and {"posts", "citations"} <= set(r.json()["fields"])
    assert "请填写责任岗位" in r.json()["message"]
    assert not Power.objects.filter(code="黑档-QT-011").exists()
    assert _json(clerk, "put", "/api/v1/powers/drafts/powers/黑档-QT-011", payload).status_code == 403
    r = _json(head, "put", "/api/v1/powers/drafts/powers/黑档-QT-011", payload)
    assert r.status_code == 200, r.content
    assert r.json()["risk_points"][0]["level_label"] == "中"
    r = _json(head, "put", "/api/v1/powers/drafts/powers/黑档-QT-011", {**payload, "name": "改名"})
    assert r.json()["name"] == "改名" and Power.objects.filter(code="黑档-QT-011").count() == 1
    assert head.delete("/api/v1/powers/drafts/powers/黑档-JC-001").status_code == 204
    assert _json(head, "post", "/api/v1/powers/drafts/publish", {}).status_code == 403
    r = _json(director, "post", "/api/v1/powers/drafts/publish", {})
    assert r.status_code == 200 and r.json()["status"] == "published"
    codes = [p["code"] for p in Client().get("/api/v1/powers").json()["powers"]]
    assert codes == ["黑档-JL-001", "黑档-QT-011"]
    assert clerk.get("/api/v1/powers/drafts/current").status_code == 404
