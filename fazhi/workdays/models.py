"""The working-day calendar: which years are loaded, and their special days.

A year is *loaded* when a ``CalendarYear`` row exists. Its ``SpecialDay`` rows are the exceptions to the
Monday-to-Friday rule, per the State Council's yearly notice (国务院办公厅关于部分节假日安排的通知):
statutory holidays (法定节假日, incl. the weekend days inside a holiday block) and make-up working days
(调休上班) on weekends. A year without a row is computed on a weekends-only assumption and every deadline
that touches it is marked provisional (see ``fazhi.workdays.calendar``).

Writes go through ``fazhi.workdays.calendar.calendar_load_year`` / ``calendar_seed_from_chinesecalendar``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    class Source(models.TextChoices):
        CHINESECALENDAR = "chinesecalendar", _("chinesecalendar 数据包")
        ADMIN = "admin", _("管理员导入")

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    loaded_at = models.DateTimeField(_("导入时间"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=["chinesecalendar", "admin"]), name="workdays_calendaryear_source"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("放假")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # Chinese, e.g. 春节, 国庆节, 春节调休上班.
    name = models.CharField(_("名称"), max_length=64)
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年份"), on_delete=models.CASCADE, related_name="special_days"
    )

    class Meta:
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=["holiday", "workday"]), name="workdays_specialday_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
