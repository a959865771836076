"""Reads of major decisions: the staff register, one decision in full, the public lists (published decisions, open
consultations, the catalogue of decision items), and legislative projects."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from fazhi.core import clock as sysclock
from fazhi.decisions.models import CatalogueItem, Decision, LegalReview, LegislativeProject, Meeting, Step
from fazhi.decisions.process import CODE, MAJOR_DECISION
from fazhi.decisions.services import discussion_problem, earliest_normal_opinion


def choice_label(transition: str, field: str, value: str) -> str:
    """The label of a choice a transition offered (risk level, evaluation conclusion, grounds for skipping)."""
    try:
        spec = next(f for f in MAJOR_DECISION.transition(transition).fields if f.name == field)
    except (KeyError, StopIteration):
        return value
    return str(dict(spec.choices).get(value, value))


SKIP_TRANSITIONS = {Step.Kind.PARTICIPATION: "skip_consultation", Step.Kind.EXPERT: "skip_expert_argument",
                    Step.Kind.RISK: "skip_risk_assessment"}


def _with_rows(qs: QuerySet) -> QuerySet:
    return qs.select_related("case", "case__agency", "catalogue_item").prefetch_related(
        "steps", Prefetch("reviews", queryset=LegalReview.objects.order_by("round")), "meetings", "progress")


def staff_decisions(user, *, year: int | None = None, state: str = "") -> QuerySet[Decision]:
    qs = (Decision.objects.filter(case__agency_id=user.agency_id).select_related("case")
          .order_by("-case__received_on", "-id"))
    if year:
        qs = qs.filter(case__received_on__year=year)
    if state:
        qs = qs.filter(case__state=state)
    return qs


def step_dict(s: Step) -> dict:
    data = dict(s.data)
    if s.kind == Step.Kind.RISK and "risk_level" in data:
        data["risk_level_label"] = choice_label("record_risk_assessment", "risk_level", data["risk_level"])
    if s.kind == Step.Kind.EVALUATION:
        for key in ("trigger", "conclusion", "recommendation"):
            if key in data:
                data[f"{key}_label"] = choice_label("post_evaluation", key, data[key])
    ground = ""
    if s.skipped and s.skip_ground:
        ground = choice_label(SKIP_TRANSITIONS.get(s.kind, ""), "ground", s.skip_ground) if s.kind in SKIP_TRANSITIONS \
            else s.skip_ground
    return {"kind": s.kind, "label": str(Step.Kind(s.kind).label), "skipped": s.skipped, "skip_ground": s.skip_ground,
            "skip_ground_label": ground, "skip_reason": s.skip_reason, "on": s.on, "data": data}


def review_dict(r: LegalReview) -> dict:
    return {"round": r.round, "submitted_on": r.submitted_on, "draft_version": r.draft_version,
            "draft_sha256": r.draft_sha256, "basis": r.basis, "procedure_note": r.procedure_note, "result": r.result,
            "result_label": str(r.get_result_display()), "opinion": r.opinion, "adviser_opinion": r.adviser_opinion,
            "opinion_on": r.opinion_on, "workdays": r.workdays, "short_review_reason": r.short_review_reason,
            "normal_opinion_from": earliest_normal_opinion(r.submitted_on)}


def meeting_dict(m: Meeting) -> dict:
    return {"meeting_date": m.meeting_date, "meeting_type": m.meeting_type,
            "meeting_type_label": str(m.get_meeting_type_display()), "chaired_by": m.chaired_by,
            "attendees": m.attendees, "minutes": m.minutes, "differing_opinions": m.differing_opinions,
            "chief_opinion": m.chief_opinion, "outcome": m.outcome, "outcome_label": str(m.get_outcome_display()),
            "review_round": m.review.round, "draft_version": m.draft_version, "draft_sha256": m.draft_sha256}


def decision_detail(decision: Decision) -> dict:
    case = decision.case
    item = decision.catalogue_item
    return {
        "id": case.pk, "number": case.number, "title": decision.title, "category": decision.category,
        "category_label": str(decision.get_category_display()), "agency": case.agency.name,
        "drafting_unit": decision.drafting_unit, "description": decision.description, "state": case.state,
        "state_label": str(case.state_label), "started_on": case.received_on, "decided_on": case.decided_on,
        "published_on": case.published_on, "outcome": case.outcome,
        "catalogue_item": ({"id": item.pk, "year": item.year, "title": item.title} if item else None),
        "draft_version": decision.draft_version, "draft_sha256": decision.draft_sha256,
        "draft_text": decision.draft_text, "draft_updated_on": decision.draft_updated_on,
        "steps": [step_dict(s) for s in decision.steps.all()],
        "reviews": [review_dict(r) for r in decision.reviews.all()],
        "meetings": [meeting_dict(m) for m in decision.meetings.select_related("review").all()],
        "progress": [{"on": p.on, "unit": p.unit, "text": p.text} for p in decision.progress.all()],
        "archived_on": decision.archived_on, "archive_reference": decision.archive_reference,
        "discussion_problem": discussion_problem(decision) if case.state in ("ready_for_review", "reviewed") else None,
        "url": f"/api/v1/cases/{case.pk}",
    }


def _last(steps, kind) -> Step | None:
    found = [s for s in steps if s.kind == kind]
    return found[-1] if found else None


def published_decisions(*, agency_code: str = "", year: int | None = None) -> list[dict]:
    """重大行政决策公布 (第三十二条): decisions published, newest first, with how they were made (what the public and
    the experts said and what was adopted; that the draft passed the legality review and the collective discussion).
    Minutes and internal opinions stay internal."""
    qs = (Decision.objects.filter(case__kind=CODE, case__published_on__isnull=False)
          .select_related("case", "case__agency").prefetch_related("steps", "meetings")
          .order_by("-case__published_on", "-id"))
    if agency_code:
        qs = qs.filter(case__agency__code=agency_code)
    if year:
        qs = qs.filter(case__published_on__year=year)
    out = []
    for d in qs[:500]:
        steps = list(d.steps.all())
        publication = _last(steps, Step.Kind.PUBLICATION)
        participation = _last(steps, Step.Kind.PARTICIPATION)
        expert = _last(steps, Step.Kind.EXPERT)
        adopted = [m for m in d.meetings.all() if m.outcome == Meeting.Outcome.ADOPTED]
        meeting = adopted[-1] if adopted else None
        pdata = publication.data if publication else {}
        out.append({
            "case_id": d.case_id, "number": d.case.number, "title": d.title,
            "category": str(d.get_category_display()),
            "agency": d.case.agency.name, "drafting_unit": d.drafting_unit, "decided_on": d.case.decided_on,
            "published_on": d.case.published_on, "channel": pdata.get("channel", ""),
            "document_number": pdata.get("document_number", ""), "interpretation": pdata.get("interpretation", ""),
            "participation": ("" if participation is None or participation.skipped else
                              participation.data.get("summary", "")),
            "comments_count": (None if participation is None or participation.skipped else
                               participation.data.get("comments_count")),
            "expert_argument": bool(expert and not expert.skipped),
            "legality_review": True,  # a discussion cannot happen without it (guard_discussion)
            "meeting": (f"{meeting.get_meeting_type_display()}（{meeting.meeting_date.isoformat()}）" if meeting else ""),
            "state_label": str(d.case.public_state_label),
        })
    return out


def open_consultations(*, agency_code: str = "", today: dt.date | None = None) -> list[dict]:
    """Drafts open for public comment (第十五条): the draft, its explanation, how to comment and until when."""
    today = today or sysclock.today()
    qs = (Decision.objects.filter(case__kind=CODE, case__state="consultation")
          .select_related("case", "case__agency").prefetch_related("steps", "case__clocks")
          .order_by("case__received_on"))
    if agency_code:
        qs = qs.filter(case__agency__code=agency_code)
    out = []
    for d in qs[:200]:
        step = _last([s for s in d.steps.all() if s.data.get("mode") == "public_comment"], Step.Kind.PARTICIPATION)
        clock = next((c for c in sorted(d.case.clocks.all(), key=lambda c: -c.round) if c.name == "consultation"), None)
        data = step.data if step else {}
        out.append({"number": d.case.number, "title": d.title, "agency": d.case.agency.name,
                    "description": d.description, "draft_text": d.draft_text, "draft_version": d.draft_version,
                    "published_via": data.get("published_via", ""), "how_to_comment": data.get("how_to_comment", ""),
                    "period_days": data.get("period_days"), "starts_on": step.on if step else None,
                    "ends_on": clock.due if clock else None, "shorter_reason": data.get("shorter_reason", "")})
    return out


def catalogue(*, agency_code: str = "", year: int | None = None) -> list[dict]:
    """决策事项目录 (第三条第二款), with how far each item has come (public state labels only)."""
    qs = CatalogueItem.objects.select_related("agency").prefetch_related("decisions__case").order_by(
        "-year", "agency_id", "id")
    if agency_code:
        qs = qs.filter(agency__code=agency_code)
    if year:
        qs = qs.filter(year=year)
    return [catalogue_item_dict(item) for item in qs[:1000]]


def catalogue_item_dict(item: CatalogueItem) -> dict:
    decisions = list(item.decisions.all())
    return {"id": item.pk, "year": item.year, "title": item.title, "category": str(item.get_category_display()),
            "agency": item.agency.name, "drafting_unit": item.drafting_unit, "note": item.note,
            "status": (str(decisions[-1].case.public_state_label) if decisions else "")}


def catalogue_items_for(user) -> QuerySet[CatalogueItem]:
    return CatalogueItem.objects.filter(agency_id=user.agency_id).order_by("-year", "id")


def staff_projects(user) -> QuerySet[LegislativeProject]:
    return LegislativeProject.objects.filter(agency_id=user.agency_id).order_by("-created_at", "-id")


def project_dict(p: LegislativeProject, today: dt.date | None = None) -> dict:
    today = today or sysclock.today()
    milestones = []
    for m in p.milestones:
        due = dt.date.fromisoformat(m["due"]) if m.get("due") else None
        done = dt.date.fromisoformat(m["done_on"]) if m.get("done_on") else None
        milestones.append({**m, "overdue": bool(due and not done and due < today)})
    return {"id": p.pk, "title": p.title, "kind": p.kind, "kind_label": str(p.get_kind_display()), "plan": p.plan,
            "drafting_unit": p.drafting_unit, "status": p.status, "status_label": str(p.get_status_display()),
            "description": p.description, "milestones": milestones, "agency": p.agency.name,
            "updated_at": p.updated_at}

