"""Who may do what with power lists.

- Anyone (anonymous included) reads published versions.
- The business staff of an agency read its drafts (``/powers/manage/``); staff of other agencies, public
  accounts and the three administrators do not (the same 404 as a version that does not exist).
- The section heads, the legal reviewers and the director of the agency edit its draft.
- Only the director of the agency publishes it."""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import Role

EDIT_ROLES = frozenset({Role.SECTION_HEAD.value, Role.LEGAL_REVIEWER.value, Role.DIRECTOR.value})
PUBLISH_ROLES = frozenset({Role.DIRECTOR.value})


def can_read_drafts(user, agency) -> bool:
    return is_business_staff(user) and user.agency_id == agency.pk


def can_edit(user, agency) -> bool:
    return can_read_drafts(user, agency) and bool(EDIT_ROLES.intersection(user.roles or []))


def can_publish(user, agency) -> bool:
    return can_read_drafts(user, agency) and bool(PUBLISH_ROLES.intersection(user.roles or []))


def can_read_version(user, version) -> bool:
    return not version.is_draft or can_read_drafts(user, version.agency)
