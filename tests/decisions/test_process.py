"""The major decision process: the legality review before the collective discussion (第二十五条, 第二十六条), the
public comment clock (第十五条), steps skipped only with a reason, the meeting and what follows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.core import clock as sysclock
from fazhi.decisions.models import Decision, LegalReview, Meeting, Step
from fazhi.decisions.services import decision_revise_draft, review_workdays, text_sha256
from fazhi.process.audit import verify_case
from fazhi.process.models import Case, Clock
from fazhi.process.services import TransitionNotAllowed, clocks_tick
from tests.decisions.conftest import (
    MEETING,
    MONDAY,
    client,
    fire,
    new_decision,
    post,
    ready_for_review,
    reviewed,
    submit,
)

D = dt.date


def test_collective_discussion_refused_without_review(dw):
    case = ready_for_review(dw)
    with pytest.raises(TransitionNotAllowed, match="未经合法性审查"):
        fire(case, "discussion_adopt", dw.users["director"], meeting_date="2026-11-02", **MEETING)
    # through the API: 409 with the Chinese message, nothing recorded
    r = post(client(dw.users["director"]), f"/api/v1/cases/{case.pk}/transitions/discussion_adopt",
             {"data": {"meeting_date": "2026-11-02", **MEETING}})
    assert r.status_code == 409, r.content
    assert "第二十五条" in r.json()["message"] and r.json()["error"] == "transition_not_allowed"
    assert not Meeting.objects.exists()
    case.refresh_from_db()
    assert case.state == "ready_for_review" and case.decided_on is None
    # the case page does not offer it either
    page = client(dw.users["director"]).get(f"/cases/{case.pk}/")
    assert page.status_code == 200 and 'data-transition="discussion_adopt"' not in page.content.decode()
    assert "未经合法性审查" in page.content.decode()


def test_a_failed_review_does_not_open_the_discussion(dw):
    case = ready_for_review(dw)
    submit(dw, case, MONDAY)
    fire(case, "review_fail", dw.users["legal"], D(2026, 11, 12), opinion="超越法定权限。")
    case.refresh_from_db()
    assert case.state == "ready_for_review"
    with pytest.raises(TransitionNotAllowed, match="经审查不合法"):
        fire(case, "discussion_adopt", dw.users["director"], meeting_date="2026-11-12", **MEETING)


def test_a_draft_changed_after_review_needs_a_new_review(dw):
    case = reviewed(dw)
    decision = Decision.objects.get(case=case)
    old_hash = decision.draft_sha256
    review = decision.reviews.get()
    assert review.draft_sha256 == old_hash == text_sha256(decision.draft_text) and review.workdays == 7
    sysclock.set_today(D(2026, 11, 12))
    decision_revise_draft(actor=dw.users["handler"], case_id=case.pk, text=decision.draft_text + "\n第二条 新增。")
    decision.refresh_from_db()
    assert decision.draft_version == 2 and decision.draft_sha256 != old_hash
    r = post(client(dw.users["director"]), f"/api/v1/cases/{case.pk}/transitions/discussion_adopt",
             {"data": {"meeting_date": "2026-11-12", **MEETING}})
    assert r.status_code == 409 and "重新送请合法性审查" in r.json()["message"]
    assert "第1稿" in r.json()["message"] and "第2稿" in r.json()["message"]
    # a new review of the new draft opens it again
    submit(dw, case, D(2026, 11, 12))
    fire(case, "review_pass", dw.users["legal"], D(2026, 11, 23), opinion="合法。")
    fire(case, "discussion_adopt", dw.users["deputy"], D(2026, 11, 24), meeting_date="2026-11-24", **MEETING)
    case.refresh_from_db()
    meeting = Meeting.objects.get()
    assert case.state == "decided" and case.decided_on == D(2026, 11, 24)
    assert meeting.draft_version == 2 and meeting.review.round == 2 and meeting.outcome == "adopted"
    assert not verify_case(case)


def test_the_draft_cannot_change_during_the_review(dw):
    case = ready_for_review(dw)
    submit(dw, case, MONDAY)
    with pytest.raises(TransitionNotAllowed):
        decision_revise_draft(actor=dw.users["handler"], case_id=case.pk, text="另一稿")
    assert Decision.objects.get(case=case).draft_version == 1


def test_review_shorter_than_7_working_days_needs_a_reason(dw):
    case = ready_for_review(dw)
    submit(dw, case, MONDAY)
    legal = client(dw.users["legal"])
    sysclock.set_today(D(2026, 11, 6))  # Friday: 4 working days after Monday
    r = post(legal, f"/api/v1/cases/{case.pk}/transitions/review_pass", {"data": {"opinion": "合法。"}})
    assert r.status_code == 400, r.content
    body = r.json()
    assert "short_review_reason" in body["fields"] and "4个工作日" in body["message"] and "第二十六条" in body["message"]
    assert LegalReview.objects.get().result == "pending"
    case.refresh_from_db()
    assert case.state == "legal_review"
    r = post(legal, f"/api/v1/cases/{case.pk}/transitions/review_pass",
             {"data": {"opinion": "合法。", "short_review_reason": "省政府要求本月底前出台，情况紧急。"}})
    assert r.status_code == 200, r.content
    review = LegalReview.objects.get()
    assert review.result == "passed" and review.workdays == 4 and review.short_review_reason.startswith("省政府")
    fire(case, "discussion_adopt", dw.users["director"], D(2026, 11, 6), meeting_date="2026-11-06", **MEETING)
    case.refresh_from_db()
    assert case.state == "decided"


def test_a_short_review_without_a_reason_never_reaches_the_meeting(dw):
    """Defence in depth: even if a review row says fewer than 7 days and no reason, the guard refuses."""
    case = reviewed(dw)
    LegalReview.objects.update(workdays=5)
    with pytest.raises(TransitionNotAllowed, match="少于7个工作日"):
        fire(case, "discussion_adopt", dw.users["director"], D(2026, 11, 12), meeting_date="2026-11-12", **MEETING)


def test_review_working_days_skip_weekends_and_holidays(db):
    # Monday to Wednesday of the next week: 7 working days; over Spring Festival 2017 with its make-up days: 9.
    assert review_workdays(D(2026, 11, 2), D(2026, 11, 11)) == 7
    assert review_workdays(D(2026, 11, 2), D(2026, 11, 10)) == 6
    assert review_workdays(D(2017, 1, 20), D(2017, 2, 7)) == 9
    assert review_workdays(D(2026, 11, 2), D(2026, 11, 2)) == 0


def test_comment_period_clock(dw):
    case = new_decision(dw)
    h = dw.users["handler"]
    # shorter than 30 days needs a reason (第十五条)
    with pytest.raises(ValidationError) as e:
        fire(case, "start_consultation", h, published_via="门户网站", how_to_comment="电子邮件", period_days=15)
    assert "shorter_reason" in e.value.message_dict
    assert not Step.objects.exists() and not Clock.objects.exists()
    fire(case, "start_consultation", h, published_via="门户网站", how_to_comment="电子邮件")
    clock = Clock.objects.get(case=case, name="consultation")
    assert clock.budget == 30 and clock.unit == "calendar" and clock.due == D(2026, 12, 2)
    step = Step.objects.get()
    assert step.data["ends_on"] == "2026-12-02" and step.data["period_days"] == 30
    # the public sees the draft while it is open
    r = client().get("/api/v1/norms/decisions/public/consultations")
    assert r.status_code == 200 and r.json()[0]["ends_on"] == "2026-12-02" and "第一条" in r.json()[0]["draft_text"]
    # feedback cannot be recorded while the period runs; the draft cannot change either
    with pytest.raises(TransitionNotAllowed):
        fire(case, "record_feedback", h, D(2026, 11, 20), comments_count=1, summary="x")
    with pytest.raises(TransitionNotAllowed):
        decision_revise_draft(actor=h, case_id=case.pk, text="改稿")
    assert clocks_tick(today=D(2026, 12, 2)) == []
    assert clocks_tick(today=D(2026, 12, 3)) == [(case.number, "consultation_over")]
    assert clocks_tick(today=D(2026, 12, 3)) == []
    case.refresh_from_db()
    assert case.state == "consultation_closed"
    fire(case, "record_feedback", h, D(2026, 12, 3), comments_count=12, summary="采纳8条。")
    step.refresh_from_db()
    assert step.data["comments_count"] == 12 and step.data["closed_on"] == "2026-12-03"
    case.refresh_from_db()
    assert case.state == "expert_argument"


def test_shorter_comment_period_with_a_reason(dw):
    case = new_decision(dw)
    fire(case, "start_consultation", dw.users["handler"], published_via="门户网站", how_to_comment="信函",
         period_days=15, shorter_reason="上级要求限期出台。")
    clock = Clock.objects.get(case=case)
    assert clock.budget == 15 and clock.due == D(2026, 11, 17)


def test_skipping_a_step_needs_a_reason(dw):
    case = new_decision(dw)
    h = dw.users["handler"]
    fire(case, "record_participation", h, methods=["座谈会"], comments_count=0, summary="无意见。")
    r = post(client(h), f"/api/v1/cases/{case.pk}/transitions/skip_expert_argument",
             {"data": {"ground": "not_technical"}})
    assert r.status_code == 400 and "skip_reason" in r.json()["fields"]
    assert "请填写" in r.json()["message"]
    assert not Step.objects.filter(kind="expert").exists()
    r = post(client(h), f"/api/v1/cases/{case.pk}/transitions/skip_expert_argument",
             {"data": {"ground": "not_technical", "skip_reason": "   "}})
    assert r.status_code == 400
    r = post(client(h), f"/api/v1/cases/{case.pk}/transitions/skip_expert_argument",
             {"data": {"ground": "not_technical", "skip_reason": "不属于专业性、技术性较强的事项。"}})
    assert r.status_code == 200 and r.json()["state"] == "risk_assessment"
    step = Step.objects.get(kind="expert")
    assert step.skipped and step.skip_ground == "not_technical" and step.skip_reason.startswith("不属于")
    # a medium risk needs measures
    with pytest.raises(ValidationError) as e:
        fire(case, "record_risk_assessment", h, assessed_on="2026-11-02", method="会商分析", risk_level="medium",
             report="有一定风险。")
    assert "measures" in e.value.message_dict


def test_meeting_input_is_checked(dw):
    case = reviewed(dw)
    d = client(dw.users["director"])
    url = f"/api/v1/cases/{case.pk}/transitions/discussion_adopt"
    sysclock.set_today(D(2026, 11, 12))
    r = post(d, url, {"data": {**MEETING, "meeting_date": "2026-11-12", "attendees": ["局长", "副局长"]}})
    assert r.status_code == 400 and "attendees" in r.json()["fields"] and "三名以上" in r.json()["message"]
    r = post(d, url, {"data": {**MEETING, "meeting_date": "2026-11-10"}})
    assert r.status_code == 400 and "meeting_date" in r.json()["fields"]
    r = post(d, url, {"data": {**MEETING, "meeting_date": "2026-11-12", "meeting_type": "党组会"}})
    assert r.status_code == 400 and "meeting_type" in r.json()["fields"]
    r = post(d, url, {"data": {"meeting_date": "2026-11-12"}})
    assert r.status_code == 400 and {"minutes", "chief_opinion", "attendees"} <= set(r.json()["fields"])
    assert not Meeting.objects.exists()
    # a legal reviewer or a handler cannot record the meeting
    r = post(client(dw.users["legal"]), url, {"data": {**MEETING, "meeting_date": "2026-11-12"}})
    assert r.status_code == 409
    r = post(d, url, {"data": {**MEETING, "meeting_date": "2026-11-12", "differing_opinions": "副局长乙建议缓行。"}})
    assert r.status_code == 200 and r.json()["state"] == "decided"
    assert Meeting.objects.get().differing_opinions == "副局长乙建议缓行。"


def test_defer_then_adopt_and_reject(dw):
    case = reviewed(dw)
    fire(case, "discussion_defer", dw.users["director"], D(2026, 11, 12), meeting_date="2026-11-12", **MEETING)
    case.refresh_from_db()
    assert case.state == "ready_for_review"
    # the same draft, reviewed: may be discussed again
    fire(case, "discussion_reject", dw.users["director"], D(2026, 11, 19), meeting_date="2026-11-19", **MEETING)
    case.refresh_from_db()
    assert case.state == "rejected" and case.outcome == "rejected" and case.closed_on == D(2026, 11, 19)
    assert list(Meeting.objects.values_list("outcome", flat=True)) == ["deferred", "rejected"]


def test_publication_implementation_evaluation_archive(dw):
    case = reviewed(dw)
    director, h = dw.users["director"], dw.users["handler"]
    fire(case, "discussion_adopt", director, D(2026, 11, 12), meeting_date="2026-11-12", **MEETING)
    with pytest.raises(ValidationError):
        fire(case, "publish", h, D(2026, 11, 13), published_on="2026-11-10", channel="门户网站")
    fire(case, "publish", h, D(2026, 11, 13), published_on="2026-11-13", channel="门户网站", document_number="黑档发〔2026〕1号")
    case.refresh_from_db()
    assert case.state == "implementing" and case.published_on == D(2026, 11, 13)
    fire(case, "record_progress", h, D(2026, 11, 20), progress_on="2026-11-20", unit="业务指导处", progress="已部署。")
    fire(case, "post_evaluation", h, D(2026, 11, 27), evaluated_on="2026-11-27", trigger="deemed_necessary",
         evaluator="第三方评估机构", report="效果良好。", conclusion="achieved", recommendation="continue")
    fire(case, "suspend_execution", director, D(2026, 11, 30), "情况紧急，先行中止。")
    fire(case, "resume_execution", director, D(2026, 12, 1), "情况已消除。")
    fire(case, "archive_close", h, D(2026, 12, 2), archived_on="2026-12-02", archive_reference="WS·2026·D30-1")
    case.refresh_from_db()
    decision = Decision.objects.get(case=case)
    assert case.state == "closed" and decision.archive_reference == "WS·2026·D30-1"
    assert decision.progress.count() == 1 and decision.steps.filter(kind="evaluation").count() == 1
    r = client().get("/api/v1/norms/decisions/public")
    assert r.status_code == 200 and r.json()[0]["title"] == "某档案工作办法"
    assert r.json()[0]["document_number"] == "黑档发〔2026〕1号" and r.json()[0]["legality_review"] is True
    assert not verify_case(case)


def test_revise_draft_records_hash_in_the_event_chain(dw):
    case = new_decision(dw, draft="")
    with pytest.raises(TransitionNotAllowed, match="尚无决策草案"):
        fire(case, "start_consultation", dw.users["handler"], published_via="网站", how_to_comment="信函")
    decision_revise_draft(actor=dw.users["handler"], case_id=case.pk, text="第一稿")
    with pytest.raises(ValidationError):
        decision_revise_draft(actor=dw.users["handler"], case_id=case.pk, text="第一稿\n")
    event = Case.objects.get(pk=case.pk).events.get(transition="revise_draft")
    assert event.data["sha256"] == text_sha256("第一稿") and event.data["version"] == 1
    # not a bare step: the generic transition API cannot forge a revision
    r = post(client(dw.users["handler"]), f"/api/v1/cases/{case.pk}/transitions/revise_draft",
             {"data": {"version": 9, "sha256": "0" * 64}})
    assert r.status_code == 409
