"""Tasks and their draw through the API: create, commit (inputs frozen, commitment public), draw (once),
cancel; the public record in each state never shows the secret before publication; a published record
verifies with the same checks anyone can run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fazhi.core.demo.load import make_uscc
from fazhi.inspection import draw
from fazhi.inspection.models import Conflict, Entity, InspectionItem, Officer, Task
from tests import factories as f

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def directory(world, today):
    InspectionItem.objects.create(agency=world.agency, code="cc-1", name="档案工作情况检查", legal_basis="档案法第四十二条",
                                  subject="企业", method="现场检查", category="key")
    InspectionItem.objects.create(agency=world.agency, code="cc-2", name="档案服务企业检查", legal_basis="档案法第二十四条",
                                  subject="档案服务企业", method="现场检查", category="general", ratio_cap="0.5")
    risks = "AAAABBBBBBBBCCCCCCDD"
    entities = [Entity.objects.create(uscc=make_uscc("91", "230100", f"MA{n:06d}"), name=f"企业{n}", kind="enterprise",
                                      region_code="230102" if n % 2 else "230202", risk_class=risks[n % len(risks)])
                for n in range(1, 41)]
    Entity.objects.create(uscc=make_uscc("91", "230100", "MA999999"), name="已注销企业", kind="enterprise",
                          region_code="230102", risk_class="D", active=False)
    officers = []
    for i in range(1, 7):
        officers.append(Officer.objects.create(
            agency=world.agency, name=f"检查员{i}", certificate_number=f"黑档执-{i:04d}", issuing_authority="省政府",
            valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1)))
    Officer.objects.create(agency=world.agency, name="过期", certificate_number="黑档执-0099", issuing_authority="省政府",
                           valid_from=dt.date(2010, 1, 1), valid_until=dt.date(2015, 1, 1))
    Officer.objects.create(agency=world.agency, name="暂扣", certificate_number="黑档执-0098", issuing_authority="省政府",
                           valid_from=dt.date(2010, 1, 1), valid_until=dt.date(2030, 1, 1), status="suspended")
    Conflict.objects.create(officer=officers[0], entity=entities[0], reason="近亲属任职", declared_on=today)
    return entities, officers


def client_for(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


TASK = {"title": "2026年企业档案工作双随机抽查", "year": 2026, "items": ["cc-1"],
        "quota_spec": {"A": {"ratio": "0.25"}, "B": {"count": 3}, "C": {"ratio": "0.2"}, "D": {"count": 1}},
        "team_size": 2, "beacon_source": "中国福利彩票双色球 2026140 期开奖号码"}


def test_full_draw_lifecycle(world, directory):
    head = client_for(world.users["head"])
    r = head.post("/api/v1/inspection/tasks", TASK, content_type="application/json")
    assert r.status_code == 201, r.content
    task_id = r.json()["id"]
    assert Client().get(f"/api/v1/inspection/tasks/{task_id}/record").status_code == 404  # drafts are not public

    r = head.post(f"/api/v1/inspection/tasks/{task_id}/commit", {}, content_type="application/json")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "committed" and body["candidate_count"] == 40  # the closed unit is not a candidate
    assert body["strata_counts"] == {"A": 8, "B": 16, "C": 12, "D": 4}
    assert body["quotas"] == {"A": 2, "B": 3, "C": 3, "D": 1}  # ceil(0.2 × 12) = 3: exact, no floating point
    task = Task.objects.get(pk=task_id)
    assert task.pool == [f"黑档执-{i:04d}" for i in range(1, 7)]  # expired and suspended certificates left out
    assert task.exclusions == [{"inspector": "黑档执-0001", "target": directory[0][0].uscc, "reason": "近亲属任职"}]
    secret_hex = bytes(task.secret).hex()

    anonymous = Client()
    record = anonymous.get(f"/api/v1/inspection/tasks/{task_id}/record").json()
    assert record["commitment"] == task.commitment and record["task_digest"] == task.task_digest
    assert record["secret"] is None and record["selected"] is None and len(record["candidates"]) == 40
    # Anyone can recompute the digest from the published inputs before the draw.
    inputs_digest = draw.task_digest(
        candidates_digest=draw.digest_candidates([(c["id"], c["stratum"]) for c in record["candidates"]])[0],
        pool=record["pool"], exclusions=record["exclusions"], quotas=record["quotas"], team_size=record["team_size"],
        max_load=record["max_load"], beacon_source=record["beacon_source"], commitment=record["commitment"])
    assert inputs_digest == record["task_digest"]
    candidates_file = anonymous.get(f"/api/v1/inspection/tasks/{task_id}/candidates")
    assert draw.digest_candidates([(c["id"], c["stratum"]) for c in record["candidates"]])[0] == \
        __import__("hashlib").sha256(b"".join(candidates_file.streaming_content)).hexdigest()

    r = head.post(f"/api/v1/inspection/tasks/{task_id}/commit", {}, content_type="application/json")
    assert r.status_code == 409
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/draw", {"beacon_value": "  "}, content_type="application/json")
    assert r.status_code == 400
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/draw", {"beacon_value": "03 11 17 22 28 30 + 12"},
                  content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "drawn"
    again = head.post(f"/api/v1/inspection/tasks/{task_id}/draw", {"beacon_value": "01 02 03 04 05 06 + 07"},
                      content_type="application/json")
    assert again.status_code == 409  # a second draw of the same task is refused
    task.refresh_from_db()
    assert len(task.selected) == 9 and task.beacon_value == "03 11 17 22 28 30 + 12"
    for a in task.assignments:
        assert len(a["inspectors"]) == 2 and len(set(a["inspectors"])) == 2
        assert not (a["target"] == directory[0][0].uscc and "黑档执-0001" in a["inspectors"])

    record = anonymous.get(f"/api/v1/inspection/tasks/{task_id}/record").json()
    assert record["beacon_value"] == "03 11 17 22 28 30 + 12"
    assert record["secret"] is None and record["seed"] is None and record["assignments"] is None
    # The secret appears in no response or page before publication.
    for url in (f"/api/v1/inspection/tasks/{task_id}/record", f"/api/v1/inspection/tasks/{task_id}",
                f"/inspection/tasks/{task_id}/", f"/inspection/public/tasks/{task_id}/",
                f"/inspection/verify/?task={task_id}"):
        for c in (anonymous, head):
            content = c.get(url).content.decode()
            assert secret_hex not in content, url

    # Publication (the inspections and results come first; here the state is set directly to check the
    # record that publication reveals).
    Task.objects.filter(pk=task_id).update(state="published", published_at=task.drawn_at)
    record = anonymous.get(f"/api/v1/inspection/tasks/{task_id}/record").json()
    assert record["secret"] == secret_hex
    assert draw.verify_record(record) == []
    page = anonymous.get(f"/inspection/verify/?task={task_id}").content.decode()
    assert 'id="verified"' in page
    tampered = dict(record, beacon_value="03 11 17 22 28 30 + 13")
    assert draw.verify_record(tampered)
    import json

    r = anonymous.post("/inspection/verify/", {"record": json.dumps(tampered, ensure_ascii=False)})
    assert "验证未通过" in r.content.decode()
    r = anonymous.post("/inspection/verify/", {"record": "{not json"})
    assert r.status_code == 400 and "不是有效的 JSON" in r.content.decode()


def test_cancel_needs_a_reason_and_is_public(world, directory):
    head = client_for(world.users["head"])
    task_id = head.post("/api/v1/inspection/tasks", TASK, content_type="application/json").json()["id"]
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/cancel", {"reason": "x"}, content_type="application/json")
    assert r.status_code == 409  # a draft is simply not committed yet
    head.post(f"/api/v1/inspection/tasks/{task_id}/commit", {}, content_type="application/json")
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/cancel", {"reason": " "}, content_type="application/json")
    assert r.status_code == 400
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/cancel", {"reason": "检查事项调整，重新组织"},
                  content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    record = Client().get(f"/api/v1/inspection/tasks/{task_id}/record").json()
    assert record["status"] == "cancelled" and record["cancel_reason"] == "检查事项调整，重新组织"
    assert record["secret"] is None
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/draw", {"beacon_value": "1"}, content_type="application/json")
    assert r.status_code == 409


def test_task_validation_and_access(world, directory):
    head = client_for(world.users["head"])
    bad = dict(TASK, team_size=1, quota_spec={"A": {"ratio": "1.5"}, "Z": {"count": 1}}, items=["nope"],
               beacon_source="两行\n来源")
    r = head.post("/api/v1/inspection/tasks", bad, content_type="application/json")
    assert r.status_code == 400
    fields = r.json()["fields"]
    assert {"team_size", "quota_spec", "items", "beacon_source"} <= set(fields)
    assert Task.objects.count() == 0
    for who, status in (("clerk", 400), ("auditor", 400), ("citizen", 400)):
        r = client_for(world.users[who]).post("/api/v1/inspection/tasks", TASK, content_type="application/json")
        assert r.status_code == status, who
    task_id = head.post("/api/v1/inspection/tasks", TASK, content_type="application/json").json()["id"]
    assert client_for(world.users["other_handler"]).get(f"/api/v1/inspection/tasks/{task_id}").status_code == 404
    assert Client().post(f"/api/v1/inspection/tasks/{task_id}/commit").status_code == 401
    r = client_for(world.users["officer1"]).post(f"/api/v1/inspection/tasks/{task_id}/commit", {},
                                                 content_type="application/json")
    assert r.status_code == 200  # enforcement officers organise tasks too


def test_ratio_cap_of_general_items(world, directory):
    head = client_for(world.users["head"])
    task = dict(TASK, items=["cc-2"], quota_spec={"A": {"ratio": "1"}, "B": {"ratio": "1"}})
    task_id = head.post("/api/v1/inspection/tasks", task, content_type="application/json").json()["id"]
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/commit", {}, content_type="application/json")
    assert r.status_code == 400 and "比例上限" in r.json()["message"]
    assert Task.objects.get(pk=task_id).state == "draft"


def test_recently_inspected_units_are_left_out_and_listed(world, directory, today):
    head = client_for(world.users["head"])
    first = head.post("/api/v1/inspection/tasks", TASK, content_type="application/json").json()["id"]
    head.post(f"/api/v1/inspection/tasks/{first}/commit", {}, content_type="application/json")
    head.post(f"/api/v1/inspection/tasks/{first}/draw", {"beacon_value": "1 2 3"}, content_type="application/json")
    drawn = {s["id"] for s in Task.objects.get(pk=first).selected}
    second = head.post("/api/v1/inspection/tasks", dict(TASK, exclude_recent_months=12),
                       content_type="application/json").json()["id"]
    body = head.post(f"/api/v1/inspection/tasks/{second}/commit", {}, content_type="application/json").json()
    assert body["candidate_count"] == 40 - len(drawn)
    t = Task.objects.get(pk=second)
    assert {e["id"] for e in t.recent_exclusions} == drawn
    assert all("近12个月内" in e["reason"] for e in t.recent_exclusions)
    assert f.PASSWORD  # factories imported for the world fixture
