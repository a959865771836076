"""Reads of the legal adviser system: advisers and consultations of the user's agency (business staff only), one
consultation, and the statistics of a year (count by kind, average response days, overdue)."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from fazhi.advisers.access import AdviserNotFound
from fazhi.advisers.models import Adviser, Consultation
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import User


def advisers_for(user: User) -> QuerySet[Adviser]:
    if not is_business_staff(user):
        return Adviser.objects.none()
    return Adviser.objects.filter(agency_id=user.agency_id)


def adviser_for(user: User, adviser_id) -> Adviser:
    try:
        return advisers_for(user).get(pk=int(adviser_id))
    except (Adviser.DoesNotExist, TypeError, ValueError):
        raise AdviserNotFound from None


def consultations_for(user: User, *, year: int | None = None, kind: str = "", adviser_id: int | None = None,
                      overdue: bool | None = None) -> QuerySet[Consultation]:
    if not is_business_staff(user):
        return Consultation.objects.none()
    qs = Consultation.objects.filter(agency_id=user.agency_id).select_related("adviser", "asked_by")
    if year:
        qs = qs.filter(asked_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if adviser_id:
        qs = qs.filter(adviser_id=adviser_id)
    if overdue is not None:
        late = Q(answered_on__isnull=False, answered_on__gt=F("due_on")) | Q(
            answered_on__isnull=True, due_on__lt=sysclock.today())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    return qs


def consultation_for(user: User, consultation_id) -> Consultation:
    try:
        return consultations_for(user).prefetch_related("attachments").get(pk=int(consultation_id))
    except (Consultation.DoesNotExist, TypeError, ValueError):
        raise AdviserNotFound from None


def consultation_row(c: Consultation, today=None) -> dict:
    today = today or sysclock.today()
    return {
        "id": c.pk, "adviser_id": c.adviser_id, "adviser": c.adviser.name, "subject": c.subject, "kind": c.kind,
        "kind_label": str(c.get_kind_display()), "question": c.question, "asked_on": c.asked_on, "due_on": c.due_on,
        "answered_on": c.answered_on, "response_days": c.response_days, "overdue": c.overdue_on(today),
        "opinion": c.opinion, "adoption": c.adoption, "asked_by": str(c.asked_by),
    }


def adviser_row(a: Adviser, today=None) -> dict:
    today = today or sysclock.today()
    return {
        "id": a.pk, "name": a.name, "kind": a.kind, "kind_label": str(a.get_kind_display()), "firm": a.firm,
        "licence_number": a.licence_number, "phone": a.phone, "term_from": a.term_from, "term_to": a.term_to,
        "in_term": a.in_term(today), "active": a.active, "response_workdays": a.response_workdays,
        "contract_number": a.contract_number, "has_contract": bool(a.contract), "contract_sha256": a.contract_sha256,
        "note": a.note,
    }


def statistics(agency_id: int, year: int) -> dict:
    """The year's consultations (by date asked): count by kind, answered, average response days (calendar days
    from the question to the answer, answered ones only), overdue (answered late or unanswered past the date)."""
    today = sysclock.today()
    rows = list(Consultation.objects.filter(agency_id=agency_id, asked_on__year=year))
    answered = [c for c in rows if c.answered_on]
    by_kind = {k: 0 for k in Consultation.Kind.values}
    for c in rows:
        by_kind[c.kind] += 1
    days = [c.response_days for c in answered]
    return {
        "year": year,
        "total": len(rows),
        "by_kind": by_kind,
        "by_kind_labels": {k: str(label) for k, label in Consultation.Kind.choices},
        "answered": len(answered),
        "pending": len(rows) - len(answered),
        "average_response_days": round(sum(days) / len(days), 1) if days else None,
        "overdue": sum(1 for c in rows if c.overdue_on(today)),
        "answered_late": sum(1 for c in answered if c.answered_on > c.due_on),
        "advisers": Adviser.objects.filter(agency_id=agency_id, term_from__year__lte=year,
                                           term_to__year__gte=year).count(),
    }
