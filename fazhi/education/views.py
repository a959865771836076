"""Pages of legal education.

* ``/education/``: the year's training events, contests and public activities of the user's agency with the
  year's figures; the forms to record them (legal office, director). Staff only (``staff_gate``).
* ``/education/events/<id>/``: an event, who attended and their 学时; recording attendance (officers and staff)
  and correcting hours.
* ``/education/contests/<id>/``: a contest's teams, rounds, scores, standings and prizes, and their forms.
* ``/education/activities/``: public legal-education activities of every agency, for everyone (filter by agency
  and year); ``/education/activities/<id>/edit/``: the form of the agency's legal office and director.

Another agency's records answer 404; bad input re-renders with the Chinese messages (400), nothing saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core import clock
from fazhi.core.models import Agency, User
from fazhi.core.web import error_messages, staff_gate
from fazhi.education import selectors, services
from fazhi.education.access import EducationNotFound, may_manage, may_read
from fazhi.education.models import Contest, Prize, PublicActivity, TrainingEvent
from fazhi.inspection.models import Officer

EVENT_FIELDS = ("title", "kind", "date", "hours", "lecturer", "place", "note")
CONTEST_FIELDS = ("title", "date", "year", "place", "note")
ACTIVITY_FIELDS = ("date", "title", "kind", "audience", "place", "description")


def _year(request) -> int:
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year


def _fields(post, names) -> dict:
    return {k: post.get(k, "") for k in names}


@require_http_methods(["GET", "POST"])
def index(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    errors: list[str] = []
    which = ""
    if request.method == "POST":
        if not may_manage(user):
            raise Http404
        which = request.POST.get("form", "")
        try:
            if which == "event":
                event = services.event_save(actor=user, **_fields(request.POST, EVENT_FIELDS))
                messages.success(request, _("已登记培训：%(title)s") % {"title": event.title})
                return redirect("education:event", event_id=event.pk)
            if which == "contest":
                contest = services.contest_save(actor=user, **_fields(request.POST, CONTEST_FIELDS))
                messages.success(request, _("已登记竞赛：%(title)s") % {"title": contest.title})
                return redirect("education:contest", contest_id=contest.pk)
            if which == "activity":
                activity = services.activity_save(actor=user, **_fields(request.POST, ACTIVITY_FIELDS))
                messages.success(request, _("已登记普法宣传活动：%(title)s") % {"title": activity.title})
                return redirect(f"{reverse('education:index')}?year={activity.date.year}#activities")
            raise Http404
        except ValidationError as e:
            errors = error_messages(e)
    year = _year(request)
    agency = user.agency
    return render(request, "education/index.html", {
        "year": year, "years": list(range(clock.today().year, 2009, -1)), "agency": agency,
        "events": selectors.events(agency.pk, year), "contests": selectors.contests(agency.pk, year),
        "activities": selectors.activities(agency.pk, year), "summary": selectors.education_summary(agency, year),
        "can_manage": may_manage(user), "event_kinds": TrainingEvent.Kind.choices,
        "activity_kinds": PublicActivity.Kind.choices, "errors": errors, "which": which,
        "form": request.POST if errors else {}, "today": clock.today(),
    }, status=400 if errors else 200)


def _event(request, event_id: int) -> TrainingEvent:
    event = TrainingEvent.objects.select_related("agency").filter(pk=event_id).first()
    if event is None or not may_read(request.user, event.agency_id):
        raise Http404
    return event


@require_http_methods(["GET", "POST"])
def event(request, event_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    row = _event(request, event_id)
    can_manage = may_manage(user, row.agency_id)
    errors: list[str] = []
    which = ""
    if request.method == "POST":
        if not can_manage:
            raise Http404
        which = request.POST.get("form", "")
        try:
            if which == "edit":
                services.event_save(actor=user, event_id=row.pk, **_fields(request.POST, EVENT_FIELDS))
                messages.success(request, _("已保存。"))
            elif which == "attend":
                made = services.attendance_record(actor=user, event_id=row.pk,
                                                  officers=request.POST.getlist("officers"),
                                                  users=request.POST.getlist("users"),
                                                  hours=request.POST.get("hours", ""))
                messages.success(request, _("已登记%(n)d人参训。") % {"n": len(made)})
            elif which == "hours":
                services.attendance_update(actor=user, attendance_id=request.POST.get("attendance", ""),
                                           hours=request.POST.get("hours", ""))
                messages.success(request, _("学时已更正。"))
            else:
                raise Http404
        except ValidationError as e:
            errors = error_messages(e)
        except (PermissionDenied, EducationNotFound):
            raise Http404 from None
        else:
            return redirect("education:event", event_id=row.pk)
        row.refresh_from_db()
    attendances = list(row.attendances.select_related("officer", "user", "training_record"))
    officer_ids = {a.officer_id for a in attendances if a.officer_id}
    user_ids = {a.user_id for a in attendances if a.user_id}
    officers = [o for o in Officer.objects.filter(agency_id=row.agency_id).order_by("certificate_number")
                if o.pk not in officer_ids]
    linked = set(Officer.objects.filter(agency_id=row.agency_id, user__isnull=False).values_list("user_id", flat=True))
    staff = [u for u in User.objects.filter(agency_id=row.agency_id, kind=User.Kind.STAFF, is_active=True)
             .order_by("username") if u.pk not in user_ids and u.pk not in linked and not u.is_administrator]
    return render(request, "education/event.html", {
        "event": row, "attendances": attendances, "officers": officers, "staff": staff, "can_manage": can_manage,
        "kinds": TrainingEvent.Kind.choices, "errors": errors, "which": which,
        "form": request.POST if errors else {}, "held": row.date <= clock.today(),
        "total_hours": sum((a.hours for a in attendances), selectors.ZERO),
    }, status=400 if errors else 200)


def _contest(request, contest_id: int) -> Contest:
    contest = Contest.objects.select_related("agency").filter(pk=contest_id).first()
    if contest is None or not may_read(request.user, contest.agency_id):
        raise Http404
    return contest


def _contest_post(request, row: Contest) -> str:
    p, user, which = request.POST, request.user, request.POST.get("form", "")
    if which == "edit":
        services.contest_save(actor=user, contest_id=row.pk, **_fields(p, CONTEST_FIELDS))
        return _("已保存。")
    if which == "team":
        services.team_save(actor=user, contest_id=row.pk, team_id=p.get("team") or None, name=p.get("name", ""),
                           unit=p.get("unit", ""), members=p.get("members", ""), order=p.get("order", ""))
        return _("代表队已保存。")
    if which == "round":
        services.round_save(actor=user, contest_id=row.pk, round_id=p.get("round") or None, name=p.get("name", ""),
                            date=p.get("date", ""), order=p.get("order", ""))
        return _("赛程已保存。")
    if which == "scores":
        scores = {t.pk: p.get(f"score_{t.pk}", "") for t in row.teams.all()}
        services.round_scores_record(actor=user, contest_id=row.pk, round_id=p.get("round", ""), scores=scores)
        return _("得分已保存。")
    if which == "prize":
        services.prize_award(actor=user, contest_id=row.pk, team_id=p.get("team", ""), level=p.get("level", ""))
        return _("奖项已保存。")
    raise Http404


@require_http_methods(["GET", "POST"])
def contest(request, contest_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row = _contest(request, contest_id)
    can_manage = may_manage(request.user, row.agency_id)
    errors: list[str] = []
    which = ""
    if request.method == "POST":
        if not can_manage:
            raise Http404
        which = request.POST.get("form", "")
        try:
            done = _contest_post(request, row)
        except ValidationError as e:
            errors = error_messages(e)
        except (PermissionDenied, EducationNotFound):
            raise Http404 from None
        else:
            messages.success(request, done)
            return redirect("education:contest", contest_id=row.pk)
        row.refresh_from_db()
    rounds = list(row.rounds.all())
    return render(request, "education/contest.html", {
        "contest": row, "rounds": rounds, "standings": selectors.standings(row), "teams": list(row.teams.all()),
        "counts": selectors.prize_counts(row), "levels": Prize.Level.choices, "can_manage": can_manage,
        "errors": errors, "which": which, "form": request.POST if errors else {},
    }, status=400 if errors else 200)


@require_GET
def activities(request):
    """普法宣传活动, for everyone."""
    code = (request.GET.get("agency") or "").strip()
    agency = Agency.objects.filter(code=code).first() if code else None
    if code and agency is None:
        raise Http404
    raw = (request.GET.get("year") or "").strip()
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    qs = selectors.activities(agency.pk if agency else None, year)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "education/activities.html", {
        "page": page, "agency": agency, "year": year, "agencies": Agency.objects.order_by("id"),
        "years": list(range(clock.today().year, 2009, -1)),
    })


@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    row = PublicActivity.objects.filter(pk=activity_id).first()
    if row is None or not may_manage(request.user, row.agency_id):
        raise Http404
    errors: list[str] = []
    form = {k: getattr(row, k) for k in ACTIVITY_FIELDS} | {"date": row.date.isoformat()}
    if request.method == "POST":
        form = request.POST
        try:
            saved = services.activity_save(actor=request.user, activity_id=row.pk,
                                           **_fields(request.POST, ACTIVITY_FIELDS))
        except ValidationError as e:
            errors = error_messages(e)
        except (PermissionDenied, EducationNotFound):
            raise Http404 from None
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"{reverse('education:index')}?year={saved.date.year}#activities")
    return render(request, "education/activity_edit.html", {
        "activity": row, "form": form, "kinds": PublicActivity.Kind.choices, "errors": errors,
    }, status=400 if errors else 200)
