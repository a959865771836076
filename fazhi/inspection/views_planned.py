"""Pages of planned inspection campaigns (计划检查): the staff create one with its units and teams, start it,
follow its inspections, rectification orders and follow-up checks, and publish its results; the public portal
lists the published campaigns' results (检查结果公示)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.web import error_messages, staff_gate
from fazhi.inspection.access import (
    TaskNotFound,
    can_manage_tasks,
    public_planned_task_by_id,
    staff_task_by_id,
)
from fazhi.inspection.forms import PlannedTaskForm
from fazhi.inspection.inspections import task_publish
from fazhi.inspection.models import Entity, Inspection, InspectionItem, Officer, Task
from fazhi.inspection.planned import planned_task_create, planned_task_start
from fazhi.inspection.services import TaskConflict
from fazhi.process.models import CaseDocument
from fazhi.process.selectors import due_warning

RECTIFY_OUTCOMES = ("rectify", "rectified", "not_rectified")
OUTCOME_LABELS = {
    "ok": gettext_lazy("合格"),
    "rectify": gettext_lazy("责令整改"),
    "rectified": gettext_lazy("责令整改"),
    "not_rectified": gettext_lazy("责令整改"),
    "referral": gettext_lazy("移送"),
    "penalty": gettext_lazy("立案"),
}


def _officer_names(task: Task) -> dict[str, str]:
    certs = {c for a in task.assignments for c in a["inspectors"]}
    return dict(Officer.objects.filter(agency_id=task.agency_id, certificate_number__in=certs)
                .values_list("certificate_number", "name"))


def _rectification_text(i: Inspection) -> str:
    """整改情况 as the public and the staff read it."""
    from fazhi.documents.render import date_cn

    if i.outcome == "rectified":
        return _("已整改（%(date)s复查）") % {"date": date_cn(i.followed_up_on)} if i.followed_up_on else _("已整改")
    if i.outcome == "not_rectified":
        return _("逾期未整改，已转立案查处")
    if i.outcome == "rectify":
        if i.case.state == "follow_up_due":
            return _("整改期限已届满，待复查")
        return _("整改中，期限至%(date)s") % {"date": date_cn(i.rectification_due)} if i.rectification_due \
            else _("整改中")
    return ""


# ---- staff ---------------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def planned_new(request):
    denied = staff_gate(request)
    if denied:
        return denied
    if not can_manage_tasks(request.user):
        raise Http404
    items = list(InspectionItem.objects.filter(agency_id=request.user.agency_id))
    form = PlannedTaskForm(request.POST or None, items=items)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            task = planned_task_create(
                actor=request.user, title=d["title"], year=d["year"], item_codes=d["items"],
                targets=form.target_list(), team_size=d["team_size"], max_load=d["max_load"], basis=d["basis"])
        except ValidationError as e:
            errors = error_messages(e)
        else:
            messages.success(request, _("计划检查任务已创建（草稿）。请核对检查对象和检查组后开始检查。"))
            return redirect("inspection:planned_task", task_id=task.pk)
    officers = Officer.objects.filter(agency_id=request.user.agency_id, status=Officer.Status.VALID) \
        .order_by("certificate_number")
    return render(request, "inspection/planned_new.html", {"form": form, "errors": errors, "officers": officers},
                  status=400 if (errors or form.errors) else 200)


@require_http_methods(["GET"])
def planned_task_page(request, task_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        task = staff_task_by_id(request.user, task_id)
    except TaskNotFound:
        raise Http404 from None
    if task.mode != Task.Mode.PLANNED:
        return redirect("inspection:task", task_id=task.pk)
    names = _officer_names(task)
    inspections = {i.entity.uscc: i for i in task.inspections.select_related("entity", "case")}
    units = dict(Entity.objects.filter(uscc__in=[a["target"] for a in task.assignments]).values_list("uscc", "name"))
    rows = []
    for n, a in enumerate(task.assignments, start=1):
        i = inspections.get(a["target"])
        rows.append({
            "n": n, "target": a["target"], "name": units.get(a["target"], ""), "inspection": i,
            "team": [{"cert": c, "name": names.get(c, "")} for c in (i.team if i else a["inspectors"])],
            "outcome": OUTCOME_LABELS.get(i.outcome, "") if i else "",
            "rectification": _rectification_text(i) if i else "",
        })
    rectifications = [i for i in inspections.values() if i.outcome in RECTIFY_OUTCOMES]
    docs = {d.case_id: d for d in CaseDocument.objects.filter(case_id__in=[i.case_id for i in rectifications],
                                                              kind="rectification").order_by("issued_on", "id")}
    return render(request, "inspection/planned_task.html", {
        "task": task, "can_manage": can_manage_tasks(request.user), "rows": rows,
        "rectifications": [{"inspection": i, "document": docs.get(i.case_id), "status": _rectification_text(i)}
                           for i in sorted(rectifications, key=lambda i: i.pk)],
        "counts": {"units": len(rows), "inspected": sum(1 for i in inspections.values() if i.inspected_on),
                   "rectify": len(rectifications)},
        "events": list(task.events.all()),
        "results_warning": due_warning(task.results_due) if task.state == Task.State.RESULTS_ENTERED else None,
    })


@require_POST
def planned_act(request, task_id: int, action: str):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        task = staff_task_by_id(request.user, task_id)
    except TaskNotFound:
        raise Http404 from None
    if task.mode != Task.Mode.PLANNED:
        raise Http404
    try:
        if action == "start":
            planned_task_start(task_id=task.pk, actor=request.user)
            messages.success(request, _("已为每个检查对象生成检查，检查组按计划安排。"))
        elif action == "publish":
            task_publish(task_id=task.pk, actor=request.user)
            messages.success(request, _("检查结果已公示。"))
        else:
            raise Http404
    except (ValidationError, TaskConflict) as e:
        for m in error_messages(e) if isinstance(e, ValidationError) else [str(e)]:
            messages.error(request, m)
    return redirect("inspection:planned_task", task_id=task.pk)


# ---- public --------------------------------------------------------------------------------------------
def public_planned(request):
    """检查结果公示: the published planned campaigns."""
    qs = (Task.objects.filter(mode=Task.Mode.PLANNED, state=Task.State.PUBLISHED).select_related("agency")
          .annotate(units=Count("inspections"),
                    rectifications=Count("inspections", filter=Q(inspections__outcome__in=RECTIFY_OUTCOMES)))
          .order_by("-year", "-published_at", "-id"))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "inspection/public_planned.html", {"page": page, "tab": "planned"})


def public_planned_task(request, task_id: int):
    """One published campaign: unit, date, items, result, rectification."""
    try:
        task = public_planned_task_by_id(task_id)
    except TaskNotFound:
        raise Http404 from None
    items = list(task.items.all())
    rows = []
    for i in task.inspections.select_related("entity", "case").prefetch_related("findings__item").order_by("id"):
        rows.append({"inspection": i, "failed": [f for f in i.findings.all() if f.result == "fail"],
                     "outcome": OUTCOME_LABELS.get(i.outcome, ""), "rectification": _rectification_text(i)})
    return render(request, "inspection/public_planned_task.html", {
        "task": task, "items": items, "rows": rows, "tab": "planned",
        "rectify_count": sum(1 for r in rows if r["inspection"].outcome in RECTIFY_OUTCOMES)})
