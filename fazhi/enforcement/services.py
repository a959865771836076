"""Penalty cases: registration, the full-process record, and the hooks and guards of the "penalty" process.

Every write goes through here or through ``fazhi.process.services.case_fire`` (which calls the hooks below
inside its transaction, with the case row locked). The certificate rule (持证上岗, 行政处罚法第四十二条) is
enforced here, not in forms: filing assigns investigators, records are signed by officers, and the summary
procedure names its officers — each through ``fazhi.officers.services.require_certified`` on that day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.identifiers import validate_resident_id, validate_uscc
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import counter_next
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.enforcement.models import Evidence, PenaltyCase
from fazhi.process.definition import get_definition
from fazhi.process.models import Case
from fazhi.process.services import case_fire, case_open
from fazhi.tlog.services import log_publication, log_withdrawal
from fazhi.workdays.calendar import compute_deadline

LAW = "《中华人民共和国行政处罚法》"
SURCHARGE_RATE = Decimal("0.03")  # 行政处罚法第七十二条第一款第（一）项: 每日按罚款数额的百分之三加处罚款
# 行政处罚法第五十一条: 当场处罚 — 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告.
SUMMARY_LIMIT = {"person": Decimal("200"), "legal_person": Decimal("3000")}
REGISTER_ROLES = {Role.ENFORCEMENT_OFFICER.value, Role.SECTION_HEAD.value, Role.DEPUTY_DIRECTOR.value,
                  Role.DIRECTOR.value}
EVIDENCE_ROLES = {Role.ENFORCEMENT_OFFICER.value, Role.SECTION_HEAD.value}
RECORD_KINDS = {Evidence.Kind.INQUIRY, Evidence.Kind.SITE}
MAX_EVIDENCE_BYTES = 200 * 2**20
EVIDENCE_TYPES = ("pdf", "jpeg", "png", "ofd", "mp4", "mp3", "wav")


def major_thresholds() -> dict[str, Decimal]:
    """较大数额罚款 (行政处罚法第六十三条第一款第（一）项: hearing right; 第五十八条: legal review). The amounts are
    set by each province; this deployment's defaults (unit 100,000 yuan, individual 10,000 yuan) come from the
    environment: FAZHI_PENALTY_MAJOR_FINE_UNIT, FAZHI_PENALTY_MAJOR_FINE_INDIVIDUAL."""
    return {
        "unit": Decimal(str(getattr(settings, "FAZHI_PENALTY_MAJOR_FINE_UNIT", 100000))),
        "individual": Decimal(str(getattr(settings, "FAZHI_PENALTY_MAJOR_FINE_INDIVIDUAL", 10000))),
    }


def _threshold_for(penalty: PenaltyCase) -> Decimal:
    t = major_thresholds()
    return t["individual"] if penalty.party_type == PenaltyCase.PartyType.INDIVIDUAL else t["unit"]


def _money(raw, field: str, *, required: bool = False) -> Decimal | None:
    if raw in (None, ""):
        if required:
            raise ValidationError({field: [_("请填写金额。")]})
        return None
    try:
        value = Decimal(str(raw).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise ValidationError({field: [_("金额应为数字（元）。")]}) from None
    if not value.is_finite() or value < 0 or value > Decimal("1000000000"):
        raise ValidationError({field: [_("金额应在0至10亿元之间。")]})
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _date(raw, field: str) -> dt.date:
    try:
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
    except (TypeError, ValueError):
        raise ValidationError({field: [_("日期格式应为YYYY-MM-DD。")]}) from None


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def surcharge_for(fine: Decimal, due: dt.date, paid_on: dt.date) -> Decimal:
    """加处罚款 (行政处罚法第七十二条第一款第（一）项): 3% of the fine for each day after the due date, never more
    than the fine itself. Paying on the due date costs nothing extra."""
    days = (paid_on - due).days
    if days <= 0 or fine <= 0:
        return Decimal("0.00")
    amount = (fine * SURCHARGE_RATE * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(amount, fine)


# ---- who ---------------------------------------------------------------------------------------------
def _agency_staff(actor: User, agency: Agency, roles: set[str]) -> None:
    from fazhi.core.access import is_business_staff

    if not (actor and actor.is_authenticated and is_business_staff(actor) and actor.agency_id == agency.pk):
        raise PermissionDenied
    if not roles.intersection(actor.roles or []):
        raise PermissionDenied


def _officers(agency: Agency, numbers: list[str], field: str):
    from fazhi.inspection.models import Officer

    numbers = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    found = {o.certificate_number: o for o in Officer.objects.filter(certificate_number__in=numbers, agency=agency)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationError({field: [_("本机关执法人员名录中没有执法证号：%(numbers)s") % {
            "numbers": _("、").join(missing)}]})
    return [found[n] for n in numbers]


def _require_team(agency: Agency, numbers: list[str], day: dt.date, field: str, purpose: str):
    """At least two officers, each holding a certificate valid on ``day`` (行政处罚法第四十二条)."""
    from fazhi.officers.services import require_certified

    officers = _officers(agency, numbers, field)
    try:
        require_certified(officers, day, min_team=2, purpose=purpose)
    except ValidationError as e:
        raise ValidationError({field: e.messages}) from None
    return officers


def _recusal(penalty: PenaltyCase, officers, field: str) -> None:
    """回避 (行政处罚法第四十三条): an officer with a declared conflict with the party may not act on the case."""
    from fazhi.inspection.models import Conflict

    uscc = penalty.case.party_id_number
    clashes = Conflict.objects.filter(officer__in=officers, entity__uscc=uscc).select_related("officer")
    if uscc and clashes.exists():
        raise ValidationError({field: [_("%(officer)s 已申报与当事人存在利害关系（%(reason)s），应当回避（%(law)s第四十三条）。") % {
            "officer": c.officer, "reason": c.reason, "law": LAW} for c in clashes]})


# ---- registration --------------------------------------------------------------------------------------
def case_number(agency: Agency, year: int, serial: int) -> str:
    return f"{agency.code.upper()}-CF{year}-{serial:06d}"


def _clean_party(party: dict, party_type: str) -> dict:
    errors: dict[str, list[str]] = {}
    name = str(party.get("name") or "").strip()
    if not name:
        errors["party_name"] = [_("请填写当事人姓名或名称。")]
    if party_type not in PenaltyCase.PartyType.values:
        errors["party_type"] = [_("请选择当事人类型。")]
    kind = "person" if party_type == PenaltyCase.PartyType.INDIVIDUAL else "legal_person"
    id_number = str(party.get("id_number") or "").strip().upper()
    try:
        if id_number:
            id_number = validate_resident_id(id_number) if kind == "person" else validate_uscc(id_number)
        else:
            errors["party_id_number"] = [_("请填写当事人的身份证号码或统一社会信用代码。")]
    except ValidationError as e:
        errors["party_id_number"] = e.messages
    address = str(party.get("address") or "").strip()
    if not address:
        # 行政处罚法第五十九条第一款第（一）项: the decision names the party's address.
        errors["party_address"] = [_("请填写当事人地址（处罚决定书必须载明）。")]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "name": name[:100], "id_number": id_number, "address": address[:200],
            "phone": str(party.get("phone") or "").strip()[:20]}


def penalty_register(*, actor: User, source: str, source_detail: str, party: dict, party_type: str,
                     inspection_id: int | None = None, received_on: dt.date | None = None, violation: str = "",
                     today: dt.date | None = None) -> Case:
    """案源登记: a penalty case in state "registered", waiting for the leader's filing decision. ``violation``:
    the suspected violation, a code of the published discretion standards (confirmed or changed when the
    investigation is concluded)."""
    today = today or sysclock.today()
    agency = actor.agency
    _agency_staff(actor, agency, REGISTER_ROLES)
    errors: dict[str, list[str]] = {}
    if source not in PenaltyCase.Source.values:
        errors["source"] = [_("请选择案件来源。")]
    source_detail = (source_detail or "").strip()
    if not source_detail:
        errors["source_detail"] = [_("请写明案源情况（发现的违法线索）。")]
    received_on = received_on or today
    if received_on > today:
        errors["received_on"] = [_("登记日期不能晚于今天。")]
    inspection = None
    if inspection_id is not None:
        from fazhi.inspection.models import Inspection

        inspection = Inspection.objects.filter(pk=inspection_id, case__agency=agency).select_related("entity").first()
        if inspection is None:
            errors["inspection"] = [_("没有这个检查记录。")]
    violation = (violation or "").strip()
    if violation:
        from fazhi.discretion.selectors import violation_choices

        if violation not in dict(violation_choices()):
            errors["violation"] = [_("裁量基准中没有这个违法行为。")]
    try:
        clean_party = _clean_party(party, party_type)
    except ValidationError as e:
        errors.update(e.message_dict)
        clean_party = {}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key="#CF", year=received_on.year)
        case, _code = case_open(
            definition=get_definition("penalty"), agency=agency, number=case_number(agency, received_on.year, serial),
            applicant=None, party=clean_party, channel=Case.Channel.EX_OFFICIO, received_on=received_on,
            data={"source": source}, actor=actor, today=today)
        PenaltyCase.objects.create(case=case, source=source, source_detail=source_detail, inspection=inspection,
                                   party_type=party_type, violation=violation)
    return case


def penalty_summary(*, actor: User, party: dict, party_type: str, officers: list[str], violation: str,
                    violation_date, facts: str, kind: str, fine: str = "", today: dt.date | None = None) -> Case:
    """简易程序 (行政处罚法第五十一条、第五十二条): register and decide on the spot in one transaction; the decision
    is handed to the party at once, so the case waits only for the service to be recorded."""
    today = today or sysclock.today()
    with transaction.atomic():
        case = penalty_register(actor=actor, source=PenaltyCase.Source.OWN, source_detail=_("执法人员当场发现"),
                                party=party, party_type=party_type, today=today)
        case = case_fire(case_id=case.pk, transition="summary_decide", actor=actor, today=today, data={
            "officers": officers, "violation": violation, "violation_date": str(violation_date), "facts": facts,
            "kind": kind, "fine": fine})
    return case


def penalty_from_inspection(case, ctx) -> None:
    """Hook of the inspection process (转立案查处, 复查未整改): register a penalty case for the inspected unit,
    linked both ways (PenaltyCase.inspection; the inspection case's data names the penalty case)."""
    inspection = case.inspection
    entity = inspection.entity
    actor = ctx.actor
    party_type = PenaltyCase.PartyType.UNIT
    agency = case.agency
    serial = counter_next(agency=agency, key="#CF", year=ctx.today.year)
    penalty_case, _code = case_open(
        definition=get_definition("penalty"), agency=agency, number=case_number(agency, ctx.today.year, serial),
        applicant=None,
        party={"kind": "legal_person", "name": entity.name, "id_number": entity.uscc,
               "address": entity.address or "—", "phone": entity.phone},
        channel=Case.Channel.EX_OFFICIO, received_on=ctx.today, data={"source": "inspection"}, actor=actor,
        today=ctx.today)
    failed = "；".join(f"{f.item.name}：{f.description}" for f in
                      inspection.findings.filter(result="fail").select_related("item"))
    detail = _("检查 %(number)s 发现：%(failed)s") % {"number": case.number, "failed": failed or "—"}
    if ctx.comment:
        detail += "\n" + ctx.comment
    PenaltyCase.objects.create(case=penalty_case, source=PenaltyCase.Source.INSPECTION, source_detail=detail,
                               inspection=inspection, party_type=party_type)
    case.data = {**case.data, "penalty_case": penalty_case.number, "penalty_case_id": penalty_case.pk}
    ctx.extra_event_data["penalty_case"] = penalty_case.number


# ---- the full-process record -----------------------------------------------------------------------------
def evidence_add(*, case_id: int, actor: User, kind: str, title: str, recorded_on, place: str = "",
                 content: str = "", officers: list[str] = (), upload: tuple[str, bytes] | None = None,
                 today: dt.date | None = None) -> Evidence:
    """One item of the full-process record (行政处罚法第四十七条、第五十五条). Written records (询问笔录,
    现场检查笔录) are signed by at least two officers, each certified on the day of the record (第四十二条)."""
    today = today or sysclock.today()
    case = Case.objects.select_related("agency").get(pk=case_id)
    _agency_staff(actor, case.agency, EVIDENCE_ROLES)
    penalty = case.penalty
    errors: dict[str, list[str]] = {}
    if kind not in Evidence.Kind.values:
        errors["kind"] = [_("请选择证据种类。")]
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("请填写证据名称。")]
    try:
        recorded_on = _date(recorded_on, "recorded_on")
        if recorded_on > today or recorded_on < case.received_on:
            errors["recorded_on"] = [_("制作或收集日期应在案源登记之后、今天或之前。")]
    except ValidationError as e:
        errors.update(e.message_dict)
        recorded_on = None
    content = (content or "").strip()
    signers = []
    if kind in RECORD_KINDS:
        if not content:
            errors["content"] = [_("请填写笔录内容。")]
        if recorded_on:
            try:
                signers = _require_team(case.agency, list(officers), recorded_on, "officers", _("签署笔录"))
                _recusal(penalty, signers, "officers")
            except ValidationError as e:
                errors.update(e.message_dict)
    elif upload is None:
        errors["file"] = [_("请上传证据文件（照片、音像、书证扫描件）。")]
    checked = None
    if upload is not None:
        name, data = upload
        if len(data) > MAX_EVIDENCE_BYTES:
            errors["file"] = [_("文件过大（最大200MB）。")]
        else:
            try:
                checked = sniff_upload(data, name, allowed=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES)
            except ValidationError as e:
                errors["file"] = e.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        ev = Evidence(penalty=penalty, kind=kind, title=title[:200], recorded_on=recorded_on, place=place.strip()[:200],
                      content=content, officers=[o.certificate_number for o in signers], recorded_by=actor)
        if upload is not None:
            name, data = upload
            ev.original_name = safe_filename(name)
            ev.mime = checked.mime
            ev.size = len(data)
            ev.sha256 = hashlib.sha256(data).hexdigest()
            ev.file.save(f"{case.number}-{ev.sha256[:12]}.{checked.extension}", ContentFile(data), save=False)
        elif content:
            ev.sha256 = hashlib.sha256(content.encode("utf-8")).hexdigest()
        ev.save()
        case_fire(case_id=case.pk, transition="record_evidence", actor=actor, today=today,
                  data={"evidence_id": ev.pk, "kind": kind, "title": ev.title, "sha256": ev.sha256})
    return ev


