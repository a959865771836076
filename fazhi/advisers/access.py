"""Who may do what with the legal adviser system. Advisers and consultations are the agency's internal records:
business staff of the agency read them; the legal office (法制审核) and the director keep the advisers; any business
officer may ask; the officer who asked, the legal office and the director record the answer. The three
administrators never see them (三员分立). Another agency's rows are not found (AdviserNotFound)."""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import Role

MANAGE_ROLES = {Role.LEGAL_REVIEWER.value, Role.DIRECTOR.value}


class AdviserNotFound(Exception):
    pass


def may_manage(user) -> bool:
    return is_business_staff(user) and bool(MANAGE_ROLES.intersection(user.roles or []))


def may_answer(user, consultation) -> bool:
    return may_manage(user) or (is_business_staff(user) and consultation.asked_by_id == user.pk)
