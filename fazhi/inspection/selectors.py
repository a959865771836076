"""Reads of the double-random module: the public draw record (fazhi-draw/1) and the portal lists."""

from __future__ import annotations

from django.urls import reverse

from fazhi.inspection import draw
from fazhi.inspection.models import InspectionItem, Task

# Above this many candidates the record points to the frozen candidate file instead of listing them inline.
INLINE_CANDIDATES_LIMIT = 100_000

PUBLIC_FROM_COMMIT = (Task.State.COMMITTED, Task.State.DRAWN, Task.State.INSPECTING, Task.State.RESULTS_ENTERED,
                      Task.State.PUBLISHED, Task.State.CANCELLED)


def _iso(value):
    return value.isoformat() if value else None


def stored_candidate_chunks(task: Task):
    """The frozen candidate file (exactly candidates_bytes) in chunks of draw.READ_SIZE bytes."""
    with task.candidates_file.open("rb") as fh:
        yield from draw.read_chunks(fh)


def stored_candidates(task: Task):
    """The frozen candidates (id, stratum), streamed from the file that is exactly candidates_bytes."""
    rest = b""
    for chunk in stored_candidate_chunks(task):
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        for line in lines:
            ident, _tab, stratum = line.partition(b"\t")
            yield ident.decode("utf-8"), stratum.decode("utf-8")


def task_record(task: Task, *, inline_candidates: bool | None = None) -> dict:
    """The fazhi-draw/1 record of a task, showing only what is public in its state (docs/draw.md):
    inputs, commitment and digest from the commit; the beacon once drawn; the secret, seed, selection and
    assignments only at publication. The secret never leaves the server before that."""
    published = task.state == Task.State.PUBLISHED
    drawn = task.drawn_at is not None
    committed = task.committed_at is not None
    if inline_candidates is None:
        inline_candidates = task.candidate_count <= INLINE_CANDIDATES_LIMIT
    record: dict = {
        "format": "fazhi-draw/1",
        "task": {"id": task.number, "title": task.title, "org": task.agency.name, "year": task.year,
                 "items": [i.name for i in task.items.all()], "strata": task.strata,
                 "recent_exclusions": task.recent_exclusions,
                 "supplementary_to": task.parent.number if task.parent_id else None},
        "status": task.state,
    }
    if committed and inline_candidates:
        record["candidates"] = [{"id": i, "stratum": s} for i, s in stored_candidates(task)]
    elif committed:
        record["candidates"] = None
        record["candidates_url"] = reverse("api:inspection_task_candidates", kwargs={"task_id": task.pk})
    else:
        record["candidates"] = None
    record.update({
        "pool": task.pool if committed else None,
        "exclusions": task.exclusions if committed else None,
        "quotas": task.quotas if committed else None,
        "team_size": task.team_size,
        "max_load": task.max_load_effective if committed else task.max_load,
        "beacon_source": task.beacon_source,
        "commitment": task.commitment or None,
        "task_digest": task.task_digest or None,
        "committed_at": _iso(task.committed_at),
        "beacon_value": task.beacon_value if drawn else None,
        "drawn_at": _iso(task.drawn_at),
        "secret": bytes(task.secret).hex() if (published and task.secret) else None,
        "seed": task.seed if published else None,
        "published_at": _iso(task.published_at),
        "selected": task.selected if published else None,
        "assignments": task.assignments if published else None,
        "unstaffed": task.unstaffed if published else None,
    })
    if task.ratios:
        record["ratios"] = task.ratios
    if task.state == Task.State.CANCELLED:
        record["cancelled_at"] = _iso(task.cancelled_at)
        record["cancel_reason"] = task.cancel_reason
    return record


def assignment_rows(selected: list[dict], assignments: list[dict]) -> list[dict]:
    """The teams as people read them: unit name, USCC, stratum, inspectors."""
    from fazhi.inspection.models import Entity

    strata = {s["id"]: s["stratum"] for s in selected}
    names = dict(Entity.objects.filter(uscc__in=list(strata)).values_list("uscc", "name"))
    return [{"target": a["target"], "name": names.get(a["target"], ""), "stratum": strata.get(a["target"], ""),
             "inspectors": a["inspectors"]} for a in assignments]


def items_published():
    return InspectionItem.objects.filter(published=True).select_related("agency")


def tasks_public():
    """The random tasks of the portal's tabs (planned campaigns have their own results list)."""
    return Task.objects.filter(mode=Task.Mode.RANDOM).exclude(state=Task.State.DRAFT).select_related("agency").prefetch_related("items")
