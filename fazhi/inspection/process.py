"""The inspection of one drawn unit, as a process: findings, then no problem, a rectification order with its
deadline and the follow-up check (复查), a referral, or a penalty case.

Legal basis: 《中华人民共和国档案法》（2020年修订）第四十二条（档案主管部门监督检查）、第四十三条（检查措施）、第四十五条（发现档案安全隐患的，责令限期整改）;
《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）.
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
)

OFFICER = Role.ENFORCEMENT_OFFICER.value
HEAD = Role.SECTION_HEAD.value

RECTIFICATION = ClockSpec(
    "rectification", _("整改期限"), 30, "calendar",
    "《中华人民共和国档案法》第四十五条（责令限期整改）；期限由整改通知书确定",
)
FOLLOW_UP = ClockSpec(
    "follow_up", _("复查期限"), 10, "workday",
    "整改期限届满后十个工作日内复查（本机关随机抽查实施细则）",
)


def _on_team(case, ctx):
    """Only the officers of the inspection's team (or the section head) act on it."""
    if ctx is None or ctx.actor is None:
        return None
    if HEAD in ctx.actor.roles:
        return None
    officer = getattr(ctx.actor, "officer", None)
    inspection = case.inspection
    team = set(inspection.officers_present or inspection.team)
    if officer is None or officer.certificate_number not in team:
        return str(_("只有本检查组的执法人员或科室负责人可以办理。"))
    return None


def _findings_recorded(case, ctx):
    """An outcome needs the visit recorded first (date, officers, findings): see inspections.inspection_record."""
    if case.inspection.inspected_on is None:
        return str(_("请先在检查页面录入检查日期、检查人员和各事项的检查结论。"))
    return None


def _team_and_findings(case, ctx):
    return _on_team(case, ctx) or _findings_recorded(case, ctx)


def _outcome(value):
    def hook(case, ctx):
        inspection = case.inspection
        inspection.outcome = value
        if value in ("rectified", "not_rectified"):
            inspection.followed_up_on = ctx.today
        inspection.save(update_fields=["outcome", "followed_up_on"])
        case.outcome = value

    return hook


def _to_penalty(value):
    """转立案查处: the outcome, and a penalty case registered for the unit, linked both ways (行政处罚法第五十四条)."""

    def hook(case, ctx):
        from fazhi.enforcement.services import penalty_from_inspection

        _outcome(value)(case, ctx)
        penalty_from_inspection(case, ctx)

    return hook


def _order(case, ctx):
    _outcome("rectify")(case, ctx)


def _build_document(case, transition, kind, ctx, number):
    from fazhi.inspection.inspections import rectification_notice

    return rectification_notice(case, ctx, number)


INSPECTION = register(ProcessDefinition(
    code="inspection",
    name=_("监督检查（双随机抽查、计划检查）"),
    initial="assigned",
    legal_basis="《中华人民共和国档案法》第四十二条、第四十三条、第四十五条",
    number_code="责改",
    states=(
        State("assigned", _("待检查"), _("待检查")),
        State("rectifying", _("整改中"), _("责令整改")),
        State("follow_up_due", _("待复查"), _("责令整改")),
        State("closed", _("已办结"), _("已办结"), terminal=True),
        State("referred", _("已移送"), _("已移送"), terminal=True),
        State("penalty", _("已立案"), _("已立案查处"), terminal=True),
    ),
    clocks=(RECTIFICATION, FOLLOW_UP),
    document_builder=_build_document,
    transitions=(
        Transition(
            "conclude_ok", _("检查完毕：未发现问题"), ("assigned",), "closed", (OFFICER, HEAD),
            legal_basis="《中华人民共和国档案法》第四十二条", guard=_team_and_findings, hook=_outcome("ok"), style="primary",
        ),
        Transition(
            "order_rectification", _("责令限期整改"), ("assigned",), "rectifying", (OFFICER, HEAD),
            legal_basis="《中华人民共和国档案法》第四十五条",
            effects=(ClockEffect("start", "rectification", budget_from="rectify_days"),),
            document="rectification", guard=_team_and_findings, hook=_order, style="danger",
            fields=(FieldSpec("rectify_days", _("整改期限（日）"), "int"),),
        ),
        Transition(
            "refer", _("移送有关机关"), ("assigned",), "referred", (OFFICER, HEAD), guard=_team_and_findings,
            hook=_outcome("referral"), comment_required=True,
            fields=(FieldSpec("referred_to", _("移送机关")),),
        ),
        Transition(
            "open_penalty", _("转立案查处"), ("assigned",), "penalty", (OFFICER, HEAD),
            legal_basis="《中华人民共和国行政处罚法》第五十四条", guard=_team_and_findings, hook=_to_penalty("penalty"),
            comment_required=True,
        ),
        Transition(
            "rectification_expired", _("整改期限届满，待复查"), ("rectifying",), "follow_up_due", (SYSTEM,),
            effects=(ClockEffect("stop", "rectification"), ClockEffect("start", "follow_up")),
            timer=Timer("rectification"),
        ),
        Transition(
            "follow_up_pass", _("复查：已整改"), ("rectifying", "follow_up_due"), "closed", (OFFICER, HEAD),
            guard=_on_team, hook=_outcome("rectified"), style="primary",
            effects=(ClockEffect("stop", "rectification"), ClockEffect("stop", "follow_up")),
        ),
        Transition(
            "follow_up_fail", _("复查：逾期未整改，转立案查处"), ("rectifying", "follow_up_due"), "penalty", (OFFICER, HEAD),
            legal_basis="《中华人民共和国档案法》第四十五条、第四十八条第（八）项",
            guard=_on_team, hook=_to_penalty("not_rectified"), comment_required=True, style="danger",
            effects=(ClockEffect("stop", "rectification"), ClockEffect("stop", "follow_up")),
        ),
    ),
))
