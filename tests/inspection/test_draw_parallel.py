"""The draw split over forked processes (docs/draw.md; bench/README.md "Draw at scale") gives exactly what the
single-process draw gives: the selection over byte ranges of the candidate file (cut at line boundaries, the
whole file still hashed and its order checked across the cuts) and the assignment from per-target prefixes of
the pool order (the parent sorting a target exactly itself when the prefix has too few eligible inspectors).

The parallel paths are forced with thresholds of 0; correctness only, no timing assertions.
"""

from __future__ import annotations

import hashlib
import random

import pytest

from fazhi.inspection import draw as d
from tests.inspection import test_draw_perf as perf

SEED = hashlib.sha256(b"fazhi-draw parallel test").digest()
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXYéß中文𝔸\uffff"


def random_candidates(rng: random.Random, n: int, strata: str = "AABBBC甲") -> list[tuple[str, str]]:
    cids = {"".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))) for _ in range(n)}
    return sorted(((c, rng.choice(strata)) for c in cids), key=lambda c: c[0].encode("utf-8"))


def serial_scan(path, seed, quotas):
    return d.scan_candidates(d.CandidateChunks(d._file_chunks(path)), seed, quotas)


def parallel_scan(path, seed, quotas, workers=2):
    return d.scan_candidates_file(path, seed, quotas, workers=workers, min_lines=0)


@pytest.fixture
def spy(monkeypatch):
    """Counts the calls of the parallel paths (in the parent), so that a test knows they ran."""
    calls = {"scan": 0, "assign": 0}
    scan, assign_ = d._scan_parallel, d._assign_parallel

    def scan_spy(*args):
        calls["scan"] += 1
        return scan(*args)

    def assign_spy(*args):
        calls["assign"] += 1
        return assign_(*args)

    monkeypatch.setattr(d, "_scan_parallel", scan_spy)
    monkeypatch.setattr(d, "_assign_parallel", assign_spy)
    return calls


@pytest.mark.parametrize("workers", [2, 3])
@pytest.mark.parametrize("case", range(6))
def test_parallel_selection_is_the_single_process_selection(tmp_path, spy, case, workers):
    rng = random.Random(case)
    candidates = random_candidates(rng, rng.choice([3, 50, 2000, 5000]))
    quotas = rng.choice([{"A": 1, "B": 7, "C": 50, "甲": 3}, {"A": 333, "B": 0, "C": 1000, "甲": 10**6},
                         {"B": 2}, {"A": 1, "X": 0}])
    quotas = {s: min(k, sum(1 for c in candidates if c[1] == s)) for s, k in quotas.items()}
    path = tmp_path / "candidates.tsv"
    path.write_bytes(perf.candidates_bytes(candidates))
    seed = hashlib.sha256(bytes([case])).digest()
    got = parallel_scan(path, seed, quotas, workers)
    want = serial_scan(path, seed, quotas)
    assert got == want
    assert list(got[1]) == list(want[1])  # strata in order of first appearance
    assert got[2] == perf.reference_select(seed, candidates, quotas)
    assert spy["scan"] == (1 if len(candidates) > 1 else 0)


def test_a_range_boundary_inside_a_utf8_character(tmp_path, spy):
    """The middle of the file falls inside a multi-byte character: the cut moves to the next line."""
    for pad in range(40):
        candidates = [(f"{'中' * 30}{n:03d}{'x' * (pad if n == 0 else 0)}", "AB"[n % 2]) for n in range(10)]
        data = perf.candidates_bytes(candidates)
        middle = len(data) // 2 - 1
        if 0x80 <= data[middle] < 0xC0:  # a continuation byte
            break
    else:
        raise AssertionError("no padding puts the middle inside a character")
    path = tmp_path / "candidates.tsv"
    path.write_bytes(data)
    ((_, cut), (cut2, end)) = d._line_ranges(path, len(data), 2)
    assert cut == cut2 and end == len(data) and data[cut - 1:cut] == b"\n" and cut > middle
    quotas = {"A": 2, "B": 3}
    assert parallel_scan(path, SEED, quotas) == serial_scan(path, SEED, quotas)
    assert spy["scan"] == 1


def test_ticket_ties_across_ranges(tmp_path, monkeypatch):
    monkeypatch.setattr(hashlib, "sha256", perf.CoarseSha256)  # inherited by the forked children
    rng = random.Random(3)
    candidates = sorted(((f"{n:05d}{rng.choice('xé')}", rng.choice("AB")) for n in range(400)),
                        key=lambda c: c[0].encode("utf-8"))
    quotas = {"A": 37, "B": 90}
    path = tmp_path / "candidates.tsv"
    path.write_bytes(perf.candidates_bytes(candidates))
    got = parallel_scan(path, SEED, quotas, workers=3)
    assert got[2] == perf.reference_select(SEED, candidates, quotas)
    pool = [f"检-{i:02d}" for i in range(12)]
    targets = [i for i, _s, _t in got[2]]
    exclusions = [(pool[i % 12], targets[i]) for i in range(0, len(targets), 5)]
    want = perf.reference_assign(SEED, targets, pool, exclusions, 3, 30)
    assert d.assign(SEED, got[2], pool, exclusions, 3, 30, workers=2, min_pairs=0) == want


