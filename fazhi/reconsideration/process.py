"""The two reconsideration processes per 《中华人民共和国行政复议法》（2023年9月1日修订，2024年1月1日施行; below 复议法).

``reconsideration`` — this agency is the reconsideration organ (复议机关), the legal division its reconsideration
division (行政复议机构, 复议法第四条):
received → admission review, 5 working days (第三十条; deemed accepted when it runs out, 第三十条第三款) → accept
(受理通知书) / not accept (不予受理决定书, 第三十条第二款) / correction notice (补正通知书, 第三十一条: the applicant
corrects within 10 working days, else the application is deemed abandoned; the admission review restarts from the
corrected application) → copy to the respondent within 7 working days (第四十八条; 3 on the simple procedure,
第五十四条) → the respondent's written answer within 10 working days of receiving it (5 simple; no answer: 第七十条)
→ review: hearing the parties (第四十九条), hearing (第五十条、第五十一条, required for major cases), committee advice
(第五十二条) → the division's proposal → the head's approval (第六十一条) → 行政复议决定书 (第七十五条) → service →
performance by the respondent (第七十七条) → closed. Decide within 60 days of acceptance (+30 once with the division
head's approval), 30 on the simple procedure (第六十二条); suspension (中止, 第三十九条) pauses the decision clock.
Withdrawal (第七十四条、第四十一条第一款第（一）项), termination (第四十一条), mediation (第七十三条).

``reconsideration_respondent`` — this agency is the respondent (被申请人): answer (第四十八条), hearing (第五十一条:
the respondent's head attends), the decision received, performance (第七十七条).

复议法第八十八条第二款: the periods of 三日、五日、七日、十日 are working days; the others (60, 30) are calendar days
(第八十八条第一款 → 民事诉讼法: the last day moves off a rest day). Hooks and guards live in services.py.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role
from fazhi.process.definition import (
    APPLICANT,
    SYSTEM,
    ClockEffect,
    ClockSpec,
    FieldSpec,
    ProcessDefinition,
    State,
    Timer,
    Transition,
    register,
    resolver,
)
from fazhi.reconsideration.models import DecisionType

LAW = "《中华人民共和国行政复议法》"
LEGAL = Role.LEGAL_REVIEWER.value  # the reconsideration division (行政复议机构)
HEAD = Role.SECTION_HEAD.value  # the division's head (行政复议机构的负责人)
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value
HANDLER = Role.CASE_HANDLER.value
OFFICER = Role.ENFORCEMENT_OFFICER.value
LEADERS = (DEPUTY, DIRECTOR)  # 行政复议机关的负责人 (第六十一条第一款)
APPROVERS = (HEAD, DEPUTY, DIRECTOR)  # 行政复议机构的负责人, or a leader above them (第五十五条、第六十二条)
# Who answers for the agency as respondent: the division that made the act, the legal division, the leaders.
RESPONDENT_STAFF = (HANDLER, HEAD, LEGAL, OFFICER, DEPUTY, DIRECTOR)

WORKDAYS = f"{LAW}第八十八条第二款（三日、五日、七日、十日指工作日）"


_hook = resolver("fazhi.reconsideration.services")


def _build_document(case, transition, kind, ctx, number):
    from fazhi.reconsideration.documents import build

    return build(case, kind, ctx, number)


def _field_options(case):
    """The committee's serving members, to tick on the advice form."""
    from fazhi.reconsideration.selectors import member_choices

    return {"members": member_choices(case.agency)}


# ---- clocks of the organ ------------------------------------------------------------------------------------
ADMISSION = ClockSpec(
    "admission", _("受理审查期限"), 5, "workday",
    f"{LAW}第三十条（收到申请后五日内审查；期限届满未作出不予受理决定的，视为受理）、第三十一条第一款（五日内书面通知补正）；"
    f"{WORKDAYS}",
    starts_from="submitted_on",
)
CORRECTION = ClockSpec(
    "correction", _("申请人补正期限"), 10, "workday",
    f"{LAW}第三十一条第二款（自收到补正通知之日起十日内提交补正材料；无正当理由逾期不补正的，视为放弃）；{WORKDAYS}",
    starts_from="data.correction_served_on",
    extension_basis=f"{LAW}第三十一条第二款（有正当理由不能按期补正的，可以延长合理的补正期限）",
)
COPY = ClockSpec(
    "copy", _("发送申请书副本期限"), 7, "workday",
    f"{LAW}第四十八条（自受理之日起七日内发送被申请人）、第五十四条第一款（简易程序三日）；{WORKDAYS}",
    starts_from="accepted_on",
)
ANSWER = ClockSpec(
    "answer", _("被申请人答复期限"), 10, "workday",
    f"{LAW}第四十八条（自收到申请书副本之日起十日内提出书面答复）、第五十四条第一款（简易程序五日）、第七十条；{WORKDAYS}",
    starts_from="data.copy_received_on",
)
DECISION = ClockSpec(
    "decision", _("作出复议决定期限"), 60, "calendar",
    f"{LAW}第六十二条（普通程序自受理申请之日起六十日内，简易程序三十日内作出行政复议决定）",
    starts_from="accepted_on", max_extension=30,
    extension_basis=f"{LAW}第六十二条第一款（情况复杂的，经行政复议机构的负责人批准，可以适当延长，并书面告知当事人；"
                    "延长期限最多不得超过三十日）",
)
PERFORMANCE = ClockSpec(
    "performance", _("被申请人履行期限"), 30, "calendar",
    f"{LAW}第六十四条、第六十六条（责令在一定期限内重新作出行政行为或者履行）、第七十七条（被申请人应当履行行政复议决定）",
    starts_from="data.served_on",
)

