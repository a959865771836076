"""Who may do what in the administrators' console. Every page and endpoint of fazhi/sysadmin asks here.

三员分立 (GB/T 22239-2019 (等保2.0) level 3, §8.1.5 安全管理中心): the system administrator (系统管理员, §8.1.5.1
系统管理) manages accounts; the security administrator (安全管理员, §8.1.5.3 安全管理) grants and revokes roles and
looks after the security policy; the audit administrator (审计管理员, §8.1.5.2 审计管理) reads and exports the audit
trail and does nothing else. None can do another's work (§8.1.4.2 c): 权限分离, 最小权限). Each works on the accounts
of their own agency and its subordinate agencies. Business staff, public accounts and an administrator of another
kind get the same 404 on a page as on a page that does not exist (403 on the API); anonymous visitors go to the
login page (401 on the API).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.core.models import Agency, AuditEvent, Role, User

SYSTEM = Role.SYSTEM_ADMIN.value
SECURITY = Role.SECURITY_ADMIN.value
AUDIT = Role.AUDIT_ADMIN.value


class NotAllowed(Exception):
    """The caller may not use this part of the console (a page answers 404, the API 403)."""


class AccountNotFound(Http404):
    """No such account, or not one the caller manages: both answer 404."""


def admin_kind(user) -> str | None:
    """The administrator role an active staff account holds alone, or None. An account holding an administrator role
    together with anything else (which ``User.clean`` refuses) is no administrator here."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.kind != User.Kind.STAFF or user.agency_id is None:
        return None
    roles = list(user.roles or [])
    if len(roles) == 1 and roles[0] in (SYSTEM, SECURITY, AUDIT):
        return roles[0]
    return None


def is_administrator(user) -> bool:
    return admin_kind(user) is not None


# ---- what each administrator does ------------------------------------------------------------------------------
def can_manage_accounts(user) -> bool:
    """Create staff accounts, deactivate and reactivate them: the system administrator only."""
    return admin_kind(user) == SYSTEM


def can_manage_roles(user) -> bool:
    """Grant and revoke business and administrator roles: the security administrator only."""
    return admin_kind(user) == SECURITY


def can_view_policy(user) -> bool:
    """See the security policy settings: the security administrator only."""
    return admin_kind(user) == SECURITY


def can_list_accounts(user) -> bool:
    """See the list of accounts (with their roles): the system and the security administrator, who both work on it."""
    return admin_kind(user) in (SYSTEM, SECURITY)


def can_read_audit(user) -> bool:
    """Read, filter and export the audit trail and the case events' chain status: the audit administrator only."""
    return admin_kind(user) == AUDIT


# ---- what they see ---------------------------------------------------------------------------------------------
def managed_agency_ids(user) -> list[int]:
    """The administrator's own agency and its subordinate agencies."""
    if not is_administrator(user):
        return []
    return user.agency.descendants_and_self_ids()


def managed_agencies(user) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=managed_agency_ids(user)).order_by("id")


def accounts_visible(user) -> QuerySet[User]:
    """Staff accounts of the administrator's agency tree (never public accounts)."""
    if not can_list_accounts(user):
        return User.objects.none()
    return User.objects.filter(kind=User.Kind.STAFF, agency_id__in=managed_agency_ids(user)).select_related("agency")


def access_account(user, account_id) -> User:
    """One staff account of the caller's agency tree, for the system or security administrator. Missing and
    not-yours raise the same AccountNotFound."""
    try:
        pk = int(account_id)
    except (TypeError, ValueError):
        raise AccountNotFound from None
    account = accounts_visible(user).filter(pk=pk).first()
    if account is None:
        raise AccountNotFound
    return account


def audit_events_visible(user) -> QuerySet[AuditEvent]:
    """The audit trail as the audit administrator sees it: events of actors of their agency tree, and events without
    an actor (failed logins, commands run on the server)."""
    if not can_read_audit(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(Q(actor__isnull=True) | Q(actor__agency_id__in=managed_agency_ids(user)))


# ---- gates -----------------------------------------------------------------------------------------------------
def page_gate(request, allowed) -> object | None:
    """Pages: anonymous visitors go to the login page; anyone ``allowed(user)`` refuses gets a 404. Returns a redirect
    to send, or None to go on."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.get_full_path()}")
    if not allowed(request.user):
        raise Http404
    return None


def require(user, allowed) -> None:
    if not allowed(user):
        raise NotAllowed
