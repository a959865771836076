"""The figure registry: every number the dashboard, the XLSX export, the API and the annual report state.

A figure has a stable key (``licensing.total``, ``norms.valid``, ``inspection.random.drawn`` …), a Chinese label, a
unit, the dashboard section it belongs to, and

* a **group**: the function that computes it together with its neighbours by aggregate queries (``COUNT`` with
  ``FILTER``/``CASE``; no Python loop over rows), so a million cases cost a few scans, not a million objects;
* its **records**: a queryset listing exactly the rows behind the number (the records page paginates it; for a
  rate, the rows of the denominator, ``numerator`` picking those of the numerator);
* the columns and the link of each row on the records page.

Everything is computed for a :class:`Scope`: a set of agencies (one agency, or an agency and its subordinate
agencies) and a calendar year. How each figure counts is written next to it (``note``) and in docs/reports.md.

The target assessment (目标考核) and the legal-education contest (普法) figures come from the apps that keep those
records, through their selectors ``assessment_summary(agency, year)`` and ``education_summary(agency, year)``; when
an app or its selector is missing the figures are *unavailable* (shown as such, never invented).
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import clock as sysclock

log = logging.getLogger(__name__)

SECTIONS = [
    ("licensing", _("行政许可")),
    ("inspection", _("行政检查")),
    ("enforcement", _("行政处罚")),
    ("norms", _("规范性文件")),
    ("requests", _("群众诉求")),
    ("assessment", _("目标考核")),
    ("decisions", _("重大行政决策")),
    ("powers", _("权力清单")),
    ("officers", _("执法人员与培训")),
    ("reconsideration", _("行政复议")),
    ("advisers", _("法律顾问")),
    ("education", _("普法")),
]
SECTION_LABELS = dict(SECTIONS)


# =====================================================================================================
# scope and values
# =====================================================================================================
@dataclass(frozen=True)
class Scope:
    agency_ids: tuple[int, ...]
    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def range(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Rate:
    num: int
    den: int

    @property
    def value(self) -> float | None:
        return (self.num / self.den) if self.den else None


UNAVAILABLE = object()


def percent(value: float | None) -> str:
    """100% / 95.5% / —: one decimal at most, no trailing zero."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal | float):
        text = f"{Decimal(value).quantize(Decimal('0.1'))}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


@dataclass
class Value:
    key: str
    value: Any  # int, Decimal, float (rates) or None
    display: str  # as the report writes it: "2", "100%", "—"
    num: int | None = None
    den: int | None = None
    available: bool = True


@dataclass(frozen=True)
class Column:
    label: Any
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    unit: Any
    section: str
    group: str
    records: Callable[[Scope], QuerySet | None] | None = None
    columns: tuple[Column, ...] = ()
    # (row, user) -> URL of the row's own page, or None
    link: Callable[[Any, Any], str | None] | None = None
    kind: str = "count"  # count | rate | sum
    numerator: Q | None = None  # rates: which of the records count in the numerator
    note: Any = ""

    @property
    def section_label(self):
        return SECTION_LABELS.get(self.section, self.section)


# =====================================================================================================
# helpers shared by the groups
# =====================================================================================================
def _cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _case_link(case_attr: str = ""):
    """Link to the case page, only for the user's own agency's cases (the case page's access rule)."""

    def link(row, user):
        case = getattr(row, case_attr) if case_attr else row
        if user is None or case is None or case.agency_id != getattr(user, "agency_id", None):
            return None
        return reverse("portal:case", args=[case.pk])

    return link


def _yes(value: bool) -> str:
    return str(_("是")) if value else str(_("否"))


def _channel(case) -> str:
    return case.get_channel_display() if hasattr(case, "get_channel_display") else case.channel


def _state(case) -> str:
    try:
        return str(case.state_label)
    except Exception:  # noqa: BLE001 - an unknown process definition: show the raw state
        return case.state


CASE_COLUMNS = (
    Column(_("办件编号"), lambda c: c.number),
    Column(_("机关"), lambda c: c.agency.name),
    Column(_("收到日期"), lambda c: _cn(c.received_on)),
    Column(_("渠道"), _channel),
    Column(_("状态"), _state),
    Column(_("办结日期"), lambda c: _cn(c.closed_on)),
)
CLOCK_COLUMNS = (
    Column(_("办件编号"), lambda k: k.case.number),
    Column(_("期限"), lambda k: k.label),
    Column(_("到期日"), lambda k: _cn(k.due)),
    Column(_("结束日期"), lambda k: _cn(k.stopped_on)),
    Column(_("按期"), lambda k: _yes(k.stopped_on is not None and k.due is not None and k.stopped_on <= k.due)),
)


def _overdue_q(today: dt.date, prefix: str = "") -> Q:
    """A clock that ran past its due date: still running after it, or stopped late (licensing_statistics)."""
    p = prefix
    return Q(**{f"{p}due__isnull": False}) & (
        Q(**{f"{p}state": "running", f"{p}due__lt": today}) | Q(**{f"{p}state": "stopped", f"{p}stopped_on__gt": F(f"{p}due")})
    )


def _stopped_q(prefix: str = "") -> Q:
    p = prefix
    return Q(**{f"{p}state": "stopped", f"{p}due__isnull": False, f"{p}stopped_on__isnull": False})


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


# =====================================================================================================
# licensing (行政许可): the definitions of licensing.selectors.licensing_statistics
# =====================================================================================================
def _licensing_cases(scope: Scope) -> QuerySet:
    from fazhi.process.models import Case

    return (Case.objects.filter(kind="licensing", agency_id__in=scope.agency_ids, received_on__range=scope.range)
            .select_related("agency").order_by("received_on", "id"))


def _licensing_clocks(scope: Scope) -> QuerySet:
    from fazhi.process.models import Clock

    return (Clock.objects.filter(_stopped_q(), case__kind="licensing", case__agency_id__in=scope.agency_ids,
                                 case__received_on__range=scope.range)
            .select_related("case").order_by("case__received_on", "case_id", "id"))


