"""政府信息公开工作年度报告 (《中华人民共和国政府信息公开条例》第四十九条、第五十条): the tables computed from the year's
records, the report's DOCX, who may see and write it, its writes and its publication on the portal.

The structure and the tables are those of 国办公开办函〔2021〕30号 (《中华人民共和国政府信息公开工作年度报告格式》):

一、总体情况 — written by staff.
二、主动公开政府信息情况 — 第二十条第（一）项 规章 / 行政规范性文件 (本年制发件数, 本年废止件数, 现行有效件数: the
    agency's normative documents, fazhi/norms; the system holds no 规章, an archives bureau has no power to make them),
    第（五）项 行政许可 (licensing decisions made in the year), 第（六）项 行政处罚 (penalty cases decided in the year) and
    行政强制 (no records of coercive measures: 0), 第（八）项 行政事业性收费 (no fee records: 0 万元).
三、收到和处理政府信息公开申请情况 — ``selectors.disclosure_statistics`` (its counting rules are there).
四、政府信息公开行政复议、行政诉讼情况 — 行政复议: the reconsiderations of which the agency is the respondent and whose
    challenged act is a disclosure reply (``Reconsideration.challenged_case`` of kind "disclosure"; one without a linked
    case when its act title names 政府信息公开), counted like table 三: every case received by 31 December and not
    concluded before the year, by result when concluded (decided or closed) in the year, else 尚未审结. 行政诉讼: the
    system has no records of lawsuits; staff enter the counts on the report (audited).
五、存在的主要问题及改进情况 — written by staff.
六、其他需要报告的事项 — written by staff, after the sentence on 信息处理费 computed from the replies of the year
    (国办公开办函〔2021〕30号 asks the agency to report the fees collected under 国办函〔2020〕109号).

The figures are recomputed from the records each time a draft is shown or rendered and frozen at publication
(``figures``, the DOCX and its SHA-256). Publication is due by 31 January of the following year (第四十九条).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency, User
from fazhi.core.services import audit_record
from fazhi.disclosure import selectors
from fazhi.disclosure.models import DisclosureAnnualReport, DisclosureRequest

KIND = "disclosure.annual_report"  # the transparency log's kind (fazhi/tlog)
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TEXT = 20000

# (field, heading, required for publication, table shown under the heading)
SECTIONS = (
    ("overview", gettext_lazy("一、总体情况"), True, None),
    ("proactive_note", gettext_lazy("二、主动公开政府信息情况"), False, "proactive"),
    ("requests_note", gettext_lazy("三、收到和处理政府信息公开申请情况"), False, "requests"),
    ("remedies_note", gettext_lazy("四、政府信息公开行政复议、行政诉讼情况"), False, "remedies"),
    ("problems", gettext_lazy("五、存在的主要问题及改进情况"), True, None),
    ("other_matters", gettext_lazy("六、其他需要报告的事项"), True, None),
)
TEXT_FIELDS = tuple(s[0] for s in SECTIONS)

# 四: the result columns of 行政复议 and of each kind of 行政诉讼.
REMEDY_RESULTS = (("maintain", gettext_lazy("结果维持")), ("correct", gettext_lazy("结果纠正")),
                  ("other", gettext_lazy("其他结果")), ("pending", gettext_lazy("尚未审结")), ("total", gettext_lazy("总计")))
LITIGATION_KINDS = (("direct", gettext_lazy("未经复议直接起诉")), ("after", gettext_lazy("复议后起诉")))
# 复议决定 that correct the act (复议法第六十三条至第六十七条); 维持 is 第六十八条; 驳回 (第三十三条、第六十九条), withdrawals,
# terminations and mediations are 其他结果.
CORRECTING = frozenset({"change", "revoke", "partial_revoke", "revoke_redo", "confirm_illegal", "order_perform",
                        "confirm_void"})
EDIT_ROLES = frozenset({"section_head", "legal_reviewer", "deputy_director", "director"})
PUBLISH_ROLES = frozenset({"director"})


# ==== dates ==================================================================================================
def deadline(year: int) -> dt.date:
    """条例第四十九条: the report on ``year`` is published by 31 January of the following year."""
    return dt.date(year + 1, 1, 31)


def is_late(year: int, report: DisclosureAnnualReport | None, today: dt.date | None = None) -> bool:
    """Not published by the deadline: published after it, or still unpublished once it has passed."""
    today = today or sysclock.today()
    if report is not None and report.is_published and report.published_on:
        return report.published_on > deadline(year)
    return today > deadline(year)


def default_title(agency: Agency, year: int) -> str:
    with translation.override("zh-hans"):
        return _("%(agency)s%(year)s年政府信息公开工作年度报告") % {"agency": agency.name, "year": year}


# ==== figures ================================================================================================
def _range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def proactive_figures(agency: Agency, year: int, entered: dict | None = None) -> dict:
    """Table 二 (条例第二十条): the agency's own records of the year; the rows the system holds no records of
    (规章, 行政强制, 行政事业性收费) are what staff entered (``entered``, see ``report_proactive_entries``), 0 until then."""
    from fazhi.norms.models import PUBLIC_STATES, NormativeDocument
    from fazhi.process.models import Case

    start, end = _range(year)
    norms = NormativeDocument.objects.filter(agency=agency, state__in=PUBLIC_STATES)
    ended = norms.filter(Q(repealed_on__lte=end) | Q(expired_on__lte=end) | Q(replaced_by__published_on__lte=end))
    decided = Case.objects.filter(agency=agency, decided_on__range=(start, end))
    return {
        # 第二十条第（一）项: 规章 (entered: the system records no 规章) and 行政规范性文件.
        "rules": {k: int((entered or {}).get("rules", {}).get(k) or 0) for k in ("issued", "repealed", "valid")},
        "norms": {
            "issued": norms.filter(published_on__range=(start, end)).count(),
            "repealed": norms.filter(repealed_on__range=(start, end)).count(),
            "valid": norms.filter(published_on__lte=end).exclude(pk__in=ended.values("pk")).count(),
        },
        "licensing": decided.filter(kind="licensing").count(),  # 第（五）项: 行政许可决定
        "penalty": decided.filter(kind="penalty").count(),  # 第（六）项: 行政处罚决定 (不予处罚 included)
        "coercion": int((entered or {}).get("coercion") or 0),  # 第（六）项: 行政强制 (entered: no records)
        "charges": str((entered or {}).get("charges") or "0"),  # 第（八）项: 行政事业性收费, 万元 (entered)
    }


def _reconsiderations(agency: Agency):
    from fazhi.reconsideration.models import Reconsideration

    about_disclosure = Q(challenged_case__kind="disclosure") | Q(challenged_case__isnull=True,
                                                                 act_title__contains="政府信息公开")
    # The respondent's own case; an organ's case only when no respondent case mirrors it (counted once).
    return (Reconsideration.objects.filter(about_disclosure, respondent_agency=agency)
            .filter(Q(role=Reconsideration.Role.RESPONDENT) | Q(counterpart__isnull=True)))


def remedy_result(decision_type: str) -> str:
    if decision_type == "maintain":
        return "maintain"
    if decision_type in CORRECTING:
        return "correct"
    return "other"


def reconsideration_figures(agency: Agency, year: int) -> dict:
    start, end = _range(year)
    out = dict.fromkeys(("maintain", "correct", "other", "pending"), 0)
    rows = _reconsiderations(agency).filter(case__received_on__lte=end).values_list(
        "decision_type", "case__decided_on", "case__closed_on")
    for decision_type, decided_on, closed_on in rows:
        concluded = decided_on or closed_on
        if concluded is not None and concluded < start:
            continue  # concluded in an earlier year's report
        if concluded is not None and concluded <= end:
            out[remedy_result(decision_type)] += 1
        else:
            out["pending"] += 1
    out["total"] = sum(out.values())
    return out


def litigation_figures(litigation: dict | None) -> dict:
    out = {}
    for kind, _label in LITIGATION_KINDS:
        values = (litigation or {}).get(kind) or {}
        row = {k: int(values.get(k) or 0) for k, _l in REMEDY_RESULTS if k != "total"}
        row["total"] = sum(row.values())
        out[kind] = row
    return out


def fee_figures(agency: Agency, year: int) -> dict:
    """信息处理费 charged with the replies of the year (条例第四十二条; 国办函〔2020〕109号)."""
    qs = DisclosureRequest.objects.filter(case__agency=agency, replied_on__range=_range(year), fee__gt=0)
    total = qs.aggregate(s=Sum("fee"))["s"] or Decimal("0")
    return {"count": qs.count(), "amount": f"{total:.2f}"}


def compute_figures(report: DisclosureAnnualReport) -> dict:
    agency, year = report.agency, report.year
    stats = selectors.disclosure_statistics(agency, year)
    return {
        "proactive": proactive_figures(agency, year, report.proactive_entered),
        "requests": {"rows": [{"code": r["code"], "values": r["values"]} for r in stats["rows"]],
                     "balanced": stats["balanced"]},
        "remedies": {"reconsideration": reconsideration_figures(agency, year),
                     **litigation_figures(report.litigation)},
        "fees": fee_figures(agency, year),
    }


def figures_of(report: DisclosureAnnualReport) -> dict:
    """As published, or computed from the records now."""
    if report.is_published and report.figures:
        return report.figures
    return compute_figures(report)


def fee_sentence(fees: dict) -> str:
    if not fees.get("count"):
        return "本年度未收取信息处理费。"
    return f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费{fees['count']}件，共计{fees['amount']}元。"


# ==== the tables (one definition for the page and the DOCX) ==================================================
def _c(text, colspan: int = 1, rowspan: int = 1, head: bool = False, key: str = "") -> dict:
    return {"text": str(text), "colspan": colspan, "rowspan": rowspan, "head": head, "key": key}


def proactive_table(fig: dict) -> list[list[dict]]:
    p = fig["proactive"]
    rows = [[_c("第二十条第（一）项", 4, head=True)],
            [_c("信息内容", head=True), _c("本年制发件数", head=True), _c("本年废止件数", head=True),
             _c("现行有效件数", head=True)]]
    for code, label in (("rules", "规章"), ("norms", "行政规范性文件")):
        rows.append([_c(label, head=True)] + [_c(p[code][k], key=f"proactive.{code}.{k}")
                                              for k in ("issued", "repealed", "valid")])
    rows += [[_c("第二十条第（五）项", 4, head=True)],
             [_c("信息内容", head=True), _c("本年处理决定数量", 3, head=True)],
             [_c("行政许可", head=True), _c(p["licensing"], 3, key="proactive.licensing")],
             [_c("第二十条第（六）项", 4, head=True)],
             [_c("信息内容", head=True), _c("本年处理决定数量", 3, head=True)],
             [_c("行政处罚", head=True), _c(p["penalty"], 3, key="proactive.penalty")],
             [_c("行政强制", head=True), _c(p["coercion"], 3, key="proactive.coercion")],
             [_c("第二十条第（八）项", 4, head=True)],
             [_c("信息内容", head=True), _c("本年收费金额（单位：万元）", 3, head=True)],
             [_c("行政事业性收费", head=True), _c(p["charges"], 3, key="proactive.charges")]]
    return rows


def requests_table(fig: dict) -> list[list[dict]]:
    order = [c for c, _l in selectors.COLUMNS]
    labels = {code: str(label) for code, label, _level in selectors.ROWS}
    levels = {code: level for code, _label, level in selectors.ROWS}
    data = fig["requests"]["rows"]
    results_rows = sum(1 for r in data if levels[r["code"]] > 0)
    rows = [[_c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 2, 3, head=True),
             _c("申请人情况", 7, head=True)],
            [_c("自然人", 1, 2, head=True), _c("法人或其他组织", 5, head=True), _c("总计", 1, 2, head=True)],
            [_c(str(label), head=True) for code, label in selectors.COLUMNS if code in selectors.ORG_COLUMNS]]
    first = True
    for r in data:
        level = levels[r["code"]]
        cells = [_c(r["values"][c], key=f"requests.{r['code']}.{c}") for c in order]
        if level == 0:
            rows.append([_c(labels[r["code"]], 2, head=True), *cells])
        else:
            head = [_c(str(selectors.RESULTS_HEADING), 1, results_rows, head=True)] if first else []
            first = False
            label = labels[r["code"]] if level == 1 else f"\u3000{labels[r['code']]}"
            rows.append([*head, _c(label, head=True), *cells])
    return rows


def remedies_table(fig: dict) -> list[list[dict]]:
    rem = fig["remedies"]
    rows = [[_c("行政复议", 5, head=True), _c("行政诉讼", 10, head=True)],
            [*[_c(str(label), 1, 2, head=True) for _k, label in REMEDY_RESULTS],
             *[_c(str(label), 5, head=True) for _k, label in LITIGATION_KINDS]],
            [_c(str(label), head=True) for _kind, _kl in LITIGATION_KINDS for _k, label in REMEDY_RESULTS]]
    values = [_c(rem["reconsideration"][k], key=f"remedies.reconsideration.{k}") for k, _l in REMEDY_RESULTS]
    for kind, _kl in LITIGATION_KINDS:
        values += [_c(rem[kind][k], key=f"remedies.{kind}.{k}") for k, _l in REMEDY_RESULTS]
    rows.append(values)
    return rows


def tables(fig: dict) -> dict[str, list[list[dict]]]:
    with translation.override("zh-hans"):  # the statutory tables are Chinese, whatever the reader's language
        return {"proactive": proactive_table(fig), "requests": requests_table(fig), "remedies": remedies_table(fig)}


def layout(rows: list[list[dict]]) -> tuple[int, list[tuple[int, int, dict]]]:
    """Grid positions of the cells (row, column), spans taken into account: (number of columns, placements)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, cell))
            c += cell["colspan"]
    return max(c for _r, c in taken) + 1, placed