# ---- guards (case, ctx) -> message or None; ctx is None when the page asks "may this be offered?" -----------
def guard_evidence(case, ctx):
    if ctx is None:
        return _("证据在“证据与笔录”中登记。")
    ev = Evidence.objects.filter(pk=ctx.data.get("evidence_id"), penalty__case=case).first()
    if ev is None or case.events.filter(transition="record_evidence", data__evidence_id=ev.pk).exists():
        return _("证据在“证据与笔录”中登记。")
    return None


def _certified_investigators(case, day) -> str | None:
    from fazhi.officers.services import require_certified

    penalty = case.penalty
    try:
        officers = _officers(case.agency, penalty.investigators, "investigators") if penalty.investigators else []
        require_certified(officers, day, min_team=2, purpose=_("调查取证"))
    except ValidationError as e:
        return "；".join(e.messages)
    return None


def guard_investigators(case, ctx):
    day = ctx.today if ctx else sysclock.today()
    problem = _certified_investigators(case, day)
    if problem:
        return problem
    if ctx is not None and not case.penalty.evidence.exists():
        return _("尚未记录任何证据，不能调查终结（%(law)s第五十五条）。") % {"law": LAW}
    return None


def guard_summary(case, ctx):
    if ctx is None:
        return _("简易程序在“当场处罚”页面办理。")
    return None


