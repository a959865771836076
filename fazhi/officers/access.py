"""Who may see and do what with officers and their certificates.

* Everyone (anonymous included) sees the published part of every officer (执法人员公示): agency, department,
  name, certificate number, issuing authority, validity and status. The officer record holds no ID number
  or phone, and nothing here adds one.
* Business staff of the officer's agency see the rest: certificate history, exams, training.
* The 法制机构 manages certificates: staff of the officer's agency holding the role legal_reviewer or
  director suspend, reinstate, revoke and renew certificates and enter exam results and training.
* Staff of another agency, public accounts and the three administrators see only the published part;
  on a staff page or a write endpoint another agency's officer answers like a missing one (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from fazhi.core.access import is_business_staff
from fazhi.core.models import Role, User
from fazhi.inspection.models import Officer

# 法制机构 manages the certificates of its agency's officers, under the director.
CERTIFICATE_MANAGERS = (Role.LEGAL_REVIEWER.value, Role.DIRECTOR.value)


class OfficerNotFound(Exception):
    """Missing, or not the caller's to see on a staff page (both answer 404)."""


def public_officer_by_id(officer_id) -> Officer:
    """Any officer: the published part is for everyone."""
    try:
        return Officer.objects.select_related("agency").get(pk=int(officer_id))
    except (Officer.DoesNotExist, TypeError, ValueError):
        raise OfficerNotFound from None


def can_see_staff_part(user, officer: Officer) -> bool:
    """Business staff of the officer's own agency see the certificate history, exams and training."""
    return is_business_staff(user) and officer.agency_id == user.agency_id


def staff_officer_by_id(user, officer_id) -> Officer:
    """An officer of the user's own agency (the staff pages and the write endpoints)."""
    officer = public_officer_by_id(officer_id)
    if not can_see_staff_part(user, officer):
        raise OfficerNotFound
    return officer


def is_certificate_manager(user: User | None) -> bool:
    """legal_reviewer or director (any agency): whether to show the forms at all."""
    return is_business_staff(user) and any(r in CERTIFICATE_MANAGERS for r in user.roles)


def can_manage(user, officer: Officer) -> bool:
    """Suspend, reinstate, revoke, renew; enter exams and training: the officer's agency's 法制机构 or director."""
    return can_see_staff_part(user, officer) and any(r in CERTIFICATE_MANAGERS for r in user.roles)


def require_manager(user, officer: Officer) -> None:
    """The services' check: PermissionDenied unless ``can_manage`` (the pages and the API look the officer up
    with ``staff_officer_by_id`` first, so another agency's officer answers 404 there, a missing role 403)."""
    if not can_manage(user, officer):
        raise PermissionDenied
