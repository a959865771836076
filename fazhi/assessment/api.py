"""/api/v1/assessment: target assessment for the business staff.

* ``GET /schemes`` — the schemes the caller sees (their agency's and those below it; a published scheme of a
  superior agency that assesses a unit of theirs), optionally of a ``year``. Anonymous 401; public accounts and
  the three administrators 403.
* ``GET /schemes/{id}`` — indicators, groups, rankings (overall and group rank, weighted totals), items to
  rectify; ``scope`` "whole" or "own_units" (only the caller's units). Not visible: 404.
* ``GET /summary?year=`` — ``assessment_summary`` of the caller's agency (figures with the ids of their records).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import Forbidden, NotFound
from fazhi.assessment import access, selectors
from fazhi.assessment.access import AssessmentNotFound
from fazhi.core import clock
from fazhi.core.access import is_business_staff

router = Router(tags=["assessment"])


class SchemeOut(Schema):
    id: int
    agency: str
    agency_name: str
    year: int
    title: str
    published: bool
    published_on: dt.date | None
    scope: str
    indicators: int
    groups: int
    units: int


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    weight: Decimal
    max_score: Decimal
    rule: str


class GroupOut(Schema):
    id: int
    name: str
    leader: str
    units: int


class RankOut(Schema):
    unit_id: int
    name: str
    kind: str
    kind_label: str
    group_id: int
    group: str
    agency: str | None
    total: Decimal
    rank: int
    group_rank: int
    scored: int
    complete: bool


class RectificationOut(Schema):
    id: int
    unit_id: int
    unit: str
    indicator: str | None
    description: str
    due: dt.date
    done_on: dt.date | None
    done_note: str


class SchemeDetailOut(Schema):
    id: int
    agency: str
    agency_name: str
    year: int
    title: str
    note: str
    published: bool
    published_on: dt.date | None
    scope: str
    indicators: list[IndicatorOut]
    groups: list[GroupOut]
    average: Decimal | None
    rankings: list[RankOut]
    rectifications: list[RectificationOut]


class AssessmentFigureOut(Schema):
    value: int | Decimal | None
    model: str
    ids: list[int]


class AssessmentKindFigureOut(AssessmentFigureOut):
    label: str


class SummaryRankOut(RankOut):
    scheme_id: int


class AssessmentSummaryOut(Schema):
    year: int
    agency: str
    schemes: AssessmentFigureOut
    indicators: AssessmentFigureOut
    groups: AssessmentFigureOut
    units: AssessmentFigureOut
    units_by_kind: dict[str, AssessmentKindFigureOut]
    scores: AssessmentFigureOut
    average: AssessmentFigureOut
    ranking: list[SummaryRankOut]
    rectifications: AssessmentFigureOut
    rectifications_done: AssessmentFigureOut
    rectifications_open: AssessmentFigureOut


def _staff(request) -> None:
    if not is_business_staff(request.user):
        raise Forbidden(_("仅限机关业务人员。"))


@router.get("/schemes", response=list[SchemeOut], auth=AUTH)
def scheme_list(request, year: int | None = None):
    """The schemes the caller sees, newest year first."""
    _staff(request)
    qs = access.schemes_for(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    ids = set(access.subtree_ids(request.user))
    return [{**selectors.scheme_row(s), "scope": "whole" if s.agency_id in ids else "own_units",
             "indicators": s.n_indicators, "groups": s.n_groups, "units": s.n_units}
            for s in selectors.schemes_with_counts(qs)]


@router.get("/schemes/{scheme_id}", response=SchemeDetailOut, auth=AUTH)
def scheme_detail(request, scheme_id: int):
    """One scheme with its rankings (only the caller's units when the scheme is a superior agency's)."""
    try:
        scheme, visible = access.scheme_for(request.user, scheme_id)
    except AssessmentNotFound:
        raise NotFound() from None
    return selectors.scheme_detail(scheme, visible)


@router.get("/summary", response=AssessmentSummaryOut, auth=AUTH)
def summary(request, year: int | None = None):
    """The year's figures of the caller's agency for the annual report, each with the ids of its records."""
    _staff(request)
    return selectors.assessment_summary(request.user.agency, year or clock.today().year)