def _hearing_applies(penalty: PenaltyCase) -> bool:
    """行政处罚法第六十三条: 较大数额罚款、没收较大数额违法所得、吊销许可证件等 give the right to a hearing."""
    threshold = _threshold_for(penalty)
    heavy = {"吊销许可证件", "降低资质等级", "责令停产停业", "责令关闭", "限制从业"}
    return ((penalty.proposed_fine or 0) >= threshold or bool(heavy.intersection(penalty.proposed_kinds)))


def guard_hearing_request(case, ctx):
    if not _hearing_applies(case.penalty):
        return _("拟作出的处罚不属于%(law)s第六十三条规定的听证范围（较大数额罚款等）。") % {"law": LAW}
    return None


def guard_hearing_date(case, ctx):
    if ctx is None:
        return None
    hearing = dt.date.fromisoformat(ctx.data["hearing_date"])
    earliest = compute_deadline(ctx.today, 7, "workday").due
    if hearing < earliest:
        return _("听证应在通知后七个工作日以后举行（最早%(date)s，%(law)s第六十四条第（二）项、第八十五条）。") % {
            "date": earliest.isoformat(), "law": LAW}
    presiding = ctx.data["presiding"].strip()
    from fazhi.inspection.models import Officer

    names = set(Officer.objects.filter(certificate_number__in=case.penalty.investigators).values_list("name", flat=True))
    if presiding in names or presiding in case.penalty.investigators:
        return _("听证由非本案调查人员主持（%(law)s第六十四条第（四）项）。") % {"law": LAW}
    return None


