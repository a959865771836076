"""Writes of the reports area: the annual report and its paragraphs. Keyword-only, each in one transaction.

Who: the report is written by the agency's section heads, legal reviewers, deputy directors and director
(``EDIT_ROLES``); only the director publishes it. ``actor=None`` is the system (the ``fazhi report`` command and
the demo). A published report is frozen: its DOCX, body and figures are kept as issued."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import audit_record, document_number_next
from fazhi.reports import figures, selectors
from fazhi.reports.models import SECTION_ORDER, AnnualReport, ReportParagraph
from fazhi.reports.narrative import default_paragraphs, placeholders
from fazhi.tlog.services import log_publication

EDIT_ROLES = frozenset({Role.SECTION_HEAD.value, Role.LEGAL_REVIEWER.value, Role.DEPUTY_DIRECTOR.value,
                        Role.DIRECTOR.value})
PUBLISH_ROLES = frozenset({Role.DIRECTOR.value})
MAX_TEXT = 5000


def number_code() -> str:
    """The 发文字号 code of the report's series: 函 (黑档函〔2018〕15号)."""
    return getattr(settings, "FAZHI_REPORT_NUMBER_CODE", "函")


def default_addressee(agency: Agency) -> str:
    """The superior agency; for the top agency, the provincial government's legal affairs office. Chinese whatever
    the reader's language: it is part of the document."""
    if agency.parent_id:
        return agency.parent.name
    with translation.override("zh-hans"):
        return _("省政府法制办公室")


def default_title(agency: Agency, year: int) -> str:
    with translation.override("zh-hans"):
        return _("%(agency)s关于%(year)s年度法治政府建设工作情况的报告") % {"agency": agency.name, "year": year}


def may_edit(user: User | None, agency: Agency) -> bool:
    if user is None:  # the system
        return True
    return is_business_staff(user) and user.agency_id == agency.pk and bool(EDIT_ROLES.intersection(user.roles))


def may_publish(user: User | None, agency: Agency) -> bool:
    if user is None:
        return True
    return is_business_staff(user) and user.agency_id == agency.pk and bool(PUBLISH_ROLES.intersection(user.roles))


def _check_edit(actor, report: AnnualReport) -> None:
    if not may_edit(actor, report.agency):
        raise PermissionDenied(_("只有本机关的科室负责人、法制审核人员和局领导可以撰写年度报告。"))
    if report.is_published:
        raise ValidationError({"status": [_("已发布的报告不能修改。")]})


def _locked(report_id: int) -> AnnualReport:
    try:
        # Lock the report row only: PostgreSQL refuses FOR UPDATE over the nullable side of an outer join
        # (agency → parent), so the related rows are read without the lock.
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
    except AnnualReport.DoesNotExist:
        raise ValidationError({"report": [_("报告不存在。")]}) from None
    report.agency = Agency.objects.select_related("parent").get(pk=report.agency_id)
    return report


def _validate_year(year: int) -> None:
    if not selectors.MIN_YEAR <= int(year) <= selectors.MAX_YEAR:
        raise ValidationError({"year": [_("年份应在2000至2100之间。")]})
    if int(year) > sysclock.today().year:
        raise ValidationError({"year": [_("不能为尚未开始的年度撰写报告。")]})


def _validate_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("段落内容不能为空。")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": [_("段落不能超过%(n)s字。") % {"n": MAX_TEXT}]})
    unknown = [k for k in placeholders(text) if figures.get(k) is None]
    if unknown:
        raise ValidationError({"text": [_("未知的数据项：%(keys)s。") % {"keys": "、".join(unknown)}]})
    return text


def _snapshot(report: AnnualReport, text: str) -> dict[str, str]:
    keys = placeholders(text)
    if not keys:
        return {}
    return figures.evaluate(selectors.report_scope(report), keys).display()


@transaction.atomic
def report_create(*, actor: User | None, agency: Agency, year: int, scope: str = AnnualReport.Scope.OWN,
                  addressee: str | None = None, title: str | None = None) -> AnnualReport:
    """A draft report for ``agency`` and ``year`` with the default paragraphs (structure of the seed letter), each
    with the snapshot of its figures."""
    if not may_edit(actor, agency):
        raise PermissionDenied(_("只有本机关的科室负责人、法制审核人员和局领导可以撰写年度报告。"))
    _validate_year(year)
    if scope not in AnnualReport.Scope.values:
        raise ValidationError({"scope": [_("统计范围无效。")]})
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": [_("该年度的报告已存在。")]})
    report = AnnualReport(agency=agency, year=year, scope=scope,
                          addressee=(addressee or default_addressee(agency)).strip(),
                          title=(title or default_title(agency, year)).strip(), created_by=actor)
    report.full_clean(exclude=["file"])
    report.save()
    ev = figures.evaluate(selectors.report_scope(report))
    rows = []
    counters: dict[str, int] = {}
    with translation.override("zh-hans"):  # the report is a Chinese document whatever the writer's language
        defaults = default_paragraphs(year=year, values=ev.values, request_kinds=figures.request_kinds())
    for section, text in defaults:
        counters[section] = counters.get(section, 0) + 1
        snap = {k: ev.values[k].display for k in placeholders(text) if k in ev.values}
        rows.append(ReportParagraph(report=report, section=section, order=counters[section] * 10, text=text,
                                    snapshot=snap, updated_by=actor))
    ReportParagraph.objects.bulk_create(rows)
    audit_record(actor=actor, action="reports.create", object_type="reports.AnnualReport", object_id=report.pk,
                 detail={"agency": agency.code, "year": year})
    return report