def _licensing_overdue(scope: Scope) -> QuerySet:
    from fazhi.process.models import Clock

    overdue = Clock.objects.filter(_overdue_q(sysclock.today()), case__kind="licensing",
                                   case__agency_id__in=scope.agency_ids, case__received_on__range=scope.range)
    return _licensing_cases(scope).filter(pk__in=overdue.values("case_id"))


def _licensing_items(scope: Scope) -> QuerySet:
    from fazhi.licensing.models import Item

    return Item.objects.filter(agency_id__in=scope.agency_ids, active=True).select_related("agency").order_by("order", "id")


def group_licensing(scope: Scope) -> dict:
    """The figures of ``licensing.selectors.licensing_statistics`` (same definitions: received in the year, online
    rate, per-clock on-time rate, overdue cases), over any set of agencies, in two scans instead of seven queries
    per agency (tests/reports/test_figures.py checks they agree)."""
    from fazhi.process.models import Case, Clock

    cases = Case.objects.filter(kind="licensing", agency_id__in=scope.agency_ids, received_on__range=scope.range)
    c = cases.order_by().aggregate(
        total=Count("pk"), online=Count("pk", filter=Q(channel="online")),
        granted=Count("pk", filter=Q(outcome="granted")), denied=Count("pk", filter=Q(outcome="denied")))
    k = Clock.objects.filter(case__kind="licensing", case__agency_id__in=scope.agency_ids,
                             case__received_on__range=scope.range).order_by().aggregate(
        stopped=Count("pk", filter=_stopped_q()), on_time=Count("pk", filter=_stopped_q() & Q(stopped_on__lte=F("due"))),
        overdue=Count("case", distinct=True, filter=_overdue_q(sysclock.today())))
    return {
        "licensing.items": _licensing_items(scope).count(),
        "licensing.total": c["total"],
        "licensing.online": c["online"],
        "licensing.online_rate": Rate(c["online"], c["total"]),
        "licensing.granted": c["granted"],
        "licensing.denied": c["denied"],
        "licensing.on_time_rate": Rate(k["on_time"], k["stopped"]),
        "licensing.overdue": k["overdue"],
    }


# =====================================================================================================
# inspections (双随机 random draws and planned inspections)
# =====================================================================================================
RECTIFY_OUTCOMES = ("rectify", "rectified", "not_rectified")
OUTCOME_LABELS = {"ok": _("未发现问题"), "rectify": _("责令整改（整改中）"), "rectified": _("责令整改，已整改"),
                  "not_rectified": _("责令整改，逾期未整改"), "referral": _("移送"), "penalty": _("立案查处")}


def _inspections(scope: Scope, mode: str | None = None) -> QuerySet:
    from fazhi.inspection.models import Inspection, Task

    qs = Inspection.objects.filter(task__agency_id__in=scope.agency_ids, task__year=scope.year).exclude(
        task__state__in=(Task.State.CANCELLED, Task.State.DRAFT))
    if mode:
        qs = qs.filter(task__mode=mode)
    return qs.select_related("task", "entity", "case").order_by("task_id", "id")


def _tasks(scope: Scope, mode: str) -> QuerySet:
    from fazhi.inspection.models import Task

    return (Task.objects.filter(agency_id__in=scope.agency_ids, year=scope.year, mode=mode)
            .exclude(state__in=(Task.State.CANCELLED, Task.State.DRAFT)).select_related("agency").order_by("id"))


def group_inspection(scope: Scope) -> dict:
    from fazhi.inspection.models import Task

    rect = Q(outcome__in=RECTIFY_OUTCOMES)
    agg = _inspections(scope).order_by().aggregate(
        random=Count("pk", filter=Q(task__mode="random")),
        planned=Count("pk", filter=Q(task__mode="planned")),
        random_rect=Count("pk", filter=Q(task__mode="random") & rect),
        planned_rect=Count("pk", filter=Q(task__mode="planned") & rect),
        rectified=Count("pk", filter=Q(outcome="rectified")),
    )
    tasks = (Task.objects.filter(agency_id__in=scope.agency_ids, year=scope.year)
             .exclude(state__in=(Task.State.CANCELLED, Task.State.DRAFT)).order_by()
             .aggregate(random=Count("pk", filter=Q(mode="random")), planned=Count("pk", filter=Q(mode="planned"))))
    return {
        "inspection.random.tasks": tasks["random"],
        "inspection.random.drawn": agg["random"],
        "inspection.random.rectification_orders": agg["random_rect"],
        "inspection.planned.tasks": tasks["planned"],
        "inspection.planned.units": agg["planned"],
        "inspection.planned.rectification_orders": agg["planned_rect"],
        "inspection.rectification_orders": agg["random_rect"] + agg["planned_rect"],
        "inspection.rectified": agg["rectified"],
    }


INSPECTION_COLUMNS = (
    Column(_("任务"), lambda i: i.task.title),
    Column(_("检查方式"), lambda i: i.task.get_mode_display()),
    Column(_("检查对象"), lambda i: i.entity.name),
    Column(_("检查日期"), lambda i: _cn(i.inspected_on)),
    Column(_("检查结果"), lambda i: str(OUTCOME_LABELS.get(i.outcome, i.outcome or _("待检查")))),
)
TASK_COLUMNS = (
    Column(_("任务编号"), lambda t: t.number),
    Column(_("任务名称"), lambda t: t.title),
    Column(_("状态"), lambda t: t.get_state_display()),
)


def _inspection_link(row, user):
    if user is None or row.task.agency_id != getattr(user, "agency_id", None):
        return None
    return reverse("inspection:inspection", args=[row.pk])


def _task_link(row, user):
    if user is None or row.agency_id != getattr(user, "agency_id", None):
        return None
    name = "inspection:planned_task" if row.mode == "planned" else "inspection:task"
    return reverse(name, args=[row.pk])


# =====================================================================================================
# penalty cases (行政处罚)
# =====================================================================================================
def _penalties(scope: Scope, on: str = "received_on") -> QuerySet:
    from fazhi.process.models import Case

    return (Case.objects.filter(kind="penalty", agency_id__in=scope.agency_ids, **{f"{on}__range": scope.range})
            .select_related("agency").order_by(on, "id"))


