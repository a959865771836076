"""Inspecting and publishing: each drawn target becomes an inspection (a process case); findings per item;
the outcome; the rectification order (责令整改通知书, DOCX); publication of the results within 20 working days
of the inspections' end (common provincial rule, see docs/clocks.md)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import User
from fazhi.core.uploads import safe_filename, sniff_upload
from fazhi.documents.render import Block, OfficialDocument, date_cn
from fazhi.inspection.access import can_manage_tasks
from fazhi.inspection.models import Conflict, Entity, Finding, Inspection, InspectionAttachment, Task
from fazhi.inspection.services import TaskConflict, _event, refuse_planned
from fazhi.process.definition import get_definition
from fazhi.process.services import TransitionContext, case_fire, case_open
from fazhi.tlog.services import log_publication
from fazhi.workdays.calendar import compute_deadline

RESULTS_PUBLICATION_WORKDAYS = 20  # results public within 20 working days of the inspections' end
OUTCOME_TRANSITIONS = ("conclude_ok", "order_rectification", "refer", "open_penalty")


def task_supplement(*, task_id: int, actor: User, targets: list[str], unavailable: list[str], reason: str,
                    beacon_source: str) -> Task:
    """补充抽取: a new, separately committed and verifiable draw for targets of a task that were left without a
    team (``unstaffed``) or whose drawn team cannot go (a substitution). The officers who cannot go are kept
    away from those targets by exclusion pairs with the reason; everything else follows fazhi-draw/1."""
    from fazhi.inspection.services import task_create

    reason = (reason or "").strip()
    with transaction.atomic():
        parent = Task.objects.select_for_update().get(pk=task_id)
        if not (can_manage_tasks(actor) and actor.agency_id == parent.agency_id):
            raise ValidationError(_("只有本机关的科室负责人、执法人员或局领导可以管理抽查任务。"))
        refuse_planned(parent)  # a planned campaign changes a team at the visit, with the reason
        if parent.state not in (Task.State.DRAWN, Task.State.INSPECTING):
            raise TaskConflict(_("只有已抽取或检查中的任务可以补充抽取。"))
        waiting = set(parent.unstaffed) | set(
            parent.inspections.filter(inspected_on__isnull=True).values_list("entity__uscc", flat=True))
        if parent.state == Task.State.DRAWN:
            waiting |= {a["target"] for a in parent.assignments}
        errors: dict[str, list[str]] = {}
        targets = list(dict.fromkeys(t.strip() for t in targets if t and t.strip()))
        if not targets:
            errors["targets"] = [_("请选择需要补充抽取的检查对象。")]
        elif not set(targets) <= waiting:
            errors["targets"] = [_("只能为未配齐检查组或尚未检查的对象补充抽取。")]
        if not reason:
            errors["reason"] = [_("补充抽取必须说明理由（如原检查人员回避、病假）。")]
        teams = {a["target"]: a["inspectors"] for a in parent.assignments}
        unavailable = [u.strip() for u in unavailable if u and u.strip()]
        for u in unavailable:
            if not any(u in teams.get(t, []) for t in targets):
                errors.setdefault("unavailable", []).append(
                    _("%(cert)s 不在所选对象的检查组中。") % {"cert": u})
        if any(t in teams for t in targets) and not unavailable and not set(targets) <= set(parent.unstaffed):
            errors.setdefault("unavailable", []).append(_("请选择不能参加检查的人员。"))
        if errors:
            raise ValidationError(errors)
        strata = dict(Entity.objects.filter(uscc__in=targets).values_list("uscc", parent.strata))
        with translation.override("zh-hans"):  # stored and published in Chinese
            title = _("%(title)s（补充抽取）") % {"title": parent.title}
        child = task_create(
            actor=actor, title=title, year=parent.year,
            item_codes=list(parent.items.values_list("code", flat=True)),
            quota_spec={s: {"ratio": "1"} for s in sorted(set(strata.values()))}, strata=parent.strata,
            team_size=parent.team_size, beacon_source=beacon_source)
        child.parent = parent
        child.only_targets = sorted(targets)
        child.extra_exclusions = [{"inspector": u, "target": t, "reason": reason}
                                  for t in targets for u in unavailable if u in teams.get(t, [])]
        child.save(update_fields=["parent", "only_targets", "extra_exclusions"])
        _event(parent, actor=actor, action="supplement", from_state=parent.state,
               comment=f"{child.number}：{reason}")
    return child


def open_inspection(*, task: Task, entity: Entity, team: list[str], serial: int, actor: User,
                    today: dt.date) -> Inspection:
    """One unit's inspection: a case of the "inspection" process (the same for a drawn target and for a unit
    of a planned campaign) and the row that holds its team, findings and outcome."""
    case, _code = case_open(
        definition=get_definition("inspection"), agency=task.agency, number=f"{task.number}-{serial:03d}",
        applicant=None, party={"kind": "legal_person", "name": entity.name, "id_number": entity.uscc,
                               "phone": entity.phone, "address": entity.address},
        channel="ex_officio", received_on=today, data={"task": task.number}, actor=actor, today=today)
    return Inspection.objects.create(case=case, task=task, entity=entity, team=list(team))


def task_start_inspections(*, task_id: int, actor: User) -> Task:
    """Turn every staffed assignment into an inspection with its drawn team. For a supplementary draw, a
    target that already has an inspection in the original task gets the newly drawn team (the substitution,
    with its reason); the others get their own inspection."""
    today = sysclock.today()
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task_id)
        if not (can_manage_tasks(actor) and actor.agency_id == task.agency_id):
            raise ValidationError(_("只有本机关的科室负责人、执法人员或局领导可以管理抽查任务。"))
        if task.state != Task.State.DRAWN:
            raise TaskConflict(_("只有已抽取的任务可以开始检查。"))
        entities = {e.uscc: e for e in Entity.objects.filter(uscc__in=[a["target"] for a in task.assignments])}
        existing = {}
        if task.parent_id is not None:
            existing = {i.entity.uscc: i for i in Inspection.objects.select_for_update().filter(
                task_id=task.parent_id, inspected_on__isnull=True).select_related("entity")}
        reasons = {e["target"]: e["reason"] for e in task.extra_exclusions}
        for n, a in enumerate(task.assignments, start=1):
            entity = entities[a["target"]]
            if a["target"] in existing:
                inspection = existing[a["target"]]
                inspection.team = a["inspectors"]
                with translation.override("zh-hans"):
                    inspection.substitution_reason = _("补充抽取 %(number)s：%(reason)s") % {
                        "number": task.number, "reason": reasons.get(a["target"], "")}
                inspection.save(update_fields=["team", "substitution_reason"])
                continue
            open_inspection(task=task, entity=entity, team=a["inspectors"], serial=n, actor=actor, today=today)
        from_state = task.state
        task.state = Task.State.INSPECTING
        task.started_on = today
        if not task.inspections.exists():
            # Every target of this supplementary draw is inspected under the original task: this draw's own
            # results are its record, due for publication like any other.
            task.state = Task.State.RESULTS_ENTERED
            task.results_due = compute_deadline(today, RESULTS_PUBLICATION_WORKDAYS, "workday").due
        task.save(update_fields=["state", "results_due", "started_on"])
        _event(task, actor=actor, action="start", from_state=from_state)
    return task


def _clean_findings(task: Task, findings: dict) -> list[tuple]:
    items = {i.code: i for i in task.items.all()}
    errors: list[str] = []
    out = []
    for code, item in items.items():
        entry = findings.get(code) or {}
        result = entry.get("result")
        if result not in Finding.Result.values:
            errors.append(_("请填写“%(item)s”的检查结论（合格或不合格）。") % {"item": item.name})
            continue
        description = str(entry.get("description") or "").strip()
        if result == Finding.Result.FAIL and not description:
            errors.append(_("“%(item)s”不合格，请说明存在的问题。") % {"item": item.name})
            continue
        out.append((item, result, description))
    unknown = set(findings) - set(items)
    if unknown:
        errors.append(_("任务中没有这些事项：%(codes)s") % {"codes": _("、").join(sorted(unknown))})
    if errors:
        raise ValidationError({"findings": errors})
    return out


def inspection_record(*, inspection_id: int, actor: User, inspected_on: dt.date, officers_present: list[str],
                      findings: dict, outcome: str, data: dict | None = None, comment: str = "",
                      substitution_reason: str = "", attachments: list[tuple[str, bytes]] = ()) -> Inspection:
    """Record the visit (date, who went, findings per item, photos and forms) and its outcome in one step."""
    today = sysclock.today()
    inspection = Inspection.objects.select_related("task", "case").get(pk=inspection_id)
    task = inspection.task
    errors: dict[str, list[str]] = {}
    if outcome not in OUTCOME_TRANSITIONS:
        errors["outcome"] = [_("请选择检查结果。")]
    if task.mode == Task.Mode.PLANNED:
        # A planned campaign has no draw: its visits start with the campaign (started_on, its 基准日).
        if inspected_on is None or inspected_on > today or (task.started_on and inspected_on < task.started_on):
            errors["inspected_on"] = [_("检查日期应在检查任务开始之后、今天或之前。")]
    elif inspected_on is None or inspected_on > today or (task.draw_date and inspected_on < task.draw_date):
        errors["inspected_on"] = [_("检查日期应在抽取之后、今天或之前。")]
    present = list(dict.fromkeys(o.strip() for o in officers_present if o and o.strip()))
    if len(present) < max(2, task.team_size):
        # 行政处罚法第四十二条 / 持证上岗: at least two certified officers on the visit.
        errors.setdefault("officers_present", []).append(_("检查人员不得少于%(n)s人。") % {"n": max(2, task.team_size)})
    if inspected_on is not None:
        # 持证上岗: each officer on the visit signs the record; each must hold a certificate valid that day.
        from fazhi.officers.services import require_certified

        try:
            require_certified(present, inspected_on, purpose=_("参加检查并签署检查记录"))
        except ValidationError as e:
            errors.setdefault("officers_present", []).extend(e.messages)
    # 行政处罚法第四十三条: an officer with a declared conflict with the unit does not inspect it (回避).
    for c in Conflict.objects.filter(entity_id=inspection.entity_id, officer__certificate_number__in=present
                                     ).select_related("officer", "entity"):
        errors.setdefault("officers_present", []).append(conflict_message(c))
    if set(present) != set(inspection.team) and not substitution_reason.strip():
        errors.setdefault("substitution_reason", []).append(
            _("实际检查人员与计划安排的检查组不同，请说明替换理由。") if task.mode == Task.Mode.PLANNED
            else _("实际检查人员与抽取的检查组不同，请说明替换理由。"))
    try:
        clean = _clean_findings(task, findings or {})
    except ValidationError as e:
        errors.update(e.message_dict)
        clean = []
    failed = [c for c in clean if c[1] == Finding.Result.FAIL]
    if outcome == "conclude_ok" and failed:
        errors.setdefault("outcome", []).append(_("有不合格事项，不能以“未发现问题”办结。"))
    if outcome == "order_rectification" and clean and not failed:
        errors.setdefault("outcome", []).append(_("所有事项均合格，无需责令整改。"))
    checked_files = []
    for name, content in attachments:
        try:
            checked_files.append((name, content, sniff_upload(content, name)))
        except ValidationError as e:
            errors.setdefault("attachments", []).extend(f"{name}：{m}" for m in e.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection_id)
        inspection.inspected_on = inspected_on
        inspection.officers_present = present
        inspection.substitution_reason = substitution_reason.strip()
        inspection.save(update_fields=["inspected_on", "officers_present", "substitution_reason"])
        inspection.findings.all().delete()
        Finding.objects.bulk_create([Finding(inspection=inspection, item=i, result=r, description=d)
                                     for i, r, d in clean])
        for name, content, sniff in checked_files:
            att = InspectionAttachment(inspection=inspection, original_name=safe_filename(name), mime=sniff.mime,
                                       size=len(content), sha256=hashlib.sha256(content).hexdigest(), uploaded_by=actor)
            att.file.save(f"{inspection.case.number}-{att.sha256[:12]}.{sniff.extension}", ContentFile(content),
                          save=False)
            att.save()
        case_fire(case_id=inspection.case_id, transition=outcome, actor=actor, comment=comment,
                  data={**(data or {}), "inspected_on": inspected_on.isoformat()}, today=today)
        inspection.refresh_from_db()
        if outcome == "order_rectification":
            clk = inspection.case.clocks.filter(name="rectification").order_by("-round").first()
            inspection.rectification_due = clk.due if clk else None
            inspection.save(update_fields=["rectification_due"])
        _maybe_results_entered(task.pk, actor)
    return inspection


def conflict_message(c: Conflict) -> str:
    return _("%(officer)s 与%(unit)s存在回避事由（%(reason)s），不得参加对该单位的检查"
             "（《中华人民共和国行政处罚法》第四十三条）。") % {"officer": c.officer, "unit": c.entity.name,
                                                "reason": c.reason}


def _maybe_results_entered(task_id: int, actor: User) -> None:
    task = Task.objects.select_for_update().get(pk=task_id)
    if task.state != Task.State.INSPECTING:
        return
    if task.inspections.filter(inspected_on__isnull=True).exists():
        return
    last = max(task.inspections.values_list("inspected_on", flat=True))
    task.results_due = compute_deadline(last, RESULTS_PUBLICATION_WORKDAYS, "workday").due
    task.state = Task.State.RESULTS_ENTERED
    task.save(update_fields=["state", "results_due"])
    _event(task, actor=actor, action="results", from_state=Task.State.INSPECTING)


def task_publish(*, task_id: int, actor: User) -> Task:
    """一公开: the results, and with them the secret, seed, selection and teams — anyone can now verify."""
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task_id)
        if not (can_manage_tasks(actor) and actor.agency_id == task.agency_id):
            raise ValidationError(_("只有本机关的科室负责人、执法人员或局领导可以管理抽查任务。"))
        if task.state != Task.State.RESULTS_ENTERED:
            raise TaskConflict(_("检查结果全部录入后才能公示。"))
        from_state = task.state
        task.state = Task.State.PUBLISHED
        task.published_at = sysclock.now()
        task.save(update_fields=["state", "published_at"])
        _event(task, actor=actor, action="publish", from_state=from_state)
        log_publication("inspection.task", task.pk)  # the results and the draw record, in the transparency log
    return task


def rectification_notice(case, ctx: TransitionContext, number: str) -> OfficialDocument:
    """责令整改通知书: the unit, the problems found per item with the basis, the deadline, the duty to report,
    and the remedies (an order to rectify is an administrative act)."""
    inspection = case.inspection
    days = int(ctx.data["rectify_days"])
    if not 1 <= days <= 365:
        raise ValidationError({"rectify_days": [_("整改期限应为1至365日。")]})
    due = compute_deadline(ctx.today, days, "calendar").due
    failed = list(inspection.findings.filter(result=Finding.Result.FAIL).select_related("item"))
    agency = case.agency
    superior = agency.parent.name if agency.parent_id else "本机关的上一级主管部门或者本级人民政府"
    task = inspection.task
    if task.mode == Task.Mode.PLANNED:
        ground = f"{task.year}年度检查计划“{task.title}”（{task.number}）"
    else:
        ground = f"“双随机、一公开”抽查任务（{task.number}）"
    body = [Block(f"{date_cn(inspection.inspected_on or ctx.today)}，本机关依据{ground}对你单位进行了检查，"
                  "发现以下问题：")]
    for n, f in enumerate(failed, start=1):
        body.append(Block(f"{n}. {f.item.name}：{f.description}（检查依据：{f.item.legal_basis}）", level=3))
    body += [
        Block(f"根据《中华人民共和国档案法》第四十五条的规定，现责令你单位于{date_cn(due)}前完成整改，"
              "并将整改情况书面报告本机关。本机关将在整改期限届满后进行复查；逾期未整改的，依法予以处理。"),
        Block(f"如不服本通知，可以自收到本通知之日起六十日内向{superior}申请行政复议（《中华人民共和国行政复议法》"
              "第二十条），或者在六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"),
        Block(f"联系地址：{agency.address}；联系电话：{agency.phone}。"),
    ]
    return OfficialDocument(issuer=agency.name, issuer_mark=agency.name, number=number, title="责令整改通知书",
                            addressee=case.party_name, body=body, date=ctx.today, layout="letter")
