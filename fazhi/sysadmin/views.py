"""Pages of the administrators' console at /sysadmin/: accounts (system administrator), roles and the security
policy (security administrator), the audit trail, its export and the case events' chain status (audit
administrator). Every page asks fazhi/sysadmin/access.py first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.web import error_messages
from fazhi.sysadmin import access, selectors, services
from fazhi.sysadmin.forms import AccountCreateForm, DeactivateForm, RolesForm
from fazhi.sysadmin.labels import action_label

PAGE_SIZE = 50


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _account_or_404(request, pk: int):
    try:
        return access.access_account(request.user, pk)
    except access.AccountNotFound:
        raise Http404 from None


@require_GET
def index(request):
    denied = access.page_gate(request, access.is_administrator)
    if denied:
        return denied
    return render(request, "sysadmin/index.html", {"kind": access.admin_kind(request.user)})


# ---- accounts (系统管理员) --------------------------------------------------------------------------------------
@require_GET
def accounts(request):
    denied = access.page_gate(request, access.can_manage_accounts)
    if denied:
        return denied
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "agency", "active")}
    page = Paginator(selectors.accounts_filtered(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sysadmin/accounts.html", {
        "page": page, "filters": filters, "agencies": access.managed_agencies(request.user),
        "query": urlencode({k: v for k, v in filters.items() if v}),
    })


@require_http_methods(["GET", "POST"])
def account_new(request):
    denied = access.page_gate(request, access.can_manage_accounts)
    if denied:
        return denied
    agencies = access.managed_agencies(request.user)
    form = AccountCreateForm(request.POST if request.method == "POST" else None, agencies=agencies,
                             initial={"agency": request.user.agency.code})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.account_create(actor=request.user, username=d["username"], full_name=d["full_name"],
                                           agency=d["agency"], password=d["password1"], ip=_ip(request))
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                for key, msgs in e.message_dict.items():
                    form.add_error("password1" if key == "password" else (key if key in form.fields else None), msgs)
            else:
                form.add_error(None, e.messages)
        else:
            messages.success(request, _("已创建账号“%(u)s”。该账号尚无角色，请安全管理员授予。") % {"u": user.username})
            return redirect("sysadmin:account", pk=user.pk)
    return render(request, "sysadmin/account_new.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
def account(request, pk: int):
    denied = access.page_gate(request, access.can_manage_accounts)
    if denied:
        return denied
    acc = _account_or_404(request, pk)
    return render(request, "sysadmin/account.html", {"account": acc, "form": DeactivateForm(),
                                                     "is_self": acc.pk == request.user.pk})


@require_POST
def account_active(request, pk: int):
    denied = access.page_gate(request, access.can_manage_accounts)
    if denied:
        return denied
    acc = _account_or_404(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.account_set_active(actor=request.user, account=acc, active=active,
                                    reason=request.POST.get("reason", ""), ip=_ip(request))
    except ValidationError as e:
        for m in error_messages(e):
            messages.error(request, m)
    else:
        messages.success(request, _("账号已启用。") if active else _("账号已停用。"))
    return redirect("sysadmin:account", pk=acc.pk)


# ---- roles and policy (安全管理员) ------------------------------------------------------------------------------
@require_GET
def roles(request):
    denied = access.page_gate(request, access.can_manage_roles)
    if denied:
        return denied
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "agency", "active")}
    page = Paginator(selectors.accounts_filtered(request.user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sysadmin/roles.html", {
        "page": page, "filters": filters, "agencies": access.managed_agencies(request.user),
        "query": urlencode({k: v for k, v in filters.items() if v}),
    })


@require_http_methods(["GET", "POST"])
def roles_edit(request, pk: int):
    denied = access.page_gate(request, access.can_manage_roles)
    if denied:
        return denied
    acc = _account_or_404(request, pk)
    form = RolesForm(request.POST if request.method == "POST" else None, initial={"roles": acc.roles})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.roles_set(actor=request.user, account=acc, roles=form.cleaned_data["roles"],
                                        ip=_ip(request))
        except ValidationError as e:
            form.add_error(None, error_messages(e))
        else:
            if change.changed:
                messages.success(request, _("已更新“%(u)s”的角色。") % {"u": acc.username})
            else:
                messages.info(request, _("角色没有变化。"))
            return redirect("sysadmin:roles_edit", pk=acc.pk)
    return render(request, "sysadmin/roles_edit.html", {
        "account": acc, "form": form, "choices": selectors.role_choices(),
        "selected": form["roles"].value() or [], "is_self": acc.pk == request.user.pk,
    }, status=400 if form.errors else 200)


@require_GET
def policy(request):
    denied = access.page_gate(request, access.can_view_policy)
    if denied:
        return denied
    return render(request, "sysadmin/policy.html", {"rows": selectors.security_policy(),
                                                    "admins": selectors.admin_counts()})


# ---- the audit trail (审计管理员) -------------------------------------------------------------------------------
@require_GET
def audit(request):
    denied = access.page_gate(request, access.can_read_audit)
    if denied:
        return denied
    filters = selectors.AuditFilters.from_query(request.GET)
    errors: list[str] = []
    try:
        qs = selectors.audit_filtered(request.user, filters)
    except ValidationError as e:
        errors = error_messages(e)
        qs = None
    page = None
    if qs is not None:
        services.audit_view_record(actor=request.user, filters=filters.as_dict(), ip=_ip(request))
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(ev, action_label(ev.action)) for ev in (page or [])]
    query = urlencode(filters.as_dict())
    return render(request, "sysadmin/audit.html", {
        "page": page, "rows": rows, "filters": filters, "errors": errors, "query": query,
        "actions": selectors.known_actions(),
        "csv_url": f"{reverse('sysadmin:audit_export')}?{urlencode({**filters.as_dict(), 'format': 'csv'})}",
        "xlsx_url": f"{reverse('sysadmin:audit_export')}?{urlencode({**filters.as_dict(), 'format': 'xlsx'})}",
    }, status=400 if errors else 200)


@require_GET
def audit_export(request):
    denied = access.page_gate(request, access.can_read_audit)
    if denied:
        return denied
    filters = selectors.AuditFilters.from_query(request.GET)
    try:
        qs = selectors.audit_filtered(request.user, filters)
        export = services.audit_export(actor=request.user, queryset=qs, fmt=request.GET.get("format", "csv"),
                                       filters=filters.as_dict(), ip=_ip(request))
    except ValidationError as e:
        return HttpResponse(_("；").join(error_messages(e)), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    return response


@require_http_methods(["GET", "POST"])
def chains(request):
    denied = access.page_gate(request, access.can_read_audit)
    if denied:
        return denied
    report = None
    if request.method == "POST":
        report = services.chain_verify(actor=request.user, ip=_ip(request))
    return render(request, "sysadmin/chains.html", {"report": report})
