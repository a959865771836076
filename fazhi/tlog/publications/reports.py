"""``reports.annual``: a published 法治政府建设年度报告 (《法治政府建设与责任落实督察工作规定》(2019): the annual
report is made public through the press or the government website), frozen at publication: its title, 发文字号, year, agency,
addressee, date, the body as the public page shows it, and ``file_sha256`` of the issued DOCX's bytes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.tlog.publications import as_int, body, day, file_sha256, register_kind

KIND = "reports.annual"


def content(object_id: str) -> bytes | None:
    from fazhi.reports.selectors import published_report

    report = published_report(as_int(object_id))
    if report is None:
        return None
    return body({
        "title": report.title, "number": report.number, "year": report.year, "agency": report.agency.name,
        "addressee": report.addressee, "date": day(report.date), "published_on": day(report.published_on),
        "body": [{"level": b.get("level"), "text": b.get("text", "")} for b in report.body or []],
        "file_sha256": file_sha256(report.file),
    })


def published():
    from fazhi.reports.selectors import published_reports

    return (str(pk) for pk in published_reports().order_by("pk").values_list("pk", flat=True))


def page(object_id: str) -> str | None:
    pk = as_int(object_id)
    return reverse("reports:public_report", kwargs={"report_id": pk}) if pk else None


def register() -> None:
    register_kind(name=KIND, label=_("法治政府建设年度报告"), content=content, published=published, page=page)