def group_enforcement(scope: Scope) -> dict:
    from fazhi.process.models import Case

    agg = Case.objects.filter(kind="penalty", agency_id__in=scope.agency_ids).order_by().aggregate(
        filed=Count("pk", filter=Q(received_on__range=scope.range)),
        decided=Count("pk", filter=Q(decided_on__range=scope.range)),
    )
    return {"enforcement.cases": agg["filed"], "enforcement.decided": agg["decided"]}


# =====================================================================================================
# normative documents (规范性文件), as they stood on 31 December of the year
# =====================================================================================================
def _norms(scope: Scope) -> QuerySet:
    from fazhi.norms.models import PUBLIC_STATES, NormativeDocument

    return (NormativeDocument.objects.filter(agency_id__in=scope.agency_ids, state__in=PUBLIC_STATES,
                                             published_on__lte=scope.end)
            .select_related("agency").order_by("published_on", "pk"))


def _norm_ended(end: dt.date) -> Q:
    """Out of force on ``end``: repealed, expired, or replaced by an amending document published by then."""
    return Q(repealed_on__lte=end) | Q(expired_on__lte=end) | Q(replaced_by__published_on__lte=end)


def _norms_valid(scope: Scope) -> QuerySet:
    ended = _norms(scope).filter(_norm_ended(scope.end)).values("pk")
    return _norms(scope).exclude(pk__in=ended)


def _norms_repealed(scope: Scope) -> QuerySet:
    return _norms(scope).filter(repealed_on__lte=scope.end)


def _norms_expired(scope: Scope) -> QuerySet:
    return _norms(scope).filter(expired_on__lte=scope.end).exclude(repealed_on__lte=scope.end)


def _norms_published(scope: Scope) -> QuerySet:
    return _norms(scope).filter(published_on__range=scope.range, registered=False)


def _cleanup_items(scope: Scope, decision: str) -> QuerySet:
    from fazhi.norms.models import Cleanup, CleanupItem

    return (CleanupItem.objects.filter(cleanup__agency_id__in=scope.agency_ids, cleanup__year=scope.year,
                                       cleanup__state=Cleanup.State.PUBLISHED, decision=decision)
            .select_related("cleanup", "document").order_by("cleanup_id", "id"))


def group_norms(scope: Scope) -> dict:
    return {
        "norms.valid": _norms_valid(scope).count(),
        "norms.repealed": _norms_repealed(scope).count(),
        "norms.expired": _norms_expired(scope).count(),
        "norms.published": _norms_published(scope).count(),
        "norms.cleanup.repealed": _cleanup_items(scope, "repeal").count(),
    }


NORM_COLUMNS = (
    Column(_("标题"), lambda d: d.title),
    Column(_("文号"), lambda d: d.number),
    Column(_("公布日期"), lambda d: _cn(d.published_on)),
    Column(_("废止日期"), lambda d: _cn(d.repealed_on)),
    Column(_("现状"), lambda d: d.public_status_label),
)
CLEANUP_COLUMNS = (
    Column(_("清理"), lambda i: i.cleanup.title),
    Column(_("文件"), lambda i: i.document.title),
    Column(_("文号"), lambda i: i.document.number),
    Column(_("清理意见"), lambda i: i.get_decision_display()),
)


def _norm_link(row, user):
    doc = getattr(row, "document", row)
    return reverse("norms:document", args=[doc.pk]) if doc.is_public else None


# =====================================================================================================
# major decisions (重大行政决策)
# =====================================================================================================
def _decisions_adopted(scope: Scope) -> QuerySet:
    from fazhi.decisions.models import Decision, Meeting

    adopted = Meeting.objects.filter(outcome=Meeting.Outcome.ADOPTED, meeting_date__range=scope.range,
                                     decision__case__agency_id__in=scope.agency_ids).values("decision_id")
    return Decision.objects.filter(pk__in=adopted).select_related("case", "case__agency").order_by("case__received_on", "pk")


def _decisions_reviewed(scope: Scope) -> QuerySet:
    from fazhi.decisions.models import LegalReview

    passed = LegalReview.objects.filter(result=LegalReview.Result.PASSED).values("decision_id")
    return _decisions_adopted(scope).filter(pk__in=passed)


def group_decisions(scope: Scope) -> dict:
    return {"decisions.adopted": _decisions_adopted(scope).count(),
            "decisions.reviewed": _decisions_reviewed(scope).count()}


DECISION_COLUMNS = (
    Column(_("决策事项"), lambda d: d.title),
    Column(_("承办单位"), lambda d: d.drafting_unit),
    Column(_("状态"), lambda d: _state(d.case)),
)


def _decision_link(row, user):
    if user is None or row.case.agency_id != getattr(user, "agency_id", None):
        return None
    return reverse("decisions:draft", args=[row.case_id])


# =====================================================================================================
# the power list (权力清单) in force at the end of the year
# =====================================================================================================
def _power_versions(scope: Scope) -> list[int]:
    from fazhi.powers.models import PowerListVersion

    ids = []
    for agency_id in scope.agency_ids:  # agencies, not rows: one small query each
        v = (PowerListVersion.objects.filter(agency_id=agency_id, status=PowerListVersion.Status.PUBLISHED,
                                             published_on__lte=scope.end)
             .order_by("-number").values_list("pk", flat=True).first())
        if v:
            ids.append(v)
    return ids


def _powers(scope: Scope) -> QuerySet:
    from fazhi.powers.models import Power

    return Power.objects.filter(version_id__in=_power_versions(scope)).select_related("version").order_by("version_id", "id")


def group_powers(scope: Scope) -> dict:
    return {"powers.count": _powers(scope).count()}


# =====================================================================================================
# officers: certificates and training
# =====================================================================================================
def _certified(scope: Scope) -> QuerySet:
    from fazhi.inspection.models import Officer

    return (Officer.objects.filter(agency_id__in=scope.agency_ids, status=Officer.Status.VALID,
                                   valid_from__lte=scope.end, valid_until__gte=scope.end)
            .select_related("agency").order_by("certificate_number"))


