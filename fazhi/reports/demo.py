"""Demo annual reports (idempotent; loaded after every other demo, whose records the figures count):

* 2017, the seed letter: the provincial bureau's report on 2017 to 省政府法制办, written from the default paragraphs
  (every figure computed from the demo's 2017 records) and issued by the director on 2018-01-22 as
  黑档函〔2018〕15号. The 函 series of 2018 is set to 14 first: the bureau's first fourteen letters of 2018 were
  issued before the platform (on paper), so the gapless counter continues at 15, as in the letter;
* last year: a draft, for the editor.

The 2017 report is issued only when every figure it names is available (the apps behind them loaded); otherwise it
stays a draft and the next demo load issues it."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, DocumentNumberCounter, User

LETTER_YEAR = 2017
LETTER_DATE = dt.date(2018, 1, 22)
LETTER_ADDRESSEE = "省政府法制办"
LETTER_TITLE = "关于报送法治政府建设工作情况的函"
LETTER_SERIAL = 15


def load_reports_demo(agency: Agency, users: dict[str, User]) -> None:
    from fazhi.reports import selectors, services
    from fazhi.reports.models import AnnualReport

    report = selectors.report_of(agency, LETTER_YEAR)
    if report is None:
        with sysclock.frozen_today(LETTER_DATE):
            report = services.report_create(actor=users.get("legal"), agency=agency, year=LETTER_YEAR,
                                            addressee=LETTER_ADDRESSEE, title=f"{agency.name}{LETTER_TITLE}")
            report = services.report_update(actor=users.get("legal"), report_id=report.pk,
                                            addressee=LETTER_ADDRESSEE, title=report.title, date=LETTER_DATE)
    if report.status == AnnualReport.Status.DRAFT:
        values = selectors.report_values(report)
        if all(v.available for v in values.values.values()):
            code = services.number_code()
            counter, _created = DocumentNumberCounter.objects.get_or_create(agency=agency, number_code=code,
                                                                            year=LETTER_DATE.year)
            if counter.last < LETTER_SERIAL - 1:
                counter.last = LETTER_SERIAL - 1
                counter.save(update_fields=["last"])
            with sysclock.frozen_today(LETTER_DATE):
                services.report_publish(actor=users.get("director"), report_id=report.pk, date=LETTER_DATE)

    last_year = sysclock.today().year - 1
    if last_year > LETTER_YEAR and selectors.report_of(agency, last_year) is None:
        services.report_create(actor=users.get("legal"), agency=agency, year=last_year)
