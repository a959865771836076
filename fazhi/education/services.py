"""Writes of legal education: training events and attendance, contests (teams, rounds, scores, prizes), public
legal-education activities.

Every write is keyword-only and transactional; the actor must be the legal office or the director of the agency
(``fazhi.education.access.may_manage``), else ``PermissionDenied``; another agency's record is
``EducationNotFound``. Bad input is a ``ValidationError`` by field with Chinese messages and nothing is saved.
Writes are in ``core.AuditEvent``.

Training hours, one source of truth: attending an event as an enforcement officer creates the officer's
``TrainingRecord`` through ``fazhi.officers.services.training_record`` (same transaction; the attendance links
it), so the yearly hours the certificate rules read (``fazhi.officers.services.training_hours``) include it. A
correction of the hours (``attendance_update``) changes the attendance and its TrainingRecord together. Once an
event has attendance, its title, date and hours are fixed (they are copied into the training records).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.core import cleaning as c
from fazhi.core import clock
from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.education.access import EducationNotFound, may_manage
from fazhi.education.models import (
    Attendance,
    Contest,
    ContestRound,
    ContestTeam,
    Prize,
    PublicActivity,
    RoundScore,
    TrainingEvent,
)
from fazhi.inspection.models import Officer
from fazhi.officers import services as officers_services
from fazhi.officers.models import TrainingRecord

MAX_HOURS = officers_services.MAX_TRAINING_HOURS_PER_RECORD  # 24 学时 per event, as per training record
MAX_AUDIENCE = 10_000_000
MAX_MEMBERS = 20


def _manager(actor: User) -> None:
    if not may_manage(actor):
        raise PermissionDenied


def _audit(actor: User, action: str, obj, detail: dict) -> None:
    audit_record(actor=actor, action=f"education.{action}", object_type=f"education.{type(obj).__name__}",
                 object_id=str(obj.pk), detail=detail)


def _own(model, actor: User, pk, *, lock: bool = True):
    qs = model.objects.select_for_update() if lock else model.objects.all()
    row = qs.filter(pk=c.pk(pk), agency_id=actor.agency_id).first() if c.pk(pk) else None
    if row is None:
        raise EducationNotFound
    return row


def _not_future(day, field: str, label: str, errors: dict) -> None:
    if day is not None and day > clock.today():
        c.add(errors, field, _("“%(label)s”不能晚于今天。") % {"label": label})


# ---- training events ---------------------------------------------------------------------------------------
def event_save(*, actor: User, event_id: int | None = None, title: object, kind: object, date: object,
               hours: object, lecturer: object = "", place: object = "", note: object = "") -> TrainingEvent:
    """A training event of the actor's agency (e.g. 《行政许可法》专题讲座): 0 < 学时 ≤ 24, one decimal."""
    _manager(actor)
    errors: dict[str, list[str]] = {}
    title_text = c.text(title, "title", _("培训名称"), errors, max_length=200)
    kind_text = str(kind or "").strip()
    if kind_text not in TrainingEvent.Kind.values:
        c.add(errors, "kind", _("请选择培训形式。"))
    day = c.day(date, "date", _("培训日期"), errors)
    amount = c.decimal(hours, "hours", _("学时"), errors, places=1)
    if amount is not None and not Decimal(0) < amount <= MAX_HOURS:
        c.add(errors, "hours", _("每次培训的学时应大于0且不超过24。"))
    lecturer_text = c.text(lecturer, "lecturer", _("授课人"), errors, max_length=100, required=False)
    place_text = c.text(place, "place", _("地点"), errors, max_length=200, required=False)
    note_text = c.text(note, "note", _("内容摘要"), errors, max_length=5000, required=False)
    with transaction.atomic():
        event = _own(TrainingEvent, actor, event_id) if event_id is not None else None
        if event is not None and event.attendances.exists() and not errors and (
                event.title != title_text or event.date != day or event.hours != amount):
            c.add(errors, "event", _("已登记参训人员的培训，名称、日期和学时不能再修改（已计入执法人员培训记录）。"))
        if errors:
            raise ValidationError(errors)
        created = event is None
        event = event or TrainingEvent(agency=actor.agency, created_by=actor)
        event.title, event.kind, event.date, event.hours = title_text, kind_text, day, amount
        event.lecturer, event.place, event.note = lecturer_text, place_text, note_text
        event.save()
        _audit(actor, "event_create" if created else "event_update", event,
               {"title": title_text, "date": day.isoformat(), "hours": str(amount)})
    return event


