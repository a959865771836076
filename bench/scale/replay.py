"""Cases replayed in memory through their process definitions: what ``case_open`` / ``case_fire`` would have
written (the case row, its clock rounds with their pauses and extensions and due dates from the working-day
calendar, the hash-chained events exactly as ``CaseEvent.compute_hash`` makes them, the documents rows), built
as plain dicts for the bulk writer. No database access: this runs in the generating process.

Each kind is a ``KindSpec``: which transitions it uses and how likely each is, who fires them, what the hooks of
the real services would have changed (emulated: dates, outcomes, the kind's own row), and the data each step
records. A case walks from the definition's initial state to a terminal state chosen from the kind's outcome
weights, one allowed transition at a time (only transitions whose clock effects are possible now: a pause needs a
running clock, an extension room left under the legal maximum); a case whose next step would fall after "today"
stays open where it is, so running clocks fall due around today and some are overdue."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from fazhi.process.definition import APPLICANT, SYSTEM, ProcessDefinition, Transition

SYSTEM_LABEL = "系统（法定期限计时）"  # fazhi.process.services.SYSTEM_ACTOR_LABEL
OPEN_ONLINE, OPEN_COUNTER = "提交申请", "登记收件"  # OPEN_ONLINE_LABEL / OPEN_COUNTER_LABEL
MAX_STEPS = 12


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
_STR = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes for a str


class RawJSON(str):
    """JSON text already encoded (written to a JSON column as it is)."""


def canonical_hash(payload: dict) -> str:
    """``CaseEvent.compute_hash`` (fazhi/process/models.py: ``_canonical``) for a payload built here."""
    return hashlib.sha256(_CANONICAL.encode(payload).encode()).hexdigest()


def event_hash(*, case: str, seq: int, at: str, on: str, actor: int | None, actor_label: str, transition: str,
               from_state: str, to_state: str, comment: str, data_json: str, prev: str) -> str:
    """``canonical_hash`` of an event's payload, written out key by key in sorted order around the data's own
    canonical JSON (which is also what the data column stores): the same bytes as ``json.dumps(payload,
    ensure_ascii=False, sort_keys=True, separators=(",", ":"))``, one encoding of the data instead of two."""
    text = (f'{{"actor":{"null" if actor is None else actor},"actor_label":{_STR(actor_label)},"at":{_STR(at)},'
            f'"case":{_STR(case)},"comment":{_STR(comment)},"data":{data_json},"from":{_STR(from_state)},'
            f'"on":{_STR(on)},"prev":{_STR(prev)},"seq":{seq},"to":{_STR(to_state)},"transition":{_STR(transition)}}}')
    return hashlib.sha256(text.encode()).hexdigest()


class Ids:
    """The primary keys of one chunk: each table's reserved range (start, capacity)."""

    def __init__(self, ranges: dict[str, tuple[int, int]]):
        self.next = {k: s for k, (s, _c) in ranges.items()}
        self.end = {k: s + c for k, (s, c) in ranges.items()}

    def take(self, key: str) -> int:
        v = self.next[key]
        if v >= self.end[key]:
            raise RuntimeError(f"id range of {key} exhausted in this chunk")
        self.next[key] = v + 1
        return v


class Counters:
    """Gapless serials per (agency, key, year): case numbers (#XK, #GK ...), document numbers (许, 公开 ...)."""

    def __init__(self, state: dict | None = None):
        self.last: dict[tuple[int, str, int], int] = {}
        for k, v in (state or {}).items():
            a, key, year = k.split("|")
            self.last[(int(a), key, int(year))] = v

    def take(self, agency_id: int, key: str, year: int) -> int:
        k = (agency_id, key, year)
        v = self.last.get(k, 0) + 1
        self.last[k] = v
        return v

    def state(self) -> dict:
        return {f"{a}|{key}|{year}": v for (a, key, year), v in self.last.items()}


class Clk:
    __slots__ = ("id", "name", "label", "budget", "unit", "basis", "started_on", "state", "ext", "due", "provisional",
                 "stopped_on", "round", "pauses", "max_ext")

    def row(self, case_id: int) -> dict:
        return {"id": self.id, "case_id": case_id, "name": self.name, "label": self.label, "budget": self.budget,
                "unit": self.unit, "legal_basis": self.basis, "started_on": self.started_on, "state": self.state,
                "extension_days": self.ext, "due": self.due, "provisional": self.provisional,
                "stopped_on": self.stopped_on, "round": self.round}


@dataclass
class Env:
    """What a replay needs besides the definition: ids, counters, the rows being collected, the calendar."""

    ids: Ids
    counters: Counters
    rows: dict[str, list]
    today: dt.date
    deadline: Callable  # (start, days, unit, exclusions) -> (due, provisional)
    labels: dict  # (process code, transition) -> Chinese label
    secret: bytes


