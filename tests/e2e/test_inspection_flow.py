"""双随机、一公开 in the browser, as its users meet it: the section head imports the target directory from an
XLSX with bad rows, creates a task, commits it (the commitment is public at once), enters the beacon and
draws, starts the inspections, records the visits (one with a rectification order, downloaded as DOCX),
publishes; an anonymous visitor finds the results and verifies the draw, and a tampered record fails."""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import zlib

import docx
import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from fazhi.core.demo.load import make_uscc
from fazhi.core.identifiers import USCC_ALPHABET
from fazhi.inspection.models import Entity, ImportBatch, Inspection, InspectionItem, Officer, Task
from fazhi.workdays.calendar import compute_deadline
from tests import factories as f
from tests.e2e.helpers import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PW = f.PASSWORD
HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEADER = ["统一社会信用代码", "单位名称", "单位类别", "行政区划代码", "信用风险分类", "地址", "联系人", "联系电话"]
BEACON = "05 07 12 19 23 33 + 04"
PROBLEM = "未建立档案工作制度，文件材料未按要求归档"


def cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def uscc(n: int) -> str:
    return make_uscc("91", "230102", f"MA{n:06d}")


def wrong_check(code: str) -> str:
    return code[:-1] + USCC_ALPHABET[(USCC_ALPHABET.index(code[-1]) + 1) % len(USCC_ALPHABET)]


def directory_xlsx(path) -> tuple[list[list], list[tuple[int, str, str]]]:
    """20 good enterprises (risk classes A–D, five each) and 3 bad rows among them; returns the good rows
    and the expected (row, column, reason) of the bad ones."""
    good = [[uscc(n), f"哈尔滨市第{n}档案服务有限公司", "企业", "230102", "ABCD"[n % 4], f"南岗区学府路{n}号",
             f"联系人{n}", f"0451-8600{n:04d}"] for n in range(1, 21)]
    bad = {
        5: ([wrong_check(uscc(21)), "校验码错误的公司", "企业", "230102", "B"],
            ("统一社会信用代码", f"校验码错误：应为{uscc(21)[-1]}")),
        13: ([uscc(22), "区划代码错误的公司", "企业", "23010", "C"], ("行政区划代码", "行政区划代码应为6位数字。")),
        20: ([uscc(23), "风险分类错误的公司", "企业", "230102", "E"],
             ("信用风险分类", "信用风险分类应为 A、B、C 或 D，不能为“E”")),
    }
    wb = Workbook()
    ws = wb.active
    ws.title = "检查对象"
    ws.append(HEADER)
    rows = iter(good)
    expected = []
    for row_number in range(2, 2 + len(good) + len(bad)):
        if row_number in bad:
            values, (column, reason) = bad[row_number]
            ws.append(values)
            expected.append((row_number, column, reason))
        else:
            ws.append(next(rows))
    wb.save(path)
    return good, expected


