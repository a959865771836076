"""备案报告 (the filing report), GB/T 9704-2012 layout (fazhi/documents/render.py), numbered from the agency's
gapless 函 series (黑档函〔2026〕3号) by the process runtime: the document, its number, dates, the legality review
and the collective deliberation, the materials sent (the official text and the drafting explanation)."""

from __future__ import annotations

from fazhi.documents.render import Block, OfficialDocument, date_cn

TITLES = {"filing_report": "备案报告"}


def build(case, kind: str, ctx, number: str) -> OfficialDocument:
    from fazhi.norms.services import citations_text

    doc = case.norm
    doc.refresh_from_db()
    bodies = str(ctx.data.get("bodies") or "").strip()
    materials = ctx.data.get("materials") or [f"《{doc.title}》正式文本", "起草说明", "合法性审核意见"]
    body = [
        Block(f"根据规范性文件备案的有关规定，现将本机关制定的《{doc.title}》（{doc.number}）报送备案。"),
        Block(f"该文件于{date_cn(doc.published_on)}公布，自{date_cn(doc.effective_on)}起施行"
              + (f"，有效期至{date_cn(doc.valid_until)}。" if doc.valid_until else "。")),
        Block(f"起草处室：{doc.drafting_division}。"),
    ]
    if doc.reviewed_on:
        body.append(Block(f"该文件已经本机关法制机构合法性审核（{date_cn(doc.reviewed_on)}审核通过）"
                          + (f"，并经{doc.meeting}审议通过" if doc.meeting else "")
                          + (f"，于{date_cn(doc.signed_on)}签发。" if doc.signed_on else "。")))
    bases = citations_text(doc) + [line.strip() for line in doc.other_bases.splitlines() if line.strip()]
    if bases:
        body.append(Block("制定依据：" + "；".join(bases) + "。"))
    body.append(Block("特此报告。"))
    title = f"关于报送《{doc.title}》备案的报告"
    if len(title) > 100:  # the case's document register keeps titles of up to 100 characters
        title = "关于报送规范性文件备案的报告"
    return OfficialDocument(
        issuer=case.agency.name, issuer_mark=case.agency.name, number=number,
        title=title, addressee=bodies or None, body=body, date=ctx.today,
        attachments=[str(m) for m in materials], layout="letter")
