"""The two directories (两库): import from XLSX and CSV (per-row error report, upsert, idempotence), files that
are refused whole, export and the round trip, officers with their conflicts, and ``fazhi directory``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from fazhi.core.demo.load import make_uscc
from fazhi.core.identifiers import USCC_ALPHABET, validate_uscc
from fazhi.core.models import AuditEvent
from fazhi.inspection import directory
from fazhi.inspection.directory import directory_import
from fazhi.inspection.models import Conflict, Entity, ImportBatch, Officer

pytestmark = pytest.mark.django_db

ENTITY_HEADER = ["统一社会信用代码", "单位名称", "单位类别", "行政区划代码", "信用风险分类", "地址", "联系人", "联系电话",
                 "状态"]
OFFICER_HEADER = ["姓名", "执法证号", "发证机关", "有效期起", "有效期至", "所属机关", "处室", "证件状态"]
CONFLICT_HEADER = ["执法证号", "统一社会信用代码", "回避事由"]


# ---- helpers (the other test modules of the directories use them too) ---------------------------------
def uscc(n: int, kind: str = "91", region: str = "230100") -> str:
    return make_uscc(kind, region, f"MA{n:06d}")


def wrong_check(code: str) -> str:
    """The same code with another check character (position 18)."""
    other = USCC_ALPHABET[(USCC_ALPHABET.index(code[-1]) + 1) % len(USCC_ALPHABET)]
    return code[:-1] + other


def xlsx_bytes(*sheets: tuple[str, list[list]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def read_xlsx(content: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


GOOD_A = [uscc(1), "哈尔滨示例科技有限公司", "企业", "230103", "A", "哈尔滨市南岗区1号", "张三", "0451-1111111", "存续"]
GOOD_B = [make_uscc("12", "230000", "40000001"), "黑龙江省示例研究院", "事业单位", "230000", "C", "", "", "", ""]
GOOD_N = [make_uscc("N2", "230125", "50000001"), "宾县示例村股份经济合作社", "村/社区", "230125", "d", "", "", "", "注销"]


def entities_file() -> bytes:
    """Three good rows and the bad ones the issue lists, with a row that has two problems."""
    return xlsx_bytes(("检查对象", [
        ENTITY_HEADER,
        GOOD_A,                                                                       # row 2
        [wrong_check(uscc(2)), "校验码错的公司", "企业", "230103", "B"],               # row 3
        [uscc(3), "区划错的公司", "企业", "23010", "B"],                                # row 4
        [uscc(4), "风险分类错的公司", "企业", "230103", "E"],                           # row 5
        [GOOD_A[0], "重复的公司", "企业", "230103", "B"],                               # row 6
        [uscc(5), None, "企业", "230103", "B"],                                         # row 7
        GOOD_B,                                                                       # row 8
        [],                                                                           # row 9: empty, skipped
        [uscc(6), "两处错误的公司", "工厂", "2301", "B"],                               # row 10
        GOOD_N,                                                                       # row 11
    ]))


def expected_errors() -> list[dict]:
    return [
        {"row": 3, "column": "统一社会信用代码", "reason": f"校验码错误：应为{uscc(2)[-1]}"},
        {"row": 4, "column": "行政区划代码", "reason": "行政区划代码应为6位数字。"},
        {"row": 5, "column": "信用风险分类", "reason": "信用风险分类应为 A、B、C 或 D，不能为“E”"},
        {"row": 6, "column": "统一社会信用代码", "reason": "与第2行重复"},
        {"row": 7, "column": "单位名称", "reason": "不能为空"},
        {"row": 10, "column": "单位类别", "reason": "单位类别“工厂”不在列表中"},
        {"row": 10, "column": "行政区划代码", "reason": "行政区划代码应为6位数字。"},
    ]


# ---- entities: the per-row report, upsert, idempotence --------------------------------------------------
def test_entities_xlsx_with_bad_rows(world):
    batch = directory_import("entities", "名录.xlsx", entities_file(), actor=world.users["head"],
                             agency=world.agency)
    assert batch.status == ImportBatch.Status.DONE
    assert batch.errors == expected_errors()
    assert (batch.created, batch.updated, batch.unchanged) == (3, 0, 0)
    assert batch.processed_rows == batch.total_rows == 10
    assert "6行有错误" in batch.message
    a = Entity.objects.get(uscc=GOOD_A[0])
    assert (a.name, a.kind, a.region_code, a.risk_class, a.address, a.contact, a.phone, a.active) == (
        "哈尔滨示例科技有限公司", "enterprise", "230103", "A", "哈尔滨市南岗区1号", "张三", "0451-1111111", True)
    b = Entity.objects.get(uscc=GOOD_B[0])
    assert (b.kind, b.risk_class, b.active) == ("institution", "C", True)
    n = Entity.objects.get(uscc=GOOD_N[0])
    assert (n.kind, n.risk_class, n.active) == ("community", "D", False)
    assert Entity.objects.count() == 3
    event = AuditEvent.objects.get(action="inspection.directory_import")
    assert event.actor == world.users["head"] and event.object_id == str(batch.pk)
    assert event.detail["created"] == 3 and event.detail["errors"] == 7


def test_reimport_changes_nothing_and_a_second_file_updates_one_row(world):
    content = entities_file()
    directory_import("entities", "名录.xlsx", content)
    before = {e.uscc: e.updated_at for e in Entity.objects.all()}
    again = directory_import("entities", "名录.xlsx", content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.errors == expected_errors()
    assert {e.uscc: e.updated_at for e in Entity.objects.all()} == before
    changed = [*GOOD_B]
    changed[4] = "B"  # C → B
    second = xlsx_bytes(("Sheet1", [ENTITY_HEADER, GOOD_A, changed, GOOD_N]))
    batch = directory_import("entities", "更新.xlsx", second)
    assert (batch.created, batch.updated, batch.unchanged, batch.errors) == (0, 1, 2, [])
    after = {e.uscc: e.updated_at for e in Entity.objects.all()}
    assert after[GOOD_B[0]] > before[GOOD_B[0]]
    assert after[GOOD_A[0]] == before[GOOD_A[0]] and after[GOOD_N[0]] == before[GOOD_N[0]]
    assert Entity.objects.get(uscc=GOOD_B[0]).risk_class == "B"


def test_absent_columns_and_empty_optional_cells_keep_the_stored_values(world):
    directory_import("entities", "a.xlsx", xlsx_bytes(("s", [ENTITY_HEADER, GOOD_A])))
    # Only the required columns, and the name changed: address, risk class and contact stay.
    short = xlsx_bytes(("s", [ENTITY_HEADER[:4], [GOOD_A[0], "新名称有限公司", "企业", "230103"]]))
    batch = directory_import("entities", "b.xlsx", short)
    assert (batch.updated, batch.errors) == (1, [])
    a = Entity.objects.get()
    assert (a.name, a.risk_class, a.address, a.contact) == ("新名称有限公司", "A", "哈尔滨市南岗区1号", "张三")
    # English aliases, another column order, a full-width USCC and a lower-case one.
    code = make_uscc("91", "230100", "MA0000AB")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)
    alias = xlsx_bytes(("s", [["Name", "USCC", "region_code", "Kind", "Risk"],
                              ["全角代码公司", wide, 230102, "enterprise", "b"],
                              ["小写代码公司", uscc(7).lower(), "230102", "企业", "B类"]]))
    batch = directory_import("entities", "c.xlsx", alias)
    assert (batch.created, batch.errors) == (2, [])
    assert Entity.objects.get(uscc=code).region_code == "230102"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_utf8_with_and_without_bom_and_gb18030(world, encoding):
    rows = [ENTITY_HEADER, GOOD_A, [wrong_check(uscc(8)), "错码单位", "企业", "230103", "B", "", "", "", ""], GOOD_B]
    content = csv_bytes(rows, encoding)
    if encoding == "utf-8-sig":
        assert content.startswith(b"\xef\xbb\xbf")
    batch = directory_import("entities", "名录.csv", content)
    assert (batch.created, batch.status) == (2, "done")
    assert batch.errors == [{"row": 3, "column": "统一社会信用代码", "reason": f"校验码错误：应为{uscc(8)[-1]}"}]
    assert Entity.objects.get(uscc=GOOD_A[0]).name == "哈尔滨示例科技有限公司"
    assert Entity.objects.get(uscc=GOOD_B[0]).name == "黑龙江省示例研究院"


def test_every_registration_authority_is_accepted(world):
    codes = {"11": "机关", "21": "其他", "31": "其他", "41": "其他", "51": "社会团体", "61": "其他", "71": "其他",
             "81": "其他", "91": "企业", "92": "个体工商户", "93": "农民专业合作社", "A1": "其他", "N1": "村/社区",
             "Y1": "其他"}
    rows = [ENTITY_HEADER[:4]] + [[make_uscc(k, "230100", f"{i:08d}"), f"单位{k}", kind, "230100"]
                                  for i, (k, kind) in enumerate(codes.items(), start=1)]
    batch = directory_import("entities", "all.xlsx", xlsx_bytes(("s", rows)))
    assert (batch.created, batch.errors) == (len(codes), [])


@pytest.mark.parametrize("name, content, message", [
    ("名录.xlsx", b"\x00\x01\x02 this is not a spreadsheet" * 50, "不是有效的 XLSX"),
    ("名录.csv", b"\x00\x01\x02 this is not a spreadsheet" * 50, "不是 CSV"),
    ("名录.csv", b"\xff\xfe\xfd\xfc" * 100, "编码"),
    ("名录.pdf", b"%PDF-1.4\n", "不支持的文件类型"),
    ("名录.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "另存为 .xlsx"),
    ("名录.xlsx", b"", "文件是空的"),
])
def test_garbage_is_refused_and_nothing_changes(world, name, content, message):
    directory_import("entities", "a.xlsx", xlsx_bytes(("s", [ENTITY_HEADER, GOOD_A])))
    before = list(Entity.objects.values_list("uscc", "name", "updated_at"))
    batches = ImportBatch.objects.count()
    with pytest.raises(ValidationError) as exc:
        directory_import("entities", name, content)
    assert message in exc.value.messages[0]
    assert list(Entity.objects.values_list("uscc", "name", "updated_at")) == before
    assert ImportBatch.objects.count() == batches


def test_a_zip_that_is_not_a_workbook_and_a_zip_bomb_are_refused(world, settings):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match="不是有效的 XLSX"):
        directory_import("entities", "a.xlsx", out.getvalue())
    big = xlsx_bytes(("s", [ENTITY_HEADER] + [GOOD_A] * 2000))  # compresses well, unpacks to ~1 MB
    settings.FAZHI_IMPORT_MAX_UNCOMPRESSED_BYTES = 200_000
    with pytest.raises(ValidationError, match="解压后过大"):
        directory_import("entities", "bomb.xlsx", big)
    assert not Entity.objects.exists() and not ImportBatch.objects.exists()


def test_a_missing_required_column_refuses_the_file(world):
    content = xlsx_bytes(("s", [["统一社会信用代码", "单位名称", "行政区划代码"], [GOOD_A[0], "某公司", "230103"]]))
    with pytest.raises(ValidationError) as exc:
        directory_import("entities", "a.xlsx", content)
    assert "缺少必填列：单位类别" in exc.value.messages[0]
    officers = csv_bytes([["姓名", "执法证号"], ["李四", "黑档执-0001"]], "utf-8")
    with pytest.raises(ValidationError) as exc:
        directory_import("officers", "o.csv", officers)
    assert "缺少必填列：发证机关、有效期起、有效期至" in exc.value.messages[0]
    dup = xlsx_bytes(("s", [ENTITY_HEADER + ["名称"], GOOD_A + ["x"]]))
    with pytest.raises(ValidationError, match="出现了两次"):
        directory_import("entities", "a.xlsx", dup)
    assert not Entity.objects.exists() and not Officer.objects.exists()


# ---- export and the round trip --------------------------------------------------------------------------
def test_export_reimports_unchanged_and_filters(world):
    directory_import("entities", "名录.xlsx", entities_file())
    content = directory.export_entities()
    sheet = read_xlsx(content)["检查对象"]
    assert list(sheet[0]) == ENTITY_HEADER
    assert [r[0] for r in sheet[1:]] == sorted(e.uscc for e in Entity.objects.all())
    row_a = next(r for r in sheet if r[0] == GOOD_A[0])
    assert list(row_a) == GOOD_A
    before = {e.uscc: e.updated_at for e in Entity.objects.all()}
    again = directory_import("entities", "export.xlsx", content)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 3, [])
    assert {e.uscc: e.updated_at for e in Entity.objects.all()} == before
    only = directory.export_entities(queryset=directory.entities_filtered(region="230100", risk="A", active="true"))
    assert [r[0] for r in read_xlsx(only)["检查对象"][1:]] == [GOOD_A[0]]
    assert [e.uscc for e in directory.entities_filtered(kind="community", active=False)] == [GOOD_N[0]]
    assert [e.uscc for e in directory.entities_filtered(region="23")] == sorted(before)
    with pytest.raises(ValidationError):
        directory.entities_filtered(region="23x", risk="E")


# ---- officers and their conflicts -----------------------------------------------------------------------
def officers_file(world) -> bytes:
    return xlsx_bytes(
        ("执法检查人员", [
            OFFICER_HEADER + ["回避单位"],
            ["王执法", "黑档执-0001", "黑龙江省人民政府", dt.datetime(2024, 1, 1), dt.datetime(2028, 12, 31), "hlj",
             "监督检查处", "有效", f"{GOOD_A[0]}:配偶任该单位法定代表人"],                                      # 2
            ["赵执法", "黑档执-0002", "黑龙江省人民政府", "2020年1月5日", "2025/12/31", "黑龙江省档案局", "", "",
             ""],                                                                                              # 3
            ["钱执法", "哈档执-0001", "哈尔滨市人民政府", 45292, "20290101", "", "", "暂扣", ""],                  # 4
            ["孙执法", "黑档执-0003", "黑龙江省人民政府", "2026-01-05", "2025-01-05", "hlj", "", "有效", ""],     # 5
            ["周执法", "黑档执-0004", "黑龙江省人民政府", "2026-13-01", "2027-01-01", "nowhere", "", "停用", ""],  # 6
            ["吴执法", "黑档执-0005", "黑龙江省人民政府", "2026-01-01", "2027-01-01", "", "", "",
             f"{uscc(99)}:亲属"],                                                                              # 7
            ["郑执法", "黑档执-0001", "黑龙江省人民政府", "2026-01-01", "2027-01-01", "", "", "", ""],            # 8
        ]),
        ("回避", [
            CONFLICT_HEADER,
            ["黑档执-0002", GOOD_B[0], "曾在该单位任职"],                                                        # 2
            ["黑档执-0002", GOOD_N[0], "近亲属在该村任职"],                                                      # 3
            ["黑档执-9999", GOOD_B[0], "不存在的证号"],                                                          # 4
            ["黑档执-0002", uscc(98), "不在名录库的单位"],                                                       # 5
            ["黑档执-0002", GOOD_B[0], "重复"],                                                                 # 6
        ]),
    )


def test_officers_with_conflicts(world, today):
    directory_import("entities", "名录.xlsx", entities_file())
    batch = directory_import("officers", "人员.xlsx", officers_file(world), actor=world.users["head"],
                             agency=world.city)
    assert (batch.created, batch.updated, batch.unchanged) == (3, 0, 0)
    assert batch.errors == [
        {"row": 5, "column": "有效期至", "reason": "有效期至早于有效期起"},
        {"row": 6, "column": "有效期起", "reason": "日期“2026-13-01”无效，应为 YYYY-MM-DD"},
        {"row": 6, "column": "所属机关", "reason": "没有代码或名称为“nowhere”的机关"},
        {"row": 6, "column": "证件状态", "reason": "证件状态应为以下之一：有效、暂扣、吊销；不能为“停用”"},
        {"row": 7, "column": "回避单位", "reason": f"检查对象名录库中没有统一社会信用代码为{uscc(99)}的单位"},
        {"row": 8, "column": "执法证号", "reason": "与第2行重复"},
        {"row": 4, "column": "执法证号", "reason": "执法检查人员名录库中没有该执法证号", "sheet": "回避"},
        {"row": 5, "column": "统一社会信用代码", "reason": "检查对象名录库中没有该单位", "sheet": "回避"},
        {"row": 6, "column": "统一社会信用代码", "reason": "与第2行重复", "sheet": "回避"},
    ]
    assert "回避关系：新增3条" in batch.message
    wang = Officer.objects.get(certificate_number="黑档执-0001")
    assert (wang.agency, wang.department, wang.valid_from, wang.valid_until) == (
        world.agency, "监督检查处", dt.date(2024, 1, 1), dt.date(2028, 12, 31))
    zhao = Officer.objects.get(certificate_number="黑档执-0002")
    assert (zhao.valid_from, zhao.valid_until, zhao.agency) == (dt.date(2020, 1, 5), dt.date(2025, 12, 31), world.agency)
    assert not zhao.valid_on(today)
    qian = Officer.objects.get(certificate_number="哈档执-0001")
    assert (qian.agency, qian.status, qian.valid_from, qian.valid_until) == (
        world.city, "suspended", dt.date(2024, 1, 1), dt.date(2029, 1, 1))
    conflicts = {(c.officer.certificate_number, c.entity.uscc): (c.reason, c.declared_on)
                 for c in Conflict.objects.select_related("officer", "entity")}
    assert conflicts == {
        ("黑档执-0001", GOOD_A[0]): ("配偶任该单位法定代表人", today),
        ("黑档执-0002", GOOD_B[0]): ("曾在该单位任职", today),
        ("黑档执-0002", GOOD_N[0]): ("近亲属在该村任职", today),
    }
    # Again: nothing changes; then the export re-imports unchanged, conflicts included.
    before = {o.certificate_number: o.updated_at for o in Officer.objects.all()}
    again = directory_import("officers", "人员.xlsx", officers_file(world), agency=world.city)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert "回避关系：新增0条，更新0条，未变3条" in again.message
    exported = directory.export_officers()
    sheets = read_xlsx(exported)
    assert list(sheets["执法检查人员"][0]) == OFFICER_HEADER
    wang_row = next(r for r in sheets["执法检查人员"] if r[1] == "黑档执-0001")
    assert wang_row == ("王执法", "黑档执-0001", "黑龙江省人民政府", dt.datetime(2024, 1, 1), dt.datetime(2028, 12, 31),
                        "黑龙江省档案局", "监督检查处", "有效")
    assert len(sheets["回避"]) == 4 and sheets["回避"][0] == ("执法证号", "统一社会信用代码", "回避事由", "申报日期")
    Officer.objects.update(department="")
    Conflict.objects.filter(reason="曾在该单位任职").delete()
    back = directory_import("officers", "export.xlsx", exported)
    assert (back.created, back.updated, back.unchanged, back.errors) == (0, 1, 2, [])
    assert "新增1条" in back.message and Conflict.objects.count() == 3
    assert Officer.objects.get(certificate_number="黑档执-0001").department == "监督检查处"
    assert {o.certificate_number: o.updated_at for o in Officer.objects.exclude(certificate_number="黑档执-0001")} == {
        k: v for k, v in before.items() if k != "黑档执-0001"}


def test_officers_csv_with_conflict_column_and_agency_scope(world, today):
    directory_import("entities", "名录.xlsx", entities_file())
    content = csv_bytes([
        OFFICER_HEADER + ["回避单位"],
        ["甲", "吉档执-0001", "吉林省人民政府", "2026-01-01", "2027-12-31", "other", "", "", ""],
        ["乙", "哈档执-0002", "哈尔滨市人民政府", "2026-01-01", "2027-12-31", "", "", "",
         f"{GOOD_A[0]}：亲属；{GOOD_B[0]}:曾任职"],
        ["丙", "哈档执-0003", "哈尔滨市人民政府", "2026-01-01", "2027-12-31", "", "", "", "没有冒号"],
    ], "gb18030")
    batch = directory_import("officers", "人员.csv", content, agency=world.city,
                             allowed_agency_ids=world.agency.descendants_and_self_ids())
    assert batch.errors == [
        {"row": 2, "column": "所属机关", "reason": "不能导入或修改其他机关的执法人员"},
        {"row": 4, "column": "回避单位", "reason": "“没有冒号”应写为“统一社会信用代码:回避事由”"},
    ]
    assert batch.created == 1
    assert Officer.objects.get().agency == world.city
    assert Conflict.objects.count() == 2


def test_officer_without_agency_and_no_default_is_a_row_error(world):
    content = csv_bytes([OFFICER_HEADER[:5], ["甲", "X-1", "某政府", "2026-01-01", "2027-01-01"]], "utf-8")
    batch = directory_import("officers", "o.csv", content)
    assert batch.errors == [{"row": 2, "column": "所属机关", "reason": "不能为空"}]


def test_template_has_the_import_columns():
    sheets = read_xlsx(directory.template_xlsx("officers"))
    assert list(sheets["执法检查人员"][0]) == OFFICER_HEADER + ["回避单位"]
    assert list(sheets["回避"][0]) == CONFLICT_HEADER + ["申报日期"]
    assert list(read_xlsx(directory.template_xlsx("entities"))["检查对象"][0]) == ENTITY_HEADER


def test_progress_is_recorded_in_chunks(world, monkeypatch):
    monkeypatch.setattr(directory, "CHUNK", 3)
    seen = []
    rows = [ENTITY_HEADER[:4]] + [[uscc(100 + i), f"单位{i}", "企业", "230103"] for i in range(10)]
    batch = directory_import("entities", "a.xlsx", xlsx_bytes(("s", rows)),
                             progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 10), (6, 10), (9, 10), (10, 10)]
    assert (batch.created, batch.processed_rows, batch.total_rows) == (10, 10, 10)
    assert len({validate_uscc(r[0]) for r in rows[1:]}) == 10


# ---- the command ----------------------------------------------------------------------------------------
def test_command_import_with_progress_and_export(world, tmp_path):
    path = tmp_path / "名录.xlsx"
    path.write_bytes(entities_file())
    out, err = StringIO(), StringIO()
    call_command("directory", "import", "entities", str(path), "--agency", "hlj", "--user", "head",
                 "--errors", str(tmp_path / "errors.xlsx"), stdout=out, stderr=err)
    text = out.getvalue()
    assert "第3行 统一社会信用代码：校验码错误" in text
    assert "第10行 单位类别：单位类别“工厂”不在列表中" in text
    assert "新增 3，更新 0，未变 0，错误 7 处" in text
    assert "100%" in err.getvalue() and "10/10" in err.getvalue()
    report = read_xlsx((tmp_path / "errors.xlsx").read_bytes())["错误报告"]
    assert report[0] == ("行号", "列", "原因") and report[1] == (3, "统一社会信用代码", f"校验码错误：应为{uscc(2)[-1]}")
    batch = ImportBatch.objects.get()
    assert (batch.agency, batch.uploaded_by) == (world.agency, world.users["head"])
    out = StringIO()
    call_command("directory", "export", "entities", str(tmp_path / "out.xlsx"), "--risk", "A", stdout=out)
    assert "已导出 1 行" in out.getvalue()
    assert read_xlsx((tmp_path / "out.xlsx").read_bytes())["检查对象"][1][0] == GOOD_A[0]
    call_command("directory", "export", "officers", str(tmp_path / "o.xlsx"), stdout=StringIO())
    assert "回避" in read_xlsx((tmp_path / "o.xlsx").read_bytes())


def test_command_errors(world, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="不是有效的 XLSX"):
        call_command("directory", "import", "entities", str(bad), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("directory", "import", "entities", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="机关不存在"):
        call_command("directory", "import", "officers", str(bad), "--agency", "nope")
    with pytest.raises(CommandError, match=".xlsx"):
        call_command("directory", "export", "entities", str(tmp_path / "out.csv"))
    assert not ImportBatch.objects.exists()
