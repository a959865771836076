"""The yearly 政府信息公开工作年度报告 in the browser: the director opens the 2025 report (its tables already counted
from the year's records), drafts it, writes the narrative of 一、五、六 and publishes it on 20 January 2026 (条例第四十九条:
by 31 January); an anonymous visitor finds it on the portal's list 政府信息公开工作年度报告, reads the page and
downloads the DOCX (checked with python-docx: the six headings, the three tables, the numbers)."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from playwright.sync_api import expect

from fazhi.core import clock as sysclock
from fazhi.disclosure.models import DisclosureAnnualReport
from tests import factories as f
from tests.disclosure import test_annual_report as constructed
from tests.e2e.helpers import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
YEAR = 2025
year = constructed.year  # the constructed year of records of tests/disclosure/test_annual_report.py


def test_staff_writes_and_publishes_anonymous_downloads(year, new_page, tmp_path):
    sysclock.set_today(dt.date(2026, 1, 20))  # the live server runs in this process: the same "today"
    want = constructed.expected_requests(year.agency)
    recon = constructed.expected_reconsideration(year.agency)

    # ---- the director drafts, writes and publishes ----------------------------------------------------------------
    page = new_page()
    login(page, "director", PW)
    page.goto("/disclosure/reports/")
    with page.expect_navigation():
        page.locator('#report-years tr[data-year="2025"] a').first.click()
    expect(page.locator("h1")).to_contain_text("2025年政府信息公开工作年度报告")
    expect(page.locator("#deadline")).to_contain_text("2026年1月31日")
    with page.expect_navigation():
        page.get_by_role("button", name="起草报告").click()
    expect(page.locator("#report-status")).to_have_text("草稿")
    expect(page.locator('#table-requests td[data-key="requests.new.total"]')).to_have_text(str(want["new"]["total"]))
    expect(page.locator('#table-requests td[data-key="requests.carried_in.total"]')).to_have_text(
        str(want["carried_in"]["total"]))
    expect(page.locator('#table-remedies td[data-key="remedies.reconsideration.total"]')).to_have_text(
        str(recon["total"]))
    page.locator("#text-overview").fill("2025年，本局认真贯彻落实政府信息公开条例。\n（一）主动公开。及时公开行政许可和行政处罚决定。")
    page.locator("#text-problems").fill("个别答复说理不够充分，下一步将加强答复书说理。")
    page.locator("#text-other_matters").fill("本年度无其他需要报告的事项。")
    with page.expect_navigation():
        page.locator("#narrative-form").get_by_role("button", name="保存").click()
    expect(page.locator("ul.messages")).to_contain_text("已保存")
    expect(page.locator("#section-overview")).to_contain_text("本局认真贯彻落实政府信息公开条例")
    with page.expect_navigation():
        page.get_by_role("button", name="签发并公开").click()
    expect(page.locator("ul.messages")).to_contain_text("报告已在门户公开")
    expect(page.locator("#report-status")).to_have_text("已发布")
    expect(page.locator("#narrative-form")).to_have_count(0)
    report = DisclosureAnnualReport.objects.get(agency=year.agency, year=YEAR)
    assert report.is_published and report.published_on == dt.date(2026, 1, 20)

    # ---- an anonymous visitor downloads it from the portal --------------------------------------------------------
    visitor = new_page()
    visitor.goto("/disclosure/public/reports/")
    expect(visitor.locator("h1")).to_have_text("政府信息公开工作年度报告")
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=report.title).click()
    expect(visitor.locator("#section-overview")).to_contain_text("本局认真贯彻落实政府信息公开条例")
    expect(visitor.locator('#table-requests td[data-key="requests.total.total"]')).to_have_text(
        str(want["total"]["total"]))
    with visitor.expect_download() as dl:
        visitor.locator("#download-docx").click()
    path = tmp_path / "report.docx"
    dl.value.save_as(path)
    assert dl.value.suggested_filename.endswith(".docx")
    d = docx.Document(str(path))
    paras = [p.text for p in d.paragraphs]
    assert f"黑龙江省档案局{YEAR}年政府信息公开工作年度报告" in paras
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in paras
    assert "个别答复说理不够充分，下一步将加强答复书说理。" in paras
    assert len(d.tables) == 3
    t3 = d.tables[1]
    new_row = next(r for r in t3.rows if r.cells[0].text.startswith("一、本年新收"))
    assert new_row.cells[-1].text == str(want["new"]["total"])
    assert path.read_bytes() == report.file.open("rb").read()
