"""投诉举报: what a complaint or a report adds to its intake request (fazhi/requests: PublicRequest) and its process
case (kind "complaint_report", fazhi/complaints/process.py).

The requester's identity is never stored here: it lives on the case (party_*) and is shown only through
``fazhi.requests.access.party_visible`` (举报人信息保密, docs/complaints.md). What this row holds is about the
matter: who is complained about or reported, the outcome of the intake decision, the findings, the reply, and
the penalty case a report became (linked both ways: the penalty case's data names the request number).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Complaint(models.Model):
    class Result(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("属实")
        PARTLY = "partly", _("部分属实")
        UNSUBSTANTIATED = "unsubstantiated", _("不属实")

    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="complaint")
    request = models.OneToOneField("requests.PublicRequest", on_delete=models.PROTECT, related_name="complaint")
    subject = models.CharField(_("被投诉举报对象"), max_length=200)
    # Earlier requests of the agency about the same subject, found at intake: a hint for the 重复 decision.
    possible_duplicates = models.JSONField(_("可能重复的诉求"), default=list, blank=True)
    refusal_ground = models.CharField(_("不予受理理由"), max_length=40, blank=True)
    result = models.CharField(_("核查结论"), max_length=20, choices=Result.choices, blank=True)
    findings = models.TextField(_("核查情况"), blank=True)
    handled_on = models.DateField(_("核查完成日期"), null=True, blank=True)
    # The penalty case this request became (行政处罚法第五十四条: 投诉、举报 is a source of cases).
    penalty_case = models.OneToOneField("process.Case", verbose_name=_("转立案查处"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="source_complaint")
    reply = models.TextField(_("答复意见"), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("投诉举报")
        verbose_name_plural = _("投诉举报")

    def __str__(self) -> str:
        return self.case.number if self.case_id else "—"
