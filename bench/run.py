"""The benchmark: ``python -m bench.run --scale city|province [--db sqlite|postgres|both]`` (``make bench``), or the
earlier one-agency run ``python -m bench.run [--applications 100000] [--db sqlite|postgres|both]``.

With ``--scale`` (bench/README.md): for each database a seeded province (``fazhi bench seed``, bench/scale/; reused
when the database already holds a complete seed of that scale, resumed when it holds an interrupted one), then the
page figures over it (bench/scale/pages.py), the province's annual report, the throughput of the service guide
under gunicorn against a bare view (bench/scale/throughput.py) and the draw (``fazhi bench draw``, in a database of
its own), written to bench/results/<UTC timestamp>-<scale>-<db>.json. The province scale runs on PostgreSQL only.

Without ``--scale``:

For each database: a fresh database (SQLite file under data/bench/, PostgreSQL database ``fazhi_bench``
dropped and recreated), migrate, seed N licensing applications for one agency (``bench.seed``), then time
the staff pages in-process with ``django.test.Client`` and a logged-in staff user: p50 / p95 / max server
time and the number of queries per request, next to a trivial view (``/healthz``) measured in the same
run, so the figures can be read as ratios. Figures, not assertions: they are printed and written to
bench/results/<UTC timestamp>-<db>.json.

Each database runs in its own subprocess (``--worker``) because the settings read DATABASE_URL and
FAZHI_DATA_DIR once, when Django starts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DATA_DIR = ROOT / "data" / "bench"
PG_SERVER = os.environ.get("FAZHI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
PG_DATABASE = "fazhi_bench"


# ---- measuring (in-process; also used by tests/test_bench_smoke.py) -----------------------------------------
class _QueryCounter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _stats(ms: list[float], queries: list[int]) -> dict:
    ordered = sorted(ms)
    return {
        "requests": len(ms),
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)],
        "max_ms": ordered[-1],
        "mean_ms": statistics.fmean(ordered),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "queries_mode": statistics.mode(queries),
    }


def _client(user=None):
    """A test client on the bench host; logged in as ``user`` when given (``force_login``: no password hashing)."""
    from django.test import Client

    client = Client(SERVER_NAME="localhost")
    if user is not None:
        client.force_login(user)
    return client


def _run(client, urls: list[str], warmup: list[str]) -> dict:
    from django.db import connection

    for url in warmup:
        client.get(url)
    counter = _QueryCounter()
    ms: list[float] = []
    queries: list[int] = []
    with connection.execute_wrapper(counter):
        for url in urls:
            counter.n = 0
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
            ms.append(elapsed * 1000)
            queries.append(counter.n)
    return _stats(ms, queries)


def measure(seeded, *, requests: int = 200, warmup: int = 20, rng_seed: int = 7) -> dict:
    """Time the staff pages over the seeded data. ``seeded``: a bench.seed.SeedResult."""
    from django.urls import reverse

    from fazhi.core.models import User
    from fazhi.process.definition import get_definition
    from fazhi.process.flowchart import flowchart_svg
    from fazhi.process.selectors import inbox as inbox_selector

    rng = random.Random(rng_seed)
    for state in get_definition("licensing").states:  # the page embeds it; cached per process
        flowchart_svg("licensing", state.name)
    users = {key: User.objects.get(pk=pk) for key, pk in seeded.staff.items()}
    clients = {key: _client(user) for key, user in users.items()}
    inbox_url = reverse("portal:inbox")
    healthz = reverse("portal:healthz")

    def cases(k: int) -> list[int]:
        return [rng.choice(seeded.case_ids) for _ in range(k)]

    figures: dict[str, dict] = {}
    figures["healthz (baseline)"] = _run(clients["handler"], [healthz] * requests, [healthz] * warmup)
    for key in ("clerk", "handler", "director"):
        row = _run(clients[key], [inbox_url] * requests, [inbox_url] * warmup)
        row["inbox_rows"] = inbox_selector(users[key]).count()
        figures[f"inbox {key}"] = row
    figures["case page (handler)"] = _run(
        clients["handler"], [reverse("portal:case", args=[pk]) for pk in cases(requests)],
        [reverse("portal:case", args=[pk]) for pk in cases(warmup)])
    figures["API GET /api/v1/cases/{id}"] = _run(
        clients["handler"], [f"/api/v1/cases/{pk}" for pk in cases(requests)],
        [f"/api/v1/cases/{pk}" for pk in cases(warmup)])
    base = figures["healthz (baseline)"]["p50_ms"]
    for row in figures.values():
        row["ratio_p50"] = row["p50_ms"] / base if base else None
        row["ratio_p95"] = row["p95_ms"] / figures["healthz (baseline)"]["p95_ms"] if base else None
    return figures


def table(report: dict) -> str:
    seeded = report["seed"]
    lines = [
        f"Fazhi bench · {report['db']} ({report['db_version']}) · {report['applications']:,} applications",
        f"seeded in {seeded['seconds']:.1f} s ({report['applications'] / max(seeded['seconds'], 1e-9):,.0f} "
        f"applications/s); migrate {report['migrate_seconds']:.1f} s; rows: "
        + ", ".join(f"{k} {v:,}" for k, v in seeded["rows"].items()),
        f"open cases {seeded['open_cases']:,} (overdue {seeded['overdue']:,}); "
        f"{report['requests']} requests per page after a warm-up; server time in ms",
        "",
        f"{'page':<34}{'p50':>9}{'p95':>9}{'max':>9}{'queries':>9}{'×base p50':>11}{'×base p95':>11}",
    ]
    for name, row in report["figures"].items():
        label = name + (f" [{row['inbox_rows']:,} rows]" if "inbox_rows" in row else "")
        q = str(row["queries_mode"]) if row["queries_min"] == row["queries_max"] else (
            f"{row['queries_min']}–{row['queries_max']}")
        lines.append(f"{label:<34}{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}{row['max_ms']:>9.2f}{q:>9}"
                     f"{row['ratio_p50']:>10.1f}×{row['ratio_p95']:>10.1f}×")
    return "\n".join(lines)


# ---- one database, in this process ---------------------------------------------------------------------------
def worker(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.seed import analyze, seed

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrate_seconds = time.perf_counter() - started
    seeded = seed(args.applications, batch_size=args.batch, open_fraction=args.open_fraction)
    analyze()
    figures = measure(seeded, requests=args.requests, warmup=args.warmup)
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    report = {
        "db": connection.vendor, "db_version": version, "applications": args.applications,
        "requests": args.requests, "warmup": args.warmup, "migrate_seconds": migrate_seconds,
        "seed": {"seconds": seeded.seconds, "rows": seeded.rows, "states": seeded.states,
                 "open_cases": seeded.open_cases, "overdue": seeded.overdue, "batch_size": args.batch},
        "figures": figures,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(), "django": django.get_version(), "cpus": os.cpu_count(),
        "machine": platform.machine(),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(report))
    print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}", flush=True)


# ---- the parent: fresh databases, one subprocess each ---------------------------------------------------------
def pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_SERVER + "postgres", connect_timeout=2):
            return True
    except Exception:
        return False


def fresh_database(db: str) -> str:
    """Create an empty database; return its DATABASE_URL."""
    if db == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / "fazhi.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(DATA_DIR / "files", ignore_errors=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True, connect_timeout=5) as conn:
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        except psycopg.errors.SyntaxError:  # PostgreSQL < 13
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return PG_SERVER + PG_DATABASE



# ---- the province scale (--scale) ------------------------------------------------------------------------------
TARGETS = {"p95_ms": {"postgresql": 100.0, "sqlite": 150.0}, "throughput_ratio": 0.5, "draw_ratio": 2.0,
           "report_seconds": 10.0, "seed_ratio": 3.0}
TARGET_PAGES = ("inbox", "case page", "service guide", "publicity", "search")


def scale_database(db: str, scale: str, fresh: bool) -> str:
    """The database of a scale: kept between runs (seeding the province takes a while) unless ``fresh``."""
    if db == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path = DATA_DIR / f"{scale}.sqlite3"
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    name = f"fazhi_bench_{scale}"
    with psycopg.connect(PG_SERVER + "postgres", autocommit=True, connect_timeout=5) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    return PG_SERVER + name


def draw_database(db: str) -> str:
    """``fazhi bench draw`` builds its own directory of units and keeps it: a database of its own."""
    if db == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA_DIR / 'draw.sqlite3'}"
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'fazhi_bench_draw'").fetchone() is None:
            conn.execute('CREATE DATABASE "fazhi_bench_draw"')
    return PG_SERVER + "fazhi_bench_draw"


def run_draw(db: str, candidates: int, out=print) -> dict:
    """``fazhi bench draw --candidates N`` twice in its own database (the first run after the directory is built
    measures a cold table: the second is kept, bench/README.md)."""
    import re

    env = {**os.environ, "DATABASE_URL": draw_database(db), "FAZHI_DATA_DIR": str(DATA_DIR / "draw-files"),
           "FAZHI_TESTING": "1", "DJANGO_SETTINGS_MODULE": "fazhi.config.settings"}
    base = [sys.executable, "-m", "fazhi"]
    subprocess.run([*base, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    runs = []
    for _ in range(2):
        r = subprocess.run([*base, "bench", "draw", "--candidates", str(candidates)], env=env, cwd=ROOT,
                           capture_output=True, text=True, check=True)
        text = r.stdout
        figures = {"candidates": candidates}
        for key, pattern in (("floor_seconds", r"floor\s+([\d.]+) s"), ("draw_seconds", r"commit \+ draw\s+([\d.]+) s"),
                             ("peak_rss_mib", r"peak memory\s+([\d.]+) MiB"),
                             ("peak_rss_mib_after_floor", r"after the floor: ([\d.]+) MiB"),
                             ("ratio", r"^ratio ([\d.]+)")):
            m = re.search(pattern, text, re.M)
            figures[key] = float(m.group(1)) if m else None
        runs.append(figures)
        out(f"  draw {candidates:,}: floor {figures['floor_seconds']} s, commit + draw {figures['draw_seconds']} s, "
            f"ratio {figures['ratio']}, peak {figures['peak_rss_mib']} MiB (after the floor "
            f"{figures['peak_rss_mib_after_floor']} MiB)")
    return {"runs": runs, **runs[-1]}


def scale_worker(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.scale import gen, pages, throughput
    from bench.scale import seed as scale_seed

    db = connection.vendor
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    st = scale_seed.status()
    resume = bool(st and not st["finished"])
    seeded = scale_seed.run(args.scale, resume=resume, progress=True, out=print, write=False)
    print(f"\n== {db}: pages over the {args.scale} seed ({args.requests} requests each after {args.warmup})", flush=True)
    figures = pages.measure(requests=args.requests, warmup=args.warmup)
    for line in pages.table(figures):
        print(line)
    report = pages.annual_report()
    print(f"annual report {report['year']} (province tree): create {report['create_seconds']:.2f} s, generate "
          f"{report['generate_seconds']:.2f} s, dashboard figures {report['dashboard_seconds']:.2f} s", flush=True)
    tp = None
    if not args.no_throughput:
        print(f"\n== {db}: throughput under gunicorn", flush=True)
        guide = pages.context()["items"][0]
        tp = throughput.run(database_url=os.environ["DATABASE_URL"], data_dir=os.environ["FAZHI_DATA_DIR"],
                            guide_path=f"/guides/{guide}/", seconds=args.throughput_seconds)
    draw = None
    if not args.no_draw:
        n = gen.SCALES[args.scale].entities
        print(f"\n== {db}: the draw over {n:,} units (fazhi bench draw, its own database)", flush=True)
        draw = run_draw(db, n)
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if db == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    result = {
        "scale": args.scale, "db": db, "db_version": version, "seed": {k: v for k, v in seeded.items() if k != "floor"},
        "seed_floor": seeded.get("floor"), "pages": figures, "annual_report": report, "throughput": tp, "draw": draw,
        "targets": TARGETS, "requests": args.requests, "warmup": args.warmup,
        "seconds": time.perf_counter() - started, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(), "django": django.get_version(), "cpus": os.cpu_count(),
        "machine": platform.machine(),
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print()
    for line in summary(result):
        print(line)
    print(f"\nwritten to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}", flush=True)


def summary(r: dict) -> list[str]:
    """The figures against their targets."""
    db = r["db"]
    target = TARGETS["p95_ms"][db]
    lines = [f"Fazhi bench · {r['scale']} · {db} {r['db_version']} — figures against the targets"]
    seed = r["seed"]
    if seed.get("ratio") is not None:
        lines.append(f"  seed {seed['seed_seconds']:.0f} s, the database's own bulk load {seed['floor_seconds']:.0f} s: "
                     f"ratio {seed['ratio']:.2f} (≤ {TARGETS['seed_ratio']})")
    for name, row in r["pages"].items():
        if name.startswith(TARGET_PAGES):
            ok = "met" if row["p95_ms"] <= target else "NOT met"
            lines.append(f"  {name:<40} p95 {row['p95_ms']:7.1f} ms (≤ {target:.0f}: {ok}); p50 {row['p50_ms']:.1f} ms, "
                         f"{row['ratio_p50']:.1f}× the baseline")
    rep = r["annual_report"]
    lines.append(f"  annual report, generate {rep['generate_seconds']:.2f} s (< {TARGETS['report_seconds']:.0f} s), "
                 f"dashboard figures {rep['dashboard_seconds']:.2f} s")
    if r.get("throughput"):
        tp = r["throughput"]
        lines.append(f"  throughput guide / bare view {tp['ratio']:.2f} (≥ {TARGETS['throughput_ratio']}); "
                     f"with the page cache {tp['ratio_page_cache']:.2f}")
    if r.get("draw"):
        d = r["draw"]
        lines.append(f"  draw over {d['candidates']:,} units: ratio {d['ratio']} (≤ {TARGETS['draw_ratio']}), "
                     f"peak {d['peak_rss_mib']} MiB")
    return lines


def scale_main(args) -> int:
    if args.scale == "province":
        if args.db in ("sqlite", "both"):
            print("the province scale runs on PostgreSQL only (SQLite: --scale city at most)", file=sys.stderr)
            return 2
        dbs = ["postgres"]
    elif args.db is None:
        dbs = ["sqlite", "postgres"] if pg_reachable() else ["sqlite"]
    elif args.db == "both":
        dbs = ["sqlite", "postgres"]
    else:
        dbs = [args.db]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for db in dbs:
        print(f"== {db}: {args.scale} seed (fresh: {args.fresh}), pages, report, throughput, draw", flush=True)
        env = {**os.environ, "DATABASE_URL": scale_database(db, args.scale, args.fresh),
               "FAZHI_DATA_DIR": str(DATA_DIR / f"{args.scale}-{db}"), "FAZHI_TESTING": "1",
               "DJANGO_SETTINGS_MODULE": "fazhi.config.settings"}
        out = RESULTS_DIR / f"{stamp}-{args.scale}-{db}.json"
        cmd = [sys.executable, "-m", "bench.run", "--worker", "--out", str(out), "--scale", args.scale,
               "--requests", str(args.requests), "--warmup", str(args.warmup),
               "--throughput-seconds", str(args.throughput_seconds)]
        cmd += ["--no-throughput"] if args.no_throughput else []
        cmd += ["--no-draw"] if args.no_draw else []
        started = time.perf_counter()
        code = subprocess.run(cmd, env=env, cwd=ROOT, check=False).returncode
        if code:
            print(f"{db}: the worker failed (exit {code})", file=sys.stderr)
            return code
        print(f"== {db}: done in {time.perf_counter() - started:.0f} s\n", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default=None,
                        help="default: both when PostgreSQL is reachable at $FAZHI_BENCH_PG "
                             f"({PG_SERVER}), else sqlite")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first (default 20)")
    parser.add_argument("--batch", type=int, default=5000, help="applications per bulk_create batch")
    parser.add_argument("--open-fraction", type=float, default=0.10,
                        help="share of applications still open (default 0.10)")
    parser.add_argument("--scale", choices=("tiny", "city", "province"),
                        help="a seeded province (bench/scale): city = 1/100 (make bench), province (PostgreSQL only)")
    parser.add_argument("--fresh", action="store_true", help="--scale: drop the seeded database and seed again")
    parser.add_argument("--no-throughput", action="store_true", help="--scale: skip the gunicorn throughput")
    parser.add_argument("--no-draw", action="store_true", help="--scale: skip the draw")
    parser.add_argument("--throughput-seconds", type=float, default=10.0, help="--scale: seconds per round")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale:
        if args.worker:
            scale_worker(args)
            return 0
        if args.requests == 200 and "--requests" not in (argv or sys.argv):
            args.requests = 100
        return scale_main(args)
    if args.worker:
        worker(args)
        return 0

    if args.db is None:
        dbs = ["sqlite", "postgres"] if pg_reachable() else ["sqlite"]
    elif args.db == "both":
        dbs = ["sqlite", "postgres"]
    else:
        dbs = [args.db]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    outs = []
    for db in dbs:
        print(f"== {db}: fresh database, migrate, seed {args.applications:,} applications, measure", flush=True)
        env = {**os.environ, "DATABASE_URL": fresh_database(db), "FAZHI_DATA_DIR": str(DATA_DIR),
               "FAZHI_TESTING": "1", "DJANGO_SETTINGS_MODULE": "fazhi.config.settings"}
        out = RESULTS_DIR / f"{stamp}-{db}.json"
        cmd = [sys.executable, "-m", "bench.run", "--worker", "--out", str(out),
               "--applications", str(args.applications), "--requests", str(args.requests),
               "--warmup", str(args.warmup), "--batch", str(args.batch), "--open-fraction", str(args.open_fraction)]
        started = time.perf_counter()
        code = subprocess.run(cmd, env=env, cwd=ROOT, check=False).returncode
        if code:
            print(f"{db}: the worker failed (exit {code})", file=sys.stderr)
            return code
        print(f"== {db}: done in {time.perf_counter() - started:.0f} s\n", flush=True)
        outs.append(out)
    if len(outs) > 1:
        reports = [json.loads(p.read_text(encoding="utf-8")) for p in outs]
        print("== side by side: p50 / p95 ms (queries)")
        names = list(reports[0]["figures"])
        print(f"{'page':<34}" + "".join(f"{r['db']:>26}" for r in reports))
        for name in names:
            cells = []
            for r in reports:
                row = r["figures"][name]
                cells.append(f"{row['p50_ms']:.2f} / {row['p95_ms']:.2f} ({row['queries_mode']})")
            print(f"{name:<34}" + "".join(f"{c:>26}" for c in cells))
        print("seeding: " + ", ".join(f"{r['db']} {r['seed']['seconds']:.0f} s" for r in reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
