"""Read replicas (docs/deployment.md): with ``FAZHI_READ_REPLICA_URL`` set, the heavy read pages (the public
service guide, the publicity lists, the search, the statistics dashboards) read from the ``replica`` database;
writes and everything else go to ``default``.

The choice is per request: ``ReplicaReadsMiddleware`` marks the request when its view is one of
``REPLICA_VIEWS`` (GET or HEAD only), ``replica_reads()`` marks a block of code (a context manager and a view
decorator), and ``ReadReplicaRouter`` sends the reads made while marked to the replica. Never to the replica,
even then: who is logged in and what they may do (sessions, users, tokens, login throttling, second factors,
the job queue), and any read inside a transaction on ``default`` (a read that belongs to a write). A replica
lags the primary by a moment: a decision published a second ago may show a second later on the lists.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

REPLICA = "replica"
DEFAULT = "default"

# The heavy read pages (URL names), read from the replica when one is configured.
REPLICA_VIEWS = frozenset({
    # the public service guide
    "portal:guides", "portal:guide",
    # the publicity lists
    "portal:publicity", "enforcement:public_decisions", "inspection:public_items", "inspection:public_tasks",
    "inspection:public_task", "inspection:public_planned", "inspection:public_planned_task", "officers:public",
    "decisions:public", "reports:public", "reports:public_report",
    # the search
    "norms:search",
    # the statistics dashboards
    "portal:statistics", "reports:dashboard", "disclosure:statistics",
})

# Apps and models read from the primary only (authentication, authorisation, the queue and the locks).
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "contenttypes", "axes", "security", "sysadmin", "jobs"})
PRIMARY_ONLY_MODELS = frozenset({"core.user", "core.apitoken"})

_reads_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("fazhi_reads_from_replica", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "FAZHI_READ_REPLICA", False)) and REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block go to the replica (when one is configured)."""
    token = _reads_from_replica.set(True)
    try:
        yield
    finally:
        _reads_from_replica.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """View decorator: the view (and its template) read from the replica."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            response = view(*args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapped


def read_connection():
    """The connection for raw-SQL reads (the router sees only the ORM): the replica while reads are marked for it
    (and one is configured, and no transaction is open on the primary), else the primary."""
    marked = _reads_from_replica.get() and replica_enabled() and not connections[DEFAULT].in_atomic_block
    return connections[REPLICA if marked else DEFAULT]


class ReadReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if not (_reads_from_replica.get() and replica_enabled()):
            return DEFAULT
        meta = model._meta
        if meta.app_label in PRIMARY_ONLY_APPS or meta.label_lower in PRIMARY_ONLY_MODELS:
            return DEFAULT
        if connections[DEFAULT].in_atomic_block:
            return DEFAULT
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA, None}:
            return True  # the same data
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Marks the requests of ``REPLICA_VIEWS`` (GET/HEAD) for the replica, for the view and its rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = request.__dict__.pop("_fazhi_replica_token", None)
            if token is not None:
                _reads_from_replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (request.method in ("GET", "HEAD") and match is not None and match.view_name in REPLICA_VIEWS
                and replica_enabled()):
            request._fazhi_replica_token = _reads_from_replica.set(True)
        return None
