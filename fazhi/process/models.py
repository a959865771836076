"""Cases, their clocks, their hash-chained events and the documents issued on them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Agency, User


class Case(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网上申请")
        COUNTER = "counter", _("窗口递交")
        POST = "post", _("邮寄")
        EX_OFFICIO = "ex_officio", _("依职权")
        VISIT = "visit", _("来访")
        PHONE = "phone", _("电话")
        FAX = "fax", _("传真")
        EMAIL = "email", _("电子邮件")

    class PartyKind(models.TextChoices):
        PERSON = "person", _("自然人")
        LEGAL_PERSON = "legal_person", _("法人或其他组织")

    kind = models.CharField(_("类型"), max_length=40, db_index=True)
    number = models.CharField(_("办件编号"), max_length=40, unique=True)
    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(
        User, verbose_name=_("申请人账号"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    party_kind = models.CharField(_("申请人类型"), max_length=16, choices=PartyKind.choices)
    party_name = models.CharField(_("申请人"), max_length=100)
    party_id_number = models.CharField(_("证件号码"), max_length=18, blank=True)
    party_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    party_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"))
    # The date of the latest complete submission: equals received_on unless a correction was made.
    submitted_on = models.DateField(_("提交日期"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=40, db_index=True)
    outcome = models.CharField(_("结果"), max_length=20, blank=True)
    data = models.JSONField(_("申请内容"), default=dict, blank=True)
    # The earliest due date among running clocks: the inbox orders by it.
    next_due = models.DateField(null=True, blank=True, db_index=True)
    verification_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    # Head of the event chain: detects a deleted last event.
    event_count = models.PositiveIntegerField(default=0)
    last_event_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        indexes = [
            models.Index(fields=["agency", "kind", "state", "next_due"], name="case_inbox_idx"),
            models.Index(fields=["applicant", "-created_at"], name="case_applicant_idx"),
            # The publicity lists (行政执法公示, 国办发〔2018〕118号): published decisions of a kind, newest first,
            # and their count, read from this small index instead of every case of the kind.
            models.Index(fields=["kind", "-decided_on", "-id"], name="case_published_idx",
                         condition=models.Q(published_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def definition(self):
        from fazhi.process.definition import get_definition

        return get_definition(self.kind)

    @property
    def state_label(self) -> str:
        try:
            return self.definition.state(self.state).label
        except KeyError:
            return self.state

    @property
    def public_state_label(self) -> str:
        s = self.definition.state(self.state)
        return s.public_label or s.label


class Clock(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", _("计时中")
        PAUSED = "paused", _("已中止")
        STOPPED = "stopped", _("已停止")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clocks")
    name = models.CharField(max_length=40)
    label = models.CharField(max_length=60)
    budget = models.PositiveIntegerField()
    unit = models.CharField(max_length=10)
    legal_basis = models.CharField(max_length=200)
    started_on = models.DateField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    extension_days = models.PositiveIntegerField(default=0)
    due = models.DateField(null=True, blank=True)
    provisional = models.BooleanField(default=False)
    stopped_on = models.DateField(null=True, blank=True)
    # Incremented when the clock restarts (e.g. intake after a correction); older rounds stay recorded.
    round = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "name", "round"], name="uniq_clock_round")]
        indexes = [models.Index(fields=["state", "due"], name="clock_state_due_idx")]
        ordering = ["id"]

    @property
    def on_time(self) -> bool | None:
        if self.state != self.State.STOPPED or self.due is None or self.stopped_on is None:
            return None
        return self.stopped_on <= self.due


class ClockPause(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=100)
    paused_on = models.DateField()
    resumed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["paused_on", "id"]


class ClockExtension(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveIntegerField()
    reason = models.TextField()
    approver = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField()
    legal_basis = models.CharField(max_length=200, blank=True)


def _canonical(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


class CaseEvent(models.Model):
    """Append-only, hash-chained per case: each event stores the hash of its predecessor."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    on = models.DateField(_("业务日期"))
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=100)
    transition = models.CharField(max_length=40)
    label = models.CharField(max_length=100)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["case_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="uniq_case_event_seq")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Case events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Case events are append-only.")

    def payload(self) -> dict:
        return {
            "case": self.case.number if self.case_id else "",
            "seq": self.seq,
            # Always UTC, so the hash does not depend on the time zone the value was written or read in.
            "at": self.at.astimezone(dt.UTC).isoformat(),
            "on": self.on.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "comment": self.comment,
            "data": self.data,
            "prev": self.prev_hash,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(_canonical(self.payload())).hexdigest()


class CaseDocument(models.Model):
    """A document issued on a case (a DOCX in GB/T 9704 layout)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=100)
    number = models.CharField(_("发文字号"), max_length=60, unique=True)
    issued_on = models.DateField()
    file = models.FileField(upload_to="documents/%Y/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    event = models.ForeignKey(CaseEvent, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issued_on", "id"]

    @property
    def filename(self) -> str:
        return f"{self.number}{self.title}.docx"
