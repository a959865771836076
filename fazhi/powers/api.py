"""/api/v1/powers: the published power and responsibility lists (anonymous), and the draft of the caller's agency
(its staff read it; section heads, legal reviewers and the director edit it; the director publishes it)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import NotFound
from fazhi.core.access import is_business_staff
from fazhi.core.models import Agency
from fazhi.powers import selectors, services
from fazhi.powers.models import PowerListVersion

router = Router(tags=["powers"])


class TimeLimitOut(Schema):
    label: str
    budget: int
    unit: str
    legal_basis: str


class CitationOut(Schema):
    law: str
    title: str
    articles: list[int]
    note: str
    text: str


class RiskOut(Schema):
    post: str
    description: str
    level: str
    level_label: str
    controls: list[str]


class PowerOut(Schema):
    code: str
    name: str
    category: str
    category_label: str
    legal_basis: str
    citations: list[CitationOut]
    division: str
    posts: list[str]
    responsibilities: list[str]
    accountability: list[str]
    accountability_basis: str
    channels: str
    rights_obligations: str
    remedies: str
    process_code: str
    item: str
    time_limits: list[TimeLimitOut]
    time_limits_from_process: bool
    time_limit_text: str
    steps: list[str]
    risk_points: list[RiskOut]


class StepOut(Schema):
    name: str
    label: str
    who: str
    legal_basis: str


class PowerListVersionOut(Schema):
    agency: str
    agency_name: str
    number: int
    label: str
    status: str
    effective_on: dt.date | None
    published_on: dt.date | None
    note: str


class PowerDetailOut(PowerOut):
    version: PowerListVersionOut
    process_name: str
    process_steps: list[StepOut]
    flowchart_svg: str


class PowerListOut(Schema):
    version: PowerListVersionOut
    powers: list[PowerOut]


class PowerCitationIn(Schema):
    law: str
    articles: list[int] = []
    note: str = ""


class RiskIn(Schema):
    post: str
    description: str
    level: str  # high | medium | low
    controls: list[str]


class PowerIn(Schema):
    name: str
    category: str
    legal_basis: str
    citations: list[PowerCitationIn]
    division: str
    posts: list[str]
    responsibilities: list[str]
    accountability: list[str]
    accountability_basis: str = ""
    channels: str = ""
    rights_obligations: str = ""
    remedies: str = ""
    process_code: str = ""
    item_code: str = ""
    time_limit_text: str = ""
    steps: list[str] = []
    order: int = 0
    risk_points: list[RiskIn] = []


class PowerDraftIn(Schema):
    label: str = ""
    effective_on: dt.date | None = None
    note: str = ""


class PublishIn(Schema):
    effective_on: dt.date | None = None


def _published(agency: str, version: int | None) -> PowerListVersion:
    target = Agency.objects.filter(code=agency).first() if agency else selectors.default_agency()
    if target is None:
        raise NotFound(_("没有找到该机关的权力清单。"))
    versions = selectors.published_versions(target)
    row = versions.filter(number=version).first() if version is not None else versions.first()
    if row is None:
        raise NotFound(_("没有找到该机关的权力清单。"))
    return row


def _list(row: PowerListVersion) -> dict:
    return {"version": selectors.version_view(row),
            "powers": [selectors.power_view(p) for p in selectors.powers_of(row)]}


@router.get("", response=PowerListOut, auth=None)
def power_list(request, agency: str = "", version: int | None = None):
    """权力清单、责任清单 (anonymous): the agency's published list in force, or a previous published version
    (`version`). Without `agency`, the first agency with a published list. Time limits of the powers the system
    runs are read from the process definition."""
    return _list(_published(agency, version))


@router.get("/versions", response=list[PowerListVersionOut], auth=None)
def versions(request, agency: str = ""):
    """The published versions of the agency's list, newest first (anonymous)."""
    target = Agency.objects.filter(code=agency).first() if agency else selectors.default_agency()
    if target is None:
        raise NotFound(_("没有找到该机关的权力清单。"))
    return [selectors.version_view(v) for v in selectors.published_versions(target).select_related("agency")]


# ---- the draft of the caller's agency -------------------------------------------------------------------------
def _draft(request) -> PowerListVersion:
    user = request.user
    if not is_business_staff(user):
        raise NotFound()
    row = selectors.draft_version(user.agency)
    if row is None:
        raise NotFound(_("本机关没有草稿版本。"))
    return row


@router.get("/drafts/current", response=PowerListOut, auth=AUTH)
def draft(request):
    """The draft of the caller's agency (its business staff)."""
    return _list(_draft(request))


@router.post("/drafts", response={201: PowerListVersionOut}, auth=AUTH)
def draft_create(request, payload: PowerDraftIn):
    """A new draft, copied from the latest version (section head, legal reviewer, director of the agency)."""
    row = services.version_draft_create(actor=request.user, label=payload.label, effective_on=payload.effective_on,
                                        note=payload.note)
    return Status(201, selectors.version_view(row))


@router.put("/drafts/powers/{code}", response=PowerOut, auth=AUTH)
def draft_power_put(request, code: str, payload: PowerIn):
    """Create or replace a power of the draft, with its citations and risk points."""
    row = _draft(request)
    data = payload.dict()
    risks = data.pop("risk_points")
    power = row.powers.filter(code=code).first()
    saved = services.power_save(actor=request.user, version=row, power=power, data={**data, "code": code},
                                risk_points=risks)
    return selectors.power_view(selectors.powers_of(row).get(pk=saved.pk))


@router.delete("/drafts/powers/{code}", response={204: None}, auth=AUTH)
def draft_power_delete(request, code: str):
    row = _draft(request)
    power = row.powers.filter(code=code).first()
    if power is None:
        raise NotFound(_("草稿中没有该权力事项。"))
    services.power_delete(actor=request.user, power=power)
    return Status(204, None)


@router.post("/drafts/publish", response=PowerListVersionOut, auth=AUTH)
def draft_publish(request, payload: PublishIn):
    """Publish the draft (the director of the agency): it is frozen and becomes the list in force."""
    row = services.version_publish(actor=request.user, version=_draft(request), effective_on=payload.effective_on)
    return selectors.version_view(row)


@router.get("/{code}", response=PowerDetailOut, auth=None)
def power_detail(request, code: str, agency: str = "", version: int | None = None):
    """One power of the published list (anonymous), with the article texts from the law registry, the process
    steps and the flowchart SVG drawn from the process definition."""
    row = _published(agency, version)
    power = selectors.powers_of(row).filter(code=code).first()
    if power is None:
        raise NotFound(_("清单中没有该权力事项。"))
    return {**selectors.power_view(power, detail=True), "version": selectors.version_view(row)}
