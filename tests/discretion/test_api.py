"""/api/v1/enforcement/standards: the published standards for anyone, the evaluator for business staff, errors
as {error, message, fields}."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.discretion.conftest import SEED_CODE

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
URL = "/api/v1/enforcement/standards"
BODY = {"violation": "da48-1-use", "party_type": "unit", "circumstances": ["confessed"], "date": "2024-05-01",
        "decision_date": "2024-09-02"}


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c, body):
    return c.post(f"{URL}/evaluate", body, content_type="application/json")


def test_the_published_standards_are_public():
    r = Client().get(URL)
    assert r.status_code == 200
    (version,) = r.json()
    assert version["code"] == SEED_CODE and version["agency"] is None and version["effective_from"] == "2021-01-01"
    rule = next(x for x in version["rules"] if x["code"] == "da49-1-1")
    assert rule["penalty_article"] == "《中华人民共和国档案法》第四十九条第一款"
    assert {"party_type": "individual", "party_label": "个人", "min": "500.00", "max": "5000.00"} in rule[
        "statutory_fines"]
    general = next(g for g in rule["grades"] if g["level"] == "general")
    assert general["default"] and general["kinds"] == ["警告", "罚款"]
    assert any(c["code"] == "first-minor-corrected" and c["effect"] == "may_not_penalize" for c in
               version["circumstances"])
    assert Client().get(f"{URL}/{SEED_CODE}").json()["title"] == version["title"]
    r = Client().get(f"{URL}/no-such-version")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_evaluate_needs_a_login(world):
    r = post(Client(), BODY)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"


@pytest.mark.parametrize("who", ["citizen", "company", "sysadmin"])
def test_evaluate_is_for_business_staff(world, who):
    r = post(client(world.users[who]), BODY)
    assert r.status_code == 403 and r.json()["error"] == "forbidden"


def test_evaluate_returns_the_recommendation(world):
    r = post(client(world.users["handler"]), BODY)
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["kind"], body["min"], body["max"], body["grade"]) == ("警告、罚款", "10000.00", "28000.00", "minor")
    assert body["version"] == SEED_CODE and body["rule"] == "da49-1-1" and body["outcome"] == "penalty"
    assert body["kinds"] == ["警告", "罚款"] and body["statutory_max"] == "100000.00"
    assert "《中华人民共和国行政处罚法》第三十二条第三项" in body["citations"]
    assert any("轻微" in s for s in body["reasoning"])
    r = post(client(world.users["handler"]), {**BODY, "circumstances": ["first-minor-corrected"]})
    body = r.json()
    assert body["kind"] == "不予行政处罚" and body["outcome"] == "may_not_penalize"
    assert body["alternative"]["grade"] == "general" and body["alternative"]["min"] == "28000.00"


@pytest.mark.parametrize("change, code, words, field", [
    ({"circumstances": ["confessed", "repeat-offence"]}, "conflict", "请法制审核人员综合裁量", "grades"),
    ({"violation": "da99-9"}, "no_rule", "没有违法行为“da99-9”的裁量规则", "violation"),
    ({"violation": "da48-9"}, "discipline_only", "处分", "rules"),
    ({"circumstances": ["nonsense"]}, "unknown_circumstance", "nonsense", "circumstances"),
    ({"party_type": "company"}, "invalid", "当事人类型", "party_type"),
    ({"date": "2019-01-01"}, "no_version", "2019年1月1日", "date"),
])
def test_evaluate_errors_are_422_with_a_chinese_message(world, change, code, words, field):
    r = post(client(world.users["legal"]), {**BODY, **change})
    assert r.status_code == 422, r.content
    body = r.json()
    assert body["error"] == code and words in body["message"] and field in body["fields"]


def test_a_malformed_body_is_422_invalid(world):
    r = post(client(world.users["handler"]), {"violation": "da48-1-use"})
    assert r.status_code == 422 and r.json()["error"] == "invalid"
    assert {"party_type", "date"} <= set(r.json()["fields"])
