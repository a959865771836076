"""The legal adviser system (法律顾问制度): the agency's advisers with their firm, licence and term of appointment
(and the appointment contract), and the consultations put to them — what was asked, with which documents, when the
answer was due, when it came and what it said.

中共中央办公厅、国务院办公厅《关于推行法律顾问制度和公职律师公司律师制度的意见》（2016年）: agencies engage legal
advisers to take part in the legal argument of major decisions, review contracts and normative documents, and
represent the agency in litigation and reconsideration.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User


class Adviser(models.Model):
    class Kind(models.TextChoices):
        LAWYER = "lawyer", _("律师")
        PUBLIC_LAWYER = "public_lawyer", _("公职律师")
        EXPERT = "expert", _("法学专家")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="advisers")
    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, default=Kind.LAWYER)
    firm = models.CharField(_("执业机构或工作单位"), max_length=100)
    # 律师执业证号: 17 digits (required for lawyers and public lawyers).
    licence_number = models.CharField(_("执业证号"), max_length=17, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    term_from = models.DateField(_("聘期起"))
    term_to = models.DateField(_("聘期止"))
    # The agreed time for an answer, in working days, unless a consultation sets its own due date.
    response_workdays = models.PositiveSmallIntegerField(_("约定答复时限（工作日）"), default=5)
    contract_number = models.CharField(_("聘用合同编号"), max_length=60, blank=True)
    contract = models.FileField(_("聘用合同"), upload_to="advisers/contracts/%Y/", blank=True)
    contract_name = models.CharField(max_length=120, blank=True)
    contract_mime = models.CharField(max_length=60, blank=True)
    contract_sha256 = models.CharField(max_length=64, blank=True)
    active = models.BooleanField(_("在聘"), default=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律顾问")
        verbose_name_plural = _("法律顾问")
        ordering = ["-active", "-term_to", "id"]

    def __str__(self) -> str:
        return self.name

    def in_term(self, day) -> bool:
        return self.term_from <= day <= self.term_to


class Consultation(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("合同审查")
        OPINION = "opinion", _("法律意见")
        LITIGATION = "litigation", _("诉讼代理")
        NORMATIVE = "normative", _("规范性文件审查")
        DECISION = "decision", _("重大决策论证")
        OTHER = "other", _("其他")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="consultations")
    adviser = models.ForeignKey(Adviser, verbose_name=_("法律顾问"), on_delete=models.PROTECT,
                                related_name="consultations")
    subject = models.CharField(_("咨询事项"), max_length=200)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    question = models.TextField(_("咨询内容"), blank=True)
    asked_on = models.DateField(_("咨询日期"))
    due_on = models.DateField(_("约定答复日期"))
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    opinion = models.TextField(_("法律顾问意见"), blank=True)
    # What the agency did with the opinion (the letter: 认真研究分析法律顾问提出的意见和建议).
    adoption = models.TextField(_("采纳情况"), blank=True)
    asked_by = models.ForeignKey(User, verbose_name=_("咨询人"), on_delete=models.PROTECT, related_name="+")
    answer_recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律咨询")
        verbose_name_plural = _("法律咨询")
        ordering = ["-asked_on", "-id"]
        indexes = [models.Index(fields=["agency", "asked_on"], name="consultation_agency_asked_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def response_days(self) -> int | None:
        """Calendar days from the question to the answer."""
        return (self.answered_on - self.asked_on).days if self.answered_on else None

    def overdue_on(self, today) -> bool:
        """Answered after the agreed date, or still unanswered after it."""
        if self.answered_on:
            return self.answered_on > self.due_on
        return today > self.due_on


class Attachment(models.Model):
    """A document of a consultation: what was sent to the adviser (a draft contract) or what came back (the
    written opinion). The type is sniffed from the content (fazhi.core.uploads)."""

    class Role(models.TextChoices):
        QUESTION = "question", _("咨询材料")
        OPINION = "opinion", _("书面意见")

    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="attachments")
    role = models.CharField(_("用途"), max_length=10, choices=Role.choices)
    file = models.FileField(upload_to="advisers/consultations/%Y/")
    original_name = models.CharField(_("文件名"), max_length=120)
    mime = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
