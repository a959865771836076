"""Reads of the discretion standards: the published versions with their rules, grades, ranges and circumstances
(public: 行政处罚法第三十四条, 裁量基准应当向社会公布)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from fazhi.discretion.models import (
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


def _amount(value) -> str:
    return f"{value:.2f}"


def _fines(rows, party_types: list[str]) -> list[dict]:
    by_party = {r.party_type: r for r in rows}
    return [{"party_type": p, "party_label": str(PartyType(p).label), "min": _amount(by_party[p].minimum),
             "max": _amount(by_party[p].maximum)} for p in party_types if p in by_party]


def version_dict(v: StandardVersion) -> dict:
    """One version as plain data (the API's shape; the public page renders the same)."""
    circumstances = list(v.circumstances.all())
    labels = {c.code: c.label for c in circumstances}
    rules = []
    for r in v.rules.all():
        statutory = [f for f in r.fines.all() if f.grade_id is None]
        rules.append({
            "code": r.code, "violation": r.violation, "description": r.description,
            "violated_article": r.violated_article, "penalty_article": r.penalty_article,
            "sanction": r.sanction, "sanction_label": str(Sanction(r.sanction).label),
            "party_types": list(r.party_types),
            "party_labels": [str(PartyType(p).label) for p in r.party_types if p in PartyType.values],
            "kinds": list(r.kinds), "default_grade": r.default_grade, "notes": list(r.notes),
            "statutory_fines": _fines(statutory, r.party_types),
            "grades": [{"level": g.level, "label": str(Level(g.level).label), "description": g.description,
                        "kinds": list(g.kinds or r.kinds), "circumstances": list(g.circumstances),
                        "circumstance_labels": [labels.get(c, c) for c in g.circumstances],
                        "default": g.level == r.default_grade,
                        "fines": _fines(g.fines.all(), r.party_types)} for g in r.grades.all()],
        })
    return {
        "code": v.code, "title": v.title, "issuer": v.issuer, "document_number": v.document_number,
        "agency": v.agency.name if v.agency_id else None, "agency_code": v.agency.code if v.agency_id else None,
        "effective_from": v.effective_from, "effective_until": v.effective_until, "note": v.note,
        "precedence": [list(p) for p in v.precedence or []],
        "circumstances": [{"code": c.code, "label": c.label, "effect": c.effect,
                           "effect_label": str(Effect(c.effect).label), "discretionary": c.discretionary,
                           "citation": c.citation, "party_types": list(c.party_types), "excludes": list(c.excludes),
                           "in_force_from": c.in_force_from} for c in circumstances],
        "rules": rules,
    }


def published_versions():
    """Published versions, newest first, with everything prefetched."""
    return (StandardVersion.objects.filter(published=True).select_related("agency")
            .prefetch_related(
                Prefetch("circumstances", queryset=Circumstance.objects.order_by("order", "id")),
                Prefetch("rules", queryset=ViolationRule.objects.order_by("order", "id")),
                Prefetch("rules__fines", queryset=FineRange.objects.order_by("id")),
                Prefetch("rules__grades", queryset=Grade.objects.order_by("rank", "id")),
                Prefetch("rules__grades__fines", queryset=FineRange.objects.order_by("id")))
            .order_by("-effective_from", "code"))


def published_version(code: str) -> StandardVersion | None:
    return published_versions().filter(code=code).first()


def violation_choices() -> list[tuple[str, str]]:
    """(violation code, description) of the published versions' rules; the newest version's wording first."""
    seen: dict[str, str] = {}
    rows = (ViolationRule.objects.filter(version__published=True)
            .order_by("-version__effective_from", "order").values_list("violation", "description", "sanction"))
    for violation, description, sanction in rows:
        if violation not in seen:
            suffix = _("（处分，不属于行政处罚）") if sanction == Sanction.DISCIPLINE else ""
            seen[violation] = f"{description}{suffix}"
    return list(seen.items())


def circumstance_choices() -> list[tuple[str, str]]:
    """(code, label) of the published versions' circumstances, grouped by effect."""
    seen: dict[str, tuple[int, str]] = {}
    order = {e: i for i, e in enumerate((Effect.NO_PENALTY, Effect.MAY_NOT_PENALIZE, Effect.MITIGATING,
                                         Effect.AGGRAVATING))}
    rows = (Circumstance.objects.filter(version__published=True)
            .order_by("-version__effective_from", "order").values_list("code", "label", "effect"))
    for code, label, effect in rows:
        if code not in seen:
            seen[code] = (order.get(effect, 9), f"{label}（{Effect(effect).label}）")
    return [(code, label) for code, (_rank, label) in sorted(seen.items(), key=lambda kv: kv[1][0])]
