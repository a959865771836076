"""The petition process through the front doors (the intake API and the generic case API): every clock of
《信访工作条例》 — 15 days to notify (第二十三条), 60 days + 30 once (第三十五条), 30/30 for review (第三十六条) and
30/30 for second review (第三十七条, hearing time not counted) — in calendar days with the last day moved past rest
days (民法典第二百零三条), the timers that close a case when the petitioner does not ask, who may do what, and bad
input answered by field with nothing changed."""

from __future__ import annotations

import datetime as dt

from fazhi.core import clock as sysclock
from fazhi.petitions.models import Petition, Visit
from fazhi.process.models import Case, CaseEvent
from fazhi.process.services import clocks_tick
from fazhi.requests.models import PublicRequest
from tests.petitions.conftest import (
    MONDAY,
    answered,
    client,
    clock,
    fire,
    new_case,
    ok,
    opinion_data,
    post,
    register,
)

D = dt.date


def _case(case_id: int) -> Case:
    return Case.objects.get(pk=case_id)


# ---- the 15-day notice (第二十三条) ------------------------------------------------------------------------
def test_registration_starts_the_15_day_notice_clock(pw):
    r = register(pw)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "registered" and body["number"].startswith("HLJ-XF2026-")
    case = _case(body["id"])
    assert case.kind == "petition" and case.channel == "post"
    intake = case.clocks.get(name="intake")
    assert (intake.budget, intake.unit, intake.started_on) == (15, "calendar", MONDAY)
    assert intake.due == D(2026, 8, 18)  # 3 August + 15 days, a Tuesday
    assert "第二十三条" in intake.legal_basis and "15日" in intake.legal_basis
    petition = Petition.objects.get(case=case)
    assert petition.matter == "查阅本人知青档案" and petition.persons == 1 and not petition.visits.exists()
    assert PublicRequest.objects.get(case=case).fields["request"].startswith("请求查阅")
    # the inbox of the petition office shows it
    r = client(pw.users["handler"]).get("/staff/inbox/")
    assert r.status_code == 200 and case.number in r.content.decode()


def test_notice_clock_counts_from_the_real_receipt_date_and_moves_past_rest_days(pw):
    # A letter received on Friday 23 October: the 15th day is Saturday 7 November → Monday 9 November.
    sysclock.set_today(D(2026, 11, 2))
    c = _case(new_case(pw, received_on=D(2026, 10, 23)))
    due = c.clocks.get(name="intake").due
    assert (c.received_on, due) == (D(2026, 10, 23), D(2026, 11, 9))
    # Received 17 September: the 15th day (2 October) is in the National Day holiday → Thursday 8 October.
    c = _case(new_case(pw, received_on=D(2026, 9, 17)))
    assert c.clocks.get(name="intake").due == D(2026, 10, 8)
    # Received 25 September: the 15th day is Saturday 10 October, a make-up working day (调休上班): it stays.
    c = _case(new_case(pw, received_on=D(2026, 9, 25)))
    assert c.clocks.get(name="intake").due == D(2026, 10, 10)


# ---- 60 days, +30 once (第三十五条) ------------------------------------------------------------------------
def test_acceptance_starts_60_days_extended_once_by_a_leader(pw):
    u = pw.users
    case_id = new_case(pw)
    body = ok(fire(case_id, "accept", u["handler"], D(2026, 8, 5), category="claim"))
    assert body["state"] == "handling" and body["accepted_on"] == "2026-08-05"
    assert clock(body, "intake")["state"] == "stopped"
    handling = clock(body, "handling")
    # 5 August + 60 days = 4 October, in the National Day holiday → Thursday 8 October.
    assert (handling["budget"], handling["unit"], handling["due"]) == (60, "calendar", "2026-10-08")
    assert "第三十五条" in handling["legal_basis"]
    assert Petition.objects.get(case_id=case_id).category == "claim"
    # Only a leader (本机关负责人) extends, with the reason.
    assert fire(case_id, "extend_handling", u["head"], D(2026, 9, 20), "情况复杂").status_code == 409
    r = fire(case_id, "extend_handling", u["director"], D(2026, 9, 20))
    assert r.status_code == 400 and "comment" in r.json()["fields"]
    body = ok(fire(case_id, "extend_handling", u["director"], D(2026, 9, 20), "涉及多个单位，需调取移交记录"))
    handling = clock(body, "handling")
    assert (handling["extension_days"], handling["due"]) == (30, "2026-11-03")  # 90 days from 5 August
    # Once: the regulation allows 30 days at most.
    r = fire(case_id, "extend_handling", u["deputy"], D(2026, 9, 25), "再次延长")
    assert r.status_code == 409 and "30" in r.json()["message"]
    case = _case(case_id)
    ext = case.clocks.get(name="handling").extensions.get()
    assert ext.approver == u["director"] and "第三十五条" in ext.legal_basis
    assert case.documents.filter(kind="extension_notice").count() == 1


