"""What a user gets wrong (bad uploads, missing materials, a wrong tracking code) and what a user may not
see (someone else's case, the staff desk)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from fazhi.licensing.services import Upload, application_submit
from fazhi.process.models import Case
from tests import factories as f
from tests.e2e.helpers import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD


def submit_online(world) -> tuple[Case, str]:
    item = world.item
    uploads = [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.code)) for m in item.materials.all() if m.required]
    return application_submit(item=item, actor=world.users["citizen"], fields=f.valid_fields(item),
                              uploads=uploads, channel="online")


def fill_fields(form, *, destination: str = "新加坡") -> None:
    form.get_by_label("档案名称、数量及起止年代").fill("抗战时期报刊档案复制件5件")
    form.get_by_label("出境方式（携带、运输或邮寄）").fill("携带")
    form.get_by_label("出境目的地").fill(destination)
    form.get_by_label("拟出境日期").fill("2027-01-15")
    form.get_by_label("出境事由").fill("参加学术展览")


def test_bad_uploads_and_missing_material_are_refused_with_chinese_errors(world, today, new_page, tmp_path):
    fake = tmp_path / "申请书.pdf"  # a Windows executable renamed to .pdf
    fake.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64)
    good = tmp_path / "目录.pdf"
    good.write_bytes(f.pdf_bytes("catalogue"))

    page = new_page()
    login(page, "citizen", PW)
    page.goto(f"/guides/{world.item.code}/apply/")
    form = page.locator("#apply-form")
    fill_fields(form, destination="")  # a required field left empty
    form.locator("#m_application").set_input_files(fake)
    form.locator("#m_catalogue").set_input_files(good)
    # identity (申请人身份证明或营业执照) is required and left out
    with page.expect_navigation() as nav:
        form.get_by_role("button", name="提交申请").click()
    assert nav.value.status == 400

    # every problem at once, in Chinese, in the alert and under its own input
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("申请未提交，请修改以下内容：")
    expect(alert).to_contain_text("请填写“出境目的地”。")
    expect(alert).to_contain_text("申请书：不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD")
    expect(alert).to_contain_text("请上传必要材料：申请人身份证明或营业执照")
    expect(page.locator("#f_destination + .field-error")).to_have_text("请填写“出境目的地”。")
    expect(page.locator("#m_application + .field-error")).to_contain_text("不支持的文件类型")
    expect(page.locator("#m_identity + .field-error")).to_contain_text("请上传必要材料")
    # what was typed is kept
    expect(page.get_by_label("出境事由")).to_have_value("参加学术展览")
    assert Case.objects.count() == 0

    # corrected, the same form goes through
    form.get_by_label("出境目的地").fill("新加坡")
    for code in ("application", "catalogue", "identity"):
        form.locator(f"#m_{code}").set_input_files(good)
    with page.expect_navigation() as nav:
        form.get_by_role("button", name="提交申请").click()
    assert nav.value.status == 200
    expect(page.locator("h1")).to_have_text("申请已提交")
    assert Case.objects.count() == 1


def test_wrong_tracking_code(world, today, new_page):
    case, code = submit_online(world)
    wrong = "AAAAAAAA" if code != "AAAAAAAA" else "BBBBBBBB"
    page = new_page()
    page.goto("/track/")
    page.locator("#id_number").fill(case.number)
    page.locator("#id_code").fill(wrong)
    with page.expect_navigation() as nav:
        page.locator("#track-form").get_by_role("button", name="查询").click()
    assert nav.value.status == 400
    expect(page.get_by_role("alert")).to_have_text("办件编号或查询码不正确。")
    expect(page.locator("#tracked-case")).to_have_count(0)

    # the right code, typed in lower case with spaces, finds it
    page.locator("#id_number").fill(case.number)
    page.locator("#id_code").fill(f" {code.lower()} ")
    page.locator("#track-form").get_by_role("button", name="查询").click()
    expect(page.locator("#tracked-case #case-state")).to_have_text("已提交，等待受理")


def test_other_users_cannot_open_the_case(world, today, new_page):
    case, _code = submit_online(world)
    material = case.licensing.files.first()

    other = new_page()
    login(other, "citizen2", PW)
    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/receipt/", f"/cases/{case.pk}/materials/{material.pk}/"):
        assert other.goto(url).status == 404, url
    expect(other.locator("body")).not_to_contain_text(case.number)
    assert other.goto("/staff/inbox/").status == 404  # a public account has no staff desk

    # staff of another agency see nothing either
    foreign = new_page()
    login(foreign, "other_clerk", PW)
    assert foreign.goto(f"/cases/{case.pk}/").status == 404

    # anonymous: the staff desk sends to the login page, which leads back to it
    anon = new_page()
    anon.goto("/staff/inbox/")
    expect(anon).to_have_url(re.compile(r"/login/\?next=/staff/inbox/$"))
    expect(anon.locator("#login-form")).to_be_visible()
    login(anon, "clerk", PW, url=None)
    expect(anon).to_have_url(re.compile(r"/staff/inbox/$"))
    expect(anon.locator("#inbox").get_by_role("link", name=case.number)).to_be_visible()

    # and the owner does see it
    owner = new_page()
    login(owner, "citizen", PW)
    assert owner.goto(f"/cases/{case.pk}/").status == 200
    expect(owner.locator("#case-number")).to_have_text(case.number)


def test_transition_form_errors_keep_what_was_entered(world, today, new_page):
    from fazhi.process.services import case_fire

    case, _code = submit_online(world)
    case_fire(case_id=case.pk, transition="accept", actor=world.users["clerk"])
    page = new_page()
    login(page, "handler", PW)
    page.goto(f"/cases/{case.pk}/")
    page.locator('#actions summary[data-transition="propose"]').click()
    form = page.locator('#actions form[data-transition="propose"]')
    form.get_by_label("拟办意见").select_option(label="拟不予许可")
    with page.expect_navigation() as nav:
        form.get_by_role("button", name="确认：提出审查意见").click()  # the required comment left out
    assert nav.value.status == 400
    expect(page.get_by_role("alert")).to_contain_text("请填写意见或理由。")
    expect(page.locator("#case-state")).to_have_text("审查中")
    # the failed action stays open and keeps the choice made
    expect(form).to_be_visible()
    expect(form.get_by_label("拟办意见")).to_have_value("deny")
    form.get_by_label("意见或理由").fill("受让方资质证明不足。")
    with page.expect_navigation():
        form.get_by_role("button", name="确认：提出审查意见").click()
    expect(page.locator("#case-state")).to_have_text("待科室审核")
    case.refresh_from_db()
    assert case.data["handler_opinion"] == "deny"
