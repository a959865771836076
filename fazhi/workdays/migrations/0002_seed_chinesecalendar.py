"""Seed the calendar from the chinesecalendar package (2004–2026 in 1.11.0), so ``migrate`` gives a ready
calendar. ``fazhi calendar seed`` re-runs it through the services (audited); later years are loaded by an
administrator (``fazhi calendar load YEAR FILE`` or the /calendar/ page)."""

from django.db import migrations


def seed(apps, schema_editor):
    from fazhi.workdays.calendar import chinesecalendar_data, chinesecalendar_note

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    db = schema_editor.connection.alias
    data = chinesecalendar_data()
    present = set(CalendarYear.objects.using(db).filter(year__in=list(data)).values_list("year", flat=True))
    note = chinesecalendar_note()
    CalendarYear.objects.using(db).bulk_create(
        [CalendarYear(year=y, source="chinesecalendar", note=note) for y in data if y not in present]
    )
    rows = []
    for year, (holidays, workdays) in data.items():
        if year in present:
            continue
        rows += [SpecialDay(date=d, kind="holiday", name=n, year_id=year) for d, n in holidays]
        rows += [SpecialDay(date=d, kind="workday", name=n, year_id=year) for d, n in workdays]
    SpecialDay.objects.using(db).bulk_create(rows, batch_size=500)


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarYear.objects.using(schema_editor.connection.alias).filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