PROCEDURE_CHOICES = (("ordinary", _("普通程序")), ("simple", _("简易程序（第五十三条）")))
SIMPLE_GROUNDS = (
    ("on_the_spot", _("被申请行政复议的行政行为是当场作出（第五十三条第一款第（一）项）")),
    ("warning", _("行政行为是警告或者通报批评（第五十三条第一款第（二）项）")),
    ("small_amount", _("案件涉及款额三千元以下（第五十三条第一款第（三）项）")),
    ("disclosure", _("属于政府信息公开案件（第五十三条第一款第（四）项）")),
    ("consent", _("当事人各方同意适用简易程序（第五十三条第二款）")),
)
YES_NO = (("no", _("否")), ("yes", _("是")))
REFUSAL_GROUNDS = (
    ("no_parties", _("没有明确的申请人或者符合规定的被申请人（第三十条第一款第（一）项）")),
    ("no_interest", _("申请人与行政行为没有利害关系（第三十条第一款第（二）项）")),
    ("no_request", _("没有具体的行政复议请求和理由（第三十条第一款第（三）项）")),
    ("late", _("超过法定申请期限（第三十条第一款第（四）项、第二十条）")),
    ("outer_limit", _("自行政行为作出之日起超过五年（不动产二十年）（第二十一条）")),
    ("out_of_scope", _("不属于行政复议范围（第三十条第一款第（五）项、第十一条、第十二条）")),
    ("jurisdiction", _("不属于本机关管辖（第三十条第一款第（六）项）")),
    ("duplicate", _("已就同一行政行为申请行政复议或者提起行政诉讼（第三十条第一款第（七）项）")),
)
SUSPENSION_GROUNDS = (
    ("death", _("作为申请人的公民死亡，其近亲属尚未确定是否参加（第三十九条第一款第（一）项）")),
    ("incapacity", _("申请人丧失参加行政复议的行为能力（第三十九条第一款第（二）项）")),
    ("missing", _("作为申请人的公民下落不明（第三十九条第一款第（三）项）")),
    ("dissolved", _("作为申请人的法人或者其他组织终止（第三十九条第一款第（四）项）")),
    ("force_majeure", _("因不可抗力或者其他正当理由不能参加行政复议（第三十九条第一款第（五）项）")),
    ("settlement", _("进行调解、和解，申请人和被申请人同意中止（第三十九条第一款第（六）项）")),
    ("interpretation", _("法律适用问题需要有权机关作出解释或者确认（第三十九条第一款第（七）项）")),
    ("other_case", _("需要以其他案件的审理结果为依据（第三十九条第一款第（八）项）")),
    ("norm_review", _("对规范性文件或者依据进行附带审查（第三十九条第一款第（九）项、第五十六条、第五十七条）")),
    ("other", _("需要中止行政复议的其他情形（第三十九条第一款第（十）项）")),
)
TERMINATION_GROUNDS = (
    ("death", _("作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利（第四十一条第（二）项）")),
    ("dissolved", _("法人或者其他组织终止，没有权利义务承受人或者承受人放弃（第四十一条第（三）项）")),
    ("criminal", _("因同一违法行为涉嫌犯罪被采取刑事强制措施（第四十一条第（四）项）")),
    ("long_suspension", _("中止满六十日，中止的原因仍未消除（第四十一条第（五）项）")),
)
HEARING_GROUNDS = (
    ("major", _("重大、疑难、复杂案件，应当组织听证（第五十条第一款）")),
    ("requested", _("申请人请求听证（第五十条第二款）")),
    ("necessary", _("行政复议机构认为有必要听证（第五十条第二款）")),
)
COMMITTEE_GROUNDS = (
    ("major", _("案情重大、疑难、复杂（第五十二条第二款第（一）项）")),
    ("technical", _("专业性、技术性较强（第五十二条第二款第（二）项）")),
    ("provincial", _("第二十四条第二款规定的案件（第五十二条第二款第（三）项）")),
    ("necessary", _("行政复议机构认为有必要（第五十二条第二款第（四）项）")),
)
OPINION_MODES = (
    ("in_person", _("当面听取")),
    ("online", _("通过互联网听取")),
    ("phone", _("通过电话听取")),
    ("written", _("因当事人原因不能听取意见，书面审理（第四十九条）")),
)
WITHDRAWAL_REASONS = (
    ("settlement", _("当事人自愿达成和解（第七十四条）")),
    ("other", _("申请人自愿撤回")),
)

