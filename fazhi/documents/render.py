"""Official documents (公文) laid out per GB/T 9704-2012 《党政机关公文格式》, rendered to DOCX.

The layout rules implemented here (section numbers of GB/T 9704-2012):

* 5.2.1 / 5.2.2  A4 paper; top margin 37 mm, left margin 28 mm, text block (版心) 156 mm × 225 mm,
  hence right margin 26 mm and bottom margin 35 mm.
* 5.2.3 / 6     body text 3号仿宋 (16 pt), 22 lines per page, 28 characters per line.  Lines: a line
  grid (``w:docGrid type="lines"``, pitch 579 twips = 28.95 pt = 225 mm / 22) and exact 28.95 pt
  line spacing on every text paragraph.  Characters: 28 × 16 pt is 448 pt but the text block is
  442.2 pt wide, so 3号 runs are condensed by 0.25 pt (15.75 pt pitch) instead of using Word's
  character grid, which LibreOffice renders with every glyph spanning two grid cells.
* 7.2.3         发文机关标志: centred, red, 小标宋; upper edge 35 mm below the top of the text block
  (文件格式).  The 信函格式 wants 30 mm from the top of the page, inside the top margin: we start
  it at the top of the text block instead (7 mm lower).
* 7.2.4         发文字号: centred below the mark, two lines down (文件格式); 〔〕 around the full year,
  no leading zeros, no 第.  In the 信函格式 (10.1) it sits flush right below the red rule.
* 7.2.6         a red separator line the width of the text block, 4 mm below the 发文字号 (文件格式),
  or 4 mm below the mark (信函格式, where the standard asks for a double line, thick over thin).
* 7.3.1         标题: 2号小标宋 (22 pt), centred, two lines below the red line.
* 7.3.2         主送机关: one line below the title, flush left, followed by a full-width colon.
* 7.3.3         headings: 一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋.
* 7.3.4         附件说明: one line below the body, two characters in, "附件：1. …".
* 7.3.5.1       加盖印章的公文: 成文日期 four characters in from the right, Arabic numerals, year in
  full, no leading zeros ("2018年1月22日"); 署名 centred over the 成文日期.
* 7.3.7         附注 (e.g. "（此件公开发布）"): two characters in, one line below the 成文日期.
* 7.4.2         抄送: 4号仿宋, one character in on both sides, between 1 pt rules (版记); it follows
  the date instead of sitting at the foot of the last (even) page.
* 7.5           page numbers: 4号 Arabic numerals between em dashes ("— 1 —"), odd pages on the
  right and even pages on the left, each one character in from the edge of the text block; the
  first page of a 信函格式 document has none (10.1).

Fonts are named as in the standard's Chinese-government setting (仿宋_GB2312, 楷体_GB2312,
方正小标宋简体, 黑体); the font table tells Word which installed font to substitute when these are
missing (``w:altName``: 仿宋, 楷体, 宋体).
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

__all__ = [
    "DOC_NUMBER_RE",
    "Block",
    "OfficialDocument",
    "date_cn",
    "normalize_doc_number",
    "render_docx",
]

# --- fonts ------------------------------------------------------------------------------------------
FANGSONG = "仿宋_GB2312"  # body text (3号仿宋), level-3 headings
KAITI = "楷体_GB2312"  # level-2 headings
HEITI = "黑体"  # level-1 headings
XIAOBIAOSONG = "方正小标宋简体"  # issuer mark, title
SONGTI = "宋体"  # page numbers (半角宋体阿拉伯数字)

# font -> (substitute name for Word's font table, family, panose)
_FONT_TABLE = {
    FANGSONG: ("仿宋", "modern", "02010609030101010101"),
    KAITI: ("楷体", "modern", "02010609030101010101"),
    HEITI: (None, "modern", "02010609060101010101"),
    XIAOBIAOSONG: ("宋体", "auto", "02000000000000000000"),
    SONGTI: (None, "auto", "02010600030101010101"),
}

# --- sizes (号 → pt) ----------------------------------------------------------------------------------
SIZE_2HAO = 22.0  # 二号: title
SIZE_3HAO = 16.0  # 三号: body
SIZE_4HAO = 14.0  # 四号: page numbers, 版记
SIZE_MARK = 26.0  # issuer mark (小初 is 36 pt; 26 pt keeps a long agency name on one line)

RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"

# --- page geometry (GB/T 9704-2012 5.2) -----------------------------------------------------------
PAGE_W_MM, PAGE_H_MM = 210, 297
TOP_MM, LEFT_MM = 37, 28
TEXT_W_MM, TEXT_H_MM = 156, 225
RIGHT_MM = PAGE_W_MM - LEFT_MM - TEXT_W_MM  # 26
BOTTOM_MM = PAGE_H_MM - TOP_MM - TEXT_H_MM  # 35
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28

LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt = 579 twips
LINE_PT = LINE_PITCH_TWIPS / 20  # 28.95
# 28 characters of 3号 (16 pt) are 448 pt, but the text block is 156 mm ≈ 442.2 pt wide: each 3号
# character is condensed by 0.25 pt (w:spacing, in twentieths of a point) to a 15.75 pt pitch.
TEXT_W_PT = TEXT_W_MM / 25.4 * 72
CHAR_CONDENSE = math.floor((TEXT_W_PT / CHARS_PER_LINE - SIZE_3HAO) * 20)  # -5
CHAR_TWIPS = round(SIZE_3HAO * 20) + CHAR_CONDENSE  # one character of body text, for indents

#: 发文字号: issuer code, full year in 〔〕, serial number without leading zeros, 号 (GB/T 9704 7.2.4).
DOC_NUMBER_RE = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")
_LOOSE_NUMBER_RE = re.compile(
    r"^\s*(\S+?)\s*[〔\[［﹝【(（]\s*(\d{4})\s*[〕\]］﹞】)）]\s*第?\s*0*(\d+)\s*号\s*$"
)


@dataclass
class Block:
    """One paragraph of the body.

    level 0: body paragraph (first line indented two characters, 仿宋);
    level 1: "一、" heading (黑体); level 2: "（一）" heading (楷体); level 3: "1." / "（1）" (仿宋).
    The numbering is part of ``text``.  When a level-1/2 heading runs on into body text in the same
    paragraph ("（一）标题。正文……"), only the part up to the first "。" takes the heading font.
    """

    text: str
    level: int = 0


@dataclass
class OfficialDocument:
    issuer: str  # 发文机关 full name, e.g. "黑龙江省档案局"
    issuer_mark: str | None  # 发文机关标志; None → f"{issuer}文件" (文件格式)
    number: str  # 发文字号, e.g. "黑档许〔2026〕3号"
    title: str  # 标题
    addressee: str | None  # 主送机关 / the party; a full-width colon is added if absent
    body: list[Block]
    date: date  # 成文日期
    signature: str | None = None  # 署名; None → issuer
    attachments: list[str] = field(default_factory=list)  # 附件说明
    cc: list[str] = field(default_factory=list)  # 抄送
    seal_note: str | None = None  # 附注 under the date, e.g. "（此件公开发布）"
    # "file" = 文件格式 (发文字号 centred under the mark, single red rule under the number);
    # "letter" = 信函格式 (red double rule under the mark, 发文字号 flush right under it).
    layout: str = "file"


def date_cn(d: date) -> str:
    """成文日期 in Arabic numerals, year in full, no leading zeros: 2018年1月22日 (GB/T 9704 7.3.5)."""
    return f"{d.year}年{d.month}月{d.day}日"


def normalize_doc_number(number: str) -> str:
    """Normalise a 发文字号 to GB/T 9704 form: 〔〕 around the year, no 第, no leading zeros.

    "黑档函﹝2018﹞015号" → "黑档函〔2018〕15号".  Strings that do not look like a document number are
    returned stripped but otherwise unchanged.
    """
    m = _LOOSE_NUMBER_RE.match(number or "")
    if not m:
        return (number or "").strip()
    prefix, year, serial = m.groups()
    return f"{prefix}〔{year}〕{int(serial)}号"


# =====================================================================================================
# low-level OOXML helpers
# =====================================================================================================


# schema order of the children of w:pPr, w:rPr and w:sectPr (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28, 17.6.17)
_PPR_SEQ = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_RPR_SEQ = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_SECTPR_SEQ = (
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def _insert_ordered(parent, child, tag_seq: tuple[str, ...]):
    """Insert ``child`` into ``parent`` respecting the schema order given by ``tag_seq``."""
    tag = child.tag
    names = [qn(t) for t in tag_seq]
    existing = parent.find(tag)
    if existing is not None:
        parent.replace(existing, child)
        return child
    idx = names.index(tag)
    successors = tag_seq[idx + 1 :]
    parent.insert_element_before(child, *successors)
    return child


def _w(xml: str):
    """Parse one ``w:`` element written without a namespace declaration."""
    m = re.match(r"<w:\w+", xml)
    if m is None:
        raise ValueError(f"not a w: element: {xml!r}")
    return parse_xml(f"{xml[: m.end()]} {nsdecls('w')}{xml[m.end() :]}")


def _set_ppr(paragraph, xml: str):
    pPr = paragraph._p.get_or_add_pPr()
    _insert_ordered(pPr, _w(xml), _PPR_SEQ)


def _set_rfonts(rPr, font: str):
    rFonts = rPr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rFonts.attrib.pop(qn(attr), None)
    rFonts.set(qn("w:hint"), "eastAsia")


def _add_run(
    paragraph,
    text: str,
    font: str,
    size_pt: float,
    *,
    color: RGBColor | None = None,
    condense: bool | None = None,
):
    """Append a run in ``font`` at ``size_pt``; 3号 runs are condensed to the 28-per-line pitch."""
    run = paragraph.add_run(text)
    rPr = run._r.get_or_add_rPr()
    _set_rfonts(rPr, font)
    if color is not None:
        run.font.color.rgb = color
    if condense is None:
        condense = size_pt == SIZE_3HAO
    if condense and CHAR_CONDENSE:
        _insert_ordered(rPr, _w(f'<w:spacing w:val="{CHAR_CONDENSE}"/>'), _RPR_SEQ)
    run.font.size = Pt(size_pt)
    # complex-script size too, so the szCs default of the template does not apply
    _insert_ordered(rPr, _w(f'<w:szCs w:val="{round(size_pt * 2)}"/>'), _RPR_SEQ)
    return run


def _indent(
    paragraph,
    *,
    first_chars: float = 0,
    left_chars: float = 0,
    right_chars: float = 0,
    hanging_chars: float = 0,
):
    """Indents counted in body characters (CHAR_TWIPS each).

    Plain twips rather than Word's ``w:firstLineChars`` & co.: Word would measure those in uncondensed
    16 pt characters, LibreOffice ignores some of them; twips put the text in the same place in both.
    """
    attrs = []
    if left_chars:
        attrs.append(f'w:left="{round(left_chars * CHAR_TWIPS)}"')
    if right_chars:
        attrs.append(f'w:right="{round(right_chars * CHAR_TWIPS)}"')
    if first_chars:
        attrs.append(f'w:firstLine="{round(first_chars * CHAR_TWIPS)}"')
    if hanging_chars:
        attrs.append(f'w:hanging="{round(hanging_chars * CHAR_TWIPS)}"')
    if attrs:
        _set_ppr(paragraph, f"<w:ind {' '.join(attrs)}/>")


def _spacing(paragraph, *, before_lines: float = 0, after_lines: float = 0, exact_pt: float | None = LINE_PT):
    pf = paragraph.paragraph_format
    pf.space_before = Pt(before_lines * LINE_PT)
    pf.space_after = Pt(after_lines * LINE_PT)
    if exact_pt is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing = Pt(exact_pt)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def _new_paragraph(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, **spacing):
    p = document.add_paragraph()
    p.alignment = align
    _spacing(p, **spacing)
    return p


# =====================================================================================================
# document-level setup
# =====================================================================================================


def _setup_page(document):
    section = document.sections[0]
    section.page_width = Mm(PAGE_W_MM)
    section.page_height = Mm(PAGE_H_MM)
    section.top_margin = Mm(TOP_MM)
    section.bottom_margin = Mm(BOTTOM_MM)
    section.left_margin = Mm(LEFT_MM)
    section.right_margin = Mm(RIGHT_MM)
    section.header_distance = Mm(15)
    # page number: the em dashes ("一字线") 7 mm below the text block (GB/T 9704 7.5).  The dashes sit
    # about 3 mm above the bottom of the 4号 footer line, hence 35 - 7 - 3 mm.
    section.footer_distance = Mm(BOTTOM_MM - 7 - 3)
    section.gutter = Mm(0)

    # line grid: 22 lines of 28.95 pt.  No character grid: LibreOffice puts a 16 pt glyph that is wider
    # than a grid cell into two cells, so the 28 characters per line come from condensing 3号 runs
    # by CHAR_CONDENSE instead (see _add_run), which both Word and LibreOffice honour.
    grid = _w(f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH_TWIPS}"/>')
    _insert_ordered(section._sectPr, grid, _SECTPR_SEQ)


def _setup_styles(document):
    styles_el = document.styles.element
    rpr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is not None:
        _set_rfonts(rpr_default, FANGSONG)
        for tag, val in (("w:sz", "32"), ("w:szCs", "32")):
            el = rpr_default.find(qn(tag))
            if el is not None:
                el.set(qn("w:val"), val)
        lang = rpr_default.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:pPrDefault") + "/" + qn("w:pPr"))
    if ppr_default is not None:
        spacing = ppr_default.find(qn("w:spacing"))
        if spacing is not None:
            ppr_default.remove(spacing)
        _insert_ordered(
            ppr_default,
            _w(f'<w:spacing w:after="0" w:line="{LINE_PITCH_TWIPS}" w:lineRule="exact"/>'),
            _PPR_SEQ,
        )

    normal = document.styles["Normal"]
    normal.font.size = Pt(SIZE_3HAO)
    _set_rfonts(normal.element.get_or_add_rPr(), FANGSONG)
    pPr = normal.element.get_or_add_pPr()
    # Chinese typesetting: no widow/orphan control (keeps the 22-line grid), no automatic spacing
    # between CJK and Latin text or digits, justified text.
    for xml in (
        '<w:widowControl w:val="0"/>',
        '<w:autoSpaceDE w:val="0"/>',
        '<w:autoSpaceDN w:val="0"/>',
        '<w:jc w:val="both"/>',
    ):
        _insert_ordered(pPr, _w(xml), _PPR_SEQ)

    # theme font language: Simplified Chinese
    settings = document.settings.element
    tfl = settings.find(qn("w:themeFontLang"))
    if tfl is not None:
        tfl.set(qn("w:eastAsia"), "zh-CN")


def _setup_font_table(document):
    """Declare the 公文 fonts with a substitute (w:altName) so Word uses 仿宋 for 仿宋_GB2312 etc."""
    font_part = None
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_part = rel.target_part
            break
    if font_part is None:
        return
    root = parse_xml(font_part.blob)
    for name, (alt, family, panose) in _FONT_TABLE.items():
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/>'
                f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number_paragraph(paragraph, align):
    """Page number "— N —" with a PAGE field, 4号宋体, one character in from the text block edge (GB/T 9704 7.5)."""
    paragraph.style = None
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)
    pPr = paragraph._p.get_or_add_pPr()
    for child in list(pPr):
        pPr.remove(child)
    paragraph.alignment = align
    _spacing(paragraph, exact_pt=None)
    _set_ppr(paragraph, '<w:snapToGrid w:val="0"/>')
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        _set_ppr(paragraph, f'<w:ind w:right="{round(SIZE_4HAO * 20)}"/>')
    else:
        _set_ppr(paragraph, f'<w:ind w:left="{round(SIZE_4HAO * 20)}"/>')

    def run(text=None):
        r = _add_run(paragraph, text or "", SONGTI, SIZE_4HAO)
        return r

    run("— ")
    r = run()
    r._r.append(_w('<w:fldChar w:fldCharType="begin"/>'))
    r = run()
    instr = _w('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    r._r.append(instr)
    r = run()
    r._r.append(_w('<w:fldChar w:fldCharType="separate"/>'))
    run("1")
    r = run()
    r._r.append(_w('<w:fldChar w:fldCharType="end"/>'))
    run(" —")


def _setup_footers(document, *, letter: bool):
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    if letter:
        # 10.1: the first page of a 信函格式 document shows no page number
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)  # even pages


# =====================================================================================================
# the elements
# =====================================================================================================


def _red_rule(paragraph, *, double: bool = False, space_pt: float = 11.3):
    """A red rule the width of the text block as the paragraph's bottom border, ``space_pt`` below.

    11.3 pt ≈ 4 mm (GB/T 9704 7.2.6).  The letter format asks for a double line, thick over thin.
    """
    if double:
        border = (
            f'<w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="{round(space_pt)}" w:color="{RED_HEX}"/>'
        )
    else:
        border = f'<w:bottom w:val="single" w:sz="12" w:space="{round(space_pt)}" w:color="{RED_HEX}"/>'
    _set_ppr(paragraph, f"<w:pBdr>{border}</w:pBdr>")


def _rule_paragraph(document, side: str, before_lines: float = 0):
    """An empty 1 pt paragraph carrying a full-width black rule (版记 separators, GB/T 9704 7.4.1)."""
    p = _new_paragraph(document, exact_pt=1)
    p.paragraph_format.space_before = Pt(before_lines * LINE_PT)
    _set_ppr(p, '<w:snapToGrid w:val="0"/>')
    _set_ppr(p, f'<w:pBdr><w:{side} w:val="single" w:sz="8" w:space="0" w:color="000000"/></w:pBdr>')
    _add_run(p, "", FANGSONG, 1, condense=False)
    return p


def _text_width_chars(text: str) -> float:
    """Width in 3号 characters: CJK and full-width forms count 1, ASCII (digits) ½."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def _heading_split(text: str) -> tuple[str, str]:
    i = text.find("。")
    if 0 <= i < len(text) - 1:
        return text[: i + 1], text[i + 1 :]
    return text, ""


