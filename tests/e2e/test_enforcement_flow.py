"""A penalty case in the browser, from an inspection finding to a served decision, as its users meet it: the
section head records a visit with a failed item and 转立案查处 and follows the link to the penalty case; the
director files it (an expired certificate is refused in Chinese first); the officer takes an 询问笔录 and
downloads it, concludes the investigation against the discretion standard and notifies the party, who waives;
the section head passes it on without legal review; the director decides (the 行政处罚决定书 is checked
element by element); the officer serves it and the payment clock starts; an anonymous visitor finds the
published decision."""

from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from playwright.sync_api import expect

from fazhi.discretion.loader import seed_load
from fazhi.inspection.inspections import task_start_inspections
from fazhi.inspection.models import InspectionItem
from fazhi.inspection.services import task_commit, task_create, task_draw
from fazhi.process.models import Case
from fazhi.workdays.calendar import compute_deadline
from tests import factories as f
from tests.e2e.helpers import fire, login
from tests.enforcement import conftest as penalty_conftest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The penalty world of tests/enforcement: officers 黑档执-0001/0002 (valid, linked to officer1/officer2), 黑档执-0003
# (expired 2026-05-01), and the unit 示例档案服务有限公司 in the directory.
pw = penalty_conftest.pw

PW = f.PASSWORD
DAY = dt.date(2026, 11, 2)  # a Monday; the `today` fixture freezes it for the live server too (same process)
PROBLEM = "擅自复制委托保管的国有档案2卷并向第三方提供"
FACTS = "当事人在受托整理某国有企业档案期间，未经委托单位和档案主管部门同意，擅自复制国有档案2卷并提供给第三方。"
INQUIRY = ["问：你公司是否复制过委托整理的档案？", "答：复制过2卷，提供给了一家咨询公司。"]
DOC_NUMBER = re.compile(r"黑档罚〔2026〕\d+号")


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def docx_text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def download(page, link, path) -> str:
    with page.expect_download() as dl:
        link.click()
    dl.value.save_as(path)
    return docx_text(path)


@pytest.fixture
def drawn(pw, today):
    """A random task over the directory's one unit, committed, drawn and started: one inspection, assigned."""
    assert today == DAY
    InspectionItem.objects.create(agency=pw.agency, code="svc-1", name="档案服务企业检查", legal_basis="档案法第二十四条",
                                  subject="档案服务企业", method="现场检查", category="key")
    head = pw.users["head"]
    task = task_create(actor=head, title="2026年档案服务企业双随机抽查", year=2026, item_codes=["svc-1"],
                       quota_spec={"B": {"count": 1}}, team_size=2, beacon_source="测试信标")
    task_commit(task_id=task.pk, actor=head)
    task_draw(task_id=task.pk, actor=head, beacon_value="05 07 12 19 23 33 + 04")
    task_start_inspections(task_id=task.pk, actor=head)
    inspection = task.inspections.get()
    assert sorted(inspection.team) == ["黑档执-0001", "黑档执-0002"], inspection.team
    return inspection


