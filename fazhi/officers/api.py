"""/api/v1/enforcement/officers: officers and their enforcement certificates (执法人员公示, 持证上岗).

* ``GET ""`` and ``GET "/{id}"``: anyone (anonymous included); the detail adds the certificate history, exams
  and training for business staff of the officer's agency.
* ``GET "/expiring"``: business staff (their own agency's officers); anonymous 401, others 403.
* ``POST "/{id}/certificate"``, ``"/{id}/exams"``, ``"/{id}/training"``: the legal reviewers and director of the
  officer's agency. Anonymous 401; another agency's officer, a public account or an administrator 404 (as a
  missing officer); staff of the agency without the role 403; bad values 422 with ``fields``; a refused
  certificate action (revoked is final, already suspended, ...) 422 with ``fields.action``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH, OPTIONAL
from fazhi.api.errors import ApiError, Forbidden, NotFound, list_separator
from fazhi.core import clock
from fazhi.core.access import is_business_staff
from fazhi.inspection.models import Officer
from fazhi.officers import access
from fazhi.officers.access import OfficerNotFound
from fazhi.officers.models import CertificateEvent, ExamResult, TrainingRecord
from fazhi.officers.selectors import MAX_PAGE_SIZE, PAGE_SIZE, public_dict, public_officers
from fazhi.officers.services import (
    EXPIRY_WARNING_DAYS,
    annual_training_hours,
    certificate_act,
    exam_record,
    expiring,
    expiry_warning,
    training_hours,
    training_hours_by_year,
    training_record,
)

router = Router(tags=["officers"])


class ErrorOut(Schema):
    error: str
    message: str
    fields: dict[str, list[str]]


class EnforcementOfficerOut(Schema):
    id: int
    name: str
    agency: str
    agency_name: str
    department: str
    certificate_number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date
    status: str  # on today: valid, suspended, revoked, expired or not_yet_valid
    status_label: str


class EnforcementOfficerPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    results: list[EnforcementOfficerOut]


class OfficerEventOut(Schema):
    action: str
    action_label: str
    reason: str
    actor: str
    at: dt.datetime
    day: dt.date
    old: dict
    new: dict


class ExamOut(Schema):
    id: int
    date: dt.date
    subject: str
    score: Decimal
    passed: bool


class TrainingOut(Schema):
    id: int
    date: dt.date
    title: str
    hours: Decimal
    organizer: str


class OfficerDetailOut(EnforcementOfficerOut):
    staff_view: bool
    warning: str | None = None  # staff view: "expiring" or "expired"
    warning_days: int | None = None
    certificate_events: list[OfficerEventOut] | None = None
    exams: list[ExamOut] | None = None
    training: list[TrainingOut] | None = None
    training_hours_this_year: Decimal | None = None
    training_hours_required: Decimal | None = None
    training_hours_by_year: dict[str, Decimal] | None = None


class ExpiringOut(EnforcementOfficerOut):
    warning: str
    days: int


class ExpiringList(Schema):
    day: dt.date
    within_days: int
    results: list[ExpiringOut]


class CertificateIn(Schema):
    action: str  # suspend, reinstate, revoke or renew
    reason: str = ""
    certificate_number: str | None = None  # renew
    issuing_authority: str | None = None  # renew
    valid_from: str | None = None  # renew, YYYY-MM-DD
    valid_until: str | None = None  # renew, YYYY-MM-DD


class ExamIn(Schema):
    date: str
    subject: str
    score: str | int | float
    passed: bool | str


class TrainingIn(Schema):
    date: str
    title: str
    hours: str | int | float
    organizer: str = ""


ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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


def _not_found() -> NotFound:
    return NotFound(_("没有这名执法人员。"))


def _event_out(e: CertificateEvent) -> dict:
    return {"action": e.action, "action_label": e.get_action_display(), "reason": e.reason, "actor": e.actor_label,
            "at": e.at, "day": e.day, "old": e.old, "new": e.new}


def _exam_out(x: ExamResult) -> dict:
    return {"id": x.pk, "date": x.date, "subject": x.subject, "score": x.score, "passed": x.passed}


def _training_out(t: TrainingRecord) -> dict:
    return {"id": t.pk, "date": t.date, "title": t.title, "hours": t.hours, "organizer": t.organizer}


def _detail(user, officer: Officer) -> dict:
    today = clock.today()
    out = {**public_dict(officer, today), "staff_view": access.can_see_staff_part(user, officer)}
    if out["staff_view"]:
        warning = expiry_warning(officer, today)
        out.update({
            "warning": warning[0] if warning else None, "warning_days": warning[1] if warning else None,
            "certificate_events": [_event_out(e) for e in officer.certificate_events.order_by("at", "id")],
            "exams": [_exam_out(x) for x in officer.exam_results.all()],
            "training": [_training_out(t) for t in officer.training_records.all()],
            "training_hours_this_year": training_hours(officer, today.year),
            "training_hours_required": annual_training_hours(),
            "training_hours_by_year": {str(y): h for y, h in training_hours_by_year(officer).items()},
        })
    return out


def _managed(request, officer_id: int) -> Officer:
    """404 unless an officer of the caller's agency; 403 without the role."""
    try:
        officer = access.staff_officer_by_id(request.auth, officer_id)
    except OfficerNotFound:
        raise _not_found() from None
    if not access.can_manage(request.auth, officer):
        raise Forbidden(_("只有本机关的法制审核人员和局长可以管理执法证、考试和培训记录。"))
    return officer


