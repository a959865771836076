"""/api/v1/enforcement/officers through the front door: the public list and detail, the staff part of the detail,
who may write (401/403/404 with the error shape), 422 for bad values and refused actions, the expiry warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.inspection.models import Officer
from fazhi.officers.models import CertificateEvent, ExamResult, TrainingRecord
from tests import factories as f
from tests.officers.conftest import logged, officer

pytestmark = pytest.mark.django_db
BASE = "/api/v1/enforcement/officers"
PUBLIC_FIELDS = {"id", "name", "agency", "agency_name", "department", "certificate_number", "issuing_authority",
                 "valid_from", "valid_until", "status", "status_label"}


def client(world, who: str) -> Client:
    return Client() if who == "anonymous" else logged(world.users[who])


def post(c: Client, url: str, body: dict):
    return c.post(url, body, content_type="application/json")


def error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.content
    body = r.json()
    assert set(body) == {"error", "message", "fields"} and body["message"]
    if code:
        assert body["error"] == code
    return body


def test_anonymous_list_is_the_publicity(ow):
    r = Client().get(BASE)
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 7 and body["page"] == 1
    rows = {row["certificate_number"]: row for row in body["results"]}
    for row in rows.values():
        assert set(row) == PUBLIC_FIELDS
    assert rows["黑档执-0003"]["status"] == "expired" and rows["黑档执-0003"]["status_label"] == "已过期"
    assert rows["黑档执-0004"]["status"] == "not_yet_valid"
    assert rows["黑档执-0005"]["status"] == "suspended"
    assert rows["黑档执-0006"]["status"] == "revoked"
    assert rows["吉档执-0001"]["agency_name"] == "吉林省档案局"
    assert rows["黑档执-0001"]["valid_until"] == "2028-12-31"


def test_list_filters_and_pages(ow):
    r = Client().get(BASE, {"agency": "other"})
    assert [row["certificate_number"] for row in r.json()["results"]] == ["吉档执-0001"]
    r = Client().get(BASE, {"q": "张三"})
    assert r.json()["count"] == 1
    r = Client().get(BASE, {"per_page": 2, "page": 2})
    assert r.json()["pages"] == 4 and len(r.json()["results"]) == 2
    body = error(Client().get(BASE, {"agency": "nope"}), 422, "invalid")
    assert body["fields"] == {"agency": ["没有这个机关。"]}
    error(Client().get(BASE, {"per_page": 1000}), 422)
    error(Client().get(BASE, {"page": 0}), 422)


def test_detail_public_part_and_staff_part(ow):
    o = ow.o.valid
    legal = ow.users["legal"]
    post(logged(legal), f"{BASE}/{o.pk}/training", {"date": "2026-03-01", "title": "行政处罚法", "hours": 6})
    anon = Client().get(f"{BASE}/{o.pk}").json()
    assert anon["staff_view"] is False and anon["exams"] is None and anon["training"] is None
    assert anon["certificate_events"] is None and anon["certificate_number"] == "黑档执-0001"
    for who in ("citizen", "other_clerk", "sysadmin"):
        assert client(ow, who).get(f"{BASE}/{o.pk}").json()["staff_view"] is False, who
    staff = client(ow, "clerk").get(f"{BASE}/{o.pk}").json()
    assert staff["staff_view"] is True
    assert staff["training"][0]["title"] == "行政处罚法" and staff["training_hours_this_year"] == "6.0"
    assert staff["training_hours_required"] == "40" and staff["training_hours_by_year"] == {"2026": "6.0"}
    assert staff["exams"] == [] and staff["certificate_events"] == []
    error(Client().get(f"{BASE}/999999"), 404, "not_found")
    assert Client().get(f"{BASE}/abc").status_code == 404


def test_foreign_staff_see_only_the_public_part_of_our_officer(ow):
    body = client(ow, "other_legal").get(f"{BASE}/{ow.o.valid.pk}").json()
    assert body["staff_view"] is False and body["training"] is None


WRITE_ACTORS = ["anonymous", "citizen", "company", "sysadmin", "auditor", "other_legal", "city_clerk", "clerk",
                "head", "officer1", "legal", "director"]


def expected_write(who: str) -> int:
    if who == "anonymous":
        return 401
    if who in ("citizen", "company", "sysadmin", "auditor", "other_legal", "city_clerk"):
        return 404
    if who in ("clerk", "head", "officer1"):
        return 403
    return 0  # allowed


@pytest.mark.parametrize("who", WRITE_ACTORS)
def test_who_may_write(ow, who):
    c = client(ow, who)
    o = ow.o.valid
    status = expected_write(who)
    requests = [
        (f"{BASE}/{o.pk}/certificate", {"action": "suspend", "reason": "停职调查"}, 200),
        (f"{BASE}/{o.pk}/exams", {"date": "2026-10-01", "subject": "行政执法资格考试", "score": 88, "passed": True}, 201),
        (f"{BASE}/{o.pk}/training", {"date": "2026-10-01", "title": "培训", "hours": "4", "organizer": "省司法厅"}, 201),
    ]
    for url, body, ok in requests:
        r = post(c, url, body)
        if status:
            error(r, status)
        else:
            assert r.status_code == ok, r.content
    if status:
        assert not CertificateEvent.objects.exists() and not ExamResult.objects.exists()
        assert not TrainingRecord.objects.exists()
        assert Officer.objects.get(pk=o.pk).status == "valid"
    else:
        assert Officer.objects.get(pk=o.pk).status == "suspended"


def test_missing_and_foreign_officers_answer_alike(ow):
    c = client(ow, "legal")
    a = error(post(c, f"{BASE}/999999/certificate", {"action": "suspend", "reason": "x"}), 404)
    b = error(post(c, f"{BASE}/{ow.o.foreign.pk}/certificate", {"action": "suspend", "reason": "x"}), 404)
    assert a == b


def test_certificate_actions_and_refusals(ow):
    c = client(ow, "legal")
    o = ow.o.valid
    r = post(c, f"{BASE}/{o.pk}/certificate", {"action": "revoke", "reason": "严重违法"})
    assert r.status_code == 200 and r.json()["status"] == "revoked"
    events = r.json()["certificate_events"]
    assert [(e["action"], e["old"], e["new"]) for e in events] == [("revoke", {"status": "valid"},
                                                                    {"status": "revoked"})]
    body = error(post(c, f"{BASE}/{o.pk}/certificate", {"action": "reinstate", "reason": "申诉"}), 422, "invalid")
    assert body["fields"] == {"action": ["执法证已被吊销，吊销是终局的，不能恢复。"]}
    body = error(post(c, f"{BASE}/{o.pk}/certificate", {"action": "fly", "reason": "x"}), 422)
    assert "action" in body["fields"]
    body = error(post(c, f"{BASE}/{ow.o.valid2.pk}/certificate", {"action": "suspend"}), 422)
    assert body["fields"] == {"reason": ["请填写理由。"]}
    error(post(c, f"{BASE}/{o.pk}/certificate", {"reason": "no action"}), 422)  # schema


def test_renew_through_the_api(ow):
    c = client(ow, "director")
    o = ow.o.expired
    r = post(c, f"{BASE}/{o.pk}/certificate", {"action": "renew", "certificate_number": "黑档执-0203",
                                               "issuing_authority": "黑龙江省人民政府", "valid_from": "2026-11-01",
                                               "valid_until": "2031-10-31", "reason": "到期换证"})
    assert r.status_code == 200, r.content
    assert r.json()["certificate_number"] == "黑档执-0203" and r.json()["status"] == "valid"
    body = error(post(c, f"{BASE}/{ow.o.valid.pk}/certificate", {"action": "renew", "certificate_number": "黑档执-0203",
                                                                 "issuing_authority": "x", "valid_from": "2026-11-01",
                                                                 "valid_until": "2031-10-31"}), 422)
    assert body["fields"]["certificate_number"] == ["执法证号黑档执-0203已被其他执法人员使用。"]


def test_exam_and_training_validation(ow):
    c = client(ow, "legal")
    o = ow.o.valid
    body = error(post(c, f"{BASE}/{o.pk}/exams", {"date": "2027-01-01", "subject": "考试", "score": 120,
                                                  "passed": True}), 422)
    assert set(body["fields"]) == {"date", "score"}
    body = error(post(c, f"{BASE}/{o.pk}/training", {"date": "2026-10-01", "title": "培训", "hours": 30}), 422)
    assert body["fields"] == {"hours": ["每条培训记录的学时应大于0且不超过24。"]}
    r = post(c, f"{BASE}/{o.pk}/exams", {"date": "2026-10-01", "subject": "行政执法资格考试", "score": "75.5",
                                         "passed": False})
    assert r.status_code == 201 and r.json()["score"] == "75.5" and r.json()["passed"] is False
    assert ExamResult.objects.count() == 1 and TrainingRecord.objects.count() == 0


def test_expiring_endpoint(ow):
    day = ow.today
    officer(ow.agency, "黑档执-0090", "九十", end=day + dt.timedelta(days=90))
    officer(ow.agency, "黑档执-0091", "九十一", end=day + dt.timedelta(days=91))
    officer(ow.other, "吉档执-0090", "外机关", end=day + dt.timedelta(days=10))
    error(Client().get(f"{BASE}/expiring"), 401, "unauthorized")
    for who in ("citizen", "sysadmin", "auditor"):
        error(client(ow, who).get(f"{BASE}/expiring"), 403, "forbidden")
    r = client(ow, "clerk").get(f"{BASE}/expiring")
    assert r.status_code == 200
    body = r.json()
    assert body["day"] == "2026-11-02" and body["within_days"] == 90
    assert [(x["certificate_number"], x["warning"], x["days"]) for x in body["results"]] == [
        ("黑档执-0003", "expired", 185), ("黑档执-0090", "expiring", 90)]
    r = client(ow, "clerk").get(f"{BASE}/expiring", {"within_days": 91})
    assert [x["certificate_number"] for x in r.json()["results"]] == ["黑档执-0003", "黑档执-0090", "黑档执-0091"]
    error(client(ow, "clerk").get(f"{BASE}/expiring", {"within_days": -1}), 422)
    r = client(ow, "other_clerk").get(f"{BASE}/expiring")
    assert [x["certificate_number"] for x in r.json()["results"]] == ["吉档执-0090"]


def test_bearer_token_works(ow):
    r = Client().post("/api/v1/auth/token", {"username": "legal", "password": f.PASSWORD},
                      content_type="application/json")
    token = r.json()["token"]
    r = Client().post(f"{BASE}/{ow.o.valid.pk}/training", {"date": "2026-10-01", "title": "培训", "hours": 2},
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 201
    assert Client().get(BASE, HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_openapi_lists_the_endpoints(ow):
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, methods in ((BASE, {"get"}), (f"{BASE}/expiring", {"get"}), (BASE + "/{officer_id}", {"get"}),
                          (BASE + "/{officer_id}/certificate", {"post"}), (BASE + "/{officer_id}/exams", {"post"}),
                          (BASE + "/{officer_id}/training", {"post"})):
        assert set(paths[path]) == methods, path
        assert all(op["tags"] == ["officers"] for op in paths[path].values())
