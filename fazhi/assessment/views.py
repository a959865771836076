"""Pages of target assessment (staff only, ``staff_gate``: anonymous users go to the login page; public accounts,
the three administrators and staff who may not see a scheme get 404).

* ``/assessment/``: the schemes the user sees (their agency's and those below it whole; a published scheme of a
  superior agency when it assesses a unit of theirs); the form for a new scheme (MANAGE_ROLES).
* ``/assessment/<id>/``: indicators (weights, scoring rules), groups, units, the rankings (overall and by group),
  the items to rectify; the forms of the managers (indicator, group, unit, publish).
* ``/assessment/<id>/units/<unit>/``: one unit's scores with their evidence, its ranks, its items to rectify; the
  score entry form (managers, published scheme) and the rectification forms.
* ``/assessment/<id>/rankings.xlsx``: the rankings as XLSX (what the user sees).
* ``/assessment/<id>/scores/<score>/evidence/``: the evidence file of a score.

Bad input re-renders the page with the Chinese messages (400) and saves nothing; success redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.assessment import access, selectors, services
from fazhi.assessment.access import AssessmentNotFound
from fazhi.assessment.models import AssessedUnit, Score, plain
from fazhi.core import clock
from fazhi.core.models import Agency
from fazhi.core.services import audit_record
from fazhi.core.web import error_messages, staff_gate


@require_http_methods(["GET", "POST"])
def index(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    errors: list[str] = []
    if request.method == "POST":
        if not access.may_create(user):
            raise Http404
        try:
            scheme = services.scheme_create(actor=user, year=request.POST.get("year", ""),
                                            title=request.POST.get("title", ""), note=request.POST.get("note", ""))
        except ValidationError as e:
            errors = error_messages(e)
        else:
            messages.success(request, _("已新建考核方案：%(title)s") % {"title": scheme.title})
            return redirect("assessment:scheme", scheme_id=scheme.pk)
    schemes = selectors.schemes_with_counts(access.schemes_for(user))
    return render(request, "assessment/index.html", {
        "schemes": schemes, "own_agency": user.agency_id, "can_create": access.may_create(user),
        "errors": errors, "form": request.POST if errors else {"year": clock.today().year},
    }, status=400 if errors else 200)


def _scheme(request, scheme_id):
    try:
        return access.scheme_for(request.user, scheme_id)
    except AssessmentNotFound:
        raise Http404 from None


def _descendant_agencies(scheme) -> list[Agency]:
    ids = set(scheme.agency.descendants_and_self_ids()) - {scheme.agency_id}
    return list(Agency.objects.filter(pk__in=ids).order_by("level", "id"))


SCHEME_ACTIONS = ("indicator", "indicator_delete", "publish", "group", "unit")


def _scheme_post(request, scheme) -> str:
    p, user, action = request.POST, request.user, request.POST.get("action", "")
    if action == "indicator":
        services.indicator_save(actor=user, scheme_id=scheme.pk, indicator_id=p.get("indicator") or None,
                                code=p.get("code", ""), name=p.get("name", ""), weight=p.get("weight", ""),
                                max_score=p.get("max_score", ""), rule=p.get("rule", ""), order=p.get("order", ""))
        return _("考核指标已保存。")
    if action == "indicator_delete":
        services.indicator_delete(actor=user, scheme_id=scheme.pk, indicator_id=p.get("indicator", ""))
        return _("考核指标已删除。")
    if action == "publish":
        services.scheme_publish(actor=user, scheme_id=scheme.pk, published_on=p.get("published_on", ""))
        return _("考核方案已印发，可以开始评分。")
    if action == "group":
        services.group_save(actor=user, scheme_id=scheme.pk, group_id=p.get("group") or None,
                            name=p.get("name", ""), leader=p.get("leader", ""), order=p.get("order", ""))
        return _("检查组已保存。")
    if action == "unit":
        services.unit_save(actor=user, scheme_id=scheme.pk, unit_id=p.get("unit") or None, group_id=p.get("group", ""),
                           name=p.get("name", ""), kind=p.get("kind", ""), agency=p.get("agency", ""),
                           order=p.get("order", ""))
        return _("被考核单位已保存。")
    raise Http404


@require_http_methods(["GET", "POST"])
def scheme(request, scheme_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row, visible = _scheme(request, scheme_id)
    can_manage = visible is None and access.can_manage(request.user, row)
    errors: list[str] = []
    action = ""
    if request.method == "POST":
        if not can_manage:
            raise Http404
        action = request.POST.get("action", "")
        try:
            done = _scheme_post(request, row)
        except ValidationError as e:
            errors = error_messages(e)
        except (PermissionDenied, AssessmentNotFound):
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("assessment:scheme", scheme_id=row.pk)
        row.refresh_from_db()
    rows = selectors.rankings(row, visible)
    return render(request, "assessment/scheme.html", {
        "scheme": row, "whole": visible is None, "can_manage": can_manage,
        "indicators": list(row.indicators.all()), "weight_total_text": plain(services.weight_total(row)),
        "problems": [m for msgs in services.publish_problems(row).values() for m in msgs] if not row.published else [],
        "groups": list(row.groups.all()), "by_group": selectors.group_rankings(rows), "rows": rows,
        "average": selectors.average(rows) if visible is None else None,
        "rectifications": list(selectors.rectifications(row, visible)), "today": clock.today(),
        "kinds": AssessedUnit.Kind.choices, "agencies": _descendant_agencies(row) if can_manage else [],
        "errors": errors, "action": action, "form": request.POST if errors else {},
    }, status=400 if errors else 200)


UNIT_ACTIONS = ("scores", "rectification", "rectification_done")


def _unit_post(request, row, unit) -> str:
    p, user, action = request.POST, request.user, request.POST.get("action", "")
    if action == "scores":
        entries = [{"indicator": i.pk, "score": p.get(f"score_{i.pk}", ""), "evidence": p.get(f"evidence_{i.pk}", ""),
                    "file": request.FILES.get(f"file_{i.pk}")} for i in row.indicators.all()]
        services.scores_record(actor=user, scheme_id=row.pk, unit_id=unit.pk, entries=entries,
                               scored_on=p.get("scored_on", ""))
        return _("得分已保存。")
    if action == "rectification":
        services.rectification_add(actor=user, scheme_id=row.pk, unit_id=unit.pk, description=p.get("description", ""),
                                   due=p.get("due", ""), indicator_id=p.get("indicator", ""))
        return _("整改事项已登记。")
    if action == "rectification_done":
        services.rectification_done(actor=user, scheme_id=row.pk, item_id=p.get("item", ""),
                                    done_on=p.get("done_on", ""), note=p.get("done_note", ""))
        return _("整改事项已销号。")
    raise Http404


@require_http_methods(["GET", "POST"])
def unit(request, scheme_id: int, unit_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        row, u, visible = access.unit_for(request.user, scheme_id, unit_id)
    except AssessmentNotFound:
        raise Http404 from None
    can_manage = visible is None and access.can_manage(request.user, row)
    errors: list[str] = []
    action = ""
    if request.method == "POST":
        if not can_manage:
            raise Http404
        action = request.POST.get("action", "")
        try:
            done = _unit_post(request, row, u)
        except ValidationError as e:
            errors = error_messages(e)
        except (PermissionDenied, AssessmentNotFound):
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("assessment:unit", scheme_id=row.pk, unit_id=u.pk)
    ranked = next(r for r in selectors.rankings(row, {u.pk}, with_scores=True))
    indicators = list(row.indicators.all())
    form = request.POST if errors else {}
    lines = []
    for i in indicators:
        s = ranked.scores.get(i.pk)
        lines.append({"indicator": i, "score": s,
                      "weighted": selectors.weighted(s.score, i).quantize(selectors.CENT) if s else None,
                      "value": form.get(f"score_{i.pk}", s.score if s else ""),
                      "evidence": form.get(f"evidence_{i.pk}", s.evidence if s else "")})
    return render(request, "assessment/unit.html", {
        "scheme": row, "unit": u, "r": ranked, "lines": lines, "indicators": indicators, "can_manage": can_manage,
        "whole": visible is None, "rectifications": list(u.rectifications.select_related("indicator")),
        "today": clock.today(), "errors": errors, "action": action, "form": form,
    }, status=400 if errors else 200)


@require_GET
def rankings_xlsx(request, scheme_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row, visible = _scheme(request, scheme_id)
    data = selectors.rankings_xlsx(row, visible)
    audit_record(actor=request.user, action="assessment.rankings_export", object_type="assessment.Scheme", object_id=row.pk, ip=request.META.get("REMOTE_ADDR"))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="assessment-{row.year}-{row.pk}.xlsx"'
    return response


@require_GET
def evidence(request, scheme_id: int, score_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row, visible = _scheme(request, scheme_id)
    score = Score.objects.filter(pk=score_id, unit__scheme=row).first()
    if score is None or not score.evidence_file or (visible is not None and score.unit_id not in visible):
        raise Http404
    return FileResponse(score.evidence_file.open("rb"), as_attachment=True,
                        filename=score.evidence_name or f"evidence-{score.pk}",
                        content_type=score.evidence_mime or "application/octet-stream")
