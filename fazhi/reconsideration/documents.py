"""The written documents of a reconsideration, GB/T 9704-2012 layout (fazhi/documents/render.py), numbered by the
process runtime from the agency's gapless series: 黑档复〔2026〕3号 (the organ), 黑档复答〔2026〕1号 (the respondent).

Articles of 《中华人民共和国行政复议法》（2023年修订）:

* 行政复议受理通知书 (acceptance) — 第三十条; 视为受理 第三十条第三款; the periods that follow (第四十八条、第六十二条);
  no fee (第八十七条).
* 不予受理决定书 (refusal) — 第三十条第二款: the reasons; outside the organ's jurisdiction, the competent organ.
* 行政复议申请补正通知书 (correction) — 第三十一条: every item at once; 10 days; not corrected: deemed abandoned.
* 提出答复通知书 (answer_notice) — 第四十八条 / 第五十四条: answer and evidence within 10 (5) days; 第七十条.
* 听证通知书 (hearing_notice) — 第五十条、第五十一条.
* 延期审理通知书 (extension) — 第六十二条第一款: written notice to the parties.
* 中止 / 恢复审理通知书 (suspension, resumption) — 第三十九条第三款.
* 终止行政复议决定书 (termination) — 第四十一条, 第七十四条第二款 (withdrawal).
* 行政复议调解书 (mediation) — 第七十三条.
* 行政复议决定书 (decision) — 第七十五条: the parties, the request, the answer, the facts found, the reasons, the basis,
  the decision and its article, performance (第七十七条), the remedy (《中华人民共和国行政诉讼法》第四十五条: suit within
  15 days of receiving the decision), effective on service (第七十五条第二款).
* 责令履行通知书 (urge) — 第七十七条第二款.
* 行政复议答复书 (answer, the respondent's) — 第四十八条.
"""

from __future__ import annotations

import datetime as dt

from fazhi.documents.render import Block, OfficialDocument, date_cn
from fazhi.reconsideration.models import DecisionType, Reconsideration

LAW = "《中华人民共和国行政复议法》"
SUIT_LAW = "《中华人民共和国行政诉讼法》"

TITLES = {
    "acceptance": "行政复议受理通知书",
    "refusal": "不予受理行政复议申请决定书",
    "correction": "行政复议申请补正通知书",
    "answer_notice": "行政复议答复通知书",
    "hearing_notice": "行政复议听证通知书",
    "extension": "行政复议延期审理通知书",
    "suspension": "行政复议中止通知书",
    "resumption": "行政复议恢复审理通知书",
    "termination": "终止行政复议决定书",
    "mediation": "行政复议调解书",
    "decision": "行政复议决定书",
    "urge": "责令履行行政复议决定通知书",
    "answer": "行政复议答复书",
}

# The operative part of a decision, per type (第六十三条至第六十九条、第三十三条).
DECISION_ARTICLES = {
    DecisionType.CHANGE: "第六十三条",
    DecisionType.REVOKE: "第六十四条",
    DecisionType.PARTIAL_REVOKE: "第六十四条",
    DecisionType.REVOKE_REDO: "第六十四条",
    DecisionType.CONFIRM_ILLEGAL: "第六十五条",
    DecisionType.ORDER_PERFORM: "第六十六条",
    DecisionType.CONFIRM_VOID: "第六十七条",
    DecisionType.MAINTAIN: "第六十八条",
    DecisionType.REJECT_REQUEST: "第六十九条",
    DecisionType.DISMISS_APPLICATION: "第三十三条",
}


def _act(rec: Reconsideration) -> str:
    number = f"（{rec.act_number}）" if rec.act_number else ""
    return f"{rec.respondent_name}作出的{rec.act_title}{number}"


