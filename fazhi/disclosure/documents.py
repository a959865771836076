"""The written documents of a disclosure request, GB/T 9704-2012 信函格式 (fazhi/documents/render.py), numbered
from the agency's gapless 公开 series (黑档公开〔2026〕3号). Documents stay Chinese whatever the user's language.

* 政府信息公开申请补正告知书 (correction) — 条例第三十条: the items to correct, at once, with guidance (指导和释明)
  and a reasonable period; the reply period counts from the corrected request; not corrected in time without
  good reason: deemed abandoned.
* 政府信息公开申请延期答复告知书 (extension) — 第三十三条第二款: approved by the head of the disclosure office, the
  requester told, at most 20 working days.
* 政府信息公开申请答复书 (reply) — 第三十六条 and the articles it refers to: one text per ground (``REPLY_TEXTS``),
  the article cited, and the remedies of 第五十一条 (complaint to the next higher agency or the disclosure
  authority; reconsideration within 60 days, 行政复议法第二十条; suit within six months, 行政诉讼法第四十六条).
* 政府信息公开征求意见书 (to a third party, ``consultation_letter``) — 第三十二条: kept with the consultation, not
  among the case's documents the requester reads; it never names the requester.
"""

from __future__ import annotations

import datetime as dt

from fazhi.documents.render import Block, OfficialDocument, date_cn

REG = "《中华人民共和国政府信息公开条例》"

TITLES = {
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "reply": "政府信息公开申请答复书",
    "consultation": "政府信息公开征求意见书",
}

FORM_LABELS = {"paper": "纸质文本", "electronic": "电子文档", "disc": "光盘", "other": "其他形式"}
WAY_LABELS = {"post": "邮寄", "pickup": "自行领取", "email": "电子邮件"}
CONCERN_LABELS = {"trade_secret": "商业秘密", "privacy": "个人隐私", "other": "其他合法权益"}
OPINION_LABELS = {"agree": "同意公开", "disagree": "不同意公开", "partial": "部分同意公开", "none": "逾期未提出意见"}

# What the information withheld is (第十四条、第十五条、第十六条、第三十六条第（七）项).
WITHHELD_PHRASES = {
    "state_secret": "属于依法确定为国家秘密的政府信息",
    "law_forbids": "属于法律、行政法规禁止公开的政府信息",
    "three_security": "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    "third_party": "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    "internal_affairs": "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
    "process_info": "属于在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    "enforcement_file": "属于行政执法案卷信息",
    "special_registry": "属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的信息",
}


def _you(case) -> str:
    return "你" if case.party_kind == "person" else "你单位"


def _sentence(text: str) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    return text if text[-1] in "。！？；.!?" else text + "。"


def _contact(agency) -> Block:
    return Block(f"联系地址：{agency.address or '—'}；联系电话：{agency.phone or '—'}。")


def _request_fields(case) -> dict:
    req = getattr(case, "public_request", None)
    return req.fields if req else {}


def _intro(case) -> list[Block]:
    you = _you(case)
    f = _request_fields(case)
    known = "；".join(x for x in (f"文件名称：{f['document_title']}" if f.get("document_title") else "",
                                 f"文号：{f['document_number']}" if f.get("document_number") else "") if x)
    received = date_cn(case.received_on)
    online = case.data.get("submitted_online_on")
    how = (f"{you}于{date_cn(dt.date.fromisoformat(online))}通过网上申请提交、本机关于{received}确认收到"
           if online else f"本机关于{received}收到{you}")
    blocks = [Block(f"{how}的政府信息公开申请（办件编号：{case.number}），申请获取：{_sentence(f.get('description', ''))}"
                    + (f"（{known}）" if known else ""))]
    d = getattr(case, "disclosure", None)
    if d is not None and d.corrected_on:
        blocks.append(Block(f"本机关于{date_cn(d.corrected_on)}收到{you}补正后的申请，申请内容为：{_sentence(d.corrected_description)}"))
    return blocks


def remedies(case) -> Block:
    """第五十一条, with the periods of 行政复议法第二十条 and 行政诉讼法第四十六条."""
    you = _you(case)
    upper = case.agency.parent.name if case.agency.parent_id else "上一级行政机关"
    return Block(f"{you}如认为本机关在政府信息公开工作中侵犯{you}的合法权益，可以向{upper}或者政府信息公开工作主管部门"
                 f"投诉、举报；也可以自收到本答复书之日起六十日内依法申请行政复议（《中华人民共和国行政复议法》第二十条），"
                 f"或者自收到本答复书之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）"
                 f"（{REG}第五十一条）。")


