"""持证上岗 in the services: the status on a day, require_certified and the two-officer rule, the certificate
actions and who may do them, expiry windows, exams and training."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fazhi.core import clock
from fazhi.core.models import AuditEvent
from fazhi.inspection.models import Officer
from fazhi.officers import services as s
from fazhi.officers.models import CertificateEvent, ExamResult, TrainingRecord
from tests.officers.conftest import officer

pytestmark = pytest.mark.django_db


def messages(excinfo) -> list[str]:
    return excinfo.value.message_dict["officers"]


# ---- certificate_status ------------------------------------------------------------------------------
def test_status_on_a_day(ow):
    o = ow.o
    day = ow.today
    assert s.certificate_status(o.valid, day) == "valid"
    assert s.certificate_status(o.expired, day) == "expired"
    assert s.certificate_status(o.future, day) == "not_yet_valid"
    assert s.certificate_status(o.suspended, day) == "suspended"
    assert s.certificate_status(o.revoked, day) == "revoked"


def test_status_boundaries_are_inclusive(ow):
    o = ow.o.expired  # 2021-05-02 .. 2026-05-01
    assert s.certificate_status(o, dt.date(2026, 5, 1)) == "valid"  # the last valid day
    assert s.certificate_status(o, dt.date(2026, 5, 2)) == "expired"
    assert s.certificate_status(o, dt.date(2021, 5, 2)) == "valid"  # the first valid day
    assert s.certificate_status(o, dt.date(2021, 5, 1)) == "not_yet_valid"


def test_suspended_and_revoked_win_over_the_dates(ow):
    o = ow.o.suspended
    o.valid_until = dt.date(2020, 1, 1)
    assert s.certificate_status(o, ow.today) == "suspended"
    assert s.certificate_status(ow.o.revoked, dt.date(2025, 1, 1)) == "revoked"


# ---- require_certified -------------------------------------------------------------------------------
def test_two_certified_officers_pass(ow):
    assert s.require_certified([ow.o.valid, ow.o.valid2], ow.today, min_team=2) is None
    assert s.require_certified([ow.o.valid], ow.today) is None
    assert s.require_certified([], ow.today) is None


def test_each_uncertified_officer_is_named_with_the_reason(ow):
    o = ow.o
    with pytest.raises(ValidationError) as e:
        s.require_certified([o.valid, o.expired, o.future, o.suspended, o.revoked], ow.today)
    assert messages(e) == [
        "张三（黑档执-0003）的执法证有效期至2026年5月1日，已过期。",
        "赵未来（黑档执-0004）的执法证自2027年1月1日起才生效。",
        "卫暂扣（黑档执-0005）的执法证已被暂扣。",
        "孙吊销（黑档执-0006）的执法证已被吊销。",
    ]


def test_purpose_finishes_the_sentence(ow):
    with pytest.raises(ValidationError) as e:
        s.require_certified([ow.o.expired], ow.today, purpose="签署笔录")
    assert messages(e) == ["张三（黑档执-0003）的执法证有效期至2026年5月1日，已过期，不能签署笔录。"]


def test_two_officer_rule_cites_article_42(ow):
    with pytest.raises(ValidationError) as e:
        s.require_certified([ow.o.valid], ow.today, min_team=2, purpose="参加检查")
    (msg,) = messages(e)
    assert "只有1名" in msg and "不得少于2名" in msg
    assert "《中华人民共和国行政处罚法》第四十二条" in msg and "执法人员不得少于两人" in msg


def test_team_with_an_expired_member_fails_twice(ow):
    with pytest.raises(ValidationError) as e:
        s.require_certified([ow.o.valid, ow.o.expired], ow.today, min_team=2)
    msgs = messages(e)
    assert len(msgs) == 2
    assert msgs[0].startswith("张三（黑档执-0003）")
    assert "第四十二条" in msgs[1]


def test_the_same_officer_twice_is_one_officer(ow):
    with pytest.raises(ValidationError) as e:
        s.require_certified([ow.o.valid, ow.o.valid.pk, "黑档执-0001"], ow.today, min_team=2)
    (msg,) = messages(e)
    assert "只有1名" in msg


def test_ids_numbers_and_missing_officers(ow):
    s.require_certified([ow.o.valid.pk, "黑档执-0002"], ow.today, min_team=2)
    with pytest.raises(ValidationError) as e:
        s.require_certified(["黑档执-9999", 987654, ow.o.valid], ow.today)
    assert messages(e) == ["执法证号为黑档执-9999的执法人员不在执法人员名录库中。",
                           "编号为987654的执法人员不在执法人员名录库中。"]


def test_the_database_decides_not_a_stale_object(ow):
    stale = Officer.objects.get(pk=ow.o.valid.pk)
    Officer.objects.filter(pk=stale.pk).update(status="suspended")
    assert stale.status == "valid"
    with pytest.raises(ValidationError) as e:
        with transaction.atomic():
            s.require_certified([stale], ow.today)
    assert "已被暂扣" in messages(e)[0]


def test_the_day_of_the_act_counts(ow):
    # a record of a visit made while the certificate was still valid
    s.require_certified([ow.o.expired], dt.date(2026, 4, 30))
    with pytest.raises(ValidationError):
        s.require_certified([ow.o.future], dt.date(2026, 12, 31))
    s.require_certified([ow.o.future], dt.date(2027, 1, 1))


# ---- certificate actions -------------------------------------------------------------------------------
def test_suspend_reinstate_are_logged_twice(ow):
    legal = ow.users["legal"]
    o = ow.o.valid
    s.certificate_suspend(officer_id=o.pk, actor=legal, reason="涉嫌违法执法，停职调查")
    o.refresh_from_db()
    assert o.status == "suspended"
    with pytest.raises(ValidationError):
        s.require_certified([o], ow.today)
    ev = CertificateEvent.objects.get(officer=o)
    assert (ev.action, ev.old, ev.new, ev.reason, ev.actor, ev.day) == (
        "suspend", {"status": "valid"}, {"status": "suspended"}, "涉嫌违法执法，停职调查", legal, ow.today)
    audit = AuditEvent.objects.get(action="officers.certificate_suspend")
    assert audit.object_id == "黑档执-0001" and audit.actor == legal and audit.detail["reason"]
    s.certificate_reinstate(officer_id=o.pk, actor=ow.users["director"], reason="调查结束")
    o.refresh_from_db()
    assert o.status == "valid"
    assert list(CertificateEvent.objects.filter(officer=o).values_list("action", flat=True)) == ["suspend", "reinstate"]
    s.require_certified([o], ow.today)


def test_revoked_is_final(ow):
    legal = ow.users["legal"]
    o = ow.o.suspended
    s.certificate_revoke(officer_id=o.pk, actor=legal, reason="严重违法")
    o.refresh_from_db()
    assert o.status == "revoked"
    for fn, extra in ((s.certificate_reinstate, {}), (s.certificate_suspend, {}), (s.certificate_revoke, {})):
        with pytest.raises(ValidationError) as e:
            fn(officer_id=o.pk, actor=legal, reason="再试", **extra)
        assert "吊销" in e.value.message_dict["action"][0]
    with pytest.raises(ValidationError) as e:
        s.certificate_renew(officer_id=o.pk, actor=legal, certificate_number="黑档执-0099", valid_from="2026-11-01",
                            valid_until="2031-10-31", issuing_authority="黑龙江省人民政府")
    assert e.value.message_dict == {"action": ["执法证已被吊销，不能换发。"]}
    o.refresh_from_db()
    assert (o.status, o.certificate_number) == ("revoked", "黑档执-0005")
    assert CertificateEvent.objects.filter(officer=o).count() == 1


def test_reinstate_refuses_a_valid_certificate_and_suspend_twice(ow):
    legal = ow.users["legal"]
    with pytest.raises(ValidationError, match="未被暂扣"):
        s.certificate_reinstate(officer_id=ow.o.valid.pk, actor=legal, reason="x")
    with pytest.raises(ValidationError, match="已处于暂扣状态"):
        s.certificate_suspend(officer_id=ow.o.suspended.pk, actor=legal, reason="x")
    assert not CertificateEvent.objects.exists()


def test_reason_is_required(ow):
    with pytest.raises(ValidationError) as e:
        s.certificate_suspend(officer_id=ow.o.valid.pk, actor=ow.users["legal"], reason="  ")
    assert e.value.message_dict == {"reason": ["请填写理由。"]}
    ow.o.valid.refresh_from_db()
    assert ow.o.valid.status == "valid"
    assert not AuditEvent.objects.filter(action__startswith="officers.").exists()


@pytest.mark.parametrize("who", ["clerk", "handler", "head", "deputy", "officer1", "sysadmin", "auditor", "citizen",
                                 "other_legal", "city_clerk"])
def test_who_may_not_manage_certificates(ow, who):
    actor = ow.users[who]
    o = ow.o.valid
    for fn in (s.certificate_suspend, s.certificate_revoke):
        with pytest.raises(PermissionDenied):
            fn(officer_id=o.pk, actor=actor, reason="x")
    with pytest.raises(PermissionDenied):
        s.exam_record(officer_id=o.pk, actor=actor, date="2026-10-01", subject="行政执法资格考试", score="90",
                      passed=True)
    with pytest.raises(PermissionDenied):
        s.training_record(officer_id=o.pk, actor=actor, date="2026-10-01", title="培训", hours="4")
    o.refresh_from_db()
    assert o.status == "valid" and not CertificateEvent.objects.exists()


def test_another_agency_manages_its_own(ow):
    s.certificate_suspend(officer_id=ow.o.foreign.pk, actor=ow.users["other_legal"], reason="暂扣")
    with pytest.raises(PermissionDenied):
        s.certificate_suspend(officer_id=ow.o.valid.pk, actor=ow.users["other_legal"], reason="暂扣")


def test_renew_replaces_the_certificate(ow):
    o = ow.o.expired
    s.certificate_renew(officer_id=o.pk, actor=ow.users["legal"], certificate_number="黑档执-0103",
                        valid_from=dt.date(2026, 11, 1), valid_until="2031-10-31", issuing_authority="黑龙江省人民政府",
                        reason="到期换证")
    o.refresh_from_db()
    assert (o.certificate_number, o.valid_from, o.valid_until) == ("黑档执-0103", dt.date(2026, 11, 1),
                                                                   dt.date(2031, 10, 31))
    s.require_certified([o], ow.today)
    ev = CertificateEvent.objects.get(officer=o)
    assert ev.action == "renew"
    assert ev.old["certificate_number"] == "黑档执-0003" and ev.old["valid_until"] == "2026-05-01"
    assert ev.new["certificate_number"] == "黑档执-0103" and ev.new["valid_until"] == "2031-10-31"
    assert AuditEvent.objects.filter(action="officers.certificate_renew", object_id="黑档执-0103").exists()


def test_renew_validation_changes_nothing(ow):
    o = ow.o.expired
    legal = ow.users["legal"]
    with pytest.raises(ValidationError) as e:
        s.certificate_renew(officer_id=o.pk, actor=legal, certificate_number="黑档执-0001", valid_from="2026-11-01",
                            valid_until="2026-10-01", issuing_authority="")
    errors = e.value.message_dict
    assert errors["certificate_number"] == ["执法证号黑档执-0001已被其他执法人员使用。"]
    assert errors["valid_until"] == ["有效期至不能早于有效期起。"]
    assert errors["issuing_authority"] == ["请填写“发证机关”。"]
    with pytest.raises(ValidationError) as e:
        s.certificate_renew(officer_id=o.pk, actor=legal, certificate_number="黑档执-0103", valid_from="2020-01-01",
                            valid_until="2026-11-01", issuing_authority="省政府")
    assert e.value.message_dict == {"valid_until": ["换发的执法证有效期至不能早于今天。"]}
    with pytest.raises(ValidationError) as e:
        s.certificate_renew(officer_id=o.pk, actor=legal, certificate_number="a/b", valid_from="昨天",
                            valid_until="", issuing_authority="省政府")
    assert set(e.value.message_dict) == {"certificate_number", "valid_from", "valid_until"}
    with pytest.raises(ValidationError, match="暂扣期间"):
        s.certificate_renew(officer_id=ow.o.suspended.pk, actor=legal, certificate_number="黑档执-0105",
                            valid_from="2026-11-01", valid_until="2031-10-31", issuing_authority="省政府")
    o.refresh_from_db()
    assert o.certificate_number == "黑档执-0003" and not CertificateEvent.objects.exists()


def test_certificate_act_dispatches_and_refuses_unknown_actions(ow):
    s.certificate_act(officer_id=ow.o.valid.pk, actor=ow.users["legal"], action="suspend", reason="x")
    with pytest.raises(ValidationError) as e:
        s.certificate_act(officer_id=ow.o.valid.pk, actor=ow.users["legal"], action="delete", reason="x")
    assert "action" in e.value.message_dict


def test_events_are_append_only(ow):
    ev = s.certificate_log_issue(officer=ow.o.valid, actor=None, reason="名录库登记")
    assert ev.action == "issue" and ev.new["certificate_number"] == "黑档执-0001" and ev.actor_label == "系统"
    ev.reason = "改过"
    with pytest.raises(ValidationError):
        ev.save()
    with pytest.raises(ValidationError):
        ev.delete()
    assert CertificateEvent.objects.get(pk=ev.pk).reason == "名录库登记"


# ---- expiry warnings -----------------------------------------------------------------------------------
def test_expiring_window_is_inclusive_of_90_days(ow):
    a = ow.agency
    day = ow.today
    at_90 = officer(a, "黑档执-0090", "九十", end=day + dt.timedelta(days=90))
    at_91 = officer(a, "黑档执-0091", "九十一", end=day + dt.timedelta(days=91))
    today_last = officer(a, "黑档执-0092", "今天", end=day)
    revoked_soon = officer(a, "黑档执-0093", "吊销", end=day + dt.timedelta(days=3), status="revoked")
    suspended_soon = officer(a, "黑档执-0094", "暂扣", end=day + dt.timedelta(days=5), status="suspended")
    found = list(s.expiring(a, day))
    assert found == [ow.o.expired, today_last, suspended_soon, at_90]
    assert at_91 not in found and revoked_soon not in found and ow.o.foreign not in found
    assert s.expiry_warning(at_90, day) == ("expiring", 90)
    assert s.expiry_warning(at_91, day) is None
    assert s.expiry_warning(today_last, day) == ("expiring", 0)
    assert s.expiry_warning(ow.o.expired, day) == ("expired", (day - dt.date(2026, 5, 1)).days)
    assert s.expiry_warning(revoked_soon, day) is None
    assert at_91 in s.expiring(a, day, within_days=91)
    assert ow.o.foreign not in s.expiring(None, day)  # valid until 2028
    assert ow.o.expired in s.expiring(None, day)


# ---- exams and training ----------------------------------------------------------------------------------
def test_exam_record_and_validation(ow):
    legal = ow.users["legal"]
    o = ow.o.valid
    exam = s.exam_record(officer_id=o.pk, actor=legal, date="2026-11-02", subject="行政执法资格考试", score="86.5",
                         passed="1")
    assert (exam.score, exam.passed, exam.recorded_by) == (Decimal("86.5"), True, legal)
    assert AuditEvent.objects.filter(action="officers.exam_record").exists()
    s.exam_record(officer_id=o.pk, actor=legal, date="2026-01-05", subject="补考", score=0, passed=False)
    s.exam_record(officer_id=o.pk, actor=legal, date="2026-01-05", subject="补考", score=100, passed=True)
    bad = [
        ({"score": "101"}, "score", "成绩应在0到100之间。"),
        ({"score": "-1"}, "score", "成绩应在0到100之间。"),
        ({"score": "八十"}, "score", "“成绩”应为数字。"),
        ({"score": "80.25"}, "score", "“成绩”最多保留一位小数。"),
        ({"score": "NaN"}, "score", "“成绩”应为数字。"),
        ({"date": "2026-11-03"}, "date", "“考试日期”不能晚于今天。"),
        ({"date": "2026-13-01"}, "date", "“考试日期”应为日期（YYYY-MM-DD）。"),
        ({"subject": ""}, "subject", "请填写“考试科目”。"),
        ({"passed": ""}, "passed", "请选择考试是否合格。"),
    ]
    for change, field, message in bad:
        values = {"date": "2026-10-01", "subject": "行政执法资格考试", "score": "90", "passed": True, **change}
        with pytest.raises(ValidationError) as e:
            s.exam_record(officer_id=o.pk, actor=legal, **values)
        assert e.value.message_dict == {field: [message]}, change
    assert ExamResult.objects.filter(officer=o).count() == 3


def test_training_record_validation(ow):
    legal = ow.users["legal"]
    o = ow.o.valid
    for hours in ("24", "0.5", 8, 2.5):
        s.training_record(officer_id=o.pk, actor=legal, date="2026-11-02", title="行政处罚法培训", hours=hours,
                          organizer="省司法厅")
    bad = [
        ({"hours": "0"}, "hours", "每条培训记录的学时应大于0且不超过24。"),
        ({"hours": "-2"}, "hours", "每条培训记录的学时应大于0且不超过24。"),
        ({"hours": "24.5"}, "hours", "每条培训记录的学时应大于0且不超过24。"),
        ({"hours": "1e9"}, "hours", "每条培训记录的学时应大于0且不超过24。"),
        ({"hours": "1.25"}, "hours", "“学时”最多保留一位小数。"),
        ({"hours": "四"}, "hours", "“学时”应为数字。"),
        ({"hours": ""}, "hours", "请填写“学时”。"),
        ({"date": "2026-11-03"}, "date", "“培训日期”不能晚于今天。"),
        ({"date": ""}, "date", "请填写“培训日期”。"),
        ({"title": " "}, "title", "请填写“培训名称”。"),
        ({"organizer": "办" * 101}, "organizer", "“举办单位”不能超过100个字符。"),
    ]
    for change, field, message in bad:
        values = {"date": "2026-10-01", "title": "培训", "hours": "4", "organizer": "", **change}
        with pytest.raises(ValidationError) as e:
            s.training_record(officer_id=o.pk, actor=legal, **values)
        assert e.value.message_dict == {field: [message]}, change
    assert TrainingRecord.objects.filter(officer=o).count() == 4


def test_training_hours_per_calendar_year(ow):
    legal = ow.users["legal"]
    o = ow.o.valid
    for day, hours in (("2025-12-31", "8"), ("2026-01-01", "6.5"), ("2026-06-30", "12"), ("2026-11-02", "1.5")):
        s.training_record(officer_id=o.pk, actor=legal, date=day, title="培训", hours=hours)
    s.training_record(officer_id=ow.o.valid2.pk, actor=legal, date="2026-03-01", title="培训", hours="24")
    assert s.training_hours(o, 2026) == Decimal("20.0")
    assert s.training_hours(o, 2025) == Decimal("8")
    assert s.training_hours(o, 2024) == 0
    assert s.training_hours_by_year(o) == {2026: Decimal("20.0"), 2025: Decimal("8.0")}


def test_annual_requirement_default_and_setting(settings):
    assert s.ANNUAL_TRAINING_HOURS == 40
    if hasattr(settings, "FAZHI_ANNUAL_TRAINING_HOURS"):
        del settings.FAZHI_ANNUAL_TRAINING_HOURS
    assert s.annual_training_hours() == Decimal(40)
    settings.FAZHI_ANNUAL_TRAINING_HOURS = "32"
    assert s.annual_training_hours() == Decimal(32)


def test_messages_use_the_clock(ow):
    clock.set_today(dt.date(2026, 5, 1))
    s.require_certified([ow.o.expired], clock.today())
