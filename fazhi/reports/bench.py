"""`fazhi bench report --cases N`: the province's annual report over N cases received in one year.

A bench province (``bench-report``, no superior) gets N cases of the year in the configured database — 60 %
licensing applications (with their ``Application``), 40 % public requests spread over the registered request
kinds (with their ``PublicRequest``), each with one statutory clock (90 % stopped, 95 % of those on time) —
written in bulk (``executemany`` on SQLite, COPY on PostgreSQL), then ``ANALYZE``. The cases stay for the next run
(rebuilt when N differs). Then, timed:

* **create**: a new draft report with the default paragraphs (every figure of the registry computed once);
* **generate**: ``report_docx(report)`` — the figures the paragraphs name, computed again, and the DOCX;
* **dashboard**: every figure of the registry for the province (``figures.evaluate``).

The run's report is deleted at the end; the figures it stated are printed."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency

BENCH_AGENCY = "bench-report"
ITEM_CODES = ("bench-report-1", "bench-report-2", "bench-report-3")
NUMBER_PREFIX = "RB"


def _writer(model, overrides: tuple[str, ...]):
    """(table, columns, base row) for inserting ``model`` rows: every concrete column, its default value (prepared
    for the database) unless the row overrides it."""
    fields = model._meta.concrete_fields
    names = [f.attname for f in fields]
    base = []
    now = sysclock.now()
    for f in fields:
        if f.attname in overrides:
            base.append(None)
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        else:
            value = ""
        base.append(f.get_db_prep_save(value, connection))
    index = [names.index(n) for n in overrides]
    return model._meta.db_table, [f.column for f in fields], base, index


def _insert(model, overrides: tuple[str, ...], rows) -> int:
    table, columns, base, index = _writer(model, overrides)
    count = 0
    batch: list[tuple] = []

    def flush():
        if not batch:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _c in columns)
            connection.ensure_connection()
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - names from _meta
            connection.connection.executemany(sql, batch)
        batch.clear()

    for values in rows:
        row = list(base)
        for i, v in zip(index, values, strict=True):
            row[i] = v
        batch.append(tuple(row))
        count += 1
        if len(batch) >= 50_000:
            flush()
    flush()
    return count


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _agency() -> Agency:
    agency = Agency.objects.filter(code=BENCH_AGENCY).first()
    if agency is None:
        agency = Agency.objects.create(code=BENCH_AGENCY, name="基准测试省档案局", short_name="基档", level="province")
    return agency


def _clear(agency: Agency) -> None:
    from fazhi.licensing.models import Application
    from fazhi.process.models import Case, Clock
    from fazhi.requests.models import PublicRequest

    cases = Case.objects.filter(agency=agency, number__startswith=NUMBER_PREFIX)
    ids = cases.values("pk")
    with transaction.atomic():
        PublicRequest.objects.filter(case__in=ids)._raw_delete(connection.alias)
        Application.objects.filter(case__in=ids)._raw_delete(connection.alias)
        Clock.objects.filter(case__in=ids)._raw_delete(connection.alias)
        cases._raw_delete(connection.alias)


def ensure_cases(n: int, year: int, out=print) -> int:
    """Make the bench province hold exactly ``n`` bench cases received in ``year``."""
    from fazhi.licensing.models import Application, Item
    from fazhi.process.models import Case, Clock
    from fazhi.requests.kinds import all_kinds
    from fazhi.requests.models import PublicRequest

    agency = _agency()
    have = Case.objects.filter(agency=agency, number__startswith=NUMBER_PREFIX, received_on__year=year).count()
    total = Case.objects.filter(agency=agency, number__startswith=NUMBER_PREFIX).count()
    if have == n and total == n:
        return n
    out(f"building the bench cases: {total} → {n}")
    _clear(agency)
    items = []
    for order, code in enumerate(ITEM_CODES):
        item, _created = Item.objects.get_or_create(code=code, defaults={
            "agency": agency, "name": f"基准许可事项{order + 1}", "legal_basis": "基准", "conditions": "基准",
            "channels": "网上办理", "contact": "0451-0000000", "order": order})
        items.append(item.pk)
    kinds = [k.code for k in all_kinds()] or ["complaint"]
    rng = random.Random(n)
    start = time.perf_counter()
    first_case, first_clock = _next_id(Case), _next_id(Clock)
    first_app, first_req = _next_id(Application), _next_id(PublicRequest)
    days = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
    plan = []  # (case id, kind code or None for licensing, received, closed, due, stopped)
    for i in range(n):
        received = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(days))
        due = received + dt.timedelta(days=20 + rng.randrange(10))
        closed = rng.random() < 0.9
        stopped = (due - dt.timedelta(days=rng.randrange(15))) if rng.random() < 0.95 else due + dt.timedelta(days=3)
        kind = None if rng.random() < 0.6 else kinds[i % len(kinds)]
        plan.append((first_case + i, kind, received, closed, due, stopped if closed else None))
    outcomes = ("granted",) * 8 + ("denied", "withdrawn")
    channels = ("online",) * 6 + ("counter",) * 3 + ("post",)
    with transaction.atomic():
        _insert(Case, ("id", "kind", "number", "agency_id", "party_kind", "party_name", "channel", "received_on",
                       "submitted_on", "closed_on", "state", "outcome", "verification_hash"),
                ((cid, kind or "licensing", f"{NUMBER_PREFIX}{year}-{cid:09d}", agency.pk, "legal_person",
                  "基准申请单位", channels[cid % len(channels)], received.isoformat(), received.isoformat(),
                  (stopped or received).isoformat() if closed else None, "closed" if closed else "open",
                  (outcomes[cid % len(outcomes)] if kind is None and closed else ""), "0" * 64)
                 for cid, kind, received, closed, due, stopped in plan))
        out(f"  cases      {n}  ({time.perf_counter() - start:.1f} s)")
        _insert(Clock, ("id", "case_id", "name", "label", "budget", "unit", "legal_basis", "started_on", "state",
                        "due", "stopped_on"),
                ((first_clock + k, cid, "decide", "办理期限", 20, "workday", "基准", received.isoformat(),
                  "stopped" if closed else "running", due.isoformat(), stopped.isoformat() if stopped else None)
                 for k, (cid, kind, received, closed, due, stopped) in enumerate(plan)))
        out(f"  clocks     {n}  ({time.perf_counter() - start:.1f} s)")
        lic = [p for p in plan if p[1] is None]
        _insert(Application, ("id", "case_id", "item_id", "decision"),
                ((first_app + k, p[0], items[p[0] % len(items)], "") for k, p in enumerate(lic)))
        out(f"  licensing  {len(lic)}  ({time.perf_counter() - start:.1f} s)")
        req = [p for p in plan if p[1] is not None]
        _insert(PublicRequest, ("id", "case_id", "kind"), ((first_req + k, p[0], p[1]) for k, p in enumerate(req)))
        out(f"  requests   {len(req)}  ({time.perf_counter() - start:.1f} s)")
    if connection.vendor == "postgresql":
        for model in (Case, Clock, Application, PublicRequest):
            table = model._meta.db_table
            with connection.cursor() as cur:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - names from _meta
                            f"(SELECT max(id) FROM {table}))")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    out(f"  analyzed   ({time.perf_counter() - start:.1f} s)")
    return n


def run(n: int, *, out=print) -> dict:
    from fazhi.reports import figures, selectors, services
    from fazhi.reports.generator import report_docx
    from fazhi.reports.models import AnnualReport

    year = sysclock.today().year - 1
    ensure_cases(n, year, out=out)
    agency = _agency()
    AnnualReport.objects.filter(agency=agency, year=year).delete()
    try:
        t0 = time.perf_counter()
        report = services.report_create(actor=None, agency=agency, year=year)
        t1 = time.perf_counter()
        report = AnnualReport.objects.select_related("agency").get(pk=report.pk)
        content = report_docx(report)
        t2 = time.perf_counter()
        ev = figures.evaluate(selectors.scope_for(agency, year, "own"))
        t3 = time.perf_counter()
        rows = selectors.paragraphs(report)
        keys = selectors.report_keys(rows)
        stated = {k: ev[k].display for k in keys}
    finally:
        AnnualReport.objects.filter(agency=agency, year=year).delete()
    return {"database": connection.vendor, "cases": n, "year": year, "create_seconds": t1 - t0,
            "generate_seconds": t2 - t1, "dashboard_seconds": t3 - t2, "docx_bytes": len(content),
            "figures": stated, "figure_count": len(ev.values)}