def test_opinion_stops_handling_on_time_and_service_opens_the_30_day_review_window(pw):
    case_id, body = answered(pw)
    assert body["state"] == "review_window"
    case = _case(case_id)
    handling = case.clocks.get(name="handling")
    assert handling.stopped_on == D(2026, 9, 1) and handling.on_time is True
    assert case.decided_on == D(2026, 9, 1) and case.outcome == "support"
    window = clock(body, "review_request")
    # Served on 3 September: + 30 days = 3 October (holiday) → 8 October.
    assert (window["started_on"], window["due"]) == ("2026-09-03", "2026-10-08")
    assert "第三十六条" in window["legal_basis"]


def test_review_window_runs_out_and_the_case_closes_by_itself(pw):
    case_id, _body = answered(pw)
    assert clocks_tick(today=D(2026, 10, 8)) == []  # the due date itself is still in time
    fired = clocks_tick(today=D(2026, 10, 9))
    assert fired == [(_case(case_id).number, "review_window_over")]
    case = _case(case_id)
    assert case.state == "closed" and case.closed_on == D(2026, 10, 9)
    assert clocks_tick(today=D(2026, 10, 10)) == []  # idempotent
    assert case.events.filter(transition="review_window_over", actor__isnull=True).exists()
    # closed: no more steps
    assert fire(case_id, "review_requested", pw.users["clerk"], D(2026, 10, 10), requested_on="2026-10-08",
                review_body="黑龙江省人民政府").status_code == 409


# ---- review (第三十六条) and second review (第三十七条) ----------------------------------------------------------
def test_review_and_second_review_30_30_with_a_hearing_not_counted(pw):
    u = pw.users
    case_id, _body = answered(pw)
    # The superior received the request on Sunday 20 September (a make-up working day): recorded the next day.
    body = ok(fire(case_id, "review_requested", u["clerk"], D(2026, 9, 21), requested_on="2026-09-20",
                   review_body="黑龙江省人民政府"))
    assert body["state"] == "review"
    assert clock(body, "review_request")["state"] == "stopped"
    review = clock(body, "review")
    assert (review["started_on"], review["due"], review["unit"]) == ("2026-09-20", "2026-10-20", "calendar")
    body = ok(fire(case_id, "review_decided", u["handler"], D(2026, 10, 16), review_result="upheld",
                   review_opinion="维持原处理意见。", review_served_on="2026-10-16"))
    assert body["state"] == "second_window"
    assert _case(case_id).clocks.get(name="review").on_time is True
    window = clock(body, "second_request")
    assert (window["started_on"], window["due"]) == ("2026-10-16", "2026-11-16")  # 15 November is a Sunday
    assert "第三十七条" in window["legal_basis"]
    body = ok(fire(case_id, "second_requested", u["clerk"], D(2026, 11, 2), requested_on="2026-11-02",
                   second_body="国家档案局"))
    second = clock(body, "second_review")
    assert (second["started_on"], second["due"]) == ("2026-11-02", "2026-12-02")
    # A hearing from 10 to 13 November: three days not counted → 5 December, a Saturday → Monday 7 December.
    ok(fire(case_id, "second_hearing_start", u["head"], D(2026, 11, 10), "举行复核听证"))
    assert fire(case_id, "second_hearing_start", u["head"], D(2026, 11, 11)).status_code == 409
    body = ok(fire(case_id, "second_hearing_end", u["head"], D(2026, 11, 13)))
    assert clock(body, "second_review")["due"] == "2026-12-07"
    assert fire(case_id, "second_hearing_end", u["head"], D(2026, 11, 14)).status_code == 409
    body = ok(fire(case_id, "second_decided", u["clerk"], D(2026, 12, 1), second_result="upheld",
                   second_opinion="维持复查意见。", second_served_on="2026-12-01"))
    case = _case(case_id)
    assert body["state"] == "final" and case.closed_on == D(2026, 12, 1)
    assert case.clocks.get(name="second_review").on_time is True
    assert case.data["second"]["result"] == "upheld" and case.data["review"]["result"] == "upheld"