def _write(fn):
    try:
        return fn()
    except PermissionDenied:
        raise Forbidden(_("只有本机关的法制审核人员和局长可以管理执法证、考试和培训记录。")) from None
    except OfficerNotFound:
        raise _not_found() from None
    except ValidationError as e:
        raise _invalid(e) from None


@router.get("", response={200: EnforcementOfficerPage, **ERRORS}, auth=OPTIONAL, summary="执法人员公示（分页）")
def officer_list(request, agency: str = "", q: str = "", page: int = 1, per_page: int = PAGE_SIZE):
    try:
        qs = public_officers(agency=agency, q=q)
    except ValidationError as e:
        raise _invalid(e) from None
    meta, rows = _page(qs, page, per_page)
    today = clock.today()
    return {**meta, "results": [public_dict(o, today) for o in rows]}


@router.get("/expiring", response={200: ExpiringList, **ERRORS}, auth=AUTH, summary="执法证到期预警（本机关）")
def officer_expiring(request, within_days: int = EXPIRY_WARNING_DAYS):
    if not is_business_staff(request.auth):
        raise Forbidden(_("只有业务工作人员可以查看到期预警。"))
    if not 0 <= within_days <= 366:
        message = _("预警天数应在0到366之间。")
        raise ApiError(message, fields={"within_days": [message]}, code="invalid", status=422)
    today = clock.today()
    results = []
    for o in expiring(request.auth.agency, today, within_days):
        warning = expiry_warning(o, today, within_days)
        results.append({**public_dict(o, today), "warning": warning[0], "days": warning[1]})
    return {"day": today, "within_days": within_days, "results": results}


@router.get("/{int:officer_id}", response={200: OfficerDetailOut, **ERRORS}, auth=OPTIONAL,
            summary="一名执法人员（本机关工作人员另见变更记录、考试和培训）")
def officer_get(request, officer_id: int):
    try:
        officer = access.public_officer_by_id(officer_id)
    except OfficerNotFound:
        raise _not_found() from None
    return _detail(request.auth, officer)


@router.post("/{int:officer_id}/certificate", response={200: OfficerDetailOut, **ERRORS}, auth=AUTH,
             summary="执法证暂扣、恢复、吊销或换发")
def certificate_post(request, officer_id: int, payload: CertificateIn):
    officer = _managed(request, officer_id)
    data = payload.model_dump()
    action = data.pop("action")
    reason = data.pop("reason") or ""
    officer = _write(lambda: certificate_act(officer_id=officer.pk, actor=request.auth, action=action, reason=reason,
                                             **data))
    return _detail(request.auth, access.public_officer_by_id(officer.pk))


@router.post("/{int:officer_id}/exams", response={201: ExamOut, **ERRORS}, auth=AUTH, summary="录入资格考试成绩")
def exam_post(request, officer_id: int, payload: ExamIn):
    officer = _managed(request, officer_id)
    exam = _write(lambda: exam_record(officer_id=officer.pk, actor=request.auth, date=payload.date,
                                      subject=payload.subject, score=payload.score, passed=payload.passed))
    return Status(201, _exam_out(exam))


@router.post("/{int:officer_id}/training", response={201: TrainingOut, **ERRORS}, auth=AUTH, summary="录入培训记录")
def training_post(request, officer_id: int, payload: TrainingIn):
    officer = _managed(request, officer_id)
    record = _write(lambda: training_record(officer_id=officer.pk, actor=request.auth, date=payload.date,
                                            title=payload.title, hours=payload.hours, organizer=payload.organizer))
    return Status(201, _training_out(record))
