"""/api/v1/complaints: the agency's complaints and reports for its staff (a request is filed through
POST /api/v1/requests and driven through the generic /api/v1/cases/{id}/transitions/{name}). The requester is
masked unless the caller is designated for the request (举报人信息保密)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import Forbidden, NotFound
from fazhi.complaints import selectors, services
from fazhi.complaints.process import PROCESS_CODE
from fazhi.complaints.views import XLSX
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.process.access import CaseNotFound, access_case_by_id

router = Router(tags=["complaints"], auth=AUTH)


class ComplaintItem(Schema):
    id: int
    number: str
    kind: str
    state: str
    state_label: str
    channel: str
    received_on: dt.date
    next_due: dt.date | None
    anonymous: bool
    party_name: str
    party_masked: bool
    subject: str
    penalty_case: str | None


class PartyOut(Schema):
    kind: str
    name: str
    id_number: str
    phone: str
    address: str
    masked: bool


class ComplaintOut(Schema):
    id: int
    number: str
    kind: str
    state: str
    state_label: str
    channel: str
    received_on: dt.date
    accepted_on: dt.date | None
    anonymous: bool
    confidential: bool
    party: PartyOut
    subject: str
    fields: dict[str, Any]
    designated: list[str]
    duplicate_of: str | None
    possible_duplicates: list[str]
    transferred_to: str
    result: str
    findings: str
    handled_on: dt.date | None
    penalty_case: dict[str, Any] | None
    replied_on: dt.date | None


def _staff(request):
    if not is_business_staff(request.user):
        raise Forbidden(_("只有本机关的业务人员可以查看投诉举报。"))
    return request.user


@router.get("", response=list[ComplaintItem])
def list_complaints(request, kind: str = "", state: str = "", year: int | None = Query(None, ge=2000, le=2100),
                    offset: int = 0, limit: int = 100):
    """The caller's agency's complaints and reports, newest first (staff; `state`: open | closed)."""
    user = _staff(request)
    qs = selectors.staff_complaints(user, kind=kind, state=state, year=year)
    offset, limit = max(offset, 0), min(max(limit, 1), 500)
    return [selectors.list_item(r) for r in selectors.rows(user, qs[offset:offset + limit])]


@router.get("/export")
def export(request, kind: str = "", state: str = "", year: int | None = Query(None, ge=2000, le=2100)):
    """The same list as XLSX; every row the caller is not designated for is masked. Audited."""
    user = _staff(request)
    data = services.complaint_export(actor=user, queryset=selectors.staff_complaints(
        user, kind=kind, state=state, year=year))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"投诉举报-{sysclock.today().strftime('%Y%m%d')}.xlsx")
    return response


@router.get("/{int:case_id}", response=ComplaintOut)
def get_complaint(request, case_id: int):
    """One complaint or report: the form, the requester (masked unless designated), the designation, the
    duplicate and transfer links, the findings and the penalty case it became."""
    user = _staff(request)
    try:
        case = access_case_by_id(user, case_id)
    except CaseNotFound:
        raise NotFound(_("办件不存在。")) from None
    if case.kind != PROCESS_CODE:
        raise NotFound(_("办件不存在。"))
    return selectors.detail(user, case)
