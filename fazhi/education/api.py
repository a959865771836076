"""/api/v1/education: legal education.

* ``GET /events?year=`` and ``GET /events/{id}`` — the caller's agency's training events with attendance
  (business staff; anonymous 401, public accounts and administrators 403; another agency's event 404).
* ``GET /contests?year=`` — the agency's contests with their teams, standings and prizes (business staff).
* ``GET /activities?agency=&year=`` — public legal-education activities of every agency (anyone).
* ``GET /summary?year=`` — ``education_summary`` of the caller's agency (business staff).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, Forbidden, NotFound
from fazhi.core import clock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency
from fazhi.education import selectors
from fazhi.education.models import TrainingEvent

router = Router(tags=["education"])


class EducationEventOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    date: dt.date
    hours: Decimal
    lecturer: str
    place: str
    attendance: int
    total_hours: Decimal


class AttendanceOut(Schema):
    id: int
    name: str
    officer_id: int | None
    certificate_number: str | None
    user_id: int | None
    hours: Decimal
    training_record_id: int | None


class EventDetailOut(EducationEventOut):
    note: str
    attendances: list[AttendanceOut]


class TeamOut(Schema):
    id: int
    name: str
    unit: str
    members: list[str]
    total: Decimal
    rank: int
    prize: str | None
    prize_label: str


class ContestOut(Schema):
    id: int
    title: str
    year: int
    date: dt.date
    place: str
    rounds: list[str]
    teams: list[TeamOut]
    prizes: dict[str, int]


class ActivityOut(Schema):
    id: int
    agency: str
    agency_name: str
    date: dt.date
    title: str
    kind: str
    kind_label: str
    audience: int
    place: str
    description: str


class EducationFigureOut(Schema):
    value: int | Decimal
    model: str
    ids: list[int]


class EducationKindFigureOut(EducationFigureOut):
    label: str


class TrainingSummaryOut(Schema):
    events: EducationFigureOut
    attendance: EducationFigureOut
    hours: EducationFigureOut
    officers: EducationFigureOut
    training_records: EducationFigureOut
    by_kind: dict[str, EducationKindFigureOut]


class ContestSummaryOut(Schema):
    contests: EducationFigureOut
    teams: EducationFigureOut
    prizes: EducationFigureOut
    prizes_by_level: dict[str, EducationKindFigureOut]


class ActivitySummaryOut(Schema):
    activities: EducationFigureOut
    audience: EducationFigureOut
    by_kind: dict[str, EducationKindFigureOut]


class EducationSummaryOut(Schema):
    year: int
    agency: str
    training: TrainingSummaryOut
    contests: ContestSummaryOut
    public_activities: ActivitySummaryOut


def _staff(request) -> None:
    if not is_business_staff(request.user):
        raise Forbidden(_("仅限机关业务人员。"))


def _event(e: TrainingEvent) -> dict:
    return {"id": e.pk, "title": e.title, "kind": e.kind, "kind_label": str(e.get_kind_display()), "date": e.date,
            "hours": e.hours, "lecturer": e.lecturer, "place": e.place, "attendance": e.n_attendance,
            "total_hours": selectors.tenth(e.total_hours)}


@router.get("/events", response=list[EducationEventOut], auth=AUTH)
def event_list(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The caller's agency's training events (of a year), with attendance count and person-学时."""
    _staff(request)
    return [_event(e) for e in selectors.events(request.user.agency_id, year)]


@router.get("/events/{event_id}", response=EventDetailOut, auth=AUTH)
def event_detail(request, event_id: int):
    """One event with who attended; an officer's attendance names the training record it created."""
    _staff(request)
    e = selectors.events(request.user.agency_id).filter(pk=event_id).first()
    if e is None:
        raise NotFound()
    rows = [{"id": a.pk, "name": a.name, "officer_id": a.officer_id,
             "certificate_number": a.officer.certificate_number if a.officer_id else None, "user_id": a.user_id,
             "hours": a.hours, "training_record_id": a.training_record_id}
            for a in e.attendances.select_related("officer")]
    return {**_event(e), "note": e.note, "attendances": rows}


@router.get("/contests", response=list[ContestOut], auth=AUTH)
def contest_list(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The caller's agency's contests with teams (by standing), prizes and the number of prizes per level."""
    _staff(request)
    out = []
    for contest in selectors.contests(request.user.agency_id, year):
        teams = [{"id": s.team.pk, "name": s.team.name, "unit": s.team.unit, "members": s.team.members,
                  "total": s.total, "rank": s.rank, "prize": s.prize.level if s.prize else None,
                  "prize_label": s.prize_label} for s in selectors.standings(contest)]
        out.append({"id": contest.pk, "title": contest.title, "year": contest.year, "date": contest.date,
                    "place": contest.place, "rounds": [r.name for r in contest.rounds.all()], "teams": teams,
                    "prizes": selectors.prize_counts(contest)})
    return out


@router.get("/activities", response=list[ActivityOut], auth=None)
def activity_list(request, agency: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    """Public legal-education activities (anyone), newest first; ``agency`` code and ``year`` filter them."""
    found = None
    if agency:
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise ApiError(_("没有这个机关。"), status=422, code="invalid", fields={"agency": [_("没有这个机关。")]})
    return [{"id": a.pk, "agency": a.agency.code, "agency_name": a.agency.name, "date": a.date, "title": a.title,
             "kind": a.kind, "kind_label": str(a.get_kind_display()), "audience": a.audience, "place": a.place,
             "description": a.description}
            for a in selectors.activities(found.pk if found else None, year)[:500]]


@router.get("/summary", response=EducationSummaryOut, auth=AUTH)
def summary(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The year's figures of the caller's agency for the annual report, each with the ids of its records."""
    _staff(request)
    return selectors.education_summary(request.user.agency, year or clock.today().year)
