"""Pages of 行政复议: the public committee page, the staff register (both roles), the form to register a case in
which the agency is the respondent, and the management of the committee and of the agency's competence. The cases
themselves are worked on the generic case page (/cases/<id>/) with the reconsideration panel."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import clock as sysclock
from fazhi.core.models import Agency
from fazhi.core.web import error_messages, staff_gate
from fazhi.process.models import Case
from fazhi.reconsideration import selectors, services
from fazhi.reconsideration.models import CommitteeMember, Competence, Reconsideration
from fazhi.reconsideration.process import PROCEDURE_CHOICES

RESPONDENT_CHANNELS = (Case.Channel.POST, Case.Channel.COUNTER, Case.Channel.EMAIL, Case.Channel.FAX)


def _date(raw: str, name: str) -> dt.date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("日期格式应为YYYY-MM-DD。")]}) from None


def committee(request):
    """Public: the members of the reconsideration committee (第五十二条第一款)."""
    agency = selectors.public_agency(request.GET.get("agency", ""))
    if agency is None:
        raise Http404
    return render(request, "reconsideration/committee.html", {
        "agency": agency, **selectors.committee_view(agency),
        "agencies": Agency.objects.order_by("id")})


def register(request):
    denied = staff_gate(request)
    if denied:
        return denied
    role = request.GET.get("role", "")
    state = request.GET.get("state", "")
    page = Paginator(selectors.staff_cases(request.user, role=role, state=state), 30).get_page(request.GET.get("page"))
    return render(request, "reconsideration/register.html", {
        "page": page, "role": role, "state": state, "roles": Reconsideration.Role.choices,
        "can_open": services.may(request.user, services.RESPONDENT_OPEN_ROLES),
        "can_manage": services.may(request.user, services.MEMBER_ROLES)})


@require_http_methods(["GET", "POST"])
def respondent_new(request):
    denied = staff_gate(request)
    if denied:
        return denied
    if not services.may(request.user, services.RESPONDENT_OPEN_ROLES):
        raise Http404
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        p = request.POST
        try:
            errs: dict = {}
            try:
                received = _date(p.get("copy_received_on", ""), "copy_received_on")
            except ValidationError as e:
                errs.update(e.message_dict)
                received = None
            try:
                act_date = _date(p.get("act_date", ""), "act_date")
            except ValidationError as e:
                errs.update(e.message_dict)
                act_date = None
            if errs:
                raise ValidationError(errs)
            case = services.respondent_open(
                actor=request.user, agency=request.user.agency, organ_name=p.get("organ_name", ""),
                party={"kind": p.get("party_kind", "person"), "name": p.get("party_name", ""),
                       "id_number": p.get("party_id_number", ""), "address": p.get("party_address", "")},
                act_title=p.get("act_title", ""), act_number=p.get("act_number", ""), act_date=act_date,
                request_text=p.get("request_text", ""), copy_received_on=received,
                procedure=p.get("procedure", ""), channel=p.get("channel", ""),
                linked_case_number=p.get("linked_case_number", ""))
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已登记行政复议答复事项：%(number)s") % {"number": case.number})
            return redirect("portal:case", case_id=case.pk)
    return render(request, "reconsideration/respondent_new.html", {
        "errors": errors, "form": form, "procedures": PROCEDURE_CHOICES,
        "channels": [(c.value, c.label) for c in RESPONDENT_CHANNELS], "today": sysclock.today().isoformat()},
        status=400 if errors else 200)


def manage(request):
    denied = staff_gate(request)
    if denied:
        return denied
    agency = request.user.agency
    return render(request, "reconsideration/manage.html", {
        "members": selectors.committee(agency, include_inactive=True),
        "competences": selectors.competences(agency),
        "can_manage": services.may(request.user, services.MEMBER_ROLES),
        "can_competence": services.may(request.user, services.COMPETENCE_ROLES),
        "kinds": CommitteeMember.Kind.choices, "professions": CommitteeMember.Profession.choices,
        "positions": CommitteeMember.Position.choices, "scopes": Competence.Scope.choices,
        "today": sysclock.today().isoformat()})


@require_POST
def member_add(request):
    denied = staff_gate(request)
    if denied:
        return denied
    p = request.POST
    try:
        member = services.member_add(
            actor=request.user, name=p.get("name", ""), kind=p.get("kind", ""), profession=p.get("profession", ""),
            affiliation=p.get("affiliation", ""), position=p.get("position", "member"),
            term_start=_date(p.get("term_start", ""), "term_start"), term_end=_date(p.get("term_end", ""), "term_end"),
            order=int(p["order"]) if p.get("order", "").isdigit() else 0)
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("已增加委员：%(name)s") % {"name": member.name})
    return redirect("reconsideration:manage")


@require_POST
def member_toggle(request, member_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    member = CommitteeMember.objects.filter(pk=member_id, agency_id=request.user.agency_id).first()
    if member is None:
        raise Http404
    try:
        today = sysclock.today()
        if member.active:  # the term ends today (or, for a member not yet in office, never begins)
            changes = {"active": False, "term_end": max(today, member.term_start)}
        else:
            changes = {"active": True, "term_end": None}
        services.member_update(actor=request.user, member_id=member.pk, **changes)
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("已更新委员：%(name)s") % {"name": member.name})
    return redirect("reconsideration:manage")


@require_POST
def competence_set(request):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        services.competence_set(actor=request.user, scope=request.POST.get("scope", ""),
                                legal_basis=request.POST.get("legal_basis", ""),
                                active=request.POST.get("active", "1") == "1")
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("已保存行政复议管辖。"))
    return redirect("reconsideration:manage")
