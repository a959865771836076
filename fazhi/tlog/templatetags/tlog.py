"""``{% tlog_badge kind object_id %}``: the log index of a publication and a button that verifies it in the reader's
browser (static/tlog/verify.js). Renders nothing for an object that is not in the log."""

from __future__ import annotations

from django import template

from fazhi.tlog import services

register = template.Library()


@register.inclusion_tag("tlog/badge.html")
def tlog_badge(kind: str, object_id) -> dict:
    entry = services.latest_entry(kind, object_id)
    return {"entry": entry if entry is not None and not entry.withdrawn else None}
