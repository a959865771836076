"""A report in the browser, as its users meet it: an anonymous visitor files a report online (no account, the
anonymous box ticked), keeps the number and the code and tracks it; the section head accepts it and designates the
handling officers; a designated officer sees what the reporter wrote in full, turns the report into a penalty case
(linked both ways) and records the findings; the section head answers; the visitor sees the answer on the tracking
page and downloads the letter. A named report registered by the clerk from a phone call shows the reporter in full to
the designated officer and masked to the director, who is not designated."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from playwright.sync_api import expect

from fazhi.core.demo.load import make_uscc, resident_id_with_check
from fazhi.core.masking import mask_id_number, mask_name, mask_phone
from fazhi.process.models import Case
from fazhi.workdays.calendar import compute_deadline
from tests import factories as f
from tests.e2e.helpers import fire, login, open_from_inbox

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
DAY = dt.date(2026, 11, 2)  # the `today` fixture: a Monday
NUMBER = re.compile(r"HLJ-JB2026-\d{6}")
SUBJECT = "某某档案服务有限公司"
FACTS = "该公司在为某县档案馆整理档案期间，擅自将档案扫描件拷贝带离工作场所。如需核实可致电13912345678。"
VIOLATOR_USCC = make_uscc("91", "230102", "MA1BCDEF")
REPORTER = {"name": "张举报", "id_number": resident_id_with_check("23010219800101123"), "phone": "13912345670",
            "address": "哈尔滨市道里区保密街1号"}


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def check_handlers(page, transition: str, usernames: list[str]) -> None:
    page.locator(f'#actions summary[data-transition="{transition}"]').click()
    form = page.locator(f'#actions form[data-transition="{transition}"]')
    for name in usernames:
        form.locator(f'input[name="tf_handlers"][value="{name}"]').check()
    with page.expect_navigation():
        form.get_by_role("button", name=re.compile("^确认")).click()
    expect(page.locator("ul.messages")).to_contain_text("操作已完成。")


def test_anonymous_report_filed_tracked_handled_answered(world, today, new_page, tmp_path):
    assert today == DAY
    f.staff("officer2", world.agency, "enforcement_officer")

    # ---- 1. An anonymous visitor files a report online ------------------------------------------------------
    visitor = new_page()
    visitor.goto("/requests/")
    with visitor.expect_navigation():
        visitor.locator("#request-kinds").get_by_role("link", name="举报").click()
    expect(visitor).to_have_url(re.compile(r"/requests/new/report/$"))
    expect(visitor.locator("h1")).to_have_text("举报")
    form = visitor.locator("#request-form")
    # Nothing filled in: refused in Chinese, nothing filed.
    form.locator("#anonymous").check()
    with visitor.expect_navigation():
        form.get_by_role("button", name="提交").click()
    expect(visitor.locator(".errors")).to_contain_text("请填写“被举报的单位或个人”。")
    assert not Case.objects.exists()
    form = visitor.locator("#request-form")
    expect(form.locator("#anonymous")).to_be_checked()
    form.locator("#f_subject").fill(SUBJECT)
    form.locator("#f_facts").fill(FACTS)
    form.locator("#f_occurred_on").fill("2026-10-20")
    with visitor.expect_navigation():
        form.get_by_role("button", name="提交").click()
    expect(visitor.locator("h1")).to_have_text("举报已收到")
    number = visitor.locator("#case-number").inner_text()
    code = visitor.locator("#verification-code").inner_text()
    assert NUMBER.fullmatch(number) and len(code) == 8
    expect(visitor.locator(".notice")).to_contain_text("查询码只显示这一次")
    case = Case.objects.get(number=number)
    assert case.public_request.anonymous and case.applicant is None

    # It is tracked with the number and the code: state and due date.
    with visitor.expect_navigation():
        visitor.get_by_role("link", name="办件查询").first.click()
    track = visitor.locator("#track-form")
    track.locator("#id_number").fill(number)
    track.locator("#id_code").fill("WRONG123")
    with visitor.expect_navigation():
        track.get_by_role("button", name="查询").click()
    expect(visitor.locator(".errors")).to_have_text("办件编号或查询码不正确。")
    track.locator("#id_number").fill(number)
    track.locator("#id_code").fill(code)
    with visitor.expect_navigation():
        track.get_by_role("button", name="查询").click()
    tracked = visitor.locator("#tracked-case")
    expect(tracked.locator("#case-state")).to_have_text("已收到，待受理")
    expect(tracked).to_contain_text("受理决定期限")
    expect(tracked).to_contain_text(cn(compute_deadline(DAY, 7, "workday", []).due))

    # ---- 2. The section head accepts it and designates the handling officers -----------------------------------
    head = new_page()
    login(head, "head", PW)
    open_from_inbox(head, number)
    expect(head.locator("#case-state")).to_have_text("已登记，待决定是否受理")
    expect(head.locator("#party-name")).to_have_text("匿名")
    expect(head.locator("#complaint-panel")).to_contain_text("匿名举报")
    expect(head.locator("#clocks")).to_contain_text("本机关投诉举报处理规定")
    check_handlers(head, "accept", ["officer1", "officer2"])
    expect(head.locator("#case-state")).to_have_text("已受理，核查办理中")
    expect(head.locator("#designated")).to_contain_text("officer1姓名")
    expect(head.locator("#documents")).to_contain_text("受理告知书")
    # The head is not designated: the phone number the reporter wrote is masked for them.
    panel = head.locator("#complaint-fields")
    expect(panel).to_contain_text("139****5678")
    expect(panel).not_to_contain_text("13912345678")

    # ---- 3. A designated officer: 转立案查处, then the findings -------------------------------------------------
    officer = new_page()
    login(officer, "officer1", PW)
    open_from_inbox(officer, number)
    expect(officer.locator("#complaint-fields")).to_contain_text("13912345678")
    expect(officer.locator("#confidentiality")).to_contain_text("匿名举报")
    fire(officer, "open_penalty", fields={"party_name": SUBJECT, "party_id_number": VIOLATOR_USCC,
                                          "party_address": "哈尔滨市南岗区示例路1号",
                                          "clue": "该公司涉嫌擅自将委托整理的档案扫描件拷贝带离工作场所。"},
         choices={"party_type": "档案服务企业"})
    link = officer.locator("#penalty-link")
    penalty_number = link.inner_text()
    assert re.fullmatch(r"HLJ-CF2026-\d{6}", penalty_number)
    with officer.expect_navigation():
        link.click()
    expect(officer.locator("#case-number")).to_have_text(penalty_number)
    expect(officer.locator("#penalty-panel")).to_contain_text("投诉举报")
    back = officer.locator("#source-request")
    expect(back).to_have_text(number)
    with officer.expect_navigation():
        back.click()
    expect(officer.locator("#case-number")).to_have_text(number)
    fire(officer, "record_findings", choices={"result": "属实"},
         fields={"findings": "经现场检查，该公司工作人员确将扫描件拷贝至个人移动硬盘，已登记立案查处。"})
    expect(officer.locator("#case-state")).to_have_text("核查完毕，待答复")

    # ---- 4. The section head answers -------------------------------------------------------------------------
    head.reload()
    fire(head, "reply", fields={"reply": "经核查，你反映的问题属实，本机关已依法立案查处，处理结果将依法公示。"})
    expect(head.locator("#case-state")).to_have_text("已答复，办结")
    reply = head.locator("#documents").get_by_role("link", name="举报处理结果告知书")
    expect(reply).to_be_visible()

    # ---- 5. The visitor sees the answer and downloads the letter ----------------------------------------------
    visitor.goto("/track/")
    track = visitor.locator("#track-form")
    track.locator("#id_number").fill(number)
    track.locator("#id_code").fill(code)
    with visitor.expect_navigation():
        track.get_by_role("button", name="查询").click()
    tracked = visitor.locator("#tracked-case")
    expect(tracked.locator("#case-state")).to_have_text("已答复")
    expect(tracked).to_contain_text("受理并指定承办人员")
    expect(tracked).not_to_contain_text("转立案查处")  # an internal step
    letter = tracked.get_by_role("link", name=re.compile(r"举报处理结果告知书（黑档诉〔2026〕\d+号）"))
    with visitor.expect_download() as dl:
        letter.click()
    dl.value.save_as(tmp_path / "reply.docx")
    text = docx_text(tmp_path / "reply.docx")
    assert "举报人：" in text and number in text and penalty_number in text and "属实" in text


def test_a_named_report_is_masked_for_officers_not_designated(world, today, new_page):
    # The clerk registers a report received by phone last Thursday, with the reporter's identity.
    clerk = new_page()
    login(clerk, "clerk", PW)
    clerk.goto("/requests/staff/new/report/")
    form = clerk.locator("#request-form")
    form.locator("#channel").select_option(label="电话")
    form.locator("#received_on").fill("2026-10-29")
    form.locator("#party_name").fill(REPORTER["name"])
    form.locator("#party_id_number").fill(REPORTER["id_number"])
    form.locator("#party_phone").fill(REPORTER["phone"])
    form.locator("#party_address").fill(REPORTER["address"])
    form.locator("#f_subject").fill(SUBJECT)
    form.locator("#f_facts").fill("该公司将委托保管的档案存放在地下室，受潮霉变。")
    with clerk.expect_navigation():
        form.get_by_role("button", name="提交").click()
    number = clerk.locator("#case-number").inner_text()
    case = Case.objects.get(number=number)
    assert case.channel == "phone" and case.received_on == dt.date(2026, 10, 29)

    head = new_page()
    login(head, "head", PW)
    head.goto(f"/cases/{case.pk}/")
    # Not designated yet: even the head who decides sees the reporter masked.
    expect(head.locator("#party-name")).to_have_text(mask_name(REPORTER["name"]))
    check_handlers(head, "accept", ["officer1"])

    officer = new_page()
    login(officer, "officer1", PW)
    officer.goto(f"/cases/{case.pk}/")
    expect(officer.locator("#party-name")).to_have_text(REPORTER["name"])
    expect(officer.locator("#party-id-number")).to_have_text(REPORTER["id_number"])
    expect(officer.locator("#party-phone")).to_have_text(REPORTER["phone"])
    expect(officer.locator("#party-address")).to_have_text(REPORTER["address"])
    expect(officer.locator("#party-masked")).to_have_count(0)

    director = new_page()
    login(director, "director", PW)
    director.goto("/complaints/")
    row = director.locator("#complaints tr", has_text=number)
    expect(row.locator("td.party")).to_contain_text(mask_name(REPORTER["name"]))
    with director.expect_navigation():
        row.get_by_role("link", name=number).click()
    expect(director.locator("#party-name")).to_have_text(mask_name(REPORTER["name"]))
    expect(director.locator("#party-id-number")).to_have_text(mask_id_number(REPORTER["id_number"]))
    expect(director.locator("#party-phone")).to_have_text(mask_phone(REPORTER["phone"]))
    expect(director.locator("#party-address")).to_have_text("******")
    expect(director.locator("#party-masked")).to_contain_text("举报人信息保密")
    content = director.content()
    for secret in REPORTER.values():
        assert secret not in content
