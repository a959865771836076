"""What each area publishes, as the transparency log hashes it (docs/tlog.md, "What is logged").

One module per publication kind (``licensing``, ``enforcement``, ``inspection``, ``norms``, ``powers``, ``reports``,
``decisions``, ``discretion``), each with ``content(object_id)`` — the canonical JSON (RFC 8785, via
``registry.canonical_json``) of what the public page shows *now*, or None when the object is not public — and
``published()`` and ``page()``. The owning app registers the kind from its ``AppConfig.ready()`` (``register()``),
and its publishing service calls ``fazhi.tlog.services.log_publication`` inside its transaction.

The content holds only what the publication says and what stays as published: numbers, titles, the agency's name,
dates as ISO strings, amounts as strings, a natural person's name masked exactly as the page shows it
(个人信息保护法第五十一条; 国办发〔2018〕118号 on publishing enforcement decisions), status labels in Chinese (the
language of the publication; pages mark them for the in-browser check only when shown in Chinese), and the SHA-256
of a published file's bytes as ``file_sha256``. Internal data (filing receipts, rectification follow-ups, who
signed) is left out, so that a later internal step does not read as a change of the publication.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils.functional import Promise

from fazhi.core.i18n import zh
from fazhi.tlog import registry


def day(value) -> str | None:
    """A date (or datetime) as the ISO string the content holds."""
    return value.isoformat() if value else None


def plain(value):
    """A structure made of what canonical JSON takes: dates to ISO strings, decimals to strings, lazy labels to
    their Chinese text, tuples to lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return format(value, "g")
    if isinstance(value, Promise):
        return zh(value)
    return value


def body(value: dict) -> bytes:
    return registry.canonical_json(plain(value))


def json_sha256(value) -> str:
    """SHA-256 of a JSON document in canonical form (keys sorted, no whitespace, UTF-8; RFC 8785 for documents
    without non-integer numbers): what anyone recomputes from the downloaded document."""
    text = json.dumps(plain(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(field_file) -> str | None:
    """SHA-256 of the bytes the public downloads (read from storage, not the stored digest, so that a replaced
    file shows as a changed publication). None when there is no file or it cannot be read."""
    if not field_file:
        return None
    digest = hashlib.sha256()
    try:
        with field_file.storage.open(field_file.name, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def register_kind(*, name: str, label, content: Callable[[str], bytes | None], published: Callable[[], Iterable[str]],
                  page: Callable[[str], str | None]) -> None:
    registry.register(registry.Kind(name=name, label=label, content=content, published=published, page=page))


def as_int(object_id) -> int | None:
    try:
        return int(object_id)
    except (TypeError, ValueError):
        return None