# ==== the DOCX ===============================================================================================
MARKER_RE = re.compile(r"〔表格:(\w+)〕")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def body_blocks(report: DisclosureAnnualReport, fig: dict) -> list:
    """The body: each heading, its table (a marker replaced by the table in the DOCX), the staff's paragraphs."""
    from fazhi.documents.render import Block
    from fazhi.reports.narrative import level_of

    blocks = []
    with translation.override("zh-hans"):
        for field, heading, _required, table in SECTIONS:
            blocks.append(Block(str(heading), 1))
            if table:
                blocks.append(Block(f"〔表格:{table}〕", 0))
            texts = _paragraphs(getattr(report, field))
            if field == "other_matters":
                texts.insert(0, fee_sentence(fig["fees"]))
            blocks += [Block(t, level_of(t) if level_of(t) > 1 else 0) for t in texts]
    return blocks


def _cell_text(cell, text: str, *, head: bool, bold: bool, size: float) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Pt

    para = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in list(para.runs):
        run._r.getparent().remove(run._r)
    ppr = para._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'))
    fmt = para.paragraph_format
    fmt.line_spacing, fmt.space_before, fmt.space_after = 1.0, Pt(0), Pt(0)
    fmt.first_line_indent = Pt(0)
    numeric = text.replace(".", "", 1).isdigit()
    para.alignment = 1 if numeric or (head and len(text) < 12) else 0  # 1 centred, 0 left
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f'<w:rFonts {nsdecls("w")}/>')
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), "仿宋_GB2312")


