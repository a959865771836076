"""Reads of the intake: the agency a request is addressed to, and the public tracking view."""

from __future__ import annotations

from fazhi.core.models import Agency
from fazhi.process.models import Case, Clock


def addressed_agency(code: str, user=None) -> Agency | None:
    """The agency named by code; staff file for their own agency; otherwise the deployment's top agency."""
    if code:
        return Agency.objects.filter(code=code).first()
    if user is not None and getattr(user, "agency_id", None):
        return user.agency
    return Agency.objects.filter(parent__isnull=True).order_by("id").first()


def tracking_view(case: Case) -> dict:
    """What the requester sees: the state for the public, running clocks with due dates, public events (no
    staff names), and the documents issued to them."""
    req = getattr(case, "public_request", None)
    return {
        "number": case.number,
        "kind": req.kind if req else case.kind,
        "state": case.state,
        "state_label": str(case.public_state_label),
        "received_on": case.received_on.isoformat(),
        "clocks": [{"label": c.label, "due": c.due.isoformat() if c.due else None, "state": c.state,
                    "legal_basis": c.legal_basis} for c in case.clocks.all() if c.state != Clock.State.STOPPED],
        "events": [{"on": e.on.isoformat(), "label": e.label} for e in case.events.all() if e.public],
        "documents": [{"title": d.title, "number": d.number, "issued_on": d.issued_on.isoformat()}
                      for d in case.documents.all()],
    }
