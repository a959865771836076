"""/api/v1/reconsideration: the committee (public list; members managed by the legal division and the director), the
application-period calculator (public), the agency's reconsiderations (staff), a case's particulars (staff of the
agency or the applicant), the respondent's cases (staff) and the agency's competence.

Applications are filed through the one intake (POST /api/v1/requests, kind "reconsideration"); the cases are driven
through the generic API (POST /api/v1/cases/{id}/transitions/{name})."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import ApiError, NotFound
from fazhi.core.access import is_business_staff
from fazhi.process.access import CaseNotFound, access_case_by_id
from fazhi.process.services import TransitionNotAllowed
from fazhi.reconsideration import selectors, services
from fazhi.reconsideration.limits import application_limit
from fazhi.reconsideration.models import CommitteeMember, Reconsideration

router = Router(tags=["reconsideration"])


class MemberOut(Schema):
    id: int
    name: str
    position: str
    position_label: str
    kind: str
    kind_label: str
    profession: str
    profession_label: str
    affiliation: str
    term_start: dt.date
    term_end: dt.date | None
    active: bool


class MemberIn(Schema):
    name: str
    kind: str  # internal | external
    profession: str  # official | scholar | lawyer | other
    affiliation: str
    term_start: dt.date
    position: str = "member"  # chair | vice_chair | member
    term_end: dt.date | None = None
    order: int = 0


class MemberPatch(Schema):
    name: str | None = None
    position: str | None = None
    affiliation: str | None = None
    term_end: dt.date | None = None
    active: bool | None = None
    order: int | None = None


class LimitOut(Schema):
    known_on: dt.date
    received_on: dt.date
    due: dt.date
    provisional: bool
    late: bool
    remedy_due: dt.date | None
    outer_due: dt.date | None
    beyond_outer: bool
    legal_basis: str


class RespondentIn(Schema):
    organ_name: str
    copy_received_on: dt.date
    act_title: str
    party_name: str
    party_kind: str = "person"
    party_id_number: str = ""
    party_address: str = ""
    act_number: str = ""
    act_date: dt.date | None = None
    request_text: str = ""
    procedure: str = "ordinary"  # ordinary | simple
    channel: str = "post"  # post | counter | email | fax
    linked_case_number: str = ""


class CaseCreated(Schema):
    id: int
    number: str
    state: str
    url: str


class CompetenceIn(Schema):
    scope: str  # own | lower
    legal_basis: str
    active: bool = True


def _member(m: CommitteeMember) -> dict:
    return {"id": m.pk, "name": m.name, "position": m.position, "position_label": str(m.get_position_display()),
            "kind": m.kind, "kind_label": str(m.get_kind_display()), "profession": m.profession,
            "profession_label": str(m.get_profession_display()), "affiliation": m.affiliation,
            "term_start": m.term_start, "term_end": m.term_end, "active": m.active}


def _staff(request):
    if not is_business_staff(request.user):
        raise PermissionDenied
    return request.user


@router.get("/committee", response=list[MemberOut], auth=None)
def committee(request, agency: str = ""):
    """The members of an agency's reconsideration committee serving today (anonymous; default: the top agency)."""
    target = selectors.public_agency(agency)
    if target is None:
        raise NotFound(_("没有这个机关。"))
    return [_member(m) for m in selectors.committee_view(target)["members"]]


@router.post("/committee", response={201: MemberOut}, auth=AUTH)
def member_add(request, payload: MemberIn):
    """Appoint a member (legal division or director of the caller's agency)."""
    member = services.member_add(actor=request.user, **payload.dict())
    return Status(201, _member(member))


@router.patch("/committee/{int:member_id}", response=MemberOut, auth=AUTH)
def member_update(request, member_id: int, payload: MemberPatch):
    """Change a member, end a term (`active: false`, `term_end`) (legal division or director, own agency)."""
    changes = payload.dict(exclude_unset=True)
    try:
        member = services.member_update(actor=request.user, member_id=member_id, **changes)
    except CommitteeMember.DoesNotExist:
        raise NotFound(_("没有这位委员。")) from None
    return _member(member)


