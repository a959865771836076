"""Named locks across processes and machines: ``with try_lock("name") as held:`` (docs/deployment.md).

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``), released in ``finally`` and by
  PostgreSQL itself when the connection ends (a crashed process never leaves it held). Session-level, not
  ``pg_try_advisory_xact_lock``, so the work under the lock is not one long transaction: each transition the
  clock tick fires commits by itself. It needs a real session: behind PgBouncer use session pooling (or
  connect the workers directly).
- Other databases (SQLite): a lease row in ``jobs_lock`` taken by one conditional UPDATE (free or expired →
  mine), released by clearing it; a crashed holder's lease expires after ``ttl`` seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connections
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger(__name__)


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"fazhi:{name}".encode()).digest()[:8], "big", signed=True)


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def try_lock(name: str, *, ttl: float = 600.0, using: str = "default") -> Iterator[bool]:
    """Try once to take the lock ``name``; yields whether it was taken (never waits)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        key = advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held:
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
                except DatabaseError:  # e.g. an aborted transaction: ending the session releases the lock
                    log.warning("could not release lock %s; closing the connection", name)
                    if not connection.in_atomic_block:
                        connection.close()
        return
    with lease_lock(name, ttl=ttl, using=using) as held:
        yield held


@contextmanager
def lease_lock(name: str, *, ttl: float = 600.0, using: str = "default") -> Iterator[bool]:
    """The lock of databases without advisory locks: a row of ``jobs.Lock`` taken with one conditional UPDATE,
    held for ``ttl`` seconds at most (a crashed holder's lease expires)."""
    from fazhi.jobs.models import Lock

    holder = holder_id()
    Lock.objects.using(using).bulk_create([Lock(name=name)], ignore_conflicts=True)
    now = timezone.now()
    held = Lock.objects.using(using).filter(Q(holder="") | Q(expires_at__lt=now), name=name).update(
        holder=holder, expires_at=now + dt.timedelta(seconds=ttl)) == 1
    try:
        yield held
    finally:
        if held:
            Lock.objects.using(using).filter(name=name, holder=holder).update(holder="", expires_at=None)
