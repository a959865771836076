"""The licensing process per the Administrative Licensing Law (行政许可法, 2019 revision).

All periods of this law are working days (art. 82). The definition below drives the runtime, the service
guide's time limits and the flowchart.
"""

from __future__ import annotations

from django.utils.translation import gettext
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
)
from fazhi.tlog.services import log_publication

CLERK = Role.INTAKE_CLERK.value
HANDLER = Role.CASE_HANDLER.value
HEAD = Role.SECTION_HEAD.value
DIRECTOR = Role.DIRECTOR.value


def _accept(case, ctx):
    case.accepted_on = ctx.today


def _deemed_accept(case, ctx):
    # 行政许可法第三十二条第一款第（四）项: not notified within five days → accepted from the day the
    # materials were received.
    case.accepted_on = case.submitted_on
    ctx.extra_event_data["deemed"] = True
    ctx.extra_event_data["accepted_on"] = case.submitted_on.isoformat()


def _resubmit(case, ctx):
    case.submitted_on = ctx.today


def _propose(case, ctx):
    case.data = {**case.data, "handler_opinion": ctx.data["opinion"]}


def _decide(decision):
    def hook(case, ctx):
        app = case.licensing
        app.decision = decision
        if decision == "grant":
            app.licence_scope = ctx.data.get("licence_scope", "")
        app.save(update_fields=["decision", "licence_scope"])
        case.decided_on = ctx.today
        case.outcome = {"grant": "granted", "deny": "denied"}[decision]
        # 国办发〔2018〕118号: licensing decisions are published within 7 working days; Fazhi publishes
        # them on the day of the decision, with personal data masked.
        case.published_on = ctx.today
        ctx.then.append(lambda: log_publication("licensing.decision", case.pk))  # once the case is saved

    return hook


def _outcome(value):
    def hook(case, ctx):
        case.outcome = value

    return hook


def _certificate(case, ctx):
    app = case.licensing
    app.certificate_number = ctx.data["certificate_number"]
    app.save(update_fields=["certificate_number"])


def _extension_left(case, ctx):
    # 行政许可法第四十二条: one extension of at most ten working days.
    decision = case.clocks.filter(name="decision").order_by("-round").first()
    if decision is not None and decision.extension_days >= DECISION.max_extension:
        return gettext("审查决定期限已延长%(days)s日，法定最多延长%(max)s日。") % {
            "days": decision.extension_days, "max": DECISION.max_extension}
    return None


def _build_document(case, transition, kind, ctx, number):
    from fazhi.licensing.services import licensing_notice

    return licensing_notice(case, kind, ctx, number)


INTAKE = ClockSpec(
    "intake", _("受理审查期限"), 5, "workday",
    "《中华人民共和国行政许可法》第三十二条（五日内一次告知；逾期不告知的，自收到申请材料之日起即为受理）",
    starts_from="submitted_on",
)
DECISION = ClockSpec(
    "decision", _("审查决定期限"), 20, "workday",
    "《中华人民共和国行政许可法》第四十二条第一款（二十日内作出决定）",
    starts_from="accepted_on", max_extension=10,
    extension_basis="《中华人民共和国行政许可法》第四十二条第一款（经本行政机关负责人批准，可以延长十日）",
)
CERTIFICATE = ClockSpec(
    "certificate", _("颁发证件期限"), 10, "workday",
    "《中华人民共和国行政许可法》第四十四条（作出准予决定之日起十日内颁发、送达）",
)

_OPEN = ("submitted", "correction_requested", "under_review", "suspended", "pending_head", "pending_director")

