"""Pages of the public archive services.

Public: the catalogue 档案公共服务事项目录 (/archives/services/: the archive services, and the licensing items whose guides
stay at /guides/), each service's guide (time limits and flowchart read from its process definition), and the
booking form (a logged-in public account). The requester then follows the request in "my cases" (/my/) and on the
generic case page (with this app's panel: the answer and the result files), or anonymously on /track/.

Staff: the reading room's day 今日查档预约 (/archives/reading-room/?date=) with its confirm / attended / no-show /
serve actions and the opening of slots, the list of requests, the serve form (answer and copies), and the year's
statistics by kind and timeliness. Views are thin: parse, authorize through access.py, call one service, render."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.archives import selectors, services
from fazhi.archives.access import RequestNotFound, access_request, access_request_staff, access_result_file
from fazhi.archives.models import ArchiveRequest, ArchiveService, HalfDay
from fazhi.archives.process import CODES, CONSULTATION, PROCESS_BY_KIND
from fazhi.core import clock as sysclock
from fazhi.core.access import is_business_staff
from fazhi.core.models import User
from fazhi.core.web import error_messages, staff_gate
from fazhi.process.definition import get_definition
from fazhi.process.flowchart import flowchart_svg
from fazhi.process.services import TransitionNotAllowed, case_fire, transitions_for

# Steps the reading-room page offers as one-click buttons (the others, with fields, are on the case page).
QUICK_STEPS = ("confirm", "attend", "no_show")


def _year(request) -> int:
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else sysclock.today().year


def _date(request) -> dt.date:
    try:
        return dt.date.fromisoformat((request.GET.get("date") or "").strip())
    except ValueError:
        return sysclock.today()


# ---- public -----------------------------------------------------------------------------------------------------
def services_index(request):
    return render(request, "archives/services.html", selectors.catalogue())


def _service(code: str) -> ArchiveService:
    service = selectors.services_public().filter(code=code).first()
    if service is None:
        raise Http404
    return service


def service_detail(request, code: str):
    service = _service(code)
    return render(request, "archives/service.html", {
        "service": service, "guide": selectors.service_guide(service),
        "flowchart": mark_safe(flowchart_svg(PROCESS_BY_KIND[service.kind])),  # noqa: S308 - graphviz output of our own definition
    })


@require_http_methods(["GET", "POST"])
def book(request, code: str):
    service = _service(code)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.get_full_path()}")
    if request.user.kind == User.Kind.STAFF:
        raise Http404
    errors: dict = {}
    names = ("id_type", "id_number", "purpose", "purpose_detail", "archives_wanted", "access", "restriction", "mode",
             "slot")
    values = {n: request.POST.get(n, "") for n in names} if request.method == "POST" else {
        "id_type": "resident" if request.user.kind == User.Kind.PERSON else "",
        "id_number": request.user.id_number if request.user.kind == User.Kind.PERSON else "",
        "access": "open", "mode": "online"}
    if request.method == "POST":
        visit_date, half_day = "", ""
        if values["mode"] == "onsite":
            visit_date, _sep, half_day = values["slot"].partition("|")
        try:
            case, code_ = services.booking_submit(
                service=service, actor=request.user, id_type=values["id_type"], id_number=values["id_number"],
                purpose=values["purpose"], purpose_detail=values["purpose_detail"],
                archives_wanted=values["archives_wanted"], access=values["access"] or "open",
                restriction=values["restriction"], mode=values["mode"], visit_date=visit_date, half_day=half_day)
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {"__all__": e.messages}
        else:
            # The receipt page of the portal shows the number and, once, the verification code.
            request.session["new_case_code"] = {"id": case.pk, "code": code_}
            return redirect("portal:receipt", case_id=case.pk)
    slots = []
    if service.kind == ArchiveService.Kind.CONSULTATION and service.onsite:
        slots = [s for s in selectors.slots_available(service.agency_id, start=sysclock.today(), days=30) if s["left"]]
    return render(request, "archives/book.html", {
        "service": service, "errors": errors, "values": values, "slots": slots,
        "id_types": ArchiveRequest.IdType.choices, "purposes": ArchiveRequest.Purpose.choices,
        "accesses": ArchiveRequest.Access.choices, "restrictions": ArchiveRequest.Restriction.choices,
        "modes": ArchiveRequest.Mode.choices if service.kind == ArchiveService.Kind.CONSULTATION else
        [(ArchiveRequest.Mode.ONLINE, _("网上办理"))],
        "limits": selectors.time_limits(service),
    }, status=400 if errors else 200)


def result_file(request, case_id: int, file_id: int):
    """A result file: its owner (and the staff of the agency) only; anyone else gets the same 404."""
    try:
        row = access_result_file(request.user, case_id, file_id)
    except RequestNotFound:
        raise Http404 from None
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.original_name, content_type=row.mime)


def panel_context(case, user) -> dict | None:
    """What the generic case page shows of an archive request: to its owner and to the agency's staff."""
    try:
        req = access_request(user, case.pk)
    except RequestNotFound:
        return None
    staff = is_business_staff(user)
    return {"req": req, "files": list(req.files.all()), "staff": staff,
            "can_serve": staff and any(t.name == "serve" for t in transitions_for(user, case))}


