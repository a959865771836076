"""Reads of disclosure requests: the yearly statistics of the annual report (条例第五十条; the table
"三、收到和处理政府信息公开申请情况" of 国办公开办函〔2021〕30号), computed from the records, its XLSX export, and
the view of one request for the API.

Counting rules (docs/disclosure.md):

* 本年新收 — requests whose receipt date (第三十一条) falls in the year;
* 上年结转 — requests received before the year and not closed before it;
* 本年度办理结果 — requests closed in the year, by result and ground (results.py ``row_for``); 部分公开 only as
  such; withdrawals and 不属于政府信息 under 其他处理 / 其他;
* 结转下年度继续办理 — requests received by the end of the year and not closed by then.

So for every column 新收 + 结转 = 总计 + 结转下年度 (``balanced``).

The other table the report needs from the same records — 四、政府信息公开行政复议、行政诉讼情况 — is supplied by
whichever app records reconsiderations and suits: it registers a provider with ``register_remedy_statistics``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.i18n import zh
from fazhi.core.models import Agency
from fazhi.disclosure import results
from fazhi.disclosure.models import DisclosureRequest
from fazhi.process.models import Case

COLUMNS = (
    ("person", _("自然人")),
    ("business", _("商业企业")),
    ("research", _("科研机构")),
    ("public_interest", _("社会公益组织")),
    ("legal_service", _("法律服务机构")),
    ("other", _("其他")),
    ("total", _("总计")),
)
ORG_COLUMNS = ("business", "research", "public_interest", "legal_service", "other")

# (code, label, level): level 0 the table's numbered parts, 1 the result groups (their subtotal), 2 their rows.
ROWS = (
    ("new", _("一、本年新收政府信息公开申请数量"), 0),
    ("carried_in", _("二、上年结转政府信息公开申请数量"), 0),
    ("open", _("（一）予以公开"), 1),
    ("partial", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 1),
    ("withheld", _("（三）不予公开"), 1),
    ("withheld.state_secret", _("1.属于国家秘密"), 2),
    ("withheld.law_forbids", _("2.其他法律行政法规禁止公开"), 2),
    ("withheld.three_security", _("3.危及“三安全一稳定”"), 2),
    ("withheld.third_party", _("4.保护第三方合法权益"), 2),
    ("withheld.internal_affairs", _("5.属于三类内部事务信息"), 2),
    ("withheld.process_info", _("6.属于四类过程性信息"), 2),
    ("withheld.enforcement_file", _("7.属于行政执法案卷"), 2),
    ("withheld.special_registry", _("8.属于行政查询事项"), 2),
    ("unavailable", _("（四）无法提供"), 1),
    ("unavailable.not_held", _("1.本机关不掌握相关政府信息"), 2),
    ("unavailable.needs_creation", _("2.没有现成信息需要另行制作"), 2),
    ("unavailable.unclear", _("3.补正后申请内容仍不明确"), 2),
    ("not_processed", _("（五）不予处理"), 1),
    ("not_processed.petition", _("1.信访举报投诉类申请"), 2),
    ("not_processed.duplicate", _("2.重复申请"), 2),
    ("not_processed.publication", _("3.要求提供公开出版物"), 2),
    ("not_processed.excessive", _("4.无正当理由大量反复申请"), 2),
    ("not_processed.reconfirm", _("5.要求行政机关确认或重新出具已获取信息"), 2),
    ("other", _("（六）其他处理"), 1),
    ("other.no_correction", _("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"), 2),
    ("other.fee_unpaid", _("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), 2),
    ("other.other", _("3.其他"), 2),
    ("total", _("（七）总计"), 1),
    ("carried_out", _("四、结转下年度继续办理"), 0),
)
RESULTS_HEADING = _("三、本年度办理结果")

# 四、政府信息公开行政复议、行政诉讼情况: providers (agency, year) -> {"reconsideration": {...}, "litigation": {...}}.
_REMEDY_PROVIDERS: list[Callable[[Agency, int], dict]] = []


def register_remedy_statistics(provider: Callable[[Agency, int], dict]) -> None:
    """The hook for the reconsideration/litigation table of the annual report (another app's records)."""
    if provider not in _REMEDY_PROVIDERS:
        _REMEDY_PROVIDERS.append(provider)


def remedy_statistics(agency: Agency, year: int) -> dict | None:
    """The counts of 行政复议 and 行政诉讼 about disclosure, or None while no app provides them."""
    for provider in _REMEDY_PROVIDERS:
        out = provider(agency, year)
        if out is not None:
            return out
    return None


def _column(party_kind: str, requester_type: str | None) -> str:
    if requester_type in ORG_COLUMNS or requester_type == "person":
        return requester_type
    return "person" if party_kind == Case.PartyKind.PERSON else "other"


def disclosure_statistics(agency: Agency, year: int) -> dict:
    """The numbers of the annual report's table for ``agency`` (its own requests) and ``year``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts: dict[str, Counter] = {code: Counter() for code, _label, _level in ROWS}
    qs = (Case.objects.filter(kind="disclosure", agency=agency, received_on__lte=end)
          .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
          .values_list("party_kind", "disclosure__requester_type", "received_on", "closed_on", "disclosure__result",
                       "disclosure__ground"))
    for party_kind, requester_type, received_on, closed_on, result, ground in qs.iterator():
        col = _column(party_kind, requester_type)
        counts["new" if received_on >= start else "carried_in"][col] += 1
        if closed_on is not None and closed_on <= end:
            row = results.row_for(result or results.OTHER, ground or "")
            counts[row][col] += 1
            group = row.split(".")[0]
            if group != row:
                counts[group][col] += 1
            counts["total"][col] += 1
        else:
            counts["carried_out"][col] += 1
    rows = []
    for code, label, level in ROWS:
        values = {c: counts[code][c] for c, _l in COLUMNS if c != "total"}
        values["total"] = sum(values.values())
        rows.append({"code": code, "label": str(label), "level": level, "values": values})
    by_code = {r["code"]: r["values"] for r in rows}
    balanced = all(by_code["new"][c] + by_code["carried_in"][c] == by_code["total"][c] + by_code["carried_out"][c]
                   for c, _l in COLUMNS)
    return {
        "agency": agency.name,
        "year": year,
        "columns": [{"code": c, "label": str(label)} for c, label in COLUMNS],
        "rows": rows,
        "balanced": balanced,
        "remedies": remedy_statistics(agency, year),
    }


def statistics_xlsx(stats: dict) -> bytes:
    """The table as XLSX, laid out like the annual report's: two header rows (申请人情况 — 自然人 / 法人或其他组织
    (five kinds) / 总计), the rows with their numbering. Labels in Chinese (it is the statutory table)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "收到和处理政府信息公开申请情况"
    ws.append([f"{stats['agency']}{stats['year']}年政府信息公开工作年度报告 · 三、收到和处理政府信息公开申请情况"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=9)
    ws.append(["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "", "申请人情况"])
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    ws.merge_cells(start_row=2, start_column=3, end_row=2, end_column=9)
    ws.append(["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
    ws.append(["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
    ws.merge_cells(start_row=3, start_column=4, end_row=3, end_column=8)
    ws.merge_cells(start_row=3, start_column=3, end_row=4, end_column=3)
    ws.merge_cells(start_row=3, start_column=9, end_row=4, end_column=9)
    order = [c["code"] for c in stats["columns"]]
    first_result = True
    with_zh = {code: zh(label) for code, label, _level in ROWS}
    for row in stats["rows"]:
        label = with_zh[row["code"]]
        if row["level"] == 0:
            cells = [label, ""]
        else:
            cells = [zh(RESULTS_HEADING) if first_result else "", label if row["level"] == 1 else f"    {label}"]
            first_result = False
        ws.append(cells + [row["values"][c] for c in order])
    for r in ws.iter_rows(min_row=1, max_row=4):
        for cell in r:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60
    for col in "CDEFGHI":
        ws.column_dimensions[col].width = 12
    sheet = wb.create_sheet("行政复议、行政诉讼情况")
    remedies = stats.get("remedies")
    if remedies is None:
        sheet.append(["四、政府信息公开行政复议、行政诉讼情况：本系统的行政复议、行政诉讼记录尚未提供该表数据，请另行填报。"])
    else:
        for section, values in remedies.items():
            sheet.append([section])
            for k, v in (values or {}).items():
                sheet.append([k, v])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def disclosure_view(case: Case, *, staff: bool) -> dict:
    """One request for the API: what was asked, how it was received, the correction, the reply; the third-party
    consultations only for staff."""
    d: DisclosureRequest | None = getattr(case, "disclosure", None)
    req = getattr(case, "public_request", None)
    out = {
        "id": case.pk,
        "number": case.number,
        "state": case.state,
        "state_label": str(case.state_label if staff else case.public_state_label),
        "channel": case.channel,
        "received_on": case.received_on.isoformat(),
        "submitted_online_on": case.data.get("submitted_online_on"),
        "receipt_rule": case.data.get("receipt_rule", ""),
        "fields": req.fields if req else {},
        "requester_type": d.requester_type if d else "",
        "correction_notified_on": case.data.get("correction_notified_on"),
        "corrected_on": d.corrected_on.isoformat() if d and d.corrected_on else None,
        "corrected_description": d.corrected_description if d else "",
        "result": d.result if d else "",
        "result_label": str(results.RESULT_LABELS.get(d.result, "")) if d else "",
        "ground": d.ground if d else "",
        "ground_label": d.ground_label if d else "",
        "legal_basis": d.ground_article if d else "",
        "replied_on": d.replied_on.isoformat() if d and d.replied_on else None,
        "fee": str(d.fee) if d and d.fee is not None else None,
    }
    if staff:
        out["consultations"] = [
            {"id": c.pk, "number": c.number, "third_party": c.third_party, "sent_on": c.sent_on.isoformat(),
             "due": c.due.isoformat() if c.due else None, "opinion": c.opinion,
             "replied_on": c.replied_on.isoformat() if c.replied_on else None}
            for c in case.consultations.all()]
    return out
