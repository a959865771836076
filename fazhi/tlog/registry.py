"""What can be published, and how each publication's content is read. Each area registers its kinds in its
``AppConfig.ready`` (as with ``process.panels``); the log, the verifier and the content endpoint ask the registry,
so the bytes the log hashes are the bytes the public is served.

A kind's ``content(object_id)`` returns the canonical bytes of what the public is shown *now* (canonical JSON of
the published fields, or a published file's bytes), or None when the object is not published; ``published()``
lists the ids of the objects published now (the verifier reports any of them missing from the log); ``page``
gives the public page that shows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    content: Callable[[str], bytes | None]
    published: Callable[[], Iterable[str]]
    page: Callable[[str], str | None] = field(default=lambda _id: None)
    media_type: str = "application/json"


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def get(name: str) -> Kind | None:
    return _KINDS.get(name)


def kinds() -> list[Kind]:
    return [_KINDS[k] for k in sorted(_KINDS)]


def canonical_json(value) -> bytes:
    """RFC 8785 (JCS) for what publications contain — objects with ASCII keys, strings, integers, booleans, null
    and lists: keys sorted, no insignificant whitespace, UTF-8. Numbers that are not integers must be given as
    strings (JCS's number form is not Python's)."""
    def check(v):
        if isinstance(v, float):
            raise TypeError("publish decimals as strings")
        if isinstance(v, dict):
            for k, x in v.items():
                if not isinstance(k, str) or not k.isascii():
                    raise TypeError("keys must be ASCII strings")
                check(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                check(x)
    check(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
