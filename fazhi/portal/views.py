"""The web pages: the public portal (guides, applying, tracking, publicity) and the staff desk (inbox,
case page, counter intake, statistics). Views are thin: parse, authorize through the access layer, call
one service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core import clock as sysclock
from fazhi.core.masking import mask_name, mask_party
from fazhi.core.models import Role, User
from fazhi.core.services import audit_record
from fazhi.core.web import error_messages, staff_gate
from fazhi.licensing.models import Item
from fazhi.licensing.selectors import (
    REMEDIES,
    item_guide,
    items_public,
    licensing_statistics,
    published_decisions,
    published_decisions_count,
)
from fazhi.licensing.services import Upload, application_resubmit, application_submit
from fazhi.portal.forms import CounterPartyForm, RegisterForm, TrackForm
from fazhi.process.access import CaseNotFound, access_case_by_id, access_case_by_tracking
from fazhi.process.flowchart import flowchart_svg
from fazhi.process.models import Case, Clock, ClockExtension
from fazhi.process.panels import panels_for
from fazhi.process.selectors import due_warning, event_shown, masked_case_ids, party_view
from fazhi.process.selectors import inbox as inbox_selector
from fazhi.process.services import TransitionNotAllowed, case_fire, clock_explain, transitions_for

TRACK_SESSION_KEY = "tracked_cases"




def _uploads_from_request(request, item: Item) -> list[Upload]:
    out = []
    for m in item.materials.all():
        for f in request.FILES.getlist(f"material_{m.code}"):
            # Never more than the limit + 1 byte in memory: the sniffer then reports the file as too large.
            out.append(Upload(material=m.code, filename=f.name, content=f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1)))
    return out


# ---- public pages ------------------------------------------------------------------------------------
def home(request):
    return render(request, "portal/home.html", {"items": items_public()})


def guides(request):
    return render(request, "portal/guides.html", {"items": items_public()})


def guide(request, code: str):
    item = items_public().filter(code=code).first()
    if item is None:
        raise Http404
    return render(request, "portal/guide.html", {
        "item": item, "guide": item_guide(item), "flowchart": mark_safe(flowchart_svg(item.process_code)),  # noqa: S308 - SVG made by graphviz from our own definition
    })


@require_http_methods(["GET", "POST"])
def apply(request, code: str):
    item = items_public().filter(code=code).first()
    if item is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.get_full_path()}")
    if request.user.kind == User.Kind.STAFF:
        messages.info(request, _("工作人员请通过“窗口收件”登记纸质申请。"))
        return redirect("portal:counter_intake")
    errors: dict = {}
    values: dict = {}
    if request.method == "POST":
        values = {f["name"]: request.POST.get(f["name"], "") for f in item.form_fields}
        try:
            case, code_ = application_submit(item=item, actor=request.user, fields=values,
                                             uploads=_uploads_from_request(request, item), channel="online")
        except ValidationError as e:
            errors = e.message_dict if hasattr(e, "error_dict") else {"__all__": e.messages}
        else:
            request.session["new_case_code"] = {"id": case.pk, "code": code_}
            return redirect("portal:receipt", case_id=case.pk)
    return render(request, "portal/apply.html", {"item": item, "errors": errors, "values": values},
                  status=400 if errors else 200)


@login_required
def receipt(request, case_id: int):
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise Http404 from None
    shown = request.session.pop("new_case_code", None)
    code = shown["code"] if shown and shown.get("id") == case.pk else None
    return render(request, "portal/receipt.html", {"case": case, "code": code})


@login_required
def my_cases(request):
    if request.user.kind == User.Kind.STAFF:
        return redirect("portal:inbox")
    cases = Case.objects.filter(applicant=request.user).order_by("-created_at")
    page = Paginator(cases, 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_cases.html", {"page": page})


@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    case = None
    if request.method == "POST" and form.is_valid():
        try:
            case = access_case_by_tracking(form.cleaned_data["number"], form.cleaned_data["code"])
        except CaseNotFound:
            form.add_error(None, _("办件编号或查询码不正确。"))
        else:
            tracked = set(request.session.get(TRACK_SESSION_KEY, []))
            tracked.add(case.pk)
            request.session[TRACK_SESSION_KEY] = sorted(tracked)
    ctx = {"form": form, "case": case}
    if case is not None:
        ctx.update(_public_case_context(case))
    return render(request, "portal/track.html", ctx, status=400 if form.errors else 200)


def _public_case_context(case: Case) -> dict:
    clocks = [c for c in case.clocks.all()]
    return {
        "clocks": [(c, due_warning(c.due, paused=c.state == Clock.State.PAUSED)) for c in clocks
                   if c.state != Clock.State.STOPPED],
        "events": [e for e in case.events.all() if e.public],
        "documents": list(case.documents.all()),
    }


def track_document(request, case_id: int, doc_id: int):
    if case_id not in request.session.get(TRACK_SESSION_KEY, []):
        raise Http404
    case = Case.objects.filter(pk=case_id).first()
    doc = case.documents.filter(pk=doc_id).first() if case else None
    if doc is None:
        raise Http404
    return _docx_response(doc)


def _docx_response(doc):
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.filename,
                        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def publicity(request):
    rows = []
    paginator = Paginator(published_decisions(), 30)
    paginator.count = published_decisions_count()  # the cached_property, from the index (licensing/selectors.py)
    page = paginator.get_page(request.GET.get("page"))
    for app in page:
        case = app.case
        rows.append({
            "pk": case.pk, "number": case.number, "item": app.item.name, "agency": case.agency.name,
            "party": mask_party(case.party_name, case.party_kind == Case.PartyKind.PERSON),
            "decision": _("准予许可") if app.decision == "grant" else _("不予许可"),
            "decided_on": case.decided_on, "scope": app.licence_scope if app.decision == "grant" else "",
        })
    return render(request, "portal/publicity.html", {"rows": rows, "page": page})


@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            user = User(username=d["username"], kind=d["kind"], full_name=d["full_name"], phone=d.get("phone") or "")
            if d["kind"] == "person":
                user.id_number = d["id_number"]
            else:
                user.uscc = d["id_number"]
            user.set_password(d["password1"])
            user.full_clean()
            user.save()
            audit_record(actor=user, action="account.register", object_type="user", object_id=user.pk)
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("注册成功。"))
        return redirect("portal:home")
    return render(request, "portal/register.html", {"form": form}, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        from fazhi.security.login import default_url

        return self.get_redirect_url() or default_url(self.request.user)


# ---- the case page (applicant and staff) ----------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def case_page(request, case_id: int):
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise Http404 from None
    user = request.user
    errors: dict = {}
    if request.method == "POST":
        name = request.POST.get("transition", "")
        data = {}
        for k in request.POST:
            if k.startswith("tf_"):
                values = request.POST.getlist(k)  # checkboxes of a list field send several values
                data[k[3:]] = values if len(values) > 1 else values[0]
        comment = request.POST.get("comment", "")
        try:
            if name == "resubmit" and case.kind == "licensing":
                application_resubmit(case=case, actor=user,
                                     uploads=_uploads_from_request(request, case.licensing.item), comment=comment)
            else:
                case_fire(case_id=case.pk, transition=name, actor=user, comment=comment, data=data)
        except TransitionNotAllowed as e:
            messages.error(request, str(e))
            return redirect("portal:case", case_id=case.pk)
        except ValidationError as e:
            errors = {"transition": name, "messages": error_messages(e), "values": data, "comment": comment}
        else:
            messages.success(request, _("操作已完成。"))
            return redirect("portal:case", case_id=case.pk)
        case.refresh_from_db()
    is_staff = user.kind == User.Kind.STAFF
    # The template names each extension's approver: fetched with the extensions, not one query each.
    clocks = list(case.clocks.prefetch_related(
        "pauses", Prefetch("extensions", queryset=ClockExtension.objects.select_related("approver"))).all())
    explained = []
    for c in clocks:
        explained.append({
            "clock": c,
            "warning": due_warning(c.due, paused=c.state == Clock.State.PAUSED) if c.state != Clock.State.STOPPED else None,
            "deadline": clock_explain(c),
        })
    # 举报人信息保密: a confidential requester is shown masked to everyone but the designated officers (and the
    # requester's own account); so is the requester's own account in the timeline (fazhi.process.selectors).
    party = party_view(user, case)
    events = list(case.events.select_related("actor").all())
    if party["masked"]:
        for e in events:  # shown only, never saved (events are append-only)
            e.actor_label, e.comment = event_shown(e, case, visible=False)
    ctx = {
        "case": case,
        "party": party,
        "is_staff": is_staff,
        "clocks": explained,
        "events": events,
        "documents": list(case.documents.all()),
        "materials": list(case.licensing.files.select_related("material").all()) if case.kind == "licensing" else [],
        "item": case.licensing.item if case.kind == "licensing" else None,
        "transitions": transitions_for(user, case),
        "field_options": case.definition.field_options(case) if (is_staff and case.definition.field_options) else {},
        "errors": errors,
        "flowchart": mark_safe(flowchart_svg(case.kind, case.state)) if is_staff else "",  # noqa: S308 - our own graphviz output
        "remedies": REMEDIES,
    }
    # Each area's panel (fazhi/process/panels.py): its template and the context it reads.
    ctx["panels"], panel_context = panels_for(case, user, is_staff=is_staff)
    ctx.update(panel_context)
    return render(request, "portal/case.html", ctx, status=400 if errors else 200)


@login_required
def case_document(request, case_id: int, doc_id: int):
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise Http404 from None
    doc = case.documents.filter(pk=doc_id).first()
    if doc is None:
        raise Http404
    return _docx_response(doc)


@login_required
def case_material(request, case_id: int, file_id: int):
    try:
        case = access_case_by_id(request.user, case_id)
    except CaseNotFound:
        raise Http404 from None
    if case.kind != "licensing":
        raise Http404
    f = case.licensing.files.filter(pk=file_id).first()
    if f is None:
        raise Http404
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.original_name, content_type=f.mime)


# ---- staff desk --------------------------------------------------------------------------------------
def inbox(request):
    denied = staff_gate(request)
    if denied:
        return denied
    page = Paginator(inbox_selector(request.user), 50).get_page(request.GET.get("page"))
    today = sysclock.today()
    # The requester of a confidential request is masked unless the officer is designated for it (one query).
    hidden = masked_case_ids(request.user, [c.pk for c in page])
    rows = [(c, due_warning(c.next_due, today=today), mask_name(c.party_name) if c.pk in hidden else c.party_name)
            for c in page]
    # 持证上岗: certificates of the agency expiring within 90 days, or expired (fazhi/officers).
    from fazhi.officers.services import expiring

    certificates = [(o, (o.valid_until - today).days) for o in expiring(request.user.agency, today)[:20]]
    # 主动公开: items made or changed and not (re)published within 20 working days (条例第二十六条; fazhi/openinfo).
    from fazhi.openinfo.selectors import overdue_items

    openinfo_overdue = overdue_items(today, agency_id=request.user.agency_id)[:20]
    return render(request, "portal/inbox.html", {"page": page, "rows": rows, "today": today,
                                                 "certificates": certificates, "openinfo_overdue": openinfo_overdue})


@require_http_methods(["GET", "POST"])
def counter_intake(request):
    denied = staff_gate(request)
    if denied:
        return denied
    if not request.user.has_role(Role.INTAKE_CLERK):
        raise Http404
    items = list(items_public().filter(agency_id=request.user.agency_id))
    # The item is chosen first (GET ?item=code), so its own fields and materials are shown: no script needed.
    wanted = request.POST.get("item") or request.GET.get("item")
    selected = next((i for i in items if i.code == wanted), items[0] if items else None)
    form = CounterPartyForm(request.POST or None, items=items, initial={"item": selected.code if selected else None})
    errors: list[str] = []
    values = {}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        item = next(i for i in items if i.code == d["item"])
        values = {f["name"]: request.POST.get(f"field_{f['name']}", "") for f in item.form_fields}
        try:
            case, code = application_submit(
                item=item, actor=request.user, fields=values, uploads=_uploads_from_request(request, item),
                channel=d["channel"], received_on=d["received_on"],
                party={"kind": d["party_kind"], "name": d["party_name"], "id_number": d["party_id_number"],
                       "phone": d["party_phone"], "address": d["party_address"]},
            )
        except ValidationError as e:
            errors = error_messages(e)
        else:
            messages.success(request, _("已登记收件，办件编号 %(number)s，查询码 %(code)s（请告知申请人）。") % {
                "number": case.number, "code": code})
            return redirect("portal:case", case_id=case.pk)
    status = 400 if (errors or form.errors) else 200
    return render(request, "portal/counter_intake.html",
                  {"form": form, "items": items, "selected": selected, "errors": errors, "values": values},
                  status=status)


def statistics(request):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        year = int(request.GET.get("year") or sysclock.today().year)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year = sysclock.today().year
        messages.error(request, _("年份无效，已显示本年度。"))
    stats = licensing_statistics(agency_id=request.user.agency_id, year=year)
    return render(request, "portal/statistics.html", {"stats": stats, "year": year,
                                                      "years": range(sysclock.today().year, 2015, -1)})


@require_POST
def logout(request):
    from django.contrib.auth import logout as auth_logout

    auth_logout(request)
    return redirect("portal:home")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


