"""The HTTP API as a client uses it: a token, the catalogue, an application with materials, transitions,
documents; and the error contract (JSON {error, message, fields}, 4xx, never 500)."""

from __future__ import annotations

import base64
import io

import docx
import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    r = Client().post("/api/v1/auth/token", {"username": username, "password": f.PASSWORD},
                      content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()["token"]


class Api:
    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, url):
        return self.client.get(url, **self.headers)

    def post(self, url, body):
        return self.client.post(url, body, content_type="application/json", **self.headers)


def materials(item):
    return [{"material": m.code, "filename": f"{m.code}.pdf", "content_base64": base64.b64encode(f.pdf_bytes()).decode()}
            for m in item.materials.all() if m.required]


def test_token_login_errors_and_lockout(world):
    c = Client()
    r = c.post("/api/v1/auth/token", {"username": "clerk", "password": "wrong"}, content_type="application/json")
    assert r.status_code == 401 and r.json()["error"] == "bad_credentials"
    r = c.post("/api/v1/auth/token", {"username": "clerk"}, content_type="application/json")
    assert r.status_code == 422 and "password" in r.json()["fields"]
    for _ in range(5):
        c.post("/api/v1/auth/token", {"username": "head", "password": "wrong"}, content_type="application/json")
    r = c.post("/api/v1/auth/token", {"username": "head", "password": f.PASSWORD}, content_type="application/json")
    assert r.status_code == 429  # locked even with the right password
    assert Api("not-a-token").get("/api/v1/cases/1").status_code == 401


def test_items_are_public_with_time_limits_from_the_definition(world):
    r = Api().get("/api/v1/licensing/items")
    assert r.status_code == 200
    item = r.json()[0]
    assert item["code"] == "dag-xk-002"
    limits = {t["label"]: t for t in item["time_limits"]}
    assert limits["受理审查期限"]["budget"] == 5 and limits["审查决定期限"]["budget"] == 20
    assert "第四十二条" in limits["审查决定期限"]["legal_basis"]
    assert "六十日" in item["remedies"] and "六个月" in item["remedies"]
    assert Api().get("/api/v1/licensing/items/nope").status_code == 404


def test_apply_fire_and_download_through_the_api(world, today):
    citizen = Api(token_for("citizen"))
    r = citizen.post("/api/v1/licensing/applications",
                     {"item": world.item.code, "fields": f.valid_fields(world.item), "materials": materials(world.item)})
    assert r.status_code == 201, r.content
    body = r.json()
    case_id = body["id"]
    assert body["state"] == "submitted" and len(body["verification_code"]) == 8
    assert body["case"]["transitions"] == ["withdraw"]
    clerk = Api(token_for("clerk"))
    case = clerk.get(f"/api/v1/cases/{case_id}").json()
    assert set(case["transitions"]) == {"accept", "request_correction", "refuse_intake", "withdraw"}
    assert case["clocks"][0]["due"] == "2026-11-09" and case["clocks"][0]["provisional"] is False
    assert case["events"][0]["transition"] == "open"
    r = clerk.post(f"/api/v1/cases/{case_id}/transitions/accept", {"comment": "材料齐全"})
    assert r.status_code == 200 and r.json()["state"] == "under_review"
    again = clerk.post(f"/api/v1/cases/{case_id}/transitions/accept", {})
    assert again.status_code == 409 and again.json()["error"] == "transition_not_allowed"
    docs = citizen.get(f"/api/v1/cases/{case_id}/documents").json()
    assert [d["title"] for d in docs] == ["受理通知书"]
    download = citizen.get(docs[0]["url"])
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "黑档许〔2026〕1号" in text and "林小民" in text


