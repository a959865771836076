"""The log's public pages: the current signed checkpoint and key, the entries (newest first), and one entry with
its content and the in-browser verification."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from fazhi.tlog import registry, services
from fazhi.tlog.models import LogEntry


def index(request):
    cp = services.latest_checkpoint()
    rows = LogEntry.objects.order_by("-index").defer("entry", "leaf_hash")
    kind = request.GET.get("kind", "")
    if kind:
        rows = rows.filter(kind=kind)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    labels = {k.name: k.label for k in registry.kinds()}
    for e in page:
        e.kind_label = labels.get(e.kind, e.kind)
    return render(request, "tlog/index.html", {"checkpoint": cp, "key": services.public_key_info(), "page": page,
                                               "kinds": registry.kinds(), "kind": kind})


def entry(request, index: int):
    e = LogEntry.objects.filter(index=index).first()
    if e is None:
        raise Http404
    kind = registry.get(e.kind)
    latest = services.is_latest(e)
    content = None
    if latest and not e.withdrawn and kind is not None and kind.media_type == "application/json":
        body = kind.content(e.object_id)
        if body is not None:
            content = json.dumps(json.loads(body), ensure_ascii=False, indent=2)
    successor = LogEntry.objects.filter(supersedes=e.index).first()
    return render(request, "tlog/entry.html", {
        "e": e, "kind": kind, "latest": latest, "content": content, "successor": successor,
        "entry_text": bytes(e.entry).decode("utf-8"), "page_url": kind.page(e.object_id) if kind and latest else None,
    })
