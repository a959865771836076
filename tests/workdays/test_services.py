"""Loading a year, seeding from chinesecalendar, parsing calendar files."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.core.models import AuditEvent
from fazhi.workdays.calendar import (
    calendar_load_year,
    calendar_seed_from_chinesecalendar,
    chinesecalendar_data,
    compute_deadline,
    day_status,
    parse_calendar_file,
)
from fazhi.workdays.models import CalendarYear, SpecialDay
from fazhi.workdays.signals import calendar_year_loaded

pytestmark = pytest.mark.django_db

D = date

HOLIDAYS_2027 = [(D(2027, 1, 1), "元旦"), (D(2027, 1, 2), "元旦"), (D(2027, 1, 3), "元旦")]
WORKDAYS_2027 = [(D(2027, 2, 20), "春节调休上班")]


@pytest.fixture
def received():
    calls = []

    def receiver(sender, year, **kwargs):
        # Receivers see the new calendar already (the cache was cleared before sending).
        calls.append((year, day_status(D(year, 1, 1)).provisional))

    calendar_year_loaded.connect(receiver, dispatch_uid="test-receiver")
    yield calls
    calendar_year_loaded.disconnect(dispatch_uid="test-receiver")


def test_loading_2027_makes_deadlines_final_and_sends_the_signal(sysadmin, received):
    before = compute_deadline(D(2026, 12, 28), 10, "workday")
    assert before.provisional is True
    assert before.due == D(2027, 1, 11)

    row = calendar_load_year(year=2027, holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027, actor=sysadmin,
                             note="国办发明电〔2026〕X号")
    assert row.source == "admin" and row.loaded_by == sysadmin
    assert received == [(2027, False)]

    after = compute_deadline(D(2026, 12, 28), 10, "workday")
    assert after.provisional is False
    assert after.due == D(2027, 1, 12)  # 1 Jan 2027 is now a holiday
    assert day_status(D(2027, 1, 1)).reason == "元旦"
    assert day_status(D(2027, 2, 20)).reason == "调休上班（周六）"

    event = AuditEvent.objects.get(action="calendar.load", object_id="2027")
    assert event.actor == sysadmin
    assert event.object_type == "calendar_year"
    assert event.detail["holidays"] == 3 and event.detail["workdays"] == 1
    assert event.detail["replaced"] is False


def test_reloading_replaces_the_year(received):
    calendar_load_year(year=2027, holidays=HOLIDAYS_2027, workdays=WORKDAYS_2027)
    calendar_load_year(year=2027, holidays=[(D(2027, 10, 1), "国庆节")], workdays=[])
    assert list(SpecialDay.objects.filter(year_id=2027).values_list("date", "name")) == [(D(2027, 10, 1), "国庆节")]
    assert day_status(D(2027, 1, 1)).workday is True
    assert day_status(D(2027, 10, 1)).workday is False
    assert AuditEvent.objects.filter(action="calendar.load").latest("id").detail["replaced"] is True
    assert [y for y, _ in received] == [2027, 2027]


@pytest.mark.parametrize(
    "holidays, workdays, message",
    [
        ([(D(2026, 12, 31), "元旦")], [], "不在 2027 年内"),
        ([(D(2027, 1, 1), "元旦")], [(D(2027, 1, 4), "调休")], "调休上班日只能安排在周末"),
        ([(D(2027, 1, 2), "元旦")], [(D(2027, 1, 2), "调休")], "既是放假日又是调休上班日"),
        ([(D(2027, 1, 1), "")], [], "须填写名称"),
        ([(D(2027, 1, 1), "元旦"), (D(2027, 1, 1), "元旦")], [], "重复"),
        ([], [(D(2027, 2, 20), "调休")], "没有任何放假日"),
    ],
)
def test_bad_input_is_rejected_and_changes_nothing(holidays, workdays, message, received):
    before = list(SpecialDay.objects.order_by("date").values_list("date", "kind", "name"))
    with pytest.raises(ValidationError) as exc:
        calendar_load_year(year=2027, holidays=holidays, workdays=workdays)
    assert any(message in m for m in exc.value.messages), exc.value.messages
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert list(SpecialDay.objects.order_by("date").values_list("date", "kind", "name")) == before
    assert not AuditEvent.objects.filter(action="calendar.load").exists()
    assert received == []


def test_bad_reload_keeps_the_existing_year():
    with pytest.raises(ValidationError):
        calendar_load_year(year=2018, holidays=[(D(2018, 2, 24), "春节")], workdays=[(D(2018, 2, 24), "x")])
    assert SpecialDay.objects.get(date=D(2018, 2, 24)).kind == "workday"
    assert CalendarYear.objects.get(year=2018).source == "chinesecalendar"


def test_holiday_on_a_weekend_is_allowed():
    calendar_load_year(year=2027, holidays=[(D(2027, 1, 2), "元旦")], workdays=[])
    assert day_status(D(2027, 1, 2)).reason == "元旦"


def test_rolled_back_load_does_not_stay_in_the_cache():
    assert day_status(D(2027, 1, 1)).provisional is True
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_load_year(year=2027, holidays=HOLIDAYS_2027, workdays=[])
        assert day_status(D(2027, 1, 1)).workday is False
        raise RuntimeError("roll back")
    assert day_status(D(2027, 1, 1)).workday is True
    assert day_status(D(2027, 1, 1)).provisional is True


# ---- chinesecalendar -----------------------------------------------------------------------------------
def test_chinesecalendar_data_is_translated():
    data = chinesecalendar_data([2018, 2025])
    hol18, wd18 = data[2018]
    names = {n for _, n in hol18}
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}
    assert (D(2018, 2, 24), "春节调休上班") in wd18
    assert [d for d, n in hol18 if n == "春节"] == [D(2018, 2, d) for d in range(15, 22)]
    national_2018 = [d for d, n in hol18 if n == "国庆节"]
    assert national_2018 == [D(2018, 10, d) for d in range(1, 8)]
    assert {d for d, _ in wd18} >= {D(2018, 9, 29), D(2018, 9, 30)}
    hol25, wd25 = data[2025]
    assert [d for d, _ in hol25 if D(2025, 10, 1) <= d <= D(2025, 10, 8)] == [D(2025, 10, d) for d in range(1, 9)]
    assert {d for d, _ in wd25} == {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)}
    with pytest.raises(ValueError):
        chinesecalendar_data([2027])


def test_seed_is_idempotent_and_keeps_admin_years(sysadmin):
    assert calendar_seed_from_chinesecalendar() == []
    assert not AuditEvent.objects.filter(action="calendar.load").exists()

    calendar_load_year(year=2019, holidays=[(D(2019, 1, 1), "元旦")], workdays=[], actor=sysadmin)
    SpecialDay.objects.filter(date=D(2018, 2, 24)).delete()
    assert calendar_seed_from_chinesecalendar() == [2018]
    assert SpecialDay.objects.get(date=D(2018, 2, 24)).name == "春节调休上班"
    assert CalendarYear.objects.get(year=2019).source == "admin"  # an administrator's correction is kept
    assert calendar_seed_from_chinesecalendar(force=True) == [2019]
    assert CalendarYear.objects.get(year=2019).source == "chinesecalendar"
    assert calendar_seed_from_chinesecalendar() == []


def test_seed_after_a_wiped_calendar_restores_everything():
    CalendarYear.objects.all().delete()
    assert SpecialDay.objects.count() == 0
    assert calendar_seed_from_chinesecalendar() == list(range(2004, 2027))
    assert compute_deadline(D(2025, 9, 26), 20, "workday").due == D(2025, 10, 30)


# ---- files ------------------------------------------------------------------------------------------------
CSV_2027 = "\ufeffdate,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,休,春节\n\n2027-02-20,班,\n"


def test_parse_csv_with_bom_and_chinese_kinds():
    holidays, workdays = parse_calendar_file(2027, CSV_2027.encode("utf-8"), "2027.csv")
    assert holidays == [(D(2027, 1, 1), "元旦"), (D(2027, 2, 6), "春节")]
    assert workdays == [(D(2027, 2, 20), "调休上班")]


def test_parse_csv_reports_every_bad_line_with_its_number():
    content = (
        "date,kind,name\n"
        "2027-01-01,holiday,元旦\n"
        "2027/01/02,holiday,元旦\n"
        "2027-02-30,holiday,春节\n"
        "2027-01-04,workday,调休\n"
        "2026-12-31,holiday,元旦\n"
        "2027-01-01,holiday,元旦\n"
        "2027-01-05,vacation,x\n"
        "2027-01-06\n"
    ).encode()
    with pytest.raises(ValidationError) as exc:
        parse_calendar_file(2027, content, "x.csv")
    msgs = exc.value.messages
    assert "第3行：日期格式不正确，应为 YYYY-MM-DD" in msgs
    assert "第4行：日期 2027-02-30 不存在" in msgs
    assert any(m.startswith("第5行：") and "周末" in m for m in msgs)
    assert "第6行：日期 2026-12-31 不在 2027 年内" in msgs
    assert "第7行：日期 2027-01-01 与第2行重复" in msgs
    assert any(m.startswith("第8行：类型应为") for m in msgs)
    assert any(m.startswith("第9行：应有 3 列") for m in msgs)


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"", "x.csv", "文件为空"),
        ("date,kind,name\n2027-01-01,holiday,元旦\n".encode("gbk"), "x.csv", "UTF-8"),
        (b"day,type\n2027-01-01,holiday\n", "x.csv", "第1行：表头应为"),
        (b"date,kind,name\n", "x.csv", "没有任何 2027 年的放假日"),
        (b"PK\x03\x04", "x.xlsx", "仅支持 CSV 或 JSON"),
        (b"{not json", "x.json", "JSON 格式错误"),
        (b"[1, 2]", "x.json", "JSON 顶层应为对象"),
    ],
)
def test_parse_rejects_bad_files(content, filename, message):
    with pytest.raises(ValidationError) as exc:
        parse_calendar_file(2027, content, filename)
    assert any(message in m for m in exc.value.messages), exc.value.messages


def test_parse_json():
    content = json.dumps(
        {
            "holidays": [{"date": "2027-01-01", "name": "元旦"}, {"date": "2027-10-01", "name": "国庆节"}],
            "workdays": [{"date": "2027-02-20", "name": "春节调休上班"}, "2027-09-26"],
        },
        ensure_ascii=False,
    ).encode()
    holidays, workdays = parse_calendar_file(2027, content, "2027.json")
    assert holidays == [(D(2027, 1, 1), "元旦"), (D(2027, 10, 1), "国庆节")]
    assert workdays == [(D(2027, 2, 20), "春节调休上班"), (D(2027, 9, 26), "调休上班")]


def test_parse_json_item_errors():
    content = json.dumps(
        {"year": 2027, "holidays": [{"date": "2027-01-01"}, {"date": "01/02/2027", "name": "元旦"}],
         "workdays": [{"date": "2027-01-01", "name": "x"}]}
    ).encode()
    with pytest.raises(ValidationError) as exc:
        parse_calendar_file(2027, content, "2027.json")
    msgs = exc.value.messages
    assert any(m.startswith("holidays 第1项：") and "名称" in m for m in msgs)
    assert "holidays 第2项：日期格式不正确，应为 YYYY-MM-DD" in msgs
    assert any(m.startswith("workdays 第1项：") for m in msgs)
