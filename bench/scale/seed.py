"""`fazhi bench seed --scale province|city|tiny [--resume]`: a province's five years in the configured database,
resumable, with the database's own bulk load of the same rows measured in the same run.

How it runs:

1. **The plan** (first run only, kept in ``bench_seed_state``): the scale, and for every table the id range each
   phase's chunks write to (starting after the rows already there). A chunk is regenerated identically from its
   (phase, index) and the numbering counters it starts from, so resuming needs nothing else.
2. **The world** through the ORM (``bench/scale/world.py``): 134 agencies, their staff, items and officers, the
   public accounts. Idempotent.
3. **The bulk phases** — directory, cases, norms, inspections — chunk by chunk. A forked process generates the
   rows of the next chunks (``bench/scale/gen.py``, no database access) while this process writes the current one:
   PostgreSQL with ``COPY`` (psycopg ``cursor.copy``), SQLite with ``executemany``; each chunk in one transaction
   with its row in ``bench_seed_progress`` and the counters after it. A killed run loses at most the chunk it
   was writing; ``--resume`` continues with the first chunk not recorded.
   On PostgreSQL the foreign keys are not checked row by row during the load (``session_replication_role =
   replica``, as ``pg_restore --disable-triggers`` does; needs a superuser, else the checks stay on): step 4 checks
   every foreign key of the written rows once, with one anti-join each.
4. **Finish**: the document-number counters where the services continue, the PostgreSQL sequences, the foreign-key
   check, then ``ANALYZE`` (PostgreSQL: ``VACUUM (ANALYZE)``, the visibility map included; timed apart: a bulk load
   does not include it).
5. **The floor**: the same rows loaded again by the database itself into scratch tables of the same shape
   (``CREATE TABLE … (LIKE … INCLUDING ALL)``: the same indexes and constraints, no foreign keys), from a file
   of the rows in COPY format (PostgreSQL: ``COPY … FROM STDIN``); on SQLite, which has no COPY, ``executemany``
   of the rows read back beforehand into a copy of each table (same indexes, same deferred foreign keys). Only the
   load is timed. ``ratio = seed time / floor time`` (target ≤ 3).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import platform
import queue
import tempfile
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from bench.scale import gen, tables, world
from bench.scale.replay import Counters

RESULTS = Path(__file__).resolve().parent.parent / "results"
STATE = "bench_seed_state"
PROGRESS = "bench_seed_progress"


class SeedError(Exception):
    pass


# ---- the progress tables --------------------------------------------------------------------------------------
def _ensure_tables() -> None:
    with connection.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {STATE} (id integer PRIMARY KEY, scale varchar(20) NOT NULL, "
                    "plan text NOT NULL, counters text NOT NULL, world_seconds double precision NOT NULL DEFAULT 0, "
                    "finish_seconds double precision, analyze_seconds double precision, finished_at varchar(40), floor text)")
        cur.execute(f"CREATE TABLE IF NOT EXISTS {PROGRESS} (phase varchar(20) NOT NULL, chunk integer NOT NULL, "
                    "n_rows bigint NOT NULL, seconds double precision NOT NULL, gen_seconds double precision NOT NULL, "
                    "PRIMARY KEY (phase, chunk))")


def _state() -> dict | None:
    with connection.cursor() as cur:
        cur.execute(f"SELECT scale, plan, counters, world_seconds, finish_seconds, analyze_seconds, finished_at, "
                    f"floor FROM {STATE} WHERE id = 1")
        row = cur.fetchone()
    if row is None:
        return None
    keys = ("scale", "plan", "counters", "world_seconds", "finish_seconds", "analyze_seconds", "finished_at", "floor")
    out = dict(zip(keys, row, strict=True))
    out["plan"], out["counters"] = json.loads(out["plan"]), json.loads(out["counters"])
    out["floor"] = json.loads(out["floor"]) if out["floor"] else None
    return out


def _done() -> dict[tuple[str, int], tuple[int, float, float]]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT phase, chunk, n_rows, seconds, gen_seconds FROM {PROGRESS}")
        return {(p, c): (n, s, g) for p, c, n, s, g in cur.fetchall()}


def status() -> dict | None:
    """What the configured database holds of a seed (None: no seed started)."""
    try:
        _ensure_tables()
        st = _state()
    except Exception:
        return None
    if st is None:
        return None
    scale = _scale(st)
    done = _done()
    total = sum(scale.chunks.values())
    return {"scale": st["scale"], "chunks_done": len(done), "chunks": total, "finished": bool(st["finished_at"])}


# ---- the calendar, read once before the fork -------------------------------------------------------------------
def _deadline_function(first_year: int, last_year: int):
    """``compute_deadline`` (fazhi/workdays/calendar.py) over a table of the days' status read once from the
    calendar (the forked process must not query, and reading the calendar day by day is most of the cost), and
    memoised: most clocks share their start, length and unit. The same rules, step for step (民法典 art. 201: the
    start day is not counted; working days count only working days, 行政许可法 art. 82; calendar days ending on a
    rest day end on the next working day, 民法典 art. 203; suspended days are not counted, 行政许可法 art. 45); it is
    checked against ``compute_deadline`` on a sample before use."""
    import functools

    from fazhi.workdays import calendar as cal

    lo = dt.date(first_year, 1, 1).toordinal()
    hi = dt.date(last_year, 12, 31).toordinal()
    status = {}
    for o in range(lo, hi + 1):
        s = cal.day_status(dt.date.fromordinal(o))
        status[o] = (s.workday, s.provisional)

    @functools.lru_cache(maxsize=500_000)
    def deadline(start, days, unit, exclusions):
        if days == 0:
            return start, False
        ex = [(a.toordinal(), u.toordinal() if u else None) for a, u, _r in exclusions]

        def covering(d):
            found = False
            for a, u in ex:
                if d > a and (u is None or d <= u):
                    if u is None:
                        return "open"
                    found = True
            return "closed" if found else None

        d = start.toordinal()
        counted = 0
        provisional = False
        while True:
            d += 1
            c = covering(d) if ex else None
            if c == "open":
                return None, provisional
            if c == "closed":
                continue
            workday, prov = status[d]
            provisional = provisional or prov
            if unit == "workday":
                if not workday:
                    continue
                counted += 1
                if counted == days:
                    return dt.date.fromordinal(d), provisional
                continue
            counted += 1
            if counted < days:
                continue
            while True:
                c = covering(d) if ex else None
                if c == "open":
                    return None, provisional
                if c is None:
                    workday, prov = status[d]
                    provisional = provisional or prov
                    if workday:
                        return dt.date.fromordinal(d), provisional
                d += 1

    import random

    rng = random.Random(5)
    for _ in range(300):  # the same answers as the real thing
        start = dt.date.fromordinal(rng.randint(lo + 10, hi - 400))
        days, unit = rng.randint(0, 90), rng.choice(("workday", "calendar"))
        excl = ()
        if rng.random() < 0.4:
            a = start + dt.timedelta(days=rng.randint(0, 20))
            excl = ((a, None if rng.random() < 0.2 else a + dt.timedelta(days=rng.randint(0, 30)), "检测"),)
        d = cal.compute_deadline(start, days, unit, [cal.Exclusion(after=a, until=u, reason=r) for a, u, r in excl])
        assert deadline(start, days, unit, excl) == (d.due, d.provisional), (start, days, unit, excl)
    deadline.cache_clear()
    return deadline


def _labels() -> dict:
    from fazhi.core.i18n import zh
    from fazhi.process.definition import all_definitions

    out = {}
    for d in all_definitions():
        for t in d.transitions:
            out[(d.code, t.name)] = zh(t.label)
        for c in d.clocks:
            out[(d.code, "clock:" + c.name)] = zh(c.label)
    return out


def _defaults(vendor: str, now: dt.datetime) -> dict[str, dict]:
    """Per table, a value for every column (what Django would write when the generator leaves one out)."""
    out = {}
    for key in tables.SPECS:
        model = tables.model_of(key)
        d = {}
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                d[f.attname] = now
            elif f.has_default():
                d[f.attname] = f.get_default()
            elif f.null:
                d[f.attname] = None
            else:
                d[f.attname] = ""
        for extra in tables.PG_EXTRA.get(key, ()):
            d.setdefault(extra, "")
        out[key] = d
    return out


# ---- the generating process ------------------------------------------------------------------------------------
def _forbid(execute, sql, params, many, context):
    raise RuntimeError("the generating process must not query the database")


def _produce(ctx: gen.Context, pending: list[tuple[str, int]], counters_state: dict, q) -> None:
    from fazhi.workdays import calendar as cal

    cal._cache.REVALIDATE_SECONDS = float("inf")
    try:
        with connection.execute_wrapper(_forbid):
            counters = Counters(counters_state)
            for phase, chunk in pending:
                started = time.perf_counter()
                packed, n = gen.generate(ctx, phase, chunk, counters)
                q.put((phase, chunk, packed, n, counters.state(), time.perf_counter() - started))
        q.put(None)
    except BaseException:  # noqa: BLE001 - reported to the parent
        q.put(("error", traceback.format_exc()))


def _in_process(ctx, pending, counters_state):
    counters = Counters(counters_state)
    for phase, chunk in pending:
        started = time.perf_counter()
        packed, n = gen.generate(ctx, phase, chunk, counters)
        yield phase, chunk, packed, n, counters.state(), time.perf_counter() - started


def _forked(ctx, pending, counters_state, procs: list):
    mp = multiprocessing.get_context("fork")
    q = mp.Queue(maxsize=3)
    p = mp.Process(target=_produce, args=(ctx, pending, counters_state, q), daemon=True)
    p.start()
    procs.append(p)
    while True:
        try:
            item = q.get(timeout=5)
        except queue.Empty:
            if not p.is_alive():
                raise SeedError(f"the generating process ended unexpectedly (exit {p.exitcode})") from None
            continue
        if item is None:
            break
        if item[0] == "error":
            raise SeedError("generating failed:\n" + item[1])
        yield item
    p.join(timeout=10)


# ---- the run --------------------------------------------------------------------------------------------------
BULK_MODELS = ("entity", "case", "clock", "pause", "extension", "event", "document", "application", "request",
               "designated", "complaint", "petition", "disclosure", "task", "task_items", "inspection", "finding")


def _bases() -> dict[str, int]:
    tabs = tables.tables(connection.vendor)
    out = {}
    with connection.cursor() as cur:
        for key in BULK_MODELS:
            t = tabs[key]
            cur.execute(f'SELECT max("{t.pk}") FROM {t.name}')  # noqa: S608 - names from the models
            out[key] = (cur.fetchone()[0] or 0) + 1
    return out


def _initial_counters(agency_ids: list[int]) -> dict:
    from fazhi.core.models import DocumentNumberCounter

    c = Counters()
    for a, key, year, last in DocumentNumberCounter.objects.filter(agency_id__in=agency_ids).values_list(
            "agency_id", "number_code", "year", "last"):
        c.last[(a, key, year)] = last
    return c.state()


def make_context(scale: gen.Scale, plan: dict, w: world.World) -> gen.Context:
    """What the generators need, read from the database and the settings once (before any fork)."""
    from fazhi.core import clock as sysclock

    # The day the seed started: a run resumed on another day generates the same rows.
    today = dt.date.fromisoformat(plan["today"]) if "today" in plan else sysclock.today()
    now = dt.datetime.fromisoformat(plan["now"]) if "now" in plan else sysclock.now().replace(microsecond=0)
    vendor = connection.vendor
    ctx = gen.Context(scale=scale, plan=plan, world=w, vendor=vendor, today=today, now=now,
                      secret=settings.SECRET_KEY.encode(),
                      deadline=_deadline_function(today.year - scale.years - 1, today.year + 3), labels=_labels())
    ctx.setup(_defaults(vendor, now))
    return ctx


def _scale(st: dict) -> gen.Scale:
    return gen.SCALES.get(st["scale"]) or gen.Scale(**st["plan"]["scale_def"])


def forget() -> None:
    """Drop the record of a finished seed (its rows stay): the next run seeds more on top of them (the tests grow a
    database this way)."""
    _ensure_tables()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {PROGRESS}")  # noqa: S608
        cur.execute(f"DELETE FROM {STATE}")  # noqa: S608


def run(scale_name: str | gen.Scale, *, resume: bool = False, stop_after: int | None = None, progress: bool = True,
        fork: bool | None = None, floor: bool = True, out=print, write: bool = True) -> dict:
    """Seed (or continue seeding) the configured database. Returns the figures (also written to bench/results)."""
    from tqdm import tqdm

    from fazhi.core import clock as sysclock

    scale = gen.SCALES[scale_name] if isinstance(scale_name, str) else scale_name
    scale_name = scale.name
    vendor = connection.vendor
    _ensure_tables()
    st = _state()
    done = _done()
    if st is not None:
        if st["scale"] != scale_name:
            raise SeedError(f"this database holds a seed of scale {st['scale']}, not {scale_name}")
        if st["finished_at"]:
            out(f"the {scale_name} seed is complete in this database ({len(done)} chunks)")
            return _report(scale, st, done, floor_figures=st["floor"], out=out, write=False)
        if not resume:
            raise SeedError(f"a {scale_name} seed was interrupted here after {len(done)} chunks: "
                            "run again with --resume to continue it")
    elif resume:
        out("nothing to resume: starting a new seed")
    t_world = time.perf_counter()
    w = world.ensure_world(public_accounts=scale.public)
    world_seconds = time.perf_counter() - t_world
    if st is None:
        plan = gen.make_plan(scale, _bases())
        plan["counters"] = _initial_counters([a.id for a in w.agencies])  # where the numbering started
        plan["scale_def"] = dataclasses.asdict(scale)
        plan["today"] = sysclock.today().isoformat()
        plan["now"] = sysclock.now().replace(microsecond=0).isoformat()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"INSERT INTO {STATE} (id, scale, plan, counters, world_seconds) VALUES (1, %s, %s, %s, %s)",
                        [scale_name, json.dumps(plan), json.dumps(plan["counters"]), world_seconds])
        st = _state()
    else:
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {STATE} SET world_seconds = world_seconds + %s WHERE id = 1", [world_seconds])
    ctx = make_context(scale, st["plan"], w)
    pending = [(p, c) for p in gen.PHASES for c in range(scale.chunks[p]) if (p, c) not in done]
    tabs = tables.tables(vendor)
    replica = _replica_on() if vendor == "postgresql" else False
    procs: list = []
    use_fork = (fork if fork is not None else os.environ.get("FAZHI_BENCH_SEED_FORK", "1") != "0") and \
        "fork" in multiprocessing.get_all_start_methods()
    source = _forked(ctx, pending, st["counters"], procs) if use_fork else _in_process(ctx, pending, st["counters"])
    written = 0
    try:
        with tqdm(total=sum(scale.chunks.values()), initial=len(done), unit="chunk", desc=f"seeding {scale_name}",
                  disable=not progress, mininterval=1.0) as bar:
            last = time.perf_counter()
            for phase, chunk, packed, n, counters_state, gen_seconds in source:
                with transaction.atomic():
                    tables.write(connection, tabs, packed)
                    with connection.cursor() as cur:
                        now_t = time.perf_counter()
                        cur.execute(f"INSERT INTO {PROGRESS} (phase, chunk, n_rows, seconds, gen_seconds) "
                                    "VALUES (%s, %s, %s, %s, %s)", [phase, chunk, n, now_t - last, gen_seconds])
                        cur.execute(f"UPDATE {STATE} SET counters = %s WHERE id = 1", [json.dumps(counters_state)])
                last = time.perf_counter()
                bar.set_postfix_str(f"{phase} {chunk + 1}/{scale.chunks[phase]}")
                bar.update(1)
                written += 1
                if stop_after is not None and written >= stop_after:
                    break
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
            p.join(timeout=10)
        if replica:
            _replica_off()
    done = _done()
    if len(done) < sum(scale.chunks.values()):
        out(f"stopped after {len(done)} of {sum(scale.chunks.values())} chunks: run again with --resume")
        return {"scale": scale_name, "chunks_done": len(done), "finished": False}
    t_finish = time.perf_counter()
    final_counters = _state()["counters"]
    _save_counters(final_counters)
    _reset_sequences()
    problems = _fk_check(st["plan"]) if replica else []
    if problems:
        raise SeedError("foreign keys broken after the load: " + "; ".join(problems))
    finish_seconds = time.perf_counter() - t_finish
    t_an = time.perf_counter()
    with connection.cursor() as cur:
        # PostgreSQL: VACUUM too, as autovacuum would soon on a live database: a freshly loaded table has no
        # visibility map, and its index-only scans (the counts of the public lists) read every heap page.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cur.execute("VACUUM (ANALYZE)" if vacuum else "ANALYZE")
    analyze_seconds = time.perf_counter() - t_an
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {STATE} SET finish_seconds = %s, analyze_seconds = %s, finished_at = %s WHERE id = 1",
                    [finish_seconds, analyze_seconds, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")])
    st = _state()
    floor_figures = measure_floor(st["plan"], out=out) if floor else None
    if floor_figures is not None:
        with connection.cursor() as cur:
            cur.execute(f"UPDATE {STATE} SET floor = %s WHERE id = 1", [json.dumps(floor_figures)])
    return _report(scale, st, done, floor_figures=floor_figures, out=out, write=write)


def _replica_on() -> bool:
    try:
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
        return True
    except Exception:  # not a superuser: the foreign keys are checked during the load
        return False


def _replica_off() -> None:
    with connection.cursor() as cur:
        cur.execute("SET session_replication_role = DEFAULT")


def _save_counters(state: dict) -> None:
    from fazhi.core.models import DocumentNumberCounter

    c = Counters(state)
    rows = [(a, key, year, last) for (a, key, year), last in c.last.items() if not key.startswith("#规")]
    agencies = {a for a, *_r in rows}
    with transaction.atomic():
        DocumentNumberCounter.objects.filter(agency_id__in=agencies).delete()
        DocumentNumberCounter.objects.bulk_create([
            DocumentNumberCounter(agency_id=a, number_code=key, year=year, last=last) for a, key, year, last in rows],
            batch_size=2000)


def _reset_sequences() -> None:
    from django.apps import apps

    models = [apps.get_model(*tables.SPECS[k][0].split(".")) for k in BULK_MODELS if "_" not in tables.SPECS[k][0]]
    from fazhi.core.models import User

    statements = connection.ops.sequence_reset_sql(no_style(), [*models, User])
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)
        if connection.vendor == "postgresql":
            for key in ("designated", "task_items"):
                t = tables.table(key, connection.vendor)
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "  # noqa: S608
                            f"coalesce((SELECT max(id) FROM {t.name}), 1))")


def _fk_check(plan: dict) -> list[str]:
    """Every foreign key of the rows the bulk phases wrote points at an existing row (one anti-join each)."""

    problems = []
    tabs = tables.tables(connection.vendor)
    for key in tables.SPECS:
        model = tables.model_of(key)
        t = tabs[key]
        base = plan["bases"].get("case" if key in gen.KEYED_BY_CASE else key, 1)
        for f in model._meta.concrete_fields:
            if not f.is_relation or not f.many_to_one and not f.one_to_one:
                continue
            parent = f.related_model._meta
            sql = (f'SELECT count(*) FROM {t.name} c LEFT JOIN {parent.db_table} p ON p."{parent.pk.column}" = '
                   f'c."{f.column}" WHERE c."{f.column}" IS NOT NULL AND p."{parent.pk.column}" IS NULL '
                   f'AND c."{t.pk}" >= %s')  # noqa: S608 - names from the models
            with connection.cursor() as cur:
                cur.execute(sql, [base])
                n = cur.fetchone()[0]
            if n:
                problems.append(f"{t.name}.{f.column}: {n} rows")
    return problems


# ---- the floor: the database's own bulk load of the same rows --------------------------------------------------
def _seeded_tables(plan: dict) -> list[tuple[str, str, list[str], str, int]]:
    """(key, table, columns, pk column, first pk of the seed) of every bulk table."""
    out = []
    for key in tables.ORDER:
        t = tables.table(key, connection.vendor)
        base = plan["bases"]["case" if key in gen.KEYED_BY_CASE else key]
        out.append((key, t.name, list(t.columns), t.pk, base))
    return out


def measure_floor(plan: dict, out=print) -> dict:
    figures: dict[str, dict] = {}
    if connection.vendor == "postgresql":
        for key, name, cols, pk, base in _seeded_tables(plan):
            figures[key] = _floor_pg(name, cols, pk, base)
            out(f"  floor {name:<34} {figures[key]['rows']:>11,} rows  {figures[key]['seconds']:8.2f} s")
    else:
        for key, name, cols, pk, base in _seeded_tables(plan):
            figures[key] = _floor_sqlite(name, cols, pk, base)
            out(f"  floor {name:<34} {figures[key]['rows']:>11,} rows  {figures[key]['seconds']:8.2f} s")
        keys_base = plan["bases"]["case"]
        for key, (name, cols) in tables.FTS.items():
            figures[key] = _floor_sqlite(name, list(cols), "rowid", None, where=(
                f"rowid IN (SELECT key FROM norms_searchentry WHERE document_id >= {int(keys_base)})"))
            out(f"  floor {name:<34} {figures[key]['rows']:>11,} rows  {figures[key]['seconds']:8.2f} s")
    return figures


def _floor_pg(name: str, cols: list[str], pk: str, base: int) -> dict:
    scratch = f"bench_floor_{name}"[:63]
    collist = ", ".join(f'"{c}"' for c in cols)
    with tempfile.TemporaryFile(dir=os.environ.get("FAZHI_BENCH_TMP")) as f:
        with connection.cursor() as cur:
            with cur.copy(f'COPY (SELECT {collist} FROM {name} WHERE "{pk}" >= {int(base)}) TO STDOUT') as copy:  # noqa: S608
                for data in copy:
                    f.write(data)
            size = f.tell()
            cur.execute(f"DROP TABLE IF EXISTS {scratch}")
            cur.execute(f"CREATE TABLE {scratch} (LIKE {name} INCLUDING ALL)")
        f.seek(0)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur, cur.copy(
                f"COPY {scratch} ({collist}) FROM STDIN") as copy:
            while block := f.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {scratch}")  # noqa: S608
        rows = cur.fetchone()[0]
        cur.execute(f"DROP TABLE {scratch}")
    return {"rows": rows, "seconds": seconds, "bytes": size}


def _floor_sqlite(name: str, cols: list[str], pk: str, base: int | None, where: str | None = None) -> dict:
    import re

    scratch = f"bench_floor_{name}"
    raw_cols = ", ".join(c if c == "rowid" else f'"{c}"' for c in cols)
    with connection.cursor() as cur:
        cur.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [name])
        ddl = cur.fetchall()
        cur.execute(f'DROP TABLE IF EXISTS "{scratch}"')
    create = [sql for typ, _n, sql in ddl if typ == "table"][0]
    create = re.sub(rf'^(CREATE (?:VIRTUAL )?TABLE )"?{re.escape(name)}"?', rf'\1"{scratch}"', create)
    indexes = []
    for typ, iname, sql in ddl:
        if typ == "index":
            sql = sql.replace(f'"{iname}"', f'"{iname}_floor"', 1).replace(f'"{name}"', f'"{scratch}"')
            indexes.append(sql)
    cond = where or f'"{pk}" >= {int(base)}'
    with connection.cursor() as cur:
        cur.execute(f"SELECT {raw_cols} FROM {name} WHERE {cond} ORDER BY {pk if pk == 'rowid' else chr(34) + pk + chr(34)}")  # noqa: S608
        rows = cur.fetchall()
    marks = ", ".join("?" * len(cols))
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cur:
        cur.execute(create)
        for sql in indexes:
            cur.execute(sql)
    started = time.perf_counter()
    with transaction.atomic():
        raw.executemany(f'INSERT INTO "{scratch}" ({raw_cols}) VALUES ({marks})', rows)
    seconds = time.perf_counter() - started
    with connection.cursor() as cur:
        cur.execute(f'DROP TABLE "{scratch}"')
    return {"rows": len(rows), "seconds": seconds}


# ---- the report ----------------------------------------------------------------------------------------------
def results_dir() -> Path:
    """bench/results, or $FAZHI_BENCH_RESULTS (the tests write there)."""
    return Path(os.environ.get("FAZHI_BENCH_RESULTS") or RESULTS)


def _report(scale, st: dict, done: dict, *, floor_figures: dict | None, out, write: bool) -> dict:
    phases = {p: {"chunks": 0, "rows": 0, "seconds": 0.0, "gen_seconds": 0.0} for p in gen.PHASES}
    for (p, _c), (n, s, g) in done.items():
        phases[p]["chunks"] += 1
        phases[p]["rows"] += n
        phases[p]["seconds"] += s
        phases[p]["gen_seconds"] += g
    bulk = sum(v["seconds"] for v in phases.values())
    seed_seconds = (st["world_seconds"] or 0) + bulk + (st["finish_seconds"] or 0)
    report = {
        "scale": scale.name, "database": connection.vendor, "db_version": _version(),
        "targets": {"cases": scale.cases, "entities": scale.entities, "norms": scale.norms,
                    "inspections": scale.inspections},
        "world_seconds": st["world_seconds"], "phases": phases, "finish_seconds": st["finish_seconds"],
        "analyze_seconds": st["analyze_seconds"], "seed_seconds": seed_seconds, "rows": _counts(),
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    if floor_figures is not None:
        floor_seconds = sum(v["seconds"] for v in floor_figures.values())
        report["floor"] = floor_figures
        report["floor_seconds"] = floor_seconds
        report["ratio"] = seed_seconds / floor_seconds if floor_seconds else None
    for line in table(report):
        out(line)
    if write:
        folder = results_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-seed-{scale.name}-{connection.vendor}.json"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        report["path"] = str(path)
        out(f"written to {path}")
    return report


def _version() -> str:
    with connection.cursor() as cur:
        cur.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        return cur.fetchone()[0]


def _counts() -> dict[str, int]:
    from django.apps import apps

    out = {}
    for label in ("core.Agency", "core.User", "process.Case", "process.CaseEvent", "process.Clock",
                  "process.CaseDocument", "licensing.Application", "requests.PublicRequest", "inspection.Entity",
                  "inspection.Task", "inspection.Inspection", "norms.NormativeDocument"):
        model = apps.get_model(label)
        if connection.vendor == "postgresql" and label in ("inspection.Entity", "process.CaseEvent"):
            with connection.cursor() as cur:  # exact counts of the big tables cost seconds: the estimate will do
                cur.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [model._meta.db_table])
                out[label] = int(cur.fetchone()[0])
        else:
            out[label] = model.objects.count()
    return out


def table(r: dict) -> list[str]:
    lines = [f"Fazhi bench seed · {r['scale']} · {r['database']} {r['db_version']}",
             f"{'phase':<14}{'chunks':>8}{'rows':>14}{'seconds':>10}{'generate s':>12}"]
    for p, v in r["phases"].items():
        lines.append(f"{p:<14}{v['chunks']:>8}{v['rows']:>14,}{v['seconds']:>10.1f}{v['gen_seconds']:>12.1f}")
    lines.append(f"world {r['world_seconds'] or 0:.1f} s, finish {r['finish_seconds'] or 0:.1f} s "
                 f"(counters, sequences, foreign keys), (VACUUM) ANALYZE {r['analyze_seconds'] or 0:.1f} s (not counted)")
    lines.append(f"seed {r['seed_seconds']:.1f} s")
    if "floor_seconds" in r:
        lines.append(f"floor (the database's own bulk load of the same rows) {r['floor_seconds']:.1f} s")
        lines.append(f"ratio seed/COPY {r['ratio']:.2f} (target ≤ 3)")
    lines.append("rows: " + ", ".join(f"{k.split('.')[1]} {v:,}" for k, v in r["rows"].items()))
    return lines
