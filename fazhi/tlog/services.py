"""Appending publications to the log, signing checkpoints, and reading entries and proofs.

``log_publication(kind, object_id)`` is what a publishing service calls, in its own transaction, right after the
object became public or changed: the content is read through the registry, and an entry is appended only when it
differs from the object's latest entry (so calling it twice is harmless). A correction or a status change is a new
version whose entry names the one it supersedes; nothing is ever updated or deleted. Each append signs a checkpoint
of the new tree (c2sp.org/tlog-checkpoint), so the log never shows a size it has not signed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fazhi.core import clock
from fazhi.tlog import keys, merkle, registry
from fazhi.tlog.models import LogEntry, LogHead, LogNode, SignedCheckpoint
from fazhi.tlog.note import Checkpoint, sign, vkey

ENTRY_FORMAT = "fazhi-log/1"
MAX_ENTRIES_PER_PAGE = 1000


class LogError(ValueError):
    pass


def _time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_bytes(*, kind: str, object_id: str, version: int, published_at: dt.datetime, content_sha256: str,
                supersedes: int | None, withdrawn: bool = False) -> bytes:
    """The canonical bytes of an entry: RFC 8785 JSON. Outside verifiers parse these, never the columns."""
    value = {"format": ENTRY_FORMAT, "kind": kind, "id": object_id, "version": version,
             "time": _time(published_at), "content_sha256": content_sha256, "supersedes": supersedes}
    if withdrawn:
        value["withdrawn"] = True
    return registry.canonical_json(value)


# ---- reading the tree -----------------------------------------------------------------------------------------------
def _subtree(start: int, end: int) -> bytes:
    n = end - start
    level = n.bit_length() - 1
    if level == 0:
        return bytes(LogEntry.objects.values_list("leaf_hash", flat=True).get(index=start))
    return bytes(LogNode.objects.values_list("hash", flat=True).get(level=level, index=start >> level))


def size() -> int:
    head = LogHead.objects.filter(pk=1).first()
    return head.size if head else 0


def root_at(tree_size: int) -> bytes:
    if not 0 <= tree_size <= size():
        raise LogError("tree size beyond the log")
    return merkle.root(tree_size, _subtree)


def tree_head() -> tuple[int, bytes]:
    n = size()
    return n, merkle.root(n, _subtree)


def inclusion_proof(index: int, tree_size: int) -> list[bytes]:
    if not 0 <= index < tree_size <= size():
        raise LogError("need 0 ≤ index < size ≤ the log's size")
    return merkle.inclusion_proof(index, tree_size, _subtree)


def consistency_proof(first: int, second: int) -> list[bytes]:
    if not 0 <= first <= second <= size():
        raise LogError("need 0 ≤ first ≤ second ≤ the log's size")
    return merkle.consistency_proof(first, second, _subtree)


def entries(start: int, end: int) -> list[LogEntry]:
    end = min(end, start + MAX_ENTRIES_PER_PAGE, size())
    if start < 0 or end < start:
        raise LogError("bad range")
    return list(LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index"))


def latest_entry(kind: str, object_id) -> LogEntry | None:
    return LogEntry.objects.filter(kind=kind, object_id=str(object_id)).order_by("-version").first()


def latest_entries(kind: str, object_ids) -> dict[str, LogEntry | None]:
    """The latest entry of each of ``object_ids`` (None where an object is not in the log), in one query."""
    wanted = [str(i) for i in object_ids]
    out: dict[str, LogEntry | None] = dict.fromkeys(wanted)
    for e in LogEntry.objects.filter(kind=kind, object_id__in=wanted).order_by("object_id", "version"):
        out[e.object_id] = e  # ascending versions: the last one read is the latest
    return out


def is_latest(entry: LogEntry) -> bool:
    return not LogEntry.objects.filter(kind=entry.kind, object_id=entry.object_id, version__gt=entry.version).exists()


# ---- checkpoints ---------------------------------------------------------------------------------------------------
def public_key_info() -> dict:
    name, pub = keys.origin(), keys.public_key()
    return {"name": name, "key": base64.b64encode(pub).decode(), "vkey": vkey(name, pub)}


def _sign_checkpoint(tree_size: int, root_hash: bytes) -> SignedCheckpoint:
    now = timezone.now()
    cp = Checkpoint(keys.origin(), tree_size, root_hash, int(now.timestamp()) * 1_000_000_000)
    return SignedCheckpoint.objects.create(size=tree_size, root_hash=root_hash, signed_at=now,
                                           note=sign(cp.text(), keys.origin(), keys.signing_key()))


def latest_checkpoint() -> SignedCheckpoint:
    """The checkpoint of the current size (signed on first request for an empty log)."""
    cp = SignedCheckpoint.objects.filter(size=size()).first()
    if cp is None:
        with transaction.atomic():
            LogHead.objects.select_for_update().get_or_create(pk=1)
            n = size()
            cp = SignedCheckpoint.objects.filter(size=n).first() or _sign_checkpoint(n, merkle.root(n, _subtree))
    return cp


# ---- appending -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Appended:
    entry: LogEntry
    new: bool


def _append(*, kind: str, object_id: str, content_sha256: str, withdrawn: bool = False,
            at: dt.datetime | None = None) -> Appended:
    with transaction.atomic():
        head, _ = LogHead.objects.select_for_update().get_or_create(pk=1)
        latest = latest_entry(kind, object_id)
        if latest is not None and latest.content_sha256 == content_sha256 and withdrawn == latest.withdrawn:
            return Appended(latest, False)
        index = head.size
        published_at = at or clock.now()
        version = latest.version + 1 if latest else 1
        raw = entry_bytes(kind=kind, object_id=object_id, version=version, published_at=published_at,
                          content_sha256=content_sha256, supersedes=latest.index if latest else None,
                          withdrawn=withdrawn)
        leaf = merkle.leaf_hash(raw)
        row = LogEntry.objects.create(index=index, kind=kind, object_id=object_id, version=version,
                                      published_at=published_at, content_sha256=content_sha256,
                                      supersedes=latest.index if latest else None, withdrawn=withdrawn,
                                      entry=raw, leaf_hash=leaf)
        h, i, level = leaf, index, 0
        while i & 1:  # complete every perfect subtree this leaf closes
            left = _subtree((i - 1) << level, i << level)
            h = merkle.node_hash(left, h)
            level += 1
            i >>= 1
            LogNode.objects.create(level=level, index=i, hash=h)
        head.size = index + 1
        head.save(update_fields=["size"])
        _sign_checkpoint(head.size, merkle.root(head.size, _subtree))
    return Appended(row, True)


def log_publication(kind: str, object_id, *, at: dt.datetime | None = None) -> Appended:
    """Record that ``kind``/``object_id`` is published with its current content (no-op if unchanged)."""
    k = registry.get(kind)
    if k is None:
        raise LogError(f"unknown publication kind {kind!r}")
    content = k.content(str(object_id))
    if content is None:
        raise LogError(f"{kind} {object_id} is not published")
    return _append(kind=kind, object_id=str(object_id), content_sha256=hashlib.sha256(content).hexdigest(), at=at)


def log_withdrawal(kind: str, object_id, *, reason: str, at: dt.datetime | None = None) -> Appended | None:
    """Record that a publication was taken down: a new version whose content is the reason. Nothing is deleted."""
    if latest_entry(kind, object_id) is None:
        return None
    body = registry.canonical_json({"withdrawn": True, "reason": reason})
    return _append(kind=kind, object_id=str(object_id), content_sha256=hashlib.sha256(body).hexdigest(),
                   withdrawn=True, at=at)


def sync(*, kinds: list[str] | None = None) -> dict[str, int]:
    """Log every currently published object that is missing from the log or changed since (for a deployment that
    published before the log existed). Returns the number of new entries per kind."""
    counts: dict[str, int] = {}
    for k in registry.kinds():
        if kinds and k.name not in kinds:
            continue
        counts[k.name] = sum(1 for oid in k.published() if log_publication(k.name, oid).new)
    return counts