def _operative(rec: Reconsideration) -> str:
    act = _act(rec)
    content = rec.decision_content.strip()
    kind = rec.decision_type
    if kind == DecisionType.MAINTAIN:
        return f"维持{act}。"
    if kind == DecisionType.REVOKE:
        return f"撤销{act}。" + (content if content else "")
    if kind == DecisionType.PARTIAL_REVOKE:
        return f"撤销{act}中的下列内容：{content}"
    if kind == DecisionType.REVOKE_REDO:
        return f"撤销{act}，责令被申请人自收到本决定书之日起{rec.perform_days}日内重新作出行政行为：{content}"
    if kind == DecisionType.CHANGE:
        return f"变更{act}为：{content}"
    if kind == DecisionType.CONFIRM_ILLEGAL:
        return f"确认{act}违法。" + (content if content else "")
    if kind == DecisionType.ORDER_PERFORM:
        return f"责令被申请人自收到本决定书之日起{rec.perform_days}日内履行下列法定职责：{content}"
    if kind == DecisionType.CONFIRM_VOID:
        return f"确认{act}无效。" + (content if content else "")
    if kind == DecisionType.REJECT_REQUEST:
        return "驳回申请人的行政复议请求。"
    return "驳回申请人的行政复议申请。"


def _party(case) -> Block:
    id_label = "统一社会信用代码" if case.party_kind == "legal_person" else "公民身份号码"
    id_part = f"；{id_label}：{case.party_id_number}" if case.party_id_number else ""
    address = f"；住所或通信地址：{case.party_address}" if case.party_address else ""
    return Block(f"申请人：{case.party_name}{id_part}{address}。")


def _clock(case, name):
    return case.clocks.filter(name=name).order_by("-round").first()


def _contact(case) -> Block:
    return Block(f"联系地址：{case.agency.address}；联系电话：{case.agency.phone}。")


def build(case, kind: str, ctx, number: str) -> OfficialDocument:
    rec = case.reconsideration
    fn = {
        "acceptance": acceptance, "refusal": refusal, "correction": correction, "answer_notice": answer_notice,
        "hearing_notice": hearing_notice, "extension": extension, "suspension": suspension,
        "resumption": resumption, "termination": termination, "mediation": mediation, "decision": decision,
        "urge": urge, "answer": answer,
    }[kind]
    body = fn(case, rec, ctx)
    if kind in ("answer_notice", "urge"):
        addressee = rec.respondent_name
    elif kind == "answer":
        addressee = rec.organ_name
    else:
        addressee = case.party_name
    cc: list[str] = []
    if kind in ("decision", "termination", "mediation", "hearing_notice", "extension", "suspension", "resumption"):
        cc = [rec.respondent_name]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number=number, title=TITLES[kind],
                            addressee=addressee, body=body, date=ctx.today, layout="letter", cc=cc)


def acceptance(case, rec, ctx) -> list[Block]:
    decision_clock = _clock(case, "decision")
    simple = rec.procedure == Reconsideration.Procedure.SIMPLE
    deemed = bool(ctx.extra_event_data.get("deemed"))
    how = (f"审查期限届满，本机关未作出不予受理决定，依照{LAW}第三十条第三款的规定，自{date_cn(case.accepted_on)}起视为受理"
           if deemed else f"经审查，符合{LAW}第三十条第一款规定的受理条件，本机关决定自{date_cn(case.accepted_on)}起予以受理")
    body = [
        Block(f"你（单位）不服{_act(rec)}，于{date_cn(case.received_on)}向本机关提出行政复议申请"
              f"（办件编号{case.number}）。{how}。"),
        Block(f"本案适用{'简易' if simple else '普通'}程序审理。"
              + (f"本机关将自受理之日起三日内将申请书副本发送被申请人，被申请人应当自收到之日起五日内提出书面答复（{LAW}"
                 "第五十四条）。" if simple else
                 f"本机关将自受理之日起七日内将申请书副本发送被申请人，被申请人应当自收到之日起十日内提出书面答复（{LAW}"
                 "第四十八条）。")),
        Block(f"本机关将自受理之日起{'三十' if simple else '六十'}日内作出行政复议决定"
              + (f"，预计于{date_cn(decision_clock.due)}前作出" if decision_clock and decision_clock.due else "")
              + ("" if simple else "；情况复杂、不能在规定期限内作出决定的，经批准可以适当延长，延长期限最多不超过三十日，"
                 "并将书面告知你（单位）") + f"（{LAW}第六十二条）。"),
    ]
    if rec.late and rec.limit_finding:
        body.append(Block(f"关于申请期限：{rec.limit_finding}（{LAW}第二十条）。"))
    body += [
        Block(f"你（单位）可以查阅、复制被申请人提出的书面答复、作出行政行为的证据、依据和其他有关材料（{LAW}第四十七条）；"
              f"行政复议期间，行政行为不停止执行，但有{LAW}第四十二条规定情形的除外。"),
        Block(f"行政复议机关受理行政复议申请，不收取任何费用（{LAW}第八十七条）。"),
        _contact(case),
    ]
    return body


