"""The normative document (行政规范性文件), as a process definition.

起草 (the drafting division uploads the text, writes the drafting explanation, names the legal bases) → 合法性审核
by the legal division (通过 / 修改后重新送审 / 不予通过, with reasons; 国办发〔2018〕115号: normally not less than 5
and at most 15 working days) → 签发 by the agency's head after collective deliberation (国办发〔2018〕37号), refused
unless a passed review stands for the current text → 公布 → 报送备案 within the filing period from publication
(default 30 days, ``FAZHI_NORM_FILING_DAYS``; the 备案报告 is issued) → the supervising body's receipt (有效) →
废止 / 宣布失效 / 有效期届满失效 / 被修改. Documents published before the platform are registered (补录) by the legal
division. docs/norms.md.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role
from fazhi.process.definition import (
    SYSTEM,
    ClockEffect,
    ClockSpec,
    FieldSpec,
    ProcessDefinition,
    State,
    Transition,
    register,
)

HANDLER = Role.CASE_HANDLER.value
HEAD = Role.SECTION_HEAD.value
LEGAL = Role.LEGAL_REVIEWER.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value
DRAFTERS = (HANDLER, HEAD)
LEADERS = (DEPUTY, DIRECTOR)

GUIDE_37 = "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）"
GUIDE_115 = "《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）"
PROVINCIAL = "本省规范性文件备案规定"


def filing_days() -> int:
    return int(getattr(settings, "FAZHI_NORM_FILING_DAYS", 30))


def review_days() -> int:
    return int(getattr(settings, "FAZHI_NORM_REVIEW_DAYS", 15))


REVIEW = ClockSpec(
    "review", _("合法性审核期限"), review_days(), "workday",
    f"{GUIDE_115}（审核时间一般不少于5个工作日，最长不超过15个工作日）",
)
FILING = ClockSpec(
    "filing", _("报送备案期限"), filing_days(), "calendar",
    f"{GUIDE_37}；{PROVINCIAL}（自公布之日起{filing_days()}日内报送备案）",
    starts_from="data.published_on",
)


def _call(kind: str, name: str):
    """Hooks and guards live in services.py (they need the models); resolved at call time. After a hook the
    document's mirrored ``state`` follows the transition's target."""

    def call(case, ctx):
        from fazhi.norms import services

        result = getattr(services, name)(case, ctx)
        if kind == "hook" and ctx.transition is not None and ctx.transition.target:
            services.state_mirror(case, ctx.transition.target)
        return result

    call.__name__ = f"{kind}_{name}"
    return call


def _build_document(case, transition, kind, ctx, number):
    from fazhi.norms.documents import build

    return build(case, kind, ctx, number)


_IN_FORCE = ("published", "filed", "valid")

NORM = register(ProcessDefinition(
    code="norm",
    name=_("行政规范性文件"),
    initial="draft",
    legal_basis=f"{GUIDE_37}；{GUIDE_115}",
    number_code="函",
    states=(
        State("draft", _("起草中"), _("起草中")),
        State("in_review", _("合法性审核中"), _("审核中")),
        State("reviewed", _("审核通过，待签发"), _("审核中")),
        State("signed", _("已签发，待公布"), _("已签发")),
        State("published", _("已公布，待报送备案"), _("有效")),
        State("filed", _("已报送备案，待备案回执"), _("有效")),
        State("valid", _("有效（已备案）"), _("有效")),
        State("repealed", _("已废止"), _("已废止"), terminal=True),
        State("expired", _("已失效"), _("已失效"), terminal=True),
        State("amended", _("已被修改（由新文件替代）"), _("已修改"), terminal=True),
        State("abandoned", _("终止制定"), _("终止制定"), terminal=True),
    ),
    clocks=(REVIEW, FILING),
    document_builder=_build_document,
    transitions=(
        Transition(
            # Entered by services.norm_text_upload with the text row: not offered as a bare step.
            "upload_text", _("上传正文"), ("draft", "reviewed"), None, DRAFTERS + (LEGAL,),
            guard=_call("guard", "guard_upload_text"), hook=_call("hook", "hook_upload_text"),
            inbox=False, public=False,
            fields=(FieldSpec("text_id", _("正文"), "int"), FieldSpec("sha256", _("摘要")),
                    FieldSpec("filename", _("文件名"))),
        ),
        Transition(
            # Entered by services.norm_update / citations: not offered as a bare step.
            "update_details", _("修改文件信息"), ("draft",), None, DRAFTERS,
            guard=_call("guard", "guard_internal"), inbox=False, public=False,
            fields=(FieldSpec("changes", _("修改内容"), "list"),),
        ),
        Transition(
            "submit_review", _("送合法性审核"), ("draft",), "in_review", DRAFTERS,
            legal_basis=f"{GUIDE_115}（未经合法性审核或者经审核不合法的，不得提交集体审议）",
            effects=(ClockEffect("start", "review"),), guard=_call("guard", "guard_submit_review"),
            hook=_call("hook", "hook_submit_review"), style="primary",
        ),
        Transition(
            # Offered only when the text changed after the review passed (the review no longer stands).
            "resubmit_review", _("正文已变更，重新送合法性审核"), ("reviewed",), "in_review", DRAFTERS,
            legal_basis=GUIDE_115, effects=(ClockEffect("start", "review"),),
            guard=_call("guard", "guard_resubmit_review"), hook=_call("hook", "hook_submit_review"), style="primary",
            inbox=False,
        ),
        Transition(
            # Entered by services.norm_receipt_file_add with the file row: not offered as a bare step.
            "attach_receipt", _("上传备案回执"), ("filed", "valid"), None, (LEGAL, HEAD, HANDLER),
            guard=_call("guard", "guard_internal"), inbox=False, public=False,
            fields=(FieldSpec("file_id", _("文件"), "int"), FieldSpec("sha256", _("摘要"))),
        ),
        Transition(
            "review_pass", _("合法性审核通过"), ("in_review",), "reviewed", (LEGAL,),
            legal_basis=GUIDE_115, effects=(ClockEffect("stop", "review"),), hook=_call("hook", "hook_review_pass"),
            comment_required=True, style="primary", public=False,
        ),
        Transition(
            "review_revise", _("审核意见：修改后重新送审"), ("in_review",), "draft", (LEGAL,),
            legal_basis=GUIDE_115, effects=(ClockEffect("stop", "review"),), hook=_call("hook", "hook_review_revise"),
            comment_required=True, public=False,
        ),
        Transition(
            "review_fail", _("审核意见：不予通过"), ("in_review",), "draft", (LEGAL,),
            legal_basis=GUIDE_115, effects=(ClockEffect("stop", "review"),), hook=_call("hook", "hook_review_fail"),
            comment_required=True, style="danger", public=False,
        ),
        Transition(
            "sign", _("集体审议后签发"), ("reviewed",), "signed", LEADERS,
            legal_basis=f"{GUIDE_37}（行政规范性文件应当经制定机关办公会议审议决定）",
            guard=_call("guard", "guard_sign"), hook=_call("hook", "hook_sign"), style="primary",
            fields=(FieldSpec("meeting", _("审议会议（如：2026年第12次局长办公会议）")),
                    FieldSpec("meeting_date", _("会议日期"), "date"),
                    FieldSpec("number", _("文号（留空则按本机关规范性文件序列自动编号）"), required=False)),
        ),
        Transition(
            "publish", _("公布"), ("signed",), "published", DRAFTERS,
            legal_basis=f"{GUIDE_37}（未经公布的行政规范性文件，不得作为行政管理依据）",
            effects=(ClockEffect("start", "filing", budget_from="filing_days"),),
            guard=_call("guard", "guard_publish"), hook=_call("hook", "hook_publish"), style="primary",
            fields=(FieldSpec("published_on", _("公布日期"), "date"),
                    FieldSpec("effective_on", _("施行日期"), "date"),
                    FieldSpec("channel", _("公布载体（如：本机关门户网站、政府公报）")),
                    FieldSpec("validity_years", _("有效期（年；留空为5年，暂行、试行的一般为2年；0为不设有效期）"), "int",
                              required=False),
                    FieldSpec("valid_until", _("有效期至（填写则以此为准）"), "date", required=False)),
        ),
        Transition(
            "file", _("报送备案（出具备案报告）"), ("published",), "filed", (LEGAL, HEAD, HANDLER),
            legal_basis=FILING.legal_basis, effects=(ClockEffect("stop", "filing"),), document="filing_report",
            hook=_call("hook", "hook_file"), style="primary",
            fields=(FieldSpec("bodies", _("备案机关（报送的监督机关）")),
                    FieldSpec("materials", _("报送材料（每行一项）"), "list", required=False)),
        ),
        Transition(
            "record_receipt", _("登记备案回执"), ("filed",), "valid", (LEGAL, HEAD, HANDLER),
            legal_basis=FILING.legal_basis, hook=_call("hook", "hook_receipt"), style="primary",
            fields=(FieldSpec("receipt_number", _("备案登记号或回执编号")),
                    FieldSpec("receipt_on", _("回执日期"), "date")),
        ),
        Transition(
            # Entered by services.norm_register (存量文件补录): not offered as a bare step.
            "register_existing", _("补录已公布的文件"), ("draft",), "valid", (LEGAL,),
            guard=_call("guard", "guard_internal"), hook=_call("hook", "hook_register"), inbox=False,
            fields=(FieldSpec("number", _("文号")), FieldSpec("published_on", _("公布日期"), "date"),
                    FieldSpec("effective_on", _("施行日期"), "date", required=False),
                    FieldSpec("valid_until", _("有效期至"), "date", required=False),
                    FieldSpec("signed_on", _("签发日期"), "date", required=False),
                    FieldSpec("filed_on", _("报送备案日期"), "date", required=False),
                    FieldSpec("filing_bodies", _("备案机关"), required=False),
                    FieldSpec("receipt_number", _("备案登记号"), required=False)),
        ),
        Transition(
            "extend_validity", _("评估后延续有效期"), _IN_FORCE, None, LEADERS,
            legal_basis=f"{GUIDE_37}（有效期届满前评估，需要继续执行的，按程序重新公布）",
            hook=_call("hook", "hook_extend"), comment_required=True, inbox=False,
            fields=(FieldSpec("valid_until", _("新的有效期至"), "date"),),
        ),
        Transition(
            "repeal", _("废止"), _IN_FORCE, "repealed", LEADERS,
            legal_basis=f"{GUIDE_37}（定期清理，对不符合法律法规规章规定的及时废止）",
            hook=_call("hook", "hook_repeal"), comment_required=True, style="danger", inbox=False,
            fields=(FieldSpec("repealed_on", _("废止日期"), "date"),
                    FieldSpec("cleanup_id", _("清理"), "int", required=False)),
        ),
        Transition(
            "declare_invalid", _("宣布失效"), _IN_FORCE, "expired", LEADERS,
            legal_basis=f"{GUIDE_37}（定期清理，对已不适应实际的宣布失效）",
            hook=_call("hook", "hook_declare_invalid"), comment_required=True, style="danger", inbox=False,
            fields=(FieldSpec("expired_on", _("失效日期"), "date"),
                    FieldSpec("cleanup_id", _("清理"), "int", required=False)),
        ),
        Transition(
            "expire", _("有效期届满自动失效"), _IN_FORCE, "expired", (SYSTEM,),
            legal_basis=GUIDE_37, hook=_call("hook", "hook_expire"), inbox=False,
        ),
        Transition(
            "superseded", _("被新文件修改替代"), _IN_FORCE, "amended", (SYSTEM,),
            hook=_call("hook", "hook_superseded"), inbox=False,
            fields=(FieldSpec("by", _("新文件"), "int"),),
        ),
        Transition(
            # Recorded by services: a cited law changed, the validity is ending, or a decision was taken on it.
            "flag_raised", _("提示评估"), ("draft", "in_review", "reviewed", "signed") + _IN_FORCE, None, (SYSTEM,),
            inbox=False, public=False,
            fields=(FieldSpec("flag_id", _("提示"), "int"), FieldSpec("kind", _("类型")),
                    FieldSpec("detail", _("说明"), "textarea")),
        ),
        Transition(
            "flag_resolved", _("评估处理"), ("draft", "in_review", "reviewed", "signed") + _IN_FORCE, None,
            (LEGAL, HEAD) + LEADERS, guard=_call("guard", "guard_internal"), inbox=False, public=False,
            fields=(FieldSpec("flag_id", _("提示"), "int"), FieldSpec("decision", _("决定"))),
        ),
        Transition(
            # Recorded by services.cleanup_publish for documents whose clean-up decision keeps them in force.
            "cleanup_recorded", _("清理意见"), _IN_FORCE, None, LEADERS, guard=_call("guard", "guard_internal"),
            inbox=False,
            fields=(FieldSpec("cleanup_id", _("清理"), "int"), FieldSpec("decision", _("清理意见"))),
        ),
        Transition(
            "abandon", _("终止制定"), ("draft",), "abandoned", (HEAD,) + LEADERS,
            hook=_call("hook", "hook_abandon"), comment_required=True, style="danger", inbox=False,
        ),
    ),
))
