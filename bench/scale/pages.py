"""The pages timed over a seeded province (`fazhi bench seed`), in-process with ``django.test.Client`` — server
time: middleware, view, queries, template — each beside the baseline ``/healthz`` measured in the same run with
the same kind of client (anonymous for the public pages, a logged-in officer for the staff pages):

* staff: the inbox of the provincial bureau's intake clerk, case handler and director, the case page of random
  cases of the bureau (every kind), the statistics dashboard of the province (every agency below it);
* public: the service guide of an item, the publicity lists (licensing decisions, inspection results, normative
  documents in force, enforcement officers) and the search of normative documents;
* the province's annual report for last year at scale (the steps of ``fazhi bench report``: a draft with every
  default figure, the DOCX with its figures, every figure of the dashboard), over the whole tree.

``PAGES`` is also what tests/bench/test_query_counts.py checks for constant query counts."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.run import _client, _run
from bench.scale.world import CODE_PREFIX

PROVINCE_CODE = f"{CODE_PREFIX}230000"


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # anon | clerk | handler | director
    kind: str  # staff | public
    max_requests: int | None = None  # a page that takes seconds is timed fewer times


PAGES = [
    Page("inbox (clerk)", "clerk", "staff"),
    Page("inbox (handler)", "handler", "staff"),
    Page("inbox (director)", "director", "staff"),
    Page("case page (handler)", "handler", "staff"),
    Page("dashboard (director, province tree)", "director", "staff", max_requests=5),
    Page("service guide", "anon", "public"),
    Page("publicity: licensing decisions", "anon", "public"),
    Page("publicity: inspection results", "anon", "public"),
    Page("publicity: normative documents", "anon", "public"),
    Page("publicity: enforcement officers", "anon", "public"),
    Page("search of normative documents", "anon", "public"),
]


def urls(page: Page, rng: random.Random, n: int, *, province, cases: list[int], items: list[str]) -> list[str]:
    from django.urls import reverse

    from fazhi.norms.textgen import BENCH_QUERIES

    if page.name.startswith("inbox"):
        return [reverse("portal:inbox")] * n
    if page.name.startswith("case page"):
        return [reverse("portal:case", args=[rng.choice(cases)]) for _ in range(n)]
    if page.name.startswith("dashboard"):
        return [reverse("reports:dashboard")] * n
    if page.name == "service guide":
        return [reverse("portal:guide", args=[rng.choice(items)]) for _ in range(n)]
    if page.name.endswith("licensing decisions"):
        return [reverse("portal:publicity")] * n
    if page.name.endswith("inspection results"):
        return [reverse("inspection:public_tasks", args=["results"])] * n
    if page.name.endswith("normative documents"):
        return [reverse("norms:index")] * n
    if page.name.endswith("enforcement officers"):
        return [reverse("officers:public")] * n
    if page.name.startswith("search"):
        return [reverse("norms:search") + "?" + urlencode({"q": BENCH_QUERIES[i % len(BENCH_QUERIES)]})
                for i in range(n)]
    raise KeyError(page.name)


def context(province_code: str = PROVINCE_CODE) -> dict:
    """The province, its staff, the case ids of its bureau (every kind) and the item codes of the guides."""
    from fazhi.core.models import Agency, User
    from fazhi.licensing.models import Item
    from fazhi.process.models import Case

    province = Agency.objects.get(code=province_code)
    staff = {key: User.objects.get(username=f"{province.code}_{key}") for key in ("clerk", "handler", "director")}
    cases = list(Case.objects.filter(agency=province).order_by("?").values_list("pk", flat=True)[:5000])
    items = list(Item.objects.filter(active=True).order_by("pk").values_list("code", flat=True))
    return {"province": province, "staff": staff, "cases": cases, "items": items}


def measure(*, requests: int = 100, warmup: int = 10, rng_seed: int = 7, out=print) -> dict:
    """p50 / p95 / max server time of every page, and of /healthz with the same client, in ms."""
    from django.urls import reverse

    from fazhi.process.definition import all_definitions
    from fazhi.process.flowchart import flowchart_svg
    from fazhi.process.selectors import inbox as inbox_selector

    for d in all_definitions():  # the pages embed flowcharts, drawn once per process and state
        for s in d.states:
            flowchart_svg(d.code, s.name)
        flowchart_svg(d.code)
    ctx = context()
    rng = random.Random(rng_seed)
    clients = {"anon": _client(), **{k: _client(u) for k, u in ctx["staff"].items()}}
    healthz = reverse("portal:healthz")
    figures: dict[str, dict] = {}
    figures["healthz (baseline, anonymous)"] = _run(clients["anon"], [healthz] * requests, [healthz] * warmup)
    figures["healthz (baseline, logged in)"] = _run(clients["handler"], [healthz] * requests, [healthz] * warmup)
    for page in PAGES:
        kw = {"province": ctx["province"], "cases": ctx["cases"], "items": ctx["items"]}
        n, w = min(requests, page.max_requests or requests), min(warmup, page.max_requests or warmup)
        row = _run(clients[page.who], urls(page, rng, n, **kw), urls(page, rng, max(1, w // 5) if page.max_requests
                                                                        else w, **kw))
        if page.name.startswith("inbox"):
            row["rows"] = inbox_selector(ctx["staff"][page.who]).count()
        base = figures["healthz (baseline, anonymous)" if page.who == "anon" else "healthz (baseline, logged in)"]
        row["ratio_p50"] = row["p50_ms"] / base["p50_ms"]
        row["ratio_p95"] = row["p95_ms"] / base["p95_ms"]
        row["kind"] = page.kind
        figures[page.name] = row
        out(f"  {page.name:<40} p50 {row['p50_ms']:8.1f}  p95 {row['p95_ms']:8.1f} ms  ({row['queries_mode']} queries)")
    return figures


def annual_report(*, year: int | None = None) -> dict:
    """The province's annual statistics and report for ``year`` (default: last year) over the whole tree: the same
    steps as ``fazhi bench report`` (fazhi/reports/bench.py) on the seeded province instead of its own bench
    agency. The draft is deleted afterwards."""
    from fazhi.core import clock as sysclock
    from fazhi.core.models import Agency
    from fazhi.reports import figures, selectors, services
    from fazhi.reports.generator import report_docx
    from fazhi.reports.models import AnnualReport

    province = Agency.objects.get(code=PROVINCE_CODE)
    year = year or sysclock.today().year - 1
    AnnualReport.objects.filter(agency=province, year=year).delete()
    try:
        t0 = time.perf_counter()
        report = services.report_create(actor=None, agency=province, year=year)
        t1 = time.perf_counter()
        report = AnnualReport.objects.select_related("agency").get(pk=report.pk)
        content = report_docx(report)
        t2 = time.perf_counter()
        ev = figures.evaluate(selectors.scope_for(province, year, "tree"))
        t3 = time.perf_counter()
        rows = selectors.paragraphs(report)
        stated = {k: ev[k].display for k in selectors.report_keys(rows)}
    finally:
        AnnualReport.objects.filter(agency=province, year=year).delete()
    return {"year": year, "create_seconds": t1 - t0, "generate_seconds": t2 - t1, "dashboard_seconds": t3 - t2,
            "docx_bytes": len(content), "figure_count": len(ev.values), "figures": stated}


def table(figures: dict) -> list[str]:
    lines = [f"{'page':<42}{'p50':>9}{'p95':>9}{'max':>9}{'queries':>9}{'×base p50':>11}{'×base p95':>11}"]
    for name, row in figures.items():
        label = name + (f" [{row['rows']:,} rows]" if "rows" in row else "")
        q = str(row["queries_mode"]) if row["queries_min"] == row["queries_max"] else (
            f"{row['queries_min']}–{row['queries_max']}")
        ratio = (f"{row['ratio_p50']:>10.1f}×{row['ratio_p95']:>10.1f}×" if "ratio_p50" in row else "")
        lines.append(f"{label:<42}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['max_ms']:>9.1f}{q:>9}{ratio}")
    return lines


def run(*, requests: int = 100, warmup: int = 10, out=print) -> dict:
    """`fazhi bench pages`: the pages and the annual report over the seeded province in the configured database,
    written to bench/results/<UTC timestamp>-pages-<db>.json."""
    import datetime as dt
    import json

    from django.db import connection

    from bench.scale.seed import results_dir

    figures = measure(requests=requests, warmup=warmup, out=out)
    for line in table(figures):
        out(line)
    report = annual_report()
    out(f"annual report {report['year']} (province tree): create {report['create_seconds']:.2f} s, generate "
        f"{report['generate_seconds']:.2f} s, dashboard figures {report['dashboard_seconds']:.2f} s (target < 10 s)")
    result = {"db": connection.vendor, "pages": figures, "annual_report": report,
              "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-pages-{connection.vendor}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    out(f"written to {path}")
    return result
