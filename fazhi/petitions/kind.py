"""The 信访 request kind: its process definition (fazhi/petitions/process.py, registered on import) and its
registration with the one intake (fazhi/requests). Petitions come by letter, visit, phone, fax, e-mail or online
(《信访工作条例》第十七条); a petition states the petitioner's name, address, request, facts and reasons (第十九条)
and is not anonymous."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.petitions import process  # noqa: F401  (registers the "petition" process definition)
from fazhi.petitions.services import kind_on_submit, kind_validate
from fazhi.process.definition import FieldSpec
from fazhi.requests.kinds import RequestKind, register_kind

PETITION_KIND = register_kind(RequestKind(
    code="petition",
    label=_("信访"),
    process_code=process.CODE,
    number_code="XF",
    fields=(
        FieldSpec("matter", _("信访事项（简要）")),
        FieldSpec("request", _("请求"), "textarea"),
        FieldSpec("facts", _("事实和理由"), "textarea"),
        # Registered by staff at a visit (条例第十八条: more than five persons name at most five representatives).
        FieldSpec("persons", _("来访人数"), "int", required=False),
        FieldSpec("representatives", _("推选的代表（每行一人，不超过5人）"), "list", required=False),
    ),
    allow_anonymous=False,
    legal_basis="《信访工作条例》第十七条、第十九条、第二十三条",
    on_submit=kind_on_submit,
    validate=kind_validate,
    guide=_("请写明您的姓名、联系方式、请求以及事实和理由。本机关自收到之日起15日内书面告知是否受理；受理的，自受理之日起"
            "60日内办结（情况复杂的，经负责人批准可延长，最多30日）。对处理意见不服的，可以自收到书面答复之日起30日内请求"
            "上一级机关复查；对复查意见不服的，可以自收到之日起30日内请求复核（《信访工作条例》第二十三条、第三十五条至第三十七条）。"
            "依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，请通过相应途径提出。"),
    staff_only_fields=("persons", "representatives"),
))
