"""Staff two-factor devices (TOTP) and the password history.

GB/T 22239-2019 (等保2.0) §8.1.4.1 身份鉴别, level 3:
a) users are identified and authenticated, identities are unique, and the authentication data meet
   complexity requirements and are changed periodically (the password policy, PasswordHistory);
d) at least two combined authentication techniques, one of them cryptographic (the TOTP device,
   RFC 6238, the secret stored encrypted: fazhi/security/crypto.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TotpDevice(models.Model):
    """One authenticator app per staff member. ``secret`` is the confirmed secret, ``pending_secret`` the one
    shown while (re-)enrolling; both are Fernet tokens, never the secret itself. A secret is shown only while
    it is pending: once confirmed it is never displayed again."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device",
                                verbose_name=_("用户"))
    secret = models.TextField(_("密钥（加密）"), blank=True)
    pending_secret = models.TextField(_("待确认密钥（加密）"), blank=True)
    confirmed = models.BooleanField(_("已确认"), default=False)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # The RFC 6238 time step of the last accepted code: a code of that step or an earlier one is refused
    # (no replay of an observed code within its validity window).
    last_used_step = models.BigIntegerField(_("最近使用的时间步"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")

    def __str__(self) -> str:
        return f"TOTP {self.user_id} ({'confirmed' if self.confirmed else 'pending'})"


class PasswordHistory(models.Model):
    """The Argon2 hash of each password a user has had, newest first. The newest row also dates the current
    password (its age is checked against FAZHI_PASSWORD_MAX_AGE_DAYS)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history",
                             verbose_name=_("用户"))
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now, db_index=True)
    # Set by an administrator (an initial password): the holder must change it at the next login (GB/T 22239-2019
    # §8.1.4.1 a); only the holder should know their password).
    set_by_admin = models.BooleanField(_("管理员设置"), default=False)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"password of {self.user_id} set {self.created_at:%Y-%m-%d}"
