"""The 档案证明 (archive proof), GB/T 9704-2012 layout (fazhi/documents/render.py), numbered from the agency's gapless
证 series (黑档证〔2026〕1号) by the process runtime. Documents stay Chinese whatever the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from fazhi.documents.render import Block, OfficialDocument, date_cn

TITLES = {"proof": "档案证明"}


def build(case, kind: str, ctx, number: str) -> OfficialDocument:
    if kind != "proof":
        raise ValueError(kind)
    req = case.archive_request
    content = (ctx.data.get("answer") or "").strip()
    if not content:
        raise ValidationError("无法制作档案证明：证明内容为空。")
    body = [
        Block(f"{case.party_name}（{req.get_id_type_display()}号码：{_masked(req.id_number)}）于{date_cn(case.received_on)}"
              f"申请出具档案证明，利用目的：{req.get_purpose_display()}"
              f"{('（' + req.purpose_detail + '）') if req.purpose_detail else ''}。"),
        Block(f"申请查证的档案：{req.archives_wanted}"),
        Block(f"经查本馆所藏档案，{content}"),
        Block("特此证明。"),
        Block(f"本证明依据本馆馆藏档案出具，仅证明档案记载的内容，仅供{req.get_purpose_display()}使用。"
              f"办件编号：{case.number}；可凭办件编号和查询码核验。"
              f"联系地址：{case.agency.address or '—'}；联系电话：{case.agency.phone or '—'}。"),
    ]
    return OfficialDocument(issuer=case.agency.name, issuer_mark=case.agency.name, number=number,
                            title=TITLES[kind], addressee=case.party_name, body=body, date=ctx.today, layout="letter")


def _masked(value: str) -> str:
    """个人信息保护法: a proof shows the document number with its middle hidden (the requester knows it)."""
    if len(value) <= 8:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]
