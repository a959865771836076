"""Writes of the double-random module: tasks and their verifiable draw (fazhi-draw/1, docs/draw.md).

Inputs are shaped before the commit (scope, recently inspected units, certificate validity, declared
conflicts) and frozen by it; the draw is computed once from the frozen candidate file, the secret and the
beacon; nothing about the inputs can change afterwards.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import secrets
import sqlite3
import tempfile
import threading
from bisect import bisect_left
from decimal import Decimal, InvalidOperation
from operator import itemgetter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Collate
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, User
from fazhi.core.services import audit_record, counter_next
from fazhi.inspection import draw
from fazhi.inspection.access import can_manage_tasks
from fazhi.inspection.models import Conflict, Entity, InspectionItem, Officer, Task, TaskEvent
from fazhi.inspection.selectors import stored_candidate_chunks
from fazhi.tlog.services import log_publication

RISK_CLASSES = tuple(Entity.Risk.values)


class TaskConflict(Exception):
    """The act is not possible in the task's current state (HTTP 409)."""


def _event(task: Task, *, actor: User | None, action: str, from_state: str, comment: str = "") -> None:
    TaskEvent.objects.create(task=task, at=sysclock.now(), actor=actor, actor_label=str(actor) if actor else "系统",
                             action=action, from_state=from_state, to_state=task.state, comment=comment)


def _check_manager(actor: User, agency: Agency) -> None:
    if not (can_manage_tasks(actor) and actor.agency_id == agency.pk):
        raise ValidationError(_("只有本机关的科室负责人、执法人员或局领导可以管理抽查任务。"))


def refuse_planned(task: Task) -> None:
    """A planned campaign (计划检查) lists its units and teams: there is nothing to commit, draw or verify."""
    if task.mode == Task.Mode.PLANNED:
        raise TaskConflict(_("计划检查任务不进行随机抽取。"))


def _clean_quota_spec(spec, strata: str) -> dict:
    if not isinstance(spec, dict) or not spec:
        raise ValidationError({"quota_spec": [_("请为至少一个分层填写抽取数量或比例。")]})
    allowed = RISK_CLASSES if strata == Task.Strata.RISK_CLASS else tuple(Entity.Kind.values)
    clean: dict = {}
    errors: list[str] = []
    for stratum, rule in spec.items():
        if stratum not in allowed:
            errors.append(_("分层“%(s)s”无效。") % {"s": stratum})
            continue
        if isinstance(rule, dict) and set(rule) == {"count"}:
            try:
                count = int(rule["count"])
                if count < 0 or str(count) != str(rule["count"]).strip():
                    raise ValueError
            except (TypeError, ValueError):
                errors.append(_("分层“%(s)s”的抽取数量应为非负整数。") % {"s": stratum})
                continue
            clean[stratum] = {"count": count}
        elif isinstance(rule, dict) and set(rule) == {"ratio"}:
            text = str(rule["ratio"]).strip()
            try:
                value = Decimal(text)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite() or value < 0 or value > 1 or "e" in text.lower():
                errors.append(_("分层“%(s)s”的抽取比例应为0到1之间的小数，如 0.05。") % {"s": stratum})
                continue
            clean[stratum] = {"ratio": text}
        else:
            errors.append(_("分层“%(s)s”应给出数量（count）或比例（ratio）之一。") % {"s": stratum})
    if errors:
        raise ValidationError({"quota_spec": errors})
    return clean