@dataclass
class KindSpec:
    code: str  # the process definition
    definition: ProcessDefinition
    finals: dict[str, float]  # terminal state -> weight
    weights: dict[str, float] = field(default_factory=dict)  # transition -> weight multiplier
    exclude: frozenset = frozenset()
    once: frozenset = frozenset()  # transitions fired at most once per case
    gaps: dict[str, tuple[int, int]] = field(default_factory=dict)  # transition -> days after the previous step
    timer_on_due: frozenset = frozenset()  # timers whose step takes effect as of the due date (hook_back_to_due)
    document_titles: dict[str, str] = field(default_factory=dict)
    data: Callable | None = None  # (sim, t, day, rng) -> dict of the step's fields
    hook: Callable | None = None  # (sim, t, day, data, extra) -> None: what the real hook would have done
    actor: Callable | None = None  # (sim, t) -> staff key | None, overrides the role mapping
    path: Callable | None = None  # (final, rng) -> [transition names]: a fixed path instead of the walk
    # computed
    out: dict = field(default_factory=dict)
    dist: dict = field(default_factory=dict)

    def __post_init__(self):
        usable = [t for t in self.definition.transitions if t.name not in self.exclude]
        for s in self.definition.states:
            self.out[s.name] = [t for t in usable if s.name in t.sources]
        for final in self.finals:
            d = {final: 0}
            frontier = [final]
            while frontier:
                nxt = []
                for state in frontier:
                    for t in usable:
                        if t.target == state:
                            for src in t.sources:
                                if src not in d:
                                    d[src] = d[state] + 1
                                    nxt.append(src)
                frontier = nxt
            if self.definition.initial not in d:
                raise ValueError(f"{self.code}: {final} is not reachable")
            self.dist[final] = d


ROLE_STAFF = {"intake_clerk": "clerk", "case_handler": "handler", "section_head": "head",
              "deputy_director": "deputy", "director": "director", "legal_reviewer": "legal",
              "enforcement_officer": "officer1"}


