"""/api/v1/advisers: the agency's legal advisers (business staff read; the legal office and the director keep
them), consultations (any business officer asks; the officer who asked, the legal office and the director record
the answer and the documents), and the statistics of a year."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.advisers import selectors, services
from fazhi.advisers.access import AdviserNotFound
from fazhi.api.api import AUTH
from fazhi.api.errors import Forbidden, NotFound
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff

router = Router(tags=["advisers"], auth=AUTH)
MAX_UPLOAD = 20 * 1024 * 1024 + 1


class AdviserIn(Schema):
    name: str
    firm: str
    term_from: dt.date
    term_to: dt.date
    kind: str = "lawyer"  # lawyer | public_lawyer | expert
    licence_number: str = ""
    phone: str = ""
    response_workdays: int = 5
    contract_number: str = ""
    active: bool = True
    note: str = ""


class AdviserPatch(Schema):
    name: str | None = None
    firm: str | None = None
    term_from: dt.date | None = None
    term_to: dt.date | None = None
    kind: str | None = None
    licence_number: str | None = None
    phone: str | None = None
    response_workdays: int | None = None
    contract_number: str | None = None
    active: bool | None = None
    note: str | None = None


class AdviserOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    firm: str
    licence_number: str
    phone: str
    term_from: dt.date
    term_to: dt.date
    in_term: bool
    active: bool
    response_workdays: int
    contract_number: str
    has_contract: bool
    contract_sha256: str
    note: str


class ConsultationIn(Schema):
    adviser_id: int
    subject: str
    kind: str  # contract | opinion | litigation | normative | decision | other
    question: str = ""
    asked_on: dt.date | None = None  # default today
    due_on: dt.date | None = None  # default: the adviser's agreed working days


class ConsultationPatch(Schema):
    subject: str | None = None
    question: str | None = None
    kind: str | None = None
    due_on: dt.date | None = None


class AnswerIn(Schema):
    opinion: str
    answered_on: dt.date | None = None  # default today
    adoption: str = ""


class AttachmentOut(Schema):
    id: int
    role: str
    original_name: str
    mime: str
    size: int
    sha256: str
    url: str


class AdviserConsultationOut(Schema):
    id: int
    adviser_id: int
    adviser: str
    subject: str
    kind: str
    kind_label: str
    question: str
    asked_on: dt.date
    due_on: dt.date
    answered_on: dt.date | None
    response_days: int | None
    overdue: bool
    opinion: str
    adoption: str
    asked_by: str


class ConsultationDetail(AdviserConsultationOut):
    attachments: list[AttachmentOut]


class AdviserStatisticsOut(Schema):
    year: int
    total: int
    by_kind: dict[str, int]
    by_kind_labels: dict[str, str]
    answered: int
    pending: int
    average_response_days: float | None
    overdue: int
    answered_late: int
    advisers: int


def _staff(request):
    if not is_business_staff(request.user):
        raise Forbidden(_("仅本机关业务工作人员可以使用法律顾问功能。"))


def _adviser(request, adviser_id: int):
    _staff(request)
    try:
        return selectors.adviser_for(request.user, adviser_id)
    except AdviserNotFound:
        raise NotFound(_("法律顾问不存在。")) from None


def _consultation(request, consultation_id: int):
    _staff(request)
    try:
        return selectors.consultation_for(request.user, consultation_id)
    except AdviserNotFound:
        raise NotFound(_("咨询记录不存在。")) from None


def _detail(c) -> dict:
    return {**selectors.consultation_row(c), "attachments": [
        {"id": a.pk, "role": a.role, "original_name": a.original_name, "mime": a.mime, "size": a.size,
         "sha256": a.sha256, "url": f"/api/v1/advisers/consultations/{c.pk}/attachments/{a.pk}"}
        for a in c.attachments.all()]}


# ---- advisers ---------------------------------------------------------------------------------------------
@router.get("", response=list[AdviserOut])
def advisers(request):
    """The agency's legal advisers (business staff)."""
    _staff(request)
    return [selectors.adviser_row(a) for a in selectors.advisers_for(request.user)]


@router.post("", response={201: AdviserOut})
def adviser_create(request, payload: AdviserIn):
    """Appoint an adviser (the legal office and the director)."""
    _staff(request)
    adviser = services.adviser_save(actor=request.user, **payload.dict())
    return Status(201, selectors.adviser_row(adviser))