REFUSAL_TEXT = {
    "no_parties": "没有明确的申请人或者符合规定的被申请人（第三十条第一款第（一）项）",
    "no_interest": "申请人与被申请行政复议的行政行为没有利害关系（第三十条第一款第（二）项）",
    "no_request": "没有具体的行政复议请求和理由（第三十条第一款第（三）项）",
    "late": "未在法定申请期限内提出（第三十条第一款第（四）项、第二十条）",
    "outer_limit": "自行政行为作出之日起超过五年（因不动产提出的超过二十年）（第二十一条）",
    "out_of_scope": "不属于行政复议范围（第三十条第一款第（五）项、第十一条、第十二条）",
    "jurisdiction": "不属于本机关的管辖范围（第三十条第一款第（六）项）",
    "duplicate": "已就同一行政行为申请行政复议或者提起行政诉讼（第三十条第一款第（七）项）",
}


def refusal(case, rec, ctx) -> list[Block]:
    d = ctx.data
    body = [
        _party(case),
        Block(f"被申请人：{rec.respondent_name}。"),
        Block(f"申请人不服{_act(rec)}，于{date_cn(case.received_on)}向本机关提出行政复议申请。"),
    ]
    if d["ground"] == "late" and rec.limit_due:
        body.append(Block(f"申请人自{date_cn(rec.known_on)}知道该行政行为，申请期限于{date_cn(rec.limit_due)}届满"
                          f"（{LAW}第二十条第一款）。"))
    body += [
        Block(f"经审查，该申请{REFUSAL_TEXT[d['ground']]}。{d['explanation']}"),
        Block(f"依照{LAW}第三十条第二款的规定，本机关决定不予受理。"),
    ]
    if d["ground"] == "jurisdiction":
        body.append(Block(f"该申请不属于本机关管辖，请向{d['competent_organ']}提出（{LAW}第三十条第二款）。"))
    body.append(Block(f"申请人对本决定不服的，可以依照{SUIT_LAW}的规定，自收到本决定书之日起十五日内向人民法院提起行政诉讼"
                      f"（{SUIT_LAW}第四十五条）。"))
    return body


def correction(case, rec, ctx) -> list[Block]:
    items = ctx.data.get("items") or []
    served = dt.date.fromisoformat(case.data.get("correction_served_on", ctx.today.isoformat()))
    due = _clock(case, "correction")
    body = [
        Block(f"你（单位）于{date_cn(case.received_on)}提出的行政复议申请（办件编号{case.number}）材料不齐全或者表述不清楚，"
              f"无法判断是否符合受理条件。依照{LAW}第三十一条第一款的规定，请补正下列全部事项："),
    ]
    body += [Block(f"{i}. {item}", level=3) for i, item in enumerate(items, 1)]
    body += [
        Block(f"请自收到本通知之日（{date_cn(served)}）起十个工作日内提交补正材料"
              + (f"，即于{date_cn(due.due)}前提交" if due and due.due else "")
              + f"。有正当理由不能按期补正的，可以申请延长补正期限；无正当理由逾期不补正的，视为放弃行政复议申请，并记录在案"
              f"（{LAW}第三十一条第二款、第八十八条第二款）。"),
        Block(f"本机关收到补正材料后，依照{LAW}第三十条的规定重新审查是否受理（第三十一条第三款）。"),
        _contact(case),
    ]
    return body


