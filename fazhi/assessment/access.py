"""Who may see and do what in target assessment.

* The scheme's agency manages it: its section heads, deputy directors, the director and the legal office
  (``MANAGE_ROLES``) draw up the indicators, groups and units, publish the scheme, enter the scores and the
  items to rectify. Their business staff read everything of the scheme.
* A superior agency sees the agencies under it: the business staff of an agency see every scheme of their
  agency and of the agencies below it (drafts included), whole.
* An assessed unit linked to an agency of the tree is seen by that agency's staff and by the staff of the
  agencies above it (down from their own): only that unit — its scores, its rank, its items to rectify — and
  only once the scheme is published.
* Anyone else (staff of another agency, public accounts, the three administrators): not found (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.assessment.models import AssessedUnit, Scheme
from fazhi.core.access import is_business_staff
from fazhi.core.models import Role

MANAGE_ROLES = frozenset({Role.SECTION_HEAD.value, Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value,
                          Role.LEGAL_REVIEWER.value})


class AssessmentNotFound(Exception):
    """Missing, or not the caller's to see (both answer 404)."""


def subtree_ids(user) -> list[int]:
    """The user's agency and every agency below it."""
    if not is_business_staff(user) or user.agency_id is None:
        return []
    return user.agency.descendants_and_self_ids()


def may_create(user) -> bool:
    """May draw up a new scheme of the user's own agency."""
    return is_business_staff(user) and bool(MANAGE_ROLES.intersection(user.roles or []))


def can_manage(user, scheme: Scheme) -> bool:
    return may_create(user) and scheme.agency_id == user.agency_id


def sees_whole(user, scheme: Scheme) -> bool:
    return scheme.agency_id in subtree_ids(user)


def visible_units(user, scheme: Scheme) -> QuerySet[AssessedUnit] | None:
    """None: the user sees the whole scheme. Otherwise the units the user may see (possibly none)."""
    if sees_whole(user, scheme):
        return None
    if not scheme.published:
        return AssessedUnit.objects.none()
    return scheme.units.filter(agency_id__in=subtree_ids(user))


def schemes_for(user) -> QuerySet[Scheme]:
    """Every scheme the user sees whole or in part."""
    ids = subtree_ids(user)
    if not ids:
        return Scheme.objects.none()
    return (Scheme.objects.filter(Q(agency_id__in=ids) | Q(published=True, units__agency_id__in=ids))
            .distinct().select_related("agency").order_by("-year", "agency_id", "id"))


def scheme_for(user, scheme_id) -> tuple[Scheme, set[int] | None]:
    """The scheme and the ids of the units the user sees (None: all). AssessmentNotFound when not visible."""
    try:
        scheme = Scheme.objects.select_related("agency").get(pk=int(scheme_id))
    except (Scheme.DoesNotExist, TypeError, ValueError):
        raise AssessmentNotFound from None
    if not subtree_ids(user):
        raise AssessmentNotFound
    units = visible_units(user, scheme)
    if units is None:
        return scheme, None
    ids = set(units.values_list("id", flat=True))
    if not ids:
        raise AssessmentNotFound
    return scheme, ids


def unit_for(user, scheme_id, unit_id) -> tuple[Scheme, AssessedUnit, set[int] | None]:
    scheme, visible = scheme_for(user, scheme_id)
    try:
        unit = scheme.units.select_related("group", "agency").get(pk=int(unit_id))
    except (AssessedUnit.DoesNotExist, TypeError, ValueError):
        raise AssessmentNotFound from None
    if visible is not None and unit.pk not in visible:
        raise AssessmentNotFound
    return scheme, unit, visible
