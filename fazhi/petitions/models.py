"""Petitions (信访): what the petition adds to the intake's request — the matter, how many came and who spoke for
them — and the register of visits (来访登记).

The petition is a process case of kind "petition" (fazhi/petitions/process.py) filed through the one intake
(fazhi/requests); its form fields (the matter, the request, the facts) are on ``PublicRequest.fields``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import User

# 集体访: five persons or more is the usual reckoning in petition statistics (the regulation's 第十八条 limits the
# representatives of a multi-person visit to five).
COLLECTIVE_PERSONS = 5
MAX_REPRESENTATIVES = 5


class Petition(models.Model):
    class Category(models.TextChoices):
        SUGGESTION = "suggestion", _("建议意见类")
        ACCUSATION = "accusation", _("检举控告类")
        CLAIM = "claim", _("申诉求决类")

    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="petition")
    request = models.OneToOneField("requests.PublicRequest", on_delete=models.PROTECT, related_name="petition")
    matter = models.CharField(_("信访事项"), max_length=200)
    # Set when the petition is accepted (条例第三十一条至第三十三条: each kind is handled its own way).
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices, blank=True)
    persons = models.PositiveIntegerField(_("人数"), default=1)
    representatives = models.JSONField(_("代表"), default=list, blank=True)

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")

    def __str__(self) -> str:
        return f"{self.case.number} {self.matter}"

    @property
    def collective(self) -> bool:
        return self.persons >= COLLECTIVE_PERSONS


class Visit(models.Model):
    """One visit (来访) about a petition: the first one (a petition registered at a visit) and every later one."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField(_("来访日期"))
    persons = models.PositiveIntegerField(_("来访人数"), default=1)
    representatives = models.JSONField(_("代表"), default=list, blank=True)
    officer = models.ForeignKey(User, verbose_name=_("接待人员"), on_delete=models.PROTECT, related_name="+")
    # 领导接访: a leader of the agency received the visitors (the letter: 局（馆）领导班子接待群众来信来访的规定).
    leader_received = models.BooleanField(_("领导接待"), default=False)
    summary = models.TextField(_("接谈情况"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("来访登记")
        verbose_name_plural = _("来访登记")
        ordering = ["visited_on", "id"]

    @property
    def collective(self) -> bool:
        return self.persons >= COLLECTIVE_PERSONS
