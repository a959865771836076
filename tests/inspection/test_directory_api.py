"""/api/v1/inspection/entities and /officers through the front door: who may read and write (401/403 with the
error shape), 422 for a bad USCC, upsert by USCC and certificate number, filters and pages, conflicts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.core.models import AuditEvent
from fazhi.inspection.models import Conflict, Entity, Officer
from tests import factories as f
from tests.inspection.test_directory import uscc, wrong_check

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"
BASE = "/api/v1/inspection"
CERT = "黑档执-0001"
READERS = {"clerk", "officer1", "head", "other_clerk", "other_head"}
WRITERS = {"officer1", "head", "other_head"}


def client(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user, backend=BACKEND)
    return c


def post(c: Client, url: str, body: dict):
    return c.post(url, body, content_type="application/json")


def assert_error_shape(r, status: int, code: str | None = None):
    assert r.status_code == status, r.content
    body = r.json()
    assert set(body) == {"error", "message", "fields"}
    assert body["message"]
    if code:
        assert body["error"] == code
    return body


@pytest.fixture
def dirworld(world, today):
    world.users["other_head"] = f.staff("other_head", world.other, "section_head")
    a = Entity.objects.create(uscc=uscc(1), name="哈尔滨示例科技有限公司", kind="enterprise", region_code="230103",
                              risk_class="A")
    b = Entity.objects.create(uscc=uscc(2), name="哈尔滨另一家公司", kind="enterprise", region_code="230102")
    officer = Officer.objects.create(agency=world.agency, name="王执法", certificate_number=CERT,
                                     issuing_authority="黑龙江省人民政府", valid_from=dt.date(2024, 1, 1),
                                     valid_until=dt.date(2028, 12, 31))
    Conflict.objects.create(officer=officer, entity=a, reason="配偶任法定代表人", declared_on=today)
    world.entities = (a, b)
    return world


def requests_for(world):
    a, b = world.entities
    return {
        "list_entities": ("get", f"{BASE}/entities", None, 200),
        "get_entity": ("get", f"{BASE}/entities/{a.uscc}", None, 200),
        "post_entity": ("post", f"{BASE}/entities",
                        {"uscc": uscc(3), "name": "新单位", "kind": "enterprise", "region_code": "230103"}, 201),
        "list_officers": ("get", f"{BASE}/officers", None, 200),
        "get_officer": ("get", f"{BASE}/officers/{CERT}", None, 200),
        "post_officer": ("post", f"{BASE}/officers",
                         {"certificate_number": "黑档执-0009", "name": "新执法", "issuing_authority": "黑龙江省人民政府",
                          "valid_from": "2026-01-01", "valid_until": "2028-12-31", "agency": "hlj"}, 201),
        "post_conflict": ("post", f"{BASE}/officers/{CERT}/conflicts", {"uscc": b.uscc, "reason": "曾任职"}, 201),
        "delete_conflict": ("delete", f"{BASE}/officers/{CERT}/conflicts/{a.uscc}", None, 204),
    }


ACTORS = ["anonymous", "citizen", "company", "clerk", "officer1", "head", "auditor", "sysadmin", "other_clerk",
          "other_head"]
ROWS = ["list_entities", "get_entity", "post_entity", "list_officers", "get_officer", "post_officer",
        "post_conflict", "delete_conflict"]
# Writing officers (and their conflicts) is for the officers' own agency and its subordinates.
OWN_AGENCY_ONLY = {"post_officer", "post_conflict", "delete_conflict"}


def expected(row: str, actor: str, success: int) -> int:
    if actor == "anonymous":
        return 401
    if row.startswith(("list", "get")):
        return success if actor in READERS else 403
    if actor not in WRITERS:
        return 403
    if row in OWN_AGENCY_ONLY and actor == "other_head":
        return 403
    return success


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("row", ROWS)
def test_permission_matrix(dirworld, row, actor):
    method, url, body, success = requests_for(dirworld)[row]
    c = client(None if actor == "anonymous" else dirworld.users[actor])
    r = getattr(c, method)(url, body, content_type="application/json") if body else getattr(c, method)(url)
    want = expected(row, actor, success)
    if want >= 400:
        assert_error_shape(r, want, {401: "unauthorized", 403: "forbidden"}[want])
    else:
        assert r.status_code == want, r.content


def test_bad_uscc_is_422_with_the_field_and_reason(dirworld):
    c = client(dirworld.users["head"])
    bad = wrong_check(uscc(5))
    r = post(c, f"{BASE}/entities", {"uscc": bad, "name": "某公司", "kind": "enterprise", "region_code": "230103"})
    body = assert_error_shape(r, 422, "invalid")
    assert body["fields"] == {"uscc": [f"校验码错误：应为{uscc(5)[-1]}"]}
    r = post(c, f"{BASE}/entities", {"uscc": "B1230100MA0000051X", "name": "x", "kind": "enterprise",
                                     "region_code": "230103"})
    assert "uscc" in assert_error_shape(r, 422)["fields"]
    r = post(c, f"{BASE}/entities", {"uscc": uscc(5), "name": "", "kind": "factory", "region_code": "2301",
                                     "risk_class": "E"})
    assert set(assert_error_shape(r, 422)["fields"]) == {"name", "kind", "region_code", "risk_class"}
    r = post(c, f"{BASE}/entities", {"uscc": uscc(5)})
    assert set(assert_error_shape(r, 422)["fields"]) == {"name", "kind", "region_code"}
    r = post(c, f"{BASE}/entities", {"name": "no uscc"})
    assert "uscc" in assert_error_shape(r, 422)["fields"]
    assert Entity.objects.count() == 2


def test_entity_upsert_by_uscc(dirworld):
    c = client(dirworld.users["officer1"])
    body = {"uscc": uscc(6).lower(), "name": "示例村", "kind": "村/社区", "region_code": "230125", "risk_class": "D",
            "active": False}
    r = post(c, f"{BASE}/entities", body)
    assert r.status_code == 201, r.content
    assert r.json()["uscc"] == uscc(6) and r.json()["kind"] == "community" and r.json()["active"] is False
    stamp = Entity.objects.get(uscc=uscc(6)).updated_at
    r = post(c, f"{BASE}/entities", {**body, "uscc": uscc(6)})
    assert r.status_code == 200 and Entity.objects.get(uscc=uscc(6)).updated_at == stamp
    r = post(c, f"{BASE}/entities", {"uscc": uscc(6), "risk_class": "B", "phone": "0451-2222222"})
    assert r.status_code == 200
    e = Entity.objects.get(uscc=uscc(6))
    assert (e.name, e.risk_class, e.phone, e.active) == ("示例村", "B", "0451-2222222", False)
    assert e.updated_at > stamp
    events = AuditEvent.objects.filter(action="inspection.entity_save", object_id=uscc(6)).order_by("id")
    assert events.count() == 2 and events.last().detail == {"created": False, "fields": ["phone", "risk_class"]}
    r = client(dirworld.users["clerk"]).get(f"{BASE}/entities/{uscc(6).lower()}")
    assert r.status_code == 200 and r.json()["name"] == "示例村"
    assert_error_shape(client(dirworld.users["clerk"]).get(f"{BASE}/entities/{uscc(77)}"), 404, "not_found")


def test_entity_list_filters_and_pages(dirworld):
    Entity.objects.bulk_create([
        Entity(uscc=uscc(100 + i), name=f"批量单位{i:03d}", kind="institution" if i % 2 else "enterprise",
               region_code="230125" if i < 60 else "230200", risk_class="ABCD"[i % 4], active=i % 10 != 0)
        for i in range(120)])
    c = client(dirworld.users["clerk"])
    r = c.get(f"{BASE}/entities")
    body = r.json()
    assert (body["count"], body["page"], body["pages"], body["per_page"]) == (122, 1, 3, 50)
    assert len(body["results"]) == 50
    everything = [e["uscc"] for p in (1, 2, 3) for e in c.get(f"{BASE}/entities", {"page": p}).json()["results"]]
    assert everything == sorted(everything) and len(set(everything)) == 122
    assert len(c.get(f"{BASE}/entities", {"per_page": 100}).json()["results"]) == 100
    assert c.get(f"{BASE}/entities", {"page": 9}).json()["results"] == []
    assert_error_shape(c.get(f"{BASE}/entities", {"per_page": 101}), 422)
    assert_error_shape(c.get(f"{BASE}/entities", {"page": 0}), 422)
    assert_error_shape(c.get(f"{BASE}/entities", {"page": "x"}), 422)
    assert c.get(f"{BASE}/entities", {"region": "230100"}).json()["count"] == 62  # 2301xx: 230125, 230103, 230102
    assert c.get(f"{BASE}/entities", {"region": "2302"}).json()["count"] == 60
    assert c.get(f"{BASE}/entities", {"region": "230125", "kind": "institution"}).json()["count"] == 30
    assert c.get(f"{BASE}/entities", {"risk": "D"}).json()["count"] == 30
    assert c.get(f"{BASE}/entities", {"active": "false"}).json()["count"] == 12
    assert c.get(f"{BASE}/entities", {"q": "批量单位00"}).json()["count"] == 10
    assert c.get(f"{BASE}/entities", {"q": uscc(1)[:18]}).json()["results"][0]["name"] == "哈尔滨示例科技有限公司"
    body = assert_error_shape(c.get(f"{BASE}/entities", {"risk": "E", "kind": "x", "region": "ab"}), 422)
    assert set(body["fields"]) == {"risk", "kind", "region"}


def test_officers_create_update_scope_and_listing(dirworld, today):
    head = client(dirworld.users["head"])
    body = {"certificate_number": "哈档执-0001", "name": "钱执法", "issuing_authority": "哈尔滨市人民政府",
            "valid_from": "2020年1月1日", "valid_until": "2026-10-31", "agency": "harbin"}
    r = post(head, f"{BASE}/officers", body)
    assert r.status_code == 201, r.content
    out = r.json()
    assert (out["agency"], out["valid_from"], out["valid_today"], out["conflicts"]) == ("harbin", "2020-01-01", False,
                                                                                       [])
    r = post(head, f"{BASE}/officers", {"certificate_number": "哈档执-0001", "valid_until": "2029-12-31"})
    assert r.status_code == 200 and r.json()["valid_today"] is True
    r = post(head, f"{BASE}/officers", {"certificate_number": "哈档执-0001", "valid_until": "2019-12-31"})
    assert assert_error_shape(r, 422)["fields"] == {"valid_until": ["有效期至早于有效期起"]}
    r = post(head, f"{BASE}/officers", {**body, "certificate_number": "吉档执-0001", "agency": "other"})
    assert_error_shape(r, 403, "forbidden")
    r = post(head, f"{BASE}/officers", {**body, "certificate_number": "X-2", "agency": "nowhere", "status": "停用",
                                        "valid_from": "2026-02-30"})
    assert set(assert_error_shape(r, 422)["fields"]) == {"agency", "status", "valid_from"}
    r = post(client(dirworld.users["other_head"]), f"{BASE}/officers", {"certificate_number": CERT, "name": "改名"})
    assert_error_shape(r, 403)
    assert Officer.objects.get(certificate_number=CERT).name == "王执法"
    # Created without an agency: the writer's own.
    r = post(client(dirworld.users["officer1"]), f"{BASE}/officers", {**body, "certificate_number": "黑档执-0002",
                                                                      "agency": None})
    assert r.status_code == 201 and r.json()["agency"] == "hlj"
    reader = client(dirworld.users["other_clerk"])
    listing = reader.get(f"{BASE}/officers").json()
    assert listing["count"] == 3
    assert [o["certificate_number"] for o in listing["results"]] == sorted(o["certificate_number"]
                                                                           for o in listing["results"])
    wang = reader.get(f"{BASE}/officers/{CERT}").json()
    assert wang["conflicts"] == [{"uscc": uscc(1), "name": "哈尔滨示例科技有限公司", "reason": "配偶任法定代表人",
                                  "declared_on": today.isoformat()}]
    assert reader.get(f"{BASE}/officers", {"agency": "harbin"}).json()["count"] == 1
    assert reader.get(f"{BASE}/officers", {"valid_on": "2030-01-01"}).json()["count"] == 0
    assert reader.get(f"{BASE}/officers", {"valid_on": "2026-11-02", "q": "钱"}).json()["count"] == 1
    assert_error_shape(reader.get(f"{BASE}/officers", {"status": "lost"}), 422)
    assert_error_shape(reader.get(f"{BASE}/officers/黑档执-9999"), 404)


def test_conflicts_declare_change_and_withdraw(dirworld, today):
    a, b = dirworld.entities
    c = client(dirworld.users["officer1"])
    url = f"{BASE}/officers/{CERT}/conflicts"
    r = post(c, url, {"uscc": b.uscc, "reason": "曾在该单位任职", "declared_on": "2026-10-01"})
    assert r.status_code == 201 and r.json() == {"uscc": b.uscc, "name": b.name, "reason": "曾在该单位任职",
                                                 "declared_on": "2026-10-01"}
    r = post(c, url, {"uscc": b.uscc, "reason": "近亲属在该单位任职"})
    assert r.status_code == 200 and r.json()["reason"] == "近亲属在该单位任职" and r.json()["declared_on"] == "2026-10-01"
    assert assert_error_shape(post(c, url, {"uscc": uscc(50), "reason": "x"}), 422)["fields"] == {
        "uscc": ["检查对象名录库中没有该单位"]}
    assert "uscc" in assert_error_shape(post(c, url, {"uscc": wrong_check(b.uscc), "reason": "x"}), 422)["fields"]
    assert "reason" in assert_error_shape(post(c, url, {"uscc": b.uscc, "reason": " "}), 422)["fields"]
    assert_error_shape(post(c, f"{BASE}/officers/黑档执-9999/conflicts", {"uscc": b.uscc, "reason": "x"}), 404)
    assert c.delete(f"{url}/{a.uscc}").status_code == 204
    assert_error_shape(c.delete(f"{url}/{a.uscc}"), 404)
    assert list(Conflict.objects.values_list("entity__uscc", flat=True)) == [b.uscc]
    assert AuditEvent.objects.filter(action="inspection.conflict_withdraw").count() == 1


def test_bearer_token_and_openapi(dirworld):
    r = Client().post("/api/v1/auth/token", {"username": "head", "password": f.PASSWORD}, content_type="application/json")
    token = r.json()["token"]
    r = Client().post(f"{BASE}/entities", {"uscc": uscc(8), "name": "令牌单位", "kind": "企业", "region_code": "230103"},
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201, r.content
    schema = Client().get("/api/v1/openapi.json").json()
    for path in ("/entities", "/entities/{uscc}", "/officers", "/officers/{certificate_number}/conflicts"):
        ops = schema["paths"][BASE + path]
        assert all(op["tags"] == ["inspection"] for op in ops.values())
