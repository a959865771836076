"""Reads of cases: the case view (for the page and the API), the inbox, statistics helpers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.i18n import translate_stored
from fazhi.core.models import User
from fazhi.process.definition import all_definitions
from fazhi.process.models import Case, CaseDocument
from fazhi.process.services import transitions_for
from fazhi.workdays.calendar import remaining_workdays

# ---- the requester's identity (举报人信息保密) ------------------------------------------------------------
IDENTITY_MASK = "******"


def _request_process_codes() -> set[str]:
    from fazhi.requests.kinds import all_kinds

    return {k.process_code for k in all_kinds()}


def identity_visible(user, case: Case) -> bool:
    """May ``user`` see the requester's name, ID number, phone and address? Always, unless the case is a
    confidential request (a report: 举报人信息保密), whose identity only the officers designated for it
    (``fazhi.requests.access.party_visible``) and the requester's own account may see (docs/complaints.md)."""
    if case.kind not in _request_process_codes():
        return True  # not a request of the intake: no query
    from fazhi.requests.access import party_visible

    if party_visible(user, case):
        return True
    return bool(user is not None and getattr(user, "is_authenticated", False) and case.applicant_id is not None
                and case.applicant_id == user.pk)


def _confidential(case: Case) -> bool:
    if case.kind not in _request_process_codes():
        return False
    req = getattr(case, "public_request", None)
    return bool(req is not None and req.confidential and not req.anonymous)


def party_view(user, case: Case, *, visible: bool | None = None, confidential: bool | None = None) -> dict:
    """The requester (or party) as ``user`` may see it: in full, or masked with fazhi.core.masking (name partly,
    ID number and phone but their ends, the address entirely). ``confidential``: the identity is protected;
    ``masked``: it is hidden from this user. Lists pass ``visible`` (from ``masked_case_ids``) and
    ``confidential`` to save the queries."""
    if confidential is None:
        confidential = _confidential(case)
    if visible is None:
        visible = (not confidential) or identity_visible(user, case)
    party = {"kind": case.party_kind, "name": case.party_name, "id_number": case.party_id_number,
             "phone": case.party_phone, "address": case.party_address, "confidential": confidential,
             "masked": False}
    if visible:
        return party
    from fazhi.core.masking import mask_id_number, mask_name, mask_phone

    return {**party, "name": mask_name(case.party_name), "id_number": mask_id_number(case.party_id_number),
            "phone": mask_phone(case.party_phone), "address": IDENTITY_MASK if case.party_address else "",
            "masked": True}


def masked_case_ids(user, case_ids) -> set[int]:
    """Of these cases, those whose requester ``user`` must see masked (one query; for lists and exports)."""
    ids = list(case_ids)
    if not ids:
        return set()
    from fazhi.requests.models import PublicRequest

    qs = PublicRequest.objects.filter(case_id__in=ids, confidential=True, anonymous=False)
    if user is not None and getattr(user, "is_authenticated", False):
        qs = qs.exclude(designated=user).exclude(case__applicant_id=user.pk)
    return set(qs.values_list("case_id", flat=True))


def event_shown(event, case: Case, *, visible: bool) -> tuple[str, str]:
    """An event's actor and comment as shown to someone who may not see the requester: the requester's own
    account (an online filing) is masked, and ID and mobile numbers in the comment are masked."""
    if visible:
        return event.actor_label, event.comment
    from fazhi.core.masking import mask_name, mask_text

    actor = event.actor_label
    if case.applicant_id is not None and event.actor_id == case.applicant_id:
        actor = mask_name(actor)
    return actor, mask_text(event.comment)


def case_view(user: User, case: Case) -> dict:
    """The case for the API, its labels in the caller's language (stored labels are translated). A confidential
    requester is masked unless the caller may see them (``party_view``)."""
    allowed = transitions_for(user, case)
    party = party_view(user, case)
    visible = not party["masked"]
    events = list(case.events.all())
    shown = {e.pk: event_shown(e, case, visible=visible) for e in events} if not visible else {}
    return {
        "id": case.pk,
        "number": case.number,
        "kind": case.kind,
        "state": case.state,
        "state_label": str(case.state_label if user.kind == User.Kind.STAFF else case.public_state_label),
        "agency": case.agency.name,
        "party_name": party["name"],
        "channel": case.channel,
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "decided_on": case.decided_on,
        "outcome": case.outcome,
        "clocks": [
            {"name": c.name, "label": translate_stored(c.label), "due": c.due, "provisional": c.provisional,
             "state": c.state, "legal_basis": c.legal_basis, "budget": c.budget, "unit": c.unit, "extension_days": c.extension_days,
             "started_on": c.started_on, "stopped_on": c.stopped_on}
            for c in case.clocks.all()
        ],
        "events": [
            {"seq": e.seq, "at": e.at, "on": e.on,
             "actor": translate_stored(shown[e.pk][0] if e.pk in shown else e.actor_label),
             "transition": e.transition, "label": translate_stored(e.label), "from_state": e.from_state,
             "to_state": e.to_state, "comment": shown[e.pk][1] if e.pk in shown else e.comment, "data": e.data,
             "hash": e.hash}
            for e in events
            if e.public or user.kind == User.Kind.STAFF
        ],
        "transitions": [t.name for t in allowed],
        "transition_details": [
            {"name": t.name, "label": str(t.label), "comment_required": t.comment_required,
             "legal_basis": str(t.legal_basis),
             "fields": [{"name": f.name, "label": str(f.label), "kind": f.kind, "required": f.required,
                         "choices": [[v, str(label)] for v, label in f.choices]} for f in t.fields]}
            for t in allowed
        ],
    }


def case_document_for(case: Case, doc_id: int) -> CaseDocument | None:
    return case.documents.filter(pk=doc_id).first()


def inbox(user: User) -> QuerySet[Case]:
    """What is the user's to do: cases of their agency in a state where one of their roles may act,
    earliest due first."""
    if not is_business_staff(user):
        return Case.objects.none()
    roles = set(user.roles)
    cond = Q(pk__in=[])
    for definition in all_definitions():
        states = definition.states_actionable_by(roles)
        if states:
            cond |= Q(kind=definition.code, state__in=sorted(states))
    return (
        Case.objects.filter(cond, agency_id=user.agency_id)
        .select_related("agency")
        # Cases without a running clock last, on every database.
        .order_by(F("next_due").asc(nulls_last=True), "received_on", "id")
    )


@dataclass
class Warning:
    level: str  # "ok" | "yellow" | "red" | "paused" | "none"
    remaining: int | None
    text: str


def due_warning(due, *, today=None, paused: bool = False) -> Warning:
    """Yellow at 3 working days or less left, red when overdue."""
    if paused:
        return Warning("paused", None, _("计时中止"))
    if due is None:
        return Warning("none", None, "")
    today = today or sysclock.today()
    left = remaining_workdays(today, due)
    if today > due:
        if not left:  # a rest day right after the due date
            return Warning("red", left, _("已超期"))
        n = abs(left)
        return Warning("red", left, ngettext("已超期%(n)s个工作日", "已超期%(n)s个工作日", n) % {"n": n})
    text = ngettext("剩余%(n)s个工作日", "剩余%(n)s个工作日", left) % {"n": left}
    return Warning("yellow" if left <= 3 else "ok", left, text)

