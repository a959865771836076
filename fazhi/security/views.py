"""The staff login steps, the 账户安全 page, password changes, and the security administrator's pages
(锁定账户, 动态口令设备). See fazhi/security/services.py for the legal basis of each rule."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fazhi.api.errors import list_separator
from fazhi.core.models import User
from fazhi.core.web import error_messages
from fazhi.portal.views import LoginView
from fazhi.security import access, login, services
from fazhi.security.forms import (
    CodeForm,
    EnrolForm,
    NewPasswordForm,
    PasswordChangeForm,
    ResetDeviceForm,
    UnlockForm,
)
from fazhi.security.models import TotpDevice


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _add_errors(form, e: ValidationError) -> None:
    if hasattr(e, "error_dict"):
        for field, msgs in e.message_dict.items():
            form.add_error(field if field in form.fields else None, msgs)
    else:
        form.add_error(None, error_messages(e))


# ---- the login steps ------------------------------------------------------------------------------------
class StaffLoginView(LoginView):
    """The portal's login page; a password that is right starts a pending login when a second factor or a
    new password is still needed (fazhi/security/login.py)."""

    def form_valid(self, form):
        user = form.get_user()
        data = {"totp_ok": False}
        if login.next_step(user, data) is None:
            return super().form_valid(form)
        login.pending_start(self.request, user, next_url=self.get_redirect_url())
        return login.proceed(self.request, user, self.request.session[login.PENDING_KEY])


def _pending_or_restart(request, step: str):
    """(user, data, None) on the right step; otherwise (None, None, a redirect)."""
    user, data = login.pending_get(request)
    if user is None:
        messages.error(request, _("登录已超时或尚未输入密码，请重新登录。"))
        return None, None, redirect("portal:login")
    actual = login.next_step(user, data)
    if actual != step:
        return None, None, login.proceed(request, user, data)
    return user, data, None


def _code_failed(request, user):
    """A wrong code counts as a failed login for django-axes (same username + address lock). Returns the
    lockout response when this failure locked the account."""
    credentials = {"username": user.username}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if AxesProxyHandler.is_locked(request, credentials):
        login.pending_clear(request)
        return get_lockout_response(request, None, credentials)
    return None


def _locked(request, user):
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        login.pending_clear(request)
        return get_lockout_response(request, None, credentials)
    return None


@require_http_methods(["GET", "POST"])
def verify(request):
    """Second step: the code of the user's authenticator app."""
    user, data, response = _pending_or_restart(request, "verify")
    if response is not None:
        return response
    locked = _locked(request, user)
    if locked is not None:
        return locked
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_verify(user=user, code=form.cleaned_data["code"], ip=_ip(request)):
            data = login.pending_update(request, data, totp_ok=True)
            return login.proceed(request, user, data)
        locked = _code_failed(request, user)
        if locked is not None:
            return locked
        form.add_error("code", _("动态验证码不正确或已使用过，请等待下一个验证码。"))
    return render(request, "security/verify.html", {"form": form, "pending_user": user},
                  status=400 if form.errors else 200)


def _enrolment_context(user, secret: str, uri: str) -> dict:
    return {
        "secret": secret,
        "secret_groups": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "qr": mark_safe(services.qr_svg(uri, title=_("动态口令绑定二维码"))),  # noqa: S308 - segno's SVG of our URI
        "issuer": services.TOTP_ISSUER,
    }


@require_http_methods(["GET", "POST"])
def enroll(request):
    """Enrol an authenticator app: forced during a pending login (no device yet), or from 账户安全 to
    replace the device (the old one works until the new one is confirmed)."""
    if request.user.is_authenticated:
        return _reenroll(request)
    user, data, response = _pending_or_restart(request, "enroll")
    if response is not None:
        return response
    locked = _locked(request, user)
    if locked is not None:
        return locked
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enrolment_confirm(user=user, code=form.cleaned_data["code"], ip=_ip(request))
        except ValidationError as e:
            locked = _code_failed(request, user)
            if locked is not None:
                return locked
            _add_errors(form, e)
        else:
            messages.success(request, _("动态口令已绑定。以后登录时请输入验证器显示的验证码。"))
            data = login.pending_update(request, data, totp_ok=True)
            return login.proceed(request, user, data)
    pending = services.totp_enrolment_start(user=user)
    ctx = {"form": form, "pending_user": user, "forced": True, **_enrolment_context(user, pending["secret"], pending["uri"])}
    return render(request, "security/enroll.html", ctx, status=400 if form.errors else 200)


