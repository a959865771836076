"""Penalty cases through the services and the process runtime: certificates, the discretion standard, legal
review, the hearing path, the clocks, the decision's art. 59 elements and the late-payment surcharge."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError

from fazhi.core import clock as sysclock
from fazhi.enforcement.models import PenaltyCase
from fazhi.enforcement.services import evidence_add, penalty_register, penalty_summary, surcharge_for
from fazhi.process.models import Case, Clock
from fazhi.process.services import TransitionNotAllowed, case_fire, clocks_tick
from fazhi.workdays.calendar import compute_deadline

SERVICE_VIOLATION = "da48-2-service"  # 档案法第四十九条第二款: 档案服务企业, 警告 + 2万–20万


def _register(pw, **kw):
    return penalty_register(actor=pw.users["officer1"], source="own", source_detail="巡查发现擅自复制国有档案",
                            party=pw.party, party_type=kw.pop("party_type", "archives_service_enterprise"), **kw)


def _fire(case, name, user, pw, comment="", **data):
    return case_fire(case_id=case.pk, transition=name, actor=pw.users[user], comment=comment, data=data)


def _filed(pw):
    case = _register(pw)
    return _fire(case, "file_case", "director", pw, comment="同意立案", investigators=["黑档执-0001", "黑档执-0002"],
                 party_type="archives_service_enterprise")


def _evidence(case, pw, officers=("黑档执-0001", "黑档执-0002")):
    return evidence_add(case_id=case.pk, actor=pw.users["officer1"], kind="inquiry", title="对法定代表人的询问",
                        recorded_on=sysclock.today(), place="本机关询问室", content="问：是否复制了档案？\n答：是。",
                        officers=list(officers))


def _concluded(pw, fine="80000", **extra):
    case = _filed(pw)
    _evidence(case, pw)
    data = {"violation": SERVICE_VIOLATION, "violation_date": "2026-10-20",
            "facts": "当事人在档案数字化服务过程中擅自复制属于国家所有的档案120件。", "kinds": ["警告", "罚款"],
            "fine": fine, "serious": "no", **extra}
    return _fire(case, "conclude_investigation", "officer1", pw, **data)


def test_filing_needs_two_certified_officers(pw):
    case = _register(pw)
    assert case.state == "registered" and case.penalty.source == "own"
    filing = case.clocks.get(name="filing")
    assert filing.due == compute_deadline(case.received_on, 15, "workday").due
    with pytest.raises(ValidationError) as e:
        _fire(case, "file_case", "director", pw, comment="同意", investigators=["黑档执-0001", "黑档执-0003"],
              party_type="archives_service_enterprise")
    text = "".join(e.value.messages)
    assert "孙过期" in text and "过期" in text and "第四十二条" in text
    case.refresh_from_db()
    assert case.state == "registered" and case.events.count() == 1  # nothing changed
    with pytest.raises(TransitionNotAllowed):  # only the agency's head files a case
        _fire(case, "file_case", "officer1", pw, comment="同意", investigators=["黑档执-0001", "黑档执-0002"],
                 party_type="archives_service_enterprise")
    case = _fire(case, "file_case", "director", pw, comment="同意立案", investigators=["黑档执-0001", "黑档执-0002"],
                 party_type="archives_service_enterprise")
    assert case.state == "investigating" and case.accepted_on == sysclock.today()
    assert case.documents.get(kind="filing_approval").number == "黑档罚〔2026〕1号"


def test_decision_clock_is_90_calendar_days_with_logged_extensions(pw):
    case = _filed(pw)
    clk = case.clocks.get(name="decision")
    assert clk.unit == "calendar" and clk.budget == 90
    assert clk.due == compute_deadline(sysclock.today(), 90, "calendar").due
    with pytest.raises(ValidationError):  # an extension needs its reason
        _fire(case, "extend_decision", "director", pw)
    with pytest.raises(TransitionNotAllowed):  # and the head's approval
        _fire(case, "extend_decision", "officer1", pw, comment="案情复杂")
    _fire(case, "extend_decision", "director", pw, comment="需委托鉴定，案情复杂")
    clk.refresh_from_db()
    assert clk.extension_days == 30
    assert clk.due == compute_deadline(sysclock.today(), 120, "calendar").due
    ext = clk.extensions.get()
    assert ext.approver == pw.users["director"] and "鉴定" in ext.reason


def test_expired_certificate_cannot_sign_a_record(pw):
    case = _filed(pw)
    with pytest.raises(ValidationError) as e:
        _evidence(case, pw, officers=("黑档执-0001", "黑档执-0003"))
    assert "孙过期" in "".join(e.value.messages)
    assert not case.penalty.evidence.exists()
    ev = _evidence(case, pw)
    assert ev.officers == ["黑档执-0001", "黑档执-0002"]
    event = case.events.get(transition="record_evidence")
    assert event.data["evidence_id"] == ev.pk and event.data["sha256"] == ev.sha256


def test_certificate_expiring_during_the_case_blocks_the_team(pw):
    case = _filed(pw)
    _evidence(case, pw)
    o2 = pw.officers[1]
    o2.valid_until = dt.date(2026, 11, 3)
    o2.save()
    sysclock.set_today(dt.date(2026, 11, 5))
    with pytest.raises(TransitionNotAllowed) as e:
        _fire(case, "conclude_investigation", "officer1", pw, violation=SERVICE_VIOLATION, violation_date="2026-10-20",
              facts="事实", kinds=["警告", "罚款"], fine="80000", serious="no")
    assert "钱执法" in str(e.value)


def test_outside_the_range_needs_a_reason_and_legal_review(pw):
    with pytest.raises(ValidationError) as e:
        _concluded(pw, fine="40000")  # below the standard's 一般 range (56,000–110,000) with no reason
    assert "outside_reason" in e.value.message_dict or "fine" in e.value.message_dict
    case = Case.objects.get(kind="penalty")
    assert case.state == "investigating" and case.penalty.recommendation == {}


def test_outside_range_with_reason_makes_it_major(pw):
    case = _concluded(pw, fine="40000", outside_reason="当事人主动消除危害后果并积极配合，依法减轻处罚")
    penalty = case.penalty
    assert any("裁量基准" in r for r in penalty.major_reasons)
    _fire(case, "notify", "officer1", pw)
    _fire(case, "waive", "officer1", pw, comment="当事人书面表示放弃陈述申辩")
    case.refresh_from_db()
    assert case.state == "pending_review"
    with pytest.raises(TransitionNotAllowed) as e:
        _fire(case, "no_review_needed", "head", pw)
    assert "第五十八条" in str(e.value)


def test_major_case_cannot_be_decided_without_legal_review(pw):
    case = _concluded(pw, fine="150000", circumstances=["repeat-offence"])  # ≥ 100,000: 较大数额
    assert case.penalty.major_reasons
    _fire(case, "notify", "officer1", pw)
    # the statement period runs out by itself (5 working days, art. 64 / 85)
    due = case.clocks.get(name="statement").due
    sysclock.set_today(due + dt.timedelta(days=1))
    clocks_tick()
    case.refresh_from_db()
    assert case.state == "pending_review"
    with pytest.raises(TransitionNotAllowed):
        _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine="150000", publish="yes")
    with pytest.raises(TransitionNotAllowed):
        _fire(case, "no_review_needed", "head", pw)
    with pytest.raises(TransitionNotAllowed):  # only the legal division reviews
        _fire(case, "legal_review_pass", "head", pw, comment="同意")
    _fire(case, "legal_review_pass", "legal", pw, comment="事实清楚，证据确凿，适用依据正确，程序合法，处罚适当")
    case = _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine="150000", publish="yes")
    assert case.state == "decided" and case.penalty.fine == Decimal("150000.00")


def test_non_major_case_goes_straight_to_the_head(pw):
    case = _concluded(pw, fine="80000")
    assert case.penalty.major_reasons == []
    _fire(case, "notify", "officer1", pw)
    _fire(case, "waive", "officer1", pw, comment="放弃")
    _fire(case, "no_review_needed", "head", pw)
    with pytest.raises(ValidationError) as e:  # heavier than the notice: refused (arts. 44, 45)
        _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine="90000", publish="no")
    assert "重新告知" in "".join(e.value.messages)
    case = _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine="80000", publish="no")
    assert case.state == "decided" and case.published_on is None


def test_hearing_path(pw):
    case = _concluded(pw, fine="150000", circumstances=["repeat-offence"])
    _fire(case, "notify", "officer1", pw)
    _fire(case, "request_hearing", "officer1", pw, requested_on="2026-11-03")
    too_soon = compute_deadline(sysclock.today(), 7, "workday").due - dt.timedelta(days=1)
    with pytest.raises(TransitionNotAllowed) as e:
        _fire(case, "schedule_hearing", "head", pw, hearing_date=too_soon.isoformat(), hearing_place="第一会议室",
              presiding="李法制")
    assert "七个工作日" in str(e.value)
    day = compute_deadline(sysclock.today(), 7, "workday").due
    with pytest.raises(TransitionNotAllowed):  # an investigator cannot preside
        _fire(case, "schedule_hearing", "head", pw, hearing_date=day.isoformat(), hearing_place="第一会议室",
              presiding="赵执法")
    case = _fire(case, "schedule_hearing", "head", pw, hearing_date=day.isoformat(), hearing_place="第一会议室",
                 presiding="李法制")
    assert case.documents.filter(kind="hearing_notice").exists()
    with pytest.raises(TransitionNotAllowed):  # not before the day
        _fire(case, "hold_hearing", "head", pw, comment="举行", hearing_record="当事人陈述")
    sysclock.set_today(day)
    case = _fire(case, "hold_hearing", "head", pw, comment="听证已举行", hearing_record="当事人承认事实，请求从轻")
    assert case.state == "pending_review" and case.penalty.hearing_held
    assert any("听证" in r for r in case.penalty.major_reasons)


def test_hearing_only_where_art_63_applies(pw):
    case = _concluded(pw, fine="60000")
    _fire(case, "notify", "officer1", pw)
    with pytest.raises(TransitionNotAllowed) as e:
        _fire(case, "request_hearing", "officer1", pw, requested_on="2026-11-03")
    assert "第六十三条" in str(e.value)


def test_serious_case_needs_collective_discussion(pw):
    case = _concluded(pw, fine="80000", serious="yes")
    _fire(case, "notify", "officer1", pw)
    _fire(case, "waive", "officer1", pw, comment="放弃")
    _fire(case, "legal_review_pass", "legal", pw, comment="同意")
    with pytest.raises(TransitionNotAllowed) as e:
        _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine="80000", publish="yes")
    assert "集体讨论" in str(e.value)
    _fire(case, "collective_discussion", "director", pw, comment="局长办公会", meeting_date="2026-11-02",
          attendees=["局长", "副局长甲", "副局长乙"], conclusion="同意按拟处罚意见作出决定")
    case = _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine="80000", publish="yes")
    assert case.state == "decided"


def _decided(pw, fine="80000", publish="yes"):
    case = _concluded(pw, fine=fine)
    _fire(case, "notify", "officer1", pw)
    _fire(case, "waive", "officer1", pw, comment="放弃")
    _fire(case, "no_review_needed", "head", pw)
    return _fire(case, "decide", "director", pw, kinds=["警告", "罚款"], fine=fine, publish=publish)


def test_decision_document_has_every_element_of_art_59(pw):
    case = _decided(pw)
    doc = case.documents.get(kind="decision")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc.file.read())).paragraphs)
    party = pw.party
    # (一) party name and address
    assert party["name"] in text and party["address"] in text and party["id_number"] in text
    # (二) facts and evidence
    assert "擅自复制属于国家所有的档案120件" in text and "对法定代表人的询问" in text
    # (三) kind and basis
    assert "警告" in text and "罚款80,000元" in text
    assert "《中华人民共和国档案法》第四十八条第二项" in text and "第四十九条第二款" in text
    # (四) how and by when
    assert "十五日内" in text and "百分之三" in text
    # (五) remedies: reconsideration 60 days, suit 6 months
    assert "六十日内" in text and "行政复议" in text and "六个月内" in text and "行政诉讼" in text
    # (六) the agency and the date
    assert "黑龙江省档案局" in text and "2026年11月2日" in text
    assert doc.number.startswith("黑档罚〔2026〕")


def test_service_payment_and_the_late_surcharge(pw):
    case = _decided(pw)
    assert case.clocks.get(name="service").unit == "workday"
    case = _fire(case, "serve", "officer1", pw, served_on="2026-11-02", method="直接送达", recipient="法定代表人王某")
    assert case.state == "executing"
    penalty = PenaltyCase.objects.get(case=case)
    assert penalty.payment_due == compute_deadline(dt.date(2026, 11, 2), 15, "calendar").due
    assert case.clocks.get(name="payment").due == penalty.payment_due
    assert case.documents.filter(kind="service_receipt").exists()
    # the payment period runs out: the case becomes overdue by itself
    sysclock.set_today(penalty.payment_due + dt.timedelta(days=1))
    clocks_tick()
    case.refresh_from_db()
    assert case.state == "overdue"
    paid_on = penalty.payment_due + dt.timedelta(days=10)
    sysclock.set_today(paid_on)
    with pytest.raises(ValidationError) as e:
        _fire(case, "record_payment", "officer1", pw, paid_on=paid_on.isoformat(), amount="50000")
    assert "104000" in "".join(e.value.messages).replace(",", "")  # 80,000 + 3% × 10 days = 24,000
    case = _fire(case, "record_payment", "officer1", pw, paid_on=paid_on.isoformat(), amount="104000")
    penalty.refresh_from_db()
    assert case.state == "closed" and penalty.surcharge == Decimal("24000.00")


def test_surcharge_arithmetic():
    fine = Decimal("1000")
    due = dt.date(2026, 3, 1)
    assert surcharge_for(fine, due, due) == 0
    assert surcharge_for(fine, due, due - dt.timedelta(days=3)) == 0
    assert surcharge_for(fine, due, due + dt.timedelta(days=1)) == Decimal("30.00")
    assert surcharge_for(fine, due, due + dt.timedelta(days=33)) == Decimal("990.00")
    assert surcharge_for(fine, due, due + dt.timedelta(days=34)) == Decimal("1000")  # capped at the fine
    assert surcharge_for(fine, due, due + dt.timedelta(days=400)) == Decimal("1000")
    assert surcharge_for(Decimal("333.33"), due, due + dt.timedelta(days=1)) == Decimal("10.00")


def test_annulment_withdraws_the_publication(pw):
    from fazhi.enforcement.selectors import published_decisions

    case = _decided(pw, publish="yes")
    assert [d["number"] for d in published_decisions()] == [case.number]
    _fire(case, "annul", "director", pw, comment="复议机关撤销", by="黑龙江省人民政府 黑政复决〔2026〕9号")
    assert published_decisions() == []
    assert PenaltyCase.objects.get(case=case).publication_withdrawn_on == sysclock.today()


def test_warning_only_decision_is_executed_by_service(pw):
    case = _concluded(pw, fine="80000")
    _fire(case, "notify", "officer1", pw)
    _fire(case, "waive", "officer1", pw, comment="放弃")
    _fire(case, "no_review_needed", "head", pw)
    with pytest.raises(ValidationError):  # warning alone is outside the standard (警告并处罚款) and unreviewed
        _fire(case, "decide", "director", pw, kinds=["警告"], publish="no")


def test_summary_procedure_limits(pw):
    person = {"name": "王某某", "id_number": "11010519491231002X", "address": "哈尔滨市道里区某街2号"}
    with pytest.raises(ValidationError) as e:
        penalty_summary(actor=pw.users["officer1"], party=person, party_type="individual",
                        officers=["黑档执-0001", "黑档执-0002"], violation="da48-2-use", violation_date="2026-11-02",
                        facts="当场发现擅自抄录", kind="罚款", fine="500")
    assert "第五十一条" in "".join(e.value.messages)
    assert not Case.objects.filter(kind="penalty").exists()  # nothing left behind
    with pytest.raises(ValidationError):  # one officer is not enough
        penalty_summary(actor=pw.users["officer1"], party=person, party_type="individual",
                        officers=["黑档执-0001"], violation="da48-2-use", violation_date="2026-11-02",
                        facts="当场发现擅自抄录", kind="罚款", fine="100")
    assert not Case.objects.filter(kind="penalty").exists()


def test_bad_party_is_refused_and_nothing_saved(pw):
    with pytest.raises(ValidationError) as e:
        penalty_register(actor=pw.users["officer1"], source="own", source_detail="线索",
                         party={**pw.party, "id_number": "91230102MA1BCDEF01", "address": ""},
                         party_type="archives_service_enterprise")
    assert {"party_id_number", "party_address"} <= set(e.value.message_dict)
    assert not Case.objects.exists()


def test_clock_states_after_decision(pw):
    case = _decided(pw)
    assert case.clocks.get(name="decision").state == Clock.State.STOPPED


def _local_standard(agency_code: str):
    """A local standard of the agency whose individual fines fit the summary procedure (a test fixture, not law)."""
    import copy
    import json
    from pathlib import Path

    import fazhi.discretion
    from fazhi.discretion.loader import standard_load

    seed_file = Path(fazhi.discretion.__file__).parent / "data" / "archives-law-2021.json"
    seed = json.loads(seed_file.read_text(encoding="utf-8"))
    data = copy.deepcopy(seed)
    data["version"].update({"code": "test-local-2026", "agency": agency_code, "effective_from": "2026-01-01",
                            "title": "测试用本地基准"})
    rule = next(r for r in data["rules"] if r["code"] == "da49-1-2")
    rule["statutory_fines"]["individual"] = ["50", "200"]
    for g in rule["grades"]:
        g["fines"]["individual"] = ["50", "200"]
    data["rules"] = [rule]
    standard_load(data=data)


def test_summary_procedure_decides_on_the_spot(pw):
    _local_standard(pw.agency.code)
    person = {"name": "王某某", "id_number": "11010519491231002X", "address": "哈尔滨市道里区某街2号"}
    case = penalty_summary(actor=pw.users["officer1"], party=person, party_type="individual",
                           officers=["黑档执-0001", "黑档执-0002"], violation="da48-2-use",
                           violation_date="2026-11-02", facts="在阅览室擅自抄录国有档案", kind="警告、罚款", fine="100")
    assert case.state == "decided" and case.penalty.procedure == "summary"
    assert case.penalty.fine == Decimal("100.00") and case.penalty.decided_kinds == ["警告", "罚款"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(case.documents.get(kind="decision").file.read())).paragraphs)
    assert "王某某" in text and "罚款100元" in text and "六十日内" in text
    assert not case.clocks.filter(name="decision").exists()
    case = _fire(case, "serve", "officer1", pw, served_on="2026-11-02", method="直接送达", recipient="王某某")
    assert case.state == "executing"


def test_violation_not_discovered_within_two_years_is_not_penalised(pw):
    case = _filed(pw)
    _evidence(case, pw)
    with pytest.raises(ValidationError) as e:  # registered 2026-11-02; committed 2024-10-31: more than two years
        _fire(case, "conclude_investigation", "officer1", pw, violation=SERVICE_VIOLATION, violation_date="2024-10-31",
              facts="事实", kinds=["警告", "罚款"], fine="80000", serious="no")
    assert "第三十六条" in "".join(e.value.messages)
    case = _fire(case, "conclude_investigation", "officer1", pw, violation=SERVICE_VIOLATION,
                 violation_date="2024-11-02", facts="事实", kinds=["警告", "罚款"], fine="80000", serious="no")
    assert case.state == "investigated"  # exactly two years: still within the period
