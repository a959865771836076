"""The licensing procedure in the browser, as its users meet it: the citizen applies online, the intake
clerk, the case handler, the section head and the director act on the case page, the citizen downloads
the decision; corrections, deemed acceptance, extension and withdrawal."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from fazhi.core import clock as sysclock
from fazhi.licensing.services import Upload, application_submit
from fazhi.process.models import Case
from fazhi.process.services import TransitionNotAllowed, case_fire
from fazhi.workdays.calendar import compute_deadline, remaining_workdays
from tests import factories as f
from tests.e2e.helpers import fire, login, open_from_inbox

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
DOC_NUMBER = re.compile(r"黑档许〔\d{4}〕\d+号")


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def docx_text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def submit_online(world, day: dt.date) -> Case:
    """A complete online application by the world's citizen, filed on ``day`` (set up outside the browser)."""
    item = world.item
    uploads = [Upload(m.code, f"{m.name}.pdf", f.pdf_bytes(m.code)) for m in item.materials.all() if m.required]
    with sysclock.frozen_today(day):
        case, _code = application_submit(item=item, actor=world.users["citizen"], fields=f.valid_fields(item),
                                         uploads=uploads, channel="online")
    return case


@pytest.fixture
def pdfs(tmp_path):
    """One small PDF per material of the world's item, named as a citizen would name them."""
    out = {}
    for code, name in [("application", "申请书"), ("catalogue", "出境档案目录"), ("identity", "身份证复印件"),
                       ("invitation", "邀请函")]:
        p = tmp_path / f"{name}.pdf"
        p.write_bytes(f.pdf_bytes(code))
        out[code] = p
    return out


