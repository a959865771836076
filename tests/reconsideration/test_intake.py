"""The one intake takes reconsideration applications and checks the 60-day application period (复议法第二十条, calendar
days, the last day moved off a rest day; the exceptions of 第二十条第二款、第三款 and the outer limit of 第二十一条)."""

from __future__ import annotations

from fazhi.process.models import Case
from fazhi.reconsideration.models import Reconsideration
from fazhi.requests.models import PublicRequest
from tests.reconsideration.conftest import D, apply, client, ok, post, register_letter


def test_online_application_opens_the_case_with_its_admission_clock(rw):
    body = ok(apply(rw, day=D(2026, 6, 1)), 201)
    case = Case.objects.get(pk=body["id"])
    assert case.kind == "reconsideration" and case.state == "received" and case.number.startswith("HLJ-FY2026-")
    rec = case.reconsideration
    assert rec.role == "organ" and rec.respondent_agency == rw.city and rec.known_on == D(2026, 5, 11)
    # 60 days from 11 May: 10 July 2026 (a Friday); on time
    assert rec.limit_due == D(2026, 7, 10) and not rec.late
    # 复议法第三十条: five working days from receipt
    admission = case.clocks.get(name="admission")
    assert admission.unit == "workday" and admission.due == D(2026, 6, 8) and "第三十条" in admission.legal_basis
    assert PublicRequest.objects.get(case=case).kind == "reconsideration"
    # the applicant tracks it with the number and the code
    r = client().get(f"/api/v1/requests/track?number={body['number']}&code={body['verification_code']}")
    assert ok(r)["state"] == "received"


def test_the_sixtieth_day_on_a_weekend_moves_to_monday(rw):
    # known on 1 September 2026: the 60th day is Saturday 31 October → Monday 2 November (民法典第二百零三条)
    body = ok(apply(rw, day=D(2026, 11, 2), known_on="2026-09-01", act_date="2026-08-30"), 201)
    rec = Reconsideration.objects.get(case_id=body["id"])
    assert rec.limit_due == D(2026, 11, 2) and not rec.late
    # known one day earlier: the period ended on Friday 30 October
    r = apply(rw, day=D(2026, 11, 2), known_on="2026-08-31", act_date="2026-08-30")
    assert r.status_code == 400
    err = r.json()
    assert "known_on" in err["fields"] and "2026年10月30日" in err["message"]
    assert "第二十条" in err["message"] and "第二十一条" in err["message"] and "逾期理由" in err["message"]


def test_the_last_day_in_the_national_day_holiday_moves_to_the_first_working_day(rw):
    # known on 4 August 2026: the 60th day is 3 October (国庆节) → Thursday 8 October; a letter received then is on time
    body = ok(register_letter(rw, received_on=D(2026, 10, 8), day=D(2026, 10, 9), known_on="2026-08-04",
                              act_date="2026-08-01"), 201)
    rec = Reconsideration.objects.get(case_id=body["id"])
    assert rec.limit_due == D(2026, 10, 8) and not rec.late
    assert Case.objects.get(pk=body["id"]).received_on == D(2026, 10, 8)
    # received on 9 October: late
    r = register_letter(rw, received_on=D(2026, 10, 9), known_on="2026-08-04", act_date="2026-08-01")
    assert r.status_code == 400 and "2026年10月8日" in r.json()["message"]


def test_a_late_application_with_a_claimed_reason_goes_in_flagged(rw):
    over = {"known_on": "2026-02-02", "act_date": "2026-02-01"}
    r = apply(rw, limit_exception="force_majeure", **over)
    assert r.status_code == 400 and "limit_exception_note" in r.json()["fields"]
    body = ok(apply(rw, limit_exception="force_majeure", limit_exception_note="三月至五月住院治疗，五月二十五日出院。",
                    **over), 201)
    rec = Reconsideration.objects.get(case_id=body["id"])
    assert rec.late and rec.limit_exception == "force_majeure" and rec.limit_due == D(2026, 4, 3)


