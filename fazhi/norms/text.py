"""The official text of a normative document: DOCX or PDF, decided from the content (never the name), with its
text extracted (python-docx: paragraphs and table cells in order; pypdf: page text). Anything else is refused with
a message in the user's language."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fazhi.core.uploads import check_zip, sniff_upload

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_PDF_PAGES = 500
MAX_DOCX_XML = 50 * 2**20  # uncompressed word/document.xml
MAX_TEXT_CHARS = 1_000_000


@dataclass(frozen=True)
class Extracted:
    kind: str  # docx | pdf
    mime: str
    text: str


def _refuse() -> ValidationError:
    return ValidationError(_("正文只接受DOCX或PDF文件（不接受DOC、WPS、OFD、图片等格式；DOC、WPS请另存为DOCX）。"),
                           code="unsupported_type")


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            return "[Content_Types].xml" in names and "word/document.xml" in names
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        return False


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if z.getinfo("word/document.xml").file_size > MAX_DOCX_XML:
            raise ValidationError(_("DOCX文件内容过大。"), code="too_large")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises many kinds on damaged files
        raise ValidationError(_("无法读取DOCX文件，文件可能已损坏。"), code="damaged") from e
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cells[-1] != cell.text:  # merged cells repeat
                        cells.append(cell.text)
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("PDF文件已加密，请上传未加密的文件。"), code="encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ValidationError(_("PDF文件超过%(n)s页。") % {"n": MAX_PDF_PAGES}, code="too_large")
        return "\n".join((page.extract_text() or "") for page in reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as e:
        raise ValidationError(_("无法读取PDF文件，文件可能已损坏。"), code="damaged") from e


def _clean(text: str) -> str:
    lines = [" ".join(line.split()) if "\t" not in line else line.strip()
             for line in text.replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()[:MAX_TEXT_CHARS]


def extract(filename: str, data: bytes) -> Extracted:
    """Check an uploaded text and extract it; ValidationError (Chinese by default) when it is not a readable DOCX or
    PDF with text in it."""
    max_bytes = int(getattr(settings, "FAZHI_UPLOAD_MAX_BYTES", 20 * 2**20))
    if not data:
        raise ValidationError(_("文件为空"), code="empty")
    if len(data) > max_bytes:
        raise ValidationError(_("文件超过大小限制（最大 %(limit)s MB）") % {"limit": max_bytes // 2**20}, code="too_large")
    name = (filename or "").lower()
    if _is_docx(data):
        if not name.endswith(".docx"):
            raise ValidationError(_("文件内容为DOCX，扩展名应为.docx。"), code="extension_mismatch")
        check_zip(data)  # zip bombs, nesting, paths, encryption: before python-docx opens it
        kind, mime, text = "docx", DOCX_MIME, _docx_text(data)
    else:
        try:
            sniff_upload(data, filename, allowed=("pdf",), max_bytes=max_bytes)
        except ValidationError as e:
            if getattr(e, "code", "") == "extension_mismatch":
                raise
            raise _refuse() from None
        kind, mime, text = "pdf", "application/pdf", _pdf_text(data)
    text = _clean(text)
    if not text:
        raise ValidationError(_("未能从文件中提取到文字（扫描件请先进行文字识别后再上传）。"), code="no_text")
    return Extracted(kind, mime, text)


def minimal_docx(paragraphs: list[str]) -> bytes:
    """A small valid DOCX (one paragraph per item, no styles): the demo's and the bench's texts, built in well under
    a millisecond (python-docx takes about 15 ms to write one)."""
    from xml.sax.saxutils import escape

    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    return buf.getvalue()
