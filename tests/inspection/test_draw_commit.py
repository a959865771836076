"""The commit's candidate file: read in one pass, or on SQLite over two connections (a thread finds the median
id and reads from it on, the commit reads up to it), it is the same file, byte for byte, with the same digest,
counts and left-out ids; a thread that fails (a malformed id, an unreadable database) makes the commit read
everything once more in one pass, for the exact message, and a median found too late makes the commit read
everything itself. A commit that fails leaves no candidate file behind."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from fazhi.core.models import Role, User
from fazhi.inspection import draw
from fazhi.inspection import services as sv
from fazhi.inspection.models import Entity, InspectionItem, Officer, Task
from tests import factories as f

# Ids of the directory: bytewise order differs from what a locale would give (digits, capitals, small letters,
# then non-ASCII by their UTF-8 bytes: U+00C4 before U+4E00 before U+1D538).
IDS = ([f"91230100MA{n:06d}X" for n in range(0, 400, 3)] + [f"12230000{n:08d}Z" for n in range(90)]
       + [f"a{n:04d}" for n in range(30)] + [f"Ä{n:03d}" for n in range(20)] + [f"企{n:03d}" for n in range(20)]
       + [f"𝔸{n:02d}" for n in range(10)])


def _directory(agency):
    Entity.objects.bulk_create([
        Entity(uscc=uscc, name=f"单位{i}", kind="enterprise" if i % 5 else "institution",
               region_code="230102" if i % 3 else "230202", risk_class="ABCD"[i % 4], active=i % 11 != 0)
        for i, uscc in enumerate(IDS)])
    InspectionItem.objects.create(agency=agency, code="cc-1", name="档案工作情况检查", legal_basis="档案法第四十二条",
                                  subject="企业", method="现场检查", category="key")
    for i in range(1, 5):
        Officer.objects.create(agency=agency, name=f"检查员{i}", certificate_number=f"黑档执-{i:04d}",
                               issuing_authority="省政府", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2030, 1, 1))


def _head(agency):
    return f.staff("head", agency, Role.SECTION_HEAD.value)


def _task(head, **kw) -> Task:
    return sv.task_create(actor=head, title="抽查", year=2026, item_codes=["cc-1"],
                          quota_spec={s: {"ratio": "0.1"} for s in "ABCD"}, team_size=2, beacon_source="彩票", **kw)


def _copy_database(path: Path) -> str:
    """The test database (in memory) copied to a file that other connections can open."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return str(path)


# The two-connection commit exists only for an SQLite database file (services._parallel_read_path); PostgreSQL
# always reads the candidates in one pass — test_other_databases_read_in_one_pass checks that on every database.
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite-only feature: the commit reads an SQLite file over two connections; "
           "PostgreSQL reads in one pass (checked by test_other_databases_read_in_one_pass)")


@pytest.fixture
def parallel(monkeypatch, tmp_path):
    """Make _freeze_candidates read over two connections from a copy of the test database, the thread finding
    the median before the commit reads its first block (unless ``wait=False``); records what each
    _freeze_parallel returned and how many lines the thread read."""
    calls: list = []
    upper_lines: list[int] = []
    real, real_run = sv._freeze_parallel, sv._UpperHalf.run

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(result)
        return result

    def run(self):
        real_run(self)
        upper_lines.append(self.scanner._lines)

    def use(rows: int = 10_000, path: str | None = None, wait: bool = True):
        path = path or _copy_database(tmp_path / "copy.sqlite3")
        monkeypatch.setenv("FAZHI_DRAW_WORKERS", "2")
        monkeypatch.setattr(sv, "PARALLEL_COMMIT_MIN", 0)
        monkeypatch.setattr(sv, "_FETCH_ROWS", rows)
        monkeypatch.setattr(sv, "_parallel_read_path", lambda: path)
        monkeypatch.setattr(sv, "_freeze_parallel", spy)
        monkeypatch.setattr(sv._UpperHalf, "run", run)
        if wait:
            real_start = sv._UpperHalf.start

            def start(self):
                real_start(self)
                self.ready.wait(10)

            monkeypatch.setattr(sv._UpperHalf, "start", start)
        return calls, upper_lines

    return use


