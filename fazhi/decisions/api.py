"""/api/v1/norms/decisions: major administrative decisions (重大行政决策) — register and read them (the steps are
driven through the generic ``POST /api/v1/cases/{id}/transitions/{name}``), revise the draft, the catalogue of
decision items, the public lists, and legislative projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import Conflict, Forbidden, NotFound
from fazhi.core.access import is_business_staff
from fazhi.decisions import selectors, services
from fazhi.decisions.access import DecisionNotFound, access_decision, access_project
from fazhi.decisions.models import Decision
from fazhi.process.services import TransitionNotAllowed, transitions_for

router = Router(tags=["decisions"])


class MajorDecisionIn(Schema):
    title: str
    category: str  # public_policy | plan | resources | project | other (第三条)
    drafting_unit: str
    description: str = ""
    draft_text: str = ""
    catalogue_item_id: int | None = None
    started_on: dt.date | None = None


class DecisionCreated(Schema):
    id: int
    number: str
    state: str
    url: str


class DecisionRow(Schema):
    id: int
    number: str
    title: str
    category: str
    drafting_unit: str
    state: str
    state_label: str
    started_on: dt.date
    decided_on: dt.date | None
    published_on: dt.date | None
    draft_version: int


class MajorDecisionOut(Schema):
    id: int
    number: str
    title: str
    category: str
    category_label: str
    agency: str
    drafting_unit: str
    description: str
    state: str
    state_label: str
    started_on: dt.date
    decided_on: dt.date | None
    published_on: dt.date | None
    outcome: str
    catalogue_item: dict[str, Any] | None
    draft_version: int
    draft_sha256: str
    draft_text: str
    draft_updated_on: dt.date | None
    steps: list[dict[str, Any]]
    reviews: list[dict[str, Any]]
    meetings: list[dict[str, Any]]
    progress: list[dict[str, Any]]
    archived_on: dt.date | None
    archive_reference: str
    discussion_problem: str | None
    url: str
    transitions: list[str]


class DecisionDraftIn(Schema):
    text: str
    note: str = ""


class PublicDecisionOut(Schema):
    number: str
    title: str
    category: str
    agency: str
    drafting_unit: str
    decided_on: dt.date | None
    published_on: dt.date
    channel: str
    document_number: str
    interpretation: str
    participation: str
    comments_count: int | None
    expert_argument: bool
    legality_review: bool
    meeting: str
    state_label: str


class DecisionConsultationOut(Schema):
    number: str
    title: str
    agency: str
    description: str
    draft_text: str
    draft_version: int
    published_via: str
    how_to_comment: str
    period_days: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    shorter_reason: str


class CatalogueIn(Schema):
    year: int
    title: str
    category: str
    drafting_unit: str
    note: str = ""


class CatalogueOut(Schema):
    id: int
    year: int
    title: str
    category: str
    agency: str
    drafting_unit: str
    note: str
    status: str


class MilestoneIn(Schema):
    name: str
    due: dt.date | None = None
    done_on: dt.date | None = None
    note: str = ""


class ProjectIn(Schema):
    title: str
    kind: str  # local_regulation | government_rule | amendment
    drafting_unit: str
    plan: str = ""
    status: str = "research"  # research | drafting | submitted | adopted | suspended
    description: str = ""
    milestones: list[MilestoneIn] = []


class ProjectPatch(Schema):
    title: str | None = None
    kind: str | None = None
    drafting_unit: str | None = None
    plan: str | None = None
    status: str | None = None
    description: str | None = None
    milestones: list[MilestoneIn] | None = None


class ProjectOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    plan: str
    drafting_unit: str
    status: str
    status_label: str
    description: str
    milestones: list[dict[str, Any]]
    agency: str
    updated_at: dt.datetime


def _staff(request) -> None:
    if not is_business_staff(request.user):
        raise Forbidden(_("无权执行此操作。"))


def _load(request, case_id: int):
    try:
        return access_decision(request.user, case_id)
    except DecisionNotFound:
        raise NotFound(_("决策不存在。")) from None


def _detail(request, case) -> dict:
    decision = Decision.objects.select_related("case", "case__agency", "catalogue_item").get(case_id=case.pk)
    return {**selectors.decision_detail(decision), "transitions": [t.name for t in transitions_for(request.user, case)]}


def _row(d: Decision) -> dict:
    case = d.case
    return {"id": case.pk, "number": case.number, "title": d.title, "category": d.category,
            "drafting_unit": d.drafting_unit, "state": case.state, "state_label": str(case.state_label),
            "started_on": case.received_on, "decided_on": case.decided_on, "published_on": case.published_on,
            "draft_version": d.draft_version}


@router.post("", response={201: DecisionCreated}, auth=AUTH)
def create_decision(request, payload: MajorDecisionIn):
    """决策启动: a major decision in state `drafting`; continue with `POST /api/v1/cases/{id}/transitions/{name}`
    (start_consultation, record_expert_argument, submit_review, review_pass, discussion_adopt, publish, ...)."""
    case = services.decision_create(
        actor=request.user, title=payload.title, category=payload.category, drafting_unit=payload.drafting_unit,
        description=payload.description, draft_text=payload.draft_text, catalogue_item_id=payload.catalogue_item_id,
        started_on=payload.started_on)
    return Status(201, {"id": case.pk, "number": case.number, "state": case.state, "url": f"/api/v1/cases/{case.pk}"})


@router.get("", response=list[DecisionRow], auth=AUTH)
def list_decisions(request, year: int | None = Query(None, ge=2000, le=2100), state: str = ""):
    """The register of the caller's agency (staff)."""
    _staff(request)
    return [_row(d) for d in selectors.staff_decisions(request.user, year=year, state=state)[:1000]]


