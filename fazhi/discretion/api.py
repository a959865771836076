"""/api/v1/enforcement/standards: the published discretion standards (public, 行政处罚法第三十四条) and the
evaluator (business staff)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, Forbidden, NotFound
from fazhi.core.access import is_business_staff
from fazhi.discretion.evaluator import EvaluationError, evaluate
from fazhi.discretion.selectors import published_version, published_versions, version_dict

router = Router(tags=["discretion"])


class FineOut(Schema):
    party_type: str
    party_label: str
    min: str
    max: str


class GradeOut(Schema):
    level: str
    label: str
    description: str
    kinds: list[str]
    circumstances: list[str]
    default: bool
    fines: list[FineOut]


class RuleOut(Schema):
    code: str
    violation: str
    description: str
    violated_article: str
    penalty_article: str
    sanction: str
    party_types: list[str]
    kinds: list[str]
    default_grade: str
    notes: list[str]
    statutory_fines: list[FineOut]
    grades: list[GradeOut]


class CircumstanceOut(Schema):
    code: str
    label: str
    effect: str
    effect_label: str
    discretionary: bool
    citation: str
    party_types: list[str]
    excludes: list[str]
    in_force_from: dt.date | None


class StandardVersionOut(Schema):
    code: str
    title: str
    issuer: str
    document_number: str
    agency: str | None
    agency_code: str | None
    effective_from: dt.date
    effective_until: dt.date | None
    note: str
    precedence: list[list[str]]
    circumstances: list[CircumstanceOut]
    rules: list[RuleOut]


class EvaluateIn(Schema):
    violation: str
    party_type: str
    circumstances: list[str] = []
    # The day of the violation.
    date: dt.date
    # The day of the decision (default: today).
    decision_date: dt.date | None = None


class AlternativeOut(Schema):
    grade: str
    grade_label: str
    kinds: list[str]
    min: str
    max: str


class RecommendationOut(Schema):
    kind: str
    kinds: list[str]
    min: str
    max: str
    grade: str
    grade_label: str
    outcome: str
    reasoning: list[str]
    citations: list[str]
    version: str
    version_title: str
    rule: str
    violation: str
    violation_description: str
    violated_article: str
    penalty_article: str
    party_type: str
    circumstances: list[str]
    statutory_min: str | None
    statutory_max: str | None
    reduction_permitted: bool
    violation_date: dt.date
    decision_date: dt.date
    alternative: AlternativeOut | None


@router.get("", response=list[StandardVersionOut], auth=None)
def standards(request):
    """The published versions with their rules, grades, ranges and circumstances (anyone)."""
    return [version_dict(v) for v in published_versions()]


@router.post("/evaluate", response=RecommendationOut, auth=AUTH)
def evaluate_(request, payload: EvaluateIn):
    """The recommended kind and range with the reasoning and citations; 422 {error, message, fields} when the
    standard gives none (error: no_version, no_rule, party_not_covered, discipline_only, conflict, ...)."""
    if not is_business_staff(request.user):
        raise Forbidden(_("只有业务工作人员可以使用裁量基准评估。"))
    try:
        rec = evaluate(violation=payload.violation, party_type=payload.party_type,
                       circumstances=payload.circumstances, violation_date=payload.date,
                       decision_date=payload.decision_date, agency=request.user.agency)
    except EvaluationError as e:
        raise ApiError(e.message, code=e.code, status=422, fields=e.details) from None
    return rec.as_dict()


@router.get("/{code}", response=StandardVersionOut, auth=None)
def standard(request, code: str):
    v = published_version(code)
    if v is None:
        raise NotFound(message=_("裁量基准版本不存在或尚未公布。"))
    return version_dict(v)
