"""/api/v1/inspection: the two directories (两库) — entities (检查对象) and officers (执法检查人员) with their
conflicts (回避).

Reading: any business staff member. Writing: section heads and enforcement officers; officers only of their
own agency and its subordinate agencies. Anonymous → 401, others → 403; bad values → 422 with
``fields`` (a bad 统一社会信用代码: ``{"uscc": ["校验码错误：应为X"]}``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, Forbidden, NotFound, list_separator
from fazhi.core import clock
from fazhi.core.identifiers import is_valid_uscc, validate_uscc
from fazhi.inspection.directory import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    can_read_directory,
    can_write_directory,
    conflict_declare,
    conflict_withdraw,
    entities_filtered,
    entity_save,
    officer_agency_scope,
    officer_save,
    officers_filtered,
)
from fazhi.inspection.models import Conflict, Entity, Officer

# No tags of its own: it is mounted inside the inspection router, whose tag ("inspection") it inherits.
router = Router()


class ErrorOut(Schema):
    error: str
    message: str
    fields: dict[str, list[str]]


class EntityIn(Schema):
    uscc: str
    name: str | None = None
    kind: str | None = None
    region_code: str | None = None
    risk_class: str | None = None
    address: str | None = None
    contact: str | None = None
    phone: str | None = None
    active: bool | None = None


class EntityOut(Schema):
    uscc: str
    name: str
    kind: str
    kind_label: str
    region_code: str
    risk_class: str
    address: str
    contact: str
    phone: str
    active: bool
    updated_at: dt.datetime


class EntityPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    results: list[EntityOut]


class ConflictIn(Schema):
    uscc: str
    reason: str
    declared_on: dt.date | None = None


class ConflictOut(Schema):
    uscc: str
    name: str
    reason: str
    declared_on: dt.date


class OfficerIn(Schema):
    certificate_number: str
    name: str | None = None
    issuing_authority: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    agency: str | None = None
    department: str | None = None
    status: str | None = None


class DirectoryOfficerOut(Schema):
    certificate_number: str
    name: str
    agency: str
    agency_name: str
    department: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date
    status: str
    valid_today: bool
    conflicts: list[ConflictOut]


class DirectoryOfficerPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    results: list[DirectoryOfficerOut]


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _reader(request) -> None:
    if not can_read_directory(request.auth):
        raise Forbidden(_("只有业务工作人员可以查看名录库。"))


def _writer(request) -> None:
    if not can_write_directory(request.auth):
        raise Forbidden(_("只有科室负责人和执法人员可以维护名录库。"))


def _invalid(e: ValidationError) -> ApiError:
    fields = e.message_dict if hasattr(e, "error_dict") else {}
    sep = list_separator()
    message = sep.join(m for msgs in fields.values() for m in msgs) if fields else sep.join(e.messages)
    return ApiError(message or _("输入无效。"), fields=fields, code="invalid", status=422)


def _page(qs, page: int, per_page: int):
    if page < 1:
        raise ApiError(_("页码应从1开始。"), fields={"page": [_("页码应从1开始。")]}, code="invalid", status=422)
    if not 1 <= per_page <= MAX_PAGE_SIZE:
        message = _("每页条数应在1到%(max)d之间。") % {"max": MAX_PAGE_SIZE}
        raise ApiError(message, fields={"per_page": [message]}, code="invalid", status=422)
    paginator = Paginator(qs, per_page)
    rows = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {"count": paginator.count, "page": page, "pages": paginator.num_pages, "per_page": per_page}, rows


def _entity_out(e: Entity) -> dict:
    return {"uscc": e.uscc, "name": e.name, "kind": e.kind, "kind_label": e.get_kind_display(),
            "region_code": e.region_code, "risk_class": e.risk_class, "address": e.address, "contact": e.contact,
            "phone": e.phone, "active": e.active, "updated_at": e.updated_at}


def _officer_out(o: Officer) -> dict:
    today = clock.today()
    return {"certificate_number": o.certificate_number, "name": o.name, "agency": o.agency.code,
            "agency_name": o.agency.name, "department": o.department, "issuing_authority": o.issuing_authority,
            "valid_from": o.valid_from, "valid_until": o.valid_until, "status": o.status,
            "valid_today": o.valid_on(today),
            "conflicts": [_conflict_out(c) for c in o.conflicts.all()]}


def _conflict_out(c: Conflict) -> dict:
    return {"uscc": c.entity.uscc, "name": c.entity.name, "reason": c.reason, "declared_on": c.declared_on}


def _officers():
    return Officer.objects.select_related("agency").prefetch_related(
        Prefetch("conflicts", queryset=Conflict.objects.select_related("entity").order_by("entity__uscc")))


def _officer(certificate_number: str) -> Officer:
    officer = _officers().filter(certificate_number=certificate_number.strip()).first()
    if officer is None:
        raise NotFound(_("执法检查人员名录库中没有该执法证号。"))
    return officer


# ---- entities ------------------------------------------------------------------------------------------
@router.post("/entities", response={200: EntityOut, 201: EntityOut, **ERRORS}, auth=AUTH,
             summary="新增或更新检查对象（按统一社会信用代码）")
def entity_post(request, payload: EntityIn):
    _writer(request)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    try:
        entity, created = entity_save(actor=request.auth, data=data)
    except ValidationError as e:
        raise _invalid(e) from None
    return Status(201 if created else 200, _entity_out(entity))


@router.get("/entities", response={200: EntityPage, **ERRORS}, auth=AUTH, summary="检查对象名录库（分页）")
def entity_list(request, region: str = "", kind: str = "", risk: str = "", active: str = "", q: str = "",
                page: int = 1, per_page: int = PAGE_SIZE):
    _reader(request)
    try:
        qs = entities_filtered(region=region, kind=kind, risk=risk, active=active, q=q)
    except ValidationError as e:
        raise _invalid(e) from None
    meta, rows = _page(qs, page, per_page)
    return {**meta, "results": [_entity_out(e) for e in rows]}


@router.get("/entities/{uscc}", response={200: EntityOut, **ERRORS}, auth=AUTH, summary="一个检查对象")
def entity_get(request, uscc: str):
    _reader(request)
    code = validate_uscc(uscc) if is_valid_uscc(uscc) else uscc.strip().upper()
    entity = Entity.objects.filter(uscc=code).first()
    if entity is None:
        raise NotFound(_("检查对象名录库中没有该单位。"))
    return _entity_out(entity)


# ---- officers ------------------------------------------------------------------------------------------
@router.post("/officers", response={200: DirectoryOfficerOut, 201: DirectoryOfficerOut, **ERRORS}, auth=AUTH,
             summary="新增或更新执法检查人员（按执法证号）")
def officer_post(request, payload: OfficerIn):
    _writer(request)
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    try:
        officer, created = officer_save(actor=request.auth, data=data,
                                        allowed_agency_ids=officer_agency_scope(request.auth))
    except PermissionDenied:
        raise Forbidden(_("不能新增或修改其他机关的执法人员。")) from None
    except ValidationError as e:
        raise _invalid(e) from None
    return Status(201 if created else 200, _officer_out(_officer(officer.certificate_number)))


@router.get("/officers", response={200: DirectoryOfficerPage, **ERRORS}, auth=AUTH, summary="执法检查人员名录库（分页）")
def officer_list(request, agency: str = "", status: str = "", q: str = "", valid_on: dt.date | None = None,
                 page: int = 1, per_page: int = PAGE_SIZE):
    _reader(request)
    try:
        qs = officers_filtered(agency=agency, status=status, q=q, valid_on=valid_on)
    except ValidationError as e:
        raise _invalid(e) from None
    qs = qs.prefetch_related(
        Prefetch("conflicts", queryset=Conflict.objects.select_related("entity").order_by("entity__uscc")))
    meta, rows = _page(qs, page, per_page)
    return {**meta, "results": [_officer_out(o) for o in rows]}


@router.get("/officers/{certificate_number}", response={200: DirectoryOfficerOut, **ERRORS}, auth=AUTH,
            summary="一名执法检查人员")
def officer_get(request, certificate_number: str):
    _reader(request)
    return _officer_out(_officer(certificate_number))


def _officer_for_change(request, certificate_number: str) -> Officer:
    _writer(request)
    officer = _officer(certificate_number)
    if officer.agency_id not in officer_agency_scope(request.auth):
        raise Forbidden(_("不能新增或修改其他机关的执法人员。"))
    return officer


@router.post("/officers/{certificate_number}/conflicts", response={200: ConflictOut, 201: ConflictOut, **ERRORS},
             auth=AUTH, summary="申报回避单位")
def conflict_post(request, certificate_number: str, payload: ConflictIn):
    officer = _officer_for_change(request, certificate_number)
    try:
        conflict, created = conflict_declare(actor=request.auth, officer=officer, uscc=payload.uscc,
                                             reason=payload.reason, declared_on=payload.declared_on)
    except ValidationError as e:
        raise _invalid(e) from None
    return Status(201 if created else 200, _conflict_out(conflict))


@router.delete("/officers/{certificate_number}/conflicts/{uscc}", response={204: None, **ERRORS}, auth=AUTH,
               summary="撤销回避申报")
def conflict_delete(request, certificate_number: str, uscc: str):
    officer = _officer_for_change(request, certificate_number)
    if not conflict_withdraw(actor=request.auth, officer=officer, uscc=uscc):
        raise NotFound(_("该执法人员没有申报回避这个单位。"))
    return Status(204, None)
