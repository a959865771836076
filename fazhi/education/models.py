"""普法 (legal education): the agency's training of its own people, its law-knowledge contests and its public
legal-education activities.

The letter (黑档函〔2018〕15号, 五): the 全省档案法律法规知识竞赛 ("共有13支代表队伍报名参赛……最终决出一等奖1队、
二等奖2队、三等奖5队"), the lecture of the legal adviser on 行政许可法 and 行政处罚法, and (四(一)) the activities of
6.9 国际档案日 and of the 30th anniversary of the 档案法.

* ``TrainingEvent``: a lecture, a training course, online study, attending a court hearing…: date, 学时.
* ``Attendance``: who attended and for how many 学时. For an enforcement officer
  (``fazhi.inspection.models.Officer``) the attendance creates the officer's ``fazhi.officers.models.TrainingRecord``
  through ``fazhi.officers.services.training_record`` and links it (``training_record``): the TrainingRecord is
  the one source of the officer's yearly hours that the certificate rules read; the attendance's ``hours`` is
  the same figure, kept equal (a correction changes both in one transaction). A staff member who is not an
  officer attends as a user, without a TrainingRecord.
* ``Contest``, ``ContestTeam``, ``ContestRound`` (with ``RoundScore``), ``Prize``: a contest, its teams, its rounds
  and the teams' scores in each, and the prizes (one per team at most).
* ``PublicActivity``: a public legal-education activity (国家宪法日, 国际档案日, 送法进社区 …), its audience.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User
from fazhi.inspection.models import Officer
from fazhi.officers.models import TrainingRecord


class TrainingEvent(models.Model):
    class Kind(models.TextChoices):
        LECTURE = "lecture", _("讲座")
        COURSE = "course", _("培训班")
        ONLINE = "online", _("网络学习")
        TRIAL = "trial", _("旁听庭审")
        OTHER = "other", _("其他")

    agency = models.ForeignKey(Agency, verbose_name=_("举办机关"), on_delete=models.PROTECT,
                               related_name="training_events")
    title = models.CharField(_("培训名称"), max_length=200)
    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("培训日期"))
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    lecturer = models.CharField(_("授课人"), max_length=100, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    note = models.TextField(_("内容摘要"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训活动")
        verbose_name_plural = _("培训活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["agency", "date"], name="education_event_day_idx")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="attendances")
    officer = models.ForeignKey(Officer, verbose_name=_("执法人员"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="attendances")
    user = models.ForeignKey(User, verbose_name=_("工作人员"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="attendances")
    name = models.CharField(_("姓名"), max_length=100)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1)
    # The officer's training record this attendance created (None for a staff member who is not an officer).
    training_record = models.OneToOneField(TrainingRecord, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="attendance")
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("参训记录")
        verbose_name_plural = _("参训记录")
        ordering = ["event_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(officer__isnull=False, user__isnull=True)
                                   | Q(officer__isnull=True, user__isnull=False), name="education_attendance_who"),
            models.UniqueConstraint(fields=["event", "officer"], condition=Q(officer__isnull=False),
                                    name="education_attendance_officer_uniq"),
            models.UniqueConstraint(fields=["event", "user"], condition=Q(user__isnull=False),
                                    name="education_attendance_user_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.hours}"


class Contest(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("主办机关"), on_delete=models.PROTECT, related_name="contests")
    title = models.CharField(_("竞赛名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("竞赛日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("知识竞赛")
        verbose_name_plural = _("知识竞赛")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class ContestTeam(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("代表队"), max_length=100)
    unit = models.CharField(_("选派单位"), max_length=100)
    members = models.JSONField(_("队员"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("代表队")
        verbose_name_plural = _("代表队")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="education_team_name_uniq")]

    def __str__(self) -> str:
        return self.name


class ContestRound(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("赛程"), max_length=100)
    date = models.DateField(_("日期"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("赛程")
        verbose_name_plural = _("赛程")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="education_round_name_uniq")]

    def __str__(self) -> str:
        return self.name


class RoundScore(models.Model):
    round = models.ForeignKey(ContestRound, on_delete=models.CASCADE, related_name="scores")
    team = models.ForeignKey(ContestTeam, on_delete=models.CASCADE, related_name="round_scores")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "team"], name="education_round_score_uniq")]


class Prize(models.Model):
    class Level(models.TextChoices):
        FIRST = "first", _("一等奖")
        SECOND = "second", _("二等奖")
        THIRD = "third", _("三等奖")
        EXCELLENCE = "excellence", _("优秀奖")

    team = models.OneToOneField(ContestTeam, on_delete=models.CASCADE, related_name="prize")
    level = models.CharField(_("奖项"), max_length=12, choices=Level.choices)
    awarded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("获奖")
        verbose_name_plural = _("获奖")

    def __str__(self) -> str:
        return f"{self.team_id} {self.level}"


class PublicActivity(models.Model):
    class Kind(models.TextChoices):
        CONSTITUTION_DAY = "constitution_day", _("国家宪法日")
        ARCHIVES_DAY = "archives_day", _("国际档案日")
        ARCHIVES_LAW = "archives_law", _("档案法宣传")
        COMMUNITY = "community", _("送法进社区")
        VILLAGE = "village", _("送法进乡村")
        SCHOOL = "school", _("法治进校园")
        ENTERPRISE = "enterprise", _("送法进企业")
        AGENCY = "agency", _("法治进机关")
        EXHIBITION = "exhibition", _("展览参观")
        OTHER = "other", _("其他")

    agency = models.ForeignKey(Agency, verbose_name=_("举办机关"), on_delete=models.PROTECT,
                               related_name="public_activities")
    date = models.DateField(_("日期"))
    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    audience = models.PositiveIntegerField(_("受众人数"), default=0)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("活动内容"), blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("普法宣传活动")
        verbose_name_plural = _("普法宣传活动")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["agency", "date"], name="education_activity_day_idx")]

    def __str__(self) -> str:
        return self.title
