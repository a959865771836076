"""The disclosure request (政府信息公开申请), as a process definition per 《中华人民共和国政府信息公开条例》
（2019年修订，国务院令第711号，以下简称条例）.

Receipt (第三十一条): a request registered by staff (in person, by post, fax, e-mail, an oral request written
down for the requester, 第二十九条第一款) carries its receipt date and starts its clocks at once (the system step
``register_receipt``, fired by the intake). A request filed online waits in ``submitted`` until the clerk
confirms receipt (``confirm_receipt``): the confirmation date is the receipt date (第三十一条第（三）项, 以双方确认之日
为收到申请之日) and both clocks count from it.

Clocks (all working days, docs/disclosure.md):

* 补正告知期限 7 WD from receipt (第三十条): one correction notice, at once (一次性告知), within this window only;
  when it runs out the case moves on to handling by itself.
* 答复期限 20 WD from receipt (第三十三条第二款), **restarted** from the day the corrected request is received
  (第三十条); **paused** while a third party is consulted (第三十三条第三款); **extended** once by at most 20 WD with
  the approval of the head of the disclosure office (第三十三条第二款).
* 申请人补正期限: set in the notice (第三十条, 合理的补正期限; default 10 WD). Not corrected in time: deemed abandoned
  (视为放弃申请), by itself.
* 第三方提出意见期限 15 WD (第三十二条). No opinion in time: the handling resumes by itself, as of the last day.

Replies (第三十六条, 第三十七条, 第三十八条, 第三十九条, 第三十五条): five steps, by result group, each with its grounds
(results.py) and the reply letter 政府信息公开申请答复书 (documents.py) with the remedies of 第五十一条.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role
from fazhi.disclosure import results
from fazhi.disclosure.results import REG
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

CLERK = Role.INTAKE_CLERK.value
HANDLER = Role.CASE_HANDLER.value
HEAD = Role.SECTION_HEAD.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value

CORRECTION = ClockSpec(
    "correction", _("补正告知期限"), 7, "workday",
    f"{REG}第三十条（自收到申请之日起7个工作日内一次性告知申请人作出补正）",
    starts_from="received_on",
)
REPLY = ClockSpec(
    "reply", _("答复期限"), 20, "workday",
    f"{REG}第三十三条第二款（自收到申请之日起20个工作日内予以答复）；第三十条（补正的，自收到补正的申请之日起计算）；"
    "第三十三条第三款（征求第三方意见所需时间不计算在内）",
    starts_from="received_on", max_extension=20,
    extension_basis=f"{REG}第三十三条第二款（需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，"
                    "延长的期限最长不得超过20个工作日）",
)
CORRECTION_PERIOD = ClockSpec(
    "correction_period", _("申请人补正期限"), 10, "workday",
    f"{REG}第三十条（补正告知说明合理的补正期限；申请人无正当理由逾期不补正的，视为放弃申请）",
)
THIRD_PARTY = ClockSpec(
    "third_party", _("第三方提出意见期限"), 15, "workday",
    f"{REG}第三十二条（第三方应当自收到征求意见书之日起15个工作日内提出意见）；第三十三条第三款（不计算在答复期限内）",
)
DEFAULT_CORRECTION_DAYS = 10
MAX_CORRECTION_DAYS = 30


_hook = resolver("fazhi.disclosure.services")


def _build_document(case, transition, kind, ctx, number):
    from fazhi.disclosure.documents import build

    return build(case, transition, kind, ctx, number)


FEE = FieldSpec("fee", _("信息处理费（元；依第四十二条收取的才填写）"), required=False)
HOW = FieldSpec("how", _("提供方式，或获取的方式、途径和时间"), "textarea")
REPLY_EFFECTS = (ClockEffect("stop", "correction"), ClockEffect("stop", "reply"))
_REPLYING = ("received", "handling")
_OPEN = ("submitted", "received", "correction_requested", "handling", "consulting")
REPLIERS = (HANDLER, HEAD)

DISCLOSURE = register(ProcessDefinition(
    code="disclosure",
    name=_("政府信息公开申请"),
    initial="submitted",
    legal_basis=f"{REG}（2019年修订，国务院令第711号）",
    number_code="公开",
    states=(
        State("submitted", _("待确认收到（网上申请）"), _("已提交，待确认收到")),
        State("received", _("已收到，审查申请"), _("已收到，办理中")),
        State("correction_requested", _("待申请人补正"), _("请补正申请")),
        State("handling", _("办理中"), _("办理中")),
        State("consulting", _("征求第三方意见（答复期限中止计算）"), _("办理中（征求意见所需时间不计入答复期限）")),
        State("replied", _("已答复（办结）"), _("已答复"), terminal=True),
        State("abandoned", _("逾期未补正，视为放弃申请（办结）"), _("逾期未补正，视为放弃申请"), terminal=True),
        State("withdrawn", _("申请人撤回（办结）"), _("已撤回"), terminal=True),
    ),
    clocks=(CORRECTION, REPLY, CORRECTION_PERIOD, THIRD_PARTY),
    document_builder=_build_document,
    transitions=(
        # ---- receipt (第三十一条) ----
        Transition(
            "confirm_receipt", _("确认收到申请"), ("submitted",), "received", (CLERK, HANDLER),
            legal_basis=f"{REG}第三十一条第（三）项（通过互联网渠道提交的，以双方确认之日为收到申请之日）",
            effects=(ClockEffect("start", "correction"), ClockEffect("start", "reply")),
            hook=_hook("hook_confirm"), style="primary",
            fields=(FieldSpec("confirmed_on", _("确认收到日期（留空为今天）"), "date", required=False),),
        ),
        Transition(
            # Fired by the intake for a request registered by staff (services.on_submit): its receipt date is
            # the one the clerk entered.
            "register_receipt", _("登记收到申请，开始计算期限"), ("submitted",), "received", (SYSTEM,),
            legal_basis=f"{REG}第三十一条",
            effects=(ClockEffect("start", "correction"), ClockEffect("start", "reply")),
            hook=_hook("hook_register"), inbox=False,
        ),
        # ---- correction (第三十条) ----
        Transition(
            "request_correction", _("一次性告知补正"), ("received",), "correction_requested", (CLERK, HANDLER),
            legal_basis=f"{REG}第三十条（给予指导和释明，一次性告知补正事项和合理的补正期限）",
            effects=(ClockEffect("stop", "correction"), ClockEffect("stop", "reply"),
                     ClockEffect("start", "correction_period", budget_from="period_days")),
            document="correction", guard=_hook("guard_correction"), hook=_hook("hook_correction"),
            fields=(
                FieldSpec("missing_materials", _("需要补正的事项（每行一项）"), "list"),
                FieldSpec("guidance", _("指导和释明"), "textarea", required=False),
                FieldSpec("period_days", _("补正期限（工作日，默认10个）"), "int", required=False),
            ),
        ),
        Transition(
            "resubmit", _("提交补正后的申请"), ("correction_requested",), "handling", (APPLICANT, CLERK),
            legal_basis=f"{REG}第三十条（答复期限自行政机关收到补正的申请之日起计算）",
            effects=(ClockEffect("stop", "correction_period"),
                     ClockEffect("restart", "reply", starts_from="submitted_on")),
            hook=_hook("hook_resubmit"), style="primary", inbox=False,
            fields=(
                FieldSpec("corrected_description", _("补正后的申请内容"), "textarea"),
                FieldSpec("corrected_on", _("收到补正申请的日期（工作人员登记纸质补正时填写；留空为今天）"), "date",
                          required=False),
            ),
        ),
        Transition(
            "deemed_abandoned", _("逾期未补正，视为放弃申请"), ("correction_requested",), "abandoned", (SYSTEM,),
            legal_basis=f"{REG}第三十条（申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理）",
            effects=(ClockEffect("stop", "correction_period"),), timer=Timer("correction_period"),
            hook=_hook("hook_abandoned"),
        ),
        Transition(
            "begin_handling", _("申请内容明确，转入办理"), ("received",), "handling", (CLERK, HANDLER),
            legal_basis=f"{REG}第三十条", effects=(ClockEffect("stop", "correction"),),
        ),
        Transition(
            "correction_window_closed", _("补正告知期限届满，转入办理"), ("received",), "handling", (SYSTEM,),
            legal_basis=f"{REG}第三十条", effects=(ClockEffect("stop", "correction"),), timer=Timer("correction"),
            hook=_hook("hook_back_to_due", "correction"), public=False,
        ),
        # ---- replies (第三十六条 and the articles it refers to) ----
        Transition(
            "reply_disclose", _("答复：予以公开"), _REPLYING, "replied", REPLIERS,
            legal_basis=f"{REG}第三十六条第（一）、（二）项；第四十条（按申请人要求的形式提供）",
            effects=REPLY_EFFECTS, document="reply", hook=_hook("hook_reply", results.OPEN), style="primary",
            fields=(FieldSpec("ground", _("答复类型"), "choice", choices=results.choices(results.DISCLOSE)),
                    FieldSpec("content", _("公开的政府信息（名称、文号、数量）"), "textarea"), HOW, FEE),
        ),
        Transition(
            "reply_partial", _("答复：部分公开"), _REPLYING, "replied", REPLIERS,
            legal_basis=f"{REG}第三十七条（能够作区分处理的，应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由）",
            effects=REPLY_EFFECTS, document="reply", hook=_hook("hook_reply", results.PARTIAL), style="primary",
            fields=(FieldSpec("content", _("予以公开的部分"), "textarea"),
                    FieldSpec("withheld", _("不予公开的部分"), "textarea"),
                    FieldSpec("ground", _("不予公开部分的依据"), "choice", choices=results.choices(results.WITHHOLD)),
                    FieldSpec("reason", _("不予公开的理由"), "textarea"), HOW, FEE),
        ),
        Transition(
            "reply_withhold", _("答复：不予公开"), _REPLYING, "replied", REPLIERS,
            legal_basis=f"{REG}第三十六条第（三）项（告知申请人不予公开并说明理由）；第十四条、第十五条、第十六条",
            effects=REPLY_EFFECTS, document="reply", hook=_hook("hook_reply", results.WITHHELD), style="danger",
            fields=(FieldSpec("ground", _("不予公开的依据"), "choice", choices=results.choices(results.WITHHOLD)),
                    FieldSpec("reason", _("不予公开的理由"), "textarea")),
        ),
        Transition(
            "reply_unavailable", _("答复：无法提供"), _REPLYING, "replied", REPLIERS,
            legal_basis=f"{REG}第三十六条第（四）、（五）项；第三十八条；第三十条",
            effects=REPLY_EFFECTS, document="reply", hook=_hook("hook_reply", results.UNAVAILABLE),
            fields=(FieldSpec("ground", _("答复类型"), "choice", choices=results.choices(results.UNAVAILABLE_GROUNDS)),
                    FieldSpec("reason", _("说明（检索情况或理由）"), "textarea"),
                    FieldSpec("other_agency", _("负责公开的机关名称和联系方式（不属于本机关负责公开且能够确定的）"),
                              required=False)),
        ),
        Transition(
            "reply_not_processed", _("答复：不予处理"), _REPLYING, "replied", REPLIERS,
            legal_basis=f"{REG}第三十六条第（六）项；第三十五条；第三十九条",
            effects=REPLY_EFFECTS, document="reply", hook=_hook("hook_reply", results.NOT_PROCESSED),
            fields=(FieldSpec("ground", _("答复类型"), "choice",
                              choices=results.choices(results.NOT_PROCESSED_GROUNDS)),
                    FieldSpec("reason", _("理由（大量频繁申请、确认或重新出具、不属于政府信息的必填）"), "textarea",
                              required=False),
                    FieldSpec("earlier_reply", _("已作出的答复（文号、日期；重复申请的）"), required=False),
                    FieldSpec("how", _("可以提出的渠道或获取途径（信访、投诉举报渠道，出版物的获取途径）"), required=False)),
        ),
        # ---- third-party consultation (第三十二条, 第三十三条第三款) ----
        Transition(
            "consult_third_party", _("书面征求第三方意见"), _REPLYING, "consulting", (HANDLER, HEAD),
            legal_basis=f"{REG}第三十二条；第三十三条第三款（所需时间不计算在答复期限内）",
            effects=(ClockEffect("stop", "correction"), ClockEffect("pause", "reply"),
                     ClockEffect("start", "third_party")),
            guard=_hook("guard_consult"), hook=_hook("hook_consult"), public=False, inbox=False,
            fields=(FieldSpec("third_party", _("第三方名称或姓名")),
                    FieldSpec("third_party_address", _("第三方地址"), required=False),
                    FieldSpec("information", _("涉及第三方的信息"), "textarea"),
                    FieldSpec("concern", _("公开可能损害的权益"), "choice", choices=(
                        ("trade_secret", _("商业秘密")), ("privacy", _("个人隐私")), ("other", _("其他合法权益"))))),
        ),
        Transition(
            "third_party_replied", _("登记第三方意见"), ("consulting",), "handling", (HANDLER, HEAD),
            legal_basis=f"{REG}第三十二条（第三方不同意公开且有合理理由的，行政机关不予公开）",
            effects=(ClockEffect("stop", "third_party"), ClockEffect("resume", "reply")),
            hook=_hook("hook_third_party_replied"), style="primary", public=False,
            fields=(FieldSpec("opinion", _("第三方意见"), "choice", choices=(
                        ("agree", _("同意公开")), ("disagree", _("不同意公开")), ("partial", _("部分同意公开")))),
                    FieldSpec("reasons", _("意见及理由"), "textarea", required=False),
                    FieldSpec("replied_on", _("收到意见日期（留空为今天）"), "date", required=False)),
        ),
        Transition(
            "third_party_no_reply", _("第三方逾期未提出意见，恢复计算答复期限"), ("consulting",), "handling", (SYSTEM,),
            legal_basis=f"{REG}第三十二条（第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开）",
            effects=(ClockEffect("stop", "third_party"), ClockEffect("resume", "reply")), timer=Timer("third_party"),
            hook=_hook("hook_third_party_silent"), public=False,
        ),
        # ---- extension (第三十三条第二款) ----
        Transition(
            # Not while consulting: the due date is unknown until the reply clock resumes.
            "extend", _("同意延长答复期限（最长20个工作日）"), _REPLYING, None, (HEAD, DEPUTY, DIRECTOR),
            legal_basis=REPLY.extension_basis,
            effects=(ClockEffect("extend", "reply", days=20),), document="extension", comment_required=True,
            guard=_hook("guard_extension"), inbox=False,
        ),
        Transition(
            "withdraw", _("撤回申请"), _OPEN, "withdrawn", (APPLICANT, CLERK),
            legal_basis=_("申请人在答复前可以撤回申请"),
            effects=(ClockEffect("stop", "correction"), ClockEffect("stop", "reply"),
                     ClockEffect("stop", "correction_period"), ClockEffect("stop", "third_party")),
            hook=_hook("hook_withdraw"), style="danger", inbox=False,
        ),
    ),
))