def _provision(case, d: dict) -> str:
    f = _request_fields(case)
    form, way = FORM_LABELS.get(f.get("form", ""), ""), WAY_LABELS.get(f.get("way", ""), "")
    wanted = f"按{_you(case)}要求的形式（{form}，{way}）提供" if form and way else "提供"
    return f"本机关{wanted}（{REG}第四十条）：{_sentence(d.get('how', ''))}"


def _third_party_note(case) -> str:
    c = case.consultations.exclude(opinion="").order_by("-id").first()
    if c is None:
        return ""
    return f"本机关已于{date_cn(c.sent_on)}书面征求第三方意见，第三方{OPINION_LABELS.get(c.opinion, '')}（{REG}第三十二条）。"


def reply_text(case, ground: str, d: dict) -> list[Block]:
    """The paragraphs of the reply proper, by ground (the reply step's fields in ``d``)."""
    you = _you(case)
    reason = _sentence(d.get("reason", ""))
    how = (d.get("how") or "").strip()
    if ground == "published":
        return [Block(f"经审查，{you}申请获取的政府信息已经主动公开：{_sentence(d.get('content', ''))}"
                      f"根据{REG}第三十六条第（一）项的规定，现告知获取该政府信息的方式、途径：{_sentence(how)}")]
    if ground == "open":
        return [Block(f"经审查，{you}申请获取的政府信息属于可以公开的政府信息。根据{REG}第三十六条第（二）项的规定，"
                      f"本机关予以公开：{_sentence(d.get('content', ''))}"), Block(_provision(case, d))]
    if ground == "not_exist":
        return [Block(f"经检索，本机关没有{you}所申请公开的政府信息。{reason}"
                      f"根据{REG}第三十六条第（四）项的规定，现告知{you}该政府信息不存在。")]
    if ground == "not_ours":
        other = (d.get("other_agency") or "").strip()
        tail = (f"负责公开该政府信息的行政机关为{other}，{you}可以向其提出申请。" if other
                else "本机关无法确定负责公开该政府信息的行政机关。")
        return [Block(f"经审查，{you}所申请公开的政府信息不属于本机关负责公开。理由：{reason}"
                      f"根据{REG}第三十六条第（五）项的规定，现告知如下：{tail}")]
    if ground == "needs_creation":
        return [Block(f"经审查，本机关没有{you}所申请的现成信息，提供该信息需要另行制作或者对现有政府信息进行加工、分析。"
                      f"{reason}根据{REG}第三十八条的规定，本机关不予提供。")]
    if ground == "unclear":
        notified = case.data.get("correction_notified_on")
        when = f"于{date_cn(dt.date.fromisoformat(notified))}" if notified else ""
        return [Block(f"本机关已{when}一次性告知{you}补正申请内容。经审查，补正后的申请内容仍不明确，本机关无法确定{you}"
                      f"所申请的政府信息。{reason}根据{REG}第三十条的规定，本机关无法提供。")]
    if ground == "petition":
        where = f"{you}可以通过{how}提出。" if how else f"{you}可以通过相应渠道提出。"
        return [Block(f"经审查，{you}以政府信息公开申请的形式提出的事项属于信访、投诉、举报等活动。{reason}"
                      f"根据{REG}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，{where}")]
    if ground == "duplicate":
        earlier = (d.get("earlier_reply") or "").strip()
        return [Block(f"本机关已就{you}提出的政府信息公开申请作出答复{f'（{earlier}）' if earlier else ''}，"
                      f"{you}重复申请公开相同的政府信息。{reason}根据{REG}第三十六条第（六）项的规定，本机关不予重复处理。")]
    if ground == "publication":
        where = f"现告知获取途径：{_sentence(how)}" if how else "请通过公开发行渠道获取。"
        return [Block(f"经审查，{you}要求提供的是政府公报、报刊、书籍等公开出版物。{reason}"
                      f"根据{REG}第三十九条第二款的规定，{where}")]
    if ground == "excessive":
        return [Block(f"{you}申请公开政府信息的数量、频次明显超过合理范围，本机关已要求{you}说明理由，经审查，理由不合理。"
                      f"{reason}根据{REG}第三十五条的规定，本机关不予处理。")]
    if ground == "reconfirm":
        return [Block(f"经审查，{you}要求本机关确认或者重新出具已获取的信息，不属于{REG}规定的提供已制作或者获取的"
                      f"政府信息的情形。{reason}本机关不予处理。")]
    if ground == "not_gov_info":
        return [Block(f"经审查，{you}所申请的内容不属于{REG}第二条所称的政府信息（行政机关在履行行政管理职能过程中制作或者"
                      f"获取的，以一定形式记录、保存的信息）。{reason}本机关不作为政府信息公开申请处理。")]
    if ground == "special_registry":
        return [Block(f"经审查，{you}申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定。"
                      f"根据{REG}第三十六条第（七）项的规定，请{you}依照有关法律、行政法规的规定办理。{reason}")]
    # 不予公开 (第三十六条第（三）项), by the ground of 第十四条、第十五条、第十六条.
    from fazhi.disclosure.results import GROUNDS

    note = _third_party_note(case) if ground == "third_party" else ""
    return [Block(f"经审查，{you}申请获取的政府信息{WITHHELD_PHRASES[ground]}。{note}根据{GROUNDS[ground].article}的规定，"
                  f"本机关决定不予公开。理由：{reason}")]


