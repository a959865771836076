"""行政处罚: penalty cases and their full-process record (全过程记录).

A penalty case's lifecycle runs as a process case of kind "penalty" (fazhi/enforcement/process.py); the row
here holds what is specific to it: where the case came from, the party type for the discretion standard, the
officers investigating it, the proposed and decided penalty, the payment. Evidence and records (询问笔录,
现场检查笔录, photos, audio and video) are ``Evidence`` rows, each also entered in the case's hash-chained
event log when recorded.

Legal basis: 《中华人民共和国行政处罚法》（2021年修订）; 《档案行政处罚程序规定》（国家档案局令第20号，2023年）.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import User


class PenaltyCase(models.Model):
    class Source(models.TextChoices):
        INSPECTION = "inspection", _("检查发现")
        COMPLAINT = "complaint", _("投诉举报")
        REFERRAL = "referral", _("移送")
        OWN = "own", _("依职权发现")

    class PartyType(models.TextChoices):
        # The party types of the discretion standard (档案法第四十九条 distinguishes them).
        UNIT = "unit", _("单位")
        INDIVIDUAL = "individual", _("个人")
        ARCHIVES_SERVICE_ENTERPRISE = "archives_service_enterprise", _("档案服务企业")

    class Procedure(models.TextChoices):
        ORDINARY = "ordinary", _("普通程序")
        SUMMARY = "summary", _("简易程序（当场处罚）")

    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="penalty")
    procedure = models.CharField(_("程序"), max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY)
    source = models.CharField(_("案件来源"), max_length=12, choices=Source.choices)
    source_detail = models.TextField(_("案源情况"))
    # The inspection whose finding opened the case (linked both ways: Inspection.penalty_cases).
    inspection = models.ForeignKey("inspection.Inspection", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="penalty_cases")
    party_type = models.CharField(_("当事人类型"), max_length=28, choices=PartyType.choices)
    violation = models.CharField(_("违法行为（裁量基准编码）"), max_length=60, blank=True)
    violation_date = models.DateField(_("违法行为发生日期"), null=True, blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    circumstances = models.JSONField(_("情节"), default=list, blank=True)
    # Certificate numbers of the officers investigating (at least two certified: 行政处罚法第四十二条).
    investigators = models.JSONField(_("调查人员"), default=list, blank=True)
    # The discretion standard's recommendation at the conclusion of the investigation (as returned).
    recommendation = models.JSONField(default=dict, blank=True)
    proposed_kinds = models.JSONField(_("拟处罚种类"), default=list, blank=True)
    proposed_fine = models.DecimalField(_("拟罚款金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    outside_range_reason = models.TextField(_("超出裁量基准的理由"), blank=True)
    # 法制审核 is required (行政处罚法第五十八条); why, in words.
    major_reasons = models.JSONField(default=list, blank=True)
    serious = models.BooleanField(_("情节复杂或重大违法（集体讨论）"), default=False)
    hearing_held = models.BooleanField(default=False)
    legal_review_passed_on = models.DateField(null=True, blank=True)
    collective_decided_on = models.DateField(null=True, blank=True)
    decided_kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine = models.DecimalField(_("罚款金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    confiscation = models.DecimalField(_("没收违法所得（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    payment_due = models.DateField(_("缴款期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴款日期"), null=True, blank=True)
    paid_amount = models.DecimalField(_("实缴金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    surcharge = models.DecimalField(_("加处罚款（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    # 行政执法公示 of decisions with social impact (7 working days), withdrawn within 3 if changed or annulled.
    publish = models.BooleanField(_("公开决定"), default=False)
    publication_withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")


class Evidence(models.Model):
    """One piece of the full-process record (行政处罚法第四十七条): a written record signed by the officers, or
    a photo, audio or video file. Served only through the case's access check."""

    class Kind(models.TextChoices):
        INQUIRY = "inquiry", _("询问笔录")
        SITE = "site", _("现场检查笔录")
        PHOTO = "photo", _("照片")
        AUDIO_VIDEO = "audio_video", _("音像记录")
        DOCUMENT = "document", _("书证")
        OTHER = "other", _("其他证据")

    penalty = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField(_("证据种类"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    recorded_on = models.DateField(_("制作或收集日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    content = models.TextField(_("记录内容"), blank=True)
    # Certificate numbers of the officers who made and signed the record (each certified that day).
    officers = models.JSONField(_("执法人员"), default=list)
    file = models.FileField(upload_to="enforcement/%Y/", blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    mime = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_on", "id"]
