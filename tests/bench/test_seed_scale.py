"""`fazhi bench seed --scale tiny` (1/1000 of the province) on the test database — SQLite, or PostgreSQL when the
suite runs with DATABASE_URL pointing at one: the row counts, valid 统一社会信用代码, cases whose every state was
reached by a transition of their definition and whose events are hash-chained as `fazhi audit verify` requires,
and a run interrupted half-way that `--resume` completes with exactly the rows of an uninterrupted one. Nothing
here is timed (the figures are printed, not asserted)."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from bench.scale import gen, seed, tables, world
from bench.scale.replay import Counters
from fazhi.core.identifiers import validate_uscc
from fazhi.core.models import Agency, DocumentNumberCounter
from fazhi.inspection.models import Entity, Inspection, Task
from fazhi.licensing.models import Application
from fazhi.norms.models import NormativeDocument, SearchEntry
from fazhi.process.audit import verify_all
from fazhi.process.definition import get_definition
from fazhi.process.models import Case, CaseEvent, Clock
from fazhi.requests.models import PublicRequest

pytestmark = pytest.mark.django_db
TINY = gen.SCALES["tiny"]


def _counts() -> dict[str, int]:
    return {"cases": Case.objects.count(), "events": CaseEvent.objects.count(), "clocks": Clock.objects.count(),
            "entities": Entity.objects.count(), "norms": NormativeDocument.objects.count(),
            "search": SearchEntry.objects.count(), "inspections": Inspection.objects.count(),
            "tasks": Task.objects.count(), "applications": Application.objects.count(),
            "requests": PublicRequest.objects.count()}


def _chains_digest() -> str:
    h = hashlib.sha256()
    for number, head in Case.objects.order_by("number").values_list("number", "last_event_hash"):
        h.update(f"{number} {head}\n".encode())
    return h.hexdigest()


def _assert_consistent() -> None:
    # every event chain verifies exactly as `fazhi audit verify` checks it
    problems = [p for _checked, ps in verify_all() for p in ps]
    assert problems == [], problems[:5]
    # every state was reached by a transition of the case's definition, from a state it allows
    events: dict[int, list] = {}
    for case_id, seq, name, frm, to in CaseEvent.objects.order_by("case_id", "seq").values_list(
            "case_id", "seq", "transition", "from_state", "to_state"):
        events.setdefault(case_id, []).append((seq, name, frm, to))
    running: dict[int, list] = {}
    for case_id, due in Clock.objects.filter(state="running").values_list("case_id", "due"):
        running.setdefault(case_id, []).append(due)
    for case in Case.objects.only("id", "kind", "state", "closed_on", "next_due", "event_count"):
        d = get_definition(case.kind)
        chain = events[case.pk]
        assert len(chain) == case.event_count
        assert chain[0][1:] == ("open", "", d.initial), (case.pk, chain[0])
        state = d.initial
        for _seq, name, frm, to in chain[1:]:
            t = d.transition(name)
            assert frm == state and state in t.sources, (case.kind, name, frm, state)
            assert to == (t.target or state), (case.kind, name, to)
            state = to
        assert state == case.state
        assert (case.closed_on is not None) == d.state(case.state).terminal, (case.kind, case.state)
        dues = [x for x in running.get(case.pk, []) if x is not None]
        assert case.next_due == (min(dues) if dues else None), case.pk


@pytest.fixture(autouse=True)
def _results(monkeypatch, tmp_path):
    monkeypatch.setenv("FAZHI_BENCH_RESULTS", str(tmp_path / "results"))
    return tmp_path / "results"


def test_tiny_seed(_results):
    out = io.StringIO()
    call_command("bench", "seed", "--scale", "tiny", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "ratio seed/COPY" in text and "floor (the database's own bulk load of the same rows)" in text, text
    assert "written to" in text and len(list(_results.glob("*-seed-tiny-*.json"))) == 1

    # the province: 1 + 13 + 120 archives bureaus, realistic names
    levels = dict(Agency.objects.filter(code__startswith=world.CODE_PREFIX).values_list("level").annotate(
        n=Count("id")).values_list("level", "n"))
    assert levels == {"province": 1, "city": 13, "county": 120}
    assert Agency.objects.filter(name="黑龙江省档案局", level="province").exists()
    assert Agency.objects.filter(name="哈尔滨市档案局", parent__name="黑龙江省档案局").exists()
    assert Agency.objects.filter(name="尚志市档案局", parent__name="哈尔滨市档案局").exists()

    c = _counts()
    assert c["entities"] == TINY.entities == 10_000
    assert c["cases"] == TINY.cases + TINY.norms + TINY.inspections
    assert c["applications"] + c["requests"] == TINY.cases
    assert c["norms"] == c["search"] == TINY.norms and c["inspections"] == TINY.inspections
    assert c["events"] >= 2 * c["cases"] and c["tasks"] > 0
    kinds = dict(Case.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    assert set(kinds) == {"licensing", "disclosure", "complaint_report", "petition", "norm", "inspection"}
    # realistic states: most closed, some open, some of those overdue; several outcomes per kind
    lic = Case.objects.filter(kind="licensing")
    closed = lic.filter(closed_on__isnull=False).count()
    assert 0.5 * lic.count() < closed < lic.count()
    assert len(set(lic.values_list("outcome", flat=True))) >= 4
    assert Case.objects.filter(closed_on__isnull=True, next_due__isnull=False).exists()

    for uscc in Entity.objects.values_list("uscc", flat=True).iterator(chunk_size=5000):
        assert validate_uscc(uscc) == uscc
    _assert_consistent()
    # numbers continue where the services will continue them
    assert DocumentNumberCounter.objects.filter(number_code="#XK").exists()

    # every page the benchmark times answers over the seeded data (`fazhi bench pages`, one request each)
    pages_out = io.StringIO()
    call_command("bench", "pages", "--requests", "1", stdout=pages_out)
    assert "search of normative documents" in pages_out.getvalue() and "annual report" in pages_out.getvalue()
    assert len(list(_results.glob("*-pages-*.json"))) == 1

    # a second run finds the seed complete and changes nothing
    again = io.StringIO()
    call_command("bench", "seed", "--scale", "tiny", "--no-progress", stdout=again)
    assert "is complete in this database" in again.getvalue()
    assert _counts() == c
    with pytest.raises(CommandError, match="scale tiny, not city"):
        call_command("bench", "seed", "--scale", "city", "--no-progress", stdout=io.StringIO())


def _expected(tmp_path) -> tuple[dict[str, int], str]:
    """The rows an uninterrupted run writes, generated in memory (the chunks are deterministic)."""
    st = seed._state()
    w = world.ensure_world(public_accounts=TINY.public)
    ctx = seed.make_context(TINY, st["plan"], w)
    counters = Counters(st["plan"]["counters"])
    rows: dict[str, int] = {}
    heads = []
    case_t = tables.table("case", connection.vendor)
    num_i, head_i = case_t.attnames.index("number"), case_t.attnames.index("last_event_hash")
    for phase in gen.PHASES:
        for chunk in range(TINY.chunks[phase]):
            c2 = Counters(counters.state())
            packed, _n = gen.generate(ctx, phase, chunk, c2)
            counters = c2
            for key, data in packed.items():
                if isinstance(data, bytes):
                    lines = data.decode().splitlines()
                    rows[key] = rows.get(key, 0) + len(lines)
                    if key == "case":
                        heads += [(ln.split("\t")[num_i], ln.split("\t")[head_i]) for ln in lines]
                else:
                    rows[key] = rows.get(key, 0) + len(data)
                    if key == "case":
                        heads += [(r[num_i], r[head_i]) for r in data]
    h = hashlib.sha256()
    for number, head in sorted(heads):
        h.update(f"{number} {head}\n".encode())
    return rows, h.hexdigest()


def test_resume_after_an_interrupted_run(tmp_path):
    before = _counts()
    report = seed.run("tiny", stop_after=6, progress=False, floor=False, out=lambda *_a: None, write=False)
    assert report == {"scale": "tiny", "chunks_done": 6, "finished": False}
    half = _counts()
    assert 0 < half["cases"] < TINY.cases and half["entities"] == TINY.entities  # the directory came first
    assert seed.status() == {"scale": "tiny", "chunks_done": 6, "chunks": 12, "finished": False}
    with pytest.raises(CommandError, match="--resume"):
        call_command("bench", "seed", "--scale", "tiny", "--no-progress", stdout=io.StringIO())

    call_command("bench", "seed", "--scale", "tiny", "--resume", "--no-progress", "--no-floor",
                 stdout=io.StringIO())
    assert seed.status()["finished"] is True
    expected, digest = _expected(tmp_path)
    done = _counts()
    assert done["cases"] - before["cases"] == expected["case"] == TINY.cases + TINY.norms + TINY.inspections
    assert done["events"] - before["events"] == expected["event"]
    assert done["clocks"] - before["clocks"] == expected["clock"]
    assert done["entities"] == expected["entity"] and done["inspections"] == expected["inspection"]
    assert _chains_digest() == digest  # the same cases, numbers and event chains as an uninterrupted run
    _assert_consistent()
