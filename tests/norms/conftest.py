"""Helpers of the normative-document tests: DOCX and PDF texts built in the test, and a document taken through
the steps."""

from __future__ import annotations

import io

import docx
import pytest

from fazhi.norms import services
from fazhi.process.services import case_fire

TEXT = [
    "黑龙江省档案局关于加强档案数字化外包服务安全管理的通知",
    "各市（地）档案局，省直各单位：",
    "为加强档案数字化外包服务安全管理，根据《中华人民共和国档案法》第二十四条的规定，现就有关事项通知如下。",
    "一、委托档案数字化服务的，应当与符合条件的档案服务企业签订委托协议，并对受托方进行监督。",
    "二、数字化加工场所应当设在档案馆内，严禁将档案原件带出档案馆。",
]
CITES = [{"law": "archives-law", "articles": "第二十四条、第四十八条"}]


def docx_bytes(paragraphs=TEXT) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def pdf_bytes_with_text(text: str = "Archives 2026") -> bytes:
    """A one-page PDF with an ASCII text line (pypdf extracts it)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def draft(world, *, title="黑龙江省档案局关于加强档案数字化外包服务安全管理的通知", citations=CITES, paragraphs=TEXT,
          explanation="为落实档案法第二十四条，规范数字化外包服务。"):
    return services.norm_create(actor=world.users["handler"], title=title, drafting_division="政策法规处",
                                explanation=explanation, citations=citations,
                                upload=("通知.docx", docx_bytes(paragraphs)))


def fire(doc, name, actor, comment="", **data):
    return case_fire(case_id=doc.pk, transition=name, actor=actor, comment=comment, data=data)


def to_valid(world, doc, today):
    u = world.users
    fire(doc, "submit_review", u["handler"])
    fire(doc, "review_pass", u["legal"], "符合法律法规规定，同意。")
    fire(doc, "sign", u["director"], meeting="2026年第12次局长办公会议", meeting_date=today.isoformat())
    fire(doc, "publish", u["handler"], published_on=today.isoformat(), effective_on=today.isoformat(),
         channel="本机关门户网站")
    fire(doc, "file", u["legal"], bodies="黑龙江省人民政府办公厅")
    fire(doc, "record_receipt", u["legal"], receipt_number="黑政备〔2026〕12号", receipt_on=today.isoformat())
    doc.refresh_from_db()
    return doc


@pytest.fixture
def published(world, today):
    return to_valid(world, draft(world), today)