def png_bytes() -> bytes:
    """A real 8×8 grey PNG (a site photo stand-in)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x80" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def docx_text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def setup(world, today):
    """The item list and the inspector directory (the target directory is imported in the browser)."""
    InspectionItem.objects.create(agency=world.agency, code="cc-1", name="档案工作情况检查", legal_basis="档案法第四十二条",
                                  subject="企业", method="现场检查", category="key")
    InspectionItem.objects.create(agency=world.agency, code="cc-2", name="档案服务企业检查", legal_basis="档案法第二十四条",
                                  subject="档案服务企业", method="现场检查", category="general", ratio_cap="0.5")
    for i, name in enumerate(["王建国", "李红梅", "张志强", "刘晓燕", "陈立军"], start=1):
        Officer.objects.create(agency=world.agency, name=name, certificate_number=f"黑档执-{i:04d}",
                               issuing_authority="黑龙江省人民政府", valid_from=dt.date(2020, 1, 1),
                               valid_until=dt.date(2030, 12, 31),
                               user=world.users["officer1"] if i == 2 else None)
    return world


def test_import_draw_inspect_publish_and_verify(setup, today, new_page, tmp_path):
    head = new_page()
    login(head, "head", PW)

    # ---- 1. The target directory from an XLSX with three bad rows ------------------------------------
    xlsx = tmp_path / "检查对象名录.xlsx"
    good, expected = directory_xlsx(xlsx)
    head.locator("header nav summary", has_text="执法").click()
    head.locator("header nav").get_by_role("link", name="名录库").click()
    expect(head.locator("h1")).to_contain_text("检查对象名录库")
    expect(head.locator("#entities tbody")).to_contain_text("没有符合条件的检查对象。")
    head.locator("#import-link").click()
    expect(head.locator("h1")).to_have_text("导入检查对象")
    head.locator("#import-file").set_input_files(xlsx)
    with head.expect_navigation():
        head.locator("#import-form").get_by_role("button", name="导入").click()
    expect(head).to_have_url(re.compile(r"/inspection/imports/\d+/$"))
    expect(head.locator("#batch-status")).to_have_text("已完成")
    expect(head.locator("#batch-created")).to_have_text("20")
    expect(head.locator("#batch-errors")).to_have_text("3")
    error_rows = head.locator("#batch-error-rows tbody tr")
    expect(error_rows).to_have_count(3)
    for n, (row, column, reason) in enumerate(expected):
        expect(error_rows.nth(n).locator("td")).to_have_text([str(row), column, reason])
    head.get_by_role("link", name="返回名录库").click()
    expect(head.locator("h1 .muted")).to_have_text("20")
    listed = head.locator("#entities tbody tr")
    expect(listed).to_have_count(20)
    for row in good:
        expect(head.locator("#entities tbody tr", has_text=row[0])).to_contain_text(row[1])
    for name in ("校验码错误的公司", "区划代码错误的公司", "风险分类错误的公司"):
        expect(head.locator("#entities")).not_to_contain_text(name)
    assert ImportBatch.objects.get().errors and Entity.objects.count() == 20

    # ---- 2. A task through the form, then commit ----------------------------------------------------
    head.locator("header nav summary", has_text="执法").click()
    head.locator("header nav").get_by_role("link", name="抽查任务").click()
    head.get_by_role("link", name="新建抽查任务").click()
    form = head.locator("#task-form")
    title = "2026年档案服务企业双随机抽查"
    form.locator("#id_title").fill(title)
    expect(form.locator("#fs_items legend")).to_have_text("抽查事项（可多选：进一次门、查多项事）")
    form.locator("#fs_items").get_by_label("档案工作情况检查").check()
    expect(form.locator("#id_strata")).to_have_value("risk_class")
    form.locator("#id_strata").select_option(label="信用风险分类")
    form.locator("#id_quota_mode").select_option(label="数量")
    form.locator("#id_quota_A").fill("1")
    form.locator("#id_quota_B").fill("2")
    form.locator("#id_team_size").fill("2")
    form.locator("#id_beacon_source").fill("中国福利彩票双色球 2026128 期开奖号码")
    with head.expect_navigation():
        form.get_by_role("button", name="保存草稿").click()
    expect(head).to_have_url(re.compile(r"/inspection/tasks/\d+/$"))
    task_id = int(re.search(r"/tasks/(\d+)/", head.url).group(1))
    expect(head.locator("h1")).to_contain_text(title)
    expect(head.locator("#task-state")).to_have_text("草稿")
    with head.expect_navigation():
        head.locator("#commit").click()
    expect(head.locator("#task-state")).to_have_text("已承诺（输入已冻结）")
    expect(head.locator("ul.messages")).to_contain_text("输入已冻结，已公布承诺值和任务摘要。")
    expect(head.locator("#candidate-count")).to_have_text("20")
    expect(head.locator("#quotas")).to_contain_text("A=1（共5）")
    expect(head.locator("#quotas")).to_contain_text("B=2（共5）")
    commitment = head.locator("#commitment").inner_text().strip()
    digest = head.locator("#task-digest").inner_text().strip()
    assert HEX64.match(commitment) and HEX64.match(digest), (commitment, digest)
    task = Task.objects.get(pk=task_id)
    secret = bytes(task.secret).hex()
    assert (task.commitment, task.task_digest) == (commitment, digest)

    # The public page already shows the commitment, never the secret.
    anon = new_page()
    anon.goto(head.get_by_role("link", name="公开页面").get_attribute("href"))
    expect(anon.locator("#task-state")).to_have_text("已承诺（输入已冻结）")
    expect(anon.locator("#commitment")).to_have_text(commitment)
    expect(anon.locator("#task-digest")).to_have_text(digest)
    assert secret not in anon.content()
    expect(anon.locator("#task-public")).not_to_contain_text("密钥")

    # ---- 3. The beacon, the draw, the teams -----------------------------------------------------------
    head.locator("#id_beacon_value").fill(BEACON)
    with head.expect_navigation():
        head.locator("#draw").click()
    expect(head.locator("#task-state")).to_have_text("已抽取")
    teams = head.locator("#teams tbody tr")
    expect(teams).to_have_count(3)
    imported = {row[0] for row in good}
    drawn_teams = {}
    for n in range(3):
        unit, inspectors = (t.strip() for t in teams.nth(n).locator("td").all_inner_texts())
        name, target = unit.split("\n")  # the unit's name, then its USCC
        assert target in imported, target
        assert name == next(row[1] for row in good if row[0] == target)
        members = inspectors.split("、")
        assert len(members) == 2 and len(set(members)) == 2 and all(m.startswith("黑档执-") for m in members), members
        drawn_teams[target] = members
    assert secret not in head.content()
    with head.expect_navigation():
        head.locator("#start").click()
    expect(head.locator("#task-state")).to_have_text("检查中")
    rows = head.locator("#inspections tbody tr")
    expect(rows).to_have_count(3)
    for n in range(3):
        expect(rows.nth(n).locator("td").nth(2)).to_have_text("待检查")
    names = [t.strip() for t in rows.locator("td:first-child").all_inner_texts()]
    task_url = head.url

    # ---- 4. The first inspection: a refused submission, then a rectification order --------------------
    rows.first.get_by_role("link").click()
    unit = names[0]
    expect(head.locator("h1")).to_contain_text(unit)
    inspection = Inspection.objects.get(task_id=task_id, entity__name=unit)
    form = head.locator("#inspection-form")
    expect(form.locator("#inspected_on")).to_have_value(today.isoformat())
    team = drawn_teams[inspection.entity.uscc]
    assert inspection.team == team
    for box in form.locator('input[name="officers_present"]').all():
        if box.get_attribute("value") in team:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    # No finding selected: refused with the reasons in Chinese, nothing saved.
    form.get_by_label("责令限期整改").check()
    form.locator("#rectify_days").fill("30")
    with head.expect_navigation() as nav:
        form.get_by_role("button", name="保存检查结果").click()
    assert nav.value.status == 400
    alert = head.get_by_role("alert")
    expect(alert).to_contain_text("未保存，请修改以下内容：")
    expect(alert).to_contain_text("请填写“档案工作情况检查”的检查结论（合格或不合格）。")
    inspection.refresh_from_db()
    assert inspection.inspected_on is None and not inspection.findings.exists()
    assert inspection.case.state == "assigned" and not inspection.case.documents.exists()
    # What was entered is still there.
    expect(form.locator("#rectify_days")).to_have_value("30")
    expect(form.get_by_label("责令限期整改")).to_be_checked()

    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png_bytes())
    form.locator("#result_cc-1").select_option(label="不合格")
    form.locator("#description_cc-1").fill(PROBLEM)
    form.locator("#attachments").set_input_files(photo)
    with head.expect_navigation():
        form.get_by_role("button", name="保存检查结果").click()
    expect(head.locator("ul.messages")).to_contain_text("检查结果已录入。")
    expect(head.locator("#inspection-state")).to_have_text("整改中")
    rectify_due = compute_deadline(today, 30, "calendar").due
    expect(head.locator("dl.receipt")).to_contain_text(cn(rectify_due))
    expect(head.locator("#findings")).to_contain_text(PROBLEM)
    inspection.refresh_from_db()
    assert inspection.outcome == "rectify" and inspection.attachments.get().original_name == "现场照片.png"

    head.get_by_role("link", name="办理过程、期限与文书").click()
    link = head.locator('#documents a[data-kind="rectification"]')
    expect(link).to_have_text("责令整改通知书")
    with head.expect_download() as dl:
        link.click()
    saved = tmp_path / "rectification.docx"
    dl.value.save_as(saved)
    text = docx_text(saved)
    assert "责令整改通知书" in text and unit in text and PROBLEM in text and cn(rectify_due) in text

    # ---- 5. The other two: nothing found -----------------------------------------------------------
    for name in names[1:]:
        head.goto(task_url)
        head.locator("#inspections").get_by_role("link", name=name, exact=True).click()
        form = head.locator("#inspection-form")
        form.locator("#result_cc-1").select_option(label="合格")
        form.get_by_label("检查完毕：未发现问题").check()
        with head.expect_navigation():
            form.get_by_role("button", name="保存检查结果").click()
        expect(head.locator("#inspection-state")).to_have_text("已办结")

    head.goto(task_url)
    expect(head.locator("#task-state")).to_have_text("结果已录入")
    results_due = compute_deadline(today, 20, "workday").due
    expect(head.locator("#task-actions")).to_contain_text(f"结果公示期限：{cn(results_due)}")
    expect(head.locator("#inspections tbody tr", has_text=unit).locator("td").nth(2)).to_have_text("整改中")
    with head.expect_navigation():
        head.locator("#publish").click()
    expect(head.locator("#task-state")).to_have_text("已公示")
    expect(head.locator("#task-events li")).to_have_count(6)
    for n, label in enumerate(["草稿", "已承诺（输入已冻结）", "已抽取", "检查中", "结果已录入", "已公示"]):
        expect(head.locator("#task-events li").nth(n)).to_contain_text(f"{label} · ")

    # ---- 6. The anonymous visitor: results, verification, a tampered record -------------------------
    anon.goto("/")
    anon.locator("header nav summary", has_text="公开").click()
    anon.locator("header nav").get_by_role("link", name="双随机、一公开").click()
    anon.locator("#public-tabs").get_by_role("link", name="抽查结果").click()
    anon.locator("#tasks-table").get_by_role("link", name=task.number).click()
    expect(anon.locator("h1")).to_have_text(title)
    expect(anon.locator("#task-state")).to_have_text("已公示")
    results = anon.locator("#results tbody tr")
    expect(results).to_have_count(3)
    expect(anon.locator("#results tbody tr", has_text=unit)).to_contain_text("责令整改")
    expect(anon.locator("#results tbody tr", has_text=unit).locator("td").nth(4)).to_have_text("档案工作情况检查")
    for name in names[1:]:
        expect(anon.locator("#results tbody tr", has_text=name).locator("td").nth(3)).to_have_text("合格")
    expect(anon.locator("#task-public")).to_contain_text(secret)
    anon.screenshot(path=str(tmp_path / "public-task.png"), full_page=True)

    anon.get_by_role("link", name="验证本次抽取").click()
    expect(anon.locator("#verified")).to_contain_text("验证通过（verified）")
    anon.screenshot(path=str(tmp_path / "verify-ok.png"), full_page=True)

    record = anon.request.get(f"/api/v1/inspection/tasks/{task_id}/record").json()
    assert record["secret"] == secret and record["beacon_value"] == BEACON
    record["beacon_value"] = "05 07 12 19 23 33 + 05"
    anon.locator("#id_record").fill(json.dumps(record, ensure_ascii=False))
    with anon.expect_navigation():
        anon.locator("#verify-form").get_by_role("button", name="验证").click()
    result = anon.locator("#verify-result")
    expect(result).to_contain_text("验证未通过")
    expect(anon.locator("#verified")).to_have_count(0)
    assert result.locator("li").count() >= 1
    anon.screenshot(path=str(tmp_path / "verify-tampered.png"), full_page=True)
