"""The fast paths of the draw (docs/draw.md) give exactly what the spec, read literally, gives.

- ``select`` / ``scan_candidates`` over candidate files fed in chunks of any size (split inside a line or a
  UTF-8 character), with the bounded per-stratum lists and their cut-back, against a reference that sorts
  everything; ticket ties (forced with a coarse hash) are broken by id bytes.
- ``assign`` (whole-digest shortcut, inspectors leaving the pool at max_load) against a literal reference.
- A malformed candidate file gets the same message from the block scanner as from the line reader.
- The commit writes exactly candidates_bytes from the database, in byte order, non-ASCII ids included,
  leaving out and naming recently inspected units; the draw reads that file.

Correctness only: no timing assertions (the timings are `fazhi bench draw`, bench/README.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.inspection import draw as d

SEED = hashlib.sha256(b"fazhi-draw perf test").digest()


def reference_select(seed, candidates, quotas):
    """The spec read literally: per stratum, sort by (target ticket, id bytes), take k; then sort them all."""
    def key(c):
        return d.ticket(seed, "target", c[0]), c[0].encode("utf-8")
    chosen = []
    for s, k in quotas.items():
        chosen += sorted((c for c in candidates if c[1] == s), key=key)[:k]
    chosen.sort(key=key)
    return [(i, s, d.ticket(seed, "target", i)) for i, s in chosen]


def reference_assign(seed, targets, pool, exclusions, team_size, max_load):
    excluded = {(a, t) for a, t in exclusions}
    load = dict.fromkeys(pool, 0)
    teams, unstaffed = [], []
    for t in targets:
        ok = sorted((p for p in pool if (p, t) not in excluded and load[p] < max_load),
                    key=lambda p, t=t: (d.ticket(seed, "inspector", t, p), p.encode("utf-8")))
        if len(ok) < team_size:
            unstaffed.append(t)
            continue
        teams.append((t, ok[:team_size]))
        for p in ok[:team_size]:
            load[p] += 1
    return teams, unstaffed


def candidates_bytes(candidates) -> bytes:
    return b"".join(f"{i}\t{s}\n".encode() for i, s in sorted(candidates, key=lambda c: c[0].encode("utf-8")))


def chunks_of(data: bytes, rng: random.Random):
    """``data`` cut at random places (single bytes, inside UTF-8 characters, whole blocks)."""
    out, i = [], 0
    while i < len(data):
        n = rng.choice([1, 2, 3, 7, 64, 1000, len(data)])
        out.append(data[i:i + n])
        i += n
    return out


ids = st.text(st.characters(codec="utf-8", exclude_characters="\t\n\r"), min_size=1, max_size=5)
tricky = st.sampled_from(["é", "e\u0301", "𝔸", "\uffff", "Z", "z", "黑档执-0001", "a b", " ", "\x00", "a\x00", "a"])
strata = st.sampled_from(["A", "B", "甲", "é", "kind-x"])


@st.composite
def selection_cases(draw):
    cids = draw(st.lists(st.one_of(ids, tricky), max_size=60, unique=True))
    candidates = sorted(((i, draw(strata)) for i in cids), key=lambda c: c[0].encode("utf-8"))
    counts = Counter(s for _i, s in candidates)
    quotas = {}
    for s in draw(st.lists(strata, unique=True, max_size=5)):  # some strata with candidates get no quota
        quotas[s] = draw(st.integers(0, counts[s]))
    return candidates, quotas, draw(st.randoms(use_true_random=False))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(selection_cases(), st.binary(min_size=32, max_size=32))
def test_select_matches_the_reference_for_items_and_for_chunks(case, seed):
    candidates, quotas, rng = case
    want = reference_select(seed, candidates, quotas)
    assert d.select(seed, iter(candidates), quotas) == want
    data = candidates_bytes(candidates)
    digest, counts, selected = d.scan_candidates(d.CandidateChunks(chunks_of(data, rng)), seed, quotas)
    assert selected == want
    assert digest == hashlib.sha256(data).hexdigest() == d.digest_candidates(iter(candidates))[0]
    assert counts == dict(Counter(s for _i, s in candidates))
    assert list(counts) == list(dict.fromkeys(s for _i, s in candidates))  # in order of first appearance


@pytest.mark.parametrize("quotas", [{"A": 1, "B": 7, "C": 50}, {"A": 333, "B": 0, "C": 1000}, {"B": 2}])
def test_many_candidates_small_quotas(quotas):
    """Enough candidates per stratum for the kept lists to be cut back many times."""
    rng = random.Random(7)
    pool = "0123456789ABCDEFGHJKLMNPQRTUWXYéß中文"
    cids = {"".join(rng.choice(pool) for _ in range(rng.randint(1, 12))) for _ in range(3000)}
    candidates = sorted(((c, rng.choice("AABBBC")) for c in cids), key=lambda c: c[0].encode("utf-8"))
    want = reference_select(SEED, candidates, quotas)
    assert d.select(SEED, iter(candidates), quotas) == want
    data = candidates_bytes(candidates)
    assert d.scan_candidates(d.CandidateChunks(chunks_of(data, rng)), SEED, quotas)[2] == want
    assert d.scan_candidates(d.CandidateChunks(d.read_chunks(io.BytesIO(data), 4096)), SEED, quotas)[2] == want


class CoarseSha256:
    """SHA-256 whose first 8 bytes take only three values: ticket ties everywhere (the rest is genuine)."""

    _real = hashlib.sha256

    def __init__(self, data=b""):
        self._h = self._real(data)

    def copy(self):
        other = object.__new__(CoarseSha256)
        other._h = self._h.copy()
        return other

    def update(self, data):
        self._h.update(data)

    def digest(self):
        full = self._h.digest()
        return bytes(7) + bytes([full[0] % 3]) + full[8:]

    def hexdigest(self):
        return self.digest().hex()


def test_ticket_ties_are_broken_by_id_bytes(monkeypatch):
    monkeypatch.setattr(hashlib, "sha256", CoarseSha256)
    rng = random.Random(3)
    candidates = sorted(((f"{n:05d}{rng.choice('xé')}", rng.choice("AB")) for n in range(400)),
                        key=lambda c: c[0].encode("utf-8"))
    quotas = {"A": 37, "B": 90}
    want = reference_select(SEED, candidates, quotas)
    assert len({t for _i, _s, t in want}) <= 3  # ties everywhere
    assert d.select(SEED, iter(candidates), quotas) == want
    assert d.scan_candidates(d.CandidateChunks(chunks_of(candidates_bytes(candidates), rng)), SEED, quotas)[2] == want
    pool = [f"检-{i:02d}" for i in range(12)]
    targets = [i for i, _s, _t in want]
    exclusions = [(pool[i % 12], targets[i]) for i in range(0, len(targets), 5)]
    assert d.assign(SEED, want, pool, exclusions, 3, 30) == reference_assign(SEED, targets, pool, exclusions, 3, 30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ids, tricky), max_size=30, unique=True),
       st.lists(st.one_of(ids, st.builds(lambda n: f"黑档执-{n:04d}", st.integers(0, 20))), max_size=10, unique=True),
       st.integers(2, 4), st.integers(1, 6), st.binary(min_size=32, max_size=32), st.randoms(use_true_random=False))
def test_assign_matches_the_reference(targets, pool, team_size, max_load, seed, rng):
    exclusions = [(rng.choice(pool), rng.choice(targets)) for _ in range(rng.randint(0, 12))] if pool and targets else []
    got = d.assign(seed, targets, pool, exclusions, team_size, max_load)
    assert got == reference_assign(seed, targets, sorted(pool, key=d.sort_key), exclusions, team_size, max_load)


GOOD = "A1\ts\nA2\ts\nBé\tt\n".encode()
BAD_FILES = [
    b"A2\ts\nA1\ts\n",  # not ascending
    b"A1\ts\nA1\tt\n",  # duplicate
    b"\ts\nA\ts\n",  # empty id
    b"A\t\n",  # empty stratum
    b"A\ts\tx\n",  # two TABs
    b"A1\ts\nA2\n",  # no TAB
    b"A\r1\ts\n",  # CR in an id
    b"A1\ts\r\n",  # CR at the end of a line
    b"A1\ts\nA\xff\ts\n",  # not UTF-8
    b"A1\ts\nA2\ts",  # no LF at the end
    b"A1\ts\n\n",  # an empty line
    GOOD + b"Z1\ts\nZ0\ts\n",  # out of order after good lines
    GOOD + b"C\tu\n" + b"B\tu\n",  # out of order right after the first block
]


def line_reader_error(data: bytes) -> str:
    with pytest.raises(d.DrawInputError) as e:
        for _item in d._checked_candidates(d._candidate_lines(io.BytesIO(data))):
            pass
    return str(e.value)


@pytest.mark.parametrize("data", BAD_FILES)
@pytest.mark.parametrize("size", [1, 5, 11, 1 << 16])
def test_block_scanner_reports_what_the_line_reader_reports(data, size):
    want = line_reader_error(data)
    with pytest.raises(d.DrawInputError) as e:
        d.scan_candidates(d.CandidateChunks(d.read_chunks(io.BytesIO(data), size)), SEED, {"s": 1})
    assert str(e.value) == want
    assert d.verify_record({"format": d.FORMAT}, candidates_bytes=data)  # and the verifier does not crash


def test_verifier_reads_candidate_files_in_chunks(tmp_path):
    rng = random.Random(11)
    candidates = sorted(((f"9123{n:014d}", rng.choice("ABCD")) for n in range(5000)), key=lambda c: c[0])
    data = candidates_bytes(candidates)
    path = tmp_path / "candidates.tsv"
    path.write_bytes(data)
    with path.open("rb") as fh:
        from_file = d.scan_candidates(d.CandidateChunks(d.read_chunks(fh, 777)))
    assert from_file == (hashlib.sha256(data).hexdigest(), dict(Counter(s for _i, s in candidates)), None)


# --------------------------------------------------------------------------------------------------
# Through the database: commit (the file is exactly candidates_bytes, in byte order) and draw.

TRICKY_USCC = ["91230100MA0000001A", "9123010OMA0000002B", "é-unit", "e\u0301-unit", "𝔸-unit", "\uffff-unit", "Z-unit",
               "z-unit", "a b", "a", "a!", "黑档执单位", "ß", "~"]


@pytest.mark.django_db
def test_commit_writes_candidates_bytes_in_byte_order_and_the_draw_reads_it(world, today):
    from fazhi.inspection.models import Entity, InspectionItem, Officer, Task
    from fazhi.inspection.services import task_commit, task_create, task_draw

    InspectionItem.objects.create(agency=world.agency, code="perf-1", name="档案工作情况检查", legal_basis="档案法",
                                  subject="企业", method="现场检查", category="key")
    for n, uscc in enumerate(TRICKY_USCC):
        Entity.objects.create(uscc=uscc, name=f"单位{n}", kind="enterprise", region_code="230102",
                              risk_class="ABCD"[n % 4])
    Entity.objects.create(uscc="0-closed", name="已注销", kind="enterprise", region_code="230102", risk_class="A",
                          active=False)
    for i in range(1, 6):
        Officer.objects.create(agency=world.agency, name=f"检查员{i}", certificate_number=f"黑档执-{i:04d}",
                               issuing_authority="省政府", valid_from=dt.date(2020, 1, 1),
                               valid_until=dt.date(2035, 1, 1))
    head = world.users["head"]
    spec = {"A": {"ratio": "0.5"}, "B": {"count": 2}, "C": {"ratio": "1"}, "D": {"count": 0}}
    task = task_create(actor=head, title="字节序", year=today.year, item_codes=["perf-1"], quota_spec=spec,
                       beacon_source="某期开奖号码")
    task = task_commit(task_id=task.pk, actor=head)
    candidates = [(u, "ABCD"[n % 4]) for n, u in enumerate(TRICKY_USCC)]
    want = candidates_bytes(candidates)
    with task.candidates_file.open("rb") as fh:
        assert fh.read() == want
    assert task.candidates_digest == hashlib.sha256(want).hexdigest()
    assert task.strata_counts == dict(Counter(s for _u, s in candidates))

    task = task_draw(task_id=task.pk, actor=head, beacon_value="1 2 3")
    seed = bytes.fromhex(task.seed)
    selected = reference_select(seed, candidates, task.quotas)
    assert task.selected == [{"id": i, "stratum": s, "ticket": d.format_ticket(t)} for i, s, t in selected]
    teams, unstaffed = reference_assign(seed, [i for i, _s, _t in selected], task.pool, [], 2, task.max_load_effective)
    assert task.assignments == [{"target": t, "inspectors": team} for t, team in teams]
    assert task.unstaffed == unstaffed

    # A later task leaving out the units drawn within the last months lists them with their names.
    later = task_create(actor=head, title="近期排除", year=today.year, item_codes=["perf-1"], quota_spec=spec,
                        beacon_source="某期开奖号码", exclude_recent_months=6)
    later = task_commit(task_id=later.pk, actor=head)
    drawn = {s["id"] for s in task.selected}
    with later.candidates_file.open("rb") as fh:
        assert fh.read() == candidates_bytes([c for c in candidates if c[0] not in drawn])
    names = dict(Entity.objects.values_list("uscc", "name"))
    assert {e["id"]: e["name"] for e in later.recent_exclusions} == {u: names[u] for u in drawn}
    assert Task.objects.count() == 2


@pytest.mark.django_db
def test_the_draw_refuses_a_candidate_file_that_is_not_the_committed_one(world, today):
    from django.core.files.base import ContentFile

    from fazhi.inspection.models import Entity, InspectionItem, Officer
    from fazhi.inspection.services import task_commit, task_create, task_draw

    InspectionItem.objects.create(agency=world.agency, code="perf-2", name="检查", legal_basis="档案法",
                                  subject="企业", method="现场检查", category="key")
    for n in range(6):
        Entity.objects.create(uscc=f"U{n}", name=f"单位{n}", kind="enterprise", region_code="230102", risk_class="A")
    for i in range(1, 4):
        Officer.objects.create(agency=world.agency, name=f"检查员{i}", certificate_number=f"黑档执-{i:04d}",
                               issuing_authority="省政府", valid_from=dt.date(2020, 1, 1),
                               valid_until=dt.date(2035, 1, 1))
    head = world.users["head"]
    task = task_create(actor=head, title="篡改", year=today.year, item_codes=["perf-2"],
                       quota_spec={"A": {"count": 2}}, beacon_source="某期开奖号码")
    task = task_commit(task_id=task.pk, actor=head)
    task.candidates_file.save("tampered.tsv", ContentFile(b"U0\tA\nU1\tA\n"), save=True)
    with pytest.raises(ValidationError, match="摘要不同"):
        task_draw(task_id=task.pk, actor=head, beacon_value="1 2 3")
    task.refresh_from_db()
    assert task.state == "committed" and not task.selected
