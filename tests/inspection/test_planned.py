"""Planned inspection campaigns (计划检查): units and teams chosen by the organiser, no draw; the same inspections,
rectification orders (DOCX), clocks, follow-up checks and publication as a drawn task; the draw's services, record
and verifier refuse them; the staff pages, the public results list and the API."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.inspection.inspections import (
    inspection_record,
    task_publish,
    task_start_inspections,
    task_supplement,
)
from fazhi.inspection.models import Conflict, Inspection, Officer, Task, TaskEvent
from fazhi.inspection.planned import planned_task_create, planned_task_start
from fazhi.inspection.services import TaskConflict, task_commit, task_create, task_draw
from fazhi.process.models import Case
from fazhi.process.services import case_fire, clocks_tick
from tests.inspection.test_tasks import TASK, client_for, directory  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
REFUSED = "计划检查任务不进行随机抽取"


def cert(i: int) -> str:
    return f"黑档执-{i:04d}"


@pytest.fixture
def units(directory):  # noqa: F811
    entities, _officers = directory
    return entities


def plan(units, n=3):
    """Units 1..n (unit 0 has a declared conflict with officer 1), teams of two."""
    return [{"target": units[k].uscc, "inspectors": [cert(2 + (k % 2) * 2), cert(3 + (k % 2) * 2)]}
            for k in range(1, n + 1)]


def create(world, units, **kw):
    args = {"actor": world.users["head"], "title": "2026年度省直单位档案工作检查", "year": 2026,
            "item_codes": ["cc-1", "cc-2"], "targets": plan(units), "basis": "《中华人民共和国档案法》第四十二条"}
    args.update(kw)
    return planned_task_create(**args)


def ok():
    return {"cc-1": {"result": "pass"}, "cc-2": {"result": "pass"}}


def failed():
    return {"cc-1": {"result": "fail", "description": "文件材料未按规定归档"}, "cc-2": {"result": "pass"}}


def test_planned_campaign_from_creation_to_follow_up_and_publication(world, units, today):
    head = world.users["head"]
    task = create(world, units)
    assert task.mode == "planned" and task.state == "draft" and task.number == "HLJ-JH2026-001"
    assert task.assignments == plan(units) and task.draw_date is None and not task.commitment
    assert not task.inspections.exists()

    sysclock.set_today(dt.date(2026, 11, 4))
    task = planned_task_start(task_id=task.pk, actor=head)
    assert task.state == "inspecting" and task.started_on == dt.date(2026, 11, 4)
    inspections = list(task.inspections.select_related("case", "entity").order_by("id"))
    assert [(i.entity.uscc, i.team) for i in inspections] == [(a["target"], a["inspectors"]) for a in plan(units)]
    assert [i.case.number for i in inspections] == [f"HLJ-JH2026-001-00{n}" for n in (1, 2, 3)]
    assert all(i.case.kind == "inspection" and i.case.state == "assigned" for i in inspections)
    with pytest.raises(TaskConflict):
        planned_task_start(task_id=task.pk, actor=head)

    first, second, third = inspections
    sysclock.set_today(dt.date(2026, 11, 6))
    # A visit before the campaign started is refused (the start date is the planned task's 基准日).
    with pytest.raises(ValidationError) as err:
        inspection_record(inspection_id=first.pk, actor=head, inspected_on=dt.date(2026, 11, 3),
                          officers_present=first.team, findings=ok(), outcome="conclude_ok")
    assert "检查任务开始之后" in err.value.message_dict["inspected_on"][0]
    inspection_record(inspection_id=first.pk, actor=head, inspected_on=dt.date(2026, 11, 5),
                      officers_present=first.team, findings=ok(), outcome="conclude_ok")
    inspection_record(inspection_id=second.pk, actor=head, inspected_on=dt.date(2026, 11, 6),
                      officers_present=second.team, findings=failed(), outcome="order_rectification",
                      data={"rectify_days": 30})
    second.refresh_from_db()
    assert second.outcome == "rectify" and second.rectification_due == dt.date(2026, 12, 7)
    doc = second.case.documents.get()
    assert doc.title == "责令整改通知书" and doc.number == "黑档责改〔2026〕1号"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc.file.read())).paragraphs)
    assert "检查计划" in text and task.number in text and "双随机" not in text
    assert "文件材料未按规定归档" in text and "2026年12月7日" in text and "六十日" in text
    # A substitute with a declared conflict with the unit is refused (回避), whatever the reason given.
    Conflict.objects.create(officer=Officer.objects.get(certificate_number=cert(6)), entity=third.entity,
                            reason="配偶在该单位任职", declared_on=dt.date(2026, 11, 5))
    with pytest.raises(ValidationError) as err:
        inspection_record(inspection_id=third.pk, actor=head, inspected_on=dt.date(2026, 11, 6),
                          officers_present=[third.team[0], cert(6)], findings=ok(), outcome="conclude_ok",
                          substitution_reason="原检查人员出差")
    assert "回避" in err.value.message_dict["officers_present"][0]
    assert Task.objects.get(pk=task.pk).state == "inspecting"
    inspection_record(inspection_id=third.pk, actor=head, inspected_on=dt.date(2026, 11, 6),
                      officers_present=third.team, findings=ok(), outcome="conclude_ok")
    task.refresh_from_db()
    assert task.state == "results_entered" and task.results_due == dt.date(2026, 12, 4)

    # The same rectification clock and follow-up check as a drawn task's.
    assert clocks_tick(today=dt.date(2026, 12, 8)) == [(second.case.number, "rectification_expired")]
    case_fire(case_id=second.case_id, transition="follow_up_pass", actor=head, today=dt.date(2026, 12, 10))
    second.refresh_from_db()
    assert second.outcome == "rectified" and second.followed_up_on == dt.date(2026, 12, 10)

    anonymous = Client()
    assert anonymous.get(f"/inspection/public/planned/{task.pk}/").status_code == 404  # not yet published
    published = task_publish(task_id=task.pk, actor=head)
    assert published.state == "published"
    listing = anonymous.get("/inspection/public/planned/").content.decode()
    assert task.number in listing and task.title in listing
    page = anonymous.get(f"/inspection/public/planned/{task.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for i in inspections:
        assert i.entity.name in html and i.entity.uscc in html
    assert "责令整改" in html and "已整改" in html and "2026年12月7日" in html and "档案工作情况检查" in html
    assert "文件材料未按规定归档" not in html  # the problem's description stays in the notice
    # No draw record for a planned campaign: the public task page leads to its results, the record API and
    # the verifier refuse it, the random tabs do not list it.
    r = anonymous.get(f"/inspection/public/tasks/{task.pk}/")
    assert r.status_code == 302 and r["Location"] == f"/inspection/public/planned/{task.pk}/"
    for url in (f"/api/v1/inspection/tasks/{task.pk}/record", f"/api/v1/inspection/tasks/{task.pk}/candidates"):
        r = anonymous.get(url)
        assert r.status_code == 409 and REFUSED in r.json()["message"], url
    r = anonymous.get(f"/inspection/verify/?task={task.pk}")
    assert r.status_code == 409 and REFUSED in r.content.decode() and 'id="verified"' not in r.content.decode()
    for tab in ("plans", "tasks", "results"):
        assert task.number not in anonymous.get(f"/inspection/public/{tab}/").content.decode()


def test_planned_campaign_through_the_api(world, units, today):
    head = client_for(world.users["head"])
    body = {"title": "省直单位档案工作检查", "year": 2026, "items": ["cc-1"], "targets": plan(units, 2),
            "basis": "年度检查计划"}
    r = head.post("/api/v1/inspection/planned", body, content_type="application/json")
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["mode"] == "planned" and out["state"] == "draft" and out["record_url"] is None
    assert out["targets"] == plan(units, 2) and out["basis"] == "年度检查计划"
    task_id = out["id"]
    assert head.get(f"/api/v1/inspection/tasks/{task_id}").json()["mode"] == "planned"
    assert Client().get(f"/api/v1/inspection/tasks/{task_id}/record").status_code == 404  # a draft is not public

    for url, data in ((f"/api/v1/inspection/tasks/{task_id}/commit", {}),
                      (f"/api/v1/inspection/tasks/{task_id}/draw", {"beacon_value": "01 02 03 04 05 06 + 07"})):
        r = head.post(url, data, content_type="application/json")
        assert r.status_code == 409 and REFUSED in r.json()["message"], url
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/supplement",
                  {"targets": [units[1].uscc], "reason": "x", "beacon_source": "y"}, content_type="application/json")
    assert r.status_code == 409

    clerk = client_for(world.users["clerk"])  # not an organiser of inspections
    assert clerk.post(f"/api/v1/inspection/planned/{task_id}/start").status_code == 400
    assert client_for(world.users["other_handler"]).post(
        f"/api/v1/inspection/planned/{task_id}/start").status_code == 404
    r = head.post(f"/api/v1/inspection/planned/{task_id}/start")
    assert r.status_code == 200 and r.json()["state"] == "inspecting" and r.json()["started_on"] == "2026-11-02"
    assert head.post(f"/api/v1/inspection/planned/{task_id}/start").status_code == 409
    assert head.post(f"/api/v1/inspection/tasks/{task_id}/start").status_code == 409
    assert Client().get(f"/api/v1/inspection/tasks/{task_id}/record").status_code == 409

    listed = head.get(f"/api/v1/inspection/tasks/{task_id}/inspections").json()
    assert [i["target"] for i in listed] == [units[1].uscc, units[2].uscc]
    first, second = listed
    r = head.post(f"/api/v1/inspection/inspections/{first['id']}/record",
                  {"inspected_on": "2026-11-02", "officers_present": first["team"],
                   "findings": {"cc-1": {"result": "pass"}}, "outcome": "conclude_ok"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["outcome"] == "ok"
    r = head.post(f"/api/v1/inspection/inspections/{second['id']}/record",
                  {"inspected_on": "2026-11-02", "officers_present": second["team"],
                   "findings": {"cc-1": {"result": "fail", "description": "未建立档案工作制度"}},
                   "outcome": "order_rectification", "data": {"rectify_days": 15}}, content_type="application/json")
    assert r.status_code == 200 and r.json()["outcome"] == "rectify" and r.json()["rectification_due"] == "2026-11-17"
    r = head.post(f"/api/v1/inspection/tasks/{task_id}/publish")
    assert r.status_code == 200 and r.json()["state"] == "published"
    assert Client().get(f"/inspection/public/planned/{task_id}/").status_code == 200

    r = head.post("/api/v1/inspection/planned", {**body, "targets": [{"target": units[1].uscc,
                                                                      "inspectors": [cert(2)]}]},
                  content_type="application/json")
    assert r.status_code == 400 and "targets" in r.json()["fields"]
    r = clerk.post("/api/v1/inspection/planned", body, content_type="application/json")
    assert r.status_code == 400
    assert Task.objects.count() == 1
    # A random task says its mode too.
    r = head.post("/api/v1/inspection/tasks", TASK, content_type="application/json")
    assert r.status_code == 201 and r.json()["mode"] == "random" and r.json()["record_url"].endswith("/record")


@pytest.mark.parametrize("case", ["team_of_one", "expired", "suspended", "conflict", "unknown_unit", "duplicate",
                                  "inactive", "unknown_officer", "other_agency_officer", "max_load", "team_size",
                                  "repeated_officer", "empty", "malformed"])
def test_invalid_plans_leave_nothing_behind(world, units, today, case):
    from fazhi.core.demo.load import make_uscc
    from fazhi.inspection.models import Entity

    targets = plan(units)
    kw = {}
    expected = {
        "team_of_one": "不得少于2名",
        "expired": "黑档执-0099）的执法证在2026年11月2日无效",
        "suspended": "暂扣",
        "conflict": "近亲属任职",
        "unknown_unit": "检查对象名录库中没有",
        "duplicate": "重复列出",
        "inactive": "已不存续",
        "unknown_officer": "黑档执-0500 不在本机关执法检查人员名录库中",
        "other_agency_officer": "吉档执-0001 不在本机关执法检查人员名录库中",
        "max_load": "超过每人最多1个",
        "team_size": "不得少于3名",
        "repeated_officer": "重复",
        "empty": "至少一个检查对象",
        "malformed": "格式无效",
    }[case]
    if case == "team_of_one":
        targets[0]["inspectors"] = [cert(2)]
    elif case == "expired":
        targets[0]["inspectors"] = [cert(2), cert(99)]
    elif case == "suspended":
        targets[1]["inspectors"] = [cert(98), cert(3)]
    elif case == "conflict":  # officer 1 declared a conflict with unit 0 (近亲属任职)
        targets.append({"target": units[0].uscc, "inspectors": [cert(1), cert(2)]})
    elif case == "unknown_unit":
        targets.append({"target": make_uscc("11", "230000", "99999999"), "inspectors": [cert(2), cert(3)]})
    elif case == "duplicate":
        targets.append(dict(targets[0]))
    elif case == "inactive":
        closed = Entity.objects.get(active=False)
        targets.append({"target": closed.uscc, "inspectors": [cert(2), cert(3)]})
    elif case == "unknown_officer":
        targets[0]["inspectors"] = [cert(2), cert(500)]
    elif case == "other_agency_officer":
        Officer.objects.create(agency=world.other, name="外省", certificate_number="吉档执-0001",
                               issuing_authority="吉林省政府", valid_from=dt.date(2020, 1, 1),
                               valid_until=dt.date(2030, 1, 1))
        targets[0]["inspectors"] = [cert(2), "吉档执-0001"]
    elif case == "max_load":
        kw["max_load"] = 1
    elif case == "team_size":
        kw["team_size"] = 3
    elif case == "repeated_officer":
        targets[0]["inspectors"] = [cert(2), cert(2), cert(3)]
    elif case == "empty":
        targets = []
    elif case == "malformed":
        targets = [{"target": units[1].uscc}]
    with pytest.raises(ValidationError) as err:
        create(world, units, targets=targets, **kw)
    messages = err.value.message_dict["targets"]
    assert any(expected in m for m in messages), messages
    assert not Task.objects.exists() and not TaskEvent.objects.exists() and not Case.objects.exists()
    # A valid plan afterwards takes the first number: the refused one consumed nothing.
    assert create(world, units).number == "HLJ-JH2026-001"


def test_the_start_checks_the_teams_again_on_the_start_date(world, units, today):
    head = world.users["head"]
    task = create(world, units)
    member = task.assignments[0]["inspectors"][0]
    Officer.objects.filter(certificate_number=member).update(valid_until=dt.date(2026, 11, 3))
    sysclock.set_today(dt.date(2026, 11, 4))
    with pytest.raises(ValidationError) as err:
        planned_task_start(task_id=task.pk, actor=head)
    assert f"{member}）的执法证在2026年11月4日无效" in err.value.message_dict["targets"][0]
    Officer.objects.filter(certificate_number=member).update(valid_until=dt.date(2030, 1, 1))
    Conflict.objects.create(officer=Officer.objects.get(certificate_number=member), entity=units[1],
                            reason="曾在该单位任职", declared_on=dt.date(2026, 11, 3))
    with pytest.raises(ValidationError) as err:
        planned_task_start(task_id=task.pk, actor=head)
    assert "曾在该单位任职" in err.value.message_dict["targets"][0] and "第四十三条" in err.value.message_dict["targets"][0]
    task.refresh_from_db()
    assert task.state == "draft" and task.started_on is None and not Inspection.objects.exists()
    assert not Case.objects.exists()


def test_draw_services_refuse_planned_tasks_and_random_tasks_are_unchanged(world, units, today):
    head = world.users["head"]
    task = create(world, units)
    for call in (lambda: task_commit(task_id=task.pk, actor=head),
                 lambda: task_draw(task_id=task.pk, actor=head, beacon_value="1 2 3")):
        with pytest.raises(TaskConflict) as err:
            call()
        assert REFUSED in str(err.value)
    with pytest.raises(TaskConflict):
        task_start_inspections(task_id=task.pk, actor=head)
    planned_task_start(task_id=task.pk, actor=head)
    with pytest.raises(TaskConflict) as err:
        task_supplement(task_id=task.pk, actor=head, targets=[units[1].uscc], unavailable=[cert(2)], reason="病假",
                        beacon_source="某期开奖号码")
    assert REFUSED in str(err.value)
    task.refresh_from_db()
    assert task.state == "inspecting" and not task.commitment and task.secret is None and Task.objects.count() == 1

    random_task = task_create(actor=head, title=TASK["title"], year=2026, item_codes=["cc-1"],
                              quota_spec={"B": {"count": 2}}, beacon_source=TASK["beacon_source"])
    assert random_task.mode == "random" and random_task.number == "HLJ-CC2026-001"
    with pytest.raises(TaskConflict):
        planned_task_start(task_id=random_task.pk, actor=head)
    task_commit(task_id=random_task.pk, actor=head)
    drawn = task_draw(task_id=random_task.pk, actor=head, beacon_value="05 07 12 19 23 33 + 04")
    started = task_start_inspections(task_id=drawn.pk, actor=head)
    assert started.state == "inspecting" and started.started_on == today and started.inspections.count() == 2


def test_staff_pages(world, units, today):
    head = client_for(world.users["head"])
    page = head.get("/inspection/planned/new/")
    assert page.status_code == 200 and "黑档执-0002" in page.content.decode()
    lines = "\n".join(f"{a['target']}，{'、'.join(a['inspectors'])}" for a in plan(units))
    form = {"title": "省直单位档案工作检查", "year": 2026, "items": ["cc-1", "cc-2"], "team_size": 2,
            "basis": "年度检查计划", "targets": f"{units[1].uscc}, {cert(2)}\n"}
    r = head.post("/inspection/planned/new/", form)
    assert r.status_code == 400 and "不得少于2名" in r.content.decode() and not Task.objects.exists()
    r = head.post("/inspection/planned/new/", {**form, "targets": lines + "\n\n"})
    task = Task.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/inspection/planned/{task.pk}/"
    assert task.mode == "planned" and task.assignments == plan(units) and task.basis == "年度检查计划"
    assert head.get(f"/inspection/tasks/{task.pk}/")["Location"] == f"/inspection/planned/{task.pk}/"
    html = head.get(f"/inspection/planned/{task.pk}/").content.decode()
    assert 'id="planned-units"' in html and units[1].name in html and "检查员2（黑档执-0002）" in html
    assert 'id="start"' in html

    r = head.post(f"/inspection/tasks/{task.pk}/commit/")  # the draw's actions refuse it, with the reason
    assert r.status_code == 302 and REFUSED in head.get(r["Location"], follow=True).content.decode()
    r = head.post(f"/inspection/planned/{task.pk}/start/")
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.state == "inspecting" and task.inspections.count() == 3
    inspection = task.inspections.order_by("id")[1]
    r = head.post(f"/inspection/inspections/{inspection.pk}/", {
        "inspected_on": "2026-11-02", "officers_present": inspection.team, "result_cc-1": "fail",
        "description_cc-1": "档案库房漏水", "result_cc-2": "pass", "outcome": "order_rectification",
        "rectify_days": "30"})
    assert r.status_code == 302
    html = head.get(f"/inspection/planned/{task.pk}/").content.decode()
    assert 'id="rectifications"' in html and "黑档责改〔2026〕1号" in html and "整改中" in html
    assert "2026年12月2日" in html  # 30 calendar days from 2 November

    # Both kinds in the staff list, each with its label.
    task_create(actor=world.users["head"], title=TASK["title"], year=2026, item_codes=["cc-1"],
                quota_spec={"B": {"count": 2}}, beacon_source=TASK["beacon_source"])
    html = head.get("/inspection/tasks/").content.decode()
    assert "计划检查" in html and "抽查" in html and f"/inspection/planned/{task.pk}/" in html

    # Who may not: a clerk cannot organise; staff of another agency do not see the task; the public neither.
    assert client_for(world.users["clerk"]).get("/inspection/planned/new/").status_code == 404
    assert client_for(world.users["other_handler"]).get(f"/inspection/planned/{task.pk}/").status_code == 404
    assert client_for(world.users["other_handler"]).post(f"/inspection/planned/{task.pk}/start/").status_code == 404
    assert client_for(world.users["citizen"]).get(f"/inspection/planned/{task.pk}/").status_code == 404
    assert Client().get(f"/inspection/planned/{task.pk}/").status_code == 302  # to the login page
    assert Client().get(f"/inspection/public/tasks/{task.pk}/").status_code == 404  # not published
    tabs = Client().get("/inspection/public/items/").content.decode()
    for label in ("抽查事项清单", "抽查计划", "抽查任务", "抽查结果", "计划检查结果公示"):
        assert label in tabs
