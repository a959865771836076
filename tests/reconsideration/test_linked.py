"""The agency's two roles: the organ's case and the respondent's case (被申请人) when the respondent is an agency of this
system (linked both ways), the respondent's case registered by hand for an outside organ, and the link to the
challenged penalty or licensing decision by its 文号."""

from __future__ import annotations

from fazhi.licensing.services import Upload, application_submit
from fazhi.process.models import Case, Clock
from fazhi.process.services import case_fire, clocks_tick
from fazhi.reconsideration.models import Competence, Reconsideration
from tests import factories as f
from tests.reconsideration.conftest import (
    PROPOSAL,
    D,
    accepted,
    apply,
    client,
    clock,
    fire,
    ok,
    post,
    state,
)


def _respondent_case(case_id: int) -> Case:
    rec = Reconsideration.objects.get(case_id=case_id)
    assert rec.counterpart_id is not None
    return rec.counterpart.case


def test_sending_the_copy_opens_the_respondents_case_and_the_steps_pass_across(rw):
    case_id = accepted(rw)
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 4), copy_received_on="2026-06-04", method="system"))
    rcase = _respondent_case(case_id)
    assert rcase.agency == rw.city and rcase.kind == "reconsideration_respondent" and rcase.state == "answer_due"
    assert rcase.number.startswith("HARBIN-FYDF2026-") and rcase.received_on == D(2026, 6, 4)
    assert rcase.reconsideration.counterpart.case_id == case_id
    answer = rcase.clocks.get(name="answer")
    assert answer.budget == 10 and answer.due == D(2026, 6, 18) == clock(case_id, "answer").due
    # the province's staff do not see Harbin's case, and Harbin's staff do not see the province's
    assert client(rw.users["legal"]).get(f"/cases/{rcase.pk}/").status_code == 404
    assert client(rw.users["city_legal"]).get(f"/cases/{case_id}/").status_code == 404
    page = client(rw.users["city_legal"]).get(f"/cases/{rcase.pk}/").content.decode()
    assert "行政复议答复" in page and 'data-transition="submit_answer"' in page
    # Harbin answers on the platform: the organ's case moves to review with the answer
    r = fire(rw, rcase.pk, "submit_answer", "city_legal", D(2026, 6, 10), answer="认定事实清楚，程序合法。",
             evidence=["现场检查笔录", "询问笔录"])
    ok(r)
    rcase.refresh_from_db()
    assert rcase.state == "answered" and rcase.documents.get(kind="answer").number == "哈档复答〔2026〕1号"
    assert state(case_id) == "review" and clock(case_id, "answer").state == Clock.State.STOPPED
    rec = Reconsideration.objects.get(case_id=case_id)
    assert rec.answer_received_on == D(2026, 6, 10) and rec.answer_evidence == ["现场检查笔录", "询问笔录"]
    # decision with a period to perform: served on the organ's side, received on Harbin's
    ok(fire(rw, case_id, "record_opinions", "legal", D(2026, 6, 11), mode="online", heard_on="2026-06-11",
            summary="网上听取。"))
    ok(fire(rw, case_id, "propose_decision", "legal", D(2026, 6, 12),
            **{**PROPOSAL, "decision_type": "order_perform", "content": "依法答复申请人的查阅申请。", "perform_days": 20}))
    ok(fire(rw, case_id, "decide", "director", D(2026, 6, 15), approval="head"))
    ok(fire(rw, case_id, "serve", "legal", D(2026, 6, 16), served_on="2026-06-16"))
    rcase.refresh_from_db()
    assert rcase.state == "performing" and rcase.reconsideration.decision_type == "order_perform"
    assert rcase.reconsideration.decision_number == "黑档复〔2026〕3号"
    assert rcase.clocks.get(name="performance").due == D(2026, 7, 6) == clock(case_id, "performance").due
    # Harbin reports performance: both cases close
    ok(fire(rw, rcase.pk, "record_performance", "city_legal", D(2026, 7, 1), performed_on="2026-07-01",
            note="已依法答复。"))
    rcase.refresh_from_db()
    assert rcase.state == "closed" and state(case_id) == "closed"
    assert Reconsideration.objects.get(case_id=case_id).performed_on == D(2026, 7, 1)


