"""The 行政复议 request kind: registered with the one intake (fazhi/requests), its process definitions imported.

An application is filed online (an account), or registered by staff from a letter (post) or a visit (in person;
复议法第二十二条: an oral application is recorded on the spot) with its real receipt date. The intake checks the
60-day application period (fazhi/reconsideration/limits.py) and on_submit creates the ``Reconsideration`` row.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.process.definition import FieldSpec
from fazhi.reconsideration import process  # noqa: F401  (registers the two process definitions)
from fazhi.reconsideration.limits import validate_application
from fazhi.reconsideration.models import Reconsideration
from fazhi.requests.kinds import RequestKind, register_kind


def _on_submit(request, fields):
    from fazhi.reconsideration.services import application_received

    application_received(request=request, fields=fields)


FIELDS = (
    FieldSpec("respondent", _("被申请人（作出行政行为的行政机关）")),
    FieldSpec("act_title", _("不服的行政行为（如：行政处罚决定、不予行政许可决定）")),
    FieldSpec("act_number", _("行政行为的文号"), required=False, help=_("如：黑档罚〔2026〕3号。没有文号的可以不填。")),
    FieldSpec("act_date", _("行政行为作出日期"), "date", required=False),
    FieldSpec("known_on", _("知道或者应当知道该行政行为之日"), "date",
              help=_("如收到决定书之日。申请期限为六十日，自该日的次日起算（《中华人民共和国行政复议法》第二十条）。")),
    FieldSpec("request", _("行政复议请求"), "textarea", help=_("如：请求撤销该行政处罚决定。")),
    FieldSpec("facts_reasons", _("事实和理由"), "textarea"),
    FieldSpec("limit_exception", _("逾期理由（超过六十日申请期限时选择）"), "choice", required=False,
              choices=tuple(Reconsideration.LimitException.choices)),
    FieldSpec("limit_exception_note", _("逾期理由说明（障碍发生和消除的时间，或者未被告知的情况）"), "textarea",
              required=False),
    FieldSpec("remedy_known_on", _("知道申请行政复议的权利、复议机关和期限之日（作出行政行为时未被告知的填写）"), "date",
              required=False),
    FieldSpec("linked_case_number", _("本平台办件编号（被申请复议的处罚、许可办件）"), required=False),
)

RECONSIDERATION_KIND = register_kind(RequestKind(
    code="reconsideration",
    label=_("行政复议申请"),
    process_code="reconsideration",
    number_code="FY",
    fields=FIELDS,
    allow_anonymous=False,
    legal_basis="《中华人民共和国行政复议法》（2023年修订）第二十条、第二十二条、第三十条、第三十一条",
    on_submit=_on_submit,
    validate=validate_application,
    guide=_("认为行政行为侵犯您的合法权益的，可以自知道或者应当知道该行政行为之日起六十日内申请行政复议（第二十条）。"
            "本机关收到申请后五个工作日内审查决定是否受理，材料不齐全的一次性书面通知补正（第三十条、第三十一条）；"
            "受理后一般自受理之日起六十日内作出行政复议决定，情况复杂的经批准可延长不超过三十日，适用简易程序的三十日内作出"
            "（第六十二条）。行政复议不收取任何费用（第八十七条）。"),
    staff_only_fields=("linked_case_number",),
))