def test_second_review_window_runs_out(pw):
    u = pw.users
    case_id, _body = answered(pw)
    ok(fire(case_id, "review_requested", u["clerk"], D(2026, 9, 21), requested_on="2026-09-21", review_body="省政府"))
    ok(fire(case_id, "review_decided", u["clerk"], D(2026, 10, 16), review_result="upheld", review_opinion="维持。",
            review_served_on="2026-10-16"))
    assert clocks_tick(today=D(2026, 11, 16)) == []
    assert clocks_tick(today=D(2026, 11, 17)) == [(_case(case_id).number, "second_window_over")]
    assert _case(case_id).state == "closed"


def test_requests_out_of_time_or_out_of_order_are_refused_by_field(pw):
    u = pw.users
    case_id, _body = answered(pw)
    # before the reply was received, in the future
    for requested in ("2026-09-02", "2026-12-01"):
        r = fire(case_id, "review_requested", u["clerk"], D(2026, 10, 8), requested_on=requested, review_body="省政府")
        assert r.status_code == 400 and "requested_on" in r.json()["fields"], requested
    # after the window (due 8 October), recorded before the daily tick closed the case
    r = fire(case_id, "review_requested", u["clerk"], D(2026, 10, 9), requested_on="2026-10-09", review_body="省政府")
    assert r.status_code == 400 and "第三十六条" in r.json()["fields"]["requested_on"][0]
    assert _case(case_id).state == "review_window"
    # service before the opinion, or in the future
    case_id2 = new_case(pw, day=MONDAY)
    ok(fire(case_id2, "accept", u["handler"], D(2026, 8, 5), category="claim"))
    ok(fire(case_id2, "issue_opinion", u["head"], D(2026, 9, 1), **opinion_data()))
    for served in ("2026-08-31", "2026-09-30", "not a date"):
        r = fire(case_id2, "serve_opinion", u["clerk"], D(2026, 9, 2), served_on=served, method="post")
        assert r.status_code == 400 and "served_on" in r.json()["fields"], served
    assert _case(case_id2).state == "answered"


# ---- refusing, transferring, withdrawing ----------------------------------------------------------------------
def test_not_accepted_with_the_right_channel(pw):
    u = pw.users
    case_id = new_case(pw)
    r = fire(case_id, "not_accept", u["head"], D(2026, 8, 10), "对法院生效判决不服。", ground="litigation")
    assert r.status_code == 400 and "channel" in r.json()["fields"]
    assert fire(case_id, "not_accept", u["handler"], D(2026, 8, 10), "x", ground="litigation",
                channel="向人民法院申请再审。").status_code == 409  # a refusal is for the head or a leader
    body = ok(fire(case_id, "not_accept", u["head"], D(2026, 8, 10), "对法院生效判决不服。", ground="litigation",
                   channel="依法向人民法院申请再审。"))
    case = _case(case_id)
    assert body["state"] == "not_accepted" and case.outcome == "refused" and case.closed_on == D(2026, 8, 10)
    intake = case.clocks.get(name="intake")
    assert intake.state == "stopped" and intake.on_time is True
    assert case.documents.get().kind == "refusal_notice"


def test_transfer_records_the_competent_agency(pw):
    u = pw.users
    case_id = new_case(pw)
    body = ok(fire(case_id, "transfer", u["handler"], D(2026, 8, 20), to_agency="哈尔滨市档案局",
                   reason="属于该局的监督检查职权"))
    case = _case(case_id)
    assert body["state"] == "transferred" and case.public_request.transferred_to == "哈尔滨市档案局"
    intake = case.clocks.get(name="intake")
    assert intake.stopped_on == D(2026, 8, 20) and intake.on_time is False  # due 18 August
    assert case.documents.get().kind == "transfer_notice"


