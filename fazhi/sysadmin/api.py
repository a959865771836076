"""/api/v1/sysadmin: the administrators' console over HTTP. The same access rules as the pages
(fazhi/sysadmin/access.py): anonymous 401, anyone else who may not 403, an account outside the caller's agency tree
404. Every write and every read of the audit trail is audited."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from fazhi.api.api import AUTH
from fazhi.api.errors import Forbidden, NotFound
from fazhi.sysadmin import access, selectors, services
from fazhi.sysadmin.labels import action_label

router = Router(tags=["sysadmin"], auth=AUTH)


class AdminAccountOut(Schema):
    id: int
    username: str
    full_name: str
    agency: str
    agency_name: str
    roles: list[str]
    is_active: bool
    last_login: dt.datetime | None


class AdminAccountIn(Schema):
    username: str
    full_name: str
    agency: str
    password: str


class AdminReasonIn(Schema):
    reason: str = ""


class AdminRolesIn(Schema):
    roles: list[str]


class AdminRolesOut(Schema):
    account: AdminAccountOut
    granted: list[str]
    revoked: list[str]


class AdminAuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    actor_name: str | None
    action: str
    action_label: str
    object_type: str
    object_id: str
    detail: dict
    ip: str | None


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _gate(request, allowed, message):
    if not allowed(request.user):
        raise Forbidden(message)
    return request.user


def _account(request, account_id: int):
    try:
        return access.access_account(request.user, account_id)
    except access.AccountNotFound:
        raise NotFound() from None


def _account_out(u) -> AdminAccountOut:
    return AdminAccountOut(id=u.pk, username=u.username, full_name=u.full_name, agency=u.agency.code if u.agency else "",
                      agency_name=u.agency.name if u.agency else "", roles=list(u.roles or []), is_active=u.is_active,
                      last_login=u.last_login)


def _audit_out(ev) -> AdminAuditEventOut:
    return AdminAuditEventOut(id=ev.pk, at=ev.at, actor=ev.actor.username if ev.actor else None,
                    actor_name=ev.actor.full_name if ev.actor else None, action=ev.action,
                    action_label=action_label(ev.action), object_type=ev.object_type, object_id=ev.object_id,
                    detail=ev.detail or {}, ip=ev.ip)


# ---- accounts --------------------------------------------------------------------------------------------------
@router.get("/accounts", response=list[AdminAccountOut])
def list_accounts(request, q: str = "", agency: str = "", active: str = "", offset: int = 0, limit: int = 100):
    """Staff accounts of the caller's agency tree (system and security administrators)."""
    user = _gate(request, access.can_list_accounts, _("只有系统管理员和安全管理员可以查看账号。"))
    offset, limit = max(offset, 0), min(max(limit, 1), 500)
    qs = selectors.accounts_filtered(user, q=q, agency=agency, active=active)
    return [_account_out(u) for u in qs[offset:offset + limit]]


@router.post("/accounts", response={201: AdminAccountOut})
def create_account(request, payload: AdminAccountIn):
    """Create a staff account with no role (system administrator). Audited."""
    user = _gate(request, access.can_manage_accounts, _("只有系统管理员可以创建账号。"))
    created = services.account_create(actor=user, username=payload.username, full_name=payload.full_name,
                                      agency=payload.agency, password=payload.password, ip=_ip(request))
    return Status(201, _account_out(created))


@router.post("/accounts/{int:account_id}/deactivate", response=AdminAccountOut)
def deactivate_account(request, account_id: int, payload: AdminReasonIn):
    """Deactivate an account (system administrator; a reason is required). Audited."""
    user = _gate(request, access.can_manage_accounts, _("只有系统管理员可以停用账号。"))
    acc = services.account_set_active(actor=user, account=_account(request, account_id), active=False,
                                      reason=payload.reason, ip=_ip(request))
    return _account_out(acc)


@router.post("/accounts/{int:account_id}/reactivate", response=AdminAccountOut)
def reactivate_account(request, account_id: int):
    """Reactivate an account (system administrator). Audited."""
    user = _gate(request, access.can_manage_accounts, _("只有系统管理员可以启用账号。"))
    acc = services.account_set_active(actor=user, account=_account(request, account_id), active=True,
                                      ip=_ip(request))
    return _account_out(acc)


@router.put("/accounts/{int:account_id}/roles", response=AdminRolesOut)
def set_roles(request, account_id: int, payload: AdminRolesIn):
    """Give the account exactly these roles (security administrator). 三员分立 is enforced; each role granted or
    revoked is audited."""
    user = _gate(request, access.can_manage_roles, _("只有安全管理员可以授予或撤销角色。"))
    change = services.roles_set(actor=user, account=_account(request, account_id), roles=payload.roles,
                                ip=_ip(request))
    return AdminRolesOut(account=_account_out(change.account), granted=change.granted, revoked=change.revoked)


# ---- the audit trail -------------------------------------------------------------------------------------------
@router.get("/audit", response=list[AdminAuditEventOut])
def list_audit(request, date_from: str = "", date_to: str = "", actor: str = "", action: str = "", offset: int = 0,
               limit: int = 100):
    """The audit trail, newest first (audit administrator). Reading it is audited."""
    user = _gate(request, access.can_read_audit, _("只有审计管理员可以查阅审计记录。"))
    filters = selectors.AuditFilters.from_query({"date_from": date_from, "date_to": date_to, "actor": actor,
                                                 "action": action})
    qs = selectors.audit_filtered(user, filters)
    offset, limit = max(offset, 0), min(max(limit, 1), 500)
    rows = [_audit_out(ev) for ev in qs[offset:offset + limit]]
    services.audit_view_record(actor=user, filters=filters.as_dict(), ip=_ip(request))
    return rows


@router.get("/audit/export")
def export_audit(request, format: str = "csv", date_from: str = "", date_to: str = "", actor: str = "",
                 action: str = ""):
    """The filtered audit trail as CSV or XLSX (audit administrator). The export is audited."""
    user = _gate(request, access.can_read_audit, _("只有审计管理员可以导出审计记录。"))
    filters = selectors.AuditFilters.from_query({"date_from": date_from, "date_to": date_to, "actor": actor,
                                                 "action": action})
    export = services.audit_export(actor=user, queryset=selectors.audit_filtered(user, filters), fmt=format,
                                   filters=filters.as_dict(), ip=_ip(request))
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(True, export.filename)
    return response
