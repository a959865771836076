"""Backup and restore (``fazhi backup``, ``fazhi restore``): one self-describing ZIP archive holding the database
in a vendor-neutral form and every file the deployment keeps, restorable on SQLite or PostgreSQL whichever it was
taken on. docs/operations.md describes the procedure; this is the mechanism.

Basis: GB/T 22239-2019 (等保2.0) §8.1.4.9 数据备份恢复 a) (level 3: 应提供重要数据的本地数据备份与恢复功能),
§8.1.4.7 数据完整性 b) (the SHA-256 of every member is checked before anything is touched, and the restored rows are
checked again before the restore commits), §8.1.4.3 安全审计 a) (backups and restores are audit events).

**The archive** (ZIP64, deflated; written as ``FILE.partial`` with mode 0600 and renamed when complete):

- ``tables/<table>.jsonl`` — one per table of every installed app, every row as a JSON array of its column values
  in the order the manifest lists the columns, rows in primary-key order. Values are *neutral*: integers, booleans,
  floats and strings as JSON; decimals as strings with the field's decimal places; dates ``YYYY-MM-DD``; date-times
  UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; durations as integer microseconds; UUIDs as 32 hex digits; binary as base64;
  JSON columns as the canonical JSON text (sorted keys, no spaces), so SQL NULL (``null``) and JSON null
  (``"null"``) stay apart. The rows are read with a database cursor in chunks and streamed into the archive: no
  table is held in memory. The same encoding read back from the restored database gives the same bytes, so a
  member's SHA-256 is also the table's row digest, on either vendor.
- ``files/media/<path>`` — every file under ``MEDIA_ROOT`` (uploads, generated DOCX documents, reports).
- ``files/data/<path>`` — every other file under the data directory (``FAZHI_DATA_DIR``): the transparency log's
  signing key (``tlog/signing-key``), the demo secret key and password, anything an operator keeps there. Not
  included: the SQLite database file itself (and its ``-wal``/``-shm``/``-journal``), ``backups/``, ``bench/``,
  ``static/`` (collected from the code by ``collectstatic``), restore staging directories, and symbolic links.
- ``manifest.json`` (written last) — format and version, creation time, software versions, database vendor, the
  applied migrations, every table (model, columns, column types, primary key, row count), every file (size,
  mode), the SHA-256 and size of every other member, and what was left out and why.

**Not in the archive**: ``django_session`` (everyone logs in again after a restore; the restore empties it, as old
sessions would name the restored users), ``django_migrations`` (compared, not restored), and derived data that the
restore rebuilds: ``norms_searchentry`` and the SQLite FTS5 tables of the public search of normative documents (the
normalised text lives in vendor-specific structures, fazhi/norms/search.py).

**Restore** (into the same code version; the target must be migrated): verify the archive (every member's size and
SHA-256, no member missing or extra, no path leaving its directory) → compare the migrations (the archive's with
the target's, and the target's with the code's) and the tables' columns → refuse a target that holds business data
(an agency, an account, a case or an audit record) or files under ``MEDIA_ROOT`` unless ``force`` → stage the
files beside their destination → in one transaction: empty the tables that have rows, insert every row with its
primary key (constraints deferred to the end), rebuild the derived data, reset PostgreSQL's sequences, check the
foreign keys, read every table back and compare its digest and row count with the manifest, record the restore in
the audit trail → commit → move the staged files into place. Any failure before the commit leaves the database and
the files as they were.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import platform
import secrets
import shutil
import sys
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from tqdm import tqdm

__all__ = ["BackupError", "BackupResult", "RestoreResult", "backup", "default_path", "restore", "table_digests",
           "verify_archive"]

FORMAT = "fazhi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
TABLES_DIR = "tables/"
FILES_DIR = "files/"
SKIPPED_TABLES = {
    "django_session": "sessions are not restored: everyone logs in again (the restore empties the table)",
    "norms_searchentry": "derived: the public search index of normative documents, rebuilt by the restore",
}
# A target holding a row in any of these holds business data: every record of the platform hangs off an agency or
# an account, and a fresh ``migrate`` fills none of them (it does load reference data: the holiday calendar, the law
# registry, the discretion standards, content types and permissions — which the restore replaces).
ANCHOR_TABLES = ("core_agency", "core_user", "process_case", "core_auditevent")
EXCLUDED_DATA_DIRS = ("backups", "bench", "static")
STAGING_PREFIX = ".restore-staging-"
BATCH = 2000
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or failure, with a message in Chinese and English."""