def guard_hearing_held(case, ctx):
    day = ctx.today if ctx else sysclock.today()
    hearing = case.data.get("hearing", {}).get("date")
    if hearing and day < dt.date.fromisoformat(hearing):
        return _("听证定于%(date)s举行。") % {"date": hearing}
    return None


def guard_not_major(case, ctx):
    reasons = case.penalty.major_reasons
    if reasons:
        return _("本案属于重大执法决定，须经法制审核（%(law)s第五十八条）：%(reasons)s") % {
            "law": LAW, "reasons": "；".join(reasons)}
    return None


def guard_decide(case, ctx):
    penalty = case.penalty
    if penalty.major_reasons and penalty.legal_review_passed_on is None:
        return _("重大执法决定未经法制审核或者审核未通过的，不得作出决定（%(law)s第五十八条）。") % {"law": LAW}
    if penalty.serious and penalty.collective_decided_on is None:
        return _("情节复杂或者重大违法行为的处罚，应当由行政机关负责人集体讨论决定（%(law)s第五十七条第二款）。") % {"law": LAW}
    return None


def guard_decide_no_penalty(case, ctx):
    if case.penalty.serious and case.penalty.collective_decided_on is None:
        return guard_decide(case, ctx)
    return None


def guard_serve_with_payment(case, ctx):
    return None if (case.penalty.fine or 0) > 0 else _("本决定没有罚款。")


