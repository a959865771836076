"""计划检查: planned (non-random) inspection campaigns, such as the bureau's 2017 inspection of the archives work of
63 provincial units (省直单位, 黑档函〔2018〕15号).

A planned campaign is a ``Task`` with ``mode`` "planned". There is no draw: the organiser lists the units (from
the target directory, by USCC) and, for each unit, its team (certificate numbers). Starting the campaign opens
one inspection per unit through the same "inspection" process as a drawn target (fazhi/inspection/process.py);
the visit, the rectification order (责令整改通知书), its clock, the follow-up check (复查) and publication are the
same objects and services (fazhi/inspection/inspections.py).

draft → inspecting → results_entered → published.

Rules, checked at creation (against today) and again at the start (against the start date, which binds):
- at least two officers per unit, and at least the task's team size (《中华人民共和国行政处罚法》第四十二条);
- every officer's enforcement certificate valid on the day (持证上岗; ``Officer.valid_on``);
- no officer on the team of a unit they declared a conflict with (回避, 《中华人民共和国行政处罚法》第四十三条);
- no officer on more units than the task's max load, when one is set;
- units known to the directory, active (存续), each listed once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import User
from fazhi.core.services import counter_next
from fazhi.documents.render import date_cn
from fazhi.inspection.inspections import conflict_message, open_inspection
from fazhi.inspection.models import Conflict, Entity, InspectionItem, Officer, Task
from fazhi.inspection.services import TaskConflict, _check_manager, _event

MAX_TARGETS = 5000  # one campaign; the letter's is 63 units


def _clean_targets(*, agency, targets, team_size: int, max_load: int | None,
                   day: dt.date) -> tuple[list[dict], list[str]]:
    """The units and teams as stored (``[{"target", "inspectors"}]``, in the order given) and the problems found,
    each naming the unit or the officer."""
    errors: list[str] = []
    if not isinstance(targets, (list, tuple)) or not targets:
        return [], [_("请列出至少一个检查对象及其检查组。")]
    if len(targets) > MAX_TARGETS:
        return [], [_("一个计划检查任务最多%(n)s个检查对象。") % {"n": MAX_TARGETS}]
    rows: list[tuple[str, list[str]]] = []
    for n, t in enumerate(targets, start=1):
        uscc = t.get("target") if isinstance(t, dict) else None
        inspectors = t.get("inspectors") if isinstance(t, dict) else None
        if not isinstance(uscc, str) or not isinstance(inspectors, (list, tuple)) \
                or not all(isinstance(c, str) for c in inspectors):
            errors.append(_("第%(n)s个检查对象的格式无效：应给出统一社会信用代码和检查人员的执法证号。") % {"n": n})
            continue
        rows.append((uscc.strip().upper(), [c.strip() for c in inspectors if c.strip()]))
    seen: set[str] = set()
    for uscc, _team in rows:
        if uscc in seen:
            errors.append(_("检查对象 %(uscc)s 重复列出。") % {"uscc": uscc})
        seen.add(uscc)
    entities = {e.uscc: e for e in Entity.objects.filter(uscc__in=seen)}
    certs = {c for _uscc, team in rows for c in team}
    officers = {o.certificate_number: o for o in Officer.objects.filter(agency=agency, certificate_number__in=certs)}
    conflicts = {(c.officer.certificate_number, c.entity.uscc): c for c in Conflict.objects.filter(
        officer__in=officers.values(), entity__in=entities.values()).select_related("officer", "entity")}
    need = max(2, team_size)
    for cert in sorted(certs - set(officers)):
        errors.append(_("%(cert)s 不在本机关执法检查人员名录库中。") % {"cert": cert})
    for cert in sorted(certs & set(officers)):
        o = officers[cert]
        if not o.valid_on(day):
            # 持证上岗: only an officer whose certificate is valid on the day inspects.
            if o.status != Officer.Status.VALID:
                why = _("证件状态：%(status)s") % {"status": o.get_status_display()}
            else:
                why = _("有效期%(start)s至%(end)s") % {"start": date_cn(o.valid_from), "end": date_cn(o.valid_until)}
            errors.append(_("%(officer)s的执法证在%(date)s无效（%(why)s），不能参加检查。") % {
                "officer": o, "date": date_cn(day), "why": why})
    for uscc, team in rows:
        entity = entities.get(uscc)
        if entity is None:
            errors.append(_("检查对象名录库中没有统一社会信用代码为 %(uscc)s 的单位。") % {"uscc": uscc})
            continue
        if not entity.active:
            errors.append(_("%(unit)s（%(uscc)s）已不存续，不能列为检查对象。") % {"unit": entity.name, "uscc": uscc})
        for cert, count in Counter(team).items():
            if count > 1:
                errors.append(_("%(unit)s的检查组中 %(cert)s 重复。") % {"unit": entity.name, "cert": cert})
        if len(set(team)) < need:
            # 《中华人民共和国行政处罚法》第四十二条: at least two enforcement officers.
            errors.append(_("%(unit)s的检查组不得少于%(n)s名执法人员。") % {"unit": entity.name, "n": need})
        for cert in dict.fromkeys(team):
            c = conflicts.get((cert, uscc))
            if c is not None:
                errors.append(conflict_message(c))
    if max_load:
        load = Counter(c for _uscc, team in rows for c in dict.fromkeys(team))
        for cert, count in sorted(load.items()):
            if count > max_load and cert in officers:
                errors.append(_("%(officer)s 被安排检查%(n)s个单位，超过每人最多%(max)s个。") % {
                    "officer": officers[cert], "n": count, "max": max_load})
    return [{"target": uscc, "inspectors": list(dict.fromkeys(team))} for uscc, team in rows], errors


def planned_task_create(*, actor: User, title: str, year: int, item_codes: list[str], targets: list[dict],
                        team_size: int = 2, max_load: int | None = None, basis: str = "") -> Task:
    """A planned campaign in draft: its checklist (items), its units and, for each unit, the team the organiser
    chose. ``targets`` is ``[{"target": USCC, "inspectors": [certificate number, ...]}]``."""
    agency = actor.agency
    _check_manager(actor, agency)
    today = sysclock.today()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("请填写任务名称。")]
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("年度无效。")]
    codes = [c for c in (item_codes or []) if isinstance(c, str)]
    items = list(InspectionItem.objects.filter(agency=agency, code__in=codes))
    if not items or len(items) != len(set(item_codes or [])):
        errors["items"] = [_("请选择本机关抽查事项清单中的事项。")]
    if not isinstance(team_size, int) or team_size < 2:
        # 行政处罚法第四十二条: at least two enforcement officers.
        errors["team_size"] = [_("每组至少2名执法人员。")]
        team_size = 2
    if max_load is not None and (not isinstance(max_load, int) or max_load < 1):
        errors["max_load"] = [_("每人最多检查对象数应为正整数。")]
        max_load = None
    clean, problems = _clean_targets(agency=agency, targets=targets, team_size=team_size, max_load=max_load,
                                     day=today)
    if problems:
        errors["targets"] = problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key="#JH", year=year)
        task = Task.objects.create(
            agency=agency, mode=Task.Mode.PLANNED, number=f"{agency.code.upper()}-JH{year}-{serial:03d}", title=title,
            year=year, team_size=team_size, max_load=max_load, basis=(basis or "").strip(), assignments=clean,
            created_by=actor)
        task.items.set(items)
        _event(task, actor=actor, action="create", from_state="")
    return task


def planned_task_start(*, task_id: int, actor: User) -> Task:
    """Open one inspection per unit with its team, through the "inspection" process, as for a drawn target.
    The rules are checked again on the start date, which becomes the campaign's 基准日 (``started_on``)."""
    today = sysclock.today()
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("agency").get(pk=task_id)
        _check_manager(actor, task.agency)
        if task.mode != Task.Mode.PLANNED:
            raise TaskConflict(_("随机抽查任务在抽取后按抽取的检查组开始检查。"))
        if task.state != Task.State.DRAFT:
            raise TaskConflict(_("计划检查任务已开始检查，不能再次开始。"))
        clean, problems = _clean_targets(agency=task.agency, targets=task.assignments, team_size=task.team_size,
                                         max_load=task.max_load, day=today)
        if problems:
            raise ValidationError({"targets": problems})
        entities = {e.uscc: e for e in Entity.objects.filter(uscc__in=[a["target"] for a in clean])}
        for n, a in enumerate(clean, start=1):
            open_inspection(task=task, entity=entities[a["target"]], team=a["inspectors"], serial=n, actor=actor,
                            today=today)
        from_state = task.state
        task.state = Task.State.INSPECTING
        task.started_on = today
        task.save(update_fields=["state", "started_on"])
        _event(task, actor=actor, action="start", from_state=from_state)
    return task