def report_ensure(*, agency: Agency, year: int, actor: User | None = None) -> AnnualReport:
    """The agency's report for ``year``, created as a draft with the default paragraphs when missing."""
    report = selectors.report_of(agency, year)
    return report or report_create(actor=actor, agency=agency, year=year)


@transaction.atomic
def report_update(*, actor: User | None, report_id: int, addressee: str, title: str,
                  date: dt.date | None = None) -> AnnualReport:
    report = _locked(report_id)
    _check_edit(actor, report)
    errors: dict[str, list] = {}
    addressee, title = (addressee or "").strip(), (title or "").strip()
    if not addressee:
        errors.setdefault("addressee", []).append(_("请填写主送机关。"))
    if not title:
        errors.setdefault("title", []).append(_("请填写标题。"))
    if date is not None and date.year <= report.year:
        errors.setdefault("date", []).append(_("成文日期应在报告年度之后（%(y)s年报告于次年印发）。") % {"y": report.year})
    if errors:
        raise ValidationError(errors)
    report.addressee, report.title, report.date = addressee, title, date
    report.full_clean(exclude=["file"])
    report.save(update_fields=["addressee", "title", "date", "updated_at"])
    return report


@transaction.atomic
def paragraph_save(*, actor: User | None, report_id: int, text: str, paragraph_id: int | None = None,
                   section: str | None = None) -> ReportParagraph:
    """Save a paragraph (a new one at the end of ``section``); the snapshot keeps the values of its figures now."""
    report = _locked(report_id)
    _check_edit(actor, report)
    text = _validate_text(text)
    if paragraph_id is not None:
        para = ReportParagraph.objects.filter(report=report, pk=paragraph_id).first()
        if para is None:
            raise ValidationError({"paragraph": [_("段落不存在。")]})
    else:
        if section not in SECTION_ORDER:
            raise ValidationError({"section": [_("请选择报告的部分。")]})
        last = ReportParagraph.objects.filter(report=report, section=section).order_by("-order").first()
        para = ReportParagraph(report=report, section=section, order=(last.order if last else 0) + 10)
    para.text = text
    para.snapshot = _snapshot(report, text)
    para.updated_by = actor
    para.save()
    report.save(update_fields=["updated_at"])
    return para


@transaction.atomic
def paragraph_delete(*, actor: User | None, report_id: int, paragraph_id: int) -> None:
    report = _locked(report_id)
    _check_edit(actor, report)
    deleted, _n = ReportParagraph.objects.filter(report=report, pk=paragraph_id).delete()
    if not deleted:
        raise ValidationError({"paragraph": [_("段落不存在。")]})


@transaction.atomic
def report_publish(*, actor: User | None, report_id: int, date: dt.date | None = None) -> AnnualReport:
    """Issue the report: the 发文字号 from the agency's 函 series of the issuing year (gapless, same transaction),
    the DOCX rendered and kept with its SHA-256, the body and the figures frozen. Published reports enter the
    portal."""
    from fazhi.documents.render import render_docx
    from fazhi.reports.generator import report_blocks, report_document

    report = _locked(report_id)
    if not may_publish(actor, report.agency):
        raise PermissionDenied(_("只有局长可以签发年度报告。"))
    if report.is_published:
        raise ValidationError({"status": [_("该报告已发布。")]})
    date = date or report.date or sysclock.today()
    if date.year <= report.year:
        raise ValidationError({"date": [_("成文日期应在报告年度之后（%(y)s年报告于次年印发）。") % {"y": report.year}]})
    if date > sysclock.today():
        raise ValidationError({"date": [_("成文日期不能晚于今天。")]})
    rows = selectors.paragraphs(report)
    if not rows:
        raise ValidationError({"paragraphs": [_("报告没有正文。")]})
    serial, number = document_number_next(agency=report.agency, number_code=number_code(), year=date.year)
    ev = selectors.report_values(report, rows)
    values = ev.display()
    content = render_docx(report_document(report, ev, number=number, date=date))
    report.number, report.serial, report.date = number, serial, date
    report.status = AnnualReport.Status.PUBLISHED
    report.published_on = sysclock.today()
    report.published_by = actor
    report.body = [{"text": b.text, "level": b.level} for b in report_blocks(report, values)]
    report.figures = values
    report.sha256 = hashlib.sha256(content).hexdigest()
    report.size = len(content)
    report.file.save(f"{report.agency.code}-{report.year}-annual-report.docx", ContentFile(content), save=False)
    report.save()
    log_publication("reports.annual", report.pk)  # the frozen report and its DOCX, in the transparency log
    audit_record(actor=actor, action="reports.publish", object_type="reports.AnnualReport", object_id=report.pk,
                 detail={"number": number, "sha256": report.sha256})
    return report

