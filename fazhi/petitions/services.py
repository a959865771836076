"""Petitions: the intake hooks of the "petition" kind (its own row and the first visit), the register of later
visits, and the hooks and guards of the "petition" process.

Every write goes through here or through ``fazhi.process.services.case_fire`` (which calls the hooks below inside
its transaction, with the case row locked). Registration itself is the one intake's
(``fazhi.requests.services.request_submit``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Role, User
from fazhi.petitions.models import MAX_REPRESENTATIVES, Petition, Visit
from fazhi.process.models import Case, Clock
from fazhi.process.services import case_fire

REG = "《信访工作条例》"
VISIT_ROLES = {Role.INTAKE_CLERK.value, Role.CASE_HANDLER.value, Role.SECTION_HEAD.value, Role.DEPUTY_DIRECTOR.value,
               Role.DIRECTOR.value}
LEADER_ROLES = {Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value}
MAX_PERSONS = 10000


def may_record_visit(user) -> bool:
    return is_business_staff(user) and bool(VISIT_ROLES.intersection(user.roles or []))


def _date(raw, field: str) -> dt.date:
    try:
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
    except (TypeError, ValueError):
        raise ValidationError({field: [_("日期格式应为YYYY-MM-DD。")]}) from None


# ---- people: how many came and who spoke for them (条例第十八条) --------------------------------------------
def clean_people(persons, representatives) -> tuple[int, list[str], dict[str, list[str]]]:
    """``persons`` (default 1) and the representatives (a list or one per line). More than five persons must
    name their representatives, at most five (《信访工作条例》第十八条). Returns (persons, representatives, errors)."""
    errors: dict[str, list[str]] = {}
    if persons in (None, ""):
        persons = 1
    try:
        persons = int(persons)
    except (TypeError, ValueError):
        errors["persons"] = [_("人数应为整数。")]
        persons = 1
    if not 1 <= persons <= MAX_PERSONS:
        errors["persons"] = [_("人数应在1至%(max)s之间。") % {"max": MAX_PERSONS}]
    if isinstance(representatives, str):
        representatives = representatives.replace("，", "\n").replace("、", "\n").replace(",", "\n").splitlines()
    reps = list(dict.fromkeys(str(r).strip()[:50] for r in (representatives or []) if str(r).strip()))
    if len(reps) > MAX_REPRESENTATIVES:
        errors["representatives"] = [_("多人走访应当推选代表，代表人数不超过5人（《信访工作条例》第十八条）。")]
    elif persons > MAX_REPRESENTATIVES and not reps and "persons" not in errors:
        errors["representatives"] = [_("来访超过5人的，请登记推选的代表（不超过5人，《信访工作条例》第十八条）。")]
    elif len(reps) > persons and "persons" not in errors:
        errors["representatives"] = [_("代表人数不能多于来访人数。")]
    return persons, reps, errors


# ---- the intake's hooks (fazhi/petitions/kind.py) ----------------------------------------------------------
def kind_validate(fields: dict, *, received_on: dt.date, today: dt.date | None = None,
                  channel: str = "") -> dict[str, list[str]]:
    _persons, _reps, errors = clean_people(fields.get("persons"), fields.get("representatives"))
    return errors


def kind_on_submit(request, fields: dict) -> None:
    """Inside the intake's transaction: the petition row and, for a petition brought at a visit, the first visit."""
    case = request.case
    persons, reps, errors = clean_people(fields.get("persons"), fields.get("representatives"))
    if errors:
        raise ValidationError(errors)
    petition = Petition.objects.create(case=case, request=request, matter=str(fields.get("matter", ""))[:200],
                                       persons=persons, representatives=reps)
    if case.channel == Case.Channel.VISIT and case.created_by_id is not None:
        officer = case.created_by
        Visit.objects.create(petition=petition, visited_on=case.received_on, persons=persons, representatives=reps,
                             officer=officer, leader_received=bool(LEADER_ROLES.intersection(officer.roles or [])),
                             summary=str(fields.get("request", "")))


# ---- visits -------------------------------------------------------------------------------------------------
def visit_record(*, actor: User, case_id: int, visited_on, persons=1, representatives=(), summary: str = "",
                 leader_received: bool | None = None, today: dt.date | None = None) -> Visit:
    """A later visit about a registered petition (来访登记): the date, how many came, their representatives, who
    received them and what was said. Logged on the case's event chain too."""
    today = today or sysclock.today()
    case = Case.objects.select_related("agency").filter(pk=case_id, kind="petition").first()
    if case is None or not may_record_visit(actor) or actor.agency_id != case.agency_id:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    try:
        visited_on = _date(visited_on, "visited_on")
        if visited_on > today or visited_on < case.received_on:
            errors["visited_on"] = [_("来访日期应在信访事项登记之日至今天之间。")]
    except ValidationError as e:
        errors.update(e.message_dict)
    persons, reps, people_errors = clean_people(persons, representatives)
    errors.update(people_errors)
    summary = (summary or "").strip()
    if not summary:
        errors["summary"] = [_("请填写接谈情况。")]
    elif len(summary) > 5000:
        errors["summary"] = [_("接谈情况过长（最多5000字）。")]
    if errors:
        raise ValidationError(errors)
    if leader_received is None:
        leader_received = bool(LEADER_ROLES.intersection(actor.roles or []))
    with transaction.atomic():
        visit = Visit.objects.create(petition=case.petition, visited_on=visited_on, persons=persons,
                                     representatives=reps, officer=actor, leader_received=bool(leader_received),
                                     summary=summary)
        case_fire(case_id=case.pk, transition="record_visit", actor=actor, today=today,
                  data={"visit_id": visit.pk, "visited_on": visited_on.isoformat(), "persons": persons})
    return visit


