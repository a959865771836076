"""Every route is in the permission matrix (tests/test_permission_matrix.py) or in the allow-list below.

The routes are the whole URL conf (``django.urls.get_resolver``) and, for the HTTP API, every operation of the
OpenAPI schema of ``fazhi.api.api`` (method and path: one URL may carry a GET and a POST with different rules).
A matrix row covers a page route whatever its method (a page's GET and POST share one view and one gate) and an
API operation only for its own method. A new page or endpoint without a row fails here, by name.
"""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver, resolve

from fazhi.api.api import api
from tests.test_permission_matrix import all_rows

# Public by nature: no object, nothing a user owns, the same for everyone. Each one says why.
ALLOWED = {
    "i18n/setlang/": "language switch (Django's set_language): a cookie/session choice, no data",
    "jsi18n/": "the JavaScript translation catalogue: static text",
    "api/v1/": "the API root page (links only)",
    "api/v1/openapi.json": "the OpenAPI schema of the public API: documentation",
    "api/v1/docs": "the API documentation page",
    "healthz": "liveness probe for the load balancer: 'ok', no data",
    "login/": "the login page (throttled by django-axes; tests/core/test_security.py)",
    "logout/": "logout (POST; ends the caller's own session)",
    "register/": "public account registration (tests/portal)",
    ("POST", "/api/v1/auth/token"): "token endpoint: username + password in, token out (throttled like login/)",
}

EXCLUDED_PREFIXES: tuple[str, ...] = ()

_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _openapi_path(route: str) -> str:
    """Django route "api/v1/cases/<int:case_id>" → OpenAPI path "/api/v1/cases/{case_id}"."""
    return "/" + _PARAM.sub(r"{\1}", route)


def _django_routes(patterns=None, prefix: str = "") -> set[str]:
    out: set[str] = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            out |= _django_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            out.add(prefix + str(p.pattern))
    return out


def _api_operations() -> set[tuple[str, str]]:
    methods = {"get", "post", "put", "patch", "delete"}
    schema = api.get_openapi_schema()
    return {(m.upper(), path) for path, ops in schema["paths"].items() for m in ops if m in methods}


def routes() -> set[str | tuple[str, str]]:
    """Every page route (pattern string) and every API operation ((METHOD, OpenAPI path)), less the exclusions."""
    operations = _api_operations()
    api_paths = {path for _m, path in operations}
    pages = {r for r in _django_routes() if _openapi_path(r) not in api_paths}
    out: set[str | tuple[str, str]] = set(pages) | operations
    return {r for r in out if not (r[1].lstrip("/") if isinstance(r, tuple) else r).startswith(EXCLUDED_PREFIXES)}


class _One(dict):
    def __missing__(self, key):
        return "1"


def covered() -> dict[str | tuple[str, str], list[str]]:
    """Route → the matrix rows that reach it."""
    out: dict[str | tuple[str, str], list[str]] = {}
    for name, method, template in all_rows():
        path = template.format_map(_One()).split("?")[0]
        match = resolve(path)
        key: str | tuple[str, str] = match.route
        if path.startswith("/api/v1/"):
            key = (method.upper(), _openapi_path(match.route))
        out.setdefault(key, []).append(name)
    return out


def test_every_route_is_in_the_matrix_or_allowed():
    every = routes()
    reached = covered()
    missing = sorted(every - set(reached) - set(ALLOWED), key=str)
    assert not missing, f"{len(missing)} routes without a row in tests/test_permission_matrix.py:\n" + "\n".join(
        str(m) for m in missing)


def test_rows_and_the_allow_list_name_real_routes():
    """A row whose URL no longer resolves to a route of its kind, or a stale allow-list entry, fails too."""
    every = routes()
    stale_rows = {k: v for k, v in covered().items() if k not in every}
    assert not stale_rows, stale_rows
    assert not set(ALLOWED) - every, set(ALLOWED) - every
    assert not set(ALLOWED) & set(covered()), "allow-listed and in the matrix: pick one"


def test_the_walk_sees_pages_and_api_operations():
    every = routes()
    assert "cases/<int:case_id>/" in every
    assert ("GET", "/api/v1/cases/{case_id}") in every and ("POST", "/api/v1/cases/{case_id}/transitions/{name}") in every
    assert not any(isinstance(r, str) and r.startswith("api/v1/cases") for r in every)