def _docx_table(document, rows: list[list[dict]], size: float):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    ncols, placed = layout(rows)
    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    tblpr = table._tbl.tblPr
    for el in tblpr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblW"):
        tblpr.remove(el)
    tblpr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="5000" w:type="pct"/>'))
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell["rowspan"] > 1 or cell["colspan"] > 1:
            target = target.merge(table.cell(r + cell["rowspan"] - 1, c + cell["colspan"] - 1))
        _cell_text(target, cell["text"], head=cell["head"], bold=cell["head"] and r < 3, size=size)
    return table


def render(report: DisclosureAnnualReport, fig: dict, *, date: dt.date | None = None) -> bytes:
    """The report as a DOCX: GB/T 9704 layout (fazhi/documents), the agency's name as its mark, the title, the six
    parts with the three statutory tables, the agency's name and the date."""
    import docx

    from fazhi.documents.render import OfficialDocument, render_docx

    agency = report.agency
    content = render_docx(OfficialDocument(
        issuer=agency.name, issuer_mark=agency.name, number="", title=report.title, addressee=None,
        body=body_blocks(report, fig), date=date or report.published_on or sysclock.today(),
        signature=agency.name, layout="letter"))
    document = docx.Document(io.BytesIO(content))
    specs = tables(fig)
    sizes = {"proactive": 12, "requests": 9, "remedies": 8}
    for para in list(document.paragraphs):
        m = MARKER_RE.fullmatch(para.text.strip())
        if m is None:
            continue
        table = _docx_table(document, specs[m.group(1)], sizes[m.group(1)])
        para._p.addprevious(table._tbl)
        para._p.getparent().remove(para._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_docx(report: DisclosureAnnualReport) -> bytes:
    """As published (the frozen file), or rendered from the current records."""
    if report.is_published and report.file:
        with report.file.open("rb") as fh:
            return fh.read()
    return render(report, compute_figures(report))


# ==== access =================================================================================================
def may_view(user: User | None, agency: Agency) -> bool:
    return is_business_staff(user) and user.agency_id == agency.pk


def may_edit(user: User | None, agency: Agency) -> bool:
    if user is None:  # the system (the command, the demo)
        return True
    return may_view(user, agency) and bool(EDIT_ROLES.intersection(user.roles))


def may_publish(user: User | None, agency: Agency) -> bool:
    if user is None:
        return True
    return may_view(user, agency) and bool(PUBLISH_ROLES.intersection(user.roles))


def report_of(agency: Agency, year: int) -> DisclosureAnnualReport | None:
    return DisclosureAnnualReport.objects.select_related("agency").filter(agency=agency, year=year).first()


def reports_of(agency: Agency):
    return DisclosureAnnualReport.objects.filter(agency=agency).order_by("-year")


def published_reports():
    return (DisclosureAnnualReport.objects.select_related("agency")
            .filter(status=DisclosureAnnualReport.Status.PUBLISHED).order_by("-year", "agency_id"))


def published_report(report_id) -> DisclosureAnnualReport | None:
    """A published report for the public; a draft answers like a missing one."""
    try:
        pk = int(report_id)
    except (TypeError, ValueError):
        return None
    return published_reports().filter(pk=pk).first()


# ==== writes =================================================================================================
def _check_year(year: int) -> None:
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValidationError({"year": [_("年份应在2000至2100之间。")]})
    if int(year) > sysclock.today().year:
        raise ValidationError({"year": [_("不能为尚未开始的年度撰写报告。")]})


def _locked(report_id: int) -> DisclosureAnnualReport:
    report = DisclosureAnnualReport.objects.select_for_update().filter(pk=report_id).first()
    if report is None:
        raise ValidationError({"report": [_("报告不存在。")]})
    report.agency = Agency.objects.get(pk=report.agency_id)
    return report


def _check_edit(actor: User | None, report: DisclosureAnnualReport) -> None:
    if not may_edit(actor, report.agency):
        raise PermissionDenied(_("只有本机关的科室负责人、法制审核人员和局领导可以撰写年度报告。"))
    if report.is_published:
        raise ValidationError({"status": [_("已公开的报告不能修改。")]})


@transaction.atomic
def report_create(*, actor: User | None, agency: Agency, year: int) -> DisclosureAnnualReport:
    if not may_edit(actor, agency):
        raise PermissionDenied(_("只有本机关的科室负责人、法制审核人员和局领导可以撰写年度报告。"))
    _check_year(year)
    if DisclosureAnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": [_("该年度的报告已存在。")]})
    report = DisclosureAnnualReport(agency=agency, year=year, title=default_title(agency, year), created_by=actor)
    report.full_clean(exclude=["file"])
    report.save()
    audit_record(actor=actor, action="disclosure.report_create", object_type="disclosure.DisclosureAnnualReport",
                 object_id=report.pk, detail={"agency": agency.code, "year": year})
    return report


def report_ensure(*, agency: Agency, year: int, actor: User | None = None) -> DisclosureAnnualReport:
    return report_of(agency, year) or report_create(actor=actor, agency=agency, year=year)


@transaction.atomic
def report_write(*, actor: User | None, report_id: int, texts: dict[str, str]) -> DisclosureAnnualReport:
    """Save the narrative: the sections named in ``texts`` (fields of ``TEXT_FIELDS``), one paragraph a line."""
    report = _locked(report_id)
    _check_edit(actor, report)
    errors: dict[str, list] = {}
    clean = {}
    for field, value in texts.items():
        if field not in TEXT_FIELDS:
            errors.setdefault(field, []).append(_("未知的报告部分。"))
            continue
        value = "\n".join(_paragraphs(value))
        if len(value) > MAX_TEXT:
            errors.setdefault(field, []).append(_("每部分不能超过%(n)s字。") % {"n": MAX_TEXT})
        clean[field] = value
    if errors:
        raise ValidationError(errors)
    changed = [f for f, v in clean.items() if getattr(report, f) != v]
    for f in changed:
        setattr(report, f, clean[f])
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="disclosure.report_write", object_type="disclosure.DisclosureAnnualReport",
                     object_id=report.pk, detail={"sections": changed})
    return report


