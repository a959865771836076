"""The written notices of a petition, GB/T 9704-2012 layout (fazhi/documents/render.py), numbered from the agency's
gapless 访 series (黑档访〔2017〕3号) by the process runtime. Documents stay Chinese whatever the user's language.

* 受理告知书 (acceptance_notice) — 《信访工作条例》第二十三条: notified in writing within 15 days of receipt; the
  60-day handling period and its one extension (第三十五条).
* 不予受理告知书 (refusal_notice) — 第二十三条、第三十一条至第三十三条: why not, and where and how to bring the matter
  instead (litigation, arbitration, reconsideration, the competent agency); 第三十七条第三款 for a matter already
  through the second review.
* 转送告知书 (transfer_notice) — 第二十三条: the agency the matter was transferred to.
* 延期办理告知书 (extension_notice) — 第三十五条: the reason for the extension and the new due date.
* 信访处理意见书 (opinion) — 第三十三条、第三十四条: the findings, the result (support / explain / not support) and the
  opinion; the right to ask for review within 30 days of receipt and where (第三十六条).
"""

from __future__ import annotations

import datetime as dt

from fazhi.documents.render import Block, OfficialDocument, date_cn

REG = "《信访工作条例》"

TITLES = {
    "acceptance_notice": "信访事项受理告知书",
    "refusal_notice": "信访事项不予受理告知书",
    "transfer_notice": "信访事项转送告知书",
    "extension_notice": "信访事项延期办理告知书",
    "opinion": "信访处理意见书",
}

CHANNELS = {"online": "网上信访", "counter": "当面递交", "post": "来信", "visit": "来访", "phone": "来电",
            "fax": "传真", "email": "电子邮件"}

GROUNDS = {
    "litigation": "依法应当通过诉讼途径解决",
    "arbitration": "依法应当通过仲裁途径解决",
    "reconsideration": "依法应当通过行政复议途径解决",
    "other_procedure": "依法应当通过行政裁决、行政确认等其他法定程序解决",
    "not_competent": "不属于本机关职权范围",
    "final": "已经复核，你（单位）仍以同一事实和理由提出",
}
GROUND_BASIS = {
    "litigation": f"{REG}第三十一条至第三十三条（依法应当通过诉讼、仲裁、行政复议等法定途径解决的，导入相应程序处理）",
    "arbitration": f"{REG}第三十一条至第三十三条",
    "reconsideration": f"{REG}第三十一条至第三十三条",
    "other_procedure": f"{REG}第三十一条至第三十三条",
    "not_competent": f"{REG}第二十三条（对不属于本机关、单位或者本系统职权范围的，应当告知信访人向有权处理的机关、单位提出）",
    "final": f"{REG}第三十七条（信访人对复核意见不服，仍然以同一事实和理由提出信访请求的，不再受理）",
}
RESULTS = {
    "support": ("请求事实清楚，符合法律、法规、规章或者其他有关规定，予以支持。", "第三十四条第（一）项"),
    "explain": ("请求事由合理但缺乏法律依据，现作出解释说明。", "第三十四条第（二）项"),
    "not_support": ("请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，不予支持。", "第三十四条第（三）项"),
}


def _fields(case) -> dict:
    req = getattr(case, "public_request", None)
    return dict(req.fields) if req is not None else {}


def _received(case) -> str:
    return f"你（单位）于{date_cn(case.received_on)}以{CHANNELS.get(case.channel, case.channel)}方式提出的信访事项"


def _matter(case) -> str:
    return _fields(case).get("matter") or "—"


def _contact(case) -> Block:
    return Block(f"办件编号：{case.number}。你（单位）可以凭办件编号和查询码查询办理进度。"
                 f"联系地址：{case.agency.address or '—'}；联系电话：{case.agency.phone or '—'}。")


def build(case, kind: str, ctx, number: str) -> OfficialDocument:
    fn = {"acceptance_notice": acceptance_notice, "refusal_notice": refusal_notice,
          "transfer_notice": transfer_notice, "extension_notice": extension_notice, "opinion": opinion}[kind]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number=number, title=TITLES[kind],
                            addressee=case.party_name, body=fn(case, ctx), date=ctx.today, layout="letter")


def acceptance_notice(case, ctx) -> list[Block]:
    return [
        Block(f"{_received(case)}（{_matter(case)}）收悉。经审查，该事项属于本机关职权范围，本机关决定予以受理"
              f"（{REG}第二十三条）。"),
        Block(f"本机关将自受理之日起六十日内办结，并书面答复你（单位）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，"
              f"但延长期限不得超过三十日，并告知延期理由（{REG}第三十五条）。"),
        _contact(case),
    ]


def refusal_notice(case, ctx) -> list[Block]:
    ground = ctx.data["ground"]
    return [
        Block(f"{_received(case)}（{_matter(case)}）收悉。经审查，该事项{GROUNDS[ground]}，本机关不予受理。"),
        Block(f"理由：{ctx.comment}"),
        Block(f"请你（单位）{ctx.data['channel']}"),
        Block(f"依据：{GROUND_BASIS[ground]}。"),
        _contact(case),
    ]


def transfer_notice(case, ctx) -> list[Block]:
    to = ctx.data["to_agency"]
    return [
        Block(f"{_received(case)}（{_matter(case)}）收悉。经审查，该事项属于{to}的职权范围（{ctx.data['reason']}），"
              f"本机关已于{date_cn(ctx.today)}转送{to}依法处理（{REG}第二十三条）。"),
        Block(f"请你（单位）就该事项与{to}联系，由其依法办理并答复。"),
        _contact(case),
    ]


def extension_notice(case, ctx) -> list[Block]:
    new_due = ctx.extra_event_data.get("new_due")
    due_text = date_cn(dt.date.fromisoformat(new_due)) if new_due else "—"
    return [
        Block(f"{_received(case)}（{_matter(case)}），本机关已于{date_cn(case.accepted_on)}受理。"),
        Block(f"因{ctx.comment}，经本机关负责人批准，办理期限延长三十日，延长后的办理期限至{due_text}"
              f"（{REG}第三十五条）。"),
        _contact(case),
    ]


def opinion(case, ctx) -> list[Block]:
    fields = _fields(case)
    result_text, result_basis = RESULTS[ctx.data["result"]]
    body = ctx.data.get("review_body") or "本机关的上一级机关"
    return [
        Block(f"信访人：{case.party_name}。"),
        Block(f"信访事项：{_matter(case)}（{date_cn(case.received_on)}收到，{date_cn(case.accepted_on)}受理，"
              f"办件编号{case.number}）。"),
        Block("一、信访请求、事实和理由", level=1),
        Block(f"请求：{fields.get('request') or '—'}"),
        Block(f"事实和理由：{fields.get('facts') or '—'}"),
        Block("二、调查核实情况", level=1),
        Block(ctx.data["findings"]),
        Block("三、处理意见及依据", level=1),
        Block(f"经调查核实，你（单位）的{result_text}（{REG}{result_basis}）"),
        Block(ctx.data["opinion"]),
        Block(f"处理依据：{ctx.data['basis']}"),
        Block("四、复查权利", level=1),
        Block(f"你（单位）对本处理意见不服的，可以自收到本意见书之日起三十日内，向{body}请求复查（{REG}第三十六条）。"),
        _contact(case),
    ]