def guard_serve_without_payment(case, ctx):
    return _("本决定有罚款，送达后进入缴款期。") if (case.penalty.fine or 0) > 0 else None


def guard_payment(case, ctx):
    return None if (case.penalty.fine or 0) > 0 else _("本决定没有罚款。")


# ---- hooks (case, ctx): run inside case_fire's transaction; a ValidationError rolls everything back ----------
def hook_file_case(case, ctx):
    penalty = case.penalty
    officers = _require_team(case.agency, ctx.data["investigators"], ctx.today, "investigators", _("调查取证"))
    _recusal(penalty, officers, "investigators")
    party_type = ctx.data["party_type"]
    if (party_type == PenaltyCase.PartyType.INDIVIDUAL) != (case.party_kind == "person"):
        raise ValidationError({"party_type": [_("当事人类型与当事人不符：自然人为“个人”，法人或其他组织为“单位”或“档案服务企业”。")]})
    penalty.party_type = party_type
    penalty.investigators = [o.certificate_number for o in officers]
    penalty.save(update_fields=["investigators", "party_type"])
    case.accepted_on = ctx.today  # 立案日期: the 90-day clock counts from here (第六十条)


def hook_outcome_not_filed(case, ctx):
    case.outcome = "not_filed"


def hook_outcome_no_penalty(case, ctx):
    case.outcome = "no_penalty"
    case.decided_on = ctx.today


def _evaluate(penalty: PenaltyCase, *, violation: str, violation_date: dt.date, circumstances: list[str],
              decision_date: dt.date, field: str = "violation"):
    from fazhi.discretion.evaluator import EvaluationError, evaluate

    try:
        # The reasoning is stored with the case and printed in its documents: always in Chinese.
        with translation.override("zh-hans"):
            return evaluate(violation=violation, party_type=penalty.party_type, circumstances=circumstances,
                            violation_date=violation_date, decision_date=decision_date, agency=penalty.case.agency)
    except EvaluationError as e:
        # Never a silent default: no rule or conflicting rules go to a lawyer (the standard must be fixed).
        raise ValidationError({field: [e.message]}) from None


