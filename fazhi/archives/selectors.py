"""Reads of the public archive services: the catalogue and guides (time limits read from the process definitions),
the reading room's slots and day, the requests, and the statistics by kind and timeliness."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from fazhi.archives.models import ArchiveRequest, ArchiveService, HalfDay, ReadingRoomSlot
from fazhi.archives.process import CODES, PROCESS_BY_KIND
from fazhi.archives.services import RELEASED_STATES
from fazhi.core import clock as sysclock
from fazhi.process.definition import duration_text, get_definition
from fazhi.process.models import Case, Clock


def services_public() -> QuerySet[ArchiveService]:
    return ArchiveService.objects.filter(published=True).select_related("agency")


def time_limits(service: ArchiveService) -> list[dict]:
    """From the process definition, so the guide cannot drift from the running process."""
    definition = get_definition(PROCESS_BY_KIND[service.kind])
    return [{"name": c.name, "label": str(c.label), "budget": c.budget, "unit": c.unit,
             "text": duration_text(c.budget, c.unit), "legal_basis": c.legal_basis} for c in definition.clocks]


def service_guide(service: ArchiveService) -> dict:
    return {
        "code": service.code, "name": service.name, "kind": service.kind, "kind_label": str(service.get_kind_display()),
        "agency": service.agency.name, "legal_basis": service.legal_basis, "conditions": service.conditions,
        "materials": service.material_list, "fee": service.fee, "fee_basis": service.fee_basis,
        "online": service.online, "onsite": service.onsite, "result": service.result, "contact": service.contact,
        "address": service.address, "office_hours": service.office_hours, "time_limits": time_limits(service),
        "process": PROCESS_BY_KIND[service.kind],
    }


def catalogue() -> dict:
    """档案公共服务事项目录: the archive services, and the licensing items (their guides stay at /guides/)."""
    from fazhi.licensing.selectors import items_public
    from fazhi.licensing.selectors import time_limits as licensing_limits

    services = list(services_public())
    items = list(items_public())
    return {
        "services": [(s, time_limits(s)) for s in services],
        "licensing": [(i, licensing_limits(i)) for i in items],
    }


def slots_available(agency_id: int, *, start: dt.date, days: int = 30) -> list[dict]:
    """The open half-days from ``start`` on, with the seats left."""
    end = start + dt.timedelta(days=days)
    rows = (ReadingRoomSlot.objects.filter(agency_id=agency_id, date__gte=start, date__lte=end)
            .annotate(taken=Count("bookings", filter=~Q(bookings__case__state__in=RELEASED_STATES)))
            .order_by("date", "half_day"))
    return [{"id": s.pk, "date": s.date, "half_day": s.half_day, "half_day_label": str(s.get_half_day_display()),
             "capacity": s.capacity, "taken": s.taken, "left": max(s.capacity - s.taken, 0)} for s in rows]


def _requests() -> QuerySet[ArchiveRequest]:
    return ArchiveRequest.objects.select_related("case", "service", "slot", "case__agency")


def reading_room_day(agency_id: int, day: dt.date) -> dict:
    """今日查档预约: the reading-room bookings of the day by half-day, and the online requests waiting for a step."""
    visits = list(_requests().filter(case__agency_id=agency_id, mode=ArchiveRequest.Mode.ONSITE, visit_date=day)
                  .order_by("half_day", "case__number"))
    slots = {s.half_day: s for s in ReadingRoomSlot.objects.filter(agency_id=agency_id, date=day)}
    halves = []
    for h, label in HalfDay.choices:
        rows = [r for r in visits if r.half_day == h]
        slot = slots.get(h)
        halves.append({"half_day": h, "label": label, "rows": rows, "capacity": slot.capacity if slot else 0,
                       "taken": sum(1 for r in rows if r.case.state not in RELEASED_STATES)})
    waiting = list(_requests().filter(case__agency_id=agency_id, mode=ArchiveRequest.Mode.ONLINE,
                                      case__closed_on__isnull=True).order_by("case__next_due", "case__number"))
    return {"date": day, "halves": halves, "waiting": waiting}


def requests_for(user, *, year: int | None = None, kind: str = "", state: str = "") -> QuerySet[ArchiveRequest]:
    qs = _requests().filter(case__agency_id=user.agency_id).order_by("-case__received_on", "-case_id")
    if year:
        qs = qs.filter(case__received_on__year=year)
    if kind in PROCESS_BY_KIND:
        qs = qs.filter(service__kind=kind)
    if state:
        qs = qs.filter(case__state=state)
    return qs


def requests_of_account(user) -> QuerySet[ArchiveRequest]:
    return _requests().filter(case__applicant=user).order_by("-case__created_at")


def request_detail(req: ArchiveRequest, *, staff: bool) -> dict:
    case = req.case
    out = {
        "id": case.pk, "number": case.number, "service": req.service.name, "kind": req.service.kind,
        "state": case.state, "state_label": str(case.state_label if staff else case.public_state_label),
        "received_on": case.received_on, "purpose": req.purpose, "purpose_label": str(req.get_purpose_display()),
        "purpose_detail": req.purpose_detail, "archives_wanted": req.archives_wanted, "access": req.access,
        "restriction": req.restriction, "mode": req.mode, "visit_date": req.visit_date, "half_day": req.half_day,
        "answer": req.answer, "served_on": req.served_on, "next_due": case.next_due,
        "files": [{"id": f.pk, "name": f.original_name, "size": f.size,
                   "url": f"/archives/requests/{case.pk}/files/{f.pk}/"} for f in req.files.all()],
        "documents": [{"id": d.pk, "kind": d.kind, "title": d.title, "number": d.number,
                       "url": f"/cases/{case.pk}/documents/{d.pk}/"} for d in case.documents.all()],
        "party_name": case.party_name, "id_type": req.id_type,
    }
    if staff:
        out["id_number"] = req.id_number
    return out


def _overdue_q(today: dt.date) -> Q:
    return Q(state=Clock.State.RUNNING, due__lt=today) | Q(state=Clock.State.STOPPED, stopped_on__gt=F("due"))


def statistics(agency_id: int, year: int) -> dict:
    """The year's requests (received in ``year``) by service kind: total, served, refused, withdrawn, missed, open;
    timeliness: a request is overdue when any of its clocks ran past its due date (still running, or stopped late);
    on time when it is closed and none did."""
    today = sysclock.today()
    cases = Case.objects.filter(kind__in=CODES, agency_id=agency_id, received_on__year=year)
    overdue_ids = set(Clock.objects.filter(case__in=cases, due__isnull=False).filter(_overdue_q(today))
                      .values_list("case_id", flat=True).distinct())
    rows = list(cases.values("id", "kind", "state", "closed_on"))
    kinds = []
    labels = dict(ArchiveService.Kind.choices)
    for kind, code in PROCESS_BY_KIND.items():
        mine = [r for r in rows if r["kind"] == code]
        by_state: dict[str, int] = {}
        for r in mine:
            by_state[r["state"]] = by_state.get(r["state"], 0) + 1
        overdue = sum(1 for r in mine if r["id"] in overdue_ids)
        on_time = sum(1 for r in mine if r["closed_on"] is not None and r["id"] not in overdue_ids)
        closed = sum(1 for r in mine if r["closed_on"] is not None)
        kinds.append({
            "kind": kind, "label": str(labels[kind]), "total": len(mine), "by_state": by_state,
            "served": by_state.get("served", 0), "refused": by_state.get("refused", 0),
            "withdrawn": by_state.get("withdrawn", 0), "missed": by_state.get("missed", 0),
            "open": len(mine) - closed, "closed": closed, "on_time": on_time, "overdue": overdue,
            "on_time_rate": (on_time / closed) if closed else None,
        })
    reqs = ArchiveRequest.objects.filter(case__in=cases)
    by_purpose = {r["purpose"]: r["n"] for r in reqs.values("purpose").annotate(n=Count("id"))}
    by_mode = {r["mode"]: r["n"] for r in reqs.values("mode").annotate(n=Count("id"))}
    restricted = reqs.filter(access=ArchiveRequest.Access.RESTRICTED).count()
    return {
        "year": year, "total": len(rows), "kinds": kinds,
        "on_time": sum(k["on_time"] for k in kinds), "overdue": sum(k["overdue"] for k in kinds),
        "by_purpose": by_purpose,
        "by_purpose_labels": {k: str(v) for k, v in ArchiveRequest.Purpose.choices},
        "by_mode": by_mode, "restricted": restricted,
        "note": _("时限为本机关服务承诺（工作日）；任一计时超过到期日即计为超期。"),
    }