def task_create(*, actor: User, title: str, year: int, item_codes: list[str], quota_spec: dict,
                strata: str = Task.Strata.RISK_CLASS, scope_regions: list[str] | None = None,
                scope_kinds: list[str] | None = None, scope_risk_classes: list[str] | None = None,
                exclude_recent_months: int = 0, team_size: int = 2, max_load: int | None = None,
                beacon_source: str) -> Task:
    agency = actor.agency
    _check_manager(actor, agency)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("请填写任务名称。")]
    if strata not in Task.Strata.values:
        errors["strata"] = [_("分层依据无效。")]
    items = list(InspectionItem.objects.filter(agency=agency, code__in=item_codes or []))
    if not items or len(items) != len(set(item_codes)):
        errors["items"] = [_("请选择本机关抽查事项清单中的事项。")]
    regions = [str(r).strip() for r in (scope_regions or []) if str(r).strip()]
    if any(not (r.isdigit() and 2 <= len(r) <= 6) for r in regions):
        errors["scope_regions"] = [_("区域范围应为2至6位行政区划代码前缀。")]
    kinds = list(scope_kinds or [])
    if any(k not in Entity.Kind.values for k in kinds):
        errors["scope_kinds"] = [_("单位类别无效。")]
    risks = list(scope_risk_classes or [])
    if any(r not in RISK_CLASSES for r in risks):
        errors["scope_risk_classes"] = [_("风险分类应为A、B、C、D。")]
    if not isinstance(team_size, int) or team_size < 2:
        # 行政处罚法第四十二条: at least two enforcement officers.
        errors["team_size"] = [_("每组至少2名执法人员。")]
    if max_load is not None and (not isinstance(max_load, int) or max_load < 1):
        errors["max_load"] = [_("每人最多检查对象数应为正整数。")]
    if not isinstance(exclude_recent_months, int) or not 0 <= exclude_recent_months <= 60:
        errors["exclude_recent_months"] = [_("近期已检查排除月数应在0至60之间。")]
    beacon_source = (beacon_source or "").strip()
    if not beacon_source or "\n" in beacon_source or "\r" in beacon_source or len(beacon_source) > 300:
        errors["beacon_source"] = [_("请用一行文字说明公共随机数来源（如某期彩票开奖号码），该数值在承诺时尚未产生。")]
    try:
        clean_quota = _clean_quota_spec(quota_spec, strata)
    except ValidationError as e:
        errors.update(e.message_dict)
        clean_quota = {}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key="#CC", year=year)
        task = Task.objects.create(
            agency=agency, number=f"{agency.code.upper()}-CC{year}-{serial:03d}", title=title, year=year,
            scope_regions=regions, scope_kinds=kinds, scope_risk_classes=risks, strata=strata,
            quota_spec=clean_quota, exclude_recent_months=exclude_recent_months, team_size=team_size,
            max_load=max_load, beacon_source=beacon_source, created_by=actor,
        )
        task.items.set(items)
        _event(task, actor=actor, action="create", from_state="")
    return task


# ---- commit ---------------------------------------------------------------------------------------------
def _candidate_queryset(task: Task):
    qs = Entity.objects.filter(active=True)
    if task.parent_id is not None:
        return qs.filter(uscc__in=task.only_targets)
    if task.scope_kinds:
        qs = qs.filter(kind__in=task.scope_kinds)
    if task.scope_risk_classes:
        qs = qs.filter(risk_class__in=task.scope_risk_classes)
    if task.scope_regions:
        from django.db.models import Q

        cond = Q()
        for prefix in task.scope_regions:
            cond |= Q(region_code__startswith=prefix)
        qs = qs.filter(cond)
    return qs


def _bytewise(field: str):
    """Order by UTF-8 bytes on every database: PostgreSQL's default collation is not bytewise."""
    if connection.vendor == "postgresql":
        return Collate(field, "C")
    return field


_FETCH_ROWS = 10_000  # rows per fetch when the candidates are read for the commit
PARALLEL_COMMIT_MIN = 200_000  # units in the directory from which SQLite reads the candidates over two connections


def _candidate_chunks(task: Task, until=None):
    """candidates_bytes of the task's scope, read from a database cursor a block of rows at a time in bytewise
    id order, each block joined into one bytes string (no Python object per candidate outlives its block).
    PostgreSQL reads through a server-side cursor, each row already one line. ``until`` (SQLite): called before
    each block, returns the id where this reading is to end, or None while there is none (see _freeze_parallel);
    the rows from that id on are left out and the reading ends."""
    qs = _candidate_queryset(task).order_by(_bytewise("uscc"))
    if connection.vendor == "postgresql":
        line = Func(F("uscc"), Value("\t"), F(task.strata), Value("\n"), template="(%(expressions)s)", arg_joiner=" || ",
                    output_field=TextField())
        qs = qs.annotate(fazhi_line=line)
        qs = qs.values_list("fazhi_line")

        def block(rows):
            return "".join(map(itemgetter(0), rows))
    else:
        qs = qs.values_list("uscc", task.strata)

        def block(rows):
            return "\n".join(map("\t".join, rows)) + "\n"
    sql, params = qs.query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(_FETCH_ROWS):
            end = until() if until is not None else None
            if end is not None and rows[-1][0] >= end:
                rows = rows[:bisect_left(rows, end, key=itemgetter(0))]  # str order is the bytes order
                if rows:
                    yield block(rows).encode("utf-8")
                return
            yield block(rows).encode("utf-8")