def _freeze(task: Task, recent: set[bytes] = frozenset()):
    with transaction.atomic(), tempfile.TemporaryFile() as out:
        digest, counts, dropped = sv._freeze_candidates(task, out, set(recent))
        out.seek(0)
        return out.read(), digest, list(counts.items()), dropped


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rows", [7, 50, 10_000])
@pytest.mark.parametrize("scope", [{}, {"scope_regions": ["230102"], "scope_kinds": ["enterprise"]},
                                   {"scope_risk_classes": ["B", "D"]}])
def test_parallel_read_gives_the_same_file(parallel, monkeypatch, rows, scope):
    agency = f.agency("hlj")
    _directory(agency)
    task = _task(_head(agency), **scope)
    recent = {IDS[5].encode(), "Ä003".encode(), "企019".encode(), IDS[-1].encode(), b"nobody"}
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "1")
    want = _freeze(task, recent)
    assert want[0] == b"".join(draw.candidates_bytes_iter(sorted(
        ((e.uscc, e.risk_class) for e in sv._candidate_queryset(task) if e.uscc.encode() not in recent),
        key=lambda c: draw.sort_key(c[0]))))
    assert want[1] == draw._sha256_hex(want[0]) and want[3]
    full = _freeze(task)
    calls, upper_lines = parallel(rows)
    assert _freeze(task, recent) == want
    assert _freeze(task) == full
    assert len(calls) == 2 and all(result is not None for result in calls)  # the parallel path was taken
    assert len(upper_lines) == 2 and all(n > 20 for n in upper_lines)  # and the thread read its half


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_parallel_commit_of_a_task(parallel, monkeypatch, tmp_path):
    agency = f.agency("hlj")
    _directory(agency)
    head = _head(agency)
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "1")
    one = sv.task_commit(task_id=_task(head).pk, actor=head)
    calls, upper_lines = parallel(50)
    two = sv.task_commit(task_id=_task(head).pk, actor=head)
    assert calls and calls[0] is not None and upper_lines[0] > 20
    assert two.candidates_digest == one.candidates_digest and two.candidate_count == one.candidate_count
    assert list(two.strata_counts.items()) == list(one.strata_counts.items())
    assert two.quotas == one.quotas
    with one.candidates_file.open("rb") as a, two.candidates_file.open("rb") as b:
        assert a.read() == b.read()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_failing_part_falls_back_to_one_pass(parallel, monkeypatch, tmp_path):
    agency = f.agency("hlj")
    _directory(agency)
    task = _task(_head(agency))
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "1")
    want = _freeze(task)
    not_a_database = tmp_path / "nothing.sqlite3"
    not_a_database.write_bytes(b"not a database" * 100)
    calls, upper_lines = parallel(7, path=str(not_a_database))
    assert _freeze(task) == want  # the thread found no median: the commit read everything itself
    assert calls[0] is not None and upper_lines == [0]
    # The thread's part does not join (here: made to fail): everything once more in one pass.
    calls, _ = parallel(7)

    def broken(self, other, chunks):
        raise draw.DrawInputError("joined badly")

    monkeypatch.setattr(draw.CandidateScanner, "extend", broken)
    assert _freeze(task) == want
    assert calls[-1] is None


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_median_found_too_late(parallel, monkeypatch):
    """The commit has read past the median before the thread found it: it reads everything itself."""
    agency = f.agency("hlj")
    _directory(agency)
    task = _task(_head(agency))
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "1")
    want = _freeze(task)
    calls, upper_lines = parallel(7, wait=False)
    gate = threading.Event()
    real_chunks, real_run = sv._candidate_chunks, sv._UpperHalf.run

    def chunks(task, until=None):
        for i, chunk in enumerate(real_chunks(task, until)):
            yield chunk
            if i == 30:  # 31 × 7 lines of about 270: past the median
                gate.set()
        gate.set()

    def late(self):
        gate.wait(10)
        real_run(self)

    monkeypatch.setattr(sv, "_candidate_chunks", chunks)
    monkeypatch.setattr(sv._UpperHalf, "run", late)
    assert _freeze(task) == want
    assert calls[0] is not None


