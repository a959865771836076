"""The annual report's table (条例第五十条; 国办公开办函〔2021〕30号: 三、收到和处理政府信息公开申请情况) computed from the
records: received by requester type, carried over, handled by result and ground, carried over to next year; the
staff page, the XLSX export and GET /api/v1/disclosure/statistics."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from fazhi.core import clock as sysclock
from fazhi.disclosure import selectors
from fazhi.disclosure.selectors import disclosure_statistics
from fazhi.process.services import clocks_tick
from tests.disclosure.conftest import PAPER_PARTY, client, file_online, ok, register

LAW_FIRM = {"kind": "legal_person", "name": "某律师事务所", "phone": "0451-86000001", "address": "哈尔滨"}
FOUNDATION = {"kind": "legal_person", "name": "某基金会", "phone": "0451-86000003"}
UNIVERSITY = {"kind": "legal_person", "name": "某大学", "phone": "0451-86000002"}
SERVICE_CO = {"kind": "legal_person", "name": "某档案服务公司", "phone": "0451-86000004"}


def on(day: dt.date):
    sysclock.set_today(day)


def d(y, m, dd):
    return dt.date(y, m, dd)


@pytest.fixture
def records(world, today):
    u = world.users
    clerk, handler = u["clerk"], u["handler"]
    # 2025
    on(d(2025, 3, 3))
    b = register(clerk, channel="counter", party=LAW_FIRM, org_type="legal_service")
    on(d(2025, 3, 10))
    ok(handler, b, "reply_unavailable", ground="not_ours", reason="由市档案局负责")
    on(d(2025, 12, 22))
    a = register(clerk, channel="post", party=PAPER_PARTY)  # open at the end of 2025
    # 2026
    on(d(2026, 1, 6))
    ok(handler, a, "reply_disclose", ground="open", content="文件", how="邮寄")
    on(d(2026, 2, 2))
    _r, c = file_online(u["citizen"])
    on(d(2026, 2, 3))
    ok(clerk, c, "confirm_receipt")
    on(d(2026, 2, 10))
    ok(handler, c, "reply_partial", content="a", withheld="b", ground="third_party", reason="c", how="d")
    on(d(2026, 3, 2))
    _r, dd_ = file_online(u["company"], party={"address": "哈尔滨"}, org_type="research")
    ok(clerk, dd_, "confirm_receipt")
    on(d(2026, 3, 5))
    ok(handler, dd_, "reply_withhold", ground="third_party", reason="个人隐私")
    on(d(2026, 4, 1))
    e = register(clerk, channel="post", party=LAW_FIRM, org_type="legal_service")
    ok(handler, e, "reply_withhold", ground="process_info", reason="请示报告")
    on(d(2026, 5, 6))
    _r, f = file_online(u["citizen"])
    ok(clerk, f, "confirm_receipt")
    on(d(2026, 5, 7))
    ok(u["citizen"], f, "withdraw")
    on(d(2026, 6, 1))
    _r, g = file_online(u["citizen"])
    ok(clerk, g, "confirm_receipt")
    on(d(2026, 6, 2))
    ok(clerk, g, "request_correction", missing_materials=["年份"], period_days=3)
    assert clocks_tick(today=d(2026, 6, 10)) == [(g.number, "deemed_abandoned")]
    on(d(2026, 7, 1))
    h = register(clerk, channel="fax", party=FOUNDATION, org_type="public_interest")
    on(d(2026, 7, 3))
    ok(handler, h, "reply_not_processed", ground="not_gov_info", reason="出具意见")
    on(d(2026, 8, 3))
    _r, m = file_online(u["citizen"])
    ok(clerk, m, "confirm_receipt")
    on(d(2026, 8, 5))
    ok(handler, m, "reply_unavailable", ground="not_exist", reason="无")
    on(d(2026, 9, 1))
    j = register(clerk, channel="email", party=UNIVERSITY, org_type="research")
    on(d(2026, 9, 2))
    ok(handler, j, "reply_not_processed", ground="petition")
    on(d(2026, 10, 12))
    k = register(clerk, channel="visit", party=SERVICE_CO, org_type="business")
    on(d(2026, 10, 13))
    ok(handler, k, "reply_withhold", ground="special_registry", reason="向市场监管部门查询")
    on(d(2026, 12, 28))
    _r, i = file_online(u["citizen"])  # not confirmed by the end of the year: received, open
    on(d(2026, 12, 30))
    _r, late = file_online(u["citizen"])  # confirmed in 2027: a 2027 request (第三十一条第（三）项)
    on(d(2027, 1, 4))
    ok(clerk, late, "confirm_receipt")
    # Another agency's request is not ours to count.
    on(d(2026, 5, 6))
    register(u["other_clerk"], channel="counter")
    on(d(2026, 11, 2))
    return world


def values(stats, code):
    return next(r["values"] for r in stats["rows"] if r["code"] == code)


def test_the_table_from_the_records(records):
    s = disclosure_statistics(records.agency, 2026)
    assert s["year"] == 2026 and s["agency"] == "黑龙江省档案局"
    assert [c["code"] for c in s["columns"]] == ["person", "business", "research", "public_interest", "legal_service",
                                                  "other", "total"]
    expected = {
        "new": {"person": 5, "business": 1, "research": 2, "public_interest": 1, "legal_service": 1, "total": 10},
        "carried_in": {"person": 1, "total": 1},
        "open": {"person": 1, "total": 1},
        "partial": {"person": 1, "total": 1},
        "withheld": {"business": 1, "research": 1, "legal_service": 1, "total": 3},
        "withheld.third_party": {"research": 1, "total": 1},
        "withheld.process_info": {"legal_service": 1, "total": 1},
        "withheld.special_registry": {"business": 1, "total": 1},
        "withheld.state_secret": {},
        "unavailable": {"person": 1, "total": 1},
        "unavailable.not_held": {"person": 1, "total": 1},
        "not_processed": {"research": 1, "total": 1},
        "not_processed.petition": {"research": 1, "total": 1},
        "other": {"person": 2, "public_interest": 1, "total": 3},
        "other.no_correction": {"person": 1, "total": 1},
        "other.other": {"person": 1, "public_interest": 1, "total": 2},
        "other.fee_unpaid": {},
        "total": {"person": 5, "business": 1, "research": 2, "public_interest": 1, "legal_service": 1, "total": 10},
        "carried_out": {"person": 1, "total": 1},
    }
    for code, want in expected.items():
        got = values(s, code)
        assert {k: v for k, v in got.items() if v} == want, (code, got)
    assert s["balanced"] is True
    assert s["remedies"] is None

    last = disclosure_statistics(records.agency, 2025)
    assert {k: v for k, v in values(last, "new").items() if v} == {"person": 1, "legal_service": 1, "total": 2}
    assert values(last, "unavailable.not_held")["legal_service"] == 1
    assert values(last, "carried_out")["person"] == 1 and last["balanced"]
    assert values(disclosure_statistics(records.agency, 2027), "new")["total"] == 1
    assert values(disclosure_statistics(records.other, 2026), "new")["total"] == 1
    assert values(disclosure_statistics(records.city, 2026), "new")["total"] == 0


def test_rows_follow_the_statutory_table():
    labels = [str(label) for _code, label, _level in selectors.ROWS]
    assert labels[0] == "一、本年新收政府信息公开申请数量" and labels[-1] == "四、结转下年度继续办理"
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "8.属于行政查询事项" in labels and "3.补正后申请内容仍不明确" in labels
    assert "5.要求行政机关确认或重新出具已获取信息" in labels
    assert len([r for r in selectors.ROWS if r[2] == 2]) == 8 + 3 + 5 + 3


def test_remedy_table_hook(records, monkeypatch):
    monkeypatch.setattr(selectors, "_REMEDY_PROVIDERS", [])
    selectors.register_remedy_statistics(lambda agency, year: {"行政复议": {"维持": 1, "总计": 1}})
    s = disclosure_statistics(records.agency, 2026)
    assert s["remedies"] == {"行政复议": {"维持": 1, "总计": 1}}
    page = client(records.users["clerk"]).get("/disclosure/statistics/?year=2026").content.decode()
    assert "行政复议" in page and "维持：1" in page


def _cell(page: str, row: str, col: str) -> int:
    tr = re.search(rf'<tr[^>]*data-row="{re.escape(row)}".*?</tr>', page, re.S).group(0)
    return int(re.search(rf'data-col="{col}">(\d+)<', tr).group(1))


def test_staff_page(records):
    c = client(records.users["legal"])
    r = c.get("/disclosure/statistics/?year=2026")
    assert r.status_code == 200
    page = r.content.decode()
    assert "三、本年度办理结果" in page and "国办公开办函〔2021〕30号" in page
    assert _cell(page, "new", "total") == 10 and _cell(page, "carried_in", "person") == 1
    assert _cell(page, "withheld.third_party", "research") == 1 and _cell(page, "total", "total") == 10
    assert 'id="balance"' in page and "各列相符" in page
    assert "/disclosure/statistics.xlsx?year=2026" in page
    assert "remedies-missing" in page
    # A bad year falls back to this year with a message.
    r = c.get("/disclosure/statistics/?year=abc")
    assert r.status_code == 200 and "年份无效" in r.content.decode() and "· 2026" in r.content.decode()


def test_xlsx_export(records):
    r = client(records.users["clerk"]).get("/disclosure/statistics.xlsx?year=2026")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="disclosure-statistics-2026.xlsx"' in r["Content-Disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["收到和处理政府信息公开申请情况"]
    rows = list(ws.iter_rows(values_only=True))
    assert "黑龙江省档案局2026年" in rows[0][0]
    assert rows[2][2:] == ("自然人", "法人或其他组织", None, None, None, None, "总计")
    assert rows[3][3:8] == ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")

    def row(label):
        return next(r for r in rows if (r[1] or r[0] or "").strip() == label)

    assert row("一、本年新收政府信息公开申请数量")[2:] == (5, 1, 2, 1, 1, 0, 10)
    assert row("4.保护第三方合法权益")[2:] == (0, 0, 1, 0, 0, 0, 1)
    assert row("（一）予以公开")[0] == "三、本年度办理结果"
    assert row("四、结转下年度继续办理")[2:] == (1, 0, 0, 0, 0, 0, 1)
    assert "行政复议、行政诉讼情况" in wb.sheetnames


def test_pages_are_for_staff_only(records):
    for url in ("/disclosure/statistics/", "/disclosure/statistics.xlsx"):
        r = client().get(url)
        assert r.status_code == 302 and "/login/" in r["Location"]
        for name in ("citizen", "company", "sysadmin", "secadmin", "auditor"):
            assert client(records.users[name]).get(url).status_code == 404, (url, name)
    # Staff of another agency see their own agency's table.
    page = client(records.users["other_clerk"]).get("/disclosure/statistics/?year=2026").content.decode()
    assert "吉林省档案局" in page and _cell(page, "new", "total") == 1


def test_statistics_api(records):
    r = client(records.users["head"]).get("/api/v1/disclosure/statistics?year=2026")
    assert r.status_code == 200
    body = r.json()
    assert body["balanced"] and values(body, "new")["total"] == 10 and values(body, "partial")["person"] == 1
    assert client(records.users["head"]).get("/api/v1/disclosure/statistics").json()["year"] == 2026
    assert client().get("/api/v1/disclosure/statistics?year=2026").status_code == 401
    for name in ("citizen", "company", "sysadmin", "auditor"):
        r = client(records.users[name]).get("/api/v1/disclosure/statistics?year=2026")
        assert r.status_code == 404 and r.json()["error"] == "not_found", name
    r = client(records.users["head"]).get("/api/v1/disclosure/statistics?year=1999")
    assert r.status_code == 400 and "year" in r.json()["fields"]
    r = client(records.users["head"]).get("/api/v1/disclosure/statistics?year=abc")
    assert r.status_code == 422 and r.json()["error"] == "invalid"
