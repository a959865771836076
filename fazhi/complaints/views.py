"""Pages of complaints and reports for staff: the list of the agency's requests (the requester masked unless the
officer is designated) and its XLSX export. A request itself is the generic case page with the complaint panel
(``panel_context``); filing is the one intake (/requests/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from fazhi.complaints import selectors, services
from fazhi.core import clock as sysclock
from fazhi.core.web import staff_gate
from fazhi.requests.kinds import get_kind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    g = request.GET
    year = g.get("year", "")
    return {"kind": g.get("kind", "") if g.get("kind") in services.KINDS else "",
            "state": g.get("state", "") if g.get("state") in ("open", "closed") else "",
            "year": int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None}


@require_GET
def index(request):
    denied = staff_gate(request)
    if denied:
        return denied
    filters = _filters(request)
    page = Paginator(selectors.staff_complaints(request.user, **filters), 30).get_page(request.GET.get("page"))
    return render(request, "complaints/list.html", {
        "page": page, "rows": selectors.rows(request.user, page), "filters": filters,
        "kinds": [(k, get_kind(k).label) for k in services.KINDS],
        "years": range(sysclock.today().year, 2015, -1), "query": request.GET.urlencode(),
    })


@require_GET
def export(request):
    denied = staff_gate(request)
    if denied:
        return denied
    data = services.complaint_export(actor=request.user,
                                     queryset=selectors.staff_complaints(request.user, **_filters(request)))
    response = HttpResponse(data, content_type=XLSX)
    filename = f"投诉举报-{sysclock.today().strftime('%Y%m%d')}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def panel_context(case, user) -> dict | None:
    """What the generic case page shows of a complaint or report (fazhi/portal/views.case_page)."""
    return selectors.panel_context(case, user)
