"""POST /api/v1/auth/token {"username","password","otp"} → {"token"} (otp: staff's TOTP code, fazhi/security/api.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Router, Schema

from fazhi.api.errors import ApiError
from fazhi.core import clock
from fazhi.core.models import ApiToken
from fazhi.security.api import token_second_factor

router = Router(tags=["auth"])

TOKEN_LIFETIME = dt.timedelta(hours=8)


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None  # staff: the code of their authenticator app (fazhi.security)


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


@router.post("/token", response=TokenOut, auth=None)
def token(request, payload: TokenIn):
    credentials = {"username": payload.username}
    if AxesProxyHandler.is_locked(request, credentials):
        raise ApiError(_("登录失败次数过多，请稍后再试。"), code="locked", status=429)
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        if AxesProxyHandler.is_locked(request, credentials):
            raise ApiError(_("登录失败次数过多，请稍后再试。"), code="locked", status=429)
        raise ApiError(_("用户名或密码错误。"), code="bad_credentials", status=401)
    token_second_factor(request, user, payload.otp)
    raw = secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user,
        key_hash=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        expires_at=clock.now() + TOKEN_LIFETIME,
    )
    return {"token": raw, "expires_at": row.expires_at}