def _error(zh: str, en: str) -> BackupError:
    return BackupError(f"{zh}\n{en}")


# ---- neutral values ----------------------------------------------------------------------------------------------
_INT_TYPES = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField",
              "PositiveIntegerField", "PositiveBigIntegerField", "PositiveSmallIntegerField"}
_STR_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField", "FileField", "ImageField",
              "FilePathField", "GenericIPAddressField", "IPAddressField"}


def _base_type(f) -> str:
    while f.is_relation:  # a foreign key is stored as the column it points at
        f = f.target_field
    return f.get_internal_type()


def _utc_text(value: dt.datetime) -> str:
    if timezone.is_naive(value):  # SQLite: Django stores UTC without an offset (USE_TZ)
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _encoder(f) -> Callable:
    """Raw database value → neutral JSON value."""
    kind = _base_type(f)
    if kind in _INT_TYPES:
        return int
    if kind in ("BooleanField", "NullBooleanField"):
        return bool
    if kind == "FloatField":
        return float
    if kind in _STR_TYPES:
        return str
    if kind == "DecimalField":
        target = f
        while target.is_relation:
            target = target.target_field
        exp = decimal.Decimal(1).scaleb(-target.decimal_places) if target.decimal_places is not None else None

        def enc_decimal(v):
            d = decimal.Context(prec=15).create_decimal_from_float(v) if isinstance(v, float) else decimal.Decimal(
                str(v))
            return format(d.quantize(exp) if exp is not None else d, "f")
        return enc_decimal
    if kind == "DateField":
        return lambda v: (dt.date.fromisoformat(v[:10]) if isinstance(v, str) else v).isoformat()
    if kind == "DateTimeField":
        return lambda v: _utc_text(dt.datetime.fromisoformat(v) if isinstance(v, str) else v)
    if kind == "TimeField":
        return lambda v: (dt.time.fromisoformat(v) if isinstance(v, str) else v).isoformat(timespec="microseconds")
    if kind == "DurationField":
        return lambda v: v if isinstance(v, int) else (v.days * 86400 + v.seconds) * 1_000_000 + v.microseconds
    if kind == "UUIDField":
        return lambda v: (v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))).hex
    if kind == "JSONField":
        return lambda v: _canonical_json(json.loads(v) if isinstance(v, str | bytes) else v)
    if kind == "BinaryField":
        return lambda v: base64.b64encode(bytes(v)).decode("ascii")
    return _generic


def _generic(v):
    if isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, dt.datetime):
        return _utc_text(v)
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    if isinstance(v, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(v)).decode("ascii")
    return str(v)


def _decoder(f, conn) -> Callable:
    """Neutral JSON value → a parameter for the target database."""
    kind = _base_type(f)
    if kind in _INT_TYPES or kind in _STR_TYPES - {"GenericIPAddressField", "IPAddressField"}:
        return lambda v: v
    if kind in ("BooleanField", "NullBooleanField"):
        return bool
    if kind == "FloatField":
        return float
    if kind == "JSONField":
        json_field = f
        while json_field.is_relation:
            json_field = json_field.target_field
        return lambda v: conn.ops.adapt_json_value(json.loads(v), json_field.encoder)
    to_python = {
        "DecimalField": decimal.Decimal,
        "DateField": dt.date.fromisoformat,
        "DateTimeField": lambda v: dt.datetime.fromisoformat(v.replace("Z", "+00:00")),
        "TimeField": dt.time.fromisoformat,
        "DurationField": lambda v: dt.timedelta(microseconds=v),
        "UUIDField": uuid.UUID,
        "BinaryField": base64.b64decode,
    }.get(kind, lambda v: v)
    return lambda v: f.get_db_prep_save(to_python(v), conn)


# ---- what is backed up -------------------------------------------------------------------------------------------
@dataclass
class Table:
    name: str
    label: str  # app_label.ModelName
    model: type
    fields: list
    pk: str

    @property
    def columns(self) -> list[str]:
        return [f.column for f in self.fields]

    @property
    def types(self) -> list[str]:
        return [_base_type(f) for f in self.fields]

    @property
    def member(self) -> str:
        return f"{TABLES_DIR}{self.name}.jsonl"