_LEVEL_FONT = {0: FANGSONG, 1: HEITI, 2: KAITI, 3: FANGSONG}


def _body_paragraph(document, block: Block):
    level = block.level if block.level in _LEVEL_FONT else 0
    p = _new_paragraph(document)
    _indent(p, first_chars=2)
    text = block.text.strip()
    if level in (1, 2):
        head, rest = _heading_split(text)
        _add_run(p, head, _LEVEL_FONT[level], SIZE_3HAO)
        if rest:
            _add_run(p, rest, FANGSONG, SIZE_3HAO)
    else:
        _add_run(p, text, _LEVEL_FONT[level], SIZE_3HAO)
    return p


def _core_properties(document, doc: OfficialDocument):
    cp = document.core_properties
    cp.title = doc.title
    cp.author = doc.signature or doc.issuer
    cp.last_modified_by = doc.signature or doc.issuer
    cp.subject = normalize_doc_number(doc.number)
    cp.keywords = ""
    cp.comments = ""
    stamp = datetime.combine(doc.date, time(0, 0), tzinfo=UTC)
    cp.created = stamp
    cp.modified = stamp
    cp.revision = 1


def render_docx(doc: OfficialDocument) -> bytes:
    """Render ``doc`` as a GB/T 9704-2012 DOCX and return the file's bytes."""
    if doc.layout not in ("file", "letter"):
        raise ValueError(f"unknown layout {doc.layout!r}: expected 'file' or 'letter'")
    document = docx.Document()
    _setup_page(document)
    _setup_styles(document)
    _setup_font_table(document)
    letter = doc.layout == "letter"
    _setup_footers(document, letter=letter)
    _core_properties(document, doc)

    # python-docx's template starts with no paragraphs in the body; add_paragraph appends before sectPr
    mark = doc.issuer_mark if doc.issuer_mark is not None else f"{doc.issuer}文件"
    number = normalize_doc_number(doc.number)

    # 发文机关标志 (7.2.3): red 小标宋, centred
    mark_size = min(SIZE_MARK, math.floor(TEXT_W_PT / max(_text_width_chars(mark), 1)))
    p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, exact_pt=None)
    _set_ppr(p, '<w:snapToGrid w:val="0"/>')
    if not letter:
        # 7.2.3: the mark's upper edge 35 mm below the top of the text block (文件格式).  The 信函格式
        # wants it 30 mm from the top of the page, i.e. inside the top margin: we leave it at the top
        # of the text block.
        p.paragraph_format.space_before = Mm(35) - Pt(mark_size * 0.15)
    _add_run(p, mark, XIAOBIAOSONG, mark_size, color=RED)
    if letter:
        # 信函格式 (10.1): red double rule 4 mm below the mark, 发文字号 flush right below it
        _red_rule(p, double=True)
        if number:
            p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT, before_lines=0.5)
            _add_run(p, number, FANGSONG, SIZE_3HAO)
        title_gap = 2
    else:
        # 文件格式: 发文字号 two lines below the mark, centred, red rule 4 mm below it (7.2.4, 7.2.6)
        p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, before_lines=2)
        if number:
            _add_run(p, number, FANGSONG, SIZE_3HAO)
        _red_rule(p)
        title_gap = 2

    # 标题 (7.3.1): 2号小标宋, centred, two lines below the red rule
    p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, before_lines=title_gap)
    _add_run(p, doc.title.strip(), XIAOBIAOSONG, SIZE_2HAO)

    # 主送机关 (7.3.2): one line below the title, flush left, full-width colon
    if doc.addressee:
        addressee = doc.addressee.strip().rstrip(":：") + "："
        p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.LEFT, before_lines=1)
        _add_run(p, addressee, FANGSONG, SIZE_3HAO)
    else:
        # keep the blank line between title and body
        _new_paragraph(document)

    # 正文 (7.3.3)
    for block in doc.body:
        _body_paragraph(document, block)

    # 附件说明 (7.3.4): one line below the body, two characters in
    if doc.attachments:
        names = [a.strip().rstrip("。；;，,.") for a in doc.attachments]
        if len(names) == 1:
            p = _new_paragraph(document, before_lines=1)
            _indent(p, left_chars=2 + 3, hanging_chars=3)  # wraps align with the name
            _add_run(p, f"附件：{names[0]}", FANGSONG, SIZE_3HAO)
        else:
            for i, name in enumerate(names, start=1):
                p = _new_paragraph(document, before_lines=1 if i == 1 else 0)
                # "附件：" is 3 characters; "1. " about 1.5 more
                _indent(p, left_chars=2 + 3 + 1.5, hanging_chars=1.5 if i > 1 else 4.5)
                prefix = "附件：" if i == 1 else ""
                _add_run(p, f"{prefix}{i}. {name}", FANGSONG, SIZE_3HAO)

    # 署名 and 成文日期 (7.3.5.1, sealed documents): date four characters in from the right,
    # signature centred over the date; two blank lines above for the seal.
    date_text = date_cn(doc.date)
    signature = (doc.signature or doc.issuer).strip()
    date_w = _text_width_chars(date_text)
    sig_w = _text_width_chars(signature)
    date_right = 4.0
    sig_right = date_right + (date_w - sig_w) / 2
    if sig_right < 2:  # a long signature: keep it two characters in and move the date along with it
        shift = 2 - sig_right
        sig_right, date_right = 2.0, date_right + shift
    if len(document.paragraphs) > 0:
        # 7.3.5.1 forbids a page holding only the signature and date ("此页无正文")
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT, before_lines=2)
    p.paragraph_format.keep_with_next = True
    _indent(p, right_chars=sig_right)
    _add_run(p, signature, FANGSONG, SIZE_3HAO)
    p = _new_paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT)
    _indent(p, right_chars=date_right)
    _add_run(p, date_text, FANGSONG, SIZE_3HAO)

    # 附注 (7.3.7): two characters in, the line below the date
    if doc.seal_note:
        note = doc.seal_note.strip()
        if not note.startswith(("（", "(")):
            note = f"（{note}）"
        p = _new_paragraph(document)
        _indent(p, first_chars=2)
        _add_run(p, note, FANGSONG, SIZE_3HAO)

    # 抄送 (7.4.2): 4号仿宋, one character in on both sides, wraps aligned after the colon, between
    # two rules the width of the text block (drawn as borders of two hairline paragraphs, so that the
    # rules do not follow the indents of the 抄送 paragraph).  7.4.1: the first and last rules of the
    # 版记 are thick (0.35 mm ≈ 1 pt).
    if doc.cc:
        names = [c.strip().rstrip("。，,；;") for c in doc.cc if c.strip()]
        _rule_paragraph(document, "bottom", before_lines=2)
        p = _new_paragraph(document, exact_pt=LINE_PT)
        cc_char = round(SIZE_4HAO * 20)
        _set_ppr(p, f'<w:ind w:left="{cc_char * 4}" w:right="{cc_char}" w:hanging="{cc_char * 3}"/>')
        _add_run(p, "抄送：" + "，".join(names) + "。", FANGSONG, SIZE_4HAO)
        _rule_paragraph(document, "top")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