@sqlite_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("bad", ["企019\t", "𝔸09\r"])  # the last ids: read by a thread
def test_a_malformed_id_gives_the_message_of_one_pass(parallel, monkeypatch, bad):
    agency = f.agency("hlj")
    _directory(agency)
    Entity.objects.filter(uscc=bad.rstrip()).update(uscc=bad)
    task = _task(_head(agency))
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "1")
    with pytest.raises(draw.DrawInputError) as one:
        _freeze(task)
    calls, _ = parallel(7)
    with pytest.raises(draw.DrawInputError) as two:
        _freeze(task)
    assert str(two.value) == str(one.value) and calls == [None]


@pytest.mark.django_db
def test_other_databases_read_in_one_pass(monkeypatch):
    """Without an SQLite file (PostgreSQL, or SQLite in memory as in the tests) the commit reads in one pass and
    its file is the candidates in bytewise order."""
    agency = f.agency("hlj")
    _directory(agency)
    task = _task(_head(agency))
    monkeypatch.setattr(sv, "PARALLEL_COMMIT_MIN", 0)
    monkeypatch.setenv("FAZHI_DRAW_WORKERS", "2")
    called = []
    monkeypatch.setattr(sv, "_freeze_parallel", lambda *a, **k: called.append(a))
    with transaction.atomic():
        assert sv._parallel_read_path() is None
    data, digest, _counts, _dropped = _freeze(task)
    assert called == []
    assert data == b"".join(draw.candidates_bytes_iter(sorted(
        ((e.uscc, e.risk_class) for e in sv._candidate_queryset(task)), key=lambda c: draw.sort_key(c[0]))))
    assert digest == draw._sha256_hex(data)


def test_scanner_extend_joins_two_scans():
    lines = [f"{i:05d}\t{'AB'[i % 2]}\n".encode() for i in range(500)]
    whole = draw.CandidateScanner()
    for i in range(0, 500, 37):
        whole.feed(b"".join(lines[i:i + 37]))
    first, second = draw.CandidateScanner(), draw.CandidateScanner(digest=False)
    first.feed(b"".join(lines[:200]))
    second.feed(b"".join(lines[200:]))
    first.extend(second, [b"".join(lines[200:300]), b"".join(lines[300:])])
    assert first.finish() == whole.finish()
    out_of_order = draw.CandidateScanner(digest=False)
    out_of_order.feed(b"".join(lines[150:160]))
    joined = draw.CandidateScanner()
    joined.feed(b"".join(lines[:200]))
    with pytest.raises(draw.DrawInputError, match="升序"):
        joined.extend(out_of_order, [])
    empty = draw.CandidateScanner()
    empty.extend(draw.CandidateScanner(digest=False), [])
    assert empty.finish() == draw.CandidateScanner().finish()


@pytest.mark.django_db
def test_a_failed_commit_leaves_no_candidate_file():
    agency = f.agency("hlj")
    _directory(agency)
    head = _head(agency)
    Officer.objects.filter(certificate_number__gt="黑档执-0001").delete()  # one officer: no team of two
    task = _task(head)
    with pytest.raises(ValidationError, match="不足2人"):
        sv.task_commit(task_id=task.pk, actor=head)
    files = Path(settings.MEDIA_ROOT)
    assert not files.exists() or not [p for p in files.rglob("*") if p.is_file()]
    task.refresh_from_db()
    assert task.state == Task.State.DRAFT and not task.candidates_file
    assert User.objects.filter(username="head").exists()
