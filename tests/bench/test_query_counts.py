"""The pages the benchmark times issue as many queries with 50 cases, documents and inspections as with 5: the staff
inbox, the case page (of every kind), the service guide, the publicity lists, the search of normative documents and
the statistics dashboard (no query per row, per event, per clock or per document: no N+1).

The data is the bench province's (`fazhi bench seed`, bench/scale/), concentrated on the provincial bureau: a small
seed, the counts, then a second seed on top of it (45 more of each), the counts again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.scale import gen, seed
from bench.scale.pages import PAGES, PROVINCE_CODE, urls
from fazhi.core.models import Agency, User
from fazhi.inspection.models import Task
from fazhi.licensing.models import Item
from fazhi.norms.models import NormativeDocument
from fazhi.process.models import Case
from fazhi.workdays import calendar

pytestmark = pytest.mark.django_db

ONE = {"directory": 1, "cases": 1, "norms": 1, "inspections": 1}
SMALL = gen.Scale("q-small", cases=5, entities=100, norms=5, inspections=5, public=10, chunks=ONE, years=1,
                  stall=0.6, only_province=True)
GROW = gen.Scale("q-grow", cases=45, entities=100, norms=45, inspections=45, public=10, chunks=ONE, years=1,
                 stall=0.6, only_province=True)
# The transparency-log badges of the publicity lists are read in one query per page ({% tlog_prefetch %}).
KNOWN: dict[str, str] = {}  # pages whose count is known to grow, with the reason (none now)


@pytest.fixture(autouse=True)
def _calendar_cache_stays(monkeypatch):
    """The calendar cache re-reads the list of loaded years once a minute: not inside a measurement."""
    monkeypatch.setattr(calendar._Cache, "REVALIDATE_SECONDS", 10**9, raising=False)


@pytest.fixture(autouse=True)
def _results(monkeypatch, tmp_path):
    monkeypatch.setenv("FAZHI_BENCH_RESULTS", str(tmp_path))


def _seed(scale) -> None:
    seed.forget()
    seed.run(scale, progress=False, floor=False, out=lambda *_a: None, write=False)


def _clients() -> dict[str, Client]:
    out = {"anon": Client()}
    for key in ("clerk", "handler", "director"):
        c = Client()
        c.force_login(User.objects.get(username=f"{PROVINCE_CODE}_{key}"))
        out[key] = c
    return out


def _count(client: Client, url: str) -> int:
    """The page's queries; the session's own (read, then write with its savepoint, every request) are left out:
    whether the write shows up depends on the clock, not on the data."""
    assert client.get(url).status_code == 200, url  # warm-up: session, calendar, flowcharts
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len([q for q in ctx.captured_queries if "django_session" not in q["sql"]
                and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))])


def _page_counts(clients) -> dict[str, int]:
    import random

    province = Agency.objects.get(code=PROVINCE_CODE)
    items = list(Item.objects.filter(agency=province).values_list("code", flat=True))
    out = {}
    for page in PAGES:
        if page.name.startswith("case page"):
            continue
        [url] = urls(page, random.Random(1), 1, province=province, cases=[], items=items)
        out[page.name] = _count(clients[page.who], url)
    return out


def _case_counts(client, pks) -> dict[int, int]:
    from django.urls import reverse

    return {pk: _count(client, reverse("portal:case", args=[pk])) for pk in pks}


def _sizes() -> dict[str, int]:
    from fazhi.process.selectors import inbox

    inboxes = {f"inbox ({k})": inbox(User.objects.get(username=f"{PROVINCE_CODE}_{k}")).count()
               for k in ("clerk", "handler", "director")}
    return {"cases": Case.objects.exclude(kind__in=("norm", "inspection")).count(),
            "norms": NormativeDocument.objects.count(), "inspections": Case.objects.filter(kind="inspection").count(),
            **inboxes, "published": Case.objects.filter(published_on__isnull=False).count(),
            "results": Task.objects.filter(state="published").count(),
            "licensing published": Case.objects.filter(kind="licensing", published_on__isnull=False).count()}


def _publish_one_licensing_decision() -> None:
    """The licensing publicity list with rows at both sizes (a seed of 5 cases may have decided none yet)."""
    import datetime as dt

    from fazhi.licensing.models import Application

    app = Application.objects.filter(case__published_on__isnull=True).order_by("case_id").first()
    Case.objects.filter(pk=app.case_id).update(decided_on=dt.date(2026, 1, 5), published_on=dt.date(2026, 1, 6))


def test_pages_issue_the_same_queries_at_5_and_at_50():
    _seed(SMALL)
    Task.objects.update(state="published")  # at least one task in the results list, at both sizes
    _publish_one_licensing_decision()
    small_sizes = _sizes()
    assert small_sizes["inbox (clerk)"] >= 1 and small_sizes["inbox (handler)"] >= 1
    assert small_sizes["results"] >= 1 and small_sizes["published"] >= 1 and small_sizes["licensing published"] >= 1
    clients = _clients()
    first = list(Case.objects.values_list("pk", flat=True))
    small = _page_counts(clients)
    small_cases = _case_counts(clients["handler"], first)

    _seed(GROW)
    Task.objects.update(state="published")
    _publish_one_licensing_decision()
    large_sizes = _sizes()
    assert large_sizes["cases"] == 50 and large_sizes["norms"] == 50 and large_sizes["inspections"] == 50
    assert large_sizes["inbox (handler)"] > small_sizes["inbox (handler)"]
    assert large_sizes["results"] > small_sizes["results"]
    large = _page_counts(clients)
    for name, n in small.items():
        if name in KNOWN or small_sizes.get(name) == 0:
            continue  # an empty list skips the queries of its rows: only lists with rows at both sizes compare
        assert large[name] == n, (name, n, large[name])
    assert large["dashboard (director, province tree)"] < 3000  # per agency of the tree, not per record

    # the case page: the same case costs the same in the larger database, and every case of one kind in one state
    # costs the same, whatever its number of events, clocks, pauses, extensions and documents
    all_cases = _case_counts(clients["handler"], Case.objects.values_list("pk", flat=True))
    assert {pk: all_cases[pk] for pk in first} == small_cases
    # (what the page shows does depend on the kind of request: a confidential reporter costs the check of who may
    # see them, an anonymous one does not)
    from fazhi.requests.models import PublicRequest

    request = {r["case_id"]: (r["kind"], r["anonymous"], r["confidential"])
               for r in PublicRequest.objects.values("case_id", "kind", "anonymous", "confidential")}
    per_state: dict[tuple, set[int]] = {}
    for pk, kind, state in Case.objects.values_list("pk", "kind", "state"):
        per_state.setdefault((kind, state, request.get(pk)), set()).add(all_cases[pk])
    assert all(len(v) == 1 for v in per_state.values()), per_state
    assert max(all_cases.values()) <= 40
