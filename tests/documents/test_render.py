"""GB/T 9704-2012 layout of rendered official documents, checked by reopening the DOCX with python-docx."""

import io
import re
from datetime import date

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Pt, RGBColor

from fazhi.documents.render import (
    DOC_NUMBER_RE,
    Block,
    OfficialDocument,
    date_cn,
    normalize_doc_number,
    render_docx,
)

NUMBER_RE = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")


def make_doc(**overrides) -> OfficialDocument:
    fields = dict(
        issuer="黑龙江省档案局",
        issuer_mark=None,
        number="黑档许〔2026〕3号",
        title="关于报送法治政府建设工作情况的函",
        addressee="省政府法制办",
        body=[
            Block("按照《黑龙江省2017年度法治政府建设考核方案》的要求，我局高度重视，认真制定具体工作方案。"),
            Block("一、依法全面履行档案行政管理职责", 1),
            Block("（一）认真清理行政审批事项。2017年，我局多次召开党组会和局长办公会进行专题研究。", 2),
            Block("1. 建立行政许可审批岗位职责风险点清单。", 3),
            Block("（1）查找问题与隐患，制定防控措施。", 3),
        ],
        date=date(2026, 1, 5),
        attachments=["2017年度档案行政许可办理情况统计表", "规范性文件清理结果"],
        cc=["省委法规处", "省司法厅"],
        seal_note="此件公开发布",
    )
    fields.update(overrides)
    return OfficialDocument(**fields)


def reopen(doc: OfficialDocument) -> docx.document.Document:
    data = render_docx(doc)
    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def para(document, text: str):
    matches = [p for p in document.paragraphs if p.text == text]
    assert len(matches) == 1, (
        f"expected exactly one paragraph {text!r}, got {[p.text for p in document.paragraphs]}"
    )
    return matches[0]


def para_starting(document, prefix: str):
    matches = [p for p in document.paragraphs if p.text.startswith(prefix)]
    assert matches, f"no paragraph starts with {prefix!r}"
    return matches[0]


def east_asia(run) -> str:
    rfonts = run._r.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia"))


@pytest.fixture(scope="module")
def rendered():
    return reopen(make_doc())


# --- page ---------------------------------------------------------------------------------------------


def test_page_is_a4_with_gbt9704_margins(rendered):
    s = rendered.sections[0]
    assert abs(s.page_width.mm - 210) < 0.5
    assert abs(s.page_height.mm - 297) < 0.5
    assert abs(s.top_margin.mm - 37) < 0.5
    assert abs(s.left_margin.mm - 28) < 0.5
    assert abs(s.right_margin.mm - 26) < 0.5
    assert abs(s.bottom_margin.mm - 35) < 0.5
    # text block 156 × 225 mm
    assert abs(Emu(s.page_width - s.left_margin - s.right_margin).mm - 156) < 0.5
    assert abs(Emu(s.page_height - s.top_margin - s.bottom_margin).mm - 225) < 0.5


def test_22_lines_of_28_95_pt(rendered):
    s = rendered.sections[0]
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"
    body = para_starting(rendered, "按照")
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    line = body.paragraph_format.line_spacing
    assert abs(line.pt - 28.95) < 0.01
    text_height = s.page_height - s.top_margin - s.bottom_margin
    assert int(text_height / line) == 22


def test_28_characters_fit_on_a_line(rendered):
    body = para_starting(rendered, "按照")
    run = body.runs[0]
    condense = run._r.rPr.find(qn("w:spacing"))
    pitch_pt = 16 + int(condense.get(qn("w:val"))) / 20
    s = rendered.sections[0]
    width_pt = Emu(s.page_width - s.left_margin - s.right_margin).pt
    assert 28 * pitch_pt <= width_pt < 29 * pitch_pt


# --- body font ----------------------------------------------------------------------------------------


def test_body_is_16pt_fangsong(rendered):
    body = para_starting(rendered, "按照")
    assert (
        body.paragraph_format.first_line_indent is not None
        and body.paragraph_format.first_line_indent.pt > 30
    )
    for run in body.runs:
        assert run.font.size == Pt(16)
        assert east_asia(run).startswith("仿宋")
    # the Normal style agrees
    normal = rendered.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")).startswith("仿宋")


