"""/api/v1/licensing: the item catalogue (public) and applications."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, Forbidden, NotFound
from fazhi.core.access import is_business_staff
from fazhi.licensing.selectors import item_guide, items_public, licensing_statistics
from fazhi.licensing.services import Upload, application_submit
from fazhi.process.selectors import case_view

router = Router(tags=["licensing"])


class MaterialOut(Schema):
    code: str
    name: str
    required: bool
    form: str
    copies: int
    formats: str
    note: str


class TimeLimitOut(Schema):
    label: str
    budget: int
    unit: str
    legal_basis: str


class LicensingItemOut(Schema):
    code: str
    name: str
    agency: str
    legal_basis: str
    conditions: str
    fee: str
    channels: str
    contact: str
    form_fields: list[dict[str, Any]]
    materials: list[MaterialOut]
    time_limits: list[TimeLimitOut]
    remedies: str


class MaterialIn(Schema):
    material: str
    filename: str
    content_base64: str


class ApplicantPartyIn(Schema):
    kind: Literal["person", "legal_person"]
    name: str
    id_number: str
    phone: str = ""
    address: str = ""


class ApplicationIn(Schema):
    item: str
    fields: dict[str, Any] = {}
    materials: list[MaterialIn] = []
    channel: Literal["online", "counter", "post"] = "online"
    received_on: dt.date | None = None
    party: ApplicantPartyIn | None = None


class ApplicationOut(Schema):
    id: int
    number: str
    verification_code: str
    state: str
    case: dict[str, Any]


@router.get("/items", response=list[LicensingItemOut], auth=None)
def items(request):
    return [item_guide(i) for i in items_public()]


@router.get("/items/{code}", response=LicensingItemOut, auth=None)
def item(request, code: str):
    found = items_public().filter(code=code).first()
    if found is None:
        raise NotFound(_("事项不存在。"))
    return item_guide(found)


@router.post("/applications", response={201: ApplicationOut}, auth=AUTH)
def apply(request, payload: ApplicationIn):
    found = items_public().filter(code=payload.item).first()
    if found is None:
        message = _("事项不存在或暂停办理。")
        raise ApiError(message, fields={"item": [message]})
    uploads = []
    for i, m in enumerate(payload.materials):
        try:
            content = base64.b64decode(m.content_base64, validate=True)
        except (binascii.Error, ValueError):
            message = _("材料内容不是有效的 Base64 编码。")
            raise ApiError(message, fields={f"materials.{i}": [message]}) from None
        uploads.append(Upload(material=m.material, filename=m.filename, content=content))
    case, code = application_submit(
        item=found, actor=request.user, fields=payload.fields, uploads=uploads, channel=payload.channel,
        received_on=payload.received_on, party=payload.party.dict() if payload.party else None,
    )
    return Status(201, {"id": case.pk, "number": case.number, "verification_code": code, "state": case.state,
                 "case": case_view(request.user, case)})


class LicensingStatisticsOut(Schema):
    year: int
    total: int
    by_item: list[dict[str, Any]]
    by_channel: dict[str, int]
    by_outcome: dict[str, int]
    online: int
    online_rate: float | None
    clocks_stopped: int
    clocks_on_time: int
    on_time_rate: float | None
    overdue_cases: int


@router.get("/statistics", response=LicensingStatisticsOut, auth=AUTH)
def statistics(request, year: int):
    """Applications received in ``year`` by the caller's agency (staff with a business role)."""
    if not is_business_staff(request.user):
        raise Forbidden(_("只有本机关的业务人员可以查看统计。"))
    if not 2000 <= year <= 2100:
        raise ApiError(_("年份无效。"), fields={"year": [_("年份应在2000至2100之间。")]})
    return licensing_statistics(agency_id=request.user.agency_id, year=year)
