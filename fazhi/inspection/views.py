"""Pages of the double-random module: the staff's tasks, and the public portal (item list, plans, tasks,
results, and the page where anyone verifies a draw)."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import clock as sysclock
from fazhi.core.web import error_messages, staff_gate
from fazhi.inspection import draw
from fazhi.inspection.access import TaskNotFound, can_manage_tasks, public_task_by_id, staff_task_by_id
from fazhi.inspection.forms import CancelForm, DrawForm, TaskForm, VerifyForm
from fazhi.inspection.inspections import (
    OUTCOME_TRANSITIONS,
    inspection_record,
    task_publish,
    task_start_inspections,
    task_supplement,
)
from fazhi.inspection.models import Entity, Finding, Inspection, InspectionItem, Officer, Task
from fazhi.inspection.planned import planned_task_start
from fazhi.inspection.selectors import assignment_rows, items_published, task_record, tasks_public
from fazhi.inspection.services import TaskConflict, task_cancel, task_commit, task_create, task_draw
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.definition import get_definition
from fazhi.process.selectors import due_warning
from fazhi.process.services import TransitionNotAllowed


# ---- staff ---------------------------------------------------------------------------------------------
def tasks(request):
    denied = staff_gate(request)
    if denied:
        return denied
    qs = Task.objects.filter(agency_id=request.user.agency_id).prefetch_related("items")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "inspection/tasks.html", {"page": page, "can_manage": can_manage_tasks(request.user)})


@require_http_methods(["GET", "POST"])
def task_new(request):
    denied = staff_gate(request)
    if denied:
        return denied
    if not can_manage_tasks(request.user):
        raise Http404
    items = list(InspectionItem.objects.filter(agency_id=request.user.agency_id))
    form = TaskForm(request.POST or None, items=items)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            task = task_create(
                actor=request.user, title=d["title"], year=d["year"], item_codes=d["items"],
                quota_spec=form.quota_spec(), strata=d["strata"],
                scope_regions=[r for r in (d["scope_regions"] or "").replace("，", ",").split(",") if r.strip()],
                scope_kinds=d["scope_kinds"], exclude_recent_months=d["exclude_recent_months"],
                team_size=d["team_size"], max_load=d["max_load"], beacon_source=d["beacon_source"])
        except ValidationError as e:
            errors = error_messages(e)
        else:
            messages.success(request, _("抽查任务已创建（草稿）。请核对后承诺。"))
            return redirect("inspection:task", task_id=task.pk)
    return render(request, "inspection/task_new.html", {"form": form, "errors": errors},
                  status=400 if (errors or form.errors) else 200)


@require_http_methods(["GET"])
def task_page(request, task_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        task = staff_task_by_id(request.user, task_id)
    except TaskNotFound:
        raise Http404 from None
    if task.mode == Task.Mode.PLANNED:
        return redirect("inspection:planned_task", task_id=task.pk)
    return render(request, "inspection/task.html", {
        "task": task, "can_manage": can_manage_tasks(request.user), "draw_form": DrawForm(),
        "cancel_form": CancelForm(), "events": list(task.events.all()),
        "inspections": list(task.inspections.select_related("entity", "case")),
        "assignment_rows": assignment_rows(task.selected, task.assignments) if task.assignments else [],
        "waiting": _waiting_targets(task),
        "supplements": list(task.supplements.all()),
        "results_warning": due_warning(task.results_due) if task.state == Task.State.RESULTS_ENTERED else None,
    })


def _waiting_targets(task: Task) -> list[dict]:
    """Targets a supplementary draw may cover: left without a team, or drawn but not yet inspected."""
    if task.state not in (Task.State.DRAWN, Task.State.INSPECTING):
        return []
    teams = {a["target"]: a["inspectors"] for a in task.assignments}
    if task.state == Task.State.DRAWN:
        uninspected = set(teams)
    else:
        uninspected = set(task.inspections.filter(inspected_on__isnull=True).values_list("entity__uscc", flat=True))
    wanted = sorted(set(task.unstaffed) | uninspected)
    names = dict(Entity.objects.filter(uscc__in=wanted).values_list("uscc", "name"))
    return [{"uscc": u, "name": names.get(u, ""), "team": teams.get(u, [])} for u in wanted]


@require_http_methods(["GET", "POST"])
def inspection_page(request, inspection_id: int):
    """Record the visit: date, the officers who went, each item's finding, photos and forms, the outcome."""
    denied = staff_gate(request)
    if denied:
        return denied
    inspection = Inspection.objects.select_related("task", "entity", "case").filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404
    try:
        access_case_by_id(request.user, inspection.case_id)
    except CaseNotFound:
        raise Http404 from None
    task = inspection.task
    items = list(task.items.all())
    errors: list[str] = []
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            inspected_on = dt.date.fromisoformat(request.POST.get("inspected_on", ""))
        except ValueError:
            inspected_on = None
        findings = {i.code: {"result": request.POST.get(f"result_{i.code}", ""),
                             "description": request.POST.get(f"description_{i.code}", "")} for i in items}
        files = [(f.name, f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1)) for f in request.FILES.getlist("attachments")]
        data = {k: request.POST[k] for k in ("rectify_days", "referred_to") if request.POST.get(k)}
        try:
            inspection_record(
                inspection_id=inspection.pk, actor=request.user, inspected_on=inspected_on,
                officers_present=request.POST.getlist("officers_present"), findings=findings,
                outcome=request.POST.get("outcome", ""), data=data, comment=request.POST.get("comment", ""),
                substitution_reason=request.POST.get("substitution_reason", ""), attachments=files)
        except ValidationError as e:
            errors = error_messages(e)
        except TransitionNotAllowed as e:
            errors = [str(e)]
        else:
            messages.success(request, _("检查结果已录入。"))
            return redirect("inspection:inspection", inspection_id=inspection.pk)
    definition = get_definition("inspection")
    outcomes = [definition.transition(name) for name in OUTCOME_TRANSITIONS]
    officers = Officer.objects.filter(agency_id=task.agency_id).order_by("certificate_number")
    return render(request, "inspection/inspection.html", {
        "inspection": inspection, "task": task, "items": items, "errors": errors, "values": values,
        "findings": {f.item_id: f for f in inspection.findings.all()}, "outcomes": outcomes, "officers": officers,
        "results": Finding.Result.choices, "present": values.getlist("officers_present") if values else inspection.team,
        "today": sysclock.today(),
    }, status=400 if errors else 200)


