"""Major decisions: registration, the draft, the catalogue, legislative projects, and the hooks and guards of the
"major_decision" process.

Every write goes through here or through ``fazhi.process.services.case_fire`` (which calls the hooks below inside
its transaction, with the case row locked). The rule the regulation puts first is enforced in the guard of the
collective discussion (``guard_discussion``), not in a form: no discussion without a passed legality review of the
current draft (《重大行政决策程序暂行条例》第二十五条), and a review shorter than 7 working days only with a recorded
reason (第二十六条).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import audit_record, counter_next
from fazhi.decisions.models import (
    CatalogueItem,
    Category,
    Decision,
    LegalReview,
    LegislativeProject,
    Meeting,
    Progress,
    Step,
)
from fazhi.decisions.process import CODE
from fazhi.process.definition import get_definition
from fazhi.process.models import Case
from fazhi.process.services import case_fire, case_open
from fazhi.tlog.services import log_publication
from fazhi.workdays.calendar import compute_deadline, remaining_workdays

LAW = "《重大行政决策程序暂行条例》"
MIN_REVIEW_WORKDAYS = 7  # 第二十六条: 一般不少于7个工作日
DEFAULT_COMMENT_DAYS = 30  # 第十五条: 公开征求意见的期限一般不少于30日
MAX_COMMENT_DAYS = 180
MIN_ATTENDEES = 3
MAX_DRAFT_CHARS = 200_000
MAX_TEXT = 5000

CREATE_ROLES = {Role.CASE_HANDLER.value, Role.SECTION_HEAD.value, Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value}
DRAFT_ROLES = {Role.CASE_HANDLER.value, Role.SECTION_HEAD.value}
CATALOGUE_ROLES = {Role.SECTION_HEAD.value, Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value}
PROJECT_ROLES = {Role.CASE_HANDLER.value, Role.SECTION_HEAD.value, Role.LEGAL_REVIEWER.value,
                 Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value}


# ---- helpers ---------------------------------------------------------------------------------------------
def text_sha256(text: str) -> str:
    """The SHA-256 of a draft, line endings normalised and outer whitespace stripped (what the review binds to)."""
    normal = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def review_workdays(submitted_on: dt.date, opinion_on: dt.date) -> int:
    """The review time: working days after the submission up to and including the day of the opinion (the day of
    submission is not counted, 民法典第二百零一条; rest days and holidays are not working days)."""
    return max(0, remaining_workdays(submitted_on, opinion_on))


def earliest_normal_opinion(submitted_on: dt.date) -> dt.date | None:
    """The first day on which the review has had 7 working days."""
    return compute_deadline(submitted_on, MIN_REVIEW_WORKDAYS, "workday").due


def may(actor: User | None, roles: set[str]) -> bool:
    from fazhi.core.access import is_business_staff

    return bool(actor is not None and is_business_staff(actor) and roles.intersection(actor.roles or []))


def _agency_staff(actor: User, agency: Agency, roles: set[str]) -> None:
    if not (may(actor, roles) and actor.agency_id == agency.pk):
        raise PermissionDenied


def _text(value, field: str, label: str, errors: dict, *, max_len: int = MAX_TEXT, required: bool = True) -> str:
    value = str(value or "").strip()
    if not value and required:
        errors.setdefault(field, []).append(_("请填写“%(label)s”。") % {"label": label})
    elif len(value) > max_len:
        errors.setdefault(field, []).append(_("“%(label)s”过长（最多%(n)s字）。") % {"label": label, "n": max_len})
    return value


def _date(raw, field: str) -> dt.date:
    try:
        return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
    except (TypeError, ValueError):
        raise ValidationError({field: [_("日期格式应为YYYY-MM-DD。")]}) from None


def _between(raw, field: str, *, lo: dt.date | None, hi: dt.date, lo_text: str) -> dt.date:
    day = _date(raw, field)
    if day > hi:
        raise ValidationError({field: [_("日期不能晚于今天。")]})
    if lo is not None and day < lo:
        raise ValidationError({field: [lo_text]})
    return day


def case_number(agency: Agency, year: int, serial: int) -> str:
    return f"{agency.code.upper()}-JC{year}-{serial:06d}"


# ---- registration ------------------------------------------------------------------------------------------
def decision_create(*, actor: User, title: str, category: str, drafting_unit: str, description: str = "",
                    draft_text: str = "", catalogue_item_id: int | None = None, started_on: dt.date | None = None,
                    today: dt.date | None = None) -> Case:
    """决策启动 (第十条、第十一条): a major decision in state "drafting", with its drafting unit (决策承办单位)."""
    today = today or sysclock.today()
    agency = actor.agency if actor and actor.is_authenticated else None
    if agency is None:
        raise PermissionDenied
    _agency_staff(actor, agency, CREATE_ROLES)
    errors: dict[str, list[str]] = {}
    title = _text(title, "title", _("决策事项"), errors, max_len=200)
    if category not in Category.values:
        errors["category"] = [_("请选择事项类别。")]
    drafting_unit = _text(drafting_unit, "drafting_unit", _("承办单位"), errors, max_len=100)
    description = _text(description, "description", _("决策事项说明"), errors, required=False)
    draft_text = _text(draft_text, "draft_text", _("决策草案"), errors, max_len=MAX_DRAFT_CHARS, required=False)
    started_on = started_on or today
    if started_on > today:
        errors["started_on"] = [_("启动日期不能晚于今天。")]
    item = None
    if catalogue_item_id is not None:
        item = CatalogueItem.objects.filter(pk=catalogue_item_id, agency=agency).first()
        if item is None:
            errors["catalogue_item"] = [_("本机关的决策事项目录中没有该事项。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        serial = counter_next(agency=agency, key="#JC", year=started_on.year)
        case, _code = case_open(
            definition=get_definition(CODE), agency=agency, number=case_number(agency, started_on.year, serial),
            applicant=None, party={"kind": "legal_person", "name": drafting_unit}, channel=Case.Channel.EX_OFFICIO,
            received_on=started_on, data={"title": title}, actor=actor, today=today)
        Decision.objects.create(
            case=case, title=title, category=category, catalogue_item=item, drafting_unit=drafting_unit,
            description=description, draft_text=draft_text, draft_version=1 if draft_text else 0,
            draft_sha256=text_sha256(draft_text) if draft_text else "", draft_updated_on=today if draft_text else None)
    return case


def decision_revise_draft(*, actor: User, case_id: int, text: str, note: str = "",
                          today: dt.date | None = None) -> Decision:
    """A new version of the draft (its SHA-256 recorded in the case's event log). A draft changed after its legality
    review needs a new review before the collective discussion (第二十五条)."""
    today = today or sysclock.today()
    case = Case.objects.select_related("agency").get(pk=case_id, kind=CODE)
    _agency_staff(actor, case.agency, DRAFT_ROLES)
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", _("决策草案"), errors, max_len=MAX_DRAFT_CHARS)
    note = _text(note, "note", _("修改说明"), errors, max_len=500, required=False)
    if errors:
        raise ValidationError(errors)
    digest = text_sha256(text)
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)
        decision = Decision.objects.get(case_id=case.pk)
        if digest == decision.draft_sha256:
            raise ValidationError({"text": [_("草案内容没有变化。")]})
        decision.draft_text = text
        decision.draft_version += 1
        decision.draft_sha256 = digest
        decision.draft_updated_on = today
        decision.save(update_fields=["draft_text", "draft_version", "draft_sha256", "draft_updated_on"])
        case_fire(case_id=case.pk, transition="revise_draft", actor=actor, today=today,
                  data={"version": decision.draft_version, "sha256": digest, "note": note})
    return decision


def catalogue_item_add(*, actor: User, year: int, title: str, category: str, drafting_unit: str,
                       note: str = "") -> CatalogueItem:
    """An entry of the annual catalogue of major decision items (决策事项目录, 第三条第二款), public once entered."""
    agency = actor.agency if actor and actor.is_authenticated else None
    if agency is None:
        raise PermissionDenied
    _agency_staff(actor, agency, CATALOGUE_ROLES)
    errors: dict[str, list[str]] = {}
    this_year = sysclock.today().year
    if not isinstance(year, int) or isinstance(year, bool) or not (2000 <= year <= this_year + 1):
        errors["year"] = [_("年度应在2000年至%(max)s年之间。") % {"max": this_year + 1}]
    title = _text(title, "title", _("决策事项"), errors, max_len=200)
    if category not in Category.values:
        errors["category"] = [_("请选择事项类别。")]
    drafting_unit = _text(drafting_unit, "drafting_unit", _("承办单位"), errors, max_len=100)
    note = _text(note, "note", _("说明"), errors, required=False)
    if not errors and CatalogueItem.objects.filter(agency=agency, year=year, title=title).exists():
        errors["title"] = [_("该年度目录中已有同名事项。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = CatalogueItem.objects.create(agency=agency, year=year, title=title, category=category,
                                            drafting_unit=drafting_unit, note=note, created_by=actor)
        audit_record(actor=actor, action="decisions.catalogue_add", object_type="decisions.CatalogueItem",
                     object_id=str(item.pk), detail={"year": year, "title": title})
    return item


# ---- legislative projects ------------------------------------------------------------------------------------
def _clean_milestones(raw, today: dt.date, errors: dict) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        errors["milestones"] = [_("节点应为列表。")]
        return []
    out = []
    for i, m in enumerate(raw, start=1):
        if not isinstance(m, dict):
            errors.setdefault("milestones", []).append(_("第%(n)s个节点格式不正确。") % {"n": i})
            continue
        name = str(m.get("name") or "").strip()
        if not name:
            errors.setdefault("milestones", []).append(_("第%(n)s个节点没有名称。") % {"n": i})
        elif len(name) > 200:
            errors.setdefault("milestones", []).append(_("第%(n)s个节点名称过长。") % {"n": i})
        dates = {}
        for key in ("due", "done_on"):
            value = m.get(key)
            if value in (None, ""):
                dates[key] = None
                continue
            try:
                dates[key] = (value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))).isoformat()
            except ValueError:
                errors.setdefault("milestones", []).append(
                    _("第%(n)s个节点的日期格式应为YYYY-MM-DD。") % {"n": i})
                dates[key] = None
        if dates["done_on"] and dt.date.fromisoformat(dates["done_on"]) > today:
            errors.setdefault("milestones", []).append(_("第%(n)s个节点的完成日期不能晚于今天。") % {"n": i})
        note = str(m.get("note") or "").strip()
        if len(note) > 1000:
            errors.setdefault("milestones", []).append(_("第%(n)s个节点的说明过长。") % {"n": i})
        out.append({"name": name, "due": dates["due"], "done_on": dates["done_on"], "note": note})
    if len(out) > 100:
        errors.setdefault("milestones", []).append(_("节点过多（最多100个）。"))
    return out


def _clean_project(data: dict, today: dt.date, errors: dict, *, partial: bool) -> dict:
    clean: dict = {}
    if not partial or "title" in data:
        clean["title"] = _text(data.get("title"), "title", _("项目名称"), errors, max_len=200)
    if not partial or "kind" in data:
        if data.get("kind") not in LegislativeProject.Kind.values:
            errors["kind"] = [_("请选择项目类别。")]
        clean["kind"] = data.get("kind")
    if not partial or "plan" in data:
        clean["plan"] = _text(data.get("plan"), "plan", _("列入计划"), errors, max_len=200, required=False)
    if not partial or "drafting_unit" in data:
        clean["drafting_unit"] = _text(data.get("drafting_unit"), "drafting_unit", _("起草单位"), errors, max_len=100)
    if not partial or "status" in data:
        status = data.get("status") or LegislativeProject.Status.RESEARCH
        if status not in LegislativeProject.Status.values:
            errors["status"] = [_("请选择进展阶段。")]
        clean["status"] = status
    if not partial or "description" in data:
        clean["description"] = _text(data.get("description"), "description", _("项目说明"), errors, required=False)
    if not partial or "milestones" in data:
        clean["milestones"] = _clean_milestones(data.get("milestones"), today, errors)
    return clean


def project_create(*, actor: User, title: str, kind: str, drafting_unit: str, plan: str = "",
                   status: str = "research", description: str = "", milestones: list | None = None,
                   today: dt.date | None = None) -> LegislativeProject:
    today = today or sysclock.today()
    agency = actor.agency if actor and actor.is_authenticated else None
    if agency is None:
        raise PermissionDenied
    _agency_staff(actor, agency, PROJECT_ROLES)
    errors: dict[str, list[str]] = {}
    clean = _clean_project({"title": title, "kind": kind, "drafting_unit": drafting_unit, "plan": plan,
                            "status": status, "description": description, "milestones": milestones or []},
                           today, errors, partial=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = LegislativeProject.objects.create(agency=agency, created_by=actor, **clean)
        audit_record(actor=actor, action="decisions.project_create", object_type="decisions.LegislativeProject",
                     object_id=str(project.pk), detail={"title": project.title})
    return project


def project_update(*, actor: User, project_id: int, changes: dict, today: dt.date | None = None) -> LegislativeProject:
    """Change some fields of a project (those present in ``changes``); ``milestones`` replaces the whole list."""
    today = today or sysclock.today()
    project = LegislativeProject.objects.filter(pk=project_id).first()
    if project is None:
        raise LegislativeProject.DoesNotExist
    _agency_staff(actor, project.agency, PROJECT_ROLES)
    allowed = {"title", "kind", "plan", "drafting_unit", "status", "description", "milestones"}
    errors: dict[str, list[str]] = {}
    unknown = set(changes) - allowed
    if unknown:
        errors["_"] = [_("不能修改的字段：%(fields)s") % {"fields": "、".join(sorted(unknown))}]
    clean = _clean_project(changes, today, errors, partial=True)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = LegislativeProject.objects.select_for_update().get(pk=project.pk)
        for k, v in clean.items():
            setattr(project, k, v)
        project.save()
        audit_record(actor=actor, action="decisions.project_update", object_type="decisions.LegislativeProject",
                     object_id=str(project.pk), detail={"fields": sorted(clean)})
    return project


# ---- guards (case, ctx) -> message or None; ctx is None when the page asks "may this be offered?" -------------
def guard_revise(case, ctx):
    if ctx is None:
        return _("决策草案在“决策草案”栏中修改。")
    d = case.decision
    if ctx.data.get("sha256") != d.draft_sha256 or ctx.data.get("version") != d.draft_version:
        return _("决策草案在“决策草案”栏中修改。")
    if case.events.filter(transition="revise_draft", data__version=d.draft_version).exists():
        return _("决策草案在“决策草案”栏中修改。")
    return None


def guard_has_draft(case, ctx):
    if not case.decision.draft_text.strip():
        return _("尚无决策草案：请先在“决策草案”栏填写草案文本。")
    return None


def _pending_review(decision: Decision) -> LegalReview | None:
    return decision.reviews.filter(result=LegalReview.Result.PENDING).order_by("-round").first()


def guard_review_draft(case, ctx):
    d = case.decision
    review = _pending_review(d)
    if review is None:
        return _("没有待审查的送审记录。")
    if review.draft_sha256 != d.draft_sha256:
        return _("决策草案在送审后已修改，请退回后重新送审。")
    return None


def discussion_problem(decision: Decision) -> str | None:
    """Why the draft may not go to the collective discussion now, or None (第二十五条、第二十六条)."""
    missing = [str(Step.Kind(k).label) for k in (Step.Kind.PARTICIPATION, Step.Kind.EXPERT, Step.Kind.RISK)
               if not decision.steps.filter(kind=k).exists()]
    if missing:
        return _("尚未履行或依法说明不履行以下程序：%(steps)s。") % {"steps": "、".join(missing)}
    review = decision.reviews.exclude(result=LegalReview.Result.PENDING).order_by("-round").first()
    if review is None or review.result != LegalReview.Result.PASSED:
        return _("决策草案未经合法性审查或者经审查不合法的，不得提交决策机关讨论（%(law)s第二十五条）。") % {"law": LAW}
    if review.draft_sha256 != decision.draft_sha256:
        return _("决策草案在合法性审查后已修改（审查的是第%(reviewed)s稿，现为第%(current)s稿），须重新送请合法性审查"
                 "（%(law)s第二十五条）。") % {"reviewed": review.draft_version, "current": decision.draft_version,
                                          "law": LAW}
    if (review.workdays or 0) < MIN_REVIEW_WORKDAYS and not review.short_review_reason.strip():
        return _("合法性审查时间为%(n)s个工作日，少于7个工作日且未记录理由（%(law)s第二十六条）。") % {
            "n": review.workdays or 0, "law": LAW}
    return None


def guard_discussion(case, ctx):
    return discussion_problem(case.decision)


# ---- hooks (case, ctx): run inside case_fire's transaction; a ValidationError rolls everything back ----------
def _step(case, ctx, kind: str, *, on: dt.date | None = None, skipped: bool = False, data: dict | None = None) -> Step:
    step = Step.objects.create(
        decision=case.decision, kind=kind, skipped=skipped, on=on or ctx.today, data=data or {},
        skip_ground=ctx.data.get("ground", "") if skipped else "",
        skip_reason=(ctx.data.get("skip_reason") or ctx.comment or "").strip() if skipped else "",
        recorded_by=ctx.actor)
    return step


def _skip(case, ctx, kind: str) -> None:
    if not (ctx.data.get("skip_reason") or "").strip():
        raise ValidationError({"skip_reason": [_("不履行本程序须记录理由。")]})
    _step(case, ctx, kind, skipped=True)


def hook_start_consultation(case, ctx):
    days = ctx.data.get("period_days")
    days = DEFAULT_COMMENT_DAYS if days is None else days
    shorter = (ctx.data.get("shorter_reason") or "").strip()
    if not (1 <= days <= MAX_COMMENT_DAYS):
        raise ValidationError({"period_days": [_("征求意见期限应为1至%(max)s日。") % {"max": MAX_COMMENT_DAYS}]})
    if days < DEFAULT_COMMENT_DAYS and not shorter:
        raise ValidationError({"shorter_reason": [_("公开征求意见的期限一般不少于30日；缩短期限的，应当说明理由（%(law)s第十五条）。")
                                                  % {"law": LAW}]})
    ctx.data["period_days"] = days  # the clock's budget (ClockEffect.budget_from)
    ends = compute_deadline(ctx.today, days, "calendar").due
    _step(case, ctx, Step.Kind.PARTICIPATION, data={
        "mode": "public_comment", "published_via": ctx.data["published_via"],
        "how_to_comment": ctx.data["how_to_comment"], "period_days": days, "shorter_reason": shorter,
        "starts_on": ctx.today.isoformat(), "ends_on": ends.isoformat() if ends else None})


def _count(ctx) -> int:
    n = ctx.data["comments_count"]
    if n < 0 or n > 10_000_000:
        raise ValidationError({"comments_count": [_("意见条数应为0或正整数。")]})
    return n


def hook_record_participation(case, ctx):
    _step(case, ctx, Step.Kind.PARTICIPATION, data={
        "mode": "other", "methods": ctx.data["methods"], "comments_count": _count(ctx), "summary": ctx.data["summary"]})


def hook_skip_participation(case, ctx):
    _skip(case, ctx, Step.Kind.PARTICIPATION)


def hook_record_feedback(case, ctx):
    step = case.decision.steps.filter(kind=Step.Kind.PARTICIPATION, data__mode="public_comment").order_by("-id").first()
    if step is None:
        raise ValidationError(_("没有公开征求意见的记录。"))
    step.data = {**step.data, "comments_count": _count(ctx), "summary": ctx.data["summary"],
                 "closed_on": ctx.today.isoformat()}
    step.save(update_fields=["data"])


def hook_record_expert(case, ctx):
    day = _between(ctx.data["argued_on"], "argued_on", lo=case.received_on, hi=ctx.today,
                   lo_text=_("论证日期不能早于决策启动日期。"))
    _step(case, ctx, Step.Kind.EXPERT, on=day, data={
        "experts": ctx.data["experts"], "opinion": ctx.data["opinion"], "adoption": ctx.data["adoption"]})


def hook_skip_expert(case, ctx):
    _skip(case, ctx, Step.Kind.EXPERT)


def hook_record_risk(case, ctx):
    day = _between(ctx.data["assessed_on"], "assessed_on", lo=case.received_on, hi=ctx.today,
                   lo_text=_("评估日期不能早于决策启动日期。"))
    measures = (ctx.data.get("measures") or "").strip()
    if ctx.data["risk_level"] in ("medium", "high") and not measures:
        raise ValidationError({"measures": [_("中、高风险的，应当提出风险防范措施，确保风险可控（%(law)s第二十四条）。") % {
            "law": LAW}]})
    _step(case, ctx, Step.Kind.RISK, on=day, data={
        "method": ctx.data["method"], "risk_level": ctx.data["risk_level"], "report": ctx.data["report"],
        "measures": measures})


def hook_skip_risk(case, ctx):
    _skip(case, ctx, Step.Kind.RISK)


def hook_submit_review(case, ctx):
    d = case.decision
    if _pending_review(d) is not None:
        raise ValidationError(_("已有待审查的送审记录。"))
    last = d.reviews.order_by("-round").first()
    review = LegalReview.objects.create(
        decision=d, round=(last.round + 1) if last else 1, submitted_on=ctx.today, submitted_by=ctx.actor,
        draft_version=d.draft_version, draft_sha256=d.draft_sha256, basis=ctx.data["basis"],
        procedure_note=ctx.data["procedure_note"])
    earliest = earliest_normal_opinion(ctx.today)
    ctx.extra_event_data.update({"round": review.round, "draft_version": d.draft_version,
                                 "draft_sha256": d.draft_sha256,
                                 "normal_opinion_from": earliest.isoformat() if earliest else None})


def hook_review_pass(case, ctx):
    review = _pending_review(case.decision)
    days = review_workdays(review.submitted_on, ctx.today)
    reason = (ctx.data.get("short_review_reason") or "").strip()
    if days < MIN_REVIEW_WORKDAYS and not reason:
        earliest = earliest_normal_opinion(review.submitted_on)
        raise ValidationError({"short_review_reason": [
            _("自送审（%(submitted)s）至今只有%(n)s个工作日，少于%(law)s第二十六条规定的一般不少于7个工作日"
              "（%(earliest)s起满7个工作日）；缩短审查时间的，须记录理由。") % {
                "submitted": review.submitted_on.isoformat(), "n": days, "law": LAW,
                "earliest": earliest.isoformat() if earliest else "—"}]})
    review.result = LegalReview.Result.PASSED
    review.opinion = ctx.data["opinion"]
    review.adviser_opinion = (ctx.data.get("adviser_opinion") or "").strip()
    review.opinion_on = ctx.today
    review.workdays = days
    review.short_review_reason = reason if days < MIN_REVIEW_WORKDAYS else ""
    review.reviewer = ctx.actor
    review.save()
    ctx.extra_event_data.update({"round": review.round, "workdays": days, "draft_version": review.draft_version,
                                 "draft_sha256": review.draft_sha256})


def hook_review_fail(case, ctx):
    review = _pending_review(case.decision)
    if review is None:
        raise ValidationError(_("没有待审查的送审记录。"))
    review.result = LegalReview.Result.FAILED
    review.opinion = ctx.data["opinion"]
    review.opinion_on = ctx.today
    review.workdays = review_workdays(review.submitted_on, ctx.today)
    review.reviewer = ctx.actor
    review.save()
    ctx.extra_event_data.update({"round": review.round, "draft_version": review.draft_version})


def _meeting(case, ctx, outcome: str) -> Meeting:
    d = case.decision
    review = d.reviews.filter(result=LegalReview.Result.PASSED).order_by("-round").first()
    day = _between(ctx.data["meeting_date"], "meeting_date", lo=review.opinion_on, hi=ctx.today,
                   lo_text=_("集体讨论应在合法性审查意见（%(day)s）之后。") % {"day": review.opinion_on.isoformat()})
    attendees = list(dict.fromkeys(a for a in ctx.data["attendees"] if a))
    if len(attendees) < MIN_ATTENDEES:
        raise ValidationError({"attendees": [_("集体讨论应有三名以上会议组成人员参加。")]})
    meeting = Meeting.objects.create(
        decision=d, meeting_date=day, meeting_type=ctx.data["meeting_type"], chaired_by=ctx.data["chaired_by"],
        attendees=attendees, minutes=ctx.data["minutes"],
        differing_opinions=(ctx.data.get("differing_opinions") or "").strip(), chief_opinion=ctx.data["chief_opinion"],
        outcome=outcome, review=review, draft_version=d.draft_version, draft_sha256=d.draft_sha256,
        recorded_by=ctx.actor)
    ctx.extra_event_data.update({"outcome": outcome, "review_round": review.round, "draft_version": d.draft_version,
                                 "draft_sha256": d.draft_sha256})
    return meeting


def hook_discussion_adopt(case, ctx):
    meeting = _meeting(case, ctx, Meeting.Outcome.ADOPTED)
    case.decided_on = meeting.meeting_date
    case.outcome = "adopted"


def hook_discussion_defer(case, ctx):
    _meeting(case, ctx, Meeting.Outcome.DEFERRED)


def hook_discussion_reject(case, ctx):
    meeting = _meeting(case, ctx, Meeting.Outcome.REJECTED)
    case.decided_on = meeting.meeting_date
    case.outcome = "rejected"


def hook_publish(case, ctx):
    day = _between(ctx.data["published_on"], "published_on", lo=case.decided_on, hi=ctx.today,
                   lo_text=_("公布日期不能早于决定日期。"))
    _step(case, ctx, Step.Kind.PUBLICATION, on=day, data={
        "channel": ctx.data["channel"], "document_number": (ctx.data.get("document_number") or "").strip(),
        "interpretation": (ctx.data.get("interpretation") or "").strip(),
        "party_report": (ctx.data.get("party_report") or "").strip()})
    case.published_on = day
    ctx.then.append(lambda: log_publication("decisions.major", case.pk))  # once the case is saved


def hook_withhold(case, ctx):
    Step.objects.create(decision=case.decision, kind=Step.Kind.PUBLICATION, skipped=True, skip_ground="not_public",
                        skip_reason=ctx.comment, on=ctx.today, recorded_by=ctx.actor)


def hook_progress(case, ctx):
    day = _between(ctx.data["progress_on"], "progress_on", lo=case.decided_on, hi=ctx.today,
                   lo_text=_("执行情况的日期不能早于决定日期。"))
    Progress.objects.create(decision=case.decision, on=day, unit=ctx.data["unit"], text=ctx.data["progress"],
                            recorded_by=ctx.actor)


def hook_evaluation(case, ctx):
    day = _between(ctx.data["evaluated_on"], "evaluated_on", lo=case.decided_on, hi=ctx.today,
                   lo_text=_("评估日期不能早于决定日期。"))
    _step(case, ctx, Step.Kind.EVALUATION, on=day, data={
        "trigger": ctx.data["trigger"], "evaluator": ctx.data["evaluator"], "report": ctx.data["report"],
        "conclusion": ctx.data["conclusion"], "recommendation": ctx.data["recommendation"]})


def hook_archive(case, ctx):
    d = case.decision
    d.archived_on = _between(ctx.data["archived_on"], "archived_on", lo=case.decided_on, hi=ctx.today,
                             lo_text=_("归档日期不能早于决定日期。"))
    d.archive_reference = ctx.data["archive_reference"][:100]
    d.save(update_fields=["archived_on", "archive_reference"])

