"""The registry of request kinds: what the one intake offers. A kind names its process definition, its form
fields, whether it may be filed anonymously, the tracking-number code and a hook to create its own row.

The kind apps (fazhi/complaints, petitions, disclosure, reconsideration) call ``register_kind`` from their
``kind`` module, imported by their AppConfig.ready."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fazhi.process.definition import FieldSpec


@dataclass(frozen=True)
class RequestKind:
    code: str  # complaint | report | petition | disclosure | reconsideration
    label: Any  # lazy Chinese label
    process_code: str  # the process definition
    number_code: str  # tracking numbers: HLJ-TS2026-000001
    fields: tuple[FieldSpec, ...] = ()
    allow_anonymous: bool = False
    confidential: bool = False  # the requester's identity is confidential (reports)
    legal_basis: str = ""
    # (request: PublicRequest, fields: dict) -> None: create the kind's own rows inside the intake transaction,
    # or raise ValidationError.
    on_submit: Callable[[Any, dict], None] | None = None
    # (fields: dict, *, received_on, today, channel) -> dict of extra validation errors {field: [messages]}.
    validate: Callable[..., dict] | None = None
    guide: Any = ""  # what the public is told on the form (deadlines, what to include)
    staff_only_fields: tuple[str, ...] = field(default=())


_KINDS: dict[str, RequestKind] = {}


def register_kind(kind: RequestKind) -> RequestKind:
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> RequestKind | None:
    return _KINDS.get(code)


def all_kinds() -> list[RequestKind]:
    return list(_KINDS.values())
