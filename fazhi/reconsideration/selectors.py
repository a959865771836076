"""Reads of 行政复议: the committee (public), the staff register, the panel on the generic case page."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency, User
from fazhi.process.models import Case
from fazhi.reconsideration.models import CommitteeMember, Competence, Reconsideration

KINDS = ("reconsideration", "reconsideration_respondent")


def member_choices(agency: Agency) -> list[tuple[str, str]]:
    today = sysclock.today()
    return [(str(m.pk), f"{m.name}（{m.get_position_display()}，{m.get_profession_display()}）")
            for m in CommitteeMember.objects.filter(agency=agency, active=True) if m.serving_on(today)]


def committee(agency: Agency, *, include_inactive: bool = False) -> list[CommitteeMember]:
    qs = CommitteeMember.objects.filter(agency=agency)
    if not include_inactive:
        qs = qs.filter(active=True)
    order = {CommitteeMember.Position.CHAIR: 0, CommitteeMember.Position.VICE_CHAIR: 1, CommitteeMember.Position.MEMBER: 2}
    return sorted(qs, key=lambda m: (order.get(m.position, 3), m.order, m.pk))


def committee_view(agency: Agency) -> dict:
    """The public page's figures: the members serving today, internal and external."""
    today = sysclock.today()
    members = [m for m in committee(agency) if m.serving_on(today)]
    return {"members": members, "total": len(members),
            "internal": sum(1 for m in members if m.kind == CommitteeMember.Kind.INTERNAL),
            "external": sum(1 for m in members if m.kind == CommitteeMember.Kind.EXTERNAL)}


def public_agency(code: str = "") -> Agency | None:
    if code:
        return Agency.objects.filter(code=code).first()
    return Agency.objects.filter(parent__isnull=True).order_by("id").first()


def staff_cases(user: User, *, role: str = "", state: str = "") -> QuerySet:
    qs = (Reconsideration.objects.filter(case__agency_id=user.agency_id).select_related("case", "challenged_case")
          .order_by("-case__received_on", "-id"))
    if role in Reconsideration.Role.values:
        qs = qs.filter(role=role)
    if state == "open":
        qs = qs.filter(case__closed_on__isnull=True)
    elif state == "closed":
        qs = qs.filter(case__closed_on__isnull=False)
    return qs


def competences(agency: Agency) -> list[Competence]:
    return list(Competence.objects.filter(agency=agency).order_by("scope"))


def case_detail(rec: Reconsideration) -> dict:
    """The reconsideration row for the API."""
    case = rec.case
    return {
        "id": case.pk, "number": case.number, "kind": case.kind, "role": rec.role, "state": case.state,
        "organ": rec.organ_name, "respondent": rec.respondent_name,
        "respondent_agency": rec.respondent_agency.code if rec.respondent_agency_id else None,
        "act_title": rec.act_title, "act_number": rec.act_number, "act_date": rec.act_date,
        "known_on": rec.known_on, "challenged_case": rec.challenged_case.number if rec.challenged_case_id else None,
        "request": rec.request_text, "limit_due": rec.limit_due, "late": rec.late,
        "limit_exception": rec.limit_exception, "limit_finding": rec.limit_finding, "procedure": rec.procedure,
        "major": rec.major, "copy_received_on": rec.copy_received_on, "answer_received_on": rec.answer_received_on,
        "answer_overdue": rec.answer_overdue, "hearing_date": rec.hearing_date, "hearing_held_on": rec.hearing_held_on,
        "decision_type": rec.decision_type, "decision_number": rec.decision_number, "perform_days": rec.perform_days,
        "served_on": rec.served_on, "performed_on": rec.performed_on,
        "counterpart": rec.counterpart.case.number if rec.counterpart_id else None,
        "advices": [{"meeting_date": a.meeting_date, "ground": a.ground, "advice": a.advice,
                     "members": [m.name for m in a.members.all()]} for a in rec.advices.all()],
    }


def panel_context(case: Case, user) -> dict | None:
    """What the generic case page shows: on a reconsideration case, its particulars (staff) or the application
    (the applicant); on a penalty or licensing case, the reconsiderations that challenge it (staff)."""
    staff = is_business_staff(user)
    if case.kind in KINDS:
        rec = Reconsideration.objects.select_related("challenged_case", "respondent_agency", "counterpart__case").filter(
            case=case).first()
        if rec is None:
            return None
        out = {"rec": rec, "staff": staff, "challenges": []}
        if staff:
            from fazhi.reconsideration.services import competence_for

            out["advices"] = list(rec.advices.prefetch_related("members"))
            out["competence"] = competence_for(case.agency, rec.respondent_agency) if rec.role == "organ" else None
            out["challenged_visible"] = bool(rec.challenged_case_id and rec.challenged_case.agency_id == user.agency_id)
            out["counterpart_case"] = rec.counterpart.case if rec.counterpart_id else None
        return out
    if not staff:
        return None
    challenges = list(Reconsideration.objects.filter(challenged_case=case).select_related("case", "case__agency"))
    if not challenges:
        return None
    return {"rec": None, "staff": True, "challenges": challenges}
