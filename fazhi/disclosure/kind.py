"""The 政府信息公开申请 request kind: its process definition (process.py) and its registration with the one intake
(fazhi/requests).

The form asks what 条例第二十九条第二款 asks: the information wanted (its name, 文号 or other description that lets the
agency find it) and the form of provision and the way of obtaining it. The requester's name, identity and contact
details are the intake's. It does **not** ask what the information is for: the 2019 revision removed the
"根据自身生产、生活、科研等特殊需要" condition of the 2007 regulation (原第十三条); only an unreasonable number or
frequency of requests lets the agency ask for reasons (第三十五条)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.disclosure import process  # noqa: F401  (registers the "disclosure" process definition)
from fazhi.disclosure.results import REG
from fazhi.process.definition import FieldSpec
from fazhi.requests.kinds import RequestKind, register_kind

FORMS = (
    ("paper", _("纸质文本")),
    ("electronic", _("电子文档")),
    ("disc", _("光盘")),
    ("other", _("其他")),
)
WAYS = (
    ("post", _("邮寄")),
    ("pickup", _("自行领取")),
    ("email", _("电子邮件")),
)
ORG_TYPES = (
    ("business", _("商业企业")),
    ("research", _("科研机构")),
    ("public_interest", _("社会公益组织")),
    ("legal_service", _("法律服务机构")),
    ("other", _("其他")),
)

FIELDS = (
    FieldSpec("description", _("所需政府信息的内容描述"), "textarea",
              help=_("写明信息的名称或者便于查询的特征性描述，如事项、时间、地域（条例第二十九条第二款第（二）项）。")),
    FieldSpec("document_title", _("文件名称（如知道）"), required=False),
    FieldSpec("document_number", _("文号（如知道）"), required=False),
    FieldSpec("form", _("所需信息的提供形式"), "choice", choices=FORMS),
    FieldSpec("way", _("获取信息的方式"), "choice", choices=WAYS),
    FieldSpec("email", _("电子邮箱（以电子邮件获取时必填）"), required=False),
    FieldSpec("org_type", _("法人或其他组织的类别（法人或其他组织申请时必填）"), "choice", required=False,
              choices=ORG_TYPES),
)

GUIDE = _(
    "向本机关申请获取政府信息。无需说明用途：2019年修订的《中华人民共和国政府信息公开条例》已取消“根据自身生产、生活、"
    "科研等特殊需要”的申请条件。网上提交的，以本机关确认收到之日为收到申请之日（第三十一条第（三）项）；本机关自收到"
    "申请之日起20个工作日内答复，需要延长的最长延长20个工作日（第三十三条）；申请内容不明确的，本机关在7个工作日内"
    "一次性告知补正（第三十条）。"
)


def _validate(fields: dict, *, received_on=None, today=None, channel: str = "") -> dict:
    from fazhi.disclosure.services import validate_fields

    return validate_fields(fields)


def _on_submit(request, fields: dict) -> None:
    from fazhi.disclosure.services import on_submit

    on_submit(request, fields)


DISCLOSURE_KIND = register_kind(RequestKind(
    code="disclosure",
    label=_("政府信息公开申请"),
    process_code="disclosure",
    number_code="GK",
    fields=FIELDS,
    allow_anonymous=False,
    confidential=False,
    legal_basis=f"{REG}第二十七条、第二十九条、第三十一条、第三十三条",
    on_submit=_on_submit,
    validate=_validate,
    guide=GUIDE,
))
