from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fazhi.core.models import AuditEvent
from fazhi.workdays.models import CalendarYear, SpecialDay

from .conftest import logged_in

pytestmark = pytest.mark.django_db

URL = "/calendar/"
CSV_2027 = "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-20,workday,春节调休上班\n"


def upload(client, year, content: bytes, name="2027.csv", **extra):
    data = {"year": str(year), "file": SimpleUploadedFile(name, content, content_type="text/csv"), "note": "测试"}
    data.update(extra)
    return client.post(URL, data)


def test_anonymous_is_sent_to_login():
    r = Client().get(URL)
    assert r.status_code == 302
    assert "next=/calendar/" in r["Location"]


def test_public_users_get_404(public_user):
    assert logged_in(public_user).get(URL).status_code == 404


def test_staff_see_loaded_years_and_special_days_but_no_upload_form(handler):
    r = logged_in(handler).get(URL, {"year": "2018"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "工作日历" in html
    assert "2026" in html and "chinesecalendar" in html
    assert "2018-02-24" in html and "春节调休上班" in html
    assert 'enctype="multipart/form-data"' not in html


def test_unloaded_year_is_explained(handler):
    html = logged_in(handler).get(URL, {"year": "2027"}).content.decode()
    assert "尚未导入" in html


def test_non_admin_cannot_upload(handler):
    r = upload(logged_in(handler), 2027, CSV_2027.encode())
    assert r.status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_system_admin_uploads_a_year(sysadmin):
    client = logged_in(sysadmin)
    assert 'enctype="multipart/form-data"' in client.get(URL).content.decode()
    r = upload(client, 2027, CSV_2027.encode())
    assert r.status_code == 302
    assert r["Location"].endswith("/calendar/?year=2027")
    row = CalendarYear.objects.get(year=2027)
    assert (row.source, row.loaded_by, row.note) == ("admin", sysadmin, "测试")
    assert SpecialDay.objects.get(date=date(2027, 2, 20)).kind == "workday"
    assert AuditEvent.objects.filter(action="calendar.load", object_id="2027", actor=sysadmin).exists()
    page = client.get(r["Location"]).content.decode()
    assert "已导入 2027 年日历" in page
    assert "春节调休上班" in page


def test_bad_file_shows_the_errors_and_saves_nothing(sysadmin):
    bad = "date,kind,name\n2027-01-01,holiday,元旦\n2027-01-04,workday,调休\n2027/02/06,holiday,春节\n"
    r = upload(logged_in(sysadmin), 2027, bad.encode())
    assert r.status_code == 200
    html = r.content.decode()
    assert "第3行" in html and "周末" in html
    assert "第4行：日期格式不正确，应为 YYYY-MM-DD" in html
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not SpecialDay.objects.filter(date__year=2027).exists()
    assert not AuditEvent.objects.filter(action="calendar.load").exists()


def test_replacing_a_loaded_year_needs_confirmation(sysadmin):
    client = logged_in(sysadmin)
    content = b"date,kind,name\n2026-01-01,holiday,\xe5\x85\x83\xe6\x97\xa6\n"
    r = upload(client, 2026, content, name="2026.csv")
    assert r.status_code == 200
    assert "如需替换" in r.content.decode()
    assert CalendarYear.objects.get(year=2026).source == "chinesecalendar"
    r = upload(client, 2026, content, name="2026.csv", replace="on")
    assert r.status_code == 302
    assert CalendarYear.objects.get(year=2026).source == "admin"
    assert SpecialDay.objects.filter(year_id=2026).count() == 1