@transaction.atomic
def report_litigation(*, actor: User | None, report_id: int, values: dict[str, dict]) -> DisclosureAnnualReport:
    """The 行政诉讼 counts of table 四, entered by staff (the system has no records of lawsuits); audited with the
    previous and the new counts."""
    report = _locked(report_id)
    _check_edit(actor, report)
    out: dict[str, dict[str, int]] = {}
    errors: dict[str, list] = {}
    for kind, kind_label in LITIGATION_KINDS:
        out[kind] = {}
        for key, label in REMEDY_RESULTS:
            if key == "total":
                continue
            raw = str((values.get(kind) or {}).get(key, "") or "0").strip()
            if not raw.isdigit() or int(raw) > 100000:
                errors.setdefault(f"{kind}.{key}", []).append(
                    _("%(kind)s·%(label)s应为不小于0的整数。") % {"kind": kind_label, "label": label})
                continue
            out[kind][key] = int(raw)
    if errors:
        raise ValidationError(errors)
    before = report.litigation
    report.litigation = out
    report.save(update_fields=["litigation", "updated_at"])
    audit_record(actor=actor, action="disclosure.report_litigation", object_type="disclosure.DisclosureAnnualReport",
                 object_id=report.pk, detail={"before": before, "after": out})
    return report


PROACTIVE_ENTRIES = (("rules.issued", gettext_lazy("规章·本年制发件数")), ("rules.repealed", gettext_lazy("规章·本年废止件数")),
                     ("rules.valid", gettext_lazy("规章·现行有效件数")), ("coercion", gettext_lazy("行政强制·本年处理决定数量")))