@router.get("/limit", response=LimitOut, auth=None)
def limit(request, known_on: dt.date, received_on: dt.date | None = None, act_date: dt.date | None = None,
          remedy_known_on: dt.date | None = None):
    """The 60-day application period (第二十条) counted from `known_on`, with the rest-day rule; `remedy_known_on`
    gives the 第二十条第三款 date (capped at one year); `act_date` the five years of 第二十一条 (anonymous)."""
    from fazhi.core import clock as sysclock

    received = received_on or sysclock.today()
    if known_on > received:
        raise ApiError(_("知道该行政行为之日不能晚于提出申请之日。"), fields={"known_on": [_("日期不正确。")]},
                       code="invalid")
    lim = application_limit(known_on=known_on, received_on=received, act_date=act_date,
                            remedy_known_on=remedy_known_on)
    return {"known_on": known_on, "received_on": received, "due": lim.due, "provisional": lim.provisional,
            "late": lim.late, "remedy_due": lim.remedy_due, "outer_due": lim.outer_due,
            "beyond_outer": lim.beyond_outer,
            "legal_basis": "《中华人民共和国行政复议法》第二十条、第二十一条；《中华人民共和国民法典》第二百零一条、第二百零三条"}


@router.get("/cases", response=list[dict[str, Any]], auth=AUTH)
def cases(request, role: str = "", state: str = ""):
    """The reconsiderations of the caller's agency, both roles (business staff)."""
    user = _staff(request)
    return [selectors.case_detail(r) for r in selectors.staff_cases(user, role=role, state=state)[:500]]


@router.get("/cases/{int:case_id}", response=dict[str, Any], auth=AUTH)
def case(request, case_id: int):
    """A reconsideration's particulars: staff of the agency; the applicant sees the application's own part."""
    try:
        c = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise NotFound(_("办件不存在。")) from None
    rec = Reconsideration.objects.filter(case=c).first()
    if rec is None:
        raise NotFound(_("办件不存在。"))
    detail = selectors.case_detail(rec)
    if not is_business_staff(request.user):
        keep = ("id", "number", "kind", "state", "organ", "respondent", "act_title", "act_number", "act_date",
                "known_on", "request", "procedure", "decision_type", "decision_number", "served_on")
        detail = {k: detail[k] for k in keep}
    return detail


@router.post("/respondent-cases", response={201: CaseCreated}, auth=AUTH)
def respondent_case(request, payload: RespondentIn):
    """Register a reconsideration in which the caller's agency is the respondent (被申请人): the answer is due 10
    working days after the copy was received (第四十八条; 5 on the simple procedure, 第五十四条)."""
    user = _staff(request)
    p = payload.dict()
    try:
        c = services.respondent_open(
            actor=user, agency=user.agency, organ_name=p["organ_name"],
            party={"kind": p["party_kind"], "name": p["party_name"], "id_number": p["party_id_number"],
                   "address": p["party_address"]},
            act_title=p["act_title"], act_number=p["act_number"], act_date=p["act_date"],
            request_text=p["request_text"], copy_received_on=p["copy_received_on"], procedure=p["procedure"],
            channel=p["channel"], linked_case_number=p["linked_case_number"])
    except TransitionNotAllowed as e:
        raise ApiError(str(e), code="transition_not_allowed", status=409) from None
    return Status(201, {"id": c.pk, "number": c.number, "state": c.state, "url": f"/api/v1/cases/{c.pk}"})


@router.get("/competence", response=list[dict[str, Any]], auth=AUTH)
def competence(request):
    """What the caller's agency decides as a reconsideration organ (business staff)."""
    user = _staff(request)
    return [{"scope": c.scope, "legal_basis": c.legal_basis, "active": c.active}
            for c in selectors.competences(user.agency)]


@router.put("/competence", response=dict[str, Any], auth=AUTH)
def competence_set(request, payload: CompetenceIn):
    """Record the agency's competence and its basis (director)."""
    row = services.competence_set(actor=request.user, scope=payload.scope, legal_basis=payload.legal_basis,
                                  active=payload.active)
    return {"scope": row.scope, "legal_basis": row.legal_basis, "active": row.active}
