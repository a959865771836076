"""Who may see what. A major decision is the agency's internal record until it is published: staff of the agency
see it (through the one door to cases, ``fazhi.process.access``); the public sees published decisions, open
consultations and the catalogue only. Legislative projects: staff of the agency. Missing and not-yours are the same
answer (DecisionNotFound)."""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.decisions.models import LegislativeProject
from fazhi.decisions.process import CODE
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.models import Case


class DecisionNotFound(Exception):
    pass


def access_decision(user: User | None, case_id: int | str) -> Case:
    try:
        case = access_case_by_id(user, case_id)
    except CaseNotFound:
        raise DecisionNotFound from None
    if case.kind != CODE or not is_business_staff(user):
        raise DecisionNotFound
    return case


def access_project(user: User | None, project_id: int | str) -> LegislativeProject:
    if not is_business_staff(user):
        raise DecisionNotFound
    try:
        project = LegislativeProject.objects.select_related("agency").get(pk=int(project_id))
    except (LegislativeProject.DoesNotExist, ValueError, TypeError):
        raise DecisionNotFound from None
    if project.agency_id != user.agency_id:
        raise DecisionNotFound
    return project
