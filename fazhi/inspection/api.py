"""/api/v1/inspection: the item list, tasks and their verifiable draw, planned campaigns (计划检查, no draw), and
the inspections of both (the directories: api_directory.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import Conflict, NotFound
from fazhi.inspection.access import TaskNotFound, public_task_by_id, staff_task_by_id
from fazhi.inspection.api_directory import router as directory_router
from fazhi.inspection.inspections import (
    inspection_record,
    task_publish,
    task_start_inspections,
    task_supplement,
)
from fazhi.inspection.models import Inspection, Task
from fazhi.inspection.planned import planned_task_create, planned_task_start
from fazhi.inspection.selectors import items_published, task_record
from fazhi.inspection.services import (
    TaskConflict,
    refuse_planned,
    task_cancel,
    task_commit,
    task_create,
    task_draw,
)
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.services import TransitionNotAllowed

router = Router(tags=["inspection"])
router.add_router("", directory_router)


class InspectionItemOut(Schema):
    code: str
    name: str
    legal_basis: str
    subject: str
    method: str
    category: str
    ratio_cap: str | None
    agency: str


class TaskIn(Schema):
    title: str
    year: int
    items: list[str]
    quota_spec: dict[str, dict[str, Any]]
    strata: str = "risk_class"
    scope_regions: list[str] = []
    scope_kinds: list[str] = []
    scope_risk_classes: list[str] = []
    exclude_recent_months: int = 0
    team_size: int = 2
    max_load: int | None = None
    beacon_source: str


class TargetTeam(Schema):
    target: str
    inspectors: list[str]


class PlannedTaskIn(Schema):
    title: str
    year: int
    items: list[str]
    targets: list[TargetTeam]
    team_size: int = 2
    max_load: int | None = None
    basis: str = ""


class TaskOut(Schema):
    id: int
    number: str
    mode: str
    title: str
    year: int
    state: str
    candidate_count: int
    strata_counts: dict[str, int]
    quotas: dict[str, int]
    commitment: str
    task_digest: str
    beacon_source: str
    draw_date: dt.date | None
    started_on: dt.date | None
    basis: str
    # A planned campaign's units and teams (a random task's teams are in its record once published).
    targets: list[TargetTeam]
    record_url: str | None


class DrawIn(Schema):
    beacon_value: str


class CancelIn(Schema):
    reason: str


def _out(task: Task) -> dict:
    planned = task.mode == Task.Mode.PLANNED
    return {"id": task.pk, "number": task.number, "mode": task.mode, "title": task.title, "year": task.year,
            "state": task.state, "candidate_count": task.candidate_count, "strata_counts": task.strata_counts,
            "quotas": task.quotas, "commitment": task.commitment, "task_digest": task.task_digest,
            "beacon_source": task.beacon_source, "draw_date": task.draw_date, "started_on": task.started_on,
            "basis": task.basis, "targets": task.assignments if planned else [],
            "record_url": None if planned else f"/api/v1/inspection/tasks/{task.pk}/record"}


def _staff_task(request, task_id: int) -> Task:
    try:
        return staff_task_by_id(request.user, task_id)
    except TaskNotFound:
        raise NotFound(message="抽查任务不存在。") from None


def _conflict(fn, **kwargs):
    try:
        return fn(**kwargs)
    except TaskConflict as e:
        raise Conflict(str(e), code="task_state") from None


@router.get("/items", response=list[InspectionItemOut], auth=None)
def items(request):
    return [{"code": i.code, "name": i.name, "legal_basis": i.legal_basis, "subject": i.subject, "method": i.method,
             "category": i.category, "ratio_cap": str(i.ratio_cap) if i.ratio_cap is not None else None,
             "agency": i.agency.name} for i in items_published()]


@router.post("/tasks", response={201: TaskOut}, auth=AUTH)
def create(request, payload: TaskIn):
    task = task_create(actor=request.user, title=payload.title, year=payload.year, item_codes=payload.items,
                       quota_spec=payload.quota_spec, strata=payload.strata, scope_regions=payload.scope_regions,
                       scope_kinds=payload.scope_kinds, scope_risk_classes=payload.scope_risk_classes,
                       exclude_recent_months=payload.exclude_recent_months, team_size=payload.team_size,
                       max_load=payload.max_load, beacon_source=payload.beacon_source)
    return Status(201, _out(task))


@router.get("/tasks/{int:task_id}", response=TaskOut, auth=AUTH)
def get_task(request, task_id: int):
    return _out(_staff_task(request, task_id))


@router.post("/tasks/{int:task_id}/commit", response=TaskOut, auth=AUTH)
def commit(request, task_id: int):
    task = _staff_task(request, task_id)
    return _out(_conflict(task_commit, task_id=task.pk, actor=request.user))


@router.post("/tasks/{int:task_id}/draw", response=TaskOut, auth=AUTH)
def draw_(request, task_id: int, payload: DrawIn):
    task = _staff_task(request, task_id)
    return _out(_conflict(task_draw, task_id=task.pk, actor=request.user, beacon_value=payload.beacon_value))


@router.post("/tasks/{int:task_id}/cancel", response=TaskOut, auth=AUTH)
def cancel(request, task_id: int, payload: CancelIn):
    task = _staff_task(request, task_id)
    return _out(_conflict(task_cancel, task_id=task.pk, actor=request.user, reason=payload.reason))


@router.post("/tasks/{int:task_id}/start", response=TaskOut, auth=AUTH)
def start(request, task_id: int):
    """Turn the drawn assignments (or a planned campaign's units and teams) into inspections."""
    task = _staff_task(request, task_id)
    if task.mode == Task.Mode.PLANNED:
        return _out(_conflict(planned_task_start, task_id=task.pk, actor=request.user))
    return _out(_conflict(task_start_inspections, task_id=task.pk, actor=request.user))


@router.post("/planned", response={201: TaskOut}, auth=AUTH)
def create_planned(request, payload: PlannedTaskIn):
    """计划检查: a planned campaign (no draw) with its checklist, its units and each unit's team."""
    task = planned_task_create(actor=request.user, title=payload.title, year=payload.year, item_codes=payload.items,
                               targets=[t.dict() for t in payload.targets], team_size=payload.team_size,
                               max_load=payload.max_load, basis=payload.basis)
    return Status(201, _out(task))


@router.post("/planned/{int:task_id}/start", response=TaskOut, auth=AUTH)
def start_planned(request, task_id: int):
    """Open one inspection per unit of a planned campaign, with the team chosen for it."""
    task = _staff_task(request, task_id)
    return _out(_conflict(planned_task_start, task_id=task.pk, actor=request.user))


@router.post("/tasks/{int:task_id}/publish", response=TaskOut, auth=AUTH)
def publish(request, task_id: int):
    """Publish the results and the draw record (the secret is revealed: anyone can verify)."""
    task = _staff_task(request, task_id)
    return _out(_conflict(task_publish, task_id=task.pk, actor=request.user))


class FindingIn(Schema):
    result: str
    description: str = ""


class InspectionIn(Schema):
    inspected_on: dt.date
    officers_present: list[str]
    findings: dict[str, FindingIn]
    outcome: str
    data: dict[str, Any] = {}
    comment: str = ""
    substitution_reason: str = ""


class InspectionOut(Schema):
    id: int
    case_id: int
    number: str
    target: str
    name: str
    team: list[str]
    state: str
    outcome: str
    inspected_on: dt.date | None
    rectification_due: dt.date | None


def _inspection_out(i: Inspection) -> dict:
    return {"id": i.pk, "case_id": i.case_id, "number": i.case.number, "target": i.entity.uscc, "name": i.entity.name,
            "team": i.team, "state": i.case.state, "outcome": i.outcome, "inspected_on": i.inspected_on,
            "rectification_due": i.rectification_due}


@router.get("/tasks/{int:task_id}/inspections", response=list[InspectionOut], auth=AUTH)
def inspections(request, task_id: int):
    task = _staff_task(request, task_id)
    return [_inspection_out(i) for i in task.inspections.select_related("case", "entity")]


@router.post("/inspections/{int:inspection_id}/record", response=InspectionOut, auth=AUTH)
def record_inspection(request, inspection_id: int, payload: InspectionIn):
    inspection = Inspection.objects.filter(pk=inspection_id).first()
    if inspection is None:
        raise NotFound(message="检查不存在。")
    try:
        access_case_by_id(request.user, inspection.case_id)
    except CaseNotFound:
        raise NotFound(message="检查不存在。") from None
    try:
        done = inspection_record(
            inspection_id=inspection.pk, actor=request.user, inspected_on=payload.inspected_on,
            officers_present=payload.officers_present,
            findings={k: v.dict() for k, v in payload.findings.items()}, outcome=payload.outcome,
            data=payload.data, comment=payload.comment, substitution_reason=payload.substitution_reason)
    except TransitionNotAllowed as e:
        raise Conflict(str(e), code="transition_not_allowed") from None
    return _inspection_out(Inspection.objects.select_related("case", "entity").get(pk=done.pk))


class SupplementIn(Schema):
    targets: list[str]
    unavailable: list[str] = []
    reason: str
    beacon_source: str


@router.post("/tasks/{int:task_id}/supplement", response={201: TaskOut}, auth=AUTH)
def supplement(request, task_id: int, payload: SupplementIn):
    """补充抽取: a new verifiable draw for targets left without a team or whose team cannot go."""
    task = _staff_task(request, task_id)
    child = _conflict(task_supplement, task_id=task.pk, actor=request.user, targets=payload.targets,
                      unavailable=payload.unavailable, reason=payload.reason, beacon_source=payload.beacon_source)
    return Status(201, _out(child))


def _public_draw(task_id: int) -> Task:
    try:
        task = public_task_by_id(task_id)
    except TaskNotFound:
        raise NotFound(message="抽查任务不存在或尚未承诺。") from None
    _conflict(refuse_planned, task=task)  # a planned campaign has no draw and no record (409)
    return task


@router.get("/tasks/{int:task_id}/record", auth=None, url_name="inspection_task_record")
def record(request, task_id: int):
    """The fazhi-draw/1 record: public, anonymous allowed, showing only what is public in the task's state."""
    task = _public_draw(task_id)
    return task_record(task)


@router.get("/tasks/{int:task_id}/candidates", auth=None, url_name="inspection_task_candidates")
def candidates(request, task_id: int):
    """The frozen candidate file: exactly candidates_bytes (its SHA-256 is in the task digest)."""
    task = _public_draw(task_id)
    return FileResponse(task.candidates_file.open("rb"), content_type="text/tab-separated-values; charset=utf-8",
                        filename=f"{task.number}-candidates.tsv")