def recommendation_dict(rec) -> dict:
    """The recommendation as stored JSON (amounts as strings, dates ISO)."""
    out = dataclasses.asdict(rec) if dataclasses.is_dataclass(rec) else dict(rec)
    return json.loads(json.dumps(out, cls=DjangoJSONEncoder))


def _check_amount(rec, *, kinds: list[str], fine: Decimal | None, reason: str):
    """The discretion standard's check of a proposed or decided penalty: outside the recommendation needs a
    written reason (ValidationError otherwise) and makes the decision one for legal review (第五十八条)."""
    from fazhi.discretion.evaluator import check_decision

    try:
        return check_decision(rec, kind=kinds, amount=fine or Decimal("0"), reason=reason)
    except ValidationError as e:
        fields = {"reason": "outside_reason", "amount": "fine", "kind": "kinds"}
        raise ValidationError({fields.get(k, k): v for k, v in e.message_dict.items()}) from None


def hook_conclude(case, ctx):
    penalty = case.penalty
    d = ctx.data
    errors: dict[str, list[str]] = {}
    violation_date = _date(d["violation_date"], "violation_date")
    if violation_date > ctx.today:
        errors["violation_date"] = [_("违法行为发生日期不能晚于今天。")]
    elif case.received_on > _years_after(violation_date, 2):
        # 行政处罚法第三十六条第一款: a violation not discovered within two years (counted from the day it was
        # committed, or ended if continuing) is no longer penalised; the case is closed with 不予行政处罚. (The
        # five-year period for life, health and financial safety does not arise under the Archives Law.)
        errors["violation_date"] = [_("违法行为在二年内未被发现的，不再给予行政处罚（%(law)s第三十六条），"
                                      "请以“调查终结：不予行政处罚”办结。") % {"law": LAW}]
    kinds = [k.strip() for k in d["kinds"] if k.strip()]
    fine = _money(d.get("fine"), "fine")
    if "罚款" in kinds and not fine:
        errors["fine"] = [_("拟处罚种类含罚款，请填写金额。")]
    if errors:
        raise ValidationError(errors)
    rec = _evaluate(penalty, violation=d["violation"], violation_date=violation_date,
                    circumstances=d.get("circumstances", []), decision_date=ctx.today)
    check = _check_amount(rec, kinds=kinds, fine=fine, reason=d.get("outside_reason", ""))
    penalty.violation = d["violation"]
    penalty.violation_date = violation_date
    penalty.facts = d["facts"]
    penalty.circumstances = d.get("circumstances", [])
    penalty.recommendation = recommendation_dict(rec)
    penalty.proposed_kinds = kinds
    penalty.proposed_fine = fine
    penalty.outside_range_reason = (d.get("outside_reason") or "").strip()
    penalty.serious = d["serious"] == "yes"
    reasons = []
    if getattr(check, "requires_legal_review", False):
        reasons.append(_("处罚超出裁量基准"))
    if fine is not None and fine >= _threshold_for(penalty):
        reasons.append(_("较大数额罚款（%(amount)s元以上）") % {"amount": _threshold_for(penalty)})
    if penalty.serious:
        reasons.append(_("案件情况疑难复杂"))
    penalty.major_reasons = reasons
    penalty.save()
    ctx.extra_event_data["recommendation"] = {k: penalty.recommendation.get(k) for k in ("min", "max")}


def hook_return(case, ctx):
    penalty = case.penalty
    penalty.legal_review_passed_on = None
    penalty.collective_decided_on = None
    penalty.save(update_fields=["legal_review_passed_on", "collective_decided_on"])


def hook_schedule_hearing(case, ctx):
    case.data = {**case.data, "hearing": {"date": ctx.data["hearing_date"], "place": ctx.data["hearing_place"],
                                          "presiding": ctx.data["presiding"], "notified_on": ctx.today.isoformat()}}


