"""Manual items of the 主动公开目录: what no other capability publishes (the agency's functions and contacts, plans,
statistics, personnel and finance information, the 政府信息公开工作年度报告 …).

An item is made (``made_on``, 制作或者获取日期) and may change later (``changed_on``); 《政府信息公开条例》第二十六条
wants it public within 20 working days of either. The public sees what was last published (``published``: the
fields as published, and ``published_file``), never the working copy staff are editing: an edit of a published item
leaves the public version as it was and marks the item ``pending`` until it is published again, and the clock runs
from the change (fazhi/openinfo/deadline.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.openinfo.categories import CHOICES


class CatalogueItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("未公开")
        PUBLISHED = "published", _("已公开")
        WITHDRAWN = "withdrawn", _("已撤回")

    agency = models.ForeignKey("core.Agency", verbose_name=_("机关"), on_delete=models.PROTECT,
                               related_name="openinfo_items")
    category = models.CharField(_("类别"), max_length=32, choices=CHOICES)
    title = models.CharField(_("名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    summary = models.TextField(_("内容概述"), max_length=2000, blank=True)
    body = models.TextField(_("正文"), max_length=50000, blank=True)
    attachment = models.FileField(_("附件"), upload_to="openinfo/%Y/", blank=True, max_length=200)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_mime = models.CharField(max_length=64, blank=True)
    made_on = models.DateField(_("制作或者获取日期"))
    changed_on = models.DateField(_("变更日期"), null=True, blank=True)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The working copy is not public yet: never published, or changed since the last publication.
    pending = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=0)  # publications so far
    first_published_on = models.DateField(_("首次公开日期"), null=True, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    published_due_on = models.DateField(null=True, blank=True)  # the 第二十六条 due date of that publication
    published = models.JSONField(default=dict, blank=True)  # the fields as the public sees them
    published_file = models.FileField(upload_to="openinfo/%Y/", blank=True, max_length=200)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdraw_reason = models.CharField(max_length=500, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("主动公开事项")
        verbose_name_plural = _("主动公开事项")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "agency"], name="openinfo_status_agency"),
                   models.Index(fields=["pending", "agency"], name="openinfo_pending")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not (self.title or "").strip():
            errors.setdefault("title", []).append(_("请填写“名称”。"))
        if self.changed_on and self.made_on and self.changed_on < self.made_on:
            errors.setdefault("changed_on", []).append(_("变更日期不能早于制作或者获取日期。"))
        if self.published_on and self.made_on and self.published_on < self.made_on:
            errors.setdefault("published_on", []).append(_("公开日期不能早于制作或者获取日期。"))
        if errors:
            raise ValidationError(errors)

    @property
    def clock_start(self):
        """The day the 20 working days of 第二十六条 run from: the last change, else the making."""
        return self.changed_on or self.made_on

    @property
    def is_update(self) -> bool:
        return self.version > 1
