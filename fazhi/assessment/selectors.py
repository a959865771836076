"""Reads of target assessment: weighted totals, rankings (overall and within the group), the scheme as the API
shows it, the XLSX of the rankings, and ``assessment_summary`` for the annual report.

The weighted total of a unit: Σ score / max score × weight over the indicators scored, rounded half up to two
decimals (0–100). Rankings are competition rankings ("1224"): units with the same total share the rank and the
next rank skips. Ranks are computed over every unit of the scheme, then filtered to what the caller may see (a
unit's staff see their true rank, not their rank among the units they see).
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from fazhi.assessment.models import AssessedUnit, Group, Indicator, RectificationItem, Scheme, Score
from fazhi.core.models import Agency

CENT = Decimal("0.01")


def weighted(score: Decimal, indicator: Indicator) -> Decimal:
    """The indicator's contribution to the total, unrounded."""
    return Decimal(score) / indicator.max_score * indicator.weight


def competition_ranks(totals: list[Decimal]) -> list[int]:
    """1 + the number of strictly greater totals, for each total ("1224")."""
    ordered = sorted(totals, reverse=True)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return [first[t] for t in totals]


@dataclass
class RankRow:
    unit: AssessedUnit
    total: Decimal
    scored: int
    complete: bool
    rank: int = 0
    group_rank: int = 0
    scores: dict[int, Score] = field(default_factory=dict)  # indicator id -> score

    @property
    def kind_label(self) -> str:
        return str(self.unit.get_kind_display())


def rankings(scheme: Scheme, visible: set[int] | None = None, *, with_scores: bool = False) -> list[RankRow]:
    """Every unit of the scheme (or the ``visible`` ones) with its weighted total, overall rank and rank within
    its group; ordered by rank, then group and unit order. ``complete``: every indicator scored."""
    indicators = {i.pk: i for i in scheme.indicators.all()}
    units = list(scheme.units.select_related("group", "agency").order_by("group__order", "group_id", "order", "id"))
    sums: dict[int, Decimal] = defaultdict(Decimal)
    counts: dict[int, int] = defaultdict(int)
    by_unit: dict[int, dict[int, Score]] = defaultdict(dict)
    for s in Score.objects.filter(unit__scheme=scheme).select_related("scored_by"):
        indicator = indicators.get(s.indicator_id)
        if indicator is None:
            continue
        sums[s.unit_id] += weighted(s.score, indicator)
        counts[s.unit_id] += 1
        if with_scores:
            by_unit[s.unit_id][s.indicator_id] = s
    rows = [RankRow(unit=u, total=sums[u.pk].quantize(CENT, rounding=ROUND_HALF_UP), scored=counts[u.pk],
                    complete=bool(indicators) and counts[u.pk] == len(indicators), scores=by_unit.get(u.pk, {}))
            for u in units]
    for row, rank in zip(rows, competition_ranks([r.total for r in rows]), strict=True):
        row.rank = rank
    groups: dict[int, list[RankRow]] = defaultdict(list)
    for row in rows:
        groups[row.unit.group_id].append(row)
    for members in groups.values():
        for row, rank in zip(members, competition_ranks([r.total for r in members]), strict=True):
            row.group_rank = rank
    order = {u.pk: n for n, u in enumerate(units)}
    rows.sort(key=lambda r: (r.rank, order[r.unit.pk]))
    if visible is not None:
        rows = [r for r in rows if r.unit.pk in visible]
    return rows


def group_rankings(rows: list[RankRow]) -> list[tuple[Group, list[RankRow]]]:
    """The rows by group (group order), each group by its rank."""
    out: dict[int, tuple[Group, list[RankRow]]] = {}
    for row in sorted(rows, key=lambda r: (r.unit.group.order, r.unit.group_id, r.group_rank, r.unit.order)):
        out.setdefault(row.unit.group_id, (row.unit.group, []))[1].append(row)
    return list(out.values())


def average(rows: list[RankRow]) -> Decimal | None:
    if not rows:
        return None
    return (sum((r.total for r in rows), Decimal(0)) / len(rows)).quantize(CENT, rounding=ROUND_HALF_UP)


# ---- views for the pages and the API ----------------------------------------------------------------------
def scheme_row(scheme: Scheme) -> dict:
    return {"id": scheme.pk, "agency": scheme.agency.code, "agency_name": scheme.agency.name, "year": scheme.year,
            "title": scheme.title, "published": scheme.published, "published_on": scheme.published_on}


def schemes_with_counts(qs):
    return qs.annotate(n_groups=Count("groups", distinct=True), n_units=Count("units", distinct=True),
                       n_indicators=Count("indicators", distinct=True))


def rank_dict(row: RankRow) -> dict:
    u = row.unit
    return {"unit_id": u.pk, "name": u.name, "kind": u.kind, "kind_label": row.kind_label, "group_id": u.group_id,
            "group": u.group.name, "agency": u.agency.code if u.agency_id else None, "total": row.total,
            "rank": row.rank, "group_rank": row.group_rank, "scored": row.scored, "complete": row.complete}


