"""The one door to cases. "Does not exist" and "not yours" give the same answer (CaseNotFound)."""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.process.models import Case


class CaseNotFound(Exception):
    pass


def can_view_case(user: User | None, case: Case) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.kind == User.Kind.STAFF:
        # Officers of the case's agency; never the three administrators (三员分立).
        return is_business_staff(user) and case.agency_id == user.agency_id
    return case.applicant_id is not None and case.applicant_id == user.pk


def access_case_by_id(user: User | None, case_id: int | str) -> Case:
    try:
        case = Case.objects.select_related("agency").get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise CaseNotFound from None
    if not can_view_case(user, case):
        raise CaseNotFound
    return case


def access_case_by_tracking(number: str, code: str) -> Case:
    from fazhi.process.services import verification_matches

    case = Case.objects.select_related("agency").filter(number=(number or "").strip().upper()).first()
    if case is None or not verification_matches(case, code):
        raise CaseNotFound
    return case