BAD = [
    b"A1\ts\nA2\ts\nA3\ts\nA4\ts\nA5\ts\nA6\ts\nA7\ts\nA9\ts\nA8\ts\n",  # not ascending, in the second range
    b"A1\ts\nA2\ts\nA3\ts\nA4\ts\nB5\ts\nA6\ts\nA7\ts\nA8\ts\n",  # not ascending across the cut
    b"A1\ts\nA2\ts\nA3\ts\nA4\ts\nA4\ts\nA6\ts\nA7\ts\nA8\ts\n",  # duplicate across the cut
    b"A1\ts\nA2\ts\nA3\ts\nA4\ts\nA5\ts\nA6\ts\nA7\ts\nA8\ts",  # no final LF
    b"A1\ts\nA2\ts\nA3\ts\nA4\ts\nA5\ts\nA6\ts\nA7\ts\nA8\t\xff\n",  # not UTF-8
    b"A1\ts\nA2\ts\nA3\ts\nA4\ts\nA5\ts\nA6\ts\nA7\ts\n\ts\n",  # empty id
]


@pytest.mark.parametrize("data", BAD)
def test_a_malformed_file_gets_the_single_process_message(tmp_path, data):
    path = tmp_path / "candidates.tsv"
    path.write_bytes(data)
    with pytest.raises(d.DrawInputError) as serial:
        serial_scan(path, SEED, {"s": 2})
    with pytest.raises(d.DrawInputError) as parallel:
        parallel_scan(path, SEED, {"s": 2})
    assert str(parallel.value) == str(serial.value)


def test_without_a_seed_or_below_the_threshold_one_process(tmp_path, spy):
    candidates = random_candidates(random.Random(1), 300)
    path = tmp_path / "candidates.tsv"
    path.write_bytes(perf.candidates_bytes(candidates))
    assert d.scan_candidates_file(path, None, workers=2, min_lines=0) == serial_scan(path, None, None)
    assert d.scan_candidates_file(path, SEED, {"A": 3}, workers=2, min_lines=10**6) == serial_scan(path, SEED, {"A": 3})
    assert d.scan_candidates_file(path, SEED, {"A": 3}, workers=1, min_lines=0) == serial_scan(path, SEED, {"A": 3})
    assert spy["scan"] == 0


@pytest.mark.parametrize("extra", [0, 1, 8])  # 0: the prefix often runs out, the parent sorts exactly
@pytest.mark.parametrize("case", range(12))
def test_parallel_assignment_is_the_single_process_assignment(spy, monkeypatch, case, extra):
    monkeypatch.setattr(d, "_PREFIX_EXTRA", extra)
    rng = random.Random(100 + case)
    targets = [i for i, _s in random_candidates(rng, rng.choice([1, 5, 60, 400]))]
    rng.shuffle(targets)  # assignment order is the order given
    pool = list({"".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 6)))
                 for _ in range(rng.choice([2, 3, 8, 40]))})
    team_size = rng.randint(2, min(4, max(2, len(pool))))
    n_excl = rng.choice([0, 5, len(targets) * 3])
    exclusions = [(rng.choice(pool + ["不在名录"]), rng.choice(targets)) for _ in range(n_excl)]
    max_load = rng.choice([1, 2, max(1, team_size * len(targets) // len(pool)), 10**6])
    want = d.assign(SEED, targets, pool, exclusions, team_size, max_load)
    got = d.assign(SEED, targets, pool, exclusions, team_size, max_load, workers=rng.choice([2, 3]), min_pairs=0)
    assert got == want
    assert want == perf.reference_assign(SEED, targets, sorted(pool, key=d.sort_key), exclusions, team_size,
                                         max_load)
    assert spy["assign"] == (1 if len(pool) >= team_size else 0)


def test_parallel_assignment_with_a_large_pool(spy):
    """More than 65 535 inspectors: pool positions take 4 bytes."""
    rng = random.Random(5)
    pool = [f"P{n:06d}" for n in range(70_000)]
    targets = [f"T{n}" for n in range(3)]
    exclusions = [(rng.choice(pool), t) for t in targets for _ in range(50)]
    want = d.assign(SEED, targets, pool, exclusions, 3, 1)
    assert d.assign(SEED, targets, pool, exclusions, 3, 1, workers=2, min_pairs=0) == want
    assert spy["assign"] == 1


def test_workers_from_the_environment(monkeypatch):
    monkeypatch.delenv("FAZHI_DRAW_WORKERS", raising=False)
    assert d.draw_workers() == 2
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "1")
    assert d.draw_workers() == 1
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "0")
    assert d.draw_workers() == 1
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "4")
    assert d.draw_workers() == 4
    monkeypatch.setattr(d.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert d.draw_workers() == 1


@pytest.mark.django_db
def test_task_draw_uses_both_processes_with_the_same_result(world, today, monkeypatch, spy):
    """The commit-and-draw test of test_draw_perf (checked against the literal reference), split in two."""
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "2")
    monkeypatch.setattr(d, "PARALLEL_MIN_LINES", 0)
    monkeypatch.setattr(d, "PARALLEL_MIN_PAIRS", 0)
    perf.test_commit_writes_candidates_bytes_in_byte_order_and_the_draw_reads_it(world, today)
    assert spy == {"scan": 1, "assign": 1}


