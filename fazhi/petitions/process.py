"""The petition (信访) as a process definition per 《信访工作条例》（中共中央、国务院2022年印发，2022年5月1日起施行；
以下简称条例）, which replaced the State Council's 《信访条例》（2005）.

Registered (登记, through the one intake: letters, visits, calls, faxes, e-mail, online) → within 15 days
decide and notify in writing (条例第二十三条): accept (受理告知书), not accept with the reason and the right
channel — litigation, arbitration, reconsideration and the other statutory procedures (依法分类处理, 第三十一条至
第三十三条) — or transfer to the competent agency with notice (转送, 第二十三条) → handling: 60 days from
acceptance, +30 once with the head's approval and the reason told to the petitioner (第三十五条) → the written
opinion (信访处理意见书, 第三十三条、第三十四条), served → 30 days to ask the superior for review (复查); the
superior decides within 30 days of receiving the request (第三十六条) → 30 days to ask for a second review
(复核); decided within 30 days of the request, hearing time not counted (第三十七条) → final. Where the petitioner
does not ask in time, the request window runs out and the case closes by itself.

All periods are calendar days (the regulation says 日); the last day moves past a rest day (民法典第二百零三条).
The article numbers are this project's reading of the 2022 text: docs/petitions.md says what a lawyer must check.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role
from fazhi.process.definition import (
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

CODE = "petition"
REG = "《信访工作条例》"

CLERK = Role.INTAKE_CLERK.value
HANDLER = Role.CASE_HANDLER.value
HEAD = Role.SECTION_HEAD.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value
LEADERS = (DEPUTY, DIRECTOR)  # 本机关负责人
OFFICE = (CLERK, HANDLER, HEAD)  # the petition office (信访工作机构) recording what happens

INTAKE = ClockSpec(
    "intake", _("受理告知期限"), 15, "calendar",
    f"{REG}第二十三条（不能当场告知的，应当自收到信访事项之日起15日内书面告知信访人）",
    starts_from="received_on",
)
HANDLING = ClockSpec(
    "handling", _("信访事项办理期限"), 60, "calendar",
    f"{REG}第三十五条（自受理之日起60日内办结）",
    max_extension=30,
    extension_basis=f"{REG}第三十五条（情况复杂的，经本机关负责人批准，可以适当延长办理期限，但延长期限不得超过30日，"
                    "并告知信访人延期理由）",
)
REVIEW_REQUEST = ClockSpec(
    "review_request", _("请求复查期限"), 30, "calendar",
    f"{REG}第三十六条（信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求复查）",
    starts_from="data.served_on",
)
REVIEW = ClockSpec(
    "review", _("复查期限"), 30, "calendar",
    f"{REG}第三十六条（收到复查请求的机关应当自收到复查请求之日起30日内提出复查意见，并予以书面答复）",
    starts_from="data.review_requested_on",
)
SECOND_REQUEST = ClockSpec(
    "second_request", _("请求复核期限"), 30, "calendar",
    f"{REG}第三十七条第一款（信访人对复查意见不服的，可以自收到书面答复之日起30日内请求复核）",
    starts_from="data.review_served_on",
)
SECOND_REVIEW = ClockSpec(
    "second_review", _("复核期限"), 30, "calendar",
    f"{REG}第三十七条（自收到复核请求之日起30日内提出复核意见；听证所需时间不计算在期限内）",
    starts_from="data.second_requested_on",
)

CATEGORIES = (
    ("suggestion", _("建议意见类")),
    ("accusation", _("检举控告类")),
    ("claim", _("申诉求决类")),
)
# 不予受理 and where the petitioner is sent instead (条例第二十三条、第三十一条至第三十三条、第三十七条第三款).
REFUSAL_GROUNDS = (
    ("litigation", _("依法应当通过诉讼途径解决")),
    ("arbitration", _("依法应当通过仲裁途径解决")),
    ("reconsideration", _("依法应当通过行政复议途径解决")),
    ("other_procedure", _("依法应当通过行政裁决、行政确认等其他法定程序解决")),
    ("not_competent", _("不属于本机关职权范围")),
    ("final", _("已经复核，仍以同一事实和理由提出")),
)
RESULTS = (
    ("support", _("请求事实清楚，符合规定，予以支持")),
    ("explain", _("请求事由合理但缺乏法律依据，作出解释说明")),
    ("not_support", _("请求缺乏事实根据或者不符合规定，不予支持")),
)
REVIEW_RESULTS = (
    ("upheld", _("维持原处理意见")),
    ("changed", _("变更原处理意见")),
    ("revoked", _("撤销原处理意见，责令重新办理")),
)
SERVICE_METHODS = (
    ("direct", _("直接送达")),
    ("post", _("邮寄送达")),
    ("electronic", _("电子送达（信访人同意）")),
)

ACTIVE = ("registered", "handling", "answered", "review_window", "review", "second_window", "second_review")
ALL_STATES = ACTIVE + ("closed", "final", "not_accepted", "transferred", "withdrawn")


_hook = resolver("fazhi.petitions.services")


def _build_document(case, transition, kind, ctx, number):
    from fazhi.petitions.documents import build

    return build(case, kind, ctx, number)


PETITION = register(ProcessDefinition(
    code=CODE,
    name=_("信访"),
    initial="registered",
    legal_basis=f"{REG}（2022年）",
    number_code="访",
    states=(
        State("registered", _("已登记，待决定是否受理"), _("已登记")),
        State("handling", _("已受理，办理中"), _("办理中")),
        State("answered", _("已出具处理意见书，待送达"), _("已出具处理意见")),
        State("review_window", _("处理意见已送达，复查请求期内"), _("已答复")),
        State("review", _("复查中（上一级机关）"), _("复查中")),
        State("second_window", _("复查意见已送达，复核请求期内"), _("已复查")),
        State("second_review", _("复核中（复查机关的上一级机关）"), _("复核中")),
        State("closed", _("办结"), _("已办结"), terminal=True),
        State("final", _("复核终结"), _("已复核，办理终结"), terminal=True),
        State("not_accepted", _("不予受理（已告知）"), _("不予受理"), terminal=True),
        State("transferred", _("已转送有权处理的机关"), _("已转送"), terminal=True),
        State("withdrawn", _("信访人撤回"), _("已撤回"), terminal=True),
    ),
    clocks=(INTAKE, HANDLING, REVIEW_REQUEST, REVIEW, SECOND_REQUEST, SECOND_REVIEW),
    start_effects=(ClockEffect("start", "intake"),),
    document_builder=_build_document,
    transitions=(
        Transition(
            "accept", _("受理（受理告知书）"), ("registered",), "handling", (HANDLER, HEAD) + LEADERS,
            legal_basis=f"{REG}第二十三条、第三十五条",
            effects=(ClockEffect("stop", "intake"), ClockEffect("start", "handling")),
            document="acceptance_notice", hook=_hook("hook_accept"), style="primary",
            fields=(FieldSpec("category", _("信访事项类别"), "choice", choices=CATEGORIES),),
        ),
        Transition(
            "not_accept", _("不予受理（不予受理告知书）"), ("registered",), "not_accepted", (HEAD,) + LEADERS,
            legal_basis=f"{REG}第二十三条、第三十一条至第三十三条、第三十七条第三款",
            effects=(ClockEffect("stop", "intake"),), document="refusal_notice", hook=_hook("hook_not_accept"),
            comment_required=True, style="danger",
            fields=(
                FieldSpec("ground", _("不予受理的理由"), "choice", choices=REFUSAL_GROUNDS),
                FieldSpec("channel", _("告知信访人的途径（向何机关、通过何种程序提出）"), "textarea"),
            ),
        ),
        Transition(
            "transfer", _("转送有权处理的机关（转送告知书）"), ("registered",), "transferred", (HANDLER, HEAD) + LEADERS,
            legal_basis=f"{REG}第二十三条（转送、交办有权处理的机关、单位，并告知信访人转送、交办去向）",
            effects=(ClockEffect("stop", "intake"),), document="transfer_notice", hook=_hook("hook_transfer"),
            fields=(FieldSpec("to_agency", _("转送机关")),
                    FieldSpec("reason", _("转送理由（该机关的职权）"), "textarea")),
        ),
        Transition(
            "extend_handling", _("延长办理期限（延期告知书）"), ("handling",), None, LEADERS,
            legal_basis=HANDLING.extension_basis, effects=(ClockEffect("extend", "handling", days=30),),
            document="extension_notice", comment_required=True, inbox=False,
        ),
        Transition(
            "issue_opinion", _("出具信访处理意见书"), ("handling",), "answered", (HEAD,) + LEADERS,
            legal_basis=f"{REG}第三十三条、第三十四条",
            effects=(ClockEffect("stop", "handling"),), document="opinion", hook=_hook("hook_issue_opinion"),
            style="primary",
            fields=(
                FieldSpec("findings", _("调查核实情况"), "textarea"),
                FieldSpec("result", _("处理结果"), "choice", choices=RESULTS),
                FieldSpec("opinion", _("处理意见"), "textarea"),
                FieldSpec("basis", _("处理依据（法律、法规、规章或者其他有关规定）"), "textarea"),
                FieldSpec("review_body", _("复查机关（默认：本机关的上一级机关）"), required=False),
            ),
        ),
        Transition(
            "serve_opinion", _("送达处理意见书"), ("answered",), "review_window", OFFICE,
            legal_basis=f"{REG}第三十六条（请求复查的期限自收到书面答复之日起算）",
            effects=(ClockEffect("start", "review_request"),), hook=_hook("hook_serve_opinion"), style="primary",
            fields=(FieldSpec("served_on", _("信访人收到日期"), "date"),
                    FieldSpec("method", _("送达方式"), "choice", choices=SERVICE_METHODS)),
        ),
        Transition(
            "review_requested", _("登记复查请求"), ("review_window",), "review", OFFICE,
            legal_basis=f"{REG}第三十六条",
            effects=(ClockEffect("stop", "review_request"), ClockEffect("start", "review")),
            hook=_hook("hook_review_requested"), inbox=False,
            fields=(FieldSpec("requested_on", _("复查机关收到复查请求的日期"), "date"),
                    FieldSpec("review_body", _("复查机关"))),
        ),
        Transition(
            "review_window_over", _("请求复查期限届满，办结"), ("review_window",), "closed", (SYSTEM,),
            legal_basis=f"{REG}第三十六条", effects=(ClockEffect("stop", "review_request"),),
            timer=Timer("review_request"),
        ),
        Transition(
            "review_decided", _("登记复查意见"), ("review",), "second_window", OFFICE,
            legal_basis=f"{REG}第三十六条",
            effects=(ClockEffect("stop", "review"), ClockEffect("start", "second_request")),
            hook=_hook("hook_review_decided"), style="primary",
            fields=(FieldSpec("review_result", _("复查结论"), "choice", choices=REVIEW_RESULTS),
                    FieldSpec("review_opinion", _("复查意见"), "textarea"),
                    FieldSpec("review_served_on", _("信访人收到复查意见的日期"), "date")),
        ),
        Transition(
            "second_requested", _("登记复核请求"), ("second_window",), "second_review", OFFICE,
            legal_basis=f"{REG}第三十七条第一款",
            effects=(ClockEffect("stop", "second_request"), ClockEffect("start", "second_review")),
            hook=_hook("hook_second_requested"), inbox=False,
            fields=(FieldSpec("requested_on", _("复核机关收到复核请求的日期"), "date"),
                    FieldSpec("second_body", _("复核机关"))),
        ),
        Transition(
            "second_window_over", _("请求复核期限届满，办结"), ("second_window",), "closed", (SYSTEM,),
            legal_basis=f"{REG}第三十七条第一款", effects=(ClockEffect("stop", "second_request"),),
            timer=Timer("second_request"),
        ),
        Transition(
            "second_hearing_start", _("复核听证（期限中止计算）"), ("second_review",), None, OFFICE,
            legal_basis=f"{REG}第三十七条第二款（复核可以举行听证，听证所需时间不计算在复核期限内）",
            effects=(ClockEffect("pause", "second_review"),), guard=_hook("guard_not_paused"), inbox=False,
            public=False,
        ),
        Transition(
            "second_hearing_end", _("复核听证结束（期限恢复计算）"), ("second_review",), None, OFFICE,
            legal_basis=f"{REG}第三十七条第二款", effects=(ClockEffect("resume", "second_review"),),
            guard=_hook("guard_paused"), inbox=False, public=False,
        ),
        Transition(
            "second_decided", _("登记复核意见（办理终结）"), ("second_review",), "final", OFFICE,
            legal_basis=f"{REG}第三十七条（信访人对复核意见不服，仍然以同一事实和理由提出信访请求的，不再受理）",
            effects=(ClockEffect("stop", "second_review"),), hook=_hook("hook_second_decided"), style="primary",
            fields=(FieldSpec("second_result", _("复核结论"), "choice", choices=REVIEW_RESULTS),
                    FieldSpec("second_opinion", _("复核意见"), "textarea"),
                    FieldSpec("second_served_on", _("信访人收到复核意见的日期"), "date", required=False)),
        ),
        Transition(
            "withdraw", _("信访人撤回信访事项"), ("registered", "handling"), "withdrawn", (HANDLER, HEAD),
            legal_basis="本机关信访工作制度（信访人书面或者当面撤回信访事项的，终止办理，撤回情况记录在案）",
            effects=(ClockEffect("stop", "intake"), ClockEffect("stop", "handling")), hook=_hook("hook_withdraw"),
            comment_required=True, inbox=False, style="danger",
        ),
        Transition(
            # Entered by services.visit_record with the visit row: not offered as a bare step.
            "record_visit", _("记录来访"), ALL_STATES, None, OFFICE + LEADERS,
            legal_basis=f"{REG}第十八条（多人走访提出共同信访事项的，应当推选代表，代表人数不超过5人）",
            guard=_hook("guard_visit"), inbox=False, public=False,
            fields=(FieldSpec("visit_id", _("来访记录"), "int"), FieldSpec("visited_on", _("来访日期"), "date"),
                    FieldSpec("persons", _("来访人数"), "int")),
        ),
    ),
))
