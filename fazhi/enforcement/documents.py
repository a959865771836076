"""The written documents of a penalty case, GB/T 9704-2012 layout (fazhi/documents/render.py), numbered from the
agency's gapless 罚 series (黑档罚〔2026〕3号) by the process runtime.

* 立案审批表 (filing_approval) — 行政处罚法第五十四条第二款: the case is filed with the head's approval.
* 行政处罚事先告知书 (prior_notice) — 第四十四条: the facts, reasons and basis of the proposed penalty, the
  rights to state one's case and defend (陈述、申辩) and, where 第六十三条 applies, to ask for a hearing within
  five (working) days (第六十四条第（一）项、第八十五条).
* 听证通知书 (hearing_notice) — 第六十四条第（二）项: time and place, at least seven working days ahead; 第（四）项:
  presided over by someone who did not investigate; 第（五）项: the right to ask for the presiding officer's recusal.
* 行政处罚决定书 (decision) — 第五十九条: every element, each supplied by a paragraph below (see ``decision``).
* 送达回证 (service_receipt) — 第六十一条: how, when and to whom the decision was served.
* 询问笔录 / 现场检查笔录 (records, ``record_document``) — 第四十七条、第五十五条: the officers show their
  certificates; the record is read to the person and signed by the officers and the person.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError

from fazhi.documents.render import Block, OfficialDocument, date_cn

LAW = "《中华人民共和国行政处罚法》"

TITLES = {
    "filing_approval": "立案审批表",
    "prior_notice": "行政处罚事先告知书",
    "hearing_notice": "听证通知书",
    "decision": "行政处罚决定书",
    "service_receipt": "送达回证",
}


def _yuan(amount) -> str:
    if amount is None:
        return "—"
    amount = Decimal(str(amount))
    return f"{amount:,.2f}元".replace(".00元", "元")


def _officers_text(numbers: list[str]) -> str:
    from fazhi.inspection.models import Officer

    officers = {o.certificate_number: o for o in Officer.objects.filter(certificate_number__in=numbers)}
    return "、".join(f"{officers[n].name}（执法证号{n}）" if n in officers else n for n in numbers)


def _reconsideration_body(agency) -> str:
    # 《中华人民共和国行政复议法》（2023年修订）第二十四条: a department's act goes to the people's government at
    # its level; where the agency names its superior in the data, we name it.
    return agency.parent.name if agency.parent_id else "本级人民政府"


def _penalty_text(kinds: list[str], fine, confiscation) -> str:
    parts = []
    for k in kinds:
        if k == "罚款":
            parts.append(f"罚款{_yuan(fine)}")
        elif k == "没收违法所得":
            parts.append(f"没收违法所得{_yuan(confiscation)}")
        else:
            parts.append(k)
    return "，".join(parts) or "—"


def _basis(penalty) -> tuple[str, str]:
    rec = penalty.recommendation or {}
    citations = rec.get("citations") or []
    violated = rec.get("violated_article") or ""
    penalty_article = rec.get("penalty_article") or ""
    if not (violated and penalty_article) and citations:
        violated = violated or citations[0]
        penalty_article = penalty_article or citations[-1]
    return violated or "—", penalty_article or "—"


def _evidence_list(penalty) -> list[str]:
    return [f"{e.get_kind_display()}：{e.title}（{date_cn(e.recorded_on)}）" for e in penalty.evidence.all()]


def build(case, kind: str, ctx, number: str) -> OfficialDocument:
    penalty = case.penalty
    agency = case.agency
    fn = {"filing_approval": filing_approval, "prior_notice": prior_notice, "hearing_notice": hearing_notice,
          "decision": decision, "service_receipt": service_receipt}[kind]
    body = fn(case, penalty, ctx)
    addressee = None if kind in ("filing_approval", "service_receipt") else case.party_name
    return OfficialDocument(issuer=agency.name, issuer_mark=agency.name, number=number, title=TITLES[kind],
                            addressee=addressee, body=body, date=ctx.today, layout="letter")


def filing_approval(case, penalty, ctx) -> list[Block]:
    return [
        Block(f"案件编号：{case.number}"),
        Block(f"案件来源：{penalty.get_source_display()}。{penalty.source_detail}"),
        Block(f"当事人：{case.party_name}（{penalty.get_party_type_display()}）；证件号码：{case.party_id_number}；"
              f"地址：{case.party_address}。"),
        Block(f"案源登记日期：{date_cn(case.received_on)}。"),
        Block(f"立案依据：{LAW}第五十四条第二款。"),
        Block(f"承办人员：{_officers_text(penalty.investigators)}。"
              f"执法人员不少于两人且均持有有效执法证（{LAW}第四十二条）。"),
        Block(f"审批意见：{ctx.comment}"),
        Block(f"审批人：{ctx.actor.get_full_name() or ctx.actor.username if ctx.actor else '—'}；审批日期：{date_cn(ctx.today)}。"),
        Block(f"办案期限：自立案之日起九十日内作出处理决定（{LAW}第六十条）。"),
    ]


def prior_notice(case, penalty, ctx) -> list[Block]:
    violated, penalty_article = _basis(penalty)
    body = [
        Block(f"经查，{penalty.facts}"),
        Block("上述事实有以下证据证明：" + "；".join(_evidence_list(penalty) or ["—"]) + "。"),
        Block(f"你（单位）的上述行为违反了{violated}的规定。依据{penalty_article}的规定，本机关拟对你（单位）作出如下行政处罚："
              f"{_penalty_text(penalty.proposed_kinds, penalty.proposed_fine, None)}。"),
        Block(f"根据{LAW}第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
              "本机关必须充分听取你（单位）的意见，不因你（单位）陈述、申辩而给予更重的处罚。"),
    ]
    from fazhi.enforcement.services import _hearing_applies

    if _hearing_applies(penalty):
        body.append(Block(f"根据{LAW}第六十三条、第六十四条的规定，你（单位）有权要求听证。"
                          "如要求听证，应当在收到本告知书之日起五个工作日内向本机关提出；逾期未提出的，视为放弃听证权利。"))
    else:
        body.append(Block("你（单位）如需陈述、申辩，请在收到本告知书之日起五个工作日内向本机关提出；逾期视为放弃。"))
    body.append(Block(f"联系地址：{case.agency.address}；联系电话：{case.agency.phone}。"))
    return body


def hearing_notice(case, penalty, ctx) -> list[Block]:
    d = ctx.data
    return [
        Block(f"根据你（单位）的听证申请，本机关定于{date_cn(dt.date.fromisoformat(d['hearing_date']))}"
              f"在{d['hearing_place']}就案件{case.number}举行听证，请准时参加。"),
        Block(f"听证主持人：{d['presiding']}（非本案调查人员，{LAW}第六十四条第（四）项）。"),
        Block(f"你（单位）认为主持人与本案有直接利害关系的，有权申请回避（{LAW}第六十四条第（五）项）；"
              f"可以亲自参加听证，也可以委托一至二人代理（第六十四条第（六）项）；"
              f"无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利（第六十四条第（七）项）。"),
        Block("听证公开举行，涉及国家秘密、商业秘密或者个人隐私依法予以保密的除外（第六十四条第（三）项）。"),
        Block(f"联系地址：{case.agency.address}；联系电话：{case.agency.phone}。"),
    ]


def decision(case, penalty, ctx) -> list[Block]:
    """行政处罚决定书 — 行政处罚法第五十九条第一款, element by element:
    (一) 当事人的姓名或者名称、地址; (二) 违反法律、法规、规章的事实和证据; (三) 行政处罚的种类和依据;
    (四) 行政处罚的履行方式和期限; (五) 申请行政复议、提起行政诉讼的途径和期限;
    (六) 作出行政处罚决定的行政机关名称和作出决定的日期 (the issuer and the date of the document; 第二款: the
    seal, applied to the printed copy)."""
    agency = case.agency
    violated, penalty_article = _basis(penalty)
    kinds = penalty.decided_kinds or []
    fine = penalty.fine
    id_label = "统一社会信用代码" if case.party_kind == "legal_person" else "公民身份号码"
    body = [
        # (一)
        Block(f"当事人：{case.party_name}；{id_label}：{case.party_id_number}；地址：{case.party_address}。"),
        # (二)
        Block(f"经查，{penalty.facts}"),
        Block("以上事实有下列证据证明：" + "；".join(_evidence_list(penalty) or ["当场检查"]) + "。"),
    ]
    if penalty.procedure == "ordinary":
        heard = "，并于听证中充分听取了你（单位）的意见" if penalty.hearing_held else ""
        body.append(Block(f"本机关已于事先告知你（单位）拟作出行政处罚的事实、理由、依据和你（单位）依法享有的权利{heard}。"))
    rec = penalty.recommendation or {}
    body += [
        # (三)
        Block(f"你（单位）的上述行为违反了{violated}的规定。依据{penalty_article}的规定，"
              f"参照{rec.get('version_title') or rec.get('version') or '本机关行政处罚裁量基准'}，"
              f"本机关决定对你（单位）作出如下行政处罚：{_penalty_text(kinds, fine, penalty.confiscation)}。"),
    ]
    if penalty.outside_range_reason:
        body.append(Block(f"裁量理由：{penalty.outside_range_reason}"))
    # (四)
    if fine:
        body.append(Block(f"你（单位）应当自收到本决定书之日起十五日内，将罚款缴至本机关指定的银行或者通过电子支付系统缴纳"
                          f"（{LAW}第六十七条第三款）。到期不缴纳罚款的，本机关将每日按罚款数额的百分之三加处罚款，"
                          f"加处罚款的数额不超出罚款的数额，并可以依法申请人民法院强制执行（{LAW}第七十二条）。"))
    else:
        body.append(Block("本决定自送达之日起执行。"))
    # (五)
    body.append(Block(f"如不服本决定，可以在收到本决定书之日起六十日内向{_reconsideration_body(agency)}申请行政复议"
                      "（《中华人民共和国行政复议法》第二十条），或者在六个月内依法向人民法院提起行政诉讼"
                      "（《中华人民共和国行政诉讼法》第四十六条）。行政复议或者行政诉讼期间，本决定不停止执行，"
                      f"法律另有规定的除外（{LAW}第七十三条）。"))
    # (六) the issuer and the date are the document's 署名 and 成文日期; said once more in words:
    body.append(Block(f"作出决定的行政机关：{agency.name}；作出决定的日期：{date_cn(ctx.today)}。"))
    return body


def service_receipt(case, penalty, ctx) -> list[Block]:
    d = ctx.data
    doc = case.documents.filter(kind="decision").order_by("-id").first()
    return [
        Block(f"送达文书：行政处罚决定书（{doc.number if doc else '—'}）"),
        Block(f"受送达人：{d['recipient']}（当事人：{case.party_name}）"),
        Block(f"送达地点：{case.party_address}"),
        Block(f"送达方式：{d['method']}"),
        Block(f"送达日期：{date_cn(dt.date.fromisoformat(d['served_on']))}"),
        Block(f"送达人：{_officers_text(penalty.investigators)}"),
        Block("受送达人签名或盖章：________________"),
        Block(f"依据：{LAW}第六十一条；《中华人民共和国民事诉讼法》关于送达的规定。"),
    ]


def record_document(evidence) -> OfficialDocument:
    """询问笔录 / 现场检查笔录 of one evidence row (no 文号: records are not official letters)."""
    penalty = evidence.penalty
    case = penalty.case
    if evidence.kind not in ("inquiry", "site"):
        raise ValidationError("not a record")
    title = evidence.get_kind_display()
    body = [
        Block(f"案件编号：{case.number}"),
        Block(f"时间：{date_cn(evidence.recorded_on)}　地点：{evidence.place or '—'}"),
        Block(f"执法人员：{_officers_text(evidence.officers)}"),
        Block(f"当事人：{case.party_name}"),
        Block(f"执法人员已出示执法证件，告知当事人依法享有的权利和申请回避的权利（{LAW}第五十五条）。"),
        Block(evidence.title, level=1),
    ]
    body += [Block(line) for line in evidence.content.splitlines() if line.strip()]
    body += [
        Block("以上笔录已向被询问人或者现场当事人宣读（或者交其阅读），确认无误。"),
        Block("被询问人或当事人签名：________________　日期：________"),
        Block("执法人员签名：________________　________________"),
    ]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number="", title=title,
                            addressee=None, body=body, date=evidence.recorded_on, layout="letter")
