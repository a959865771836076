from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core import clock as sysclock
from fazhi.inspection.models import Entity, Task


class TaskForm(forms.Form):
    title = forms.CharField(label=_("任务名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    items = forms.MultipleChoiceField(label=_("抽查事项（可多选：进一次门、查多项事）"), widget=forms.CheckboxSelectMultiple)
    strata = forms.ChoiceField(label=_("分层依据"), choices=Task.Strata.choices, initial=Task.Strata.RISK_CLASS)
    quota_mode = forms.ChoiceField(label=_("按数量或比例抽取"), choices=[("ratio", _("比例")), ("count", _("数量"))])
    quota_A = forms.CharField(label=_("A类"), required=False)
    quota_B = forms.CharField(label=_("B类"), required=False)
    quota_C = forms.CharField(label=_("C类"), required=False)
    quota_D = forms.CharField(label=_("D类"), required=False)
    scope_regions = forms.CharField(label=_("区域范围（行政区划代码前缀，逗号分隔，空为全部）"), required=False)
    scope_kinds = forms.MultipleChoiceField(label=_("单位类别（空为全部）"), choices=Entity.Kind.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple)
    exclude_recent_months = forms.IntegerField(label=_("排除近几个月内已检查的单位"), min_value=0, max_value=60, initial=12)
    team_size = forms.IntegerField(label=_("每组人数"), min_value=2, max_value=10, initial=2)
    max_load = forms.IntegerField(label=_("每人最多检查对象数（空为自动）"), min_value=1, required=False)
    beacon_source = forms.CharField(label=_("公共随机数来源（承诺时尚未产生的公开数值）"), max_length=300)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(i.code, i.name) for i in items]
        self.fields["year"].initial = sysclock.today().year

    def quota_spec(self) -> dict:
        mode = self.cleaned_data["quota_mode"]
        spec = {}
        for stratum in "ABCD":
            value = (self.cleaned_data.get(f"quota_{stratum}") or "").strip()
            if value:
                spec[stratum] = {mode: value}
        return spec


class DrawForm(forms.Form):
    beacon_value = forms.CharField(label=_("公共随机数的实际值"), max_length=300)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 3}))


class VerifyForm(forms.Form):
    record = forms.CharField(label=_("抽取记录（JSON）"), widget=forms.Textarea(attrs={"rows": 12}))


class PlannedTaskForm(forms.Form):
    """计划检查: the checklist, and one line per unit: its USCC, then its team's certificate numbers."""

    title = forms.CharField(label=_("任务名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    items = forms.MultipleChoiceField(label=_("检查事项（可多选：进一次门、查多项事）"), widget=forms.CheckboxSelectMultiple)
    basis = forms.CharField(label=_("检查依据（如年度检查计划、法律条款）"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    team_size = forms.IntegerField(label=_("每组人数"), min_value=2, max_value=10, initial=2)
    max_load = forms.IntegerField(label=_("每人最多检查对象数（空为不限）"), min_value=1, required=False)
    targets = forms.CharField(
        label=_("检查对象与检查组：每行一个单位，依次填写统一社会信用代码、检查人员执法证号（逗号分隔）"),
        widget=forms.Textarea(attrs={"rows": 12}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(i.code, i.name) for i in items]
        self.fields["year"].initial = sysclock.today().year

    def target_list(self) -> list[dict]:
        """``[{"target", "inspectors"}]`` from the lines (commas, Chinese commas, 、, semicolons or spaces)."""
        out = []
        for line in self.cleaned_data["targets"].splitlines():
            parts = [p for p in re.split(r"[,，、;；\s]+", line) if p]
            if parts:
                out.append({"target": parts[0], "inspectors": parts[1:]})
        return out
