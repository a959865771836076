"""Training events and attendance: an officer's attendance is their training record (the officers' yearly hours
and the officers page show it), corrections change both, bad input saves nothing, who may record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import AuditEvent
from fazhi.education import services
from fazhi.education.access import EducationNotFound
from fazhi.education.models import Attendance, TrainingEvent
from fazhi.officers.models import TrainingRecord
from fazhi.officers.services import training_hours
from tests.education.conftest import lecture, logged

pytestmark = pytest.mark.django_db


def test_attendance_feeds_the_officers_yearly_training_hours(ew):
    event = lecture(ew)
    legal = ew.users["legal"]
    made = services.attendance_record(actor=legal, event_id=event.pk, officers=[ew.o.wang.pk, ew.o.li.pk],
                                      users=[ew.users["clerk"].pk, ew.users["officer1"].pk])
    assert len(made) == 4
    # officer1's account is 周执法's: recorded as the officer, so the hours count
    by_name = {a.name: a for a in made}
    assert by_name["周执法"].officer == ew.o.zhou and by_name["周执法"].user is None
    assert by_name["clerk姓名"].user == ew.users["clerk"] and by_name["clerk姓名"].training_record is None
    for o in (ew.o.wang, ew.o.li, ew.o.zhou):
        record = TrainingRecord.objects.get(officer=o)
        assert record.attendance.event == event
        assert (record.date, record.title, record.hours, record.organizer) == (
            dt.date(2026, 10, 10), "《行政许可法》专题讲座", Decimal("3.0"), "黑龙江省档案局")
        assert training_hours(o, 2026) == Decimal("3.0")
    assert AuditEvent.objects.filter(action="officers.training_record").count() == 3
    assert AuditEvent.objects.filter(action="education.attendance_record", object_id=str(event.pk)).exists()
    # the officers page shows this year's hours against the requirement
    body = logged(ew.users["clerk"]).get("/officers/").content.decode()
    assert "3.0 / 40" in body
    # a second event adds up; a correction changes the attendance and the record together
    second = lecture(ew, date=dt.date(2026, 10, 20), hours="8", title="《档案法》培训班")
    services.attendance_record(actor=legal, event_id=second.pk, officers=[ew.o.wang.pk], hours="6.5")
    assert training_hours(ew.o.wang, 2026) == Decimal("9.5")
    attendance = Attendance.objects.get(event=second, officer=ew.o.wang)
    services.attendance_update(actor=legal, attendance_id=attendance.pk, hours="8")
    assert training_hours(ew.o.wang, 2026) == Decimal("11.0")
    assert TrainingRecord.objects.get(pk=attendance.training_record_id).hours == Decimal("8.0")


def test_bad_attendance_saves_nothing(ew):
    event = lecture(ew)
    legal = ew.users["legal"]
    cases = [
        ({"officers": [ew.o.foreign.pk]}, {"officers": ["只能登记本机关执法人员名录库中的执法人员。"]}),
        ({"users": [ew.users["other_clerk"].pk]}, {"users": ["只能登记本机关的工作人员。"]}),
        ({}, {"officers": ["请选择参训人员。"]}),
        ({"officers": [ew.o.wang.pk], "hours": "4"}, {"hours": ["参训学时应大于0且不超过本次培训的学时（3.0）。"]}),
        ({"officers": [ew.o.wang.pk], "hours": "abc"}, {"hours": ["“学时”应为数字。"]}),
        ({"officers": [ew.o.wang.pk, ew.o.foreign.pk]}, {"officers": ["只能登记本机关执法人员名录库中的执法人员。"]}),
    ]
    for kwargs, expected in cases:
        with pytest.raises(ValidationError) as e:
            services.attendance_record(actor=legal, event_id=event.pk, **kwargs)
        assert e.value.message_dict == expected, kwargs
    assert not Attendance.objects.exists() and not TrainingRecord.objects.exists()
    services.attendance_record(actor=legal, event_id=event.pk, officers=[ew.o.wang.pk])
    with pytest.raises(ValidationError) as e:
        services.attendance_record(actor=legal, event_id=event.pk, officers=[ew.o.wang.pk, ew.o.li.pk])
    assert e.value.message_dict == {"officers": ["王执法已登记参加本次培训。"]}
    assert TrainingRecord.objects.count() == 1 and not TrainingRecord.objects.filter(officer=ew.o.li).exists()
    future = lecture(ew, date=ew.today + dt.timedelta(days=3), title="下周讲座")
    with pytest.raises(ValidationError) as e:
        services.attendance_record(actor=legal, event_id=future.pk, officers=[ew.o.li.pk])
    assert e.value.message_dict == {"event": ["培训尚未举行，不能登记参训人员。"]}


def test_events_are_checked_and_fixed_once_attended(ew):
    legal = ew.users["legal"]
    with pytest.raises(ValidationError) as e:
        services.event_save(actor=legal, title="", kind="party", date="2026-02-30", hours="25")
    assert e.value.message_dict == {"title": ["请填写“培训名称”。"], "kind": ["请选择培训形式。"],
                                    "date": ["“培训日期”应为日期（YYYY-MM-DD）。"],
                                    "hours": ["每次培训的学时应大于0且不超过24。"]}
    assert not TrainingEvent.objects.exists()
    event = lecture(ew)
    services.event_save(actor=legal, event_id=event.pk, title=event.title, kind="course", date=event.date,
                        hours="4", lecturer="某教授")
    event.refresh_from_db()
    assert event.hours == Decimal("4.0") and event.kind == "course"
    services.attendance_record(actor=legal, event_id=event.pk, officers=[ew.o.wang.pk])
    with pytest.raises(ValidationError) as e:
        services.event_save(actor=legal, event_id=event.pk, title=event.title, kind="course", date=event.date,
                            hours="6")
    assert list(e.value.message_dict) == ["event"]
    services.event_save(actor=legal, event_id=event.pk, title=event.title, kind="lecture", date=event.date,
                        hours="4", place="报告厅")  # what is not copied into the records may change
    assert TrainingEvent.objects.get(pk=event.pk).place == "报告厅"


def test_who_may_record(ew):
    event = lecture(ew)
    with pytest.raises(PermissionDenied):
        services.event_save(actor=ew.users["clerk"], title="x", kind="lecture", date="2026-10-01", hours="1")
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=ew.users["head"], event_id=event.pk, officers=[ew.o.wang.pk])
    with pytest.raises(EducationNotFound):
        services.attendance_record(actor=ew.users["other_legal"], event_id=event.pk, officers=[ew.o.foreign.pk])
    director = ew.users["director"]
    services.attendance_record(actor=director, event_id=event.pk, officers=[ew.o.wang.pk])
    assert Attendance.objects.count() == 1


def test_event_pages(ew):
    event = lecture(ew)
    legal = logged(ew.users["legal"])
    url = f"/education/events/{event.pk}/"
    body = legal.get(url).content.decode()
    assert "王执法（黑档执-0001）" in body and "吉执法" not in body and 'value="attend"' in body
    assert "officer1姓名" not in body  # the officer's account is listed as the officer
    r = legal.post(url, {"form": "attend", "hours": "9"})
    assert r.status_code == 400 and "请选择参训人员。" in r.content.decode()
    r = legal.post(url, {"form": "attend", "officers": [ew.o.wang.pk, ew.o.li.pk], "users": [ew.users["clerk"].pk],
                         "hours": ""})
    assert r.status_code == 302
    body = legal.get(url).content.decode()
    assert '<dd id="attendance-count">3</dd>' in body and '<dd id="attendance-hours">9.0</dd>' in body
    attendance = Attendance.objects.get(officer=ew.o.li)
    r = legal.post(url, {"form": "hours", "attendance": attendance.pk, "hours": "0"})
    assert r.status_code == 400 and "参训学时应大于0且不超过本次培训的学时（3.0）。" in r.content.decode()
    assert legal.post(url, {"form": "hours", "attendance": attendance.pk, "hours": "1.5"}).status_code == 302
    assert training_hours(ew.o.li, 2026) == Decimal("1.5")
    # business staff read, only the legal office and the director record; another agency: 404
    clerk = logged(ew.users["clerk"])
    assert 'value="attend"' not in clerk.get(url).content.decode()
    assert clerk.post(url, {"form": "attend", "officers": [ew.o.zhou.pk]}).status_code == 404
    for who in ("other_legal", "citizen", "sysadmin"):
        assert logged(ew.users[who]).get(url).status_code == 404, who
    index = clerk.get("/education/", {"year": 2026}).content.decode()
    assert "《行政许可法》专题讲座" in index and '<dd id="s-attendance">3</dd>' in index


def test_events_are_created_from_the_index(ew):
    legal = logged(ew.users["legal"])
    r = legal.post("/education/", {"form": "event", "title": "《行政处罚法》讲座", "kind": "lecture",
                                   "date": "2026-09-01", "hours": "0"})
    assert r.status_code == 400 and "每次培训的学时应大于0且不超过24。" in r.content.decode()
    assert not TrainingEvent.objects.exists()
    r = legal.post("/education/", {"form": "event", "title": "《行政处罚法》讲座", "kind": "lecture",
                                   "date": "2026-09-01", "hours": "2.5"})
    assert r.status_code == 302 and TrainingEvent.objects.get().agency == ew.agency
    assert logged(ew.users["clerk"]).post("/education/", {"form": "event", "title": "x"}).status_code == 404
