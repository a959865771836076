"""Logins, logouts and failed logins go to the audit trail (who, when, from where)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from fazhi.core.services import audit_record


def _ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@receiver(user_logged_in, dispatch_uid="core.audit_login")
def _login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", object_type="user", object_id=user.pk, ip=_ip(request))


@receiver(user_logged_out, dispatch_uid="core.audit_logout")
def _logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", object_type="user", object_id=user.pk, ip=_ip(request))


@receiver(user_login_failed, dispatch_uid="core.audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept; the password never is (Django masks it in ``credentials``).
    audit_record(actor=None, action="auth.login_failed", detail={"username": str(credentials.get("username", ""))[:150]},
                 ip=_ip(request))