def test_bad_input_is_a_4xx_json_error_and_changes_nothing(world, today):
    from fazhi.process.models import Case

    citizen = Api(token_for("citizen"))
    cases = [
        {"item": "nope"},
        {"item": world.item.code, "fields": {}, "materials": []},
        {"item": world.item.code, "fields": f.valid_fields(world.item),
         "materials": [{"material": "application", "filename": "a.pdf", "content_base64": "%%%"}]},
        {"item": world.item.code, "fields": f.valid_fields(world.item), "materials": materials(world.item),
         "channel": "counter"},
        {"item": world.item.code, "fields": {"archives": 1, "exit_date": "2026-13-45"}, "materials": materials(world.item)},
        {"item": world.item.code, "channel": "fax"},
        [],
        {"item": world.item.code, "fields": f.valid_fields(world.item),
         "materials": [{"material": "application", "filename": "a.pdf", "content_base64": base64.b64encode(b"GIF89a").decode()}]},
    ]
    for body in cases:
        r = citizen.post("/api/v1/licensing/applications", body)
        assert 400 <= r.status_code < 500, (body, r.status_code)
        data = r.json()
        assert set(data) == {"error", "message", "fields"} and data["message"], data
    r = citizen.client.post("/api/v1/licensing/applications", "{not json", content_type="application/json",
                            **citizen.headers)
    assert 400 <= r.status_code < 500
    assert Case.objects.count() == 0
    clerk = Api(token_for("clerk"))
    r = clerk.post("/api/v1/cases/abc/transitions/accept", {})
    assert r.status_code == 404
    r = clerk.get("/api/v1/calendar/deadline?start=2026-02-30&days=5&unit=workday")
    assert r.status_code == 400 and r.json()["error"]


def test_counter_application_by_a_clerk(world, today):
    clerk = Api(token_for("clerk"))
    r = clerk.post("/api/v1/licensing/applications", {
        "item": world.item.code, "fields": f.valid_fields(world.item), "channel": "counter",
        "received_on": "2026-10-30",
        "party": {"kind": "person", "name": "王某", "id_number": world.users["citizen"].id_number},
    })
    assert r.status_code == 201, r.content
    assert r.json()["case"]["received_on"] == "2026-10-30"
    handler = Api(token_for("handler"))
    r = handler.post("/api/v1/licensing/applications", {
        "item": world.item.code, "fields": f.valid_fields(world.item), "channel": "counter",
        "received_on": "2026-10-30",
        "party": {"kind": "person", "name": "王某", "id_number": world.users["citizen"].id_number},
    })
    assert r.status_code == 400


def test_openapi_schema_is_served_and_current(world):
    import json
    from pathlib import Path

    r = Api().get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    paths = schema["paths"]
    for p in ("/api/v1/auth/token", "/api/v1/licensing/items", "/api/v1/licensing/applications",
              "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/transitions/{name}",
              "/api/v1/cases/{case_id}/documents", "/api/v1/calendar/deadline"):
        assert p in paths, p
    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    assert committed.exists(), "docs/openapi.json is missing: run `fazhi export_openapi`"
    assert json.loads(committed.read_text(encoding="utf-8")) == schema, (
        "docs/openapi.json is out of date: run `.venv/bin/fazhi export_openapi`")


def test_internal_review_steps_are_hidden_from_the_applicant(world, today):
    citizen = Api(token_for("citizen"))
    r = citizen.post("/api/v1/licensing/applications",
                     {"item": world.item.code, "fields": f.valid_fields(world.item), "materials": materials(world.item)})
    case_id = r.json()["id"]
    Api(token_for("clerk")).post(f"/api/v1/cases/{case_id}/transitions/accept", {})
    handler = Api(token_for("handler"))
    r = handler.post(f"/api/v1/cases/{case_id}/transitions/propose",
                     {"comment": "内部意见：建议准予", "data": {"opinion": "grant"}})
    assert r.status_code == 200
    staff_view = handler.get(f"/api/v1/cases/{case_id}").json()
    assert [e["transition"] for e in staff_view["events"]] == ["open", "accept", "propose"]
    applicant_view = citizen.get(f"/api/v1/cases/{case_id}").json()
    assert [e["transition"] for e in applicant_view["events"]] == ["open", "accept"]
    citizen.client.force_login(world.users["citizen"], backend="django.contrib.auth.backends.ModelBackend")
    page = citizen.client.get(f"/cases/{case_id}/").content.decode()
    assert "内部意见" not in page and "审查中" in page