def _tables() -> list[Table]:
    """Every concrete table of every installed app (auto-created many-to-many tables included), parents before
    children where foreign keys allow; the skipped tables left out."""
    found: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in found or meta.db_table in SKIPPED_TABLES \
                or meta.db_table in _cache_tables():
            continue
        fields = [f for f in meta.local_concrete_fields if not getattr(f, "generated", False)]
        found[meta.db_table] = Table(meta.db_table, meta.label, model, fields, meta.pk.column)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str) -> None:  # depth-first topological order; a cycle is broken where it closes
        if state.get(name):
            return
        state[name] = 1
        for f in found[name].fields:
            if f.is_relation and f.related_model is not None:
                target = f.related_model._meta.db_table
                if target in found and target != name:
                    visit(target)
        state[name] = 2
        order.append(name)

    for name in sorted(found):
        visit(name)
    return [found[name] for name in order]


def _cache_tables() -> set[str]:
    """The database cache's tables (settings.CACHES): disposable, not backed up, emptied by a restore."""
    return {str(c["LOCATION"]) for c in settings.CACHES.values()
            if c.get("BACKEND") == "django.core.cache.backends.db.DatabaseCache" and c.get("LOCATION")}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _rows(table: Table, *, chunk: int = BATCH) -> Iterator[list]:
    """The table's rows as neutral values, in primary-key order, read in chunks."""
    encoders = [_encoder(f) for f in table.fields]
    cols = ", ".join(_quote(c) for c in table.columns)
    order = _quote(table.pk)
    pk_type = _base_type(table.model._meta.pk)
    if connection.vendor == "postgresql" and pk_type not in _INT_TYPES:
        order += ' COLLATE "C"'  # code-point order, as SQLite's BINARY: the same digest on both vendors
    sql = f"SELECT {cols} FROM {_quote(table.name)} ORDER BY {order}"  # noqa: S608 - names from _meta
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while True:
            batch = cursor.fetchmany(chunk)
            if not batch:
                return
            for row in batch:
                yield [None if v is None else enc(v) for enc, v in zip(encoders, row, strict=True)]


def _line(row: list) -> bytes:
    return (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names from _meta
        return cursor.fetchone()[0]


def table_digests(*, progress: bool | None = False) -> dict[str, tuple[int, str]]:
    """{table: (rows, SHA-256 of its neutral rows)} of the current database — what a backup's member hashes are."""
    out = {}
    for table in _tables():
        digest, n = hashlib.sha256(), 0
        with tqdm(desc=table.name, unit="row", disable=_quiet(progress), leave=False) as bar:
            for row in _rows(table):
                digest.update(_line(row))
                n += 1
                bar.update()
        out[table.name] = (n, digest.hexdigest())
    return out


def _db_file() -> Path | None:
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:") or name == ":memory:" or "mode=memory" in name:
        return None
    return Path(name).resolve()


def _file_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT).resolve(), "data": Path(settings.DATA_DIR).resolve()}


def _files() -> Iterator[tuple[str, str, Path]]:
    """(root, relative POSIX path, absolute path) of every file backed up, sorted."""
    roots = _file_roots()
    db = _db_file()
    skip_files = {Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")} if db else set()
    skip_dirs = {roots["data"] / d for d in EXCLUDED_DATA_DIRS} | {roots["media"], Path(settings.STATIC_ROOT).resolve()}
    for root_name, root in roots.items():
        if not root.is_dir():
            continue
        found = []
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(STAGING_PREFIX)
                                 and (root_name == "media" or here / d not in skip_dirs))
            for name in filenames:
                path = here / name
                if path.is_symlink() or not path.is_file() or path in skip_files or name.endswith(".partial"):
                    continue
                found.append((path.relative_to(root).as_posix(), path))
        for rel, path in sorted(found):
            yield root_name, rel, path


# ---- backup ------------------------------------------------------------------------------------------------------
@dataclass
class BackupResult:
    path: Path
    sha256: str
    size: int
    tables: int
    rows: int
    files: int
    file_bytes: int


def _quiet(progress: bool | None) -> bool:
    """tqdm's ``disable``: progress bars when asked for, by default only on a terminal."""
    return not (sys.stderr.isatty() if progress is None else progress)


def _versions() -> dict:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return ""

    return {"fazhi": version("fazhi"), "django": version("Django"), "python": platform.python_version()}


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def default_path() -> Path:
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.DATA_DIR) / "backups" / f"fazhi-{stamp}.zip"