def _reenroll(request):
    user = request.user
    if user.kind != User.Kind.STAFF:
        raise Http404
    has_device = services.confirmed_device(user) is not None
    form = EnrolForm(request.POST or None, ask_password=has_device)
    if request.method == "POST" and form.is_valid():
        if has_device and not user.check_password(form.cleaned_data["password"]):
            form.add_error("password", _("当前密码不正确。"))
        else:
            try:
                services.totp_enrolment_confirm(user=user, code=form.cleaned_data["code"], ip=_ip(request))
            except ValidationError as e:
                _add_errors(form, e)
            else:
                messages.success(request, _("动态口令已绑定。以后登录时请输入验证器显示的验证码。"))
                return redirect("security:account")
    pending = services.totp_enrolment_start(user=user)
    ctx = {"form": form, "forced": False, "replacing": has_device,
           **_enrolment_context(user, pending["secret"], pending["uri"])}
    return render(request, "security/enroll.html", ctx, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def password_expired(request):
    """Last step when a staff password is older than FAZHI_PASSWORD_MAX_AGE_DAYS: a new one before anything
    else."""
    user, data, response = _pending_or_restart(request, "password")
    if response is not None:
        return response
    initial = services.initial_password(user)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=user, new_password=form.cleaned_data["new_password1"],
                                     new_password2=form.cleaned_data["new_password2"], ip=_ip(request),
                                     reason="initial" if initial else "expired")
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("密码已修改。"))
            return login.proceed(request, user, data)
    return render(request, "security/password_expired.html", {"form": form, "pending_user": user, "initial": initial},
                  status=400 if form.errors else 200)


# ---- the user's own account ------------------------------------------------------------------------------
@login_required
def account(request):
    user = request.user
    is_staff = user.kind == User.Kind.STAFF
    device = TotpDevice.objects.filter(user=user).first() if is_staff else None
    return render(request, "security/account.html", {
        "is_staff": is_staff,
        "device": device if device and device.confirmed else None,
        "totp_mode": services.totp_mode(),
        "password_changed_at": services.password_changed_at(user),
        "password_expires_at": services.password_expires_at(user),
        "is_security_admin": access.is_security_admin(user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.password_change(user=request.user, old_password=d["old_password"],
                                     new_password=d["new_password1"], new_password2=d["new_password2"],
                                     ip=_ip(request))
        except ValidationError as e:
            _add_errors(form, e)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("security:account")
    return render(request, "security/password_change.html", {"form": form}, status=400 if form.errors else 200)


# ---- the security administrator --------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def locked_accounts(request):
    """锁定账户: the accounts django-axes locked, and unlocking one."""
    gate = access.security_admin_gate(request)
    if gate is not None:
        return gate
    form = UnlockForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            username = form.cleaned_data["username"]
            try:
                services.account_unlock(actor=request.user, username=username, ip=_ip(request))
            except ValidationError as e:
                messages.error(request, list_separator().join(error_messages(e)))
            else:
                messages.success(request, _("已解除账号 %(u)s 的锁定。") % {"u": username})
        return redirect("security:locked")
    return render(request, "security/locked.html", {
        "locked": services.locked_attempts(),
        "failures": services.recent_failures(),
    })


@require_http_methods(["GET", "POST"])
def devices(request):
    """动态口令设备: which staff enrolled, and resetting one (a lost or replaced phone)."""
    gate = access.security_admin_gate(request)
    if gate is not None:
        return gate
    if request.method == "POST":
        form = ResetDeviceForm(request.POST)
        if form.is_valid():
            target = access.staff_user_for_reset(request.user, form.cleaned_data["user_id"])
            try:
                services.totp_reset(actor=request.user, user=target, ip=_ip(request))
            except ValidationError as e:
                messages.error(request, list_separator().join(error_messages(e)))
            else:
                messages.success(request, _("已重置 %(u)s 的动态口令，其下次登录时须重新绑定。") % {"u": target})
        return redirect("security:devices")
    staff = (User.objects.filter(kind=User.Kind.STAFF)
             .select_related("agency")
             .prefetch_related(Prefetch("totp_device", queryset=TotpDevice.objects.all()))
             .order_by("agency_id", "username"))
    rows = []
    for u in staff:
        device = getattr(u, "totp_device", None)
        rows.append({"user": u, "device": device if (device and device.confirmed) else None,
                     "has_any": device is not None})
    return render(request, "security/devices.html", {"rows": rows, "totp_mode": services.totp_mode()})
