"""Reads of the power list. The time limits and the flowchart of a power the system runs are computed here from
the process definition every time they are shown (never stored), so the list shows what the system does: for a
licensing power, with the very function the service guide uses (``fazhi.licensing.selectors.time_limits``)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from fazhi.core.models import Agency, Role
from fazhi.powers.models import Power, PowerCitation, PowerListVersion, RiskPoint
from fazhi.process.definition import APPLICANT, SYSTEM, get_definition

# Processes through which the agency exercises a power over the public, other than licensing (covered item by
# item): each must appear in the agency's list (``coverage``). Internal procedures (normative documents, major
# decisions) are not powers over the public.
EXTERNAL_PROCESSES = {"penalty": Power.Category.PENALTY, "inspection": Power.Category.INSPECTION}


def published_versions(agency: Agency) -> QuerySet[PowerListVersion]:
    return PowerListVersion.objects.filter(agency=agency, status=PowerListVersion.Status.PUBLISHED).order_by("-number")


def current_version(agency: Agency) -> PowerListVersion | None:
    """The agency's list in force: its latest published version."""
    return published_versions(agency).first()


def draft_version(agency: Agency) -> PowerListVersion | None:
    return PowerListVersion.objects.filter(agency=agency, status=PowerListVersion.Status.DRAFT).first()


def agencies_with_lists() -> QuerySet[Agency]:
    return Agency.objects.filter(power_lists__status=PowerListVersion.Status.PUBLISHED).distinct().order_by("id")


def default_agency() -> Agency | None:
    """The agency the public page opens on: the first (the highest in the tree) with a published list."""
    return agencies_with_lists().first()


def powers_of(version: PowerListVersion) -> QuerySet[Power]:
    return version.powers.select_related("item").prefetch_related(
        Prefetch("citations", queryset=PowerCitation.objects.select_related("law")), "risk_points")


# ---- computed from the process definition ---------------------------------------------------------------------
def definition_time_limits(code: str) -> list[dict]:
    """The clocks of a process definition, in the shape of the service guide's time limits (label, budget, unit,
    legal basis; an extension as its own row)."""
    out = []
    for c in get_definition(code).clocks:
        out.append({"label": str(c.label), "budget": c.budget, "unit": c.unit, "legal_basis": c.legal_basis})
        if c.max_extension:
            out.append({"label": _("%(label)s（经负责人批准可延长）") % {"label": c.label},
                        "budget": c.max_extension, "unit": c.unit, "legal_basis": c.extension_basis})
    return out


def power_time_limits(power: Power) -> list[dict] | None:
    """None for a power the system does not run (its ``time_limit_text`` is what the agency states)."""
    if power.item_id is not None:
        from fazhi.licensing.selectors import time_limits

        return time_limits(power.item)
    if power.process_code:
        return definition_time_limits(power.process_code)
    return None


def flowchart_code(power: Power) -> str:
    """The definition the flowchart is drawn from: the item's process for a licensing power."""
    if power.item_id is not None:
        return power.item.process_code
    return power.process_code


def power_flowchart(power: Power) -> str:
    """SVG markup from ``fazhi.process.flowchart`` (our own graphviz output), or "" without a process."""
    code = flowchart_code(power)
    if not code:
        return ""
    from fazhi.process.flowchart import flowchart_svg

    return flowchart_svg(code)


def _who(role: str) -> str:
    if role == APPLICANT:
        return _("申请人")
    if role == SYSTEM:
        return _("系统（期限届满）")
    try:
        return str(Role(role).label)
    except ValueError:
        return role


def process_steps(code: str) -> list[dict]:
    """The steps of the process (its transitions): who takes each, and its legal basis."""
    definition = get_definition(code)
    return [{"name": t.name, "label": str(t.label), "who": "、".join(_who(r) for r in t.roles),
             "legal_basis": str(t.legal_basis)} for t in definition.transitions]