def hook_hearing_held(case, ctx):
    penalty = case.penalty
    penalty.hearing_held = True
    reason = _("经过听证程序")
    if reason not in penalty.major_reasons:
        penalty.major_reasons = [*penalty.major_reasons, reason]
    penalty.save(update_fields=["hearing_held", "major_reasons"])
    case.data = {**case.data, "hearing": {**case.data.get("hearing", {}), "record": ctx.data["hearing_record"],
                                          "held_on": ctx.today.isoformat()}}


def hook_review_pass(case, ctx):
    penalty = case.penalty
    penalty.legal_review_passed_on = ctx.today
    penalty.save(update_fields=["legal_review_passed_on"])


def hook_collective(case, ctx):
    penalty = case.penalty
    meeting = _date(ctx.data["meeting_date"], "meeting_date")
    if meeting > ctx.today:
        raise ValidationError({"meeting_date": [_("会议日期不能晚于今天。")]})
    if len(ctx.data["attendees"]) < 3:
        raise ValidationError({"attendees": [_("集体讨论应有三名以上负责人参加。")]})
    penalty.collective_decided_on = meeting
    penalty.save(update_fields=["collective_decided_on"])
    case.data = {**case.data, "collective": {"date": meeting.isoformat(), "attendees": ctx.data["attendees"],
                                             "conclusion": ctx.data["conclusion"]}}


def _decide_amounts(case, ctx, *, kinds: list[str], fine: Decimal | None, reason: str):
    penalty = case.penalty
    errors: dict[str, list[str]] = {}
    if not kinds:
        errors["kinds"] = [_("请填写处罚种类。")]
    if "罚款" in kinds and not fine:
        errors["fine"] = [_("处罚种类含罚款，请填写金额。")]
    if fine and "罚款" not in kinds:
        errors["kinds"] = [_("填写了罚款金额，处罚种类应含“罚款”。")]
    if errors:
        raise ValidationError(errors)
    # 第四十四条、第四十五条: the party was told the proposed penalty; a heavier one needs a new notice, and
    # stating one's case never makes the penalty heavier.
    extra = [k for k in kinds if k not in penalty.proposed_kinds]
    if extra or (fine or 0) > (penalty.proposed_fine or 0):
        raise ValidationError({"fine": [_("决定的处罚重于事先告知的拟处罚，须退回重新告知（%(law)s第四十四条、第四十五条）。") % {
            "law": LAW}]})
    check = _check_amount(penalty.recommendation, kinds=kinds, fine=fine, reason=reason)
    if check.requires_legal_review and penalty.legal_review_passed_on is None:
        raise ValidationError({"outside_reason": [_("超出裁量基准的决定须经法制审核：请退回补充调查，重新提出处理意见。")]})


def hook_decide(case, ctx):
    penalty = case.penalty
    d = ctx.data
    kinds = [k.strip() for k in d["kinds"] if k.strip()]
    fine = _money(d.get("fine"), "fine")
    confiscation = _money(d.get("confiscation"), "confiscation")
    _decide_amounts(case, ctx, kinds=kinds, fine=fine, reason=d.get("outside_reason", ""))
    penalty.decided_kinds = kinds
    penalty.fine = fine if "罚款" in kinds else None
    penalty.confiscation = confiscation
    penalty.publish = d["publish"] == "yes"
    if d.get("outside_reason"):
        penalty.outside_range_reason = d["outside_reason"].strip()
    penalty.save()
    case.decided_on = ctx.today
    case.outcome = "penalized"
    if penalty.publish:
        # 国办发〔2018〕118号: penalty decisions with social impact are public within 7 working days; published on
        # the day of the decision, personal data masked on the public page.
        case.published_on = ctx.today
        # Logged once the decision document is issued: its number is part of the publication.
        ctx.then.append(lambda: log_publication("enforcement.decision", case.pk))