@transaction.atomic
def report_proactive_entries(*, actor: User | None, report_id: int, values: dict[str, str]) -> DisclosureAnnualReport:
    """The rows of table 二 the system holds no records of (规章, 行政强制, 行政事业性收费), entered by staff and audited
    with the previous and the new values, as the lawsuits of table 四 are."""
    report = _locked(report_id)
    _check_edit(actor, report)
    errors: dict[str, list] = {}
    out: dict = {"rules": {}}
    for key, label in PROACTIVE_ENTRIES:
        raw = str(values.get(key, "") or "0").strip()
        if not raw.isdigit() or int(raw) > 100000:
            errors.setdefault(key, []).append(_("%(label)s应为不小于0的整数。") % {"label": label})
            continue
        if key.startswith("rules."):
            out["rules"][key.split(".", 1)[1]] = int(raw)
        else:
            out[key] = int(raw)
    raw = str(values.get("charges", "") or "0").strip()
    try:
        charges = Decimal(raw)
    except ArithmeticError:
        charges = None
    if charges is None or not charges.is_finite() or charges < 0 or charges > 10**9 or -charges.as_tuple().exponent > 4:
        errors.setdefault("charges", []).append(_("行政事业性收费金额应为不小于0的数，单位万元，最多4位小数。"))
    else:
        out["charges"] = str(charges)
    if errors:
        raise ValidationError(errors)
    before = report.proactive_entered
    report.proactive_entered = out
    report.save(update_fields=["proactive_entered", "updated_at"])
    audit_record(actor=actor, action="disclosure.report_proactive", object_type="disclosure.DisclosureAnnualReport",
                 object_id=report.pk, detail={"before": before, "after": out})
    return report