def test_no_fork_possible_means_one_process(tmp_path, monkeypatch):
    class NoFork:
        def Pool(self, n, initializer=None):  # noqa: N802 - multiprocessing's name
            raise OSError("Resource temporarily unavailable")

    candidates = random_candidates(random.Random(2), 500)
    path = tmp_path / "candidates.tsv"
    path.write_bytes(perf.candidates_bytes(candidates))
    want = serial_scan(path, SEED, {"A": 5, "B": 9})
    pool = [f"检-{i:02d}" for i in range(30)]
    want_a = d.assign(SEED, want[2], pool, [], 2, 3)
    monkeypatch.setattr(d.multiprocessing, "get_context", lambda method: NoFork())
    assert parallel_scan(path, SEED, {"A": 5, "B": 9}) == want
    assert d.assign(SEED, want[2], pool, [], 2, 3, workers=2, min_pairs=0) == want_a


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_frozen_file_with_its_digest_is_not_checked_again(tmp_path, spy, monkeypatch, workers):
    """At the draw the frozen file's lines were checked when it was written: given its digest, the scan
    skips the checks (counts None) and gives the same selection; another digest means every check."""
    unchecked = []
    real = d.CandidateScanner._unchecked

    def count(self, body, n):
        unchecked.append(n)
        return real(self, body, n)

    monkeypatch.setattr(d.CandidateScanner, "_unchecked", count)
    rng = random.Random(11)
    candidates = random_candidates(rng, 4000)
    quotas = {"A": 40, "B": 7, "C": 300, "甲": 0}
    path = tmp_path / "candidates.tsv"
    path.write_bytes(perf.candidates_bytes(candidates))
    want = serial_scan(path, SEED, quotas)
    assert not unchecked
    got = d.scan_candidates_file(path, SEED, quotas, workers=workers, min_lines=0, digest=want[0])
    assert got == (want[0], None, want[2])
    assert spy["scan"] == (1 if workers > 1 else 0)
    assert sum(unchecked) == (len(candidates) if workers == 1 else 0)  # in the children otherwise
    assert d.scan_candidates_file(path, SEED, quotas, workers=workers, min_lines=0, digest="0" * 64) == want


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("data", [*BAD, b"A1\ts\nA2\ts\nA3\ts\tx\n", b"A1\ts\nA2\ts\r\n", b"\xff\ts\n" * 3])
def test_an_altered_frozen_file_gets_the_message_of_every_check(tmp_path, data, workers):
    path = tmp_path / "candidates.tsv"
    path.write_bytes(data)
    committed = hashlib.sha256(b"A1\ts\n").hexdigest()
    with pytest.raises(d.DrawInputError) as serial:
        serial_scan(path, SEED, {"s": 2})
    with pytest.raises(d.DrawInputError) as trusted:
        d.scan_candidates_file(path, SEED, {"s": 2}, workers=workers, min_lines=0, digest=committed)
    assert str(trusted.value) == str(serial.value)


def test_children_stop_even_when_the_parent_has_a_graceful_sigterm_handler(tmp_path):
    """gunicorn's workers and ``fazhi worker`` install SIGTERM handlers that only set a flag; a forked child that
    kept such a handler would ignore Pool.terminate() and the draw would wait for it forever. A malformed file
    makes the pool terminate its children early; the scan must still end (with the message)."""
    import signal

    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        path = tmp_path / "candidates.tsv"
        path.write_bytes(BAD[0])
        with pytest.raises(d.DrawInputError):
            parallel_scan(path, SEED, {"s": 2})
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL  # the parent's handler is back
        pool = d._fork_pool(2, None)
        with pool:
            assert pool.apply(signal.getsignal, (signal.SIGTERM,)) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGTERM, previous)
