"""Writes of the licensing area: applications (online and at the counter), corrections, notices."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.identifiers import validate_resident_id, validate_uscc
from fazhi.core.models import Role, User
from fazhi.core.services import counter_next
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.licensing.models import Application, Item, SubmittedMaterial
from fazhi.process.definition import get_definition
from fazhi.process.models import Case
from fazhi.process.services import TransitionContext, case_fire, case_open


@dataclass
class Upload:
    material: str  # material code
    filename: str
    content: bytes


def case_number(*, agency, year: int, serial: int) -> str:
    """The tracking number: agency code, XK (行政许可), year and a gapless serial per agency and year,
    e.g. HLJ-XK2026-000015. Unique across agencies because agency codes are."""
    return f"{agency.code.upper()}-XK{year}-{serial:06d}"


def _validate_fields(item: Item, fields: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    known = {f["name"] for f in item.form_fields}
    for name in fields:
        if name not in known:
            errors.setdefault(name, []).append(_("该事项没有这一项。"))
    for f in item.form_fields:
        raw = fields.get(f["name"])
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in (None, ""):
            if f.get("required", True):
                errors.setdefault(f["name"], []).append(_("请填写“%(label)s”。") % {"label": f["label"]})
            continue
        kind = f.get("kind", "text")
        if kind == "int":
            try:
                value = int(raw)
                if value < 0:
                    raise ValueError
                clean[f["name"]] = value
            except (TypeError, ValueError):
                errors.setdefault(f["name"], []).append(_("“%(label)s”应为非负整数。") % {"label": f["label"]})
        elif kind == "date":
            try:
                clean[f["name"]] = dt.date.fromisoformat(str(raw)).isoformat()
            except ValueError:
                errors.setdefault(f["name"], []).append(_("“%(label)s”应为日期（YYYY-MM-DD）。") % {"label": f["label"]})
        else:
            text = str(raw)
            if len(text) > int(f.get("max_length", 2000)):
                errors.setdefault(f["name"], []).append(_("“%(label)s”过长。") % {"label": f["label"]})
            clean[f["name"]] = text
    if errors:
        raise ValidationError(errors)
    return clean


def _validate_uploads(item: Item, uploads: list[Upload], *, require_all: bool) -> list[tuple]:
    materials = {m.code: m for m in item.materials.all()}
    errors: dict[str, list[str]] = {}
    checked = []
    for up in uploads:
        m = materials.get(up.material)
        if m is None:
            errors.setdefault("materials", []).append(_("未知的材料：%(code)s") % {"code": up.material})
            continue
        try:
            sniff = sniff_upload(up.content, up.filename)
        except ValidationError as e:
            errors.setdefault(f"material_{m.code}", []).extend(
                _("%(material)s：%(problem)s") % {"material": m.name, "problem": msg} for msg in e.messages)
            continue
        checked.append((m, up, sniff))
    if require_all:
        given = {m.code for m, _u, _s in checked} | {u.material for u in uploads}
        for m in materials.values():
            if m.required and m.code not in given:
                errors.setdefault(f"material_{m.code}", []).append(_("请上传必要材料：%(material)s") % {"material": m.name})
    if errors:
        raise ValidationError(errors)
    return checked


def _validate_all(item: Item, fields: dict, uploads: list[Upload], *, require_all: bool):
    """Check the form and the files together, so the applicant sees every problem at once."""
    errors: dict[str, list[str]] = {}
    clean_fields, checked = {}, []
    try:
        clean_fields = _validate_fields(item, fields)
    except ValidationError as e:
        errors.update(e.message_dict)
    try:
        checked = _validate_uploads(item, uploads, require_all=require_all)
    except ValidationError as e:
        for k, v in e.message_dict.items():
            errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    return clean_fields, checked


def _store_uploads(app: Application, checked: list[tuple], round_: int) -> None:
    for material, up, sniff in checked:
        row = SubmittedMaterial(
            application=app, material=material, original_name=safe_filename(up.filename), mime=sniff.mime,
            size=len(up.content), sha256=hashlib.sha256(up.content).hexdigest(), round=round_,
        )
        row.file.save(f"{app.case.number}-{material.code}-{round_}.{sniff.extension}", ContentFile(up.content),
                      save=False)
        row.save()


def _party_from_account(user: User) -> dict:
    if user.kind == User.Kind.PERSON:
        return {"kind": "person", "name": user.full_name or user.username, "id_number": user.id_number,
                "phone": user.phone, "address": user.address}
    return {"kind": "legal_person", "name": user.full_name or user.username, "id_number": user.uscc,
            "phone": user.phone, "address": user.address}


def _validate_party(party: dict) -> dict:
    errors: dict[str, list[str]] = {}
    kind = party.get("kind")
    name = (party.get("name") or "").strip()
    ident = (party.get("id_number") or "").strip().upper()
    if kind not in ("person", "legal_person"):
        errors.setdefault("party_kind", []).append(_("请选择申请人类型（自然人或法人）。"))
    if not name:
        errors.setdefault("party_name", []).append(_("请填写申请人姓名或名称。"))
    try:
        if kind == "person":
            ident = validate_resident_id(ident)
        elif kind == "legal_person":
            ident = validate_uscc(ident)
    except ValidationError as e:
        errors.setdefault("party_id_number", []).extend(e.messages)
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "name": name, "id_number": ident, "phone": (party.get("phone") or "").strip(),
            "address": (party.get("address") or "").strip()}


def application_submit(*, item: Item, actor: User, fields: dict, uploads: list[Upload], channel: str,
                       received_on: dt.date | None = None, party: dict | None = None) -> tuple[Case, str]:
    """File an application. Online: by a public account, every required material uploaded. Counter or
    post: by an intake clerk of the item's agency, with the real receipt date and the applicant's
    particulars (materials on paper may be scanned later)."""
    today = sysclock.today()
    if not item.active:
        raise ValidationError({"item": [_("该事项暂停办理。")]})
    if actor.kind == User.Kind.STAFF:
        if not (actor.agency_id == item.agency_id and actor.has_role(Role.INTAKE_CLERK)):
            raise ValidationError({"item": [_("只有本机关的窗口受理人员可以登记收件。")]})
        if channel not in (Case.Channel.COUNTER, Case.Channel.POST):
            raise ValidationError({"channel": [_("工作人员登记的申请，渠道应为窗口递交或邮寄。")]})
        if received_on is None:
            raise ValidationError({"received_on": [_("请填写实际收到申请材料的日期。")]})
        if received_on > today:
            raise ValidationError({"received_on": [_("收到日期不能晚于今天。")]})
        if received_on < today - dt.timedelta(days=366):
            raise ValidationError({"received_on": [_("收到日期过早，请核对。")]})
        party = _validate_party(party or {})
        applicant = None
        require_all = False
    else:
        if channel != Case.Channel.ONLINE:
            raise ValidationError({"channel": [_("公众账号只能网上申请。")]})
        if received_on not in (None, today):
            raise ValidationError({"received_on": [_("网上申请的收到日期为提交当日，不能指定。")]})
        received_on = today
        party = _party_from_account(actor)
        applicant = actor
        require_all = True
    clean_fields, checked = _validate_all(item, fields or {}, uploads, require_all=require_all)
    definition = get_definition(item.process_code)
    with transaction.atomic():
        serial = counter_next(agency=item.agency, key="#XK", year=received_on.year)
        number = case_number(agency=item.agency, year=received_on.year, serial=serial)
        case, code = case_open(
            definition=definition, agency=item.agency, number=number, applicant=applicant, party=party,
            channel=channel, received_on=received_on, data={"item": item.code, "fields": clean_fields},
            actor=actor, today=today,
        )
        app = Application.objects.create(case=case, item=item)
        _store_uploads(app, checked, 1)
    return case, code


def application_resubmit(*, case: Case, actor: User, uploads: list[Upload], comment: str = "") -> Case:
    """Hand in the corrected materials: the intake clock restarts from today (art. 32(4))."""
    app = case.licensing
    checked = _validate_uploads(app.item, uploads, require_all=False)
    if not checked and actor.kind != User.Kind.STAFF:
        raise ValidationError({"materials": [_("请上传补正材料。")]})
    with transaction.atomic():
        round_ = (max((f.round for f in app.files.all()), default=1)) + 1
        case = case_fire(case_id=case.pk, transition="resubmit", actor=actor, comment=comment,
                         data={"files": [u.filename for _m, u, _s in checked]})
        _store_uploads(app, checked, round_)
    return case


def licensing_notice(case: Case, kind: str, ctx: TransitionContext, number: str):
    """Build the notice a transition issues (called by the runtime inside the transaction)."""
    from fazhi.licensing.documents import LicensingNoticeContext, build_notice

    app = case.licensing
    item = app.item
    agency = case.agency
    decision = case.clocks.filter(name="decision").order_by("-round").first()
    certificate = case.clocks.filter(name="certificate").order_by("-round").first()
    notice = LicensingNoticeContext(
        agency_name=agency.name,
        agency_address=agency.address,
        agency_phone=agency.phone,
        superior_agency=agency.parent.name if agency.parent_id else None,
        number=number,
        applicant_name=case.party_name,
        item_name=item.name,
        item_legal_basis=item.legal_basis,
        case_number=case.number,
        received_on=case.submitted_on,
        date=ctx.today,
        accepted_on=case.accepted_on,
        deemed=bool(ctx.extra_event_data.get("deemed")),
        missing_materials=list(ctx.data.get("missing_materials", [])),
        reasons=ctx.data.get("reasons", "") or ctx.comment,
        legal_basis_cited=ctx.data.get("legal_basis", ""),
        decision_due=decision.due if decision else None,
        extension_days=10,
        licence_scope=ctx.data.get("licence_scope", ""),
        certificate_due=certificate.due if certificate else None,
    )
    try:
        return build_notice(kind, notice)
    except ValueError as e:  # a required element of the notice is missing: nothing is issued
        raise ValidationError(_("无法制作文书：%(error)s") % {"error": e}) from e
