"""The annual rule-of-law report (法治政府建设年度报告): one per agency and year, written as a letter to the superior
(主送机关) in GB/T 9704 layout; its narrative paragraphs, written by staff with placeholders such as
``{licensing.total}`` that the generator fills with the figures computed from the year's records
(fazhi/reports/figures.py). docs/reports.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User


class Section(models.TextChoices):
    """The structure of the seed letter (黑档函〔2018〕15号)."""

    INTRO = "intro", _("开头")
    DUTIES = "duties", _("一、依法全面履行职责")
    RULES = "rules", _("二、制度体系")
    ADMINISTRATION = "administration", _("三、严格规范依法行政")
    DISPUTES = "disputes", _("四、化解矛盾纠纷")
    CAPACITY = "capacity", _("五、法治思维和依法行政能力")
    PROBLEMS = "problems", _("六、存在的问题和下一步打算")


SECTION_ORDER = {value: n for n, value in enumerate(Section.values)}


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    class Scope(models.TextChoices):
        OWN = "own", _("本机关")
        TREE = "tree", _("本机关及下级机关")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("报告年度"))
    # Whose records the figures count: the agency's own, or the agency's and its subordinate agencies'.
    scope = models.CharField(_("统计范围"), max_length=8, choices=Scope.choices, default=Scope.OWN)
    addressee = models.CharField(_("主送机关"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    # 发文字号, allocated from the agency's 函 series of the issuing year when the report is published.
    number = models.CharField(_("发文字号"), max_length=60, blank=True)
    serial = models.PositiveIntegerField(null=True, blank=True)
    date = models.DateField(_("成文日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Frozen at publication: the DOCX as issued, its body and the figures it states.
    file = models.FileField(upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    body = models.JSONField(default=list, blank=True)  # [{"text", "level"}]
    figures = models.JSONField(default=dict, blank=True)  # {key: display}
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("法治政府建设年度报告")
        verbose_name_plural = _("法治政府建设年度报告")
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="uniq_annual_report_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def filename(self) -> str:
        return f"{self.number}{self.title}.docx" if self.number else f"{self.title}（草稿）.docx"


class ReportParagraph(models.Model):
    """One paragraph of the report's body. ``text`` may hold placeholders ``{key}`` of the figure registry;
    ``snapshot`` keeps the value each placeholder had when the text was last saved, so that a sentence whose
    figures changed since is marked."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.CharField(_("部分"), max_length=16, choices=Section.choices)
    order = models.PositiveIntegerField(_("顺序"), default=0)
    text = models.TextField(_("正文"))
    snapshot = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报告段落")
        verbose_name_plural = _("报告段落")
        ordering = ["report_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]
