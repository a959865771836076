"""The organ's process: every clock (复议法第三十条、第三十一条、第四十八条、第五十四条、第六十二条、第三十九条), the
conditions on the decision (第四十九条、第五十条、第五十二条、第七十条) and the endings (第四十一条、第七十三条、第七十四条)."""

from __future__ import annotations

from fazhi.process.audit import verify_case
from fazhi.process.models import Case, Clock
from fazhi.process.services import clocks_tick
from fazhi.reconsideration.models import CommitteeAdvice, Reconsideration
from tests.reconsideration.conftest import (
    MONDAY,
    PROPOSAL,
    D,
    accepted,
    clock,
    fire,
    in_review,
    new_case,
    ok,
    state,
)


# ---- admission: 5 working days, deemed acceptance, correction (第三十条、第三十一条) -----------------------------------
def test_admission_review_runs_out_and_the_case_is_deemed_accepted(rw):
    case_id = new_case(rw)
    assert clock(case_id, "admission").due == D(2026, 6, 8)
    assert clocks_tick(today=D(2026, 6, 8)) == []  # the last day itself: nothing yet
    fired = clocks_tick(today=D(2026, 6, 9))
    assert [name for _n, name in fired] == ["deemed_accept"]
    case = Case.objects.get(pk=case_id)
    # 第三十条第三款: accepted from the day the review period ended; ordinary procedure, 60 days from then
    assert case.state == "accepted" and case.accepted_on == D(2026, 6, 8)
    assert clock(case_id, "decision").budget == 60 and clock(case_id, "decision").due == D(2026, 8, 7)
    assert clock(case_id, "copy").due == D(2026, 6, 17)  # seven working days (第四十八条), 19 June is 端午节
    assert case.documents.get(kind="acceptance").title == "行政复议受理通知书"
    assert clocks_tick(today=D(2026, 6, 9)) == []  # idempotent


