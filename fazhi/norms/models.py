"""规范性文件: normative documents, their texts, legality reviews, legal bases, review flags, clean-up campaigns and
the full-text search entries.

A document's lifecycle runs as a process case of kind "norm" (fazhi/norms/process.py): the Case holds the clocks
(legality review, filing), the hash-chained events and the issued 备案报告; the ``NormativeDocument`` row, whose
primary key is the case's, holds what is specific to it. docs/norms.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User

# Case states whose documents are public and in force (有效): published, filed, and filed with the receipt.
IN_FORCE = ("published", "filed", "valid")
# Public states no longer in force.
NOT_IN_FORCE = ("repealed", "expired", "amended")
PUBLIC_STATES = IN_FORCE + NOT_IN_FORCE
# States in which a document is still alive (drafting or in force): flagged when a law it cites changes.
LIVE_STATES = ("draft", "in_review", "reviewed", "signed") + IN_FORCE


class PublicStatus(models.TextChoices):
    VALID = "valid", _("有效")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")
    AMENDED = "amended", _("已修改")


def public_status(state: str) -> str:
    """The status the public sees: every state in force is 有效; drafts have none."""
    if state in IN_FORCE:
        return PublicStatus.VALID
    if state in NOT_IN_FORCE:
        return state
    return ""


class NormativeDocument(models.Model):
    case = models.OneToOneField("process.Case", primary_key=True, on_delete=models.PROTECT, related_name="norm")
    agency = models.ForeignKey(Agency, verbose_name=_("制定机关"), on_delete=models.PROTECT, related_name="norms")
    # The case state, mirrored here by every transition (filters and the portal read it without a join).
    state = models.CharField(_("状态"), max_length=20, db_index=True, default="draft")
    title = models.CharField(_("标题"), max_length=300)
    number = models.CharField(_("文号"), max_length=60, blank=True, db_index=True)
    issuer = models.CharField(_("发文机关"), max_length=200)
    drafting_division = models.CharField(_("起草处室"), max_length=100)
    explanation = models.TextField(_("起草说明"), blank=True)
    # Bases outside the law registry (a provincial regulation, a superior document), one per line.
    other_bases = models.TextField(_("其他制定依据"), blank=True)
    text = models.TextField(_("正文"), blank=True)  # extracted from the current text file
    text_sha256 = models.CharField(_("正文文件摘要"), max_length=64, blank=True)
    drafted_on = models.DateField(_("起草日期"))
    reviewed_on = models.DateField(_("合法性审核通过日期"), null=True, blank=True)
    meeting = models.CharField(_("审议会议"), max_length=200, blank=True)
    signed_on = models.DateField(_("签发日期"), null=True, blank=True)
    signer = models.ForeignKey(User, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    published_on = models.DateField(_("公布日期"), null=True, blank=True, db_index=True)
    channel = models.CharField(_("公布载体"), max_length=200, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    # None: no end (documents made before the rule; or by decision). docs/norms.md.
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, db_index=True)
    filed_on = models.DateField(_("报送备案日期"), null=True, blank=True)
    filing_bodies = models.CharField(_("备案机关"), max_length=300, blank=True)
    receipt_number = models.CharField(_("备案登记号"), max_length=100, blank=True)
    receipt_on = models.DateField(_("备案回执日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    expired_on = models.DateField(_("失效日期"), null=True, blank=True)
    end_reason = models.TextField(_("废止或失效理由"), blank=True)
    replaces = models.ForeignKey("self", verbose_name=_("修改或替代的文件"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="replaced_by")
    # Decided to be amended (a clean-up or a review flag): stays in force until the amending document is published.
    to_amend = models.BooleanField(_("拟修改"), default=False)
    # Registered after the fact (存量文件补录): published before the platform, no review or signing recorded here.
    registered = models.BooleanField(_("补录"), default=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("规范性文件")
        verbose_name_plural = _("规范性文件")
        indexes = [models.Index(fields=["agency", "state", "-published_on"], name="norm_agency_state_idx")]

    def __str__(self) -> str:
        return f"《{self.title}》" + (f"（{self.number}）" if self.number else "")

    @property
    def public_status(self) -> str:
        return public_status(self.state)

    @property
    def public_status_label(self) -> str:
        s = self.public_status
        return str(PublicStatus(s).label) if s else ""

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class NormText(models.Model):
    """One uploaded official text (DOCX or PDF) with the text extracted from it. The last one is current."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="texts")
    seq = models.PositiveIntegerField()
    file = models.FileField(upload_to="norms/%Y/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8)  # docx | pdf
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["document", "seq"], name="uniq_norm_text_seq")]

    @property
    def extension(self) -> str:
        return self.kind


