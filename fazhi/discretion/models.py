"""行政处罚裁量基准 (discretion standards) as data: versions with effective dates, one rule per violation and
party group, graded fine ranges per party type, and the circumstances that select a grade or exclude a penalty.

A loaded version is never edited (fazhi/discretion/loader.py refuses a changed file under a known code): a
recommendation given under a version stays explainable. A new standard is a new version.

Legal basis: 《中华人民共和国行政处罚法》（2021年修订）第三十四条（裁量基准，应当向社会公布）、第三十七条（从旧兼从轻）.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency

# The kinds of administrative penalty (行政处罚法第九条), each with a severity rank used when two versions are
# compared (art. 37): a higher rank is a heavier kind. Stored as the Chinese legal terms.
PENALTY_KINDS: dict[str, int] = {
    "警告": 1,
    "通报批评": 1,
    "罚款": 2,
    "没收违法所得": 2,
    "没收非法财物": 2,
    "暂扣许可证件": 3,
    "降低资质等级": 3,
    "吊销许可证件": 4,
    "限制开展生产经营活动": 4,
    "责令停产停业": 5,
    "责令关闭": 5,
    "限制从业": 5,
    "行政拘留": 6,
}
FINE = "罚款"
NO_PENALTY_KIND = "不予行政处罚"


class PartyType(models.TextChoices):
    # 档案法第四十九条 distinguishes them (the same codes as enforcement.PenaltyCase.PartyType).
    UNIT = "unit", _("单位")
    INDIVIDUAL = "individual", _("个人")
    ARCHIVES_SERVICE_ENTERPRISE = "archives_service_enterprise", _("档案服务企业")


class Level(models.TextChoices):
    """The four grades of a rule, from the lightest."""

    MINOR = "minor", _("轻微")
    GENERAL = "general", _("一般")
    HEAVY = "heavy", _("较重")
    SERIOUS = "serious", _("严重")


LEVEL_RANK = {level: rank for rank, level in enumerate(Level.values)}


class Effect(models.TextChoices):
    MITIGATING = "mitigating", _("从轻或者减轻")
    AGGRAVATING = "aggravating", _("从重")
    NO_PENALTY = "no_penalty", _("不予行政处罚")
    MAY_NOT_PENALIZE = "may_not_penalize", _("可以不予行政处罚")


GRADE_EFFECTS = (Effect.MITIGATING, Effect.AGGRAVATING)


class Sanction(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    # 处分 of the persons responsible (e.g. 档案法第四十八条): not an administrative penalty, not graded here.
    DISCIPLINE = "discipline", _("处分")


class StandardVersion(models.Model):
    """One version of a discretion standard. ``agency`` empty: it applies to every agency."""

    agency = models.ForeignKey(Agency, verbose_name=_("制定机关"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="discretion_standards")
    code = models.SlugField(_("版本编码"), max_length=60, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    effective_from = models.DateField(_("施行日期"))
    effective_until = models.DateField(_("有效期至"), null=True, blank=True)
    published = models.BooleanField(_("已公布"), default=False)
    note = models.TextField(_("说明"), blank=True)
    # Pairs [winner, loser] of grade levels: when circumstances select both, the winner applies.
    precedence = models.JSONField(default=list, blank=True)
    # SHA-256 of the loaded content (without the published flag): loading the same file again changes nothing.
    digest = models.CharField(max_length=64)
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("裁量基准版本")
        verbose_name_plural = _("裁量基准版本")
        ordering = ["-effective_from", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_until__isnull=True) | Q(effective_until__gte=models.F(
                "effective_from")), name="discretion_version_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.code}）"

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)


class Circumstance(models.Model):
    """A circumstance (情节) a version knows, with its effect and the article it applies."""

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="circumstances")
    code = models.SlugField(_("情节编码"), max_length=60)
    label = models.CharField(_("情节"), max_length=200)
    effect = models.CharField(_("效果"), max_length=20, choices=Effect.choices)
    # 可以 (the agency may) rather than 应当 (the agency must).
    discretionary = models.BooleanField(_("可以（裁量）"), default=False)
    citation = models.CharField(_("依据"), max_length=200)
    # Party types it may be found for (empty: every party type).
    party_types = models.JSONField(default=list, blank=True)
    # Codes of circumstances that cannot be found together with this one.
    excludes = models.JSONField(default=list, blank=True)
    # The day its legal basis came into force: not applied to decisions made before it.
    in_force_from = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="discretion_circumstance_code")]

    def __str__(self) -> str:
        return self.label


class ViolationRule(models.Model):
    """The standard for one violation (``violation``, the code callers use) and the party types it covers.
    ``code`` is the rule's identity, stable across versions."""

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="rules")
    code = models.SlugField(_("规则编码"), max_length=60)
    violation = models.SlugField(_("违法行为编码"), max_length=60)
    description = models.TextField(_("违法行为"))
    violated_article = models.CharField(_("违法条款"), max_length=200)
    penalty_article = models.CharField(_("处罚依据"), max_length=200, blank=True)
    sanction = models.CharField(_("责任形式"), max_length=12, choices=Sanction.choices, default=Sanction.PENALTY)
    party_types = models.JSONField(default=list)
    kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    # The grade applied when no circumstance selects one (blank: no grade without a circumstance).
    default_grade = models.CharField(max_length=10, choices=Level.choices, blank=True)
    notes = models.JSONField(default=list, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="discretion_rule_code")]
        indexes = [models.Index(fields=["version", "violation"], name="discretion_rule_violation")]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class Grade(models.Model):
    """One grade (轻微 / 一般 / 较重 / 严重) of a rule and the circumstances that select it."""

    rule = models.ForeignKey(ViolationRule, on_delete=models.CASCADE, related_name="grades")
    level = models.CharField(_("档次"), max_length=10, choices=Level.choices)
    rank = models.PositiveSmallIntegerField(default=0)
    description = models.TextField(_("情形"), blank=True)
    # Empty: the rule's kinds.
    kinds = models.JSONField(default=list, blank=True)
    circumstances = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["rule", "level"], name="discretion_grade_level")]

    def __str__(self) -> str:
        return self.get_level_display()


class FineRange(models.Model):
    """A fine range in yuan for one party type: the statutory range of a rule (``grade`` empty) or a grade's."""

    rule = models.ForeignKey(ViolationRule, on_delete=models.CASCADE, related_name="fines")
    grade = models.ForeignKey(Grade, null=True, blank=True, on_delete=models.CASCADE, related_name="fines")
    party_type = models.CharField(max_length=28, choices=PartyType.choices)
    minimum = models.DecimalField(_("最低（元）"), max_digits=12, decimal_places=2)
    maximum = models.DecimalField(_("最高（元）"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(minimum__gte=0) & Q(maximum__gte=models.F("minimum")),
                                   name="discretion_fine_bounds"),
            models.UniqueConstraint(fields=["rule", "party_type"], condition=Q(grade__isnull=True),
                                    name="discretion_fine_statutory"),
            models.UniqueConstraint(fields=["grade", "party_type"], condition=Q(grade__isnull=False),
                                    name="discretion_fine_grade"),
        ]