def test_correction_restarts_the_admission_review_from_the_corrected_application(rw):
    case_id = new_case(rw)
    body = ok(fire(rw, case_id, "request_correction", "legal", D(2026, 6, 3), items=["申请人身份证明", "处罚决定书复印件"]))
    assert body["state"] == "correction"
    assert clock(case_id, "admission").state == Clock.State.STOPPED
    # the applicant's ten working days from service of the notice (第三十一条第二款)
    assert clock(case_id, "correction").due == D(2026, 6, 17)
    doc = Case.objects.get(pk=case_id).documents.get(kind="correction")
    assert doc.title == "行政复议申请补正通知书" and doc.number == "黑档复〔2026〕1号"
    # the applicant corrects online on 10 June: the five working days count again from then (第三十一条第三款)
    ok(fire(rw, case_id, "resubmit", "citizen", D(2026, 6, 10), correction_content="补交身份证复印件和决定书复印件。"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "received" and case.submitted_on == D(2026, 6, 10)
    admission = clock(case_id, "admission")
    assert admission.round == 2 and admission.started_on == D(2026, 6, 10) and admission.due == D(2026, 6, 17)
    assert case.received_on == MONDAY  # the application period is judged on the first receipt


def test_correction_not_made_in_time_means_the_application_is_abandoned(rw):
    case_id = new_case(rw)
    ok(fire(rw, case_id, "request_correction", "legal", D(2026, 6, 3), items=["申请人签名"]))
    # an extension for a good reason: ten more working days
    ok(fire(rw, case_id, "extend_correction", "legal", D(2026, 6, 5), "申请人在外地，需邮寄。"))
    assert clock(case_id, "correction").due == D(2026, 7, 2)
    assert clocks_tick(today=D(2026, 7, 2)) == []
    assert clocks_tick(today=D(2026, 7, 3)) == [(Case.objects.get(pk=case_id).number, "correction_lapsed")]
    case = Case.objects.get(pk=case_id)
    assert case.state == "abandoned" and case.outcome == "abandoned" and case.closed_on == D(2026, 7, 3)


def test_refusal_for_lateness_and_for_jurisdiction(rw):
    case_id = new_case(rw)
    r = fire(rw, case_id, "refuse", "legal", D(2026, 6, 2), "不属于本机关管辖。", ground="jurisdiction",
             explanation="被申请人不是本机关的下级机关。")
    assert r.status_code == 400 and "competent_organ" in r.json()["fields"]
    ok(fire(rw, case_id, "refuse", "legal", D(2026, 6, 2), "不属于本机关管辖。", ground="jurisdiction",
            explanation="被申请人不是本机关的下级机关。", competent_organ="哈尔滨市人民政府"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "not_admitted" and case.outcome == "not_admitted"
    assert clock(case_id, "admission").on_time is True


def test_a_late_application_is_accepted_only_with_a_recorded_finding(rw):
    from tests.reconsideration.conftest import apply

    body = ok(apply(rw, known_on="2026-02-02", act_date="2026-02-01", limit_exception="force_majeure",
                    limit_exception_note="住院治疗至五月二十五日。"), 201)
    r = fire(rw, body["id"], "accept", "legal", D(2026, 6, 2), procedure="ordinary", major="no")
    assert r.status_code == 400 and "limit_finding" in r.json()["fields"] and "2026年4月3日" in r.json()["message"]
    ok(fire(rw, body["id"], "accept", "legal", D(2026, 6, 2), procedure="ordinary", major="no",
            limit_finding="住院证明属实，属于不可抗力，障碍消除后申请期限继续计算，未超过期限。"))
    assert Reconsideration.objects.get(case_id=body["id"]).limit_finding.startswith("住院证明属实")


# ---- the answer: copy within 7 (3) working days, answer within 10 (5) (第四十八条、第五十四条、第七十条) ----------------
def test_answer_period_is_ten_working_days_from_receipt_of_the_copy(rw):
    case_id = accepted(rw)
    assert clock(case_id, "copy").due == D(2026, 6, 11)
    r = fire(rw, case_id, "send_copy", "legal", D(2026, 6, 4), copy_received_on="2026-06-01", method="direct")
    assert r.status_code == 400 and "copy_received_on" in r.json()["fields"]  # before the acceptance
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 4), copy_received_on="2026-06-04", method="direct"))
    answer = clock(case_id, "answer")
    assert answer.budget == 10 and answer.unit == "workday" and answer.due == D(2026, 6, 18)
    assert clock(case_id, "copy").on_time is True
    doc = Case.objects.get(pk=case_id).documents.get(kind="answer_notice")
    assert doc.title == "行政复议答复通知书"


def test_simple_procedure_three_five_and_thirty_days_no_extension(rw):
    case_id = accepted(rw, procedure="simple")
    rec = Reconsideration.objects.get(case_id=case_id)
    assert rec.procedure == "simple" and rec.simple_ground == "warning"
    assert clock(case_id, "copy").due == D(2026, 6, 5)  # three working days (第五十四条)
    decision = clock(case_id, "decision")
    assert decision.budget == 30 and decision.due == D(2026, 7, 2)  # thirty days (第六十二条第二款)
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 3), copy_received_on="2026-06-03", method="system"))
    assert clock(case_id, "answer").due == D(2026, 6, 10)  # five working days
    r = fire(rw, case_id, "extend", "head", D(2026, 6, 10), "案情复杂。")
    assert r.status_code == 409 and "第六十二条第二款" in r.json()["message"]
    # 第五十五条: converted to the ordinary procedure, sixty days from acceptance
    ok(fire(rw, case_id, "to_ordinary", "head", D(2026, 6, 10), "争议较大，不宜适用简易程序。"))
    decision = clock(case_id, "decision")
    assert decision.round == 2 and decision.budget == 60 and decision.due == D(2026, 8, 3)
    assert Reconsideration.objects.get(case_id=case_id).procedure == "ordinary"
    r = fire(rw, case_id, "to_ordinary", "head", D(2026, 6, 10), "再次转换。")
    assert r.status_code == 409


def test_simple_procedure_needs_its_ground_and_is_not_for_major_cases(rw):
    case_id = new_case(rw)
    r = fire(rw, case_id, "accept", "legal", D(2026, 6, 2), procedure="simple", major="yes")
    assert r.status_code == 400 and {"simple_ground", "major"} <= set(r.json()["fields"])
    assert state(case_id) == "received"


