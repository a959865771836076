"""Pages of major decisions: the staff register (with the forms to start a decision and to add a catalogue item),
the draft form (the decision itself is the generic case page with the decision panel), the public page (published
decisions, drafts open for comment, the catalogue of decision items), and legislative projects."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.decisions import selectors, services
from fazhi.decisions.access import DecisionNotFound, access_decision, access_project
from fazhi.decisions.models import Category, Decision, LegislativeProject
from fazhi.decisions.process import DRAFT_EDITABLE
from fazhi.process.services import TransitionNotAllowed


def _int(raw) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
def register(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    can_create = services.may(user, services.CREATE_ROLES)
    can_catalogue = services.may(user, services.CATALOGUE_ROLES)
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "catalogue":
                if not can_catalogue:
                    raise Http404
                year = _int(request.POST.get("year"))
                item = services.catalogue_item_add(
                    actor=user, year=year if year is not None else -1, title=request.POST.get("title", ""),
                    category=request.POST.get("category", ""), drafting_unit=request.POST.get("drafting_unit", ""),
                    note=request.POST.get("note", ""))
                messages.success(request, _("已列入%(year)s年决策事项目录：%(title)s") % {
                    "year": item.year, "title": item.title})
                return redirect("decisions:register")
            if not can_create:
                raise Http404
            started = (request.POST.get("started_on") or "").strip()
            try:
                started_on = dt.date.fromisoformat(started) if started else None
            except ValueError:
                raise ValidationError({"started_on": [_("日期格式应为YYYY-MM-DD。")]}) from None
            case = services.decision_create(
                actor=user, title=request.POST.get("title", ""), category=request.POST.get("category", ""),
                drafting_unit=request.POST.get("drafting_unit", ""), description=request.POST.get("description", ""),
                draft_text=request.POST.get("draft_text", ""),
                catalogue_item_id=_int(request.POST.get("catalogue_item")), started_on=started_on)
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已启动决策程序：%(number)s") % {"number": case.number})
            return redirect("portal:case", case_id=case.pk)
    page = Paginator(selectors.staff_decisions(user, state=request.GET.get("state", "")), 30).get_page(
        request.GET.get("page"))
    return render(request, "decisions/register.html", {
        "page": page, "can_create": can_create, "can_catalogue": can_catalogue, "errors": errors, "form": form,
        "categories": Category.choices, "catalogue_items": selectors.catalogue_items_for(user)[:200],
        "today": sysclock.today().isoformat(), "this_year": sysclock.today().year,
    }, status=400 if errors else 200)


@require_POST
def draft(request, case_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        case = access_decision(request.user, case_id)
    except DecisionNotFound:
        raise Http404 from None
    try:
        services.decision_revise_draft(actor=request.user, case_id=case.pk, text=request.POST.get("text", ""),
                                       note=request.POST.get("note", ""))
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except TransitionNotAllowed as e:
        messages.error(request, str(e))
    except PermissionDenied:
        messages.error(request, _("只有本机关决策承办单位的承办人或科室负责人可以修改决策草案。"))
    else:
        messages.success(request, _("决策草案已保存为新稿。"))
    return redirect("portal:case", case_id=case.pk)


def public(request):
    year = request.GET.get("year", "")
    agency = request.GET.get("agency", "")
    y = int(year) if year.isdigit() else None
    return render(request, "decisions/public.html", {
        "decisions": selectors.published_decisions(agency_code=agency, year=y),
        "consultations": selectors.open_consultations(agency_code=agency),
        "catalogue": selectors.catalogue(agency_code=agency, year=y),
        "agencies": Agency.objects.all(), "agency": agency, "year": year})


def panel_context(case, user=None) -> dict:
    """What the generic case page shows of a major decision (fazhi/portal/views.case_page)."""
    decision = Decision.objects.select_related("case", "case__agency", "catalogue_item").get(case_id=case.pk)
    detail = selectors.decision_detail(decision)
    return {"decision": decision, "detail": detail, "draft_editable": case.state in DRAFT_EDITABLE}


# ---- legislative projects ------------------------------------------------------------------------------------
def _milestones_from_post(post) -> list[dict]:
    """Milestone rows of the form: ms_name_N, ms_due_N, ms_done_N, ms_note_N (rows without a name are dropped)."""
    rows = []
    for i in range(100):
        name = post.get(f"ms_name_{i}")
        if name is None:
            break
        name = name.strip()
        due, done, note = (post.get(f"ms_{k}_{i}", "").strip() for k in ("due", "done", "note"))
        if name:  # a row without a name is dropped (that is how a milestone is deleted)
            rows.append({"name": name, "due": due or None, "done_on": done or None, "note": note})
    return rows


@require_http_methods(["GET", "POST"])
def projects(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    can_create = services.may(user, services.PROJECT_ROLES)
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        if not can_create:
            raise Http404
        try:
            project = services.project_create(
                actor=user, title=request.POST.get("title", ""), kind=request.POST.get("kind", ""),
                drafting_unit=request.POST.get("drafting_unit", ""), plan=request.POST.get("plan", ""),
                status=request.POST.get("status", "research"), description=request.POST.get("description", ""),
                milestones=_milestones_from_post(request.POST))
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已登记立法项目：%(title)s") % {"title": project.title})
            return redirect("decisions:project", project_id=project.pk)
    rows = [selectors.project_dict(p) for p in selectors.staff_projects(user)[:500]]
    return render(request, "decisions/projects.html", {
        "rows": rows, "can_create": can_create, "errors": errors, "form": form,
        "kinds": LegislativeProject.Kind.choices, "statuses": LegislativeProject.Status.choices,
        "blank_rows": range(4)}, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def project(request, project_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        p = access_project(request.user, project_id)
    except DecisionNotFound:
        raise Http404 from None
    can_edit = services.may(request.user, services.PROJECT_ROLES)
    errors: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise Http404
        changes = {"status": request.POST.get("status", p.status), "plan": request.POST.get("plan", p.plan),
                   "description": request.POST.get("description", p.description),
                   "milestones": _milestones_from_post(request.POST)}
        try:
            services.project_update(actor=request.user, project_id=p.pk, changes=changes)
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("立法项目已更新。"))
            return redirect("decisions:project", project_id=p.pk)
    detail = selectors.project_dict(p)
    return render(request, "decisions/project.html", {
        "p": p, "detail": detail, "can_edit": can_edit, "errors": errors,
        "statuses": LegislativeProject.Status.choices, "blank_rows": range(len(detail["milestones"]),
                                                                           len(detail["milestones"]) + 2)},
        status=400 if errors else 200)