def test_happy_path_from_guide_to_decision(world, today, new_page, pdfs, tmp_path):
    item = world.item
    citizen = new_page()

    # The service guide: time limits from the process definition and the flowchart.
    citizen.goto(f"/guides/{item.code}/")
    expect(citizen.locator("h1")).to_have_text(item.name)
    limits = citizen.locator("#time-limits")
    expect(limits).to_contain_text("受理审查期限：5个工作日")
    expect(limits).to_contain_text("审查决定期限：20个工作日")
    expect(limits).to_contain_text("审查决定期限（经负责人批准可延长）：10个工作日")
    expect(limits).to_contain_text("颁发证件期限：10个工作日")
    svg = citizen.locator("dd.flowchart svg")
    expect(svg).to_be_visible()
    expect(svg).to_contain_text("准予行政许可")

    # 在线申请 → not logged in → the login page → back to the form.
    citizen.get_by_role("link", name="在线申请").click()
    expect(citizen).to_have_url(re.compile(r"/login/\?next="))
    login(citizen, "citizen", PW, url=None)
    expect(citizen).to_have_url(re.compile(rf"/guides/{item.code}/apply/$"))
    expect(citizen.locator("h1")).to_contain_text(item.name)

    form = citizen.locator("#apply-form")
    form.get_by_label("档案名称、数量及起止年代").fill("抗战时期报刊档案复制件5件（1937—1945）")
    form.get_by_label("出境方式（携带、运输或邮寄）").fill("携带")
    form.get_by_label("出境目的地").fill("新加坡")
    form.get_by_label("拟出境日期").fill("2027-01-15")
    form.get_by_label("出境事由").fill("参加学术展览")
    for code in ("application", "catalogue", "identity"):
        form.locator(f"#m_{code}").set_input_files(pdfs[code])
    with citizen.expect_navigation():
        form.get_by_role("button", name="提交申请").click()

    # The receipt: number and the one-time verification code.
    expect(citizen.locator("h1")).to_have_text("申请已提交")
    number = citizen.locator("#case-number").inner_text().strip()
    code = citizen.locator("#verification-code").inner_text().strip()
    # Agency code + XK + year + 6-digit serial.
    assert re.fullmatch(r"HLJ-XK2026-\d{6}", number), number
    assert re.fullmatch(r"[A-Z2-9]{8}", code), code
    case = Case.objects.get(number=number)
    assert case.received_on == today and case.licensing.files.count() == 3
    citizen.reload()  # the code is shown once only
    expect(citizen.locator("#case-number")).to_have_text(number)
    expect(citizen.locator("#verification-code")).to_have_count(0)

    # Intake clerk: inbox → case → 受理.
    clerk = new_page()
    login(clerk, "clerk", PW)
    expect(clerk).to_have_url(re.compile(r"/staff/inbox/$"))
    open_from_inbox(clerk, number)
    expect(clerk.locator("#case-state")).to_have_text("待受理")
    fire(clerk, "accept")
    expect(clerk.locator("#case-state")).to_have_text("审查中")
    expect(clerk.locator('#documents a[data-kind="acceptance"]')).to_have_text("受理通知书")

    # Case handler: 提出审查意见 (拟准予许可, with the required comment).
    handler = new_page()
    login(handler, "handler", PW)
    open_from_inbox(handler, number)
    fire(handler, "propose", choices={"opinion": "拟准予许可"}, comment="材料齐全，符合法定条件，拟准予许可。")
    expect(handler.locator("#case-state")).to_have_text("待科室审核")

    # Section head: 科室审核同意.
    head = new_page()
    login(head, "head", PW)
    open_from_inbox(head, number)
    fire(head, "head_approve")
    expect(head.locator("#case-state")).to_have_text("待领导决定")

    # Director: 准予行政许可 with the licence's content.
    director = new_page()
    login(director, "director", PW)
    open_from_inbox(director, number)
    fire(director, "grant", fields={"licence_scope": "准予携带所列档案复制件出境，展览结束后30日内带回。"})
    expect(director.locator("#case-state")).to_have_text("准予许可，待发证")

    # The citizen sees the decision and downloads it.
    citizen.goto("/my/")
    citizen.get_by_role("link", name=number).click()
    expect(citizen.locator("#case-state")).to_have_text("准予许可")
    expect(citizen.locator("#timeline")).to_contain_text("准予行政许可")
    link = citizen.locator('#documents a[data-kind="grant"]')
    expect(link).to_have_text("准予行政许可决定书")
    with citizen.expect_download() as dl:
        link.click()
    download = dl.value
    assert download.suggested_filename.endswith("准予行政许可决定书.docx")
    saved = tmp_path / "grant.docx"
    download.save_as(saved)
    text = docx_text(saved)
    numbers = DOC_NUMBER.findall(text)
    assert numbers, text[:500]
    assert numbers[0] == case.documents.get(kind="grant").number
    assert "林小民" in text
    assert "准予携带所列档案复制件出境" in text

    # Tracking by number + code, anonymously.
    anon = new_page()
    anon.goto("/track/")
    anon.locator("#id_number").fill(number)
    anon.locator("#id_code").fill(code)
    anon.locator("#track-form").get_by_role("button", name="查询").click()
    expect(anon.locator("#tracked-case #case-state")).to_have_text("准予许可")
    tracked_link = anon.locator("#tracked-case").get_by_role("link", name=re.compile("^准予行政许可决定书"))
    with anon.expect_download() as dl:
        tracked_link.click()
    assert dl.value.suggested_filename == download.suggested_filename

    # Publicity: the decision is listed, the person's name masked.
    anon.goto("/publicity/")
    row = anon.locator("#publicity-table tbody tr", has_text=number)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("林*")
    expect(row).to_contain_text("准予许可")
    expect(anon.locator("#publicity-table")).not_to_contain_text("林小民")

    citizen.goto(f"/cases/{case.pk}/")
    citizen.screenshot(path=str(tmp_path / "happy-path-citizen-case.png"), full_page=True)