def _training(scope: Scope) -> QuerySet:
    from fazhi.officers.models import TrainingRecord

    return (TrainingRecord.objects.filter(officer__agency_id__in=scope.agency_ids, date__range=scope.range)
            .select_related("officer").order_by("date", "id"))


def group_officers(scope: Scope) -> dict:
    agg = _training(scope).order_by().aggregate(n=Count("pk"), hours=Sum("hours"))
    return {"officers.certified": _certified(scope).count(), "officers.training": agg["n"],
            "officers.training_hours": agg["hours"] or Decimal(0)}


def _officer_link(row, user):
    officer = getattr(row, "officer", row)
    if user is None or officer.agency_id != getattr(user, "agency_id", None):
        return None
    return reverse("officers:detail", args=[officer.pk])


# =====================================================================================================
# public requests (群众诉求) by kind, through PublicRequest + Case + Clock only
# =====================================================================================================
def _kind_label(msgid: str, label):
    """A label built from the kind's label, translated when shown (the registry is built once)."""
    return lazy(lambda: gettext(msgid) % {"kind": label}, str)()


def request_kinds() -> list[tuple[str, Any]]:
    from fazhi.requests.kinds import all_kinds

    return [(k.code, k.label) for k in all_kinds()]


def _requests(scope: Scope, kind: str | None = None) -> QuerySet:
    from fazhi.process.models import Case

    qs = Case.objects.filter(public_request__isnull=False, agency_id__in=scope.agency_ids,
                             received_on__range=scope.range)
    if kind:
        qs = qs.filter(public_request__kind=kind)
    return qs.select_related("agency").order_by("received_on", "id")


def _request_clocks(scope: Scope, kind: str | None = None) -> QuerySet:
    from fazhi.process.models import Clock

    qs = Clock.objects.filter(_stopped_q(), case__public_request__isnull=False, case__agency_id__in=scope.agency_ids,
                              case__received_on__range=scope.range)
    if kind:
        qs = qs.filter(case__public_request__kind=kind)
    return qs.select_related("case").order_by("case__received_on", "case_id", "id")


def _requests_overdue(scope: Scope, kind: str | None = None) -> QuerySet:
    from fazhi.process.models import Clock

    overdue = Clock.objects.filter(_overdue_q(sysclock.today()), case__public_request__isnull=False,
                                   case__agency_id__in=scope.agency_ids, case__received_on__range=scope.range)
    if kind:
        overdue = overdue.filter(case__public_request__kind=kind)
    return _requests(scope, kind).filter(pk__in=overdue.values("case_id"))


def group_requests(scope: Scope) -> dict:
    from fazhi.process.models import Clock
    from fazhi.requests.models import PublicRequest

    rows = {r["kind"]: r for r in (
        PublicRequest.objects.filter(case__agency_id__in=scope.agency_ids, case__received_on__range=scope.range)
        .order_by().values("kind")
        .annotate(total=Count("pk"), closed=Count("pk", filter=Q(case__closed_on__isnull=False))))}
    clocks = {r["kind"]: r for r in (
        Clock.objects.filter(case__public_request__isnull=False, case__agency_id__in=scope.agency_ids,
                             case__received_on__range=scope.range)
        .order_by().values(kind=F("case__public_request__kind"))
        .annotate(stopped=Count("pk", filter=_stopped_q()),
                  on_time=Count("pk", filter=_stopped_q() & Q(stopped_on__lte=F("due"))),
                  overdue=Count("case", distinct=True, filter=_overdue_q(sysclock.today()))))}
    out: dict[str, Any] = {}
    sums = {"total": 0, "closed": 0, "stopped": 0, "on_time": 0, "overdue": 0}
    for code, _label in request_kinds():
        r, c = rows.get(code, {}), clocks.get(code, {})
        vals = {"total": r.get("total", 0), "closed": r.get("closed", 0), "stopped": c.get("stopped", 0),
                "on_time": c.get("on_time", 0), "overdue": c.get("overdue", 0)}
        for k in sums:
            sums[k] += vals[k]
        out[f"requests.{code}.total"] = vals["total"]
        out[f"requests.{code}.closed"] = vals["closed"]
        out[f"requests.{code}.on_time_rate"] = Rate(vals["on_time"], vals["stopped"])
        out[f"requests.{code}.overdue"] = vals["overdue"]
    # Kinds in the records that are no longer registered still count in the totals.
    for code in set(rows) - {c for c, _label in request_kinds()}:
        sums["total"] += rows[code]["total"]
        sums["closed"] += rows[code]["closed"]
    for code in set(clocks) - {c for c, _label in request_kinds()}:
        for k in ("stopped", "on_time", "overdue"):
            sums[k] += clocks[code][k]
    out["requests.total"] = sums["total"]
    out["requests.closed"] = sums["closed"]
    out["requests.on_time_rate"] = Rate(sums["on_time"], sums["stopped"])
    out["requests.overdue"] = sums["overdue"]
    return out


# =====================================================================================================
# reconsideration committee (行政复议委员会) and legal advisers (法律顾问)
# =====================================================================================================
def _committee(scope: Scope) -> QuerySet | None:
    model = _model("reconsideration.CommitteeMember")
    if model is None:
        return None
    return (model.objects.filter(agency_id__in=scope.agency_ids, term_start__lte=scope.end)
            .filter(Q(term_end__isnull=True, active=True) | Q(term_end__gte=scope.end))
            .order_by("agency_id", "order", "id"))


def group_reconsideration(scope: Scope) -> dict:
    qs = _committee(scope)
    return {"reconsideration.committee": qs.count() if qs is not None else UNAVAILABLE}


COMMITTEE_COLUMNS = (
    Column(_("姓名"), lambda m: m.name),
    Column(_("职务"), lambda m: m.get_position_display()),
    Column(_("类别"), lambda m: m.get_kind_display()),
    Column(_("工作单位及职务（职称）"), lambda m: m.affiliation),
    Column(_("任期开始"), lambda m: _cn(m.term_start)),
)


