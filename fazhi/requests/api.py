"""/api/v1/requests: the one intake (any kind, online or registered by staff) and public tracking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import OPTIONAL
from fazhi.api.errors import NotFound
from fazhi.core.models import User
from fazhi.process.access import CaseNotFound, access_case_by_tracking
from fazhi.requests import selectors, services
from fazhi.requests.kinds import all_kinds

router = Router(tags=["requests"])


class RequestPartyIn(Schema):
    kind: str = "person"  # person | legal_person
    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""


class RequestIn(Schema):
    kind: str  # complaint | report | petition | disclosure | reconsideration
    fields: dict[str, Any] = {}
    channel: str = "online"  # staff only: counter | visit | post | phone | fax | email
    received_on: dt.date | None = None  # staff only: the real receipt date
    anonymous: bool = False  # reports only
    party: RequestPartyIn | None = None  # staff registering someone, or an anonymous reporter's nothing
    agency: str = ""  # the agency addressed (code); default: the top agency of the deployment


class RequestCreated(Schema):
    id: int
    number: str
    verification_code: str
    state: str
    url: str
    track_url: str


class KindOut(Schema):
    code: str
    label: str
    allow_anonymous: bool
    legal_basis: str
    fields: list[dict[str, Any]]


@router.get("/kinds", response=list[KindOut], auth=None)
def kinds(request):
    """The kinds of request the intake takes, with their form fields (anonymous)."""
    return [{"code": k.code, "label": str(k.label), "allow_anonymous": k.allow_anonymous,
             "legal_basis": k.legal_basis,
             "fields": [{"name": f.name, "label": str(f.label), "kind": f.kind, "required": f.required,
                         "choices": [[v, str(lbl)] for v, lbl in f.choices]} for f in k.fields
                        if f.name not in k.staff_only_fields]}
            for k in all_kinds()]


@router.post("", response={201: RequestCreated}, auth=OPTIONAL)
def create(request, payload: RequestIn):
    """File a request. Anonymous callers may only file an anonymous report; staff set `channel` and
    `received_on`. The verification code is returned once: with the number it opens the tracking page."""
    user = request.auth if getattr(request.auth, "is_authenticated", False) else None
    agency = selectors.addressed_agency(payload.agency, user)
    if agency is None:
        raise NotFound(_("没有这个机关。"))
    staff = user is not None and user.kind == User.Kind.STAFF
    case, code = services.request_submit(
        kind=payload.kind, actor=user, agency=agency, fields=payload.fields,
        party=payload.party.dict() if payload.party else None, anonymous=payload.anonymous,
        channel=payload.channel if staff else "online", received_on=payload.received_on if staff else None)
    return Status(201, {"id": case.pk, "number": case.number, "verification_code": code, "state": case.state,
                        "url": f"/api/v1/cases/{case.pk}",
                        "track_url": f"/api/v1/requests/track?number={case.number}&code={code}"})


@router.get("/track", auth=None)
def track(request, number: str, code: str):
    """Public tracking with the number and the verification code: state, due dates, public events, documents."""
    try:
        case = access_case_by_tracking(number, code)
    except CaseNotFound:
        raise NotFound(_("办件编号或查询码不正确。")) from None
    return selectors.tracking_view(case)