def _freeze_candidates(task: Task, out, recent_ids: set[bytes]) -> tuple[str, dict[str, int], list[bytes]]:
    """Write candidates_bytes of the task's scope to ``out`` (less ``recent_ids``), checked (identifiers, bytewise
    order), counted and hashed as it is written: (digest hex, {stratum: N_s}, the ids left out).

    On SQLite (a file) and with FAZHI_DRAW_WORKERS ≥ 2, a second connection reads the upper half of a large
    directory in a thread (see _freeze_parallel); the result is the same bytes."""
    path = _parallel_read_path() if draw.draw_workers() > 1 else None
    if path is not None:
        start = out.tell()
        result = _freeze_parallel(task, out, recent_ids, path)
        if result is not None:
            return result
        out.seek(start)  # a part failed a check or could not be read: once more in one pass, for the message
        out.truncate()
    scanner = draw.CandidateScanner()
    dropped: list[bytes] = []
    for chunk in _candidate_chunks(task):
        if recent_ids:
            chunk = _without(chunk, recent_ids, dropped)
        scanner.feed(chunk)
        out.write(chunk)
    digest, counts, _selection = scanner.finish()
    return digest, counts, dropped


def _parallel_read_path() -> str | None:
    """The SQLite database file that another connection can read the candidates from, or None: only for a file
    read in the commit's own, outermost transaction (BEGIN IMMEDIATE: it holds the write lock, so nobody commits
    while the other connection reads, and it sees exactly what this one sees, as this one has written nothing)."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return None
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:") or len(connection.atomic_blocks) != 1:
        return None
    return name


def _range_sql(task: Task) -> tuple[str, str, list]:
    """SQL for one block of _FETCH_ROWS candidates from a lower bound on (``>=`` it for the first block, ``>`` the
    last id read after it), joined into one string by SQLite (group_concat; the rows come in the order of the
    ordered, limited subquery, which the scanner checks like any other order), and the block's last id (max:
    the BINARY collation is bytewise): (first block, later blocks, the parameters before the bound)."""
    line = Func(F("uscc"), Value("\t"), F(task.strata), Value("\n"), template="(%(expressions)s)", arg_joiner=" || ",
                output_field=TextField())
    inner = _candidate_queryset(task).order_by().annotate(fazhi_line=line).values_list("uscc", "fazhi_line")
    sql, params = inner.query.sql_with_params()
    outer = ('SELECT group_concat("fazhi_line", \'\'), max("uscc") FROM (SELECT "uscc", "fazhi_line" FROM ({inner}) '
             'WHERE "uscc" {op} %s ORDER BY "uscc" LIMIT {rows})')
    return (outer.format(inner=sql, op=">=", rows=_FETCH_ROWS), outer.format(inner=sql, op=">", rows=_FETCH_ROWS),
            list(params))


def _split_sql() -> tuple[str, str]:
    """SQL for the number of units, and for the id at an offset of the unique index on uscc (read alone)."""
    qn = connection.ops.quote_name
    table, column = qn(Entity._meta.db_table), qn("uscc")
    return (f"SELECT count(*) FROM {table}",  # noqa: S608 (names from the model, no input)
            f"SELECT {column} FROM {table} ORDER BY {column} LIMIT 1 OFFSET %s")  # noqa: S608


class _UpperHalf(threading.Thread):
    """Over its own read-only connection: finds the median id of the directory (``key``; None for a directory
    smaller than PARALLEL_COMMIT_MIN, then nothing else), then reads the candidates from it on into a temporary
    file, checking and counting them (a CandidateScanner without digest). Touches neither Django's connection
    nor its ORM; SQLite works without the GIL."""

    def __init__(self, task: Task, path: str, recent_ids: set[bytes]):
        super().__init__(daemon=True)
        self.sql, self.split = _range_sql(task), _split_sql()  # built here, in the committing thread
        self.path, self.recent_ids = path, recent_ids
        self.file = tempfile.TemporaryFile()
        self.scanner = draw.CandidateScanner(digest=False)
        self.dropped: list[bytes] = []
        self.key: str | None = None
        self.ready = threading.Event()  # key is set (or stays None)
        self.error: BaseException | None = None
        self.stop = False

    def run(self) -> None:
        from django.db.backends.sqlite3.base import SQLiteCursorWrapper  # converts Django's %s placeholders

        try:
            db = sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True, timeout=5,
                                 check_same_thread=False)
            try:
                cursor = db.cursor(factory=SQLiteCursorWrapper)
                count_sql, key_sql = self.split
                (total,) = cursor.execute(count_sql).fetchone()
                if total >= PARALLEL_COMMIT_MIN:
                    row = cursor.execute(key_sql, [total // 2]).fetchone()
                    self.key = row[0] if row and row[0] else None
                self.ready.set()
                if self.key is None:
                    return
                first, after, params = self.sql
                key, query = self.key, first
                while not self.stop:
                    block, last = cursor.execute(query, [*params, key]).fetchone()
                    if block is None:
                        break
                    chunk = block.encode("utf-8")
                    if self.recent_ids:
                        chunk = _without(chunk, self.recent_ids, self.dropped)
                    self.scanner.feed(chunk)
                    self.file.write(chunk)
                    key, query = last, after
            finally:
                db.close()
        except BaseException as e:  # reported to the committing thread, which then reads everything itself
            self.error = e
        finally:
            self.ready.set()


def _freeze_parallel(task: Task, out, recent_ids: set[bytes], path: str):
    """_freeze_candidates over two connections: this thread reads from the first id on through Django's
    connection, row by row as in one pass, while a thread finds the median id and reads from it on over its
    own connection, in blocks of _FETCH_ROWS lines that SQLite joins itself (one thread building rows in
    Python and one working in SQLite run side by side; two of either kind slow each other down). This one
    stops at the median once the thread has found it; the thread's lines, checked and counted by its scanner,
    are then appended after the order across the cut is checked, every byte hashed here. If this one had
    passed the median before it was found, or the directory is small, it reads everything itself. None when
    the thread's part fails (the caller reads everything once more in one pass, for the exact message)."""
    upper = _UpperHalf(task, path, recent_ids)
    upper.start()
    cut: list[str | None] = []  # the median, once this thread has taken it; [None]: it reads everything
    last = [""]  # the last id this thread has read

    def until():
        if not cut and upper.ready.is_set():
            key = upper.key if upper.error is None else None
            cut.append(key if key is not None and last[0] < key else None)
        return cut[0] if cut else None

    try:
        scanner = draw.CandidateScanner()
        dropped: list[bytes] = []
        try:
            for chunk in _candidate_chunks(task, until):
                last[0] = chunk[chunk.rfind(b"\n", 0, -1) + 1:].partition(b"\t")[0].decode("utf-8")
                if recent_ids:
                    chunk = _without(chunk, recent_ids, dropped)
                scanner.feed(chunk)
                out.write(chunk)
        except draw.DrawInputError:
            return None
        if not cut or cut[0] is None:  # this thread has read everything
            upper.stop = True
            digest, counts, _selection = scanner.finish()
            return digest, counts, dropped
        upper.join()
        if upper.error is not None:
            return None
        upper.file.seek(0)
        try:
            scanner.extend(upper.scanner, draw.read_chunks(upper.file, 1 << 20))
        except draw.DrawInputError:
            return None
        upper.file.seek(0)
        while block := upper.file.read(1 << 20):
            out.write(block)
        digest, counts, _selection = scanner.finish()
        return digest, counts, dropped + upper.dropped
    finally:
        upper.stop = True
        upper.join()
        upper.file.close()


