"""Pages of the reports area: the statistics dashboard (per agency, or an agency with its subordinates, by year),
the records behind each figure, the XLSX export; the annual report's editor (paragraphs with their figures,
stale sentences marked), its DOCX and its publication; and the public list of published reports."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core.services import audit_record
from fazhi.core.web import error_messages, staff_gate
from fazhi.reports import charts, figures, selectors, services
from fazhi.reports.generator import report_docx
from fazhi.reports.models import AnnualReport, Section
from fazhi.reports.narrative import level_of, render_html, stale

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _months() -> list[str]:
    return [_("%(m)s月") % {"m": m} for m in range(1, 13)]


# ---- the request's scope -----------------------------------------------------------------------------------
class _Params:
    def __init__(self, request):
        self.agency = selectors.agency_for(request.user, request.GET.get("agency", ""))
        try:
            self.year = selectors.parse_year(request.GET.get("year"))
            self.bad_year = False
        except ValueError:
            self.year = selectors.parse_year(None)
            self.bad_year = True
        self.scope_name = "own" if request.GET.get("scope") == "own" else "tree"
        self.scope = selectors.scope_for(self.agency, self.year, self.scope_name)

    def query(self, **extra) -> str:
        return urlencode({"year": self.year, "agency": self.agency.code, "scope": self.scope_name, **extra})

    def records_url(self, key: str) -> str:
        return f"{reverse('reports:records', args=[key])}?{self.query()}"


def _params(request) -> _Params:
    p = _Params(request)
    if p.bad_year:
        messages.error(request, _("年份无效，已显示上一年度。"))
    return p


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


# ---- dashboard ---------------------------------------------------------------------------------------------
def _charts(p: _Params, ev: figures.Evaluation) -> list:
    def bar(key: str, label=None) -> charts.Bar:
        f, v = figures.get(key), ev[key]
        return charts.Bar(str(label or f.label), v.value if v.available else None, p.records_url(key),
                          display=f"{v.display}{'' if f.kind == 'rate' or not v.available else f.unit}")

    out = []
    month = figures.monthly(p.scope)
    out.append(charts.line_chart(_("%(y)s年各月收件") % {"y": p.year}, _months(),
                                 [(_("行政许可申请"), month["licensing"]), (_("群众诉求"), month["requests"])]))
    out.append(charts.bar_chart(_("行政许可"), [bar("licensing.total"), bar("licensing.online"),
                                                bar("licensing.granted"), bar("licensing.overdue")]))
    out.append(charts.bar_chart(_("行政检查"), [bar("inspection.planned.units"),
                                                bar("inspection.planned.rectification_orders"),
                                                bar("inspection.random.drawn"),
                                                bar("inspection.random.rectification_orders")]))
    out.append(charts.bar_chart(_("规范性文件"), [bar("norms.valid"), bar("norms.repealed"),
                                                  bar("norms.published"), bar("norms.cleanup.repealed")]))
    kinds = figures.request_kinds()
    if kinds:
        out.append(charts.bar_chart(_("群众诉求（按类型）"), [bar(f"requests.{c}.total", label) for c, label in kinds]))
    return out


def _sections(p: _Params, ev: figures.Evaluation) -> list[dict]:
    out = []
    for code, label, figs in figures.by_section():
        rows = [{"figure": f, "value": ev[f.key], "url": p.records_url(f.key)} for f in figs]
        out.append({"code": code, "label": label, "rows": rows,
                    "unavailable": all(not r["value"].available for r in rows)})
    return out


def dashboard(request):
    denied = staff_gate(request)
    if denied:
        return denied
    p = _params(request)
    ev = figures.evaluate(p.scope)
    return render(request, "reports/dashboard.html", {
        "p": p, "sections": _sections(p, ev), "charts": _charts(p, ev), "years": selectors.years(),
        "agencies": selectors.visible_agencies(request.user),
        "xlsx_url": f"{reverse('reports:dashboard_xlsx')}?{p.query()}",
    })


def dashboard_xlsx(request):
    denied = staff_gate(request)
    if denied:
        return denied
    from openpyxl import Workbook
    from openpyxl.styles import Font

    p = _params(request)
    ev = figures.evaluate(p.scope)
    wb = Workbook()
    ws = wb.active
    ws.title = _("数据")
    scope_label = _("本机关及下级机关") if p.scope_name == "tree" else _("本机关")
    ws.append([_("机关"), p.agency.name, _("年度"), p.year, _("统计范围"), str(scope_label)])
    ws.append([])
    header = [_("部分"), _("数据项"), _("数值"), _("单位"), _("分子"), _("分母"), _("键"), _("记录")]
    ws.append(header)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for _code, label, figs in figures.by_section():
        for f in figs:
            v = ev[f.key]
            value = v.value if v.available else None
            if isinstance(value, float):
                value = round(value, 4)
            elif value is not None and not isinstance(value, int):
                value = float(value)
            row = [str(label), str(f.label), value if v.available else v.display,
                   "%" if f.kind == "rate" else str(f.unit), v.num, v.den, f.key,
                   request.build_absolute_uri(p.records_url(f.key))]
            ws.append(row)
            if f.kind == "rate" and v.available and value is not None:
                ws.cell(row=ws.max_row, column=3).number_format = "0.0%"
    for col, width in zip("ABCDEFGH", (14, 30, 10, 8, 8, 8, 36, 60), strict=True):
        ws.column_dimensions[col].width = width
    month = figures.monthly(p.scope)
    ws2 = wb.create_sheet(_("按月"))
    ws2.append([_("月份"), _("行政许可申请"), _("群众诉求")])
    for m, (a, b) in enumerate(zip(month["licensing"], month["requests"], strict=True), start=1):
        ws2.append([f"{p.year}-{m:02d}", a, b])
    out = io.BytesIO()
    wb.save(out)
    audit_record(actor=request.user, action="reports.dashboard_export", object_type="core.Agency", object_id=p.agency.pk, detail={"year": p.year, "scope": p.scope_name}, ip=request.META.get("REMOTE_ADDR"))
    return _download(out.getvalue(), f"统计-{p.agency.name}-{p.year}.xlsx", XLSX)


def records(request, key: str):
    denied = staff_gate(request)
    if denied:
        return denied
    figure = figures.get(key)
    if figure is None:
        raise Http404
    p = _params(request)
    value = figures.evaluate(p.scope, [key])[key]
    qs = figures.records(figure, p.scope)
    page = numerator = None
    rows = []
    if qs is not None:
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        if figure.kind == "rate" and figure.numerator is not None:
            numerator = qs.filter(figure.numerator).count()
            in_num = set(qs.filter(figure.numerator, pk__in=[r.pk for r in page.object_list])
                         .values_list("pk", flat=True))
        else:
            in_num = set()
        for obj in page.object_list:
            rows.append({"cells": [c.get(obj) for c in figure.columns],
                         "link": figure.link(obj, request.user) if figure.link else None,
                         "numerator": obj.pk in in_num})
    return render(request, "reports/records.html", {
        "p": p, "figure": figure, "value": value, "page": page, "rows": rows, "numerator": numerator,
        "columns": [c.label for c in figure.columns], "page_query": p.query(),
        "dashboard_url": f"{reverse('reports:dashboard')}?{p.query()}",
    })


# ---- the annual report (staff) -----------------------------------------------------------------------------
def _report_context(request, agency, year: int) -> dict:
    report = selectors.report_of(agency, year)
    ctx = {"agency": agency, "year": year, "report": report, "own": agency.pk == request.user.agency_id,
           "can_edit": services.may_edit(request.user, agency) and agency.pk == request.user.agency_id,
           "can_publish": services.may_publish(request.user, agency) and agency.pk == request.user.agency_id,
           "sections": Section.choices}
    if report is None:
        return ctx
    rows = selectors.paragraphs(report)
    scope = selectors.report_scope(report)
    q = urlencode({"year": year, "agency": agency.code, "scope": report.scope})

    def link(key: str) -> str:
        return f"{reverse('reports:records', args=[key])}?{q}"

    available = []
    if report.is_published:
        current = report.figures
    else:
        ev = figures.evaluate(scope)  # every figure once: the paragraphs' values and the table of placeholders
        current = ev.display()
        available = [{"figure": figures.get(k), "value": v, "url": link(k)} for k, v in ev.values.items()]
    by_section: dict[str, list] = {}
    stale_count = 0
    for para in rows:
        marks = [] if report.is_published else stale(para.text, para.snapshot, current)
        stale_count += len(marks)
        snapshot = {} if report.is_published else para.snapshot
        by_section.setdefault(para.section, []).append({
            "p": para, "level": level_of(para.text), "html": render_html(para.text, snapshot, current, link),
            "stale": marks})
    ctx.update({
        "rows": rows, "stale_count": stale_count,
        "sections_rows": [(code, label, by_section.get(code, [])) for code, label in Section.choices],
        "available": available,
        "default_date": selectors.default_date(year),
        "query": f"?agency={agency.code}" if agency.pk != request.user.agency_id else "",
    })
    return ctx


def annual_index(request):
    denied = staff_gate(request)
    if denied:
        return denied
    agency = selectors.agency_for(request.user, request.GET.get("agency", ""))
    return render(request, "reports/annual_index.html", {
        "agency": agency, "reports": selectors.reports_of(agency), "years": selectors.years(),
        "agencies": selectors.visible_agencies(request.user),
        "can_edit": services.may_edit(request.user, agency) and agency.pk == request.user.agency_id,
    })


def _year(year: int) -> int:
    if not selectors.MIN_YEAR <= year <= selectors.MAX_YEAR:
        raise Http404
    return year


def annual(request, year: int):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(year)
    agency = selectors.agency_for(request.user, request.GET.get("agency", ""))
    if request.method == "POST":
        try:
            services.report_create(actor=request.user, agency=request.user.agency, year=year,
                                   scope=request.POST.get("scope") or AnnualReport.Scope.OWN)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            for m in error_messages(e):
                messages.error(request, m)
        else:
            messages.success(request, _("已按本年度数据生成报告草稿。"))
        return redirect("reports:annual", year=year)
    return render(request, "reports/annual.html", _report_context(request, agency, year))


def _own_report(request, year: int) -> AnnualReport:
    report = selectors.report_of(request.user.agency, _year(year))
    if report is None:
        raise Http404
    return report


def _post(request, year: int, action, success: str, anchor: str = ""):
    denied = staff_gate(request)
    if denied:
        return denied
    report = _own_report(request, year)
    try:
        anchor = action(report) or anchor
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    else:
        messages.success(request, success)
    return redirect(reverse("reports:annual", args=[year]) + anchor)


@require_POST
def annual_settings(request, year: int):
    def act(report):
        date = None
        raw = request.POST.get("date", "").strip()
        if raw:
            try:
                date = dt.date.fromisoformat(raw)
            except ValueError:
                raise ValidationError({"date": [_("日期格式应为YYYY-MM-DD。")]}) from None
        services.report_update(actor=request.user, report_id=report.pk, addressee=request.POST.get("addressee", ""),
                               title=request.POST.get("title", ""), date=date)

    return _post(request, year, act, _("已保存。"))


@require_POST
def paragraph_new(request, year: int):
    def act(report):
        p = services.paragraph_save(actor=request.user, report_id=report.pk, text=request.POST.get("text", ""),
                                    section=request.POST.get("section", ""))
        return f"#para-{p.pk}"

    return _post(request, year, act, _("已添加段落。"))


@require_POST
def paragraph(request, year: int, paragraph_id: int):
    def act(report):
        if request.POST.get("action") == "delete":
            services.paragraph_delete(actor=request.user, report_id=report.pk, paragraph_id=paragraph_id)
        else:
            services.paragraph_save(actor=request.user, report_id=report.pk, paragraph_id=paragraph_id,
                                    text=request.POST.get("text", ""))

    msg = _("已删除段落。") if request.POST.get("action") == "delete" else _("段落已保存。")
    return _post(request, year, act, msg, "" if request.POST.get("action") == "delete" else f"#para-{paragraph_id}")


@require_POST
def annual_publish(request, year: int):
    def act(report):
        raw = request.POST.get("date", "").strip()
        try:
            date = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ValidationError({"date": [_("日期格式应为YYYY-MM-DD。")]}) from None
        services.report_publish(actor=request.user, report_id=report.pk, date=date)

    return _post(request, year, act, _("报告已签发并在门户公开。"))


def annual_docx(request, year: int):
    denied = staff_gate(request)
    if denied:
        return denied
    agency = selectors.agency_for(request.user, request.GET.get("agency", ""))
    report = selectors.report_of(agency, _year(year))
    if report is None:
        raise Http404
    return _download(report_docx(report), report.filename, DOCX)


# ---- public ------------------------------------------------------------------------------------------------
def public_list(request):
    return render(request, "reports/public_list.html", {"reports": selectors.published_reports()})


def public_report(request, report_id: int):
    report = selectors.published_report(report_id)
    if report is None:
        raise Http404
    return render(request, "reports/public_report.html", {"report": report})


def public_docx(request, report_id: int):
    report = selectors.published_report(report_id)
    if report is None or not report.file:
        raise Http404
    return _download(report_docx(report), report.filename, DOCX)
