"""Declarative process definitions.

A definition is data: states, transitions (who may fire them, from where to where, what they do to the
clocks, which document they issue, the legal basis) and clocks (budget, unit, legal basis). The runtime
(``fazhi.process.services``) executes it; the service guide reads its time limits; the flowchart is drawn
from it (``fazhi.process.flowchart``). Nothing restates a process by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

APPLICANT = "applicant"  # the public account that filed the case
SYSTEM = "system"  # the clock ticker (time-based transitions)

ClockOp = Literal["start", "pause", "resume", "stop", "extend", "restart"]


# Labels (of clocks, states, transitions, fields, choices) are lazy translations whose msgid is the Chinese
# text: they render in the user's language. What the runtime stores (Clock.label, CaseEvent.label) is the
# Chinese text, whatever the language of the request (``fazhi.core.i18n.zh``). Legal bases are
# citations of Chinese law and are not translated.


def duration_text(n: int, unit: str) -> str:
    """"20个工作日" / "20 working days"; "15日" / "15 days"."""
    if unit == "workday":
        return ngettext("%(n)s个工作日", "%(n)s个工作日", n) % {"n": n}
    return ngettext("%(n)s日", "%(n)s日", n) % {"n": n}


@dataclass(frozen=True)
class ClockSpec:
    name: str
    label: str
    budget: int
    unit: Literal["workday", "calendar"]
    legal_basis: str
    # Which case date the clock counts from when started: "today" (the date of the act), or a Case
    # attribute such as "submitted_on" / "accepted_on".
    starts_from: str = "today"
    max_extension: int = 0
    extension_basis: str = ""


@dataclass(frozen=True)
class ClockEffect:
    op: ClockOp
    clock: str
    days: int = 0  # for extend
    # For start/restart: take the budget from this transition field instead of the ClockSpec (e.g. the
    # rectification period the officer sets in the order).
    budget_from: str | None = None
    starts_from: str | None = None  # overrides ClockSpec.starts_from for start/restart


@dataclass(frozen=True)
class FieldSpec:
    """An input a transition asks for. ``kind``: text, textarea, date, int, choice, list (one per line)."""

    name: str
    label: str
    kind: str = "text"
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Timer:
    """Fire this transition by itself when ``clock`` has run out (the day after its due date)."""

    clock: str


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the case stays in the state it is in (e.g. an extension)
    roles: tuple[str, ...]
    legal_basis: str = ""
    effects: tuple[ClockEffect, ...] = ()
    document: str | None = None
    fields: tuple[FieldSpec, ...] = ()
    timer: Timer | None = None
    comment_required: bool = False
    # Called inside the transaction after the checks, before the event is written: (case, context) -> None.
    hook: Callable[[Any, Any], None] | None = None
    # Called inside the transaction before anything changes: (case, context) -> error message or None.
    guard: Callable[[Any, Any], str | None] | None = None
    style: Literal["primary", "normal", "danger"] = "normal"
    # Does a case waiting for this step belong in the inbox of those who may fire it? Not for steps that
    # are merely possible (an extension, a withdrawal recorded for the applicant, a paper resubmission).
    inbox: bool = True
    # Is the step shown to the applicant (timeline, API, tracking page)? Internal review steps (the
    # handler's opinion, the head's approval) are process information the applicant does not see.
    public: bool = True


@dataclass(frozen=True)
class State:
    name: str
    label: str
    public_label: str = ""
    terminal: bool = False


@dataclass(frozen=True)
class ProcessDefinition:
    code: str
    name: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    clocks: tuple[ClockSpec, ...]
    # Clocks started when the case is opened.
    start_effects: tuple[ClockEffect, ...] = ()
    legal_basis: str = ""
    # (case, transition, document kind, context) -> fazhi.documents.render.OfficialDocument
    document_builder: Callable[..., Any] | None = None
    document_titles: dict[str, str] = field(default_factory=dict)
    # Transitions whose document the public portal publishes (decisions), with the legal basis.
    number_code: str = ""
    # (case) -> {field name: [(value, label), ...]}: choices read from data at the time of the step (e.g. the
    # violations of the discretion standard in force). The page offers them; the hook still validates.
    field_options: Callable[[Any], dict[str, list[tuple[str, str]]]] | None = None

    def __post_init__(self):
        names = {s.name for s in self.states}
        clocks = {c.name for c in self.clocks}
        assert self.initial in names, f"{self.code}: unknown initial state {self.initial}"
        seen: set[str] = set()
        for t in self.transitions:
            assert t.name not in seen, f"{self.code}: duplicate transition {t.name}"
            seen.add(t.name)
            assert t.target is None or t.target in names, f"{self.code}.{t.name}: unknown target {t.target}"
            for s in t.sources:
                assert s in names, f"{self.code}.{t.name}: unknown source {s}"
            for e in t.effects:
                assert e.clock in clocks, f"{self.code}.{t.name}: unknown clock {e.clock}"
            if t.timer:
                assert t.timer.clock in clocks and SYSTEM in t.roles

    def state(self, name: str) -> State:
        for s in self.states:
            if s.name == name:
                return s
        raise KeyError(name)

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise KeyError(name)

    def clock(self, name: str) -> ClockSpec:
        for c in self.clocks:
            if c.name == name:
                return c
        raise KeyError(name)

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def states_actionable_by(self, roles: set[str]) -> set[str]:
        """States in which someone holding ``roles`` has something to do (for the inbox)."""
        out: set[str] = set()
        for t in self.transitions:
            if t.inbox and roles.intersection(t.roles):
                out.update(t.sources)
        return out

    def clock_effect_label(self, effect: ClockEffect) -> str:
        """What a step does to a clock, in the active language ("审查决定期限20个工作日")."""
        spec = self.clock(effect.clock)
        label = str(spec.label)
        if effect.op in ("start", "restart"):
            # Translators: a time limit and its length, e.g. "审查决定期限" + "20个工作日".
            return _("%(label)s%(duration)s") % {"label": label, "duration": duration_text(spec.budget, spec.unit)}
        if effect.op == "extend":
            return _("%(label)s延长%(duration)s") % {
                "label": label, "duration": duration_text(effect.days or spec.max_extension, spec.unit)}
        if effect.op == "pause":
            return _("%(label)s中止计算") % {"label": label}
        if effect.op == "resume":
            return _("%(label)s恢复计算") % {"label": label}
        return ""


def resolver(module: str) -> Callable[..., Callable[[Any, Any], Any]]:
    """Hooks and guards live in an app's services module, which needs the models; a definition must not import it
    at load time. ``_hook = resolver("fazhi.x.services")`` gives ``_hook("name")``: a callable (case, ctx) that
    imports ``module.name`` when it runs (``_hook("name", *args)`` calls ``module.name(*args)(case, ctx)``)."""

    def named(name: str, *args: Any) -> Callable[[Any, Any], Any]:
        def call(case, ctx):
            import importlib

            fn = getattr(importlib.import_module(module), name)
            return fn(*args)(case, ctx) if args else fn(case, ctx)

        call.__name__ = name
        return call

    return named


_REGISTRY: dict[str, ProcessDefinition] = {}


def register(definition: ProcessDefinition) -> ProcessDefinition:
    _REGISTRY[definition.code] = definition
    return definition


def get_definition(code: str) -> ProcessDefinition:
    if code not in _REGISTRY:
        from django.apps import apps

        apps.check_apps_ready()
    return _REGISTRY[code]


def all_definitions() -> list[ProcessDefinition]:
    return list(_REGISTRY.values())
