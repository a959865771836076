"""Backup and restore (fazhi/core/backup.py, docs/operations.md): the restore drill and the refusals.

The drill: the demo data is loaded (in a transaction rolled back afterwards) and backed up with ``fazhi backup``;
the archive is restored by ``fazhi restore`` in a separate process into a fresh, migrated database with its own data
directory — a SQLite file, and a PostgreSQL database when one answers at postgres://postgres@127.0.0.1:5432 (so one
of the two targets is always the other vendor than the suite's database: SQLite → PostgreSQL when the suite runs on
SQLite, PostgreSQL → SQLite when it runs on PostgreSQL). The restored system is then backed up again and compared
with the source: every table's row digest, ``fazhi audit verify`` and the case-event chain heads, every file's
SHA-256, and the transparency log's root.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from fazhi.core import clock as sysclock
from fazhi.core.backup import MANIFEST, table_digests
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DRILL_DB = f"fazhi_restore_drill_{os.getpid()}"  # unique: other test runs may share the server
DEMO_PASSWORD = "Demo-Password-2026"


def _tlog_services():
    try:
        from fazhi.tlog import services
    except ImportError:
        return None
    return services if callable(getattr(services, "tree_head", None)) else None


def _reset_tlog_key() -> None:
    try:
        from fazhi.tlog.keys import reset_cache
    except ImportError:
        return
    reset_cache()


def _facts() -> dict:
    """What the drill compares beyond the tables: the case-event chain heads and the transparency log's head. Also
    run in the restored system (``fazhi shell``)."""
    from fazhi.process.models import Case

    out = {"heads": [list(r) for r in Case.objects.order_by("pk").values_list("number", "event_count",
                                                                              "last_event_hash")]}
    services = _tlog_services()
    if services is not None:
        size, root = services.tree_head()
        out["tree_head"] = [size, root.hex() if isinstance(root, bytes | bytearray | memoryview) else str(root)]
    return out


def _manifest(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read(MANIFEST))


def _member_lines(archive: Path, member: str) -> list[bytes]:
    with zipfile.ZipFile(archive) as zf:
        return zf.read(member).splitlines()


def _file_hashes(manifest: dict) -> dict[str, str]:
    return {m: v["sha256"] for m, v in manifest["members"].items() if m.startswith("files/")}


def _tree_hashes(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.relative_to(root).as_posix().startswith(skip)}


def _pg_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


# ---- the source: demo data and its backup ----------------------------------------------------------------------------
@dataclass
class Source:
    archive: Path
    data: Path
    media: Path
    facts: dict
    digests: dict
    vendor: str
    migrations: list


@pytest.fixture(scope="module")
def source(django_db_setup, django_db_blocker, tmp_path_factory) -> Source:
    base = tmp_path_factory.mktemp("backup-source")
    data, archive = base / "data", base / "backup.zip"
    media = data / "files"
    media.mkdir(parents=True)
    # As a demo deployment keeps them: the secret key (the tracking codes' HMAC key) and an operator's own file.
    (data / "demo-secret-key").write_text(settings.SECRET_KEY, encoding="utf-8")
    (data / "demo-secret-key").chmod(0o600)
    (data / "operator").mkdir()
    (data / "operator" / "值班记录.txt").write_text("恢复演练用的运维文件\n", encoding="utf-8")
    (data / "static").mkdir()
    (data / "static" / "collected.css").write_text("/* collectstatic output: not backed up */\n")
    with django_db_blocker.unblock(), override_settings(DATA_DIR=data, MEDIA_ROOT=media), \
            pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAZHI_DEMO_PASSWORD", DEMO_PASSWORD)
        _reset_tlog_key()
        try:
            with transaction.atomic():
                from fazhi.core.demo.load import demo_load

                demo_load()
                services = _tlog_services()
                if services is not None:
                    services.latest_checkpoint()  # signs with the log key: writes it into the data directory
                facts = _facts()
                digests = table_digests()
                migrations = sorted([a, n] for a, n in MigrationRecorder(connection).applied_migrations())
                call_command("backup", "--out", str(archive), "--quiet", stdout=io.StringIO())
                transaction.set_rollback(True)
        finally:
            _reset_tlog_key()
            sysclock.set_today(None)
    return Source(archive, data, media, facts, digests, connection.vendor, migrations)


def test_the_archive_describes_itself(source):
    m = _manifest(source.archive)
    assert m["format"] == "fazhi-backup" and m["format_version"] == 1 and m["created_at"].endswith("Z")
    assert m["database"]["vendor"] == source.vendor
    assert m["migrations"] == source.migrations
    assert m["software"]["django"].startswith("5.2")
    # Every table of every installed app, each member's SHA-256 is the table's row digest, rows counted.
    tables = {t["name"]: t for t in m["tables"]}
    assert {"core_user", "process_caseevent", "core_auditevent", "auth_permission", "tlog_logentry"} <= set(tables)
    assert "django_session" not in tables and "django_migrations" not in tables and "norms_searchentry" not in tables
    for name, (rows, digest) in source.digests.items():
        assert tables[name]["rows"] == rows, name
        assert m["members"][tables[name]["member"]]["sha256"] == digest, name
    assert tables["process_case"]["rows"] > 0 and tables["process_caseevent"]["rows"] > 0
    # Every file: the uploads and generated documents, the data directory's files (keys included, modes kept);
    # not the collected static files.
    files = {(x["root"], x["path"]): x for x in m["files"]}
    media_on_disk = _tree_hashes(source.media)
    assert media_on_disk and any(p.endswith(".docx") for p in media_on_disk)
    assert {p for r, p in files if r == "media"} == set(media_on_disk)
    data_paths = {p for r, p in files if r == "data"}
    assert {"demo-secret-key", "operator/值班记录.txt"} <= data_paths
    assert not any(p.startswith(("static/", "files/")) for p in data_paths)
    assert files[("data", "demo-secret-key")]["mode"] == "600"
    if (source.data / "tlog" / "signing-key").exists():
        assert files[("data", "tlog/signing-key")]["mode"] == "600"
    with zipfile.ZipFile(source.archive) as zf:
        for (root, path), x in files.items():
            on_disk = (source.media if root == "media" else source.data) / path
            assert hashlib.sha256(zf.read(x["member"])).hexdigest() == m["members"][x["member"]]["sha256"] \
                == hashlib.sha256(on_disk.read_bytes()).hexdigest()
    assert os.stat(source.archive).st_mode & 0o777 == 0o600


# ---- the drill -----------------------------------------------------------------------------------------------------
@dataclass
class Drill:
    vendor: str
    data: Path
    after: Path  # the backup of the restored system
    restore_out: str
    verify_out: str
    facts: dict


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "fazhi", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == 0, f"fazhi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def drill(request, source, tmp_path_factory):
    vendor = request.param
    if vendor == "postgresql" and not _pg_answers():
        pytest.skip(f"PostgreSQL does not answer at {PG_SERVER}: the restore drill into PostgreSQL is not run")
    base = tmp_path_factory.mktemp(f"restore-{vendor}")
    data = base / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FAZHI_DATA_DIR", "PYTEST_CURRENT_TEST")}
    env.update(FAZHI_TESTING="1", FAZHI_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="fazhi.config.settings",
               PYTHONPATH=str(ROOT))
    if vendor == "postgresql":
        env["DATABASE_URL"] = f"{PG_SERVER}/{DRILL_DB}"
        _pg_admin(f'DROP DATABASE IF EXISTS "{DRILL_DB}"')
        _pg_admin(f'CREATE DATABASE "{DRILL_DB}"')
    # SQLite: the default database file $FAZHI_DATA_DIR/fazhi.sqlite3 (which a backup must leave out).
    try:
        _run(env, "migrate", "-v0")
        restored = _run(env, "restore", str(source.archive), "--quiet")
        verified = _run(env, "audit", "verify")
        shell = _run(env, "shell", "-v0", "-c",
                     "import json; from tests.core.test_backup import _facts; print('FACTS', json.dumps(_facts()))")
        facts = json.loads(next(line for line in shell.stdout.splitlines() if line.startswith("FACTS "))[6:])
        after = base / "after.zip"
        _run(env, "backup", "--out", str(after), "--quiet")
        yield Drill(vendor, data, after, restored.stdout, verified.stdout, facts)
    finally:
        if vendor == "postgresql":
            _pg_admin(f'DROP DATABASE IF EXISTS "{DRILL_DB}" WITH (FORCE)')


def test_drill_restores_every_row(source, drill):
    before, after = _manifest(source.archive), _manifest(drill.after)
    assert "恢复完成" in drill.restore_out
    assert after["database"]["vendor"] == drill.vendor
    assert after["migrations"] == before["migrations"]
    tables_before = {t["name"]: t for t in before["tables"]}
    tables_after = {t["name"]: t for t in after["tables"]}
    assert set(tables_before) == set(tables_after)
    different = sorted(name for name, t in tables_before.items() if name != "core_auditevent" and (
        before["members"][t["member"]] != after["members"][tables_after[name]["member"]]))
    assert different == []
    # The audit trail: the same records, then one more — the restore itself.
    member = tables_before["core_auditevent"]["member"]
    lines_before, lines_after = _member_lines(source.archive, member), _member_lines(drill.after, member)
    assert lines_after[:len(lines_before)] == lines_before and len(lines_after) == len(lines_before) + 1
    columns = tables_after["core_auditevent"]["columns"]
    restore_event = json.loads(lines_after[-1])
    assert restore_event[columns.index("action")] == "backup.restore"
    assert json.loads(restore_event[columns.index("detail")])["source_vendor"] == source.vendor


def test_drill_audit_verify_passes_with_the_same_chain_heads(source, drill):
    assert "审计校验通过" in drill.verify_out
    assert drill.facts["heads"] == source.facts["heads"] and len(source.facts["heads"]) > 0


def test_drill_restores_every_file(source, drill):
    assert _file_hashes(_manifest(drill.after)) == _file_hashes(_manifest(source.archive))
    # On disk too: the uploads under MEDIA_ROOT, and the data directory's files (its database and the collected
    # static files aside).
    assert _tree_hashes(drill.data / "files") == _tree_hashes(source.media)
    skip = ("files/", "static/", "fazhi.sqlite3", "backups/")
    assert _tree_hashes(drill.data, skip) == _tree_hashes(source.data, skip)
    key = drill.data / "demo-secret-key"
    assert key.read_text(encoding="utf-8") == settings.SECRET_KEY and key.stat().st_mode & 0o777 == 0o600
    assert not [p for p in drill.data.rglob(".restore-staging-*")]


def test_drill_keeps_the_transparency_log_root(source, drill):
    if _tlog_services() is None:
        pytest.skip("fazhi.tlog.services.tree_head() does not exist yet: the log root is not compared")
    assert drill.facts["tree_head"] == source.facts["tree_head"]


# ---- refusals: the database and the files stay as they were --------------------------------------------------------
@pytest.fixture
def target(settings, tmp_path):
    """This test's database is the target; its data directory and MEDIA_ROOT are empty temporary directories."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "files"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


