"""The whole HTTP API fuzzed from its own OpenAPI document (schemathesis 4.x): no input, from anyone, ever
answers 5xx, and answers that the document describes match their schemas.

The schema is read from the live Django application (``/api/v1/openapi.json`` through the WSGI handler), so a
router added to ``fazhi/api/api.py`` is fuzzed without touching this file. Each operation is one test item
(``schema.parametrize``), with a small world (``fuzz_world``) in a fresh database, and a bounded, reproducible
run: schemathesis' three phases (the schema's examples, the coverage phase's boundary values of every parameter,
then 15 generated examples in the positive and negative modes; ``FAZHI_FUZZ_EXAMPLES`` for more), derandomized,
no example database.

* anonymous callers on the public operations;
* anonymous callers on the protected operations: always refused (4xx), whatever they send;
* an authenticated staff member holding every business role (bearer token from ``POST /api/v1/auth/token``)
  on every operation.

Every answer is also checked against its response schema. django-ninja keys components by the class name, so two
routers defining a schema of the same name would silently share one in the served document:
``test_component_names_are_unique`` keeps the names unique (each app's schemas carry its own prefix).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fazhi.licensing.services import Upload, application_submit
from tests import factories as f

SCHEMA_URL = "/api/v1/openapi.json"
BUSINESS_ROLES = ("intake_clerk", "case_handler", "section_head", "deputy_director", "director", "legal_reviewer",
                  "enforcement_officer")

app = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app)
# Operations that refuse anonymous callers before reading the input: no coverage phase (its boundary values of
# every parameter are the bulk of the run's time), a few generated examples.
refused_schema = schemathesis.openapi.from_wsgi(
    SCHEMA_URL, app, config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}}))

# FAZHI_FUZZ_EXAMPLES=200 for a longer hunt; 15 keeps the three tests well under a minute and a half.
EXAMPLES = int(os.environ.get("FAZHI_FUZZ_EXAMPLES", "15"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=False,
                suppress_health_check=list(HealthCheck))
REFUSED = settings(FUZZ, max_examples=max(2, EXAMPLES // 5))


def _protected(ctx) -> bool:
    return bool(ctx.operation.definition.raw.get("security"))


def duplicate_component_names() -> dict[str, list[str]]:
    """Component names that two different models claim (``{name: [module.Class, ...]}``): django-ninja's
    ``add_schema_definitions`` keeps whichever came last."""
    from ninja.openapi.schema import OpenAPISchema

    from fazhi.api.api import api

    seen: dict[str, dict[str, object]] = {}
    original = OpenAPISchema.add_schema_definitions

    def record(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            seen.setdefault(name, {})
            key = repr(sorted(definition.get("properties", {}).items()))
            seen[name].setdefault(key, definition.get("title", name))
        original(self, definitions)

    OpenAPISchema.add_schema_definitions = record
    try:
        api.get_openapi_schema()
    finally:
        OpenAPISchema.add_schema_definitions = original
    models: dict[str, list[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                for model in [*op.response_models.values(), *op.models]:
                    _collect(model, models)
    return {name: sorted(set(models.get(name, [name]))) for name, variants in seen.items() if len(variants) > 1}


def _collect(model, out: dict[str, list[str]]) -> None:
    """Every pydantic model reachable from ``model`` by its name (for the report of duplicates)."""
    import typing

    from pydantic import BaseModel

    stack, done = [model], set()
    while stack:
        m = stack.pop()
        if m in done or m is None:
            continue
        done.add(m)
        if isinstance(m, type) and issubclass(m, BaseModel):
            out.setdefault(m.__name__, []).append(f"{m.__module__}.{m.__qualname__}")
            stack.extend(fld.annotation for fld in m.model_fields.values())
        else:
            stack.extend(typing.get_args(m))


def call(case, **kwargs):
    """``case.call_and_validate`` with the checks of ``_checks``. schemathesis calls the WSGI handler itself, whose
    request signals would close the database connection that is inside the test's transaction (PostgreSQL then
    loses the test's data); Django's test client turns them off around each request in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        return case.call_and_validate(checks=_checks(case), **kwargs)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _checks(case) -> list:
    return [not_a_server_error, response_schema_conformance]


@pytest.fixture
def fuzz_world(db, today):
    """What the fuzzed requests may find: an agency with a licensing item, a staff member with every business
    role, a public account and one application (small ids are what the generators try first)."""
    agency = f.agency("hlj", short_name="黑档", name="黑龙江省档案局")
    item = f.item(agency, 1, code="dag-xk-002")
    staff = f.staff("fuzzer", agency, *BUSINESS_ROLES)
    citizen = f.person("citizen")
    application_submit(item=item, actor=citizen, fields=f.valid_fields(item), channel="online",
                       uploads=[Upload(m.code, "x.pdf", f.pdf_bytes()) for m in item.materials.all() if m.required])
    return staff


@pytest.fixture
def staff_token(fuzz_world) -> str:
    r = Client().post("/api/v1/auth/token", {"username": fuzz_world.username, "password": f.PASSWORD},
                      content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()["token"]


@pytest.mark.django_db
@schema.exclude(func=_protected).parametrize()
@FUZZ
def test_public_operations_as_anonymous(case, fuzz_world):
    call(case)


@pytest.mark.django_db
@refused_schema.include(func=_protected).parametrize()
@REFUSED
def test_protected_operations_refuse_anonymous(case, fuzz_world):
    response = call(case)
    assert 400 <= response.status_code < 500, (case.operation.label, response.status_code)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_every_operation_as_staff(case, staff_token):
    call(case, headers={"Authorization": f"Bearer {staff_token}"})


def test_component_names_are_unique():
    assert duplicate_component_names() == {}
