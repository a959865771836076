from __future__ import annotations

import base64
import io
import json
import os
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import Client, override_settings
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.uploads import ALLOWED, SniffResult, check_zip, safe_filename, sniff_upload
from tests import factories as tf
from tests.test_permission_matrix import matrix_penalty, matrix_task  # noqa: F401 - fixtures, by getfixturevalue

MiB = 1024 * 1024

# --- small real files ---------------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


PNG = png_bytes()
# SOI, APP0/JFIF header, EOI: enough for a signature check.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


OFD_XML = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
    b"<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
)
OFD = zip_bytes({"OFD.xml": OFD_XML, "Doc_0/Document.xml": b"<ofd:Document/>"})
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run"
)


def message(exc_info) -> str:
    return exc_info.value.messages[0]


def rejected(data, filename, **kwargs) -> str:
    with pytest.raises(ValidationError) as e:
        sniff_upload(data, filename, **kwargs)
    return message(e)


UNSUPPORTED = "不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD"


# --- accepted types ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,filename,kind,extension",
    [
        (PDF, "决定书.pdf", "pdf", "pdf"),
        (PDF, "SCAN.PDF", "pdf", "pdf"),
        (JPEG, "现场照片.jpg", "jpeg", "jpg"),
        (JPEG, "photo.JPEG", "jpeg", "jpg"),
        (PNG, "截图.png", "png", "png"),
        (OFD, "黑档函〔2018〕15号.ofd", "ofd", "ofd"),
    ],
)
def test_accepted(data, filename, kind, extension):
    result = sniff_upload(data, filename, max_bytes=MiB)
    assert result == SniffResult(kind=kind, mime=ALLOWED[kind], extension=extension)


def test_png_fixture_is_a_real_png():
    assert PNG[12:16] == b"IHDR"
    assert PNG.endswith(b"IEND\xaeB`\x82")


def test_accepts_bytearray_and_memoryview():
    assert sniff_upload(bytearray(PNG), "a.png", max_bytes=MiB).kind == "png"
    assert sniff_upload(memoryview(PDF), "a.pdf", max_bytes=MiB).kind == "pdf"


def test_path_in_filename_is_ignored():
    assert sniff_upload(PDF, "C:\\Users\\张三\\材料.v2.pdf", max_bytes=MiB).kind == "pdf"


# --- rejected content --------------------------------------------------------------------------------


def test_zip_without_ofd_xml_rejected():
    assert rejected(zip_bytes({"readme.txt": b"hello"}), "a.ofd") == UNSUPPORTED


def test_ofd_xml_not_in_root_rejected():
    assert rejected(zip_bytes({"Doc_0/OFD.xml": OFD_XML}), "a.ofd") == UNSUPPORTED


def test_corrupt_zip_rejected():
    assert rejected(b"PK\x03\x04" + b"\x00" * 100, "a.ofd") == UNSUPPORTED


def test_truncated_ofd_rejected():
    assert rejected(OFD[: len(OFD) // 2], "a.ofd") == UNSUPPORTED


def test_exe_rejected():
    assert rejected(EXE, "setup.pdf") == UNSUPPORTED
    assert rejected(EXE, "setup.exe") == UNSUPPORTED


def test_exe_with_appended_ofd_rejected():
    # zipfile alone would open this (it reads from the end); the ZIP signature must be at offset 0.
    polyglot = EXE + OFD
    assert zipfile.is_zipfile(io.BytesIO(polyglot))
    assert rejected(polyglot, "a.ofd") == UNSUPPORTED


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>%PDF-1.4</body></html>",
        b" %PDF-1.4\n",
        b"GIF89a\x01\x00\x01\x00",
        b"\x89PNG\r\n",  # truncated signature
        b"\xff\xd8",
        "文本文件".encode(),
    ],
)
def test_other_content_rejected(data):
    assert rejected(data, "a.pdf") == UNSUPPORTED