def test_from_inspection_finding_to_served_decision(pw, drawn, today, new_page, tmp_path):
    inspection = drawn
    party = pw.party
    agency = pw.agency.name
    # A transactional test starts from emptied tables: the migration's seed standard is loaded again.
    seed_load()

    # ---- 1. The section head records the visit: a failed item, 转立案查处 ----------------------------------
    head = new_page()
    login(head, "head", PW)
    head.goto(f"/inspection/inspections/{inspection.pk}/")
    expect(head.locator("h1")).to_contain_text(party["name"])
    form = head.locator("#inspection-form")
    expect(form.locator("#inspected_on")).to_have_value(today.isoformat())
    for number in ("黑档执-0001", "黑档执-0002"):
        expect(form.locator(f'input[name="officers_present"][value="{number}"]')).to_be_checked()
    form.locator("#result_svc-1").select_option(label="不合格")
    form.locator("#description_svc-1").fill(PROBLEM)
    form.get_by_label("转立案查处").check()
    form.locator("#comment").fill("涉嫌违反《中华人民共和国档案法》第四十八条第二项，建议立案查处。")
    with head.expect_navigation():
        form.get_by_role("button", name="保存检查结果").click()
    expect(head.locator("ul.messages")).to_contain_text("检查结果已录入。")
    expect(head.locator("#inspection-state")).to_have_text("已立案")
    expect(head.locator("#findings")).to_contain_text(PROBLEM)

    inspection.case.refresh_from_db()
    number = inspection.case.data.get("penalty_case")
    assert number and re.fullmatch(r"HLJ-CF2026-\d{6}", number), inspection.case.data
    case = Case.objects.get(number=number)
    case_url = f"/cases/{case.pk}/"

    # The inspection names its penalty case; following the link opens the case page.
    link = head.get_by_role("link", name=number)
    expect(link).to_be_visible()
    with head.expect_navigation():
        link.click()
    expect(head).to_have_url(re.compile(rf"{case_url}$"))
    expect(head.locator("#case-number")).to_have_text(number)
    expect(head.locator("#case-state")).to_have_text("案源登记，待立案审批")
    panel = head.locator("#penalty-panel")
    expect(panel).to_contain_text("检查发现")
    expect(panel).to_contain_text(PROBLEM)
    back = panel.locator("#source-inspection")
    expect(back).to_have_text(inspection.case.number)
    expect(back).to_have_attribute("href", f"/inspection/inspections/{inspection.pk}/")
    expect(head.locator("#clocks")).to_contain_text("立案审查期限")
    expect(head.locator('#actions summary[data-transition="file_case"]')).to_have_count(0)  # the leader's step

    # ---- 2. The director files the case: an expired certificate first -------------------------------------
    director = new_page()
    login(director, "director", PW)
    director.goto(case_url)
    expect(director.locator("#case-state")).to_have_text("案源登记，待立案审批")
    fire(director, "file_case", fields={"investigators": "黑档执-0001\n黑档执-0003"},
         choices={"party_type": "档案服务企业"}, comment="案件来源于双随机抽查，违法事实基本清楚，同意立案。", ok=False)
    errors = director.locator(".errors")
    expect(errors).to_contain_text("操作未完成：")
    expect(errors).to_contain_text("孙过期（黑档执-0003）")
    expect(errors).to_contain_text("已过期")
    expect(errors).to_contain_text("第四十二条")
    expect(director.locator("#case-state")).to_have_text("案源登记，待立案审批")
    case.refresh_from_db()
    assert case.state == "registered" and not case.penalty.investigators
    # The form is still open, with what was entered; correct the list and confirm again.
    form = director.locator('#actions form[data-transition="file_case"]')
    expect(form).to_be_visible()
    expect(form.locator("#comment_file_case")).to_have_value("案件来源于双随机抽查，违法事实基本清楚，同意立案。")
    form.locator("#tf_file_case_investigators").fill("黑档执-0001\n黑档执-0002")
    expect(form.locator("#tf_file_case_party_type")).to_have_value("archives_service_enterprise")  # kept
    with director.expect_navigation():
        form.get_by_role("button", name=re.compile("^确认")).click()
    expect(director.locator("ul.messages")).to_contain_text("操作已完成。")
    expect(director.locator("#case-state")).to_have_text("已立案，调查取证")
    expect(director.locator("#investigators")).to_have_text("黑档执-0001、黑档执-0002")
    expect(director.locator('#documents a[data-kind="filing_approval"]')).to_have_text("立案审批表")
    expect(director.locator("#clocks")).to_contain_text("作出处罚决定期限")
    expect(director.locator("#clocks")).to_contain_text(cn(compute_deadline(today, 90, "calendar").due))

    # ---- 3. The officer takes an 询问笔录 and downloads it ----------------------------------------------------
    officer = new_page()
    login(officer, "officer1", PW)
    officer.goto(case_url)
    expect(officer.locator("#evidence tbody")).to_contain_text("暂无。")
    officer.locator("#evidence-add summary").click()
    ev = officer.locator("#evidence-add form")
    expect(ev).to_be_visible()
    ev.locator("#ev_kind").select_option(label="询问笔录")
    ev.locator("#ev_title").fill("对公司负责人的询问笔录")
    ev.locator("#ev_date").fill(today.isoformat())
    ev.locator("#ev_place").fill("本局执法监督处询问室")
    ev.locator("#ev_officers").fill("黑档执-0001\n黑档执-0002")
    ev.locator("#ev_content").fill("\n".join(INQUIRY))
    with officer.expect_navigation():
        ev.get_by_role("button", name="记录").click()
    expect(officer.locator("ul.messages")).to_contain_text("证据已记录。")
    row = officer.locator("#evidence tbody tr", has_text="对公司负责人的询问笔录")
    expect(row).to_contain_text("询问笔录")
    expect(row).to_contain_text(cn(today))
    expect(row).to_contain_text("黑档执-0001、黑档执-0002")
    text = download(officer, row.get_by_role("link", name="笔录（DOCX）"), tmp_path / "inquiry.docx")
    for expected in ("询问笔录", number, party["name"], "本局执法监督处询问室", "对公司负责人的询问笔录", *INQUIRY,
                     "赵执法（执法证号黑档执-0001）", "钱执法（执法证号黑档执-0002）", "已出示执法证件"):
        assert expected in text, (expected, text)

    # ---- 4. Investigation concluded, checked against the discretion standard ------------------------------
    fire(officer, "conclude_investigation",
         fields={"violation_date": "2026-10-20", "facts": FACTS, "kinds": "警告\n罚款", "fine": "80000"},
         choices={"serious": "否", "violation": "档案服务企业在服务过程中擅自提供、抄录、复制、公布属于国家所有的档案"})
    expect(officer.locator("#case-state")).to_have_text("调查终结，待事先告知")
    rec = officer.locator("#recommendation")
    expect(rec).to_contain_text("警告、罚款")
    expect(rec).to_contain_text(re.compile(r"56000(\.00)?—110000(\.00)? 元"))
    expect(officer.locator("#penalty-panel")).to_contain_text(FACTS)
    expect(officer.locator("#major-reasons")).to_have_count(0)  # 80,000 yuan: below 较大数额, no legal review

    # ---- 5. Prior notice; the party waives; no legal review needed ----------------------------------------
    fire(officer, "notify")
    expect(officer.locator("#case-state")).to_have_text("已告知，陈述申辩期")
    expect(officer.locator('#documents a[data-kind="prior_notice"]')).to_have_text("行政处罚事先告知书")
    expect(officer.locator("#clocks")).to_contain_text("陈述申辩和听证申请期限")
    fire(officer, "waive", comment="当事人于告知书送达当日书面表示放弃陈述、申辩和听证。")
    expect(officer.locator("#case-state")).to_have_text("待法制审核")

    head.goto(case_url)
    fire(head, "no_review_needed")
    expect(head.locator("#case-state")).to_have_text("待负责人决定")

    # ---- 6. The director decides; the 行政处罚决定书 -------------------------------------------------------
    director.goto(case_url)
    fire(director, "decide", fields={"kinds": "警告\n罚款", "fine": "80000"}, choices={"publish": "公开"},
         comment="同意调查终结报告的处理意见。")
    expect(director.locator("#case-state")).to_have_text("已决定，待送达")
    expect(director.locator("#decided")).to_contain_text("警告、罚款")
    decision = director.locator('#documents a[data-kind="decision"]')
    expect(decision).to_have_text("行政处罚决定书")
    issued = director.locator("#documents li", has=director.locator('a[data-kind="decision"]')).locator(".muted")
    doc_number = issued.inner_text().split("·")[0].strip()
    assert DOC_NUMBER.fullmatch(doc_number), doc_number
    text = download(director, decision, tmp_path / "decision.docx")
    for expected in ("行政处罚决定书", doc_number, party["name"], party["address"], party["id_number"], FACTS,
                     "对公司负责人的询问笔录", "警告，罚款80,000元",
                     "《中华人民共和国档案法》第四十八条第二项", "《中华人民共和国档案法》第四十九条第二款",
                     "十五日内", "六十日内", "六个月内", agency, cn(today)):
        assert expected in text, (expected, text)

    # ---- 7. The officer serves it: the payment clock starts ---------------------------------------------
    officer.goto(case_url)
    fire(officer, "serve", fields={"served_on": today.isoformat(), "recipient": "李某（法定代表人）"},
         choices={"method": "直接送达"})
    expect(officer.locator("#case-state")).to_have_text("已送达，执行中")
    expect(officer.locator('#documents a[data-kind="service_receipt"]')).to_have_text("送达回证")
    due = compute_deadline(today, 15, "calendar").due
    payment = officer.locator("#clocks tbody tr", has_text="缴纳罚款期限")
    expect(payment).to_contain_text(cn(today))
    expect(payment).to_contain_text(cn(due))
    expect(officer.locator("#penalty-panel")).to_contain_text(f"缴款期限{cn(due)}")
    case.refresh_from_db()
    assert case.state == "executing" and case.penalty.payment_due == due

    # ---- 8. The public list of decisions -------------------------------------------------------------------
    anon = new_page()
    anon.goto("/enforcement/public/decisions/")
    expect(anon.locator("h1")).to_have_text("行政处罚决定公示")
    published = anon.locator("#decisions tbody tr", has_text=doc_number)
    expect(published).to_have_count(1)
    expect(published).to_contain_text(party["name"])
    expect(published).to_contain_text("警告，罚款80,000元")
    expect(published).to_contain_text(agency)
    expect(published).to_contain_text(cn(today))
