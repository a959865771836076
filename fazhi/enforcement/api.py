"""/api/v1/enforcement: register penalty cases (then driven through the generic /api/v1/cases/{id} API), add
evidence to the full-process record, the summary procedure, and the public list of published decisions."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from fazhi.api.api import AUTH
from fazhi.api.errors import Conflict, NotFound
from fazhi.enforcement import selectors, services
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.services import TransitionNotAllowed

router = Router(tags=["enforcement"])


class PenaltyPartyIn(Schema):
    name: str
    id_number: str
    address: str
    phone: str = ""


class CaseIn(Schema):
    source: str  # inspection | complaint | referral | own
    source_detail: str
    party: PenaltyPartyIn
    party_type: str  # unit | individual | archives_service_enterprise
    violation: str = ""  # discretion-standard code, may be set at the end of the investigation
    inspection_id: int | None = None
    received_on: dt.date | None = None


class CaseCreated(Schema):
    id: int
    number: str
    state: str
    url: str


class SummaryIn(Schema):
    party: PenaltyPartyIn
    party_type: str
    officers: list[str]
    violation: str
    violation_date: dt.date
    facts: str
    kind: str  # 警告 | 罚款 | 警告、罚款
    fine: str = ""


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    recorded_on: dt.date
    officers: list[str]
    sha256: str
    size: int


class PenaltyDecisionOut(Schema):
    number: str
    document_number: str
    agency: str
    party: str
    violation: str
    penalty: str
    decided_on: dt.date
    published_on: dt.date


def _created(case) -> dict:
    return {"id": case.pk, "number": case.number, "state": case.state, "url": f"/api/v1/cases/{case.pk}"}


@router.post("/cases", response={201: CaseCreated}, auth=AUTH)
def create_case(request, payload: CaseIn):
    """案源登记: a penalty case in state `registered`; continue with `POST /api/v1/cases/{id}/transitions/file_case`."""
    case = services.penalty_register(
        actor=request.user, source=payload.source, source_detail=payload.source_detail,
        party=payload.party.dict(), party_type=payload.party_type, inspection_id=payload.inspection_id,
        received_on=payload.received_on, violation=payload.violation)
    return Status(201, _created(case))


@router.post("/summary", response={201: CaseCreated}, auth=AUTH)
def summary(request, payload: SummaryIn):
    """简易程序: register and decide on the spot (行政处罚法第五十一条、第五十二条)."""
    try:
        case = services.penalty_summary(actor=request.user, party=payload.party.dict(), party_type=payload.party_type,
                                        officers=payload.officers, violation=payload.violation,
                                        violation_date=payload.violation_date, facts=payload.facts, kind=payload.kind,
                                        fine=payload.fine)
    except TransitionNotAllowed as e:
        raise Conflict(str(e), code="transition_not_allowed") from None
    return Status(201, _created(case))


@router.post("/cases/{int:case_id}/evidence", response={201: EvidenceOut}, auth=AUTH)
def add_evidence(request, case_id: int, kind: Form[str], title: Form[str], recorded_on: Form[dt.date],
                 place: Form[str] = "", content: Form[str] = "", officers: Form[str] = "",
                 file: File[UploadedFile] = None):
    """全过程记录: a written record (officers: certificate numbers, one per line or comma-separated) or a file."""
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise NotFound(_("办件不存在。")) from None
    if case.kind != "penalty":
        raise NotFound(_("办件不存在。"))
    upload = (file.name, file.read(services.MAX_EVIDENCE_BYTES + 1)) if file is not None else None
    numbers = [n.strip() for n in officers.replace("，", ",").replace("\n", ",").split(",") if n.strip()]
    try:
        ev = services.evidence_add(case_id=case.pk, actor=request.user, kind=kind, title=title,
                                   recorded_on=recorded_on, place=place, content=content, officers=numbers,
                                   upload=upload)
    except TransitionNotAllowed as e:
        raise Conflict(str(e), code="transition_not_allowed") from None
    return Status(201, {"id": ev.pk, "kind": ev.kind, "title": ev.title, "recorded_on": ev.recorded_on,
                 "officers": ev.officers, "sha256": ev.sha256, "size": ev.size})


@router.get("/cases/{int:case_id}/evidence", response=list[EvidenceOut], auth=AUTH)
def list_evidence(request, case_id: int):
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise NotFound(_("办件不存在。")) from None
    if case.kind != "penalty" or request.user.kind != "staff":
        raise NotFound(_("办件不存在。"))
    return [{"id": e.pk, "kind": e.kind, "title": e.title, "recorded_on": e.recorded_on, "officers": e.officers,
             "sha256": e.sha256, "size": e.size} for e in case.penalty.evidence.all()]


@router.get("/decisions", response=list[PenaltyDecisionOut], auth=None)
def decisions(request, agency: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    """行政处罚决定公示 (anonymous): decisions with social impact, the party masked when a natural person;
    a decision annulled or changed is withdrawn."""
    return selectors.published_decisions(agency_code=agency, year=year)[:500]