@transaction.atomic
def report_publish(*, actor: User | None, report_id: int) -> DisclosureAnnualReport:
    """Publish on the portal: the tables computed now and frozen, the DOCX rendered and kept with its SHA-256, the
    publication entered in the transparency log. Only after the year has ended (第四十九条: the report is on the
    past year); a publication after 31 January is allowed and marked late."""
    from fazhi.tlog.services import log_publication

    report = _locked(report_id)
    if not may_publish(actor, report.agency):
        raise PermissionDenied(_("只有局长可以签发年度报告。"))
    if report.is_published:
        raise ValidationError({"status": [_("该报告已公开。")]})
    today = sysclock.today()
    if today.year <= report.year:
        raise ValidationError({"year": [_("%(y)s年度结束后才能公开该年度的报告。") % {"y": report.year}]})
    missing = [str(heading) for field, heading, required, _t in SECTIONS if required and not getattr(report, field)]
    if missing:
        raise ValidationError({"text": [_("请先撰写：%(parts)s。") % {"parts": "、".join(missing)}]})
    fig = compute_figures(report)
    content = render(report, fig, date=today)
    report.figures = fig
    report.status = DisclosureAnnualReport.Status.PUBLISHED
    report.published_on = today
    report.published_by = actor
    report.sha256 = hashlib.sha256(content).hexdigest()
    report.size = len(content)
    report.file.save(f"{report.agency.code}-{report.year}-disclosure-report.docx", ContentFile(content), save=False)
    report.save()
    log_publication(KIND, report.pk)
    audit_record(actor=actor, action="disclosure.report_publish", object_type="disclosure.DisclosureAnnualReport",
                 object_id=report.pk, detail={"sha256": report.sha256, "late": is_late(report.year, report, today)})
    return report