def test_no_answer_in_time_and_article_70(rw):
    case_id = accepted(rw)
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 4), copy_received_on="2026-06-04", method="post"))
    assert clocks_tick(today=D(2026, 6, 18)) == []
    clocks_tick(today=D(2026, 6, 19))
    rec = Reconsideration.objects.get(case_id=case_id)
    assert state(case_id) == "review" and rec.answer_overdue
    ok(fire(rw, case_id, "record_opinions", "legal", D(2026, 6, 22), mode="phone", heard_on="2026-06-22",
            summary="电话听取申请人意见。"))
    # 第七十条: no answer, no evidence: the act cannot be upheld
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 23), **PROPOSAL)
    assert r.status_code == 400 and "第七十条" in r.json()["message"]
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 23),
            **{**PROPOSAL, "decision_type": "revoke", "ground": "第七十条 视为没有证据、依据"}))


# ---- the decision clock: 60 days, +30 once, suspension (第六十二条、第三十九条) --------------------------------------------
def test_decision_sixty_days_extended_once_by_thirty(rw):
    case_id = in_review(rw)
    decision = clock(case_id, "decision")
    # accepted Tuesday 2 June: the 60th day is Saturday 1 August → Monday 3 August
    assert decision.budget == 60 and decision.unit == "calendar" and decision.due == D(2026, 8, 3)
    r = fire(rw, case_id, "extend", "legal", D(2026, 7, 20), "案情复杂。")
    assert r.status_code == 409  # the legal officer is not the division's head
    r = fire(rw, case_id, "extend", "head", D(2026, 7, 20))
    assert r.status_code == 400 and "comment" in r.json()["fields"]
    ok(fire(rw, case_id, "extend", "head", D(2026, 7, 20), "需要调取其他案件材料。"))
    decision = clock(case_id, "decision")
    assert decision.extension_days == 30 and decision.due == D(2026, 8, 31)
    assert decision.extensions.get().approver == rw.users["head"]
    assert Case.objects.get(pk=case_id).documents.get(kind="extension").title == "行政复议延期审理通知书"
    r = fire(rw, case_id, "extend", "director", D(2026, 7, 21), "再次延长。")
    assert r.status_code == 409 and "三十日" in r.json()["message"]
    assert clock(case_id, "decision").extension_days == 30


def test_suspension_pauses_the_decision_clock(rw):
    case_id = in_review(rw)
    ok(fire(rw, case_id, "suspend", "legal", D(2026, 6, 20), "申请人住院。", ground="force_majeure"))
    decision = clock(case_id, "decision")
    assert state(case_id) == "suspended" and decision.state == Clock.State.PAUSED and decision.due is None
    assert "第三十九条第一款第（五）项" in decision.pauses.get().reason
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 25), **PROPOSAL)
    assert r.status_code == 409
    ok(fire(rw, case_id, "resume", "legal", D(2026, 6, 30)))
    decision = clock(case_id, "decision")
    # ten days (21–30 June) not counted: 3 August → 11 August
    assert decision.state == Clock.State.RUNNING and decision.due == D(2026, 8, 11)
    kinds = set(Case.objects.get(pk=case_id).documents.values_list("kind", flat=True))
    assert {"suspension", "resumption"} <= kinds


def test_termination_after_sixty_days_of_suspension_only(rw):
    case_id = in_review(rw)
    ok(fire(rw, case_id, "suspend", "legal", D(2026, 6, 20), "申请人下落不明。", ground="missing"))
    r = fire(rw, case_id, "terminate", "legal", D(2026, 7, 1), "中止已久。", ground="long_suspension")
    assert r.status_code == 409 and "第四十一条第（五）项" in r.json()["message"]
    ok(fire(rw, case_id, "terminate", "legal", D(2026, 8, 20), "中止满六十日，原因仍未消除。", ground="long_suspension"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "terminated" and case.outcome == "terminated"
    assert clock(case_id, "decision").state == Clock.State.STOPPED
    assert case.documents.get(kind="termination").title == "终止行政复议决定书"


# ---- review: opinions, hearing, committee (第四十九条至第五十二条) -------------------------------------------------------
def test_ordinary_procedure_needs_the_parties_heard(rw):
    case_id = in_review(rw)
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 15), **PROPOSAL)
    assert r.status_code == 409 and "第四十九条" in r.json()["message"]
    ok(fire(rw, case_id, "record_opinions", "legal", D(2026, 6, 15), mode="in_person", heard_on="2026-06-15",
            summary="当面听取。"))
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16), **PROPOSAL))
    assert state(case_id) == "pending_decision"