def test_withdrawal_stops_the_clocks(pw):
    u = pw.users
    case_id = new_case(pw)
    ok(fire(case_id, "accept", u["handler"], D(2026, 8, 5), category="suggestion"))
    assert fire(case_id, "withdraw", u["handler"], D(2026, 8, 12)).status_code == 400  # the reason is required
    body = ok(fire(case_id, "withdraw", u["handler"], D(2026, 8, 12), "信访人书面撤回。"))
    assert body["state"] == "withdrawn" and all(c["state"] == "stopped" for c in body["clocks"])


# ---- who may do what ----------------------------------------------------------------------------------------
def test_roles_and_agencies(pw):
    u = pw.users
    case_id = new_case(pw)
    for name in ("clerk", "legal", "officer1"):
        assert fire(case_id, "accept", u[name], D(2026, 8, 4), category="claim").status_code == 409, name
    for name in ("other_handler", "city_clerk", "citizen", "sysadmin"):
        assert fire(case_id, "accept", u[name], D(2026, 8, 4), category="claim").status_code == 404, name
    assert fire(case_id, "accept", None, D(2026, 8, 4), category="claim").status_code == 401
    # the timer steps are the clock's only
    ok(fire(case_id, "accept", u["head"], D(2026, 8, 4), category="claim"))
    ok(fire(case_id, "issue_opinion", u["director"], D(2026, 8, 20), **opinion_data()))
    ok(fire(case_id, "serve_opinion", u["clerk"], D(2026, 8, 21), served_on="2026-08-21", method="direct"))
    assert fire(case_id, "review_window_over", u["director"], D(2026, 9, 30)).status_code == 409
    # the visit step is entered with the visit row, never bare
    assert fire(case_id, "record_visit", u["clerk"], D(2026, 8, 22), visit_id=1, visited_on="2026-08-22",
                persons=1).status_code == 409


def test_online_petition_by_a_public_account(pw):
    u = pw.users
    r = post(client(u["citizen"]), "/api/v1/requests", {"kind": "petition", "fields": {**{
        "matter": "查询土地承包合同档案", "request": "请告知保管单位。", "facts": "村委会称已上交。"}},
        "party": {"address": "哈尔滨市南岗区"}})
    assert r.status_code == 201, r.content
    body = r.json()
    case = _case(body["id"])
    assert case.channel == "online" and case.applicant == u["citizen"]
    assert case.clocks.get(name="intake").due == D(2026, 8, 18)
    # the petitioner follows it but takes no staff step
    assert client(u["citizen"]).get(f"/api/v1/cases/{case.pk}").status_code == 200
    assert fire(case.pk, "accept", u["citizen"], D(2026, 8, 4), category="claim").status_code == 409
    assert client(u["citizen2"]).get(f"/api/v1/cases/{case.pk}").status_code == 404
    r = client(u["citizen"]).get(f"/cases/{case.pk}/")
    assert r.status_code == 200 and 'id="petition-panel"' not in r.content.decode()
    ok(fire(case.pk, "accept", u["handler"], D(2026, 8, 5), category="claim"))
    track = client().get("/api/v1/requests/track", {"number": body["number"], "code": body["verification_code"]})
    assert track.status_code == 200
    t = track.json()
    assert t["state_label"] == "办理中" and t["documents"][0]["title"] == "信访事项受理告知书"
    assert [c["label"] for c in t["clocks"]] == ["信访事项办理期限"]
    # anonymous petitions are not taken
    r = post(client(), "/api/v1/requests", {"kind": "petition", "fields": dict(matter="x", request="y", facts="z"),
                                            "anonymous": True})
    assert r.status_code == 400 and "anonymous" in r.json()["fields"]


# ---- visits (第十八条) -------------------------------------------------------------------------------------------
def test_collective_visit_with_representatives(pw):
    u = pw.users
    r = register(pw, channel="visit", fields={"persons": 12, "representatives": ["马德胜", "孙玉兰", "赵长林"]})
    assert r.status_code == 201, r.content
    case = _case(r.json()["id"])
    petition = case.petition
    assert (petition.persons, petition.representatives, petition.collective) == (12, ["马德胜", "孙玉兰", "赵长林"], True)
    visit = petition.visits.get()
    assert (visit.visited_on, visit.persons, visit.officer, visit.leader_received) == (MONDAY, 12, u["clerk"], False)
    # more than five came without representatives; six representatives; nonsense: refused by field, nothing saved
    before = Case.objects.count()
    for fields, field in (({"persons": 8}, "representatives"),
                          ({"persons": 8, "representatives": ["甲", "乙", "丙", "丁", "戊", "己"]}, "representatives"),
                          ({"persons": 2, "representatives": ["甲", "乙", "丙"]}, "representatives"),
                          ({"persons": "很多"}, "persons"), ({"persons": 0}, "persons")):
        r = register(pw, channel="visit", fields=fields)
        assert r.status_code == 400 and field in r.json()["fields"], fields
    assert Case.objects.count() == before and Visit.objects.count() == 1