def answer_notice(case, rec, ctx) -> list[Block]:
    simple = rec.procedure == Reconsideration.Procedure.SIMPLE
    days = "五" if simple else "十"
    art = "第五十四条" if simple else "第四十八条"
    due = _clock(case, "answer")
    return [
        Block(f"{case.party_name}不服你单位作出的{rec.act_title}{f'（{rec.act_number}）' if rec.act_number else ''}，"
              f"向本机关提出行政复议申请，本机关已于{date_cn(case.accepted_on)}依法受理（办件编号{case.number}）。"
              "现将行政复议申请书副本（或者申请笔录复印件）发送你单位。"),
        Block(f"请你单位自收到申请书副本之日起{days}日内（{date_cn(rec.copy_received_on)}收到"
              + (f"，即于{date_cn(due.due)}前" if due and due.due else "")
              + f"）提出书面答复，并提交作出行政行为的证据、依据和其他有关材料（{LAW}{art}、第八十八条第二款）。"),
        Block(f"被申请人不按照规定提出书面答复、提交作出行政行为的证据、依据和其他有关材料的，视为该行政行为没有证据、依据，"
              f"行政复议机关决定撤销、部分撤销该行政行为，确认该行政行为违法、无效或者决定被申请人在一定期限内履行，"
              f"但是行政行为涉及第三人合法权益，第三人提供证据的除外（{LAW}第七十条）。"),
        Block(f"行政复议期间，被申请人不得自行向申请人和其他有关单位或者个人收集证据（{LAW}第四十六条第一款）。"),
        _contact(case),
    ]


def hearing_notice(case, rec, ctx) -> list[Block]:
    d = ctx.data
    return [
        Block(f"本机关受理的{case.party_name}不服{_act(rec)}一案（办件编号{case.number}），"
              f"定于{date_cn(rec.hearing_date)}在{rec.hearing_place}举行听证（{LAW}第五十条）。"),
        Block(f"听证主持人：{d['presiding']}；听证员：{'、'.join(d['officers'])}；记录员：{d['clerk']}（{LAW}第五十条第三款）。"),
        Block(f"申请人无正当理由拒不参加听证的，视为放弃听证权利。被申请人的负责人应当参加听证；不能参加的，应当说明理由并委托"
              f"相应的工作人员参加听证（{LAW}第五十一条）。"),
        _contact(case),
    ]


def extension(case, rec, ctx) -> list[Block]:
    clock = _clock(case, "decision")
    return [
        Block(f"本机关受理的你（单位）不服{_act(rec)}一案（办件编号{case.number}），因情况复杂，不能在规定期限内作出行政复议"
              f"决定。经行政复议机构的负责人批准，审理期限延长三十日"
              + (f"，至{date_cn(clock.due)}" if clock and clock.due else "") + f"（{LAW}第六十二条第一款）。"),
        Block(f"延长理由：{ctx.comment}"),
        _contact(case),
    ]


def suspension(case, rec, ctx) -> list[Block]:
    return [
        Block(f"本机关受理的你（单位）不服{_act(rec)}一案（办件编号{case.number}），因{ctx.data['pause_reason']}，"
              f"自{date_cn(ctx.today)}起中止行政复议（{LAW}第三十九条第一款）。中止期间不计入行政复议期限。"),
        Block(f"说明：{ctx.comment}"),
        Block(f"行政复议中止的原因消除后，本机关将及时恢复审理，并书面告知（{LAW}第三十九条第二款、第三款）。"),
        _contact(case),
    ]


def resumption(case, rec, ctx) -> list[Block]:
    clock = _clock(case, "decision")
    return [
        Block(f"本机关受理的你（单位）不服{_act(rec)}一案（办件编号{case.number}），中止的原因已经消除，"
              f"自{date_cn(ctx.today)}起恢复审理（{LAW}第三十九条第二款、第三款）。"
              + (f"行政复议决定期限相应顺延至{date_cn(clock.due)}。" if clock and clock.due else "")),
        _contact(case),
    ]


