"""Reads of petitions: the staff register, one petition with its visits, the visit register and the statistics of
a year."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum

from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.petitions.models import COLLECTIVE_PERSONS, Petition, Visit
from fazhi.petitions.process import CODE, REFUSAL_GROUNDS, RESULTS, REVIEW_RESULTS
from fazhi.process.models import Case, Clock


def petitions_for(user: User, *, year: int | None = None, state: str = "", channel: str = "") -> QuerySet[Petition]:
    """The petitions of the user's agency, latest first (business staff only)."""
    if not is_business_staff(user):
        return Petition.objects.none()
    qs = (Petition.objects.filter(case__agency_id=user.agency_id, case__kind=CODE)
          .select_related("case", "request").annotate(visit_count=Count("visits"))
          .order_by("-case__received_on", "-id"))
    if year:
        qs = qs.filter(case__received_on__year=year)
    if state:
        qs = qs.filter(case__state=state)
    if channel:
        qs = qs.filter(case__channel=channel)
    return qs


def visits_for(user: User, *, year: int | None = None) -> QuerySet[Visit]:
    if not is_business_staff(user):
        return Visit.objects.none()
    qs = (Visit.objects.filter(petition__case__agency_id=user.agency_id)
          .select_related("petition__case", "officer").order_by("-visited_on", "-id"))
    if year:
        qs = qs.filter(visited_on__year=year)
    return qs


def _label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def _current_clock(case: Case, name: str) -> Clock | None:
    clocks = [c for c in case.clocks.all() if c.name == name]
    return max(clocks, key=lambda c: c.round) if clocks else None


def petition_detail(petition: Petition) -> dict:
    """One petition for the API and the case-page panel: the intake's fields, the people, the visits, the refusal,
    transfer, opinion, review and second-review records and the handling clock."""
    case = petition.case
    data = case.data or {}
    fields = dict(petition.request.fields)
    handling = _current_clock(case, "handling")
    opinion = data.get("opinion") or {}
    review = data.get("review") or {}
    second = data.get("second") or {}
    refusal = data.get("refusal") or {}
    return {
        "id": case.pk,
        "number": case.number,
        "state": case.state,
        "state_label": str(case.state_label),
        "channel": case.channel,
        "channel_label": str(case.get_channel_display()),
        "received_on": case.received_on,
        "accepted_on": case.accepted_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "party_name": case.party_name,
        "matter": petition.matter,
        "request": fields.get("request", ""),
        "facts": fields.get("facts", ""),
        "category": petition.category,
        "category_label": str(petition.get_category_display()) if petition.category else "",
        "persons": petition.persons,
        "representatives": list(petition.representatives),
        "collective": petition.collective,
        "handling_due": handling.due if handling else None,
        "handling_extended": bool(handling and handling.extension_days),
        "refusal": {"ground": refusal.get("ground", ""), "ground_label": _label(REFUSAL_GROUNDS, refusal.get("ground")),
                    "channel": refusal.get("channel", "")} if refusal else None,
        "transferred_to": petition.request.transferred_to,
        "opinion": {"result": opinion.get("result", ""), "result_label": _label(RESULTS, opinion.get("result")),
                    "review_body": opinion.get("review_body", ""), "served_on": data.get("served_on")}
        if opinion else None,
        "review": {"requested_on": data.get("review_requested_on"), "body": data.get("review_body", ""),
                   "result": review.get("result", ""), "result_label": _label(REVIEW_RESULTS, review.get("result")),
                   "opinion": review.get("opinion", ""), "served_on": data.get("review_served_on")}
        if data.get("review_requested_on") else None,
        "second_review": {"requested_on": data.get("second_requested_on"), "body": data.get("second_body", ""),
                          "result": second.get("result", ""),
                          "result_label": _label(REVIEW_RESULTS, second.get("result")),
                          "opinion": second.get("opinion", ""), "served_on": second.get("served_on")}
        if data.get("second_requested_on") else None,
        "visits": [
            {"id": v.pk, "visited_on": v.visited_on, "persons": v.persons, "representatives": list(v.representatives),
             "collective": v.collective, "officer": str(v.officer), "leader_received": v.leader_received,
             "summary": v.summary}
            for v in petition.visits.select_related("officer").all()
        ],
        "url": f"/api/v1/cases/{case.pk}",
    }


def statistics(agency_id: int, year: int) -> dict:
    """The petitions of a year (by date of receipt) and the visits of the year: how they came, what became of
    them, how many were handled within the 60 (+30) days, and how many were reviewed."""
    cases = Case.objects.filter(kind=CODE, agency_id=agency_id, received_on__year=year)
    by_channel = dict(cases.values_list("channel").annotate(n=Count("id")))
    by_state = dict(cases.values_list("state").annotate(n=Count("id")))
    by_category = dict(Petition.objects.filter(case__in=cases).exclude(category="")
                       .values_list("category").annotate(n=Count("id")))
    handling = Clock.objects.filter(case__in=cases, name="handling")
    stopped = list(handling.filter(state=Clock.State.STOPPED, case__data__has_key="opinion"))
    today = sysclock.today()
    visits = Visit.objects.filter(petition__case__agency_id=agency_id, visited_on__year=year)
    visit_totals = visits.aggregate(n_visits=Count("id"), n_persons=Sum("persons"),
                                    n_collective=Count("id", filter=Q(persons__gte=COLLECTIVE_PERSONS)),
                                    n_leader=Count("id", filter=Q(leader_received=True)))
    accepted = cases.filter(accepted_on__isnull=False).count()
    return {
        "year": year,
        "total": cases.count(),
        "by_channel": {k: by_channel.get(k, 0) for k, _label in Case.Channel.choices if by_channel.get(k)},
        "letters": by_channel.get(Case.Channel.POST, 0),
        "visits": visit_totals["n_visits"] or 0,
        "visit_persons": visit_totals["n_persons"] or 0,
        "collective_visits": visit_totals["n_collective"] or 0,
        "leader_visits": visit_totals["n_leader"] or 0,
        "accepted": accepted,
        "not_accepted": by_state.get("not_accepted", 0),
        "transferred": by_state.get("transferred", 0),
        "withdrawn": by_state.get("withdrawn", 0),
        "by_category": by_category,
        "answered": len(stopped),
        "answered_on_time": sum(1 for c in stopped if c.on_time),
        "handling_overdue": handling.filter(state=Clock.State.RUNNING, due__lt=today).count()
        + sum(1 for c in stopped if c.on_time is False),
        "extended": handling.filter(extension_days__gt=0).count(),
        "reviewed": cases.filter(data__has_key="review_requested_on").count(),
        "second_reviewed": cases.filter(data__has_key="second_requested_on").count(),
        "open": sum(n for s, n in by_state.items() if s not in ("closed", "final", "not_accepted", "transferred",
                                                                 "withdrawn")),
    }
