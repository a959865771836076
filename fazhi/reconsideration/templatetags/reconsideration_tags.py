"""``{% reconsideration_panel case as rp %}``: the reconsideration panel of the generic case page, computed in the
template include (fazhi/reconsideration/templates/reconsideration/_case_panel.html) so that the case page needs one
line only."""

from __future__ import annotations

from django import template

from fazhi.reconsideration.selectors import panel_context

register = template.Library()


@register.simple_tag(takes_context=True)
def reconsideration_panel(context, case):
    request = context.get("request")
    user = getattr(request, "user", None)
    if case is None or user is None or not user.is_authenticated:
        return None
    return panel_context(case, user)
