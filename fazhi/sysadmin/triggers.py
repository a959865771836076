"""Database triggers that keep the audit trail (``core_auditevent``) append-only below the application.

The model already refuses ``save()`` of an existing row; these triggers refuse the same in SQL, whoever sends it:

- every ``UPDATE`` of an audit record (GB/T 22239-2019 (等保2.0) §8.1.4.3 c): 应对审计记录进行保护，… 避免受到未预期的
  删除、修改或覆盖);
- every ``DELETE`` of a record younger than the retention period (网络安全法 第二十一条第（三）项: 留存相关的网络日志
  不少于六个月; ``FAZHI_AUDIT_RETENTION_DAYS``, at least 180): older records leave only through
  ``fazhi audit_archive``, which writes them to a file first;
- on PostgreSQL also ``TRUNCATE`` (a statement trigger: TRUNCATE fires no row trigger).

The retention written into the triggers is the setting's value when they are installed: by the migration, and
again after every ``migrate`` (``post_migrate``), so a changed setting reaches the database with the next
``fazhi migrate``, and a table that SQLite rebuilt (an ``ALTER`` of ``core_auditevent`` drops its triggers) gets
them back.

Case events (``process_caseevent``) get no trigger: they are hash-chained, ``fazhi audit verify`` detects an edited,
inserted or deleted event, and its tests tamper with the table in raw SQL on purpose.

A database owner can still drop the triggers (``DROP TRIGGER``): they stop the application, its users and a
mistaken script, not the DBA; the DBA's own statements belong in the database's audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection as default_connection

TABLE = "core_auditevent"
SQLITE_TRIGGERS = ("sysadmin_auditevent_no_update", "sysadmin_auditevent_retention")
PG_TRIGGERS = ("sysadmin_auditevent_no_update", "sysadmin_auditevent_retention", "sysadmin_auditevent_no_truncate")
PG_FUNCTION = "sysadmin_auditevent_guard"

UPDATE_REFUSED = "core_auditevent is append-only: UPDATE refused (GB/T 22239-2019 8.1.4.3)"
DELETE_REFUSED = "core_auditevent: audit records younger than the retention period cannot be deleted"
TRUNCATE_REFUSED = "core_auditevent: TRUNCATE refused (audit records are kept for the retention period)"


def retention_days() -> int:
    return max(180, int(settings.FAZHI_AUDIT_RETENTION_DAYS))


def _sqlite_create(days: int) -> list[str]:
    # Django stores datetimes in SQLite as UTC text "YYYY-MM-DD HH:MM:SS[.ffffff]"; datetime('now') is UTC in the
    # same layout, so the two compare as text.
    return [
        f"CREATE TRIGGER IF NOT EXISTS sysadmin_auditevent_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{UPDATE_REFUSED}'); END;",
        f"CREATE TRIGGER IF NOT EXISTS sysadmin_auditevent_retention BEFORE DELETE ON {TABLE} "
        f"WHEN OLD.at > datetime('now', '-{int(days)} days') "
        f"BEGIN SELECT RAISE(ABORT, '{DELETE_REFUSED} ({int(days)} days)'); END;",
    ]


def _pg_create(days: int) -> list[str]:
    # SQLSTATE 23001 (restrict_violation): an integrity error on both vendors (django.db.IntegrityError).
    return [
        f"""CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '{UPDATE_REFUSED}' USING ERRCODE = 'restrict_violation';
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.at > now() - interval '{int(days)} days' THEN
            RAISE EXCEPTION '{DELETE_REFUSED} ({int(days)} days)' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    ELSIF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '{TRUNCATE_REFUSED}' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NULL;
END;
$$""",
        f"CREATE TRIGGER sysadmin_auditevent_no_update BEFORE UPDATE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        f"CREATE TRIGGER sysadmin_auditevent_retention BEFORE DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()",
        f"CREATE TRIGGER sysadmin_auditevent_no_truncate BEFORE TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
    ]


def drop_sql(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {TABLE}" for name in PG_TRIGGERS] + [
            f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"]
    return []


def create_sql(vendor: str, days: int | None = None) -> list[str]:
    days = retention_days() if days is None else days
    if vendor == "sqlite":
        return _sqlite_create(days)
    if vendor == "postgresql":
        return _pg_create(days)
    return []


def install(connection=None, days: int | None = None) -> None:
    """(Re)install the triggers with the current retention. Idempotent."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for sql in drop_sql(connection.vendor) + create_sql(connection.vendor, days):
            cursor.execute(sql)


def uninstall(connection=None) -> None:
    connection = connection or default_connection
    with connection.cursor() as cursor:
        for sql in drop_sql(connection.vendor):
            cursor.execute(sql)


def installed(connection=None) -> list[str]:
    """The names of the guard triggers present on ``core_auditevent``."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
        else:
            return []
        names = {row[0] for row in cursor.fetchall()}
    expected = SQLITE_TRIGGERS if connection.vendor == "sqlite" else PG_TRIGGERS
    return [n for n in expected if n in names]


def complete(connection=None) -> bool:
    connection = connection or default_connection
    expected = SQLITE_TRIGGERS if connection.vendor == "sqlite" else PG_TRIGGERS
    return connection.vendor in ("sqlite", "postgresql") and installed(connection) == list(expected)