def _advisers(scope: Scope) -> QuerySet | None:
    model = _model("advisers.Adviser")
    if model is None:
        return None
    return (model.objects.filter(agency_id__in=scope.agency_ids, term_from__lte=scope.end, term_to__gte=scope.start)
            .order_by("term_from", "id"))


def _consultations(scope: Scope) -> QuerySet | None:
    model = _model("advisers.Consultation")
    if model is None:
        return None
    return (model.objects.filter(agency_id__in=scope.agency_ids, asked_on__range=scope.range)
            .select_related("adviser").order_by("asked_on", "id"))


def group_advisers(scope: Scope) -> dict:
    a, c = _advisers(scope), _consultations(scope)
    return {"advisers.count": a.count() if a is not None else UNAVAILABLE,
            "advisers.consultations": c.count() if c is not None else UNAVAILABLE}


def _adviser_link(row, user):
    adviser = getattr(row, "adviser", row)
    if user is None or adviser.agency_id != getattr(user, "agency_id", None):
        return None
    if hasattr(row, "adviser"):
        return reverse("advisers:consultation", args=[row.pk])
    return reverse("advisers:adviser", args=[row.pk])


# =====================================================================================================
# assessment (目标考核) and legal education (普法): the other apps' summary selectors
# =====================================================================================================
@dataclass
class Entry:
    value: int | Decimal | None
    label: str = ""
    ids: list | None = None
    model: Any = None  # a model class or "app_label.Model"
    records: QuerySet | None = None


def _call_summary(module: str, func: str, agency, year: int):
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return UNAVAILABLE
    fn = getattr(mod, func, None)
    if fn is None:
        return UNAVAILABLE
    try:
        return fn(agency, year)
    except TypeError:
        return fn(agency=agency, year=year)


_VALUE_KEYS = ("value", "count", "total", "n")
_IDS_KEYS = ("ids", "record_ids", "records")


