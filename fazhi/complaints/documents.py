"""The written notices of a complaint or report, GB/T 9704-2012 letter layout (fazhi/documents/render.py), numbered
from the agency's gapless 诉 series (黑档诉〔2026〕3号) by the process runtime.

* 受理告知书 (acceptance_notice): accepted, by when the reply is due.
* 不予受理告知书 (refusal_notice): not accepted, with the reason.
* 转送告知书 (transfer_notice): sent on to the competent agency, which is named (and copied).
* 重复投诉举报告知书 (duplicate_notice): the same matter as an earlier request, which is named.
* 投诉处理答复书 / 举报处理结果告知书 (reply): the result; a report that became a penalty case says so.

举报人信息保密: a confidential request's documents are addressed to "举报人" and never carry the reporter's name,
ID number, phone or address (anyone holding the number and the code reads them; every officer of the agency
can open them from the case page).
"""

from __future__ import annotations

from fazhi.complaints.models import Complaint
from fazhi.complaints.process import HANDLE_DAYS, REFUSAL_GROUNDS, RULES
from fazhi.core.i18n import zh
from fazhi.documents.render import Block, OfficialDocument, date_cn
from fazhi.requests.kinds import get_kind

TITLES = {
    "acceptance_notice": "受理告知书",
    "refusal_notice": "不予受理告知书",
    "transfer_notice": "转送告知书",
    "duplicate_notice": "重复投诉举报告知书",
}
REPLY_TITLES = {"complaint": "投诉处理答复书", "report": "举报处理结果告知书"}
RESULTS = {"substantiated": "属实", "partly": "部分属实", "unsubstantiated": "不属实"}


def _you(case) -> str:
    return "你单位" if case.party_kind == "legal_person" and not case.public_request.anonymous else "你"


def addressee(case) -> str:
    req = case.public_request
    if req.anonymous or req.confidential:
        return "举报人" if req.kind == "report" else "投诉人"
    return case.party_name


def _intro(case, complaint) -> Block:
    kind = zh(get_kind(case.public_request.kind).label)
    return Block(f"{date_cn(case.received_on)}，本机关收到{_you(case)}提出的{kind}（办件编号：{case.number}），"
                 f"反映{complaint.subject}的有关问题。")


def build(case, kind: str, ctx, number: str) -> OfficialDocument:
    complaint = Complaint.objects.select_related("penalty_case").get(case=case)
    fn = {"acceptance_notice": acceptance_notice, "refusal_notice": refusal_notice,
          "transfer_notice": transfer_notice, "duplicate_notice": duplicate_notice, "reply": reply}[kind]
    body, cc = fn(case, complaint, ctx)
    title = REPLY_TITLES.get(case.public_request.kind, "答复书") if kind == "reply" else TITLES[kind]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number=number, title=title,
                            addressee=addressee(case), body=[_intro(case, complaint), *body], date=ctx.today,
                            cc=cc, layout="letter")


def _tracking() -> Block:
    return Block("你可以凭办件编号和查询码在本机关网站“办件查询”栏目查询办理进度和有关文书。")


def _secrecy(case) -> list[Block]:
    if case.public_request.kind != "report":
        return []
    return [Block("本机关对举报人的姓名、工作单位、联系方式等信息严格保密，仅限指定的承办人员知悉。")]


def acceptance_notice(case, complaint, ctx):
    clock = case.clocks.filter(name="handling").order_by("-round").first()
    due = f"（{date_cn(clock.due)}前）" if clock and clock.due else ""
    return [
        Block(f"经审查，该事项属于本机关职责范围。本机关已于{date_cn(ctx.today)}决定受理，并指定承办人员核查办理，"
              f"将自受理之日起{HANDLE_DAYS}日内{due}办结并书面答复；情况复杂需要延长办理期限的，将另行告知。"),
        *_secrecy(case),
        _tracking(),
        Block(f"依据：{RULES}。"),
    ], []


def refusal_notice(case, complaint, ctx):
    grounds = {v: zh(label) for v, label in REFUSAL_GROUNDS}
    ground = grounds.get(complaint.refusal_ground, "")
    return [
        Block(f"经审查，该事项{ground}，根据{RULES}，本机关决定不予受理。"),
        Block(f"理由：{ctx.comment}"),
        Block("如有新的事实和理由，可以再次向本机关提出。"),
    ], []


def transfer_notice(case, complaint, ctx):
    to = case.public_request.transferred_to
    return [
        Block(f"经审查，你反映的事项不属于本机关职责范围。本机关已于{date_cn(ctx.today)}将该事项转送{to}处理，"
              f"请你今后就该事项与{to}联系。"),
        Block(f"转送理由：{ctx.comment}"),
        *_secrecy(case),
        Block(f"依据：{RULES}。"),
    ], [to]


def duplicate_notice(case, complaint, ctx):
    earlier = case.public_request.duplicate_of
    ec = earlier.case
    if ec.closed_on:
        status = f"该件已于{date_cn(ec.closed_on)}办结"
    else:
        status = "该件正在办理中"
    return [
        Block(f"经查，你反映的事项与本机关此前收到的诉求（办件编号：{ec.number}）属于同一事项，{status}。"
              "你未提供新的事实和理由，本机关不再重复受理。"),
        Block(f"说明：{ctx.comment}" if ctx.comment else "如有新的事实和理由，可以另行提出。"),
        Block(f"依据：{RULES}。"),
    ], []


def reply(case, complaint, ctx):
    body = [Block("本机关受理后，指定承办人员进行了核查。现将处理结果答复如下：")]
    if complaint.result:
        body.append(Block(f"一、核查结论：{RESULTS.get(complaint.result, complaint.result)}。", level=1))
    body.append(Block(f"二、处理意见：{ctx.data.get('reply', '')}", level=1))
    if complaint.penalty_case_id:
        body.append(Block(f"三、被反映对象涉嫌违反档案法律法规，本机关已依法登记立案查处（案件编号：{complaint.penalty_case.number}），"
                          "处理结果依法公示。", level=1))
    body += [*_secrecy(case), Block("如有新的事实和理由，可以再次向本机关提出。"), Block(f"依据：{RULES}。")]
    return body, []
