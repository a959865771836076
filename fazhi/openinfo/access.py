"""Who may see and do what in the 主动公开目录.

- Anyone (anonymous included) reads the catalogue: what the other capabilities published (the transparency log)
  and the manual items as last published. A draft, the working copy of a changed item and a withdrawn item are
  not public (the same 404 as an item that does not exist).
- The business staff of an agency read, create and edit its manual items (/openinfo/staff/).
- Publishing and withdrawing pass the agency's review (《政府信息公开条例》第十七条：行政机关应当建立健全政府信息
  公开审查机制): the section heads, the deputy directors and the director of the agency.
- Staff of another agency, public accounts and the three administrators: not found.
"""

from __future__ import annotations

from fazhi.core.access import is_business_staff
from fazhi.core.models import Role
from fazhi.openinfo.models import CatalogueItem

PUBLISH_ROLES = frozenset({Role.SECTION_HEAD.value, Role.DEPUTY_DIRECTOR.value, Role.DIRECTOR.value})


class ItemNotFound(Exception):
    """Missing, not public, or another agency's (all answer 404)."""


def _pk(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if pk > 0 else None


def may_manage(user, agency_id: int | None = None) -> bool:
    """Business staff of the agency (of their own agency when ``agency_id`` is None)."""
    if not is_business_staff(user):
        return False
    return agency_id is None or user.agency_id == agency_id


def may_publish(user, agency_id: int | None = None) -> bool:
    if not may_manage(user, agency_id):
        return False
    return bool(PUBLISH_ROLES.intersection(user.roles or []))


def access_item(user, item_id, *, lock: bool = False) -> CatalogueItem:
    """A manual item for its agency's staff."""
    pk = _pk(item_id)
    if pk is None or not is_business_staff(user):
        raise ItemNotFound
    qs = CatalogueItem.objects.select_for_update() if lock else CatalogueItem.objects.select_related("agency")
    item = qs.filter(pk=pk).first()
    if item is None:
        raise ItemNotFound
    if item.agency_id != user.agency_id:
        raise ItemNotFound
    return item


def public_item(item_id) -> CatalogueItem:
    """A manual item as the public sees it: published only."""
    pk = _pk(item_id)
    if pk is None:
        raise ItemNotFound
    item = CatalogueItem.objects.select_related("agency").filter(pk=pk).first()
    if item is None:
        raise ItemNotFound
    if item.status != CatalogueItem.Status.PUBLISHED:
        raise ItemNotFound
    return item