def test_later_visits_are_recorded_and_chained(pw):
    u = pw.users
    case_id = new_case(pw)
    sysclock.set_today(D(2026, 8, 20))
    url = f"/api/v1/petitions/{case_id}/visits"
    r = post(client(u["director"]), url, {"visited_on": "2026-08-20", "persons": 6,
                                          "representatives": ["马德胜", "孙玉兰"], "summary": "局长接待来访代表。"})
    assert r.status_code == 201, r.content
    v = r.json()
    assert (v["persons"], v["collective"], v["leader_received"], v["officer"]) == (6, True, True, "director姓名")
    ev = CaseEvent.objects.get(case_id=case_id, transition="record_visit")
    assert ev.data["visit_id"] == v["id"] and ev.public is False and ev.to_state == "registered"
    # bad input by field; nothing saved
    for payload, field in (({"visited_on": "2026-08-21", "summary": "x"}, "visited_on"),
                           ({"visited_on": "2026-07-01", "summary": "x"}, "visited_on"),
                           ({"visited_on": "2026-08-20", "summary": " "}, "summary"),
                           ({"visited_on": "2026-08-20", "persons": 9, "summary": "x"}, "representatives")):
        r = post(client(u["clerk"]), url, payload)
        assert r.status_code == 400 and field in r.json()["fields"], payload
    # who: the petition office and the leaders of the agency
    assert post(client(u["legal"]), url, {"visited_on": "2026-08-20", "summary": "x"}).status_code == 403
    assert post(client(u["other_handler"]), url, {"visited_on": "2026-08-20", "summary": "x"}).status_code == 404
    assert post(client(u["citizen"]), url, {"visited_on": "2026-08-20", "summary": "x"}).status_code == 404
    assert Visit.objects.count() == 1
    # visits after the case is closed are still recorded
    ok(fire(case_id, "transfer", u["handler"], D(2026, 8, 21), to_agency="哈尔滨市档案局", reason="职权"))
    sysclock.set_today(D(2026, 8, 24))
    r = post(client(u["clerk"]), url, {"visited_on": "2026-08-24", "summary": "告知已转送哈尔滨市档案局。"})
    assert r.status_code == 201 and Visit.objects.count() == 2


# ---- bad input at the intake -------------------------------------------------------------------------------------
def test_intake_bad_input(pw):
    before = Case.objects.count()
    r = register(pw, fields={"matter": "", "request": " "})
    assert r.status_code == 400 and {"matter", "request"} <= set(r.json()["fields"])
    r = register(pw, received_on=D(2026, 8, 4))
    assert r.status_code == 400 and "received_on" in r.json()["fields"]
    r = register(pw, channel="pigeon")
    assert r.status_code == 400 and "channel" in r.json()["fields"]
    r = register(pw, party={"name": "某人"})
    assert r.status_code == 400 and "party_phone" in r.json()["fields"]
    assert Case.objects.count() == before and not Petition.objects.exists()
    # a step with its fields missing or invalid
    case_id = new_case(pw)
    r = fire(case_id, "accept", pw.users["handler"], D(2026, 8, 4), category="nonsense")
    assert r.status_code == 400 and "category" in r.json()["fields"]
    ok(fire(case_id, "accept", pw.users["handler"], D(2026, 8, 4), category="claim"))
    r = fire(case_id, "issue_opinion", pw.users["head"], D(2026, 8, 10), result="maybe")
    assert r.status_code == 400 and {"findings", "opinion", "basis", "result"} <= set(r.json()["fields"])
    assert _case(case_id).state == "handling" and not _case(case_id).documents.filter(kind="opinion").exists()
