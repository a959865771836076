"""`fazhi audit verify` finds edited, inserted and deleted events in the per-case hash chains."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from fazhi.licensing.services import Upload, application_submit
from fazhi.process.models import CaseEvent
from fazhi.process.services import case_fire
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, today):
    it = world.item
    ups = [Upload(m.code, "x.pdf", f.pdf_bytes()) for m in it.materials.all() if m.required]
    c, _ = application_submit(item=it, actor=world.users["citizen"], fields=f.valid_fields(it), uploads=ups,
                              channel="online")
    case_fire(case_id=c.pk, transition="accept", actor=world.users["clerk"])
    case_fire(case_id=c.pk, transition="propose", actor=world.users["handler"], comment="ok", data={"opinion": "grant"})
    case_fire(case_id=c.pk, transition="head_return", actor=world.users["head"], comment="补充说明")
    return c


def verify(capsys):
    try:
        call_command("audit", "verify")
    except CommandError as e:
        return False, capsys.readouterr().err + str(e)
    return True, capsys.readouterr().out


def test_intact_chain_verifies(case, capsys):
    ok, out = verify(capsys)
    assert ok and "1 个办件" in out
    events = list(CaseEvent.objects.filter(case=case).order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == "" and events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash


def test_events_cannot_be_changed_through_the_orm(case):
    ev = CaseEvent.objects.filter(case=case).first()
    ev.comment = "改了"
    with pytest.raises(Exception, match="append-only"):
        ev.save()
    with pytest.raises(Exception, match="append-only"):
        ev.delete()


def test_an_edited_event_is_reported(case, capsys):
    ev = CaseEvent.objects.filter(case=case, seq=2).get()
    with connection.cursor() as cur:  # a tamperer going around the application
        cur.execute("UPDATE process_caseevent SET comment = %s WHERE id = %s", ["伪造", ev.pk])
    ok, out = verify(capsys)
    assert not ok and "#2" in out and "改动" in out


def test_a_deleted_event_is_reported(case, capsys):
    ev = CaseEvent.objects.filter(case=case, seq=3).get()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM process_caseevent WHERE id = %s", [ev.pk])
    ok, out = verify(capsys)
    assert not ok and "#4" in out


def test_a_deleted_last_event_is_reported(case, capsys):
    ev = CaseEvent.objects.filter(case=case, seq=4).get()
    with connection.cursor() as cur:
        cur.execute("DELETE FROM process_caseevent WHERE id = %s", [ev.pk])
    ok, out = verify(capsys)
    assert not ok and "链头" in out


def test_an_inserted_event_is_reported(case, capsys):
    first = CaseEvent.objects.filter(case=case, seq=1).get()
    with connection.cursor() as cur:
        cur.execute("UPDATE process_caseevent SET seq = seq + 10 WHERE case_id = %s AND seq >= 2", [case.pk])
        cur.execute(
            "INSERT INTO process_caseevent (case_id, seq, at, \"on\", actor_id, actor_label, transition, label, "
            "from_state, to_state, comment, data, public, prev_hash, hash) "
            "SELECT case_id, 2, at, \"on\", actor_id, actor_label, 'grant', '准予', from_state, to_state, '', data, "
            "public, hash, hash FROM process_caseevent WHERE id = %s", [first.pk])
    ok, out = verify(capsys)
    assert not ok


def test_events_written_on_a_set_day_verify(world, capsys):
    """Events written while "today" is set (the demo's history, `clocks tick --today`) hash the same after
    they are read back."""
    import datetime as dt

    from fazhi.core import clock as sysclock

    it = world.item
    with sysclock.frozen_today(dt.date(2017, 4, 10)):
        c, _ = application_submit(item=it, actor=world.users["citizen"], fields=f.valid_fields(it),
                                  uploads=[Upload(m.code, "x.pdf", f.pdf_bytes()) for m in it.materials.all()
                                           if m.required], channel="online")
        case_fire(case_id=c.pk, transition="accept", actor=world.users["clerk"])
    ok, out = verify(capsys)
    assert ok, out