def scheme_detail(scheme: Scheme, visible: set[int] | None) -> dict:
    rows = rankings(scheme, visible)
    groups = scheme.groups.all()
    if visible is not None:
        groups = groups.filter(units__in=visible).distinct()
    return {
        **scheme_row(scheme), "note": scheme.note, "scope": "whole" if visible is None else "own_units",
        "indicators": [{"id": i.pk, "code": i.code, "name": i.name, "weight": i.weight, "max_score": i.max_score,
                        "rule": i.rule} for i in scheme.indicators.all()],
        "groups": [{"id": g.pk, "name": g.name, "leader": g.leader,
                    "units": g.units.count() if visible is None else g.units.filter(pk__in=visible).count()}
                   for g in groups],
        "average": average(rankings(scheme)) if visible is None else None,
        "rankings": [rank_dict(r) for r in rows],
        "rectifications": [rectification_dict(i) for i in rectifications(scheme, visible)],
    }


def rectifications(scheme: Scheme, visible: set[int] | None = None):
    qs = RectificationItem.objects.filter(unit__scheme=scheme).select_related("unit", "indicator")
    if visible is not None:
        qs = qs.filter(unit_id__in=visible)
    return qs.order_by("done_on", "due", "id")


def rectification_dict(item: RectificationItem) -> dict:
    return {"id": item.pk, "unit_id": item.unit_id, "unit": item.unit.name,
            "indicator": item.indicator.code if item.indicator_id else None, "description": item.description,
            "due": item.due, "done_on": item.done_on, "done_note": item.done_note}


# ---- the XLSX of the rankings -----------------------------------------------------------------------------
def _cell(value):
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def rankings_xlsx(scheme: Scheme, visible: set[int] | None) -> bytes:
    """排名: overall rank, rank within the group, unit, kind, group, the score of each indicator, the weighted
    total, whether every indicator is scored."""
    from openpyxl import Workbook

    indicators = list(scheme.indicators.all())
    rows = rankings(scheme, visible, with_scores=True)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("考核排名"))
    ws.append([_cell(scheme.title)])
    ws.append([_("总排名"), _("组内排名"), _("被考核单位"), _("单位类别"), _("检查组"),
               *[f"{i.code} {i.name}（{_('权重')}{i.weight_text}）" for i in indicators],
               _("加权总分"), _("评分完成")])
    for r in rows:
        ws.append([r.rank, r.group_rank, _cell(r.unit.name), r.kind_label, _cell(r.unit.group.name),
                   *[(float(r.scores[i.pk].score) if i.pk in r.scores else None) for i in indicators],
                   float(r.total), _("是") if r.complete else _("否")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---- the annual report ------------------------------------------------------------------------------------
_COUNT = object()


def _figure(model: str, ids, value=_COUNT) -> dict:
    """{"value", "model", "ids"}: ``value`` is the number of ids unless given."""
    ids = sorted(ids)
    return {"value": len(ids) if value is _COUNT else value, "model": model, "ids": ids}


def assessment_summary(agency: Agency, year: int) -> dict:
    """The year's target assessment of ``agency`` (published schemes of that agency only), each figure with the
    records behind it::

        {"year", "agency",
         "schemes" | "indicators" | "groups" | "units" | "scores" | "rectifications" | "rectifications_done" |
         "rectifications_open": {"value": count, "model": "assessment.<model>", "ids": [...]},
         "units_by_kind": {kind: {"label", "value", "model", "ids"}},
         "average": {"value": Decimal | None, "model": "assessment.assessedunit", "ids": [unit ids]},
         "ranking": [{"scheme_id", "unit_id", "name", "kind", "kind_label", "group_id", "group", "agency", "total",
                      "rank", "group_rank", "scored", "complete"}, ...]}   # per scheme, by rank
    """
    schemes = list(Scheme.objects.filter(agency=agency, year=year, published=True).order_by("id"))
    ids = [s.pk for s in schemes]
    units = AssessedUnit.objects.filter(scheme_id__in=ids)
    rows: list[dict] = []
    all_rows: list[RankRow] = []
    for scheme in schemes:
        ranked = rankings(scheme)
        all_rows += ranked
        rows += [{"scheme_id": scheme.pk, **rank_dict(r)} for r in ranked]
    by_kind = {}
    for kind, label in AssessedUnit.Kind.choices:
        kind_ids = list(units.filter(kind=kind).values_list("id", flat=True))
        if kind_ids:
            by_kind[kind] = {"label": str(label), **_figure("assessment.assessedunit", kind_ids)}
    items = RectificationItem.objects.filter(unit__scheme_id__in=ids)
    return {
        "year": year, "agency": agency.code,
        "schemes": _figure("assessment.scheme", ids),
        "indicators": _figure("assessment.indicator", Indicator.objects.filter(scheme_id__in=ids)
                              .values_list("id", flat=True)),
        "groups": _figure("assessment.group", Group.objects.filter(scheme_id__in=ids).values_list("id", flat=True)),
        "units": _figure("assessment.assessedunit", units.values_list("id", flat=True)),
        "units_by_kind": by_kind,
        "scores": _figure("assessment.score", Score.objects.filter(unit__scheme_id__in=ids)
                          .values_list("id", flat=True)),
        "average": _figure("assessment.assessedunit", [r.unit.pk for r in all_rows], value=average(all_rows)),
        "ranking": rows,
        "rectifications": _figure("assessment.rectificationitem", items.values_list("id", flat=True)),
        "rectifications_done": _figure("assessment.rectificationitem",
                                       items.filter(done_on__isnull=False).values_list("id", flat=True)),
        "rectifications_open": _figure("assessment.rectificationitem",
                                       items.filter(Q(done_on__isnull=True)).values_list("id", flat=True)),
    }
