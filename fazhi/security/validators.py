"""Password validators of the password policy (AUTH_PASSWORD_VALIDATORS in fazhi/config/settings.py).

GB/T 22239-2019 (等保2.0) §8.1.4.1 a) level 3: 身份鉴别信息具有复杂度要求并定期更换. The length comes from
Django's MinimumLengthValidator (FAZHI_PASSWORD_MIN_LENGTH); these add the character classes
(FAZHI_PASSWORD_CLASSES of upper case, lower case, digits and symbols) and the history
(FAZHI_PASSWORD_HISTORY: a new password equals none of the last N). The maximum age is checked at login
(fazhi/security/services.py, FAZHI_PASSWORD_MAX_AGE_DAYS).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a Chinese message (Django 5.2's catalogue lacks its new "%d" message)."""

    def get_error_message(self):
        return ngettext("密码长度不能少于%(n)s个字符。", "密码长度不能少于%(n)s个字符。", self.min_length) % {"n": self.min_length}

    def get_help_text(self):
        return self.get_error_message()


def character_classes(password: str) -> set[str]:
    """Upper case, lower case, digit, symbol. Anything that is not a cased letter or a digit (punctuation,
    spaces, Chinese characters) counts as a symbol."""
    found = set()
    for ch in password:
        if ch.isupper():
            found.add("upper")
        elif ch.islower():
            found.add("lower")
        elif ch.isdigit():
            found.add("digit")
        else:
            found.add("symbol")
    return found


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = max(0, min(int(min_classes), 4))

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(self._message(), code="password_too_simple", params={"n": self.min_classes})

    def _message(self) -> str:
        return _("密码须包含大写字母、小写字母、数字和符号中的至少%(n)s类。") % {"n": self.min_classes}

    def get_help_text(self):
        return self._message()


class PasswordHistoryValidator:
    """A new password may not be the current one nor any of the last ``history`` ones (their Argon2 hashes
    are in security.PasswordHistory, kept by fazhi/security/signals.py)."""

    def __init__(self, history: int = 5):
        self.history = max(int(history), 0)

    def validate(self, password, user=None):
        if self.history == 0 or user is None or not getattr(user, "pk", None):
            return
        from fazhi.security.models import PasswordHistory

        hashes = list(PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[:self.history])
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        for encoded in hashes:
            if check_password(password, encoded):
                raise ValidationError(self._message(), code="password_reused", params={"n": self.history})

    def _message(self) -> str:
        return ngettext("新密码不能与最近%(n)s次使用过的密码相同。", "新密码不能与最近%(n)s次使用过的密码相同。",
                        self.history) % {"n": self.history}

    def get_help_text(self):
        return self._message()