class LegalityReview(models.Model):
    """合法性审核 by the legal division, of one text (its SHA-256): a passed review stands only for that text."""

    class Opinion(models.TextChoices):
        PASS = "pass", _("通过")
        REVISE = "revise", _("修改后重新送审")
        FAIL = "fail", _("不予通过")

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="reviews")
    opinion = models.CharField(_("审核意见"), max_length=8, choices=Opinion.choices)
    reasons = models.TextField(_("理由"))
    text_sha256 = models.CharField(max_length=64)
    text = models.ForeignKey(NormText, null=True, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document_id", "id"]


class Citation(models.Model):
    """A legal basis: a law of the registry and the article numbers cited ([]: the law as a whole), as of the
    version in force when the document was drafted or published (``version``)."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="citations")
    law = models.ForeignKey("laws.Law", on_delete=models.PROTECT, related_name="norm_citations")
    version = models.ForeignKey("laws.LawVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    articles = models.JSONField(default=list, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)  # e.g. 第四十八条第一项

    class Meta:
        ordering = ["document_id", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "law"], name="uniq_norm_citation_law")]


class ReviewFlag(models.Model):
    """A document flagged for review: a cited law changed (with the articles) or was repealed, or the document's
    validity ends within six months. Open until someone decides (continue, amend, repeal, declare invalid)."""

    class Kind(models.TextChoices):
        LAW_CHANGED = "law_changed", _("依据的法律法规修改")
        LAW_REPEALED = "law_repealed", _("依据的法律法规废止")
        VALIDITY_ENDING = "validity_ending", _("有效期即将届满")

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("继续有效")
        AMEND = "amend", _("修改")
        REPEAL = "repeal", _("废止")
        INVALIDATE = "invalidate", _("宣布失效")
        CLOSED = "closed", _("文件已不再有效")  # set by the system when the document leaves force

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    law = models.ForeignKey("laws.Law", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    law_version = models.ForeignKey("laws.LawVersion", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    articles = models.JSONField(_("变动条文"), default=list, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    detail = models.TextField(_("说明"))
    raised_on = models.DateField(_("提示日期"))
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)
    decision = models.CharField(_("处理决定"), max_length=12, choices=Decision.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    resolved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["resolved_on", "-raised_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "law_version"], condition=models.Q(law_version__isnull=False),
                                    name="uniq_norm_flag_version"),
            models.UniqueConstraint(fields=["document", "kind", "valid_until"],
                                    condition=models.Q(kind="validity_ending"), name="uniq_norm_flag_validity"),
        ]
        indexes = [models.Index(fields=["resolved_on", "raised_on"], name="norm_flag_open_idx")]

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class NormFile(models.Model):
    """A file kept with the document other than its text: the filing receipt (备案回执) scan."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("备案回执")

    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file = models.FileField(upload_to="norms/%Y/")
    original_name = models.CharField(max_length=200)
    mime = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_on = models.DateField()

    class Meta:
        ordering = ["document_id", "id"]


class Cleanup(models.Model):
    """清理: a campaign over the agency's documents in force within a scope (issued before a date), one decision per
    document; publishing it applies the decisions and makes the results list public."""

    class State(models.TextChoices):
        OPEN = "open", _("清理中")
        PUBLISHED = "published", _("已公布")

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="norm_cleanups")
    title = models.CharField(_("名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    scope_before = models.DateField(_("清理范围：公布日期早于"))
    scope_note = models.TextField(_("范围说明"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]


class CleanupItem(models.Model):
    class Decision(models.TextChoices):
        CONTINUE = "continue", _("继续有效")
        AMEND = "amend", _("修改")
        REPEAL = "repeal", _("废止")
        INVALIDATE = "invalidate", _("宣布失效")

    cleanup = models.ForeignKey(Cleanup, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_items")
    decision = models.CharField(_("清理意见"), max_length=12, choices=Decision.choices, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["cleanup_id", "id"]
        constraints = [models.UniqueConstraint(fields=["cleanup", "document"], name="uniq_cleanup_document")]


class SearchEntry(models.Model):
    """The public full-text index entry of a published document (fazhi/norms/search.py): the title and text
    normalised so that every CJK character is a token. ``key`` orders entries newest first and is the rowid of
    the SQLite FTS5 table; on PostgreSQL two tsvector columns are added by the migration."""

    document = models.OneToOneField(NormativeDocument, primary_key=True, on_delete=models.CASCADE,
                                    related_name="search_entry")
    key = models.BigIntegerField(unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=PublicStatus.choices)
    published_on = models.DateField()
    title_n = models.TextField()
    body_n = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["status", "-key"], name="norm_search_status_idx")]