def _partial(case, d: dict) -> list[Block]:
    from fazhi.disclosure.results import GROUNDS

    you = _you(case)
    ground = d["ground"]
    note = _third_party_note(case) if ground == "third_party" else ""
    return [
        Block(f"经审查，{you}申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。根据{REG}第三十七条的规定，"
              f"本机关向{you}提供可以公开的政府信息内容：{_sentence(d.get('content', ''))}"),
        Block(f"其中，{_sentence(d.get('withheld', '')).rstrip('。')}，{WITHHELD_PHRASES[ground]}。{note}"
              f"根据{GROUNDS[ground].article}的规定，不予公开。理由：{_sentence(d.get('reason', ''))}"),
        Block(_provision(case, d)),
    ]


def reply(case, ctx) -> list[Block]:
    d = ctx.data
    body = _intro(case)
    if ctx.transition is not None and ctx.transition.name == "reply_partial":
        body += _partial(case, d)
    else:
        body += reply_text(case, d["ground"], d)
    if d.get("fee"):
        body.append(Block(f"本机关依照{REG}第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
                          f"收取信息处理费{d['fee']}元。"))
    body += [remedies(case), _contact(case.agency)]
    return body


def correction(case, ctx) -> list[Block]:
    you = _you(case)
    d = ctx.data
    clk = case.clocks.filter(name="correction_period").order_by("-round").first()
    due = date_cn(clk.due) if clk and clk.due else "—"
    body = _intro(case) + [
        Block(f"经审查，{you}的申请内容不明确。根据{REG}第三十条的规定，现一次性告知{you}对以下事项作出补正："),
    ]
    body += [Block(f"{i}. {_sentence(item)}", level=3) for i, item in enumerate(d.get("missing_materials") or [], 1)]
    if d.get("guidance"):
        body.append(Block(f"指导和释明：{_sentence(d['guidance'])}"))
    body += [
        Block(f"请{you}于{due}前（{d['period_days']}个工作日内）补正。补正可以登录本平台在办件页面提交，也可以书面提交至本机关。"
              f"答复期限自本机关收到补正的申请之日起计算（{REG}第三十条）。"),
        Block(f"{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请（{REG}第三十条）。"),
        _contact(case.agency),
    ]
    return body


def extension(case, ctx) -> list[Block]:
    you = _you(case)
    clk = case.clocks.filter(name="reply").order_by("-round").first()
    due = date_cn(clk.due) if clk and clk.due else "—"
    return _intro(case) + [
        Block(f"因{_sentence(ctx.comment).rstrip('。')}，本机关不能在原定答复期限内作出答复。经本机关政府信息公开工作机构负责人"
              f"同意，根据{REG}第三十三条第二款的规定，答复期限延长二十个工作日，至{due}。"),
        Block(f"本机关将在延长的期限内答复{you}。"),
        _contact(case.agency),
    ]


def build(case, transition, kind: str, ctx, number: str) -> OfficialDocument:
    fn = {"correction": correction, "extension": extension, "reply": reply}[kind]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number=number, title=TITLES[kind],
                            addressee=case.party_name, body=fn(case, ctx), date=ctx.today, layout="letter")


def consultation_letter(case, c) -> OfficialDocument:
    """第三十二条: to the third party; the requester is not named."""
    due = date_cn(c.due) if c.due else "—"
    body = [
        Block(f"本机关收到一件政府信息公开申请（办件编号：{case.number}），所申请公开的政府信息涉及你（单位）："
              f"{_sentence(c.information)}本机关认为公开该信息可能损害你（单位）的合法权益（{CONCERN_LABELS.get(c.concern, '')}）。"
              f"根据{REG}第三十二条的规定，现书面征求你（单位）的意见。"),
        Block(f"请你（单位）自收到本征求意见书之日起十五个工作日内（即{due}前）书面提出是否同意公开的意见；不同意公开的，"
              "请说明理由。逾期未提出意见的，本机关将依照条例的规定决定是否公开。"),
        Block("第三方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
              "并将决定公开的政府信息内容和理由书面告知你（单位）。"),
        Block(f"征求意见所需时间不计算在答复申请人的期限内（{REG}第三十三条第三款）。"),
        _contact(case.agency),
    ]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number=c.number,
                            title=TITLES["consultation"], addressee=c.third_party, body=body, date=c.sent_on,
                            layout="letter")
