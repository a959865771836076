"""/api/v1/log: the public transparency log (anonymous). The checkpoint is a C2SP signed note (text/plain); hashes
in proofs are lowercase hex; entry bytes are base64."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.errors import ApiError, NotFound
from fazhi.tlog import registry, services
from fazhi.tlog.models import LogEntry

router = Router(tags=["log"])


class PublicKeyOut(Schema):
    name: str
    key: str
    vkey: str


class EntryOut(Schema):
    index: int
    entry: str
    kind: str
    object_id: str
    version: int
    published_at: dt.datetime
    content_sha256: str
    supersedes: int | None
    withdrawn: bool
    latest: bool
    content_url: str | None
    page_url: str | None


class EntriesOut(Schema):
    size: int
    entries: list[EntryOut]


class ProofOut(Schema):
    hashes: list[str]


def entry_out(e: LogEntry, *, latest: bool | None = None) -> dict:
    kind = registry.get(e.kind)
    latest = services.is_latest(e) if latest is None else latest
    return {"index": e.index, "entry": base64.b64encode(bytes(e.entry)).decode(), "kind": e.kind,
            "object_id": e.object_id, "version": e.version, "published_at": e.published_at,
            "content_sha256": e.content_sha256, "supersedes": e.supersedes, "withdrawn": e.withdrawn,
            "latest": latest,
            "content_url": reverse("api:log_content", kwargs={"index": e.index}) if latest else None,
            "page_url": kind.page(e.object_id) if (kind and latest and not e.withdrawn) else None}


def _bad(message: str) -> ApiError:
    return ApiError(message, code="bad_range", status=400)


@router.get("/checkpoint", auth=None, url_name="log_checkpoint")
def checkpoint(request):
    """The latest signed checkpoint (c2sp.org/tlog-checkpoint in a c2sp.org/signed-note, Ed25519)."""
    return HttpResponse(services.latest_checkpoint().note, content_type="text/plain; charset=utf-8")


@router.get("/public-key", response=PublicKeyOut, auth=None, url_name="log_public_key")
def public_key(request):
    """The log's name and raw 32-byte Ed25519 public key (base64), and the same as a note verifier key."""
    return services.public_key_info()


@router.get("/entries", response=EntriesOut, auth=None, url_name="log_entries")
def entries(request, start: int = 0, end: int | None = None):
    """Entries start ≤ index < end (at most 1,000 per call), with their canonical bytes."""
    n = services.size()
    end = n if end is None else end
    if start < 0 or end < start or start > n:
        raise _bad(_("序号范围不正确：需要 0 ≤ start ≤ end，且 start 不超过日志长度 %(n)s。") % {"n": n})
    rows = services.entries(start, end)
    superseded = set(LogEntry.objects.filter(supersedes__in=[e.index for e in rows]).values_list("supersedes",
                                                                                                flat=True))
    return {"size": n, "entries": [entry_out(e, latest=e.index not in superseded) for e in rows]}


@router.get("/entries/{int:index}/content", auth=None, url_name="log_content")
def content(request, index: int):
    """What is published now for the latest entry of an object: the bytes whose SHA-256 the entry holds."""
    e = LogEntry.objects.filter(index=index).first()
    if e is None:
        raise NotFound(_("日志中没有该条目。"))
    if not services.is_latest(e):
        raise ApiError(_("该条目已被后续条目取代，请查看最新版本。"), code="superseded", status=410)
    if e.withdrawn:
        raise ApiError(_("该公开信息已撤下。"), code="withdrawn", status=410)
    kind = registry.get(e.kind)
    body = kind.content(e.object_id) if kind else None
    if body is None:
        raise NotFound(_("该信息目前未公开。"))
    response = HttpResponse(body, content_type=kind.media_type)
    response["X-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    return response


@router.get("/proof/inclusion", response=ProofOut, auth=None, url_name="log_inclusion")
def inclusion(request, index: int, size: int):
    """The RFC 9162 §2.1.3 inclusion proof of entry ``index`` in the tree of ``size`` entries."""
    try:
        return {"hashes": [h.hex() for h in services.inclusion_proof(index, size)]}
    except services.LogError:
        raise _bad(_("需要 0 ≤ index < size ≤ 日志长度 %(n)s。") % {"n": services.size()}) from None


@router.get("/proof/consistency", response=ProofOut, auth=None, url_name="log_consistency")
def consistency(request, first: int, second: int):
    """The RFC 9162 §2.1.4 consistency proof between the trees of ``first`` and ``second`` entries."""
    try:
        return {"hashes": [h.hex() for h in services.consistency_proof(first, second)]}
    except services.LogError:
        raise _bad(_("需要 0 ≤ first ≤ second ≤ 日志长度 %(n)s。") % {"n": services.size()}) from None