@contextmanager
def _snapshot():
    """One consistent view of the database for the whole dump, without blocking writers."""
    if connection.in_atomic_block:  # the caller's transaction (the tests)
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # A deferred read transaction: in WAL mode it sees one snapshot and does not hold the write lock (Django's
        # atomic() would BEGIN IMMEDIATE here, and hold off every writer for the length of the dump).
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic():
        yield


class _HashingWriter:
    def __init__(self, raw):
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.raw.write(data)
        self.sha.update(data)
        self.size += len(data)


def _zipinfo(name: str, when: dt.datetime, mode: int = 0o600) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ((0o100000 | (mode & 0o7777)) & 0xFFFF) << 16
    return info


def backup(out: Path | str | None = None, *, progress: bool | None = None, log: Callable[[str], None] = print,
           record: bool = True) -> BackupResult:
    """Write the archive to ``out`` (default ``$FAZHI_DATA_DIR/backups/fazhi-<UTC time>.zip``); refuses to overwrite.
    ``record``: write a ``backup.create`` audit event afterwards."""
    out = Path(out) if out else default_path()
    out = out.resolve()
    if out.exists():
        raise _error(f"备份文件已存在：{out}", f"The backup file already exists: {out}")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    created = timezone.now().astimezone(dt.UTC)
    manifest: dict = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "software": _versions(),
        "database": {"vendor": connection.vendor},
        "migrations": [],
        "tables": [],
        "files": [],
        "members": {},
        "skipped": {"tables": dict(SKIPPED_TABLES), "tables_not_in_models": [],
                    "data_dirs": list(EXCLUDED_DATA_DIRS),
                    "note": "the SQLite database file, symbolic links and django_migrations (compared, not restored)"},
    }
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data and the log's key
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
            with _snapshot():
                manifest["migrations"] = _applied_migrations()
                tables = _tables()
                known = {t.name for t in tables} | set(SKIPPED_TABLES) | {"django_migrations"} | _cache_tables()
                for cache in sorted(_cache_tables()):
                    manifest["skipped"]["tables"][cache] = "the database cache: disposable (emptied by a restore)"
                manifest["skipped"]["tables_not_in_models"] = sorted(
                    t for t in connection.introspection.table_names() if t not in known
                    and not t.startswith(("sqlite_", "norms_fts")))
                for table in tables:
                    total = _count(table.name) if not _quiet(progress) else None
                    with zf.open(_zipinfo(table.member, created), "w", force_zip64=True) as raw, tqdm(
                            total=total, desc=table.name, unit="row", disable=_quiet(progress), leave=False) as bar:
                        writer, n, buffer = _HashingWriter(raw), 0, io.BytesIO()
                        for row in _rows(table):
                            buffer.write(_line(row))
                            n += 1
                            if n % BATCH == 0:
                                writer.write(buffer.getvalue())
                                buffer = io.BytesIO()
                                bar.update(BATCH)
                        writer.write(buffer.getvalue())
                        bar.update(n % BATCH)
                    manifest["tables"].append({"name": table.name, "model": table.label, "member": table.member,
                                               "columns": table.columns, "types": table.types, "pk": table.pk,
                                               "rows": n})
                    manifest["members"][table.member] = {"sha256": writer.sha.hexdigest(), "size": writer.size}
            file_bytes = 0
            files = list(_files())
            with tqdm(total=len(files), desc="files", unit="file", disable=_quiet(progress), leave=False) as bar:
                for root, rel, path in files:
                    member = f"{FILES_DIR}{root}/{rel}"
                    st = path.stat()
                    mode = st.st_mode & 0o777
                    when = dt.datetime.fromtimestamp(max(st.st_mtime, 315532800), tz=dt.UTC)  # ZIP: ≥ 1980
                    with path.open("rb") as src, zf.open(_zipinfo(member, when, mode), "w", force_zip64=True) as raw:
                        writer = _HashingWriter(raw)
                        while chunk := src.read(CHUNK):
                            writer.write(chunk)
                    manifest["files"].append({"root": root, "path": rel, "member": member, "size": writer.size,
                                              "mode": f"{mode:o}"})
                    manifest["members"][member] = {"sha256": writer.sha.hexdigest(), "size": writer.size}
                    file_bytes += writer.size
                    bar.update()
            zf.writestr(_zipinfo(MANIFEST, created),
                        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    sha = _file_sha256(out)
    result = BackupResult(path=out, sha256=sha, size=out.stat().st_size, tables=len(manifest["tables"]),
                          rows=sum(t["rows"] for t in manifest["tables"]), files=len(manifest["files"]),
                          file_bytes=file_bytes)
    if manifest["skipped"]["tables_not_in_models"]:
        log("警告：以下数据表不属于任何模型，未备份 / Warning: tables without a model, not backed up: "
            + ", ".join(manifest["skipped"]["tables_not_in_models"]))
    if record:
        from fazhi.core.services import audit_record

        audit_record(actor=None, action="backup.create", object_type="backup", object_id=out.name[:64],
                     detail={"sha256": sha, "size": result.size, "tables": result.tables, "rows": result.rows,
                             "files": result.files})
    return result


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---- reading an archive ------------------------------------------------------------------------------------------
def _open_archive(path: Path) -> tuple[zipfile.ZipFile, dict]:
    if not path.is_file():
        raise _error(f"找不到备份文件：{path}", f"No such backup file: {path}")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _error(f"备份文件已损坏或不完整（不是完整的 ZIP 归档）：{exc}",
                     f"The backup file is damaged or truncated (not a complete ZIP archive): {exc}") from None
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        zf.close()
        raise _error("备份文件中没有清单（manifest.json），不是本系统的备份。",
                     "The archive has no manifest.json: not a Fazhi backup.") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        zf.close()
        raise _error(f"备份清单已损坏：{exc}", f"The backup's manifest is damaged: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        zf.close()
        raise _error("备份清单格式不对，不是本系统的备份。", "The manifest is not a Fazhi backup manifest.")
    if manifest.get("format_version") != FORMAT_VERSION:
        zf.close()
        raise _error(f"不支持的备份格式版本：{manifest.get('format_version')}（本系统支持 {FORMAT_VERSION}）",
                     f"Unsupported backup format version {manifest.get('format_version')} (supported: "
                     f"{FORMAT_VERSION})")
    problem = _manifest_problem(manifest)
    if problem:
        zf.close()
        raise _error(f"备份清单不完整或格式不对：{problem}", f"The manifest is incomplete or malformed: {problem}")
    return zf, manifest


def _manifest_problem(m: dict) -> str:
    """What is wrong with the manifest's shape, or ""."""
    def is_list_of(value, kind) -> bool:
        return isinstance(value, list) and all(isinstance(x, kind) for x in value)

    if not is_list_of(m.get("migrations"), list) or not all(
            len(x) == 2 and is_list_of(x, str) for x in m["migrations"]):
        return "migrations"
    if not isinstance(m.get("members"), dict) or not all(
            isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
            for v in m["members"].values()):
        return "members"
    if not is_list_of(m.get("tables"), dict) or not all(
            isinstance(t.get("name"), str) and isinstance(t.get("member"), str) and is_list_of(t.get("columns"), str)
            and isinstance(t.get("rows"), int) for t in m["tables"]):
        return "tables"
    if not is_list_of(m.get("files"), dict) or not all(
            all(isinstance(x.get(k), str) for k in ("root", "path", "member", "mode")) for x in m["files"]):
        return "files"
    return ""


def _safe_rel(rel: str) -> bool:
    p = PurePosixPath(rel)
    return bool(rel) and "\\" not in rel and "\x00" not in rel and not p.is_absolute() and ".." not in p.parts \
        and not p.parts[0].startswith(STAGING_PREFIX)


def _check_members(zf: zipfile.ZipFile, manifest: dict, progress: bool | None) -> None:
    """Every member present, nothing extra, every size and SHA-256 as the manifest says."""
    members, tables, files = manifest["members"], manifest["tables"], manifest["files"]
    declared = {t["member"] for t in tables} | {f["member"] for f in files}
    for f in files:
        if f["root"] not in ("media", "data") or not _safe_rel(f["path"]) \
                or f["member"] != f"{FILES_DIR}{f['root']}/{f['path']}":
            raise _error(f"备份中的文件路径不安全：{f['member']}", f"Unsafe file path in the archive: {f['member']}")
    for t in tables:
        if t["member"] != f"{TABLES_DIR}{t['name']}.jsonl":
            raise _error(f"备份清单中的数据表成员名不对：{t['member']}", f"Bad table member name: {t['member']}")
    names = [i.filename for i in zf.infolist()]
    if len(names) != len(set(names)):
        raise _error("备份文件中有重名成员。", "The archive holds two members of the same name.")
    present = set(names) - {MANIFEST}
    missing = sorted((set(members) | declared) - present)
    extra = sorted(present - set(members))
    undeclared = sorted(set(members) - declared)
    if missing or extra or undeclared:
        detail = "; ".join(x for x in (f"missing {missing[:5]}" if missing else "",
                                       f"extra {extra[:5]}" if extra else "",
                                       f"not listed {undeclared[:5]}" if undeclared else "") if x)
        raise _error(f"备份文件的成员与清单不符：{detail}", f"The archive's members do not match its manifest: {detail}")
    total = sum(m["size"] for m in members.values())
    with tqdm(total=total, desc="verify", unit="B", unit_scale=True, disable=_quiet(progress), leave=False) as bar:
        for name in sorted(members):
            expected = members[name]
            digest, size = hashlib.sha256(), 0
            try:
                with zf.open(name) as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        bar.update(len(chunk))
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
                raise _error(f"备份成员已损坏：{name}（{exc}）", f"Archive member damaged: {name} ({exc})") from None
            if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
                raise _error(f"备份成员的 SHA-256 校验不符（已被改动或损坏）：{name}",
                             f"SHA-256 mismatch (altered or damaged): {name}")


def _check_migrations(manifest: dict) -> None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        pending = ", ".join(f"{m.app_label}.{m.name}" for m, _back in plan[:5])
        raise _error(f"目标数据库尚未迁移到本系统的版本（待执行：{pending}）。请先运行 fazhi migrate。",
                     f"The target database is not migrated to this code ({pending} pending): run fazhi migrate first.")
    graph = set(executor.loader.graph.nodes)
    archive = {tuple(m) for m in manifest.get("migrations", [])}
    unknown = sorted(archive - graph)
    target = {k for k in MigrationRecorder(connection).applied_migrations() if k in graph}
    missing_in_target = sorted((archive & graph) - target)
    missing_in_archive = sorted(target - archive)
    if unknown or missing_in_target or missing_in_archive:
        parts = []
        if unknown:
            parts.append("archive only (newer code?): " + ", ".join(".".join(m) for m in unknown[:8]))
        if missing_in_target:
            parts.append("not applied here: " + ", ".join(".".join(m) for m in missing_in_target[:8]))
        if missing_in_archive:
            parts.append("not in the archive (older backup?): " + ", ".join(".".join(m) for m in missing_in_archive[:8]))
        detail = "; ".join(parts)
        raise _error("备份的迁移状态与本系统不一致，不能恢复：请用生成该备份的同一版本恢复，再升级。" f"（{detail}）",
                     "The archive's migrations do not match this installation: restore with the version that made "
                     f"the backup, then upgrade. ({detail})")


def _check_tables(manifest: dict) -> dict[str, Table]:
    code = {t.name: t for t in _tables()}
    archive = {t["name"]: t for t in manifest["tables"]}
    problems = [f"{n}: not in this code" for n in sorted(set(archive) - set(code))]
    problems += [f"{n}: not in the archive" for n in sorted(set(code) - set(archive))]
    for name in sorted(set(archive) & set(code)):
        if list(archive[name]["columns"]) != code[name].columns:
            problems.append(f"{name}: columns differ")
    if problems:
        raise _error("备份中的数据表结构与本系统不一致：" + "；".join(problems[:8]),
                     "The archive's tables do not match this code: " + "; ".join(problems[:8]))
    return code


def _business_rows() -> dict[str, int]:
    existing = set(connection.introspection.table_names())
    return {t: n for t in ANCHOR_TABLES if t in existing and (n := _count(t))}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return [p for p in root.rglob("*") if p.is_file() and not any(
        part.startswith(STAGING_PREFIX) for part in p.relative_to(root).parts)]


@dataclass
class Verified:
    manifest: dict
    sha256: str
    tables: dict[str, Table] = field(default_factory=dict)


def verify_archive(path: Path | str, *, progress: bool | None = None) -> Verified:
    """Check an archive without touching anything: its members against the manifest, its migrations and tables
    against this code and database. Raises BackupError."""
    path = Path(path)
    zf, manifest = _open_archive(path)
    with zf:
        _check_members(zf, manifest, progress)
    _check_migrations(manifest)
    tables = _check_tables(manifest)
    return Verified(manifest=manifest, sha256=_file_sha256(path), tables=tables)


# ---- restore -----------------------------------------------------------------------------------------------------
@dataclass
class RestoreResult:
    tables: int
    rows: int
    files: int
    replaced_files: list[str]
    created_at: str
    source_vendor: str
    sha256: str


def _stage_files(zf: zipfile.ZipFile, manifest: dict) -> tuple[list[tuple[Path, Path, int]], list[Path]]:
    """Extract the files next to their destinations (same file system, so the final move is a rename).
    Returns ([(staged, destination, mode)], [staging directories])."""
    roots = _file_roots()
    token = secrets.token_hex(6)
    staging = {name: root / f"{STAGING_PREFIX}{token}" for name, root in roots.items()}
    moves = []
    used: list[Path] = []
    try:
        for f in manifest["files"]:
            root = roots[f["root"]]
            dest = (root / f["path"]).resolve()
            if root not in dest.parents:
                raise _error(f"备份中的文件路径不安全：{f['member']}", f"Unsafe file path in the archive: {f['member']}")
            stage_dir = staging[f["root"]]
            if stage_dir not in used:
                stage_dir.mkdir(parents=True, exist_ok=False, mode=0o700)
                used.append(stage_dir)
            staged = stage_dir / f["path"]
            staged.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with zf.open(f["member"]) as src, staged.open("wb") as dst:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != manifest["members"][f["member"]]["sha256"]:
                raise _error(f"备份成员的 SHA-256 校验不符：{f['member']}", f"SHA-256 mismatch: {f['member']}")
            try:
                mode = int(f["mode"], 8) & 0o777
            except ValueError:
                mode = 0o600
            staged.chmod(mode)
            moves.append((staged, dest, mode))
    except BaseException:
        for d in used:
            shutil.rmtree(d, ignore_errors=True)
        raise
    return moves, used


def _rebuild_norms_search(existing: set[str]) -> None:
    """The public search index of normative documents is derived data (fazhi/norms/search.py): rebuilt from the
    restored documents, as ``fazhi norms reindex`` does."""
    from fazhi.norms.models import PUBLIC_STATES, NormativeDocument
    from fazhi.norms.services import index_document

    with connection.cursor() as cursor:
        for t in ("norms_fts", "norms_fts_title", "norms_searchentry"):
            if t in existing:
                cursor.execute(f"DELETE FROM {_quote(t)}")  # noqa: S608 - fixed names
    for doc in NormativeDocument.objects.filter(state__in=PUBLIC_STATES).order_by("pk").iterator(chunk_size=500):
        index_document(doc)


def _insert(table: Table, zf: zipfile.ZipFile, meta: dict, progress: bool | None) -> int:
    by_column = {f.column: f for f in table.fields}
    columns = list(meta["columns"])
    decoders = [_decoder(by_column[c], connection) for c in columns]
    sql = (f"INSERT INTO {_quote(table.name)} ({', '.join(_quote(c) for c in columns)}) "  # noqa: S608 - _meta
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    n = 0
    if connection.vendor == "postgresql":  # COPY: the bulk path, an order of magnitude faster than INSERTs
        copy_sql = f"COPY {_quote(table.name)} ({', '.join(_quote(c) for c in columns)}) FROM STDIN"
        # wrap_database_errors: the driver's errors from COPY become Django's (DatabaseError), as from execute().
        with zf.open(meta["member"]) as raw, connection.cursor() as cursor, connection.wrap_database_errors, \
                cursor.copy(copy_sql) as copy, tqdm(total=meta["rows"], desc=table.name, unit="row",
                                                    disable=_quiet(progress), leave=False) as bar:
            for line in io.TextIOWrapper(raw, encoding="utf-8"):
                row = json.loads(line)
                copy.write_row([None if v is None else dec(v) for dec, v in zip(decoders, row, strict=True)])
                n += 1
                if n % BATCH == 0:
                    bar.update(BATCH)
            bar.update(n % BATCH)
        return n
    with zf.open(meta["member"]) as raw, connection.cursor() as cursor, tqdm(
            total=meta["rows"], desc=table.name, unit="row", disable=_quiet(progress), leave=False) as bar:
        batch = []
        for line in io.TextIOWrapper(raw, encoding="utf-8"):
            row = json.loads(line)
            batch.append([None if v is None else dec(v) for dec, v in zip(decoders, row, strict=True)])
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                n += len(batch)
                bar.update(len(batch))
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            n += len(batch)
            bar.update(len(batch))
    return n


def restore(path: Path | str, *, force: bool = False, progress: bool | None = None) -> RestoreResult:
    """Restore the archive into the current (migrated) database and data directories. Raises BackupError, with the
    database and the files unchanged, when the archive is damaged or does not fit, when the target holds data and
    ``force`` is not given, or when anything fails before the commit."""
    path = Path(path).resolve()
    zf, manifest = _open_archive(path)
    with zf:
        _check_members(zf, manifest, progress)
        _check_migrations(manifest)
        tables = _check_tables(manifest)
        if not force:
            business = _business_rows()
            media = _media_files()
            if business or media:
                what = ", ".join(f"{t} {n}" for t, n in business.items())
                if media:
                    what += (", " if what else "") + f"{len(media)} files under MEDIA_ROOT"
                raise _error(f"目标已有业务数据（{what}），拒绝覆盖。请恢复到新建并已迁移的空数据库；确需覆盖请加 --force。",
                             f"The target already holds business data ({what}); refusing to overwrite it. Restore "
                             "into a fresh, migrated database, or add --force to replace it.")
        moves, staging = _stage_files(zf, manifest)
        sha = _file_sha256(path)
        try:
            total_rows = 0
            existing = set(connection.introspection.table_names())
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        if connection.vendor == "postgresql":
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                        elif connection.vendor == "sqlite":
                            cursor.execute("PRAGMA defer_foreign_keys = ON")
                        # Children before parents, so that no ON DELETE rule of a non-deferred key gets in the way.
                        for table in [*reversed(list(tables.values())), *sorted(
                                t for t in {"django_session", *_cache_tables()} if t in existing)]:
                            name = table if isinstance(table, str) else table.name
                            if _count(name):
                                cursor.execute(f"DELETE FROM {_quote(name)}")  # noqa: S608 - names from _meta
                    metas = {t["name"]: t for t in manifest["tables"]}
                    for table in tables.values():
                        n = _insert(table, zf, metas[table.name], progress)
                        if n != metas[table.name]["rows"]:
                            raise _error(f"{table.name} 的行数与清单不符", f"{table.name}: row count differs")
                        total_rows += n
                    if "norms_searchentry" in existing:
                        _rebuild_norms_search(existing)
                    models = [t.model for t in tables.values()]
                    statements = connection.ops.sequence_reset_sql(no_style(), models)
                    with connection.cursor() as cursor:
                        for sql in statements:
                            cursor.execute(sql)
                    connection.check_constraints(table_names=list(tables))
                    _verify_restored(manifest, progress)
                    from fazhi.core.services import audit_record

                    audit_record(actor=None, action="backup.restore", object_type="backup",
                                 object_id=path.name[:64],
                                 detail={"sha256": sha, "created_at": manifest.get("created_at"),
                                         "source_vendor": manifest.get("database", {}).get("vendor"),
                                         "tables": len(tables), "rows": total_rows,
                                         "files": len(manifest["files"]), "force": force})
            except DatabaseError as exc:
                raise _error(f"恢复失败，数据库已回滚、未作任何改动：{exc}",
                             f"Restore failed; the database was rolled back and is unchanged: {exc}") from exc
            except (ValueError, TypeError, KeyError, ValidationError) as exc:  # a row that does not fit its columns
                raise _error(f"备份中的数据行格式不对，恢复失败，数据库已回滚：{exc!r}",
                             f"A row in the archive is malformed; the database was rolled back: {exc!r}") from exc
        except BaseException:
            for d in staging:
                shutil.rmtree(d, ignore_errors=True)
            raise
    replaced = []
    for staged, dest, mode in moves:
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            replaced.append(str(dest))
        os.replace(staged, dest)
        dest.chmod(mode)
    for d in staging:
        shutil.rmtree(d, ignore_errors=True)
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load
    try:  # the running process must not keep a signing key it read before the restore
        from fazhi.tlog.keys import reset_cache
    except ImportError:
        pass
    else:
        reset_cache()
    return RestoreResult(tables=len(tables), rows=total_rows, files=len(moves), replaced_files=replaced,
                         created_at=str(manifest.get("created_at")),
                         source_vendor=str(manifest.get("database", {}).get("vendor")), sha256=sha)


def _verify_restored(manifest: dict, progress: bool | None) -> None:
    """Read every restored table back in the neutral form: its digest and row count must be the archive's."""
    expected = {t["name"]: (t["rows"], manifest["members"][t["member"]]["sha256"]) for t in manifest["tables"]}
    actual = table_digests(progress=progress)
    bad = sorted(name for name, value in expected.items() if actual.get(name) != value)
    if bad:
        raise _error("恢复后的数据与备份不一致（已回滚）：" + ", ".join(bad[:8]),
                     "The restored rows differ from the archive (rolled back): " + ", ".join(bad[:8]))