def hook_summary_decide(case, ctx):
    """简易程序 (第五十一条、第五十二条): facts certain, a legal basis, and at most a warning or a fine of 200 yuan
    (person) / 3,000 yuan (organisation); the officers show their certificates and hand over the decision."""
    penalty = case.penalty
    d = ctx.data
    officers = _require_team(case.agency, d["officers"], ctx.today, "officers", _("当场处罚"))
    _recusal(penalty, officers, "officers")
    violation_date = _date(d["violation_date"], "violation_date")
    if violation_date > ctx.today:
        raise ValidationError({"violation_date": [_("违法行为发生日期不能晚于今天。")]})
    kinds = d["kind"].split("、")
    fine = _money(d.get("fine"), "fine") if "罚款" in kinds else None
    if "罚款" in kinds and not fine:
        raise ValidationError({"fine": [_("请填写罚款金额。")]})
    limit = SUMMARY_LIMIT[case.party_kind]
    if fine is not None and fine > limit:
        raise ValidationError({"fine": [_("当场处罚的罚款不得超过%(limit)s元（%(law)s第五十一条），应适用普通程序。") % {
            "limit": limit, "law": LAW}]})
    rec = _evaluate(penalty, violation=d["violation"], violation_date=violation_date, circumstances=[],
                    decision_date=ctx.today)
    try:
        _check_amount(rec, kinds=kinds, fine=fine, reason="")
    except ValidationError:
        raise ValidationError({"fine": [_("依裁量基准，本案应处%(kinds)s%(min)s元至%(max)s元，不符合当场处罚的条件，应适用普通程序"
                                          "（%(law)s第五十一条）。") % {"kinds": rec.kind, "min": rec.min, "max": rec.max,
                                                                  "law": LAW}]}) from None
    penalty.procedure = PenaltyCase.Procedure.SUMMARY
    penalty.investigators = [o.certificate_number for o in officers]
    penalty.violation = d["violation"]
    penalty.violation_date = violation_date
    penalty.facts = d["facts"]
    penalty.recommendation = recommendation_dict(rec)
    penalty.proposed_kinds = penalty.decided_kinds = kinds
    penalty.proposed_fine = penalty.fine = fine
    penalty.save()
    case.accepted_on = case.decided_on = ctx.today
    case.outcome = "penalized"


def hook_serve(case, ctx):
    penalty = case.penalty
    served_on = _date(ctx.data["served_on"], "served_on")
    if served_on > ctx.today or (case.decided_on and served_on < case.decided_on):
        raise ValidationError({"served_on": [_("送达日期应在决定之日至今天之间。")]})
    penalty.served_on = served_on
    if (penalty.fine or 0) > 0:
        # 第六十七条第三款: fifteen days from receipt of the decision (the payment clock counts the same way).
        penalty.payment_due = compute_deadline(served_on, 15, "calendar").due
    penalty.save(update_fields=["served_on", "payment_due"])
    case.data = {**case.data, "served_on": served_on.isoformat(), "service": {
        "method": ctx.data["method"], "recipient": ctx.data["recipient"]}}
    if (penalty.fine or 0) == 0:
        case.outcome = "executed"


def hook_payment(case, ctx):
    penalty = case.penalty
    paid_on = _date(ctx.data["paid_on"], "paid_on")
    if paid_on > ctx.today or (case.decided_on and paid_on < case.decided_on):
        raise ValidationError({"paid_on": [_("缴款日期应在决定之后、今天或之前。")]})
    amount = _money(ctx.data["amount"], "amount", required=True)
    surcharge = surcharge_for(penalty.fine, penalty.payment_due, paid_on)
    owed = penalty.fine + surcharge
    if amount < owed:
        raise ValidationError({"amount": [_("应缴%(owed)s元（罚款%(fine)s元，加处罚款%(surcharge)s元），实缴不足。") % {
            "owed": owed, "fine": penalty.fine, "surcharge": surcharge}]})
    penalty.paid_on = paid_on
    penalty.paid_amount = amount
    penalty.surcharge = surcharge
    penalty.save(update_fields=["paid_on", "paid_amount", "surcharge"])
    case.outcome = "executed"
    ctx.extra_event_data["surcharge"] = str(surcharge)


def hook_court(case, ctx):
    case.outcome = "court_enforcement"


def hook_annul(case, ctx):
    penalty = case.penalty
    if case.published_on and penalty.publication_withdrawn_on is None:
        # Withdrawn the same day (within the three working days of 国办发〔2018〕118号).
        penalty.publication_withdrawn_on = ctx.today
        penalty.save(update_fields=["publication_withdrawn_on"])
        log_withdrawal("enforcement.decision", case.pk,
                       reason="；".join(x for x in (ctx.data.get("by"), ctx.comment) if x))
    case.outcome = "annulled"
