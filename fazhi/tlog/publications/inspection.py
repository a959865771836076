"""``inspection.task``: a 双随机、一公开 task once its results are published (检查结果公示; 国办发〔2015〕58号
《关于推广随机抽查规范事中事后监管的通知》: results made public), or once it is cancelled (the cancellation and
its reason are public), and a planned campaign (计划检查) once its results are published.

The content binds the fazhi-draw/1 record (its SHA-256 in canonical JSON form, docs/draw.md) to the results the
public page lists: each unit's name and USCC, the inspection date and the outcome as published (合格 / 责令整改 /
移送 / 立案; the later rectification follow-up is not part of the publication)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core.i18n import zh
from fazhi.tlog.publications import as_int, body, day, json_sha256, register_kind

KIND = "inspection.task"


def _states():
    from fazhi.inspection.models import Task

    return (Task.State.PUBLISHED, Task.State.CANCELLED)


def _results(task) -> list[dict]:
    from fazhi.inspection.views_planned import OUTCOME_LABELS

    return [{"name": i.entity.name, "uscc": i.entity.uscc, "inspected_on": day(i.inspected_on),
             "outcome": zh(OUTCOME_LABELS[i.outcome]) if i.outcome in OUTCOME_LABELS else ""}
            for i in task.inspections.select_related("entity").order_by("task_id", "id")]


def content(object_id: str) -> bytes | None:
    from fazhi.inspection.models import Task
    from fazhi.inspection.selectors import task_record

    pk = as_int(object_id)
    task = Task.objects.filter(pk=pk, state__in=_states()).select_related("agency").first() if pk else None
    if task is None:
        return None
    value = {"number": task.number, "title": task.title, "agency": task.agency.name, "year": task.year,
             "mode": task.mode, "status": zh(Task.State(task.state).label)}
    if task.mode == Task.Mode.RANDOM:
        value["record_sha256"] = json_sha256(task_record(task))
    else:
        value["items"] = [i.name for i in task.items.all()]
    if task.state == Task.State.PUBLISHED:
        value["results"] = _results(task)
    else:
        value["cancel_reason"] = task.cancel_reason
    return body(value)


def published():
    from fazhi.inspection.models import Task

    return (str(pk) for pk in Task.objects.filter(state__in=_states()).order_by("pk").values_list("pk", flat=True))


def page(object_id: str) -> str | None:
    from fazhi.inspection.models import Task

    task = Task.objects.filter(pk=as_int(object_id)).only("mode").first()
    if task is None:
        return None
    name = "inspection:public_planned_task" if task.mode == Task.Mode.PLANNED else "inspection:public_task"
    return reverse(name, kwargs={"task_id": task.pk})


def register() -> None:
    register_kind(name=KIND, label=_("双随机抽查任务及结果"), content=content, published=published, page=page)
