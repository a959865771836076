"""The evaluator: a violation, the party type and the circumstances → the recommended penalty, with the
reasoning and the citations; and ``check_decision``, which says whether a decided penalty stays within it.

Nothing is guessed: no version in force, no rule, a party type the rule does not cover, an unknown
circumstance, or circumstances pointing at two grades the standard does not rank are an ``EvaluationError``
for a lawyer to resolve (docs/discretion.md lists the codes).

Which version applies (《中华人民共和国行政处罚法》第三十七条): the version in force on the day of the violation,
unless the version in force on the day of the decision is lighter for this violation, party and circumstances.
"Lighter", in this order: a mandatory no-penalty beats a discretionary one, which beats any penalty; then the
lower maximum fine; then the lower minimum fine; then fewer kinds of penalty; then milder kinds (the ranks of
``models.PENALTY_KINDS``). Equal is not lighter: the version of the violation's day stays.

The sentences of ``reasoning`` are in the active language (Chinese by default); wrap the call in
``translation.override("zh-hans")`` when they go into a document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fazhi.core import clock
from fazhi.discretion.models import (
    FINE,
    GRADE_EFFECTS,
    LEVEL_RANK,
    NO_PENALTY_KIND,
    PENALTY_KINDS,
    Circumstance,
    Effect,
    FineRange,
    Grade,
    Level,
    PartyType,
    Sanction,
    StandardVersion,
    ViolationRule,
)

APL = "《中华人民共和国行政处罚法》"
ART_37 = APL + "第三十七条"
ART_33_3 = APL + "第三十三条第三款"
ZERO = Decimal("0.00")
VIOLATION_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")

PENALTY = "penalty"
NO_PENALTY = "no_penalty"
MAY_NOT_PENALIZE = "may_not_penalize"


class EvaluationError(Exception):
    """No recommendation can be given; a lawyer resolves it. ``code``: invalid, no_version, no_rule,
    party_not_covered, discipline_only, unknown_circumstance, circumstance_not_applicable,
    circumstance_not_in_force, contradictory, conflict, no_grade, later_version. ``details``: lists of
    strings by key (versions, rules, circumstances, grades, party_type, ...)."""

    def __init__(self, code: str, message: str, details: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


@dataclass(frozen=True)
class Alternative:
    """For a discretionary no-penalty (可以不予行政处罚): the graded penalty if the agency decides to penalize."""

    grade: str
    grade_label: str
    kinds: tuple[str, ...]
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class Recommendation:
    """What the standard recommends. ``kind`` is the kinds joined with "、", or "不予行政处罚"; ``min`` and
    ``max`` are the fine range in yuan for the party type (0 when no fine is recommended); ``grade`` is the level
    code (minor, general, heavy, serious; "" when no penalty); ``outcome`` is penalty, no_penalty (the law says
    不予) or may_not_penalize (the law says 可以不予: ``alternative`` is the penalty if one is given)."""

    violation: str
    party_type: str
    outcome: str
    kind: str
    kinds: tuple[str, ...]
    min: Decimal
    max: Decimal
    grade: str
    grade_label: str
    reasoning: tuple[str, ...]
    citations: tuple[str, ...]
    version: str
    version_title: str
    rule: str
    violation_description: str
    violated_article: str
    penalty_article: str
    circumstances: tuple[str, ...]
    statutory_min: Decimal | None
    statutory_max: Decimal | None
    # A mitigating circumstance (从轻或者减轻, 第三十二条) was found: a fine below the statutory minimum (减轻) is
    # possible, with a reason and a legal review.
    reduction_permitted: bool
    violation_date: dt.date
    decision_date: dt.date
    alternative: Alternative | None = None

    @property
    def discretionary(self) -> bool:
        return self.outcome == MAY_NOT_PENALIZE

    def as_dict(self) -> dict:
        """JSON-safe: amounts as strings with two decimals, dates as ISO strings, tuples as lists."""
        out = asdict(self)
        for key in ("min", "max", "statutory_min", "statutory_max"):
            out[key] = None if out[key] is None else f"{out[key]:.2f}"
        for key in ("kinds", "reasoning", "citations", "circumstances"):
            out[key] = list(out[key])
        out["violation_date"] = self.violation_date.isoformat()
        out["decision_date"] = self.decision_date.isoformat()
        if self.alternative is not None:
            out["alternative"] = {**out["alternative"], "kinds": list(self.alternative.kinds),
                                  "min": f"{self.alternative.min:.2f}", "max": f"{self.alternative.max:.2f}"}
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Recommendation:
        """The inverse of as_dict (e.g. a recommendation stored with a case)."""
        d = dict(data)
        for key in ("min", "max", "statutory_min", "statutory_max"):
            d[key] = None if d.get(key) is None else Decimal(str(d[key]))
        for key in ("kinds", "reasoning", "citations", "circumstances"):
            d[key] = tuple(d.get(key) or ())
        d["violation_date"] = dt.date.fromisoformat(d["violation_date"])
        d["decision_date"] = dt.date.fromisoformat(d["decision_date"])
        alt = d.get("alternative")
        if alt:
            d["alternative"] = Alternative(grade=alt["grade"], grade_label=alt["grade_label"], kinds=tuple(alt["kinds"]),
                                           min=Decimal(str(alt["min"])), max=Decimal(str(alt["max"])))
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in names})


# ---- helpers ----------------------------------------------------------------------------------------------
def _date(day: dt.date) -> str:
    """2021年1月1日 in Chinese; 1 Jan 2021 otherwise (as the pages' cn_date filter)."""
    if (translation.get_language() or "zh-hans").startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return date_format(day, "j M Y")


def _yuan(amount: Decimal) -> str:
    text = f"{amount:.2f}"
    return text[:-3] if text.endswith(".00") else text


def _sep() -> str:
    from fazhi.api.errors import list_separator

    return list_separator()


def _party_label(party_type: str) -> str:
    return str(PartyType(party_type).label)


def _level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


def _version_name(v: StandardVersion) -> str:
    name = f"《{v.title}》"
    if v.document_number:
        name += f"（{v.document_number}）"
    return name


def _cite(citations: list[str], *items: str) -> None:
    for item in items:
        for part in re.split(r"[；;]", item or ""):
            part = part.strip()
            if part and part not in citations:
                citations.append(part)


# ---- which version ----------------------------------------------------------------------------------------
def _scopes(agency) -> list[int | None]:
    """The agency, its parents up to the province, then the versions for every agency (None)."""
    chain: list[int | None] = []
    node = agency
    while node is not None and node.pk not in chain:
        chain.append(node.pk)
        node = node.parent
    return [*chain, None]


def version_in_force(day: dt.date, agency=None) -> StandardVersion | None:
    """The published version in force on ``day`` for ``agency``: the nearest scope (the agency, then its parents,
    then the versions for every agency) that has one. Within a scope the version with the latest effective_from on
    or before ``day`` supersedes the older ones; it is in force unless its 有效期至 has passed. Two published
    versions of a scope starting the same day are a conflict."""
    for scope in _scopes(agency):
        qs = StandardVersion.objects.filter(published=True, effective_from__lte=day)
        qs = qs.filter(agency__isnull=True) if scope is None else qs.filter(agency_id=scope)
        latest = qs.order_by("-effective_from").values_list("effective_from", flat=True).first()
        if latest is None:
            continue
        current = list(qs.filter(effective_from=latest).select_related("agency").order_by("code"))
        if len(current) > 1:
            names = "、".join(_version_name(v) + f"（{v.code}）" for v in current)
            raise EvaluationError("conflict", _("%(day)s施行的裁量基准有多个：%(names)s，无法确定适用哪一个，请法制审核人员处理。")
                                  % {"day": _date(day), "names": names}, {"versions": [v.code for v in current]})
        version = current[0]
        if version.effective_until is not None and version.effective_until < day:
            continue
        return version
    return None


# ---- one version ------------------------------------------------------------------------------------------
@dataclass
class _Outcome:
    version: StandardVersion
    rule: ViolationRule
    outcome: str
    kinds: tuple[str, ...] = ()
    grade: str = ""
    min: Decimal = ZERO
    max: Decimal = ZERO
    statutory: tuple[Decimal, Decimal] | None = None
    reasoning: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    alternative: Alternative | None = None
    reduction_permitted: bool = False

    def severity(self) -> tuple:
        if self.outcome == NO_PENALTY:
            return (0,)
        if self.outcome == MAY_NOT_PENALIZE:
            return (1,)
        return (2, self.max, self.min, len(self.kinds), sum(PENALTY_KINDS.get(k, 0) for k in self.kinds))


def _rule_for(version: StandardVersion, violation: str, party_type: str) -> ViolationRule:
    rules = list(version.rules.filter(violation=violation).prefetch_related(
        Prefetch("grades", queryset=Grade.objects.order_by("rank")),
        Prefetch("fines", queryset=FineRange.objects.filter(grade__isnull=True), to_attr="statutory_fines"),
        Prefetch("grades__fines")))
    name = _version_name(version)
    if not rules:
        raise EvaluationError("no_rule", _("裁量基准%(version)s（%(code)s）没有违法行为“%(violation)s”的裁量规则，请法制审核人员确定"
                                           "适用的规则。") % {"version": name, "code": version.code, "violation": violation},
                              {"violation": [violation]})
    covering = [r for r in rules if party_type in r.party_types]
    if not covering:
        covered = sorted({p for r in rules for p in r.party_types if p in PartyType.values},
                         key=PartyType.values.index)
        raise EvaluationError(
            "party_not_covered",
            _("裁量基准%(version)s中违法行为“%(description)s”的规则（%(rules)s）不适用于当事人类型“%(party)s”，只适用于：%(covered)s。")
            % {"version": name, "description": rules[0].description, "rules": "、".join(r.code for r in rules),
               "party": _party_label(party_type), "covered": "、".join(_party_label(p) for p in covered)},
            {"rules": [r.code for r in rules], "party_type": [party_type]})
    if len(covering) > 1:
        raise EvaluationError(
            "conflict",
            _("裁量基准%(version)s中有多条规则适用于违法行为“%(violation)s”和当事人类型“%(party)s”：%(rules)s，相互冲突，"
              "请法制审核人员处理。")
            % {"version": name, "violation": violation, "party": _party_label(party_type),
               "rules": "、".join(f"{r.code}（{r.penalty_article or r.violated_article}）" for r in covering)},
            {"rules": [r.code for r in covering]})
    rule = covering[0]
    if rule.sanction == Sanction.DISCIPLINE:
        raise EvaluationError(
            "discipline_only",
            _("违法行为“%(description)s”依照%(article)s对直接负责的主管人员和其他直接责任人员依法给予处分，处分不是行政处罚，"
              "裁量基准不作推荐。") % {"description": rule.description, "article": rule.violated_article},
            {"rules": [rule.code]})
    return rule


def _circumstances(version: StandardVersion, codes: list[str], party_type: str,
                   decision_date: dt.date) -> list[Circumstance]:
    catalogue = {c.code: c for c in version.circumstances.all()}
    unknown = [c for c in codes if c not in catalogue]
    if unknown:
        raise EvaluationError("unknown_circumstance", _("裁量基准%(version)s（%(code)s）中没有这些情节编码：%(codes)s。")
                              % {"version": _version_name(version), "code": version.code, "codes": "、".join(unknown)},
                              {"circumstances": unknown})
    found = [catalogue[c] for c in codes]
    for c in found:
        if c.party_types and party_type not in c.party_types:
            raise EvaluationError("circumstance_not_applicable", _("情节“%(label)s”不适用于当事人类型“%(party)s”。")
                                  % {"label": c.label, "party": _party_label(party_type)}, {"circumstances": [c.code]})
        if c.in_force_from and decision_date < c.in_force_from:
            raise EvaluationError(
                "circumstance_not_in_force",
                _("情节“%(label)s”的依据（%(citation)s）自%(day)s起施行，不适用于此前作出的处罚决定。")
                % {"label": c.label, "citation": c.citation, "day": _date(c.in_force_from)}, {"circumstances": [c.code]})
    for c in found:
        for other in found:
            if other.code in c.excludes:
                raise EvaluationError("contradictory", _("情节“%(a)s”与“%(b)s”相互矛盾，不能同时认定。")
                                      % {"a": c.label, "b": other.label}, {"circumstances": [c.code, other.code]})
    return found


def _fine_range(rule: ViolationRule, grade: Grade | None, party_type: str) -> tuple[Decimal, Decimal] | None:
    rows = rule.statutory_fines if grade is None else grade.fines.all()
    for row in rows:
        if row.party_type == party_type:
            return row.minimum, row.maximum
    return None


def _select_grade(version: StandardVersion, rule: ViolationRule, found: list[Circumstance],
                  reasoning: list[str], citations: list[str]) -> Grade:
    grades = {g.level: g for g in rule.grades.all()}
    selecting = [c for c in found if c.effect in GRADE_EFFECTS]
    selected: dict[str, list[Circumstance]] = {}
    for c in selecting:
        levels = [g.level for g in grades.values() if c.code in g.circumstances]
        if not levels:
            raise EvaluationError("no_grade", _("规则%(rule)s没有规定情节“%(label)s”适用的档次，请法制审核人员裁量。")
                                  % {"rule": rule.code, "label": c.label}, {"circumstances": [c.code]})
        for level in levels:
            selected.setdefault(level, []).append(c)
    for c in selecting:
        if c.effect == Effect.MITIGATING:
            text = _("情节“%(label)s”属于%(modal)s从轻或者减轻处罚的情形（%(citation)s）。")
            modal = _("可以") if c.discretionary else _("应当")
        else:
            text = _("情节“%(label)s”属于本基准规定的从重情形（%(citation)s）。")
            modal = ""
        reasoning.append(text % {"label": c.label, "modal": modal, "citation": c.citation})
        _cite(citations, c.citation)
    if not selected:
        if not rule.default_grade or rule.default_grade not in grades:
            raise EvaluationError("no_grade", _("未认定选择档次的情节，规则%(rule)s也没有规定一般情形适用的档次，请法制审核人员裁量。")
                                  % {"rule": rule.code}, {"rules": [rule.code]})
        reasoning.append(_("未认定从轻、从重情节，依本基准适用“%(grade)s”档次。") % {"grade": _level_label(rule.default_grade)})
        return grades[rule.default_grade]
    levels = set(selected)
    beaten = {loser for winner, loser in (version.precedence or []) if winner in levels and loser in levels}
    remaining = sorted(levels - beaten, key=LEVEL_RANK.get)
    if len(remaining) > 1:
        parts = "；".join(_("“%(labels)s”指向“%(grade)s”档次") % {
            "labels": "”“".join(c.label for c in selected[lv]), "grade": _level_label(lv)} for lv in remaining)
        raise EvaluationError(
            "conflict", _("情节指向不同的档次：%(parts)s。本基准没有规定它们的优先顺序，请法制审核人员综合裁量。") % {"parts": parts},
            {"grades": remaining, "circumstances": [c.code for lv in remaining for c in selected[lv]]})
    level = remaining[0]
    if beaten:
        reasoning.append(_("依本基准，“%(winner)s”档次优先于“%(losers)s”档次。")
                         % {"winner": _level_label(level),
                            "losers": "”“".join(_level_label(lv) for lv in sorted(beaten, key=LEVEL_RANK.get))})
    reasoning.append(_("依本基准适用“%(grade)s”档次。") % {"grade": _level_label(level)})
    return grades[level]


def _graded(rule: ViolationRule, grade: Grade, party_type: str) -> tuple[tuple[str, ...], Decimal, Decimal]:
    kinds = tuple(grade.kinds or rule.kinds)
    if FINE not in kinds:
        return kinds, ZERO, ZERO
    bounds = _fine_range(rule, grade, party_type)
    if bounds is None:
        raise EvaluationError("no_grade", _("规则%(rule)s的“%(grade)s”档次没有当事人类型“%(party)s”的罚款幅度。")
                              % {"rule": rule.code, "grade": grade.get_level_display(), "party": _party_label(party_type)},
                              {"rules": [rule.code]})
    return kinds, bounds[0], bounds[1]


def _evaluate_in(version: StandardVersion, *, violation: str, party_type: str, codes: list[str],
                 decision_date: dt.date) -> _Outcome:
    rule = _rule_for(version, violation, party_type)
    found = _circumstances(version, codes, party_type, decision_date)
    out = _Outcome(version=version, rule=rule, outcome=PENALTY)
    out.statutory = _fine_range(rule, None, party_type) if FINE in rule.kinds else None
    out.reduction_permitted = any(c.effect == Effect.MITIGATING for c in found)
    legal = _("违法行为：%(description)s，违反%(violated)s；处罚依据：%(penalty)s。") % {
        "description": rule.description, "violated": rule.violated_article, "penalty": rule.penalty_article}
    out.reasoning.append(legal)
    statutory = _("当事人类型：%(party)s；法定处罚种类：%(kinds)s。") % {"party": _party_label(party_type),
                                                                "kinds": "、".join(rule.kinds)}
    if out.statutory:
        statutory = _("当事人类型：%(party)s；法定处罚种类：%(kinds)s；法定罚款幅度：%(min)s元至%(max)s元。") % {
            "party": _party_label(party_type), "kinds": "、".join(rule.kinds), "min": _yuan(out.statutory[0]),
            "max": _yuan(out.statutory[1])}
    out.reasoning.append(statutory)
    _cite(out.citations, rule.violated_article, rule.penalty_article)

    barring = [c for c in found if c.effect == Effect.NO_PENALTY]
    if barring:
        for c in barring:
            out.reasoning.append(_("情节“%(label)s”属于依法不予行政处罚的情形（%(citation)s）。")
                                 % {"label": c.label, "citation": c.citation})
            _cite(out.citations, c.citation)
        out.reasoning.append(_("推荐：不予行政处罚。对依法不予行政处罚的当事人，应当进行教育（%(citation)s）。")
                             % {"citation": ART_33_3})
        _cite(out.citations, ART_33_3)
        out.outcome = NO_PENALTY
        return out
    optional = [c for c in found if c.effect == Effect.MAY_NOT_PENALIZE]
    grade = _select_grade(version, rule, found, out.reasoning, out.citations)
    kinds, low, high = _graded(rule, grade, party_type)
    if optional:
        for c in optional:
            out.reasoning.append(_("情节“%(label)s”属于可以不予行政处罚的情形（%(citation)s）：是否给予处罚由行政机关裁量决定。")
                                 % {"label": c.label, "citation": c.citation})
            _cite(out.citations, c.citation)
        out.reasoning.append(_("推荐：不予行政处罚，并对当事人进行教育（%(citation)s）。决定给予处罚的，适用“%(grade)s”档次：%(penalty)s。")
                             % {"citation": ART_33_3, "grade": grade.get_level_display(),
                                "penalty": _penalty_text(kinds, low, high)})
        _cite(out.citations, ART_33_3)
        out.outcome = MAY_NOT_PENALIZE
        out.alternative = Alternative(grade=grade.level, grade_label=str(grade.get_level_display()), kinds=kinds,
                                      min=low, max=high)
        return out
    out.kinds, out.grade, out.min, out.max = kinds, grade.level, low, high
    out.reasoning.append(_("推荐（“%(grade)s”档次）：%(penalty)s。") % {"grade": grade.get_level_display(),
                                                               "penalty": _penalty_text(kinds, low, high)})
    return out


def _penalty_text(kinds: Sequence[str], low: Decimal, high: Decimal) -> str:
    text = "、".join(kinds)
    if FINE in kinds:
        text += _("，罚款%(min)s元至%(max)s元") % {"min": _yuan(low), "max": _yuan(high)}
    return text


def _lighter_how(new: _Outcome, old: _Outcome) -> str:
    """Why ``new`` is lighter than ``old`` (new.severity() < old.severity())."""
    if new.outcome == NO_PENALTY:
        return _("不予行政处罚")
    if new.outcome == MAY_NOT_PENALIZE:
        return _("可以不予行政处罚")
    if new.max != old.max:
        return _("最高罚款由%(old)s元降为%(new)s元") % {"old": _yuan(old.max), "new": _yuan(new.max)}
    if new.min != old.min:
        return _("最低罚款由%(old)s元降为%(new)s元") % {"old": _yuan(old.min), "new": _yuan(new.min)}
    return _("处罚种类由“%(old)s”变为“%(new)s”") % {"old": "、".join(old.kinds), "new": "、".join(new.kinds)}


# ---- the public function ----------------------------------------------------------------------------------
def evaluate(*, violation: str, party_type: str, circumstances: Sequence[str], violation_date: dt.date,
             decision_date: dt.date | None = None, agency=None) -> Recommendation:
    """The recommended penalty for ``violation`` (a rule's violation code, e.g. "da48-1-use") committed on
    ``violation_date`` by a party of ``party_type`` (unit, individual, archives_service_enterprise) with the
    given circumstance codes, decided on ``decision_date`` (default: today) by ``agency`` (an Agency; None: the
    standards for every agency). Raises EvaluationError; never falls back to a default."""
    if decision_date is None:
        decision_date = clock.today()
    if party_type not in PartyType.values:
        raise EvaluationError("invalid", _("当事人类型应为：单位（unit）、个人（individual）或档案服务企业"
                                           "（archives_service_enterprise）。"), {"party_type": [str(party_type)]})
    if not isinstance(violation_date, dt.date) or not isinstance(decision_date, dt.date):
        raise EvaluationError("invalid", _("请填写违法行为发生日期和处罚决定日期。"), {"date": []})
    if violation_date > decision_date:
        raise EvaluationError("invalid", _("违法行为发生日期不能晚于处罚决定日期。"), {"date": [violation_date.isoformat()]})
    violation = str(violation or "").strip()
    if not violation:
        raise EvaluationError("invalid", _("请选择违法行为。"), {"violation": []})
    if not VIOLATION_CODE.match(violation):
        raise EvaluationError("no_rule", _("违法行为编码“%(violation)s”无效：编码由小写字母、数字和连字符组成。")
                              % {"violation": violation[:60]}, {"violation": [violation[:60]]})
    if isinstance(circumstances, str):
        raise EvaluationError("invalid", _("情节应为情节编码的列表。"), {"circumstances": []})
    codes: list[str] = []
    for c in circumstances or []:
        c = str(c).strip()
        if c and c not in codes:
            codes.append(c)

    then = version_in_force(violation_date, agency)
    if then is None:
        raise EvaluationError("no_version", _("违法行为发生之日（%(day)s）没有施行中的已公布裁量基准，请法制审核人员依照当时的法律确定处罚。")
                              % {"day": _date(violation_date)}, {"date": [violation_date.isoformat()]})
    chosen = _evaluate_in(then, violation=violation, party_type=party_type, codes=codes, decision_date=decision_date)
    opening = [_("违法行为发生于%(day)s，当日施行的裁量基准为%(version)s（%(code)s，%(from)s起施行）。")
               % {"day": _date(violation_date), "version": _version_name(then), "code": then.code,
                  "from": _date(then.effective_from)}]
    citations: list[str] = []
    now = version_in_force(decision_date, agency) if decision_date != violation_date else then
    if now is not None and now.pk != then.pk:
        try:
            later = _evaluate_in(now, violation=violation, party_type=party_type, codes=codes,
                                 decision_date=decision_date)
        except EvaluationError as e:
            raise EvaluationError(
                "later_version",
                _("作出处罚决定之日施行的裁量基准%(version)s（%(code)s）不能评估本案：%(error)s无法依照%(art)s比较新旧基准的轻重，"
                  "请法制审核人员判断。") % {"version": _version_name(now), "code": now.code, "error": e.message, "art": ART_37},
                {"versions": [then.code, now.code], **e.details}) from None
        if later.severity() < chosen.severity():
            opening.append(_("作出处罚决定之日（%(day)s）施行的裁量基准%(version)s（%(code)s）处罚较轻（%(how)s），依照%(art)s，"
                             "适用新的裁量基准。") % {"day": _date(decision_date), "version": _version_name(now),
                                              "code": now.code, "how": _lighter_how(later, chosen), "art": ART_37})
            chosen = later
        else:
            opening.append(_("作出处罚决定之日（%(day)s）施行的裁量基准%(version)s（%(code)s）处罚不轻于违法行为发生时的基准，"
                             "依照%(art)s，适用违法行为发生时的裁量基准。") % {"day": _date(decision_date),
                                                             "version": _version_name(now), "code": now.code,
                                                             "art": ART_37})
        _cite(citations, ART_37)
    elif now is None:
        opening.append(_("作出处罚决定之日（%(day)s）没有施行中的裁量基准，适用违法行为发生时的裁量基准（%(art)s）。")
                       % {"day": _date(decision_date), "art": ART_37})
        _cite(citations, ART_37)
    _cite(citations, *chosen.citations)
    _cite(citations, _version_name(chosen.version))

    if chosen.outcome == PENALTY:
        kind = "、".join(chosen.kinds)
    else:
        kind = NO_PENALTY_KIND
    statutory = chosen.statutory
    return Recommendation(
        violation=violation, party_type=party_type, outcome=chosen.outcome, kind=kind, kinds=chosen.kinds,
        min=chosen.min, max=chosen.max, grade=chosen.grade,
        grade_label=_level_label(chosen.grade) if chosen.grade else "",
        reasoning=tuple(opening + chosen.reasoning), citations=tuple(citations), version=chosen.version.code,
        version_title=chosen.version.title, rule=chosen.rule.code, violation_description=chosen.rule.description,
        violated_article=chosen.rule.violated_article, penalty_article=chosen.rule.penalty_article,
        circumstances=tuple(codes), statutory_min=statutory[0] if statutory else None,
        statutory_max=statutory[1] if statutory else None, reduction_permitted=chosen.reduction_permitted,
        violation_date=violation_date, decision_date=decision_date, alternative=chosen.alternative)


# ---- checking a decision ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionCheck:
    """``within_range``: the decision is what the standard recommends. Otherwise ``deviations`` says how it
    departs, a written ``reason`` was given, and ``requires_legal_review`` is True (法制审核 before deciding)."""

    within_range: bool
    requires_legal_review: bool
    deviations: tuple[str, ...]
    reason: str
    citations: tuple[str, ...]
    kinds: tuple[str, ...]
    amount: Decimal

    def as_dict(self) -> dict:
        return {"within_range": self.within_range, "requires_legal_review": self.requires_legal_review,
                "deviations": list(self.deviations), "reason": self.reason, "citations": list(self.citations),
                "kinds": list(self.kinds), "amount": f"{self.amount:.2f}"}


DEVIATION_BASIS = ("《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》（国办发〔2022〕27号）",
                   APL + "第五十八条")


def _decided_kinds(kind: str | Sequence[str] | None) -> tuple[str, ...]:
    if kind is None:
        items: list[str] = []
    elif isinstance(kind, str):
        items = [k for k in re.split(r"[、，,；;\s]+", kind) if k]
    else:
        items = [str(k).strip() for k in kind if str(k).strip()]
    if items == [NO_PENALTY_KIND]:
        return ()
    unknown = [k for k in items if k not in PENALTY_KINDS]
    if unknown:
        raise ValidationError({"kind": [_("未知的处罚种类：%(kinds)s。处罚种类应为%(apl)s第九条规定的种类，或“不予行政处罚”。")
                                        % {"kinds": "、".join(unknown), "apl": APL}]})
    out: list[str] = []
    for k in items:
        if k not in out:
            out.append(k)
    return tuple(out)


def _decided_amount(amount: Any) -> Decimal:
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        return ZERO
    if isinstance(amount, bool | float):
        raise ValidationError({"amount": [_("罚款金额应为金额（元），如 10000 或 \"10000.00\"。")]})
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": [_("罚款金额应为不小于0、最多两位小数的金额（元）。")]})
    return value.quantize(Decimal("0.01"))


def check_decision(recommendation: Recommendation | dict, *, kind: str | Sequence[str] | None,
                   amount: Decimal | int | str | None, reason: str = "") -> DecisionCheck:
    """Check a decided (or proposed) penalty against the recommendation.

    ``kind``: the decided kinds, a list or a string joined with "、" ("警告、罚款"); "不予行政处罚", "" or an
    empty list for no penalty. ``amount``: the fine in yuan (None or 0 when no fine). ``reason``: the written
    reason for departing from the recommendation.

    Raises ValidationError (Chinese, by field ``kind``, ``amount``, ``reason``) when the input is bad, when the
    fine exceeds the statutory maximum (never allowed), or when the decision departs from the recommendation and
    no reason is given. Otherwise returns a DecisionCheck; a departure needs a legal review."""
    rec = Recommendation.from_dict(recommendation) if isinstance(recommendation, dict) else recommendation
    kinds = _decided_kinds(kind)
    value = _decided_amount(amount)
    reason = (reason or "").strip()
    if FINE in kinds and value <= 0:
        raise ValidationError({"amount": [_("决定罚款的，请填写罚款金额。")]})
    if FINE not in kinds and value > 0:
        raise ValidationError({"amount": [_("未决定罚款，罚款金额应为空或0。")]})
    if FINE in kinds and rec.statutory_max is not None and value > rec.statutory_max:
        raise ValidationError({"amount": [_("罚款%(amount)s元超过法定最高数额%(max)s元（%(basis)s），不能作出。")
                                          % {"amount": _yuan(value), "max": _yuan(rec.statutory_max),
                                             "basis": rec.penalty_article}]})
    deviations: list[str] = []
    if rec.outcome == NO_PENALTY:
        if kinds:
            deviations.append(_("裁量基准推荐依法不予行政处罚，拟决定给予处罚（%(kinds)s）。") % {"kinds": "、".join(kinds)})
    elif rec.outcome == MAY_NOT_PENALIZE:
        if kinds:
            alt = rec.alternative
            if alt is None:
                deviations.append(_("裁量基准推荐不予行政处罚，且未给出处罚档次。"))
            else:
                deviations += _penalty_deviations(alt.kinds, alt.min, alt.max, kinds, value, rec)
    elif not kinds:
        deviations.append(_("裁量基准推荐给予处罚（%(kind)s），拟决定不予处罚，但未认定不予处罚的情节。") % {"kind": rec.kind})
    else:
        deviations += _penalty_deviations(rec.kinds, rec.min, rec.max, kinds, value, rec)
    if deviations and not reason:
        raise ValidationError({"reason": [_("拟作出的决定超出裁量基准的推荐（%(what)s），应当书面说明理由，并经法制审核。")
                                          % {"what": _sep().join(d.rstrip("。") for d in deviations)}]})
    return DecisionCheck(within_range=not deviations, requires_legal_review=bool(deviations),
                         deviations=tuple(deviations), reason=reason,
                         citations=DEVIATION_BASIS if deviations else (), kinds=kinds, amount=value)


def _penalty_deviations(want: Sequence[str], low: Decimal, high: Decimal, kinds: Sequence[str], value: Decimal,
                        rec: Recommendation) -> list[str]:
    out: list[str] = []
    missing = [k for k in want if k not in kinds]
    extra = [k for k in kinds if k not in want]
    if missing:
        out.append(_("缺少推荐的处罚种类：%(kinds)s。") % {"kinds": "、".join(missing)})
    if extra:
        out.append(_("增加了推荐以外的处罚种类：%(kinds)s。") % {"kinds": "、".join(extra)})
    if FINE in kinds and FINE in want:
        if value < low:
            out.append(_("罚款%(amount)s元低于推荐幅度下限%(min)s元。") % {"amount": _yuan(value), "min": _yuan(low)})
            if rec.statutory_min is not None and value < rec.statutory_min:
                if rec.reduction_permitted:
                    out.append(_("罚款低于法定最低数额%(min)s元，属于减轻处罚（%(apl)s第三十二条）。")
                               % {"min": _yuan(rec.statutory_min), "apl": APL})
                else:
                    out.append(_("罚款低于法定最低数额%(min)s元，而未认定应当从轻或者减轻处罚的情节（%(apl)s第三十二条）。")
                               % {"min": _yuan(rec.statutory_min), "apl": APL})
        elif value > high:
            out.append(_("罚款%(amount)s元高于推荐幅度上限%(max)s元。") % {"amount": _yuan(value), "max": _yuan(high)})
    return out
