"""Every clock of a disclosure request (domain.md: 政府信息公开条例 2019): the receipt date by channel (第三十一条),
the correction notice within 7 working days (第三十条) and the reply clock restarted from the corrected request, the
requester's correction period and the deemed abandonment, the 20-working-day reply clock (第三十三条第二款) paused
for the 15 working days of a third-party consultation (第三十二条, 第三十三条第三款) and extended once by 20."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.process.models import Clock
from fazhi.process.selectors import inbox
from fazhi.process.services import clocks_tick
from fazhi.workdays.calendar import Exclusion, compute_deadline
from tests.disclosure.conftest import clock, docx_text, file_online, fire, ok, register

MON = dt.date(2026, 11, 2)  # the `today` fixture


def wd(start: dt.date, n: int, excluded=()) -> dt.date:
    return compute_deadline(start, n, "workday", excluded).due


def test_the_calendar_these_tests_assume(db, today):
    # November 2026 has no holiday: 7 and 20 working days from Monday 2 November.
    assert wd(MON, 7) == dt.date(2026, 11, 11)
    assert wd(MON, 20) == dt.date(2026, 11, 30)


# ---- receipt (第三十一条) ------------------------------------------------------------------------------------
def test_online_request_counts_from_the_clerks_confirmation(world, today):
    r, case = file_online(world.users["citizen"])
    assert r.status_code == 201, r.content
    assert r.json()["number"].startswith("HLJ-GK2026-")
    assert case.state == "submitted" and case.channel == "online"
    assert not case.clocks.exists(), "no clock runs before the agency confirms receipt (第三十一条第（三）项)"
    assert case in inbox(world.users["clerk"])
    assert case not in inbox(world.users["legal"])

    sysclock.set_today(dt.date(2026, 11, 4))
    r = fire(world.users["clerk"], case, "confirm_receipt", confirmed_on="2026-11-05")
    assert r.status_code == 400 and "confirmed_on" in r.json()["fields"]
    r = fire(world.users["clerk"], case, "confirm_receipt", confirmed_on="2026-11-01")
    assert r.status_code == 400 and "网上提交日期" in r.json()["message"]
    assert fire(world.users["legal"], case, "confirm_receipt").status_code == 409
    ok(world.users["clerk"], case, "confirm_receipt", confirmed_on="2026-11-03")
    assert case.state == "received"
    assert case.received_on == dt.date(2026, 11, 3) and case.submitted_on == dt.date(2026, 11, 3)
    assert case.data["submitted_online_on"] == "2026-11-02"
    assert "第三十一条第（三）项" in case.data["receipt_rule"]
    correction, reply = clock(case, "correction"), clock(case, "reply")
    assert correction.started_on == reply.started_on == dt.date(2026, 11, 3)
    assert correction.due == wd(dt.date(2026, 11, 3), 7) and correction.unit == "workday"
    assert reply.due == wd(dt.date(2026, 11, 3), 20) and reply.budget == 20
    assert "第三十三条第二款" in reply.legal_basis and "第三十条" in correction.legal_basis
    event = case.events.get(transition="confirm_receipt")
    assert event.public and event.data["received_on"] == "2026-11-03"


def test_confirmation_defaults_to_today(confirmed):
    assert confirmed.received_on == MON and clock(confirmed, "reply").due == wd(MON, 20)


def test_staff_registration_starts_the_clocks_from_the_real_receipt_date(world, today):
    case = register(world.users["clerk"], channel="post", received_on=dt.date(2026, 10, 30))
    assert case.state == "received" and case.received_on == dt.date(2026, 10, 30)
    assert clock(case, "reply").started_on == dt.date(2026, 10, 30)
    assert clock(case, "reply").due == wd(dt.date(2026, 10, 30), 20)
    assert clock(case, "correction").due == wd(dt.date(2026, 10, 30), 7)
    assert "第三十一条第（二）项" in case.data["receipt_rule"] and "签收" in case.data["receipt_rule"]
    assert [e.transition for e in case.events.all()] == ["open", "register_receipt"]
    counter = register(world.users["clerk"], channel="counter")
    assert counter.received_on == MON and "第三十一条第（一）项" in counter.data["receipt_rule"]
    fax = register(world.users["clerk"], channel="fax", received_on=dt.date(2026, 10, 29))
    assert "传真" in fax.data["receipt_rule"] and "双方确认" in fax.data["receipt_rule"]
    # The receipt the API returns shows the state after the receipt was registered.
    from tests.disclosure.conftest import PAPER_PARTY, client, post

    r = post(client(world.users["clerk"]), "/api/v1/requests",
             {"kind": "disclosure", "fields": {"description": "某文件", "form": "paper", "way": "post"},
              "channel": "visit", "party": PAPER_PARTY})
    assert r.status_code == 201 and r.json()["state"] == "received"


def test_staff_registration_bad_dates_and_channels(world, today):
    from tests.disclosure.conftest import PAPER_PARTY, client, post

    c = client(world.users["clerk"])
    base = {"kind": "disclosure", "fields": {"description": "某文件", "form": "paper", "way": "post"},
            "party": PAPER_PARTY}
    r = post(c, "/api/v1/requests", {**base, "channel": "post", "received_on": "2026-11-03"})
    assert r.status_code == 400 and "received_on" in r.json()["fields"]
    r = post(c, "/api/v1/requests", {**base, "channel": "carrier-pigeon"})
    assert r.status_code == 400 and "channel" in r.json()["fields"]
    assert not world.agency.cases.exists()


# ---- correction (第三十条) -------------------------------------------------------------------------------------
def test_correction_within_7_workdays_restarts_the_reply_clock_from_the_corrected_request(world, confirmed):
    case = confirmed
    sysclock.set_today(dt.date(2026, 11, 5))
    ok(world.users["clerk"], case, "request_correction", missing_materials=["所需信息的形成年份", "所需信息涉及的事项"],
       guidance="本局保管省直机关档案。", period_days=10)
    assert case.state == "correction_requested"
    first = case.clocks.get(name="reply", round=1)
    assert first.state == Clock.State.STOPPED and first.stopped_on == dt.date(2026, 11, 5)
    assert clock(case, "correction").state == Clock.State.STOPPED
    period = clock(case, "correction_period")
    assert period.budget == 10 and period.due == wd(dt.date(2026, 11, 5), 10) and "视为放弃申请" in period.legal_basis
    notice = case.documents.get(kind="correction")
    assert notice.title == "政府信息公开申请补正告知书" and notice.number == "黑档公开〔2026〕1号"
    text = docx_text(notice)
    for expected in ("一次性告知", "1. 所需信息的形成年份。", "2. 所需信息涉及的事项。", "指导和释明：本局保管省直机关档案。",
                     "10个工作日", "2026年11月19日", "答复期限自本机关收到补正的申请之日起计算", "视为放弃申请", "第三十条"):
        assert expected in text, (expected, text)
    # The items are on the requester's timeline.
    assert case.events.get(transition="request_correction").public

    # The requester corrects online a week later: the reply clock counts 20 working days from that day.
    sysclock.set_today(dt.date(2026, 11, 12))
    r = fire(world.users["citizen2"], case, "resubmit", corrected_description="x")
    assert r.status_code == 404  # not theirs: the case does not exist for them
    ok(world.users["citizen"], case, "resubmit", corrected_description="2025年档案行政许可办理件数统计表",
       corrected_on="2026-11-06")  # a requester cannot backdate: the date is the day it is filed
    assert case.state == "handling" and case.submitted_on == dt.date(2026, 11, 12)
    assert clock(case, "correction_period").state == Clock.State.STOPPED
    second = clock(case, "reply")
    assert second.round == 2 and second.state == Clock.State.RUNNING
    assert second.started_on == dt.date(2026, 11, 12) and second.due == wd(dt.date(2026, 11, 12), 20)
    assert case.disclosure.corrected_on == dt.date(2026, 11, 12)
    assert case.disclosure.corrected_description == "2025年档案行政许可办理件数统计表"
    # One correction only (一次性告知).
    assert fire(world.users["clerk"], case, "request_correction", missing_materials=["x"]).status_code == 409


def test_no_correction_notice_after_7_workdays(world, confirmed):
    sysclock.set_today(dt.date(2026, 11, 11))  # the last day of the window
    r = client_transitions(world.users["clerk"], confirmed)
    assert "request_correction" in r
    sysclock.set_today(dt.date(2026, 11, 12))
    assert "request_correction" not in client_transitions(world.users["clerk"], confirmed)
    r = fire(world.users["clerk"], confirmed, "request_correction", missing_materials=["年份"])
    assert r.status_code == 409 and "7个工作日" in r.json()["message"]


def client_transitions(user, case) -> list[str]:
    from tests.disclosure.conftest import client

    return client(user).get(f"/api/v1/cases/{case.pk}").json()["transitions"]


def test_correction_period_bounds(world, confirmed):
    r = fire(world.users["clerk"], confirmed, "request_correction", missing_materials=["年份"], period_days=0)
    assert r.status_code == 400 and "period_days" in r.json()["fields"]
    r = fire(world.users["clerk"], confirmed, "request_correction", missing_materials=["年份"], period_days=31)
    assert r.status_code == 400
    r = fire(world.users["clerk"], confirmed, "request_correction", missing_materials=[])
    assert r.status_code == 400 and "missing_materials" in r.json()["fields"]
    ok(world.users["clerk"], confirmed, "request_correction", missing_materials=["年份"])
    assert clock(confirmed, "correction_period").budget == 10  # the default


def test_clerk_records_a_paper_correction_with_its_receipt_date(world, confirmed):
    sysclock.set_today(dt.date(2026, 11, 5))
    ok(world.users["clerk"], confirmed, "request_correction", missing_materials=["年份"])
    sysclock.set_today(dt.date(2026, 11, 16))
    r = fire(world.users["clerk"], confirmed, "resubmit", corrected_description="2025年", corrected_on="2026-11-04")
    assert r.status_code == 400 and "corrected_on" in r.json()["fields"]
    r = fire(world.users["clerk"], confirmed, "resubmit", corrected_description="2025年", corrected_on="2026-11-17")
    assert r.status_code == 400
    ok(world.users["clerk"], confirmed, "resubmit", corrected_description="2025年", corrected_on="2026-11-13")
    assert clock(confirmed, "reply").started_on == dt.date(2026, 11, 13)
    assert clock(confirmed, "reply").due == wd(dt.date(2026, 11, 13), 20)


def test_not_corrected_in_time_is_deemed_abandoned(world, confirmed):
    sysclock.set_today(dt.date(2026, 11, 5))
    ok(world.users["clerk"], confirmed, "request_correction", missing_materials=["年份"], period_days=5)
    due = clock(confirmed, "correction_period").due
    assert due == wd(dt.date(2026, 11, 5), 5) == dt.date(2026, 11, 12)
    assert clocks_tick(today=due) == []
    assert clocks_tick(today=due + dt.timedelta(days=1)) == [(confirmed.number, "deemed_abandoned")]
    assert clocks_tick(today=due + dt.timedelta(days=2)) == []
    confirmed.refresh_from_db()
    assert confirmed.state == "abandoned" and confirmed.outcome == "abandoned"
    assert confirmed.closed_on == due + dt.timedelta(days=1)
    assert confirmed.disclosure.result == "other" and confirmed.disclosure.ground == "no_correction"
    assert not confirmed.clocks.filter(state=Clock.State.RUNNING).exists()
    # A timer step is the clock's, not a person's.
    assert fire(world.users["clerk"], confirmed, "deemed_abandoned").status_code == 409


def test_the_correction_window_closes_by_itself(world, confirmed):
    reply_due = clock(confirmed, "reply").due
    assert clocks_tick(today=dt.date(2026, 11, 11)) == []
    assert clocks_tick(today=dt.date(2026, 11, 12)) == [(confirmed.number, "correction_window_closed")]
    confirmed.refresh_from_db()
    assert confirmed.state == "handling"
    correction = clock(confirmed, "correction")
    # As of the last day of the window: the clock is not shown overdue.
    assert correction.stopped_on == dt.date(2026, 11, 11) and correction.on_time is True
    assert clock(confirmed, "reply").state == Clock.State.RUNNING and clock(confirmed, "reply").due == reply_due


# ---- third-party consultation (第三十二条, 第三十三条第三款) ------------------------------------------------------
def _consult(world, case, day=dt.date(2026, 11, 9)):
    sysclock.set_today(day)
    return ok(world.users["handler"], case, "consult_third_party", third_party="哈尔滨某档案服务有限公司",
              third_party_address="哈尔滨市松北区创新路9号", information="合同中的分项报价", concern="trade_secret")


def test_third_party_consultation_pauses_the_reply_clock(world, confirmed):
    ok(world.users["handler"], confirmed, "begin_handling")
    _consult(world, confirmed)
    assert confirmed.state == "consulting"
    reply = clock(confirmed, "reply")
    assert reply.state == Clock.State.PAUSED and reply.due is None
    third = clock(confirmed, "third_party")
    assert third.budget == 15 and third.started_on == dt.date(2026, 11, 9)
    assert third.due == wd(dt.date(2026, 11, 9), 15) == dt.date(2026, 11, 30)
    # Extending a paused clock makes no sense: not offered while consulting.
    assert fire(world.users["head"], confirmed, "extend", "需要").status_code == 409

    sysclock.set_today(dt.date(2026, 11, 16))
    ok(world.users["handler"], confirmed, "third_party_replied", opinion="disagree", reasons="属于商业秘密")
    assert confirmed.state == "handling"
    reply = clock(confirmed, "reply")
    pause = reply.pauses.get()
    assert (pause.paused_on, pause.resumed_on, pause.reason) == (dt.date(2026, 11, 9), dt.date(2026, 11, 16), "征求第三方意见")
    # The five working days 10–16 November are not counted: the due date moves from 30 November to 7 December.
    assert reply.state == Clock.State.RUNNING
    paused = Exclusion(dt.date(2026, 11, 9), dt.date(2026, 11, 16), "")
    assert reply.due == wd(MON, 20, [paused]) == dt.date(2026, 12, 7)
    assert clock(confirmed, "third_party").state == Clock.State.STOPPED
    consultation = confirmed.consultations.get()
    assert consultation.opinion == "disagree" and consultation.replied_on == dt.date(2026, 11, 16)


def test_opinion_recorded_late_resumes_as_of_its_arrival(world, confirmed):
    _consult(world, confirmed)
    sysclock.set_today(dt.date(2026, 11, 18))
    r = fire(world.users["handler"], confirmed, "third_party_replied", opinion="agree", replied_on="2026-11-06")
    assert r.status_code == 400 and "replied_on" in r.json()["fields"]
    ok(world.users["handler"], confirmed, "third_party_replied", opinion="agree", replied_on="2026-11-13")
    pause = clock(confirmed, "reply").pauses.get()
    assert pause.resumed_on == dt.date(2026, 11, 13)
    assert clock(confirmed, "reply").due == wd(MON, 20, [Exclusion(dt.date(2026, 11, 9), dt.date(2026, 11, 13), "")])


def test_third_party_silent_for_15_workdays_resumes_as_of_the_last_day(world, confirmed):
    _consult(world, confirmed)
    assert clocks_tick(today=dt.date(2026, 11, 30)) == []
    assert clocks_tick(today=dt.date(2026, 12, 2)) == [(confirmed.number, "third_party_no_reply")]
    assert clocks_tick(today=dt.date(2026, 12, 3)) == []
    confirmed.refresh_from_db()
    assert confirmed.state == "handling"
    pause = clock(confirmed, "reply").pauses.get()
    assert pause.resumed_on == dt.date(2026, 11, 30)  # the last of the 15 working days, not the day of the tick
    assert clock(confirmed, "reply").due == wd(MON, 20, [Exclusion(dt.date(2026, 11, 9), dt.date(2026, 11, 30), "")])
    assert clock(confirmed, "third_party").on_time is True
    assert confirmed.consultations.get().opinion == "none"
    assert not confirmed.events.get(transition="third_party_no_reply").public


def test_consultation_letter_is_kept_apart_from_the_requesters_documents(world, confirmed):
    _consult(world, confirmed)
    c = confirmed.consultations.get()
    assert c.number == "黑档公开〔2026〕1号" and c.due == dt.date(2026, 11, 30)
    assert not confirmed.documents.exists()
    text = docx_text(c.file.open("rb").read())
    for expected in ("政府信息公开征求意见书", "哈尔滨某档案服务有限公司", "合同中的分项报价", "商业秘密", "十五个工作日",
                     "2026年11月30日", "第三十二条", "第三十三条第三款"):
        assert expected in text, (expected, text)
    assert confirmed.party_name not in text  # the requester is not named to the third party
    # The requester does not see the step nor the third party.
    event = confirmed.events.get(transition="consult_third_party")
    assert not event.public
    from tests.disclosure.conftest import client

    page = client(world.users["citizen"]).get(f"/cases/{confirmed.pk}/").content.decode()
    assert "哈尔滨某档案服务有限公司" not in page and "/disclosure/consultations/" not in page
    # It does see that the reply period is not running, and why (第三十三条第三款).
    assert "征求意见所需时间不计入答复期限" in page
    staff_page = client(world.users["handler"]).get(f"/cases/{confirmed.pk}/").content.decode()
    assert "哈尔滨某档案服务有限公司" in staff_page and f"/disclosure/consultations/{c.pk}/" in staff_page
    track = client().get(f"/api/v1/cases/{confirmed.pk}")
    assert track.status_code == 401


# ---- extension (第三十三条第二款) -------------------------------------------------------------------------------
def test_extension_by_20_workdays_once_with_the_office_heads_approval(world, confirmed):
    assert fire(world.users["handler"], confirmed, "extend", "案情复杂").status_code == 409
    r = fire(world.users["head"], confirmed, "extend")
    assert r.status_code == 400 and "comment" in r.json()["fields"]
    sysclock.set_today(dt.date(2026, 11, 20))
    ok(world.users["head"], confirmed, "extend", "需调阅多个全宗逐件审查")
    reply = clock(confirmed, "reply")
    assert reply.extension_days == 20 and reply.due == wd(MON, 40)
    ext = reply.extensions.get()
    assert ext.approver == world.users["head"] and ext.days == 20 and "政府信息公开工作机构负责人" in ext.legal_basis
    notice = confirmed.documents.get(kind="extension")
    text = docx_text(notice)
    assert "延期答复" in notice.title and "需调阅多个全宗逐件审查" in text and "二十个工作日" in text
    y, m, d = reply.due.year, reply.due.month, reply.due.day
    assert f"{y}年{m}月{d}日" in text
    r = fire(world.users["director"], confirmed, "extend", "再延长")
    assert r.status_code == 409 and "20个工作日" in r.json()["message"]
    assert reply.extensions.count() == 1


def test_withdrawal_stops_every_clock(world, confirmed):
    _consult(world, confirmed)
    ok(world.users["citizen"], confirmed, "withdraw", "不需要了")
    assert confirmed.state == "withdrawn" and confirmed.outcome == "withdrawn"
    assert not confirmed.clocks.exclude(state=Clock.State.STOPPED).exists()
    assert confirmed.disclosure.result == "other" and confirmed.disclosure.ground == "withdrawn"
    assert fire(world.users["handler"], confirmed, "reply_withhold", ground="state_secret",
                reason="x").status_code == 409
