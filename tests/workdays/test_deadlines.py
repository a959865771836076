"""Day counting against the calendar the data migration seeds (chinesecalendar 2004–2026)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.workdays.calendar import (
    Exclusion,
    Skipped,
    compute_deadline,
    day_status,
    remaining_workdays,
)
from fazhi.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db

D = date


def test_migration_seeded_every_chinesecalendar_year():
    assert list(CalendarYear.objects.order_by("year").values_list("year", flat=True)) == list(range(2004, 2027))
    assert set(CalendarYear.objects.values_list("source", flat=True)) == {"chinesecalendar"}
    assert SpecialDay.objects.get(date=D(2018, 2, 24)).kind == "workday"
    assert SpecialDay.objects.get(date=D(2018, 2, 24)).name == "春节调休上班"


# ---- day_status -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "d, workday, reason",
    [
        (D(2018, 2, 14), True, "工作日"),
        (D(2018, 2, 15), False, "春节"),  # Thursday, 除夕 off
        (D(2018, 2, 17), False, "春节"),  # Saturday inside the block: the holiday's name, not 周六
        (D(2018, 2, 21), False, "春节"),
        (D(2018, 2, 22), True, "工作日"),
        (D(2018, 2, 11), True, "调休上班（周日）"),
        (D(2018, 2, 24), True, "调休上班（周六）"),
        (D(2018, 3, 3), False, "周六"),
        (D(2018, 3, 4), False, "周日"),
        (D(2024, 10, 1), False, "国庆节"),
        (D(2024, 10, 12), True, "调休上班（周六）"),
        (D(2025, 10, 6), False, "中秋节"),  # 2025: 中秋 inside the 国庆 block
        (D(2025, 10, 8), False, "国庆节"),
        (D(2025, 9, 28), True, "调休上班（周日）"),
        (D(2020, 2, 2), False, "春节"),  # 2020 Spring Festival extended to 2 Feb (国办发明电〔2020〕1号)
        (D(2015, 9, 3), False, "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
        (D(2015, 9, 6), True, "调休上班（周日）"),
        (D(2011, 6, 5), False, "端午节"),  # weekend gap chinesecalendar leaves inside 端午节 2011-06-04..06
        (D(2026, 2, 23), False, "春节"),
        (D(2026, 2, 28), True, "调休上班（周六）"),
    ],
)
def test_day_status_loaded_years(d, workday, reason):
    st = day_status(d)
    assert (st.workday, st.reason, st.provisional) == (workday, reason, False)


def test_day_status_unloaded_year_is_weekends_only_and_provisional():
    assert day_status(D(2027, 1, 1)).workday is True  # 元旦 2027, but no calendar loaded yet
    assert day_status(D(2027, 1, 1)).provisional is True
    assert day_status(D(2027, 1, 2)).reason == "周六"
    assert day_status(D(2027, 1, 2)).workday is False
    assert day_status(D(2003, 10, 1)).provisional is True


# ---- working-day periods --------------------------------------------------------------------------------
def test_2018_spring_festival_skips_the_holiday_block():
    # Friday 9 Feb 2018, 5 working days: Sat 10 off, Sun 11 is a make-up working day, 15–21 Spring Festival.
    dl = compute_deadline(D(2018, 2, 9), 5, "workday")
    assert dl.due == D(2018, 2, 22)
    assert dl.provisional is False
    assert dl.counted == 5 and dl.remaining == 0
    assert dl.skipped == [Skipped(D(2018, 2, 10), "周六")] + [
        Skipped(D(2018, 2, d), "春节") for d in range(15, 22)
    ]


def test_2018_makeup_saturday_counts_as_a_working_day():
    assert compute_deadline(D(2018, 2, 22), 2, "workday").due == D(2018, 2, 24)
    dl = compute_deadline(D(2018, 2, 22), 3, "workday")
    assert dl.due == D(2018, 2, 26)
    assert dl.skipped == [Skipped(D(2018, 2, 25), "周日")]


def test_20_working_days_across_national_day_2025():
    dl = compute_deadline(D(2025, 9, 26), 20, "workday")
    assert dl.due == D(2025, 10, 30)
    reasons = {s.date: s.reason for s in dl.skipped}
    assert D(2025, 9, 28) not in reasons  # make-up Sunday counted
    assert D(2025, 10, 11) not in reasons  # make-up Saturday counted
    assert reasons[D(2025, 9, 27)] == "周六"
    assert [reasons[D(2025, 10, d)] for d in range(1, 9)] == ["国庆节"] * 5 + ["中秋节"] + ["国庆节"] * 2
    assert reasons[D(2025, 10, 12)] == "周日"
    assert len(dl.skipped) == 1 + 8 + 1 + 2 + 2  # 9/27; 10/1–8; 10/12; 10/18–19; 10/25–26


def test_20_working_days_across_national_day_2024():
    dl = compute_deadline(D(2024, 9, 27), 20, "workday")
    assert dl.due == D(2024, 10, 30)
    assert Skipped(D(2024, 10, 7), "国庆节") in dl.skipped
    assert all(s.date not in (D(2024, 9, 29), D(2024, 10, 12)) for s in dl.skipped)


def test_zero_days_is_the_start_day_and_negative_is_an_error():
    assert compute_deadline(D(2025, 10, 1), 0, "workday").due == D(2025, 10, 1)
    assert compute_deadline(D(2025, 10, 1), 0, "calendar").due == D(2025, 10, 1)
    with pytest.raises(ValueError):
        compute_deadline(D(2025, 10, 1), -1, "workday")
    with pytest.raises(ValueError):
        compute_deadline(D(2025, 10, 1), 3, "fortnight")


def test_start_day_is_not_counted():
    # 民法典 art. 201: Monday + 1 working day = Tuesday.
    assert compute_deadline(D(2025, 3, 3), 1, "workday").due == D(2025, 3, 4)
    assert compute_deadline(D(2025, 3, 3), 1, "calendar").due == D(2025, 3, 4)


# ---- calendar-day periods (民法典 art. 203) --------------------------------------------------------------
def test_calendar_days_ending_on_a_holiday_move_to_the_next_working_day():
    dl = compute_deadline(D(2025, 9, 24), 7, "calendar")  # last day 1 Oct 2025
    assert dl.due == D(2025, 10, 9)
    assert [s.date for s in dl.skipped] == [D(2025, 10, d) for d in range(1, 9)]
    assert dl.skipped[5] == Skipped(D(2025, 10, 6), "中秋节")
    assert dl.counted == 7


def test_calendar_days_ending_on_a_saturday_move_to_monday():
    dl = compute_deadline(D(2025, 3, 1), 7, "calendar")  # last day Sat 8 Mar 2025
    assert dl.due == D(2025, 3, 10)
    assert dl.skipped == [Skipped(D(2025, 3, 8), "周六"), Skipped(D(2025, 3, 9), "周日")]


def test_calendar_days_count_rest_days_in_between_and_end_on_a_makeup_saturday():
    dl = compute_deadline(D(2025, 10, 4), 7, "calendar")  # last day Sat 11 Oct 2025, a make-up working day
    assert dl.due == D(2025, 10, 11)
    assert dl.skipped == []


# ---- suspensions -----------------------------------------------------------------------------------------
def test_suspension_pauses_and_resumes():
    start = D(2025, 3, 3)  # Monday
    assert compute_deadline(start, 10, "workday").due == D(2025, 3, 17)
    hearing = Exclusion(after=D(2025, 3, 5), until=D(2025, 3, 12), reason="听证")
    dl = compute_deadline(start, 10, "workday", [hearing])
    # Counted 4, 5 Mar; paused 6–12 Mar; counting resumes 13 Mar.
    assert dl.due == D(2025, 3, 24)
    assert [s for s in dl.skipped if s.reason == "中止：听证"] == [
        Skipped(D(2025, 3, d), "中止：听证") for d in range(6, 13)
    ]
    assert Skipped(D(2025, 3, 15), "周六") in dl.skipped


def test_reason_already_prefixed_is_not_doubled():
    dl = compute_deadline(D(2025, 3, 3), 3, "workday", [Exclusion(D(2025, 3, 3), D(2025, 3, 4), "中止：检验")])
    assert dl.skipped == [Skipped(D(2025, 3, 4), "中止：检验")]


def test_still_suspended_has_no_due_date_and_keeps_the_remaining_budget():
    dl = compute_deadline(D(2025, 3, 3), 10, "workday", [Exclusion(D(2025, 3, 5), None, "专家评审")])
    assert dl.due is None
    assert dl.counted == 2
    assert dl.remaining == 8


def test_suspension_that_ends_before_the_period_changes_nothing_and_calendar_unit_skips_it():
    early = Exclusion(after=D(2025, 1, 1), until=D(2025, 2, 1), reason="检测")
    assert compute_deadline(D(2025, 3, 3), 10, "workday", [early]).due == D(2025, 3, 17)
    test = Exclusion(after=D(2025, 3, 5), until=D(2025, 3, 9), reason="检测")
    dl = compute_deadline(D(2025, 3, 3), 5, "calendar", [test])
    # Counted 4, 5; paused 6–9; counted 10, 11, 12.
    assert dl.due == D(2025, 3, 12)
    assert [s.reason for s in dl.skipped] == ["中止：检测"] * 4


def test_bad_exclusion_is_rejected():
    with pytest.raises(ValueError):
        compute_deadline(D(2025, 3, 3), 5, "workday", [Exclusion(D(2025, 3, 9), D(2025, 3, 5), "x")])


# ---- provisional -----------------------------------------------------------------------------------------
def test_period_reaching_an_unloaded_year_is_provisional():
    dl = compute_deadline(D(2026, 12, 28), 10, "workday")
    assert dl.provisional is True
    assert dl.due == D(2027, 1, 11)  # weekends only: 1 Jan 2027 counted
    assert compute_deadline(D(2026, 12, 1), 5, "workday").provisional is False


# ---- remaining working days ------------------------------------------------------------------------------
def test_remaining_workdays():
    due = D(2025, 10, 10)  # Friday after the National Day week
    assert remaining_workdays(D(2025, 10, 10), due) == 0
    assert remaining_workdays(D(2025, 10, 9), due) == 1
    assert remaining_workdays(D(2025, 9, 30), due) == 2  # 1–8 Oct are holidays
    assert remaining_workdays(D(2025, 9, 26), due) == 5  # 9/28 (make-up), 9/29, 9/30, 10/9, 10/10
    assert remaining_workdays(D(2025, 10, 13), due) == -2  # Sat 11 is a make-up working day
    assert remaining_workdays(D(2025, 10, 12), due) == -1
    # Overdue over a weekend: no working day has passed yet (the caller tells overdue by today > due).
    assert remaining_workdays(D(2025, 3, 8), D(2025, 3, 7)) == 0
    assert remaining_workdays(D(2025, 3, 10), D(2025, 3, 7)) == -1
    assert remaining_workdays(D(2025, 3, 11), D(2025, 3, 7)) == -2
