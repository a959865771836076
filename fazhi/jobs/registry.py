"""The job kinds: ``@job_handler("kind")`` registers ``handler(payload: dict) -> JSON-able result``;
``every=N`` makes it periodic (the workers schedule it themselves every N seconds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Handler = Callable[[dict], Any]


@dataclass(frozen=True)
class JobKind:
    kind: str
    handler: Handler
    every: int | None = None  # seconds, for periodic jobs
    max_attempts: int = 5


_kinds: dict[str, JobKind] = {}


def job_handler(kind: str, *, every: int | None = None, max_attempts: int = 5) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _kinds[kind] = JobKind(kind, fn, every, max_attempts)
        return fn

    return register


def get(kind: str) -> JobKind | None:
    return _kinds.get(kind)


def kinds() -> list[JobKind]:
    return list(_kinds.values())


def periodic() -> list[JobKind]:
    return [k for k in _kinds.values() if k.every]