def test_a_paper_answer_recorded_by_the_organ_closes_the_respondents_answer_clock(rw):
    case_id = accepted(rw)
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 5), copy_received_on="2026-06-05", method="post"))
    ok(fire(rw, case_id, "record_answer", "legal", D(2026, 6, 12), received_on="2026-06-12", summary="书面答复。"))
    rcase = _respondent_case(case_id)
    assert rcase.state == "answered" and rcase.clocks.get(name="answer").state == Clock.State.STOPPED


def test_withdrawal_ends_the_respondents_case(rw):
    case_id = accepted(rw)
    ok(fire(rw, case_id, "send_copy", "legal", D(2026, 6, 4), copy_received_on="2026-06-04", method="system"))
    ok(fire(rw, case_id, "withdraw", "legal", D(2026, 6, 8), reason="settlement", requested_on="2026-06-08"))
    rcase = _respondent_case(case_id)
    assert rcase.state == "ended" and rcase.outcome == "withdrawn"


def test_respondent_case_registered_by_hand_for_the_provincial_government(rw):
    c = client(rw.users["legal"])
    payload = {"organ_name": "黑龙江省人民政府", "copy_received_on": "2026-06-01", "act_title": "行政处罚决定",
               "act_number": "黑档罚〔2026〕3号", "party_name": "示例文化有限公司", "party_kind": "legal_person",
               "procedure": "simple", "channel": "post"}
    body = ok(post(c, "/api/v1/reconsideration/respondent-cases", payload), 201)
    case = Case.objects.get(pk=body["id"])
    assert case.state == "answer_due" and case.agency == rw.agency and case.number.startswith("HLJ-FYDF2026-")
    # simple procedure: five working days (第五十四条)
    assert case.clocks.get(name="answer").budget == 5 and case.clocks.get(name="answer").due == D(2026, 6, 8)
    clocks_tick(today=D(2026, 6, 9))
    case.refresh_from_db()
    assert case.state == "answer_overdue"
    ok(fire(rw, case.pk, "submit_answer", "handler", D(2026, 6, 9), answer="迟交的答复。", evidence=["决定书"]))
    # 第五十一条: the respondent's head attends the hearing (or a delegate, with the reason)
    ok(fire(rw, case.pk, "attend_hearing", "director", D(2026, 7, 1), hearing_date="2026-07-01", attendee="局长"))
    # a decision ordering a new act cannot be filed as "nothing to perform"
    decision = {"decision_type": "revoke_redo", "decision_number": "黑政复决〔2026〕12号",
                "decision_received_on": "2026-07-20", "decision_content": "撤销并责令重新作出。"}
    r = fire(rw, case.pk, "decision_close", "handler", D(2026, 7, 21), **decision)
    assert r.status_code == 409
    r = fire(rw, case.pk, "decision_perform", "handler", D(2026, 7, 21), **decision)
    assert r.status_code == 400 and "perform_days" in r.json()["fields"]
    ok(fire(rw, case.pk, "decision_perform", "handler", D(2026, 7, 21), perform_days=30, **decision))
    case.refresh_from_db()
    assert case.state == "performing" and case.clocks.get(name="performance").due == D(2026, 8, 19)
    clocks_tick(today=D(2026, 8, 20))
    case.refresh_from_db()
    assert case.state == "performance_overdue"
    ok(fire(rw, case.pk, "record_performance", "handler", D(2026, 8, 21), performed_on="2026-08-21",
            note="已重新作出处罚决定。"))
    case.refresh_from_db()
    assert case.state == "closed"


