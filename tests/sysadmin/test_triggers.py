"""Nobody edits or deletes audit records: the database's triggers refuse raw SQL UPDATE always and DELETE of records
younger than the retention period (SQLite by default; run with DATABASE_URL=postgres://… for PostgreSQL, where
TRUNCATE is refused too). Older records leave only through ``fazhi audit_archive``, which writes them to a file with
its SHA-256 first. The retention is at least 180 days (网络安全法 第二十一条)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from fazhi.core.models import AuditEvent
from fazhi.core.services import audit_record
from fazhi.sysadmin import triggers
from tests import factories as f

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _raw(sql: str, params=()):
    """Raw SQL in its own savepoint (PostgreSQL aborts the transaction on an error)."""
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, list(params))
        return cur.rowcount


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def test_the_triggers_are_installed():
    assert triggers.complete()
    assert triggers.installed() == list(triggers.PG_TRIGGERS if connection.vendor == "postgresql"
                                        else triggers.SQLITE_TRIGGERS)


def test_raw_update_is_refused_always():
    young = audit_record(actor=None, action="auth.login_failed", detail={"username": "x"})
    old = f.audit_event_at(_days_ago(400), action="calendar.load")
    for ev in (young, old):
        with pytest.raises(IntegrityError, match="append-only"):
            _raw("UPDATE core_auditevent SET action = %s WHERE id = %s", ["auth.login", ev.pk])
        with pytest.raises(IntegrityError, match="append-only"):
            _raw("UPDATE core_auditevent SET detail = %s WHERE id = %s", ["{}", ev.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=young.pk).update(action="forged")  # the ORM's bulk update goes to SQL too
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"auth.login_failed", "calendar.load"}


def test_raw_delete_is_refused_within_the_retention_period():
    young = audit_record(actor=None, action="auth.login")
    edge = f.audit_event_at(_days_ago(179), action="auth.logout")
    with pytest.raises(IntegrityError, match="younger than the retention period"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [young.pk])
    with pytest.raises(IntegrityError, match="younger than the retention period"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [edge.pk])
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM core_auditevent")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 2


def test_raw_delete_of_a_record_past_the_retention_period_is_allowed():
    old = f.audit_event_at(_days_ago(181), action="calendar.load")
    assert _raw("DELETE FROM core_auditevent WHERE id = %s", [old.pk]) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_is_refused_on_postgresql():
    audit_record(actor=None, action="auth.login")
    _raw("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses for its own reason (pending FK checks)
    with pytest.raises(IntegrityError, match="TRUNCATE refused"):
        _raw("TRUNCATE core_auditevent")
    assert AuditEvent.objects.count() == 1


def test_the_orm_guard_still_refuses_save():
    ev = audit_record(actor=None, action="auth.login")
    ev.action = "forged"
    with pytest.raises(Exception, match="append-only"):
        ev.save()


def test_the_triggers_carry_the_configured_retention(settings):
    settings.FAZHI_AUDIT_RETENTION_DAYS = 365
    triggers.install()
    try:
        ev = f.audit_event_at(_days_ago(200), action="calendar.load")
        with pytest.raises(IntegrityError, match=r"\(365 days\)"):
            _raw("DELETE FROM core_auditevent WHERE id = %s", [ev.pk])
    finally:
        settings.FAZHI_AUDIT_RETENTION_DAYS = 180
        triggers.install()
    assert _raw("DELETE FROM core_auditevent WHERE id = %s", [ev.pk]) == 1


def test_a_rebuilt_table_gets_its_triggers_back_at_the_next_migrate():
    """SQLite drops a table's triggers when a migration rebuilds it; post_migrate puts them back."""
    from django.core.management.sql import emit_post_migrate_signal

    triggers.uninstall()
    assert triggers.installed() == []
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert triggers.complete()


def test_flush_is_refused_outside_the_test_suite(world, settings):
    """``fazhi flush`` would empty the trail: refused while it holds records younger than the retention."""
    settings.TESTING = False
    audit_record(actor=None, action="auth.login")
    if connection.vendor == "postgresql":
        _raw("SET CONSTRAINTS ALL IMMEDIATE")  # else PostgreSQL refuses for its own reason (pending FK checks)
    refused = "TRUNCATE refused" if connection.vendor == "postgresql" else "younger than the retention period"
    with pytest.raises(CommandError) as err:
        call_command("flush", "--noinput", verbosity=0)
    assert refused in str(err.value.__cause__)
    assert AuditEvent.objects.count() == 1 and world.users["clerk"].__class__.objects.filter(username="clerk").exists()
    assert triggers.complete()


@pytest.mark.django_db(transaction=True)
def test_the_test_suite_flushes_the_trail_between_transactional_tests():
    audit_record(actor=None, action="auth.login")  # removed by the flush after this test (the next test checks)


@pytest.mark.django_db(transaction=True)
def test_after_that_flush_the_trail_is_empty_and_the_triggers_are_back():
    assert AuditEvent.objects.count() == 0
    assert triggers.complete()


