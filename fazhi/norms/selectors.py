"""Reads of normative documents: the public lists and counts, the search, one document (public or staff), review
flags, documents nearing their validity end, clean-ups."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency, User
from fazhi.norms import search
from fazhi.norms.models import (
    IN_FORCE,
    NOT_IN_FORCE,
    PUBLIC_STATES,
    Cleanup,
    NormativeDocument,
    PublicStatus,
    ReviewFlag,
)

# Public status filter → case states.
STATUS_STATES = {
    "": PUBLIC_STATES,
    "all": PUBLIC_STATES,
    PublicStatus.VALID: IN_FORCE,
    PublicStatus.REPEALED: ("repealed",),
    PublicStatus.EXPIRED: ("expired",),
    PublicStatus.AMENDED: ("amended",),
    "invalid": NOT_IN_FORCE,  # no longer in force: repealed, expired or amended
}
# ... and → search entry statuses.
STATUS_ENTRIES = {
    "": tuple(PublicStatus.values), "all": tuple(PublicStatus.values), PublicStatus.VALID: (PublicStatus.VALID,),
    PublicStatus.REPEALED: (PublicStatus.REPEALED,), PublicStatus.EXPIRED: (PublicStatus.EXPIRED,),
    PublicStatus.AMENDED: (PublicStatus.AMENDED,),
    "invalid": (PublicStatus.REPEALED, PublicStatus.EXPIRED, PublicStatus.AMENDED),
}


def agency_by_code(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first() if code else None


def public_documents(*, status: str = "valid", agency: Agency | None = None) -> QuerySet[NormativeDocument]:
    states = STATUS_STATES.get(status or "", None)
    if states is None:
        return NormativeDocument.objects.none()
    qs = NormativeDocument.objects.filter(state__in=states).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("-published_on", "-pk")


def counts(*, agency: Agency | None = None) -> dict[str, int]:
    """The figures the portal shows, computed from the documents' states (always current)."""
    qs = NormativeDocument.objects.filter(state__in=PUBLIC_STATES)
    if agency is not None:
        qs = qs.filter(agency=agency)
    by_state = {row["state"]: row["n"] for row in qs.order_by().values("state").annotate(n=Count("pk"))}
    return {"valid": sum(by_state.get(s, 0) for s in IN_FORCE), "repealed": by_state.get("repealed", 0),
            "expired": by_state.get("expired", 0), "amended": by_state.get("amended", 0)}


