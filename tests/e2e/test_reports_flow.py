"""Statistics and the annual report in the browser, as a new user meets them: the legal officer opens the dashboard
(the charts' Chinese labels render with real glyphs, nothing is loaded from outside), clicks a figure down to the
records behind it, drafts the year's report, edits a paragraph (the figure in it links to its records) and downloads
the DOCX (checked with python-docx)."""

from __future__ import annotations

import re

import docx
import pytest
from playwright.sync_api import expect

from fazhi.reports import selectors
from tests import factories as f
from tests.e2e.helpers import login
from tests.reports import conftest as reports_conftest
from tests.reports.conftest import YEAR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
records = reports_conftest.records  # the small world of records of tests/reports

# Each character drawn in "Noto Sans CJK SC" must differ from the box of a character the font lacks (tofu) and
# from nothing at all: a missing glyph would be drawn as that box, or by a fallback font that may not have it.
GLYPHS_JS = """(chars) => {
  const c = document.createElement('canvas'); c.width = 48; c.height = 48;
  const ctx = c.getContext('2d');
  const draw = (ch) => { ctx.clearRect(0, 0, 48, 48); ctx.font = '32px "Noto Sans CJK SC"';
                         ctx.fillStyle = '#000'; ctx.fillText(ch, 6, 38);
                         return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(','); };
  const blank = draw(' '), tofu = draw('\\u{10FFFD}');
  return chars.filter((ch) => { const d = draw(ch); return d === blank || d === tofu; });
}"""


def test_dashboard_figure_records_edit_and_download(records, today, new_page, live_server, tmp_path):
    page = new_page()
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    login(page, "legal", PW)

    # ---- 1. the dashboard: figures, charts in Chinese -----------------------------------------------------------
    page.goto(f"/reports/dashboard/?year={YEAR}")
    expect(page.locator("h1")).to_have_text(f"黑龙江省档案局 · {YEAR}年统计")
    charts = page.locator("#charts svg")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 4
    labels = page.locator("#charts svg text").all_text_contents()
    assert "行政许可申请" in "".join(labels) and "规范性文件" in "".join(labels)
    chars = sorted({ch for text in labels for ch in text if ord(ch) >= 0x2E80})
    assert len(chars) > 30
    assert page.evaluate(GLYPHS_JS, chars) == []
    assert page.evaluate(GLYPHS_JS, ["\U0010FFFD", "法"]) == ["\U0010FFFD"]  # the check does see a missing glyph
    family = page.evaluate("getComputedStyle(document.querySelector('#charts svg text')).fontFamily")
    assert "Noto Sans CJK SC" in family
    box = page.locator("#charts svg text").nth(1).bounding_box()
    assert box and box["width"] > 10
    assert not [u for u in seen if not u.startswith((live_server.url, "data:", "blob:"))], seen

    # ---- 2. a figure, down to its records ---------------------------------------------------------------------
    expect(page.locator('a[data-key="licensing.total"]')).to_have_text("5")  # the bureau and its city bureau
    page.locator('a[data-key="licensing.total"]').click()
    expect(page.locator("h1")).to_have_text("办理行政许可申请")
    expect(page.locator("#record-count")).to_have_text("5")
    rows = page.locator("#records tbody tr")
    expect(rows).to_have_count(5)
    expect(page.locator("#records")).to_contain_text(records.cases["lic_ok"].number)
    expect(page.locator("#records")).to_contain_text("哈尔滨市档案局")
    # a bar of a chart leads to records too
    page.go_back()
    page.locator('#charts a[href*="/reports/records/norms.valid/"]').first.click()
    expect(page.locator("h1")).to_have_text("现行有效的规范性文件")
    expect(page.locator("#record-count")).to_have_text("3")

    # ---- 3. the year's report: draft, edit a paragraph ----------------------------------------------------------
    page.goto(f"/reports/annual/{YEAR}/")
    with page.expect_navigation():
        page.get_by_role("button", name="生成报告草稿").click()
    expect(page.locator("ul.messages")).to_contain_text("已按本年度数据生成报告草稿")
    report = selectors.report_of(records.world.agency, YEAR)
    para = next(p for p in selectors.paragraphs(report) if "{licensing.total}" in p.text)
    block = page.locator(f"#para-{para.pk}")
    expect(block.locator('a[data-key="licensing.total"]')).to_have_text("4")
    block.locator(f'summary[data-paragraph="{para.pk}"]').click()
    text = "（一）审批。全年共办理行政许可{licensing.total}项，网上审批率{licensing.online_rate}，均纳入网上审批系统。"
    block.locator(f"#text-{para.pk}").fill(text)
    with page.expect_navigation():
        block.get_by_role("button", name="保存段落").click()
    expect(page.locator("ul.messages")).to_contain_text("段落已保存")
    block = page.locator(f"#para-{para.pk}")
    expect(block).to_contain_text("全年共办理行政许可4项，网上审批率75%，均纳入网上审批系统。")
    expect(block.locator("mark")).to_have_count(0)
    # the figure in the paragraph links to its records
    with page.expect_navigation():
        block.locator('a[data-key="licensing.online_rate"]').click()
    expect(page.locator("h1")).to_have_text("网上审批率")
    expect(page.locator("#figure-ratio")).to_have_text("3 / 4")

    # ---- 4. download the report ------------------------------------------------------------------------------
    page.goto(f"/reports/annual/{YEAR}/")
    with page.expect_download() as dl:
        page.locator("#download-docx").click()
    path = tmp_path / "report.docx"
    dl.value.save_as(path)
    assert re.search(r"\.docx$", dl.value.suggested_filename)
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paras[0] == "黑龙江省档案局"
    assert "黑龙江省档案局关于2025年度法治政府建设工作情况的报告" in paras
    assert "省政府法制办公室：" in paras
    assert any("全年共办理行政许可4项，网上审批率75%，均纳入网上审批系统。" in p for p in paras)
    assert [p for p in paras if re.match(r"^[一二三四五六]、", p)][0].startswith("一、")
    assert not any("{" in p for p in paras)
