"""Writes of the public archive services: opening the reading room's slots, booking (an online consultation, a
reading-room visit, a proof, copies), serving the result (answer, copies, proof), and the hooks the process
definitions call (fazhi/archives/process.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.archives.models import ArchiveRequest, ArchiveService, HalfDay, ReadingRoomSlot, ResultFile
from fazhi.archives.process import NUMBER_CODES, PROCESS_BY_KIND
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.identifiers import validate_resident_id
from fazhi.core.models import Agency, User
from fazhi.core.services import audit_record, counter_next
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.process.definition import get_definition
from fazhi.process.models import Case
from fazhi.process.services import case_fire, case_open
from fazhi.workdays.calendar import day_status

# A booking that no longer takes a seat in the reading room.
RELEASED_STATES = ("refused", "withdrawn")
BOOKING_HORIZON_DAYS = 90
MAX_RESULT_FILES = 20


@dataclass
class Upload:
    filename: str
    content: bytes


def request_number(*, agency: Agency, kind: str, year: int, serial: int) -> str:
    """HLJ-CD2026-000001: agency code, the service kind's code (CD 查档, ZM 证明, FZ 复制), year, gapless serial."""
    return f"{agency.code.upper()}-{NUMBER_CODES[kind]}{year}-{serial:06d}"


# ---- the reading room ----------------------------------------------------------------------------------------
def _may_manage(actor: User, agency: Agency) -> bool:
    return is_business_staff(actor) and actor.agency_id == agency.pk


def slots_open(*, actor: User | None, agency: Agency, start: dt.date, end: dt.date, capacity: int,
               half_days: tuple[str, ...] = (HalfDay.AM, HalfDay.PM)) -> int:
    """Open the reading room on every working day from ``start`` to ``end`` (both included) with ``capacity`` seats
    per half-day. A slot already open keeps its bookings; its capacity changes but never below them. Returns the
    number of slots created or changed. ``actor`` None: the demo loader."""
    if actor is not None and not _may_manage(actor, agency):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if end < start:
        errors.setdefault("end", []).append(_("结束日期不能早于开始日期。"))
    elif (end - start).days > 366:
        errors.setdefault("end", []).append(_("一次最多开放一年的预约时段。"))
    if not 1 <= int(capacity) <= 200:
        errors.setdefault("capacity", []).append(_("每个时段可预约人数应在1至200之间。"))
    bad = [h for h in half_days if h not in HalfDay.values]
    if bad or not half_days:
        errors.setdefault("half_days", []).append(_("请选择上午或下午。"))
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        day = start
        while day <= end:
            if day_status(day).workday:
                for h in half_days:
                    slot, created = ReadingRoomSlot.objects.select_for_update().get_or_create(
                        agency=agency, date=day, half_day=h, defaults={"capacity": capacity})
                    if created:
                        changed += 1
                    elif slot.capacity != capacity:
                        slot.capacity = max(capacity, _taken(slot))
                        slot.save(update_fields=["capacity"])
                        changed += 1
            day += dt.timedelta(days=1)
        if actor is not None:
            audit_record(actor=actor, action="archives.slots_open", object_type="agency", object_id=agency.pk,
                         detail={"start": start.isoformat(), "end": end.isoformat(), "capacity": int(capacity)})
    return changed


def _taken(slot: ReadingRoomSlot) -> int:
    return slot.bookings.exclude(case__state__in=RELEASED_STATES).count()


# ---- booking -------------------------------------------------------------------------------------------------
def _choice(value, choices, field: str, message: str, errors: dict) -> str:
    value = (value or "").strip() if isinstance(value, str) else value
    if value not in {c for c, _label in choices}:
        errors.setdefault(field, []).append(message)
        return ""
    return value


def _validate_identity(id_type: str, id_number: str, errors: dict) -> str:
    id_number = (id_number or "").strip().upper()
    if not id_number:
        errors.setdefault("id_number", []).append(_("请填写证件号码。"))
        return ""
    if id_type == ArchiveRequest.IdType.RESIDENT:
        # 公民身份号码 (GB 11643-1999): the check character by python-stdnum (stdnum.cn.ric), the structure by
        # fazhi.core.identifiers.
        try:
            return validate_resident_id(id_number)
        except ValidationError as e:
            errors.setdefault("id_number", []).extend(e.messages)
            return ""
    if not (5 <= len(id_number) <= 30) or not id_number.replace("-", "").isalnum():
        errors.setdefault("id_number", []).append(_("证件号码格式不正确。"))
        return ""
    return id_number


