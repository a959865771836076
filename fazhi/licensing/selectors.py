"""Reads of the licensing area: the catalogue, service guides, statistics."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import clock as sysclock
from fazhi.licensing.models import Application, Item
from fazhi.process.definition import get_definition
from fazhi.process.models import Case, Clock

REMEDIES = gettext_lazy(
    "申请人对行政许可决定不服的，可以自收到决定之日起六十日内依法申请行政复议"
    "（《中华人民共和国行政复议法》第二十条），或者自知道或者应当知道作出行政行为之日起六个月内"
    "依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
)


def items_public() -> QuerySet[Item]:
    return Item.objects.filter(active=True).select_related("agency").prefetch_related("materials")


def time_limits(item: Item) -> list[dict]:
    """Read from the process definition, so the guide cannot drift from the running process. Labels in the
    active language."""
    definition = get_definition(item.process_code)
    out = []
    for c in definition.clocks:
        out.append({"label": str(c.label), "budget": c.budget, "unit": c.unit, "legal_basis": c.legal_basis})
        if c.max_extension:
            out.append({"label": _("%(label)s（经负责人批准可延长）") % {"label": c.label},
                        "budget": c.max_extension, "unit": c.unit,
                        "legal_basis": c.extension_basis})
    return out


def item_guide(item: Item) -> dict:
    return {
        "code": item.code, "name": item.name, "agency": item.agency.name, "legal_basis": item.legal_basis,
        "conditions": item.conditions, "fee": item.fee, "channels": item.channels, "contact": item.contact,
        "form_fields": item.form_fields,
        "materials": [
            {"code": m.code, "name": m.name, "required": m.required, "form": m.get_form_display(),
             "copies": m.copies, "formats": m.formats, "note": m.note}
            for m in item.materials.all()
        ],
        "time_limits": time_limits(item),
        "remedies": str(REMEDIES),
    }


def published_decisions_count() -> int:
    """How many licensing decisions are published: counted on the cases' partial index (case_published_idx), not
    through the join with the applications (every published licensing case has its application)."""
    return Case.objects.filter(kind="licensing", published_on__isnull=False).count()


def published_decisions(agency_ids=None) -> QuerySet[Application]:
    qs = (
        Application.objects.filter(case__kind="licensing", case__published_on__isnull=False)
        .select_related("case", "item", "case__agency")
        .order_by("-case__decided_on", "-case_id")
    )
    if agency_ids is not None:
        qs = qs.filter(case__agency_id__in=agency_ids)
    return qs


def licensing_statistics(*, agency_id: int, year: int) -> dict:
    """Applications received in ``year``: by item, channel and outcome; online rate; on-time rate; overdue."""
    cases = Case.objects.filter(kind="licensing", agency_id=agency_id, received_on__year=year)
    total = cases.count()
    by_item = list(
        Application.objects.filter(case__in=cases).values("item__name").annotate(n=Count("id")).order_by("item__name")
    )
    by_channel = {r["channel"]: r["n"] for r in cases.values("channel").annotate(n=Count("id"))}
    by_outcome = {r["outcome"] or "pending": r["n"] for r in cases.values("outcome").annotate(n=Count("id"))}
    online = by_channel.get(Case.Channel.ONLINE, 0)
    stopped = Clock.objects.filter(case__in=cases, state=Clock.State.STOPPED, due__isnull=False,
                                   stopped_on__isnull=False)
    stopped_total = stopped.count()
    on_time = stopped.filter(stopped_on__lte=F("due")).count()
    today = sysclock.today()
    # A case is overdue when any of its clocks ran past its due date: still running, or stopped late.
    overdue = (
        Clock.objects.filter(case__in=cases, due__isnull=False)
        .filter(Q(state=Clock.State.RUNNING, due__lt=today) | Q(state=Clock.State.STOPPED, stopped_on__gt=F("due")))
        .values("case").distinct().count()
    )
    return {
        "year": year,
        "total": total,
        "by_item": by_item,
        "by_channel": by_channel,
        "by_outcome": by_outcome,
        "online": online,
        "online_rate": (online / total) if total else None,
        "clocks_stopped": stopped_total,
        "clocks_on_time": on_time,
        "on_time_rate": (on_time / stopped_total) if stopped_total else None,
        "overdue_cases": overdue,
    }

