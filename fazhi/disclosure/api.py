"""/api/v1/disclosure: the annual report's statistics (staff of the agency) and one request's disclosure details
(the requester or staff of its agency). Requests are filed through ``POST /api/v1/requests`` (kind
"disclosure") and handled through ``POST /api/v1/cases/{id}/transitions/{name}`` (docs/disclosure.md)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, NotFound
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.disclosure import selectors
from fazhi.process.access import CaseNotFound, access_case_by_id

router = Router(tags=["disclosure"], auth=AUTH)


def _user(request):
    user = getattr(request, "auth", None) or request.user
    return user if getattr(user, "is_authenticated", False) else None


class DisclosureStatisticsOut(Schema):
    agency: str
    year: int
    columns: list[dict[str, str]]
    rows: list[dict[str, Any]]
    balanced: bool
    remedies: dict[str, Any] | None


@router.get("/statistics", response=DisclosureStatisticsOut)
def statistics(request, year: int | None = None):
    """The table 三、收到和处理政府信息公开申请情况 of the annual report (条例第五十条) for the caller's agency:
    rows by result and ground, columns by requester type. Staff only."""
    user = _user(request)
    if user is None or not is_business_staff(user):
        raise NotFound(_("未找到。"))
    year = sysclock.today().year if year is None else year
    if not 2000 <= year <= 2100:
        raise ApiError(_("年份无效。"), fields={"year": [_("年份应在2000至2100之间。")]})
    return selectors.disclosure_statistics(user.agency, year)


@router.get("/{int:case_id}")
def detail(request, case_id: int):
    """One disclosure request: what was asked, the receipt date and its rule (第三十一条), the correction, the
    reply and its ground; the third-party consultations for staff only."""
    user = _user(request)
    try:
        case = access_case_by_id(user, case_id)
    except CaseNotFound:
        raise NotFound(_("办件不存在。")) from None
    if case.kind != "disclosure":
        raise NotFound(_("办件不存在。"))
    return selectors.disclosure_view(case, staff=is_business_staff(user))