_OPEN = ("received", "correction", "accepted", "answer_pending", "review", "hearing", "suspended", "pending_decision")
_ACCEPTED = ("accepted", "answer_pending", "review", "hearing", "suspended", "pending_decision")
_ALL_CLOCKS_STOP = tuple(ClockEffect("stop", c) for c in ("admission", "correction", "copy", "answer", "decision"))

ACCEPT_FIELDS = (
    FieldSpec("procedure", _("审理程序"), "choice", choices=PROCEDURE_CHOICES),
    FieldSpec("simple_ground", _("适用简易程序的情形（简易程序必填）"), "choice", required=False, choices=SIMPLE_GROUNDS),
    FieldSpec("major", _("重大、疑难、复杂案件（须听证并提请行政复议委员会咨询）"), "choice", choices=YES_NO),
    FieldSpec("limit_finding", _("对申请期限的认定（申请超过六十日的必填：认定的耽误理由）"), "textarea", required=False),
)

RECONSIDERATION = register(ProcessDefinition(
    code="reconsideration",
    name=_("行政复议"),
    initial="received",
    legal_basis=f"{LAW}（2023年9月1日修订，2024年1月1日起施行）",
    number_code="复",
    states=(
        State("received", _("待受理审查"), _("已收到申请，审查是否受理")),
        State("correction", _("待申请人补正"), _("请补正申请材料")),
        State("accepted", _("已受理，待发送申请书副本"), _("已受理")),
        State("answer_pending", _("待被申请人答复"), _("已受理，审理中")),
        State("review", _("审理中"), _("审理中")),
        State("hearing", _("已通知听证，待举行"), _("审理中（听证）")),
        State("suspended", _("行政复议中止"), _("行政复议中止")),
        State("pending_decision", _("待负责人审批"), _("审理中")),
        State("decided", _("已作出复议决定，待送达"), _("已作出行政复议决定")),
        State("performing", _("决定已送达，被申请人履行中"), _("已作出行政复议决定")),
        State("performance_overdue", _("被申请人逾期未履行"), _("已作出行政复议决定")),
        State("closed", _("结案"), _("已结案"), terminal=True),
        State("not_admitted", _("不予受理（办结）"), _("不予受理"), terminal=True),
        State("abandoned", _("逾期未补正，视为放弃申请（办结）"), _("视为放弃申请"), terminal=True),
        State("withdrawn", _("准予撤回，行政复议终止（办结）"), _("已撤回"), terminal=True),
        State("terminated", _("行政复议终止（办结）"), _("行政复议终止"), terminal=True),
        State("mediated", _("调解结案"), _("已调解"), terminal=True),
    ),
    clocks=(ADMISSION, CORRECTION, COPY, ANSWER, DECISION, PERFORMANCE),
    start_effects=(ClockEffect("start", "admission"),),
    document_builder=_build_document,
    field_options=_field_options,
    transitions=(
        # ---- admission (第三十条、第三十一条) --------------------------------------------------------------------
        Transition(
            "accept", _("受理"), ("received",), "accepted", (LEGAL,),
            legal_basis=f"{LAW}第三十条第一款",
            effects=(ClockEffect("stop", "admission"), ClockEffect("start", "copy", budget_from="copy_days"),
                     ClockEffect("start", "decision", budget_from="decision_days")),
            document="acceptance", hook=_hook("hook_accept"), fields=ACCEPT_FIELDS, style="primary",
        ),
        Transition(
            "deemed_accept", _("视为受理（审查期限届满未作出不予受理决定）"), ("received",), "accepted", (SYSTEM,),
            legal_basis=f"{LAW}第三十条第三款",
            effects=(ClockEffect("stop", "admission"), ClockEffect("start", "copy", budget_from="copy_days"),
                     ClockEffect("start", "decision", budget_from="decision_days")),
            document="acceptance", hook=_hook("hook_deemed_accept"), timer=Timer("admission"),
        ),
        Transition(
            "request_correction", _("通知补正（补正通知书）"), ("received",), "correction", (LEGAL,),
            legal_basis=f"{LAW}第三十一条第一款（一次性载明需要补正的事项）",
            effects=(ClockEffect("stop", "admission"), ClockEffect("start", "correction")),
            document="correction", hook=_hook("hook_request_correction"),
            fields=(FieldSpec("items", _("需要补正的全部事项（每行一项）"), "list"),
                    FieldSpec("served_on", _("补正通知送达日期（默认今天）"), "date", required=False)),
        ),
        Transition(
            "resubmit", _("提交补正材料"), ("correction",), "received", (APPLICANT, LEGAL),
            legal_basis=f"{LAW}第三十一条第三款（收到补正材料后，依照第三十条的规定处理）",
            effects=(ClockEffect("stop", "correction"), ClockEffect("restart", "admission", starts_from="submitted_on")),
            hook=_hook("hook_resubmit"), style="primary", inbox=False,
            fields=(FieldSpec("correction_content", _("补正的内容"), "textarea"),),
        ),
        Transition(
            "extend_correction", _("延长补正期限十日（有正当理由）"), ("correction",), None, (LEGAL,),
            legal_basis=CORRECTION.extension_basis, effects=(ClockEffect("extend", "correction", days=10),),
            comment_required=True, inbox=False,
        ),
        Transition(
            "correction_lapsed", _("逾期未补正，视为放弃行政复议申请"), ("correction",), "abandoned", (SYSTEM,),
            legal_basis=f"{LAW}第三十一条第二款（无正当理由逾期不补正的，视为申请人放弃行政复议申请，并记录在案）",
            effects=(ClockEffect("stop", "correction"),), hook=_hook("hook_outcome_abandoned"),
            timer=Timer("correction"),
        ),
        Transition(
            "refuse", _("不予受理（不予受理决定书）"), ("received",), "not_admitted", (LEGAL,) + LEADERS,
            legal_basis=f"{LAW}第三十条第二款（在审查期限内决定不予受理并说明理由；不属于本机关管辖的，告知有管辖权的行政复议机关）",
            effects=(ClockEffect("stop", "admission"),), document="refusal", hook=_hook("hook_refuse"),
            style="danger", comment_required=True,
            fields=(FieldSpec("ground", _("不予受理的理由"), "choice", choices=REFUSAL_GROUNDS),
                    FieldSpec("explanation", _("具体说明"), "textarea"),
                    FieldSpec("competent_organ", _("有管辖权的行政复议机关（不属于本机关管辖的必填）"), required=False)),
        ),
        # ---- the respondent's answer (第四十八条、第五十四条、第七十条) ------------------------------------------
        Transition(
            "send_copy", _("发送申请书副本（提出答复通知书）"), ("accepted",), "answer_pending", (LEGAL,),
            legal_basis=f"{LAW}第四十八条、第五十四条第一款",
            effects=(ClockEffect("stop", "copy"), ClockEffect("start", "answer", budget_from="answer_days")),
            document="answer_notice", hook=_hook("hook_send_copy"), style="primary",
            fields=(FieldSpec("copy_received_on", _("被申请人收到申请书副本之日"), "date"),
                    FieldSpec("method", _("发送方式"), "choice", choices=(
                        ("system", _("通过本平台送达")), ("direct", _("直接送达")), ("post", _("邮寄送达")))),),
        ),
        Transition(
            "record_answer", _("收到被申请人书面答复"), ("answer_pending",), "review", (LEGAL, SYSTEM),
            legal_basis=f"{LAW}第四十八条（提出书面答复，并提交作出行政行为的证据、依据和其他有关材料）",
            effects=(ClockEffect("stop", "answer"),), hook=_hook("hook_record_answer"), style="primary",
            fields=(FieldSpec("received_on", _("收到答复之日"), "date"),
                    FieldSpec("summary", _("答复要点"), "textarea"),
                    FieldSpec("evidence", _("证据、依据和其他有关材料（每行一项）"), "list", required=False)),
        ),
        Transition(
            "answer_lapsed", _("被申请人逾期未答复"), ("answer_pending",), "review", (SYSTEM,),
            legal_basis=f"{LAW}第七十条（视为该行政行为没有证据、依据）",
            effects=(ClockEffect("stop", "answer"),), hook=_hook("hook_answer_lapsed"), timer=Timer("answer"),
        ),
        # ---- review (第四十九条至第五十二条) ------------------------------------------------------------------------
        Transition(
            "record_opinions", _("听取当事人意见"), ("review",), None, (LEGAL,),
            legal_basis=f"{LAW}第四十九条（普通程序应当当面或者通过互联网、电话等方式听取当事人的意见，并记录在案）",
            hook=_hook("hook_record_opinions"), inbox=False,
            fields=(FieldSpec("mode", _("方式"), "choice", choices=OPINION_MODES),
                    FieldSpec("heard_on", _("日期"), "date"),
                    FieldSpec("summary", _("意见要点"), "textarea")),
        ),
        Transition(
            "request_hearing", _("申请人请求听证"), ("accepted", "answer_pending", "review"), None, (APPLICANT,),
            legal_basis=f"{LAW}第五十条第二款", comment_required=True, inbox=False,
        ),
        Transition(
            "schedule_hearing", _("组织听证（听证通知书）"), ("review",), "hearing", (LEGAL,),
            legal_basis=f"{LAW}第五十条、第五十一条（举行听证的五日前书面通知当事人）",
            document="hearing_notice", hook=_hook("hook_schedule_hearing"), guard=_hook("guard_hearing_date"),
            inbox=False,
            fields=(FieldSpec("ground", _("听证的理由"), "choice", choices=HEARING_GROUNDS),
                    FieldSpec("hearing_date", _("听证日期"), "date"), FieldSpec("hearing_place", _("听证地点")),
                    FieldSpec("presiding", _("主持人（行政复议人员）")),
                    FieldSpec("officers", _("听证员（两名以上行政复议人员，每行一人）"), "list"),
                    FieldSpec("clerk", _("记录员"))),
        ),
        Transition(
            "hold_hearing", _("举行听证，记录听证笔录"), ("hearing",), "review", (LEGAL,),
            legal_basis=f"{LAW}第五十条第三款、第五十一条、第六十一条第二款（根据听证笔录作出决定）",
            hook=_hook("hook_hold_hearing"), guard=_hook("guard_hearing_held"), style="primary",
            fields=(FieldSpec("record", _("听证笔录要点"), "textarea"),
                    FieldSpec("applicant_attended", _("申请人是否参加"), "choice", choices=(
                        ("yes", _("参加")), ("no", _("无正当理由拒不参加，视为放弃听证权利（第五十一条）")))),
                    FieldSpec("respondent_attendee", _("被申请人参加人员（负责人或者受委托的工作人员，第五十一条）"))),
        ),
        Transition(
            "committee_advice", _("记录行政复议委员会咨询意见"), ("review",), None, (LEGAL,),
            legal_basis=f"{LAW}第五十二条（行政复议机构应当记录行政复议委员会的咨询意见）",
            hook=_hook("hook_committee_advice"), public=False, inbox=False,
            fields=(FieldSpec("ground", _("提请咨询的情形"), "choice", choices=COMMITTEE_GROUNDS),
                    FieldSpec("meeting_date", _("会议日期"), "date"),
                    FieldSpec("members", _("参加的委员"), "list"),
                    FieldSpec("advice", _("咨询意见"), "textarea")),
        ),
        Transition(
            "suspend", _("中止行政复议（中止通知书）"), ("review",), "suspended", (LEGAL,),
            legal_basis=f"{LAW}第三十九条（中止、恢复审理应当书面告知当事人）",
            effects=(ClockEffect("pause", "decision"),), document="suspension", hook=_hook("hook_suspend"),
            comment_required=True, inbox=False,
            fields=(FieldSpec("ground", _("中止的情形"), "choice", choices=SUSPENSION_GROUNDS),),
        ),
        Transition(
            "resume", _("恢复审理（恢复审理通知书）"), ("suspended",), "review", (LEGAL,),
            legal_basis=f"{LAW}第三十九条第二款、第三款；第四十条",
            effects=(ClockEffect("resume", "decision"),), document="resumption", style="primary",
        ),
        Transition(
            "to_ordinary", _("简易程序转为普通程序"), ("accepted", "answer_pending", "review"), None, APPROVERS,
            legal_basis=f"{LAW}第五十五条（经行政复议机构的负责人批准，可以转为普通程序审理）",
            effects=(ClockEffect("restart", "decision", budget_from="decision_days", starts_from="accepted_on"),),
            hook=_hook("hook_to_ordinary"), guard=_hook("guard_simple"), comment_required=True, inbox=False,
        ),
        Transition(
            "extend", _("批准延长审理期限三十日（延期通知书）"),
            ("accepted", "answer_pending", "review", "hearing", "pending_decision"), None, APPROVERS,
            legal_basis=DECISION.extension_basis, effects=(ClockEffect("extend", "decision", days=30),),
            document="extension", guard=_hook("guard_extension"), comment_required=True, inbox=False,
        ),
        # ---- decision (第六十一条至第六十九条、第七十五条) ----------------------------------------------------------
        Transition(
            "propose_decision", _("提出复议决定意见"), ("review",), "pending_decision", (LEGAL,),
            legal_basis=f"{LAW}第六十一条第一款（由行政复议机构对行政行为进行审查，提出意见）",
            hook=_hook("hook_propose"), guard=_hook("guard_propose"), style="primary", public=False,
            fields=(
                FieldSpec("decision_type", _("复议决定"), "choice", choices=DecisionType.choices),
                FieldSpec("ground", _("适用情形（如：第六十四条第一款第（二）项 违反法定程序）")),
                FieldSpec("facts", _("审理查明的事实"), "textarea"),
                FieldSpec("reasons", _("理由"), "textarea"),
                FieldSpec("basis", _("依据（法律、法规、规章条款）"), "textarea"),
                FieldSpec("content", _("决定内容（变更后的内容、重新作出或者履行的事项等）"), "textarea", required=False),
                FieldSpec("perform_days", _("履行或者重新作出的期限（日）"), "int", required=False),
            ),
        ),
        Transition(
            "return_review", _("退回重新审查"), ("pending_decision",), "review", LEADERS,
            legal_basis=f"{LAW}第六十一条第一款", comment_required=True, public=False,
        ),
        Transition(
            "decide", _("作出行政复议决定（行政复议决定书）"), ("pending_decision",), "decided", LEADERS,
            legal_basis=f"{LAW}第六十一条第一款（经行政复议机关的负责人同意或者集体讨论通过后，以行政复议机关的名义作出）、"
                        "第七十五条",
            effects=(ClockEffect("stop", "decision"),), document="decision", hook=_hook("hook_decide"),
            style="primary",
            fields=(FieldSpec("approval", _("决定方式"), "choice", choices=(
                ("head", _("行政复议机关的负责人同意")), ("collective", _("集体讨论通过")))),),
        ),
        Transition(
            "serve", _("送达决定书，跟踪履行"), ("decided",), "performing", (LEGAL,),
            legal_basis=f"{LAW}第七十五条第二款（一经送达，即发生法律效力）、第七十七条",
            effects=(ClockEffect("start", "performance", budget_from="perform_days"),),
            hook=_hook("hook_serve"), guard=_hook("guard_serve_performing"), style="primary",
            fields=(FieldSpec("served_on", _("送达日期"), "date"),),
        ),
        Transition(
            "serve_and_close", _("送达决定书并结案"), ("decided",), "closed", (LEGAL,),
            legal_basis=f"{LAW}第七十五条第二款", hook=_hook("hook_serve"), guard=_hook("guard_serve_closing"),
            style="primary", fields=(FieldSpec("served_on", _("送达日期"), "date"),),
        ),
        Transition(
            "performance_lapsed", _("被申请人逾期未履行"), ("performing",), "performance_overdue", (SYSTEM,),
            legal_basis=f"{LAW}第七十七条第二款", timer=Timer("performance"),
        ),
        Transition(
            "urge_performance", _("责令限期履行（责令履行通知书）"), ("performance_overdue",), None, (LEGAL,) + LEADERS,
            legal_basis=f"{LAW}第七十七条第二款（责令其限期履行，并可以约谈被申请人的有关负责人或者予以通报批评）",
            document="urge", comment_required=True,
        ),
        Transition(
            "record_performance", _("记录履行情况，结案"), ("performing", "performance_overdue"), "closed", (LEGAL, SYSTEM),
            legal_basis=f"{LAW}第七十七条第一款", effects=(ClockEffect("stop", "performance"),),
            hook=_hook("hook_record_performance"), style="primary",
            fields=(FieldSpec("performed_on", _("履行日期"), "date"), FieldSpec("note", _("履行情况"), "textarea")),
        ),
        # ---- ending otherwise (第三十九条至第四十一条、第七十三条、第七十四条) --------------------------------------
        Transition(
            "request_withdrawal", _("申请撤回行政复议申请"), _OPEN, None, (APPLICANT,),
            legal_basis=f"{LAW}第七十四条第二款、第四十一条第一款第（一）项", hook=_hook("hook_request_withdrawal"),
            comment_required=True, inbox=False,
        ),
        Transition(
            "withdraw", _("准予撤回，终止行政复议"), _OPEN, "withdrawn", (LEGAL,),
            legal_basis=f"{LAW}第四十一条第一款第（一）项、第七十四条第二款（准予撤回的，申请人不得再以同一事实和理由提出"
                        "行政复议申请）",
            effects=_ALL_CLOCKS_STOP, document="termination", hook=_hook("hook_withdraw"), style="danger",
            inbox=False,
            fields=(FieldSpec("reason", _("撤回的原因"), "choice", choices=WITHDRAWAL_REASONS),
                    FieldSpec("requested_on", _("申请人申请撤回之日"), "date")),
        ),
        Transition(
            "terminate", _("终止行政复议"), _ACCEPTED, "terminated", (LEGAL,) + LEADERS,
            legal_basis=f"{LAW}第四十一条", effects=_ALL_CLOCKS_STOP, document="termination",
            hook=_hook("hook_terminate"), guard=_hook("guard_terminate"), style="danger", comment_required=True,
            inbox=False,
            fields=(FieldSpec("ground", _("终止的情形"), "choice", choices=TERMINATION_GROUNDS),),
        ),
        Transition(
            "mediate", _("调解结案（行政复议调解书）"), ("review", "hearing", "suspended", "pending_decision"), "mediated",
            (LEGAL,) + LEADERS,
            legal_basis=f"{LAW}第七十三条（经各方当事人签字或者签章，并加盖行政复议机关印章，即具有法律效力）",
            effects=_ALL_CLOCKS_STOP, document="mediation", hook=_hook("hook_mediate"), inbox=False,
            fields=(FieldSpec("agreement", _("调解协议内容"), "textarea"),
                    FieldSpec("signed_on", _("各方当事人签字日期"), "date")),
        ),
    ),
))