def _get(obj, name, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _is_entry(obj) -> bool:
    if isinstance(obj, int | Decimal | float) and not isinstance(obj, bool):
        return True
    return any(_get(obj, k) is not None for k in _VALUE_KEYS) or any(_get(obj, k) is not None for k in _IDS_KEYS)


def _entry(obj) -> Entry:
    if isinstance(obj, int | Decimal | float) and not isinstance(obj, bool):
        return Entry(value=obj)
    value = next((_get(obj, k) for k in _VALUE_KEYS if _get(obj, k) is not None), None)
    records = next((_get(obj, k) for k in _IDS_KEYS if _get(obj, k) is not None), None)
    qs = records if isinstance(records, QuerySet) else None
    ids = None if qs is not None or records is None else list(records)
    if value is None:
        value = qs.count() if qs is not None else (len(ids) if ids is not None else None)
    return Entry(value=value, label=str(_get(obj, "label", "") or ""), ids=ids, model=_get(obj, "model"), records=qs)


def summary_entries(result, prefix: str = "") -> dict[str, Entry]:
    """Flatten whatever the summary selector returned into {name: Entry}: a mapping of names to numbers or to
    {value|count, ids|record_ids|records, label, model}, nested mappings (names joined by "."), or a list of
    objects carrying a ``key``/``code``/``name``."""
    if result is None or result is UNAVAILABLE:
        return {}
    figures = _get(result, "figures")
    if figures is not None and not isinstance(result, list | tuple):
        result = figures
    items: Iterable
    if isinstance(result, Mapping):
        items = result.items()
    elif isinstance(result, list | tuple):
        items = [(str(_get(e, "key") or _get(e, "code") or _get(e, "name") or n), e) for n, e in enumerate(result)]
    else:
        items = [(k, v) for k, v in vars(result).items() if not k.startswith("_")]
    out: dict[str, Entry] = {}
    default_model = _get(result, "model") if isinstance(result, Mapping) else None
    for name, obj in items:
        full = f"{prefix}{name}"
        if _is_entry(obj):
            e = _entry(obj)
            e.model = e.model or default_model
            out[full] = e
        elif isinstance(obj, Mapping) or hasattr(obj, "__dict__"):
            out.update(summary_entries(obj, prefix=f"{full}."))
    return out


def _norm_name(name: str) -> str:
    return name.lower().replace("-", "_").replace(" ", "_")


def _find(entries: dict[str, Entry], paths: tuple[str, ...]) -> Entry | None:
    normalized = {_norm_name(k): v for k, v in entries.items()}
    for path in paths:
        if path in normalized:
            return normalized[path]
    return None


SUMMARY_FIGURES = {
    # key: (module, selector, path of the entry in the selector's result, then fallback names)
    "assessment.groups": ("fazhi.assessment.selectors", "assessment_summary", ("groups", "group_count")),
    "assessment.units": ("fazhi.assessment.selectors", "assessment_summary", ("units", "assessed_units")),
    "assessment.rectifications": ("fazhi.assessment.selectors", "assessment_summary", ("rectifications",)),
    "education.training.events": ("fazhi.education.selectors", "education_summary", ("training.events",)),
    "education.training.attendance": ("fazhi.education.selectors", "education_summary", ("training.attendance",)),
    "education.activities": ("fazhi.education.selectors", "education_summary", ("public_activities.activities",)),
    "education.audience": ("fazhi.education.selectors", "education_summary", ("public_activities.audience",)),
    "education.contest.teams": ("fazhi.education.selectors", "education_summary",
                                ("contests.teams", "contest.teams", "contest_teams")),
    "education.contest.first": ("fazhi.education.selectors", "education_summary",
                                ("contests.prizes_by_level.first", "contest.prizes.first", "first_prizes")),
    "education.contest.second": ("fazhi.education.selectors", "education_summary",
                                 ("contests.prizes_by_level.second", "contest.prizes.second", "second_prizes")),
    "education.contest.third": ("fazhi.education.selectors", "education_summary",
                                ("contests.prizes_by_level.third", "contest.prizes.third", "third_prizes")),
}


def _summary_entry(scope: Scope, key: str, cache: dict | None = None) -> Entry | None | object:
    """The entry of ``key`` summed over the scope's agencies; UNAVAILABLE when the app or selector is missing.
    ``cache``: the agencies and each agency's summary, shared by the keys of one group (a summary holds several
    figures: it is computed once per agency, not once per figure)."""
    from fazhi.core.models import Agency

    cache = {} if cache is None else cache
    module, func, paths = SUMMARY_FIGURES[key]
    total: Entry | None = None
    if "agencies" not in cache:
        cache["agencies"] = list(Agency.objects.filter(pk__in=scope.agency_ids).order_by("id"))
    for agency in cache["agencies"]:
        if (module, func, agency.pk) not in cache:
            cache[(module, func, agency.pk)] = _call_summary(module, func, agency, scope.year)
        result = cache[(module, func, agency.pk)]
        if result is UNAVAILABLE:
            return UNAVAILABLE
        e = _find(summary_entries(result), paths)
        if e is None:
            continue
        if total is None:
            total = Entry(value=e.value, label=e.label, ids=list(e.ids or []) if e.ids is not None else None,
                          model=e.model, records=e.records)
        else:
            total.value = (total.value or 0) + (e.value or 0)
            if total.ids is not None and e.ids is not None:
                total.ids += e.ids
            if total.records is not None and e.records is not None:
                total.records = total.records | e.records
    return total


def _summary_group(prefix: str):
    def group(scope: Scope) -> dict:
        out = {}
        cache: dict = {}
        for key in SUMMARY_FIGURES:
            if key.startswith(prefix):
                e = _summary_entry(scope, key, cache)
                out[key] = UNAVAILABLE if (e is UNAVAILABLE or e is None or e.value is None) else e.value
        return out

    return group


def _summary_records(key: str):
    def records(scope: Scope) -> QuerySet | None:
        e = _summary_entry(scope, key)
        if e is UNAVAILABLE or e is None:
            return None
        if e.records is not None:
            return e.records
        model = e.model
        if isinstance(model, str):
            model = _model(model)
        if model is None or e.ids is None:
            return None
        return model.objects.filter(pk__in=e.ids).order_by("pk")

    return records


def _describe(obj) -> str:
    for attr in ("title", "name"):
        v = getattr(obj, attr, None)
        if v:
            return str(v)
    team = getattr(obj, "team", None)
    if team is not None:
        level = obj.get_level_display() if hasattr(obj, "get_level_display") else ""
        return f"{getattr(team, 'name', team)} {level}".strip()
    return str(obj)


def _unit_of(obj) -> str:
    for attr in ("unit", "agency", "event", "contest", "scheme"):
        v = getattr(obj, attr, None)
        if v is not None and not callable(v):
            return str(v)
    return ""


SUMMARY_COLUMNS = (Column(_("记录"), _describe), Column(_("所属"), _unit_of))


# =====================================================================================================
# the registry
# =====================================================================================================
GROUPS: dict[str, Callable[[Scope], dict]] = {
    "licensing": group_licensing,
    "inspection": group_inspection,
    "enforcement": group_enforcement,
    "norms": group_norms,
    "decisions": group_decisions,
    "powers": group_powers,
    "officers": group_officers,
    "requests": group_requests,
    "reconsideration": group_reconsideration,
    "advisers": group_advisers,
    "assessment": _summary_group("assessment."),
    "education": _summary_group("education."),
}


def _build() -> dict[str, Figure]:
    F_ = Figure
    out: list[Figure] = [
        # ---- licensing ----
        F_("licensing.items", _("行政许可事项"), _("项"), "licensing", "licensing", _licensing_items,
           (Column(_("事项编码"), lambda i: i.code), Column(_("事项名称"), lambda i: i.name)),
           lambda i, u: reverse("portal:guide", args=[i.code]), note=_("现行在办的许可事项（不分年度）。")),
        F_("licensing.total", _("办理行政许可申请"), _("件"), "licensing", "licensing", _licensing_cases, CASE_COLUMNS,
           _case_link(), note=_("当年收到的许可申请。")),
        F_("licensing.online", _("网上申请"), _("件"), "licensing", "licensing",
           lambda s: _licensing_cases(s).filter(channel="online"), CASE_COLUMNS, _case_link()),
        F_("licensing.online_rate", _("网上审批率"), "%", "licensing", "licensing", _licensing_cases, CASE_COLUMNS,
           _case_link(), kind="rate", numerator=Q(channel="online"),
           note=_("网上申请数 ÷ 当年收到的许可申请数。")),
        F_("licensing.granted", _("准予许可"), _("件"), "licensing", "licensing",
           lambda s: _licensing_cases(s).filter(outcome="granted"), CASE_COLUMNS, _case_link()),
        F_("licensing.denied", _("不予许可"), _("件"), "licensing", "licensing",
           lambda s: _licensing_cases(s).filter(outcome="denied"), CASE_COLUMNS, _case_link()),
        F_("licensing.on_time_rate", _("按期办结率"), "%", "licensing", "licensing", _licensing_clocks, CLOCK_COLUMNS,
           _case_link("case"), kind="rate", numerator=Q(stopped_on__lte=F("due")),
           note=_("已结束的法定期限中按期结束的比例（当年收到的申请）。")),
        F_("licensing.overdue", _("超期办件"), _("件"), "licensing", "licensing", _licensing_overdue, CASE_COLUMNS,
           _case_link()),
        # ---- inspection ----
        F_("inspection.planned.tasks", _("计划检查任务"), _("个"), "inspection", "inspection",
           lambda s: _tasks(s, "planned"), TASK_COLUMNS, _task_link),
        F_("inspection.planned.units", _("执法检查单位"), _("家"), "inspection", "inspection",
           lambda s: _inspections(s, "planned"), INSPECTION_COLUMNS, _inspection_link,
           note=_("当年计划检查任务中的检查对象。")),
        F_("inspection.planned.rectification_orders", _("下达责令整改书"), _("份"), "inspection", "inspection",
           lambda s: _inspections(s, "planned").filter(outcome__in=RECTIFY_OUTCOMES), INSPECTION_COLUMNS,
           _inspection_link),
        F_("inspection.random.tasks", _("随机抽查任务"), _("个"), "inspection", "inspection",
           lambda s: _tasks(s, "random"), TASK_COLUMNS, _task_link),
        F_("inspection.random.drawn", _("随机抽取检查对象"), _("家"), "inspection", "inspection",
           lambda s: _inspections(s, "random"), INSPECTION_COLUMNS, _inspection_link),
        F_("inspection.random.rectification_orders", _("抽查责令整改"), _("家"), "inspection", "inspection",
           lambda s: _inspections(s, "random").filter(outcome__in=RECTIFY_OUTCOMES), INSPECTION_COLUMNS,
           _inspection_link),
        F_("inspection.rectification_orders", _("责令整改合计"), _("家"), "inspection", "inspection",
           lambda s: _inspections(s).filter(outcome__in=RECTIFY_OUTCOMES), INSPECTION_COLUMNS, _inspection_link),
        F_("inspection.rectified", _("复查已整改"), _("家"), "inspection", "inspection",
           lambda s: _inspections(s).filter(outcome="rectified"), INSPECTION_COLUMNS, _inspection_link),
        # ---- enforcement ----
        F_("enforcement.cases", _("行政处罚立案"), _("件"), "enforcement", "enforcement", _penalties, CASE_COLUMNS,
           _case_link(), note=_("当年登记的行政处罚案件。")),
        F_("enforcement.decided", _("作出行政处罚决定"), _("件"), "enforcement", "enforcement",
           lambda s: _penalties(s, "decided_on"), CASE_COLUMNS, _case_link()),
        # ---- norms ----
        F_("norms.valid", _("现行有效的规范性文件"), _("件"), "norms", "norms", _norms_valid, NORM_COLUMNS, _norm_link,
           note=_("截至当年12月31日有效。")),
        F_("norms.repealed", _("废止的规范性文件"), _("件"), "norms", "norms", _norms_repealed, NORM_COLUMNS,
           _norm_link, note=_("截至当年12月31日已废止（累计）。")),
        F_("norms.expired", _("失效的规范性文件"), _("件"), "norms", "norms", _norms_expired, NORM_COLUMNS,
           _norm_link),
        F_("norms.published", _("当年制发的规范性文件"), _("件"), "norms", "norms", _norms_published, NORM_COLUMNS,
           _norm_link),
        F_("norms.cleanup.repealed", _("当年清理废止的规范性文件"), _("件"), "norms", "norms",
           lambda s: _cleanup_items(s, "repeal"), CLEANUP_COLUMNS, _norm_link),
        # ---- decisions ----
        F_("decisions.adopted", _("集体讨论通过的重大行政决策"), _("项"), "decisions", "decisions", _decisions_adopted,
           DECISION_COLUMNS, _decision_link),
        F_("decisions.reviewed", _("经合法性审查的重大行政决策"), _("项"), "decisions", "decisions",
           _decisions_reviewed, DECISION_COLUMNS, _decision_link),
        # ---- powers ----
        F_("powers.count", _("权力清单载明的行政权力"), _("项"), "powers", "powers", _powers,
           (Column(_("权力编码"), lambda p: p.code), Column(_("权力名称"), lambda p: p.name),
            Column(_("权力类别"), lambda p: p.get_category_display())), note=_("当年年底施行的权力清单版本。")),
        # ---- officers ----
        F_("officers.certified", _("持有效执法证件的执法人员"), _("人"), "officers", "officers", _certified,
           (Column(_("姓名"), lambda o: o.name), Column(_("执法证号"), lambda o: o.certificate_number),
            Column(_("有效期至"), lambda o: _cn(o.valid_until))), _officer_link, note=_("当年12月31日证件有效。")),
        F_("officers.training", _("执法人员参加培训"), _("人次"), "officers", "officers", _training,
           (Column(_("执法人员"), lambda t: t.officer.name), Column(_("培训名称"), lambda t: t.title),
            Column(_("培训日期"), lambda t: _cn(t.date)), Column(_("学时"), lambda t: number(t.hours))), _officer_link),
        F_("officers.training_hours", _("培训学时"), _("学时"), "officers", "officers", _training,
           (Column(_("执法人员"), lambda t: t.officer.name), Column(_("培训名称"), lambda t: t.title),
            Column(_("学时"), lambda t: number(t.hours))), _officer_link, kind="sum"),
        # ---- requests (totals; the kinds follow) ----
        F_("requests.total", _("受理群众诉求"), _("件"), "requests", "requests", _requests, CASE_COLUMNS,
           _case_link(), note=_("当年收到的投诉、举报、信访、政府信息公开申请和行政复议申请。")),
        F_("requests.closed", _("已办结"), _("件"), "requests", "requests",
           lambda s: _requests(s).filter(closed_on__isnull=False), CASE_COLUMNS, _case_link()),
        F_("requests.on_time_rate", _("按期办结率"), "%", "requests", "requests", _request_clocks, CLOCK_COLUMNS,
           _case_link("case"), kind="rate", numerator=Q(stopped_on__lte=F("due"))),
        F_("requests.overdue", _("超期办件"), _("件"), "requests", "requests", _requests_overdue, CASE_COLUMNS,
           _case_link()),
    ]
    for code, label in request_kinds():
        out += [
            F_(f"requests.{code}.total", label, _("件"), "requests", "requests",
               lambda s, c=code: _requests(s, c), CASE_COLUMNS, _case_link()),
            F_(f"requests.{code}.closed", _kind_label("%(kind)s已办结", label), _("件"), "requests", "requests",
               lambda s, c=code: _requests(s, c).filter(closed_on__isnull=False), CASE_COLUMNS, _case_link()),
            F_(f"requests.{code}.on_time_rate", _kind_label("%(kind)s按期办结率", label), "%", "requests",
               "requests", lambda s, c=code: _request_clocks(s, c), CLOCK_COLUMNS, _case_link("case"), kind="rate",
               numerator=Q(stopped_on__lte=F("due"))),
            F_(f"requests.{code}.overdue", _kind_label("%(kind)s超期", label), _("件"), "requests", "requests",
               lambda s, c=code: _requests_overdue(s, c), CASE_COLUMNS, _case_link()),
        ]
    out += [
        # ---- reconsideration, advisers ----
        F_("reconsideration.committee", _("行政复议委员会组成人员"), _("人"), "reconsideration", "reconsideration",
           _committee, COMMITTEE_COLUMNS, note=_("当年12月31日在任的委员（含主任、副主任）。")),
        F_("advisers.count", _("聘请法律顾问"), _("名"), "advisers", "advisers", _advisers,
           (Column(_("姓名"), lambda a: a.name), Column(_("执业机构或工作单位"), lambda a: a.firm),
            Column(_("聘期"), lambda a: f"{_cn(a.term_from)}—{_cn(a.term_to)}")), _adviser_link),
        F_("advisers.consultations", _("咨询法律顾问"), _("次"), "advisers", "advisers", _consultations,
           (Column(_("咨询事项"), lambda c: c.subject), Column(_("类别"), lambda c: c.get_kind_display()),
            Column(_("咨询日期"), lambda c: _cn(c.asked_on))), _adviser_link),
        # ---- assessment and education (other apps' summaries) ----
        F_("assessment.groups", _("目标考核检查组"), _("个"), "assessment", "assessment",
           _summary_records("assessment.groups"), SUMMARY_COLUMNS),
        F_("assessment.units", _("目标考核检查单位"), _("家"), "assessment", "assessment",
           _summary_records("assessment.units"), SUMMARY_COLUMNS),
        F_("assessment.rectifications", _("目标考核整改事项"), _("项"), "assessment", "assessment",
           _summary_records("assessment.rectifications"), SUMMARY_COLUMNS),
        F_("education.training.events", _("举办法治培训"), _("场"), "education", "education",
           _summary_records("education.training.events"), SUMMARY_COLUMNS),
        F_("education.training.attendance", _("参加法治培训"), _("人次"), "education", "education",
           _summary_records("education.training.attendance"), SUMMARY_COLUMNS),
        F_("education.activities", _("普法宣传活动"), _("场"), "education", "education",
           _summary_records("education.activities"), SUMMARY_COLUMNS),
        F_("education.audience", _("普法宣传活动受众"), _("人次"), "education", "education",
           _summary_records("education.audience"), SUMMARY_COLUMNS, kind="sum"),
        F_("education.contest.teams", _("法律知识竞赛参赛队伍"), _("支"), "education", "education",
           _summary_records("education.contest.teams"), SUMMARY_COLUMNS),
        F_("education.contest.first", _("一等奖"), _("队"), "education", "education",
           _summary_records("education.contest.first"), SUMMARY_COLUMNS),
        F_("education.contest.second", _("二等奖"), _("队"), "education", "education",
           _summary_records("education.contest.second"), SUMMARY_COLUMNS),
        F_("education.contest.third", _("三等奖"), _("队"), "education", "education",
           _summary_records("education.contest.third"), SUMMARY_COLUMNS),
    ]
    return {f.key: f for f in out}


@lru_cache(maxsize=1)
def _registry() -> dict[str, Figure]:
    return _build()


def registry() -> dict[str, Figure]:
    """Every figure by key, in dashboard order within each section (built once the apps are ready)."""
    return _registry()


def get(key: str) -> Figure | None:
    return registry().get(key)


def by_section() -> list[tuple[str, Any, list[Figure]]]:
    reg = registry()
    return [(code, label, [f for f in reg.values() if f.section == code]) for code, label in SECTIONS]


# =====================================================================================================
# evaluation
# =====================================================================================================
def _value(key: str, raw, kind: str) -> Value:
    if raw is UNAVAILABLE:
        return Value(key, None, "—", available=False)  # the pages say 暂无数据 in the reader's language
    if isinstance(raw, Rate):
        return Value(key, raw.value, percent(raw.value), num=raw.num, den=raw.den)
    if kind == "sum":
        return Value(key, raw, number(raw))
    return Value(key, raw, number(raw))


@dataclass
class Evaluation:
    scope: Scope
    values: dict[str, Value] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def get(self, key: str) -> Value | None:
        return self.values.get(key)

    def display(self) -> dict[str, str]:
        return {k: v.display for k, v in self.values.items()}


def evaluate(scope: Scope, keys: Iterable[str] | None = None) -> Evaluation:
    """The figures ``keys`` (all when None) for ``scope``, each group computed once."""
    reg = registry()
    wanted = [k for k in (keys if keys is not None else reg) if k in reg]
    groups = []
    for k in wanted:
        g = reg[k].group
        if g not in groups:
            groups.append(g)
    raw: dict[str, Any] = {}
    for g in groups:
        try:
            raw.update(GROUPS[g](scope))
        except ImportError:  # an app of the registry is not installed in this deployment
            log.warning("figures group %s unavailable", g, exc_info=True)
    ev = Evaluation(scope=scope)
    for k in wanted:
        ev.values[k] = _value(k, raw.get(k, UNAVAILABLE), reg[k].kind)
    return ev


def records(figure: Figure, scope: Scope) -> QuerySet | None:
    if figure.records is None:
        return None
    return figure.records(scope)


def monthly(scope: Scope) -> dict[str, list[int]]:
    """Per month of the year: licensing applications and public requests received (one aggregate query each,
    conditional counts on date ranges: no per-row date function)."""
    from fazhi.process.models import Case

    def month_range(m: int) -> tuple[dt.date, dt.date]:
        start = dt.date(scope.year, m, 1)
        nxt = dt.date(scope.year + (m == 12), m % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)

    def series(qs) -> list[int]:
        agg = qs.order_by().aggregate(**{f"m{m}": Count("pk", filter=Q(received_on__range=month_range(m)))
                                         for m in range(1, 13)})
        return [agg[f"m{m}"] for m in range(1, 13)]

    base = Case.objects.filter(agency_id__in=scope.agency_ids, received_on__range=scope.range)
    return {"licensing": series(base.filter(kind="licensing")),
            "requests": series(base.filter(public_request__isnull=False))}
