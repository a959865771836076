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


def case_view(user: User, case: Case) -> dict:
    """The case for the API, its labels in the caller's language (stored labels are translated)."""
    allowed = transitions_for(user, case)
    return {
        "id": case.pk,
        "number": case.number,
        "kind": case.kind,
        "state": case.state,
        "state_label": str(case.state_label if user.kind == User.Kind.STAFF else case.public_state_label),
        "agency": case.agency.name,
        "party_name": case.party_name,
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
            {"seq": e.seq, "at": e.at, "on": e.on, "actor": translate_stored(e.actor_label),
             "transition": e.transition, "label": translate_stored(e.label), "from_state": e.from_state,
             "to_state": e.to_state, "comment": e.comment, "data": e.data, "hash": e.hash}
            for e in case.events.all()
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

