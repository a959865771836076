"""The assessment pages and the API through the front door: who sees what (the scheme's agency and superior
agencies whole, a subordinate agency only its own units, a foreign agency nothing), the forms (Chinese errors,
nothing saved), the XLSX of the rankings, the evidence download."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from fazhi.assessment import services
from fazhi.assessment.models import AssessedUnit, Group, Indicator, Score
from tests.assessment.conftest import build_scheme, logged, score
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def text(r) -> str:
    return r.content.decode()


@pytest.fixture
def scored(aw):
    built = build_scheme(aw)
    u = built.units
    score(aw, built, u.harbin, "90", "40")
    score(aw, built, u.community, "80", "45")
    score(aw, built, u.county, "100", "35")
    score(aw, built, u.enterprise, "80", "45")
    services.rectification_add(actor=aw.users["head"], scheme_id=built.scheme.pk, unit_id=u.county.pk,
                               description="宾县整改事项", due="2026-12-31")
    services.rectification_add(actor=aw.users["head"], scheme_id=built.scheme.pk, unit_id=u.enterprise.pk,
                               description="乙企业整改事项", due="2026-12-31")
    aw.built = built
    return aw


ALL_UNITS = ("哈尔滨市档案局", "甲社区", "宾县档案局", "乙企业")


# ---- who sees what -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["clerk", "head", "director"])
def test_the_schemes_agency_sees_it_whole(scored, who):
    c = logged(scored.users[who])
    assert scored.built.scheme.title in text(c.get("/assessment/"))
    body = text(c.get(f"/assessment/{scored.built.scheme.pk}/"))
    for name in (*ALL_UNITS, "宾县整改事项", "乙企业整改事项", "第一检查组", "刘局长", "86.00"):
        assert name in body, name
    assert '<dd id="unit-count">4</dd>' in body and '<dd id="average">85.50</dd>' in body


def test_a_subordinate_agency_sees_its_own_units_only(scored):
    scheme = scored.built.scheme
    u = scored.built.units
    city = logged(scored.users["city_clerk"])  # harbin: itself and binxian below it
    assert scheme.title in text(city.get("/assessment/"))
    body = text(city.get(f"/assessment/{scheme.pk}/"))
    assert "哈尔滨市档案局" in body and "宾县档案局" in body and "宾县整改事项" in body
    assert "甲社区" not in body and "乙企业" not in body and "乙企业整改事项" not in body
    assert "本页只显示本单位" in body and 'id="average"' not in body
    county = logged(scored.users["county_clerk"])
    body = text(county.get(f"/assessment/{scheme.pk}/units/{u.county.pk}/"))
    assert "88.00" in body and '<dd id="rank">1</dd>' in body and "扣分依据" in body
    assert county.get(f"/assessment/{scheme.pk}/units/{u.harbin.pk}/").status_code == 404
    assert city.get(f"/assessment/{scheme.pk}/units/{u.community.pk}/").status_code == 404
    # no forms for them, and a POST answers 404
    assert 'name="action" value="scores"' not in body
    r = county.post(f"/assessment/{scheme.pk}/units/{u.county.pk}/",
                    {"action": "rectification", "description": "x", "due": "2026-12-31"})
    assert r.status_code == 404


def test_a_superior_agency_sees_a_subordinates_scheme_whole(aw):
    city_scheme = services.scheme_create(actor=aw.users["city_head"], year=2026, title="哈尔滨市2026年度考核方案")
    for who in ("clerk", "city_clerk"):
        c = logged(aw.users[who])
        assert c.get(f"/assessment/{city_scheme.pk}/").status_code == 200, who
        assert "哈尔滨市2026年度考核方案" in text(c.get("/assessment/"))
    # a draft of a superior agency is not shown to the units it will assess
    built = build_scheme(aw, publish=False)
    assert logged(aw.users["city_clerk"]).get(f"/assessment/{built.scheme.pk}/").status_code == 404
    # and the county below sees neither Harbin's draft nor anything of its own there
    assert logged(aw.users["county_clerk"]).get(f"/assessment/{city_scheme.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["other_clerk", "other_head", "citizen", "company", "sysadmin", "auditor"])
def test_a_foreign_agency_public_accounts_and_administrators_see_nothing(scored, who):
    c = logged(scored.users[who])
    scheme, unit = scored.built.scheme, scored.built.units.harbin
    for url in (f"/assessment/{scheme.pk}/", f"/assessment/{scheme.pk}/units/{unit.pk}/",
                f"/assessment/{scheme.pk}/rankings.xlsx"):
        assert c.get(url).status_code == 404, url
    r = c.get("/assessment/")
    assert r.status_code == 404 or scheme.title not in text(r)


def test_anonymous_goes_to_the_login_page(scored):
    r = Client().get(f"/assessment/{scored.built.scheme.pk}/")
    assert r.status_code == 302 and "/login" in r["Location"]
    assert Client().get("/assessment/").status_code == 302


# ---- forms ---------------------------------------------------------------------------------------------------
def test_managers_build_a_scheme_through_the_pages(aw):
    c = logged(aw.users["head"])
    r = c.post("/assessment/", {"year": "2026", "title": ""})
    assert r.status_code == 400 and "请填写“方案名称”。" in text(r)
    r = c.post("/assessment/", {"year": "2026", "title": "页面方案"})
    assert r.status_code == 302
    url = r["Location"]
    r = c.post(url, {"action": "indicator", "code": "1", "name": "组织领导", "weight": "70", "max_score": "100"})
    assert r.status_code == 302
    r = c.post(url, {"action": "publish", "published_on": ""})
    assert r.status_code == 400 and "各项考核指标的权重之和应为100，现为70。" in text(r)
    ind = Indicator.objects.get(name="组织领导")
    c.post(url, {"action": "indicator", "indicator": ind.pk, "code": "1", "name": "组织领导", "weight": "100",
                 "max_score": "100"})
    r = c.post(url, {"action": "group", "name": "第一检查组", "leader": "刘局长"})
    assert r.status_code == 302
    group = Group.objects.get(name="第一检查组")
    r = c.post(url, {"action": "unit", "group": group.pk, "name": "宾县档案局", "kind": "county", "agency": "other"})
    assert r.status_code == 400 and "只能关联本机关的下级机关。" in text(r)
    assert not AssessedUnit.objects.exists()
    c.post(url, {"action": "unit", "group": group.pk, "name": "哈尔滨市档案局", "kind": "city", "agency": "harbin"})
    r = c.post(url, {"action": "publish", "published_on": ""})
    assert r.status_code == 302
    assert "已印发" in text(c.get(url))


def test_clerks_see_no_forms_and_their_posts_answer_404(scored):
    c = logged(scored.users["clerk"])
    scheme = scored.built.scheme
    assert 'value="group"' not in text(c.get(f"/assessment/{scheme.pk}/"))
    assert c.post(f"/assessment/{scheme.pk}/", {"action": "group", "name": "x"}).status_code == 404
    assert c.post("/assessment/", {"year": "2026", "title": "x"}).status_code == 404


def test_score_entry_form_and_evidence_download(scored):
    scheme, unit = scored.built.scheme, scored.built.units.community
    a1, a2 = scored.built.indicators
    c = logged(scored.users["head"])
    url = f"/assessment/{scheme.pk}/units/{unit.pk}/"
    r = c.post(url, {"action": "scores", f"score_{a1.pk}": "101", f"evidence_{a1.pk}": "",
                     f"score_{a2.pk}": "20", f"evidence_{a2.pk}": ""})
    assert r.status_code == 400
    body = text(r)
    assert "“指标1”的得分应在0到100之间。" in body and "“指标2”扣分的，请写明评分依据。" in body
    assert Score.objects.get(unit=unit, indicator=a1).score == Decimal("80.0")
    upload = io.BytesIO(pdf_bytes("photo"))
    upload.name = "台账照片.pdf"
    r = c.post(url, {"action": "scores", f"score_{a1.pk}": "85", f"evidence_{a1.pk}": "台账基本齐全",
                     f"score_{a2.pk}": "45", f"evidence_{a2.pk}": "略", f"file_{a1.pk}": upload})
    assert r.status_code == 302
    s = Score.objects.get(unit=unit, indicator=a1)
    assert s.score == Decimal("85.0") and s.evidence_name == "台账照片.pdf"
    r = c.get(f"/assessment/{scheme.pk}/scores/{s.pk}/evidence/")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    assert logged(scored.users["city_clerk"]).get(f"/assessment/{scheme.pk}/scores/{s.pk}/evidence/").status_code == 404


def test_rectification_forms(scored):
    scheme, unit = scored.built.scheme, scored.built.units.community
    c = logged(scored.users["head"])
    url = f"/assessment/{scheme.pk}/units/{unit.pk}/"
    r = c.post(url, {"action": "rectification", "description": "", "due": ""})
    assert r.status_code == 400 and "请填写“整改事项”。" in text(r) and "请填写“整改期限”。" in text(r)
    assert c.post(url, {"action": "rectification", "description": "补齐归档", "due": "2027-01-31"}).status_code == 302
    item = unit.rectifications.get()
    r = c.post(url, {"action": "rectification_done", "item": item.pk, "done_on": "", "done_note": "已补齐"})
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.done_on == scored.today


# ---- XLSX ----------------------------------------------------------------------------------------------------
def _sheet(r):
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(r.content)).active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_rankings_xlsx(scored):
    scheme = scored.built.scheme
    rows = _sheet(logged(scored.users["clerk"]).get(f"/assessment/{scheme.pk}/rankings.xlsx"))
    assert rows[0][0] == scheme.title
    assert rows[1][:5] == ["总排名", "组内排名", "被考核单位", "单位类别", "检查组"]
    assert rows[1][5] == "A1 指标1（权重60）" and rows[1][-2:] == ["加权总分", "评分完成"]
    body = [(r[0], r[1], r[2], r[-2]) for r in rows[2:]]
    assert body == [(1, 1, "宾县档案局", 88), (2, 1, "哈尔滨市档案局", 86), (3, 2, "甲社区", 84), (3, 2, "乙企业", 84)]
    mine = _sheet(logged(scored.users["county_clerk"]).get(f"/assessment/{scheme.pk}/rankings.xlsx"))
    assert [r[2] for r in mine[2:]] == ["宾县档案局"]


# ---- API -----------------------------------------------------------------------------------------------------
def test_api_lists_and_details(scored):
    scheme = scored.built.scheme
    r = logged(scored.users["clerk"]).get("/api/v1/assessment/schemes")
    assert r.status_code == 200
    (row,) = r.json()
    assert row["title"] == scheme.title and row["scope"] == "whole" and row["units"] == 4 and row["groups"] == 2
    r = logged(scored.users["clerk"]).get(f"/api/v1/assessment/schemes/{scheme.pk}")
    body = r.json()
    assert body["scope"] == "whole" and body["average"] == "85.50"
    assert [(x["name"], x["rank"], x["group_rank"], x["total"]) for x in body["rankings"]] == [
        ("宾县档案局", 1, 1, "88.00"), ("哈尔滨市档案局", 2, 1, "86.00"), ("甲社区", 3, 2, "84.00"),
        ("乙企业", 3, 2, "84.00")]
    assert [i["weight"] for i in body["indicators"]] == ["60.00", "40.00"]
    county = logged(scored.users["county_clerk"])
    (row,) = county.get("/api/v1/assessment/schemes").json()
    assert row["scope"] == "own_units" and row["units"] == 1
    body = county.get(f"/api/v1/assessment/schemes/{scheme.pk}").json()
    assert [x["name"] for x in body["rankings"]] == ["宾县档案局"] and body["average"] is None
    assert [x["description"] for x in body["rectifications"]] == ["宾县整改事项"]
    assert [g["units"] for g in body["groups"]] == [1]


def test_api_refuses_with_the_error_shape(scored):
    scheme = scored.built.scheme
    r = Client().get("/api/v1/assessment/schemes")
    assert r.status_code == 401 and set(r.json()) == {"error", "message", "fields"}
    r = logged(scored.users["citizen"]).get("/api/v1/assessment/schemes")
    assert r.status_code == 403 and r.json()["message"] == "仅限机关业务人员。"
    for who in ("other_clerk", "citizen", "sysadmin"):
        r = logged(scored.users[who]).get(f"/api/v1/assessment/schemes/{scheme.pk}")
        assert r.status_code == 404 and r.json()["error"] == "not_found", who
    assert logged(scored.users["other_clerk"]).get("/api/v1/assessment/schemes").json() == []


def test_api_summary(scored):
    c = logged(scored.users["clerk"])
    body = c.get("/api/v1/assessment/summary", {"year": 2026}).json()
    assert body["units"]["value"] == 4 and body["groups"]["value"] == 2 and body["average"]["value"] == "85.50"
    assert body["units_by_kind"]["county"]["ids"] == [scored.built.units.county.pk]
    assert Client().get("/api/v1/assessment/summary").status_code == 401
