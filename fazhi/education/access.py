"""Who may see and do what in legal education.

* Training events, attendance and contests are the agency's records: its business staff read them; the legal
  office (法制审核, the 教育宣传法制处 of the letter) and the director record them (``MANAGE_ROLES`` — the same
  roles that may enter an officer's training in ``fazhi.officers``, since an attendance creates that record).
* Public legal-education activities are public: everyone reads them (``/education/activities/``); the same
  roles record them.
* Another agency's records, public accounts and the three administrators: not found (404) on staff pages.
"""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.officers.access import CERTIFICATE_MANAGERS

MANAGE_ROLES = frozenset(CERTIFICATE_MANAGERS)  # legal_reviewer, director


class EducationNotFound(Exception):
    """Missing, or another agency's (both answer 404)."""


def may_read(user, agency_id: int) -> bool:
    return is_business_staff(user) and user.agency_id == agency_id


def may_manage(user, agency_id: int | None = None) -> bool:
    """legal_reviewer or director of the agency (of their own agency when ``agency_id`` is None)."""
    if not is_business_staff(user) or not MANAGE_ROLES.intersection(user.roles or []):
        return False
    return agency_id is None or user.agency_id == agency_id