# ---- the respondent's side ---------------------------------------------------------------------------------------
R_ANSWER = ClockSpec(
    "answer", _("答复期限"), 10, "workday",
    f"{LAW}第四十八条（自收到申请书副本或者申请笔录复印件之日起十日内提出书面答复）、第五十四条第一款（简易程序五日）、"
    f"第七十条；{WORKDAYS}",
    starts_from="received_on",
)
R_PERFORMANCE = ClockSpec(
    "performance", _("履行复议决定期限"), 30, "calendar",
    f"{LAW}第六十四条、第六十六条、第七十七条（被申请人应当履行行政复议决定书、调解书、意见书）",
    starts_from="data.decision_received_on",
)
DECISION_RECEIVED_FIELDS = (
    FieldSpec("decision_type", _("复议决定"), "choice", choices=DecisionType.choices),
    FieldSpec("decision_number", _("复议决定书文号")),
    FieldSpec("decision_received_on", _("收到决定书之日"), "date"),
    FieldSpec("decision_content", _("决定内容"), "textarea"),
)
END_REASONS = (
    ("withdrawn", _("申请人撤回，行政复议终止")),
    ("terminated", _("行政复议终止")),
    ("mediated", _("调解结案（履行调解书）")),
    ("not_admitted", _("复议机关不予受理或者驳回申请")),
)