def _restore(archive: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), "--quiet", *args, stdout=out)
    return out.getvalue()


def _rewrite(src: Path, dest: Path, change=None, edit=None) -> Path:
    """Copy the archive member by member; ``change(name, data, manifest)`` returns the new bytes (or None to drop
    the member) and may edit the manifest; ``edit(manifest)`` edits it once. The manifest is written last."""
    manifest = _manifest(src)
    if edit is not None:
        edit(manifest)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == MANIFEST:
                continue
            data = zin.read(info) if change is None else change(info.filename, zin.read(info), manifest)
            if data is not None:
                zout.writestr(info.filename, data)
        zout.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    return dest


def _unchanged(target: Path):
    return table_digests(), _tree_hashes(target)


@pytest.mark.django_db
def test_a_tampered_table_is_refused_and_nothing_changes(source, target, tmp_path):
    f.agency("keep", short_name="留", name="留存局")
    before = _unchanged(target)

    def change(name, data, manifest):
        return data.replace("黑龙江".encode(), "吉林省".encode(), 1) if name == "tables/core_agency.jsonl" else data

    tampered = _rewrite(source.archive, tmp_path / "tampered.zip", change)
    with pytest.raises(CommandError) as exc:
        _restore(tampered, "--force")  # --force does not skip the integrity check
    assert "SHA-256" in str(exc.value) and "tables/core_agency.jsonl" in str(exc.value)
    assert _unchanged(target) == before


