"""Pages of the officers area.

* ``/officers/public/`` 执法人员公示: every officer of every agency, for everyone.
* ``/officers/`` and ``/officers/<id>/``: business staff of the officer's agency (``staff_gate``: anonymous users go
  to the login page; public accounts, the three administrators and another agency's staff get 404).
* The forms of the detail page POST to ``certificate/``, ``exams/`` and ``training/``: the agency's legal reviewers
  and director (others: 404, like every staff page). Bad input re-renders the page with the Chinese messages
  (400) and saves nothing; success redirects back with a message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from fazhi.core import clock
from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.inspection.models import Officer
from fazhi.officers import access
from fazhi.officers.access import OfficerNotFound
from fazhi.officers.models import CertificateEvent
from fazhi.officers.selectors import PAGE_SIZE, public_officers, row, staff_officers
from fazhi.officers.services import (
    EXPIRY_WARNING_DAYS,
    LEGAL_BASIS_ARTICLE_42,
    annual_training_hours,
    certificate_act,
    exam_record,
    format_day,
    training_hours,
    training_hours_by_year,
    training_record,
)

RENEW_FIELDS = ("certificate_number", "issuing_authority", "valid_from", "valid_until")


@require_GET
def public(request):
    """执法人员公示."""
    filters = {"agency": request.GET.get("agency", "").strip(), "q": request.GET.get("q", "").strip()}
    errors: list[str] = []
    try:
        qs = public_officers(**filters)
    except ValidationError as e:
        errors = error_messages(e)
        qs = Officer.objects.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    return render(request, "officers/public.html", {
        "page": page, "rows": [row(o, today) for o in page], "filters": filters, "errors": errors, "today": today,
        "agencies": Agency.objects.order_by("id"), "basis": LEGAL_BASIS_ARTICLE_42,
    }, status=400 if errors else 200)


@require_GET
def officer_list(request):
    denied = staff_gate(request)
    if denied:
        return denied
    today = clock.today()
    filters = {"q": request.GET.get("q", "").strip(), "warn": request.GET.get("warn") == "1"}
    qs = staff_officers(agency_id=request.user.agency_id, day=today, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "officers/list.html", {
        "page": page, "rows": [row(o, today, with_hours=True) for o in page], "filters": filters, "today": today,
        "required": annual_training_hours(), "window": EXPIRY_WARNING_DAYS, "agency": request.user.agency,
    })


def _staff_officer(request, officer_id: int):
    try:
        return access.staff_officer_by_id(request.user, officer_id)
    except OfficerNotFound:
        raise Http404 from None


FIELD_LABELS = {"certificate_number": gettext_lazy("执法证号"), "issuing_authority": gettext_lazy("发证机关"),
                "valid_from": gettext_lazy("有效期起"), "valid_until": gettext_lazy("有效期至"),
                "status": gettext_lazy("证件状态")}


def _shown(field: str, value) -> str:
    if value in (None, ""):
        return ""
    if field == "status":
        return str(dict(Officer.Status.choices).get(value, value))
    if field in ("valid_from", "valid_until"):
        try:
            return format_day(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _changes(event: CertificateEvent) -> list[tuple[str, str, str]]:
    """(field, before, after) of the fields an event changed (all of them for an issue)."""
    out = []
    for field, label in FIELD_LABELS.items():
        if field not in event.new:
            continue
        before, after = event.old.get(field), event.new[field]
        if before != after or event.action == CertificateEvent.Action.ISSUE:
            out.append((str(label), _shown(field, before), _shown(field, after)))
    return out


def _detail(request, officer, *, errors: dict | None = None, values: dict | None = None, status: int = 200):
    today = clock.today()
    events = [(e, _changes(e)) for e in CertificateEvent.objects.filter(officer=officer).order_by("-at", "-id")]
    return render(request, "officers/detail.html", {
        "officer": officer, "row": row(officer, today), "today": today,
        "events": events, "exams": officer.exam_results.all(), "training": officer.training_records.all(),
        "hours_this_year": training_hours(officer, today.year), "hours_by_year": training_hours_by_year(officer),
        "required": annual_training_hours(), "can_manage": access.can_manage(request.user, officer),
        "errors": errors or {}, "values": values or {}, "basis": LEGAL_BASIS_ARTICLE_42,
        "window": EXPIRY_WARNING_DAYS,
    }, status=status)


@require_GET
def detail(request, officer_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    return _detail(request, _staff_officer(request, officer_id))


def _manager_officer(request, officer_id: int):
    officer = _staff_officer(request, officer_id)
    if not access.can_manage(request.user, officer):
        raise Http404
    return officer


def _act(request, officer_id: int, form: str, write, done: str):
    """Run one form's write; on bad input show the page again with its messages and the values typed."""
    denied = staff_gate(request)
    if denied:
        return denied
    officer = _manager_officer(request, officer_id)
    values = {k: v.strip() for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    try:
        write(officer, values)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        officer.refresh_from_db()
        return _detail(request, officer, errors={form: error_messages(e)}, values={form: values}, status=400)
    messages.success(request, done)
    return redirect("officers:detail", officer_id=officer.pk)


@require_POST
def certificate(request, officer_id: int):
    def write(officer, v):
        certificate_act(officer_id=officer.pk, actor=request.user, action=v.get("action", ""),
                        reason=v.get("reason", ""), **{k: v.get(k, "") for k in RENEW_FIELDS})

    form = "renew" if request.POST.get("action") == "renew" else "certificate"
    return _act(request, officer_id, form, write, _("执法证已更新，变更已记录。"))


@require_POST
def exams(request, officer_id: int):
    def write(officer, v):
        exam_record(officer_id=officer.pk, actor=request.user, date=v.get("date", ""), subject=v.get("subject", ""),
                    score=v.get("score", ""), passed=v.get("passed", ""))

    return _act(request, officer_id, "exam", write, _("考试成绩已录入。"))


@require_POST
def training(request, officer_id: int):
    def write(officer, v):
        training_record(officer_id=officer.pk, actor=request.user, date=v.get("date", ""), title=v.get("title", ""),
                        hours=v.get("hours", ""), organizer=v.get("organizer", ""))

    return _act(request, officer_id, "training", write, _("培训记录已录入。"))
