"""The process runtime: open a case, fire a transition, tick the clocks.

Every transition runs in one transaction with the case row locked (``select_for_update``), checks the
caller's role and the guards, updates the clocks, issues the document, and appends a hash-chained event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fazhi.core import clock as sysclock
from fazhi.core.i18n import zh
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import document_number_next
from fazhi.process.definition import (
    APPLICANT,
    SYSTEM,
    ClockEffect,
    ProcessDefinition,
    Transition,
    get_definition,
)
from fazhi.process.models import Case, CaseDocument, CaseEvent, Clock, ClockExtension, ClockPause
from fazhi.workdays.calendar import Exclusion, compute_deadline


class TransitionNotAllowed(Exception):
    """The transition cannot be fired now (wrong state or not the caller's to fire): HTTP 409."""


# Stored in Chinese, translated when shown (the msgids of the stored texts below).
SYSTEM_ACTOR_LABEL = gettext_noop("系统（法定期限计时）")
OPEN_ONLINE_LABEL = gettext_noop("提交申请")
OPEN_COUNTER_LABEL = gettext_noop("登记收件")
PAUSE_DEFAULT_REASON = gettext_noop("中止")


@dataclass
class TransitionContext:
    actor: User | None
    today: dt.date
    comment: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    transition: Transition | None = None
    extra_event_data: dict[str, Any] = field(default_factory=dict)
    # Callables (no arguments) a hook leaves to run inside the transaction once the case is saved and the step's
    # document issued: e.g. logging a publication that shows the decision's number (fazhi.tlog).
    then: list[Any] = field(default_factory=list)


# ---- verification codes ----------------------------------------------------------------------------
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_verification_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def verification_hash(number: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{number}:{code.strip().upper()}".encode(), hashlib.sha256).hexdigest()


def verification_matches(case: Case, code: str) -> bool:
    return hmac.compare_digest(case.verification_hash, verification_hash(case.number, code or ""))


# ---- clocks -------------------------------------------------------------------------------------------
def clock_recompute(clk: Clock, *, save: bool = True) -> Clock:
    pauses = list(clk.pauses.all()) if clk.pk else []
    exclusions = [Exclusion(after=p.paused_on, until=p.resumed_on, reason=p.reason) for p in pauses]
    deadline = compute_deadline(clk.started_on, clk.budget + clk.extension_days, clk.unit, exclusions)
    clk.due = deadline.due
    clk.provisional = deadline.provisional
    if save:
        clk.save(update_fields=["due", "provisional"])
    return clk


def clock_explain(clk: Clock):
    """The due date with every day that was not counted and why."""
    exclusions = [Exclusion(after=p.paused_on, until=p.resumed_on, reason=p.reason) for p in clk.pauses.all()]
    return compute_deadline(clk.started_on, clk.budget + clk.extension_days, clk.unit, exclusions)


def _current_clock(case: Case, name: str) -> Clock | None:
    return case.clocks.filter(name=name).order_by("-round").first()


def _start_date(case: Case, spec_from: str, ctx: TransitionContext) -> dt.date:
    if spec_from == "today":
        return ctx.today
    if spec_from.startswith("data."):
        # A date the transition recorded in the case data (e.g. the day a decision was served).
        raw = case.data.get(spec_from[5:])
        value = dt.date.fromisoformat(raw) if raw else None
    else:
        value = getattr(case, spec_from)
    if value is None:
        raise ValidationError(_("无法开始计时：%(field)s 为空。") % {"field": spec_from})
    return value


def _apply_effect(case: Case, definition: ProcessDefinition, effect: ClockEffect, ctx: TransitionContext) -> None:
    spec = definition.clock(effect.clock)
    current = _current_clock(case, effect.clock)
    if effect.op in ("start", "restart"):
        start = _start_date(case, effect.starts_from or spec.starts_from, ctx)
        if current is not None and current.state != Clock.State.STOPPED:
            current.state = Clock.State.STOPPED
            current.stopped_on = ctx.today
            current.save(update_fields=["state", "stopped_on"])
        budget = int(ctx.data[effect.budget_from]) if effect.budget_from else spec.budget
        clk = Clock(
            case=case, name=spec.name, label=zh(spec.label), budget=budget, unit=spec.unit,
            legal_basis=spec.legal_basis, started_on=start, round=(current.round + 1) if current else 1,
        )
        clock_recompute(clk, save=False)
        clk.save()
        return
    if current is None:
        if effect.op == "stop":
            return
        raise ValidationError(_("计时“%(clock)s”尚未开始。") % {"clock": spec.label})
    if effect.op == "pause":
        if current.state != Clock.State.RUNNING:
            raise TransitionNotAllowed(_("计时“%(clock)s”不在计时中，不能中止。") % {"clock": spec.label})
        reason = str(ctx.data.get("pause_reason") or ctx.comment or PAUSE_DEFAULT_REASON)
        ClockPause.objects.create(clock=current, reason=reason, paused_on=ctx.today)
        current.state = Clock.State.PAUSED
        current.save(update_fields=["state"])
        clock_recompute(current)
    elif effect.op == "resume":
        pause = current.pauses.filter(resumed_on__isnull=True).last()
        if current.state != Clock.State.PAUSED or pause is None:
            raise TransitionNotAllowed(_("计时“%(clock)s”未中止，不能恢复。") % {"clock": spec.label})
        pause.resumed_on = ctx.today
        pause.save(update_fields=["resumed_on"])
        current.state = Clock.State.RUNNING
        current.save(update_fields=["state"])
        clock_recompute(current)
    elif effect.op == "extend":
        days = effect.days or spec.max_extension
        already = current.extension_days
        if spec.max_extension and already + days > spec.max_extension:
            raise TransitionNotAllowed(_("“%(clock)s”已延长%(days)s日，法定最多延长%(max)s日。") % {
                "clock": spec.label, "days": already, "max": spec.max_extension})
        if ctx.actor is None:
            raise ValidationError(_("延长期限须由批准人作出。"))
        ClockExtension.objects.create(clock=current, days=days, reason=ctx.comment or str(ctx.data.get("reason", "")),
                                      approver=ctx.actor, decided_on=ctx.today, legal_basis=spec.extension_basis)
        current.extension_days = already + days
        current.save(update_fields=["extension_days"])
        clock_recompute(current)
        ctx.extra_event_data["new_due"] = current.due.isoformat() if current.due else None
    elif effect.op == "stop":
        if current.state == Clock.State.STOPPED:
            return
        if current.state == Clock.State.PAUSED:
            pause = current.pauses.filter(resumed_on__isnull=True).last()
            if pause:
                pause.resumed_on = ctx.today
                pause.save(update_fields=["resumed_on"])
            clock_recompute(current)
        current.state = Clock.State.STOPPED
        current.stopped_on = ctx.today
        current.save(update_fields=["state", "stopped_on"])


def _refresh_next_due(case: Case) -> None:
    case.next_due = case.clocks.filter(state=Clock.State.RUNNING).aggregate(m=Min("due"))["m"]


# ---- events -----------------------------------------------------------------------------------------
def _append_event(case: Case, *, transition: str, label: str, from_state: str, to_state: str,
                  ctx: TransitionContext, public: bool = True, actor_label: str | None = None) -> CaseEvent:
    actor = ctx.actor
    event = CaseEvent(
        case=case,
        seq=case.event_count + 1,
        at=sysclock.now(),
        on=ctx.today,
        actor=actor,
        actor_label=actor_label or (str(actor) if actor else SYSTEM_ACTOR_LABEL),
        transition=transition,
        label=zh(label),
        from_state=from_state,
        to_state=to_state,
        comment=ctx.comment,
        data={**ctx.data, **ctx.extra_event_data},
        public=public,
        prev_hash=case.last_event_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    case.event_count = event.seq
    case.last_event_hash = event.hash
    return event


# ---- documents --------------------------------------------------------------------------------------
def _issue_document(case: Case, definition: ProcessDefinition, t: Transition, ctx: TransitionContext,
                    event: CaseEvent) -> CaseDocument:
    from fazhi.documents.render import render_docx

    if definition.document_builder is None:
        raise RuntimeError(f"{definition.code} has no document builder")
    _serial, number = document_number_next(agency=case.agency, number_code=definition.number_code,
                                           year=ctx.today.year)
    official = definition.document_builder(case, t, t.document, ctx, number)
    data = render_docx(official)
    doc = CaseDocument(
        case=case, kind=t.document, title=official.title, number=number, issued_on=ctx.today,
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), event=event,
    )
    doc.file.save(f"{case.number}-{t.document}-{_serial}.docx", ContentFile(io.BytesIO(data).getvalue()), save=False)
    doc.save()
    return doc


# ---- who may fire ------------------------------------------------------------------------------------
def actor_may_fire(actor: User | None, case: Case, t: Transition) -> bool:
    if actor is None:
        return SYSTEM in t.roles
    if not actor.is_active:
        return False
    if actor.kind == User.Kind.STAFF:
        if actor.agency_id != case.agency_id:
            return False
        return any(r in t.roles for r in actor.roles if r in Role.values)
    return APPLICANT in t.roles and case.applicant_id == actor.pk


def transitions_for(actor: User | None, case: Case) -> list[Transition]:
    """The steps the actor may take now: allowed by role and state, not a timer, and not refused by a guard
    (guards are called with ``ctx=None`` here)."""
    return [t for t in case.definition.transitions_from(case.state)
            if actor_may_fire(actor, case, t) and not (t.timer and actor is not None)
            and not (t.guard and t.guard(case, None))]


def _validate_fields(t: Transition, data: dict[str, Any], comment: str) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean = _clean_specs(t.fields, data, errors)
    if t.comment_required and not comment.strip():
        errors.setdefault("comment", []).append(_("请填写意见或理由。"))
    if len(comment) > 5000:
        errors.setdefault("comment", []).append(_("意见过长（最多5000字）。"))
    if errors:
        raise ValidationError(errors)
    return clean


def clean_fields(specs, data: dict[str, Any]) -> dict[str, Any]:
    """Validate ``data`` against FieldSpecs (the same rules as a transition's fields); ValidationError by field."""
    errors: dict[str, list[str]] = {}
    clean = _clean_specs(specs, data, errors)
    if errors:
        raise ValidationError(errors)
    return clean


def _clean_specs(specs, data: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for f in specs:
        raw = data.get(f.name)
        if isinstance(raw, str):
            raw = raw.strip()
        if raw in (None, "", []):
            if f.required:
                errors.setdefault(f.name, []).append(_("请填写“%(label)s”。") % {"label": f.label})
            continue
        if f.kind == "list":
            items = raw if isinstance(raw, list) else [line for line in str(raw).splitlines()]
            items = [str(i).strip() for i in items if str(i).strip()]
            if f.required and not items:
                errors.setdefault(f.name, []).append(_("请至少填写一项“%(label)s”。") % {"label": f.label})
            clean[f.name] = items
        elif f.kind == "choice":
            if str(raw) not in {c[0] for c in f.choices}:
                errors.setdefault(f.name, []).append(_("“%(label)s”的取值无效。") % {"label": f.label})
            clean[f.name] = str(raw)
        elif f.kind == "int":
            try:
                clean[f.name] = int(raw)
            except (TypeError, ValueError):
                errors.setdefault(f.name, []).append(_("“%(label)s”应为整数。") % {"label": f.label})
        elif f.kind == "date":
            try:
                clean[f.name] = dt.date.fromisoformat(str(raw)).isoformat()
            except ValueError:
                errors.setdefault(f.name, []).append(_("“%(label)s”应为日期（YYYY-MM-DD）。") % {"label": f.label})
        else:
            if len(str(raw)) > 5000:
                errors.setdefault(f.name, []).append(_("“%(label)s”过长。") % {"label": f.label})
            clean[f.name] = str(raw)
    return clean


# ---- public operations ---------------------------------------------------------------------------------
def case_open(*, definition: ProcessDefinition, agency: Agency, number: str, applicant: User | None,
              party: dict[str, str], channel: str, received_on: dt.date, data: dict, actor: User | None,
              today: dt.date | None = None, actor_label: str | None = None,
              online: bool | None = None) -> tuple[Case, str]:
    """Create a case in the definition's initial state, start its clocks and record the first event.
    Returns the case and its verification code (shown once to the applicant)."""
    today = today or sysclock.today()
    code = new_verification_code()
    case = Case(
        kind=definition.code, number=number, agency=agency, applicant=applicant,
        party_kind=party.get("kind", ""), party_name=party.get("name", ""),
        party_id_number=party.get("id_number", ""), party_phone=party.get("phone", ""),
        party_address=party.get("address", ""), channel=channel, received_on=received_on,
        submitted_on=received_on, state=definition.initial, data=data,
        verification_hash=verification_hash(number, code), created_by=actor,
    )
    case.full_clean(exclude=["verification_hash"])
    case.save()
    ctx = TransitionContext(actor=actor, today=today, data={"channel": channel, "received_on": received_on.isoformat()})
    for effect in definition.start_effects:
        _apply_effect(case, definition, effect, ctx)
    _refresh_next_due(case)
    # ``actor_label``: who the first event names when the actor must not be stored (a confidential reporter).
    online = bool(applicant) if online is None else online
    _append_event(case, transition="open", label=OPEN_ONLINE_LABEL if online else OPEN_COUNTER_LABEL, from_state="",
                  to_state=case.state, ctx=ctx, actor_label=actor_label)
    case.save()
    return case, code


def case_fire(*, case_id: int, transition: str, actor: User | None, comment: str = "",
              data: dict | None = None, today: dt.date | None = None) -> Case:
    today = today or sysclock.today()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("agency").get(pk=case_id)
        definition = get_definition(case.kind)
        try:
            t = definition.transition(transition)
        except KeyError:
            raise TransitionNotAllowed(_("没有名为“%(name)s”的操作。") % {"name": transition}) from None
        if case.state not in t.sources:
            raise TransitionNotAllowed(_("办件当前状态为“%(state)s”，不能执行“%(step)s”。") % {
                "state": case.state_label, "step": t.label})
        if not actor_may_fire(actor, case, t):
            raise TransitionNotAllowed(_("您无权对本办件执行“%(step)s”。") % {"step": t.label})
        if t.timer and actor is not None:
            raise TransitionNotAllowed(_("“%(step)s”只能由法定期限计时自动触发。") % {"step": t.label})
        clean = _validate_fields(t, data or {}, comment or "")
        ctx = TransitionContext(actor=actor, today=today, comment=(comment or "").strip(), data=clean, transition=t)
        if t.guard:
            problem = t.guard(case, ctx)
            if problem:
                raise TransitionNotAllowed(problem)
        from_state = case.state
        if t.hook:
            t.hook(case, ctx)
        for effect in t.effects:
            _apply_effect(case, definition, effect, ctx)
        case.state = t.target or from_state
        if definition.state(case.state).terminal and case.closed_on is None:
            case.closed_on = today
        _refresh_next_due(case)
        event = _append_event(case, transition=t.name, label=t.label, from_state=from_state, to_state=case.state,
                              ctx=ctx, public=t.public)
        case.save()
        if t.document:
            _issue_document(case, definition, t, ctx, event)
        for then in ctx.then:
            then()
        return case


class TickAlreadyRunning(Exception):
    """Another process (another app server, a worker) is ticking the clocks right now."""


CLOCKS_TICK_LOCK = "process.clocks_tick"


def clocks_tick(*, today: dt.date | None = None, lock: bool = True) -> list[tuple[str, str]]:
    """Fire every time-based transition whose clock has run out. Idempotent: a fired transition moves the
    case out of the state the timer waits in, so a second tick finds nothing to do.

    Several app servers and workers may tick at once (docs/deployment.md): the tick runs under a lock
    (PostgreSQL advisory lock, else a lease row; fazhi.jobs.locks) and raises ``TickAlreadyRunning`` when another
    process holds it. Without the lock (``lock=False``) it is still correct, only wasteful: ``case_fire`` locks
    the case row and re-checks its state, so a timer another tick fired meanwhile is refused (409) and skipped."""
    if lock:
        from fazhi.jobs.locks import try_lock

        with try_lock(CLOCKS_TICK_LOCK) as held:
            if not held:
                raise TickAlreadyRunning("tick already running")
            return clocks_tick(today=today, lock=False)
    from fazhi.process.definition import all_definitions

    today = today or sysclock.today()
    fired: list[tuple[str, str]] = []
    for definition in all_definitions():
        for t in definition.transitions:
            if not t.timer:
                continue
            due_cases = (
                Clock.objects.filter(case__kind=definition.code, case__state__in=t.sources, name=t.timer.clock,
                                     state=Clock.State.RUNNING, due__lt=today)
                .values_list("case_id", flat=True).distinct()
            )
            for case_id in list(due_cases):
                try:
                    case = case_fire(case_id=case_id, transition=t.name, actor=None, today=today)
                except TransitionNotAllowed:
                    continue  # someone acted in between: nothing to do
                fired.append((case.number, t.name))
    return fired


def clocks_recompute_provisional() -> int:
    """Recompute every provisional due date (called when a calendar year is loaded)."""
    case_ids: set[int] = set()
    for clk in Clock.objects.filter(provisional=True).prefetch_related("pauses"):
        clock_recompute(clk)
        case_ids.add(clk.case_id)
    for case in Case.objects.filter(pk__in=case_ids).only("id"):
        _refresh_next_due(case)
        Case.objects.filter(pk=case.pk).update(next_due=case.next_due)
    return len(case_ids)
