"""Public archive services in the browser, as a new user meets them: the reading-room clerk opens the day's slots; a
new user registers, finds 查档服务 in the catalogue, reads the guide (time limits from the process), books a
reading-room visit; the clerk sees it on 今日查档预约, confirms it, records the visit and the answer with a copy; the
person sees the answer in "my cases" and downloads the copy, which nobody else can."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fazhi.archives.demo import ensure_services
from fazhi.archives.models import ArchiveRequest
from fazhi.core.demo.load import resident_id_with_check
from fazhi.process.models import Case
from tests import factories as f
from tests.e2e.helpers import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
NEW_ID = resident_id_with_check("23010219900315004")


def test_book_confirm_serve_download(world, today, new_page, tmp_path):
    ensure_services(world.agency)

    # The reading-room clerk opens today's half-days (one seat each).
    clerk = new_page()
    login(clerk, "clerk", PW)
    clerk.locator("details.menu", has=clerk.locator("#nav-reading-room")).locator("summary").click()
    clerk.locator("#nav-reading-room").click()
    expect(clerk.locator("h1")).to_contain_text("今日查档预约")
    clerk.locator("#slots-open summary").click()
    clerk.locator("#so_capacity").fill("1")
    with clerk.expect_navigation():
        clerk.locator("#slots-open").get_by_role("button", name="开放").click()
    expect(clerk.locator("ul.messages")).to_contain_text("已开放或调整2个预约时段")

    # A new user registers.
    person = new_page()
    person.goto("/register/")
    form = person.locator("#register-form")
    form.locator("#id_kind").select_option("person")
    form.locator("#id_username").fill("zhao_yanqiu")
    form.locator("#id_full_name").fill("赵砚秋")
    form.locator("#id_id_number").fill(NEW_ID)
    form.locator("#id_password1").fill(PW)
    form.locator("#id_password2").fill(PW)
    with person.expect_navigation():
        form.get_by_role("button").click()
    expect(person.locator("ul.messages")).to_contain_text("注册成功")

    # The catalogue → the guide (time limits and the flowchart from the process) → the booking form.
    person.locator("#nav-archives").click()
    expect(person.locator("h1")).to_have_text("档案公共服务事项目录")
    person.locator("#archive-services").get_by_role("link", name="档案查阅利用（查档预约）").click()
    limits = person.locator("#time-limits")
    expect(limits).to_contain_text("确认预约期限：1个工作日")
    expect(limits).to_contain_text("查档答复期限：5个工作日")
    expect(person.locator("dd.flowchart svg")).to_contain_text("确认预约")
    person.locator("#book-link").click()
    book = person.locator("#book-form")
    expect(book.locator("#b_id_number")).to_have_value(NEW_ID)  # from the account
    # A wrong ID number first: a Chinese error, nothing booked.
    book.locator("#b_id_number").fill(NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1"))
    book.locator("#b_purpose").select_option(label="编史修志")
    book.locator("#b_archives_wanted").fill("1958年黑龙江省农垦系统建场档案")
    book.locator("#b_mode").select_option(label="到馆查阅")
    book.locator("#b_slot").select_option(value=f"{today.isoformat()}|pm")
    with person.expect_navigation():
        book.get_by_role("button", name="提交预约").click()
    expect(person.locator(".errors")).to_contain_text("预约未提交")
    assert not ArchiveRequest.objects.exists()
    book = person.locator("#book-form")
    book.locator("#b_id_number").fill(NEW_ID)
    book.locator("#b_slot").select_option(value=f"{today.isoformat()}|pm")
    with person.expect_navigation():
        book.get_by_role("button", name="提交预约").click()
    expect(person.locator("h1")).to_have_text("申请已提交")
    number = person.locator("#case-number").inner_text().strip()
    assert re.fullmatch(r"HLJ-CD2026-\d{6}", number), number
    expect(person.locator("#verification-code")).to_have_count(1)

    # The clerk's day: the booking in the afternoon; confirm, then the visit, then the answer with a copy.
    clerk.goto("/archives/reading-room/")
    row = clerk.locator("#room-pm tr", has_text=number)
    expect(row).to_contain_text("赵砚秋")
    expect(row.locator(".state")).to_have_text("待确认")
    with clerk.expect_navigation():
        row.locator('button[data-step="confirm"]').click()
    row = clerk.locator("#room-pm tr", has_text=number)
    expect(row.locator(".state")).to_have_text("已确认预约")
    with clerk.expect_navigation():
        row.locator('button[data-step="attend"]').click()
    row = clerk.locator("#room-pm tr", has_text=number)
    expect(row.locator(".state")).to_have_text("已到馆查阅，待答复")
    row.locator('a[data-step="serve"]').click()
    expect(clerk.locator("h1")).to_have_text("录入查档结果")
    copy = tmp_path / "建场档案复制件.pdf"
    copy.write_bytes(f.pdf_bytes("copy of 1958"))
    clerk.locator("#s_answer").fill("已到馆查阅建场档案12卷，提供复制件1份。")
    clerk.locator("#s_files").set_input_files(copy)
    with clerk.expect_navigation():
        clerk.locator("#serve-form").get_by_role("button", name="确认提交").click()
    expect(clerk.locator("#case-state")).to_have_text("已答复（办结）")

    # The person: my cases → the case → the answer and the copy.
    person.goto("/my/")
    person.get_by_role("link", name=number).click()
    expect(person.locator("#case-state")).to_have_text("已答复（办结）")
    expect(person.locator("#archives-answer")).to_contain_text("提供复制件1份")
    link = person.locator("#archives-files a")
    expect(link).to_have_text("建场档案复制件.pdf")
    with person.expect_download() as dl:
        link.click()
    saved = tmp_path / "downloaded.pdf"
    dl.value.save_as(saved)
    assert saved.read_bytes() == copy.read_bytes()

    # Nobody else: another account gets "not found".
    href = link.get_attribute("href")
    f.person("someone_else", birth="19700101")
    other = new_page()
    login(other, "someone_else", PW)
    response = other.goto(href)
    assert response is not None and response.status == 404
    case = Case.objects.get(number=number)
    assert case.state == "served" and case.outcome == "served"
