"""Writes of the legal adviser system: advisers (kept by the legal office and the director), their appointment
contracts, consultations (asked by any business officer of the agency), the answers and the documents.

Every write is keyword-only and transactional; bad input is a ValidationError by field, in Chinese; a caller who
may not act gets PermissionDenied; another agency's rows are "not found" (AdviserNotFound)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.advisers.access import AdviserNotFound, may_answer, may_manage
from fazhi.advisers.models import Adviser, Attachment, Consultation
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.workdays.calendar import compute_deadline

UPLOAD_TYPES = ("pdf", "ofd", "jpeg", "png")
LICENCE_RE = re.compile(r"^\d{17}$")


def _staff(user) -> None:
    if not is_business_staff(user):
        raise PermissionDenied


def _adviser(actor: User, adviser_id) -> Adviser:
    try:
        adviser = Adviser.objects.select_for_update().get(pk=int(adviser_id), agency_id=actor.agency_id)
    except (Adviser.DoesNotExist, TypeError, ValueError):
        raise AdviserNotFound from None
    return adviser


def _consultation(actor: User, consultation_id) -> Consultation:
    try:
        return (Consultation.objects.select_for_update().select_related("adviser")
                .get(pk=int(consultation_id), agency_id=actor.agency_id))
    except (Consultation.DoesNotExist, TypeError, ValueError):
        raise AdviserNotFound from None


def _date(raw, field: str, errors: dict, *, required: bool = True) -> dt.date | None:
    if raw in (None, ""):
        if required:
            errors[field] = [_("请填写日期。")]
        return None
    try:
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        errors[field] = [_("日期格式应为YYYY-MM-DD。")]
        return None


def _text(raw, field: str, label: str, errors: dict, *, max_length: int, required: bool = True) -> str:
    value = str(raw or "").strip()
    if required and not value:
        errors[field] = [_("请填写%(label)s。") % {"label": label}]
    elif len(value) > max_length:
        errors[field] = [_("%(label)s过长（最多%(n)s字）。") % {"label": label, "n": max_length}]
    return value


def _checked_upload(name: str, data: bytes, field: str):
    try:
        return sniff_upload(data, name, allowed=UPLOAD_TYPES)
    except ValidationError as e:
        raise ValidationError({field: e.messages}) from None


# ---- advisers ---------------------------------------------------------------------------------------------
def adviser_save(*, actor: User, adviser_id: int | None = None, name: str, firm: str, term_from, term_to,
                 kind: str = Adviser.Kind.LAWYER, licence_number: str = "", phone: str = "",
                 response_workdays=5, contract_number: str = "", active: bool = True, note: str = "") -> Adviser:
    """Appoint an adviser, or change one (the legal office and the director of the agency)."""
    if not may_manage(actor):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    name = _text(name, "name", _("姓名"), errors, max_length=50)
    firm = _text(firm, "firm", _("执业机构或工作单位"), errors, max_length=100)
    if kind not in Adviser.Kind.values:
        errors["kind"] = [_("请选择法律顾问类别。")]
    licence_number = str(licence_number or "").strip()
    if kind in (Adviser.Kind.LAWYER, Adviser.Kind.PUBLIC_LAWYER):
        if not LICENCE_RE.match(licence_number):
            errors["licence_number"] = [_("请填写17位数字的律师执业证号。")]
    elif licence_number and not LICENCE_RE.match(licence_number):
        errors["licence_number"] = [_("执业证号应为17位数字。")]
    start = _date(term_from, "term_from", errors)
    end = _date(term_to, "term_to", errors)
    if start and end and end < start:
        errors["term_to"] = [_("聘期止不能早于聘期起。")]
    try:
        response_workdays = int(response_workdays)
        if not 1 <= response_workdays <= 60:
            raise ValueError
    except (TypeError, ValueError):
        errors["response_workdays"] = [_("约定答复时限应为1至60个工作日。")]
        response_workdays = 5
    phone = _text(phone, "phone", _("联系电话"), errors, max_length=40, required=False)
    contract_number = _text(contract_number, "contract_number", _("聘用合同编号"), errors, max_length=60,
                            required=False)
    note = _text(note, "note", _("备注"), errors, max_length=2000, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        adviser = _adviser(actor, adviser_id) if adviser_id is not None else Adviser(agency=actor.agency,
                                                                                      created_by=actor)
        adviser.name, adviser.kind, adviser.firm, adviser.licence_number = name, kind, firm, licence_number
        adviser.phone, adviser.term_from, adviser.term_to = phone, start, end
        adviser.response_workdays, adviser.contract_number = response_workdays, contract_number
        adviser.active, adviser.note = bool(active), note
        adviser.save()
        audit_record(actor=actor, action="adviser.update" if adviser_id is not None else "adviser.create",
                     object_type="adviser", object_id=str(adviser.pk),
                     detail={"name": name, "firm": firm, "term": [start.isoformat(), end.isoformat()],
                             "active": bool(active)})
    return adviser


def adviser_contract_upload(*, actor: User, adviser_id: int, filename: str, data: bytes) -> Adviser:
    """The appointment contract (PDF, OFD or a scan), its type sniffed from the content."""
    if not may_manage(actor):
        raise PermissionDenied
    checked = _checked_upload(filename, data, "contract")
    with transaction.atomic():
        adviser = _adviser(actor, adviser_id)
        digest = hashlib.sha256(data).hexdigest()
        adviser.contract.save(f"adviser-{adviser.pk}-{digest[:12]}.{checked.extension}", ContentFile(data),
                              save=False)
        adviser.contract_name = safe_filename(filename)
        adviser.contract_mime = checked.mime
        adviser.contract_sha256 = digest
        adviser.save(update_fields=["contract", "contract_name", "contract_mime", "contract_sha256"])
        audit_record(actor=actor, action="adviser.contract", object_type="adviser", object_id=str(adviser.pk),
                     detail={"sha256": digest})
    return adviser


# ---- consultations ----------------------------------------------------------------------------------------
def default_due(adviser: Adviser, asked_on: dt.date) -> dt.date:
    """The agreed answer date: the adviser's agreed number of working days after the question."""
    return compute_deadline(asked_on, adviser.response_workdays, "workday").due


