from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendar/deadline"


def test_deadline_workdays_across_national_day():
    r = Client().get(URL, {"start": "2025-09-26", "days": "20", "unit": "workday"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["due"] == "2025-10-30"
    assert body["provisional"] is False
    assert {"date": "2025-10-06", "reason": "中秋节"} in body["skipped"]
    assert {"date": "2025-09-27", "reason": "周六"} in body["skipped"]


def test_deadline_calendar_days_default_unit_and_provisional():
    r = Client().get(URL, {"start": "2025-09-24", "days": "7", "unit": "calendar"})
    assert r.json()["due"] == "2025-10-09"
    r = Client().get(URL, {"start": "2026-12-28", "days": "10"})
    assert r.status_code == 200
    assert r.json()["provisional"] is True
    assert r.json()["due"] == "2027-01-11"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"start": "2025-09-26", "days": "-1"}, "days"),
        ({"start": "2025-09-26", "days": "3651"}, "days"),
        ({"start": "2025-09-26", "days": "ten"}, "days"),
        ({"start": "2025-09-26"}, "days"),
        ({"start": "2025-09-26", "days": "5", "unit": "week"}, "unit"),
        ({"start": "2025-13-01", "days": "5"}, "start"),
        ({"start": "26/09/2025", "days": "5"}, "start"),
        ({"days": "5"}, "start"),
    ],
)
def test_bad_input_is_a_400_in_the_project_shape(params, field):
    r = Client().get(URL, params)
    assert r.status_code == 400, r.content
    body = r.json()
    assert set(body) == {"error", "message", "fields"}
    assert field in body["fields"]
    assert body["message"]
    assert any("\u4e00" <= c <= "\u9fff" for c in body["fields"][field][0])  # a Chinese message


def test_deadline_is_public_and_documented():
    schema = Client().get("/api/v1/openapi.json").json()
    op = schema["paths"][URL]["get"]
    assert op["tags"] == ["calendar"]
    assert "security" not in op or op["security"] in ([], [{}])