def test_respondent_registration_bad_input_and_permissions(rw):
    good = {"organ_name": "黑龙江省人民政府", "copy_received_on": "2026-06-01", "act_title": "行政处罚决定",
            "party_name": "某公司"}
    r = post(client(rw.users["legal"]), "/api/v1/reconsideration/respondent-cases",
             {**good, "party_name": "", "copy_received_on": "2026-06-02", "procedure": "fast"})
    assert r.status_code == 400 and {"party_name", "copy_received_on", "procedure"} <= set(r.json()["fields"])
    r = post(client(rw.users["legal"]), "/api/v1/reconsideration/respondent-cases", {**good, "copy_received_on": "x"})
    assert r.status_code == 422
    assert post(client(), "/api/v1/reconsideration/respondent-cases", good).status_code == 401
    assert post(client(rw.users["citizen"]), "/api/v1/reconsideration/respondent-cases", good).status_code == 403
    assert post(client(rw.users["clerk"]), "/api/v1/reconsideration/respondent-cases", good).status_code == 403
    assert post(client(rw.users["sysadmin"]), "/api/v1/reconsideration/respondent-cases", good).status_code == 403
    assert not Case.objects.exists()
    # the page
    page = client(rw.users["legal"]).get("/reconsideration/respondent/new/")
    assert page.status_code == 200
    r = client(rw.users["legal"]).post("/reconsideration/respondent/new/", {
        "organ_name": "黑龙江省人民政府", "copy_received_on": "2026-13-01", "act_title": "", "party_name": "",
        "procedure": "ordinary", "channel": "post"})
    assert r.status_code == 400 and "日期格式" in r.content.decode()
    r = client(rw.users["legal"]).post("/reconsideration/respondent/new/", {
        "organ_name": "黑龙江省人民政府", "copy_received_on": "2026-06-01", "act_title": "行政处罚决定",
        "party_name": "某公司", "party_kind": "legal_person", "procedure": "ordinary", "channel": "post"})
    case = Case.objects.get(kind="reconsideration_respondent")
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    assert client(rw.users["clerk"]).get("/reconsideration/respondent/new/").status_code == 404
    assert client(rw.users["citizen"]).get("/reconsideration/respondent/new/").status_code == 404


def _denied_licence(rw):
    item = rw.item
    uploads = [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.name)) for m in item.materials.all() if m.required]
    case, _code = application_submit(item=item, actor=rw.users["citizen"], fields=f.valid_fields(item), uploads=uploads,
                                     channel="online")
    u = rw.users
    case_fire(case_id=case.pk, transition="accept", actor=u["clerk"])
    case_fire(case_id=case.pk, transition="propose", actor=u["handler"], comment="不符合条件。", data={"opinion": "deny"})
    case_fire(case_id=case.pk, transition="head_approve", actor=u["head"])
    case_fire(case_id=case.pk, transition="deny", actor=u["director"],
              data={"reasons": "不符合法定条件。", "legal_basis": "《中华人民共和国档案法》"})
    return case, case.documents.get(kind="denial")


def test_the_challenged_licensing_decision_is_linked_by_its_number_both_ways(rw):
    licence, denial = _denied_licence(rw)
    body = ok(apply(rw, day=D(2026, 6, 1), respondent=rw.agency.name, act_title="不予行政许可决定",
                    act_number=denial.number.replace("〔", "[").replace("〕", "]"), act_date="2026-06-01",
                    known_on="2026-06-01"), 201)
    rec = Reconsideration.objects.get(case_id=body["id"])
    assert rec.challenged_case == licence and rec.respondent_agency == rw.agency and rec.act_number == denial.number
    legal = client(rw.users["legal"])
    page = legal.get(f"/cases/{body['id']}/").content.decode()
    assert f'href="/cases/{licence.pk}/"' in page and "不在本机关已配置的管辖范围内" in page
    Competence.objects.create(agency=rw.agency, scope="own", legal_basis="《中华人民共和国行政复议法》第二十五条（示例）")
    assert "第二十五条（示例）" in legal.get(f"/cases/{body['id']}/").content.decode()
    back = legal.get(f"/cases/{licence.pk}/").content.decode()
    assert "本案决定已被申请行政复议" in back and rec.case.number in back
    # the applicant's own licensing page does not show the staff's back link
    assert "本案决定已被申请行政复议" not in client(rw.users["citizen"]).get(f"/cases/{licence.pk}/").content.decode()
    # the respondent is the agency itself: no second case is opened when the copy is sent
    ok(fire(rw, body["id"], "accept", "legal", D(2026, 6, 2), procedure="ordinary", major="no"))
    ok(fire(rw, body["id"], "send_copy", "legal", D(2026, 6, 2), copy_received_on="2026-06-02", method="direct"))
    assert Reconsideration.objects.get(case_id=body["id"]).counterpart_id is None
    assert not Case.objects.filter(kind="reconsideration_respondent").exists()
