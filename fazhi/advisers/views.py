"""Pages of the legal adviser system (staff only): the advisers with the year's consultations, response times,
overdue ones and statistics; one adviser (edit, contract); one consultation (answer, documents); downloads."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.advisers import selectors, services
from fazhi.advisers.access import AdviserNotFound, may_answer, may_manage
from fazhi.advisers.models import Adviser, Attachment, Consultation
from fazhi.core import clock as sysclock
from fazhi.core.web import error_messages, staff_gate


def _year(request) -> int:
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else sysclock.today().year


def _adviser_fields(post) -> dict:
    return {k: post.get(k, "") for k in ("name", "firm", "term_from", "term_to", "kind", "licence_number", "phone",
                                         "response_workdays", "contract_number", "note")} | {
        "active": post.get("active") == "1"}


@require_http_methods(["GET", "POST"])
def index(request):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    errors: list[str] = []
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "adviser":
                if not may_manage(user):
                    raise Http404
                adviser = services.adviser_save(actor=user, **_adviser_fields(request.POST))
                messages.success(request, _("已登记法律顾问：%(name)s") % {"name": adviser.name})
                return redirect("advisers:adviser", adviser_id=adviser.pk)
            with transaction.atomic():  # the question and its documents, or nothing
                c = services.consultation_create(
                    actor=user, adviser_id=request.POST.get("adviser", ""), subject=request.POST.get("subject", ""),
                    kind=request.POST.get("kind", ""), question=request.POST.get("question", ""),
                    asked_on=request.POST.get("asked_on", ""), due_on=request.POST.get("due_on", ""))
                for f in request.FILES.getlist("file"):
                    services.attachment_add(actor=user, consultation_id=c.pk, role=Attachment.Role.QUESTION,
                                            filename=f.name, data=f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1))
        except ValidationError as e:
            errors = error_messages(e)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("已向法律顾问咨询：%(subject)s") % {"subject": c.subject})
            return redirect("advisers:consultation", consultation_id=c.pk)
    year = _year(request)
    kind = request.GET.get("kind", "")
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.consultations_for(user, year=year, kind=kind, overdue=True if overdue else None)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    today = sysclock.today()
    return render(request, "advisers/index.html", {
        "advisers": [selectors.adviser_row(a, today) | {"obj": a} for a in selectors.advisers_for(user)],
        "active_advisers": selectors.advisers_for(user).filter(active=True),
        "page": page, "rows": [selectors.consultation_row(c, today) for c in page],
        "stats": selectors.statistics(user.agency_id, year), "year": year, "kind": kind, "overdue": overdue,
        "kinds": Consultation.Kind.choices, "adviser_kinds": Adviser.Kind.choices, "can_manage": may_manage(user),
        "errors": errors, "form": form, "today": today.isoformat(),
        "years": list(range(today.year, 2009, -1)),
    }, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def adviser(request, adviser_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    try:
        a = selectors.adviser_for(user, adviser_id)
    except AdviserNotFound:
        raise Http404 from None
    errors: list[str] = []
    if request.method == "POST":
        if not may_manage(user):
            raise Http404
        try:
            if request.POST.get("form") == "contract":
                upload = request.FILES.get("contract")
                if upload is None:
                    raise ValidationError({"contract": [_("请选择聘用合同文件。")]})
                services.adviser_contract_upload(actor=user, adviser_id=a.pk, filename=upload.name,
                                                 data=upload.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1))
                messages.success(request, _("聘用合同已上传。"))
            else:
                services.adviser_save(actor=user, adviser_id=a.pk, **_adviser_fields(request.POST))
                messages.success(request, _("已保存。"))
        except ValidationError as e:
            errors = error_messages(e)
        else:
            return redirect("advisers:adviser", adviser_id=a.pk)
    today = sysclock.today()
    return render(request, "advisers/adviser.html", {
        "a": a, "row": selectors.adviser_row(a, today), "can_manage": may_manage(user), "errors": errors,
        "adviser_kinds": Adviser.Kind.choices,
        "rows": [selectors.consultation_row(c, today) for c in selectors.consultations_for(user, adviser_id=a.pk)],
    }, status=400 if errors else 200)


def adviser_contract(request, adviser_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        a = selectors.adviser_for(request.user, adviser_id)
    except AdviserNotFound:
        raise Http404 from None
    if not a.contract:
        raise Http404
    return FileResponse(a.contract.open("rb"), as_attachment=True, filename=a.contract_name or "contract",
                        content_type=a.contract_mime or "application/octet-stream")


@require_http_methods(["GET", "POST"])
def consultation(request, consultation_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    user = request.user
    try:
        c = selectors.consultation_for(user, consultation_id)
    except AdviserNotFound:
        raise Http404 from None
    errors: list[str] = []
    if request.method == "POST":
        if not may_answer(user, c):
            raise Http404
        which = request.POST.get("form")
        try:
            if which == "answer":
                services.consultation_answer(actor=user, consultation_id=c.pk, opinion=request.POST.get("opinion", ""),
                                             answered_on=request.POST.get("answered_on", ""),
                                             adoption=request.POST.get("adoption", ""))
            elif which == "edit":
                services.consultation_update(actor=user, consultation_id=c.pk, subject=request.POST.get("subject"),
                                             question=request.POST.get("question"), kind=request.POST.get("kind"),
                                             due_on=request.POST.get("due_on"))
            else:
                files = request.FILES.getlist("file")
                if not files:
                    raise ValidationError({"file": [_("请选择文件。")]})
                for f in files:
                    services.attachment_add(actor=user, consultation_id=c.pk, role=request.POST.get("role", ""),
                                            filename=f.name, data=f.read(settings.FAZHI_UPLOAD_MAX_BYTES + 1))
        except ValidationError as e:
            errors = error_messages(e)
        else:
            messages.success(request, _("已保存。"))
            return redirect("advisers:consultation", consultation_id=c.pk)
        c = selectors.consultation_for(user, consultation_id)
    return render(request, "advisers/consultation.html", {
        "c": c, "row": selectors.consultation_row(c), "attachments": list(c.attachments.all()),
        "can_answer": may_answer(user, c), "errors": errors, "kinds": Consultation.Kind.choices,
        "roles": Attachment.Role.choices, "today": sysclock.today().isoformat(),
    }, status=400 if errors else 200)


def attachment(request, consultation_id: int, attachment_id: int):
    denied = staff_gate(request)
    if denied:
        return denied
    try:
        c = selectors.consultation_for(request.user, consultation_id)
    except AdviserNotFound:
        raise Http404 from None
    att = c.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise Http404
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name, content_type=att.mime)