def _ids(values: Iterable | None) -> list[int]:
    out: list[int] = []
    for v in values or ():
        number = c.pk(v)
        if number is not None and number not in out:
            out.append(number)
    return out


def attendance_record(*, actor: User, event_id: int, officers: Iterable = (), users: Iterable = (),
                      hours: object = None) -> list[Attendance]:
    """Record who attended (all or nothing): ``officers`` (Officer ids, of the event's agency) and ``users``
    (staff user ids of the agency; a user who is an enforcement officer is recorded as the officer). ``hours``:
    the 学时 each attended, default the event's, at most the event's. Each officer's attendance creates their
    TrainingRecord (``fazhi.officers.services.training_record``)."""
    _manager(actor)
    with transaction.atomic():
        event = _own(TrainingEvent, actor, event_id)
        errors: dict[str, list[str]] = {}
        if event.date > clock.today():
            c.add(errors, "event", _("培训尚未举行，不能登记参训人员。"))
        amount = event.hours if hours in (None, "") else c.decimal(hours, "hours", _("学时"), errors, places=1)
        if amount is not None and not Decimal(0) < amount <= event.hours:
            c.add(errors, "hours", _("参训学时应大于0且不超过本次培训的学时（%(hours)s）。") % {"hours": event.hours})
        officer_ids, user_ids = _ids(officers), _ids(users)
        found = {o.pk: o for o in Officer.objects.filter(pk__in=officer_ids, agency_id=event.agency_id)}
        if len(found) != len(officer_ids):
            c.add(errors, "officers", _("只能登记本机关执法人员名录库中的执法人员。"))
        people = {u.pk: u for u in User.objects.filter(pk__in=user_ids, agency_id=event.agency_id,
                                                         kind=User.Kind.STAFF)}
        if len(people) != len(user_ids):
            c.add(errors, "users", _("只能登记本机关的工作人员。"))
        for officer in Officer.objects.filter(user_id__in=list(people), agency_id=event.agency_id):
            people.pop(officer.user_id, None)  # an officer attends as the officer: their hours count
            found.setdefault(officer.pk, officer)
        if not found and not people and "officers" not in errors and "users" not in errors:
            c.add(errors, "officers", _("请选择参训人员。"))
        taken = set(event.attendances.filter(officer_id__in=list(found)).values_list("officer_id", flat=True))
        taken_users = set(event.attendances.filter(user_id__in=list(people)).values_list("user_id", flat=True))
        for pk in taken:
            c.add(errors, "officers", _("%(name)s已登记参加本次培训。") % {"name": found[pk].name})
        for pk in taken_users:
            c.add(errors, "users", _("%(name)s已登记参加本次培训。") % {"name": people[pk].full_name or people[pk]})
        if errors:
            raise ValidationError(errors)
        out: list[Attendance] = []
        for officer in sorted(found.values(), key=lambda o: o.certificate_number):
            record = officers_services.training_record(officer_id=officer.pk, actor=actor, date=event.date,
                                                       title=event.title, hours=amount,
                                                       organizer=event.agency.name[:100])
            out.append(Attendance.objects.create(event=event, officer=officer, name=officer.name, hours=amount,
                                                 training_record=record, recorded_by=actor))
        for person in sorted(people.values(), key=lambda u: u.pk):
            out.append(Attendance.objects.create(event=event, user=person, name=(person.full_name or person.username),
                                                 hours=amount, recorded_by=actor))
        _audit(actor, "attendance_record", event, {"attendances": [a.pk for a in out], "hours": str(amount),
                                                    "officers": sorted(found), "users": sorted(people)})
    return out


def attendance_update(*, actor: User, attendance_id: int, hours: object) -> Attendance:
    """Correct the 学时 of an attendance; an officer's TrainingRecord changes with it (same transaction)."""
    _manager(actor)
    with transaction.atomic():
        try:
            attendance = (Attendance.objects.select_for_update().select_related("event")
                          .get(pk=c.pk(attendance_id), event__agency_id=actor.agency_id))
        except Attendance.DoesNotExist:
            raise EducationNotFound from None
        errors: dict[str, list[str]] = {}
        amount = c.decimal(hours, "hours", _("学时"), errors, places=1)
        if amount is not None and not Decimal(0) < amount <= attendance.event.hours:
            c.add(errors, "hours", _("参训学时应大于0且不超过本次培训的学时（%(hours)s）。")
                  % {"hours": attendance.event.hours})
        if errors:
            raise ValidationError(errors)
        old = attendance.hours
        attendance.hours = amount
        attendance.save(update_fields=["hours"])
        if attendance.training_record_id:
            # fazhi.officers has no service to correct a training record: the attendance owns the one it created.
            TrainingRecord.objects.filter(pk=attendance.training_record_id).update(hours=amount)
        _audit(actor, "attendance_update", attendance, {"old": str(old), "new": str(amount),
                                                         "training_record": attendance.training_record_id})
    return attendance