def _parse_date(value, field: str, errors: dict) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors.setdefault(field, []).append(_("请选择预约到馆日期（YYYY-MM-DD）。"))
        return None


def booking_submit(*, service: ArchiveService, actor: User, id_type: str, id_number: str, purpose: str,
                   archives_wanted: str, mode: str, access: str = "open", restriction: str = "",
                   purpose_detail: str = "", visit_date=None, half_day: str = "") -> tuple[Case, str]:
    """Book a service online (a public account): a reading-room visit or an online consultation, a proof, copies.
    Every problem is reported at once; nothing is written unless all is well. Returns the case and its
    verification code (shown once)."""
    today = sysclock.today()
    if actor is None or not actor.is_authenticated or actor.kind == User.Kind.STAFF:
        raise ValidationError({"__all__": [_("请使用公众账号登录后预约。")]})
    if not service.published:
        raise ValidationError({"service": [_("该服务事项暂停办理。")]})
    errors: dict[str, list[str]] = {}
    id_type = _choice(id_type, ArchiveRequest.IdType.choices, "id_type", _("请选择证件类型。"), errors)
    id_number = _validate_identity(id_type, id_number, errors) if id_type else ""
    purpose = _choice(purpose, ArchiveRequest.Purpose.choices, "purpose", _("请选择利用目的。"), errors)
    purpose_detail = (purpose_detail or "").strip()
    if purpose == ArchiveRequest.Purpose.OTHER and not purpose_detail:
        errors.setdefault("purpose_detail", []).append(_("利用目的为“其他”的，请说明目的。"))
    if len(purpose_detail) > 500:
        errors.setdefault("purpose_detail", []).append(_("目的说明过长（最多500字）。"))
    wanted = (archives_wanted or "").strip()
    if not wanted:
        errors.setdefault("archives_wanted", []).append(_("请填写要查阅的档案内容（全宗、年代、事由等）。"))
    elif len(wanted) > 2000:
        errors.setdefault("archives_wanted", []).append(_("查阅档案内容过长（最多2000字）。"))
    access = _choice(access or "open", ArchiveRequest.Access.choices, "access", _("请选择档案开放状态。"), errors)
    restriction = (restriction or "").strip()
    if access == ArchiveRequest.Access.RESTRICTED:
        restriction = _choice(restriction, ArchiveRequest.Restriction.choices, "restriction",
                              _("查阅未开放或限制利用档案的，请选择原因。"), errors)
    else:
        restriction = ""
    mode = _choice(mode, ArchiveRequest.Mode.choices, "mode", _("请选择查档方式。"), errors)
    if service.kind != ArchiveService.Kind.CONSULTATION and mode == ArchiveRequest.Mode.ONSITE:
        errors.setdefault("mode", []).append(_("该事项网上申请、网上领取结果，无须预约到馆。"))
    if mode == ArchiveRequest.Mode.ONSITE and not service.onsite:
        errors.setdefault("mode", []).append(_("该事项不提供到馆查阅。"))
    if mode == ArchiveRequest.Mode.ONLINE and not service.online:
        errors.setdefault("mode", []).append(_("该事项不提供网上办理。"))
    day = None
    if mode == ArchiveRequest.Mode.ONSITE:
        day = _parse_date(visit_date, "visit_date", errors)
        if half_day not in HalfDay.values:
            errors.setdefault("half_day", []).append(_("请选择上午或下午。"))
        if day is not None:
            if day < today:
                errors.setdefault("visit_date", []).append(_("预约日期不能早于今天。"))
            elif day > today + dt.timedelta(days=BOOKING_HORIZON_DAYS):
                errors.setdefault("visit_date", []).append(
                    _("只能预约%(days)s日内的时段。") % {"days": BOOKING_HORIZON_DAYS})
    if errors:
        raise ValidationError(errors)
    definition = get_definition(PROCESS_BY_KIND[service.kind])
    party = {"kind": "person" if actor.kind == User.Kind.PERSON else "legal_person",
             "name": actor.full_name or actor.username,
             "id_number": id_number if id_type == ArchiveRequest.IdType.RESIDENT else "",
             "phone": actor.phone, "address": actor.address}
    with transaction.atomic():
        slot = None
        if day is not None:
            slot = ReadingRoomSlot.objects.select_for_update().filter(
                agency=service.agency, date=day, half_day=half_day).first()
            if slot is None:
                raise ValidationError({"visit_date": [_("阅览室该时段不开放预约，请选择其他时段。")]})
            if _taken(slot) >= slot.capacity:
                raise ValidationError({"visit_date": [_("该时段预约已满，请选择其他时段。")]})
        serial = counter_next(agency=service.agency, key=f"#{NUMBER_CODES[service.kind]}", year=today.year)
        number = request_number(agency=service.agency, kind=service.kind, year=today.year, serial=serial)
        data = {"service": service.code, "access": access, "mode": mode,
                "visit_date": day.isoformat() if day else None, "half_day": half_day if day else ""}
        case, code = case_open(definition=definition, agency=service.agency, number=number, applicant=actor,
                               party=party, channel=Case.Channel.ONLINE, received_on=today, data=data, actor=actor,
                               today=today)
        req = ArchiveRequest(case=case, service=service, id_type=id_type, id_number=id_number, purpose=purpose,
                             purpose_detail=purpose_detail, archives_wanted=wanted, access=access,
                             restriction=restriction, mode=mode, slot=slot, visit_date=day,
                             half_day=half_day if day else "")
        req.full_clean()
        req.save()
    return case, code


