"""The load benchmark: ``python -m bench.load.run [--users 50] [--minutes 5] [--db sqlite|postgres]``.

1. a fresh data directory (``data/load``) and a fresh database: the SQLite file in it, or the PostgreSQL database
   ``fazhi_load`` (dropped and created again, on ``$FAZHI_BENCH_PG``, default ``postgres://postgres@127.0.0.1:5432/``);
2. ``fazhi migrate`` and ``fazhi demo load`` (the demo accounts get a random password, ``FAZHI_DEMO_PASSWORD``);
3. gunicorn on 127.0.0.1 (``fazhi.config.wsgi:application``, as many workers as cores) in demo mode
   (``FAZHI_DEMO=1``) with its own ``SECRET_KEY`` and ``ALLOWED_HOSTS``;
4. locust, headless, with the scenario of ``bench/load/locustfile.py``: ``--users`` users started ``--spawn-rate``
   per second, for ``--minutes``;
5. per endpoint: requests, failures, p50 / p95 / max (ms) and requests per second, and the totals; the server
   errors gunicorn logged; written to ``bench/results/<UTC timestamp>-load.json``.

Figures, not assertions, except that the run exits with status 1 when any request failed (or the server logged
an error). The machine matters: the load generator runs on the same machine as the server.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DATA_DIR = ROOT / "data" / "load"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PG_SERVER = os.environ.get("FAZHI_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
PG_DATABASE = "fazhi_load"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(db: str) -> str | None:
    """Empty the data directory; for PostgreSQL drop and create ``fazhi_load``. Returns DATABASE_URL or None."""
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    if db != "postgres":
        return None
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return PG_SERVER + PG_DATABASE


def server_env(database_url: str | None, password: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FAZHI_TESTING", "DEBUG")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "fazhi.config.settings",
        "FAZHI_DATA_DIR": str(DATA_DIR),
        "FAZHI_DEMO": "1",
        "FAZHI_DEMO_PASSWORD": password,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "FAZHI_LOG_LEVEL": "ERROR",  # only what went wrong; 4xx warnings are the scenario's business
    })
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def fazhi(env: dict[str, str], *args: str) -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "fazhi", *args], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  fazhi {' '.join(args)}: {time.perf_counter() - started:.1f} s", flush=True)


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn ended with status {server.returncode}; see {DATA_DIR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:  # noqa: S310 - our own server
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url}/healthz within {timeout:.0f} s")


def read_stats(prefix: Path) -> tuple[list[dict], dict]:
    endpoints, total = [], {}
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            entry = {
                "method": row["Type"],
                "name": row["Name"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "max_ms": float(row["Max Response Time"] or 0),
                "mean_ms": round(float(row["Average Response Time"] or 0), 1),
                "rps": round(float(row["Requests/s"] or 0), 2),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                endpoints.append(entry)
    return endpoints, total


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return [{"method": r["Method"], "name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
                for r in csv.DictReader(fh)]


def print_table(endpoints: list[dict], total: dict) -> None:
    head = f"{'endpoint':<44} {'requests':>9} {'failures':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7}"
    print(head)
    print("-" * len(head))
    for e in sorted(endpoints, key=lambda e: -e["requests"]):
        label = f"{e['method']} {e['name']}"
        print(f"{label:<44} {e['requests']:>9} {e['failures']:>9} {e['p50_ms']:>8.0f} {e['p95_ms']:>8.0f} "
              f"{e['max_ms']:>8.0f} {e['rps']:>7.2f}")
    print("-" * len(head))
    print(f"{'total':<44} {total.get('requests', 0):>9} {total.get('failures', 0):>9} "
          f"{total.get('p50_ms', 0):>8.0f} {total.get('p95_ms', 0):>8.0f} {total.get('max_ms', 0):>8.0f} "
          f"{total.get('rps', 0):>7.2f}")


def versions() -> dict:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for name in ("django", "gunicorn", "locust", "psycopg"):
        try:
            out[name] = version(name)
        except Exception:  # noqa: BLE001
            pass
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (default: cores)")
    opts = parser.parse_args(argv)

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    password = "Load-" + secrets.token_urlsafe(12)
    print(f"load: {opts.users} users for {opts.minutes:g} min, {opts.db}, {opts.workers} gunicorn workers", flush=True)
    database_url = fresh_database(opts.db)
    env = server_env(database_url, password)
    fazhi(env, "migrate", "--noinput")
    fazhi(env, "demo", "load")

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    log_path = DATA_DIR / "gunicorn.log"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "fazhi.config.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", str(opts.workers), "--timeout", "60", "--graceful-timeout", "10"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(host, server)
        print(f"  gunicorn: {host} (pid {server.pid})", flush=True)
        prefix = DATA_DIR / "locust"
        load_before = os.getloadavg()
        seconds = max(1, round(opts.minutes * 60))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(opts.users),
             "-r", str(opts.spawn_rate), "-t", f"{seconds}s", "--host", host, "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
            env={**os.environ, "FAZHI_LOAD_PASSWORD": password}, cwd=ROOT, check=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    endpoints, total = read_stats(prefix)
    failures = read_failures(prefix)
    server_log = log_path.read_text(encoding="utf-8", errors="replace")
    server_errors = server_log.count("Internal Server Error") + server_log.count("Traceback (most recent call last)")
    print()
    print_table(endpoints, total)
    print(f"\ntotal: {total.get('requests', 0)} requests in {wall:.0f} s, {total.get('rps', 0):.1f} requests/s, "
          f"{total.get('failures', 0)} failed; server errors logged: {server_errors}")
    for f in failures:
        print(f"  FAILED {f['occurrences']} × {f['method']} {f['name']}: {f['error']}")

    result = {
        "kind": "load",
        "started_utc": stamp,
        "config": {"users": opts.users, "spawn_rate": opts.spawn_rate, "minutes": opts.minutes, "db": opts.db,
                   "gunicorn_workers": opts.workers, "wait_seconds": os.environ.get("FAZHI_LOAD_WAIT", "1,3")},
        "machine": {"cores": os.cpu_count(), "platform": platform.platform(), "load_average_before": load_before,
                    "load_average": os.getloadavg()},
        "versions": versions(),
        "wall_seconds": round(wall, 1),
        "total": total,
        "endpoints": endpoints,
        "failures": failures,
        "server_errors_logged": server_errors,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{stamp}-load.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out.relative_to(ROOT)}")
    return 1 if (total.get("failures", 0) or failures or server_errors or not total.get("requests")) else 0


if __name__ == "__main__":
    sys.exit(main())