def test_allowed_subset():
    assert rejected(PNG, "a.png", allowed=("pdf",)) == "不支持的文件类型：仅接受 PDF"
    assert rejected(OFD, "a.ofd", allowed=("png", "pdf")) == "不支持的文件类型：仅接受 PDF、PNG"
    assert sniff_upload(OFD, "a.ofd", allowed=["ofd"]).kind == "ofd"


def test_unknown_allowed_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        sniff_upload(PDF, "a.pdf", allowed=("pdf", "docx"))
    with pytest.raises(ValueError):
        sniff_upload(PDF, "a.pdf", allowed=())


def test_text_mode_or_non_file_is_a_programming_error():
    with pytest.raises(TypeError):
        sniff_upload("%PDF-1.4", "a.pdf")  # type: ignore[arg-type]


# --- name / content mismatch --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data,filename,expected",
    [
        (PNG, "a.pdf", "文件内容与扩展名不符（内容为 PNG，扩展名为 .pdf）"),
        (PDF, "a.PNG", "文件内容与扩展名不符（内容为 PDF，扩展名为 .png）"),
        (JPEG, "a.png", "文件内容与扩展名不符（内容为 JPEG，扩展名为 .png）"),
        (OFD, "a.zip", "文件内容与扩展名不符（内容为 OFD，扩展名为 .zip）"),
        (PDF, "a.pdf.exe", "文件内容与扩展名不符（内容为 PDF，扩展名为 .exe）"),
        (PDF, "决定书", "文件内容与扩展名不符（内容为 PDF，文件名没有扩展名）"),
        (PDF, ".pdf", "文件内容与扩展名不符（内容为 PDF，文件名没有扩展名）"),
        (PDF, "", "文件内容与扩展名不符（内容为 PDF，文件名没有扩展名）"),
    ],
)
def test_mismatch(data, filename, expected):
    with pytest.raises(ValidationError) as e:
        sniff_upload(data, filename)
    assert message(e) == expected
    assert e.value.code == "extension_mismatch"


def test_unsupported_content_with_allowed_name_reports_type_not_mismatch():
    assert rejected(b"MZ", "a.pdf") == UNSUPPORTED


# --- empty and size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", io.BytesIO(b""), SimpleUploadedFile("a.pdf", b"")])
def test_empty(data):
    assert rejected(data, "a.pdf") == "文件为空"


def test_too_large_bytes():
    assert rejected(PDF + b" " * 1024, "a.pdf", max_bytes=1024) == "文件超过大小限制（最大 1 KB）"
    assert rejected(PDF, "a.pdf", max_bytes=100) == "文件超过大小限制（最大 100 字节）"


def test_exactly_max_bytes_accepted():
    assert sniff_upload(PDF, "a.pdf", max_bytes=len(PDF)).kind == "pdf"
    assert rejected(PDF, "a.pdf", max_bytes=len(PDF) - 1).startswith("文件超过大小限制")


