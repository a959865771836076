"""Staff authentication: TOTP enrolment and verification, password changes, history and expiry, unlocking
accounts locked by django-axes. Every act is audited (fazhi.core.services.audit_record).

Legal and standard basis (GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求, level 3):
- §8.1.4.1 a) 身份标识唯一，身份鉴别信息具有复杂度要求并定期更换 — the password policy
  (fazhi/security/validators.py), the password history and the maximum password age;
- §8.1.4.1 b) 登录失败处理功能：结束会话、限制非法登录次数和当登录连接超时自动退出 — django-axes
  (wrong second-factor codes count too) and the idle session timeout;
- §8.1.4.1 d) 采用口令、密码技术、生物技术等两种或两种以上组合的鉴别技术，且其中一种至少应使用密码技术
  — the password plus a TOTP code (RFC 6238, HMAC-SHA1, 30-second steps);
- §8.1.4.3 安全审计 — enrolments, resets, failed codes, password changes and unlocks are audit events;
- §8.1.4.2 访问控制 / 三员分立 — only the security administrator resets devices and unlocks accounts
  (fazhi/security/access.py).
"""

from __future__ import annotations

import datetime as dt
import hmac
import re

import pyotp
import segno
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.models import User
from fazhi.core.services import audit_record
from fazhi.security import crypto
from fazhi.security.models import PasswordHistory, TotpDevice

TOTP_MODES = ("required", "optional")
TOTP_INTERVAL = 30  # seconds, RFC 6238 §5.2 (the default every authenticator app uses)
TOTP_DIGITS = 6
# Codes of the previous and the next time step are accepted too (clock drift, RFC 6238 §5.2), but a step is
# accepted at most once per device (replay, RFC 6238 §5.2 "MUST NOT accept the second attempt").
TOTP_WINDOW = 1
TOTP_ISSUER = "法治"

_CODE = re.compile(r"^\d{6}$")


# ---- settings ---------------------------------------------------------------------------------------------
def totp_mode() -> str:
    mode = getattr(settings, "FAZHI_STAFF_TOTP", "required")
    if mode not in TOTP_MODES:
        raise ImproperlyConfigured(f"FAZHI_STAFF_TOTP must be one of {TOTP_MODES}, not {mode!r}")
    return mode


def password_max_age() -> dt.timedelta | None:
    days = int(getattr(settings, "FAZHI_PASSWORD_MAX_AGE_DAYS", 90))
    return dt.timedelta(days=days) if days > 0 else None


def password_history_depth() -> int:
    return max(int(getattr(settings, "FAZHI_PASSWORD_HISTORY", 5)), 0)


# ---- TOTP -------------------------------------------------------------------------------------------------
def confirmed_device(user) -> TotpDevice | None:
    if user is None or not user.pk:
        return None
    return TotpDevice.objects.filter(user=user, confirmed=True).first()


def totp_needed(user) -> bool:
    """Staff log in with a second factor when the deployment requires it, and always once they have a
    confirmed device (so "optional" never silently drops a factor someone chose)."""
    if user is None or getattr(user, "kind", None) != User.Kind.STAFF:
        return False
    if totp_mode() == "required":
        return True
    return confirmed_device(user) is not None


def _normalize(code) -> str:
    return re.sub(r"[\s-]", "", str(code or ""))


def _match_step(secret: str, code, *, last_step: int | None) -> int | None:
    """The time step whose code this is (within the window), if that step is newer than ``last_step``."""
    code = _normalize(code)
    if not _CODE.match(code):
        return None
    totp = pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL)
    now_step = int(timezone.now().timestamp()) // TOTP_INTERVAL
    for step in range(now_step - TOTP_WINDOW, now_step + TOTP_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if last_step is not None and step <= last_step:
                return None  # replayed (or older than the last accepted code)
            return step
    return None


def totp_uri(*, user, secret: str) -> str:
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_INTERVAL).provisioning_uri(
        name=user.username, issuer_name=TOTP_ISSUER)


def qr_svg(uri: str, *, title: str = "") -> str:
    """The enrolment QR code as inline SVG (no outside service, no inline style: CSP-clean)."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff", svgclass="qr",
                                                 title=title or None)


def totp_enrolment_start(*, user) -> dict:
    """The secret being enrolled (a new one, unless a pending one is already shown): ``{"secret", "uri"}``.
    A confirmed device keeps working until the new secret is confirmed."""
    if getattr(user, "kind", None) != User.Kind.STAFF:
        raise ValidationError(_("只有工作人员使用动态口令。"))
    with transaction.atomic():
        device, _created = TotpDevice.objects.select_for_update().get_or_create(user=user)
        if not device.pending_secret:
            device.pending_secret = crypto.encrypt(pyotp.random_base32())
            device.save(update_fields=["pending_secret"])
    secret = crypto.decrypt(device.pending_secret)
    return {"secret": secret, "uri": totp_uri(user=user, secret=secret)}


def totp_enrolment_confirm(*, user, code, ip: str | None = None) -> TotpDevice:
    """Confirm the pending secret with a code it generated; the secret becomes the device's and is never
    shown again."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None or not device.pending_secret:
            raise ValidationError(_("请先扫描二维码开始绑定。"))
        step = _match_step(crypto.decrypt(device.pending_secret), code, last_step=None)
        if step is not None:
            again = device.confirmed
            now = timezone.now()
            device.secret, device.pending_secret = device.pending_secret, ""
            device.confirmed, device.confirmed_at = True, now
            device.last_used_step, device.last_used_at = step, now
            device.save()
    if step is None:
        audit_record(actor=user, action="security.totp_failed", object_type="user", object_id=user.pk,
                     detail={"username": user.username, "stage": "enrol"}, ip=ip)
        raise ValidationError({"code": [_("动态验证码不正确，请核对手机时间后重试。")]})
    audit_record(actor=user, action="security.totp_reenrolled" if again else "security.totp_enrolled",
                 object_type="user", object_id=user.pk, detail={"username": user.username}, ip=ip)
    return device


