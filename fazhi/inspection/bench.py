"""`fazhi bench draw --candidates N`: a directory of N units in the configured database, a complete
commit-and-draw, and in the same run the floor — reading every candidate's id and stratum from the
database in id order and hashing them once. Prints both times, peak memory, and `ratio <draw/floor>`.

The directory, the bench agency, its head and its officers stay for the next run; the run's task goes again
at the end (its candidate file, its events and its row; a task left by a run that was killed goes at the start
of the next), so repeated runs leave nothing behind but their audit entries (append-only)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import resource
import time

from django.db import connection, transaction

from fazhi.core import clock as sysclock
from fazhi.core.demo.load import USCC_ALPHABET, org_code_with_check
from fazhi.core.models import Agency, Role, User
from fazhi.inspection.models import Entity, InspectionItem, Officer, Task, TaskEvent
from fazhi.inspection.services import _bytewise, task_commit, task_create, task_draw

BENCH_AGENCY = "bench-draw"
NAME_PREFIX = "基准单位"
RISKS = "AAAABBBBBBBBBBCCCCCD"  # 20% A, 50% B, 25% C, 5% D
WEIGHTS = [pow(3, i, 31) for i in range(17)]
INDEX = {c: i for i, c in enumerate(USCC_ALPHABET)}


def _uscc(n: int) -> str:
    body = "91" + "230102" + org_code_with_check(f"{n:08d}")
    total = sum(INDEX[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ensure_directory(n: int, out=print) -> int:
    """Make the bench directory hold exactly ``n`` active bench units (added in bulk; COPY on PostgreSQL)."""
    have = Entity.objects.filter(name__startswith=NAME_PREFIX).count()
    if have >= n:
        return have
    out(f"building the directory: {have} → {n} units")
    start = time.perf_counter()
    batch = 50_000
    now = sysclock.now()
    for lo in range(have, n, batch):
        hi = min(n, lo + batch)
        rows = [(_uscc(i), f"{NAME_PREFIX}{i}", RISKS[i % len(RISKS)]) for i in range(lo + 1, hi + 1)]
        if connection.vendor == "postgresql":
            buf = io.StringIO()
            for uscc, name, risk in rows:
                buf.write(f"{uscc}\t{name}\tenterprise\t230102\t{risk}\t\t\t\tt\t{now.isoformat()}\t{now.isoformat()}\n")
            buf.seek(0)
            with connection.cursor() as cur, cur.copy(
                "COPY inspection_entity (uscc, name, kind, region_code, risk_class, address, contact, phone, active, "
                "created_at, updated_at) FROM STDIN") as copy:
                copy.write(buf.getvalue())
        else:
            with transaction.atomic():
                Entity.objects.bulk_create(
                    [Entity(uscc=u, name=nm, kind="enterprise", region_code="230102", risk_class=r) for u, nm, r in rows],
                    batch_size=5000)
        out(f"  {hi}/{n}  ({time.perf_counter() - start:.0f} s)")
    return n


def floor(stratum_field: str = "risk_class") -> tuple[float, str, int]:
    """Read every candidate (active units) in bytewise id order and hash id TAB stratum LF once."""
    start = time.perf_counter()
    h = hashlib.sha256()
    count = 0
    qs = Entity.objects.filter(active=True).order_by(_bytewise("uscc")).values_list("uscc", stratum_field)
    for uscc, stratum in qs.iterator(chunk_size=5000):
        h.update(f"{uscc}\t{stratum}\n".encode())
        count += 1
    return time.perf_counter() - start, h.hexdigest(), count


def run(n: int, *, ratio: str = "0.01", officers: int = 200, out=print) -> dict:
    agency, _ = Agency.objects.get_or_create(code=BENCH_AGENCY, defaults={
        "name": "基准测试档案局", "short_name": "基档", "level": "province"})
    user = User.objects.filter(username="bench-head").first()
    if user is None:
        user = User(username="bench-head", kind=User.Kind.STAFF, agency=agency, roles=[Role.SECTION_HEAD.value],
                    full_name="基准测试")
        user.set_unusable_password()
        user.save()
    InspectionItem.objects.get_or_create(code="bench-item", defaults={
        "agency": agency, "name": "基准测试事项", "legal_basis": "—", "subject": "企业", "method": "现场检查",
        "category": "key"})
    for i in range(Officer.objects.filter(agency=agency).count(), officers):
        Officer.objects.create(agency=agency, name=f"检查员{i}", certificate_number=f"基档执-{i + 1:05d}",
                               issuing_authority="—", valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2035, 1, 1))
    for earlier in Task.objects.filter(agency=agency).values_list("pk", flat=True):  # left by a run that was killed
        discard(earlier)
    # Only the bench units are candidates: other units of the database (demo data) are closed for the run.
    ensure_directory(n, out=out)
    total = Entity.objects.filter(name__startswith=NAME_PREFIX).count()
    others = list(Entity.objects.exclude(name__startswith=NAME_PREFIX).filter(active=True).values_list("pk", flat=True))
    Entity.objects.filter(pk__in=others).update(active=False)
    task = None
    try:
        floor_seconds, floor_digest, floor_count = floor()
        rss_after_floor = _rss_mib()
        start = time.perf_counter()
        task = task_create(actor=user, title=f"基准抽取 {n}", year=sysclock.today().year, item_codes=["bench-item"],
                           quota_spec={s: {"ratio": ratio} for s in "ABCD"}, team_size=2,
                           beacon_source="基准测试公共随机数")
        t0 = time.perf_counter()
        task_commit(task_id=task.pk, actor=user)
        t1 = time.perf_counter()
        task = task_draw(task_id=task.pk, actor=user, beacon_value="01 02 03 04 05 06 + 07")
        t2 = time.perf_counter()
        draw_seconds = t2 - start
        assert task.candidates_digest == floor_digest and task.candidate_count == floor_count == total
        return {
            "candidates": total, "selected": len(task.selected), "officers": officers,
            "floor_seconds": round(floor_seconds, 3), "commit_seconds": round(t1 - t0, 3),
            "draw_seconds_only": round(t2 - t1, 3), "draw_seconds": round(draw_seconds, 3),
            "peak_rss_mib_after_floor": round(rss_after_floor, 1), "peak_rss_mib": round(_rss_mib(), 1),
            "candidate_file_mib": round(task.candidates_file.size / 2**20, 1), "database": connection.vendor,
            "ratio": round(draw_seconds / floor_seconds, 3) if floor_seconds else None,
        }
    finally:
        Entity.objects.filter(pk__in=others).update(active=True)
        if task is not None:
            discard(task.pk)


def discard(task_id: int) -> None:
    """Remove a bench task: its candidate file (≈ 20 MB per million units), its events and its row."""
    task = Task.objects.filter(pk=task_id).first()
    if task is None:
        return
    if task.candidates_file:
        task.candidates_file.delete(save=False)
    with transaction.atomic():
        TaskEvent.objects.filter(task_id=task_id).delete()
        task.items.clear()
        task.delete()
