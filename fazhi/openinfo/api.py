"""/api/v1/openinfo: the 政府信息主动公开目录 (anyone, anonymous included).

* ``GET /items?category=&year=&agency=&q=&page=`` — the catalogue as ``/openinfo/`` shows it, newest first, 50 a
  page: each item's category, title, number, agency, 发布日期 (``published_on``), 更新日期 (``updated_on``, for a
  correction or a new version), the page that publishes it, and where it comes from (``source``: ``log`` with its
  ``kind`` and ``log_index`` in the transparency log, or ``manual``). An unknown category or agency is a 400.
* ``GET /categories`` — the categories and the rule each rests on (《政府信息公开条例》第二十条 …).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from fazhi.api.errors import ApiError
from fazhi.core.models import Agency
from fazhi.openinfo import categories, selectors

router = Router(tags=["openinfo"])


class CatalogueItemOut(Schema):
    category: str
    category_label: str
    title: str
    number: str
    agency: str
    published_on: dt.date
    updated_on: dt.date | None
    url: str | None
    source: str
    kind: str
    object_id: str
    log_index: int | None


class PageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[CatalogueItemOut]


class CategoryOut(Schema):
    code: str
    label: str
    parent: str | None
    basis: str


@router.get("/items", response=PageOut, auth=None)
def item_list(request, category: str = "", year: int | None = Query(None, ge=2000, le=2100), agency: str = "",
              q: str = Query("", max_length=100), page: int = Query(1, ge=1, le=100000)):
    """The proactive disclosure catalogue (public)."""
    if category and categories.get(category) is None:
        raise ApiError(_("未知的公开类别：%(c)s") % {"c": category[:40]}, fields={"category": [_("未知的公开类别。")]})
    org = None
    if agency:
        org = Agency.objects.filter(code=agency).first()
        if org is None:
            raise ApiError(_("未知的机关：%(a)s") % {"a": agency[:40]}, fields={"agency": [_("未知的机关。")]})
    rows = selectors.catalogue(category=category or None, year=year, agency=org, q=q)
    p = selectors.page_of(rows, page)
    return {"count": p.paginator.count, "page": p.number, "pages": p.paginator.num_pages, "items": [{
        "category": r.category, "category_label": str(r.category_label), "title": r.title, "number": r.number,
        "agency": r.agency, "published_on": r.published_on, "updated_on": r.updated_on, "url": r.url,
        "source": r.source, "kind": r.kind, "object_id": r.object_id, "log_index": r.log_index,
    } for r in p.object_list]}


@router.get("/categories", response=list[CategoryOut], auth=None)
def category_list(request):
    """The catalogue's categories with their legal basis."""
    return [{"code": c.code, "label": str(c.label), "parent": c.parent, "basis": c.basis}
            for c in categories.CATEGORIES]
