"""The pages through the front door: 执法人员公示 for everyone, the staff list with its warnings and training hours,
the detail page and its POST forms (CSRF, Chinese errors, nothing saved on bad input)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from fazhi.core.models import AuditEvent
from fazhi.inspection.models import Officer
from fazhi.officers.models import CertificateEvent, ExamResult, TrainingRecord
from fazhi.officers.services import training_record
from tests.officers.conftest import logged, officer

pytestmark = pytest.mark.django_db


def page(world, who: str) -> Client:
    return Client() if who == "anonymous" else logged(world.users[who])


def text(r) -> str:
    return r.content.decode()


# ---- 执法人员公示 -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["anonymous", "citizen", "clerk", "sysadmin", "other_clerk"])
def test_publicity_is_for_everyone(ow, who):
    r = page(ow, who).get("/officers/public/")
    assert r.status_code == 200
    body = text(r)
    for name in ("王执法", "张三", "孙吊销", "吉执法", "黑档执-0003", "吉林省档案局", "监督指导处", "黑龙江省人民政府"):
        assert name in body
    assert "2026年5月1日" in body and "已过期" in body and "尚未生效" in body and "暂扣" in body and "吊销" in body


def test_publicity_shows_no_phone_or_id_number(ow):
    user = ow.users["officer1"]
    user.phone = "13912345678"
    user.save()
    o = ow.o.valid
    o.user = user
    o.save()
    body = text(Client().get("/officers/public/"))
    assert "13912345678" not in body
    assert not re.search(r"\d{17}[\dX]", body)


def test_publicity_filter_and_pages_keep_the_filter(ow):
    body = text(Client().get("/officers/public/", {"agency": "other"}))
    assert "吉执法" in body and "王执法" not in body
    Officer.objects.bulk_create([
        Officer(agency=ow.other, name=f"员{i}", certificate_number=f"吉档执-{i + 100:04d}", issuing_authority="吉林省人民政府",
                valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2029, 1, 1)) for i in range(60)])
    r = Client().get("/officers/public/", {"agency": "other"})
    body = text(r)
    assert "1 / 2" in body and "?agency=other&amp;page=2" in body
    body = text(Client().get("/officers/public/", {"agency": "other", "page": 2}))
    assert "2 / 2" in body and "王执法" not in body
    r = Client().get("/officers/public/", {"agency": "nope"})
    assert r.status_code == 400 and "没有这个机关。" in text(r)


def test_pages_use_no_inline_script(ow):
    for r in (Client().get("/officers/public/"), logged(ow.users["legal"]).get(f"/officers/{ow.o.valid.pk}/")):
        assert "<script" not in text(r) and "style=" not in text(r) and "onclick" not in text(r)


# ---- staff list ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/officers/", "detail"])
@pytest.mark.parametrize("who", ["anonymous", "citizen", "company", "sysadmin", "auditor", "other_clerk", "city_clerk",
                                 "clerk", "head", "legal"])
def test_who_sees_the_staff_pages(ow, who, url):
    if url == "detail":
        url = f"/officers/{ow.o.valid.pk}/"
    r = page(ow, who).get(url)
    if who == "anonymous":
        assert r.status_code == 302 and r["Location"].startswith("/login/?next=")
    elif who in ("clerk", "head", "legal"):
        assert r.status_code == 200
    elif url == "/officers/" and who in ("other_clerk", "city_clerk"):
        assert r.status_code == 200 and "王执法" not in text(r)  # their own agency's (empty) list
    else:
        assert r.status_code == 404


def test_staff_list_warnings_and_training(ow):
    day = ow.today
    soon = officer(ow.agency, "黑档执-0090", "九十", end=day + dt.timedelta(days=90))
    later = officer(ow.agency, "黑档执-0091", "九十一", end=day + dt.timedelta(days=91))
    for day_ in ("2026-02-01", "2026-02-02"):
        training_record(officer_id=ow.o.valid.pk, actor=ow.users["legal"], date=day_, title="培训", hours="20")
    training_record(officer_id=ow.o.valid2.pk, actor=ow.users["legal"], date="2025-12-31", title="培训", hours="20")
    r = logged(ow.users["clerk"]).get("/officers/")
    body = text(r)
    assert "吉执法" not in body

    def row_of(number):
        return re.search(rf'<tr class="([^"]*)"><td><a href="[^"]*">{re.escape(number)}</a>.*?</tr>', body, re.S)

    assert "w-red" in row_of("黑档执-0003").group(1)  # expired
    assert "已过期185天" in row_of("黑档执-0003").group(0)
    assert "w-yellow" in row_of("黑档执-0090").group(1) and "90天后到期" in row_of("黑档执-0090").group(0)
    assert "w-" not in row_of("黑档执-0091").group(1)
    assert "40.0 / 40" in row_of("黑档执-0001").group(0)
    assert 'badge w-yellow">0.0 / 40' in row_of("黑档执-0002").group(0)  # 2025's hours do not count in 2026
    r = logged(ow.users["clerk"]).get("/officers/", {"warn": "1"})
    body = text(r)
    assert "黑档执-0003" in body and "黑档执-0090" in body and "黑档执-0091" not in body and "黑档执-0001" not in body
    assert soon.pk and later.pk


# ---- detail and its forms --------------------------------------------------------------------------------
def test_detail_for_staff_without_the_role_has_no_forms(ow):
    body = text(logged(ow.users["clerk"]).get(f"/officers/{ow.o.valid.pk}/"))
    assert "王执法" in body and "执法证变更记录" in body and "status-form" not in body and "exam-form" not in body
    body = text(logged(ow.users["legal"]).get(f"/officers/{ow.o.valid.pk}/"))
    assert "status-form" in body and "renew-form" in body and "exam-form" in body and "training-form" in body
    assert "csrfmiddlewaretoken" in body and "第四十二条" in body
    body = text(logged(ow.users["legal"]).get(f"/officers/{ow.o.revoked.pk}/"))
    assert "status-form" not in body and "吊销是终局的" in body
    assert logged(ow.users["legal"]).get(f"/officers/{ow.o.foreign.pk}/").status_code == 404
    assert logged(ow.users["legal"]).get("/officers/999999/").status_code == 404


def test_suspend_form_bad_then_good(ow):
    c = logged(ow.users["legal"])
    o = ow.o.valid
    r = c.post(f"/officers/{o.pk}/certificate/", {"action": "suspend", "reason": " "})
    assert r.status_code == 400 and "请填写理由。" in text(r)
    o.refresh_from_db()
    assert o.status == "valid" and not CertificateEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="officers.").exists()
    r = c.post(f"/officers/{o.pk}/certificate/", {"action": "suspend", "reason": "停职调查"})
    assert r.status_code == 302 and r["Location"] == f"/officers/{o.pk}/"
    o.refresh_from_db()
    assert o.status == "suspended"
    body = text(c.get(f"/officers/{o.pk}/"))
    assert "执法证已更新，变更已记录。" in body and "停职调查" in body and "有效 → 暂扣" in body
    assert 'value="reinstate"' in body and 'value="suspend"' not in body


def test_revoked_cannot_be_reinstated_through_the_page(ow):
    c = logged(ow.users["director"])
    o = ow.o.suspended
    assert c.post(f"/officers/{o.pk}/certificate/", {"action": "revoke", "reason": "严重违法"}).status_code == 302
    r = c.post(f"/officers/{o.pk}/certificate/", {"action": "reinstate", "reason": "申诉"})
    assert r.status_code == 400 and "吊销是终局的，不能恢复" in text(r)
    o.refresh_from_db()
    assert o.status == "revoked" and CertificateEvent.objects.filter(officer=o).count() == 1


def test_renew_form_keeps_what_was_typed(ow):
    c = logged(ow.users["legal"])
    o = ow.o.expired
    r = c.post(f"/officers/{o.pk}/certificate/", {"action": "renew", "certificate_number": "黑档执-0001",
                                                  "issuing_authority": "黑龙江省人民政府", "valid_from": "2026-11-01",
                                                  "valid_until": "2026-10-01"})
    body = text(r)
    assert r.status_code == 400
    assert "执法证号黑档执-0001已被其他执法人员使用。" in body and "有效期至不能早于有效期起。" in body
    assert 'value="2026-10-01"' in body and '<details class="action" id="renew" open>' in body
    o.refresh_from_db()
    assert o.certificate_number == "黑档执-0003"
    r = c.post(f"/officers/{o.pk}/certificate/", {"action": "renew", "certificate_number": "黑档执-0103",
                                                  "issuing_authority": "黑龙江省人民政府", "valid_from": "2026-11-01",
                                                  "valid_until": "2031-10-31"})
    assert r.status_code == 302
    o.refresh_from_db()
    assert (o.certificate_number, o.valid_until) == ("黑档执-0103", dt.date(2031, 10, 31))


def test_exam_form(ow):
    c = logged(ow.users["legal"])
    o = ow.o.valid
    r = c.post(f"/officers/{o.pk}/exams/", {"date": "2026-12-01", "subject": "行政执法资格考试", "score": "101",
                                            "passed": ""})
    body = text(r)
    assert r.status_code == 400
    assert "“考试日期”不能晚于今天。" in body and "成绩应在0到100之间。" in body and "请选择考试是否合格。" in body
    assert not ExamResult.objects.exists()
    r = c.post(f"/officers/{o.pk}/exams/", {"date": "2026-10-01", "subject": "行政执法资格考试", "score": "92",
                                            "passed": "1"})
    assert r.status_code == 302
    body = text(c.get(f"/officers/{o.pk}/"))
    assert "考试成绩已录入。" in body and "92.0" in body and "合格" in body


def test_training_form(ow):
    c = logged(ow.users["legal"])
    o = ow.o.valid
    r = c.post(f"/officers/{o.pk}/training/", {"date": "2026-10-01", "title": "执法培训", "hours": "25"})
    assert r.status_code == 400 and "每条培训记录的学时应大于0且不超过24。" in text(r)
    assert 'value="执法培训"' in text(r)
    assert not TrainingRecord.objects.exists()
    r = c.post(f"/officers/{o.pk}/training/", {"date": "2026-10-01", "title": "执法培训", "hours": "12.5",
                                               "organizer": "省司法厅"})
    assert r.status_code == 302
    body = text(c.get(f"/officers/{o.pk}/"))
    assert "培训记录已录入。" in body and "12.5 / 40" in body and "2026年：12.5学时" in body


@pytest.mark.parametrize("who", ["clerk", "head", "officer1", "other_legal", "citizen", "sysadmin"])
def test_forms_refuse_others(ow, who):
    c = logged(ow.users[who])
    o = ow.o.valid
    for url, data in ((f"/officers/{o.pk}/certificate/", {"action": "suspend", "reason": "x"}),
                      (f"/officers/{o.pk}/exams/", {"date": "2026-10-01", "subject": "考试", "score": "90", "passed": "1"}),
                      (f"/officers/{o.pk}/training/", {"date": "2026-10-01", "title": "培训", "hours": "2"})):
        assert c.post(url, data).status_code == 404
    o.refresh_from_db()
    assert o.status == "valid" and not ExamResult.objects.exists() and not TrainingRecord.objects.exists()


def test_forms_need_login_post_and_csrf(ow):
    o = ow.o.valid
    r = Client().post(f"/officers/{o.pk}/certificate/", {"action": "suspend", "reason": "x"})
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    assert logged(ow.users["legal"]).get(f"/officers/{o.pk}/certificate/").status_code == 405
    c = Client(enforce_csrf_checks=True)
    c.force_login(ow.users["legal"], backend="django.contrib.auth.backends.ModelBackend")
    assert c.post(f"/officers/{o.pk}/certificate/", {"action": "suspend", "reason": "x"}).status_code == 403
    c.get(f"/officers/{o.pk}/")
    token = c.cookies["csrftoken"].value
    r = c.post(f"/officers/{o.pk}/certificate/", {"action": "suspend", "reason": "x", "csrfmiddlewaretoken": token})
    assert r.status_code == 302
    o.refresh_from_db()
    assert o.status == "suspended"
