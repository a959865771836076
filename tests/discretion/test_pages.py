"""/discretion/ (public) and /discretion/evaluate/ (business staff)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
FORM = {"violation": "da48-1-use", "party_type": "unit", "circumstances": ["confessed"],
        "violation_date": "2024-05-01", "decision_date": "2024-09-02"}


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def test_the_public_page_lists_the_published_standard():
    r = Client().get("/discretion/")
    assert r.status_code == 200
    html = r.content.decode()
    for words in ("行政处罚裁量基准", "档案行政处罚裁量基准（示例）", "《中华人民共和国档案法》第四十九条第一款",
                  "利用档案馆的档案，丢失属于国家所有的档案", "单位：10000元至100000元", "单位：28000元至55000元",
                  "个人：500元至1400元", "初次违法且危害后果轻微并及时改正的", "《中华人民共和国行政处罚法》第三十三条第一款",
                  "不按规定向社会开放、提供利用档案", "依法给予处分的行为", "0–20%"):
        assert words in html, words
    assert "/discretion/evaluate/" not in html  # the evaluator link is for staff


def test_the_evaluate_page_is_for_business_staff(world):
    r = Client().get("/discretion/evaluate/")
    assert r.status_code == 302 and "/login/" in r["Location"]
    for who in ("citizen", "company", "sysadmin", "auditor"):
        assert client(world.users[who]).get("/discretion/evaluate/").status_code == 404, who
    r = client(world.users["handler"]).get("/discretion/evaluate/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "裁量评估" in html and "da48-1-use" in html and "主动供述行政机关尚未掌握的违法行为的" in html


def test_evaluating_shows_the_recommendation_with_reasoning_and_citations(world):
    r = client(world.users["handler"]).post("/discretion/evaluate/", FORM)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="recommendation"' in html and "警告、罚款" in html and "10000元至28000元" in html
    assert "《中华人民共和国行政处罚法》第三十二条第三项" in html and "轻微" in html


def test_an_evaluation_error_is_shown_not_a_default(world):
    r = client(world.users["legal"]).post("/discretion/evaluate/", {**FORM, "circumstances": ["confessed",
                                                                                          "repeat-offence"]})
    assert r.status_code == 400
    html = r.content.decode()
    assert 'id="evaluation-error"' in html and "请法制审核人员综合裁量" in html and 'id="recommendation"' not in html


def test_bad_input_is_refused_in_chinese(world):
    r = client(world.users["handler"]).post("/discretion/evaluate/", {**FORM, "violation": "hack", "violation_date": ""})
    assert r.status_code == 400
    html = r.content.decode()
    assert "这个字段是必填项" in html or "必填" in html
    assert "选择一个有效的选项" in html
    assert 'id="recommendation"' not in html


def test_checking_a_proposed_decision(world):
    c = client(world.users["handler"])
    r = c.post("/discretion/evaluate/", {**FORM, "decided_kinds": ["警告", "罚款"], "amount": "20000"})
    assert r.status_code == 200 and "在裁量基准推荐的范围内" in r.content.decode()
    r = c.post("/discretion/evaluate/", {**FORM, "decided_kinds": ["警告", "罚款"], "amount": "50000"})
    assert r.status_code == 400 and "应当书面说明理由" in r.content.decode()
    r = c.post("/discretion/evaluate/", {**FORM, "decided_kinds": ["警告", "罚款"], "amount": "50000",
                                         "reason": "多次违法，情节恶劣"})
    html = r.content.decode()
    assert r.status_code == 200 and "须经法制审核" in html and "高于推荐幅度上限28000元" in html