def test_correction_loop_restarts_the_intake_clock(world, today, new_page, tmp_path):
    case = submit_online(world, today)

    sysclock.set_today(dt.date(2026, 11, 3))
    clerk = new_page()
    login(clerk, "clerk", PW)
    open_from_inbox(clerk, case.number)
    fire(clerk, "request_correction",
         fields={"missing_materials": "申请书（须申请人签字）\n出境档案目录（须逐件列明起止年代）"})
    expect(clerk.locator("#case-state")).to_have_text("待补正")
    expect(clerk.locator('#documents a[data-kind="correction"]')).to_have_text("补正材料通知书")

    resubmitted = dt.date(2026, 11, 5)
    sysclock.set_today(resubmitted)
    citizen = new_page()
    login(citizen, "citizen", PW)
    citizen.goto(f"/cases/{case.pk}/")
    expect(citizen.locator("#case-state")).to_have_text("请补正材料")
    timeline = citizen.locator("#timeline")
    expect(timeline).to_contain_text("一次性告知补正")
    expect(timeline.locator("li li")).to_have_text(["申请书（须申请人签字）", "出境档案目录（须逐件列明起止年代）"])

    corrected = tmp_path / "申请书（签字版）.pdf"
    corrected.write_bytes(f.pdf_bytes("signed"))
    fire(citizen, "resubmit", files={"application": corrected}, comment="已补签字。")
    expect(citizen.locator("#case-state")).to_have_text("已提交，等待受理")
    expect(citizen.get_by_text("申请书（签字版）.pdf")).to_be_visible()

    clerk.reload()
    expect(clerk.locator("#case-state")).to_have_text("待受理")
    intake_rows = clerk.locator("#clocks tr[class^='clock-']", has_text="受理审查期限")
    expect(intake_rows).to_have_count(2)
    expect(intake_rows.nth(0)).to_have_class("clock-stopped")
    restarted = intake_rows.nth(1)
    expect(restarted).to_have_class("clock-running")
    expect(restarted.locator("td").nth(1)).to_have_text(cn(resubmitted))
    expect(restarted.locator("td").nth(2)).to_contain_text(cn(compute_deadline(resubmitted, 5).due))
    clerk.goto("/staff/inbox/")
    expect(clerk.locator("#inbox").get_by_role("link", name=case.number)).to_be_visible()


def test_deemed_acceptance_after_five_working_days(world, today, new_page, tmp_path):
    case = submit_online(world, today)  # Monday 2026-11-02: intake due Monday 2026-11-09
    assert case.clocks.get(name="intake").due == dt.date(2026, 11, 9)

    late = dt.date(2026, 11, 10)
    sysclock.set_today(late)
    clerk = new_page()
    login(clerk, "clerk", PW)
    row = clerk.locator("#inbox tbody tr", has_text=case.number)
    expect(row).to_have_class("w-red")
    expect(row).to_contain_text("已超期")

    out = io.StringIO()
    call_command("clocks", "tick", "--today", late.isoformat(), stdout=out)
    assert f"{case.number}: deemed_accept" in out.getvalue()
    assert "触发 1 项" in out.getvalue()
    again = io.StringIO()
    call_command("clocks", "tick", "--today", late.isoformat(), stdout=again)
    assert "触发 0 项" in again.getvalue()

    case.refresh_from_db()
    assert case.state == "under_review"
    assert case.accepted_on == case.submitted_on == today
    assert case.documents.filter(kind="acceptance").count() == 1

    clerk.goto(f"/cases/{case.pk}/")
    expect(clerk.locator("#case-state")).to_have_text("审查中")
    expect(clerk.locator(".case-head")).to_contain_text(f"受理日期 {cn(today)}")
    expect(clerk.locator("#timeline")).to_contain_text("视为受理（逾期未告知）")
    expect(clerk.locator("#timeline")).to_contain_text("系统（法定期限计时）")
    link = clerk.locator('#documents a[data-kind="acceptance"]')
    expect(link).to_have_text("受理通知书")
    with clerk.expect_download() as dl:
        link.click()
    saved = tmp_path / "acceptance.docx"
    dl.value.save_as(saved)
    text = docx_text(saved)
    assert "视为受理" in text and cn(today) in text


