"""目标考核 (target assessment): an agency's yearly assessment scheme of the units under it.

The letter (黑档函〔2018〕15号, 三(三)): "2017年底，由局领导带队组成五个检查组，对各市(地)、省管县(市)档案工作目标完成
情况进行了严格考核，共检查市地县、社区、机关、企事业单位、乡镇村档案部门70家。"

* ``Scheme``: the agency's scheme of a year (考核方案). A draft while its indicators are drawn up; published
  (印发) when the weights add up to 100 — then the indicators are fixed and scoring may start.
* ``Indicator``: what is assessed (考核指标), its weight in the total (权重, the weights of a scheme add up to
  100), the scoring rule (评分细则) and the maximum score of the indicator.
* ``Group``: an assessment group (检查组), led by a leader of the agency.
* ``AssessedUnit``: a unit assessed (被考核单位) by a group: a city or county archives bureau, a community, an
  office, an enterprise, a township. When the unit is an agency of the tree (``core.Agency``) it is linked, and
  that agency's staff (and those of the agencies above it) see the unit's scores.
* ``Score``: the score of a unit on an indicator, with its evidence (a note; a file optionally).
* ``RectificationItem``: an item the unit must rectify (整改事项), its due date and when it was done.

The weighted total of a unit is Σ score / max score × weight (0–100); rankings are computed, never stored
(``fazhi.assessment.selectors.rankings``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User


def plain(number) -> str:
    """A decimal without trailing zeros and never in exponent form: 90, 33.33, 2.5."""
    return format(number.normalize(), "f") if number is not None else ""


class Scheme(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("考核机关"), on_delete=models.PROTECT,
                               related_name="assessment_schemes")
    year = models.PositiveSmallIntegerField(_("考核年度"))
    title = models.CharField(_("方案名称"), max_length=200)
    note = models.TextField(_("说明"), blank=True)
    published = models.BooleanField(_("已印发"), default=False)
    published_on = models.DateField(_("印发日期"), null=True, blank=True)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "title"], name="assessment_scheme_uniq")]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("指标编号"), max_length=20)
    name = models.CharField(_("考核指标"), max_length=200)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    rule = models.TextField(_("评分细则"), blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=5, decimal_places=1, default=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="assessment_indicator_code_uniq")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def weight_text(self) -> str:
        return plain(self.weight)

    @property
    def max_text(self) -> str:
        return plain(self.max_score)


class Group(models.Model):
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("检查组"), max_length=100)
    leader = models.CharField(_("带队领导"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("检查组")
        verbose_name_plural = _("检查组")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="assessment_group_name_uniq")]

    def __str__(self) -> str:
        return self.name


class AssessedUnit(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("市级档案馆（局）")
        COUNTY = "county", _("县级档案馆（局）")
        COMMUNITY = "community", _("社区")
        OFFICE = "office", _("机关办公室")
        ENTERPRISE = "enterprise", _("企业")
        INSTITUTION = "institution", _("事业单位")
        TOWNSHIP = "township", _("乡镇（村）")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="units")
    group = models.ForeignKey(Group, verbose_name=_("检查组"), on_delete=models.PROTECT, related_name="units")
    name = models.CharField(_("被考核单位"), max_length=100)
    kind = models.CharField(_("单位类别"), max_length=16, choices=Kind.choices)
    # The unit as an agency of the tree, when it is one: its staff see the unit's scores.
    agency = models.ForeignKey(Agency, verbose_name=_("对应机关"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="assessed_as")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("被考核单位")
        verbose_name_plural = _("被考核单位")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="assessment_unit_name_uniq")]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    unit = models.ForeignKey(AssessedUnit, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    evidence = models.TextField(_("评分依据"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="assessment/evidence/%Y/", blank=True)
    evidence_name = models.CharField(max_length=120, blank=True)
    evidence_mime = models.CharField(max_length=60, blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    scored_by = models.ForeignKey(User, verbose_name=_("评分人"), null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    scored_on = models.DateField(_("评分日期"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["unit_id", "indicator__order", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["unit", "indicator"], name="assessment_score_uniq")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}: {self.score}"


class RectificationItem(models.Model):
    unit = models.ForeignKey(AssessedUnit, on_delete=models.CASCADE, related_name="rectifications")
    indicator = models.ForeignKey(Indicator, verbose_name=_("考核指标"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("整改事项"))
    due = models.DateField(_("整改期限"))
    done_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    done_note = models.TextField(_("整改情况"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.description[:40]

    def overdue_on(self, day) -> bool:
        return self.done_on is None and day > self.due
