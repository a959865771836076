from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fazhi.core import clock as sysclock
from fazhi.discretion.models import NO_PENALTY_KIND, PENALTY_KINDS, PartyType


class EvaluateForm(forms.Form):
    violation = forms.ChoiceField(label=_("违法行为"))
    party_type = forms.ChoiceField(label=_("当事人类型"), choices=PartyType.choices)
    circumstances = forms.MultipleChoiceField(label=_("情节（可多选）"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    violation_date = forms.DateField(label=_("违法行为发生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    decision_date = forms.DateField(label=_("处罚决定日期（空为今天）"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    # Optional: a proposed decision, checked against the recommendation.
    decided_kinds = forms.MultipleChoiceField(
        label=_("拟决定的处罚种类（可选，用于核对是否超出裁量基准）"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(NO_PENALTY_KIND, _("不予行政处罚")), *[(k, k) for k in PENALTY_KINDS]])
    amount = forms.DecimalField(label=_("拟罚款金额（元）"), required=False, min_value=0, max_digits=12,
                                decimal_places=2)
    reason = forms.CharField(label=_("超出推荐的理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, violations=(), circumstances=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation"].choices = list(violations)
        self.fields["circumstances"].choices = list(circumstances)
        self.fields["decision_date"].initial = sysclock.today()

    def wants_check(self) -> bool:
        d = self.cleaned_data
        return bool(d.get("decided_kinds") or d.get("amount") is not None or (d.get("reason") or "").strip())
