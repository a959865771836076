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


class DisclosureAnnualReport(models.Model):
    """政府信息公开工作年度报告 (《中华人民共和国政府信息公开条例》第四十九条: published by 31 January each year;
    第五十条: its contents), one per agency and year, in the structure of 国办公开办函〔2021〕30号: 一、总体情况;
    二、主动公开政府信息情况; 三、收到和处理政府信息公开申请情况; 四、政府信息公开行政复议、行政诉讼情况;
    五、存在的主要问题及改进情况; 六、其他需要报告的事项.

    The narrative (一、五、六, and optional text under 二–四) is written by staff. The tables are computed from the
    year's records whenever the report is shown or rendered (fazhi/disclosure/report.py), never typed, except the
    lawsuits of table 四, for which the system has no records: staff enter those counts (``litigation``, audited).
    Publication freezes the tables (``figures``) and the DOCX (``file``, ``sha256``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    agency = models.ForeignKey("core.Agency", verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("报告年度"))
    title = models.CharField(_("标题"), max_length=200)
    overview = models.TextField(_("一、总体情况"), blank=True)
    proactive_note = models.TextField(_("二、主动公开政府信息情况（说明）"), blank=True)
    requests_note = models.TextField(_("三、收到和处理政府信息公开申请情况（说明）"), blank=True)
    remedies_note = models.TextField(_("四、政府信息公开行政复议、行政诉讼情况（说明）"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    # 行政诉讼 counts entered by staff (no lawsuit records in the system): {"direct"|"after": {result: n}}.
    litigation = models.JSONField(_("行政诉讼情况"), default=dict, blank=True)
    # Rows of table 二 with no records in the system, entered by staff (audited): 规章 {"issued", "repealed",
    # "valid"}, 行政强制 "coercion", 行政事业性收费 "charges" (万元, a decimal string).
    proactive_entered = models.JSONField(_("主动公开情况（填报）"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    published_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Frozen at publication: the tables as published and the DOCX as issued.
    figures = models.JSONField(default=dict, blank=True)
    file = models.FileField(upload_to="disclosure/reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="uniq_disclosure_report_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def filename(self) -> str:
        return f"{self.title}.docx" if self.is_published else f"{self.title}（草稿）.docx"
