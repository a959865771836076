"""Who may see a petition: business staff of the petition's agency (through the one door to cases,
``fazhi.process.access``). The petitioner follows it on the generic tracking page and their own case page.
Missing and not-yours are the same answer (PetitionNotFound)."""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.petitions.models import Petition
from fazhi.petitions.process import CODE
from fazhi.process.access import CaseNotFound, access_case_by_id


class PetitionNotFound(Exception):
    pass


def access_petition(user: User | None, case_id: int | str) -> Petition:
    try:
        case = access_case_by_id(user, case_id)
    except CaseNotFound:
        raise PetitionNotFound from None
    if case.kind != CODE or not is_business_staff(user):
        raise PetitionNotFound
    petition = Petition.objects.select_related("case", "case__agency", "request").filter(case=case).first()
    if petition is None:
        raise PetitionNotFound
    return petition
