"""The second factor of the API token endpoint (``POST /api/v1/auth/token`` in fazhi/api/auth.py).

Staff must add ``otp`` (the 6-digit code of their authenticator app) when the deployment requires TOTP or
they enrolled a device (GB/T 22239-2019 §8.1.4.1 d)); a wrong code counts toward the django-axes lockout
like a wrong password. A staff password past FAZHI_PASSWORD_MAX_AGE_DAYS gets no token: it must be changed
on the web first (§8.1.4.1 a) 定期更换).
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext as _
from ninja import Router

from fazhi.api.errors import ApiError
from fazhi.security import services

router = Router(tags=["security"])


def token_second_factor(request, user, otp: str | None) -> None:
    """Raise ApiError (401, or 429 once locked) unless the user may have a token."""
    if services.totp_needed(user):
        if services.confirmed_device(user) is None:
            raise ApiError(_("工作人员须先在网页登录并绑定动态口令，才能申请令牌。"), code="otp_required", status=401)
        if not (otp or "").strip():
            raise ApiError(_("工作人员申请令牌须提供动态验证码（otp）。"), code="otp_required", status=401)
        ip = request.META.get("REMOTE_ADDR") or None
        if not services.totp_verify(user=user, code=otp, ip=ip, channel="api"):
            credentials = {"username": user.username}
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if AxesProxyHandler.is_locked(request, credentials):
                raise ApiError(_("登录失败次数过多，请稍后再试。"), code="locked", status=429)
            raise ApiError(_("动态验证码不正确或已使用过。"), code="bad_otp", status=401)
    if services.password_expired(user):
        raise ApiError(_("密码已过期，请先在网页登录并修改密码。"), code="password_expired", status=401)
