"""Pages of petitions: the staff register with the year's statistics, the visit register, and recording a visit
(the petition itself is the generic case page with the petition panel, registered in fazhi/process/panels.py).
Registration is the one intake's staff form (``requests:staff_new`` with kind "petition")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import clock as sysclock
from fazhi.core.web import error_messages, staff_gate
from fazhi.petitions import selectors, services
from fazhi.petitions.access import PetitionNotFound, access_petition
from fazhi.petitions.process import PETITION
from fazhi.process.models import Case


def _year(request) -> int:
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else sysclock.today().year


def register(request):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(request)
    state = request.GET.get("state", "")
    page = Paginator(selectors.petitions_for(request.user, year=year, state=state), 30).get_page(request.GET.get("page"))
    return render(request, "petitions/register.html", {
        "page": page, "year": year, "state": state, "states": [(s.name, s.label) for s in PETITION.states],
        "stats": selectors.statistics(request.user.agency_id, year), "channels": dict(Case.Channel.choices),
        "years": list(range(sysclock.today().year, 2009, -1))})


def visits(request):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(request)
    page = Paginator(selectors.visits_for(request.user, year=year), 50).get_page(request.GET.get("page"))
    return render(request, "petitions/visits.html", {"page": page, "year": year,
                                                     "years": list(range(sysclock.today().year, 2009, -1))})


@require_POST
def visit_add(request, case_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        petition = access_petition(request.user, case_id)
    except PetitionNotFound:
        raise Http404 from None
    try:
        services.visit_record(
            actor=request.user, case_id=petition.case_id, visited_on=request.POST.get("visited_on", ""),
            persons=request.POST.get("persons", "") or 1, representatives=request.POST.get("representatives", ""),
            summary=request.POST.get("summary", ""), leader_received=request.POST.get("leader_received") == "1")
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except PermissionDenied:
        messages.error(request, _("只有本机关信访工作人员或负责人可以登记来访。"))
    else:
        messages.success(request, _("来访已登记。"))
    return redirect("portal:case", case_id=petition.case_id)


def panel_context(case, user) -> dict | None:
    """What the generic case page shows of a petition (staff only)."""
    try:
        petition = access_petition(user, case.pk)
    except PetitionNotFound:
        return None
    return {"detail": selectors.petition_detail(petition), "can_visit": services.may_record_visit(user),
            "today": sysclock.today().isoformat()}
