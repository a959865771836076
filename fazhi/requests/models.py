"""What the public brings (群众诉求): one intake for complaints and reports, petitions, disclosure requests and
reconsideration applications. Each request is a process case of its kind's definition; this row holds what the
intake knows: the kind, its form fields, anonymity, the confidentiality of a reporter, duplicates and transfers.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import User


class PublicRequest(models.Model):
    case = models.OneToOneField("process.Case", on_delete=models.PROTECT, related_name="public_request")
    kind = models.CharField(_("类型"), max_length=20, db_index=True)
    # The kind's own form (fazhi/requests/kinds.py: RequestKind.fields), cleaned.
    fields = models.JSONField(_("诉求内容"), default=dict, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=False)
    # 举报人信息保密: the requester's identity is shown only to the designated officers (and masked everywhere
    # else: pages, API, exports, the audit view of events). Always true for reports.
    confidential = models.BooleanField(_("身份保密"), default=False)
    designated = models.ManyToManyField(User, verbose_name=_("指定知悉人员"), blank=True, related_name="+")
    duplicate_of = models.ForeignKey("self", verbose_name=_("重复诉求"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    transferred_to = models.CharField(_("转送机关"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("群众诉求")
        verbose_name_plural = _("群众诉求")

    @property
    def kind_label(self) -> str:
        from fazhi.requests.kinds import get_kind

        spec = get_kind(self.kind)
        return str(spec.label) if spec else self.kind