@require_POST
def task_act(request, task_id: int, action: str):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        task = staff_task_by_id(request.user, task_id)
    except TaskNotFound:
        raise Http404 from None
    try:
        if action == "commit":
            task_commit(task_id=task.pk, actor=request.user)
            messages.success(request, _("输入已冻结，已公布承诺值和任务摘要。"))
        elif action == "draw":
            task_draw(task_id=task.pk, actor=request.user, beacon_value=request.POST.get("beacon_value", ""))
            messages.success(request, _("已完成抽取。抽取结果在检查结果公示时公开。"))
        elif action == "start" and task.mode == Task.Mode.PLANNED:
            planned_task_start(task_id=task.pk, actor=request.user)
            messages.success(request, _("已为每个检查对象生成检查，检查组按计划安排。"))
        elif action == "start":
            task_start_inspections(task_id=task.pk, actor=request.user)
            messages.success(request, _("已按抽取的检查组生成检查任务。"))
        elif action == "publish":
            task_publish(task_id=task.pk, actor=request.user)
            messages.success(request, _("检查结果已公示。") if task.mode == Task.Mode.PLANNED
                             else _("检查结果和抽取记录已公示，任何人都可以验证本次抽取。"))
        elif action == "supplement":
            child = task_supplement(task_id=task.pk, actor=request.user, targets=request.POST.getlist("targets"),
                                    unavailable=request.POST.getlist("unavailable"),
                                    reason=request.POST.get("reason", ""),
                                    beacon_source=request.POST.get("beacon_source", ""))
            messages.success(request, _("已创建补充抽取任务，请核对后承诺。"))
            return redirect("inspection:task", task_id=child.pk)
        elif action == "cancel":
            task_cancel(task_id=task.pk, actor=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("任务已撤销，撤销理由已公开。"))
        else:
            raise Http404
    except (ValidationError, TaskConflict) as e:
        for m in error_messages(e) if isinstance(e, ValidationError) else [str(e)]:
            messages.error(request, m)
    return redirect("inspection:task", task_id=task.pk)


