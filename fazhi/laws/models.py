"""法律法规库: the laws, regulations and rules the agency relies on, their versions and articles.

Other capabilities cite them (normative documents, the power list, decisions) with ``Citation``-like rows of
their own that point at a ``Law`` and name article numbers; when a new version of a law changes articles,
``fazhi.laws.signals.law_changed`` tells them which (docs/laws.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Law(models.Model):
    class Kind(models.TextChoices):
        CONSTITUTION = "constitution", _("宪法")
        LAW = "law", _("法律")
        ADMIN_REGULATION = "admin_regulation", _("行政法规")
        LOCAL_REGULATION = "local_regulation", _("地方性法规")
        DEPARTMENT_RULE = "department_rule", _("部门规章")
        LOCAL_RULE = "local_rule", _("地方政府规章")
        NORMATIVE = "normative", _("规范性文件")
        OTHER = "other", _("其他")

    code = models.SlugField(_("编码"), max_length=60, unique=True)  # e.g. archives-law
    title = models.CharField(_("名称"), max_length=200)  # 中华人民共和国档案法
    kind = models.CharField(_("效力级别"), max_length=20, choices=Kind.choices)
    issuer = models.CharField(_("制定机关"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("法律法规")
        verbose_name_plural = _("法律法规库")

    def __str__(self) -> str:
        return f"《{self.title}》"

    @property
    def current(self) -> LawVersion | None:
        return self.versions.order_by("-effective_on", "-id").first()


class LawVersion(models.Model):
    """One text of a law: as promulgated, or as amended (修正/修订); or its repeal (废止, no text)."""

    class Event(models.TextChoices):
        PROMULGATED = "promulgated", _("公布")
        AMENDED = "amended", _("修正")
        REVISED = "revised", _("修订")
        REPEALED = "repealed", _("废止")

    law = models.ForeignKey(Law, on_delete=models.PROTECT, related_name="versions")
    event = models.CharField(_("事项"), max_length=12, choices=Event.choices)
    label = models.CharField(_("版本"), max_length=100)  # 2020年6月20日修订
    promulgated_on = models.DateField(_("公布日期"))
    effective_on = models.DateField(_("施行日期"))
    document_number = models.CharField(_("公布文号"), max_length=100, blank=True)  # 主席令第四十七号
    # Article numbers changed, added or deleted against the previous version ([] for the first version;
    # every article of the previous version for a repeal).
    changed_articles = models.JSONField(_("变动条文"), default=list, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["law_id", "effective_on", "id"]
        constraints = [models.UniqueConstraint(fields=["law", "label"], name="uniq_law_version_label")]

    def __str__(self) -> str:
        return f"{self.law}（{self.label}）"


class Article(models.Model):
    version = models.ForeignKey(LawVersion, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveIntegerField(_("条"))  # 42 for 第四十二条
    text = models.TextField(_("条文"))

    class Meta:
        ordering = ["version_id", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="uniq_article_number")]
