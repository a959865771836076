"""双随机、一公开: the inspection item list, the two directories (targets and inspectors), tasks with their
verifiable draw (fazhi-draw/1, docs/draw.md), and the import batches that fill the directories."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User

REGION_CODE = RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字。"))


class InspectionItem(models.Model):
    """抽查事项清单: one inspectable item. General items carry a ratio cap; key items none."""

    class Category(models.TextChoices):
        GENERAL = "general", _("一般检查事项")
        KEY = "key", _("重点检查事项")

    agency = models.ForeignKey(Agency, verbose_name=_("检查机关"), on_delete=models.PROTECT,
                               related_name="inspection_items")
    code = models.SlugField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("抽查事项"), max_length=200)
    legal_basis = models.TextField(_("检查依据"))
    subject = models.CharField(_("检查对象"), max_length=200)
    method = models.CharField(_("检查方式"), max_length=100)
    category = models.CharField(_("事项类别"), max_length=10, choices=Category.choices, default=Category.GENERAL)
    # Highest share of the directory a task may draw for this item in a year (general items only).
    ratio_cap = models.DecimalField(_("抽查比例上限"), max_digits=5, decimal_places=4, null=True, blank=True)
    published = models.BooleanField(_("已公布"), default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("抽查事项")
        verbose_name_plural = _("抽查事项清单")

    def __str__(self) -> str:
        return self.name


class Entity(models.Model):
    """检查对象名录库: one unit, identified by its 统一社会信用代码 (GB 32100-2015)."""

    class Kind(models.TextChoices):
        ORGAN = "organ", _("机关")
        INSTITUTION = "institution", _("事业单位")
        ENTERPRISE = "enterprise", _("企业")
        ASSOCIATION = "association", _("社会团体")
        SOCIAL_SERVICE = "social_service", _("社会服务机构")
        FOUNDATION = "foundation", _("基金会")
        COMMUNITY = "community", _("村/社区")
        INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
        COOPERATIVE = "cooperative", _("农民专业合作社")
        OTHER = "other", _("其他")

    class Risk(models.TextChoices):
        A = "A", _("A类（低风险）")
        B = "B", _("B类")
        C = "C", _("C类")
        D = "D", _("D类（高风险）")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("单位名称"), max_length=200)
    kind = models.CharField(_("单位类别"), max_length=24, choices=Kind.choices)
    region_code = models.CharField(_("行政区划代码"), max_length=6, validators=[REGION_CODE], db_index=True)
    risk_class = models.CharField(_("信用风险分类"), max_length=1, choices=Risk.choices, default=Risk.B)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    active = models.BooleanField(_("存续"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("检查对象")
        verbose_name_plural = _("检查对象名录库")
        indexes = [models.Index(fields=["active", "risk_class", "kind"], name="entity_scope_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from fazhi.core.identifiers import validate_uscc

        if self.uscc:
            self.uscc = validate_uscc(self.uscc)


class Officer(models.Model):
    """执法检查人员名录库: an officer and the enforcement certificate (执法证) that lets them inspect."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("吊销")

    agency = models.ForeignKey(Agency, verbose_name=_("所属机关"), on_delete=models.PROTECT, related_name="officers")
    user = models.OneToOneField(User, verbose_name=_("系统账号"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="officer")
    name = models.CharField(_("姓名"), max_length=60)
    department = models.CharField(_("处室"), max_length=100, blank=True)
    # The certificate number is the officer's identifier in a draw (e.g. 黑档执-0001).
    certificate_number = models.CharField(_("执法证号"), max_length=40, unique=True)
    issuing_authority = models.CharField(_("发证机关"), max_length=100)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("证件状态"), max_length=10, choices=Status.choices, default=Status.VALID)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("执法检查人员")
        verbose_name_plural = _("执法检查人员名录库")
        ordering = ["certificate_number"]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"

    def valid_on(self, day) -> bool:
        """Only an officer whose certificate is valid on the draw date enters a pool (持证上岗)."""
        return self.status == self.Status.VALID and self.valid_from <= day <= self.valid_until


