"""Bad input to the evaluator never produces a 500: 401/403/422 with the error shape, or a recommendation."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
codes = st.one_of(st.sampled_from(["da48-1-use", "da48-3", "da48-7", "da48-1-service", "x", ""]), st.text(max_size=70))
circumstances = st.sampled_from(["confessed", "repeat-offence", "serious-harm", "minor-corrected-no-harm",
                                 "first-minor-corrected", "under-14", "no-fault", "nonsense", "\x00", ""])
dates = st.one_of(st.dates().map(str), st.sampled_from(["2024-05-01", "2021-07-14", "0001-01-01", "9999-12-31",
                                                        "2024-02-30", ""]), st.integers())
bodies = st.one_of(json_values, st.fixed_dictionaries({}, optional={
    "violation": st.one_of(codes, json_values),
    "party_type": st.one_of(st.sampled_from(["unit", "individual", "archives_service_enterprise", "company"]),
                            json_values),
    "circumstances": st.one_of(st.lists(circumstances, max_size=4), json_values),
    "date": dates,
    "decision_date": st.one_of(dates, st.none()),
}))


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_evaluate_never_500(world, body):
    client = Client()
    client.force_login(world.users["handler"], backend="django.contrib.auth.backends.ModelBackend")
    r = client.post("/api/v1/enforcement/standards/evaluate", body, content_type="application/json")
    assert r.status_code in (200, 400, 422), (r.status_code, r.content)
    if r.status_code >= 400:
        assert set(r.json()) == {"error", "message", "fields"}
    else:
        assert {"kind", "min", "max", "reasoning", "citations"} <= set(r.json())
