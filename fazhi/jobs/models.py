"""Background jobs kept in the database (docs/deployment.md): any number of ``fazhi worker`` processes take them
without duplicates; and named locks (leases) for databases without advisory locks."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("运行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=100)
    payload = models.JSONField(_("参数"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(_("已尝试次数"), default=0)
    max_attempts = models.PositiveIntegerField(_("最多尝试次数"), default=5)
    run_after = models.DateTimeField(_("最早运行时间"), default=timezone.now)
    # At most one queued or running job per non-empty key (e.g. the periodic clock tick): several workers
    # scheduling the same periodic job at once create it once.
    dedupe_key = models.CharField(max_length=200, blank=True, default="")
    locked_by = models.CharField(_("运行者"), max_length=200, blank=True, default="")
    locked_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        indexes = [models.Index(fields=["state", "run_after"], name="jobs_job_state_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], name="jobs_job_one_pending_per_key",
                condition=Q(state__in=["queued", "running"]) & ~Q(dedupe_key=""),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} ({self.state})"


class Lock(models.Model):
    """A named lease: held by ``holder`` until ``expires_at`` (fazhi.jobs.locks, used where the database has no
    advisory locks, i.e. SQLite)."""

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.holder or '-'}"