def test_a_major_case_needs_a_hearing_and_the_committee(rw):
    case_id = in_review(rw, major="yes")
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 15), **PROPOSAL)
    assert r.status_code == 409 and "第五十条第一款" in r.json()["message"]
    hearing = {"ground": "major", "hearing_place": "第三会议室", "presiding": "陈主持", "officers": ["甲", "乙"],
               "clerk": "丙"}
    # five working days' notice (第五十一条): from Monday 15 June the earliest is 23 June (19 June is 端午节)
    r = fire(rw, case_id, "schedule_hearing", "legal", D(2026, 6, 15), hearing_date="2026-06-22", **hearing)
    assert r.status_code == 409 and "2026年6月23日" in r.json()["message"]
    r = fire(rw, case_id, "schedule_hearing", "legal", D(2026, 6, 15), hearing_date="2026-06-23",
             **{**hearing, "officers": ["甲"]})
    assert r.status_code == 400 and "officers" in r.json()["fields"]
    ok(fire(rw, case_id, "schedule_hearing", "legal", D(2026, 6, 15), hearing_date="2026-06-23", **hearing))
    r = fire(rw, case_id, "hold_hearing", "legal", D(2026, 6, 22), record="—", applicant_attended="yes",
             respondent_attendee="副局长")
    assert r.status_code == 409  # not before the day
    ok(fire(rw, case_id, "hold_hearing", "legal", D(2026, 6, 23), record="双方质证。", applicant_attended="yes",
            respondent_attendee="副局长"))
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 24), **PROPOSAL)
    assert r.status_code == 409 and "第五十二条第二款" in r.json()["message"]
    from tests.reconsideration.conftest import client

    page = client(rw.users["legal"]).get(f"/cases/{case_id}/").content.decode()
    assert 'data-transition="committee_advice"' in page and "马教授（委员，学者）" in page
    members = [str(m.pk) for m in rw.members]
    r = fire(rw, case_id, "committee_advice", "legal", D(2026, 6, 25), ground="major", meeting_date="2026-06-25",
             members=members + ["99999"], advice="建议维持。")
    assert r.status_code == 400 and "members" in r.json()["fields"]
    ok(fire(rw, case_id, "committee_advice", "legal", D(2026, 6, 25), ground="major", meeting_date="2026-06-25",
            members=members, advice="多数委员认为被申请人认定事实清楚，建议维持。"))
    advice = CommitteeAdvice.objects.get()
    assert advice.members.count() == 3 and advice.recorded_by == rw.users["legal"]
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 26), **PROPOSAL))
    # the committee's advice is internal: the applicant's view of the events does not show it
    events = client(rw.users["citizen"]).get(f"/api/v1/cases/{case_id}").json()["events"]
    assert "committee_advice" not in {e["transition"] for e in events}


# ---- decision types (第六十三条至第六十九条) -----------------------------------------------------------------------------
def _heard(w, case_id):
    ok(fire(w, case_id, "record_opinions", "legal", D(2026, 6, 15), mode="in_person", heard_on="2026-06-15",
            summary="当面听取。"))


