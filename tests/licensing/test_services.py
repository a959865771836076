"""The licensing process through its services: clocks, corrections, deemed acceptance, extension, suspension."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from fazhi.core import clock as sysclock
from fazhi.licensing.services import Upload, application_resubmit, application_submit
from fazhi.process.models import Case, Clock
from fazhi.process.services import TransitionNotAllowed, case_fire, clocks_tick
from tests import factories as f

pytestmark = pytest.mark.django_db


def uploads(item):
    return [Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.name)) for m in item.materials.all() if m.required]


def submit(world, who="citizen"):
    case, code = application_submit(item=world.item, actor=world.users[who], fields=f.valid_fields(world.item),
                                    uploads=uploads(world.item), channel="online")
    return case, code


def fire(case, name, actor, day=None, comment="", **data):
    return case_fire(case_id=case.pk, transition=name, actor=actor, comment=comment, data=data, today=day)


def clock(case, name):
    return case.clocks.filter(name=name).order_by("-round").first()


def test_online_application_starts_the_intake_clock(world, today):
    case, code = submit(world)
    assert case.state == "submitted" and case.channel == "online" and case.received_on == today
    assert len(code) == 8
    intake = clock(case, "intake")
    # 2026-11-02 (Mon) + 5 working days = 2026-11-09 (Mon): the weekend of 7–8 November is skipped.
    assert intake.due == dt.date(2026, 11, 9)
    assert case.next_due == intake.due
    assert case.party_name == "林小民" and case.party_id_number == world.users["citizen"].id_number
    assert case.documents.count() == 0


def test_full_grant_path_issues_documents_with_gapless_numbers(world, today):
    case, _ = submit(world)
    u = world.users
    fire(case, "accept", u["clerk"])
    case.refresh_from_db()
    assert case.accepted_on == today
    assert clock(case, "intake").state == Clock.State.STOPPED and clock(case, "intake").on_time
    decision = clock(case, "decision")
    # 20 working days from 2026-11-02: 2026-11-30.
    assert decision.due == dt.date(2026, 11, 30)
    fire(case, "propose", u["handler"], comment="符合条件", opinion="grant")
    fire(case, "head_approve", u["head"])
    fire(case, "grant", u["director"], licence_scope="准予携带出境，有效期六个月。")
    case.refresh_from_db()
    assert case.state == "granted" and case.outcome == "granted" and case.published_on == today
    assert clock(case, "certificate").due == dt.date(2026, 11, 16)
    fire(case, "issue_certificate", u["handler"], certificate_number="黑档许证〔2026〕1号")
    case.refresh_from_db()
    assert case.state == "certified" and case.closed_on == today and case.next_due is None
    numbers = list(case.documents.values_list("number", flat=True))
    assert numbers == ["黑档许〔2026〕1号", "黑档许〔2026〕2号"]
    assert [d.kind for d in case.documents.all()] == ["acceptance", "grant"]


def test_roles_are_enforced(world, today):
    case, _ = submit(world)
    u = world.users
    for who in ("handler", "head", "director", "sysadmin", "auditor", "other_clerk", "city_clerk", "citizen2"):
        with pytest.raises(TransitionNotAllowed):
            fire(case, "accept", u[who])
    with pytest.raises(TransitionNotAllowed):
        fire(case, "grant", u["director"], licence_scope="x")  # wrong state
    with pytest.raises(TransitionNotAllowed):
        fire(case, "deemed_accept", u["clerk"])  # only the clock may fire it
    case.refresh_from_db()
    assert case.state == "submitted" and case.event_count == 1


def test_correction_lists_everything_and_restarts_the_clock(world, today):
    case, _ = submit(world)
    u = world.users
    with pytest.raises(ValidationError) as err:
        fire(case, "request_correction", u["clerk"])
    assert "missing_materials" in err.value.message_dict
    fire(case, "request_correction", u["clerk"], missing_materials="出境档案目录（缺页）\n申请书未签字")
    case.refresh_from_db()
    assert case.state == "correction_requested" and case.next_due is None
    ev = case.events.order_by("-seq").first()
    assert ev.data["missing_materials"] == ["出境档案目录（缺页）", "申请书未签字"]
    assert case.documents.get().kind == "correction"
    later = dt.date(2026, 11, 12)
    sysclock.set_today(later)
    with pytest.raises(ValidationError):
        application_resubmit(case=case, actor=u["citizen"], uploads=[])
    application_resubmit(case=case, actor=u["citizen"],
                         uploads=[Upload("catalogue", "目录.pdf", f.pdf_bytes("fixed"))])
    case.refresh_from_db()
    assert case.state == "submitted" and case.submitted_on == later and case.received_on == today
    rounds = list(case.clocks.filter(name="intake").order_by("round"))
    assert [c.round for c in rounds] == [1, 2]
    assert rounds[1].started_on == later and rounds[1].due == dt.date(2026, 11, 19)
    assert case.licensing.files.filter(round=2).count() == 1


def test_deemed_acceptance_by_the_clock_is_idempotent(world, today):
    case, _ = submit(world)
    assert clocks_tick(today=dt.date(2026, 11, 9)) == []  # the due day itself is still in time
    fired = clocks_tick(today=dt.date(2026, 11, 10))
    assert fired == [(case.number, "deemed_accept")]
    case.refresh_from_db()
    assert case.state == "under_review"
    assert case.accepted_on == today  # accepted as of the day the materials were received (art. 32)
    ev = case.events.order_by("-seq").first()
    assert ev.actor is None and ev.data["deemed"] is True
    assert case.documents.get().kind == "acceptance"
    assert clock(case, "decision").started_on == today
    assert clocks_tick(today=dt.date(2026, 11, 11)) == []
    call_command("clocks", "tick", "--today", "2026-11-12")
    assert case.events.count() == 2  # open + deemed_accept: the later ticks fired nothing


def test_suspension_is_not_counted_and_extension_adds_ten_days(world, today):
    case, _ = submit(world)
    u = world.users
    fire(case, "accept", u["clerk"])
    due = clock(case, "decision").due
    fire(case, "suspend", u["handler"], dt.date(2026, 11, 4), comment="申请人要求听证", pause_reason="听证")
    case.refresh_from_db()
    assert case.state == "suspended" and clock(case, "decision").due is None and case.next_due is None
    fire(case, "resume", u["handler"], dt.date(2026, 11, 11))
    # 5 working days (5–11 Nov) were not counted.
    assert clock(case, "decision").due == dt.date(2026, 12, 7)
    assert due == dt.date(2026, 11, 30)
    with pytest.raises(ValidationError):
        fire(case, "extend", u["director"])  # a reason is required
    fire(case, "extend", u["director"], comment="需要组织专家论证")
    c = clock(case, "decision")
    assert c.extension_days == 10 and c.due == dt.date(2026, 12, 21)
    assert c.extensions.get().approver == u["director"]
    case.refresh_from_db()
    assert case.state == "under_review"
    assert case.documents.filter(kind="extension").count() == 1
    with pytest.raises(TransitionNotAllowed):
        fire(case, "extend", u["director"], comment="再延长")  # art. 42: at most ten days


def test_withdrawal_by_the_applicant_only(world, today):
    case, _ = submit(world)
    with pytest.raises(TransitionNotAllowed):
        fire(case, "withdraw", world.users["citizen2"])
    fire(case, "withdraw", world.users["citizen"], comment="不再需要")
    case.refresh_from_db()
    assert case.state == "withdrawn" and case.outcome == "withdrawn" and case.next_due is None


def test_online_application_validates_and_keeps_nothing_on_error(world, today):
    u = world.users
    bad = [Upload("application", "申请书.pdf", b"MZ\x90\x00 not a pdf")]
    with pytest.raises(ValidationError) as err:
        application_submit(item=world.item, actor=u["citizen"], fields={}, uploads=bad, channel="online")
    msgs = err.value.message_dict
    assert "archives" in msgs  # required field
    assert any("不支持" in m or "不符" in m for m in msgs["material_application"])
    assert "material_catalogue" in msgs  # required material missing
    with pytest.raises(ValidationError):
        application_submit(item=world.item, actor=u["citizen"], fields=f.valid_fields(world.item),
                           uploads=uploads(world.item), channel="counter")
    assert Case.objects.count() == 0


def test_counter_intake_records_the_real_receipt_date(world, today):
    u = world.users
    party = {"kind": "legal_person", "name": "某文化公司", "id_number": u["company"].uscc}
    received = dt.date(2026, 10, 30)
    case, _ = application_submit(item=world.item, actor=u["clerk"], fields=f.valid_fields(world.item), uploads=[],
                                 channel="counter", received_on=received, party=party)
    assert case.channel == "counter" and case.received_on == received and case.applicant is None
    assert clock(case, "intake").started_on == received
    # Errors: a date in the future, a bad USCC, a clerk of another agency.
    with pytest.raises(ValidationError):
        application_submit(item=world.item, actor=u["clerk"], fields=f.valid_fields(world.item), uploads=[],
                           channel="counter", received_on=today + dt.timedelta(days=1), party=party)
    with pytest.raises(ValidationError) as err:
        application_submit(item=world.item, actor=u["clerk"], fields=f.valid_fields(world.item), uploads=[],
                           channel="counter", received_on=received, party={**party, "id_number": "91230100MA00000000"})
    assert "party_id_number" in err.value.message_dict
    with pytest.raises(ValidationError):
        application_submit(item=world.item, actor=u["other_clerk"], fields=f.valid_fields(world.item), uploads=[],
                           channel="counter", received_on=received, party=party)
    assert Case.objects.count() == 1


def test_provisional_due_dates_are_recomputed_when_the_year_is_loaded(world):
    from fazhi.workdays.calendar import calendar_load_year

    sysclock.set_today(dt.date(2026, 12, 28))
    case, _ = submit(world)
    u = world.users
    fire(case, "accept", u["clerk"])
    decision = clock(case, "decision")
    assert decision.provisional is True  # reaches 2027, whose calendar is not loaded
    provisional_due = decision.due
    calendar_load_year(year=2027, holidays=[(dt.date(2027, 1, 1), "元旦"), (dt.date(2027, 1, 4), "元旦")],
                       workdays=[], actor=u["sysadmin"])
    decision.refresh_from_db()
    assert decision.provisional is False
    assert decision.due == provisional_due + dt.timedelta(days=1) or decision.due > provisional_due
    case.refresh_from_db()
    assert case.next_due == decision.due