# ==== the transparency log (fazhi/tlog) =======================================================================
def _log_content(object_id: str) -> bytes | None:
    from fazhi.tlog.publications import body, day, file_sha256

    report = published_report(object_id)
    if report is None:
        return None
    return body({"title": report.title, "year": report.year, "agency": report.agency.name,
                 "published_on": day(report.published_on), "figures": report.figures,
                 "text": {f: getattr(report, f) for f in TEXT_FIELDS}, "file_sha256": file_sha256(report.file)})


def _log_published():
    return (str(pk) for pk in published_reports().order_by("pk").values_list("pk", flat=True))


def _log_page(object_id: str) -> str | None:
    report = published_report(object_id)
    return reverse("disclosure:public_report", args=[report.pk]) if report else None


def register_publication() -> None:
    from fazhi.tlog.publications import register_kind

    register_kind(name=KIND, label=gettext_lazy("政府信息公开工作年度报告"), content=_log_content,
                  published=_log_published, page=_log_page)


# ==== fazhi report disclosure YEAR [--agency CODE] --out FILE.docx [--force] ====================================
def command_write(*, year: int, agency_code: str, out: str, force: bool = False) -> list[str]:
    """Write the report's DOCX for the command (a missing report is created as a draft by the system; a published
    one is written as issued). Errors in Chinese as CommandError (exit status 1); nothing is written then."""
    from pathlib import Path

    from django.core.management.base import CommandError

    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError("年份应在2000至2100之间。")
    if year > sysclock.today().year:
        raise CommandError("年份无效：不能为尚未开始的年度生成报告。")
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency is None:
            raise CommandError(f"没有代码为“{agency_code}”的机关。")
    else:
        agency = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
        if agency is None:
            raise CommandError("系统中还没有机关：请先加载演示数据或创建机关。")
    path = Path(out)
    if path.exists() and not force:
        raise CommandError(f"文件“{path}”已存在；如需覆盖请加 --force。")
    if path.suffix.lower() != ".docx":
        raise CommandError("输出文件应以 .docx 结尾。")
    report = report_ensure(agency=agency, year=year)
    content = report_docx(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    fig = figures_of(report)
    rows = {r["code"]: r["values"]["total"] for r in fig["requests"]["rows"]}
    return [
        f"{report.title}（{report.get_status_display()}）",
        f"  本年新收 {rows['new']}，上年结转 {rows['carried_in']}，办结 {rows['total']}，"
        f"结转下年度 {rows['carried_out']}；行政复议 {fig['remedies']['reconsideration']['total']}",
        f"已写入 {path}（{len(content)} 字节）",
    ]
