"""执法人员与执法证 (持证上岗): the certificate's history, qualification exams and training.

The officer and the certificate they hold now stay in ``fazhi.inspection.models.Officer`` (the inspector
directory, 执法检查人员名录库); this app adds what happens to that certificate over time
(``CertificateEvent``, append-only), the qualification exams (``ExamResult``) and the yearly training
(``TrainingRecord``). Every write goes through ``fazhi.officers.services``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import User
from fazhi.inspection.models import Officer


class CertificateEvent(models.Model):
    """One change of an officer's enforcement certificate: who, when, why, and the values before and after.

    Append-only: the model refuses updates and deletes (the history is evidence of who could enforce when).
    ``old`` and ``new`` hold the certificate's fields that the action touched (dates as YYYY-MM-DD)."""

    class Action(models.TextChoices):
        # "issue": the first certificate of an officer. Officers are registered by the directory
        # (fazhi/inspection), which may log it with ``services.certificate_log_issue``.
        ISSUE = "issue", _("发证")
        RENEW = "renew", _("换发")
        SUSPEND = "suspend", _("暂扣")
        REINSTATE = "reinstate", _("恢复")
        REVOKE = "revoke", _("吊销")

    officer = models.ForeignKey(Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT,
                                related_name="certificate_events")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(User, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    actor_label = models.CharField(_("操作人"), max_length=100, blank=True)
    at = models.DateTimeField(_("时间"))
    day = models.DateField(_("业务日期"))  # fazhi.core.clock.today() when it happened
    old = models.JSONField(_("变更前"), default=dict, blank=True)
    new = models.JSONField(_("变更后"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("执法证变更记录")
        verbose_name_plural = _("执法证变更记录")

    def __str__(self) -> str:
        return f"{self.officer_id} {self.action} {self.day}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Certificate events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Certificate events are append-only.")


class ExamResult(models.Model):
    """A qualification exam (e.g. 行政执法资格考试): passing it is the condition of the first certificate."""

    officer = models.ForeignKey(Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT,
                                related_name="exam_results")
    date = models.DateField(_("考试日期"))
    subject = models.CharField(_("考试科目"), max_length=100)
    score = models.DecimalField(_("成绩"), max_digits=4, decimal_places=1)
    passed = models.BooleanField(_("是否合格"))
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("资格考试成绩")
        verbose_name_plural = _("资格考试成绩")

    def __str__(self) -> str:
        return f"{self.subject} {self.date} {self.score}"


class TrainingRecord(models.Model):
    """One training attended; the hours of a calendar year add up against the yearly requirement."""

    officer = models.ForeignKey(Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT,
                                related_name="training_records")
    date = models.DateField(_("培训日期"))
    title = models.CharField(_("培训名称"), max_length=200)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    organizer = models.CharField(_("举办单位"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        indexes = [models.Index(fields=["officer", "date"], name="officers_training_day_idx")]

    def __str__(self) -> str:
        return f"{self.title} {self.date} {self.hours}"