class Conflict(models.Model):
    """A declared conflict of interest: the officer must not inspect the unit (回避)."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="conflicts")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("回避事由"), max_length=200)
    declared_on = models.DateField(_("申报日期"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["officer", "entity"], name="uniq_conflict")]


class ImportBatch(models.Model):
    """One import of a directory file: progress while it runs, and the per-row error report."""

    class Kind(models.TextChoices):
        ENTITIES = "entities", _("检查对象")
        OFFICERS = "officers", _("执法检查人员")

    class Status(models.TextChoices):
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    # [{"row": 7, "column": "统一社会信用代码", "reason": "校验码错误：应为X"}]
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]


class Task(models.Model):
    """抽查任务 and its draw. The draw's inputs are frozen at commit and its result stored once (docs/draw.md).

    draft → committed → drawn → inspecting → results_entered → published; cancelled from committed or drawn.

    A planned campaign (计划检查, ``mode`` "planned", fazhi/inspection/planned.py) has no draw: the organiser lists
    the units and their teams (kept in ``assignments``); draft → inspecting → results_entered → published.
    """

    class Mode(models.TextChoices):
        RANDOM = "random", _("抽查")
        PLANNED = "planned", _("计划检查")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        COMMITTED = "committed", _("已承诺（输入已冻结）")
        DRAWN = "drawn", _("已抽取")
        INSPECTING = "inspecting", _("检查中")
        RESULTS_ENTERED = "results_entered", _("结果已录入")
        PUBLISHED = "published", _("已公示")
        CANCELLED = "cancelled", _("已撤销")

    class Strata(models.TextChoices):
        RISK_CLASS = "risk_class", _("信用风险分类")
        KIND = "kind", _("单位类别")

    agency = models.ForeignKey(Agency, verbose_name=_("组织机关"), on_delete=models.PROTECT, related_name="inspection_tasks")
    number = models.CharField(_("任务编号"), max_length=40, unique=True)
    mode = models.CharField(_("检查方式"), max_length=8, choices=Mode.choices, default=Mode.RANDOM, db_index=True)
    title = models.CharField(_("任务名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    items = models.ManyToManyField(InspectionItem, verbose_name=_("抽查事项"), related_name="tasks")
    # Scope filters: region code prefixes, unit kinds, risk classes (empty = all).
    scope_regions = models.JSONField(_("区域范围"), default=list, blank=True)
    scope_kinds = models.JSONField(_("单位类别范围"), default=list, blank=True)
    scope_risk_classes = models.JSONField(_("风险分类范围"), default=list, blank=True)
    strata = models.CharField(_("分层依据"), max_length=16, choices=Strata.choices, default=Strata.RISK_CLASS)
    # {stratum: {"count": 3}} or {stratum: {"ratio": "0.05"}}
    quota_spec = models.JSONField(_("抽取数量或比例"), default=dict)
    exclude_recent_months = models.PositiveIntegerField(_("近期已检查排除（月）"), default=0)
    team_size = models.PositiveSmallIntegerField(_("每组人数"), default=2)
    max_load = models.PositiveIntegerField(_("每人最多检查对象数"), null=True, blank=True)
    beacon_source = models.CharField(_("公共随机数来源"), max_length=300)
    # A supplementary draw (补充抽取) for targets of ``parent`` left without a team, or whose drawn team
    # cannot go: its candidates are exactly ``only_targets``; ``extra_exclusions`` keeps the officers who
    # cannot go away from those targets ([{"inspector", "target", "reason"}]).
    parent = models.ForeignKey("self", verbose_name=_("原抽查任务"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="supplements")
    only_targets = models.JSONField(default=list, blank=True)
    extra_exclusions = models.JSONField(default=list, blank=True)
    # A planned campaign's ground (e.g. the year's inspection plan and the article of the archives law).
    basis = models.TextField(_("检查依据"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    # The day the inspections were opened: the earliest possible visit of a planned campaign.
    started_on = models.DateField(_("检查开始日期"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    # ---- frozen at commit ----
    draw_date = models.DateField(_("抽取基准日"), null=True, blank=True)
    candidates_file = models.FileField(upload_to="draws/", blank=True)  # exactly candidates_bytes
    candidates_digest = models.CharField(max_length=64, blank=True)
    candidate_count = models.PositiveIntegerField(default=0)
    strata_counts = models.JSONField(default=dict, blank=True)
    pool = models.JSONField(default=list, blank=True)
    exclusions = models.JSONField(default=list, blank=True)  # [{"inspector", "target", "reason"}]
    recent_exclusions = models.JSONField(default=list, blank=True)  # [{"id", "name", "reason"}] left out of candidates
    quotas = models.JSONField(default=dict, blank=True)
    ratios = models.JSONField(null=True, blank=True)
    max_load_effective = models.PositiveIntegerField(null=True, blank=True)
    secret = models.BinaryField(null=True, blank=True, editable=False)  # confidential until publication
    commitment = models.CharField(max_length=64, blank=True)
    task_digest = models.CharField(max_length=64, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # ---- the draw ----
    beacon_value = models.CharField(max_length=300, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    selected = models.JSONField(default=list, blank=True)  # [{"id", "stratum", "ticket"}] in assignment order
    # [{"target", "inspectors": [...]}]: drawn (random), or chosen by the organiser at creation (planned)
    assignments = models.JSONField(default=list, blank=True)
    unstaffed = models.JSONField(default=list, blank=True)
    # ---- publication / cancellation ----
    results_due = models.DateField(_("结果公示期限"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")

    def __str__(self) -> str:
        return self.title


class TaskEvent(models.Model):
    """Append-only log of a task's lifecycle (who committed, drew, published or cancelled, and when)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=100)
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Task events are append-only.")
        super().save(*args, **kwargs)


class Inspection(models.Model):
    """One drawn target's inspection. Its lifecycle (findings, rectification order, follow-up check) runs as a
    process case (kind "inspection", fazhi/inspection/process.py); this row holds what is specific to it."""

    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="inspection")
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="inspections")
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="inspections")
    team = models.JSONField(_("抽取的检查组"), default=list)  # certificate numbers, as drawn
    officers_present = models.JSONField(_("实际检查人员"), default=list, blank=True)
    substitution_reason = models.TextField(_("人员替换理由"), blank=True)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    # ok / rectify / referral / penalty, and after the follow-up check: rectified / not_rectified
    outcome = models.CharField(_("检查结果"), max_length=16, blank=True)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    followed_up_on = models.DateField(_("复查日期"), null=True, blank=True)

    class Meta:
        ordering = ["task_id", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "entity"], name="uniq_task_entity")]


class Finding(models.Model):
    """The result of one item at one inspection (进一次门、查多项事)."""

    class Result(models.TextChoices):
        PASS = "pass", _("合格")
        FAIL = "fail", _("不合格")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(InspectionItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("结论"), max_length=4, choices=Result.choices)
    description = models.TextField(_("情况说明"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="uniq_finding_item")]


class InspectionAttachment(models.Model):
    """Photos and record forms of an inspection; served only through the access check."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="inspections/%Y/")
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