# ---- staff --------------------------------------------------------------------------------------------------------
def reading_room(request):
    denied = staff_gate(request)
    if denied:
        return denied
    day = _date(request)
    data = selectors.reading_room_day(request.user.agency_id, day)
    steps = {}
    for half in data["halves"]:
        for r in half["rows"]:
            steps[r.case_id] = [t for t in transitions_for(request.user, r.case) if t.name in (*QUICK_STEPS, "serve")]
    for r in data["waiting"]:
        steps[r.case_id] = [t for t in transitions_for(request.user, r.case) if t.name in (*QUICK_STEPS, "serve")]
    return render(request, "archives/reading_room.html", {
        **data, "steps": steps, "prev": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "half_days": HalfDay.choices, "today": sysclock.today()})


@require_POST
def act(request, case_id: int):
    """A one-click step of the reading room (confirm, attended, no-show); back to the page it came from."""
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        req = access_request_staff(request.user, case_id)
    except RequestNotFound:
        raise Http404 from None
    name = request.POST.get("transition", "")
    if name not in QUICK_STEPS:
        raise Http404
    try:
        case_fire(case_id=req.case_id, transition=name, actor=request.user)
    except TransitionNotAllowed as e:
        messages.error(request, str(e))
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    else:
        messages.success(request, _("操作已完成。"))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("archives:reading_room")
    return redirect(back)


@require_http_methods(["GET", "POST"])
def serve(request, case_id: int):
    """Record the result: the answer and the copies (or the content of a proof)."""
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        req = access_request_staff(request.user, case_id)
    except RequestNotFound:
        raise Http404 from None
    errors: list[str] = []
    answer = ""
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        uploads = [services.Upload(f.name, f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1))
                   for f in request.FILES.getlist("files")]
        try:
            services.request_serve(case_id=req.case_id, actor=request.user, answer=answer, uploads=uploads)
        except TransitionNotAllowed as e:
            errors = [str(e)]
        except ValidationError as e:
            errors = error_messages(e)
        else:
            messages.success(request, _("操作已完成。"))
            return redirect("portal:case", case_id=req.case_id)
    return render(request, "archives/serve.html", {"req": req, "case": req.case, "errors": errors, "answer": answer},
                  status=400 if errors else 200)


@require_POST
def slots_open(request):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        start = dt.date.fromisoformat(request.POST.get("start", ""))
        end = dt.date.fromisoformat(request.POST.get("end", ""))
        capacity = int(request.POST.get("capacity", ""))
    except ValueError:
        messages.error(request, _("请填写开始日期、结束日期和每个时段可预约人数。"))
        return redirect("archives:reading_room")
    try:
        n = services.slots_open(actor=request.user, agency=request.user.agency, start=start, end=end,
                                capacity=capacity, half_days=tuple(request.POST.getlist("half_days")))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    else:
        messages.success(request, _("已开放或调整%(n)s个预约时段。") % {"n": n})
    return redirect(f"{reverse('archives:reading_room')}?date={start.isoformat()}")


def requests_list(request):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(request)
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    page = Paginator(selectors.requests_for(request.user, year=year, kind=kind, state=state), 30).get_page(
        request.GET.get("page"))
    states = {}
    for code in CODES:
        for s in get_definition(code).states:
            states.setdefault(s.name, s.label)
    return render(request, "archives/requests.html", {
        "page": page, "year": year, "kind": kind, "state": state, "kinds": ArchiveService.Kind.choices,
        "states": list(states.items()), "years": list(range(sysclock.today().year, 2009, -1))})


def statistics_page(request):
    denied = staff_gate(request)
    if denied:
        return denied
    year = _year(request)
    return render(request, "archives/statistics.html", {
        "stats": selectors.statistics(request.user.agency_id, year), "year": year,
        "years": list(range(sysclock.today().year, 2009, -1)), "consultation": CONSULTATION})
