"""/api/v1/petitions: the staff register of petitions (信访), one petition with its visits, recording a visit, the
visit register and the statistics of a year. Petitions are registered through the one intake
(``POST /api/v1/requests`` with ``kind: "petition"``) and their steps are fired through the generic
``POST /api/v1/cases/{id}/transitions/{name}``; the petitioner tracks them with ``GET /api/v1/requests/track``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import Forbidden, NotFound
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.petitions import selectors, services
from fazhi.petitions.access import PetitionNotFound, access_petition

router = Router(tags=["petitions"], auth=AUTH)


class PetitionRow(Schema):
    id: int
    number: str
    matter: str
    party_name: str
    channel: str
    state: str
    state_label: str
    received_on: dt.date
    accepted_on: dt.date | None
    next_due: dt.date | None
    persons: int
    collective: bool
    visit_count: int


class VisitIn(Schema):
    visited_on: dt.date
    persons: int = 1
    representatives: list[str] = []
    summary: str
    leader_received: bool | None = None


class VisitOut(Schema):
    id: int
    case_id: int
    number: str
    visited_on: dt.date
    persons: int
    representatives: list[str]
    collective: bool
    officer: str
    leader_received: bool
    summary: str


def _staff(request):
    if not is_business_staff(request.user):
        raise Forbidden(_("仅本机关业务工作人员可以查看信访事项。"))


def _visit_out(v) -> dict:
    case = v.petition.case
    return {"id": v.pk, "case_id": case.pk, "number": case.number, "visited_on": v.visited_on, "persons": v.persons,
            "representatives": list(v.representatives), "collective": v.collective, "officer": str(v.officer),
            "leader_received": v.leader_received, "summary": v.summary}


@router.get("", response=list[PetitionRow])
def petitions(request, year: int | None = Query(None, ge=2000, le=2100), state: str = "", channel: str = ""):
    """The petitions of the caller's agency (business staff), latest first."""
    _staff(request)
    return [
        {"id": p.case.pk, "number": p.case.number, "matter": p.matter, "party_name": p.case.party_name,
         "channel": p.case.channel, "state": p.case.state, "state_label": str(p.case.state_label),
         "received_on": p.case.received_on, "accepted_on": p.case.accepted_on, "next_due": p.case.next_due,
         "persons": p.persons, "collective": p.collective, "visit_count": p.visit_count}
        for p in selectors.petitions_for(request.user, year=year, state=state, channel=channel)[:500]
    ]


@router.get("/statistics", response=dict[str, Any])
def statistics(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The year's petitions: channels, visits (collective ones and those received by leaders), outcomes, on-time
    handling (60 + 30 days), reviews."""
    _staff(request)
    return selectors.statistics(request.user.agency_id, year or sysclock.today().year)


@router.get("/visits", response=list[VisitOut])
def visits(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The visit register (来访登记) of the caller's agency."""
    _staff(request)
    return [_visit_out(v) for v in selectors.visits_for(request.user, year=year)[:1000]]


@router.get("/{int:case_id}", response=dict[str, Any])
def petition(request, case_id: int):
    try:
        p = access_petition(request.user, case_id)
    except PetitionNotFound:
        raise NotFound(_("信访事项不存在。")) from None
    return selectors.petition_detail(p)


@router.post("/{int:case_id}/visits", response={201: VisitOut})
def visit_add(request, case_id: int, payload: VisitIn):
    """Record a visit about the petition (the petition office and the leaders)."""
    try:
        p = access_petition(request.user, case_id)
    except PetitionNotFound:
        raise NotFound(_("信访事项不存在。")) from None
    visit = services.visit_record(actor=request.user, case_id=p.case_id, visited_on=payload.visited_on,
                                  persons=payload.persons, representatives=payload.representatives,
                                  summary=payload.summary, leader_received=payload.leader_received)
    return Status(201, _visit_out(visit))