LICENSING = register(ProcessDefinition(
    code="licensing",
    name=_("行政许可"),
    initial="submitted",
    legal_basis="《中华人民共和国行政许可法》",
    number_code="许",
    states=(
        State("submitted", _("待受理"), _("已提交，等待受理")),
        State("correction_requested", _("待补正"), _("请补正材料")),
        State("under_review", _("审查中"), _("已受理，审查中")),
        State("suspended", _("中止（听证、检验、鉴定、专家评审）"), _("审查中止（所需时间不计入期限）")),
        State("pending_head", _("待科室审核"), _("已受理，审查中")),
        State("pending_director", _("待领导决定"), _("已受理，审查中")),
        State("granted", _("准予许可，待发证"), _("准予许可")),
        State("certified", _("已发证（办结）"), _("准予许可，已发证"), terminal=True),
        State("denied", _("不予许可（办结）"), _("不予许可"), terminal=True),
        State("refused", _("不予受理（办结）"), _("不予受理"), terminal=True),
        State("withdrawn", _("申请人撤回（办结）"), _("已撤回"), terminal=True),
    ),
    clocks=(INTAKE, DECISION, CERTIFICATE),
    start_effects=(ClockEffect("start", "intake"),),
    document_builder=_build_document,
    transitions=(
        Transition(
            "accept", _("受理"), ("submitted",), "under_review", (CLERK,),
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（五）项",
            effects=(ClockEffect("stop", "intake"), ClockEffect("start", "decision")),
            document="acceptance", hook=_accept, style="primary",
        ),
        Transition(
            "request_correction", _("一次性告知补正"), ("submitted",), "correction_requested", (CLERK,),
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（四）项",
            effects=(ClockEffect("stop", "intake"),),
            document="correction",
            fields=(FieldSpec("missing_materials", _("需补正的全部材料（每行一项）"), "list"),),
        ),
        Transition(
            "refuse_intake", _("不予受理"), ("submitted",), "refused", (CLERK,),
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（一）、（二）项",
            effects=(ClockEffect("stop", "intake"),),
            document="refusal", hook=_outcome("refused"), style="danger",
            fields=(FieldSpec("reasons", _("不予受理的理由"), "textarea"),
                    FieldSpec("legal_basis", _("依据"), "text")),
        ),
        Transition(
            "deemed_accept", _("视为受理（逾期未告知）"), ("submitted",), "under_review", (SYSTEM,),
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（四）项",
            effects=(ClockEffect("stop", "intake"), ClockEffect("start", "decision")),
            document="acceptance", hook=_deemed_accept, timer=Timer("intake"),
        ),
        Transition(
            "resubmit", _("提交补正材料"), ("correction_requested",), "submitted", (APPLICANT, CLERK),
            legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（四）项（自收到全部补正材料之日起受理审查）",
            effects=(ClockEffect("restart", "intake", starts_from="submitted_on"),),
            hook=_resubmit, style="primary",
            inbox=False,
        ),
        Transition(
            "propose", _("提出审查意见"), ("under_review",), "pending_head", (HANDLER,),
            legal_basis="《中华人民共和国行政许可法》第三十四条", hook=_propose, comment_required=True,
            fields=(FieldSpec("opinion", _("拟办意见"), "choice", choices=(("grant", _("拟准予许可")), ("deny", _("拟不予许可")))),),
            style="primary",
            public=False,
        ),
        Transition(
            "suspend", _("中止审查（听证、检验、鉴定、专家评审）"), ("under_review",), "suspended", (HANDLER,),
            legal_basis="《中华人民共和国行政许可法》第四十五条（所需时间不计算在期限内，应书面告知申请人）",
            effects=(ClockEffect("pause", "decision"),), comment_required=True,
            fields=(FieldSpec("pause_reason", _("中止事由"), "choice", choices=(
                ("听证", _("听证")), ("检验", _("检验")), ("检测", _("检测")), ("检疫", _("检疫")), ("鉴定", _("鉴定")),
                ("专家评审", _("专家评审")))),),
        ),
        Transition(
            "resume", _("恢复审查"), ("suspended",), "under_review", (HANDLER,),
            legal_basis="《中华人民共和国行政许可法》第四十五条",
            effects=(ClockEffect("resume", "decision"),),
        ),
        Transition(
            "head_approve", _("科室审核同意"), ("pending_head",), "pending_director", (HEAD,),
            legal_basis="《中华人民共和国行政许可法》第三十四条", style="primary",
            public=False,
        ),
        Transition(
            "head_return", _("退回承办人"), ("pending_head",), "under_review", (HEAD,), comment_required=True,
            public=False,
        ),
        Transition(
            # Not while suspended: the due date is unknown until the review resumes.
            "extend", _("批准延长审查期限十日"), ("under_review", "pending_head", "pending_director"),
            None, (DIRECTOR,),
            legal_basis=DECISION.extension_basis,
            effects=(ClockEffect("extend", "decision", days=10),), document="extension", comment_required=True,
            guard=_extension_left, inbox=False,
        ),
        Transition(
            "grant", _("准予行政许可"), ("pending_director",), "granted", (DIRECTOR,),
            legal_basis="《中华人民共和国行政许可法》第三十八条第一款",
            effects=(ClockEffect("stop", "decision"), ClockEffect("start", "certificate")),
            document="grant", hook=_decide("grant"), style="primary",
            fields=(FieldSpec("licence_scope", _("准予许可的内容（范围、条件、有效期）"), "textarea"),),
        ),
        Transition(
            "deny", _("不予行政许可"), ("pending_director",), "denied", (DIRECTOR,),
            legal_basis="《中华人民共和国行政许可法》第三十八条第二款",
            effects=(ClockEffect("stop", "decision"),), document="denial", hook=_decide("deny"), style="danger",
            fields=(FieldSpec("reasons", _("不予许可的理由"), "textarea"), FieldSpec("legal_basis", _("依据"), "text")),
        ),
        Transition(
            "director_return", _("退回重新审查"), ("pending_director",), "under_review", (DIRECTOR,),
            comment_required=True,
            public=False,
        ),
        Transition(
            "issue_certificate", _("颁发、送达许可证件"), ("granted",), "certified", (HANDLER, CLERK),
            legal_basis="《中华人民共和国行政许可法》第四十四条",
            effects=(ClockEffect("stop", "certificate"),), hook=_certificate, style="primary",
            fields=(FieldSpec("certificate_number", _("许可证件（批准文件）编号")),),
        ),
        Transition(
            "withdraw", _("撤回申请"), _OPEN, "withdrawn", (APPLICANT, CLERK),
            legal_basis=_("申请人在作出决定前可以撤回申请"),
            effects=(ClockEffect("stop", "intake"), ClockEffect("stop", "decision")),
            hook=_outcome("withdrawn"), style="danger",
            inbox=False,
        ),
    ),
))
