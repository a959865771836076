"""Reads of the 主动公开目录.

The catalogue copies nothing that could drift from what was published: its automatic items are a selector over the
transparency log (``tlog.LogEntry``: the latest entry of every object still published, the first entry's time as
发布日期 and the latest's as 更新日期, the page as ``kind.page(object_id)``), and title, number, agency and the
decision date are read from the content the log's entry hashes (``kind.content(object_id)``); its manual items are
the ``CatalogueItem`` rows as last published. Both are merged, newest first, and paginated.

Reading the content costs a few queries per object, so it is read only for the rows shown — unless the reader
filters by agency or keyword, which need it for every candidate — and kept in a small per-process cache keyed by the
entry's content SHA-256 (content with a given hash never changes).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import DateTimeField, Exists, OuterRef, Subquery
from django.utils import timezone

from fazhi.core import clock as sysclock
from fazhi.openinfo import categories, deadline
from fazhi.openinfo.models import CatalogueItem
from fazhi.openinfo.publication import KIND as OWN_KIND
from fazhi.tlog import registry
from fazhi.tlog.models import LogEntry

PAGE_SIZE = 50
MADE_KEYS = ("decided_on", "date")  # the decision or issue date a content holds, when it has one


@dataclass
class Row:
    source: str  # "log" | "manual"
    category: str
    published_on: dt.date  # 发布日期: the first publication
    updated_on: dt.date | None  # 更新日期: the latest publication, when it is a correction or a new version
    kind: str = ""
    object_id: str = ""
    sha: str = ""
    log_index: int | None = None
    item: CatalogueItem | None = None
    title: str = ""
    number: str = ""
    agency: str = ""
    made_on: dt.date | None = None
    url: str | None = None
    extra: dict = field(default_factory=dict)
    filled: bool = False

    @property
    def category_label(self):
        cat = categories.get(self.category)
        return cat.label if cat else self.category

    @property
    def top(self) -> str:
        return categories.top_of(self.category)

    @property
    def is_update(self) -> bool:
        return self.updated_on is not None

    @property
    def late(self) -> bool:
        """Published more than 20 working days after it was made (第二十六条): 逾期公开."""
        return deadline.late(self.made_on, self.published_on)

    @property
    def due_on(self) -> dt.date | None:
        return deadline.due_on(self.made_on) if self.made_on else None


# ---- reading a publication's content ---------------------------------------------------------------------------
_CACHE: OrderedDict[tuple[str, str, str], dict] = OrderedDict()
_CACHE_SIZE = 5000


def _content(kind: str, object_id: str, sha: str) -> dict:
    key = (kind, object_id, sha)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    k = registry.get(kind)
    raw = k.content(object_id) if k else None
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        value = {}
    if not isinstance(value, dict):
        value = {}
    _CACHE[key] = value
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _title(kind: str, c: dict) -> str:
    if kind == "licensing.decision":
        return f"{c.get('item', '')}：{c.get('decision', '')}（{c.get('party', '')}）"
    if kind == "enforcement.decision":
        return f"{c.get('party', '')}：{c.get('violation', '')}（{c.get('penalty', '')}）"
    if kind == "powers.list":
        return f"{c.get('agency', '')}权力清单和责任清单（{c.get('label', '')}）"
    if kind == "norms.document" and c.get("status") and c.get("status") != "有效":
        return f"{c.get('title', '')}（{c['status']}）"
    return str(c.get("title") or "")


def _fill(row: Row) -> Row:
    if row.filled or row.source != "log":
        return row
    c = _content(row.kind, row.object_id, row.sha)
    row.title = _title(row.kind, c) or str(getattr(registry.get(row.kind), "label", row.kind))
    row.number = str(c.get("document_number") or c.get("number") or "")
    row.agency = str(c.get("agency") or c.get("issuer") or "")
    row.made_on = next((d for d in (_day(c.get(k)) for k in MADE_KEYS) if d), None)
    k = registry.get(row.kind)
    row.url = k.page(row.object_id) if k else None
    row.filled = True
    return row


def _manual_row(item: CatalogueItem) -> Row:
    p = item.published or {}
    from django.urls import reverse

    return Row(source="manual", category=p.get("category", item.category),
               published_on=item.first_published_on or item.published_on,
               updated_on=item.published_on if item.version > 1 else None, kind=OWN_KIND, object_id=str(item.pk),
               item=item, title=p.get("title", ""), number=p.get("document_number", ""),
               agency=p.get("agency", ""), made_on=_day(p.get("changed_on")) or _day(p.get("made_on")),
               url=reverse("openinfo:item", kwargs={"item_id": item.pk}), filled=True)


# ---- the catalogue -----------------------------------------------------------------------------------------------
def _local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))


def log_rows(*, codes: set[str] | None = None, year: int | None = None) -> list[Row]:
    """The automatic items: the latest entry of every published object of every kind of the log (but the manual
    items' own) whose category is in ``codes`` (all when None; a kind not mapped yet is 其他), not withdrawn;
    发布日期 = the first entry's time, 更新日期 = the latest's."""
    published = {k.name for k in registry.kinds()} | set(categories.KIND_CATEGORY)
    kinds = categories.kinds_of(published - {OWN_KIND}, codes)
    if not kinds:
        return []
    same = {"kind": OuterRef("kind"), "object_id": OuterRef("object_id")}
    newer = LogEntry.objects.filter(**same, version__gt=OuterRef("version"))
    first = LogEntry.objects.filter(**same, version=1).values("published_at")[:1]
    qs = (LogEntry.objects.filter(kind__in=kinds, withdrawn=False)
          .annotate(newer=Exists(newer), first_at=Subquery(first, output_field=DateTimeField()))
          .filter(newer=False))
    if year:
        lo, hi = _year_range(year)
        qs = qs.filter(first_at__gte=lo, first_at__lt=hi)
    rows = []
    for e in qs.values("index", "kind", "object_id", "version", "published_at", "first_at", "content_sha256"):
        first_day = _local_day(e["first_at"] or e["published_at"])
        latest_day = _local_day(e["published_at"])
        rows.append(Row(source="log", category=categories.category_of(e["kind"]), published_on=first_day,
                        updated_on=latest_day if e["version"] > 1 else None, kind=e["kind"],
                        object_id=e["object_id"], sha=e["content_sha256"], log_index=e["index"]))
    return rows


def public_items():
    return CatalogueItem.objects.filter(status=CatalogueItem.Status.PUBLISHED).select_related("agency")


def manual_rows(*, codes: set[str] | None = None, year: int | None = None, agency=None) -> list[Row]:
    qs = public_items()
    if year:
        qs = qs.filter(first_published_on__year=year)
    if agency is not None:
        qs = qs.filter(agency=agency)
    rows = [_manual_row(i) for i in qs.order_by("-first_published_on", "-id")]
    return [r for r in rows if codes is None or r.category in codes]


def _matches(row: Row, q: str) -> bool:
    return any(q in (s or "").lower() for s in (row.title, row.number, row.agency, (row.item.published or {}).get(
        "summary", "") if row.item else ""))


def catalogue(*, category: str | None = None, year: int | None = None, agency=None, q: str = "") -> list[Row]:
    """Every item of the catalogue matching the filters, newest first (automatic rows not yet read: ``page_of``
    reads the page's). ``category``: a category code (a top-level one includes its subcategories); ``agency``: an
    Agency; ``q``: words in the title, number, agency or summary."""
    codes = categories.with_children(category) if category else None
    q = (q or "").strip().lower()
    auto = log_rows(codes=codes, year=year)
    if agency is not None or q:
        auto = [_fill(r) for r in auto]
        if agency is not None:
            auto = [r for r in auto if r.agency == agency.name]
    rows = auto + manual_rows(codes=codes, year=year, agency=agency)
    if q:
        rows = [r for r in rows if _matches(r, q)]
    rows.sort(key=lambda r: (r.published_on, r.updated_on or r.published_on, r.source, r.object_id), reverse=True)
    return rows


def page_of(rows: list[Row], number, size: int = PAGE_SIZE):
    page = Paginator(rows, size).get_page(number)
    for r in page.object_list:
        _fill(r)
    return page


def years() -> list[int]:
    first = LogEntry.objects.order_by("published_at").values_list("published_at", flat=True).first()
    start = _local_day(first).year if first else sysclock.today().year
    manual = CatalogueItem.objects.exclude(first_published_on=None).order_by("first_published_on").values_list(
        "first_published_on", flat=True).first()
    if manual:
        start = min(start, manual.year)
    return list(range(sysclock.today().year, start - 1, -1))


# ---- the staff's view --------------------------------------------------------------------------------------------
def staff_items(agency_id: int, *, status: str = ""):
    qs = CatalogueItem.objects.filter(agency_id=agency_id)
    if status == "pending":
        qs = qs.filter(pending=True).exclude(status=CatalogueItem.Status.WITHDRAWN)
    elif status in CatalogueItem.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-pending", "-id")


def late_publications(agency) -> list[Row]:
    """The agency's automatic items published more than 20 working days after their decision or issue date."""
    rows = [_fill(r) for r in log_rows()]
    return [r for r in rows if r.agency == agency.name and r.late]


def overdue_items(today: dt.date | None = None, agency_id: int | None = None) -> list[tuple[CatalogueItem, dt.date]]:
    """Items waiting for publication past their 第二十六条 due date, with the due date."""
    today = today or sysclock.today()
    qs = CatalogueItem.objects.filter(pending=True).exclude(status=CatalogueItem.Status.WITHDRAWN)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    out = []
    for item in qs.select_related("agency").order_by("agency_id", "id"):
        due = deadline.due_on(item.clock_start)
        if today > due:
            out.append((item, due))
    return out