def totp_verify(*, user, code, ip: str | None = None, channel: str = "web") -> bool:
    """Check a login code against the user's confirmed device; a wrong or replayed code is audited."""
    step = None
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None:
            try:
                step = _match_step(crypto.decrypt(device.secret), code, last_step=device.last_used_step)
            except ValueError:  # encrypted with a key no longer configured: the user must re-enrol
                step = None
            if step is not None:
                device.last_used_step, device.last_used_at = step, timezone.now()
                device.save(update_fields=["last_used_step", "last_used_at"])
    if step is None:
        audit_record(actor=user, action="security.totp_failed", object_type="user", object_id=user.pk,
                     detail={"username": user.username, "stage": "login", "channel": channel}, ip=ip)
        return False
    return True


def totp_reset(*, actor, user, ip: str | None = None) -> None:
    """The security administrator removes a user's device (lost phone); the user enrols again at the next
    login."""
    deleted, _detail = TotpDevice.objects.filter(user=user).delete()
    if not deleted:
        raise ValidationError(_("该用户尚未绑定动态口令。"))
    audit_record(actor=actor, action="security.totp_reset", object_type="user", object_id=user.pk,
                 detail={"username": user.username}, ip=ip)


# ---- passwords --------------------------------------------------------------------------------------------
def password_history_record(user) -> None:
    """Keep the hash of the password just set (called on every save that sets a password, see signals.py)."""
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = max(password_history_depth(), 1)  # the newest row dates the current password
    old = list(PasswordHistory.objects.filter(user=user).values_list("id", flat=True)[keep:])
    if old:
        PasswordHistory.objects.filter(id__in=old).delete()


def password_changed_at(user) -> dt.datetime:
    row = PasswordHistory.objects.filter(user=user).only("created_at").first()
    return row.created_at if row else user.date_joined


def password_expires_at(user) -> dt.datetime | None:
    """When a staff member's password expires (GB/T 22239-2019 §8.1.4.1 a) 定期更换); None: never."""
    age = password_max_age()
    if age is None or getattr(user, "kind", None) != User.Kind.STAFF:
        return None
    return password_changed_at(user) + age


def password_expired(user) -> bool:
    """A staff password past its maximum age, or an initial password an administrator set (changed at the first
    login, whatever the maximum age)."""
    if getattr(user, "kind", None) == User.Kind.STAFF and initial_password(user):
        return True
    expires = password_expires_at(user)
    return expires is not None and expires <= timezone.now()


def initial_password(user) -> bool:
    row = PasswordHistory.objects.filter(user=user).only("set_by_admin").first()
    return bool(row and row.set_by_admin)


def password_mark_initial(user) -> None:
    """The password just set was chosen by an administrator (account creation): the holder changes it first."""
    row = PasswordHistory.objects.filter(user=user).first()
    if row is not None:
        PasswordHistory.objects.filter(pk=row.pk).update(set_by_admin=True)


def password_change(*, user, new_password: str, new_password2: str | None = None, old_password: str | None = None,
                    ip: str | None = None, reason: str = "change") -> None:
    """Set a new password after checking the old one (when given), the confirmation and the policy."""
    errors: dict[str, list] = {}
    if old_password is not None and not user.check_password(old_password):
        errors["old_password"] = [_("当前密码不正确。")]
    if new_password2 is not None and new_password != new_password2:
        errors["new_password2"] = [_("两次输入的密码不一致。")]
    if not errors:
        try:
            password_validation.validate_password(new_password, user)
        except ValidationError as e:
            errors["new_password1"] = list(e.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.set_password(new_password)
        user.save()
        audit_record(actor=user, action="security.password_changed", object_type="user", object_id=user.pk,
                     detail={"username": user.username, "reason": reason}, ip=ip)


# ---- lockouts (django-axes) -------------------------------------------------------------------------------
def locked_attempts() -> list[AccessAttempt]:
    """The username + address pairs locked now (failures at the limit within the cool-off period)."""
    qs = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return list(qs.order_by("-attempt_time"))


def recent_failures(limit: int = 50) -> list[AccessAttempt]:
    """Failed attempts still counted (below the limit), newest first."""
    qs = AccessAttempt.objects.filter(failures_since_start__lt=settings.AXES_FAILURE_LIMIT)
    cool_off = get_cool_off()
    if cool_off:
        qs = qs.filter(attempt_time__gte=timezone.now() - cool_off)
    return list(qs.order_by("-attempt_time")[:limit])


def account_unlock(*, actor, username: str, ip: str | None = None) -> int:
    """Remove the failure records of a username (every address), which lifts its lock."""
    username = (username or "").strip()
    if not username or not AccessAttempt.objects.filter(username=username).exists():
        raise ValidationError(_("该账号没有登录失败记录。"))
    count = axes_reset(username=username)
    audit_record(actor=actor, action="security.unlock", object_type="account", object_id=username,
                 detail={"username": username, "records": count}, ip=ip)
    return count
