"""The annual report as an official letter (函, GB/T 9704-2012 信函格式): the agency's mark, its 发文字号, the title,
the 主送机关, the paragraphs with their figures filled in, the agency's signature and the date.

``report_docx(report)`` is the one generator, used by ``fazhi report annual`` and by the web: a draft is rendered
from the current records; a published report is the DOCX frozen when it was issued."""

from __future__ import annotations

from fazhi.documents.render import Block, OfficialDocument, render_docx
from fazhi.reports import selectors
from fazhi.reports.figures import Evaluation
from fazhi.reports.models import AnnualReport
from fazhi.reports.narrative import fill, level_of


def report_blocks(report: AnnualReport, values: dict[str, str]) -> list[Block]:
    return [Block(fill(p.text, values).strip(), level_of(p.text)) for p in selectors.paragraphs(report)
            if p.text.strip()]


def report_document(report: AnnualReport, ev: Evaluation | None = None, *, number: str | None = None,
                    date=None) -> OfficialDocument:
    ev = ev if ev is not None else selectors.report_values(report)
    agency = report.agency
    return OfficialDocument(
        issuer=agency.name,
        issuer_mark=agency.name,  # 信函格式: the agency's full name as the mark
        number=report.number if number is None else number,
        title=report.title,
        addressee=report.addressee,
        body=report_blocks(report, ev.display()),
        date=date or report.date or selectors.default_date(report.year),
        signature=agency.name,
        layout="letter",
    )


def render_report_docx(report: AnnualReport, ev: Evaluation | None = None, **kw) -> bytes:
    """Render the report from the current records."""
    return render_docx(report_document(report, ev, **kw))


def report_docx(report: AnnualReport) -> bytes:
    """The report's DOCX: as issued for a published report, else rendered from the current records."""
    if report.is_published and report.file:
        with report.file.open("rb") as fh:
            return fh.read()
    return render_report_docx(report)