# ---- hooks and guards of the "petition" process ---------------------------------------------------------------
def _latest_clock(case, name: str) -> Clock | None:
    return case.clocks.filter(name=name).order_by("-round").first()


def hook_accept(case, ctx):
    case.accepted_on = ctx.today
    Petition.objects.filter(case=case).update(category=ctx.data["category"])


def hook_not_accept(case, ctx):
    case.decided_on = ctx.today
    case.outcome = "refused"
    case.data = {**case.data, "refusal": {"ground": ctx.data["ground"], "channel": ctx.data["channel"]}}


def hook_transfer(case, ctx):
    from fazhi.requests.models import PublicRequest

    to = ctx.data["to_agency"].strip()[:200]
    case.decided_on = ctx.today
    case.outcome = "transferred"
    case.data = {**case.data, "transfer": {"to_agency": to, "reason": ctx.data["reason"]}}
    PublicRequest.objects.filter(case=case).update(transferred_to=to)


def default_review_body(case) -> str:
    return case.agency.parent.name if case.agency.parent_id else _("本机关的上一级机关")


def hook_issue_opinion(case, ctx):
    body = (ctx.data.get("review_body") or "").strip() or default_review_body(case)
    ctx.data["review_body"] = body[:200]
    case.decided_on = ctx.today
    case.outcome = ctx.data["result"]
    case.data = {**case.data, "opinion": {"result": ctx.data["result"], "review_body": body[:200]}}


def hook_serve_opinion(case, ctx):
    served_on = _date(ctx.data["served_on"], "served_on")
    if served_on > ctx.today or (case.decided_on and served_on < case.decided_on):
        raise ValidationError({"served_on": [_("收到日期应在出具处理意见书之日至今天之间。")]})
    case.data = {**case.data, "served_on": served_on.isoformat(), "service_method": ctx.data["method"]}


def _request_date(case, ctx, *, field: str, clock: str, after_key: str, late_message: str) -> dt.date:
    """The day the reviewing body received the request: not before the reply was received, not after today, and
    within the request window (the window's due date, moved past rest days, 民法典第二百零三条)."""
    day = _date(ctx.data[field], field)
    after = dt.date.fromisoformat(case.data[after_key]) if case.data.get(after_key) else case.received_on
    if day > ctx.today or day < after:
        raise ValidationError({field: [_("收到请求的日期应在信访人收到书面答复之日至今天之间。")]})
    window = _latest_clock(case, clock)
    if window is not None and window.due is not None and day > window.due:
        raise ValidationError({field: [late_message % {"due": window.due.isoformat()}]})
    return day


def hook_review_requested(case, ctx):
    day = _request_date(case, ctx, field="requested_on", clock="review_request", after_key="served_on",
                        late_message=_("请求复查已超过期限（自收到书面答复之日起30日，至%(due)s），"
                                       "《信访工作条例》第三十六条。"))
    case.data = {**case.data, "review_requested_on": day.isoformat(),
                 "review_body": ctx.data["review_body"].strip()[:200]}


def hook_review_decided(case, ctx):
    served = _date(ctx.data["review_served_on"], "review_served_on")
    requested = dt.date.fromisoformat(case.data["review_requested_on"])
    if served > ctx.today or served < requested:
        raise ValidationError({"review_served_on": [_("收到复查意见的日期应在复查请求之日至今天之间。")]})
    case.data = {**case.data, "review_served_on": served.isoformat(), "review": {
        "result": ctx.data["review_result"], "opinion": ctx.data["review_opinion"], "recorded_on": ctx.today.isoformat()}}


def hook_second_requested(case, ctx):
    day = _request_date(case, ctx, field="requested_on", clock="second_request", after_key="review_served_on",
                        late_message=_("请求复核已超过期限（自收到复查意见之日起30日，至%(due)s），"
                                       "《信访工作条例》第三十七条。"))
    case.data = {**case.data, "second_requested_on": day.isoformat(),
                 "second_body": ctx.data["second_body"].strip()[:200]}


def hook_second_decided(case, ctx):
    served = ctx.data.get("second_served_on")
    if served:
        served_on = _date(served, "second_served_on")
        requested = dt.date.fromisoformat(case.data["second_requested_on"])
        if served_on > ctx.today or served_on < requested:
            raise ValidationError({"second_served_on": [_("收到复核意见的日期应在复核请求之日至今天之间。")]})
    case.data = {**case.data, "second": {
        "result": ctx.data["second_result"], "opinion": ctx.data["second_opinion"],
        "served_on": served or None, "recorded_on": ctx.today.isoformat()}}


def guard_not_paused(case, ctx):
    clk = _latest_clock(case, "second_review")
    if clk is None or clk.state != Clock.State.RUNNING:
        return _("复核期限已在中止计算中。")
    return None


def guard_paused(case, ctx):
    clk = _latest_clock(case, "second_review")
    if clk is None or clk.state != Clock.State.PAUSED:
        return _("复核期限未中止，无需恢复。")
    return None


def hook_withdraw(case, ctx):
    case.outcome = "withdrawn"


def guard_visit(case, ctx):
    if ctx is None:
        return _("来访在“来访登记”中记录。")
    visit = Visit.objects.filter(pk=ctx.data.get("visit_id"), petition__case=case).first()
    if visit is None or case.events.filter(transition="record_visit", data__visit_id=visit.pk).exists():
        return _("来访在“来访登记”中记录。")
    return None