# ---- the archive -----------------------------------------------------------------------------------------------
def _archive(before: dt.date, out: Path):
    call_command("audit_archive", "--before", before.isoformat(), "--out", str(out))


def test_archive_writes_old_records_with_their_sha256_and_deletes_them(world, tmp_path, capsys):
    old1 = f.audit_event_at(_days_ago(400), action="calendar.load", actor=world.users["sysadmin"],
                            detail={"year": 2025}, ip="10.0.0.1")
    old2 = f.audit_event_at(_days_ago(300), action="auth.login_failed", detail={"username": "张三"})
    young = f.audit_event_at(_days_ago(100), action="auth.login", actor=world.users["clerk"])
    out = tmp_path / "audit-archive.jsonl"
    before = (timezone.localtime() - dt.timedelta(days=250)).date()
    _archive(before, out)

    lines = out.read_bytes().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == [old1.pk, old2.pk]
    assert records[0]["action"] == "calendar.load" and records[0]["actor_username"] == "sysadmin"
    assert records[0]["detail"] == {"year": 2025} and records[0]["ip"] == "10.0.0.1"
    assert records[1]["detail"] == {"username": "张三"}
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert Path(f"{out}.sha256").read_text() == f"{digest}  audit-archive.jsonl\n"
    printed = capsys.readouterr().out
    assert "已归档 2 条" in printed and digest in printed
    # gone from the database, the young one kept, the archive itself in the trail
    assert not AuditEvent.objects.filter(pk__in=[old1.pk, old2.pk]).exists()
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    ev = AuditEvent.objects.get(action="sysadmin.audit_archive")
    assert ev.detail["count"] == 2 and ev.detail["sha256"] == digest and ev.detail["before"] == before.isoformat()
    # `sha256sum -c` agrees
    r = subprocess.run(["sha256sum", "-c", f"{out.name}.sha256"], cwd=tmp_path, capture_output=True, text=True,
                       check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_archive_refuses_a_date_inside_the_retention_period(tmp_path):
    young = f.audit_event_at(_days_ago(100), action="auth.login")
    out = tmp_path / "a.jsonl"
    before = (timezone.localtime() - dt.timedelta(days=90)).date()
    with pytest.raises(CommandError, match="审计记录至少保存 180 天"):
        _archive(before, out)
    assert not out.exists() and AuditEvent.objects.filter(pk=young.pk).exists()
    # the database agrees, in raw SQL
    with pytest.raises(IntegrityError):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [young.pk])


def test_archive_follows_a_longer_retention(settings, tmp_path):
    settings.FAZHI_AUDIT_RETENTION_DAYS = 365
    f.audit_event_at(_days_ago(300), action="auth.login")
    with pytest.raises(CommandError, match="审计记录至少保存 365 天"):
        _archive((timezone.localtime() - dt.timedelta(days=200)).date(), tmp_path / "a.jsonl")
    assert AuditEvent.objects.count() == 1


def test_archive_does_not_overwrite_and_leaves_nothing_behind_when_the_database_refuses(tmp_path, monkeypatch):
    out = tmp_path / "a.jsonl"
    out.write_text("kept")
    with pytest.raises(CommandError, match="已存在"):
        _archive(dt.date(2020, 1, 1), out)
    assert out.read_text() == "kept"
    # the application's check passes (it is told the retention is shorter) but the trigger refuses: nothing is
    # deleted, and no archive file claims otherwise
    young = f.audit_event_at(_days_ago(10), action="auth.login")
    monkeypatch.setattr("fazhi.sysadmin.services.retention_days", lambda: 1)
    out2 = tmp_path / "b.jsonl"
    with pytest.raises(IntegrityError):
        _archive((timezone.localtime() - dt.timedelta(days=2)).date(), out2)
    assert AuditEvent.objects.filter(pk=young.pk).exists()
    assert not out2.exists() and not Path(f"{out2}.sha256").exists() and not Path(f"{out2}.part").exists()


def test_archive_with_a_bad_date(tmp_path):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("audit_archive", "--before", "2025/01/01", "--out", str(tmp_path / "a.jsonl"))


# ---- the setting -----------------------------------------------------------------------------------------------
def _settings_with(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "FAZHI_AUDIT_RETENTION_DAYS"}
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                           "print(settings.FAZHI_AUDIT_RETENTION_DAYS)"],
                          env={**base, "DJANGO_SETTINGS_MODULE": "fazhi.config.settings", "FAZHI_TESTING": "1", **env},
                          capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)


@pytest.mark.parametrize(("value", "ok"), [("", True), ("180", True), ("730", True), ("179", False), ("30", False)])
def test_the_retention_setting_refuses_less_than_180_days(value, ok):
    r = _settings_with({"FAZHI_AUDIT_RETENTION_DAYS": value} if value else {})
    if ok:
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == (value or "180")
    else:
        assert r.returncode != 0
        assert "ImproperlyConfigured" in r.stderr and "at least 180" in r.stderr