def _without(chunk: bytes, ids: set[bytes], dropped: list[bytes]) -> bytes:
    """The lines of ``chunk`` (whole lines) whose id is not in ``ids``; the ids left out go to ``dropped``."""
    if ids.isdisjoint(chunk.replace(b"\t", b"\n").split(b"\n")):
        return chunk
    kept = []
    for line in chunk.split(b"\n")[:-1]:
        ident = line.partition(b"\t")[0]
        if ident in ids:
            dropped.append(ident)
        else:
            kept.append(line + b"\n")
    return b"".join(kept)


def _months_before(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _recently_inspected(task: Task, day: dt.date) -> dict[str, str]:
    """Units drawn by an earlier task of the agency within the last N months: uscc → reason. They are left
    out of the candidates before the commit, and listed publicly with the reason."""
    if not task.exclude_recent_months:
        return {}
    with translation.override("zh-hans"):  # the reasons are stored and published in Chinese
        return _recent_reasons(task, day)


def _recent_reasons(task: Task, day: dt.date) -> dict[str, str]:
    months = task.exclude_recent_months
    since = _months_before(day, months)
    out: dict[str, str] = {}
    earlier = (Task.objects.filter(agency=task.agency, drawn_at__isnull=False)
               .exclude(pk=task.pk).exclude(state=Task.State.CANCELLED))
    for other in earlier.only("number", "selected", "drawn_at"):
        drawn_on = timezone.localdate(other.drawn_at)
        if drawn_on < since:
            continue
        for s in other.selected:
            out.setdefault(s["id"], _("%(date)s 已由抽查任务 %(number)s 抽中检查（近%(months)s个月内）") % {
                "date": drawn_on.isoformat(), "number": other.number, "months": months})
    return out


def task_commit(*, task_id: int, actor: User) -> Task:
    """Freeze the inputs and commit to a secret: candidates (file of exactly candidates_bytes), the pool of
    officers whose certificate is valid today, the exclusion pairs from declared conflicts, the quotas."""
    stored: list = []  # the candidate file written by this commit, removed again if the commit does not happen
    try:
        return _commit(task_id, actor, stored)
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise


def _commit(task_id: int, actor: User, stored: list) -> Task:
    today = sysclock.today()
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task_id)
        _check_manager(actor, task.agency)
        refuse_planned(task)
        if task.state != Task.State.DRAFT:
            raise TaskConflict(_("任务已承诺，输入已冻结，不能再次承诺。"))
        recent = _recently_inspected(task, today)
        recent_ids = {uscc.encode("utf-8") for uscc in recent}
        # One streaming pass: the file is exactly candidates_bytes, checked (identifiers, bytewise order),
        # counted and hashed as it is written.
        with tempfile.TemporaryFile() as tmp:
            digest, counts, dropped = _freeze_candidates(task, tmp, recent_ids)
            tmp.seek(0)
            task.candidates_digest = digest
            task.candidate_count = sum(counts.values())
            task.strata_counts = counts
            task.candidates_file.save(f"{task.number}-candidates.tsv", File(tmp), save=False)
            stored.append((task.candidates_file.storage, task.candidates_file.name))
        total = task.candidate_count
        names: dict[str, str] = {}
        dropped_ids = [ident.decode("utf-8") for ident in dropped]
        for i in range(0, len(dropped_ids), 500):
            names.update(_candidate_queryset(task).filter(uscc__in=dropped_ids[i:i + 500]).values_list("uscc", "name"))
        task.recent_exclusions = [{"id": k, "name": names.get(k, ""), "reason": v} for k, v in sorted(recent.items())
                                  if k in names]
        officers = [o for o in Officer.objects.filter(agency=task.agency) if o.valid_on(today)]
        pool = sorted((o.certificate_number for o in officers), key=draw.sort_key)
        if len(pool) < task.team_size:
            raise ValidationError(_("执法证有效的检查人员不足%(n)s人，无法组成检查组。") % {"n": task.team_size})
        pool_ids = {o.pk for o in officers}
        exclusions = []
        for c in Conflict.objects.filter(officer_id__in=pool_ids).select_related("officer", "entity"):
            exclusions.append({"inspector": c.officer.certificate_number, "target": c.entity.uscc, "reason": c.reason})
        pool_set = set(pool)
        exclusions += [e for e in task.extra_exclusions if e["inspector"] in pool_set]
        spec = task.quota_spec
        counts_given = {s: r["count"] for s, r in spec.items() if "count" in r}
        # A stratum the task gives no rule for draws nobody (stated in the record as a quota of 0).
        counts_given.update({s: 0 for s in counts if s not in spec})
        ratios = {s: r["ratio"] for s, r in spec.items() if "ratio" in r}
        try:
            quotas = draw.quotas_from(counts, counts_given=counts_given or None, ratios=ratios or None)
        except draw.DrawInputError as e:
            raise ValidationError({"quota_spec": [e.in_language(draw.language(translation.get_language()))]}) from e
        total_selected = sum(quotas.values())
        # The cap concerns the share of the directory; a supplementary draw re-draws the parent's targets.
        capped = task.items.none() if task.parent_id else task.items.filter(
            category=InspectionItem.Category.GENERAL, ratio_cap__isnull=False)
        for item in capped:
            if total and Decimal(total_selected) / Decimal(total) > item.ratio_cap:
                raise ValidationError({"quota_spec": [_("抽取比例超过一般检查事项“%(item)s”的比例上限 %(cap)s。") % {
                    "item": item.name, "cap": item.ratio_cap}]})
        task.pool = pool
        task.exclusions = sorted(exclusions, key=lambda e: (draw.sort_key(e["inspector"]), draw.sort_key(e["target"])))
        task.quotas = quotas
        task.ratios = ratios or None
        task.max_load_effective = task.max_load or draw.default_max_load(task.team_size, total_selected, len(pool))
        secret = secrets.token_bytes(32)
        task.secret = secret
        task.commitment = hashlib.sha256(secret).hexdigest()
        task.task_digest = draw.task_digest(
            candidates_digest=task.candidates_digest, pool=task.pool,
            exclusions=[(e["inspector"], e["target"]) for e in task.exclusions], quotas=quotas,
            team_size=task.team_size, max_load=task.max_load_effective, beacon_source=task.beacon_source,
            commitment=task.commitment,
        )
        task.draw_date = today
        task.committed_at = sysclock.now()
        from_state = task.state
        task.state = Task.State.COMMITTED
        task.save()
        _event(task, actor=actor, action="commit", from_state=from_state)
        audit_record(actor=actor, action="inspection.commit", object_type="task", object_id=task.pk,
                     detail={"task_digest": task.task_digest, "commitment": task.commitment})
    return task