# ---- public --------------------------------------------------------------------------------------------
def public_items(request):
    return render(request, "inspection/public_items.html", {"items": items_published(), "tab": "items"})


def public_tasks(request, tab: str):
    states = {
        "plans": [Task.State.COMMITTED],
        "tasks": [Task.State.DRAWN, Task.State.INSPECTING, Task.State.RESULTS_ENTERED, Task.State.CANCELLED],
        "results": [Task.State.PUBLISHED],
    }.get(tab)
    if states is None:
        raise Http404
    # The list shows none of the draw's JSON (selected units, teams, pool, exclusions: 30–150 rows each): not loaded.
    listed = tasks_public().filter(state__in=states).defer(
        "pool", "exclusions", "recent_exclusions", "selected", "assignments", "unstaffed", "strata_counts",
        "only_targets", "extra_exclusions", "secret")
    page = Paginator(listed, 30).get_page(request.GET.get("page"))
    return render(request, "inspection/public_tasks.html", {"page": page, "tab": tab})


def public_task(request, task_id: int):
    try:
        task = public_task_by_id(task_id)
    except TaskNotFound:
        raise Http404 from None
    if task.mode == Task.Mode.PLANNED:
        # No draw, no draw record: a planned campaign is public by its results (检查结果公示) once published.
        if task.state != Task.State.PUBLISHED:
            raise Http404
        return redirect("inspection:public_planned_task", task_id=task.pk)
    record = task_record(task, inline_candidates=False)
    results = []
    if task.state == Task.State.PUBLISHED:
        results = list(task.inspections.select_related("entity").prefetch_related("findings__item"))
    rows = assignment_rows(record["selected"], record["assignments"]) if record.get("assignments") else []
    tab = {"published": "results", "committed": "plans"}.get(task.state, "tasks")
    return render(request, "inspection/public_task.html",
                  {"task": task, "record": record, "results": results, "assignment_rows": rows, "tab": tab})


@require_http_methods(["GET", "POST"])
def verify(request):
    """Anyone opens a published task or pastes a record, and sees the result of the same checks as
    `fazhi draw verify`, in the active language (Chinese unless English is active)."""
    lang = draw.language(get_language())
    form = VerifyForm(request.POST or None)
    result = None
    task = None
    if request.method == "GET" and request.GET.get("task"):
        try:
            task = public_task_by_id(request.GET["task"])
        except TaskNotFound:
            raise Http404 from None
        if task.mode == Task.Mode.PLANNED:
            return render(request, "inspection/verify.html",
                          {"form": form, "result": None, "task": task, "refused": _("计划检查任务不进行随机抽取。")},
                          status=409)
        record = task_record(task, inline_candidates=True)
        result = {"problems": draw.verify_record(record, lang=lang), "record": record}
    elif request.method == "POST" and form.is_valid():
        try:
            record = json.loads(form.cleaned_data["record"])
            if not isinstance(record, dict):
                raise ValueError
        except ValueError:
            form.add_error("record", _("不是有效的 JSON 抽取记录。"))
        else:
            result = {"problems": draw.verify_record(record, lang=lang), "record": record}
    return render(request, "inspection/verify.html", {"form": form, "result": result, "task": task},
                  status=400 if form.errors else 200)
