"""A normative document in the browser, as its users meet it: the drafting division drafts it with a DOCX text and
its legal basis and sends it to legality review (the director has nothing to sign yet); the legal division passes
it; the director signs it after the collective deliberation (the number is allocated); the drafting division
publishes it and the filing clock starts; the legal division files it (the 备案报告 is issued) and records the
receipt; an anonymous visitor finds it on the portal by a phrase taken from inside a word of its text."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from playwright.sync_api import expect

from fazhi.laws.seed import seed_load
from fazhi.norms.models import NormativeDocument
from tests import factories as f
from tests.e2e.helpers import fire, login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
DAY = dt.date(2026, 11, 2)
TITLE = "黑龙江省档案局关于规范档案数字化外包服务安全管理的通知"
PARAGRAPHS = [
    TITLE,
    "各市（地）档案局，省直各单位：",
    "为规范档案数字化外包服务，根据《中华人民共和国档案法》第二十四条的规定，现就有关事项通知如下。",
    "一、数字化加工场所应当设在档案馆内，配备视频监控设备，严禁将档案原件带出档案馆。",
    "二、受托方应当建立档案服务管理制度，遵守有关安全保密规定。",
]
PHRASE = "字化加工场"  # inside 数字化加工场所


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def test_draft_review_sign_publish_file_then_find_it_on_the_portal(world, today, new_page, tmp_path):
    assert today == DAY
    seed_load()  # a transactional test starts from emptied tables: the registry's seed is loaded again
    text = tmp_path / "通知.docx"
    d = docx.Document()
    for p in PARAGRAPHS:
        d.add_paragraph(p)
    d.save(str(text))

    # ---- 1. The drafting division drafts it -----------------------------------------------------------------
    handler = new_page()
    login(handler, "handler", PW)
    handler.goto("/norms/staff/")
    expect(handler.locator("h1")).to_have_text("规范性文件管理")
    form = handler.locator("#draft-form")
    form.locator("#d_title").fill(TITLE)
    form.locator("#d_division").fill("政策法规处")
    form.locator("#d_file").set_input_files(str(text))
    form.locator("#d_explanation").fill("落实档案法第二十四条，规范档案数字化外包服务的安全管理。已征求各市（地）档案局意见。")
    form.locator("#cite_law_1").select_option(label="中华人民共和国档案法")
    form.locator("#cite_articles_1").fill("第二十四条")
    with handler.expect_navigation():
        form.get_by_role("button", name="创建草稿").click()
    expect(handler.locator("ul.messages")).to_contain_text("已创建")
    expect(handler.locator("#case-state")).to_have_text("起草中")
    panel = handler.locator("#norm-panel")
    expect(panel.locator("#norm-title")).to_contain_text(TITLE)
    expect(panel.locator("#norm-bases")).to_contain_text("《中华人民共和国档案法》第二十四条")
    expect(panel.locator("#norm-texts")).to_contain_text("通知.docx")
    doc = NormativeDocument.objects.get(title=TITLE)
    assert "数字化加工场所应当设在档案馆内" in doc.text
    case_url = f"/cases/{doc.pk}/"
    fire(handler, "submit_review")
    expect(handler.locator("#case-state")).to_have_text("合法性审核中")
    expect(handler.locator("#clocks")).to_contain_text("合法性审核期限")

    # The director has nothing to sign before the legality review has passed.
    director = new_page()
    login(director, "director", PW)
    director.goto(case_url)
    expect(director.locator('#actions summary[data-transition="sign"]')).to_have_count(0)

    # ---- 2. The legal division passes it -------------------------------------------------------------------
    legal = new_page()
    login(legal, "legal", PW)
    legal.goto(case_url)
    fire(legal, "review_pass", comment="制定主体、权限、程序和内容合法，同意提请局长办公会议审议。")
    expect(legal.locator("#case-state")).to_have_text("审核通过，待签发")
    expect(legal.locator("#norm-review")).to_contain_text("审核通过，对现行正文有效")

    # ---- 3. The director signs it ----------------------------------------------------------------------------
    director.goto(case_url)
    fire(director, "sign", fields={"meeting": "2026年第12次局长办公会议", "meeting_date": DAY.isoformat()})
    expect(director.locator("#case-state")).to_have_text("已签发，待公布")
    expect(director.locator("#norm-number")).to_have_text("黑档规〔2026〕1号")

    # ---- 4. The drafting division publishes it: the filing clock starts ------------------------------------------
    handler.goto(case_url)
    fire(handler, "publish", fields={"published_on": DAY.isoformat(), "effective_on": DAY.isoformat(),
                                     "channel": "黑龙江省档案局门户网站"})
    expect(handler.locator("#case-state")).to_have_text("已公布，待报送备案")
    filing = handler.locator("#clocks tr", has_text="报送备案期限")
    expect(filing).to_contain_text(cn(DAY + dt.timedelta(days=30)))  # 30 calendar days (2 December, a Wednesday)
    expect(handler.locator("#norm-panel")).to_contain_text("有效期至" + cn(dt.date(2031, 11, 1)))

    # ---- 5. The legal division files it and records the receipt ----------------------------------------------------
    legal.goto(case_url)
    fire(legal, "file", fields={"bodies": "黑龙江省人民政府办公厅"})
    expect(legal.locator("#case-state")).to_have_text("已报送备案，待备案回执")
    report = legal.locator('#documents a[data-kind="filing_report"]')
    expect(report).to_have_text(f"关于报送《{TITLE}》备案的报告")
    with legal.expect_download() as dl:
        report.click()
    body = "\n".join(p.text for p in docx.Document(io.BytesIO(open(dl.value.path(), "rb").read())).paragraphs)
    assert f"关于报送《{TITLE}》备案的报告" in body and "黑档规〔2026〕1号" in body
    fire(legal, "record_receipt", fields={"receipt_number": "黑政备〔2026〕18号", "receipt_on": DAY.isoformat()})
    expect(legal.locator("#case-state")).to_have_text("有效（已备案）")
    expect(legal.locator("#norm-panel")).to_contain_text("黑政备〔2026〕18号")

    # ---- 6. An anonymous visitor finds it by a phrase inside a word of its text ------------------------------------
    anon = new_page()
    anon.goto("/norms/")
    expect(anon.locator("#count-valid")).to_have_text("1")
    anon.locator("#norm-q").fill(PHRASE)
    with anon.expect_navigation():
        anon.locator("#norm-search").get_by_role("button", name="检索").click()
    expect(anon.locator("#search-count")).to_contain_text("找到1件")
    hit = anon.locator("#search-results li", has_text=TITLE)
    expect(hit.locator("mark")).to_have_text(PHRASE)
    with anon.expect_navigation():
        hit.get_by_role("link", name=TITLE).click()
    expect(anon).to_have_url(re.compile(rf"/norms/{doc.pk}/$"))
    expect(anon.locator("#doc-number")).to_have_text("黑档规〔2026〕1号")
    expect(anon.locator("#doc-status")).to_contain_text("有效")
    expect(anon.locator("#doc-text")).to_contain_text("数字化加工场所应当设在档案馆内")
    expect(anon.locator("#doc-bases")).to_contain_text("《中华人民共和国档案法》第二十四条")
