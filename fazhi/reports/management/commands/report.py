"""fazhi report annual YEAR [--agency CODE] --out FILE.docx

Write the agency's annual rule-of-law report for YEAR (the deployment's top agency by default) as a DOCX in GB/T
9704 letter layout. A missing report is created as a draft with the default paragraphs; a published one is written
as issued. Prints the figures the report states."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import Agency


class Command(BaseCommand):
    help = "fazhi report annual YEAR [--agency CODE] --out FILE.docx: the annual rule-of-law report as DOCX."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["annual", "disclosure"])
        parser.add_argument("year", type=int)
        parser.add_argument("--agency", default="", help="agency code (default: the top agency of the deployment)")
        parser.add_argument("--out", required=True, help="the DOCX file to write")
        parser.add_argument("--force", action="store_true", help="disclosure: overwrite an existing file")

    def handle(self, *args, **opts):
        if opts["what"] == "disclosure":  # 政府信息公开工作年度报告 (fazhi/disclosure/report.py)
            from fazhi.disclosure.report import command_write

            for line in command_write(year=opts["year"], agency_code=opts["agency"], out=opts["out"],
                                      force=opts["force"]):
                self.stdout.write(line)
            return
        from fazhi.reports import figures, selectors, services
        from fazhi.reports.generator import report_docx

        year = opts["year"]
        if not selectors.MIN_YEAR <= year <= selectors.MAX_YEAR:
            raise CommandError("YEAR must be between 2000 and 2100")
        if opts["agency"]:
            agency = Agency.objects.filter(code=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"no agency with code {opts['agency']!r}")
        else:
            agency = selectors.top_agency()
            if agency is None:
                raise CommandError("no agency: load the demo or create the agencies first")
        try:
            report = services.report_ensure(agency=agency, year=year)
        except Exception as e:  # ValidationError: a year that has not begun, etc.
            raise CommandError(str(e)) from e
        content = report_docx(report)
        out = Path(opts["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        rows = selectors.paragraphs(report)
        keys = selectors.report_keys(rows)
        if report.is_published:
            values = report.figures
        else:
            values = selectors.report_values(report, rows, keys).display()
        self.stdout.write(f"{report.title}  {report.number or '(draft)'}  {agency.name} {year}")
        for key in keys:
            f = figures.get(key)
            label = str(f.label) if f else key
            self.stdout.write(f"  {key:<42} {label}：{values.get(key, '—')}")
        self.stdout.write(f"wrote {out} ({len(content)} bytes)")
