"""``{% tlog_badge kind object_id %}``: the log index of a publication and a button that verifies it in the reader's
browser (static/tlog/verify.js). Renders nothing for an object that is not in the log.

On a list, ``{% tlog_prefetch kind rows "attr" %}`` before the loop reads the latest entries of every row in one
query, so the badges of the rows cost no query each (the publicity lists stay at a constant number of queries)."""

from __future__ import annotations

from django import template

from fazhi.tlog import services

register = template.Library()
_KEY = "tlog_prefetched"


def _store(context) -> dict:
    # render_context lives for one rendering of the page (extends and includes share it), not across requests.
    return context.render_context.setdefault(_KEY, {})


@register.simple_tag(takes_context=True)
def tlog_prefetch(context, kind: str, objects, attr: str = "pk") -> str:
    ids = [getattr(o, attr) if not isinstance(o, dict) else o[attr] for o in objects]
    _store(context)[kind] = services.latest_entries(kind, ids)
    return ""


@register.inclusion_tag("tlog/badge.html", takes_context=True)
def tlog_badge(context, kind: str, object_id) -> dict:
    prefetched = _store(context).get(kind)
    if prefetched is not None and str(object_id) in prefetched:
        entry = prefetched[str(object_id)]
    else:
        entry = services.latest_entry(kind, object_id)
    return {"entry": entry if entry is not None and not entry.withdrawn else None}
