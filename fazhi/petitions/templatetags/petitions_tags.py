"""The petition panel of the generic case page: ``{% load petitions_tags %}{% petition_panel %}`` in portal/case.html
(staff only; the panel reads the case and the user from the page's context)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("petitions/_panel.html", takes_context=True)
def petition_panel(context):
    from fazhi.petitions.views import panel_context

    case = context.get("case")
    request = context.get("request")
    user = getattr(request, "user", None)
    panel = panel_context(case, user) if (case is not None and user is not None and case.kind == "petition") else None
    return {"petition_panel": panel, "case": case}
