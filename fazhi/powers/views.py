"""Pages of the power list: the public list in force (grouped by category), each power's page (legal basis with
the article texts, responsibilities, the flowchart and the time limits drawn from the process definition, risk
points and controls), previous published versions; and the staff pages of the agency's versions, where the draft
is edited and the director publishes it."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.powers import access, selectors, services
from fazhi.powers.models import Power, PowerListVersion, RiskPoint


# ---- public ---------------------------------------------------------------------------------------------------
def _published(request) -> tuple[Agency | None, PowerListVersion | None]:
    code = request.GET.get("agency", "")
    agency = Agency.objects.filter(code=code).first() if code else selectors.default_agency()
    if code and agency is None:
        raise Http404
    if agency is None:
        return None, None
    versions = selectors.published_versions(agency)
    number = request.GET.get("version", "")
    if number:
        if not number.isdigit():
            raise Http404
        row = versions.filter(number=int(number)).first()
        if row is None:
            raise Http404
        return agency, row
    return agency, versions.first()


def index(request):
    agency, version = _published(request)
    current = selectors.current_version(agency) if agency else None
    powers = list(selectors.powers_of(version)) if version else []
    return render(request, "powers/index.html", {
        "agency": agency, "version": version, "current": current,
        "is_current": version is not None and current is not None and version.pk == current.pk,
        "groups": selectors.grouped(powers), "count": len(powers),
        "versions": selectors.published_versions(agency) if agency else [],
        "agencies": selectors.agencies_with_lists(),
    })


def _detail_context(version: PowerListVersion, power: Power) -> dict:
    view = selectors.power_view(power, detail=True)
    # Our own graphviz output from the process definition, as the service guide embeds it.
    flowchart = mark_safe(view.pop("flowchart_svg"))  # noqa: S308 - SVG made by graphviz from our own definition
    return {"version": version, "power": power, "p": view, "flowchart": flowchart}


def power(request, code: str):
    agency, version = _published(request)
    if version is None:
        raise Http404
    row = selectors.powers_of(version).filter(code=code).first()
    if row is None:
        raise Http404
    current = selectors.current_version(agency)
    return render(request, "powers/power.html", {
        **_detail_context(version, row), "is_current": version.pk == current.pk,
        "query": f"?agency={agency.code}" + ("" if version.pk == current.pk else f"&version={version.number}"),
    })


# ---- staff ----------------------------------------------------------------------------------------------------
def _version(request, number: int) -> PowerListVersion:
    row = PowerListVersion.objects.select_related("agency", "based_on").filter(
        agency_id=request.user.agency_id, number=number).first()
    if row is None or not access.can_read_drafts(request.user, row.agency):
        raise Http404
    return row


@require_http_methods(["GET", "POST"])
def manage(request):
    denied = staff_gate(request)
    if denied:
        return denied
    agency = request.user.agency
    errors: list[str] = []
    if request.method == "POST":
        try:
            row = services.version_draft_create(actor=request.user, label=request.POST.get("label", ""),
                                                effective_on=request.POST.get("effective_on", ""),
                                                note=request.POST.get("note", ""))
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已新建草稿版本：%(label)s") % {"label": row.label})
            return redirect("powers:manage_version", number=row.number)
    return render(request, "powers/manage.html", {
        "agency": agency, "versions": PowerListVersion.objects.filter(agency=agency).order_by("-number"),
        "draft": selectors.draft_version(agency), "current": selectors.current_version(agency),
        "can_edit": access.can_edit(request.user, agency), "errors": errors, "form": request.POST,
    }, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def manage_version(request, number: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row = _version(request, number)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "update":
                services.version_update(actor=request.user, version=row, label=request.POST.get("label", ""),
                                        effective_on=request.POST.get("effective_on", ""),
                                        note=request.POST.get("note", ""))
                messages.success(request, _("版本信息已保存。"))
            elif action == "publish":
                services.version_publish(actor=request.user, version=row,
                                         effective_on=request.POST.get("effective_on", ""))
                messages.success(request, _("已发布，本版本自即日起在门户公开，不能再修改。"))
            elif action == "delete":
                services.version_delete(actor=request.user, version=row)
                messages.success(request, _("草稿已删除。"))
                return redirect("powers:manage")
            else:
                raise Http404
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect("powers:manage_version", number=row.number)
        row.refresh_from_db()
    powers = list(selectors.powers_of(row))
    return render(request, "powers/manage_version.html", {
        "version": row, "groups": selectors.grouped(powers), "count": len(powers),
        "can_edit": row.is_draft and access.can_edit(request.user, row.agency),
        "can_publish": row.is_draft and access.can_publish(request.user, row.agency),
        "problems": services.publish_problems(row) if row.is_draft else [],
        "coverage": selectors.coverage(row.agency, row), "changes": selectors.citation_changes(row),
        "errors": errors,
    }, status=400 if errors else 200)


def _citations_text(power: Power) -> str:
    lines = []
    for c in power.citations.all():
        line = f"{c.law.code}: {', '.join(str(n) for n in c.articles)}".rstrip(": ")
        lines.append(line + (f" | {c.note}" if c.note else ""))
    return "\n".join(lines)


def _parse_citations(text: str) -> list[dict]:
    """One law a line: ``registry code: 48, 49 | note``."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        body, _sep, note = line.partition("|")
        law, _sep, articles = body.replace("：", ":").partition(":")
        out.append({"law": law.strip(), "note": note.strip(),
                    "articles": [a for a in re.split(r"[\s,，、]+", articles.strip()) if a]})
    return out