TERMINATION_TEXT = {
    "death": "作为申请人的公民死亡，没有近亲属或者其近亲属放弃行政复议权利（第四十一条第（二）项）",
    "dissolved": "作为申请人的法人或者其他组织终止，没有权利义务承受人或者其权利义务承受人放弃行政复议权利（第四十一条第（三）项）",
    "criminal": "申请人因同一违法行为涉嫌犯罪，被采取刑事强制措施（第四十一条第（四）项）",
    "long_suspension": "行政复议中止满六十日，中止的原因仍未消除（第四十一条第（五）项）",
}


def termination(case, rec, ctx) -> list[Block]:
    d = ctx.data
    body = [_party(case), Block(f"被申请人：{rec.respondent_name}。"),
            Block(f"申请人不服{_act(rec)}，于{date_cn(case.received_on)}向本机关提出行政复议申请（办件编号{case.number}）。")]
    if ctx.transition is not None and ctx.transition.name == "withdraw":
        settled = "当事人自愿达成和解，" if d.get("reason") == "settlement" else ""
        body += [
            Block(f"{settled}申请人于{date_cn(dt.date.fromisoformat(d['requested_on']))}申请撤回行政复议申请。"
                  f"经审查，撤回申请系申请人真实意思表示，本机关准予撤回。"),
            Block(f"依照{LAW}第四十一条第一款第（一）项的规定，本机关决定终止行政复议。"),
            Block(f"准予撤回行政复议申请、决定终止行政复议的，申请人不得再以同一事实和理由提出行政复议申请；但是，申请人能够证明"
                  f"撤回行政复议申请违背其真实意愿的除外（{LAW}第七十四条第二款）。"),
        ]
    else:
        body += [
            Block(f"行政复议期间，{TERMINATION_TEXT[d['ground']]}。{ctx.comment}"),
            Block(f"依照{LAW}第四十一条的规定，本机关决定终止行政复议。"),
        ]
    return body


def mediation(case, rec, ctx) -> list[Block]:
    d = ctx.data
    return [
        _party(case),
        Block(f"被申请人：{rec.respondent_name}。"),
        Block(f"申请人不服{_act(rec)}，于{date_cn(case.received_on)}向本机关提出行政复议申请，本机关依法受理"
              f"（办件编号{case.number}）。"),
        Block(f"行政复议请求：{rec.request_text}"),
        Block(f"经本机关主持调解，当事人自愿达成如下协议：{d['agreement']}"),
        Block(f"本调解书经各方当事人签字或者签章，并加盖行政复议机关印章，即具有法律效力（{LAW}第七十三条第一款）。"
              f"各方当事人于{date_cn(dt.date.fromisoformat(d['signed_on']))}签字。被申请人应当履行本调解书（第七十七条第一款）。"),
        Block("申请人（签字或签章）：________________　被申请人（签章）：________________"),
    ]