def test_fractional_limit_formatting():
    assert rejected(PDF + b"\0" * (MiB + MiB // 2), "a.pdf", max_bytes=MiB + MiB // 2) == (
        "文件超过大小限制（最大 1.5 MB）"
    )


@override_settings(FAZHI_UPLOAD_MAX_BYTES=20 * MiB)
def test_default_limit_from_settings_with_sparse_file():
    with tempfile.TemporaryFile() as f:
        f.write(PDF)
        f.seek(20 * MiB)
        f.write(b"\n")  # 20 MiB + 1 bytes, sparse on disk
        f.seek(0)
        assert rejected(f, "a.pdf") == "文件超过大小限制（最大 20 MB）"


@override_settings(FAZHI_UPLOAD_MAX_BYTES=2 * MiB)
def test_default_limit_follows_settings():
    assert rejected(PDF + b"\0" * (2 * MiB), "a.pdf") == "文件超过大小限制（最大 2 MB）"
    assert sniff_upload(PDF + b"\0" * (2 * MiB - len(PDF)), "a.pdf").kind == "pdf"


# --- file-like objects and memory -----------------------------------------------------------------------


class CountingStream(io.RawIOBase):
    """A non-seekable stream of ``size`` bytes starting with ``head``; counts what is read."""

    def __init__(self, head: bytes, size: int):
        self.head, self.size, self.pos, self.bytes_read = head, size, 0, 0

    def readable(self):
        return True

    def seekable(self):
        return False

    def readinto(self, buffer):
        n = min(len(buffer), self.size - self.pos)
        data = (self.head[self.pos : self.pos + n] + b"\0" * n)[:n]
        buffer[:n] = data
        self.pos += n
        self.bytes_read += n
        return n


class CountingBytesIO(io.BytesIO):
    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        out = super().read(size)
        self.bytes_read += len(out)
        return out


def test_non_seekable_stream_reads_at_most_max_bytes_plus_one():
    stream = CountingStream(PDF, 10 * MiB)
    assert rejected(stream, "a.pdf", max_bytes=MiB) == "文件超过大小限制（最大 1 MB）"
    assert stream.bytes_read == MiB + 1


def test_non_seekable_stream_accepted():
    stream = CountingStream(PDF, 5000)
    assert sniff_upload(stream, "a.pdf", max_bytes=MiB).kind == "pdf"
    assert stream.bytes_read == 5000


def test_seekable_file_is_not_read_whole():
    f = CountingBytesIO(PDF + b"\0" * MiB)
    assert sniff_upload(f, "a.pdf", max_bytes=2 * MiB).kind == "pdf"
    assert f.bytes_read <= 8
    assert f.tell() == 0


def test_oversize_seekable_file_not_read_at_all():
    f = CountingBytesIO(PDF + b"\0" * (2 * MiB))
    rejected(f, "a.pdf", max_bytes=MiB)
    assert f.bytes_read == 0
    assert f.tell() == 0


def test_ofd_zip_bomb_is_refused_without_being_unpacked():
    bomb = zip_bytes({"OFD.xml": OFD_XML, "Doc_0/Res/huge.bin": b"\0" * (64 * MiB)})
    assert len(bomb) < MiB
    f = CountingBytesIO(bomb)
    with pytest.raises(ValidationError) as e:
        sniff_upload(f, "bomb.ofd", max_bytes=MiB)
    assert e.value.code == "zip_ratio" and "压缩炸弹" in message(e)
    assert f.bytes_read < len(bomb)  # the header, the central directory and a few bytes of the small members
    assert f.tell() == 0


def test_django_in_memory_upload():
    # The client-declared content type is ignored.
    upload = SimpleUploadedFile("截图.png", PNG, content_type="application/pdf")
    result = sniff_upload(upload, upload.name)
    assert result.kind == "png"
    assert upload.read() == PNG  # left at position 0, usable for saving


def test_django_temporary_upload():
    upload = TemporaryUploadedFile("x.ofd", "application/octet-stream", len(OFD), None)
    try:
        upload.write(OFD)
        upload.seek(0)
        assert sniff_upload(upload, upload.name).kind == "ofd"
        assert upload.read(4) == b"PK\x03\x04"
    finally:
        upload.close()


def test_position_reset_after_rejection():
    f = io.BytesIO(PNG)
    f.seek(5)
    rejected(f, "a.pdf")
    assert f.tell() == 0


# --- safe_filename -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("决定书.pdf", "决定书.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\Desktop\\材料.pdf", "材料.pdf"),
        ("a\x00b\x1fc\x7f.pdf", "abc.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # RIGHT-TO-LEFT OVERRIDE removed
        ("a\u200bb.png", "ab.png"),
        ('a<b>c:d"e|f?g*.pdf', "a_b_c_d_e_f_g_.pdf"),
        ("  报告\t\n 2018 .pdf  ", "报告 2018.pdf"),
        ("报告\u3000全文.pdf", "报告 全文.pdf"),
        (".htaccess", "htaccess"),
        ("name.", "name"),
        ("..", "file"),
        ("", "file"),
        (None, "file"),
        ("\x00\x01", "file"),
        ("CON.pdf", "_CON.pdf"),
        ("nul", "_nul"),
        ("com1.tar.gz", "_com1.tar.gz"),
        ("LPT\u00b9.txt", "_LPT\u00b9.txt"),
        ("CONIN$", "_CONIN$"),
        ("CONSOLE.pdf", "CONSOLE.pdf"),
        ("..\\..\\CON.\u202egpj.pdf", "_CON.gpj.pdf"),
        ("黑档函〔2018〕15号.ofd", "黑档函〔2018〕15号.ofd"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_truncates_keeping_extension():
    out = safe_filename("法" * 300 + ".pdf")
    assert len(out) == 120
    assert out == "法" * 116 + ".pdf"


def test_safe_filename_long_non_extension_suffix():
    out = safe_filename("a." + "b" * 200)
    assert len(out) == 120
    assert out.startswith("a.bbb")


def test_safe_filename_nfc():
    assert safe_filename("e\u0301.pdf") == "\u00e9.pdf"


@given(
    st.binary(max_size=256),
    st.sampled_from([b"", b"PK\x03\x04", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]),
)
def test_arbitrary_bytes_never_crash(tail, head):
    data = head + tail
    try:
        result = sniff_upload(data, "x.pdf", max_bytes=1024)
    except ValidationError:
        return
    assert result.kind == "pdf"
    assert data.startswith(b"%PDF-")


# --- check_zip: the one archive check before openpyxl, python-docx or an OFD reader opens a file -----------------


def big_zip(container: dict[str, bytes], member: str, size: int = 200 * MiB) -> bytes:
    """A ZIP with the given small members and one member of ``size`` zero bytes, written in 1 MiB chunks (the
    test never holds the unpacked data): 200 MiB of zeros compress to about 200 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in container.items():
            archive.writestr(name, data)
        with archive.open(member, "w") as out:
            chunk = bytes(MiB)
            for _ in range(size // MiB):
                out.write(chunk)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """Zip bombs disguised as an XLSX workbook, a DOCX document and an OFD package (built once, ~0.6 s each)."""
    return {
        "xlsx": big_zip({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"},
                        "xl/worksheets/sheet1.xml"),
        "docx": big_zip({"[Content_Types].xml": CONTENT_TYPES}, "word/document.xml"),
        "ofd": big_zip({"OFD.xml": OFD_XML}, "Doc_0/Res/image.bin"),
    }


def xlsx_real() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["统一社会信用代码", "单位名称"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def docx_real() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("黑龙江省档案局关于加强档案管理的通知")
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def zip_refused(data, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as e:
        check_zip(data, **kwargs)
    return e.value


def test_check_zip_accepts_real_office_and_ofd_files():
    for data, entry in ((xlsx_real(), "xl/workbook.xml"), (docx_real(), "word/document.xml"), (OFD, "OFD.xml")):
        infos = check_zip(data)
        assert entry in {i.filename for i in infos}


@pytest.mark.parametrize("kind", ["xlsx", "docx", "ofd"])
def test_zip_bombs_are_refused_from_the_central_directory(bombs, kind):
    data = bombs[kind]
    assert len(data) < MiB  # 200 MiB unpacked
    f = CountingBytesIO(data)
    started = time.monotonic()
    error = zip_refused(f)
    assert time.monotonic() - started < 1
    assert error.code == "zip_ratio"
    text = error.messages[0]
    assert "压缩比异常" in text and "疑似“压缩炸弹”，已拒绝" in text and ":1" in text
    assert f.bytes_read < len(data)  # nothing was unpacked: the central directory and the small members' heads
    assert f.tell() == 0


def test_a_big_ratio_is_allowed_below_the_size_where_it_matters():
    # 512 KiB of zeros compresses ~500:1, but a small member cannot amount to a bomb.
    assert check_zip(zip_bytes({"OFD.xml": OFD_XML, "Doc_0/a.xml": bytes(512 * 1024)}))


def test_many_small_members_adding_up_are_refused_by_the_whole_ratio():
    data = zip_bytes({f"Doc_0/p{i}.xml": bytes(900 * 1024) for i in range(4)})
    error = zip_refused(data)
    assert error.code == "zip_ratio" and error.messages[0].startswith("文件压缩比异常")


def test_total_unpacked_size_limit():
    members = {f"xl/worksheets/sheet{i}.xml": os.urandom(300 * 1024) for i in range(4)}  # incompressible
    data = zip_bytes(members)
    assert check_zip(data, max_uncompressed_bytes=2 * MiB)
    error = zip_refused(data, max_uncompressed_bytes=MiB)
    assert error.code == "zip_too_large"
    assert error.messages[0] == "文件解压后过大（1.2 MB，最多 1 MB），疑似“压缩炸弹”，已拒绝。"


def test_member_count_limit_and_its_setting():
    data = zip_bytes({f"m{i}.xml": b"<x/>" for i in range(6)})
    assert zip_refused(data, max_members=5).messages[0] == "压缩包内的条目过多（6 个，最多 5 个），已拒绝。"
    assert check_zip(data, max_members=6)
    with override_settings(FAZHI_ZIP_MAX_MEMBERS=3):
        assert zip_refused(data).code == "zip_members"


@override_settings(FAZHI_ZIP_MAX_RATIO=2)
def test_ratio_limit_follows_the_setting():
    assert zip_refused(zip_bytes({"a.xml": b"<x>" + b"a" * (2 * MiB) + b"</x>"})).code == "zip_ratio"


@pytest.mark.parametrize("name", ["../evil.xml", "xl/../../evil.xml", "/etc/passwd", "C:/Windows/evil.dll",
                                  "c:evil", "xl\\..\\evil.xml"])
def test_unsafe_member_paths_are_refused(name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(zipfile.ZipInfo(name), b"x")
    error = zip_refused(buffer.getvalue())
    assert error.code == "zip_path" and "不安全" in error.messages[0]


def test_encrypted_members_are_refused():
    data = bytearray(zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"\x00" * 32}))
    # zipfile cannot encrypt: set the "encrypted" bit (general purpose flag bit 0, APPNOTE 4.4.4) of the second
    # member in its local header (flags at +6) and its central directory entry (flags at +8).
    local = data.index(b"PK\x03\x04", 4)
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[local + 6] |= 0x1
    data[central + 8] |= 0x1
    error = zip_refused(bytes(data))
    assert error.code == "zip_encrypted"
    assert error.messages[0] == "文件已加密（“word/document.xml”），请上传未加密的文件。"


@pytest.mark.parametrize("name,data", [
    ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", b"anything"),
    ("xl/media/archive.zip", b"anything"),
    ("Doc_0/Res/data.bin", zip_bytes({"a.txt": b"a"})),  # a ZIP whatever its name
    ("Doc_0/Res/data.bin", b"\x1f\x8b\x08\x00" + b"\x00" * 16),  # gzip
    ("Doc_0/Res/data.bin", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 16),
    ("Doc_0/Res/data.bin", b"7z\xbc\xaf\x27\x1c" + b"\x00" * 16),
])
def test_nested_archives_are_refused(name, data):
    error = zip_refused(zip_bytes({"OFD.xml": OFD_XML, name: data}))
    assert error.code == "zip_nested" and "嵌套" in error.messages[0]


def test_only_stored_and_deflated_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("OFD.xml", OFD_XML)
    assert zip_refused(buffer.getvalue()).code == "zip_damaged"


@pytest.mark.parametrize("data", [EXE, EXE + OFD, b"PK\x03\x04" + b"\x00" * 64, OFD[: len(OFD) // 2], PDF])
def test_not_a_zip_or_a_polyglot_is_refused(data):
    error = zip_refused(data)
    assert error.code == "zip_damaged" and error.messages[0] == "文件已损坏或不是有效的压缩包格式，无法读取。"


def test_check_zip_leaves_a_file_at_the_start_and_wants_bytes_or_a_seekable_file():
    f = io.BytesIO(OFD)
    f.seek(10)
    check_zip(f)
    assert f.tell() == 0
    with pytest.raises(TypeError):
        check_zip(CountingStream(OFD, len(OFD)))


# --- through the front door: every page and endpoint that takes a file -----------------------------------------
#
# Each door uploads one file (name, bytes) the way a browser or an API client does, and says how many files are
# stored. Refused uploads leave the count unchanged and answer with the Chinese reason; accepted uploads are stored
# under a name the server makes (never the client's), with a display name from safe_filename.

HOSTILE_NAME = "..\\..\\CON.\u202egpj.pdf"  # a path, a Windows device name, a right-to-left override
HOSTILE_SAFE = "_CON.gpj.pdf"


@dataclass
class Door:
    send: Callable[[str, bytes], object]  # → the response
    stored: Callable[[], list[tuple[str, str]]]  # (storage name, display name) of the stored files
    extension: str  # an extension the door accepts
    good: bytes  # a file it accepts
    zip_kind: str  # the ZIP container it accepts (for the bomb): every door takes one (OFD, DOCX or XLSX)


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if response.status_code == 302:
        return ""
    return response.content.decode()


def _messages(response) -> str:
    from django.contrib.messages import get_messages

    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _logged(world, name: str) -> Client:
    c = Client()
    c.force_login(world.users[name], backend="django.contrib.auth.backends.ModelBackend")
    return c


def _upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def door_licensing_page(world, request) -> Door:
    from fazhi.licensing.models import SubmittedMaterial

    c = _logged(world, "citizen")
    materials = [m.code for m in world.item.materials.all() if m.required]

    def send(name, data):
        form = dict(tf.valid_fields(world.item))
        for code in materials:
            form[f"material_{code}"] = _upload(name, data) if code == materials[0] else _upload(f"{code}.pdf", PDF)
        return c.post(f"/guides/{world.item.code}/apply/", form)

    def stored():
        return [(r.file.name, r.original_name) for r in SubmittedMaterial.objects.filter(material__code=materials[0])]

    return Door(send, stored, ".pdf", PDF, "ofd")


def door_licensing_api(world, request) -> Door:
    from fazhi.licensing.models import SubmittedMaterial

    c = _logged(world, "company")
    materials = [m.code for m in world.item.materials.all() if m.required]

    def send(name, data):
        return c.post("/api/v1/licensing/applications", {
            "item": world.item.code, "fields": tf.valid_fields(world.item),
            "materials": [{"material": code, "filename": name if code == materials[0] else f"{code}.pdf",
                           "content_base64": base64.b64encode(data if code == materials[0] else PDF).decode()}
                          for code in materials]}, content_type="application/json")

    def stored():
        return [(r.file.name, r.original_name) for r in SubmittedMaterial.objects.filter(material__code=materials[0])]

    return Door(send, stored, ".pdf", PDF, "ofd")


def door_inspection_page(world, request) -> Door:
    from fazhi.inspection.models import InspectionAttachment

    task = request.getfixturevalue("matrix_task")
    c = _logged(world, "head")

    def send(name, data):
        inspection = task.inspections.filter(outcome="").order_by("pk").first()
        return c.post(f"/inspection/inspections/{inspection.pk}/", {
            "inspected_on": "2026-11-02", "officers_present": inspection.team, "result_m-1": "pass",
            "outcome": "conclude_ok", "attachments": [_upload(name, data)]})

    def stored():
        return [(a.file.name, a.original_name) for a in InspectionAttachment.objects.all()]

    return Door(send, stored, ".png", png_bytes(), "ofd")


def door_enforcement_api(world, request) -> Door:
    from fazhi.enforcement.models import Evidence

    penalty_case = request.getfixturevalue("matrix_penalty")[0]
    c = _logged(world, "officer1")

    def send(name, data):
        return c.post(f"/api/v1/enforcement/cases/{penalty_case.pk}/evidence", {
            "kind": "photo", "title": "现场照片", "recorded_on": "2026-11-02", "file": _upload(name, data)})

    def stored():
        return [(e.file.name, e.original_name) for e in Evidence.objects.exclude(file="")]

    return Door(send, stored, ".jpg", JPEG, "ofd")


def door_advisers_api(world, request) -> Door:
    import datetime as dt

    from fazhi.advisers import services as advisers
    from fazhi.advisers.models import Attachment

    adviser = advisers.adviser_save(actor=world.users["legal"], name="韩立新", firm="黑龙江衡正律师事务所",
                                    licence_number="12301199610234567",
                                    term_from=dt.date(2026, 1, 1), term_to=dt.date(2027, 12, 31))
    consultation = advisers.consultation_create(actor=world.users["handler"], adviser_id=adviser.pk,
                                                subject="合同审查", kind="contract", question="请审查。")
    c = _logged(world, "handler")

    def send(name, data):
        return c.post(f"/api/v1/advisers/consultations/{consultation.pk}/attachments",
                      {"role": "question", "file": _upload(name, data)})

    def stored():
        return [(a.file.name, a.original_name) for a in Attachment.objects.all()]

    return Door(send, stored, ".pdf", PDF, "ofd")


def door_assessment_page(world, request) -> Door:
    from fazhi.assessment.models import Score
    from tests.assessment.conftest import build_scheme

    tf.agency("binxian", parent=world.city, short_name="宾档", name="宾县档案局")
    built = build_scheme(world)
    unit = built.units.community
    indicator = built.indicators[0]
    c = _logged(world, "head")

    def send(name, data):
        return c.post(f"/assessment/{built.scheme.pk}/units/{unit.pk}/", {
            "action": "scores", f"score_{indicator.pk}": "90", f"evidence_{indicator.pk}": "台账不全",
            f"file_{indicator.pk}": _upload(name, data)})

    def stored():
        return [(s.evidence_file.name, s.evidence_name) for s in Score.objects.exclude(evidence_file="")]

    return Door(send, stored, ".pdf", PDF, "ofd")


def door_norms_text_page(world, request) -> Door:
    from fazhi.norms.models import NormText
    from tests.norms.conftest import draft

    doc = draft(world)
    c = _logged(world, "handler")

    def send(name, data):
        return c.post(f"/norms/staff/{doc.pk}/text/", {"file": _upload(name, data)})

    def stored():
        return [(t.file.name, t.original_name) for t in NormText.objects.filter(document=doc).order_by("seq")[1:]]

    return Door(send, stored, ".docx", docx_real(), "docx")


def door_norms_text_api(world, request) -> Door:
    from fazhi.norms.models import NormText
    from tests.norms.conftest import draft

    doc = draft(world)
    c = _logged(world, "handler")

    def send(name, data):
        return c.post(f"/api/v1/norms/documents/{doc.pk}/text", {"file": _upload(name, data)})

    def stored():
        return [(t.file.name, t.original_name) for t in NormText.objects.filter(document=doc).order_by("seq")[1:]]

    return Door(send, stored, ".docx", docx_real(), "docx")


def door_norms_receipt_api(world, request) -> Door:
    from fazhi.norms.models import NormFile
    from tests.norms.conftest import draft, to_valid

    doc = to_valid(world, draft(world), request.getfixturevalue("today"))
    c = _logged(world, "legal")

    def send(name, data):
        return c.post(f"/api/v1/norms/documents/{doc.pk}/receipt", {"file": _upload(name, data)})

    def stored():
        return [(r.file.name, r.original_name) for r in NormFile.objects.all()]

    return Door(send, stored, ".pdf", PDF, "ofd")


def door_directory_page(world, request) -> Door:
    from fazhi.inspection.models import ImportBatch

    c = _logged(world, "head")

    def send(name, data):
        return c.post("/inspection/entities/import/", {"file": _upload(name, data)})

    def stored():
        return [("", b.filename) for b in ImportBatch.objects.all()]

    from openpyxl import Workbook

    from fazhi.core.demo.load import make_uscc

    wb = Workbook()
    wb.active.append(["统一社会信用代码", "单位名称", "单位类别", "行政区划代码"])
    wb.active.append([make_uscc("91", "230100", "MA000001"), "某文化有限公司", "企业", "230103"])
    good = io.BytesIO()
    wb.save(good)
    return Door(send, stored, ".xlsx", good.getvalue(), "xlsx")


DOORS = {
    "licensing_page": door_licensing_page, "licensing_api": door_licensing_api,
    "inspection_page": door_inspection_page, "enforcement_api": door_enforcement_api,
    "advisers_api": door_advisers_api, "assessment_page": door_assessment_page,
    "norms_text_page": door_norms_text_page, "norms_text_api": door_norms_text_api,
    "norms_receipt_api": door_norms_receipt_api, "directory_page": door_directory_page,
}


@pytest.fixture(params=sorted(DOORS))
def door(request, world, today):
    return DOORS[request.param](world, request)


def _refused(door: Door, response, *needles: str) -> None:
    shown = _text(response) + _messages(response)
    assert response.status_code in (200, 302, 400), response.status_code
    assert any(n in shown for n in needles), shown[:2000]
    assert door.stored() == []


@pytest.mark.django_db
def test_front_door_accepts_a_good_file_under_a_name_of_its_own(door):
    response = door.send(HOSTILE_NAME.replace(".pdf", door.extension), door.good)
    assert response.status_code in (200, 201, 302), _text(response)[:2000]
    [(storage_name, display_name)] = door.stored()
    assert display_name == HOSTILE_SAFE.replace(".pdf", door.extension)
    assert "CON" not in storage_name and "gpj" not in storage_name and ".." not in storage_name
    assert not storage_name.startswith("/") and "\\" not in storage_name


@pytest.mark.django_db
def test_front_door_refuses_a_renamed_exe(door):
    _refused(door, door.send(f"材料{door.extension}", EXE), "不支持的文件类型", "不是有效的", "只接受")


@pytest.mark.django_db
def test_front_door_refuses_a_zip_bomb_in_disguise(door, bombs):
    _refused(door, door.send(f"材料.{door.zip_kind}", bombs[door.zip_kind]), "疑似“压缩炸弹”，已拒绝")


@pytest.mark.django_db
def test_front_door_refuses_a_file_over_the_size_limit(door, settings, monkeypatch):
    settings.FAZHI_UPLOAD_MAX_BYTES = len(door.good) - 1
    monkeypatch.setattr("fazhi.enforcement.services.MAX_EVIDENCE_BYTES", len(door.good) - 1)
    _refused(door, door.send(f"材料{door.extension}", door.good), "超过大小限制", "过大", "超过")


@pytest.mark.django_db
def test_the_directory_import_names_the_bomb_in_chinese_and_saves_nothing(world, bombs):
    from fazhi.inspection.models import Entity, ImportBatch

    response = _logged(world, "head").post("/inspection/entities/import/",
                                           {"file": _upload("检查对象名录.xlsx", bombs["xlsx"])})
    assert response.status_code == 400
    assert "文件中的“xl/worksheets/sheet1.xml”压缩比异常" in response.content.decode()
    assert not ImportBatch.objects.exists() and not Entity.objects.exists()


@pytest.mark.django_db
def test_the_calendar_upload_refuses_binary_and_oversized_files(world):
    from fazhi.workdays.models import CalendarYear

    c = _logged(world, "sysadmin")
    before = CalendarYear.objects.count()
    r = c.post("/calendar/", {"year": "2031", "file": _upload("2031.csv", EXE)})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = c.post("/calendar/", {"year": "2031", "file": _upload("2031.csv", b"date,kind,name\n" + b"x" * (1024 * 1024))})
    assert "文件过大" in r.content.decode()
    assert CalendarYear.objects.count() == before
