"""The process of a complaint (投诉) or a report (举报): one definition, "complaint_report", serves both kinds.

registered (the one intake, fazhi/requests) → the intake decision: accept, not accept with the reason
(不予受理告知书), transfer to the competent agency with notice (转送告知书), or mark as a duplicate of an earlier
request (重复投诉举报告知书) → handling by the designated officers (指定承办人员: they alone see a reporter's identity),
who record their findings and may turn a report into a penalty case (转立案查处, 行政处罚法第五十四条第二款) → the reply to
the requester (投诉处理答复书 / 举报处理结果告知书) → closed.

Time limits. No law or regulation sets time limits for complaints and reports to an archives authority, and
docs/domain.md has no statutory entry for them: the limits below are the agency's own rules, cited as such and
configurable (settings FAZHI_COMPLAINTS_ACCEPT_WORKDAYS, FAZHI_COMPLAINTS_HANDLE_DAYS,
FAZHI_COMPLAINTS_EXTENSION_DAYS, FAZHI_COMPLAINTS_RULES). Their defaults follow, by analogy only, the intake limit
of 《市场监督管理投诉举报处理暂行办法》 (seven working days to decide whether to accept) and the handling limit of
《信访工作条例》 (sixty days from acceptance, extendable by at most thirty with approval). The analogies are named
in the legal basis as analogies; no archives-specific article is cited because there is none.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role
from fazhi.process.definition import (
    ClockEffect,
    ClockSpec,
    FieldSpec,
    ProcessDefinition,
    State,
    Transition,
    register,
    resolver,
)

HANDLER = Role.CASE_HANDLER.value
OFFICER = Role.ENFORCEMENT_OFFICER.value
HEAD = Role.SECTION_HEAD.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value
LEADERS = (DEPUTY, DIRECTOR)
DECIDERS = (HEAD, *LEADERS)  # the intake decision, the designation, the reply (signed by the agency)

ACCEPT_WORKDAYS = int(getattr(settings, "FAZHI_COMPLAINTS_ACCEPT_WORKDAYS", 7))
HANDLE_DAYS = int(getattr(settings, "FAZHI_COMPLAINTS_HANDLE_DAYS", 60))
EXTENSION_DAYS = int(getattr(settings, "FAZHI_COMPLAINTS_EXTENSION_DAYS", 30))
RULES = str(getattr(settings, "FAZHI_COMPLAINTS_RULES", "") or "本机关投诉举报处理规定")

PROCESS_CODE = "complaint_report"

ACCEPTANCE = ClockSpec(
    "acceptance", _("受理决定期限"), ACCEPT_WORKDAYS, "workday",
    f"{RULES}（自收到之日起{ACCEPT_WORKDAYS}个工作日内决定是否受理并告知；"
    "参照《市场监督管理投诉举报处理暂行办法》七个工作日内作出受理决定的做法，非档案法规定的期限）",
    starts_from="received_on",
)
HANDLING = ClockSpec(
    "handling", _("办理答复期限"), HANDLE_DAYS, "calendar",
    f"{RULES}（自受理之日起{HANDLE_DAYS}日内办结并答复；参照《信访工作条例》六十日办结的做法，非档案法规定的期限）",
    max_extension=EXTENSION_DAYS,
    extension_basis=f"{RULES}（情况复杂的，经本机关负责人批准可延长，延长不超过{EXTENSION_DAYS}日，"
                    "延长理由记录在案并告知诉求人；参照《信访工作条例》）",
)


_services = resolver("fazhi.complaints.services")


def _build_document(case, transition, kind, ctx, number):
    from fazhi.complaints.documents import build

    return build(case, kind, ctx, number)


def _field_options(case):
    from fazhi.complaints.selectors import field_options

    return field_options(case)


HANDLERS_FIELD = FieldSpec("handlers", _("指定承办人员（可知悉诉求人身份）"), "list",
                           help=_("被指定的人员才能看到诉求人的姓名、证件号码、电话和地址。"))

REFUSAL_GROUNDS = (
    ("not_archives", _("不属于档案行政管理职责范围")),
    ("no_facts", _("没有具体的被投诉举报对象或违法事实线索")),
    ("other_channel", _("已经或者依法应当通过诉讼、仲裁、行政复议等途径解决")),
    ("handled", _("已经依法处理，且未提供新的事实和理由")),
    ("other", _("其他（在理由中写明）")),
)

COMPLAINT_REPORT = register(ProcessDefinition(
    code=PROCESS_CODE,
    name=_("投诉举报"),
    initial="registered",
    legal_basis=f"《中华人民共和国档案法》（2020年修订）第六章“监督检查”；{RULES}",
    number_code="诉",
    states=(
        State("registered", _("已登记，待决定是否受理"), _("已收到，待受理")),
        State("handling", _("已受理，核查办理中"), _("已受理，办理中")),
        State("pending_reply", _("核查完毕，待答复"), _("已受理，办理中")),
        State("closed", _("已答复，办结"), _("已答复"), terminal=True),
        State("not_accepted", _("不予受理（已告知）"), _("不予受理"), terminal=True),
        State("transferred", _("已转送有权处理的机关（已告知）"), _("已转送其他机关"), terminal=True),
        State("duplicate", _("重复诉求（已告知）"), _("重复诉求，已告知"), terminal=True),
    ),
    clocks=(ACCEPTANCE, HANDLING),
    start_effects=(ClockEffect("start", "acceptance"),),
    document_builder=_build_document,
    document_titles={"acceptance_notice": "受理告知书", "refusal_notice": "不予受理告知书",
                     "transfer_notice": "转送告知书", "duplicate_notice": "重复投诉举报告知书",
                     "reply": "答复书"},
    field_options=_field_options,
    transitions=(
        Transition(
            "accept", _("受理并指定承办人员"), ("registered",), "handling", DECIDERS,
            legal_basis=ACCEPTANCE.legal_basis,
            effects=(ClockEffect("stop", "acceptance"), ClockEffect("start", "handling")),
            document="acceptance_notice", fields=(HANDLERS_FIELD,), guard=_services("guard_common"),
            hook=_services("hook_accept"), style="primary",
        ),
        Transition(
            "refuse", _("不予受理"), ("registered",), "not_accepted", DECIDERS,
            legal_basis=ACCEPTANCE.legal_basis, effects=(ClockEffect("stop", "acceptance"),),
            document="refusal_notice", comment_required=True, guard=_services("guard_common"),
            hook=_services("hook_refuse"), style="danger",
            fields=(FieldSpec("ground", _("不予受理的理由"), "choice", choices=REFUSAL_GROUNDS),),
        ),
        Transition(
            "transfer", _("转送有权处理的机关"), ("registered",), "transferred", DECIDERS,
            legal_basis=f"{RULES}（不属于本机关职责的，转送有权处理的机关并告知诉求人；"
                        "参照《信访工作条例》关于转送、交办的规定）",
            effects=(ClockEffect("stop", "acceptance"),), document="transfer_notice", comment_required=True,
            guard=_services("guard_common"), hook=_services("hook_transfer"),
            fields=(FieldSpec("to_agency", _("转送机关")),),
        ),
        Transition(
            "mark_duplicate", _("重复诉求，告知诉求人"), ("registered",), "duplicate", DECIDERS,
            legal_basis=f"{RULES}（同一诉求人就同一事项重复提出、且未提供新的事实和理由的，告知其已受理或已办结的情况，不再重复受理）",
            effects=(ClockEffect("stop", "acceptance"),), document="duplicate_notice",
            guard=_services("guard_common"), hook=_services("hook_duplicate"),
            fields=(FieldSpec("earlier", _("此前诉求的办件编号")),),
        ),
        Transition(
            "designate", _("调整指定承办人员"), ("registered", "handling", "pending_reply"), None, DECIDERS,
            legal_basis=f"{RULES}（举报人的姓名、联系方式等信息仅限指定人员知悉，严格保密）",
            fields=(HANDLERS_FIELD,), guard=_services("guard_common"), hook=_services("hook_designate"),
            inbox=False, public=False,
        ),
        Transition(
            "open_penalty", _("转立案查处（登记行政处罚案源）"), ("handling",), None, (OFFICER, *DECIDERS),
            legal_basis="《中华人民共和国行政处罚法》第五十四条第二款（符合立案标准的，行政机关应当及时立案）；"
                        "《档案行政处罚程序规定》（国家档案局令第20号）",
            guard=_services("guard_open_penalty"), hook=_services("hook_open_penalty"), inbox=False, public=False,
            fields=(
                FieldSpec("party_name", _("涉嫌违法的单位或个人")),
                FieldSpec("party_type", _("当事人类型"), "choice", choices=(
                    ("unit", _("单位")), ("individual", _("个人")),
                    ("archives_service_enterprise", _("档案服务企业")))),
                FieldSpec("party_id_number", _("统一社会信用代码或身份证号码")),
                FieldSpec("party_address", _("当事人地址")),
                FieldSpec("clue", _("案源情况（违法线索，不写举报人信息）"), "textarea"),
            ),
        ),
        Transition(
            "record_findings", _("记录核查情况"), ("handling",), "pending_reply", (HANDLER, OFFICER, HEAD),
            legal_basis=f"{RULES}（由指定承办人员核查）", guard=_services("guard_findings"),
            hook=_services("hook_findings"), public=False, style="primary",
            fields=(
                FieldSpec("result", _("核查结论"), "choice", choices=(
                    ("substantiated", _("属实")), ("partly", _("部分属实")), ("unsubstantiated", _("不属实")))),
                FieldSpec("findings", _("核查情况"), "textarea"),
            ),
        ),
        Transition(
            "return_findings", _("退回补充核查"), ("pending_reply",), "handling", DECIDERS,
            legal_basis=RULES, comment_required=True, guard=_services("guard_common"), public=False,
        ),
        Transition(
            "reply", _("答复诉求人（办结）"), ("pending_reply",), "closed", DECIDERS,
            legal_basis=HANDLING.legal_basis, effects=(ClockEffect("stop", "handling"),), document="reply",
            guard=_services("guard_common"), hook=_services("hook_reply"), style="primary",
            fields=(FieldSpec("reply", _("答复意见（写入答复书，不写举报人信息）"), "textarea"),),
        ),
        Transition(
            "extend_handling", _("延长办理期限"), ("handling", "pending_reply"), None, LEADERS,
            legal_basis=HANDLING.extension_basis,
            effects=(ClockEffect("extend", "handling", days=EXTENSION_DAYS),),
            comment_required=True, guard=_services("guard_common"), inbox=False,
        ),
    ),
))