def decision(case, rec, ctx) -> list[Block]:
    """行政复议决定书 (第七十五条)."""
    article = DECISION_ARTICLES[DecisionType(rec.decision_type)]
    label = dict(DecisionType.choices)[rec.decision_type]
    simple = rec.procedure == Reconsideration.Procedure.SIMPLE
    body = [
        _party(case),
        Block(f"被申请人：{rec.respondent_name}。"),
        Block(f"申请人不服{_act(rec)}，于{date_cn(case.received_on)}向本机关提出行政复议申请，本机关于"
              f"{date_cn(case.accepted_on)}依法受理，适用{'简易' if simple else '普通'}程序审理（办件编号{case.number}）。"),
        Block("一、当事人的请求和答辩", level=1),
        Block(f"申请人请求：{rec.request_text}"),
        Block(f"申请人称：{rec.facts_reasons}"),
    ]
    if rec.answer_summary:
        body.append(Block(f"被申请人答复称：{rec.answer_summary}"))
        if rec.answer_evidence:
            body.append(Block("被申请人提交的证据、依据和其他有关材料：" + "；".join(rec.answer_evidence) + "。"))
    elif rec.answer_overdue:
        body.append(Block(f"被申请人未在法定期限内提出书面答复、提交作出行政行为的证据、依据和其他有关材料（{LAW}第四十八条、"
                          "第七十条）。"))
    body.append(Block("二、审理查明的事实", level=1))
    body.append(Block(rec.decision_facts))
    body.append(Block("三、本机关认为", level=1))
    if rec.hearing_held_on:
        body.append(Block(f"本机关于{date_cn(rec.hearing_held_on)}组织听证，根据听证笔录、审查认定的事实和证据作出本决定"
                          f"（{LAW}第五十条、第六十一条第二款）。"))
    advices = list(rec.advices.all())
    if advices:
        body.append(Block(f"本案已提请本机关行政复议委员会提出咨询意见（{date_cn(advices[-1].meeting_date)}），咨询意见已作为"
                          f"作出本决定的重要参考依据（{LAW}第五十二条、第六十一条第三款）。"))
    body.append(Block(rec.decision_reasons))
    body.append(Block(f"本案适用的依据：{rec.decision_basis}"))
    body.append(Block("四、决定", level=1))
    body.append(Block(f"根据{LAW}{article}（{rec.decision_ground}）的规定，本机关决定：{_operative(rec)}"))
    body.append(Block(f"决定种类：{label}。"))
    if rec.decision_type == DecisionType.CHANGE:
        body.append(Block(f"行政复议机关不得作出对申请人更为不利的变更决定（{LAW}第六十三条第二款）。"))
    if rec.decision_type == DecisionType.REVOKE_REDO:
        body.append(Block(f"被申请人不得以同一事实和理由作出与被申请行政复议的行政行为相同或者基本相同的行政行为，但以违反法定程序"
                          f"为由撤销的除外（{LAW}第六十四条第二款）。"))
    if rec.decision_type not in (DecisionType.MAINTAIN, DecisionType.REJECT_REQUEST, DecisionType.DISMISS_APPLICATION):
        body.append(Block(f"被申请人应当履行本决定；不履行或者无正当理由拖延履行的，本机关或者有关上级行政机关将责令其限期履行"
                          f"（{LAW}第七十七条）。"))
    body.append(Block("五、救济途径和生效", level=1))
    body.append(Block(f"申请人如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼（{SUIT_LAW}第四十五条）。"))
    body.append(Block(f"本决定书一经送达，即发生法律效力（{LAW}第七十五条第二款）。"))
    return body


def urge(case, rec, ctx) -> list[Block]:
    return [
        Block(f"本机关于{date_cn(case.decided_on)}作出的行政复议决定（{rec.decision_number or case.number}）已于"
              f"{date_cn(rec.served_on)}送达，你单位应当于{rec.perform_days}日内履行，至今未履行。"),
        Block(f"依照{LAW}第七十七条第二款的规定，责令你单位限期履行：{ctx.comment}"),
        Block("不履行或者无正当理由拖延履行的，可以约谈你单位有关负责人或者予以通报批评。"),
        _contact(case),
    ]


def answer(case, rec, ctx) -> list[Block]:
    """The respondent's written answer (行政复议答复书, 第四十八条)."""
    d = ctx.data
    return [
        Block(f"答复人（被申请人）：{case.agency.name}；地址：{case.agency.address}。"),
        Block(f"申请人：{case.party_name}。"),
        Block(f"申请人不服本机关作出的{rec.act_title}{f'（{rec.act_number}）' if rec.act_number else ''}，向你机关申请行政复议，"
              f"本机关于{date_cn(case.received_on)}收到申请书副本。现依照{LAW}第四十八条的规定答复如下："),
        Block(d["answer"]),
        Block("本机关提交作出行政行为的证据、依据和其他有关材料如下：", level=0),
        *[Block(f"{i}. {item}", level=3) for i, item in enumerate(d["evidence"], 1)],
        Block("综上，请行政复议机关依法审查。"),
    ]
