from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core import clock as sysclock
from fazhi.core.identifiers import validate_resident_id, validate_uscc
from fazhi.core.models import User

PARTY_KINDS = [("person", _("自然人")), ("legal_person", _("法人或其他组织"))]


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label=_("账号类型"), choices=PARTY_KINDS)
    username = forms.RegexField(label=_("用户名"), regex=r"^[A-Za-z0-9_.-]{3,40}$", max_length=40,
                                error_messages={"invalid": _("用户名只能包含字母、数字、下划线、点和连字符（3–40位）。")})
    full_name = forms.CharField(label=_("姓名或单位名称"), max_length=100)
    id_number = forms.CharField(label=_("公民身份号码或统一社会信用代码"), max_length=18)
    phone = forms.RegexField(label=_("手机号码"), regex=r"^1[3-9]\d{9}$", required=False,
                             error_messages={"invalid": _("请输入11位手机号码。")})
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("确认密码"), widget=forms.PasswordInput, strip=False)

    def clean_username(self):
        name = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=name).exists():
            raise ValidationError(_("该用户名已被使用。"))
        return name

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        ident = (data.get("id_number") or "").strip().upper()
        if kind and ident:
            try:
                data["id_number"] = validate_resident_id(ident) if kind == "person" else validate_uscc(ident)
            except ValidationError as e:
                self.add_error("id_number", e)
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        if data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except ValidationError as e:
                self.add_error("password1", e)
        return data


class TrackForm(forms.Form):
    number = forms.CharField(label=_("办件编号"), max_length=40)
    code = forms.CharField(label=_("查询码"), max_length=20)


class CounterPartyForm(forms.Form):
    item = forms.ChoiceField(label=pgettext_lazy("one item", "许可事项"))
    channel = forms.ChoiceField(label=_("收件渠道"), choices=[("counter", _("窗口递交")), ("post", _("邮寄"))])
    received_on = forms.DateField(label=_("实际收到日期"), widget=forms.DateInput(attrs={"type": "date"}))
    party_kind = forms.ChoiceField(label=_("申请人类型"), choices=PARTY_KINDS)
    party_name = forms.CharField(label=_("申请人姓名或名称"), max_length=100)
    party_id_number = forms.CharField(label=_("公民身份号码或统一社会信用代码"), max_length=18)
    party_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    party_address = forms.CharField(label=_("联系地址"), max_length=200, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, i.name) for i in items]
        self.fields["received_on"].initial = sysclock.today()