def test_not_informed_of_the_remedy_counts_from_knowing_it_at_most_one_year(rw):
    over = {"known_on": "2025-09-01", "act_date": "2025-08-30", "limit_exception": "not_informed",
            "limit_exception_note": "处罚决定书未载明申请行政复议的途径和期限。"}
    r = apply(rw, **over)
    assert r.status_code == 400 and "remedy_known_on" in r.json()["fields"]
    # learnt of the remedy on 20 May 2026: 60 days from then, but not beyond one year from 1 September 2025
    body = ok(apply(rw, remedy_known_on="2026-05-20", **over), 201)
    assert Reconsideration.objects.get(case_id=body["id"]).remedy_known_on == D(2026, 5, 20)
    # the one-year cap: known on 1 June 2025, remedy learnt 20 May 2026 → the cap 1 June 2026 is today: on time...
    ok(apply(rw, **{**over, "known_on": "2025-06-01", "act_date": "2025-05-30"}, remedy_known_on="2026-05-20"), 201)
    # ...known on 29 May 2025: the year ended on Friday 29 May 2026
    r = apply(rw, **{**over, "known_on": "2025-05-29", "act_date": "2025-05-28"}, remedy_known_on="2026-05-20")
    assert r.status_code == 400 and "一年" in r.json()["message"]


def test_bad_input_is_answered_by_field(rw):
    r = apply(rw, known_on="2026-06-02")  # after the day of application
    assert r.status_code == 400 and "known_on" in r.json()["fields"]
    r = apply(rw, act_date="2026-05-20")  # the act after the day the applicant knew of it
    assert r.status_code == 400 and "act_date" in r.json()["fields"]
    r = apply(rw, known_on="not a date")
    assert r.status_code == 400 and "known_on" in r.json()["fields"]
    r = apply(rw, request="", limit_exception="nonsense")
    assert r.status_code == 400 and {"request", "limit_exception"} <= set(r.json()["fields"])
    r = apply(rw, act_date="2005-01-01", known_on="2026-05-20")  # 第二十一条: more than twenty years
    assert r.status_code == 400 and "第二十一条" in r.json()["message"]
    assert not Case.objects.exists()


def test_anonymous_applications_are_refused(rw):
    r = post(client(), "/api/v1/requests", {"kind": "reconsideration", "fields": {}, "anonymous": True})
    assert r.status_code == 400 and "anonymous" in r.json()["fields"]
    assert not Case.objects.exists()


def test_the_limit_calculator(rw):
    r = client().get("/api/v1/reconsideration/limit?known_on=2026-09-01&received_on=2026-11-02")
    body = ok(r)
    assert body["due"] == "2026-11-02" and body["late"] is False and "第二十条" in body["legal_basis"]
    body = ok(client().get("/api/v1/reconsideration/limit?known_on=2026-08-31&received_on=2026-11-02"
                           "&act_date=2020-01-01"))
    assert body["late"] is True and body["beyond_outer"] is True and body["outer_due"] == "2025-01-02"
    assert client().get("/api/v1/reconsideration/limit?known_on=2026-12-01&received_on=2026-11-02").status_code == 400
    assert client().get("/api/v1/reconsideration/limit?known_on=garbage").status_code == 422


def test_the_public_form_offers_the_kind_without_the_staff_field(rw):
    page = client(rw.users["citizen"]).get("/requests/new/reconsideration/")
    html = page.content.decode()
    assert page.status_code == 200 and "f_known_on" in html and "f_linked_case_number" not in html
    assert "六十日" in html
    kinds = ok(client().get("/api/v1/requests/kinds"))
    kind = next(k for k in kinds if k["code"] == "reconsideration")
    assert "linked_case_number" not in {f["name"] for f in kind["fields"]}
    # the staff register a letter with the staff-only field
    staff = client(rw.users["clerk"]).get("/requests/staff/new/reconsideration/").content.decode()
    assert "f_linked_case_number" in staff