@router.get("/statistics", response=AdviserStatisticsOut)
def statistics(request, year: int | None = Query(None, ge=2000, le=2100)):
    """The year's consultations: count by kind, average response days, overdue."""
    _staff(request)
    return selectors.statistics(request.user.agency_id, year or sysclock.today().year)


@router.get("/consultations", response=list[AdviserConsultationOut])
def consultations(request, year: int | None = Query(None, ge=2000, le=2100), kind: str = "",
                  adviser_id: int | None = Query(None, ge=-(2**63), le=2**63 - 1),
                  overdue: bool | None = None):
    """Consultations of the agency, latest first; ``overdue=true`` lists those answered late or still unanswered
    after the agreed date."""
    _staff(request)
    today = sysclock.today()
    return [selectors.consultation_row(c, today) for c in selectors.consultations_for(
        request.user, year=year, kind=kind, adviser_id=adviser_id, overdue=overdue)[:1000]]


@router.post("/consultations", response={201: ConsultationDetail})
def consultation_create(request, payload: ConsultationIn):
    """Ask an adviser (any business officer of the agency)."""
    _staff(request)
    c = services.consultation_create(actor=request.user, **payload.dict())
    return Status(201, _detail(c))


@router.get("/consultations/{int:consultation_id}", response=ConsultationDetail)
def consultation(request, consultation_id: int):
    return _detail(_consultation(request, consultation_id))


@router.patch("/consultations/{int:consultation_id}", response=ConsultationDetail)
def consultation_patch(request, consultation_id: int, payload: ConsultationPatch):
    """Correct an unanswered question (the officer who asked, the legal office, the director)."""
    c = _consultation(request, consultation_id)
    try:
        c = services.consultation_update(actor=request.user, consultation_id=c.pk, **payload.dict())
    except AdviserNotFound:
        raise NotFound(_("咨询记录不存在。")) from None
    return _detail(c)


@router.post("/consultations/{int:consultation_id}/answer", response=ConsultationDetail)
def consultation_answer(request, consultation_id: int, payload: AnswerIn):
    """Record the adviser's answer (the officer who asked, the legal office, the director)."""
    c = _consultation(request, consultation_id)
    c = services.consultation_answer(actor=request.user, consultation_id=c.pk, **payload.dict())
    return _detail(c)


@router.post("/consultations/{int:consultation_id}/attachments", response={201: AttachmentOut})
def attachment_add(request, consultation_id: int, role: Form[str], file: File[UploadedFile]):
    """Upload a document of the consultation (multipart: ``role`` question|opinion, ``file``; PDF, OFD, JPEG,
    PNG, sniffed from the content)."""
    c = _consultation(request, consultation_id)
    att = services.attachment_add(actor=request.user, consultation_id=c.pk, role=role, filename=file.name or "",
                                  data=file.read(MAX_UPLOAD))
    return Status(201, {"id": att.pk, "role": att.role, "original_name": att.original_name, "mime": att.mime,
                        "size": att.size, "sha256": att.sha256,
                        "url": f"/api/v1/advisers/consultations/{c.pk}/attachments/{att.pk}"})


@router.get("/consultations/{int:consultation_id}/attachments/{int:attachment_id}")
def attachment_download(request, consultation_id: int, attachment_id: int):
    c = _consultation(request, consultation_id)
    att = c.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise NotFound(_("文件不存在。"))
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name, content_type=att.mime)


# ---- one adviser (after the fixed paths) ----------------------------------------------------------------------
@router.get("/{int:adviser_id}", response=AdviserOut)
def adviser(request, adviser_id: int):
    return selectors.adviser_row(_adviser(request, adviser_id))


@router.patch("/{int:adviser_id}", response=AdviserOut)
def adviser_patch(request, adviser_id: int, payload: AdviserPatch):
    """Change an adviser (the legal office and the director): only the fields sent change."""
    a = _adviser(request, adviser_id)
    current = {"name": a.name, "firm": a.firm, "term_from": a.term_from, "term_to": a.term_to, "kind": a.kind,
               "licence_number": a.licence_number, "phone": a.phone, "response_workdays": a.response_workdays,
               "contract_number": a.contract_number, "active": a.active, "note": a.note}
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    a = services.adviser_save(actor=request.user, adviser_id=a.pk, **{**current, **changes})
    return selectors.adviser_row(a)
