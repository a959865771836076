"""Pages and API of the reports area: who sees which agency's figures (a superior sees its subordinates', nobody
sees a foreign agency's: 404), the records pages against the figures, the XLSX export, the charts (Chinese text,
nothing external), the editor (create, edit, stale marks, DOCX, publish) and the public list."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.test import Client
from openpyxl import load_workbook

from fazhi.reports import figures, selectors, services
from tests import factories as f
from tests.reports.conftest import YEAR, case

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


@pytest.fixture
def users(records):
    return records.world.users


def test_dashboard_access(records, users):
    url = f"/reports/dashboard/?year={YEAR}"
    assert client_for().get(url).status_code == 302
    for name in ("citizen", "company", "sysadmin", "secadmin", "auditor"):
        assert client_for(users[name]).get(url).status_code == 404, name
    for name in ("clerk", "handler", "head", "director", "legal", "officer1", "city_clerk", "other_clerk"):
        assert client_for(users[name]).get(url).status_code == 200, name
    # a superior sees its subordinate's figures; a subordinate not its superior's; nobody a foreign agency's
    assert client_for(users["head"]).get(url + "&agency=harbin").status_code == 200
    assert client_for(users["city_clerk"]).get(url + "&agency=hlj").status_code == 404
    assert client_for(users["head"]).get(url + "&agency=other").status_code == 404
    assert client_for(users["head"]).get(url + "&agency=nosuch").status_code == 404
    assert client_for(users["other_clerk"]).get(f"/reports/records/licensing.total/?year={YEAR}&agency=hlj"
                                                ).status_code == 404


def test_dashboard_shows_figures_linked_to_records_and_charts(records, users):
    r = client_for(users["head"]).get(f"/reports/dashboard/?year={YEAR}&scope=own")
    html = r.content.decode()
    assert re.search(r'<a href="/reports/records/licensing.total/\?year=2025&amp;agency=hlj&amp;scope=own" '
                     r'data-key="licensing.total">4</a>', html)
    assert 'data-key="norms.valid">3</a>' in html
    assert 'data-key="inspection.random.drawn">2</a>' in html
    assert html.count("<svg") >= 4
    svg = html[html.index("<svg"):]
    assert "font-family=\"'Noto Sans CJK SC'" in svg
    assert "行政许可申请" in svg and "群众诉求" in svg and "投诉" in svg
    # charts link to records, and nothing comes from outside
    assert 'href="/reports/records/inspection.planned.units/' in svg
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert " style=" not in html and "<script" not in html.lower()
    # a bad year falls back with a message
    r = client_for(users["head"]).get("/reports/dashboard/?year=abc")
    assert r.status_code == 200 and "年份无效" in r.content.decode()


@pytest.mark.parametrize("key", ["licensing.total", "licensing.online_rate", "licensing.on_time_rate",
                                 "licensing.overdue", "requests.complaint.total", "norms.valid", "norms.repealed",
                                 "norms.cleanup.repealed", "inspection.planned.units", "inspection.random.drawn",
                                 "inspection.random.rectification_orders", "reconsideration.committee"])
def test_records_pages_list_the_rows_behind_the_figure(records, users, key):
    sc = selectors.scope_for(records.world.agency, YEAR, "tree")
    v = figures.evaluate(sc, [key])[key]
    r = client_for(users["head"]).get(f"/reports/records/{key}/?year={YEAR}")
    assert r.status_code == 200
    html = r.content.decode()
    count = int(re.search(r'<dd id="record-count">(\d+)</dd>', html).group(1))
    rows = html[html.index('id="records"'):].count("<tr>") - 1
    expected = v.den if figures.get(key).kind == "rate" else v.value
    assert count == rows == expected, key


def test_records_page_links_own_cases_only_and_paginates(records, users):
    html = client_for(users["head"]).get(f"/reports/records/licensing.total/?year={YEAR}").content.decode()
    own = records.cases["lic_ok"]
    city = records.cases["lic_city"]
    assert f'<a href="/cases/{own.pk}/">{own.number}</a>' in html
    assert city.number in html and f'href="/cases/{city.pk}/"' not in html  # the city's case page is not ours
    for _n in range(55):
        case(records.world.agency, "licensing", dt.date(2025, 8, 1))
    c = client_for(users["head"])
    page1 = c.get(f"/reports/records/licensing.total/?year={YEAR}&agency=hlj&scope=own").content.decode()
    assert '<dd id="record-count">59</dd>' in page1 and "1 / 2" in page1
    page2 = c.get(f"/reports/records/licensing.total/?year={YEAR}&agency=hlj&scope=own&page=2").content.decode()
    assert page2[page2.index('id="records"'):].count("<tr>") - 1 == 9
    assert client_for(users["head"]).get("/reports/records/no.such/?year=2025").status_code == 404


def test_xlsx_export_opens_with_every_figure(records, users):
    r = client_for(users["head"]).get(f"/reports/dashboard.xlsx?year={YEAR}&scope=own")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["数据"]
    rows = {row[6]: row for row in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["licensing.total"][2] == 4
    assert rows["licensing.online_rate"][2] == 0.75 and rows["licensing.online_rate"][4:6] == (3, 4)
    assert rows["norms.valid"][2] == 3
    assert rows["licensing.total"][7].startswith("http://testserver/reports/records/licensing.total/")
    assert set(rows) >= set(figures.registry())
    months = list(wb["按月"].iter_rows(min_row=2, values_only=True))
    assert months[2] == ("2025-03", 1, 0)
    assert client_for(users["citizen"]).get(f"/reports/dashboard.xlsx?year={YEAR}").status_code == 404


def test_api_figures(records, users):
    url = f"/api/v1/reports/figures?year={YEAR}&scope=own"
    assert client_for().get(url).status_code == 401
    for name in ("citizen", "sysadmin"):
        r = client_for(users[name]).get(url)
        assert r.status_code == 403 and r.json()["error"] == "forbidden"
    r = client_for(users["clerk"]).get(url)
    assert r.status_code == 200
    body = r.json()
    by_key = {x["key"]: x for x in body["figures"]}
    assert by_key["licensing.total"]["value"] == 4
    assert by_key["licensing.online_rate"]["display"] == "75%"
    assert by_key["licensing.total"]["records_url"] == "/reports/records/licensing.total/?year=2025&agency=hlj&scope=own"
    assert client_for(users["head"]).get(url + "&agency=harbin").status_code == 200
    r = client_for(users["head"]).get(url + "&agency=other")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client_for(users["head"]).get("/api/v1/reports/figures?year=1900")
    assert r.status_code == 400 and "year" in r.json()["fields"]


def test_editor_flow_and_public_list(records, users):
    legal, director, clerk = client_for(users["legal"]), client_for(users["director"]), client_for(users["clerk"])
    url = f"/reports/annual/{YEAR}/"
    assert clerk.get(url).status_code == 200
    assert clerk.post(url).status_code == 404 and selectors.report_of(records.world.agency, YEAR) is None
    r = legal.post(url, follow=True)
    assert "已按本年度数据生成报告草稿" in r.content.decode()
    report = selectors.report_of(records.world.agency, YEAR)
    para = next(p for p in selectors.paragraphs(report) if "{licensing.total}" in p.text)
    html = legal.get(url).content.decode()
    assert f'id="para-{para.pk}"' in html and "<mark" not in html
    assert 'data-key="licensing.total">4</a>' in html
    # the records change: the sentence is marked
    case(records.world.agency, "licensing", dt.date(2025, 12, 1))
    html = legal.get(url).content.decode()
    assert html.count('<mark class="stale"') >= 1 and 'id="stale-notice"' in html
    assert "licensing.total 原为 4，现为 5" in html
    # edit the paragraph: saved, no longer stale
    r = legal.post(f"/reports/annual/{YEAR}/paragraphs/{para.pk}/",
                   {"action": "save", "text": "（一）审批。全年共办理行政许可{licensing.total}项。"}, follow=True)
    assert "段落已保存" in r.content.decode()
    html = legal.get(url).content.decode()
    assert "全年共办理行政许可" in html and "licensing.total 原为" not in html
    # the clerk reads but cannot write; another agency's staff do not see it
    r = clerk.post(f"/reports/annual/{YEAR}/paragraphs/{para.pk}/", {"action": "save", "text": "改"})
    assert r.status_code == 404
    assert client_for(users["other_clerk"]).get(url + "?agency=hlj").status_code == 404
    assert client_for(users["head"]).get(url + "?agency=harbin").status_code == 200
    # DOCX
    r = clerk.get(f"/reports/annual/{YEAR}/report.docx")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "全年共办理行政许可5项" in text
    # publish: only the director
    assert legal.post(f"/reports/annual/{YEAR}/publish/", {"date": "2026-01-20"}).status_code == 404
    r = director.post(f"/reports/annual/{YEAR}/publish/", {"date": "2026-01-20"}, follow=True)
    assert "报告已签发" in r.content.decode()
    report.refresh_from_db()
    assert report.number == "黑档函〔2026〕1号"
    public = client_for().get("/reports/public/").content.decode()
    assert report.title in public and "黑档函〔2026〕1号" in public
    page = client_for().get(f"/reports/public/{report.pk}/").content.decode()
    assert "全年共办理行政许可5项" in page and "省政府法制办公室：" in page
    r = client_for().get(f"/reports/public/{report.pk}/report.docx")
    assert r.status_code == 200 and r.content == report_bytes(report)
    assert client_for().get("/api/v1/reports/published").json()[0]["number"] == "黑档函〔2026〕1号"


def report_bytes(report) -> bytes:
    with report.file.open("rb") as fh:
        return fh.read()


def test_drafts_are_not_public(records, users):
    report = services.report_create(actor=None, agency=records.world.agency, year=YEAR)
    assert client_for().get(f"/reports/public/{report.pk}/").status_code == 404
    assert client_for().get(f"/reports/public/{report.pk}/report.docx").status_code == 404
    assert client_for(f.person("citizen9", birth="19800101")).get(f"/reports/annual/{YEAR}/").status_code == 404
