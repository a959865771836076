"""Bad input never produces a 500: arbitrary JSON to the write endpoints answers 4xx with the error shape."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.licensing.services import Upload, application_submit
from tests import factories as f

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
bodies = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={
        "item": st.one_of(st.just("dag-xk-002"), st.text(max_size=12), st.integers()),
        "fields": json_values,
        "materials": st.lists(st.fixed_dictionaries({}, optional={
            "material": st.sampled_from(["application", "catalogue", "x", ""]),
            "filename": st.text(max_size=12),
            "content_base64": st.one_of(st.text(max_size=16), st.just("JVBERi0xLjQK")),
        }), max_size=3),
        "channel": st.sampled_from(["online", "counter", "post", "fax", ""]),
        "received_on": st.one_of(st.text(max_size=12), st.just("2026-11-02"), st.integers()),
        "party": json_values,
    }),
)
transition_bodies = st.one_of(json_values, st.fixed_dictionaries({}, optional={
    "comment": json_values, "data": json_values}))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_applications_never_500(world, body):
    client = Client()
    client.force_login(world.users["citizen"], backend="django.contrib.auth.backends.ModelBackend")
    r = client.post("/api/v1/licensing/applications", body, content_type="application/json")
    assert r.status_code < 500
    if r.status_code >= 400:
        assert set(r.json()) == {"error", "message", "fields"}


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(["accept", "request_correction", "refuse_intake", "propose", "extend", "grant",
                             "nope", "deemed_accept"]), body=transition_bodies)
def test_transitions_never_500(world, name, body):
    it = world.item
    case, _ = application_submit(item=it, actor=world.users["citizen"], fields=f.valid_fields(it),
                                 uploads=[Upload(m.code, "x.pdf", f.pdf_bytes()) for m in it.materials.all()
                                          if m.required], channel="online")
    client = Client()
    client.force_login(world.users["clerk"], backend="django.contrib.auth.backends.ModelBackend")
    r = client.post(f"/api/v1/cases/{case.pk}/transitions/{name}", body, content_type="application/json")
    assert r.status_code < 500, r.content