def consultation_create(*, actor: User, adviser_id, subject: str, kind: str, question: str = "", asked_on=None,
                        due_on=None, today: dt.date | None = None) -> Consultation:
    """Put a question to an adviser of the agency (any business officer of the agency)."""
    _staff(actor)
    today = today or sysclock.today()
    errors: dict[str, list[str]] = {}
    try:
        adviser = Adviser.objects.get(pk=int(adviser_id), agency_id=actor.agency_id)
    except (Adviser.DoesNotExist, TypeError, ValueError):
        adviser = None
    if adviser is None:
        errors["adviser"] = [_("请选择本机关的法律顾问。")]
    subject = _text(subject, "subject", _("咨询事项"), errors, max_length=200)
    question = _text(question, "question", _("咨询内容"), errors, max_length=20000, required=False)
    if kind not in Consultation.Kind.values:
        errors["kind"] = [_("请选择咨询类别。")]
    asked = _date(asked_on, "asked_on", errors, required=False) or today
    if "asked_on" not in errors and asked > today:
        errors["asked_on"] = [_("咨询日期不能晚于今天。")]
    if adviser is not None and "asked_on" not in errors:
        if not adviser.active:
            errors["adviser"] = [_("该法律顾问已不在聘。")]
        elif not adviser.in_term(asked):
            errors["asked_on"] = [_("咨询日期不在该法律顾问的聘期（%(start)s至%(end)s）内。") % {
                "start": adviser.term_from.isoformat(), "end": adviser.term_to.isoformat()}]
    due = _date(due_on, "due_on", errors, required=False)
    if due is not None and "asked_on" not in errors and due < asked:
        errors["due_on"] = [_("约定答复日期不能早于咨询日期。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return Consultation.objects.create(
            agency=actor.agency, adviser=adviser, subject=subject, kind=kind, question=question, asked_on=asked,
            due_on=due or default_due(adviser, asked), asked_by=actor)


def consultation_update(*, actor: User, consultation_id, subject: str | None = None, question: str | None = None,
                        due_on=None, kind: str | None = None) -> Consultation:
    """Correct a question before it is answered (the officer who asked, the legal office, the director)."""
    _staff(actor)
    with transaction.atomic():
        c = _consultation(actor, consultation_id)
        if not may_answer(actor, c):
            raise PermissionDenied
        errors: dict[str, list[str]] = {}
        if c.answered_on is not None:
            errors["answered_on"] = [_("已答复的咨询不能再修改。")]
        if subject is not None:
            c.subject = _text(subject, "subject", _("咨询事项"), errors, max_length=200)
        if question is not None:
            c.question = _text(question, "question", _("咨询内容"), errors, max_length=20000, required=False)
        if kind is not None:
            if kind not in Consultation.Kind.values:
                errors["kind"] = [_("请选择咨询类别。")]
            else:
                c.kind = kind
        if due_on not in (None, ""):
            due = _date(due_on, "due_on", errors)
            if due is not None and due < c.asked_on:
                errors["due_on"] = [_("约定答复日期不能早于咨询日期。")]
            elif due is not None:
                c.due_on = due
        if errors:
            raise ValidationError(errors)
        c.save()
    return c


def consultation_answer(*, actor: User, consultation_id, opinion: str, answered_on=None, adoption: str = "",
                        today: dt.date | None = None) -> Consultation:
    """Record the adviser's answer: the date it came and what it said (and what the agency made of it)."""
    _staff(actor)
    today = today or sysclock.today()
    with transaction.atomic():
        c = _consultation(actor, consultation_id)
        if not may_answer(actor, c):
            raise PermissionDenied
        errors: dict[str, list[str]] = {}
        opinion = _text(opinion, "opinion", _("法律顾问意见"), errors, max_length=50000)
        adoption = _text(adoption, "adoption", _("采纳情况"), errors, max_length=5000, required=False)
        day = _date(answered_on, "answered_on", errors, required=False) or today
        if "answered_on" not in errors and not (c.asked_on <= day <= today):
            errors["answered_on"] = [_("答复日期应在咨询日期至今天之间。")]
        if errors:
            raise ValidationError(errors)
        c.opinion, c.adoption, c.answered_on, c.answer_recorded_by = opinion, adoption, day, actor
        c.save(update_fields=["opinion", "adoption", "answered_on", "answer_recorded_by"])
        audit_record(actor=actor, action="adviser.consultation.answer", object_type="consultation",
                     object_id=str(c.pk), detail={"answered_on": day.isoformat()})
    return c


def attachment_add(*, actor: User, consultation_id, role: str, filename: str, data: bytes) -> Attachment:
    """A document of the consultation: the material sent or the written opinion received (PDF, OFD, scans)."""
    _staff(actor)
    if role not in Attachment.Role.values:
        raise ValidationError({"role": [_("请选择文件用途。")]})
    checked = _checked_upload(filename, data, "file")
    with transaction.atomic():
        c = _consultation(actor, consultation_id)
        if not may_answer(actor, c):
            raise PermissionDenied
        digest = hashlib.sha256(data).hexdigest()
        att = Attachment(consultation=c, role=role, original_name=safe_filename(filename), mime=checked.mime,
                         size=len(data), sha256=digest, uploaded_by=actor)
        att.file.save(f"consultation-{c.pk}-{digest[:12]}.{checked.extension}", ContentFile(data), save=False)
        att.save()
    return att
