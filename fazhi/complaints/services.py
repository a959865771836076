"""Complaints and reports (投诉举报): the intake hook, the hooks and guards of the "complaint_report" process, and
the export.

Every step runs inside ``fazhi.process.services.case_fire`` (one transaction, the case row locked); the hooks
below write this app's row and the intake row (designation, duplicate, transfer). Confidentiality
(举报人信息保密, docs/complaints.md): the reporter's identity is never written into an event, a document or an
audit record. ``guard_common`` refuses a step whose comment or fields contain it, and the documents of a
confidential request are addressed to "举报人", not to a name.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from fazhi.complaints.models import Complaint
from fazhi.core.access import is_business_staff
from fazhi.core.i18n import zh
from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.process.models import Case
from fazhi.requests.kinds import get_kind
from fazhi.requests.models import PublicRequest

KINDS = ("complaint", "report")


# ---- intake ------------------------------------------------------------------------------------------------
def _normalized(text: str) -> str:
    return "".join(str(text or "").split())


def complaint_on_submit(*, request: PublicRequest, fields: dict) -> Complaint:
    """The intake's hook (inside its transaction): this app's row, with the earlier requests of the agency about
    the same subject as a hint for the duplicate decision (the decision itself is the officer's)."""
    case = request.case
    subject = str(fields.get("subject", "")).strip()[:200]
    key = _normalized(subject)
    earlier = []
    if key:
        for number, other in (Complaint.objects.filter(case__agency_id=case.agency_id)
                              .exclude(case_id=case.pk).order_by("-case__received_on", "-id")
                              .values_list("case__number", "subject")[:500]):
            if _normalized(other) == key:
                earlier.append(number)
            if len(earlier) >= 5:
                break
    return Complaint.objects.create(case=case, request=request, subject=subject, possible_duplicates=earlier)


# ---- confidentiality ----------------------------------------------------------------------------------------
def _identity_tokens(case: Case) -> list[str]:
    """What would identify the requester if it were written down: name, ID number, phone, address."""
    req = case.public_request
    if not req.confidential or req.anonymous:
        return []
    tokens = [t.strip() for t in (case.party_id_number, case.party_phone) if t and len(t.strip()) >= 5]
    if len((case.party_name or "").strip()) >= 2:
        tokens.append(case.party_name.strip())
    if len((case.party_address or "").strip()) >= 6:  # not a bare city name that a finding may well mention
        tokens.append(case.party_address.strip())
    return tokens


def _texts(ctx) -> list[tuple[str, str]]:
    out = [("comment", ctx.comment or "")]
    for name, value in (ctx.data or {}).items():
        values = value if isinstance(value, list) else [value]
        out.extend((name, str(v)) for v in values)
    return out


def guard_common(case: Case, ctx) -> str | None:
    """举报人信息保密: the comment and the fields of a step are written into the hash-chained event log and, for
    some steps, into a document; neither may name the reporter. Raises a ValidationError on the field that does."""
    if ctx is None:
        return None
    tokens = _identity_tokens(case)
    if not tokens:
        return None
    errors: dict[str, list[str]] = {}
    for name, text in _texts(ctx):
        if any(t in text for t in tokens):
            errors.setdefault(name, []).append(_(
                "不得写入举报人的身份信息（姓名、证件号码、电话或地址）：举报人信息严格保密，办理记录和文书中不出现。"))
    if errors:
        raise ValidationError(errors)
    return None


def _is_designated(case: Case, user) -> bool:
    return bool(user is not None and case.public_request.designated.filter(pk=user.pk).exists())


def guard_findings(case: Case, ctx) -> str | None:
    if ctx is None:
        return None
    guard_common(case, ctx)
    if not _is_designated(case, ctx.actor):
        return _("只有被指定的承办人员可以记录核查情况。")
    return None


def guard_open_penalty(case: Case, ctx) -> str | None:
    if Complaint.objects.filter(case=case, penalty_case__isnull=False).exists():
        return _("本件已转立案查处。")
    if ctx is None:
        return None
    guard_common(case, ctx)
    if not _is_designated(case, ctx.actor):
        return _("只有被指定的承办人员可以转立案查处。")
    return None


# ---- hooks --------------------------------------------------------------------------------------------------
def _designate(case: Case, usernames: list[str]) -> list[User]:
    """The officers who handle the request and alone may see a reporter's identity: business staff of the case's
    agency."""
    names = list(dict.fromkeys(u.strip() for u in usernames if u and u.strip()))
    users = {u.username: u for u in User.objects.filter(username__in=names, kind=User.Kind.STAFF,
                                                         agency_id=case.agency_id, is_active=True)}
    bad = [n for n in names if n not in users or not is_business_staff(users[n])]
    if bad:
        raise ValidationError({"handlers": [_("本机关没有这些承办人员：%(names)s") % {"names": _("、").join(bad)}]})
    if not names:
        raise ValidationError({"handlers": [_("请至少指定一名承办人员。")]})
    chosen = [users[n] for n in names]
    case.public_request.designated.set(chosen)
    return chosen


def hook_accept(case: Case, ctx) -> None:
    case.accepted_on = ctx.today
    _designate(case, ctx.data.get("handlers") or [])


def hook_designate(case: Case, ctx) -> None:
    _designate(case, ctx.data.get("handlers") or [])


def hook_refuse(case: Case, ctx) -> None:
    Complaint.objects.filter(case=case).update(refusal_ground=ctx.data["ground"])
    case.outcome = "not_accepted"
    case.decided_on = ctx.today


def hook_transfer(case: Case, ctx) -> None:
    to = str(ctx.data["to_agency"]).strip()[:200]
    if _normalized(to) == _normalized(case.agency.name):
        raise ValidationError({"to_agency": [_("转送机关不能是本机关。")]})
    PublicRequest.objects.filter(pk=case.public_request.pk).update(transferred_to=to)
    case.public_request.transferred_to = to
    case.outcome = "transferred"
    case.decided_on = ctx.today


def hook_duplicate(case: Case, ctx) -> None:
    number = str(ctx.data["earlier"]).strip().upper()
    earlier = (PublicRequest.objects.select_related("case")
               .filter(case__number=number, case__agency_id=case.agency_id, kind__in=KINDS)
               .exclude(case_id=case.pk).first())
    if earlier is None:
        raise ValidationError({"earlier": [_("本机关没有编号为 %(number)s 的投诉举报。") % {"number": number}]})
    if earlier.case.received_on > case.received_on:
        raise ValidationError({"earlier": [_("只能标记为更早收到的诉求的重复件。")]})
    root = earlier
    seen = {case.public_request.pk}
    while root.duplicate_of_id and root.pk not in seen:  # link to the original, not to another duplicate
        seen.add(root.pk)
        root = root.duplicate_of
    PublicRequest.objects.filter(pk=case.public_request.pk).update(duplicate_of=root)
    case.public_request.duplicate_of = root
    case.outcome = "duplicate"
    case.decided_on = ctx.today
    ctx.extra_event_data["duplicate_of"] = root.case.number


def hook_open_penalty(case: Case, ctx) -> None:
    """转立案查处: register a penalty case (案源登记, source 投诉举报) for the party the report names; linked both ways
    (this row's penalty_case; the penalty case's data names the request number and its source detail cites it)."""
    from fazhi.enforcement.services import penalty_register

    d = ctx.data
    kind = get_kind(case.public_request.kind)
    detail = f"{zh(kind.label)}{case.number}反映：{d['clue']}"
    try:
        penalty = penalty_register(
            actor=ctx.actor, source="complaint", source_detail=detail, party_type=d["party_type"],
            party={"name": d["party_name"], "id_number": d["party_id_number"], "address": d["party_address"]},
            today=ctx.today)
    except ValidationError as e:
        errors = e.message_dict
        if "source_detail" in errors:
            errors["clue"] = errors.pop("source_detail")
        raise ValidationError(errors) from None
    except PermissionDenied:
        raise ValidationError({"party_name": [_("只有执法人员、科室负责人或机关负责人可以登记行政处罚案源。")]}) from None
    penalty.data = {**penalty.data, "request_number": case.number, "request_case_id": case.pk}
    penalty.save(update_fields=["data"])
    Complaint.objects.filter(case=case).update(penalty_case=penalty)
    case.data = {**case.data, "penalty_case": penalty.number, "penalty_case_id": penalty.pk}
    ctx.extra_event_data["penalty_case"] = penalty.number


def hook_findings(case: Case, ctx) -> None:
    Complaint.objects.filter(case=case).update(result=ctx.data["result"], findings=ctx.data["findings"],
                                               handled_on=ctx.today)


def hook_reply(case: Case, ctx) -> None:
    complaint = Complaint.objects.get(case=case)
    complaint.reply = ctx.data["reply"]
    complaint.replied_on = ctx.today
    complaint.save(update_fields=["reply", "replied_on"])
    case.outcome = complaint.result or "replied"
    case.decided_on = ctx.today


# ---- export -------------------------------------------------------------------------------------------------
EXPORT_COLUMNS = ("办件编号", "类型", "收到渠道", "收到日期", "诉求人", "证件号码", "联系电话", "联系地址", "身份信息",
                  "被投诉举报对象", "状态", "受理日期", "办理期限", "核查结论", "转立案查处", "转送机关", "重复件",
                  "答复日期")


def _cell(value):
    """No formulas from what people typed (CSV/XLSX injection): a leading = + - @ is quoted."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def complaint_export(*, actor: User, queryset) -> bytes:
    """The agency's complaints and reports as XLSX. A confidential requester is masked in every row the exporting
    officer is not designated for. The export is audited (who, how many rows, how many unmasked) — never with
    identities."""
    from openpyxl import Workbook

    from fazhi.process.selectors import masked_case_ids, party_view

    if not is_business_staff(actor):
        raise PermissionDenied
    rows = list(queryset.select_related("case", "request__duplicate_of__case", "penalty_case"))
    hidden = masked_case_ids(actor, [c.case_id for c in rows])
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(zh(_("投诉举报")))
    ws.append(list(EXPORT_COLUMNS))
    labels = {k: zh(get_kind(k).label) for k in KINDS if get_kind(k)}
    results = dict((v, zh(lbl)) for v, lbl in Complaint.Result.choices)
    unmasked = 0
    for c in rows:
        case, req = c.case, c.request
        party = party_view(actor, case, visible=case.pk not in hidden,
                           confidential=req.confidential and not req.anonymous)
        if req.anonymous:
            status = "匿名"
        elif party["masked"]:
            status = "保密（已脱敏）"
        else:
            status = "保密（指定人员可见）" if party["confidential"] else "实名"
            unmasked += int(party["confidential"])
        ws.append([_cell(v) for v in (
            case.number, labels.get(req.kind, req.kind), zh(case.get_channel_display()), case.received_on,
            party["name"], party["id_number"], party["phone"], party["address"], status, c.subject,
            zh(case.state_label), case.accepted_on, case.next_due, results.get(c.result, ""),
            c.penalty_case.number if c.penalty_case_id else "", req.transferred_to,
            req.duplicate_of.case.number if req.duplicate_of_id else "", c.replied_on)])
    out = io.BytesIO()
    wb.save(out)
    audit_record(actor=actor, action="complaints.export", object_type="complaints.Complaint",
                 detail={"rows": len(rows), "confidential_unmasked": unmasked})
    return out.getvalue()