def public_search(query: str, *, status: str = "", agency: Agency | None = None, page: int = 1,
                  per_page: int = 20) -> dict:
    statuses = STATUS_ENTRIES.get(status or "", ())
    page = max(1, min(int(page or 1), search.MAX_OFFSET // per_page))
    hits = search.search(query, statuses=statuses, agency_id=agency.pk if agency else None,
                         offset=(page - 1) * per_page, limit=per_page)
    docs = NormativeDocument.objects.select_related("agency").in_bulk(hits.ids)
    results = []
    for pk in hits.ids:
        doc = docs.get(pk)
        if doc is None or doc.state not in PUBLIC_STATES:
            continue
        results.append({"document": doc, "snippet": search.snippet(doc.text, hits.phrases)})
    shown = min(hits.count if hits.count_exact else search.MAX_OFFSET, search.MAX_OFFSET)
    pages = (shown + per_page - 1) // per_page
    return {"query": query, "results": results, "count": hits.count, "count_exact": hits.count_exact,
            "limit": search.EXACT_LIMIT,
            "page": page, "pages": pages, "has_next": page < pages, "has_previous": page > 1,
            "phrases": hits.phrases}


def document_public(pk) -> NormativeDocument | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (NormativeDocument.objects.filter(pk=pk, state__in=PUBLIC_STATES)
            .select_related("agency", "replaces").first())


def document_for(user, pk) -> NormativeDocument | None:
    """A document the user may read: public ones for everybody; any state for staff of its agency."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    # case__id, not pk: pk is the one-to-one field, whose lookup sends an id out of the integer range to the
    # database (an error); Case.id's integer lookup finds nothing instead.
    doc = NormativeDocument.objects.filter(case__id=pk).select_related("agency", "case").first()
    if doc is None:
        return None
    if doc.is_public:
        return doc
    if user is not None and is_business_staff(user) and user.agency_id == doc.agency_id:
        return doc
    return None


def staff_documents(user: User, *, state: str = "", q: str = "") -> QuerySet[NormativeDocument]:
    qs = NormativeDocument.objects.filter(agency_id=user.agency_id).select_related("case")
    if state:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(number__icontains=q))
    return qs.order_by("-case__received_on", "-pk")


def open_flags(user: User) -> QuerySet[ReviewFlag]:
    return (ReviewFlag.objects.filter(document__agency_id=user.agency_id, resolved_on__isnull=True)
            .select_related("document__case", "law", "law_version").order_by("raised_on", "id"))


def expiring(user: User, today: dt.date | None = None) -> QuerySet[NormativeDocument]:
    """Documents in force whose validity ends within six months (or has ended, waiting for the daily run)."""
    from fazhi.norms.services import add_months

    today = today or sysclock.today()
    return (NormativeDocument.objects.filter(agency_id=user.agency_id, state__in=IN_FORCE, valid_until__isnull=False,
                                             valid_until__lte=add_months(today, 6)).order_by("valid_until", "pk"))


def cleanups_public(*, agency: Agency | None = None) -> QuerySet[Cleanup]:
    qs = Cleanup.objects.filter(state=Cleanup.State.PUBLISHED).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.annotate(
        n_items=Count("items"), n_repealed=Count("items", filter=Q(items__decision="repeal")),
        n_invalid=Count("items", filter=Q(items__decision="invalidate")),
        n_amend=Count("items", filter=Q(items__decision="amend")),
        n_continue=Count("items", filter=Q(items__decision="continue")))


def cleanup_public(pk) -> Cleanup | None:
    try:
        return cleanups_public().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def document_view(doc: NormativeDocument, *, staff: bool = False, full: bool = True) -> dict:
    """A document for the API (staff of its agency also see the case state and the drafting details)."""
    out = {
        "id": doc.pk, "title": doc.title, "number": doc.number, "issuer": doc.issuer, "agency": doc.agency.code,
        "status": doc.public_status, "status_label": doc.public_status_label, "published_on": doc.published_on,
        "effective_on": doc.effective_on, "valid_until": doc.valid_until, "repealed_on": doc.repealed_on,
        "expired_on": doc.expired_on, "url": f"/norms/{doc.pk}/" if doc.is_public else None,
    }
    if full:
        out.update({
            "drafting_division": doc.drafting_division, "text": doc.text if (doc.is_public or staff) else "",
            "citations": [{"law": c.law.code, "title": c.law.title, "version": c.version.label if c.version else "",
                           "articles": c.articles, "note": c.note}
                          for c in doc.citations.select_related("law", "version")],
            "other_bases": [line for line in doc.other_bases.splitlines() if line.strip()],
            "end_reason": doc.end_reason,
            "filed_on": doc.filed_on, "receipt_number": doc.receipt_number if doc.receipt_number else "",
        })
    if staff:
        out.update({"case_id": doc.pk, "case_number": doc.case.number, "state": doc.state,
                    "state_label": str(doc.case.state_label), "text_sha256": doc.text_sha256,
                    "explanation": doc.explanation if full else "", "drafted_on": doc.drafted_on,
                    "signed_on": doc.signed_on, "reviewed_on": doc.reviewed_on, "to_amend": doc.to_amend,
                    "registered": doc.registered,
                    "transitions_url": f"/api/v1/cases/{doc.pk}/transitions/{{name}}"})
    return out