class Sim:
    """One case being replayed."""

    def __init__(self, env: Env, spec: KindSpec, *, case_id: int, number: str, agency, kind_row: dict | None,
                 channel: str, received: dt.date, applicant: tuple | None, party: dict, data: dict, rng: random.Random,
                 opener: str | None, open_actor: int | None, open_label: str, slow: bool = False):
        self.env, self.spec, self.rng, self.agency, self.slow = env, spec, rng, agency, slow
        d = spec.definition
        self.case = {
            "id": case_id, "kind": d.code, "number": number, "agency_id": agency.id,
            "applicant_id": applicant[0] if applicant else None, "party_kind": party["kind"],
            "party_name": party["name"], "party_id_number": party["id_number"], "party_phone": party["phone"],
            "party_address": party["address"], "channel": channel, "received_on": received, "submitted_on": received,
            "accepted_on": None, "decided_on": None, "closed_on": None, "state": d.initial, "outcome": "", "data": data,
            "next_due": None, "verification_hash": "", "created_at": None, "created_by_id": None, "published_on": None,
            "event_count": 0, "last_event_hash": "",
        }
        self.kind_row = kind_row  # the kind's own row (Application, DisclosureRequest ...), updated by hooks
        self.extra_rows: dict[str, list] = {}
        self.clocks: dict[str, list[Clk]] = {}
        self.used: Counter = Counter()
        self.day = received
        self.applicant = applicant
        self.opener = opener  # staff key of who registered it (None: the applicant online / the system)
        self.opinion = "grant"  # licensing: the handler's opinion on the path
        self.request_kind = None  # requests: the intake kind (complaint, report ...)
        self.request_row: dict | None = None  # requests: the PublicRequest row
        self.officer_key: str | None = None  # inspections: the team member with an account
        at = self._at(received)
        self.case["created_at"] = at
        self.case["created_by_id"] = agency.staff[opener] if opener else (applicant[0] if applicant else None)
        for effect in d.start_effects:
            self._effect(effect, received, {}, "", None, {})
        self._next_due()
        self._event("open", open_label, "", open_actor, received, "",
                    {"channel": channel, "received_on": received.isoformat()}, True, at=at)

    # ---- helpers ------------------------------------------------------------------------------------------------
    def _at(self, day: dt.date) -> dt.datetime:
        """A time of the working day (8:00–17:00 in Shanghai, UTC+8 all year), in UTC."""
        seconds = int(self.rng.random() * 32400)  # 0:00–9:00 UTC
        return dt.datetime(day.year, day.month, day.day, seconds // 3600, seconds // 60 % 60, seconds % 60,
                           tzinfo=dt.UTC)

    def current(self, clock: str) -> Clk | None:
        rounds = self.clocks.get(clock)
        return rounds[-1] if rounds else None

    def _recompute(self, c: Clk) -> None:
        excl = tuple((p[2], p[3], f"中止：{p[1]}") for p in c.pauses)
        c.due, c.provisional = self.env.deadline(c.started_on, c.budget + c.ext, c.unit, excl)

    def _start_date(self, spec_from: str, day: dt.date, data: dict) -> dt.date:
        if spec_from == "today":
            return day
        if spec_from.startswith("data."):
            raw = self.case["data"].get(spec_from[5:]) or data.get(spec_from[5:])
            return dt.date.fromisoformat(raw) if raw else day
        return self.case[spec_from] or day

    def _effect(self, effect, day, data, comment, actor, extra) -> None:
        d = self.spec.definition
        spec = d.clock(effect.clock)
        cur = self.current(effect.clock)
        if effect.op in ("start", "restart"):
            if cur is not None and cur.state != "stopped":
                cur.state, cur.stopped_on = "stopped", day
            c = Clk()
            c.id = self.env.ids.take("clock")
            c.name, c.label, c.unit, c.basis = spec.name, self.env.labels[(d.code, "clock:" + spec.name)], spec.unit, spec.legal_basis
            c.budget = int(data[effect.budget_from]) if effect.budget_from else spec.budget
            c.started_on = self._start_date(effect.starts_from or spec.starts_from, day, data)
            c.state, c.ext, c.stopped_on, c.round, c.pauses = "running", 0, None, (cur.round + 1) if cur else 1, []
            c.max_ext = spec.max_extension
            self._recompute(c)
            self.clocks.setdefault(effect.clock, []).append(c)
            return
        if cur is None:
            return
        if effect.op == "pause":
            cur.pauses.append([self.env.ids.take("pause"), str(data.get("pause_reason") or comment or "中止"), day, None])
            cur.state = "paused"
            self._recompute(cur)
        elif effect.op == "resume":
            cur.pauses[-1][3] = day
            cur.state = "running"
            self._recompute(cur)
        elif effect.op == "extend":
            days = effect.days or spec.max_extension
            self.env.rows["extension"].append({
                "id": self.env.ids.take("extension"), "clock_id": cur.id, "days": days,
                "reason": comment or str(data.get("reason", "")), "approver_id": actor, "decided_on": day,
                "legal_basis": spec.extension_basis})
            cur.ext += days
            self._recompute(cur)
            extra["new_due"] = cur.due.isoformat() if cur.due else None
        elif effect.op == "stop" and cur.state != "stopped":
            if cur.state == "paused":
                cur.pauses[-1][3] = day
                self._recompute(cur)
            cur.state, cur.stopped_on = "stopped", day

    def effects_ok(self, t: Transition) -> bool:
        if t.timer is not None:
            c = self.current(t.timer.clock)
            if c is None or c.state != "running":
                return False
        for e in t.effects:
            cur = self.current(e.clock)
            if e.op == "pause" and (cur is None or cur.state != "running"):
                return False
            if e.op == "resume" and (cur is None or cur.state != "paused"):
                return False
            if e.op == "extend":
                spec = self.spec.definition.clock(e.clock)
                if cur is None or cur.state == "stopped" or (
                        spec.max_extension and cur.ext + (e.days or spec.max_extension) > spec.max_extension):
                    return False
        return True

    def _next_due(self) -> None:
        dues = [c.due for rounds in self.clocks.values() for c in rounds if c.state == "running" and c.due is not None]
        self.case["next_due"] = min(dues) if dues else None

    def _event(self, name, label, from_state, actor, day, comment, data, public, at=None) -> int:
        case = self.case
        at = at or self._at(day)
        actor_label = (self.agency.staff_names_by_id.get(actor) or self._applicant_label(actor)) if actor else SYSTEM_LABEL
        seq = case["event_count"] + 1
        data_json = RawJSON(_CANONICAL.encode(data))
        h = event_hash(case=case["number"], seq=seq, at=at.isoformat(), on=day.isoformat(), actor=actor,
                       actor_label=actor_label, transition=name, from_state=from_state, to_state=case["state"],
                       comment=comment, data_json=data_json, prev=case["last_event_hash"])
        eid = self.env.ids.take("event")
        self.env.rows["event"].append({
            "id": eid, "case_id": case["id"], "seq": seq, "at": at, "on": day, "actor_id": actor,
            "actor_label": actor_label, "transition": name, "label": label, "from_state": from_state,
            "to_state": case["state"], "comment": comment, "data": data_json, "public": public,
            "prev_hash": case["last_event_hash"], "hash": h})
        case["event_count"], case["last_event_hash"] = seq, h
        return eid

    def _applicant_label(self, actor) -> str:
        if self.applicant and self.applicant[0] == actor:
            return self.applicant[2]
        return str(actor)

    def actor_for(self, t: Transition):
        if self.spec.actor:
            key = self.spec.actor(self, t)
            if key is not None:
                return None if key == SYSTEM else self.agency.staff[key]
        if SYSTEM in t.roles and len(t.roles) == 1:
            return None
        if APPLICANT in t.roles and self.applicant and self.rng.random() < 0.8:
            return self.applicant[0]
        for r in t.roles:
            if r in ROLE_STAFF:
                return self.agency.staff[ROLE_STAFF[r]]
        return None

    # ---- one step ----------------------------------------------------------------------------------------------
    def fire(self, t: Transition, day: dt.date) -> None:
        spec, d, case = self.spec, self.spec.definition, self.case
        actor = self.actor_for(t)
        data = spec.data(self, t, day, self.rng) if spec.data else {}
        comment = data.pop("_comment", "") if "_comment" in data else ""
        if not comment and t.comment_required:
            comment = "经研究，同意。"
        extra: dict = {}
        if spec.hook:
            spec.hook(self, t, day, data, extra, actor)
        from_state = case["state"]
        for effect in t.effects:
            self._effect(effect, day, data, comment, actor, extra)
        case["state"] = t.target or from_state
        if d.state(case["state"]).terminal and case["closed_on"] is None:
            case["closed_on"] = day
        self._next_due()
        eid = self._event(t.name, self.env.labels[(d.code, t.name)], from_state, actor, day, comment,
                          {**data, **extra}, t.public)
        if t.document:
            year = day.year
            serial = self.env.counters.take(self.agency.id, d.number_code, year)
            number = f"{self.agency.short}{d.number_code}〔{year}〕{serial}号"
            title = spec.document_titles.get(t.document) or d.document_titles.get(t.document) or t.document
            self.env.rows["document"].append({
                "id": self.env.ids.take("document"), "case_id": case["id"], "kind": t.document, "title": title,
                "number": number, "issued_on": day, "file": f"documents/{year}/{case['number']}-{t.document}-{serial}.docx",
                "sha256": hashlib.sha256(number.encode()).hexdigest(), "size": self.rng.randint(18_000, 64_000),
                "event_id": eid, "created_at": self._at(day)})
        self.used[t.name] += 1
        self.day = day

    def gap(self, t: Transition) -> int:
        lo, hi = self.spec.gaps.get(t.name, (1, 6))
        g = self.rng.randint(lo, hi)
        return g * 3 if self.slow else g

    def next_day(self, t: Transition) -> dt.date:
        if t.timer:
            c = self.current(t.timer.clock)
            if c is not None and c.due is not None:
                return c.due if t.name in self.spec.timer_on_due else c.due + dt.timedelta(days=1)
        return self.day + dt.timedelta(days=self.gap(t))

    def run(self, final: str, *, stall_after: int | None = None, forced: tuple[str, ...] = ()) -> None:
        """Walk to ``final`` (or stop: after ``stall_after`` steps, or where the next step would be after today).
        ``forced``: steps taken first, whatever the weights (a disclosure request's receipt)."""
        spec, rng = self.spec, self.rng
        for name in forced:
            t = spec.definition.transition(name)
            day = self.next_day(t)
            if day > self.env.today:
                return
            self.fire(t, day)
        if spec.path:
            names = spec.path(self, final, rng)
            for i, name in enumerate(names):
                if stall_after is not None and i >= stall_after:
                    return
                t = spec.definition.transition(name)
                day = self.next_day(t)
                if day > self.env.today:
                    return
                self.fire(t, day)
            return
        dist = spec.dist[final]
        steps = 0
        while self.case["state"] != final and steps < MAX_STEPS:
            if stall_after is not None and steps >= stall_after:
                return
            state = self.case["state"]
            here = dist.get(state)
            options: list[tuple[Transition, float]] = []
            for t in spec.out[state]:
                nxt = t.target or state
                d_next = dist.get(nxt)
                if d_next is None or steps + 1 + d_next > MAX_STEPS:
                    continue
                if (t.target is None or t.name in spec.once) and self.used[t.name]:
                    continue
                if not self.effects_ok(t):
                    continue
                w = spec.weights.get(t.name, 1.0)
                w *= 5.0 if (here is not None and d_next < here) else (0.5 if t.target is None else 0.3)
                if w > 0:
                    options.append((t, w))
            if not options:
                return
            t = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
            day = self.next_day(t)
            if day > self.env.today:
                return
            self.fire(t, day)
            steps += 1

    def finish(self) -> None:
        """Write the case's rows (clocks with their pauses; the case itself)."""
        rows = self.env.rows
        for rounds in self.clocks.values():
            for c in rounds:
                rows["clock"].append(c.row(self.case["id"]))
                for pid, reason, paused, resumed in c.pauses:
                    rows["pause"].append({"id": pid, "clock_id": c.id, "reason": reason, "paused_on": paused,
                                          "resumed_on": resumed})
        rows["case"].append(self.case)

