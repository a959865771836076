"""持证上岗: the certificate rule, the certificate actions, exams and training.

The rule (《中华人民共和国行政处罚法》第四十二条: 行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于
两人，法律另有规定的除外) is enforced here, in the services, not only in forms: an officer without a valid
certificate on the day cannot be assigned to an inspection or an investigation, cannot sign a record and cannot be
a member of a two-officer team. Other apps call ``require_certified`` for each of those acts.

Every write is keyword-only, runs in one transaction with the officer's row locked, checks who acts
(``fazhi.officers.access``), and is logged twice: in ``CertificateEvent`` (the certificate's own history,
append-only) and in ``core.AuditEvent``. Messages are Chinese msgids.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import clock
from fazhi.core.models import Agency, User
from fazhi.core.services import audit_record
from fazhi.inspection.directory import Bad, clean_certificate, clean_date
from fazhi.inspection.models import Officer
from fazhi.officers.access import OfficerNotFound, require_manager
from fazhi.officers.models import CertificateEvent, ExamResult, TrainingRecord

# ---- constants and their basis ------------------------------------------------------------------------
# This deployment's default yearly training requirement, taken from the provincial rules on enforcement
# officers (行政执法人员每年参加公共法律知识和专业法律知识培训的学时; 40 学时 is the common provincial figure).
# Configurable with the environment variable FAZHI_ANNUAL_TRAINING_HOURS, which settings.py reads into
# settings.FAZHI_ANNUAL_TRAINING_HOURS; ``annual_training_hours()`` is what the code uses.
ANNUAL_TRAINING_HOURS = 40

# Warn this many days before a certificate's last valid day (the renewal takes time: exam, issuing authority).
EXPIRY_WARNING_DAYS = 90

LEGAL_BASIS_CERTIFIED = gettext_lazy(
    "《中华人民共和国行政处罚法》第四十二条：行政处罚应当由具有行政执法资格的执法人员实施。")
LEGAL_BASIS_TEAM = gettext_lazy(
    "《中华人民共和国行政处罚法》第四十二条：执法人员不得少于两人，法律另有规定的除外。")
LEGAL_BASIS_ARTICLE_42 = gettext_lazy(
    "《中华人民共和国行政处罚法》第四十二条：行政处罚应当由具有行政执法资格的执法人员实施。执法人员不得少于两人，"
    "法律另有规定的除外。")
LEGAL_BASIS_SHOW_CERTIFICATE = gettext_lazy(
    "《中华人民共和国行政处罚法》第五十五条：执法人员在调查或者进行检查时，应当主动向当事人或者有关人员出示执法证件。")

# The certificate's status on a day (``certificate_status``): the stored status, and the dates.
VALID = "valid"
SUSPENDED = "suspended"
REVOKED = "revoked"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
STATUS_LABELS = {
    VALID: gettext_lazy("有效"),
    SUSPENDED: gettext_lazy("暂扣"),
    REVOKED: gettext_lazy("吊销"),
    EXPIRED: gettext_lazy("已过期"),
    NOT_YET_VALID: gettext_lazy("尚未生效"),
}

CERTIFICATE_FIELDS = ("certificate_number", "issuing_authority", "valid_from", "valid_until", "status")
REASON_MAX = 500
MAX_TRAINING_HOURS_PER_RECORD = Decimal(24)
TENTH = Decimal("0.1")  # 学时 and 成绩 are kept to one decimal


def annual_training_hours() -> Decimal:
    """The yearly training requirement in 学时: settings.FAZHI_ANNUAL_TRAINING_HOURS, else ANNUAL_TRAINING_HOURS."""
    return Decimal(str(getattr(settings, "FAZHI_ANNUAL_TRAINING_HOURS", ANNUAL_TRAINING_HOURS)))


def format_day(day: dt.date) -> str:
    """2026年5月1日 in Chinese, 1 May 2026 in English (as the pages' ``cn_date`` filter)."""
    if (translation.get_language() or "zh-hans").startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return date_format(day, "j M Y")


# ---- the rule -----------------------------------------------------------------------------------------
def certificate_status(officer: Officer, day: dt.date) -> str:
    """The officer's certificate on ``day``: "valid", "suspended", "revoked", "expired" or "not_yet_valid".

    Suspended and revoked come from the stored status and win over the dates; otherwise "expired" when
    ``valid_until < day`` (``valid_until`` is the last valid day), "not_yet_valid" when ``day < valid_from``.
    """
    if officer.status != Officer.Status.VALID:
        return officer.status
    if officer.valid_until < day:
        return EXPIRED
    if day < officer.valid_from:
        return NOT_YET_VALID
    return VALID


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


def is_certified(officer: Officer, day: dt.date) -> bool:
    return certificate_status(officer, day) == VALID


def _officer_label(officer: Officer) -> str:
    return f"{officer.name}（{officer.certificate_number}）"


def _why_not(officer: Officer, status: str) -> str:
    who = _officer_label(officer)
    if status == EXPIRED:
        return _("%(officer)s的执法证有效期至%(date)s，已过期") % {"officer": who, "date": format_day(officer.valid_until)}
    if status == NOT_YET_VALID:
        return _("%(officer)s的执法证自%(date)s起才生效") % {"officer": who, "date": format_day(officer.valid_from)}
    if status == SUSPENDED:
        return _("%(officer)s的执法证已被暂扣") % {"officer": who}
    return _("%(officer)s的执法证已被吊销") % {"officer": who}


def _sentence(reason: str, purpose: str) -> str:
    purpose = (purpose or "").strip()
    if purpose:
        return _("%(reason)s，不能%(purpose)s。") % {"reason": reason, "purpose": purpose}
    return _("%(reason)s。") % {"reason": reason}


def require_certified(officers: Iterable[Officer | int | str], day: dt.date, *, min_team: int = 0,
                      purpose: str = "") -> None:
    """THE check of 持证上岗 (《中华人民共和国行政处罚法》第四十二条). Call it, inside your transaction, before
    any act an enforcement officer does in the name of the agency:

    * assigning officers to an inspection or a penalty investigation (``min_team=2``: a team);
    * an officer signing a record (笔录, inspection record, notice) — one officer, ``min_team=0``;
    * the officers present at a visit or a hearing (``min_team=2``).

    ``officers``: ``Officer`` instances, officer ids (int) or certificate numbers (str), in any mix. The
    current rows are read again from the database (the objects you pass may be stale), and when called
    inside a transaction they stay locked (SELECT ... FOR UPDATE, in id order) until it ends, so a
    certificate suspended concurrently cannot slip between this check and your write.
    ``day``: the day of the act (``fazhi.core.clock.today()`` for "now", the date of the visit for a
    record of a past visit).
    ``min_team``: when non-zero, at least that many *distinct* certified officers must be among them;
    the same officer given twice counts once.
    ``purpose``: a Chinese verb phrase finishing the sentence "…，不能{purpose}。", e.g. "签署笔录",
    "参加检查", "担任承办人"; empty: the message ends after the reason.

    Returns None when everything holds. Otherwise raises ``ValidationError({"officers": [...]})`` with
    one message per officer who may not act, naming them and why, e.g.
    "张三（黑档执-0003）的执法证有效期至2026年4月30日，已过期，不能签署笔录。" (also 已被暂扣, 已被吊销,
    自…起才生效, 不在执法人员名录库中), in the order given, and, when the team is too small, a message
    citing 第四十二条 ("持有有效执法证的执法人员只有1名，不得少于2名（…第四十二条…）").
    """
    given = list(officers)
    pks = {o.pk for o in given if isinstance(o, Officer)} | {o for o in given if isinstance(o, int)}
    numbers = {unicodedata.normalize("NFKC", o).strip() for o in given if isinstance(o, str)}
    qs = Officer.objects.filter(Q(pk__in=pks) | Q(certificate_number__in=numbers)).order_by("pk")
    if transaction.get_connection().in_atomic_block:
        qs = qs.select_for_update()
    rows = list(qs)
    by_pk = {o.pk: o for o in rows}
    by_number = {o.certificate_number: o for o in rows}
    messages: list[str] = []
    certified: set[int] = set()
    reported: set[object] = set()
    for item in given:
        if isinstance(item, Officer):
            officer = by_pk.get(item.pk)
            missing = _("%(officer)s不在执法人员名录库中") % {"officer": _officer_label(item)}
        elif isinstance(item, int):
            officer = by_pk.get(item)
            missing = _("编号为%(id)s的执法人员不在执法人员名录库中") % {"id": item}
        else:
            number = unicodedata.normalize("NFKC", str(item)).strip()
            officer = by_number.get(number)
            missing = _("执法证号为%(number)s的执法人员不在执法人员名录库中") % {"number": number}
        key = officer.pk if officer is not None else ("missing", missing)
        if key in reported or (officer is not None and officer.pk in certified):
            continue
        if officer is None:
            messages.append(_sentence(missing, purpose))
            reported.add(key)
            continue
        status = certificate_status(officer, day)
        if status == VALID:
            certified.add(officer.pk)
        else:
            messages.append(_sentence(_why_not(officer, status), purpose))
            reported.add(key)
    if min_team and len(certified) < min_team:
        messages.append(_("持有有效执法证的执法人员只有%(count)d名，不得少于%(min)d名（%(basis)s）")
                        % {"count": len(certified), "min": min_team, "basis": LEGAL_BASIS_TEAM})
    if messages:
        raise ValidationError({"officers": messages})


# ---- expiry warnings ----------------------------------------------------------------------------------
def expiring(agency: Agency | None, day: dt.date, within_days: int = EXPIRY_WARNING_DAYS) -> QuerySet[Officer]:
    """Officers whose certificate's last valid day is at most ``within_days`` after ``day`` (so exactly 90
    days ahead is included, 91 is not), and those already expired, for the warnings; revoked certificates are
    left out (nothing to renew). ``agency`` None: every agency. Ordered by the last valid day."""
    if within_days < 0:
        raise ValueError("within_days must not be negative")
    qs = Officer.objects.select_related("agency").exclude(status=Officer.Status.REVOKED)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.filter(valid_until__lte=day + dt.timedelta(days=within_days)).order_by("valid_until",
                                                                                      "certificate_number")


def expiry_warning(officer: Officer, day: dt.date, within_days: int = EXPIRY_WARNING_DAYS) -> tuple[str, int] | None:
    """("expired", days since the last valid day) or ("expiring", days left) or None, for the pages."""
    if officer.status == Officer.Status.REVOKED:
        return None
    left = (officer.valid_until - day).days
    if left < 0:
        return EXPIRED, -left
    if left <= within_days:
        return "expiring", left
    return None


# ---- training -----------------------------------------------------------------------------------------
def training_hours(officer: Officer, year: int) -> Decimal:
    """学时 of the calendar year (1 January to 31 December)."""
    total = TrainingRecord.objects.filter(officer=officer, date__gte=dt.date(year, 1, 1),
                                          date__lte=dt.date(year, 12, 31)).aggregate(total=Sum("hours"))["total"]
    return (total or Decimal(0)).quantize(TENTH)


def training_hours_by_year(officer: Officer) -> dict[int, Decimal]:
    """{year: 学时}, latest year first, for the years with training."""
    totals: dict[int, Decimal] = {}
    for day, hours in TrainingRecord.objects.filter(officer=officer).values_list("date", "hours"):
        totals[day.year] = totals.get(day.year, Decimal(0)) + hours
    return {year: hours.quantize(TENTH) for year, hours in sorted(totals.items(), reverse=True)}


# ---- cleaning -----------------------------------------------------------------------------------------
def _text(value: object) -> str:
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


def _clean_reason(value: object, errors: dict, *, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors.setdefault("reason", []).append(_("请填写理由。"))
    elif len(text) > REASON_MAX:
        errors.setdefault("reason", []).append(_("理由不能超过%(max)d个字符。") % {"max": REASON_MAX})
    return text


def _clean_day(value: object, field: str, label: str, errors: dict) -> dt.date | None:
    try:
        day = clean_date(value, required=False)
    except Bad:
        errors.setdefault(field, []).append(_("“%(label)s”应为日期（YYYY-MM-DD）。") % {"label": label})
        return None
    if day is None:
        errors.setdefault(field, []).append(_("请填写“%(label)s”。") % {"label": label})
    return day


def _clean_past_day(value: object, field: str, label: str, errors: dict) -> dt.date | None:
    day = _clean_day(value, field, label, errors)
    if day is not None and day > clock.today():
        errors.setdefault(field, []).append(_("“%(label)s”不能晚于今天。") % {"label": label})
    return day


def _clean_required(value: object, field: str, label: str, limit: int, errors: dict) -> str:
    text = "" if value is None else str(value).strip()
    if not text:
        errors.setdefault(field, []).append(_("请填写“%(label)s”。") % {"label": label})
    elif len(text) > limit:
        errors.setdefault(field, []).append(_("“%(label)s”不能超过%(max)d个字符。") % {"label": label, "max": limit})
    return text


def _clean_decimal(value: object, field: str, label: str, errors: dict) -> Decimal | None:
    """A number with at most one decimal place (学时 and 成绩 are kept to 0.1)."""
    text = _text(value)
    if not text:
        errors.setdefault(field, []).append(_("请填写“%(label)s”。") % {"label": label})
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or isinstance(value, bool):
        errors.setdefault(field, []).append(_("“%(label)s”应为数字。") % {"label": label})
        return None
    if abs(number) >= 1000:
        return number  # far out of every range: the caller's range check reports it
    if number != number.quantize(Decimal("0.1")):
        errors.setdefault(field, []).append(_("“%(label)s”最多保留一位小数。") % {"label": label})
        return None
    return number.quantize(Decimal("0.1"))


_TRUE = {"1", "true", "yes", "on", "passed", "合格", "是"}
_FALSE = {"0", "false", "no", "off", "failed", "不合格", "否"}


def _clean_bool(value: object, field: str, message: str, errors: dict) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.setdefault(field, []).append(message)
    return None


# ---- certificate actions ------------------------------------------------------------------------------
def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "系统"
    return (actor.full_name or actor.username)[:100]


def _snapshot(officer: Officer, fields: Iterable[str] = CERTIFICATE_FIELDS) -> dict:
    out = {}
    for f in fields:
        value = getattr(officer, f)
        out[f] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _log(*, officer: Officer, action: str, actor: User | None, reason: str, old: dict, new: dict) -> CertificateEvent:
    event = CertificateEvent.objects.create(
        officer=officer, action=action, reason=reason, actor=actor if (actor is not None and actor.pk) else None,
        actor_label=_actor_label(actor), at=clock.now(), day=clock.today(), old=old, new=new)
    audit_record(actor=actor, action=f"officers.certificate_{action}", object_type="inspection.Officer",
                 object_id=officer.certificate_number,
                 detail={"event": event.pk, "officer": officer.pk, "reason": reason, "old": old, "new": new})
    return event


def _load(officer_id) -> Officer:
    try:
        return Officer.objects.select_related("agency").get(pk=int(officer_id))
    except (Officer.DoesNotExist, TypeError, ValueError):
        raise OfficerNotFound from None


def _locked(officer_id: int) -> Officer:
    return Officer.objects.select_for_update().get(pk=officer_id)


_STATE_ERRORS = {
    # (action, current status): why the action is refused
    ("suspend", Officer.Status.SUSPENDED): gettext_lazy("执法证已处于暂扣状态。"),
    ("suspend", Officer.Status.REVOKED): gettext_lazy("执法证已被吊销，不能暂扣。"),
    ("reinstate", Officer.Status.VALID): gettext_lazy("执法证未被暂扣，无需恢复。"),
    ("reinstate", Officer.Status.REVOKED): gettext_lazy("执法证已被吊销，吊销是终局的，不能恢复。"),
    ("revoke", Officer.Status.REVOKED): gettext_lazy("执法证已被吊销。"),
    ("renew", Officer.Status.REVOKED): gettext_lazy("执法证已被吊销，不能换发。"),
    ("renew", Officer.Status.SUSPENDED): gettext_lazy("执法证被暂扣期间不能换发，请先恢复。"),
}
_TARGET = {"suspend": Officer.Status.SUSPENDED, "reinstate": Officer.Status.VALID, "revoke": Officer.Status.REVOKED}


def _status_change(action: str, *, officer_id: int, actor: User, reason: str) -> Officer:
    officer = _load(officer_id)
    require_manager(actor, officer)
    errors: dict[str, list[str]] = {}
    text = _clean_reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        officer = _locked(officer.pk)
        refused = _STATE_ERRORS.get((action, officer.status))
        if refused:
            raise ValidationError({"action": [str(refused)]})
        old = _snapshot(officer, ("status",))
        officer.status = _TARGET[action]
        officer.save(update_fields=["status", "updated_at"])
        _log(officer=officer, action=action, actor=actor, reason=text, old=old, new=_snapshot(officer, ("status",)))
    return officer


def certificate_suspend(*, officer_id: int, actor: User, reason: str) -> Officer:
    """暂扣: the officer may not enforce until reinstated. From "valid" only; a reason is required."""
    return _status_change("suspend", officer_id=officer_id, actor=actor, reason=reason)


def certificate_reinstate(*, officer_id: int, actor: User, reason: str) -> Officer:
    """恢复 a suspended certificate. A revoked one is never reinstated (吊销是终局的)."""
    return _status_change("reinstate", officer_id=officer_id, actor=actor, reason=reason)


def certificate_revoke(*, officer_id: int, actor: User, reason: str) -> Officer:
    """吊销, final: no reinstatement and no renewal afterwards. From "valid" or "suspended"."""
    return _status_change("revoke", officer_id=officer_id, actor=actor, reason=reason)


def certificate_renew(*, officer_id: int, actor: User, certificate_number: object, valid_from: object,
                      valid_until: object, issuing_authority: object, reason: str = "") -> Officer:
    """换发: a new certificate (number, issuing authority, validity) replaces the current one, typically before
    or after it expires. Refused for a revoked certificate, and while suspended (reinstate first). The new
    number must be unused; the new certificate must still be valid today or later (``valid_until >= today``)."""
    officer = _load(officer_id)
    require_manager(actor, officer)
    errors: dict[str, list[str]] = {}
    number = ""
    try:
        number = clean_certificate(certificate_number)
    except Bad as e:
        errors["certificate_number"] = [_("执法证号：%(problem)s") % {"problem": e}]
    authority = _clean_required(issuing_authority, "issuing_authority", _("发证机关"), 100, errors)
    start = _clean_day(valid_from, "valid_from", _("有效期起"), errors)
    end = _clean_day(valid_until, "valid_until", _("有效期至"), errors)
    if start and end and end < start:
        errors.setdefault("valid_until", []).append(_("有效期至不能早于有效期起。"))
    elif end and end < clock.today():
        errors.setdefault("valid_until", []).append(_("换发的执法证有效期至不能早于今天。"))
    text = _clean_reason(reason, errors, required=False)
    if number and Officer.objects.filter(certificate_number=number).exclude(pk=officer.pk).exists():
        errors.setdefault("certificate_number", []).append(
            _("执法证号%(number)s已被其他执法人员使用。") % {"number": number})
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            officer = _locked(officer.pk)
            refused = _STATE_ERRORS.get(("renew", officer.status))
            if refused:
                raise ValidationError({"action": [str(refused)]})
            old = _snapshot(officer)
            officer.certificate_number = number
            officer.issuing_authority = authority
            officer.valid_from = start
            officer.valid_until = end
            officer.save(update_fields=[*CERTIFICATE_FIELDS, "updated_at"])
            _log(officer=officer, action=CertificateEvent.Action.RENEW, actor=actor, reason=text, old=old,
                 new=_snapshot(officer))
    except IntegrityError:  # the number was taken in the meantime
        raise ValidationError({"certificate_number": [
            _("执法证号%(number)s已被其他执法人员使用。") % {"number": number}]}) from None
    return officer


def certificate_log_issue(*, officer: Officer, actor: User | None, reason: str = "") -> CertificateEvent:
    """Log the "issue" event of a newly registered officer's first certificate. No permission check: for the
    code that registers officers (the inspector directory), inside its own transaction."""
    return _log(officer=officer, action=CertificateEvent.Action.ISSUE, actor=actor, reason=(reason or "").strip(),
                old={}, new=_snapshot(officer))


CERTIFICATE_ACTIONS = ("suspend", "reinstate", "revoke", "renew")


def certificate_act(*, officer_id: int, actor: User, action: str, reason: str = "", **certificate) -> Officer:
    """One entry for the pages and the API: ``action`` is suspend, reinstate, revoke or renew (renew takes
    certificate_number, valid_from, valid_until, issuing_authority)."""
    if action == "suspend":
        return certificate_suspend(officer_id=officer_id, actor=actor, reason=reason)
    if action == "reinstate":
        return certificate_reinstate(officer_id=officer_id, actor=actor, reason=reason)
    if action == "revoke":
        return certificate_revoke(officer_id=officer_id, actor=actor, reason=reason)
    if action == "renew":
        return certificate_renew(officer_id=officer_id, actor=actor, reason=reason,
                                 certificate_number=certificate.get("certificate_number"),
                                 valid_from=certificate.get("valid_from"), valid_until=certificate.get("valid_until"),
                                 issuing_authority=certificate.get("issuing_authority"))
    raise ValidationError({"action": [_("操作应为暂扣、恢复、吊销或换发。")]})


# ---- exams and training -------------------------------------------------------------------------------
def exam_record(*, officer_id: int, actor: User, date: object, subject: object, score: object,
                passed: object) -> ExamResult:
    """A qualification exam result: date not in the future, score 0–100 (one decimal), passed yes/no."""
    officer = _load(officer_id)
    require_manager(actor, officer)
    errors: dict[str, list[str]] = {}
    day = _clean_past_day(date, "date", _("考试日期"), errors)
    text = _clean_required(subject, "subject", _("考试科目"), 100, errors)
    points = _clean_decimal(score, "score", _("成绩"), errors)
    if points is not None and not Decimal(0) <= points <= Decimal(100):
        errors.setdefault("score", []).append(_("成绩应在0到100之间。"))
    ok = _clean_bool(passed, "passed", _("请选择考试是否合格。"), errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        officer = _locked(officer.pk)
        exam = ExamResult.objects.create(officer=officer, date=day, subject=text, score=points, passed=ok,
                                         recorded_by=actor)
        audit_record(actor=actor, action="officers.exam_record", object_type="inspection.Officer",
                     object_id=officer.certificate_number,
                     detail={"exam": exam.pk, "date": day.isoformat(), "subject": text, "score": str(points),
                             "passed": ok})
    return exam


def training_record(*, officer_id: int, actor: User, date: object, title: object, hours: object,
                    organizer: object = "") -> TrainingRecord:
    """A training attended: date not in the future, more than 0 and at most 24 学时 (one decimal)."""
    officer = _load(officer_id)
    require_manager(actor, officer)
    errors: dict[str, list[str]] = {}
    day = _clean_past_day(date, "date", _("培训日期"), errors)
    text = _clean_required(title, "title", _("培训名称"), 200, errors)
    amount = _clean_decimal(hours, "hours", _("学时"), errors)
    if amount is not None and not Decimal(0) < amount <= MAX_TRAINING_HOURS_PER_RECORD:
        errors.setdefault("hours", []).append(_("每条培训记录的学时应大于0且不超过24。"))
    host = "" if organizer is None else str(organizer).strip()
    if len(host) > 100:
        errors.setdefault("organizer", []).append(_("“%(label)s”不能超过%(max)d个字符。")
                                                  % {"label": _("举办单位"), "max": 100})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        officer = _locked(officer.pk)
        record = TrainingRecord.objects.create(officer=officer, date=day, title=text, hours=amount, organizer=host,
                                               recorded_by=actor)
        audit_record(actor=actor, action="officers.training_record", object_type="inspection.Officer",
                     object_id=officer.certificate_number,
                     detail={"training": record.pk, "date": day.isoformat(), "title": text, "hours": str(amount)})
    return record
