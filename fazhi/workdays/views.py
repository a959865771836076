"""The working-day calendar page at /calendar/: staff view it, system administrators upload a year."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.core import clock
from fazhi.workdays.calendar import WEEKDAY_NAMES, calendar_load_year
from fazhi.workdays.forms import CalendarUploadForm
from fazhi.workdays.models import CalendarYear, SpecialDay


def _is_system_admin(user) -> bool:
    return user.is_authenticated and user.kind == "staff" and "system_admin" in (user.roles or [])


@require_http_methods(["GET", "POST"])
def calendar_page(request):
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if getattr(user, "kind", "") != "staff":
        raise Http404
    can_upload = _is_system_admin(user)

    form = CalendarUploadForm() if can_upload else None
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        form = CalendarUploadForm(request.POST, request.FILES)
        if form.is_valid():
            year = form.cleaned_data["year"]
            holidays, workdays = form.parsed
            try:
                calendar_load_year(
                    year=year, holidays=holidays, workdays=workdays, actor=user,
                    source=CalendarYear.Source.ADMIN, note=form.cleaned_data["note"],
                )
            except ValidationError as e:
                form.add_error(None, e.messages)
            else:
                messages.success(
                    request,
                    _("已导入 %(year)s 年日历：放假 %(h)s 天，调休上班 %(w)s 天。")
                    % {"year": year, "h": len(holidays), "w": len(workdays)},
                )
                return redirect(f"{reverse('workdays:calendar')}?year={year}")

    years = list(
        CalendarYear.objects.select_related("loaded_by")
        .annotate(
            holiday_count=Count("special_days", filter=Q(special_days__kind=SpecialDay.Kind.HOLIDAY)),
            workday_count=Count("special_days", filter=Q(special_days__kind=SpecialDay.Kind.WORKDAY)),
        )
        .order_by("-year")
    )
    loaded = {row.year: row for row in years}
    this_year = clock.today().year
    try:
        selected = int(request.GET.get("year", ""))
    except ValueError:
        selected = this_year if this_year in loaded else (years[0].year if years else this_year)
    days = [
        {"date": d.date, "weekday": WEEKDAY_NAMES[d.date.weekday()], "kind": d.kind,
         "kind_label": d.get_kind_display(), "name": d.name}
        for d in SpecialDay.objects.filter(year_id=selected).order_by("date")
    ]
    missing = [y for y in (this_year, this_year + 1) if y not in loaded]
    return render(
        request,
        "workdays/calendar.html",
        {
            "years": years,
            "selected": selected,
            "selected_row": loaded.get(selected),
            "days": days,
            "missing": missing,
            "can_upload": can_upload,
            "form": form,
        },
    )
