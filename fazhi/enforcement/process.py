"""The penalty case (行政处罚), as a process definition per 《中华人民共和国行政处罚法》（2021年修订, 以下简称
处罚法) and 《档案行政处罚程序规定》（国家档案局令第20号）.

Ordinary procedure (普通程序): register the source → file the case (立案, approved by the agency's head) →
investigation by at least two certified officers with the full-process record (art. 42, 47; evidence and
records are entered through fazhi/enforcement/services.py) → investigation concluded with the proposed
penalty checked against the discretion standard → prior notice (事先告知, art. 44, 45, 63; 5 working days
to ask for a hearing, art. 64(1)) → hearing if requested (notice 7 working days before, art. 64(2)) → legal
review (法制审核) whenever the decision is major (art. 58) → collective discussion for serious cases (art. 57
(2)) → decision (art. 57, 59) → service within 7 working days (art. 61) → payment within 15 days (art. 67)
or the late surcharge (art. 72) → closed. The 90-day clock runs from filing in calendar days (art. 60),
with logged extensions. Summary procedure (简易程序, art. 51–52): an on-the-spot decision within the
art. 51 limits. Days: only periods of 二日、三日、五日、七日 are working days (art. 85).
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

OFFICER = Role.ENFORCEMENT_OFFICER.value
HEAD = Role.SECTION_HEAD.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value
LEGAL = Role.LEGAL_REVIEWER.value
LEADERS = (DEPUTY, DIRECTOR)  # 行政机关负责人

LAW = "《中华人民共和国行政处罚法》"

FILING = ClockSpec(
    "filing", _("立案审查期限"), 15, "workday",
    f"{LAW}第五十四条第二款（符合立案标准的，应当及时立案）；本机关规定自登记之日起十五个工作日内决定是否立案",
)
DECISION = ClockSpec(
    "decision", _("作出处罚决定期限"), 90, "calendar",
    f"{LAW}第六十条（自立案之日起九十日内作出行政处罚决定）",
    extension_basis=f"{LAW}第六十条（法律、法规、规章另有规定的，从其规定）；案情复杂的，经本机关负责人批准延长，"
                    "每次不超过三十日，延长理由记录在案",
)
STATEMENT = ClockSpec(
    "statement", _("陈述申辩和听证申请期限"), 5, "workday",
    f"{LAW}第六十四条第（一）项（当事人要求听证的，应当在行政机关告知后五日内提出）、第八十五条（五日指工作日）",
)
SERVICE = ClockSpec(
    "service", _("决定书送达期限"), 7, "workday",
    f"{LAW}第六十一条第一款（当事人不在场的，应当在七日内依照民事诉讼法的有关规定送达）、第八十五条",
)
PAYMENT = ClockSpec(
    "payment", _("缴纳罚款期限"), 15, "calendar",
    f"{LAW}第六十七条第三款（自收到行政处罚决定书之日起十五日内缴纳罚款）",
    starts_from="data.served_on",
)


_hook = _guard = resolver("fazhi.enforcement.services")


def _field_options(case):
    """The violations and circumstances of the published discretion standards, to choose from."""
    from fazhi.discretion.selectors import circumstance_choices, violation_choices

    return {"violation": violation_choices(), "circumstances": circumstance_choices()}


def _build_document(case, transition, kind, ctx, number):
    from fazhi.enforcement.documents import build

    return build(case, kind, ctx, number)


SERVE_FIELDS = (
    FieldSpec("served_on", _("送达日期"), "date"),
    FieldSpec("method", _("送达方式"), "choice", choices=(
        ("直接送达", _("直接送达")), ("留置送达", _("留置送达")), ("邮寄送达", _("邮寄送达")),
        ("电子送达", _("电子送达（当事人同意）")), ("公告送达", _("公告送达")))),
    FieldSpec("recipient", _("受送达人")),
)

_ACTIVE = ("investigating", "investigated", "notified", "hearing_requested", "hearing_scheduled", "pending_review",
           "pending_decision")

PENALTY = register(ProcessDefinition(
    code="penalty",
    name=_("行政处罚"),
    initial="registered",
    legal_basis=f"{LAW}；《中华人民共和国档案法》第四十九条；《档案行政处罚程序规定》（国家档案局令第20号）",
    number_code="罚",
    states=(
        State("registered", _("案源登记，待立案审批"), _("案源登记")),
        State("investigating", _("已立案，调查取证"), _("已立案，调查中")),
        State("investigated", _("调查终结，待事先告知"), _("调查终结")),
        State("notified", _("已告知，陈述申辩期"), _("已告知拟处罚")),
        State("hearing_requested", _("当事人申请听证，待通知"), _("已申请听证")),
        State("hearing_scheduled", _("听证已通知，待举行"), _("听证")),
        State("pending_review", _("待法制审核"), _("审核中")),
        State("pending_decision", _("待负责人决定"), _("审核中")),
        State("decided", _("已决定，待送达"), _("已作出处罚决定")),
        State("executing", _("已送达，执行中"), _("执行中")),
        State("overdue", _("逾期未缴纳，加处罚款"), _("逾期未履行")),
        State("closed", _("结案"), _("已结案"), terminal=True),
        State("not_filed", _("不予立案（办结）"), _("不予立案"), terminal=True),
        State("no_penalty", _("不予行政处罚（结案）"), _("不予行政处罚"), terminal=True),
        State("court_enforcement", _("申请人民法院强制执行"), _("申请强制执行"), terminal=True),
        State("annulled", _("决定已撤销或变更，公示已撤回"), _("决定已撤销或变更"), terminal=True),
    ),
    clocks=(FILING, DECISION, STATEMENT, SERVICE, PAYMENT),
    start_effects=(ClockEffect("start", "filing"),),
    document_builder=_build_document,
    field_options=_field_options,
    transitions=(
        Transition(
            "file_case", _("批准立案"), ("registered",), "investigating", LEADERS,
            legal_basis=f"{LAW}第五十四条第二款",
            effects=(ClockEffect("stop", "filing"), ClockEffect("start", "decision")),
            document="filing_approval", hook=_hook("hook_file_case"), style="primary",
            fields=(FieldSpec("investigators", _("调查人员执法证号（每行一个，至少两人）"), "list"),
                    FieldSpec("party_type", _("当事人类型（适用裁量基准）"), "choice", choices=(
                        ("unit", _("单位")), ("individual", _("个人")),
                        ("archives_service_enterprise", _("档案服务企业"))))),
            comment_required=True,
        ),
        Transition(
            "decline_filing", _("不予立案"), ("registered",), "not_filed", LEADERS,
            legal_basis=f"{LAW}第五十四条", effects=(ClockEffect("stop", "filing"),),
            hook=_hook("hook_outcome_not_filed"), comment_required=True, style="danger",
        ),
        Transition(
            "summary_decide", _("当场作出处罚决定（简易程序）"), ("registered",), "decided", (OFFICER,),
            legal_basis=f"{LAW}第五十一条、第五十二条",
            effects=(ClockEffect("stop", "filing"), ClockEffect("start", "service")),
            document="decision", hook=_hook("hook_summary_decide"), guard=_guard("guard_summary"),
            inbox=False,
            fields=(
                FieldSpec("officers", _("执法人员执法证号（每行一个，至少两人）"), "list"),
                FieldSpec("violation", _("违法行为（裁量基准）")),
                FieldSpec("violation_date", _("违法行为发生日期"), "date"),
                FieldSpec("facts", _("违法事实和证据"), "textarea"),
                FieldSpec("kind", _("处罚种类"), "choice", choices=(
                    ("警告", _("警告")), ("罚款", _("罚款")), ("警告、罚款", _("警告并处罚款")))),
                FieldSpec("fine", _("罚款金额（元）"), required=False),
            ),
        ),
        Transition(
            # Entered by services.evidence_add with the evidence row: not offered as a bare step.
            "record_evidence", _("记录证据"), ("investigating",), None, (OFFICER, HEAD),
            legal_basis=f"{LAW}第四十七条（全过程记录）、第五十五条", guard=_guard("guard_evidence"),
            inbox=False, public=False,
            fields=(FieldSpec("evidence_id", _("证据"), "int"), FieldSpec("kind", _("证据种类")),
                    FieldSpec("title", _("名称")), FieldSpec("sha256", _("摘要"), required=False)),
        ),
        Transition(
            "conclude_investigation", _("调查终结，提出处理意见"), ("investigating",), "investigated", (OFFICER, HEAD),
            legal_basis=f"{LAW}第五十七条", guard=_guard("guard_investigators"),
            hook=_hook("hook_conclude"), style="primary",
            fields=(
                FieldSpec("violation", _("违法行为（裁量基准）")),
                FieldSpec("violation_date", _("违法行为发生日期"), "date"),
                FieldSpec("facts", _("违法事实和证据"), "textarea"),
                FieldSpec("circumstances", _("情节（裁量基准所列情节）"), "list", required=False),
                FieldSpec("kinds", _("拟处罚种类（每行一个，如：警告、罚款）"), "list"),
                FieldSpec("fine", _("拟罚款金额（元）"), required=False),
                FieldSpec("outside_reason", _("超出裁量基准的理由（超出时必填）"), "textarea", required=False),
                FieldSpec("serious", _("情节复杂或重大违法行为（须集体讨论）"), "choice",
                          choices=(("no", _("否")), ("yes", _("是")))),
            ),
        ),
        Transition(
            "conclude_no_penalty", _("调查终结：不予行政处罚"), ("investigating",), "no_penalty", (HEAD,) + LEADERS,
            legal_basis=f"{LAW}第五十七条第一款第（二）、（三）项、第三十三条",
            effects=(ClockEffect("stop", "decision"),), hook=_hook("hook_outcome_no_penalty"),
            comment_required=True,
            fields=(FieldSpec("ground", _("不予处罚的理由"), "choice", choices=(
                ("minor", _("违法行为轻微，依法可以不予行政处罚（第三十三条）")),
                ("not_established", _("违法事实不能成立（第五十七条第一款第（三）项）")),
                ("no_fault", _("当事人有证据足以证明没有主观过错（第三十三条第二款）")))),),
        ),
        Transition(
            "return_investigation", _("退回补充调查"), ("investigated", "pending_review", "pending_decision"),
            "investigating", (HEAD, LEGAL) + LEADERS,
            legal_basis=f"{LAW}第五十八条", comment_required=True, hook=_hook("hook_return"), public=False,
        ),
        Transition(
            "notify", _("事先告知（拟处罚告知书）"), ("investigated",), "notified", (OFFICER, HEAD),
            legal_basis=f"{LAW}第四十四条、第六十二条、第六十三条、第六十四条",
            effects=(ClockEffect("start", "statement"),), document="prior_notice", style="primary",
        ),
        Transition(
            "statement_received", _("记录陈述申辩"), ("notified",), None, (OFFICER, HEAD),
            legal_basis=f"{LAW}第四十五条（行政机关必须充分听取当事人的意见，不得因当事人陈述、申辩而给予更重的处罚）",
            comment_required=True, inbox=False,
        ),
        Transition(
            "request_hearing", _("当事人申请听证"), ("notified",), "hearing_requested", (OFFICER, HEAD),
            legal_basis=f"{LAW}第六十三条、第六十四条第（一）项", effects=(ClockEffect("stop", "statement"),),
            guard=_guard("guard_hearing_request"), inbox=False,
            fields=(FieldSpec("requested_on", _("申请听证日期"), "date"),),
        ),
        Transition(
            "statement_period_over", _("陈述申辩期届满"), ("notified",), "pending_review", (SYSTEM,),
            effects=(ClockEffect("stop", "statement"),), timer=Timer("statement"),
        ),
        Transition(
            "waive", _("当事人放弃陈述申辩和听证"), ("notified",), "pending_review", (OFFICER, HEAD),
            legal_basis=f"{LAW}第六十四条", effects=(ClockEffect("stop", "statement"),), comment_required=True,
        ),
        Transition(
            "schedule_hearing", _("发出听证通知"), ("hearing_requested",), "hearing_scheduled", (HEAD,) + LEADERS,
            legal_basis=f"{LAW}第六十四条第（二）项（举行听证的七日前通知）", document="hearing_notice",
            guard=_guard("guard_hearing_date"), hook=_hook("hook_schedule_hearing"), style="primary",
            fields=(FieldSpec("hearing_date", _("听证日期"), "date"), FieldSpec("hearing_place", _("听证地点")),
                    FieldSpec("presiding", _("听证主持人（非本案调查人员）"))),
        ),
        Transition(
            "hold_hearing", _("举行听证，记录听证笔录"), ("hearing_scheduled",), "pending_review", (HEAD,) + LEADERS,
            legal_basis=f"{LAW}第六十四条、第六十五条（根据听证笔录作出决定）",
            guard=_guard("guard_hearing_held"), hook=_hook("hook_hearing_held"), comment_required=True,
            fields=(FieldSpec("hearing_record", _("听证笔录要点"), "textarea"),),
        ),
        Transition(
            "hearing_withdrawn", _("当事人撤回听证申请或无正当理由不到场"), ("hearing_requested", "hearing_scheduled"),
            "pending_review", (HEAD,) + LEADERS, legal_basis=f"{LAW}第六十四条第（八）项",
            comment_required=True,
        ),
        Transition(
            "legal_review_pass", _("法制审核通过"), ("pending_review",), "pending_decision", (LEGAL,),
            legal_basis=f"{LAW}第五十八条", hook=_hook("hook_review_pass"), style="primary", comment_required=True,
            public=False,
        ),
        Transition(
            "no_review_needed", _("非重大执法决定，提交负责人决定"), ("pending_review",), "pending_decision", (HEAD,),
            legal_basis=f"{LAW}第五十八条", guard=_guard("guard_not_major"),
            public=False,
        ),
        Transition(
            "collective_discussion", _("负责人集体讨论"), ("pending_decision",), None, LEADERS,
            legal_basis=f"{LAW}第五十七条第二款", hook=_hook("hook_collective"), comment_required=True, public=False,
            fields=(FieldSpec("meeting_date", _("会议日期"), "date"), FieldSpec("attendees", _("参加人员（每行一人）"), "list"),
                    FieldSpec("conclusion", _("讨论结论"), "textarea")),
        ),
        Transition(
            "decide", _("作出行政处罚决定"), ("pending_decision",), "decided", LEADERS,
            legal_basis=f"{LAW}第五十七条、第五十九条",
            effects=(ClockEffect("stop", "decision"), ClockEffect("start", "service")),
            document="decision", guard=_guard("guard_decide"), hook=_hook("hook_decide"), style="primary",
            fields=(
                FieldSpec("kinds", _("处罚种类（每行一个）"), "list"),
                FieldSpec("fine", _("罚款金额（元）"), required=False),
                FieldSpec("confiscation", _("没收违法所得（元）"), required=False),
                FieldSpec("outside_reason", _("超出裁量基准的理由（超出时必填）"), "textarea", required=False),
                FieldSpec("publish", _("具有一定社会影响，依法公开"), "choice",
                          choices=(("yes", _("公开")), ("no", _("不公开")))),
            ),
        ),
        Transition(
            "decide_no_penalty", _("决定不予行政处罚"), ("pending_decision",), "no_penalty", LEADERS,
            legal_basis=f"{LAW}第五十七条第一款第（二）、（三）项", effects=(ClockEffect("stop", "decision"),),
            guard=_guard("guard_decide_no_penalty"), hook=_hook("hook_outcome_no_penalty"), comment_required=True,
            fields=(FieldSpec("ground", _("不予处罚的理由"), "choice", choices=(
                ("minor", _("违法行为轻微，依法可以不予行政处罚（第三十三条）")),
                ("not_established", _("违法事实不能成立（第五十七条第一款第（三）项）")),
                ("no_fault", _("当事人有证据足以证明没有主观过错（第三十三条第二款）")))),),
        ),
        Transition(
            "extend_decision", _("延长办案期限"), _ACTIVE, None, LEADERS,
            legal_basis=DECISION.extension_basis, effects=(ClockEffect("extend", "decision", days=30),),
            comment_required=True, inbox=False, public=False,
        ),
        Transition(
            "serve", _("送达处罚决定书"), ("decided",), "executing", (OFFICER, HEAD),
            legal_basis=f"{LAW}第六十一条；缴款期限自收到决定书之日起算（第六十七条第三款）",
            effects=(ClockEffect("stop", "service"), ClockEffect("start", "payment")), document="service_receipt",
            hook=_hook("hook_serve"), guard=_guard("guard_serve_with_payment"), style="primary", fields=SERVE_FIELDS,
        ),
        Transition(
            "serve_and_close", _("送达处罚决定书（无罚款，送达即执行完毕）"), ("decided",), "closed", (OFFICER, HEAD),
            legal_basis=f"{LAW}第六十一条", effects=(ClockEffect("stop", "service"),), document="service_receipt",
            hook=_hook("hook_serve"), guard=_guard("guard_serve_without_payment"), style="primary",
            fields=SERVE_FIELDS,
        ),
        Transition(
            "record_payment", _("登记缴纳罚款"), ("executing", "overdue"), "closed", (OFFICER, HEAD),
            legal_basis=f"{LAW}第六十七条、第七十二条第一款第（一）项",
            effects=(ClockEffect("stop", "payment"),), guard=_guard("guard_payment"), hook=_hook("hook_payment"),
            style="primary",
            fields=(FieldSpec("paid_on", _("缴款日期"), "date"), FieldSpec("amount", _("实缴金额（元，含加处罚款）"))),
        ),
        Transition(
            "payment_overdue", _("逾期未缴纳罚款"), ("executing",), "overdue", (SYSTEM,),
            legal_basis=f"{LAW}第七十二条第一款第（一）项（每日按罚款数额的百分之三加处罚款）",
            timer=Timer("payment"),
        ),
        Transition(
            "apply_court_enforcement", _("申请人民法院强制执行"), ("overdue",), "court_enforcement", LEADERS,
            legal_basis=f"{LAW}第七十二条第一款第（四）项；《中华人民共和国行政强制法》第五十三条、第五十四条",
            comment_required=True, hook=_hook("hook_court"),
        ),
        Transition(
            "annul", _("决定被撤销或变更（复议、诉讼或自行纠正）"), ("decided", "executing", "overdue", "closed"),
            "annulled", LEADERS,
            legal_basis="《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
                        "（国办发〔2018〕118号）（行政执法决定被撤销、确认违法或者要求重新作出的，应当及时撤回原公开信息）",
            hook=_hook("hook_annul"), comment_required=True, style="danger", inbox=False,
            fields=(FieldSpec("by", _("撤销或变更机关与文书")),),
        ),
    ),
))
