"""The major administrative decision (重大行政决策), as a process definition per 《重大行政决策程序暂行条例》
（国务院令第713号，2019年9月1日施行, 以下简称条例）. The regulation governs the people's governments at and above the
county level; their departments follow it by reference (参照, 第四十二条) — an archives bureau is such a department.

决策启动, 拟订草案 (第十条至第十三条) → 公众参与 (第十四条至第十八条: a public comment period normally at least 30
days, 第十五条; or other ways of hearing opinions; not for matters that by law are not public) → 专家论证 (第十九条至
第二十一条: for matters of a specialised or technical nature) → 风险评估 (第二十二条至第二十四条: when carrying it out
may harm social stability or public safety; not repeated when already assessed) → 合法性审查 (第二十五条至第二十八条:
before the discussion; a draft not reviewed or found unlawful may not be discussed; review time normally at least
7 working days) → 集体讨论决定 (第三十条: the executive meeting, the chief decides, differing opinions in the
minutes) → 公布 (第三十二条) → 执行 (第三十四条、第三十五条), 决策后评估 (第三十六条), 中止执行 (第三十七条) →
归档 (第三十三条). The article numbers are cited from the 2019 text; docs/decisions.md lists them for a lawyer to check.
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

HANDLER = Role.CASE_HANDLER.value
HEAD = Role.SECTION_HEAD.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value
LEGAL = Role.LEGAL_REVIEWER.value
DRAFTERS = (HANDLER, HEAD)  # 决策承办单位
LEADERS = (DEPUTY, DIRECTOR)  # the chief decides; a deputy may record the meeting

REG = "《重大行政决策程序暂行条例》"
CODE = "major_decision"

CONSULTATION = ClockSpec(
    "consultation", _("公开征求意见期限"), 30, "calendar",
    f"{REG}第十五条（公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，应当予以说明）",
)

# Where the drafting unit may revise the draft: not while the public is reading it, not during the review.
DRAFT_EDITABLE = ("drafting", "consultation_closed", "expert_argument", "risk_assessment", "ready_for_review",
                  "reviewed")
_OPEN = ("drafting", "consultation", "consultation_closed", "expert_argument", "risk_assessment", "ready_for_review",
         "legal_review", "reviewed")


_call = resolver("fazhi.decisions.services")


SKIP_REASON = FieldSpec("skip_reason", _("不履行本程序的理由"), "textarea")

MEETING_FIELDS = (
    FieldSpec("meeting_date", _("会议日期"), "date"),
    FieldSpec("meeting_type", _("会议类型"), "choice",
              choices=(("directors_office", _("局长办公会")), ("bureau_affairs", _("局务会")))),
    FieldSpec("chaired_by", _("主持人")),
    FieldSpec("attendees", _("参加人员（每行一人，至少三人）"), "list"),
    FieldSpec("minutes", _("会议纪要（讨论情况）"), "textarea"),
    FieldSpec("differing_opinions", _("不同意见（如实载明）"), "textarea", required=False),
    FieldSpec("chief_opinion", _("行政首长意见（最后发表；与多数人意见不一致的，说明理由）"), "textarea"),
)

DISCUSSION_BASIS = (f"{REG}第二十五条（未经合法性审查或者经审查不合法的，不得提交决策机关讨论）、第三十条（集体讨论，"
                    "行政首长在集体讨论的基础上作出决定，不同意见如实载明）、第四十二条（部门参照执行）")

MAJOR_DECISION = register(ProcessDefinition(
    code=CODE,
    name=_("重大行政决策"),
    initial="drafting",
    legal_basis=f"{REG}（国务院令第713号）第四十二条（县级以上人民政府部门参照执行）",
    states=(
        State("drafting", _("决策启动，拟订草案"), _("起草中")),
        State("consultation", _("公众参与：公开征求意见中"), _("公开征求意见中")),
        State("consultation_closed", _("征求意见期满，待归纳意见"), _("征求意见已结束")),
        State("expert_argument", _("待专家论证"), _("论证中")),
        State("risk_assessment", _("待风险评估"), _("论证中")),
        State("ready_for_review", _("待送合法性审查"), _("审查中")),
        State("legal_review", _("合法性审查中"), _("审查中")),
        State("reviewed", _("合法性审查通过，待集体讨论"), _("待决定")),
        State("decided", _("集体讨论通过，待公布"), _("已决定")),
        State("implementing", _("已公布，执行中"), _("已公布，执行中")),
        State("suspended", _("中止执行"), _("中止执行")),
        State("closed", _("归档办结"), _("已办结"), terminal=True),
        State("rejected", _("集体讨论不予通过"), _("不予通过"), terminal=True),
        State("terminated", _("决策程序终止或停止执行"), _("已终止"), terminal=True),
    ),
    clocks=(CONSULTATION,),
    transitions=(
        Transition(
            # Entered by services.decision_revise_draft with the new text: not offered as a bare step.
            "revise_draft", _("修改决策草案"), DRAFT_EDITABLE, None, DRAFTERS,
            legal_basis=f"{REG}第十二条、第十三条、第二十八条（根据合法性审查意见进行必要的调整）",
            guard=_call("guard_revise"), inbox=False, public=False,
            fields=(FieldSpec("version", _("稿次"), "int"), FieldSpec("sha256", _("草案摘要")),
                    FieldSpec("note", _("修改说明"), required=False)),
        ),
        Transition(
            "start_consultation", _("公开征求意见"), ("drafting",), "consultation", DRAFTERS,
            legal_basis=f"{REG}第十四条、第十五条",
            effects=(ClockEffect("start", "consultation", budget_from="period_days"),),
            guard=_call("guard_has_draft"), hook=_call("hook_start_consultation"), style="primary",
            fields=(
                FieldSpec("published_via", _("公布途径（政府网站、政务新媒体、报刊等）")),
                FieldSpec("how_to_comment", _("提出意见的方式"), "textarea"),
                FieldSpec("period_days", _("征求意见期限（日，默认30日）"), "int", required=False),
                FieldSpec("shorter_reason", _("期限少于30日的理由（缩短时必填）"), "textarea", required=False),
            ),
        ),
        Transition(
            "record_participation", _("以座谈会、书面征求意见等方式听取意见"), ("drafting",), "expert_argument",
            DRAFTERS, legal_basis=f"{REG}第十四条（座谈会、听证会、实地走访、书面征求意见、问卷调查等）、第十六条",
            guard=_call("guard_has_draft"), hook=_call("hook_record_participation"),
            fields=(
                FieldSpec("methods", _("听取意见的方式（每行一种）"), "list"),
                FieldSpec("comments_count", _("收到意见（条）"), "int"),
                FieldSpec("summary", _("意见归纳整理及采纳情况"), "textarea"),
            ),
        ),
        Transition(
            "skip_consultation", _("不公开听取意见（依法不予公开的决策事项）"), ("drafting",), "expert_argument",
            DRAFTERS, legal_basis=f"{REG}第十四条第一款（依法不予公开的决策事项除外）",
            hook=_call("hook_skip_participation"), style="danger",
            fields=(FieldSpec("ground", _("依据"), "choice", choices=(
                ("not_public", _("依法不予公开的决策事项（第十四条第一款）")),)), SKIP_REASON),
        ),
        Transition(
            "consultation_over", _("公开征求意见期满"), ("consultation",), "consultation_closed", (SYSTEM,),
            legal_basis=f"{REG}第十五条", effects=(ClockEffect("stop", "consultation"),),
            timer=Timer("consultation"),
        ),
        Transition(
            "record_feedback", _("归纳公众意见及采纳情况"), ("consultation_closed",), "expert_argument", DRAFTERS,
            legal_basis=f"{REG}第十四条至第十八条（公众参与）、第二十九条第（二）项（社会公众提出的主要意见的研究采纳情况）",
            hook=_call("hook_record_feedback"), style="primary",
            fields=(FieldSpec("comments_count", _("收到意见（条）"), "int"),
                    FieldSpec("summary", _("意见归纳整理及采纳情况"), "textarea")),
        ),
        Transition(
            "record_expert_argument", _("记录专家论证"), ("expert_argument",), "risk_assessment", DRAFTERS,
            legal_basis=f"{REG}第十九条至第二十一条", hook=_call("hook_record_expert"), style="primary",
            fields=(
                FieldSpec("argued_on", _("论证日期"), "date"),
                FieldSpec("experts", _("专家、专业机构（每行一个，代表不同观点）"), "list"),
                FieldSpec("opinion", _("论证意见"), "textarea"),
                FieldSpec("adoption", _("论证意见的研究采纳情况"), "textarea"),
            ),
        ),
        Transition(
            "skip_expert_argument", _("不组织专家论证"), ("expert_argument",), "risk_assessment", DRAFTERS,
            legal_basis=f"{REG}第十九条（专业性、技术性较强的决策事项应当组织专家论证）",
            hook=_call("hook_skip_expert"),
            fields=(FieldSpec("ground", _("依据"), "choice", choices=(
                ("not_technical", _("不属于专业性、技术性较强的决策事项（第十九条）")),)), SKIP_REASON),
        ),
        Transition(
            "record_risk_assessment", _("记录风险评估"), ("risk_assessment",), "ready_for_review", DRAFTERS,
            legal_basis=f"{REG}第二十二条至第二十四条", hook=_call("hook_record_risk"), style="primary",
            fields=(
                FieldSpec("assessed_on", _("评估日期"), "date"),
                FieldSpec("method", _("评估方式（舆情跟踪、重点走访、会商分析等）")),
                FieldSpec("risk_level", _("风险等级"), "choice",
                          choices=(("low", _("低")), ("medium", _("中")), ("high", _("高")))),
                FieldSpec("report", _("风险评估结论"), "textarea"),
                FieldSpec("measures", _("风险防范措施（中、高风险必填）"), "textarea", required=False),
            ),
        ),
        Transition(
            "skip_risk_assessment", _("不开展风险评估"), ("risk_assessment",), "ready_for_review", DRAFTERS,
            legal_basis=f"{REG}第二十二条第一款",
            hook=_call("hook_skip_risk"),
            fields=(FieldSpec("ground", _("依据"), "choice", choices=(
                ("no_adverse_impact", _("决策实施不会对社会稳定、公共安全等方面造成不利影响（第二十二条第一款）")),
                ("already_assessed", _("已按有关规定对有关风险进行评价、评估，不作重复评估（第二十二条第一款）")))),
                SKIP_REASON),
        ),
        Transition(
            "submit_review", _("送请合法性审查"), ("ready_for_review", "reviewed"), "legal_review", DRAFTERS,
            legal_basis=f"{REG}第二十五条、第二十六条（提供决策草案及相关材料，保证必要的审查时间，一般不少于7个工作日）",
            guard=_call("guard_has_draft"), hook=_call("hook_submit_review"), style="primary",
            fields=(FieldSpec("basis", _("法律、法规、规章等依据"), "textarea"),
                    FieldSpec("procedure_note", _("履行决策法定程序的说明"), "textarea")),
        ),
        Transition(
            "review_pass", _("合法性审查通过"), ("legal_review",), "reviewed", (LEGAL,),
            legal_basis=f"{REG}第二十六条至第二十八条", guard=_call("guard_review_draft"),
            hook=_call("hook_review_pass"), style="primary",
            fields=(
                FieldSpec("opinion", _("合法性审查意见"), "textarea"),
                FieldSpec("adviser_opinion", _("法律顾问、公职律师的法律意见"), "textarea", required=False),
                FieldSpec("short_review_reason", _("审查时间少于7个工作日的理由（少于时必填）"), "textarea",
                          required=False),
            ),
        ),
        Transition(
            "review_fail", _("审查不合法，退回修改"), ("legal_review",), "ready_for_review", (LEGAL,),
            legal_basis=f"{REG}第二十五条、第二十八条", hook=_call("hook_review_fail"), style="danger",
            fields=(FieldSpec("opinion", _("合法性审查意见"), "textarea"),),
        ),
        Transition(
            "discussion_adopt", _("集体讨论：通过"), ("ready_for_review", "reviewed"), "decided", LEADERS,
            legal_basis=DISCUSSION_BASIS, guard=_call("guard_discussion"), hook=_call("hook_discussion_adopt"),
            style="primary", fields=MEETING_FIELDS,
        ),
        Transition(
            "discussion_defer", _("集体讨论：修改后再议"), ("ready_for_review", "reviewed"), "ready_for_review",
            LEADERS, legal_basis=DISCUSSION_BASIS, guard=_call("guard_discussion"),
            hook=_call("hook_discussion_defer"), fields=MEETING_FIELDS,
        ),
        Transition(
            "discussion_reject", _("集体讨论：不通过"), ("ready_for_review", "reviewed"), "rejected", LEADERS,
            legal_basis=DISCUSSION_BASIS, guard=_call("guard_discussion"), hook=_call("hook_discussion_reject"),
            style="danger", fields=MEETING_FIELDS,
        ),
        Transition(
            "publish", _("公布决策"), ("decided",), "implementing", DRAFTERS + LEADERS,
            legal_basis=f"{REG}第三十一条、第三十二条", hook=_call("hook_publish"), style="primary",
            fields=(
                FieldSpec("published_on", _("公布日期"), "date"),
                FieldSpec("channel", _("公布途径（公报、政府网站、报纸等）")),
                FieldSpec("document_number", _("文号"), required=False),
                FieldSpec("interpretation", _("公众意见、专家论证意见的采纳情况及解读"), "textarea", required=False),
                FieldSpec("party_report", _("出台前向党组（党委）请示报告情况"), "textarea", required=False),
            ),
        ),
        Transition(
            "withhold_publication", _("依法不予公开"), ("decided",), "implementing", LEADERS,
            legal_basis=f"{REG}第三十二条（依法不予公开的除外）", hook=_call("hook_withhold"), comment_required=True,
            inbox=False,
        ),
        Transition(
            "record_progress", _("记录执行情况"), ("implementing", "suspended"), None, DRAFTERS + LEADERS,
            legal_basis=f"{REG}第三十四条、第三十五条", hook=_call("hook_progress"), inbox=False,
            fields=(FieldSpec("progress_on", _("日期"), "date"), FieldSpec("unit", _("决策执行单位")),
                    FieldSpec("progress", _("执行情况"), "textarea")),
        ),
        Transition(
            "post_evaluation", _("决策后评估"), ("implementing",), None, DRAFTERS + LEADERS,
            legal_basis=f"{REG}第三十六条", hook=_call("hook_evaluation"), inbox=False,
            fields=(
                FieldSpec("evaluated_on", _("评估日期"), "date"),
                FieldSpec("trigger", _("评估的情形"), "choice", choices=(
                    ("below_expectations", _("实施后明显未达到预期效果（第三十六条第一款第（一）项）")),
                    ("many_opinions", _("公民、法人或者其他组织提出较多意见（第（二）项）")),
                    ("deemed_necessary", _("决策机关认为有必要（第（三）项）")))),
                FieldSpec("evaluator", _("承担评估具体工作的单位")),
                FieldSpec("report", _("评估报告（摘要）"), "textarea"),
                FieldSpec("conclusion", _("评估结论"), "choice", choices=(
                    ("achieved", _("达到预期效果")), ("partly", _("基本达到预期效果")),
                    ("not_achieved", _("未达到预期效果")))),
                FieldSpec("recommendation", _("评估建议"), "choice", choices=(
                    ("continue", _("继续执行")), ("adjust", _("调整完善（依法履行相关程序）")),
                    ("stop", _("停止执行")))),
            ),
        ),
        Transition(
            "suspend_execution", _("中止执行"), ("implementing",), "suspended", (DIRECTOR,),
            legal_basis=f"{REG}第三十七条（情况紧急的，决策机关行政首长可以先决定中止执行）", comment_required=True,
            inbox=False, style="danger",
        ),
        Transition(
            "resume_execution", _("恢复执行"), ("suspended",), "implementing", (DIRECTOR,),
            legal_basis=f"{REG}第三十七条", comment_required=True,
        ),
        Transition(
            "archive_close", _("归档办结"), ("implementing",), "closed", DRAFTERS + LEADERS,
            legal_basis=f"{REG}第三十三条（决策过程记录和材料归档）", hook=_call("hook_archive"), inbox=False,
            fields=(FieldSpec("archived_on", _("归档日期"), "date"), FieldSpec("archive_reference", _("档号"))),
        ),
        Transition(
            "terminate", _("终止决策程序（停止执行）"), _OPEN + ("suspended",), "terminated", LEADERS,
            legal_basis=f"{REG}第三十七条（依法作出的重大行政决策，未经法定程序不得随意变更或者停止执行）",
            comment_required=True, inbox=False, style="danger",
        ),
    ),
))
