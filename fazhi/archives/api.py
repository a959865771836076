"""/api/v1/archives: the public archive services. The catalogue, a guide and the open reading-room slots are
public; a booking is made by a public account (``POST /bookings``) and read by its owner or by business staff of its
agency; the staff read the day of the reading room, the requests and the statistics, open slots and serve the result
(answer and copies). The other steps (confirm, approve, attend, refuse, withdraw …) are fired through the generic
``POST /api/v1/cases/{id}/transitions/{name}``; anyone tracks a request with ``GET /api/v1/requests/track``-style
number and code on the /track/ page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.api.api import AUTH, OPTIONAL
from fazhi.api.errors import Conflict, Forbidden, NotFound
from fazhi.archives import selectors, services
from fazhi.archives.access import RequestNotFound, access_request, access_request_staff
from fazhi.archives.models import ArchiveService
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency
from fazhi.process.services import TransitionNotAllowed

router = Router(tags=["archives"])


class ServiceOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    agency: str
    legal_basis: str
    conditions: str
    materials: list[str]
    fee: str
    fee_basis: str
    online: bool
    onsite: bool
    result: str
    contact: str
    address: str
    office_hours: str
    time_limits: list[dict[str, Any]]
    process: str


class BookingIn(Schema):
    service: str
    id_type: str
    id_number: str
    purpose: str
    purpose_detail: str = ""
    archives_wanted: str
    access: str = "open"
    restriction: str = ""
    mode: str = "online"
    visit_date: dt.date | None = None
    half_day: str = ""


class BookingCreated(Schema):
    id: int
    number: str
    verification_code: str
    state: str
    next_due: dt.date | None


class SlotsIn(Schema):
    start: dt.date
    end: dt.date
    capacity: int
    half_days: list[str] = ["am", "pm"]


def _staff(request):
    if not is_business_staff(request.user):
        raise Forbidden(_("仅本机关业务工作人员可以使用。"))


def _load(request, case_id: int):
    try:
        return access_request(request.user, case_id)
    except RequestNotFound:
        raise NotFound(_("申请不存在。")) from None


@router.get("/services", response=list[ServiceOut], auth=OPTIONAL)
def service_list(request):
    """档案公共服务事项目录: every published service with its guide and time limits (from its process definition)."""
    return [selectors.service_guide(s) for s in selectors.services_public()]


@router.get("/services/{code}", response=ServiceOut, auth=OPTIONAL)
def service_get(request, code: str):
    service = selectors.services_public().filter(code=code).first()
    if service is None:
        raise NotFound(_("服务事项不存在。"))
    return selectors.service_guide(service)


@router.get("/slots", response=list[dict[str, Any]], auth=OPTIONAL)
def slots(request, agency: str = "", start: dt.date | None = None, days: int = Query(30, ge=1, le=90)):
    """The reading room's open half-days with the seats left (the agency by code; default: the first agency offering
    the consultation service)."""
    ag = Agency.objects.filter(code=agency).first() if agency else None
    if ag is None:
        service = selectors.services_public().filter(kind=ArchiveService.Kind.CONSULTATION).first()
        if service is None:
            return []
        ag = service.agency
    return selectors.slots_available(ag.pk, start=start or sysclock.today(), days=days)


@router.post("/slots", response={201: dict[str, int]}, auth=AUTH)
def slots_open(request, payload: SlotsIn):
    """Open the reading room on the working days of a period (staff of the agency)."""
    _staff(request)
    n = services.slots_open(actor=request.user, agency=request.user.agency, start=payload.start, end=payload.end,
                            capacity=payload.capacity, half_days=tuple(payload.half_days))
    return Status(201, {"slots": n})


@router.post("/bookings", response={201: BookingCreated}, auth=AUTH)
def booking_create(request, payload: BookingIn):
    """Book a service (a public account): a reading-room visit (mode ``onsite`` with ``visit_date`` and
    ``half_day``), an online consultation, a proof or copies. The verification code is returned once."""
    if request.user.kind == "staff":
        raise Forbidden(_("请使用公众账号登录后预约。"))
    service = selectors.services_public().filter(code=payload.service).first()
    if service is None:
        raise NotFound(_("服务事项不存在。"))
    case, code = services.booking_submit(
        service=service, actor=request.user, id_type=payload.id_type, id_number=payload.id_number,
        purpose=payload.purpose, purpose_detail=payload.purpose_detail, archives_wanted=payload.archives_wanted,
        mode=payload.mode, access=payload.access, restriction=payload.restriction, visit_date=payload.visit_date,
        half_day=payload.half_day)
    return Status(201, {"id": case.pk, "number": case.number, "verification_code": code, "state": case.state,
                        "next_due": case.next_due})


@router.get("/bookings", response=list[dict[str, Any]], auth=AUTH)
def booking_list(request, year: int | None = Query(None, ge=2000, le=2100), kind: str = "", state: str = ""):
    """The caller's own requests (a public account), or the requests of the caller's agency (business staff)."""
    if is_business_staff(request.user):
        rows = selectors.requests_for(request.user, year=year, kind=kind, state=state)[:1000]
        return [selectors.request_detail(r, staff=True) for r in rows]
    if request.user.kind == "staff":
        raise Forbidden(_("仅本机关业务工作人员可以使用。"))
    return [selectors.request_detail(r, staff=False) for r in selectors.requests_of_account(request.user)[:500]]


@router.get("/bookings/{int:case_id}", response=dict[str, Any], auth=AUTH)
def booking_get(request, case_id: int):
    req = _load(request, case_id)
    return selectors.request_detail(req, staff=is_business_staff(request.user))


@router.post("/bookings/{int:case_id}/serve", response=dict[str, Any], auth=AUTH)
def booking_serve(request, case_id: int, answer: Form[str], files: File[list[UploadedFile]] = None):
    """Give the result (staff of the agency): the answer, and copies (PDF, JPEG, PNG, OFD) as files."""
    try:
        req = access_request_staff(request.user, case_id)
    except RequestNotFound:
        raise NotFound(_("申请不存在。")) from None
    uploads = [services.Upload(f.name, f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1)) for f in (files or [])]
    try:
        services.request_serve(case_id=req.case_id, actor=request.user, answer=answer, uploads=uploads)
    except TransitionNotAllowed as e:
        raise Conflict(str(e), code="transition_not_allowed") from None
    req.refresh_from_db()
    req.case.refresh_from_db()
    return selectors.request_detail(req, staff=True)


@router.get("/reading-room", response=dict[str, Any], auth=AUTH)
def reading_room(request, date: dt.date | None = None):
    """今日查档预约: the day's reading-room bookings by half-day and the online requests waiting (staff)."""
    _staff(request)
    day = selectors.reading_room_day(request.user.agency_id, date or sysclock.today())
    return {
        "date": day["date"],
        "halves": [{"half_day": h["half_day"], "capacity": h["capacity"], "taken": h["taken"],
                    "bookings": [selectors.request_detail(r, staff=True) for r in h["rows"]]} for h in day["halves"]],
        "waiting": [selectors.request_detail(r, staff=True) for r in day["waiting"]],
    }


@router.get("/statistics", response=dict[str, Any], auth=AUTH)
def statistics(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The year's requests by service kind and timeliness (on time / overdue) (staff)."""
    _staff(request)
    return selectors.statistics(request.user.agency_id, year or sysclock.today().year)
