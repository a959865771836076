"""Pages of the discretion standards: the public list (行政处罚法第三十四条: 裁量基准应当向社会公布) and the staff
evaluator (with an optional check of a proposed decision)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fazhi.core.web import error_messages, staff_gate
from fazhi.discretion.evaluator import EvaluationError, check_decision, evaluate
from fazhi.discretion.forms import EvaluateForm
from fazhi.discretion.selectors import (
    circumstance_choices,
    published_versions,
    version_dict,
    violation_choices,
)


def standards(request):
    return render(request, "discretion/standards.html", {"versions": [version_dict(v) for v in published_versions()]})


@require_http_methods(["GET", "POST"])
def evaluate_page(request):
    denied = staff_gate(request)
    if denied:
        return denied
    form = EvaluateForm(request.POST or None, violations=violation_choices(), circumstances=circumstance_choices())
    recommendation = check = error = None
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            recommendation = evaluate(violation=d["violation"], party_type=d["party_type"],
                                      circumstances=d["circumstances"], violation_date=d["violation_date"],
                                      decision_date=d["decision_date"], agency=request.user.agency)
        except EvaluationError as e:
            error = e
        else:
            if form.wants_check():
                try:
                    check = check_decision(recommendation, kind=d["decided_kinds"], amount=d["amount"],
                                           reason=d["reason"])
                except ValidationError as e:
                    errors = error_messages(e)
    bad = bool(form.errors or error or errors)
    return render(request, "discretion/evaluate.html",
                  {"form": form, "recommendation": recommendation, "check": check, "error": error, "errors": errors},
                  status=400 if bad else 200)
