"""The one intake: a request of any kind, filed online (an account, or anonymously where the kind allows it) or
registered by staff from a letter, a visit or a phone call with its real receipt date and channel. Every
request gets a tracking number and a verification code (shown once)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.i18n import zh
from fazhi.core.identifiers import validate_resident_id, validate_uscc
from fazhi.core.models import Agency, User
from fazhi.core.services import counter_next
from fazhi.process.definition import get_definition
from fazhi.process.models import Case
from fazhi.process.services import case_open, clean_fields
from fazhi.requests.kinds import RequestKind, get_kind
from fazhi.requests.models import PublicRequest

# Channels of a request (政府信息公开条例第三十一条 distinguishes them for the receipt date).
CHANNELS = (Case.Channel.ONLINE, Case.Channel.COUNTER, Case.Channel.VISIT, Case.Channel.POST, Case.Channel.PHONE,
            Case.Channel.FAX, Case.Channel.EMAIL)
STAFF_CHANNELS = CHANNELS[1:]


def request_number(agency: Agency, kind: RequestKind, year: int, serial: int) -> str:
    return f"{agency.code.upper()}-{kind.number_code}{year}-{serial:06d}"


def _clean_party(party: dict, *, anonymous: bool) -> dict:
    """The requester: a natural person (name, ID number) or an organisation (name, USCC). Anonymous reports have
    no requester at all."""
    if anonymous:
        return {"kind": "person", "name": zh(_lazy("匿名")), "id_number": "", "phone": "", "address": ""}
    errors: dict[str, list[str]] = {}
    name = str(party.get("name") or "").strip()
    if not name:
        errors["party_name"] = [_("请填写姓名或名称。")]
    kind = party.get("kind") or "person"
    if kind not in ("person", "legal_person"):
        errors["party_kind"] = [_("请选择自然人或法人、其他组织。")]
    id_number = str(party.get("id_number") or "").strip().upper()
    if id_number:
        try:
            id_number = validate_resident_id(id_number) if kind == "person" else validate_uscc(id_number)
        except ValidationError as e:
            errors["party_id_number"] = e.messages
    phone = str(party.get("phone") or "").strip()
    address = str(party.get("address") or "").strip()
    if not (phone or address):
        errors["party_phone"] = [_("请至少填写联系电话或通信地址，以便告知办理结果。")]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "name": name[:100], "id_number": id_number, "phone": phone[:20], "address": address[:200]}


def request_submit(*, kind: str, actor: User | None, agency: Agency, fields: dict, party: dict | None = None,
                   anonymous: bool = False, channel: str = "online", received_on: dt.date | None = None,
                   today: dt.date | None = None) -> tuple[Case, str]:
    """File a request. Online: ``actor`` is the public account (its own identity is the requester) or None for
    an anonymous report. Staff registration: ``actor`` is business staff of ``agency``; ``channel`` and
    ``received_on`` (the real receipt date, never in the future) are theirs to set. Returns the case and its
    verification code."""
    today = today or sysclock.today()
    spec = get_kind(kind)
    if spec is None:
        raise ValidationError({"kind": [_("没有这种诉求类型。")]})
    staff = actor is not None and actor.is_authenticated and actor.kind == User.Kind.STAFF
    errors: dict[str, list[str]] = {}
    if anonymous and not spec.allow_anonymous:
        errors["anonymous"] = [_("该类诉求不能匿名提交。")]
    if staff:
        if not is_business_staff(actor) or actor.agency_id != agency.pk:
            raise PermissionDenied
        if channel not in STAFF_CHANNELS:
            errors["channel"] = [_("请选择收到的渠道。")]
        received_on = received_on or today
        if received_on > today:
            errors["received_on"] = [_("收到日期不能晚于今天。")]
    else:
        channel = "online"
        received_on = today
        if not anonymous and (actor is None or not actor.is_authenticated):
            errors["anonymous"] = [_("请先登录；只有举报可以匿名提交。")] if spec.allow_anonymous else [_("请先登录。")]
    if actor is not None and actor.is_authenticated and actor.kind != User.Kind.STAFF and not anonymous:
        party = {"kind": "person" if actor.kind == User.Kind.PERSON else "legal_person", "name": actor.full_name,
                 "id_number": actor.id_number or actor.uscc or "", "phone": actor.phone or (party or {}).get("phone", ""),
                 "address": (party or {}).get("address", "")}
    try:
        clean_party = _clean_party(party or {}, anonymous=anonymous)
    except ValidationError as e:
        errors.update(e.message_dict)
        clean_party = {}
    fields = dict(fields or {})
    if not staff:
        # Fields only staff record (e.g. the number of visitors of a collective visit) are not the public's to set.
        for name in spec.staff_only_fields:
            fields.pop(name, None)
    try:
        clean = clean_fields(spec.fields, fields)
    except ValidationError as e:
        errors.update(e.message_dict)
        clean = {}
    if not errors and spec.validate:
        errors.update(spec.validate(clean, received_on=received_on, today=today, channel=channel) or {})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key=f"#{spec.number_code}", year=received_on.year)
        applicant = actor if (actor is not None and actor.is_authenticated and not staff and not anonymous) else None
        # A reporter's identity is never written into the event chain (举报人信息保密): the first event of a
        # confidential request filed by the reporter names "举报人" or "匿名", not the account.
        hide = spec.confidential and not staff
        label = (zh(_lazy("匿名")) if anonymous else zh(_lazy("举报人"))) if hide else None
        case, code = case_open(
            definition=get_definition(spec.process_code), agency=agency,
            number=request_number(agency, spec, received_on.year, serial), applicant=applicant, party=clean_party,
            channel=channel, received_on=received_on, data={"kind": kind}, actor=None if hide else actor,
            today=today, actor_label=label, online=channel == "online")
        req = PublicRequest.objects.create(case=case, kind=kind, fields=clean, anonymous=anonymous,
                                           confidential=spec.confidential)
        if spec.on_submit:
            spec.on_submit(req, clean)
    return case, code
