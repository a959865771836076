"""The tables the bulk phases write, their columns (every concrete column, in a fixed order the generators follow),
and the conversion of Python values to what each database takes: COPY text for PostgreSQL (one bytes block per
table and chunk, built in the generating process), tuples for SQLite's ``executemany``.

Values the generators produce: str, int, float, bool, None, ``date``, aware ``datetime``, and dict/list for JSON
columns. ``EXTRA`` lists the columns a migration adds outside the models (PostgreSQL's search tsvectors)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.apps import apps
from django.db import models

# table key -> (model label, attnames in generator order; None: every concrete column in model order)
SPECS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "entity": ("inspection.Entity", None),
    "case": ("process.Case", None),
    "clock": ("process.Clock", None),
    "pause": ("process.ClockPause", None),
    "extension": ("process.ClockExtension", None),
    "event": ("process.CaseEvent", None),
    "document": ("process.CaseDocument", None),
    "application": ("licensing.Application", None),
    "request": ("requests.PublicRequest", None),
    "designated": ("requests.PublicRequest_designated", None),
    "complaint": ("complaints.Complaint", None),
    "petition": ("petitions.Petition", None),
    "disclosure": ("disclosure.DisclosureRequest", None),
    "norm": ("norms.NormativeDocument", None),
    "search": ("norms.SearchEntry", None),
    "task": ("inspection.Task", None),
    "task_items": ("inspection.Task_items", None),
    "inspection": ("inspection.Inspection", None),
    "finding": ("inspection.Finding", None),
}
# Written in this order inside a chunk (referenced rows first; the foreign keys are deferred anyway).
ORDER = ("entity", "case", "application", "request", "designated", "complaint", "petition", "disclosure", "clock",
         "pause", "extension", "event", "document", "norm", "search", "task", "task_items", "inspection", "finding")
# SQLite's full-text tables of the norms search (rowid = the entry's key), written with the search entries.
FTS = {"fts": ("norms_fts", ("rowid", "title_n", "body_n")), "fts_title": ("norms_fts_title", ("rowid", "title_n"))}
PG_EXTRA = {"search": ("ttsv", "tsv")}

_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@dataclass(frozen=True)
class Table:
    key: str
    name: str  # database table
    pk: str  # primary key column
    attnames: tuple[str, ...]
    columns: tuple[str, ...]
    kinds: tuple[str, ...]  # str | int | date | datetime | bool | json | float | binary


def _kind(f) -> str:
    if isinstance(f, models.JSONField):
        return "json"
    if isinstance(f, models.BooleanField):
        return "bool"
    if isinstance(f, models.DateTimeField):
        return "datetime"
    if isinstance(f, models.DateField):
        return "date"
    if isinstance(f, models.DecimalField | models.FloatField):
        return "float"
    if isinstance(f, models.BinaryField):
        return "binary"
    if isinstance(f, models.IntegerField | models.AutoField | models.ForeignKey):
        return "int"
    return "str"


def model_of(key: str):
    label, _wanted = SPECS[key]
    app, _, name = label.partition(".")
    if "_" in name:  # an automatic many-to-many table: model_field
        owner, _, m2m = name.partition("_")
        return apps.get_model(app, owner)._meta.get_field(m2m).remote_field.through
    return apps.get_model(app, name)


def table(key: str, vendor: str) -> Table:
    wanted = SPECS[key][1]
    model = model_of(key)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    attnames = wanted or tuple(fields)
    columns = tuple(fields[a].column for a in attnames)
    kinds = tuple(_kind(fields[a]) for a in attnames)
    if vendor == "postgresql" and key in PG_EXTRA:
        columns += PG_EXTRA[key]
        attnames += PG_EXTRA[key]
        kinds += ("str",) * len(PG_EXTRA[key])
    return Table(key=key, name=model._meta.db_table, pk=model._meta.pk.column, attnames=attnames, columns=columns,
                 kinds=kinds)


def tables(vendor: str) -> dict[str, Table]:
    return {k: table(k, vendor) for k in SPECS}


# ---- value conversion ------------------------------------------------------------------------------------------
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json(v) -> str:
    if isinstance(v, str):  # already JSON text (bench.scale.replay.RawJSON)
        return v
    return _JSON.encode(v)


def _esc(v: str) -> str:
    if "\\" in v or "\t" in v or "\n" in v or "\r" in v:
        return v.translate(_COPY_ESCAPE)
    return v


def _pg_converter(kind: str):
    """value -> COPY text, for one column kind (None is handled by the caller)."""
    if kind == "str":
        return _esc
    if kind in ("int", "float"):
        return str
    if kind in ("date", "datetime"):
        return lambda v: v.isoformat()
    if kind == "bool":
        return lambda v: "t" if v else "f"
    if kind == "json":
        return lambda v: _esc(_json(v))
    if kind == "binary":  # bytea, hex format (its backslash escaped for COPY)
        return lambda v: "\\\\x" + bytes(v).hex()
    raise TypeError(kind)


def copy_block(t: Table, rows: list[tuple]) -> bytes:
    """The rows in PostgreSQL's COPY text format."""
    convs = [_pg_converter(k) for k in t.kinds]
    lines = ["\t".join(["\\N" if v is None else c(v) for v, c in zip(row, convs)]) for row in rows]  # noqa: B905
    return ("\n".join(lines) + "\n").encode() if lines else b""


def _sqlite_converter(kind: str):
    if kind == "date":
        return lambda v: v.isoformat()
    if kind == "datetime":  # Django on SQLite: naive UTC text
        return lambda v: v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if kind == "bool":
        return lambda v: 1 if v else 0
    if kind == "json":
        return _json
    return None


def sqlite_rows(t: Table, rows: list[tuple]) -> list[tuple]:
    convs = [(i, c) for i, c in enumerate(_sqlite_converter(k) for k in t.kinds) if c is not None]
    if not convs:
        return rows
    out = []
    for row in rows:
        r = list(row)
        for i, c in convs:
            v = r[i]
            if v is not None:
                r[i] = c(v)
        out.append(r)
    return out


def pack(vendor: str, tabs: dict[str, Table], rows: dict[str, list[tuple]]) -> dict[str, object]:
    """A chunk's rows ready for the writer: COPY blocks (PostgreSQL) or converted tuples (SQLite)."""
    out: dict[str, object] = {}
    for key, data in rows.items():
        if not data:
            continue
        if key in FTS:
            out[key] = data if vendor == "sqlite" else None
            continue
        out[key] = copy_block(tabs[key], data) if vendor == "postgresql" else sqlite_rows(tabs[key], data)
    return {k: v for k, v in out.items() if v is not None}


def write(connection, tabs: dict[str, Table], packed: dict[str, object]) -> int:
    """Write one chunk (inside the caller's transaction). Returns the number of rows."""
    n = 0
    keys = [k for k in ORDER if k in packed] + [k for k in FTS if k in packed]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for key in keys:
                t = tabs[key]
                block = packed[key]
                with cur.copy(f"COPY {t.name} ({', '.join(_q(c) for c in t.columns)}) FROM STDIN") as copy:
                    copy.write(block)
                n += block.count(b"\n")
        return n
    connection.ensure_connection()
    raw = connection.connection
    for key in keys:
        rows = packed[key]
        if key in FTS:
            name, cols = FTS[key]
        else:
            name, cols = tabs[key].name, tabs[key].columns
        marks = ", ".join("?" * len(cols))
        raw.executemany(f"INSERT INTO {name} ({', '.join(_q(c) for c in cols)}) VALUES ({marks})", rows)
        n += len(rows)
    return n


def _q(column: str) -> str:
    return f'"{column}"'
