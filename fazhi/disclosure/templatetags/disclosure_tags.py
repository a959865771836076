"""``{% disclosure_panel case user as p %}``: what the generic case page shows of a disclosure request
(fazhi/portal/templates/portal/case.html includes disclosure/_panel.html for kind "disclosure")."""

from __future__ import annotations

import datetime as dt

from django import template

from fazhi.core.models import User
from fazhi.disclosure import results
from fazhi.disclosure.kind import DISCLOSURE_KIND

register = template.Library()


@register.simple_tag
def disclosure_panel(case, user) -> dict:
    req = getattr(case, "public_request", None)
    values = req.fields if req else {}
    fields = []
    for f in DISCLOSURE_KIND.fields:
        value = values.get(f.name)
        if value in (None, ""):
            continue
        if f.choices:
            value = dict(f.choices).get(value, value)
        fields.append((f.label, value))
    d = getattr(case, "disclosure", None)
    staff = getattr(user, "kind", None) == User.Kind.STAFF
    notified, online = case.data.get("correction_notified_on"), case.data.get("submitted_online_on")
    return {
        "fields": fields,
        "correction_notified_on": dt.date.fromisoformat(notified) if notified else None,
        "submitted_online_on": dt.date.fromisoformat(online) if online else None,
        "d": d,
        "result_label": results.RESULT_LABELS.get(d.result, "") if d else "",
        "staff": staff,
        "consultations": list(case.consultations.all()) if staff else [],
        "correction_items": next((e.data.get("missing_materials") for e in case.events.filter(
            transition="request_correction")), None),
    }