FORM_KEYS = ("code", "name", "category", "legal_basis", "division", "posts", "responsibilities", "accountability",
             "accountability_basis", "channels", "rights_obligations", "remedies", "process_code", "item_code",
             "time_limit_text", "steps", "order")


def _power_form(post) -> dict:
    data = {k: post.get(k, "") for k in FORM_KEYS}
    data["citations"] = _parse_citations(post.get("citations", ""))
    return data


def _initial(power: Power | None) -> dict:
    if power is None:
        return {}
    return {
        "code": power.code, "name": power.name, "category": power.category, "legal_basis": power.legal_basis,
        "division": power.division, "posts": "\n".join(power.posts),
        "responsibilities": "\n".join(power.responsibilities), "accountability": "\n".join(power.accountability),
        "accountability_basis": power.accountability_basis, "channels": power.channels,
        "rights_obligations": power.rights_obligations, "remedies": power.remedies,
        "process_code": power.process_code, "item_code": power.item.code if power.item_id else "",
        "time_limit_text": power.time_limit_text, "steps": "\n".join(power.steps), "order": power.order,
        "citations": _citations_text(power),
    }


def _power(row: PowerListVersion, power_id: int) -> Power:
    power = row.powers.select_related("item").prefetch_related("citations__law", "risk_points").filter(
        pk=power_id).first()
    if power is None:
        raise Http404
    return power


@require_http_methods(["GET", "POST"])
def manage_power(request, number: int, power_id: int | None = None):
    """The edit form of a power of the draft (new when ``power_id`` is None), with its risk points."""
    denied = staff_gate(request)
    if denied:
        return denied
    row = _version(request, number)
    if not row.is_draft or not access.can_edit(request.user, row.agency):
        raise Http404
    power = _power(row, power_id) if power_id is not None else None
    errors: list[str] = []
    form = _initial(power)
    if request.method == "POST":
        if request.POST.get("action") == "delete" and power is not None:
            try:
                services.power_delete(actor=request.user, power=power)
            except ValidationError as e:
                errors = error_messages(e)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("已删除：%(code)s") % {"code": power.code})
                return redirect("powers:manage_version", number=row.number)
        else:
            form = {k: request.POST.get(k, "") for k in (*FORM_KEYS, "citations")}
            try:
                saved = services.power_save(actor=request.user, version=row, power=power,
                                            data=_power_form(request.POST))
            except ValidationError as e:
                errors = error_messages(e)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("已保存：%(code)s") % {"code": saved.code})
                return redirect("powers:manage_power", number=row.number, power_id=saved.pk)
    from fazhi.laws.models import Law
    from fazhi.licensing.models import Item
    from fazhi.process.definition import all_definitions

    return render(request, "powers/manage_power.html", {
        "version": row, "power": power, "form": form, "errors": errors,
        "categories": Power.Category.choices, "levels": RiskPoint.Level.choices,
        "laws": Law.objects.order_by("code"), "items": Item.objects.filter(agency=row.agency).order_by("order", "id"),
        "processes": [(d.code, str(d.name)) for d in all_definitions()],
        "risks": list(power.risk_points.all()) if power else [],
        "view": selectors.power_view(power) if power else None,
    }, status=400 if errors else 200)


@require_POST
def manage_risk(request, number: int, power_id: int):
    """Add, change (``risk`` = its id) or delete (``action=delete``) a risk point of a power of the draft."""
    denied = staff_gate(request)
    if denied:
        return denied
    row = _version(request, number)
    if not row.is_draft:
        raise Http404
    power = _power(row, power_id)
    risk = None
    if request.POST.get("risk"):
        risk = power.risk_points.filter(pk=request.POST["risk"]).first() if request.POST["risk"].isdigit() else None
        if risk is None:
            raise Http404
    try:
        if request.POST.get("action") == "delete":
            if risk is None:
                raise Http404
            services.risk_point_delete(actor=request.user, risk=risk)
            messages.success(request, _("风险点已删除。"))
        else:
            services.risk_point_save(actor=request.user, power=power, risk=risk, data={
                "post": request.POST.get("post", ""), "description": request.POST.get("description", ""),
                "level": request.POST.get("level", ""), "controls": request.POST.get("controls", "")})
            messages.success(request, _("风险点已保存。"))
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except PermissionDenied:
        raise Http404 from None
    return redirect(reverse("powers:manage_power", kwargs={"number": row.number, "power_id": power.pk}) + "#risks")


def manage_preview(request, number: int, power_id: int):
    """A power of any version of the agency (the draft included) as the public page will show it."""
    denied = staff_gate(request)
    if denied:
        return denied
    row = _version(request, number)
    power = _power(row, power_id)
    return render(request, "powers/power.html", {**_detail_context(row, power), "preview": True,
                                                 "is_current": False, "query": ""})
