"""Who may use the security pages.

三员分立 (GB/T 22239-2019 §8.1.4.2 d) 授予管理用户所需的最小权限，实现管理用户的权限分离; §8.1.5.3 安全管理:
security operations only by the authenticated security administrator, through its own pages, audited): only the security administrator sees the locked accounts, unlocks
them and resets another user's TOTP device. The system and audit administrators and the business staff do
not; for them these pages answer like a missing page (404). Every user manages their own password and
(staff) their own device from the 账户安全 page.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.core.models import Role, User


def is_security_admin(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.kind == User.Kind.STAFF
        and user.has_role(Role.SECURITY_ADMIN)
    )


def security_admin_gate(request):
    """The security administrator's pages: anonymous users go to the login page; everyone else gets 404.
    Returns a redirect to send, or None to go on."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={request.get_full_path()}")
    if not is_security_admin(request.user):
        raise Http404
    return None


def staff_user_for_reset(actor, user_id) -> User:
    """A staff account whose device the security administrator may reset (404 otherwise)."""
    if not is_security_admin(actor):
        raise Http404
    try:
        return User.objects.get(pk=int(user_id), kind=User.Kind.STAFF)
    except (User.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
