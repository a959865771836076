"""Reads of complaints and reports: the staff list, the panel of the case page, the API views. Every read that
shows the requester goes through ``fazhi.process.selectors.party_view`` / ``masked_case_ids`` (举报人信息保密)."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.complaints.models import Complaint
from fazhi.core.access import is_business_staff
from fazhi.core.masking import mask_text
from fazhi.core.models import User
from fazhi.process.models import Case
from fazhi.process.selectors import identity_visible, masked_case_ids, party_view
from fazhi.requests.kinds import get_kind

OPEN_STATES = ("registered", "handling", "pending_reply")


def field_options(case: Case) -> dict[str, list[tuple[str, str]]]:
    """The officers who may be designated: business staff of the case's agency."""
    staff = User.objects.filter(kind=User.Kind.STAFF, agency_id=case.agency_id, is_active=True).order_by("username")
    return {"handlers": [(u.username, f"{u}（{'、'.join(u.role_labels)}）") for u in staff if is_business_staff(u)]}


def staff_complaints(user: User, *, kind: str = "", state: str = "", year: int | None = None) -> QuerySet[Complaint]:
    """The complaints and reports of the user's agency, newest first (nothing for anyone else)."""
    if not is_business_staff(user):
        return Complaint.objects.none()
    qs = (Complaint.objects.filter(case__agency_id=user.agency_id)
          .select_related("case", "request", "penalty_case").order_by("-case__received_on", "-id"))
    if kind in ("complaint", "report"):
        qs = qs.filter(request__kind=kind)
    if state == "open":
        qs = qs.filter(case__state__in=OPEN_STATES)
    elif state == "closed":
        qs = qs.exclude(case__state__in=OPEN_STATES)
    if year:
        qs = qs.filter(case__received_on__year=year)
    return qs


def rows(user: User, complaints) -> list[dict]:
    """List rows, the requester masked where the user is not designated (one query for the whole page)."""
    complaints = list(complaints)
    hidden = masked_case_ids(user, [c.case_id for c in complaints])
    out = []
    for c in complaints:
        req = c.request
        party = party_view(user, c.case, visible=c.case_id not in hidden,
                           confidential=req.confidential and not req.anonymous)
        out.append({"complaint": c, "case": c.case, "kind": c.request.kind, "kind_label": get_kind(c.request.kind).label,
                    "anonymous": c.request.anonymous, "party": party})
    return out


def _request_fields(complaint: Complaint, visible: bool) -> list[dict]:
    """The form as filed, labelled; ID and mobile numbers in free text masked for those who may not see the
    reporter (a reporter may write their own number into the facts)."""
    req = complaint.request
    spec = get_kind(req.kind)
    out = []
    for f in spec.fields:
        value = req.fields.get(f.name)
        if value in (None, "", []):
            continue
        text = "\n".join(value) if isinstance(value, list) else str(value)
        out.append({"name": f.name, "label": f.label, "value": text if visible else mask_text(text)})
    return out


def panel_context(case: Case, user: User) -> dict | None:
    """What the generic case page shows of a complaint or report (fazhi/portal/views.case_page)."""
    complaint = (Complaint.objects.select_related("request__duplicate_of__case", "penalty_case")
                 .filter(case=case).first())
    if complaint is None:
        return None
    req = complaint.request
    party = party_view(user, case)
    # What a reporter wrote may identify them (their own phone number in the facts), anonymous or not: masked for
    # everyone but the designated officers.
    visible = identity_visible(user, case)
    duplicates = list(req.duplicates.select_related("case").order_by("case__received_on"))
    return {
        "complaint": complaint,
        "request": req,
        "kind_label": get_kind(req.kind).label,
        "fields": _request_fields(complaint, visible),
        "designated": list(req.designated.order_by("username")),
        "duplicates": duplicates,
        "possible_duplicates": [n for n in complaint.possible_duplicates if n != case.number],
        "party": party,
    }


def detail(user: User, case: Case) -> dict:
    """The API view of one complaint or report."""
    ctx = panel_context(case, user)
    c, req = ctx["complaint"], ctx["request"]
    party = ctx["party"]
    return {
        "id": case.pk, "number": case.number, "kind": req.kind, "state": case.state,
        "state_label": str(case.state_label), "channel": case.channel, "received_on": case.received_on,
        "accepted_on": case.accepted_on, "anonymous": req.anonymous, "confidential": req.confidential,
        "party": {k: party[k] for k in ("kind", "name", "id_number", "phone", "address", "masked")},
        "subject": c.subject,
        "fields": {f["name"]: f["value"] for f in ctx["fields"]},
        "designated": [u.username for u in ctx["designated"]],
        "duplicate_of": req.duplicate_of.case.number if req.duplicate_of_id else None,
        "possible_duplicates": ctx["possible_duplicates"],
        "transferred_to": req.transferred_to,
        "result": c.result, "findings": c.findings, "handled_on": c.handled_on,
        "penalty_case": {"id": c.penalty_case_id, "number": c.penalty_case.number} if c.penalty_case_id else None,
        "replied_on": c.replied_on,
    }


def list_item(row: dict) -> dict:
    case, c, party = row["case"], row["complaint"], row["party"]
    return {"id": case.pk, "number": case.number, "kind": row["kind"], "state": case.state,
            "state_label": str(case.state_label), "channel": case.channel, "received_on": case.received_on,
            "next_due": case.next_due, "anonymous": row["anonymous"], "party_name": party["name"],
            "party_masked": party["masked"], "subject": c.subject,
            "penalty_case": c.penalty_case.number if c.penalty_case_id else None}
