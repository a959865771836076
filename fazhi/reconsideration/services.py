"""Writes of 行政复议: the application's row (from the intake), the respondent's case, the committee and the
agency's competence, and the hooks and guards of the two process definitions (fazhi/reconsideration/process.py).

Articles are those of 《中华人民共和国行政复议法》（2023年修订）unless another law is named (docs/reconsideration.md).
When the respondent is another agency of this system, the organ's case and the respondent's case are linked
(``Reconsideration.counterpart``): sending the copy opens the respondent's case, the answer, the decision, the
performance and the end of the case are passed across as system steps (actor None) so that each side's clocks
stop when the other side acts.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.i18n import zh
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import audit_record, counter_next
from fazhi.documents.render import normalize_doc_number
from fazhi.process.models import Case, CaseDocument
from fazhi.process.services import case_fire, case_open
from fazhi.reconsideration.limits import LAW, application_limit
from fazhi.reconsideration.models import (
    CommitteeAdvice,
    CommitteeMember,
    Competence,
    DecisionType,
    Reconsideration,
)
from fazhi.reconsideration.process import (
    NOTHING_TO_PERFORM,
    PERFORMANCE_REQUIRED,
    RESPONDENT,
    RESPONDENT_STAFF,
    SUSPENSION_GROUNDS,
)
from fazhi.workdays.calendar import compute_deadline

MEMBER_ROLES = {Role.LEGAL_REVIEWER.value, Role.DIRECTOR.value}
COMPETENCE_ROLES = {Role.DIRECTOR.value}
RESPONDENT_OPEN_ROLES = set(RESPONDENT_STAFF)
RESPONDENT_NUMBER_CODE = "FYDF"  # tracking numbers of the respondent's cases: HLJ-FYDF2026-000001


def may(actor: User | None, roles: set[str]) -> bool:
    return bool(actor is not None and is_business_staff(actor) and roles.intersection(actor.roles or []))


def _date(raw) -> dt.date | None:
    if raw in (None, ""):
        return None
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _not_after_today(name: str, value: dt.date, today: dt.date) -> None:
    if value > today:
        raise ValidationError({name: [_("日期不能晚于今天。")]})


# ---- linking the challenged act -------------------------------------------------------------------------------
def resolve_challenged_case(agency: Agency, *, act_number: str = "", case_number: str = "") -> Case | None:
    """The case of this system whose decision is challenged: by the case number, or by the 文号 of a document issued
    on it (a penalty or licensing decision), within the agency and the agencies below it."""
    ids = agency.descendants_and_self_ids()
    if case_number.strip():
        case = Case.objects.filter(number=case_number.strip().upper(), agency_id__in=ids).first()
        if case is not None:
            return case
    if act_number.strip():
        doc = (CaseDocument.objects.select_related("case")
               .filter(number=normalize_doc_number(act_number), case__agency_id__in=ids).first())
        if doc is not None:
            return doc.case
    return None


def _respondent_agency(agency: Agency, name: str, challenged: Case | None) -> Agency | None:
    if challenged is not None:
        return challenged.agency
    return Agency.objects.filter(pk__in=agency.descendants_and_self_ids(), name=name.strip()).first()


def application_received(*, request, fields: dict) -> Reconsideration:
    """The intake's on_submit: the reconsideration row of a new application (inside the intake's transaction)."""
    case = request.case
    known_on = _date(fields.get("known_on"))
    act_date = _date(fields.get("act_date"))
    remedy_known_on = _date(fields.get("remedy_known_on"))
    challenged = resolve_challenged_case(case.agency, act_number=fields.get("act_number", ""),
                                         case_number=fields.get("linked_case_number", ""))
    limit = application_limit(known_on=known_on, received_on=case.received_on, act_date=act_date,
                              remedy_known_on=remedy_known_on)
    return Reconsideration.objects.create(
        case=case, role=Reconsideration.Role.ORGAN, organ_name=case.agency.name,
        respondent_name=fields["respondent"][:100],
        respondent_agency=_respondent_agency(case.agency, fields["respondent"], challenged),
        act_title=fields["act_title"][:200], act_number=normalize_doc_number(fields.get("act_number", ""))[:60],
        act_date=act_date, known_on=known_on, challenged_case=challenged,
        request_text=fields["request"], facts_reasons=fields["facts_reasons"],
        limit_due=limit.due, late=limit.late, limit_exception=fields.get("limit_exception", "") if limit.late else "",
        limit_exception_note=fields.get("limit_exception_note", "") if limit.late else "",
        remedy_known_on=remedy_known_on,
    )


def competence_for(agency: Agency, respondent: Agency | None) -> Competence | None:
    """The configured competence that covers an act of ``respondent`` (第三十条第一款第（六）项), if any."""
    if respondent is None:
        return None
    rows = Competence.objects.filter(agency=agency, active=True)
    for row in rows:
        if row.scope == Competence.Scope.OWN and respondent.pk == agency.pk:
            return row
        if (row.scope == Competence.Scope.LOWER and respondent.pk != agency.pk
                and respondent.pk in agency.descendants_and_self_ids()):
            return row
    return None


# ---- the respondent's case ------------------------------------------------------------------------------------------
def respondent_open(*, actor: User | None, agency: Agency, organ_name: str, party: dict, act_title: str,
                    copy_received_on: dt.date, procedure: str = "ordinary", act_number: str = "",
                    act_date: dt.date | None = None, request_text: str = "", channel: str = "post",
                    linked_case_number: str = "", counterpart: Reconsideration | None = None,
                    today: dt.date | None = None) -> Case:
    """Register a reconsideration in which ``agency`` is the respondent (被申请人): the copy of the application (or the
    record of an oral one) arrived on ``copy_received_on``; the answer is due 10 working days later (第四十八条; 5 on
    the simple procedure, 第五十四条). ``actor`` is staff of ``agency``, or None when the organ's case of this system
    opens it (``counterpart``)."""
    today = today or sysclock.today()
    if actor is not None and not (may(actor, RESPONDENT_OPEN_ROLES) and actor.agency_id == agency.pk):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not organ_name.strip():
        errors["organ_name"] = [_("请填写行政复议机关。")]
    if not act_title.strip():
        errors["act_title"] = [_("请填写被申请复议的行政行为。")]
    if not str(party.get("name") or "").strip():
        errors["party_name"] = [_("请填写申请人。")]
    if party.get("kind", "person") not in ("person", "legal_person"):
        errors["party_kind"] = [_("请选择自然人或法人、其他组织。")]
    if procedure not in ("ordinary", "simple"):
        errors["procedure"] = [_("请选择审理程序。")]
    if copy_received_on is None:
        errors["copy_received_on"] = [_("请填写收到申请书副本之日。")]
    elif copy_received_on > today:
        errors["copy_received_on"] = [_("日期不能晚于今天。")]
    if channel not in (Case.Channel.ONLINE, Case.Channel.POST, Case.Channel.COUNTER, Case.Channel.EMAIL,
                       Case.Channel.FAX):
        errors["channel"] = [_("请选择收到的渠道。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key=f"#{RESPONDENT_NUMBER_CODE}", year=copy_received_on.year)
        number = f"{agency.code.upper()}-{RESPONDENT_NUMBER_CODE}{copy_received_on.year}-{serial:06d}"
        clean_party = {"kind": party.get("kind") or "person", "name": str(party["name"]).strip()[:100],
                       "id_number": str(party.get("id_number") or "")[:18], "phone": str(party.get("phone") or "")[:20],
                       "address": str(party.get("address") or "")[:200]}
        case, _code = case_open(definition=RESPONDENT, agency=agency, number=number, applicant=None, party=clean_party,
                                channel=channel, received_on=copy_received_on,
                                data={"kind": "reconsideration_respondent"}, actor=actor, today=today)
        challenged = resolve_challenged_case(agency, act_number=act_number, case_number=linked_case_number)
        rec = Reconsideration.objects.create(
            case=case, role=Reconsideration.Role.RESPONDENT, organ_name=organ_name.strip()[:100],
            respondent_name=agency.name, respondent_agency=agency, act_title=act_title.strip()[:200],
            act_number=normalize_doc_number(act_number)[:60], act_date=act_date, challenged_case=challenged,
            request_text=request_text, procedure=procedure, copy_received_on=copy_received_on,
            counterpart=counterpart)
        if counterpart is not None:
            counterpart.counterpart = rec
            counterpart.save(update_fields=["counterpart"])
        case_fire(case_id=case.pk, transition="start_answer", actor=actor, data={"procedure": procedure},
                  today=today)
        case.refresh_from_db()
    return case


def _push(rec: Reconsideration | None, transition: str, states: tuple[str, ...], ctx, data: dict,
          comment: str) -> None:
    """Pass a step to the linked case of the other side, as a system step, when it waits for it."""
    if rec is None:
        return
    other = Case.objects.filter(pk=rec.case_id).values_list("state", flat=True).first()
    if other not in states:
        return
    case_fire(case_id=rec.case_id, transition=transition, actor=None, comment=comment, data=data, today=ctx.today)


def _counterpart(case) -> Reconsideration | None:
    rec = case.reconsideration
    return rec.counterpart if rec.counterpart_id else None


# ---- hooks and guards of the organ's process ------------------------------------------------------------------------
def _set_procedure(rec: Reconsideration, ctx, procedure: str) -> None:
    rec.procedure = procedure
    simple = procedure == Reconsideration.Procedure.SIMPLE
    ctx.data["copy_days"] = 3 if simple else 7  # 第五十四条第一款 / 第四十八条
    ctx.data["decision_days"] = 30 if simple else 60  # 第六十二条


def hook_accept(case, ctx):
    rec = case.reconsideration
    d = ctx.data
    errors: dict[str, list[str]] = {}
    simple = d["procedure"] == "simple"
    if simple and not d.get("simple_ground"):
        errors["simple_ground"] = [_("适用简易程序的，请选择第五十三条规定的情形。")]
    if not simple and d.get("simple_ground"):
        errors["simple_ground"] = [_("适用普通程序的，不选择简易程序的情形。")]
    if simple and d["major"] == "yes":
        errors["major"] = [_("重大、疑难、复杂案件不适用简易程序（%(law)s第五十三条：事实清楚、权利义务关系明确、争议不大）。")
                           % {"law": LAW}]
    if rec.late and not (d.get("limit_finding") or "").strip():
        errors["limit_finding"] = [_(
            "申请超过六十日申请期限（%(due)s届满）。受理前须记录对逾期理由的认定（%(law)s第二十条第二款、第三款）；"
            "理由不成立的，应当不予受理（第三十条第一款第（四）项）。") % {"due": _cn(rec.limit_due), "law": LAW}]
    if errors:
        raise ValidationError(errors)
    case.accepted_on = ctx.today
    _set_procedure(rec, ctx, d["procedure"])
    rec.simple_ground = d.get("simple_ground", "")
    rec.major = d["major"] == "yes"
    rec.limit_finding = (d.get("limit_finding") or "").strip()
    rec.save(update_fields=["procedure", "simple_ground", "major", "limit_finding"])


def hook_deemed_accept(case, ctx):
    # 第三十条第三款: 审查期限届满之日起视为受理.
    rec = case.reconsideration
    admission = case.clocks.filter(name="admission").order_by("-round").first()
    case.accepted_on = admission.due if admission and admission.due else ctx.today
    _set_procedure(rec, ctx, Reconsideration.Procedure.ORDINARY)
    rec.save(update_fields=["procedure"])
    ctx.extra_event_data["deemed"] = True
    ctx.extra_event_data["accepted_on"] = case.accepted_on.isoformat()


def hook_request_correction(case, ctx):
    served = _date(ctx.data.get("served_on")) or ctx.today
    _not_after_today("served_on", served, ctx.today)
    if served < case.submitted_on:
        raise ValidationError({"served_on": [_("送达日期不能早于收到申请之日。")]})
    case.data = {**case.data, "correction_served_on": served.isoformat(), "correction_items": ctx.data["items"]}


def hook_resubmit(case, ctx):
    # 第三十一条第三款: the admission review starts again from the corrected application.
    case.submitted_on = ctx.today


def hook_outcome_abandoned(case, ctx):
    case.outcome = "abandoned"


def hook_refuse(case, ctx):
    if ctx.data["ground"] == "jurisdiction" and not (ctx.data.get("competent_organ") or "").strip():
        raise ValidationError({"competent_organ": [_(
            "不属于本机关管辖的，应当在不予受理决定中告知申请人有管辖权的行政复议机关（%(law)s第三十条第二款）。") % {
            "law": LAW}]})
    case.outcome = "not_admitted"


def hook_send_copy(case, ctx):
    rec = case.reconsideration
    received = _date(ctx.data["copy_received_on"])
    _not_after_today("copy_received_on", received, ctx.today)
    if received < case.accepted_on:
        raise ValidationError({"copy_received_on": [_("被申请人收到副本之日不能早于受理之日。")]})
    rec.copy_received_on = received
    rec.save(update_fields=["copy_received_on"])
    case.data = {**case.data, "copy_received_on": received.isoformat()}
    ctx.data["answer_days"] = 5 if rec.procedure == Reconsideration.Procedure.SIMPLE else 10  # 第五十四条 / 第四十八条
    other = rec.respondent_agency
    if other is not None and other.pk != case.agency_id and rec.counterpart_id is None:
        opened = respondent_open(
            actor=None, agency=other, organ_name=case.agency.name,
            party={"kind": case.party_kind, "name": case.party_name, "address": case.party_address},
            act_title=rec.act_title, act_number=rec.act_number, act_date=rec.act_date, request_text=rec.request_text,
            copy_received_on=received, procedure=rec.procedure, channel=Case.Channel.ONLINE,
            linked_case_number=rec.challenged_case.number if rec.challenged_case_id else "", counterpart=rec,
            today=ctx.today)
        rec.refresh_from_db(fields=["counterpart"])
        ctx.extra_event_data["respondent_case"] = opened.number


def hook_record_answer(case, ctx):
    rec = case.reconsideration
    received = _date(ctx.data["received_on"])
    _not_after_today("received_on", received, ctx.today)
    if rec.copy_received_on and received < rec.copy_received_on:
        raise ValidationError({"received_on": [_("收到答复之日不能早于被申请人收到副本之日。")]})
    answer = case.clocks.filter(name="answer").order_by("-round").first()
    if answer is not None and answer.due and received > answer.due:
        ctx.extra_event_data["late"] = True
    rec.answer_received_on = received
    rec.answer_summary = ctx.data["summary"]
    rec.answer_evidence = ctx.data.get("evidence", [])
    rec.save(update_fields=["answer_received_on", "answer_summary", "answer_evidence"])
    if ctx.actor is not None:
        _push(_counterpart(case), "answer_recorded", ("answer_due", "answer_overdue"), ctx, {},
              _("复议机关已收到书面答复（%(number)s）。") % {"number": case.number})


def hook_answer_lapsed(case, ctx):
    rec = case.reconsideration
    rec.answer_overdue = True
    rec.save(update_fields=["answer_overdue"])


def hook_record_opinions(case, ctx):
    heard = _date(ctx.data["heard_on"])
    _not_after_today("heard_on", heard, ctx.today)
    rec = case.reconsideration
    rec.opinions_heard_on = heard
    rec.save(update_fields=["opinions_heard_on"])


def guard_hearing_date(case, ctx):
    if ctx is None:
        return None
    hearing = _date(ctx.data["hearing_date"])
    earliest = compute_deadline(ctx.today, 5, "workday").due
    if hearing < earliest:
        return _("应当于举行听证的五日前书面通知当事人：听证最早定于%(date)s（%(law)s第五十一条、第八十八条第二款）。") % {
            "date": _cn(earliest), "law": LAW}
    return None


def hook_schedule_hearing(case, ctx):
    if len(ctx.data["officers"]) < 2:
        raise ValidationError({"officers": [_("听证由一名行政复议人员任主持人，两名以上行政复议人员任听证员（%(law)s第五十条"
                                              "第三款）。") % {"law": LAW}]})
    rec = case.reconsideration
    rec.hearing_date = _date(ctx.data["hearing_date"])
    rec.hearing_place = ctx.data["hearing_place"][:100]
    rec.hearing_presiding = ctx.data["presiding"][:50]
    if ctx.data["ground"] == "major":
        rec.major = True
    rec.save(update_fields=["hearing_date", "hearing_place", "hearing_presiding", "major"])


def guard_hearing_held(case, ctx):
    day = ctx.today if ctx else sysclock.today()
    rec = case.reconsideration
    if rec.hearing_date and day < rec.hearing_date:
        return _("听证定于%(date)s举行。") % {"date": _cn(rec.hearing_date)}
    return None


def hook_hold_hearing(case, ctx):
    rec = case.reconsideration
    rec.hearing_held_on = ctx.today
    rec.hearing_record = ctx.data["record"]
    rec.save(update_fields=["hearing_held_on", "hearing_record"])


def hook_committee_advice(case, ctx):
    meeting = _date(ctx.data["meeting_date"])
    _not_after_today("meeting_date", meeting, ctx.today)
    raw = ctx.data["members"]
    if not all(str(x).isdigit() for x in raw):
        raise ValidationError({"members": [_("请选择参加的委员。")]})
    ids = {int(x) for x in raw}
    members = [m for m in CommitteeMember.objects.filter(agency=case.agency, pk__in=ids) if m.serving_on(meeting)]
    if len(members) != len(ids):
        raise ValidationError({"members": [_("所选人员须为会议日期在任的本机关行政复议委员会委员。")]})
    advice = CommitteeAdvice.objects.create(reconsideration=case.reconsideration, meeting_date=meeting,
                                            ground=ctx.data["ground"], advice=ctx.data["advice"],
                                            recorded_by=ctx.actor, recorded_on=ctx.today)
    advice.members.set(members)
    ctx.extra_event_data["member_names"] = [m.name for m in members]


def hook_suspend(case, ctx):
    # The pause's reason is the ground in words (shown in the clock's explanation).
    labels = dict(SUSPENSION_GROUNDS)
    ctx.data["pause_reason"] = zh(labels[ctx.data["ground"]])[:100]


def guard_simple(case, ctx):
    if case.reconsideration.procedure != Reconsideration.Procedure.SIMPLE:
        return _("本案适用普通程序审理。")
    return None


def hook_to_ordinary(case, ctx):
    rec = case.reconsideration
    rec.procedure = Reconsideration.Procedure.ORDINARY
    rec.simple_ground = ""
    rec.save(update_fields=["procedure", "simple_ground"])
    ctx.data["decision_days"] = 60  # 第六十二条第一款, from the day of acceptance


def guard_extension(case, ctx):
    if case.reconsideration.procedure == Reconsideration.Procedure.SIMPLE:
        return _("适用简易程序的案件应当自受理之日起三十日内作出决定，不得延长（%(law)s第六十二条第二款）；情况复杂的，"
                 "可以先转为普通程序审理（第五十五条）。") % {"law": LAW}
    clock = case.clocks.filter(name="decision").order_by("-round").first()
    if clock is not None and clock.extension_days >= 30:
        return _("审理期限已延长%(days)s日，延长期限最多不得超过三十日（%(law)s第六十二条第一款）。") % {
            "days": clock.extension_days, "law": LAW}
    return None


def guard_propose(case, ctx):
    rec = case.reconsideration
    if rec.major and rec.hearing_held_on is None:
        return _("审理重大、疑难、复杂的行政复议案件，应当组织听证（%(law)s第五十条第一款）。") % {"law": LAW}
    if rec.major and not rec.advices.exists():
        return _("案情重大、疑难、复杂的，应当提请行政复议委员会提出咨询意见（%(law)s第五十二条第二款第（一）项）。") % {
            "law": LAW}
    if (rec.procedure == Reconsideration.Procedure.ORDINARY and rec.opinions_heard_on is None
            and rec.hearing_held_on is None):
        return _("适用普通程序审理的，应当听取当事人的意见并记录在案（%(law)s第四十九条）。") % {"law": LAW}
    return None


def hook_propose(case, ctx):
    d = ctx.data
    kind = d["decision_type"]
    rec = case.reconsideration
    errors: dict[str, list[str]] = {}
    days = d.get("perform_days")
    if kind in PERFORMANCE_REQUIRED and not days:
        errors["perform_days"] = [_("责令重新作出行政行为或者责令履行的，应当确定期限（%(law)s第六十四条、第六十六条）。") % {
            "law": LAW}]
    if kind in NOTHING_TO_PERFORM and days:
        errors["perform_days"] = [_("该决定没有需要被申请人履行的内容，不设履行期限。")]
    if days is not None and not 1 <= days <= 365:
        errors["perform_days"] = [_("履行期限应为1至365日。")]
    if kind in (DecisionType.CHANGE, DecisionType.PARTIAL_REVOKE, DecisionType.REVOKE_REDO,
                DecisionType.ORDER_PERFORM) and not (d.get("content") or "").strip():
        errors["content"] = [_("请写明决定内容（变更后的内容、撤销的部分、重新作出或者履行的事项）。")]
    if rec.answer_overdue and kind in (DecisionType.MAINTAIN, DecisionType.REJECT_REQUEST):
        errors["decision_type"] = [_(
            "被申请人未依法提出书面答复、提交证据和依据的，视为该行政行为没有证据、依据，应当决定撤销、部分撤销、确认违法、"
            "确认无效或者责令履行（%(law)s第七十条）。") % {"law": LAW}]
    if errors:
        raise ValidationError(errors)
    rec.decision_type = kind
    rec.decision_ground = d["ground"][:200]
    rec.decision_facts = d["facts"]
    rec.decision_reasons = d["reasons"]
    rec.decision_basis = d["basis"]
    rec.decision_content = d.get("content", "")
    rec.perform_days = days
    rec.save(update_fields=["decision_type", "decision_ground", "decision_facts", "decision_reasons",
                            "decision_basis", "decision_content", "perform_days"])


def hook_decide(case, ctx):
    rec = case.reconsideration
    case.decided_on = ctx.today
    case.outcome = rec.decision_type
    if rec.challenged_case_id:
        ctx.extra_event_data["challenged_case"] = rec.challenged_case.number


def _decision_number(case) -> str:
    doc = case.documents.filter(kind="decision").order_by("-id").first()
    return doc.number if doc else ""


def hook_serve(case, ctx):
    rec = case.reconsideration
    served = _date(ctx.data["served_on"])
    _not_after_today("served_on", served, ctx.today)
    if served < case.decided_on:
        raise ValidationError({"served_on": [_("送达日期不能早于决定日期。")]})
    rec.served_on = served
    rec.decision_number = _decision_number(case)
    rec.save(update_fields=["served_on", "decision_number"])
    case.data = {**case.data, "served_on": served.isoformat()}
    if rec.perform_days:
        ctx.data["perform_days"] = rec.perform_days
    data = {"decision_type": rec.decision_type, "decision_number": rec.decision_number or "—",
            "decision_received_on": served.isoformat(),
            "decision_content": rec.decision_content or zh(dict(DecisionType.choices)[rec.decision_type])}
    comment = _("复议机关送达行政复议决定书（%(number)s）。") % {"number": case.number}
    if rec.perform_days:
        _push(_counterpart(case), "decision_perform", ("answer_due", "answer_overdue", "answered"), ctx,
              {**data, "perform_days": rec.perform_days}, comment)
    else:
        _push(_counterpart(case), "decision_close", ("answer_due", "answer_overdue", "answered"), ctx, data, comment)


def guard_serve_performing(case, ctx):
    if not case.reconsideration.perform_days:
        return _("本决定未设定履行期限，请送达决定书并结案。")
    return None


def guard_serve_closing(case, ctx):
    if case.reconsideration.perform_days:
        return _("本决定设定了履行期限，请送达决定书并跟踪履行。")
    return None


def hook_record_performance(case, ctx):
    rec = case.reconsideration
    performed = _date(ctx.data["performed_on"])
    _not_after_today("performed_on", performed, ctx.today)
    if rec.served_on and performed < rec.served_on:
        raise ValidationError({"performed_on": [_("履行日期不能早于决定书送达日期。")]})
    rec.performed_on = performed
    rec.performance_note = ctx.data["note"]
    rec.save(update_fields=["performed_on", "performance_note"])
    if ctx.actor is not None:
        _push(_counterpart(case), "record_performance", ("performing", "performance_overdue"), ctx,
              {"performed_on": performed.isoformat(), "note": ctx.data["note"]},
              _("复议机关记录履行情况（%(number)s）。") % {"number": case.number})


def hook_request_withdrawal(case, ctx):
    rec = case.reconsideration
    rec.withdrawal_requested_on = ctx.today
    rec.save(update_fields=["withdrawal_requested_on"])


def _end_counterpart(case, ctx, reason: str) -> None:
    _push(_counterpart(case), "end", ("registered", "answer_due", "answer_overdue", "answered"), ctx,
          {"reason": reason, "note": case.number}, _("复议机关办件%(number)s已终结。") % {"number": case.number})


def hook_withdraw(case, ctx):
    requested = _date(ctx.data["requested_on"])
    _not_after_today("requested_on", requested, ctx.today)
    if requested < case.received_on:
        raise ValidationError({"requested_on": [_("申请撤回之日不能早于收到申请之日。")]})
    case.outcome = "withdrawn"
    _end_counterpart(case, ctx, "withdrawn")


def guard_terminate(case, ctx):
    if ctx is None or ctx.data.get("ground") != "long_suspension":
        return None
    clock = case.clocks.filter(name="decision").order_by("-round").first()
    pause = clock.pauses.filter(resumed_on__isnull=True).last() if clock else None
    if case.state != "suspended" or pause is None or (ctx.today - pause.paused_on).days < 60:
        return _("行政复议中止满六十日、中止的原因仍未消除的，才能据此终止（%(law)s第四十一条第（五）项）。") % {"law": LAW}
    return None


def hook_terminate(case, ctx):
    case.outcome = "terminated"
    _end_counterpart(case, ctx, "terminated")


def hook_mediate(case, ctx):
    signed = _date(ctx.data["signed_on"])
    _not_after_today("signed_on", signed, ctx.today)
    case.outcome = "mediated"
    case.decided_on = ctx.today
    _end_counterpart(case, ctx, "mediated")


# ---- hooks and guards of the respondent's process -------------------------------------------------------------------
def hook_start_answer(case, ctx):
    rec = case.reconsideration
    rec.procedure = ctx.data["procedure"]
    rec.save(update_fields=["procedure"])
    ctx.data["answer_days"] = 5 if ctx.data["procedure"] == "simple" else 10  # 第五十四条 / 第四十八条


def hook_submit_answer(case, ctx):
    rec = case.reconsideration
    rec.answer_received_on = ctx.today
    rec.answer_summary = ctx.data["answer"]
    rec.answer_evidence = ctx.data["evidence"]
    rec.save(update_fields=["answer_received_on", "answer_summary", "answer_evidence"])
    _push(_counterpart(case), "record_answer", ("answer_pending",), ctx,
          {"received_on": ctx.today.isoformat(), "summary": ctx.data["answer"], "evidence": ctx.data["evidence"]},
          _("被申请人通过本平台提出书面答复（%(number)s）。") % {"number": case.number})


def guard_respondent_close(case, ctx):
    if ctx is None:
        return None
    if ctx.data.get("decision_type") in PERFORMANCE_REQUIRED:
        return _("责令重新作出行政行为或者责令履行的决定须在期限内履行，请选择“收到复议决定，须履行”。")
    return None


def hook_respondent_decision(case, ctx):
    rec = case.reconsideration
    received = _date(ctx.data["decision_received_on"])
    _not_after_today("decision_received_on", received, ctx.today)
    if received < case.received_on:
        raise ValidationError({"decision_received_on": [_("收到决定书之日不能早于收到申请书副本之日。")]})
    days = ctx.data.get("perform_days")
    if days is not None and not 1 <= days <= 365:
        raise ValidationError({"perform_days": [_("履行期限应为1至365日。")]})
    rec.decision_type = ctx.data["decision_type"]
    rec.decision_number = normalize_doc_number(ctx.data["decision_number"])[:60]
    rec.decision_content = ctx.data["decision_content"]
    rec.perform_days = days
    rec.served_on = received
    rec.save(update_fields=["decision_type", "decision_number", "decision_content", "perform_days", "served_on"])
    case.data = {**case.data, "decision_received_on": received.isoformat()}
    case.decided_on = received
    case.outcome = rec.decision_type


def hook_respondent_performance(case, ctx):
    rec = case.reconsideration
    performed = _date(ctx.data["performed_on"])
    _not_after_today("performed_on", performed, ctx.today)
    if rec.served_on and performed < rec.served_on:
        raise ValidationError({"performed_on": [_("履行日期不能早于收到决定书之日。")]})
    rec.performed_on = performed
    rec.performance_note = ctx.data["note"]
    rec.save(update_fields=["performed_on", "performance_note"])
    if ctx.actor is not None:
        _push(_counterpart(case), "record_performance", ("performing", "performance_overdue"), ctx,
              {"performed_on": performed.isoformat(), "note": ctx.data["note"]},
              _("被申请人通过本平台报告履行情况（%(number)s）。") % {"number": case.number})


def hook_respondent_end(case, ctx):
    case.outcome = ctx.data["reason"]


# ---- the committee and the competence -------------------------------------------------------------------------------
MEMBER_FIELDS = ("name", "position", "kind", "profession", "affiliation", "term_start", "term_end", "active", "order")


def _member_clean(member: CommitteeMember) -> None:
    errors: dict[str, list[str]] = {}
    if not member.name.strip():
        errors["name"] = [_("请填写姓名。")]
    if not member.affiliation.strip():
        errors["affiliation"] = [_("请填写工作单位及职务（职称）。")]
    if member.kind not in CommitteeMember.Kind.values:
        errors["kind"] = [_("请选择内部委员或外部委员。")]
    if member.profession not in CommitteeMember.Profession.values:
        errors["profession"] = [_("请选择身份（机关工作人员、学者、律师或其他专业人员）。")]
    if member.position not in CommitteeMember.Position.values:
        errors["position"] = [_("请选择主任、副主任或委员。")]
    if member.kind == CommitteeMember.Kind.INTERNAL and member.profession != CommitteeMember.Profession.OFFICIAL:
        errors["profession"] = [_("内部委员是本机关工作人员。")]
    if not isinstance(member.term_start, dt.date):
        errors["term_start"] = [_("请填写任期开始日期。")]
    elif member.term_end is not None and member.term_end < member.term_start:
        errors["term_end"] = [_("任期届满日期不能早于开始日期。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def member_add(*, actor: User, name: str, kind: str, profession: str, affiliation: str, term_start: dt.date,
               position: str = "member", term_end: dt.date | None = None, order: int = 0) -> CommitteeMember:
    """Appoint a member of the agency's reconsideration committee (复议法第五十二条第一款)."""
    if not may(actor, MEMBER_ROLES):
        raise PermissionDenied
    member = CommitteeMember(agency=actor.agency, name=(name or "").strip()[:50], kind=kind, profession=profession,
                             affiliation=(affiliation or "").strip()[:150], term_start=term_start, term_end=term_end,
                             position=position or "member", order=order or 0, created_by=actor)
    _member_clean(member)
    member.save()
    audit_record(actor=actor, action="reconsideration.member_add", object_type="CommitteeMember",
                 object_id=member.pk, detail={"name": member.name, "kind": member.kind})
    return member


