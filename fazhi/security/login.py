"""The staff login in steps: password → second factor (forced enrolment the first time) → new password when
the old one expired → logged in.

Until the last step the session holds only a *pending* login (the user's id, the backend that checked the
password, when, where to go next, which factors passed), never the authenticated user: no page treats the
visitor as logged in before both factors passed (GB/T 22239-2019 §8.1.4.1 d)). The pending login expires
after FAZHI_LOGIN_PENDING_SECONDS (default 300) of inactivity; Django's ``login()`` at the end rotates the
session key (no session fixation).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.shortcuts import redirect
from django.urls import reverse

from fazhi.core.models import User
from fazhi.security import services

PENDING_KEY = "security_pending_login"

STEP_URLS = {
    "verify": "security:verify",
    "enroll": "security:enroll",
    "password": "security:password_expired",
}


def _lifetime() -> int:
    return int(getattr(settings, "FAZHI_LOGIN_PENDING_SECONDS", 300))


def next_step(user, data: dict) -> str | None:
    """What the pending login still needs: "enroll", "verify", "password", or None (log in)."""
    if services.totp_needed(user) and not data.get("totp_ok"):
        return "verify" if services.confirmed_device(user) is not None else "enroll"
    if services.password_expired(user):
        return "password"
    return None


def pending_start(request, user, *, next_url: str) -> None:
    request.session[PENDING_KEY] = {
        "uid": user.pk,
        "backend": getattr(user, "backend", None) or "django.contrib.auth.backends.ModelBackend",
        "at": time.time(),
        "next": next_url or "",
        "totp_ok": False,
    }


def pending_get(request) -> tuple[User | None, dict]:
    """The pending user and its data, or (None, {}) when there is none or it expired."""
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None, {}
    if time.time() - float(data.get("at", 0)) > _lifetime():
        pending_clear(request)
        return None, {}
    user = User.objects.filter(pk=data.get("uid"), is_active=True).first()
    if user is None:
        pending_clear(request)
        return None, {}
    return user, data


def pending_update(request, data: dict, **changes) -> dict:
    data = {**data, **changes, "at": time.time()}
    request.session[PENDING_KEY] = data
    return data


def pending_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def default_url(user) -> str:
    """Where a login without ``next`` lands: the administrators' console for the three administrators (they have
    no business inbox), the inbox for other staff, "my cases" for the public."""
    from fazhi.sysadmin.access import is_administrator

    if is_administrator(user):
        return reverse("sysadmin:index")
    return reverse("portal:inbox") if user.kind == User.Kind.STAFF else reverse("portal:my_cases")


def proceed(request, user, data: dict):
    """Go to the next step of the pending login, or finish it."""
    step = next_step(user, data)
    if step is not None:
        return redirect(STEP_URLS[step])
    pending_clear(request)
    auth_login(request, user, backend=data["backend"])
    return redirect(data.get("next") or default_url(user))