# ---- contests ----------------------------------------------------------------------------------------------
def contest_save(*, actor: User, contest_id: int | None = None, title: object, date: object, year: object = None,
                 place: object = "", note: object = "") -> Contest:
    """A law-knowledge contest of the actor's agency (e.g. 全省档案法律法规知识竞赛). ``year``: the year it
    counts in, default the year of its date."""
    _manager(actor)
    errors: dict[str, list[str]] = {}
    title_text = c.text(title, "title", _("竞赛名称"), errors, max_length=200)
    day = c.day(date, "date", _("竞赛日期"), errors)
    number = c.integer(year, "year", _("年度"), errors, low=2000, high=2100, required=False,
                       default=day.year if day else None)
    place_text = c.text(place, "place", _("地点"), errors, max_length=200, required=False)
    note_text = c.text(note, "note", _("说明"), errors, max_length=5000, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contest = _own(Contest, actor, contest_id) if contest_id is not None else None
        created = contest is None
        contest = contest or Contest(agency=actor.agency, created_by=actor)
        contest.title, contest.date, contest.year, contest.place, contest.note = (
            title_text, day, number, place_text, note_text)
        contest.save()
        _audit(actor, "contest_create" if created else "contest_update", contest,
               {"title": title_text, "date": day.isoformat()})
    return contest


def _members(raw: object, errors: dict) -> list[str]:
    if isinstance(raw, list | tuple):
        names = [str(n).strip() for n in raw]
    else:
        names = [n.strip() for n in re.split(r"[\n,，、;；]+", str(raw or ""))]
    names = [n for n in names if n]
    if len(names) > MAX_MEMBERS:
        c.add(errors, "members", _("队员不能超过%(n)d人。") % {"n": MAX_MEMBERS})
    if any(len(n) > 50 for n in names):
        c.add(errors, "members", _("队员姓名不能超过50个字符。"))
    return names


def team_save(*, actor: User, contest_id: int, team_id: int | None = None, name: object, unit: object,
              members: object = (), order: object = 0) -> ContestTeam:
    """A team (代表队) of the contest: its name, the unit that sent it, its members."""
    _manager(actor)
    with transaction.atomic():
        contest = _own(Contest, actor, contest_id)
        team = None
        if team_id is not None:
            team = contest.teams.filter(pk=c.pk(team_id)).first()
            if team is None:
                raise EducationNotFound
        errors: dict[str, list[str]] = {}
        name_text = c.text(name, "name", _("代表队"), errors, max_length=100)
        unit_text = c.text(unit, "unit", _("选派单位"), errors, max_length=100)
        names = _members(members, errors)
        position = c.integer(order, "order", _("排序"), errors, low=0, high=999, required=False, default=0)
        if name_text and contest.teams.filter(name=name_text).exclude(pk=team.pk if team else None).exists():
            c.add(errors, "name", _("本竞赛已有代表队“%(name)s”。") % {"name": name_text})
        if errors:
            raise ValidationError(errors)
        created = team is None
        team = team or ContestTeam(contest=contest)
        team.name, team.unit, team.members, team.order = name_text, unit_text, names, position
        team.save()
        _audit(actor, "team_create" if created else "team_update", team, {"contest": contest.pk, "name": name_text})
    return team


def round_save(*, actor: User, contest_id: int, round_id: int | None = None, name: object, date: object = None,
               order: object = 0) -> ContestRound:
    """A round (赛程) of the contest: 初赛, 决赛, 必答题 …"""
    _manager(actor)
    with transaction.atomic():
        contest = _own(Contest, actor, contest_id)
        row = None
        if round_id is not None:
            row = contest.rounds.filter(pk=c.pk(round_id)).first()
            if row is None:
                raise EducationNotFound
        errors: dict[str, list[str]] = {}
        name_text = c.text(name, "name", _("赛程"), errors, max_length=100)
        day = c.day(date, "date", _("日期"), errors, required=False)
        position = c.integer(order, "order", _("排序"), errors, low=0, high=999, required=False, default=0)
        if name_text and contest.rounds.filter(name=name_text).exclude(pk=row.pk if row else None).exists():
            c.add(errors, "name", _("本竞赛已有赛程“%(name)s”。") % {"name": name_text})
        if errors:
            raise ValidationError(errors)
        created = row is None
        row = row or ContestRound(contest=contest)
        row.name, row.date, row.order = name_text, day, position
        row.save()
        _audit(actor, "round_create" if created else "round_update", row, {"contest": contest.pk, "name": name_text})
    return row


def round_scores_record(*, actor: User, contest_id: int, round_id: int, scores: dict) -> list[RoundScore]:
    """The teams' scores in a round, all or nothing: ``{team id: score}``; a blank score is skipped (a score once
    entered is corrected, not removed). Errors are keyed ``score_<team id>``."""
    _manager(actor)
    with transaction.atomic():
        contest = _own(Contest, actor, contest_id)
        row = contest.rounds.filter(pk=c.pk(round_id)).first()
        if row is None:
            raise EducationNotFound
        teams = {t.pk: t for t in contest.teams.all()}
        errors: dict[str, list[str]] = {}
        planned = []
        for key, raw in scores.items():
            team = teams.get(c.pk(key))
            if team is None:
                c.add(errors, "team", _("请选择本竞赛的代表队。"))
                continue
            if raw in (None, ""):
                continue
            value = c.decimal(raw, f"score_{team.pk}", _("%(team)s的得分") % {"team": team.name}, errors, places=1)
            if value is not None and not Decimal(0) <= value <= Decimal(10000):
                c.add(errors, f"score_{team.pk}", _("得分应在0到10000之间。"))
            planned.append((team, value))
        if not planned and not errors:
            c.add(errors, "scores", _("请至少填写一个代表队的得分。"))
        if errors:
            raise ValidationError(errors)
        out = []
        for team, value in planned:
            score, _created = RoundScore.objects.update_or_create(round=row, team=team, defaults={"score": value})
            out.append(score)
        _audit(actor, "round_scores", row, {"contest": contest.pk, "scores": {t.pk: str(v) for t, v in planned}})
    return out


def prize_award(*, actor: User, contest_id: int, team_id: int, level: object) -> Prize | None:
    """Award a prize (一等奖/二等奖/三等奖/优秀奖) to a team of the contest; ``level`` empty takes it back. A team
    holds one prize at most."""
    _manager(actor)
    with transaction.atomic():
        contest = _own(Contest, actor, contest_id)
        team = contest.teams.filter(pk=c.pk(team_id)).first()
        if team is None:
            raise EducationNotFound
        level_text = str(level or "").strip()
        current = Prize.objects.select_for_update().filter(team=team).first()
        if not level_text:
            if current is not None:
                current.delete()
                _audit(actor, "prize_remove", team, {"contest": contest.pk})
            return None
        if level_text not in Prize.Level.values:
            raise ValidationError({"level": [_("请选择奖项。")]})
        prize, _created = Prize.objects.update_or_create(team=team, defaults={"level": level_text, "awarded_by": actor})
        _audit(actor, "prize_award", prize, {"contest": contest.pk, "team": team.pk, "level": level_text})
    return prize


# ---- public activities -------------------------------------------------------------------------------------
def activity_save(*, actor: User, activity_id: int | None = None, date: object, title: object, kind: object,
                  audience: object = 0, place: object = "", description: object = "") -> PublicActivity:
    """A public legal-education activity that took place (date not in the future), with its audience."""
    _manager(actor)
    errors: dict[str, list[str]] = {}
    day = c.day(date, "date", _("日期"), errors)
    _not_future(day, "date", _("日期"), errors)
    title_text = c.text(title, "title", _("活动名称"), errors, max_length=200)
    kind_text = str(kind or "").strip()
    if kind_text not in PublicActivity.Kind.values:
        c.add(errors, "kind", _("请选择活动类别。"))
    people = c.integer(audience, "audience", _("受众人数"), errors, low=0, high=MAX_AUDIENCE, required=False,
                       default=0)
    place_text = c.text(place, "place", _("地点"), errors, max_length=200, required=False)
    text = c.text(description, "description", _("活动内容"), errors, max_length=5000, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = _own(PublicActivity, actor, activity_id) if activity_id is not None else None
        created = activity is None
        activity = activity or PublicActivity(agency=actor.agency, created_by=actor)
        activity.date, activity.title, activity.kind, activity.audience = day, title_text, kind_text, people
        activity.place, activity.description = place_text, text
        activity.save()
        _audit(actor, "activity_create" if created else "activity_update", activity,
               {"title": title_text, "date": day.isoformat(), "audience": people})
    return activity
