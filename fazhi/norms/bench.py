"""`fazhi bench norms --documents N`: N normative documents with realistic Chinese text in the configured database
(built once, in bulk, for a bench agency; 90 % in force, 10 % repealed), then the public search timed over a set
of queries — whole terms, words inside words (案馆), rare phrases, numbers, misses, two-word queries — as server
time through the Django test client (the API and the page), and the search selector alone. Prints p50 / p95 / max
and writes bench/results/<UTC timestamp>-norms-<db>.json."""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
import random
import statistics
import time
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection, transaction

from fazhi.core.models import Agency
from fazhi.norms import search, textgen
from fazhi.norms.models import NormativeDocument
from fazhi.process.models import Case

BENCH_AGENCY = "bench-norms"
TARGET_P95_MS = 100.0
RESULTS = Path(__file__).resolve().parent.parent.parent / "bench" / "results"


def _agency() -> Agency:
    from fazhi.core.demo.load import make_uscc

    agency = Agency.objects.filter(code=BENCH_AGENCY).first()
    if agency is None:
        agency = Agency.objects.create(code=BENCH_AGENCY, name="基准测试档案局", short_name="基档",
                                       uscc=make_uscc("11", "230000", "99999999"))
    return agency


def ensure_documents(n: int, out=print, batch: int = 5000) -> int:
    """Make the bench agency hold ``n`` public documents (only the missing ones are added)."""
    agency = _agency()
    have = NormativeDocument.objects.filter(agency=agency).count()
    if have >= n:
        return have
    out(f"building: {have:,} → {n:,} documents")
    started = time.perf_counter()
    rng = random.Random(have + 1)
    now = dt.datetime.now(dt.UTC)
    for lo in range(have, n, batch):
        hi = min(n, lo + batch)
        with transaction.atomic():
            specs = []
            for i in range(lo, hi):
                d = textgen.document(rng)
                published = dt.date(d["year"], rng.randint(1, 12), rng.randint(1, 28))
                repealed = rng.random() < 0.10
                specs.append((i, d, published, repealed))
            cases = Case.objects.bulk_create([
                Case(kind="norm", number=f"BENCH-GF-{i + 1:08d}", agency=agency, party_kind="legal_person",
                     party_name="基准测试档案局政策法规处", channel="ex_officio", received_on=published,
                     submitted_on=published, state="repealed" if repealed else "valid", published_on=published,
                     data={"bench": True}, verification_hash="-", created_at=now)
                for i, d, published, repealed in specs])
            NormativeDocument.objects.bulk_create([
                NormativeDocument(case=c, agency=agency, state=c.state, title=d["title"], number=d["number"],
                                  issuer=d["issuer"], drafting_division="政策法规处", text=d["text"],
                                  text_sha256="-", drafted_on=published, published_on=published,
                                  effective_on=published, repealed_on=published if repealed else None)
                for c, (i, d, published, repealed) in zip(cases, specs, strict=True)], batch_size=1000)
            search.index_many([
                {"document_id": c.pk, "key": search.entry_key(published, c.pk), "agency_id": agency.pk,
                 "status": "repealed" if repealed else "valid", "published_on": published,
                 "title": f"{d['title']} {d['number']}", "text": d["text"]}
                for c, (i, d, published, repealed) in zip(cases, specs, strict=True)])
        out(f"  {hi:,} documents ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO norms_fts(norms_fts) VALUES ('optimize')")
    return n


def _stats(ms: list[float]) -> dict:
    ordered = sorted(ms)
    return {"requests": len(ms), "p50_ms": statistics.median(ordered),
            "p95_ms": ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], "max_ms": ordered[-1]}


def run(n: int, *, requests: int = 360, out=print) -> dict:
    from django.test import Client

    from fazhi.norms import selectors

    build_started = time.perf_counter()
    ensure_documents(n, out=out)
    build_seconds = time.perf_counter() - build_started
    queries = textgen.BENCH_QUERIES
    sequence = [queries[i % len(queries)] for i in range(requests)]
    client = Client(SERVER_NAME="localhost")
    figures: dict[str, dict] = {}
    per_query: dict[str, dict] = {}

    def timed(name: str, call) -> None:
        for q in queries:  # warm-up
            call(q)
        ms = []
        for q in sequence:
            started = time.perf_counter()
            result = call(q)
            elapsed = (time.perf_counter() - started) * 1000
            ms.append(elapsed)
            if name == "API GET /api/v1/norms/documents?status=valid&q=":
                row = per_query.setdefault(q, {"ms": [], "count": result})
                row["ms"].append(elapsed)
        figures[name] = _stats(ms)

    def api(q: str):
        r = client.get("/api/v1/norms/documents?" + urlencode({"status": "valid", "q": q}))
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code} for {q}")
        body = r.json()
        return f"{body['count']}{'' if body['count_exact'] else '+'}"

    def page(q: str):
        r = client.get("/norms/search/?" + urlencode({"q": q}))
        if r.status_code != 200:
            raise RuntimeError(f"HTTP {r.status_code} for {q}")

    def selector(q: str):
        selectors.public_search(q, status="valid")

    timed("API GET /api/v1/norms/documents?status=valid&q=", api)
    timed("page GET /norms/search/?q=", page)
    timed("selector public_search", selector)
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    total = NormativeDocument.objects.filter(agency__code=BENCH_AGENCY).count()
    chars = NormativeDocument.objects.filter(agency__code=BENCH_AGENCY).order_by("pk")[:2000]
    avg_chars = statistics.fmean(len(d.text) for d in chars) if total else 0
    report = {
        "database": connection.vendor, "version": version, "documents": total, "avg_chars_sample": avg_chars,
        "build_seconds": build_seconds, "figures": figures,
        "per_query": {q: {"count": v["count"], "median_ms": statistics.median(v["ms"])} for q, v in per_query.items()},
        "target_p95_ms": TARGET_P95_MS, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}-norms-{connection.vendor}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    report["path"] = str(path)
    return report


def table(r: dict) -> list[str]:
    lines = [f"database   {r['database']} {r['version']} · {r['documents']:,} documents "
             f"(about {r['avg_chars_sample']:,.0f} characters each) · build {r['build_seconds']:.1f} s",
             f"{'measure':<52}{'p50':>9}{'p95':>9}{'max':>9}   (ms, {next(iter(r['figures'].values()))['requests']} "
             "requests each)"]
    for name, f in r["figures"].items():
        lines.append(f"{name:<52}{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}{f['max_ms']:>9.1f}")
    lines.append("per query (API, median ms, matches):")
    for q, v in r["per_query"].items():
        lines.append(f"  {q:<12}{v['median_ms']:>8.1f}  {v['count']}")
    p95 = r["figures"]["API GET /api/v1/norms/documents?status=valid&q="]["p95_ms"]
    lines.append(f"target p95 ≤ {r['target_p95_ms']:.0f} ms: {'met' if p95 <= r['target_p95_ms'] else 'NOT met'} "
                 f"(API p95 {p95:.1f} ms)")
    lines.append(f"written to {r['path']}")
    return lines
