"""Reads of legal education: the year's events with their attendance, contest standings, public activities, and
``education_summary`` for the annual report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from fazhi.core.models import Agency
from fazhi.education.models import (
    Attendance,
    Contest,
    ContestTeam,
    Prize,
    PublicActivity,
    RoundScore,
    TrainingEvent,
)

PRIZE_ORDER = {level: n for n, level in enumerate(Prize.Level.values)}
ZERO = Decimal(0)


def tenth(value) -> Decimal:
    """学时 to one decimal (SQLite's SUM forgets the scale)."""
    return Decimal(value or 0).quantize(Decimal("0.1"))


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def events(agency_id: int, year: int | None = None) -> QuerySet[TrainingEvent]:
    """The agency's training events (of a year), with ``n_attendance`` and ``total_hours`` (person-学时)."""
    qs = TrainingEvent.objects.filter(agency_id=agency_id)
    if year is not None:
        qs = qs.filter(date__range=_year_range(year))
    return qs.annotate(n_attendance=Count("attendances"),
                       total_hours=Coalesce(Sum("attendances__hours"), Value(ZERO),
                                            output_field=DecimalField(max_digits=10, decimal_places=1))
                       ).order_by("-date", "-id")


def contests(agency_id: int, year: int | None = None) -> QuerySet[Contest]:
    qs = Contest.objects.filter(agency_id=agency_id)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(n_teams=Count("teams", distinct=True), n_prizes=Count("teams__prize", distinct=True)
                       ).order_by("-date", "-id")


def activities(agency_id: int | None = None, year: int | None = None) -> QuerySet[PublicActivity]:
    qs = PublicActivity.objects.select_related("agency")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if year is not None:
        qs = qs.filter(date__range=_year_range(year))
    return qs.order_by("-date", "-id")


@dataclass
class Standing:
    team: ContestTeam
    total: Decimal
    scores: dict[int, Decimal]  # round id -> score
    rank: int
    prize: Prize | None
    cells: list[Decimal | None]  # the score of each round, in round order

    @property
    def prize_label(self) -> str:
        return str(self.prize.get_level_display()) if self.prize else ""


def standings(contest: Contest) -> list[Standing]:
    """The teams by total score over the rounds (competition ranking: equal totals share the rank)."""
    teams = list(contest.teams.all())
    round_ids = list(contest.rounds.values_list("id", flat=True))
    prizes = {p.team_id: p for p in Prize.objects.filter(team__contest=contest)}
    scores: dict[int, dict[int, Decimal]] = {t.pk: {} for t in teams}
    for team_id, round_id, value in RoundScore.objects.filter(round__contest=contest).values_list(
            "team_id", "round_id", "score"):
        scores.setdefault(team_id, {})[round_id] = value
    totals = {t.pk: sum(scores[t.pk].values(), ZERO) for t in teams}
    ordered = sorted(teams, key=lambda t: (-totals[t.pk], PRIZE_ORDER.get(prizes[t.pk].level, 99)
                                           if t.pk in prizes else 99, t.order, t.pk))
    out = []
    for t in ordered:
        rank = 1 + sum(1 for v in totals.values() if v > totals[t.pk])
        out.append(Standing(team=t, total=totals[t.pk], scores=scores[t.pk], rank=rank, prize=prizes.get(t.pk),
                            cells=[scores[t.pk].get(r) for r in round_ids]))
    return out


def prize_counts(contest: Contest) -> dict[str, int]:
    """{level: number of teams} for every level, zeros included."""
    counts = dict(Prize.objects.filter(team__contest=contest).values_list("level").annotate(n=Count("id")))
    return {level: counts.get(level, 0) for level in Prize.Level.values}


# ---- the annual report ------------------------------------------------------------------------------------
_COUNT = object()


def _figure(model: str, ids, value=_COUNT) -> dict:
    """{"value", "model", "ids"}: ``value`` is the number of ids unless given."""
    ids = sorted(ids)
    return {"value": len(ids) if value is _COUNT else value, "model": model, "ids": ids}


def education_summary(agency: Agency, year: int) -> dict:
    """The year's legal education of ``agency`` (its own records), each figure with the records behind it::

        {"year", "agency",
         "training": {"events", "attendance", "officers", "training_records": Figure,
                      "hours": Figure (value: Σ attendance 学时, ids: attendances),
                      "by_kind": {kind: Figure + "label"}},
         "contests": {"contests", "teams", "prizes": Figure,
                      "prizes_by_level": {"first" | "second" | "third" | "excellence": Figure + "label"}},
         "public_activities": {"activities": Figure, "audience": Figure (value: Σ audience, ids: activities),
                               "by_kind": {kind: Figure + "label"}}}

    A Figure is ``{"value", "model": "<app>.<model>", "ids": [...]}``; ``value`` is the count of ``ids`` unless
    stated. Years are calendar years of the event's or activity's date, and the contest's ``year``.
    """
    span = _year_range(year)
    event_qs = TrainingEvent.objects.filter(agency=agency, date__range=span)
    attendance = list(Attendance.objects.filter(event__in=event_qs).values_list("id", "hours", "officer_id",
                                                                                "training_record_id"))
    by_kind = {}
    for kind, label in TrainingEvent.Kind.choices:
        ids = list(event_qs.filter(kind=kind).values_list("id", flat=True))
        if ids:
            by_kind[kind] = {"label": str(label), **_figure("education.trainingevent", ids)}
    contest_qs = Contest.objects.filter(agency=agency, year=year)
    teams = ContestTeam.objects.filter(contest__in=contest_qs)
    prizes = Prize.objects.filter(team__in=teams)
    by_level = {level: {"label": str(label), **_figure("education.prize",
                                                       prizes.filter(level=level).values_list("id", flat=True))}
                for level, label in Prize.Level.choices}
    activity_qs = PublicActivity.objects.filter(agency=agency, date__range=span)
    activity_rows = list(activity_qs.values_list("id", "audience", "kind"))
    activity_kinds = {}
    for kind, label in PublicActivity.Kind.choices:
        ids = [pk for pk, _n, k in activity_rows if k == kind]
        if ids:
            activity_kinds[kind] = {"label": str(label), **_figure("education.publicactivity", ids)}
    return {
        "year": year, "agency": agency.code,
        "training": {
            "events": _figure("education.trainingevent", event_qs.values_list("id", flat=True)),
            "attendance": _figure("education.attendance", [a[0] for a in attendance]),
            "hours": _figure("education.attendance", [a[0] for a in attendance],
                             value=tenth(sum((a[1] for a in attendance), ZERO))),
            "officers": _figure("inspection.officer", {a[2] for a in attendance if a[2]}),
            "training_records": _figure("officers.trainingrecord", [a[3] for a in attendance if a[3]]),
            "by_kind": by_kind,
        },
        "contests": {
            "contests": _figure("education.contest", contest_qs.values_list("id", flat=True)),
            "teams": _figure("education.contestteam", teams.values_list("id", flat=True)),
            "prizes": _figure("education.prize", prizes.values_list("id", flat=True)),
            "prizes_by_level": by_level,
        },
        "public_activities": {
            "activities": _figure("education.publicactivity", [r[0] for r in activity_rows]),
            "audience": _figure("education.publicactivity", [r[0] for r in activity_rows],
                                value=sum(r[1] for r in activity_rows)),
            "by_kind": activity_kinds,
        },
    }
