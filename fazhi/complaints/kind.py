"""The two request kinds of 投诉举报, registered with the one intake (fazhi/requests), and their process definition.

* 投诉 ("complaint"): the requester's own rights or interests were harmed (e.g. an archives service refused or
  mishandled their request). Never anonymous: the agency answers the person whose rights are at stake.
* 举报 ("report"): a violation of the archives law by anyone. May be anonymous; the reporter's identity is
  always confidential (举报人信息保密): shown only to the officers designated for the request.

Both run the "complaint_report" process (fazhi/complaints/process.py); the time limits are the agency's own
rules (docs/complaints.md).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.complaints.process import ACCEPT_WORKDAYS, EXTENSION_DAYS, HANDLE_DAYS, PROCESS_CODE, RULES
from fazhi.process.definition import FieldSpec
from fazhi.requests.kinds import RequestKind, register_kind

LETTER_REF = FieldSpec("letter_ref", gettext_lazy("来信来电登记号（工作人员填写）"), required=False)

COMPLAINT_FIELDS = (
    FieldSpec("subject", gettext_lazy("被投诉的单位或个人")),
    FieldSpec("facts", gettext_lazy("投诉事项和事实经过"), "textarea"),
    FieldSpec("demand", gettext_lazy("具体诉求"), "textarea"),
    FieldSpec("evidence", gettext_lazy("证据材料说明"), "textarea", required=False),
    LETTER_REF,
)

REPORT_FIELDS = (
    FieldSpec("subject", gettext_lazy("被举报的单位或个人")),
    FieldSpec("subject_address", gettext_lazy("被举报对象的地址"), required=False),
    FieldSpec("facts", gettext_lazy("涉嫌违反档案法律法规的事实"), "textarea",
              help=gettext_lazy("请写明时间、地点、涉及的档案和违法行为；不必在此填写您本人的信息。")),
    FieldSpec("occurred_on", gettext_lazy("违法行为发生日期"), "date", required=False),
    FieldSpec("evidence", gettext_lazy("证据或线索"), "textarea", required=False),
    LETTER_REF,
)


def validate(fields: dict, *, received_on: dt.date, today: dt.date, channel: str = "") -> dict:
    """Checks beyond the field types: the subject is named, the violation is not in the future."""
    errors: dict[str, list[str]] = {}
    if len(fields.get("subject", "")) > 200:
        errors["subject"] = [_("被投诉举报对象的名称过长（最多200字）。")]
    occurred = fields.get("occurred_on")
    if occurred and dt.date.fromisoformat(occurred) > received_on:
        errors["occurred_on"] = [_("违法行为发生日期不能晚于收到日期。")]
    return errors


def _on_submit(request, fields):
    from fazhi.complaints.services import complaint_on_submit

    complaint_on_submit(request=request, fields=fields)


_LIMITS = gettext_lazy("本机关自收到之日起%(accept)s个工作日内决定是否受理并告知；受理后%(handle)s日内办结并答复，"
                       "情况复杂的经批准可延长%(extend)s日。凭办件编号和查询码可查询办理状态、期限和答复文书。")


class _Guide:
    """The guide text with the configured limits, in the active language."""

    def __init__(self, lead):
        self.lead = lead

    def __str__(self) -> str:
        return str(self.lead) + str(_LIMITS) % {"accept": ACCEPT_WORKDAYS, "handle": HANDLE_DAYS,
                                                "extend": EXTENSION_DAYS}


COMPLAINT = register_kind(RequestKind(
    code="complaint",
    label=gettext_lazy("投诉"),
    process_code=PROCESS_CODE,
    number_code="TS",
    fields=COMPLAINT_FIELDS,
    allow_anonymous=False,
    confidential=False,
    legal_basis=f"《中华人民共和国档案法》（2020年修订）第六章“监督检查”；{RULES}",
    on_submit=_on_submit,
    validate=validate,
    guide=_Guide(gettext_lazy("您本人的合法权益受到档案工作中的违法或不当行为侵害的，可以投诉。投诉须实名。")),
    staff_only_fields=("letter_ref",),
))

REPORT = register_kind(RequestKind(
    code="report",
    label=gettext_lazy("举报"),
    process_code=PROCESS_CODE,
    number_code="JB",
    fields=REPORT_FIELDS,
    allow_anonymous=True,
    confidential=True,
    legal_basis=f"《中华人民共和国档案法》（2020年修订）第六章“监督检查”；{RULES}（举报人信息保密）",
    on_submit=_on_submit,
    validate=validate,
    guide=_Guide(gettext_lazy("任何单位和个人发现违反档案法律法规的行为，都可以举报；可以匿名。"
                              "举报人的姓名、证件号码、电话和地址严格保密，仅指定的承办人员可见。")),
    staff_only_fields=("letter_ref",),
))
