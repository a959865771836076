"""A disclosure request (政府信息公开申请) in the browser, as its users meet it: the citizen logs in and files it
online through the one intake (no purpose asked; bad input refused in Chinese first) and keeps the number and the
code; the next day the clerk confirms receipt, and the clocks count from that day (条例第三十一条第（三）项); the
handler replies 部分公开 with the ground of the part withheld (第三十七条, 第十五条); the citizen finds the reply on
the tracking page and on their own case page, and downloads the 政府信息公开申请答复书, checked with python-docx."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from playwright.sync_api import expect

from fazhi.core import clock as sysclock
from fazhi.process.models import Case
from fazhi.workdays.calendar import compute_deadline
from tests import factories as f
from tests.e2e.helpers import fire, login, open_from_inbox

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
DAY = dt.date(2026, 11, 2)  # a Monday; the `today` fixture freezes it for the live server too (same process)
WANTED = "2025年本局档案数字化外包服务项目的招标文件、中标结果及合同"
NUMBER = re.compile(r"HLJ-GK2026-\d{6}")
GROUND = "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害（第十五条）"


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def download(page, link, path) -> str:
    with page.expect_download() as dl:
        link.click()
    dl.value.save_as(path)
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_citizen_files_online_clerk_confirms_handler_replies_partially(world, today, new_page, tmp_path):
    assert today == DAY

    # ---- 1. The citizen logs in and files the request online ---------------------------------------------------
    citizen = new_page()
    login(citizen, "citizen", PW)
    citizen.goto("/requests/")
    with citizen.expect_navigation():
        citizen.locator("#request-kinds").get_by_role("link", name="政府信息公开申请").click()
    expect(citizen).to_have_url(re.compile(r"/requests/new/disclosure/$"))
    expect(citizen.locator("h1")).to_have_text("政府信息公开申请")
    expect(citizen.locator("main")).to_contain_text("无需说明用途")
    form = citizen.locator("#request-form")
    expect(form.locator("#f_purpose")).to_have_count(0)
    # Nothing filled in: refused in Chinese, nothing filed.
    with citizen.expect_navigation():
        form.get_by_role("button", name="提交").click()
    expect(citizen.locator(".errors")).to_contain_text("请填写“所需政府信息的内容描述”。")
    assert not Case.objects.exists()
    form = citizen.locator("#request-form")
    form.locator("#f_description").fill(WANTED)
    form.locator("#f_form").select_option(label="电子文档")
    form.locator("#f_way").select_option(label="电子邮件")
    with citizen.expect_navigation():
        form.get_by_role("button", name="提交").click()
    expect(citizen.locator(".errors")).to_contain_text("以电子邮件方式获取的，请填写电子邮箱。")
    form = citizen.locator("#request-form")
    expect(form.locator("#f_description")).to_have_value(WANTED)  # kept
    form.locator("#f_email").fill("lin@example.cn")
    with citizen.expect_navigation():
        form.get_by_role("button", name="提交").click()
    expect(citizen.locator("h1")).to_have_text("政府信息公开申请已收到")
    number = citizen.locator("#case-number").inner_text()
    code = citizen.locator("#verification-code").inner_text()
    assert NUMBER.fullmatch(number) and len(code) == 8
    expect(citizen.locator("main")).to_contain_text("已提交，待确认收到")
    case = Case.objects.get(number=number)
    assert case.applicant == world.users["citizen"] and not case.clocks.exists()

    # ---- 2. The next day the clerk confirms receipt: the clocks count from it ----------------------------------
    sysclock.set_today(DAY + dt.timedelta(days=1))
    received = DAY + dt.timedelta(days=1)
    clerk = new_page()
    login(clerk, "clerk", PW)
    open_from_inbox(clerk, number)
    expect(clerk.locator("#case-state")).to_have_text("待确认收到（网上申请）")
    panel = clerk.locator("#disclosure-panel")
    expect(panel).to_contain_text(WANTED)
    expect(panel).to_contain_text("电子文档")
    expect(panel).to_contain_text("lin@example.cn")
    fire(clerk, "confirm_receipt")
    expect(clerk.locator("#case-state")).to_have_text("已收到，审查申请")
    expect(clerk.locator("#disclosure-received")).to_contain_text(cn(received))
    expect(clerk.locator("#disclosure-received")).to_contain_text("第三十一条第（三）项")
    clocks = clerk.locator("#clocks")
    expect(clocks).to_contain_text("答复期限")
    expect(clocks).to_contain_text(cn(compute_deadline(received, 20, "workday").due))
    expect(clocks).to_contain_text("补正告知期限")
    expect(clocks).to_contain_text(cn(compute_deadline(received, 7, "workday").due))

    # ---- 3. The handler replies 部分公开, with the ground of the part withheld ----------------------------------
    sysclock.set_today(DAY + dt.timedelta(days=8))
    replied = DAY + dt.timedelta(days=8)
    handler = new_page()
    login(handler, "handler", PW)
    open_from_inbox(handler, number)
    fire(handler, "reply_partial", fields={
        "content": "招标公告、中标结果公告、合同主要条款（合同金额、服务期限）",
        "withheld": "合同附件中的分项报价和技术方案",
        "reason": "该部分属于中标企业的商业秘密，公开会损害其合法权益",
        "how": "以电子邮件发送至申请人提供的邮箱",
    }, choices={"ground": GROUND})
    expect(handler.locator("#case-state")).to_have_text("已答复（办结）")
    expect(handler.locator("#disclosure-result")).to_contain_text("部分公开")
    expect(handler.locator("#disclosure-result")).to_contain_text("第十五条")
    expect(handler.locator('#documents a[data-kind="reply"]')).to_have_text("政府信息公开申请答复书")
    case.refresh_from_db()
    assert case.disclosure.result == "partial" and case.disclosure.ground == "third_party"
    reply_clock = case.clocks.get(name="reply")
    assert reply_clock.stopped_on == replied and reply_clock.on_time

    # ---- 4. The citizen tracks it with the number and the code, and downloads the reply letter -----------------
    with citizen.expect_navigation():
        citizen.get_by_role("link", name="办件查询").first.click()
    track = citizen.locator("#track-form")
    track.locator("#id_number").fill(number)
    track.locator("#id_code").fill(code)
    with citizen.expect_navigation():
        track.get_by_role("button", name="查询").click()
    tracked = citizen.locator("#tracked-case")
    expect(tracked.locator("#case-state")).to_have_text("已答复")
    expect(tracked).to_contain_text("确认收到申请")
    link = tracked.get_by_role("link", name=re.compile("政府信息公开申请答复书"))
    text = download(citizen, link, tmp_path / "reply.docx")
    number_doc = case.documents.get(kind="reply").number
    assert re.fullmatch(r"黑档公开〔2026〕\d+号", number_doc)
    for expected in ("政府信息公开申请答复书", number_doc, "林小民", number, WANTED, cn(received),
                     "区分处理", "第三十七条", "招标公告、中标结果公告、合同主要条款（合同金额、服务期限）",
                     "合同附件中的分项报价和技术方案", "公开会对第三方合法权益造成损害", "第十五条",
                     "该部分属于中标企业的商业秘密，公开会损害其合法权益", "以电子邮件发送至申请人提供的邮箱",
                     "六十日内", "申请行政复议", "六个月内", "提起行政诉讼", "第五十一条", cn(replied)):
        assert expected in text, (expected, text)

    # ---- 5. And on their own case page ---------------------------------------------------------------------------
    with citizen.expect_navigation():
        citizen.get_by_role("link", name="我的办件").click()
    with citizen.expect_navigation():
        citizen.get_by_role("link", name=number).click()
    expect(citizen.locator("#case-number")).to_have_text(number)
    expect(citizen.locator("#case-state")).to_have_text("已答复")
    expect(citizen.locator("#disclosure-result")).to_contain_text("部分公开")
    expect(citizen.locator("#disclosure-panel")).to_contain_text("合同附件中的分项报价和技术方案")
    expect(citizen.locator("#actions")).to_have_count(0)  # nothing left to do
    text = download(citizen, citizen.locator('#documents a[data-kind="reply"]'), tmp_path / "reply2.docx")
    assert "区分处理" in text and "第五十一条" in text
