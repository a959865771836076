from __future__ import annotations

import io
import struct
import tempfile
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.uploads import ALLOWED, SniffResult, safe_filename, sniff_upload

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


def test_zip_bomb_is_not_decompressed():
    bomb = zip_bytes({"OFD.xml": OFD_XML, "Doc_0/Res/huge.bin": b"\0" * (64 * MiB)})
    assert len(bomb) < MiB
    f = CountingBytesIO(bomb)
    assert sniff_upload(f, "bomb.ofd", max_bytes=MiB).kind == "ofd"
    assert f.bytes_read < len(bomb)  # only the header and the central directory


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