# ---- citations ------------------------------------------------------------------------------------------------
def citation_view(c: PowerCitation, *, texts: bool = False) -> dict:
    from fazhi.laws.services import article_label

    labels = [article_label(n) for n in c.articles]
    out = {"law": c.law.code, "title": c.law.title, "articles": list(c.articles), "note": c.note,
           "text": f"{c.law}" + "、".join(labels) + (f"（{c.note}）" if c.note else "")}
    if texts:
        current = c.law.current
        rows = dict(current.articles.filter(number__in=c.articles).values_list("number", "text")) if current else {}
        out["version"] = current.label if current else ""
        out["article_texts"] = [{"number": n, "label": article_label(n), "text": rows[n]}
                                for n in c.articles if n in rows]
    return out


def citation_changes(version: PowerListVersion) -> list[dict]:
    """Cited articles changed (or laws repealed) by a version of the law that took effect after the list was
    settled (published, or for a draft the publication of the version it was copied from): to review."""
    from fazhi.laws.models import LawVersion

    since = version.published_on
    if since is None and version.based_on_id:
        since = version.based_on.published_on
    if since is None:
        since = version.created_at.date()
    out = []
    for c in PowerCitation.objects.filter(power__version=version).select_related("power", "law"):
        for lv in LawVersion.objects.filter(law=c.law, effective_on__gt=since).order_by("effective_on"):
            hit = lv.event == LawVersion.Event.REPEALED or (set(lv.changed_articles) & set(c.articles))
            if hit:
                out.append({"power": c.power.code, "law": str(c.law), "version": lv.label,
                            "articles": sorted(set(lv.changed_articles) & set(c.articles)),
                            "repealed": lv.event == LawVersion.Event.REPEALED})
    return out


# ---- views ----------------------------------------------------------------------------------------------------
def risk_view(r: RiskPoint) -> dict:
    return {"id": r.pk, "post": r.post, "description": r.description, "level": r.level,
            "level_label": str(r.get_level_display()), "controls": list(r.controls)}


def power_view(power: Power, *, detail: bool = False) -> dict:
    """Everything the list says about a power; ``detail`` adds the article texts, the process steps and the
    flowchart SVG."""
    limits = power_time_limits(power)
    code = flowchart_code(power)
    out = {
        "code": power.code, "name": power.name, "category": power.category,
        "category_label": str(power.get_category_display()),
        "legal_basis": power.legal_basis,
        "citations": [citation_view(c, texts=detail) for c in power.citations.all()],
        "division": power.division, "posts": list(power.posts),
        "responsibilities": list(power.responsibilities), "accountability": list(power.accountability),
        "accountability_basis": power.accountability_basis,
        "channels": power.channels, "rights_obligations": power.rights_obligations, "remedies": power.remedies,
        "process_code": code, "item": power.item.code if power.item_id else "",
        "time_limits": limits or [],
        "time_limits_from_process": limits is not None,
        "time_limit_text": power.time_limit_text if limits is None else "",
        "steps": list(power.steps) if not code else [],
        "risk_points": [risk_view(r) for r in power.risk_points.all()],
    }
    if detail:
        out["process_steps"] = process_steps(code) if code else []
        out["process_name"] = str(get_definition(code).name) if code else ""
        out["flowchart_svg"] = power_flowchart(power)
    return out


def version_view(version: PowerListVersion) -> dict:
    return {"agency": version.agency.code, "agency_name": version.agency.name, "number": version.number,
            "label": version.label, "status": version.status, "effective_on": version.effective_on,
            "published_on": version.published_on, "note": version.note}


def grouped(powers) -> list[tuple[str, str, list]]:
    """(category, label, powers) in the order of the categories, empty ones left out."""
    by: dict[str, list] = {}
    for p in powers:
        by.setdefault(p.category, []).append(p)
    return [(c.value, str(c.label), by[c.value]) for c in Power.Category if c.value in by]


def coverage(agency: Agency, version: PowerListVersion | None) -> dict:
    """What the system runs for the agency that the list does not show: active licensing items without an entry,
    and external processes (penalty, inspection) without one."""
    from fazhi.licensing.models import Item

    powers = list(version.powers.all()) if version else []
    listed_items = {p.item_id for p in powers if p.item_id}
    listed_processes = {p.process_code for p in powers if p.process_code}
    return {
        "items": list(Item.objects.filter(agency=agency, active=True).exclude(pk__in=listed_items)),
        "processes": [(code, str(get_definition(code).name)) for code in EXTERNAL_PROCESSES
                      if code not in listed_processes],
    }
