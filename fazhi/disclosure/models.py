"""政府信息公开申请: what a disclosure request adds to its case and to the intake's row (PublicRequest): the
requester's category for the annual report, the correction, the reply (its result group, ground and fee), and
the written consultations of third parties (第三十二条), whose letters are kept here and not among the case's
documents: the requester sees the case's documents, and the third party's identity and interests are not the
requester's to read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.disclosure import results


class DisclosureRequest(models.Model):
    class RequesterType(models.TextChoices):
        # The columns of the annual report's table (国办公开办函〔2021〕30号).
        PERSON = "person", _("自然人")
        BUSINESS = "business", _("商业企业")
        RESEARCH = "research", _("科研机构")
        PUBLIC_INTEREST = "public_interest", _("社会公益组织")
        LEGAL_SERVICE = "legal_service", _("法律服务机构")
        OTHER = "other", _("其他")

    class Result(models.TextChoices):
        OPEN = results.OPEN, _("予以公开")
        PARTIAL = results.PARTIAL, _("部分公开")
        WITHHELD = results.WITHHELD, _("不予公开")
        UNAVAILABLE = results.UNAVAILABLE, _("无法提供")
        NOT_PROCESSED = results.NOT_PROCESSED, _("不予处理")
        OTHER = results.OTHER, _("其他处理")

    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="disclosure")
    requester_type = models.CharField(_("申请人类别"), max_length=20, choices=RequesterType.choices)
    corrected_description = models.TextField(_("补正后的申请内容"), blank=True)
    corrected_on = models.DateField(_("收到补正申请日期"), null=True, blank=True)
    result = models.CharField(_("办理结果"), max_length=20, choices=Result.choices, blank=True)
    ground = models.CharField(_("答复类型或理由"), max_length=30, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    # The reply step's fields as entered (content, part withheld, reasons, the agency named under 36(5) ...).
    reply = models.JSONField(_("答复内容"), default=dict, blank=True)
    # 信息处理费 (第四十二条; 国办函〔2020〕109号), only when one was charged.
    fee = models.DecimalField(_("信息处理费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        indexes = [models.Index(fields=["result", "ground"], name="disclosure_result_idx")]

    def __str__(self) -> str:
        return self.case.number

    @property
    def ground_label(self) -> str:
        g = results.GROUNDS.get(self.ground)
        return str(g.label) if g else self.ground

    @property
    def ground_article(self) -> str:
        g = results.GROUNDS.get(self.ground)
        return g.article if g else ""


class ThirdPartyConsultation(models.Model):
    """书面征求第三方意见 (第三十二条): the letter sent, the 15 working days, the opinion received (or none)."""

    class Concern(models.TextChoices):
        TRADE_SECRET = "trade_secret", _("商业秘密")
        PRIVACY = "privacy", _("个人隐私")
        OTHER = "other", _("其他合法权益")

    class Opinion(models.TextChoices):
        AGREE = "agree", _("同意公开")
        DISAGREE = "disagree", _("不同意公开")
        PARTIAL = "partial", _("部分同意公开")
        NONE = "none", _("逾期未提出意见")

    case = models.ForeignKey("process.Case", on_delete=models.PROTECT, related_name="consultations")
    third_party = models.CharField(_("第三方"), max_length=200)
    address = models.CharField(_("第三方地址"), max_length=200, blank=True)
    information = models.TextField(_("涉及第三方的信息"))
    concern = models.CharField(_("可能损害的权益"), max_length=20, choices=Concern.choices)
    sent_on = models.DateField(_("征求意见日期"))
    due = models.DateField(_("提出意见期限"), null=True, blank=True)
    number = models.CharField(_("发文字号"), max_length=60, unique=True)
    file = models.FileField(upload_to="disclosure/%Y/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    opinion = models.CharField(_("第三方意见"), max_length=10, choices=Opinion.choices, blank=True)
    reasons = models.TextField(_("第三方意见及理由"), blank=True)
    replied_on = models.DateField(_("收到意见日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("征求第三方意见")
        verbose_name_plural = _("征求第三方意见")
        ordering = ["sent_on", "id"]

    @property
    def filename(self) -> str:
        return f"{self.number}政府信息公开征求第三方意见书.docx"