# ---- serving the result --------------------------------------------------------------------------------------
def _checked_uploads(uploads: list[Upload]) -> list[tuple[Upload, object]]:
    errors: list[str] = []
    checked = []
    if len(uploads) > MAX_RESULT_FILES:
        raise ValidationError({"files": [_("一次最多上传%(n)s个文件。") % {"n": MAX_RESULT_FILES}]})
    for up in uploads:
        try:
            checked.append((up, sniff_upload(up.content, up.filename)))
        except ValidationError as e:
            errors.extend(f"{safe_filename(up.filename)}：{m}" for m in e.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def request_serve(*, case_id: int, actor: User, answer: str, uploads: list[Upload] | None = None) -> Case:
    """Give the result: the answer, and the copies (PDF, images, OFD) the requester downloads; a proof is issued
    as a numbered 档案证明 DOCX by the process runtime. Files are checked before anything is written."""
    checked = _checked_uploads(uploads or [])
    with transaction.atomic():
        case = case_fire(case_id=case_id, transition="serve", actor=actor, data={
            "answer": answer, **({"files": [safe_filename(u.filename) for u, _s in checked]} if checked else {})})
        req = ArchiveRequest.objects.get(case=case)
        for n, (up, sniff) in enumerate(checked, start=1):
            row = ResultFile(request=req, original_name=safe_filename(up.filename), mime=sniff.mime,
                             size=len(up.content), sha256=hashlib.sha256(up.content).hexdigest())
            row.file.save(f"{case.number}-{n}.{sniff.extension}", ContentFile(up.content), save=False)
            row.save()
    return case


# ---- hooks of the process definitions ------------------------------------------------------------------------
def _answer_from(case, today: dt.date) -> str:
    visit = case.data.get("visit_date")
    if visit and case.data.get("mode") == "onsite":
        return max(today, dt.date.fromisoformat(visit)).isoformat()
    return today.isoformat()


def hook_resubmit(case, ctx):
    case.submitted_on = ctx.today


def hook_confirm(case, ctx):
    case.accepted_on = ctx.today
    case.data = {**case.data, "answer_from": _answer_from(case, ctx.today)}


def hook_approve(case, ctx):
    case.accepted_on = ctx.today
    case.data = {**case.data, "approved": True, "answer_from": _answer_from(case, ctx.today)}


def hook_attend(case, ctx):
    case.data = {**case.data, "attended_on": ctx.today.isoformat()}


def hook_serve(case, ctx):
    req = ArchiveRequest.objects.select_for_update().get(case=case)
    req.answer = ctx.data["answer"]
    req.served_on = ctx.today
    req.save(update_fields=["answer", "served_on"])
    case.decided_on = ctx.today
    case.outcome = "served"


def hook_outcome(value: str):
    def hook(case, ctx):
        case.outcome = value

    return hook