RESPONDENT = register(ProcessDefinition(
    code="reconsideration_respondent",
    name=_("行政复议答复（本机关为被申请人）"),
    initial="registered",
    legal_basis=f"{LAW}第四十八条、第五十一条、第七十条、第七十七条",
    number_code="复答",
    states=(
        State("registered", _("已登记"), _("已登记")),
        State("answer_due", _("待提出书面答复"), _("答复中")),
        State("answer_overdue", _("逾期未答复"), _("答复中")),
        State("answered", _("已答复，待复议决定"), _("已答复")),
        State("performing", _("履行复议决定中"), _("履行中")),
        State("performance_overdue", _("逾期未履行复议决定"), _("履行中")),
        State("closed", _("已履行，结案"), _("已结案"), terminal=True),
        State("ended", _("复议已终结（撤回、终止、调解或不予受理）"), _("已结案"), terminal=True),
    ),
    clocks=(R_ANSWER, R_PERFORMANCE),
    document_builder=_build_document,
    transitions=(
        Transition(
            "start_answer", _("收到申请书副本，开始答复"), ("registered",), "answer_due", RESPONDENT_STAFF + (SYSTEM,),
            legal_basis=f"{LAW}第四十八条、第五十四条", effects=(ClockEffect("start", "answer", budget_from="answer_days"),),
            hook=_hook("hook_start_answer"), inbox=False,
            fields=(FieldSpec("procedure", _("审理程序"), "choice", choices=PROCEDURE_CHOICES),),
        ),
        Transition(
            "submit_answer", _("提出书面答复（行政复议答复书）"), ("answer_due", "answer_overdue"), "answered",
            RESPONDENT_STAFF,
            legal_basis=f"{LAW}第四十八条（提出书面答复，并提交作出行政行为的证据、依据和其他有关材料）、第四十六条",
            effects=(ClockEffect("stop", "answer"),), document="answer", hook=_hook("hook_submit_answer"),
            style="primary",
            fields=(FieldSpec("answer", _("答复意见（事实、理由和依据）"), "textarea"),
                    FieldSpec("evidence", _("证据、依据和其他有关材料（每行一项）"), "list")),
        ),
        Transition(
            "answer_lapsed", _("答复期限届满"), ("answer_due",), "answer_overdue", (SYSTEM,),
            legal_basis=f"{LAW}第七十条", timer=Timer("answer"),
        ),
        Transition(
            "answer_recorded", _("复议机关已收到书面答复"), ("answer_due", "answer_overdue"), "answered", (SYSTEM,),
            legal_basis=f"{LAW}第四十八条", effects=(ClockEffect("stop", "answer"),),
        ),
        Transition(
            "attend_hearing", _("记录参加听证"), ("answered",), None, RESPONDENT_STAFF,
            legal_basis=f"{LAW}第五十一条（被申请人的负责人应当参加听证；不能参加的，应当说明理由并委托相应的工作人员参加）",
            inbox=False,
            fields=(FieldSpec("hearing_date", _("听证日期"), "date"),
                    FieldSpec("attendee", _("参加人员及职务")),
                    FieldSpec("delegation_reason", _("负责人不能参加的理由（委托工作人员参加时填写）"), required=False)),
        ),
        Transition(
            "decision_perform", _("收到复议决定，须履行"), ("answer_due", "answer_overdue", "answered"), "performing",
            RESPONDENT_STAFF + (SYSTEM,),
            legal_basis=f"{LAW}第七十五条第二款、第七十七条第一款",
            effects=(ClockEffect("stop", "answer"),
                     ClockEffect("start", "performance", budget_from="perform_days")),
            hook=_hook("hook_respondent_decision"), style="primary",
            fields=DECISION_RECEIVED_FIELDS + (FieldSpec("perform_days", _("履行期限（日）"), "int"),),
        ),
        Transition(
            "decision_close", _("收到复议决定，无须履行，结案"), ("answer_due", "answer_overdue", "answered"), "closed",
            RESPONDENT_STAFF + (SYSTEM,),
            legal_basis=f"{LAW}第七十五条第二款", effects=(ClockEffect("stop", "answer"),),
            hook=_hook("hook_respondent_decision"), guard=_hook("guard_respondent_close"),
            fields=DECISION_RECEIVED_FIELDS,
        ),
        Transition(
            "performance_lapsed", _("履行期限届满"), ("performing",), "performance_overdue", (SYSTEM,),
            legal_basis=f"{LAW}第七十七条第二款", timer=Timer("performance"),
        ),
        Transition(
            "record_performance", _("记录履行情况，结案"), ("performing", "performance_overdue"), "closed",
            RESPONDENT_STAFF + (SYSTEM,),
            legal_basis=f"{LAW}第七十七条第一款", effects=(ClockEffect("stop", "performance"),),
            hook=_hook("hook_respondent_performance"), style="primary",
            fields=(FieldSpec("performed_on", _("履行日期"), "date"), FieldSpec("note", _("履行情况"), "textarea")),
        ),
        Transition(
            "end", _("复议终结（撤回、终止、调解或不予受理）"), ("registered", "answer_due", "answer_overdue", "answered"),
            "ended", RESPONDENT_STAFF + (SYSTEM,),
            legal_basis=f"{LAW}第三十条、第四十一条、第七十三条、第七十四条",
            effects=(ClockEffect("stop", "answer"),), hook=_hook("hook_respondent_end"), inbox=False,
            fields=(FieldSpec("reason", _("终结的原因"), "choice", choices=END_REASONS),
                    FieldSpec("note", _("说明"), "textarea", required=False)),
        ),
    ),
))

#: Decision types after which the respondent must act within a period (第六十四条 重作, 第六十六条 履行).
PERFORMANCE_REQUIRED = {DecisionType.REVOKE_REDO.value, DecisionType.ORDER_PERFORM.value}
#: Decision types with nothing for the respondent to perform.
NOTHING_TO_PERFORM = {DecisionType.MAINTAIN.value, DecisionType.REJECT_REQUEST.value,
                      DecisionType.DISMISS_APPLICATION.value}
