"""Pages of disclosure requests: the annual report's statistics (staff: page and XLSX) and the letter of a
third-party consultation (staff of the request's agency). The request itself is filed through the one intake
(/requests/new/disclosure/) and handled on the generic case page (/cases/<id>/), which includes
``disclosure/_panel.html``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.core.web import error_messages, staff_gate
from fazhi.disclosure import report as annual
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


# ---- 政府信息公开工作年度报告 (条例第四十九条、第五十条; fazhi/disclosure/report.py) --------------------------------
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _report_year(year: int) -> int:
    if not annual.MIN_YEAR <= year <= annual.MAX_YEAR:
        raise Http404
    return year


def _sections(report, fig: dict) -> list[dict]:
    specs = annual.tables(fig)
    out = []
    for field, heading, required, table in annual.SECTIONS:
        paras = annual._paragraphs(getattr(report, field))
        if field == "other_matters":
            paras.insert(0, annual.fee_sentence(fig["fees"]))
        out.append({"field": field, "heading": heading, "required": required, "text": getattr(report, field),
                    "paragraphs": paras, "table": table, "rows": specs[table] if table else None})
    return out


def report_index(request):
    denied = staff_gate(request)
    if denied:
        return denied
    agency = request.user.agency
    today = sysclock.today()
    by_year = {r.year: r for r in annual.reports_of(agency)}
    years = [{"year": y, "report": by_year.get(y), "deadline": annual.deadline(y),
              "late": annual.is_late(y, by_year.get(y), today)}
             for y in range(today.year, 2018, -1)]
    return render(request, "disclosure/report_index.html", {
        "agency": agency, "years": years, "can_edit": annual.may_edit(request.user, agency)})


def report_page(request, year: int):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _report_year(year)
    agency = request.user.agency
    if request.method == "POST":
        try:
            annual.report_create(actor=request.user, agency=agency, year=year)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            for m in error_messages(e):
                messages.error(request, m)
        else:
            messages.success(request, _("已创建报告草稿，表格数据由本年度记录计算。"))
        return redirect("disclosure:report", year=year)
    report = annual.report_of(agency, year)
    ctx = {"agency": agency, "year": year, "report": report, "deadline": annual.deadline(year),
           "late": annual.is_late(year, report), "can_edit": annual.may_edit(request.user, agency),
           "can_publish": annual.may_publish(request.user, agency)}
    if report is not None:
        fig = annual.figures_of(report)
        ctx.update({"sections": _sections(report, fig), "fig": fig,
                    "litigation_rows": [(k, label, [(r, rl, fig["remedies"][k][r]) for r, rl in annual.REMEDY_RESULTS
                                                    if r != "total"]) for k, label in annual.LITIGATION_KINDS],
                    "proactive_rows": [
                        (key, label, fig["proactive"]["rules"][key[6:]] if key.startswith("rules.") else fig["proactive"][key])
                        for key, label in [*annual.PROACTIVE_ENTRIES, ("charges", _("行政事业性收费·本年收费金额（万元）"))]]})
    return render(request, "disclosure/report.html", ctx)


def _report_post(request, year: int, action, success: str, anchor: str = ""):
    denied = staff_gate(request)
    if denied:
        return denied
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    report = annual.report_of(request.user.agency, _report_year(year))
    if report is None:
        raise Http404
    try:
        action(report)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    else:
        messages.success(request, success)
    return redirect(reverse("disclosure:report", args=[year]) + anchor)


def report_text(request, year: int):
    def act(report):
        texts = {f: request.POST[f] for f in annual.TEXT_FIELDS if f in request.POST}
        annual.report_write(actor=request.user, report_id=report.pk, texts=texts)

    return _report_post(request, year, act, _("已保存。"), "#narrative")


PROACTIVE_FIELDS = [key for key, _label in annual.PROACTIVE_ENTRIES] + ["charges"]


def report_litigation(request, year: int):
    """The figures staff enter (no records in the system): the lawsuits of table 四 and, when the form sends them,
    the rows 规章 / 行政强制 / 行政事业性收费 of table 二 — saved together or not at all."""
    def act(report):
        values = {k: {r: request.POST.get(f"{k}.{r}", "") for r, _l in annual.REMEDY_RESULTS if r != "total"}
                  for k, _label in annual.LITIGATION_KINDS}
        with transaction.atomic():
            annual.report_litigation(actor=request.user, report_id=report.pk, values=values)
            if any(f"proactive.{key}" in request.POST for key in PROACTIVE_FIELDS):
                annual.report_proactive_entries(actor=request.user, report_id=report.pk, values={
                    key: request.POST.get(f"proactive.{key}", "") for key in PROACTIVE_FIELDS})

    return _report_post(request, year, act, _("填报数据已保存。"), "#table-remedies")


def report_publish(request, year: int):
    def act(report):
        annual.report_publish(actor=request.user, report_id=report.pk)

    return _report_post(request, year, act, _("报告已在门户公开。"))


def report_docx(request, year: int):
    denied = staff_gate(request)
    if denied:
        return denied
    report = annual.report_of(request.user.agency, _report_year(year))
    if report is None:
        raise Http404
    return _docx_response(annual.report_docx(report), report.filename)


def public_reports(request):
    return render(request, "disclosure/report_public_list.html", {"reports": annual.published_reports()})


def public_report(request, report_id: int):
    report = annual.published_report(report_id)
    if report is None:
        raise Http404
    return render(request, "disclosure/report_public.html", {
        "report": report, "sections": _sections(report, report.figures)})


def public_report_docx(request, report_id: int):
    report = annual.published_report(report_id)
    if report is None or not report.file:
        raise Http404
    return _docx_response(annual.report_docx(report), report.filename)