def test_decision_types_and_their_conditions(rw):
    case_id = in_review(rw)
    _heard(rw, case_id)
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16), **{**PROPOSAL, "decision_type": "order_perform"})
    assert r.status_code == 400 and {"perform_days", "content"} <= set(r.json()["fields"])
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16), **{**PROPOSAL, "perform_days": 30})
    assert r.status_code == 400 and "perform_days" in r.json()["fields"]  # nothing to perform after 维持
    r = fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16), **{**PROPOSAL, "decision_type": "upheld"})
    assert r.status_code == 400 and "decision_type" in r.json()["fields"]
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16),
            **{**PROPOSAL, "decision_type": "change", "content": "罚款由五万元变更为二万元。"}))
    # the head sends it back, then approves
    r = fire(rw, case_id, "decide", "legal", D(2026, 6, 17), approval="head")
    assert r.status_code == 409  # the reconsideration division does not decide alone (第六十一条)
    ok(fire(rw, case_id, "return_review", "director", D(2026, 6, 17), "请补充说明裁量理由。"))
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 18),
            **{**PROPOSAL, "decision_type": "revoke_redo", "content": "重新作出处罚决定。", "perform_days": 30,
               "ground": "第六十四条第一款第（二）项 违反法定程序"}))
    ok(fire(rw, case_id, "decide", "director", D(2026, 6, 19), approval="collective"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "decided" and case.outcome == "revoke_redo" and case.decided_on == D(2026, 6, 19)
    assert clock(case_id, "decision").state == Clock.State.STOPPED and clock(case_id, "decision").on_time
    # with a performance period: served, then tracked (第七十七条)
    r = fire(rw, case_id, "serve_and_close", "legal", D(2026, 6, 22), served_on="2026-06-22")
    assert r.status_code == 409
    ok(fire(rw, case_id, "serve", "legal", D(2026, 6, 22), served_on="2026-06-22"))
    perf = clock(case_id, "performance")
    assert perf.budget == 30 and perf.unit == "calendar" and perf.due == D(2026, 7, 22)
    clocks_tick(today=D(2026, 7, 23))
    assert state(case_id) == "performance_overdue"
    ok(fire(rw, case_id, "urge_performance", "legal", D(2026, 7, 24), "请于七日内重新作出处罚决定。"))
    ok(fire(rw, case_id, "record_performance", "legal", D(2026, 7, 28), performed_on="2026-07-27",
            note="被申请人已重新作出处罚决定。"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "closed" and case.closed_on == D(2026, 7, 28)
    assert verify_case(case) == []


def test_maintain_is_served_and_closed(rw):
    case_id = in_review(rw)
    _heard(rw, case_id)
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 16), **PROPOSAL))
    ok(fire(rw, case_id, "decide", "deputy", D(2026, 6, 17), approval="head"))
    r = fire(rw, case_id, "serve", "legal", D(2026, 6, 18), served_on="2026-06-18")
    assert r.status_code == 409
    r = fire(rw, case_id, "serve_and_close", "legal", D(2026, 6, 18), served_on="2026-06-16")
    assert r.status_code == 400  # before the decision
    ok(fire(rw, case_id, "serve_and_close", "legal", D(2026, 6, 18), served_on="2026-06-18"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "closed" and case.outcome == "maintain"
    assert Reconsideration.objects.get(case_id=case_id).decision_number == "黑档复〔2026〕3号"


# ---- endings: withdrawal, mediation ----------------------------------------------------------------------------------
def test_withdrawal_requested_online_and_permitted(rw):
    case_id = accepted(rw)
    r = fire(rw, case_id, "withdraw", "citizen", D(2026, 6, 5), reason="other", requested_on="2026-06-05")
    assert r.status_code == 409  # the division permits it, not the applicant
    ok(fire(rw, case_id, "request_withdrawal", "citizen", D(2026, 6, 5), "已与被申请人和解。"))
    assert Reconsideration.objects.get(case_id=case_id).withdrawal_requested_on == D(2026, 6, 5)
    ok(fire(rw, case_id, "withdraw", "legal", D(2026, 6, 8), reason="settlement", requested_on="2026-06-05"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "withdrawn" and case.outcome == "withdrawn"
    assert all(c.state == Clock.State.STOPPED for c in case.clocks.all())
    assert case.documents.get(kind="termination").title == "终止行政复议决定书"


def test_mediation_ends_the_case(rw):
    case_id = in_review(rw)
    ok(fire(rw, case_id, "mediate", "legal", D(2026, 6, 20), agreement="被申请人将罚款减为一万元，申请人撤回复议请求。",
            signed_on="2026-06-20"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "mediated" and case.documents.get(kind="mediation").title == "行政复议调解书"


def test_the_inbox_lists_cases_waiting_for_the_legal_division(rw):
    from tests.reconsideration.conftest import client

    case_id = new_case(rw)
    number = Case.objects.get(pk=case_id).number
    assert number in client(rw.users["legal"]).get("/staff/inbox/").content.decode()
    assert number not in client(rw.users["handler"]).get("/staff/inbox/").content.decode()


def test_the_applicant_asks_for_a_hearing_online(rw):
    case_id = accepted(rw)
    r = fire(rw, case_id, "request_hearing", "citizen", D(2026, 6, 3))
    assert r.status_code == 400 and "comment" in r.json()["fields"]
    ok(fire(rw, case_id, "request_hearing", "citizen", D(2026, 6, 3), "案情复杂，请求听证。"))
    case = Case.objects.get(pk=case_id)
    assert case.state == "accepted" and case.events.filter(transition="request_hearing").exists()
    r = fire(rw, case_id, "request_hearing", "citizen2", D(2026, 6, 3), "别人的办件。")
    assert r.status_code == 404