@transaction.atomic
def member_update(*, actor: User, member_id: int, **changes) -> CommitteeMember:
    if not may(actor, MEMBER_ROLES):
        raise PermissionDenied
    member = CommitteeMember.objects.select_for_update().filter(pk=member_id, agency_id=actor.agency_id).first()
    if member is None:
        raise CommitteeMember.DoesNotExist
    unknown = set(changes) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError({k: [_("不能修改该项。")] for k in sorted(unknown)})
    for k, v in changes.items():
        setattr(member, k, v.strip() if isinstance(v, str) else v)
    _member_clean(member)
    member.save()
    audit_record(actor=actor, action="reconsideration.member_update", object_type="CommitteeMember",
                 object_id=member.pk, detail={k: str(v) for k, v in changes.items()})
    return member


@transaction.atomic
def competence_set(*, actor: User, scope: str, legal_basis: str, active: bool = True) -> Competence:
    """Record what the agency decides as a reconsideration organ, with the basis (复议法第二十四条至第二十八条)."""
    if not may(actor, COMPETENCE_ROLES):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if scope not in Competence.Scope.values:
        errors["scope"] = [_("请选择管辖范围。")]
    if active and not (legal_basis or "").strip():
        errors["legal_basis"] = [_("请填写管辖的依据（法律、法规或者上级机关的规定）。")]
    if errors:
        raise ValidationError(errors)
    row, _created = Competence.objects.update_or_create(
        agency=actor.agency, scope=scope, defaults={"legal_basis": (legal_basis or "").strip()[:300], "active": active})
    audit_record(actor=actor, action="reconsideration.competence_set", object_type="Competence", object_id=row.pk,
                 detail={"scope": scope, "active": active})
    return row
