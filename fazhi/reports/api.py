"""/api/v1/reports: the figures of an agency's year (business staff of the agency or of a superior agency), each with
the URL of the page listing the records behind it; and the published annual reports (anyone)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, Forbidden, NotFound
from fazhi.core.access import is_business_staff
from fazhi.reports import figures, selectors

router = Router(tags=["reports"])


class ReportFigureOut(Schema):
    key: str
    label: str
    section: str
    unit: str
    kind: str
    value: float | None
    display: str
    available: bool
    numerator: int | None
    denominator: int | None
    records_url: str


class FiguresOut(Schema):
    agency: str
    year: int
    scope: str
    figures: list[ReportFigureOut]


class ReportOut(Schema):
    id: int
    agency: str
    agency_name: str
    year: int
    title: str
    number: str
    date: dt.date | None
    addressee: str
    docx_url: str
    sha256: str


@router.get("/figures", response=FiguresOut, auth=AUTH)
def figures_list(request, year: int, agency: str = "", scope: str = "tree"):
    """Every figure of the registry for ``agency`` (default: the caller's) and ``year``; ``scope`` ``tree`` (the
    agency and its subordinate agencies) or ``own``."""
    if not is_business_staff(request.user):
        raise Forbidden(_("只有本机关的业务人员可以查看统计。"))
    if not selectors.MIN_YEAR <= year <= selectors.MAX_YEAR:
        raise ApiError(_("年份无效。"), fields={"year": [_("年份应在2000至2100之间。")]})
    if scope not in ("tree", "own"):
        raise ApiError(_("统计范围无效。"), fields={"scope": [_("应为 tree 或 own。")]})
    try:
        target = selectors.agency_for(request.user, agency)
    except Http404:
        raise NotFound(_("没有找到该机关。")) from None
    sc = selectors.scope_for(target, year, scope)
    ev = figures.evaluate(sc)
    query = urlencode({"year": year, "agency": target.code, "scope": scope})
    out = []
    for f in figures.registry().values():
        v = ev[f.key]
        value = None if (v.value is None or not v.available) else float(v.value)
        out.append({"key": f.key, "label": str(f.label), "section": f.section,
                    "unit": "%" if f.kind == "rate" else str(f.unit), "kind": f.kind, "value": value,
                    "display": v.display, "available": v.available, "numerator": v.num, "denominator": v.den,
                    "records_url": f"{reverse('reports:records', args=[f.key])}?{query}"})
    return {"agency": target.code, "year": year, "scope": scope, "figures": out}


@router.get("/published", response=list[ReportOut], auth=None)
def published(request):
    """The published annual reports of every agency, newest first."""
    return [{"id": r.pk, "agency": r.agency.code, "agency_name": r.agency.name, "year": r.year, "title": r.title,
             "number": r.number, "date": r.date, "addressee": r.addressee, "sha256": r.sha256,
             "docx_url": reverse("reports:public_docx", args=[r.pk])}
            for r in selectors.published_reports()]