def test_font_table_substitutes_fangsong():
    data = render_docx(make_doc())
    document = docx.Document(io.BytesIO(data))
    font_part = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    xml = font_part.blob.decode("utf-8")
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', xml)


# --- 版头 -------------------------------------------------------------------------------------------


def test_issuer_mark_is_red_and_centred(rendered):
    mark = rendered.paragraphs[0]
    assert mark.text == "黑龙江省档案局文件"
    assert mark.alignment == WD_ALIGN_PARAGRAPH.CENTER
    for run in mark.runs:
        assert run.font.color.rgb == RGBColor(0xFF, 0x00, 0x00)
        assert east_asia(run) == "方正小标宋简体"
        assert run.font.size.pt >= 22


def test_letter_format_uses_plain_mark_and_right_aligned_number():
    document = reopen(make_doc(issuer_mark="黑龙江省档案局", layout="letter"))
    assert document.paragraphs[0].text == "黑龙江省档案局"
    number = para(document, "黑档许〔2026〕3号")
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    bdr = document.paragraphs[0]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bdr.get(qn("w:color")) == "FF0000"


def test_document_number_paragraph(rendered):
    numbers = [p for p in rendered.paragraphs if NUMBER_RE.match(p.text)]
    assert len(numbers) == 1
    number = numbers[0]
    assert number.text == "黑档许〔2026〕3号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # the red separator line under the number
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    assert bottom.get(qn("w:val")) == "single"


def test_document_number_is_normalised():
    document = reopen(make_doc(number="黑档函﹝2018﹞015号"))
    assert [p.text for p in document.paragraphs if NUMBER_RE.match(p.text)] == ["黑档函〔2018〕15号"]


def test_title_is_2hao_xiaobiaosong_centred(rendered):
    title = para(rendered, "关于报送法治政府建设工作情况的函")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.font.size == Pt(22) for r in title.runs)
    assert all(east_asia(r) == "方正小标宋简体" for r in title.runs)


def test_addressee_flush_left_with_fullwidth_colon(rendered):
    idx = [p.text for p in rendered.paragraphs].index("关于报送法治政府建设工作情况的函")
    addressee = rendered.paragraphs[idx + 1]
    assert addressee.text == "省政府法制办："
    assert addressee.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert addressee.paragraph_format.first_line_indent is None
    assert addressee.paragraph_format.left_indent is None


def test_addressee_colon_not_doubled():
    document = reopen(make_doc(addressee="省政府法制办："))
    assert "省政府法制办：" in [p.text for p in document.paragraphs]
    assert "省政府法制办：：" not in [p.text for p in document.paragraphs]


# --- headings -----------------------------------------------------------------------------------------


def test_heading_fonts(rendered):
    h1 = para(rendered, "一、依法全面履行档案行政管理职责")
    assert east_asia(h1.runs[0]) == "黑体"
    h2 = para_starting(rendered, "（一）")
    assert east_asia(h2.runs[0]).startswith("楷体")
    assert h2.runs[0].text == "（一）认真清理行政审批事项。"
    # the body text that runs on after the heading sentence is 仿宋
    assert east_asia(h2.runs[-1]).startswith("仿宋")
    h3 = para_starting(rendered, "1. ")
    assert east_asia(h3.runs[0]).startswith("仿宋")
    h4 = para_starting(rendered, "（1）")
    assert east_asia(h4.runs[0]).startswith("仿宋")
    for p in (h1, h2, h3, h4):
        assert all(r.font.size == Pt(16) for r in p.runs)


# --- 署名, 成文日期, 附件, 附注, 抄送 ---------------------------------------------------------------------


def test_date_and_signature(rendered):
    texts = [p.text for p in rendered.paragraphs]
    dated = para(rendered, "2026年1月5日")
    assert dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # four characters in from the right (4 × ~16 pt)
    assert 60 <= dated.paragraph_format.right_indent.pt <= 65
    signature = rendered.paragraphs[texts.index("2026年1月5日") - 1]
    assert signature.text == "黑龙江省档案局"
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # no leading zeros anywhere
    assert "2026年01月05日" not in texts


