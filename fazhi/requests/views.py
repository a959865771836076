"""Pages of the intake: the kinds of request, the public form (logged in, or anonymous for reports), the receipt
with the tracking number and code, and the staff register of letters, visits and calls."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fazhi.core import clock as sysclock
from fazhi.core.models import User
from fazhi.core.web import error_messages, staff_gate
from fazhi.process.models import Case
from fazhi.requests import selectors, services
from fazhi.requests.kinds import all_kinds, get_kind
from fazhi.requests.models import PublicRequest


def index(request):
    return render(request, "requests/index.html", {"kinds": all_kinds()})


def _fields_from_post(spec, post) -> dict:
    out = {}
    for f in spec.fields:
        values = post.getlist(f"f_{f.name}")
        if values:
            out[f.name] = values if (f.kind == "list" and len(values) > 1) else values[0]
    return out


def _party_from_post(post) -> dict:
    return {k: post.get(f"party_{k}", "") for k in ("kind", "name", "id_number", "phone", "address")}


@require_http_methods(["GET", "POST"])
def new(request, kind: str):
    spec = get_kind(kind)
    if spec is None:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.kind == User.Kind.STAFF:
        return staff_new(request, kind)
    errors: list[str] = []
    values: dict = {}
    if request.method == "POST":
        values = request.POST
        anonymous = spec.allow_anonymous and request.POST.get("anonymous") == "1"
        try:
            case, code = services.request_submit(
                kind=kind, actor=None if anonymous else user, agency=selectors.addressed_agency("", None),
                fields=_fields_from_post(spec, request.POST), party=_party_from_post(request.POST),
                anonymous=anonymous)
        except ValidationError as e:
            errors = error_messages(e)
        else:
            return render(request, "requests/receipt.html", {"case": case, "code": code, "spec": spec})
    fields = [f for f in spec.fields if f.name not in spec.staff_only_fields]
    return render(request, "requests/new.html", {"spec": spec, "fields": fields, "errors": errors, "values": values,
                                                 "fvalues": _fields_from_post(spec, values) if values else {},
                                                 "needs_login": user is None and not spec.allow_anonymous},
                  status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def staff_new(request, kind: str):
    denied = staff_gate(request)
    if denied:
        return denied
    spec = get_kind(kind)
    if spec is None:
        raise Http404
    errors: list[str] = []
    values: dict = {}
    if request.method == "POST":
        values = request.POST
        try:
            received = dt.date.fromisoformat(request.POST.get("received_on", "")) if request.POST.get(
                "received_on") else None
        except ValueError:
            received = None
            errors = [str(_date_error())]
        if not errors:
            anonymous = spec.allow_anonymous and request.POST.get("anonymous") == "1"
            try:
                case, code = services.request_submit(
                    kind=kind, actor=request.user, agency=request.user.agency,
                    fields=_fields_from_post(spec, request.POST), party=_party_from_post(request.POST),
                    anonymous=anonymous, channel=request.POST.get("channel", ""), received_on=received)
            except ValidationError as e:
                errors = error_messages(e)
            except PermissionDenied:
                raise Http404 from None
            else:
                return render(request, "requests/receipt.html", {"case": case, "code": code, "spec": spec,
                                                                 "staff": True})
    return render(request, "requests/new.html", {
        "spec": spec, "fields": list(spec.fields), "errors": errors, "values": values, "staff": True,
        "fvalues": _fields_from_post(spec, values) if values else {},
        "channels": [(c, Case.Channel(c).label) for c in services.STAFF_CHANNELS],
        "today": sysclock.today().isoformat()}, status=400 if errors else 200)


def _date_error():
    from django.utils.translation import gettext as _

    return _("收到日期格式应为YYYY-MM-DD。")


def staff(request):
    denied = staff_gate(request)
    if denied:
        return denied
    kind = request.GET.get("kind", "")
    qs = (PublicRequest.objects.filter(case__agency_id=request.user.agency_id).select_related("case")
          .order_by("-case__received_on", "-id"))
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "requests/staff.html", {"page": page, "kinds": all_kinds(), "kind": kind})
