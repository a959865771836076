"""重大行政决策 (major administrative decisions) and legislative projects.

A major decision's lifecycle runs as a process case of kind "major_decision" (fazhi/decisions/process.py); the
rows here hold what is specific to it: the decision item, the current draft (its text and SHA-256, so that a
legality review is tied to the text it reviewed), the record of each procedure step (public participation,
expert argument, risk assessment, publication, post-evaluation — performed or skipped with a reason), the
legality reviews, the collective discussions (meeting, minutes, outcome) and the implementation progress.

Legislative projects (立法项目: a draft provincial regulation or government rule in the government's legislative
plan) are tracked with their milestones; they are not a process.

Legal basis: 《重大行政决策程序暂行条例》（国务院令第713号，2019年）; see docs/decisions.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User


class Category(models.TextChoices):
    """The kinds of major decision items (《重大行政决策程序暂行条例》第三条第一款)."""

    PUBLIC_POLICY = "public_policy", _("重大公共政策和措施")
    PLAN = "plan", _("经济和社会发展等方面的重要规划")
    RESOURCES = "resources", _("开发利用、保护重要自然资源和文化资源的重大公共政策和措施")
    PROJECT = "project", _("重大公共建设项目")
    OTHER = "other", _("其他重大事项")


class CatalogueItem(models.Model):
    """One entry of the agency's annual catalogue of major decision items (决策事项目录, 第三条第二款), published."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("决策事项"), max_length=200)
    category = models.CharField(_("事项类别"), max_length=20, choices=Category.choices)
    drafting_unit = models.CharField(_("承办单位"), max_length=100)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("决策事项目录")
        verbose_name_plural = _("决策事项目录")
        ordering = ["agency_id", "-year", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "title"], name="uniq_decision_catalogue")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Decision(models.Model):
    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="decision")
    title = models.CharField(_("决策事项"), max_length=200)
    category = models.CharField(_("事项类别"), max_length=20, choices=Category.choices)
    catalogue_item = models.ForeignKey(CatalogueItem, verbose_name=_("决策事项目录"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="decisions")
    drafting_unit = models.CharField(_("承办单位"), max_length=100)
    description = models.TextField(_("决策事项说明"), blank=True)
    # The current draft: the legality review records the SHA-256 of the text it reviewed; a changed draft needs
    # a new review before the collective discussion (第二十五条).
    draft_text = models.TextField(_("决策草案"), blank=True)
    draft_version = models.PositiveIntegerField(_("草案稿次"), default=0)
    draft_sha256 = models.CharField(max_length=64, blank=True)
    draft_updated_on = models.DateField(null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)
    archive_reference = models.CharField(_("档号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("重大行政决策")
        verbose_name_plural = _("重大行政决策")

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    """A procedure step performed, or skipped with the recorded reason the regulation allows."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("公众参与")
        EXPERT = "expert", _("专家论证")
        RISK = "risk", _("风险评估")
        PUBLICATION = "publication", _("公布")
        EVALUATION = "evaluation", _("决策后评估")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("程序"), max_length=16, choices=Kind.choices)
    skipped = models.BooleanField(_("未履行"), default=False)
    skip_ground = models.CharField(_("不履行的依据"), max_length=40, blank=True)
    skip_reason = models.TextField(_("不履行的理由"), blank=True)
    on = models.DateField(_("日期"))
    data = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class LegalReview(models.Model):
    """合法性审查 (第二十五条至第二十八条): submitted with the draft's hash; passed or failed with an opinion. The
    review time (working days after the submission up to the opinion) is normally at least 7 (第二十六条)."""

    class Result(models.TextChoices):
        PENDING = "pending", _("审查中")
        PASSED = "passed", _("合法")
        FAILED = "failed", _("不合法，退回修改")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="reviews")
    round = models.PositiveIntegerField(_("送审次数"))
    submitted_on = models.DateField(_("送审日期"))
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    draft_version = models.PositiveIntegerField(_("草案稿次"))
    draft_sha256 = models.CharField(max_length=64)
    basis = models.TextField(_("法律、法规、规章等依据"))
    procedure_note = models.TextField(_("履行决策法定程序的说明"))
    result = models.CharField(_("审查结论"), max_length=10, choices=Result.choices, default=Result.PENDING)
    opinion = models.TextField(_("审查意见"), blank=True)
    adviser_opinion = models.TextField(_("法律顾问、公职律师的法律意见"), blank=True)
    opinion_on = models.DateField(_("审查意见日期"), null=True, blank=True)
    workdays = models.PositiveIntegerField(_("审查时间（工作日）"), null=True, blank=True)
    short_review_reason = models.TextField(_("审查时间少于7个工作日的理由"), blank=True)
    reviewer = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decision_id", "round"]
        constraints = [models.UniqueConstraint(fields=["decision", "round"], name="uniq_decision_review_round")]


class Meeting(models.Model):
    """集体讨论 (第三十条): the executive meeting that discussed the draft; the chief decides, the minutes record
    differing opinions."""

    class Type(models.TextChoices):
        DIRECTORS_OFFICE = "directors_office", _("局长办公会")
        BUREAU_AFFAIRS = "bureau_affairs", _("局务会")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("通过")
        REJECTED = "rejected", _("不通过")
        DEFERRED = "deferred", _("修改后再议")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="meetings")
    meeting_date = models.DateField(_("会议日期"))
    meeting_type = models.CharField(_("会议类型"), max_length=20, choices=Type.choices)
    chaired_by = models.CharField(_("主持人"), max_length=50)
    attendees = models.JSONField(_("参加人员"), default=list)
    minutes = models.TextField(_("会议纪要"))
    differing_opinions = models.TextField(_("不同意见"), blank=True)
    chief_opinion = models.TextField(_("行政首长意见"))
    outcome = models.CharField(_("讨论结果"), max_length=10, choices=Outcome.choices)
    review = models.ForeignKey(LegalReview, on_delete=models.PROTECT, related_name="+")
    draft_version = models.PositiveIntegerField(_("草案稿次"))
    draft_sha256 = models.CharField(max_length=64)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting_date", "id"]


class Progress(models.Model):
    """决策执行情况 (第三十四条、第三十五条)."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="progress")
    on = models.DateField(_("日期"))
    unit = models.CharField(_("决策执行单位"), max_length=100, blank=True)
    text = models.TextField(_("执行情况"))
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class LegislativeProject(models.Model):
    """A legislative project (立法项目) the agency drafts or researches, with its milestones."""

    class Kind(models.TextChoices):
        LOCAL_REGULATION = "local_regulation", _("地方性法规草案")
        GOVERNMENT_RULE = "government_rule", _("政府规章草案")
        AMENDMENT = "amendment", _("法规规章修改建议")

    class Status(models.TextChoices):
        RESEARCH = "research", _("调研论证")
        DRAFTING = "drafting", _("起草")
        SUBMITTED = "submitted", _("已报送审查")
        ADOPTED = "adopted", _("已出台")
        SUSPENDED = "suspended", _("暂缓或终止")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    plan = models.CharField(_("列入计划"), max_length=200, blank=True)
    drafting_unit = models.CharField(_("起草单位"), max_length=100)
    status = models.CharField(_("进展阶段"), max_length=12, choices=Status.choices, default=Status.RESEARCH)
    description = models.TextField(_("项目说明"), blank=True)
    # [{"name", "due" (ISO date or null), "done_on" (ISO date or null), "note"}], in order.
    milestones = models.JSONField(_("节点"), default=list, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("立法项目")
        verbose_name_plural = _("立法项目")
        ordering = ["agency_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
