"""Properties of the parts that take arbitrary input or do arithmetic the law defines: the identifier validators,
the working-day calendar and the importers. What tests/core/test_identifiers.py and
tests/workdays/test_properties.py already state is not repeated here.

* identifiers (GB 32100-2015, GB 11643-1999): nothing but ``ValidationError`` for any input at all; normalising
  is idempotent; no single edit of a valid code (substitution by any character, insertion, deletion, adjacent
  transposition) is accepted as another code; every transposition within a USCC body is caught by the check
  character (3 has order 30 modulo 31, so the 17 weights are distinct);
* working days (行政许可法第八十二条, 民法典第二百零一条): the deadline grows with the number of days and with
  the start, n + m days are n days then m days, counting n working days back from the deadline gives the start,
  suspensions (行政许可法第四十五条) only ever delay the deadline and never end it on a suspended or rest day;
* importers (the 两库 directories, the holiday calendar, the discretion standards, article lists): arbitrary
  cell content never makes an import fail, every problem names its row and column, and importing the same file
  again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from fazhi.core import clock
from fazhi.core.demo.load import make_uscc, resident_id_with_check
from fazhi.core.identifiers import (
    USCC_ALPHABET,
    USCC_KINDS,
    is_valid_resident_id,
    is_valid_uscc,
    uscc_info,
    validate_resident_id,
    validate_uscc,
)
from fazhi.discretion.loader import parse_standard
from fazhi.inspection import directory
from fazhi.inspection.directory import ENTITY_COLUMNS, OFFICER_COLUMNS, directory_import
from fazhi.inspection.models import Entity, ImportBatch, Officer
from fazhi.norms.services import parse_articles
from fazhi.workdays.calendar import Exclusion, compute_deadline, day_status, parse_calendar_file

TODAY = dt.date(2026, 11, 2)
ANYTHING = st.one_of(st.text(), st.none(), st.integers(), st.floats(), st.binary(), st.booleans(),
                     st.lists(st.text(max_size=3), max_size=3), st.dates())
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
DB_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _frozen_today():
    with clock.frozen_today(TODAY):
        yield


# ---- identifiers ---------------------------------------------------------------------------------------------
AUTHORITY_KIND = st.sampled_from([a + k for a, kinds in USCC_KINDS.items() for k in kinds])
REGIONS = st.sampled_from(["100000", "110105", "230103", "440300", "650102", "810000", "230125"])
ORG_BODY = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)
USCCS = st.builds(make_uscc, AUTHORITY_KIND, REGIONS, ORG_BODY)
RIDS = st.builds(lambda region, birth, seq: resident_id_with_check(f"{region}{birth:%Y%m%d}{seq:03d}"),
                 st.sampled_from(["110105", "230103", "440300", "650102", "810000", "830000"]),
                 st.dates(dt.date(1900, 1, 1), TODAY), st.integers(0, 999))


def edits(code: str, last_swap: int):
    """A strategy of single edits of ``code``: (description, edited text); adjacent transpositions up to
    ``last_swap``."""
    n = len(code)
    chars = st.characters()
    return st.one_of(
        st.tuples(st.integers(0, n - 1), chars).map(lambda a: ("substitute", code[:a[0]] + a[1] + code[a[0] + 1:])),
        st.tuples(st.integers(0, n), chars).map(lambda a: ("insert", code[:a[0]] + a[1] + code[a[0]:])),
        st.integers(0, n - 1).map(lambda i: ("delete", code[:i] + code[i + 1:])),
        st.integers(0, last_swap).map(lambda i: ("transpose", code[:i] + code[i + 1] + code[i] + code[i + 2:])),
    )


def outcome(validate, value):
    """The normalised value, or None when refused: only ``ValidationError`` may come out."""
    try:
        return validate(value)
    except ValidationError:
        return None


class TestIdentifiers:
    @FUZZ
    @given(ANYTHING)
    def test_any_input_is_a_value_or_a_validation_error(self, value):
        for validate, is_valid in ((validate_uscc, is_valid_uscc), (validate_resident_id, is_valid_resident_id)):
            result = outcome(validate, value)
            assert is_valid(value) is (result is not None)
            if result is not None:
                assert outcome(validate, result) == result  # normalising is idempotent
        info = outcome(uscc_info, value)
        assert info is None or set(info) == {"authority", "kind", "region", "region_code", "organization_code"}

    @FUZZ
    @given(st.text(alphabet=USCC_ALPHABET + "0123456789 xX\u3000\ufeff", min_size=15, max_size=20))
    def test_near_miss_strings_never_crash(self, value):
        outcome(validate_uscc, value)
        outcome(validate_resident_id, value)
        outcome(uscc_info, value)

    @FUZZ
    @given(st.data())
    def test_no_single_edit_of_a_uscc_is_accepted_as_another_code(self, data):
        code = data.draw(USCCS)
        assert validate_uscc(code) == code
        # Not the last two characters: GB 32100's check character is not itself weighted, so swapping it with the
        # embedded GB 11714 check digit is caught only when one of the two checks happens to fail.
        kind, edited = data.draw(edits(code, last_swap=15))
        assume(edited != code)
        assert outcome(validate_uscc, edited) in (None, code), kind

    @FUZZ
    @given(USCCS, st.integers(0, 16), st.integers(0, 16))
    def test_every_transposition_in_a_uscc_body_is_caught(self, code, i, j):
        # GB 32100-2015 §5: weights 3^(i-1) mod 31 are distinct for i = 1…17, so swapping two different
        # characters always changes Σ mod 31.
        assume(i < j and code[i] != code[j])
        swapped = code[:i] + code[j] + code[i + 1:j] + code[i] + code[j + 1:]
        assert not is_valid_uscc(swapped)

    @FUZZ
    @given(st.data())
    def test_no_single_edit_of_a_resident_id_is_accepted_as_another_number(self, data):
        number = data.draw(RIDS)
        assert validate_resident_id(number) == number
        kind, edited = data.draw(edits(number, last_swap=16))
        assume(edited != number)
        # ISO 7064 MOD 11-2 (GB 11643-1999 §8.2) catches every substitution and every adjacent transposition.
        assert outcome(validate_resident_id, edited) in (None, number), kind


# ---- working days --------------------------------------------------------------------------------------------
STARTS = st.dates(min_value=dt.date(2003, 6, 1), max_value=dt.date(2027, 12, 31))
DAYS = st.integers(min_value=1, max_value=120)


def due(start, n, unit="workday", excluded=()):
    return compute_deadline(start, n, unit, excluded).due


def back(day: dt.date, n: int) -> dt.date:
    """Step back over ``n`` working days from ``day``: the day before the first of them that is a working day."""
    d = day
    for _ in range(n):
        d -= dt.timedelta(days=1)
        while not day_status(d).workday:
            d -= dt.timedelta(days=1)
    return d


def last_working_day_on_or_before(day: dt.date) -> dt.date:
    while not day_status(day).workday:
        day -= dt.timedelta(days=1)
    return day


@pytest.mark.django_db
class TestWorkingDays:
    @FUZZ
    @given(STARTS, DAYS, DAYS)
    def test_monotonic_in_the_number_of_days(self, start, n, m):
        assume(n < m)
        assert due(start, n) < due(start, m)
        assert due(start, n, "calendar") <= due(start, m, "calendar")

    @FUZZ
    @given(STARTS, STARTS, DAYS)
    def test_monotonic_in_the_start(self, a, b, n):
        early, late = min(a, b), max(a, b)
        assert due(early, n) <= due(late, n)
        assert due(early, n, "calendar") <= due(late, n, "calendar")

    @FUZZ
    @given(STARTS, DAYS, DAYS)
    def test_n_plus_m_working_days_are_n_then_m(self, start, n, m):
        assert due(due(start, n), m) == due(start, n + m)

    @FUZZ
    @given(STARTS, DAYS)
    def test_counting_back_from_the_deadline_gives_the_start(self, start, n):
        deadline = due(start, n)
        # The start itself when it is a working day; a rest day counts like the working day before it.
        assert back(deadline, n) == last_working_day_on_or_before(start)
        assert due(back(deadline, n), n) == deadline

    @FUZZ
    @given(STARTS, DAYS, st.integers(0, 60), st.integers(0, 60), st.sampled_from(["workday", "calendar"]))
    def test_a_suspension_only_delays_and_never_ends_on_a_suspended_or_rest_day(self, start, n, offset, length,
                                                                                 unit):
        pause = Exclusion(after=start + dt.timedelta(days=offset), until=start + dt.timedelta(days=offset + length),
                          reason="听证")
        plain = compute_deadline(start, n, unit)
        held = compute_deadline(start, n, unit, [pause])
        assert held.due >= plain.due
        assert day_status(held.due).workday
        assert not pause.covers(held.due)
        counted = [start + dt.timedelta(days=i) for i in range(1, (held.due - start).days + 1)]
        counted = [d for d in counted if not pause.covers(d)]
        if unit == "workday":
            # 行政许可法第四十五条: the suspended days do not count, the others count as before.
            assert sum(day_status(d).workday for d in counted) == n
        else:
            assert len(counted) >= n
        # An open suspension (not resumed yet) gives no date, and keeps the budget that is left.
        open_ = compute_deadline(start, n, unit, [Exclusion(after=pause.after, until=None, reason="检测")])
        if open_.due is not None:
            assert open_.due == due(start, n, unit) and open_.due <= pause.after
        else:
            assert 0 <= open_.remaining <= n


# ---- importers: the 两库 directories ---------------------------------------------------------------------------
ENTITY_HEADER = [c.zh for c in ENTITY_COLUMNS]
OFFICER_HEADER = [c.zh for c in OFFICER_COLUMNS]
VALID_ENTITY_CELLS = [
    st.sampled_from([make_uscc("91", "230100", f"MA{n:06d}") for n in range(1, 6)]),  # 统一社会信用代码
    st.sampled_from(["示例科技有限公司", "示例研究院"]),  # 单位名称
    st.sampled_from(["企业", "事业单位", "村/社区", "enterprise"]),  # 单位类别
    st.sampled_from(["230103", "230000", 230102]),  # 行政区划代码
    st.sampled_from(["A", "B", "c", "", None]),  # 信用风险分类
    st.sampled_from(["哈尔滨市南岗区1号", ""]),
    st.sampled_from(["张三", None]),
    st.sampled_from(["0451-1111111", ""]),
    st.sampled_from(["存续", "注销", "", None]),
]
VALID_OFFICER_CELLS = [
    st.sampled_from(["周执法", "吴执法"]),  # 姓名
    st.sampled_from(["23010001", "23010002", "黑档执-0003"]),  # 执法证号
    st.sampled_from(["黑龙江省人民政府"]),  # 发证机关
    st.sampled_from(["2024-01-01", dt.date(2025, 3, 1), "2025年1月5日", 45000]),  # 有效期起
    st.sampled_from(["2029-12-31", dt.date(2030, 1, 1), 20301231]),  # 有效期至
    st.sampled_from(["hlj", "黑龙江省档案局", "", None]),  # 所属机关
    st.sampled_from(["法规处", ""]),  # 处室
    st.sampled_from(["有效", "", None]),  # 证件状态
    st.sampled_from(["", None]),  # 回避单位
]


def any_cell(for_xlsx: bool):
    text = st.text(max_size=30)
    if for_xlsx:  # what a spreadsheet can hold: no control characters; "=…" would be a formula
        text = text.map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)).filter(lambda s: not s.startswith("="))
    return st.one_of(st.none(), text, st.integers(-10**12, 10**12), st.booleans(),
                     st.floats(allow_nan=False, allow_infinity=False, width=32),
                     st.dates(dt.date(1900, 3, 1), dt.date(2200, 1, 1)))


def rows_of(valid_cells, for_xlsx: bool):
    """Rows of plausible cells, up to three of them replaced by arbitrary ones: some rows import, some do not."""
    def spoil(args):
        row, replacements = args
        row = list(row)
        for i, value in replacements:
            row[i % len(row)] = value
        return row

    rows = st.tuples(st.tuples(*valid_cells), st.lists(st.tuples(st.integers(0, 99), any_cell(for_xlsx)), max_size=3))
    return st.lists(rows.map(spoil), max_size=8)


def xlsx_file(header, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_file(header, rows) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for row in rows:
        w.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def non_empty(rows, for_xlsx: bool) -> int:
    """Rows the importer reads as not empty (it skips empty ones silently); a CSV holds every cell as text."""
    def cell(v):
        return v if for_xlsx or v is None else str(v)
    return sum(1 for r in rows if any(directory._text(cell(v)) != "" for v in r))


def snapshot(model):
    return sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))


def check_batch(batch, header, rows, for_xlsx):
    assert batch.status == ImportBatch.Status.DONE, batch.message
    for e in batch.errors:
        assert set(e) == {"row", "column", "reason"}, e
        assert 2 <= e["row"] <= len(rows) + 1
        assert e["column"] in header
        assert isinstance(e["reason"], str) and e["reason"].strip()
    bad_rows = {e["row"] for e in batch.errors}
    assert batch.created + batch.updated + batch.unchanged + len(bad_rows) == non_empty(rows, for_xlsx)


@pytest.mark.django_db
class TestDirectoryImport:
    @pytest.fixture(autouse=True)
    def _agency(self, world):
        self.agency = world.agency
        self.head = world.users["head"]

    def roundtrip(self, kind, header, rows, for_xlsx, model):
        model.objects.all().delete()
        name, content = ("名录.xlsx", xlsx_file(header, rows)) if for_xlsx else ("名录.csv", csv_file(header, rows))
        try:
            first = directory_import(kind, name, content, actor=self.head, agency=self.agency)
        except ValidationError as e:
            # Only a CSV can be refused as a whole here (a NUL makes it "not a text file").
            assert not for_xlsx and any("\x00" in str(v) for r in rows for v in r), e.messages
            return
        check_batch(first, header, rows, for_xlsx)
        event(f"rows imported: {'some' if first.created else 'none'}; rows refused: {'some' if first.errors else 'none'}")
        before = snapshot(model)
        again = directory_import(kind, name, content, actor=self.head, agency=self.agency)
        check_batch(again, header, rows, for_xlsx)
        assert (again.created, again.updated) == (0, 0)
        assert again.unchanged == first.created + first.updated + first.unchanged
        assert again.errors == first.errors
        assert snapshot(model) == before  # nothing written, not even updated_at

    @DB_FUZZ
    @given(rows_of(VALID_ENTITY_CELLS, for_xlsx=True))
    def test_entities_xlsx(self, rows):
        self.roundtrip("entities", ENTITY_HEADER, rows, True, Entity)

    @DB_FUZZ
    @given(rows_of(VALID_ENTITY_CELLS, for_xlsx=False))
    def test_entities_csv(self, rows):
        self.roundtrip("entities", ENTITY_HEADER, rows, False, Entity)

    @DB_FUZZ
    @given(rows_of(VALID_OFFICER_CELLS, for_xlsx=True))
    def test_officers_xlsx(self, rows):
        self.roundtrip("officers", OFFICER_HEADER, rows, True, Officer)

    @DB_FUZZ
    @given(rows_of(VALID_OFFICER_CELLS, for_xlsx=False))
    def test_officers_csv(self, rows):
        self.roundtrip("officers", OFFICER_HEADER, rows, False, Officer)

    @DB_FUZZ
    @given(st.binary(max_size=300), st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a.xls", "a"]),
           st.sampled_from(["entities", "officers"]))
    def test_any_bytes_are_imported_or_refused_whole(self, content, name, kind):
        try:
            batch = directory_import(kind, name, content, actor=self.head, agency=self.agency)
        except ValidationError as e:
            assert e.messages and all(m.strip() for m in e.messages)
            return
        assert batch.status == ImportBatch.Status.DONE, batch.message


# ---- importers: the holiday calendar, the discretion standards, article lists -------------------------------
CAL_KINDS = st.sampled_from(["holiday", "workday", "休", "班", "x", ""])
DAYS_2027 = st.dates(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
CAL_GOOD = st.one_of(
    st.tuples(DAYS_2027.map(str), st.sampled_from(["holiday", "休"]), st.sampled_from(["春节", "国庆节", "元旦"])),
    st.tuples(DAYS_2027.filter(lambda d: d.weekday() >= 5).map(str), st.sampled_from(["workday", "班"]),
              st.sampled_from(["", "春节调休上班"])),
)
CAL_ANY = st.tuples(st.one_of(st.dates(dt.date(2026, 12, 1), dt.date(2028, 1, 31)).map(str), st.text(max_size=12)),
                    CAL_KINDS, st.text(max_size=8))
CAL_LINES = st.lists(st.one_of(CAL_GOOD, CAL_GOOD, CAL_GOOD, CAL_ANY), max_size=10)


@pytest.mark.django_db
class TestOtherImporters:
    @FUZZ
    @given(st.binary(max_size=400), st.sampled_from(["c.csv", "c.json", "c", "c.txt"]))
    def test_calendar_any_bytes(self, content, name):
        try:
            holidays, workdays = parse_calendar_file(2027, content, name)
        except ValidationError as e:
            assert e.messages
            return
        assert all(d.year == 2027 for d, _n in holidays + workdays)

    @FUZZ
    @given(CAL_LINES)
    def test_calendar_csv_lines_are_accepted_or_reported_by_line(self, lines):
        out = io.StringIO()
        w = csv.writer(out)
        w.writerow(["date", "kind", "name"])
        w.writerows(lines)
        try:
            holidays, workdays = parse_calendar_file(2027, out.getvalue().encode(), "c.csv")
        except ValidationError as e:
            for m in e.messages:
                assert re.match(r"第\d+行|文件中没有任何", m), m
            event("refused")
            return
        event("accepted")
        assert holidays and all(d.year == 2027 and n for d, n in holidays)
        assert all(d.weekday() >= 5 for d, _n in workdays)  # 调休上班 only on weekends
        # A valid file re-read gives the same days (idempotent).
        again = io.StringIO()
        w = csv.writer(again)
        w.writerow(["date", "kind", "name"])
        w.writerows([(d.isoformat(), "holiday", n) for d, n in holidays] + [(d.isoformat(), "workday", n)
                                                                         for d, n in workdays])
        assert parse_calendar_file(2027, again.getvalue().encode(), "c.csv") == (holidays, workdays)

    @FUZZ
    @given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=12), c, max_size=5),
                        max_leaves=25))
    def test_discretion_standard_any_json(self, data):
        try:
            parse_standard(data)
        except ValidationError as e:
            assert e.messages

    @FUZZ
    @given(st.one_of(st.text(max_size=30), st.lists(st.one_of(st.text(max_size=8), st.integers()), max_size=4),
                     st.none(), st.integers()))
    def test_article_lists_any_text(self, raw):
        try:
            out = parse_articles(raw)
        except ValidationError as e:
            assert e.messages
            return
        assert out == sorted(set(out)) and all(1 <= a <= 999 for a in out)

    @FUZZ
    @given(st.sets(st.integers(1, 999), max_size=8), st.sampled_from(["、", ",", "，", " ", "；"]))
    def test_article_lists_round_trip(self, articles, sep):
        assert parse_articles(sep.join(str(a) for a in articles)) == sorted(articles)
        assert parse_articles(sep.join(f"第{_cn(a)}条" for a in articles)) == sorted(articles)


def _cn(n: int) -> str:
    """Chinese numerals as laws write article numbers (第一百零三条, 第二十条, 第十二条)."""
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


def test_cn_helper():
    assert [_cn(n) for n in (1, 10, 12, 20, 103, 110, 999)] == ["一", "十", "十二", "二十", "一百零三", "一百一十",
                                                                "九百九十九"]
