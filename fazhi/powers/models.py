"""权力清单、责任清单: the powers an agency holds, versioned.

A ``PowerListVersion`` is one edition of an agency's list. A draft is edited by the agency's staff; the director
publishes it, and from then on it is frozen (the services refuse every change): the next edition is a new draft
copied from the latest one. Published editions stay readable as history.

A ``Power`` is one entry: category, legal basis (text, and ``PowerCitation`` rows pointing at the law registry),
division and posts, responsibility items, accountability, channels, rights and obligations, remedies, and its
``RiskPoint`` rows (岗位职责风险点清单). The time limits and the flowchart of a power the system runs
(``process_code``) are not stored: they are read from the process definition when the page is drawn
(``fazhi.powers.selectors``), so the list cannot drift from what the system does."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency


class PowerListVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="power_lists")
    number = models.PositiveIntegerField(_("版本号"))
    label = models.CharField(_("版本名称"), max_length=60)  # 2026年版
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    note = models.TextField(_("调整说明"), blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("权力清单版本")
        verbose_name_plural = _("权力清单版本")
        ordering = ["agency_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="uniq_powerlist_number"),
            # One draft at a time per agency: the next edition is prepared in one place.
            models.UniqueConstraint(fields=["agency"], condition=Q(status="draft"), name="uniq_powerlist_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.label}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Power(models.Model):
    class Category(models.TextChoices):
        LICENSING = "licensing", _("行政许可")
        PENALTY = "penalty", _("行政处罚")
        INSPECTION = "inspection", _("行政检查")
        COERCION = "coercion", _("行政强制")
        CONFIRMATION = "confirmation", _("行政确认")
        REWARD = "reward", _("行政奖励")
        OTHER = "other", _("其他行政权力")

    version = models.ForeignKey(PowerListVersion, on_delete=models.CASCADE, related_name="powers")
    # Stable across versions (黑档-XK-001): the public address of the power.
    code = models.CharField(_("权力编码"), max_length=40)
    name = models.CharField(_("权力名称"), max_length=200)
    category = models.CharField(_("权力类别"), max_length=16, choices=Category.choices)
    legal_basis = models.TextField(_("设定依据"))
    division = models.CharField(_("实施科室"), max_length=100)
    posts = models.JSONField(_("责任岗位"), default=list, blank=True)  # ["窗口受理岗", "承办岗", …]
    responsibilities = models.JSONField(_("责任事项"), default=list, blank=True)
    accountability = models.JSONField(_("追责情形"), default=list, blank=True)
    accountability_basis = models.TextField(_("追责依据"), blank=True)
    channels = models.TextField(_("办理渠道"), blank=True)
    rights_obligations = models.TextField(_("相对人权利和义务"), blank=True)
    remedies = models.TextField(_("救济途径"), blank=True)
    # The process definition the system runs this power with ("licensing", "penalty", "inspection"), or "".
    process_code = models.CharField(_("流程定义"), max_length=40, blank=True)
    # For a licensing power: the item of the service guide (its process and figures are the guide's).
    item = models.ForeignKey("licensing.Item", verbose_name=_("许可事项"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    # Only for a power the system does not run: the time limit and the steps as the agency states them.
    time_limit_text = models.TextField(_("办理时限"), blank=True)
    steps = models.JSONField(_("办理流程"), default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("权力事项")
        verbose_name_plural = _("权力事项")
        ordering = ["version_id", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="uniq_power_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PowerCitation(models.Model):
    """The legal basis as structured data: a law of the registry and article numbers ([] cites the whole text)."""

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="citations")
    law = models.ForeignKey("laws.Law", verbose_name=_("法律法规"), on_delete=models.PROTECT, related_name="+")
    articles = models.JSONField(_("条"), default=list, blank=True)  # [48, 49]
    note = models.CharField(_("说明"), max_length=200, blank=True)  # 第一款第（一）项 …
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["power_id", "order", "id"]


class RiskPoint(models.Model):
    class Level(models.TextChoices):
        HIGH = "high", _("高")
        MEDIUM = "medium", _("中")
        LOW = "low", _("低")

    power = models.ForeignKey(Power, on_delete=models.CASCADE, related_name="risk_points")
    post = models.CharField(_("岗位"), max_length=60)
    description = models.TextField(_("风险点"))
    level = models.CharField(_("风险等级"), max_length=8, choices=Level.choices)
    controls = models.JSONField(_("防控措施"), default=list)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("风险点")
        verbose_name_plural = _("风险点")
        ordering = ["power_id", "order", "id"]