def test_director_extends_the_decision_period(world, today, new_page, tmp_path):
    u = world.users
    case = submit_online(world, today)
    case_fire(case_id=case.pk, transition="accept", actor=u["clerk"], today=dt.date(2026, 11, 3))
    case_fire(case_id=case.pk, transition="propose", actor=u["handler"], comment="拟准予。",
              data={"opinion": "grant"}, today=dt.date(2026, 11, 10))
    case_fire(case_id=case.pk, transition="head_approve", actor=u["head"], today=dt.date(2026, 11, 11))
    old_due = case.clocks.get(name="decision").due
    new_due = compute_deadline(old_due, 10).due
    assert remaining_workdays(old_due, new_due) == 10

    sysclock.set_today(dt.date(2026, 11, 12))
    director = new_page()
    login(director, "director", PW)
    open_from_inbox(director, case.number)
    expect(director.locator("#case-state")).to_have_text("待领导决定")
    decision = director.locator("#clocks tr[class^='clock-']", has_text="审查决定期限")
    expect(decision.locator("td").nth(2)).to_contain_text(cn(old_due))
    reason = "需征求省档案馆关于档案出境影响的书面意见。"
    fire(director, "extend", comment=reason)
    expect(director.locator("#case-state")).to_have_text("待领导决定")
    expect(decision.locator("td").nth(2)).to_contain_text(cn(new_due))
    expect(decision.locator("td").nth(0)).to_contain_text("延长10")
    expect(director.locator('#documents a[data-kind="extension"]')).to_have_text("延期通知书")
    assert case.clocks.get(name="decision").due == new_due

    # The law allows one extension of ten days: the action is no longer offered, and the service refuses
    # a second one with a clear message.
    expect(director.locator('summary[data-transition="extend"]')).to_have_count(0)
    with pytest.raises(TransitionNotAllowed, match="法定最多延长10日"):
        case_fire(case_id=case.pk, transition="extend", actor=world.users["director"], comment="再次延长。")
    assert case.documents.filter(kind="extension").count() == 1

    citizen = new_page()
    login(citizen, "citizen", PW)
    citizen.goto(f"/cases/{case.pk}/")
    expect(citizen.locator("#timeline")).to_contain_text("批准延长审查期限十日")
    expect(citizen.locator("#clocks tr[class^='clock-']", has_text="审查决定期限").locator("td").nth(2)
           ).to_contain_text(cn(new_due))
    link = citizen.locator('#documents a[data-kind="extension"]')
    expect(link).to_have_text("延期通知书")
    with citizen.expect_download() as dl:
        link.click()
    saved = tmp_path / "extension.docx"
    dl.value.save_as(saved)
    text = docx_text(saved)
    assert "需征求省档案馆关于档案出境影响的书面意见" in text
    assert cn(new_due) in text


def test_citizen_withdraws_a_pending_application(monkeypatch, today, new_page):
    from fazhi.core.demo.load import demo_load

    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Passw0rd-法治")
    demo_load()
    case = Case.objects.get(applicant__username="citizen", state="submitted", kind="licensing")

    clerk = new_page()
    login(clerk, "clerk", "Demo-Passw0rd-法治")
    expect(clerk.locator("#inbox").get_by_role("link", name=case.number)).to_be_visible()

    citizen = new_page()
    login(citizen, "citizen", "Demo-Passw0rd-法治")
    expect(citizen).to_have_url(re.compile(r"/my/$"))
    citizen.get_by_role("link", name=case.number).click()
    expect(citizen.locator("#case-state")).to_have_text("已提交，等待受理")
    fire(citizen, "withdraw")
    expect(citizen.locator("#case-state")).to_have_text("已撤回")
    expect(citizen.locator("#actions")).to_have_count(0)

    clerk.reload()
    expect(clerk.locator("#inbox")).not_to_contain_text(case.number)
    case.refresh_from_db()
    assert case.state == "withdrawn" and case.outcome == "withdrawn" and case.closed_on == today
    assert not case.clocks.filter(state="running").exists()


def test_accepted_case_leaves_the_clerks_inbox(world, today, new_page):
    case = submit_online(world, today)
    case_fire(case_id=case.pk, transition="accept", actor=world.users["clerk"])
    clerk = new_page()
    login(clerk, "clerk", PW)
    expect(clerk.locator("#inbox")).to_be_visible()
    assert case.number not in clerk.locator("#inbox").inner_text()