@router.get("/public", response=list[PublicDecisionOut], auth=None)
def public_decisions(request, agency: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    """重大行政决策公布 (anonymous, 第三十二条)."""
    return selectors.published_decisions(agency_code=agency, year=year)


@router.get("/public/consultations", response=list[DecisionConsultationOut], auth=None)
def public_consultations(request, agency: str = ""):
    """Drafts open for public comment (anonymous, 第十五条)."""
    return selectors.open_consultations(agency_code=agency)


@router.get("/public/catalogue", response=list[CatalogueOut], auth=None)
def public_catalogue(request, agency: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    """决策事项目录 (anonymous, 第三条第二款)."""
    return selectors.catalogue(agency_code=agency, year=year)


@router.post("/catalogue", response={201: CatalogueOut}, auth=AUTH)
def add_catalogue_item(request, payload: CatalogueIn):
    item = services.catalogue_item_add(actor=request.user, year=payload.year, title=payload.title,
                                       category=payload.category, drafting_unit=payload.drafting_unit,
                                       note=payload.note)
    return Status(201, selectors.catalogue_item_dict(item))


@router.get("/legislation", response=list[ProjectOut], auth=AUTH)
def list_projects(request):
    """Legislative projects of the caller's agency (staff)."""
    _staff(request)
    return [selectors.project_dict(p) for p in selectors.staff_projects(request.user)[:500]]


@router.post("/legislation", response={201: ProjectOut}, auth=AUTH)
def create_project(request, payload: ProjectIn):
    project = services.project_create(
        actor=request.user, title=payload.title, kind=payload.kind, drafting_unit=payload.drafting_unit,
        plan=payload.plan, status=payload.status, description=payload.description,
        milestones=[m.dict() for m in payload.milestones])
    return Status(201, selectors.project_dict(project))


def _project(request, project_id: int):
    try:
        return access_project(request.user, project_id)
    except DecisionNotFound:
        raise NotFound(_("立法项目不存在。")) from None


@router.get("/legislation/{int:project_id}", response=ProjectOut, auth=AUTH)
def get_project(request, project_id: int):
    return selectors.project_dict(_project(request, project_id))


@router.patch("/legislation/{int:project_id}", response=ProjectOut, auth=AUTH)
def update_project(request, project_id: int, payload: ProjectPatch):
    """Change some fields; `milestones` replaces the whole list ([{name, due, done_on, note}])."""
    project = _project(request, project_id)
    changes = payload.dict(exclude_unset=True)
    if changes.get("milestones") is not None:
        changes["milestones"] = [dict(m) for m in changes["milestones"]]
    project = services.project_update(actor=request.user, project_id=project.pk, changes=changes)
    return selectors.project_dict(project)


@router.get("/{int:case_id}", response=MajorDecisionOut, auth=AUTH)
def get_decision(request, case_id: int):
    return _detail(request, _load(request, case_id))


@router.post("/{int:case_id}/draft", response=MajorDecisionOut, auth=AUTH)
def revise_draft(request, case_id: int, payload: DecisionDraftIn):
    """A new version of the draft; a draft changed after its legality review needs a new review (第二十五条)."""
    case = _load(request, case_id)
    try:
        services.decision_revise_draft(actor=request.user, case_id=case.pk, text=payload.text, note=payload.note)
    except TransitionNotAllowed as e:
        raise Conflict(str(e), code="transition_not_allowed") from None
    case.refresh_from_db()
    return _detail(request, case)