@pytest.mark.django_db
def test_a_tampered_file_a_missing_member_and_a_truncated_archive_are_refused(source, target, tmp_path):
    before = _unchanged(target)
    docx = next(m for m in _manifest(source.archive)["members"] if m.endswith(".docx"))

    def flip(name, data, manifest):
        return data[:-1] + bytes([data[-1] ^ 1]) if name == docx else data

    def drop(name, data, manifest):
        return None if name == docx else data

    raw = source.archive.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(raw[: len(raw) // 2])
    cases = [(_rewrite(source.archive, tmp_path / "flipped.zip", flip), "SHA-256"),
             (_rewrite(source.archive, tmp_path / "dropped.zip", drop), "成员与清单不符"),
             (truncated, "损坏或不完整")]
    for archive, message in cases:
        with pytest.raises(CommandError) as exc:
            _restore(archive, "--force")
        assert message in str(exc.value), archive.name
    assert _unchanged(target) == before


@pytest.mark.django_db
def test_a_target_with_business_data_is_refused_without_force(source, target):
    f.agency("keep", short_name="留", name="留存局")
    before = _unchanged(target)
    with pytest.raises(CommandError) as exc:
        _restore(source.archive)
    assert "业务数据" in str(exc.value) and "--force" in str(exc.value) and "core_agency" in str(exc.value)
    assert _unchanged(target) == before


@pytest.mark.django_db
def test_an_archive_of_other_migrations_is_refused(source, target, tmp_path):
    before = _unchanged(target)

    def older(manifest):  # taken before the last migration of process
        last = max((m for m in manifest["migrations"] if m[0] == "process"), key=lambda m: m[1])
        manifest["migrations"].remove(last)

    def newer(manifest):
        manifest["migrations"].append(["core", "9999_from_the_future"])

    for edit in (older, newer):
        with pytest.raises(CommandError) as exc:
            _restore(_rewrite(source.archive, tmp_path / f"{edit.__name__}.zip", edit=edit))
        assert "迁移状态与本系统不一致" in str(exc.value)
    assert _unchanged(target) == before


@pytest.mark.django_db
def test_a_failure_while_inserting_rolls_everything_back(source, target, tmp_path):
    """A consistent archive (hashes right) whose rows cannot go in: the transaction is rolled back, the staged files
    are removed, nothing is left behind."""
    before = _unchanged(target)

    def duplicate(name, data, manifest):
        if name == "tables/process_caseevent.jsonl":
            data += data.splitlines(keepends=True)[-1]  # the last event again: same primary key
            table = next(t for t in manifest["tables"] if t["name"] == "process_caseevent")
            table["rows"] += 1
            manifest["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        return data

    broken = _rewrite(source.archive, tmp_path / "duplicate.zip", duplicate)
    with pytest.raises(CommandError) as exc:
        _restore(broken)
    assert "已回滚" in str(exc.value) and "rolled back" in str(exc.value)
    assert _unchanged(target) == before


@pytest.mark.django_db
def test_check_verifies_without_restoring(source, target):
    before = _unchanged(target)
    out = _restore(source.archive, "--check")
    assert "备份校验通过" in out
    assert _unchanged(target) == before


@pytest.mark.django_db
def test_backup_does_not_overwrite(source, target, tmp_path):
    existing = tmp_path / "exists.zip"
    shutil.copy(source.archive, existing)
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", "--out", str(existing), "--quiet", stdout=io.StringIO())
    assert existing.read_bytes() == source.archive.read_bytes()
