from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


def _code_field():
    return forms.CharField(
        label=_("动态验证码"), max_length=10, strip=True,
        error_messages={"required": _("请输入手机验证器显示的6位动态验证码。")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "pattern": "[0-9 ]*", "autofocus": True}),
    )


def _password_field(label, *, autocomplete="new-password"):
    return forms.CharField(label=label, strip=False,
                           error_messages={"required": _("请输入密码。")},
                           widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}))


class CodeForm(forms.Form):
    code = _code_field()


class EnrolForm(forms.Form):
    """Confirm a new device with one of its codes; a user replacing a device also gives the password."""

    code = _code_field()

    def __init__(self, *args, ask_password: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if ask_password:
            self.fields["password"] = _password_field(_("当前登录密码"), autocomplete="current-password")


class NewPasswordForm(forms.Form):
    new_password1 = _password_field(_("新密码"))
    new_password2 = _password_field(_("确认新密码"))

    def policy_help(self) -> list[str]:
        return [str(t) for t in password_validation.password_validators_help_texts()]


class PasswordChangeForm(NewPasswordForm):
    old_password = _password_field(_("当前密码"), autocomplete="current-password")
    field_order = ["old_password", "new_password1", "new_password2"]


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=150)


class ResetDeviceForm(forms.Form):
    user_id = forms.IntegerField()