def test_signature_defaults_to_issuer_and_can_be_overridden():
    document = reopen(make_doc(signature="黑龙江省档案馆"))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("2026年1月5日") - 1] == "黑龙江省档案馆"


def test_attachments_note_and_cc(rendered):
    texts = [p.text for p in rendered.paragraphs]
    assert "附件：1. 2017年度档案行政许可办理情况统计表" in texts
    assert "2. 规范性文件清理结果" in texts
    assert "（此件公开发布）" in texts
    assert texts.index("（此件公开发布）") == texts.index("2026年1月5日") + 1
    assert "抄送：省委法规处，省司法厅。" in texts


def test_single_attachment_has_no_number():
    document = reopen(make_doc(attachments=["统计表"]))
    assert "附件：统计表" in [p.text for p in document.paragraphs]


# --- page numbers -------------------------------------------------------------------------------------


def _footer_has_page_field(footer) -> bool:
    xml = footer._element.xml
    return "PAGE" in "".join(t.text or "" for t in footer._element.iter(qn("w:instrText"))) or (
        'w:instr=" PAGE' in xml
    )


def test_page_numbers_in_footer(rendered):
    s = rendered.sections[0]
    assert rendered.settings.odd_and_even_pages_header_footer
    odd = s.footer
    even = s.even_page_footer
    for footer, align in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert not footer.is_linked_to_previous
        assert _footer_has_page_field(footer)
        p = footer.paragraphs[0]
        assert p.text == "— 1 —"  # the PAGE field's cached result is 1
        assert p.alignment == align
        assert all(r.font.size == Pt(14) for r in p.runs)


def test_letter_format_has_no_page_number_on_first_page():
    document = reopen(make_doc(issuer_mark="黑龙江省档案局", layout="letter"))
    s = document.sections[0]
    assert s.different_first_page_header_footer
    assert not _footer_has_page_field(s.first_page_footer)
    assert _footer_has_page_field(s.footer)
    assert _footer_has_page_field(s.even_page_footer)


def test_file_format_numbers_every_page(rendered):
    assert not rendered.sections[0].different_first_page_header_footer


# --- misc ---------------------------------------------------------------------------------------------


def test_no_addressee_and_no_extras():
    document = reopen(
        make_doc(addressee=None, attachments=[], cc=[], seal_note=None, issuer_mark="黑龙江省档案局")
    )
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "黑龙江省档案局"
    assert not any(t.startswith(("附件", "抄送", "（此件")) for t in texts)
    assert texts[-1] == "2026年1月5日"


def test_unknown_layout_is_rejected():
    with pytest.raises(ValueError, match="layout"):
        render_docx(make_doc(layout="poster"))


def test_core_properties():
    document = reopen(make_doc())
    assert document.core_properties.title == "关于报送法治政府建设工作情况的函"
    assert document.core_properties.author == "黑龙江省档案局"


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2018, 1, 22), "2018年1月22日"),
        (date(2026, 1, 5), "2026年1月5日"),
        (date(2026, 11, 29), "2026年11月29日"),
        (date(2026, 10, 10), "2026年10月10日"),
        (date(2000, 2, 29), "2000年2月29日"),
    ],
)
def test_date_cn(d, text):
    assert date_cn(d) == text


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("黑档函〔2018〕15号", "黑档函〔2018〕15号"),
        ("黑档函﹝2018﹞15号", "黑档函〔2018〕15号"),
        ("黑档函[2018]015号", "黑档函〔2018〕15号"),
        ("黑档函（2018）第7号", "黑档函〔2018〕7号"),
        ("黑档许【2026】3号", "黑档许〔2026〕3号"),
        ("not a number", "not a number"),
    ],
)
def test_normalize_doc_number(raw, normal):
    assert normalize_doc_number(raw) == normal


def test_doc_number_regex():
    assert DOC_NUMBER_RE.match("黑档许〔2026〕3号")
    assert not DOC_NUMBER_RE.match("黑档许〔2026〕03号")
    assert not DOC_NUMBER_RE.match("黑档许〔26〕3号")
    assert not DOC_NUMBER_RE.match("黑档许〔2026〕第3号")
