"""Reads of the reports area: who sees which agency's figures, the scope of a request, the reports and their
paragraphs, the figures a report states.

Access: business staff see the figures of their own agency and of every agency below it (a superior sees its
subordinates' figures; a subordinate does not see its superior's, nor a foreign agency's: 404 either way). The
three administrators and public accounts see none. Published reports are public."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency
from fazhi.reports import figures
from fazhi.reports.models import SECTION_ORDER, AnnualReport, ReportParagraph
from fazhi.reports.narrative import placeholders

MIN_YEAR, MAX_YEAR = 2000, 2100


def top_agency() -> Agency | None:
    """The deployment's top agency: the first agency without a superior."""
    return Agency.objects.filter(parent__isnull=True).order_by("id").first()


def visible_agency_ids(user) -> list[int]:
    if not is_business_staff(user) or user.agency_id is None:
        return []
    return user.agency.descendants_and_self_ids()


def visible_agencies(user) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=visible_agency_ids(user)).order_by("level", "id")


def agency_for(user, code: str | None) -> Agency:
    """The agency ``code`` if the user may see its figures (default: the user's own); else 404."""
    if not is_business_staff(user):
        raise Http404
    if not code:
        return user.agency
    agency = Agency.objects.filter(code=code).first()
    if agency is None or agency.pk not in visible_agency_ids(user):
        raise Http404
    return agency


def parse_year(value, default: int | None = None) -> int:
    """A year between 2000 and 2100; ValueError otherwise. Empty: ``default`` or last year."""
    if value in (None, ""):
        return default if default is not None else sysclock.today().year - 1
    year = int(value)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(year)
    return year


def scope_for(agency: Agency, year: int, scope: str = "tree") -> figures.Scope:
    ids = agency.descendants_and_self_ids() if scope == "tree" else [agency.pk]
    return figures.Scope(agency_ids=tuple(ids), year=year)


def years() -> list[int]:
    this = sysclock.today().year
    return list(range(this, 2015, -1))


# ---- reports ---------------------------------------------------------------------------------------------------
def report_of(agency: Agency, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()


def reports_of(agency: Agency) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency=agency).order_by("-year")


def published_reports() -> QuerySet[AnnualReport]:
    return (AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED).select_related("agency")
            .order_by("-year", "-date", "agency_id"))


def published_report(pk) -> AnnualReport | None:
    try:
        return published_reports().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def paragraphs(report: AnnualReport) -> list[ReportParagraph]:
    rows = list(report.paragraphs.all())
    rows.sort(key=lambda p: (SECTION_ORDER.get(p.section, 99), p.order, p.pk))
    return rows


def report_scope(report: AnnualReport) -> figures.Scope:
    return scope_for(report.agency, report.year, report.scope)


def report_keys(rows: list[ReportParagraph]) -> list[str]:
    keys: list[str] = []
    for p in rows:
        for k in placeholders(p.text):
            if k not in keys:
                keys.append(k)
    return keys


def report_values(report: AnnualReport, rows: list[ReportParagraph] | None = None,
                  keys: list[str] | None = None) -> figures.Evaluation:
    """The current values of the figures the report's paragraphs name (only those are computed)."""
    rows = paragraphs(report) if rows is None else rows
    return figures.evaluate(report_scope(report), report_keys(rows) if keys is None else keys)


def default_date(year: int) -> dt.date:
    """A report on ``year`` is issued in the next year (by the end of its first quarter, 厅字〔2019〕28号)."""
    today = sysclock.today()
    return today if today.year > year else dt.date(year + 1, 1, 1)
