"""Pages of disclosure requests: the annual report's statistics (staff: page and XLSX) and the letter of a
third-party consultation (staff of the request's agency). The request itself is filed through the one intake
(/requests/new/disclosure/) and handled on the generic case page (/cases/<id>/), which includes
``disclosure/_panel.html``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.core.web import staff_gate
from fazhi.disclosure import results, selectors
from fazhi.disclosure.kind import DISCLOSURE_KIND
from fazhi.disclosure.models import ThirdPartyConsultation
from fazhi.process.access import can_view_case

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    raw = request.GET.get("year")
    try:
        year = int(raw or sysclock.today().year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        messages.error(request, _("年份无效，已显示本年度。"))
        year = sysclock.today().year
    return year


def statistics(request):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(request)
    stats = selectors.disclosure_statistics(request.user.agency, year)
    labels = {code: label for code, label, _level in selectors.ROWS}
    # Where each kind of reply is counted (the group's heading and the row), shown under the table.
    mapping = [(g.label, labels[g.row.split(".")[0]], labels[g.row] if "." in g.row else "", g.article)
               for g in results.GROUNDS.values()]
    return render(request, "disclosure/statistics.html", {
        "stats": stats, "year": year, "years": range(sysclock.today().year, 2018, -1), "mapping": mapping,
        "results_heading": selectors.RESULTS_HEADING})


def statistics_xlsx(request):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(request)
    data = selectors.statistics_xlsx(selectors.disclosure_statistics(request.user.agency, year))
    audit_record(actor=request.user, action="disclosure.statistics_export", object_type="core.Agency", object_id=request.user.agency_id, detail={"year": year}, ip=request.META.get("REMOTE_ADDR"))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="disclosure-statistics-{year}.xlsx"'
    return response


def consultation_file(request, pk: int):
    denied = staff_gate(request)
    if denied:
        return denied
    c = ThirdPartyConsultation.objects.select_related("case").filter(pk=pk).first()
    if c is None or not can_view_case(request.user, c.case):
        raise Http404
    return FileResponse(c.file.open("rb"), as_attachment=True, filename=c.filename,
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def panel_context(case, user) -> dict:
    """What the generic case page shows of a disclosure request (fazhi/process/panels.py), to staff and requester."""
    req = getattr(case, "public_request", None)
    values = req.fields if req else {}
    fields = []
    for f in DISCLOSURE_KIND.fields:
        value = values.get(f.name)
        if value in (None, ""):
            continue
        if f.choices:
            value = dict(f.choices).get(value, value)
        fields.append((f.label, value))
    d = getattr(case, "disclosure", None)
    staff = getattr(user, "kind", None) == User.Kind.STAFF
    notified, online = case.data.get("correction_notified_on"), case.data.get("submitted_online_on")
    return {
        "fields": fields,
        "correction_notified_on": dt.date.fromisoformat(notified) if notified else None,
        "submitted_online_on": dt.date.fromisoformat(online) if online else None,
        "d": d,
        "result_label": results.RESULT_LABELS.get(d.result, "") if d else "",
        "staff": staff,
        "consultations": list(case.consultations.all()) if staff else [],
        "correction_items": next((e.data.get("missing_materials") for e in case.events.filter(
            transition="request_correction")), None),
    }
