"""The process definitions of the public archive services, one per kind of service: 查档利用 (consultation),
出具档案证明 (proof) and 档案复制件 (copy). They drive the runtime (fazhi/process), the service guide's time limits and
the flowchart.

The path: submitted → (补正 correction) → [restricted archives: the agency's approval] → confirmed / accepted →
(consultation on site: the visit is held) → served (answer given, copies or proof issued); or refused with a reason,
withdrawn by the requester, or (on site) the requester did not come.

No law sets time limits for these services: the clocks are the agency's own service commitment (本机关服务承诺), in
working days like licensing. Their lengths are data: ``COMMITMENTS`` below, which the setting
``FAZHI_ARCHIVES_COMMITMENTS`` (a dict of clock name → working days) overrides.

Restricted archives (《中华人民共和国档案法》（2020年修订）第二十七条: archives are opened to the public when they have
been formed twenty-five years; 第二十八条: archives not yet open, classified or restricted, are used according to
the state's rules) need the agency's approval before they are provided.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Role
from fazhi.process.definition import (
    APPLICANT,
    ClockEffect,
    ClockSpec,
    FieldSpec,
    ProcessDefinition,
    State,
    Transition,
    register,
    resolver,
)

CLERK = Role.INTAKE_CLERK.value
HANDLER = Role.CASE_HANDLER.value
HEAD = Role.SECTION_HEAD.value
DEPUTY = Role.DEPUTY_DIRECTOR.value
DIRECTOR = Role.DIRECTOR.value

COMMITMENT = "本机关服务承诺"
LAW = "《中华人民共和国档案法》（2020年修订）"
RESTRICTED_BASIS = (f"{LAW}第二十七条（档案自形成之日起满二十五年向社会开放）、第二十八条"
                    "（利用未开放的档案，按照国家有关规定办理）")
USE_BASIS = f"{LAW}第二十八条（单位和个人持有合法证明，可以利用已经开放的档案）"

# The agency's service commitment, in working days (本机关服务承诺; no statutory period applies).
COMMITMENTS: dict[str, int] = {
    "confirm": 1,  # confirm a booking / accept a request
    "approval": 5,  # decide on the use of restricted archives
    "answer": 5,  # answer a consultation (from the confirmation, or from the visit for a reading-room booking)
    "proof": 5,  # issue a proof (档案证明) from acceptance
    "copy": 5,  # provide copies from acceptance
}
COMMITMENTS.update(getattr(settings, "FAZHI_ARCHIVES_COMMITMENTS", {}) or {})

_hook = resolver("fazhi.archives.services")


def _clock(name: str, label, starts_from: str = "today") -> ClockSpec:
    return ClockSpec(name, label, COMMITMENTS[name], "workday", f"{COMMITMENT}（{COMMITMENTS[name]}个工作日）",
                     starts_from=starts_from)


def _restricted_only(case, ctx):
    if case.data.get("access") != "restricted":
        return gettext("所查档案为开放档案，无须审批。")
    return None


def _open_only(case, ctx):
    if case.data.get("access") == "restricted" and not case.data.get("approved"):
        return gettext("所查档案未开放或限制利用，须先报本机关审批（《中华人民共和国档案法》第二十八条）。")
    return None


def _onsite_only(case, ctx):
    if case.data.get("mode") != "onsite":
        return gettext("网上查档没有到馆环节。")
    return None


def _no_show_guard(case, ctx):
    problem = _onsite_only(case, ctx)
    if problem:
        return problem
    from fazhi.core import clock as sysclock

    visit = case.data.get("visit_date")
    today = ctx.today if ctx is not None else sysclock.today()
    if visit and today.isoformat() <= visit:
        return gettext("预约日期之后才能登记未到馆。")
    return None


def _build_document(case, transition, kind, ctx, number):
    from fazhi.archives.documents import build

    return build(case, kind, ctx, number)


_REFUSE_FIELDS = (FieldSpec("reasons", _("不予提供的理由"), "textarea"), FieldSpec("legal_basis", _("依据"), "text"))


def _definition(code: str, name, kind: str) -> ProcessDefinition:
    consultation = kind == "consultation"
    confirm = _clock("confirm", _("确认预约期限") if consultation else _("受理期限"), starts_from="submitted_on")
    approval = _clock("approval", _("限制利用审批期限"))
    if consultation:
        serve_clock = ClockSpec(
            "answer", _("查档答复期限"), COMMITMENTS["answer"], "workday",
            f"{COMMITMENT}（网上查档自确认之日起、到馆查阅自预约到馆之日起{COMMITMENTS['answer']}个工作日内答复）",
            starts_from="data.answer_from")
    elif kind == "proof":
        serve_clock = _clock("proof", _("出具证明期限"))
    else:
        serve_clock = _clock("copy", _("提供复制件期限"))
    booked_label = _("已确认预约") if consultation else _("已受理，办理中")
    open_states = ("submitted", "correction_requested", "pending_approval", "booked")
    states = [
        State("submitted", _("待确认") if consultation else _("待受理"), _("已提交，等待确认") if consultation else _("已提交，等待受理")),
        State("correction_requested", _("待补正"), _("请补正申请信息")),
        State("pending_approval", _("待审批（限制利用）"), _("审批中")),
        State("booked", booked_label, booked_label),
    ]
    if consultation:
        states.append(State("attended", _("已到馆查阅，待答复"), _("已到馆查阅")))
        open_states = (*open_states, "attended")
    served_label = {"consultation": _("已答复（办结）"), "proof": _("已出具档案证明（办结）"),
                    "copy": _("已提供复制件（办结）")}[kind]
    states += [
        State("served", served_label, served_label, terminal=True),
        State("refused", _("不予提供（办结）"), _("不予提供"), terminal=True),
        State("withdrawn", _("申请人撤回（办结）"), _("已撤回"), terminal=True),
    ]
    if consultation:
        states.append(State("missed", _("未到馆（办结）"), _("预约未到馆"), terminal=True))
    staff = (CLERK, HANDLER)
    leaders = (HEAD, DEPUTY, DIRECTOR)
    transitions = [
        Transition(
            "request_correction", _("告知补正"), ("submitted",), "correction_requested", staff,
            legal_basis=f"{USE_BASIS}；{COMMITMENT}（一次性告知需补正的全部内容）",
            effects=(ClockEffect("stop", "confirm"),),
            fields=(FieldSpec("missing", _("需补正的内容（每行一项）"), "list"),),
        ),
        Transition(
            "resubmit", _("提交补正"), ("correction_requested",), "submitted", (APPLICANT, CLERK),
            legal_basis=COMMITMENT, effects=(ClockEffect("restart", "confirm", starts_from="submitted_on"),),
            hook=_hook("hook_resubmit"), style="primary", inbox=False,
            fields=(FieldSpec("supplement", _("补正说明"), "textarea"),),
        ),
        Transition(
            "confirm", _("确认预约") if consultation else _("受理"), ("submitted",), "booked", staff,
            legal_basis=USE_BASIS, effects=(ClockEffect("stop", "confirm"), ClockEffect("start", serve_clock.name)),
            guard=_open_only, hook=_hook("hook_confirm"), style="primary",
        ),
        Transition(
            "refer_approval", _("报请审批（限制利用）"), ("submitted",), "pending_approval", staff,
            legal_basis=RESTRICTED_BASIS,
            effects=(ClockEffect("stop", "confirm"), ClockEffect("start", "approval")),
            guard=_restricted_only, comment_required=True,
        ),
        Transition(
            "approve", _("批准利用"), ("pending_approval",), "booked", leaders, legal_basis=RESTRICTED_BASIS,
            effects=(ClockEffect("stop", "approval"), ClockEffect("start", serve_clock.name)),
            hook=_hook("hook_approve"), style="primary",
        ),
        Transition(
            "refuse", _("不予提供"), ("submitted", "pending_approval"), "refused", (*staff, *leaders),
            legal_basis=RESTRICTED_BASIS,
            effects=(ClockEffect("stop", "confirm"), ClockEffect("stop", "approval")),
            hook=_hook("hook_outcome", "refused"), style="danger", fields=_REFUSE_FIELDS,
        ),
    ]
    if consultation:
        transitions += [
            Transition(
                "attend", _("登记到馆查阅"), ("booked",), "attended", staff, legal_basis=USE_BASIS,
                guard=_onsite_only, hook=_hook("hook_attend"), style="primary",
            ),
            Transition(
                "no_show", _("登记未到馆"), ("booked",), "missed", staff, legal_basis=COMMITMENT,
                effects=(ClockEffect("stop", serve_clock.name),), guard=_no_show_guard,
                hook=_hook("hook_outcome", "missed"), inbox=False,
            ),
            Transition(
                "serve", _("答复查档结果"), ("booked", "attended"), "served", staff, legal_basis=USE_BASIS,
                effects=(ClockEffect("stop", serve_clock.name),), hook=_hook("hook_serve"), style="primary",
                fields=(FieldSpec("answer", _("答复内容"), "textarea"),),
            ),
        ]
    elif kind == "proof":
        transitions.append(Transition(
            "serve", _("出具档案证明"), ("booked",), "served", staff, legal_basis=USE_BASIS,
            effects=(ClockEffect("stop", serve_clock.name),), hook=_hook("hook_serve"), style="primary",
            document="proof",
            fields=(FieldSpec("answer", _("证明内容（经查，档案记载……）"), "textarea"),),
        ))
    else:
        transitions.append(Transition(
            "serve", _("提供档案复制件"), ("booked",), "served", staff, legal_basis=USE_BASIS,
            effects=(ClockEffect("stop", serve_clock.name),), hook=_hook("hook_serve"), style="primary",
            fields=(FieldSpec("answer", _("答复内容"), "textarea"),),
        ))
    transitions.append(Transition(
        "withdraw", _("撤回申请"), open_states, "withdrawn", (APPLICANT, CLERK), legal_basis=_("申请人可以随时撤回申请"),
        effects=tuple(ClockEffect("stop", c) for c in ("confirm", "approval", serve_clock.name)),
        hook=_hook("hook_outcome", "withdrawn"), style="danger", inbox=False,
    ))
    return register(ProcessDefinition(
        code=code, name=name, initial="submitted", states=tuple(states), transitions=tuple(transitions),
        clocks=(confirm, approval, serve_clock), start_effects=(ClockEffect("start", "confirm"),),
        legal_basis=LAW, number_code="证" if kind == "proof" else "",
        document_builder=_build_document if kind == "proof" else None,
    ))


CONSULTATION = _definition("archives_consultation", _("查档利用"), "consultation")
PROOF = _definition("archives_proof", _("出具档案证明"), "proof")
COPY = _definition("archives_copy", _("档案复制件"), "copy")

PROCESS_BY_KIND = {"consultation": CONSULTATION.code, "proof": PROOF.code, "copy": COPY.code}
CODES = tuple(PROCESS_BY_KIND.values())
# Tracking numbers: HLJ-CD2026-000001 (查档), HLJ-ZM… (证明), HLJ-FZ… (复制).
NUMBER_CODES = {"consultation": "CD", "proof": "ZM", "copy": "FZ"}
