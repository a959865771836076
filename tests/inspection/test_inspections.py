"""From the draw to publication: inspections with findings, a rectification order (DOCX) with its clock and
follow-up check, results due within 20 working days, publication, and the published record verifying."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fazhi.core import clock as sysclock
from fazhi.inspection import draw
from fazhi.inspection.inspections import inspection_record, task_publish, task_start_inspections
from fazhi.inspection.models import Officer, Task
from fazhi.inspection.services import TaskConflict, task_commit, task_create, task_draw
from fazhi.process.services import TransitionNotAllowed, case_fire, clocks_tick
from tests.inspection.test_tasks import TASK, directory  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(world, directory):  # noqa: F811
    head = world.users["head"]
    Officer.objects.filter(certificate_number="黑档执-0002").update(user=world.users["officer1"])
    task = task_create(actor=head, title=TASK["title"], year=2026, item_codes=["cc-1", "cc-2"],
                       quota_spec={"A": {"count": 1}, "B": {"count": 2}}, beacon_source=TASK["beacon_source"],
                       max_load=2)  # the default (1 with 6 officers) can leave a target unstaffed: the secret is random
    task_commit(task_id=task.pk, actor=head)
    return task_draw(task_id=task.pk, actor=head, beacon_value="05 07 12 19 23 33 + 04")


def ok_findings():
    return {"cc-1": {"result": "pass"}, "cc-2": {"result": "pass"}}


def test_inspect_rectify_follow_up_publish_and_verify(world, drawn, today):
    head = world.users["head"]
    task = task_start_inspections(task_id=drawn.pk, actor=head)
    assert task.state == "inspecting"
    inspections = list(task.inspections.select_related("case").order_by("id"))
    assert len(inspections) == 3
    assert [i.team for i in inspections] == [a["inspectors"] for a in drawn.assignments]
    with pytest.raises(TaskConflict):
        task_start_inspections(task_id=drawn.pk, actor=head)

    first, second, third = inspections
    visit = dt.date(2026, 11, 5)
    sysclock.set_today(dt.date(2026, 11, 6))
    # Bad input: no findings, one officer, a finding marked failed without a description, future date.
    with pytest.raises(ValidationError) as err:
        inspection_record(inspection_id=first.pk, actor=head, inspected_on=dt.date(2026, 12, 1),
                          officers_present=first.team[:1], findings={"cc-1": {"result": "fail"}}, outcome="conclude_ok")
    msgs = err.value.message_dict
    assert {"inspected_on", "officers_present", "findings"} <= set(msgs)
    first.refresh_from_db()
    assert first.inspected_on is None and first.case.state == "assigned"
    # An outcome cannot be fired on the case directly before the visit is recorded.
    with pytest.raises(TransitionNotAllowed):
        case_fire(case_id=first.case_id, transition="conclude_ok", actor=head)

    inspection_record(inspection_id=first.pk, actor=head, inspected_on=visit, officers_present=first.team,
                      findings=ok_findings(), outcome="conclude_ok")
    failed = {"cc-1": {"result": "fail", "description": "未建立档案工作制度，文件材料未按要求归档"},
              "cc-2": {"result": "pass"}}
    with pytest.raises(ValidationError):  # conclude_ok with a failed item
        inspection_record(inspection_id=second.pk, actor=head, inspected_on=visit, officers_present=second.team,
                          findings=failed, outcome="conclude_ok")
    others = [c for c in (f"黑档执-{i:04d}" for i in range(1, 7)) if c not in second.team][:2]
    with pytest.raises(ValidationError):  # substitution without a reason
        inspection_record(inspection_id=second.pk, actor=head, inspected_on=visit,
                          officers_present=others, findings=failed,
                          outcome="order_rectification", data={"rectify_days": 30})
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    inspection_record(inspection_id=second.pk, actor=head, inspected_on=visit, officers_present=second.team,
                      findings=failed, outcome="order_rectification", data={"rectify_days": 30},
                      attachments=[("现场照片.png", png)])
    second.refresh_from_db()
    assert second.outcome == "rectify" and second.attachments.count() == 1
    # 30 calendar days from 2026-11-06 is 2026-12-06, a Sunday: the period ends on Monday 7 December.
    assert second.rectification_due == dt.date(2026, 12, 7)
    doc = second.case.documents.get()
    assert doc.title == "责令整改通知书" and doc.number == "黑档责改〔2026〕1号"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc.file.read())).paragraphs)
    assert "2026年12月7日" in text and "未建立档案工作制度" in text and "六十日" in text
    assert Task.objects.get(pk=drawn.pk).state == "inspecting"

    # The officer not on the team may not record this inspection; one on the team may.
    officer_user = world.users["officer1"]
    on_team = "黑档执-0002" in third.team
    if not on_team:
        with pytest.raises(TransitionNotAllowed):
            inspection_record(inspection_id=third.pk, actor=officer_user, inspected_on=visit,
                              officers_present=third.team, findings=ok_findings(), outcome="conclude_ok")
    inspection_record(inspection_id=third.pk, actor=head, inspected_on=dt.date(2026, 11, 6),
                      officers_present=third.team, findings=ok_findings(), outcome="conclude_ok")
    task = Task.objects.get(pk=drawn.pk)
    assert task.state == "results_entered"
    # 20 working days after the last inspection (2026-11-06): 2026-12-04.
    assert task.results_due == dt.date(2026, 12, 4)

    # The rectification clock runs out: the follow-up check is due (10 working days).
    assert clocks_tick(today=dt.date(2026, 12, 8)) == [(second.case.number, "rectification_expired")]
    second.case.refresh_from_db()
    assert second.case.state == "follow_up_due"
    case_fire(case_id=second.case_id, transition="follow_up_pass", actor=head, today=dt.date(2026, 12, 10))
    second.refresh_from_db()
    assert second.outcome == "rectified" and second.case.state == "closed"

    published = task_publish(task_id=drawn.pk, actor=head)
    assert published.state == "published"
    record = Client().get(f"/api/v1/inspection/tasks/{drawn.pk}/record").json()
    assert record["secret"] == bytes(published.secret).hex()
    assert draw.verify_record(record) == []
    page = Client().get(f"/inspection/public/tasks/{drawn.pk}/").content.decode()
    assert "责令整改" in page and second.entity.name in page
    assert Client().get(f"/inspection/verify/?task={drawn.pk}").content.decode().count('id="verified"') == 1


def test_inspection_api(world, drawn, today):
    c = Client()
    c.force_login(world.users["head"], backend="django.contrib.auth.backends.ModelBackend")
    assert c.post(f"/api/v1/inspection/tasks/{drawn.pk}/publish").status_code == 409
    assert c.post(f"/api/v1/inspection/tasks/{drawn.pk}/start").status_code == 200
    listed = c.get(f"/api/v1/inspection/tasks/{drawn.pk}/inspections").json()
    assert len(listed) == 3 and all(i["state"] == "assigned" for i in listed)
    first = listed[0]
    r = c.post(f"/api/v1/inspection/inspections/{first['id']}/record",
               {"inspected_on": "2026-11-02", "officers_present": first["team"], "findings": ok_findings(),
                "outcome": "nope"}, content_type="application/json")
    assert r.status_code == 400 and "outcome" in r.json()["fields"]
    r = c.post(f"/api/v1/inspection/inspections/{first['id']}/record",
               {"inspected_on": "2026-11-02", "officers_present": first["team"], "findings": ok_findings(),
                "outcome": "conclude_ok"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["outcome"] == "ok"
    other = Client()
    other.force_login(world.users["other_handler"], backend="django.contrib.auth.backends.ModelBackend")
    assert other.post(f"/api/v1/inspection/inspections/{first['id']}/record", {},
                      content_type="application/json").status_code in (404, 422)
    assert other.get(f"/api/v1/inspection/tasks/{drawn.pk}/inspections").status_code == 404


def test_supplementary_draw_for_a_substitution_and_an_unstaffed_target(world, drawn, today):
    from fazhi.inspection.inspections import task_supplement

    head = world.users["head"]
    task = task_start_inspections(task_id=drawn.pk, actor=head)
    first = task.inspections.order_by("id").first()
    gone = first.team[0]
    with pytest.raises(ValidationError) as err:
        task_supplement(task_id=task.pk, actor=head, targets=[first.entity.uscc], unavailable=[], reason="",
                        beacon_source="补充抽取公共随机数")
    assert {"reason", "unavailable"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError):
        task_supplement(task_id=task.pk, actor=head, targets=["91230100MA0000000X"], unavailable=[gone],
                        reason="病假", beacon_source="x")
    child = task_supplement(task_id=task.pk, actor=head, targets=[first.entity.uscc], unavailable=[gone],
                            reason="原检查人员病假", beacon_source="中国福利彩票双色球 2026141 期开奖号码")
    assert child.parent_id == task.pk and child.state == "draft" and child.title.endswith("（补充抽取）")
    child = task_commit(task_id=child.pk, actor=head)
    assert child.candidate_count == 1
    assert {"inspector": gone, "target": first.entity.uscc, "reason": "原检查人员病假"} in child.exclusions
    child = task_draw(task_id=child.pk, actor=head, beacon_value="02 04 06 08 10 12 + 01")
    new_team = child.assignments[0]["inspectors"]
    assert gone not in new_team and len(new_team) == 2
    child = task_start_inspections(task_id=child.pk, actor=head)
    first.refresh_from_db()
    assert first.team == new_team and "原检查人员病假" in first.substitution_reason
    assert child.state == "results_entered" and child.results_due is not None
    # The substituted inspection is recorded with the new team, no further reason needed.
    inspection_record(inspection_id=first.pk, actor=head, inspected_on=today, officers_present=new_team,
                      findings=ok_findings(), outcome="conclude_ok")
    child = task_publish(task_id=child.pk, actor=head)
    record = Client().get(f"/api/v1/inspection/tasks/{child.pk}/record").json()
    assert draw.verify_record(record) == []
    with pytest.raises(TaskConflict):
        task_supplement(task_id=child.pk, actor=head, targets=[first.entity.uscc], unavailable=[], reason="x",
                        beacon_source="y")


def test_supplementary_draw_from_the_task_page(world, drawn, today):
    c = Client()
    c.force_login(world.users["head"], backend="django.contrib.auth.backends.ModelBackend")
    page = c.get(f"/inspection/tasks/{drawn.pk}/").content.decode()
    assert 'id="supplement"' in page
    target = drawn.assignments[0]["target"]
    gone = drawn.assignments[0]["inspectors"][0]
    r = c.post(f"/inspection/tasks/{drawn.pk}/supplement/", {"targets": [target], "unavailable": [gone],
                                                            "reason": "回避", "beacon_source": ""})
    assert r.status_code == 302 and Task.objects.count() == 1  # no beacon source: refused, nothing created
    r = c.post(f"/inspection/tasks/{drawn.pk}/supplement/", {"targets": [target], "unavailable": [gone],
                                                            "reason": "回避", "beacon_source": "某期开奖号码"})
    child = Task.objects.exclude(pk=drawn.pk).get()
    assert r.status_code == 302 and r["Location"] == f"/inspection/tasks/{child.pk}/"
    r = c.post(f"/api/v1/inspection/tasks/{drawn.pk}/supplement",
               {"targets": [target], "unavailable": [gone], "reason": "回避", "beacon_source": "另一期"},
               content_type="application/json")
    assert r.status_code == 201 and r.json()["state"] == "draft"