def task_draw(*, task_id: int, actor: User, beacon_value: str) -> Task:
    """Enter the public beacon and compute the draw, once."""
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task_id)
        _check_manager(actor, task.agency)
        refuse_planned(task)
        if task.state != Task.State.COMMITTED:
            raise TaskConflict(_("该任务已抽取或已撤销，不能再次抽取。"))
        beacon = draw.canonical_beacon(beacon_value or "")
        if not beacon:
            raise ValidationError({"beacon_value": [_("请填写公共随机数的实际值。")]})
        seed = draw.compute_seed(task.task_digest, bytes(task.secret), beacon)
        # One pass over the frozen file: the selection, and its digest checked against the commitment. A large
        # file is split over FAZHI_DRAW_WORKERS forked processes (no database use in them; same result).
        workers = draw.draw_workers()
        try:
            path = task.candidates_file.path
        except NotImplementedError:  # a storage without local paths: one process, streamed
            path = None
        if path is not None:
            # The file's lines were checked when it was written: with the committed digest they are not checked
            # again (a file with another digest is scanned with every check, and refused below).
            digest, _counts, selected = draw.scan_candidates_file(path, seed, task.quotas, lines=task.candidate_count,
                                                                  workers=workers, digest=task.candidates_digest)
        else:
            digest, _counts, selected = draw.scan_candidates(
                draw.CandidateChunks(stored_candidate_chunks(task)), seed, task.quotas)
        if digest != task.candidates_digest:
            # The frozen file was altered after the commit: refuse, visibly, rather than draw from it.
            raise ValidationError(_("候选对象文件与承诺时冻结的名单不一致（摘要不同），不能抽取。请联系安全管理员。"))
        assignments, unstaffed = draw.assign(
            seed, selected, task.pool, [(e["inspector"], e["target"]) for e in task.exclusions], task.team_size,
            task.max_load_effective, workers=workers)
        task.beacon_value = beacon
        task.seed = seed.hex()
        task.selected = [{"id": i, "stratum": s, "ticket": f"{t:016x}"} for i, s, t in selected]
        task.assignments = [{"target": target, "inspectors": list(team)} for target, team in assignments]
        task.unstaffed = list(unstaffed)
        task.drawn_at = sysclock.now()
        from_state = task.state
        task.state = Task.State.DRAWN
        task.save()
        _event(task, actor=actor, action="draw", from_state=from_state)
    return task


def task_cancel(*, task_id: int, actor: User, reason: str) -> Task:
    """Cancel a committed or drawn task: a visible, logged act with a reason; the record is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("撤销抽查任务必须说明理由。")]})
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task_id)
        _check_manager(actor, task.agency)
        if task.state not in (Task.State.COMMITTED, Task.State.DRAWN):
            raise TaskConflict(_("只有已承诺或已抽取的任务可以撤销。"))
        from_state = task.state
        task.state = Task.State.CANCELLED
        task.cancel_reason = reason
        task.cancelled_at = sysclock.now()
        task.save()
        _event(task, actor=actor, action="cancel", from_state=from_state, comment=reason)
        log_publication("inspection.task", task.pk)  # the cancellation and its reason are public
    return task
