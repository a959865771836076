"""政府信息公开工作年度报告 (条例第四十九条、第五十条; 国办公开办函〔2021〕30号): every figure of the three tables equals
an independent count over the records (written here with the ORM, not through the report's code), over a
constructed year 2025 with requests of every applicant type and result, carried in from 2024 and over into 2026;
the DOCX (six headings, three tables, the numbers); the staff page and the portal (who sees what); publication
(frozen figures and DOCX, the transparency log, the 31 January check); ``fazhi report disclosure``."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import re

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Q

from fazhi.core import clock as sysclock
from fazhi.core.models import AuditEvent
from fazhi.disclosure import report as annual
from fazhi.disclosure.models import DisclosureAnnualReport, DisclosureRequest
from fazhi.process.models import Case
from fazhi.reconsideration.models import Reconsideration
from fazhi.tlog.models import LogEntry
from tests.disclosure.conftest import client
from tests.reports.conftest import case, norm

D = dt.date
YEAR = 2025
START, END = D(2025, 1, 1), D(2025, 12, 31)
COLUMNS = ("person", "business", "research", "public_interest", "legal_service", "other")
# Where each reply is counted (国办公开办函〔2021〕30号), restated here by hand: result → group, ground → row.
ROW_OF_GROUND = {
    "published": "open", "open": "open",
    "state_secret": "withheld.state_secret", "law_forbids": "withheld.law_forbids",
    "three_security": "withheld.three_security", "third_party": "withheld.third_party",
    "internal_affairs": "withheld.internal_affairs", "process_info": "withheld.process_info",
    "enforcement_file": "withheld.enforcement_file", "special_registry": "withheld.special_registry",
    "not_exist": "unavailable.not_held", "not_ours": "unavailable.not_held",
    "needs_creation": "unavailable.needs_creation", "unclear": "unavailable.unclear",
    "petition": "not_processed.petition", "duplicate": "not_processed.duplicate",
    "publication": "not_processed.publication", "excessive": "not_processed.excessive",
    "reconfirm": "not_processed.reconfirm", "not_gov_info": "other.other",
    "no_correction": "other.no_correction", "fee_unpaid": "other.fee_unpaid", "withdrawn": "other.other",
}
RESULT_OF_GROUND = {
    "published": "open", "open": "open", "not_exist": "unavailable", "not_ours": "unavailable",
    "needs_creation": "unavailable", "unclear": "unavailable", "petition": "not_processed",
    "duplicate": "not_processed", "publication": "not_processed", "excessive": "not_processed",
    "reconfirm": "not_processed", "not_gov_info": "not_processed", "no_correction": "other", "fee_unpaid": "other",
    "withdrawn": "other",
}
_n = itertools.count(1)


def request(agency, column: str, received: dt.date, *, ground: str = "", partial: bool = False,
            closed: dt.date | None = None, fee=None) -> Case:
    c = case(agency, "disclosure", received, closed=closed, decided=closed)
    c.party_kind = "person" if column == "person" else "legal_person"
    c.save(update_fields=["party_kind"])
    result = "partial" if partial else (RESULT_OF_GROUND.get(ground, "withheld") if ground else "")
    DisclosureRequest.objects.create(case=c, requester_type=column, result=result if closed else "",
                                     ground=ground if closed else "", replied_on=closed, fee=fee)
    return c


def reconsideration(agency, received, *, role="respondent", challenged=None, decision="", decided=None,
                    closed=None, counterpart=None, act_title="政府信息公开答复") -> Reconsideration:
    kind = "reconsideration_respondent" if role == "respondent" else "reconsideration"
    c = case(agency, kind, received, closed=closed, decided=decided)
    return Reconsideration.objects.create(case=c, role=role, respondent_name=agency.name, respondent_agency=agency,
                                          act_title=act_title, challenged_case=challenged, decision_type=decision,
                                          counterpart=counterpart)


@pytest.fixture
def year(world, today):
    """The constructed year 2025 of the provincial bureau (world.agency), plus what must not be counted."""
    hlj, other = world.agency, world.other
    grounds = list(ROW_OF_GROUND)
    day = itertools.count(0)

    def when(month_from: int = 1) -> dt.date:
        return D(2025, month_from, 1) + dt.timedelta(days=next(day) % 150)

    # Received in 2025 and replied in 2025: every column, every ground, some partial.
    for i, (column, ground) in enumerate(itertools.product(COLUMNS, grounds)):
        if i % 3 == 0:
            continue  # not every pair: the counts differ between columns
        received = when()
        request(hlj, column, received, ground=ground, partial=(i % 7 == 0 and ground == "third_party"),
                closed=received + dt.timedelta(days=10), fee="12.50" if i % 11 == 0 else None)
    for column in COLUMNS:
        request(hlj, column, D(2025, 6, 1), ground="process_info", partial=True, closed=D(2025, 6, 20))
    # Carried in from 2024: replied in 2025, or still open at the end of 2025 (then carried out too).
    for column in ("person", "business", "other"):
        request(hlj, column, D(2024, 12, 20), ground="open", closed=D(2025, 1, 10))
    request(hlj, "legal_service", D(2024, 11, 5))
    # Carried over into 2026: received in 2025, replied in 2026 or not at all.
    request(hlj, "person", D(2025, 12, 29), ground="open", closed=D(2026, 1, 6))
    request(hlj, "research", D(2025, 12, 30))
    request(hlj, "public_interest", D(2025, 12, 31), ground="withdrawn", closed=D(2026, 1, 2))
    # Not counted in 2025: replied in 2024, received in 2026, another agency's.
    request(hlj, "person", D(2024, 3, 1), ground="open", closed=D(2024, 3, 10))
    request(hlj, "business", D(2026, 1, 5), ground="open", closed=D(2026, 1, 9))
    request(other, "person", D(2025, 5, 5), ground="open", closed=D(2025, 5, 9))

    # 二: normative documents, licensing and penalty decisions.
    norm(hlj, "有效文件", published=D(2020, 5, 1), registered=True)
    amended = norm(hlj, "被修改的文件", published=D(2018, 5, 1), state="amended", registered=True)
    norm(hlj, "当年制发的修改文件", published=D(2025, 3, 1), replaces=amended)
    norm(hlj, "当年制发的文件", published=D(2025, 8, 1))
    norm(hlj, "当年废止的文件", published=D(2019, 5, 1), state="repealed", repealed=D(2025, 9, 1), registered=True)
    norm(hlj, "上年废止的文件", published=D(2017, 5, 1), state="repealed", repealed=D(2024, 9, 1), registered=True)
    norm(hlj, "次年公布的文件", published=D(2026, 2, 1))
    norm(hlj, "起草中的文件", published=None, state="draft")
    norm(other, "外省文件", published=D(2025, 2, 1))
    case(hlj, "licensing", D(2025, 2, 1), outcome="granted", closed=D(2025, 2, 20), decided=D(2025, 2, 20))
    case(hlj, "licensing", D(2025, 3, 1), outcome="denied", closed=D(2025, 3, 20), decided=D(2025, 3, 20))
    case(hlj, "licensing", D(2024, 12, 20), outcome="granted", closed=D(2025, 1, 8), decided=D(2025, 1, 8))
    case(hlj, "licensing", D(2025, 12, 20), outcome="granted", closed=D(2026, 1, 8), decided=D(2026, 1, 8))
    case(hlj, "licensing", D(2025, 11, 20))
    case(other, "licensing", D(2025, 3, 1), outcome="granted", closed=D(2025, 3, 20), decided=D(2025, 3, 20))
    case(hlj, "penalty", D(2025, 3, 1), channel="ex_officio", decided=D(2025, 5, 1))
    case(hlj, "penalty", D(2024, 11, 1), channel="ex_officio", decided=D(2025, 2, 1))
    case(hlj, "penalty", D(2025, 11, 1), channel="ex_officio")

    # 四: reconsiderations of disclosure replies (the bureau the respondent).
    replied = Case.objects.filter(kind="disclosure", agency=hlj, closed_on__isnull=False).order_by("pk")
    a, b, c_, d_, e, f, g = replied[:7]
    reconsideration(hlj, D(2025, 2, 1), challenged=a, decision="maintain", decided=D(2025, 4, 1))
    reconsideration(hlj, D(2025, 3, 1), challenged=b, decision="revoke_redo", decided=D(2025, 5, 1))
    reconsideration(hlj, D(2025, 3, 2), challenged=c_, decision="confirm_illegal", decided=D(2025, 5, 2))
    reconsideration(hlj, D(2025, 4, 1), challenged=d_, decision="dismiss_application", decided=D(2025, 4, 20))
    reconsideration(hlj, D(2025, 5, 1), challenged=e, closed=D(2025, 6, 1))  # withdrawn
    reconsideration(hlj, D(2025, 11, 1), challenged=f)  # pending at the end of the year
    reconsideration(hlj, D(2024, 10, 1), challenged=g, decision="maintain", decided=D(2025, 1, 15))  # carried in
    reconsideration(hlj, D(2024, 3, 1), challenged=g, decision="maintain", decided=D(2024, 6, 1))  # earlier year
    reconsideration(hlj, D(2026, 2, 1), challenged=g)  # next year
    reconsideration(hlj, D(2025, 6, 1), act_title="政府信息公开申请答复（未关联办件）", decision="change",
                    decided=D(2025, 8, 1))
    penalty = case(hlj, "penalty", D(2025, 1, 5), decided=D(2025, 1, 30))
    reconsideration(hlj, D(2025, 3, 1), challenged=penalty, act_title="行政处罚决定", decision="revoke",
                    decided=D(2025, 5, 1))  # not about disclosure
    resp = reconsideration(hlj, D(2025, 7, 1), challenged=g, decision="maintain", decided=D(2025, 9, 1))
    reconsideration(hlj, D(2025, 6, 28), role="organ", challenged=g, decision="maintain", decided=D(2025, 9, 1),
                    counterpart=resp)  # the organ's side of the same case: counted once
    reconsideration(hlj, D(2025, 6, 28), role="organ", challenged=g, decision="order_perform",
                    decided=D(2025, 9, 1))  # organ side only (no respondent case)
    reconsideration(other, D(2025, 3, 1), challenged=a, decision="maintain", decided=D(2025, 4, 1))
    return world


# ---- the independent counts ----------------------------------------------------------------------------------
def expected_requests(agency) -> dict[str, dict[str, int]]:
    cases = Case.objects.filter(kind="disclosure", agency=agency)
    live = cases.filter(received_on__lte=END).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=START))
    done = live.filter(closed_on__lte=END)
    out: dict[str, dict[str, int]] = {}

    def put(code: str, qs) -> None:
        row = {col: qs.filter(disclosure__requester_type=col).count() for col in COLUMNS}
        row["total"] = qs.count()
        out[code] = row

    put("new", live.filter(received_on__gte=START))
    put("carried_in", live.filter(received_on__lt=START))
    put("partial", done.filter(disclosure__result="partial"))
    full = done.exclude(disclosure__result="partial")
    for row in set(ROW_OF_GROUND.values()):
        put(row, full.filter(disclosure__ground__in=[g for g, r in ROW_OF_GROUND.items() if r == row]))
    for group in ("withheld", "unavailable", "not_processed", "other"):
        grounds = [g for g, r in ROW_OF_GROUND.items() if r.split(".")[0] == group and "." in r]
        put(group, full.filter(disclosure__ground__in=grounds))
    put("total", done)
    put("carried_out", live.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=END)))
    for code in ("withheld.state_secret", "withheld.law_forbids"):
        out.setdefault(code, {c: 0 for c in (*COLUMNS, "total")})
    return out


def expected_proactive(agency) -> dict:
    from fazhi.norms.models import NormativeDocument

    public = NormativeDocument.objects.filter(agency=agency).exclude(state="draft")
    valid = [n for n in public if n.published_on <= END and not (n.repealed_on and n.repealed_on <= END)
             and not (n.expired_on and n.expired_on <= END)
             and not n.replaced_by.filter(published_on__lte=END).exists()]
    return {
        "norms": {"issued": public.filter(published_on__year=YEAR).count(),
                  "repealed": public.filter(repealed_on__year=YEAR).count(), "valid": len(valid)},
        "licensing": Case.objects.filter(agency=agency, kind="licensing", decided_on__year=YEAR).count(),
        "penalty": Case.objects.filter(agency=agency, kind="penalty", decided_on__year=YEAR).count(),
    }


def expected_reconsideration(agency) -> dict:
    about = Reconsideration.objects.filter(respondent_agency=agency).filter(
        Q(challenged_case__kind="disclosure") | Q(challenged_case__isnull=True, act_title__contains="政府信息公开"))
    counted = about.filter(Q(role="respondent") | Q(counterpart__isnull=True), case__received_on__lte=END)
    counted = [r for r in counted if not ((r.case.decided_on or r.case.closed_on or END) < START)]
    done = [r for r in counted if (r.case.decided_on or r.case.closed_on) and (r.case.decided_on or r.case.closed_on) <= END]
    out = {
        "maintain": sum(1 for r in done if r.decision_type == "maintain"),
        "correct": sum(1 for r in done if r.decision_type in {"revoke_redo", "confirm_illegal", "change",
                                                               "order_perform", "revoke"}),
        "other": sum(1 for r in done if r.decision_type in {"", "dismiss_application", "reject_request"}),
        "pending": len(counted) - len(done),
    }
    out["total"] = len(counted)
    return out


def test_every_figure_equals_a_count_over_the_records(year):
    report = annual.report_create(actor=year.users["head"], agency=year.agency, year=YEAR)
    fig = annual.compute_figures(report)
    want = expected_requests(year.agency)
    got = {r["code"]: r["values"] for r in fig["requests"]["rows"]}
    assert set(got) >= set(want)
    for code, values in want.items():
        assert got[code] == values, code
    for code, values in got.items():  # every row of the table, the ones not listed above included
        assert sum(v for k, v in values.items() if k != "total") == values["total"], code
    assert fig["requests"]["balanced"]
    # the construction covers what the table must show
    assert all(want["new"][c] for c in COLUMNS) and want["carried_in"]["total"] == 4
    assert want["carried_out"]["total"] == 4 and want["partial"]["total"] >= 6
    assert want["new"]["total"] + want["carried_in"]["total"] == want["total"]["total"] + want["carried_out"]["total"]

    p = expected_proactive(year.agency)
    assert fig["proactive"]["norms"] == p["norms"] == {"issued": 2, "repealed": 1, "valid": 3}
    assert fig["proactive"]["licensing"] == p["licensing"] == 3
    assert fig["proactive"]["penalty"] == p["penalty"] == 3
    assert fig["proactive"]["rules"] == {"issued": 0, "repealed": 0, "valid": 0}
    assert fig["proactive"]["coercion"] == 0 and fig["proactive"]["charges"] == "0"

    r = expected_reconsideration(year.agency)
    assert fig["remedies"]["reconsideration"] == r == {"maintain": 2 + 1, "correct": 3 + 1, "other": 2, "pending": 1,
                                                       "total": 10}
    assert fig["remedies"]["direct"] == fig["remedies"]["after"] == {"maintain": 0, "correct": 0, "other": 0,
                                                                     "pending": 0, "total": 0}
    fees = DisclosureRequest.objects.filter(case__agency=year.agency, replied_on__year=YEAR, fee__gt=0)
    assert fig["fees"] == {"count": fees.count(), "amount": f"{sum(x.fee for x in fees):.2f}"}
    assert fees.count() > 0


# ---- the DOCX ------------------------------------------------------------------------------------------------
def _docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def _table_numbers(table) -> list[str]:
    cells = []
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            if re.fullmatch(r"\d+(\.\d+)?", cell.text.strip()):
                cells.append(cell.text.strip())
    return cells


def _write(report, user, **texts):
    annual.report_write(actor=user, report_id=report.pk, texts=texts)
    report.refresh_from_db()
    return report


def test_docx_structure_and_numbers(year):
    head = year.users["head"]
    report = annual.report_create(actor=head, agency=year.agency, year=YEAR)
    report = _write(report, head, overview="本局认真贯彻落实条例。\n（一）主动公开。全年主动公开信息。",
                    problems="信息公开工作还存在不足。", other_matters="无其他需要报告的事项。",
                    requests_note="本年度申请主要涉及档案利用。")
    d = _docx(annual.report_docx(report))
    paras = [p.text for p in d.paragraphs]
    assert paras[0] == "黑龙江省档案局"
    assert f"黑龙江省档案局{YEAR}年政府信息公开工作年度报告" in paras
    headings = [p for p in paras if re.match(r"^[一二三四五六]、", p)]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert "本局认真贯彻落实条例。" in paras and "本年度申请主要涉及档案利用。" in paras
    assert any(p.startswith("本年度依据《政府信息公开信息处理费管理办法》收取信息处理费") for p in paras)
    assert not any("〔表格" in p for p in paras)
    assert len(d.tables) == 3
    # each table sits right after its heading
    order = [getattr(x, "text", None) for x in d.iter_inner_content()]  # a table has no text: None
    for heading in headings[1:4]:
        assert order[order.index(heading) + 1] is None, heading
    fig = annual.compute_figures(report)
    want = expected_requests(year.agency)
    # 三: 9 columns; the numbers row by row, in the order of the statutory table
    t3 = d.tables[1]
    assert len(t3.columns) == 9
    expected_cells = [str(want.get(r["code"], r["values"])[c]) for r in fig["requests"]["rows"]
                      for c in (*COLUMNS, "total")]
    assert _table_numbers(t3) == expected_cells
    text3 = "".join(c.text for c in t3.rows[0].cells)
    assert "申请人情况" in text3 and "商业企业" in "".join(c.text for c in t3.rows[2].cells)
    # 二: norms, licensing, penalties
    p = expected_proactive(year.agency)
    assert _table_numbers(d.tables[0]) == ["0", "0", "0", *(str(p["norms"][k]) for k in ("issued", "repealed", "valid")),
                                           str(p["licensing"]), str(p["penalty"]), "0", "0"]
    # 四: 15 columns, reconsideration then the two kinds of lawsuits
    r = expected_reconsideration(year.agency)
    t4 = d.tables[2]
    assert len(t4.columns) == 15
    assert _table_numbers(t4) == [str(r[k]) for k in ("maintain", "correct", "other", "pending", "total")] + ["0"] * 10


def test_litigation_is_entered_by_staff_and_audited(year):
    head = year.users["head"]
    report = annual.report_create(actor=head, agency=year.agency, year=YEAR)
    c = client(head)
    r = c.post(f"/disclosure/reports/{YEAR}/litigation/", {"direct.maintain": "2", "direct.pending": "1",
                                                          "after.correct": "1"})
    assert r.status_code == 302
    report.refresh_from_db()
    fig = annual.compute_figures(report)
    assert fig["remedies"]["direct"] == {"maintain": 2, "correct": 0, "other": 0, "pending": 1, "total": 3}
    assert fig["remedies"]["after"]["total"] == 1
    ev = AuditEvent.objects.filter(action="disclosure.report_litigation").latest("pk")
    assert ev.actor == head and ev.detail["after"]["direct"]["maintain"] == 2
    # bad input: a clear message, data unchanged
    r = c.post(f"/disclosure/reports/{YEAR}/litigation/", {"direct.maintain": "-1"}, follow=True)
    assert "应为不小于0的整数" in r.content.decode()
    report.refresh_from_db()
    assert report.litigation["direct"]["maintain"] == 2
    page = c.get(f"/disclosure/reports/{YEAR}/").content.decode()
    assert 'data-key="remedies.direct.total">3<' in page


def test_proactive_rows_without_records_are_entered_by_staff_and_audited(year):
    """规章, 行政强制 and 行政事业性收费 (table 二) have no records in the system: staff enter them with the lawsuits,
    in one transaction; bad input changes nothing."""
    head = year.users["head"]
    report = annual.report_create(actor=head, agency=year.agency, year=YEAR)
    c = client(head)
    assert 'id="proactive-entries"' in c.get(f"/disclosure/reports/{YEAR}/").content.decode()
    r = c.post(f"/disclosure/reports/{YEAR}/litigation/", {
        "direct.maintain": "1", "proactive.rules.issued": "0", "proactive.rules.repealed": "0",
        "proactive.rules.valid": "0", "proactive.coercion": "2", "proactive.charges": "0.35"})
    assert r.status_code == 302
    report.refresh_from_db()
    p = annual.compute_figures(report)["proactive"]
    assert p["coercion"] == 2 and p["charges"] == "0.35" and p["rules"] == {"issued": 0, "repealed": 0, "valid": 0}
    ev = AuditEvent.objects.filter(action="disclosure.report_proactive").latest("pk")
    assert ev.actor == head and ev.detail["after"]["coercion"] == 2
    # a bad amount: the message, and neither the lawsuits nor table 二 change
    r = c.post(f"/disclosure/reports/{YEAR}/litigation/", {"direct.maintain": "5", "proactive.coercion": "3",
                                                          "proactive.charges": "-1"}, follow=True)
    assert "行政事业性收费金额应为不小于0的数" in r.content.decode()
    report.refresh_from_db()
    assert report.litigation["direct"]["maintain"] == 1 and report.proactive_entered["coercion"] == 2
    # a form without those fields (the lawsuits only) keeps what was entered
    c.post(f"/disclosure/reports/{YEAR}/litigation/", {"direct.maintain": "4"})
    report.refresh_from_db()
    assert report.litigation["direct"]["maintain"] == 4 and report.proactive_entered["charges"] == "0.35"


# ---- pages and access ----------------------------------------------------------------------------------------
def test_staff_page_shows_the_counts(year):
    c = client(year.users["clerk"])
    assert "起草报告" not in c.get(f"/disclosure/reports/{YEAR}/").content.decode()  # a clerk cannot draft
    head = client(year.users["head"])
    r = head.post(f"/disclosure/reports/{YEAR}/")
    assert r.status_code == 302
    page = c.get(f"/disclosure/reports/{YEAR}/").content.decode()  # any staff of the agency reads it
    want = expected_requests(year.agency)
    for code, values in want.items():
        for col, n in values.items():
            assert f'data-key="requests.{code}.{col}">{n}<' in page, (code, col)
    assert 'id="narrative-form"' not in page  # the clerk cannot write
    assert 'id="narrative-form"' in head.get(f"/disclosure/reports/{YEAR}/").content.decode()


def test_writing_and_access(year):
    u = year.users
    head = client(u["head"])
    head.post(f"/disclosure/reports/{YEAR}/")
    report = DisclosureAnnualReport.objects.get(agency=year.agency, year=YEAR)
    r = head.post(f"/disclosure/reports/{YEAR}/text/", {"overview": "总体情况一段。\n\n第二段。", "problems": "问题。"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.overview == "总体情况一段。\n第二段。" and report.problems == "问题。"
    assert AuditEvent.objects.filter(action="disclosure.report_write", object_id=str(report.pk)).exists()
    # a clerk of the agency may read but not write; the answer to a write is a 404
    clerk = client(u["clerk"])
    assert clerk.post(f"/disclosure/reports/{YEAR}/text/", {"overview": "改"}).status_code == 404
    assert clerk.get(f"/disclosure/reports/{YEAR}/report.docx").status_code == 200
    # another agency's staff: their own (missing) report, never this one
    other = client(u["other_handler"])
    assert other.get(f"/disclosure/reports/{YEAR}/report.docx").status_code == 404
    assert other.post(f"/disclosure/reports/{YEAR}/text/", {"overview": "改"}).status_code == 404
    assert "总体情况一段" not in other.get(f"/disclosure/reports/{YEAR}/").content.decode()
    # the public: not the staff pages, not a draft
    assert client(u["citizen"]).get(f"/disclosure/reports/{YEAR}/").status_code == 404
    assert client().get(f"/disclosure/reports/{YEAR}/").status_code == 302  # to the login page
    assert client().get(f"/disclosure/public/reports/{report.pk}/").status_code == 404
    assert client().get(f"/disclosure/public/reports/{report.pk}/report.docx").status_code == 404
    assert report.title not in client().get("/disclosure/public/reports/").content.decode()
    report.refresh_from_db()
    assert report.overview == "总体情况一段。\n第二段。"
    # only the director publishes
    assert head.post(f"/disclosure/reports/{YEAR}/publish/").status_code == 404
    report.refresh_from_db()
    assert not report.is_published


def test_publish_freezes_and_goes_public(year):
    u = year.users
    director = client(u["director"])
    director.post(f"/disclosure/reports/{YEAR}/")
    report = DisclosureAnnualReport.objects.get(agency=year.agency, year=YEAR)
    # the narrative of 一、五、六 is required
    r = director.post(f"/disclosure/reports/{YEAR}/publish/", follow=True)
    assert "请先撰写" in r.content.decode()
    director.post(f"/disclosure/reports/{YEAR}/text/", {"overview": "总体。", "problems": "问题。",
                                                        "other_matters": "无。"})
    page = director.get(f"/disclosure/reports/{YEAR}/").content.decode()
    assert 'id="deadline-warning"' in page  # 2026-11-02: the 2025 report is past 31 January 2026
    sysclock.set_today(D(2026, 1, 20))
    assert 'id="deadline-warning"' not in director.get(f"/disclosure/reports/{YEAR}/").content.decode()
    r = director.post(f"/disclosure/reports/{YEAR}/publish/")
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.is_published and report.published_on == D(2026, 1, 20)
    content = report.file.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == report.sha256
    frozen = report.figures
    assert frozen == annual.compute_figures(report)
    assert LogEntry.objects.filter(kind=annual.KIND, object_id=str(report.pk)).exists()
    # records change after publication: the published report stays as issued
    request(year.agency, "person", D(2025, 7, 1), ground="open", closed=D(2025, 7, 3))
    report.refresh_from_db()
    assert report.figures == frozen and annual.report_docx(report) == content
    assert annual.compute_figures(report)["requests"]["rows"][0]["values"]["total"] == \
        frozen["requests"]["rows"][0]["values"]["total"] + 1
    # not editable any more
    r = director.post(f"/disclosure/reports/{YEAR}/text/", {"overview": "改"}, follow=True)
    assert "已公开的报告不能修改" in r.content.decode()
    # the public list, page and DOCX
    anon = client()
    listing = anon.get("/disclosure/public/reports/").content.decode()
    assert report.title in listing
    pub = anon.get(f"/disclosure/public/reports/{report.pk}/").content.decode()
    assert "一、总体情况" in pub and "六、其他需要报告的事项" in pub
    n = frozen["requests"]["rows"][0]["values"]["total"]
    assert f'data-key="requests.new.total">{n}<' in pub
    dl = anon.get(f"/disclosure/public/reports/{report.pk}/report.docx")
    assert dl.status_code == 200 and b"".join(dl) == content
    assert "attachment" in dl["Content-Disposition"]
    # published on time: no warning on the index
    sysclock.set_today(D(2026, 11, 2))
    index = director.get("/disclosure/reports/").content.decode()
    row = re.search(rf'<tr data-year="{YEAR}">.*?</tr>', index, re.S).group(0)
    assert "未按期公开" not in row
    row = re.search(r'<tr data-year="2024">.*?</tr>', index, re.S).group(0)
    assert "未按期公开" in row


def test_publication_needs_the_year_to_have_ended(year):
    director = year.users["director"]
    sysclock.set_today(D(2025, 12, 30))
    report = annual.report_create(actor=director, agency=year.agency, year=YEAR)
    _write(report, director, overview="a", problems="b", other_matters="c")
    with pytest.raises(Exception, match="年度结束后"):
        annual.report_publish(actor=director, report_id=report.pk)


def test_year_bounds(year):
    c = client(year.users["head"])
    assert c.get("/disclosure/reports/1999/").status_code == 404
    r = c.post("/disclosure/reports/2030/", follow=True)
    assert "尚未开始的年度" in r.content.decode()
    assert not DisclosureAnnualReport.objects.exists()


# ---- the command ---------------------------------------------------------------------------------------------
def test_command_writes_the_docx(year, tmp_path, capsys):
    out = tmp_path / "r.docx"
    call_command("report", "disclosure", str(YEAR), "--agency", "hlj", "--out", str(out))
    printed = capsys.readouterr().out
    assert str(out) in printed
    d = _docx(out.read_bytes())
    assert len(d.tables) == 3
    assert "一、总体情况" in [p.text for p in d.paragraphs]
    # an existing file is not overwritten unless --force
    before = out.read_bytes()
    with pytest.raises(CommandError, match="已存在"):
        call_command("report", "disclosure", str(YEAR), "--agency", "hlj", "--out", str(out))
    assert out.read_bytes() == before
    call_command("report", "disclosure", str(YEAR), "--agency", "hlj", "--out", str(out), "--force")
    with pytest.raises(CommandError, match="机关"):
        call_command("report", "disclosure", str(YEAR), "--agency", "nope", "--out", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError, match="年份"):
        call_command("report", "disclosure", "1999", "--agency", "hlj", "--out", str(tmp_path / "y.docx"))
    with pytest.raises(CommandError, match="年份|尚未开始"):
        call_command("report", "disclosure", "2099", "--agency", "hlj", "--out", str(tmp_path / "z.docx"))
    assert not (tmp_path / "x.docx").exists() and not (tmp_path / "y.docx").exists()


def test_command_exit_code(year, tmp_path, capsys):
    from django.core.management import ManagementUtility

    # From the command line: the message in Chinese on stderr, exit status 1.
    with pytest.raises(SystemExit) as e:
        ManagementUtility(["fazhi", "report", "disclosure", "2025", "--agency", "nope", "--out",
                           str(tmp_path / "a.docx")]).execute()
    assert e.value.code == 1
    assert "没有代码为" in capsys.readouterr().err
