"""Throughput of the public service guide page under gunicorn (sync workers, as many as cores), against a bare
Django view returning a constant page under the same server in the same run (``bench.settings``: Fazhi's URLs
plus ``/bench/bare/``; same middleware). The ratio guide / bare is the figure (target ≥ 0.5).

The load comes from this process: an asyncio client keeping ``concurrency`` requests in flight (one connection
per request: gunicorn's sync workers close the connection after each response). It shares the machine's cores
with the server, the same for both pages, so the ratio is fair even where the absolute numbers are not. The two
pages are measured alternately, twice each, after a warm-up."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _one(host: str, port: int, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    status = int(data[9:12]) if data[:5] == b"HTTP/" else 0
    return status, time.perf_counter() - started


async def _load(host: str, port: int, path: str, seconds: float, concurrency: int) -> dict:
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = 0

    async def worker():
        nonlocal errors
        while time.perf_counter() < deadline:
            try:
                status, elapsed = await _one(host, port, path)
            except OSError:
                errors += 1
                continue
            if status == 200:
                latencies.append(elapsed)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return {"requests": len(latencies), "errors": errors, "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50_ms": statistics.median(ordered) * 1000, "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000}


def run(*, database_url: str, data_dir: str, guide_path: str, seconds: float = 10.0, workers: int | None = None,
        concurrency: int | None = None, out=print) -> dict:
    workers = workers or os.cpu_count() or 1
    concurrency = concurrency or 4 * workers
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "FAZHI_DATA_DIR": data_dir, "FAZHI_TESTING": "1",
           "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--workers", str(workers), "--bind",
           f"127.0.0.1:{port}", "--worker-class", "sync", "--backlog", "512", "--log-level", "warning"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as r:  # noqa: S310 - our own server
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        for path in (guide_path, "/bench/bare/", guide_path.replace("/guides/", "/bench/cached-guide/")):
            with urllib.request.urlopen(f"{url}{path}", timeout=10) as r:  # noqa: S310
                assert r.status == 200, path
        cached = guide_path.replace("/guides/", "/bench/cached-guide/")
        pages = {"service guide": guide_path, "bare Django view (baseline)": "/bench/bare/",
                 "service guide, page cache (experiment)": cached}
        for path in pages.values():  # warm-up: every worker's caches (flowchart, calendar, templates)
            asyncio.run(_load("127.0.0.1", port, path, 2.0, concurrency))
        rounds: dict[str, list[dict]] = {name: [] for name in pages}
        for _round in range(2):
            for name, path in pages.items():
                rounds[name].append(asyncio.run(_load("127.0.0.1", port, path, seconds, concurrency)))
        figures = {}
        for name, rs in rounds.items():
            total = sum(r["requests"] for r in rs)
            secs = sum(r["seconds"] for r in rs)
            figures[name] = {"rps": total / secs, "requests": total, "errors": sum(r["errors"] for r in rs),
                             "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                             "p95_ms": max(r["p95_ms"] for r in rs), "rounds": [round(r["rps"], 1) for r in rs]}
            out(f"  {name:<30} {figures[name]['rps']:8.1f} req/s  (rounds {figures[name]['rounds']}, "
                f"p50 {figures[name]['p50_ms']:.1f} ms, errors {figures[name]['errors']})")
        base = figures["bare Django view (baseline)"]["rps"]
        ratio = figures["service guide"]["rps"] / base
        cached_ratio = figures["service guide, page cache (experiment)"]["rps"] / base
        out(f"  throughput ratio guide / bare {ratio:.2f} (target ≥ 0.5; {workers} workers, {concurrency} in flight); "
            f"with the page cache {cached_ratio:.2f}")
        return {"workers": workers, "concurrency": concurrency, "seconds_per_round": seconds, "pages": figures,
                "ratio": ratio, "ratio_page_cache": cached_ratio, "guide_path": guide_path}
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
