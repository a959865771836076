from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.workdays.calendar import day_status
from fazhi.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db


def test_load_and_show(tmp_path, sysadmin):
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,workday,春节调休上班\n", encoding="utf-8")
    out = StringIO()
    call_command("calendar", "load", "2027", str(path), "--note", "国办发明电", "--user", "sysadmin", stdout=out)
    assert "已导入 2027 年日历" in out.getvalue()
    assert CalendarYear.objects.get(year=2027).loaded_by == sysadmin
    assert day_status(date(2027, 1, 1)).reason == "元旦"
    out = StringIO()
    call_command("calendar", "show", "2027", stdout=out)
    assert "2027-02-20  周六  调休上班  春节调休上班" in out.getvalue()


def test_load_json(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text('{"holidays": [{"date": "2027-01-01", "name": "元旦"}], "workdays": []}', encoding="utf-8")
    call_command("calendar", "load", "2027", str(path), stdout=StringIO())
    assert CalendarYear.objects.get(year=2027).source == "admin"


def test_load_errors_are_command_errors(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,name\n2027-01-04,workday,调休\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("calendar", "load", "2027", str(path))
    assert "第2行" in str(exc.value)
    assert not CalendarYear.objects.filter(year=2027).exists()
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("calendar", "load", "2027", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="年份不正确"):
        call_command("calendar", "load", "twenty", str(path))


def test_show_unloaded_year_fails():
    with pytest.raises(CommandError, match="尚未导入"):
        call_command("calendar", "show", "2027")


def test_seed_is_idempotent():
    out = StringIO()
    call_command("calendar", "seed", stdout=out)
    assert "已是最新" in out.getvalue()
    CalendarYear.objects.filter(year=2010).delete()
    out = StringIO()
    call_command("calendar", "seed", stdout=out)
    assert "2010" in out.getvalue()
    assert CalendarYear.objects.filter(year=2010).exists()
    with pytest.raises(CommandError):
        call_command("calendar", "seed", "--year", "2030")
