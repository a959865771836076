"""The demo's 政府信息公开工作年度报告: last year's report of the provincial bureau, with its narrative, published on
20 January (before the 31 January of 条例第四十九条), over the demo's year of requests (every applicant type, one
carried in from the year before); loading again changes nothing."""

from __future__ import annotations

import datetime as dt

from fazhi.disclosure import report as annual
from fazhi.disclosure.demo import load_disclosure_demo
from fazhi.process.models import Case
from fazhi.tlog.models import LogEntry
from tests.disclosure.conftest import client
from tests.disclosure.test_annual_report import COLUMNS, expected_requests


def test_demo_report(world, today):
    load_disclosure_demo(world.agency, world.users)
    y = today.year - 1
    report = annual.report_of(world.agency, y)
    assert report is not None and report.is_published
    assert report.published_on == dt.date(y + 1, 1, 20) <= annual.deadline(y)
    assert not annual.is_late(y, report, today)
    assert report.overview and report.problems and report.other_matters
    rows = {r["code"]: r["values"] for r in report.figures["requests"]["rows"]}
    want = expected_requests(world.agency)
    for code, values in want.items():
        assert rows[code] == values, code
    assert all(rows["new"][c] for c in COLUMNS if c != "other") and rows["carried_in"]["other"] == 1
    assert rows["carried_out"]["total"] == 1 and report.figures["requests"]["balanced"]
    assert LogEntry.objects.filter(kind=annual.KIND, object_id=str(report.pk)).count() == 1
    n, sha = Case.objects.filter(kind="disclosure").count(), report.sha256
    load_disclosure_demo(world.agency, world.users)
    report.refresh_from_db()
    assert Case.objects.filter(kind="disclosure").count() == n and report.sha256 == sha
    assert LogEntry.objects.filter(kind=annual.KIND).count() == 1
    page = client().get("/disclosure/public/reports/").content.decode()
    assert report.title in page
