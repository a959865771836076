"""Upload checks: the type of an uploaded file is decided from its content, never from its name.

Accepted types: PDF, JPEG, PNG and OFD (GB/T 33190-2016, the Chinese fixed-layout format for electronic
official documents: a ZIP container whose root holds the entry file ``OFD.xml``, §7.1/§7.2).  The
``filetype`` package is not used: its PNG matcher looks at 4 bytes only, it reports PNGs with an acTL
chunk as "apng", and it does not know OFD; the four signatures below are exact and short.

A seekable file (bytes, ``io.BytesIO``, a Django ``UploadedFile`` — in memory or a temporary file) is
never read into memory: its size comes from seek/tell, its first 8 bytes are read, and an OFD's ZIP
central directory is read by ``zipfile`` and passed through ``check_zip`` (at most the first 8 bytes of a
member are unpacked, so a zip bomb costs nothing).  A non-seekable stream is read at most ``max_bytes + 1``
bytes.  A seekable file is left at position 0.

``check_zip`` is the one archive check every ZIP-based upload passes before anything opens it (XLSX for the
directory import, DOCX for normative-document texts, OFD everywhere): member count, total uncompressed size,
compression ratio, nested archives, member paths, encryption and compression method, all decided from the
central directory and the first bytes of each member, so a zip bomb is refused without being unpacked.  The
limits are settings (``FAZHI_ZIP_*``, docs/security.md "Uploads").
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = ["ALLOWED", "SniffResult", "check_zip", "safe_filename", "sniff_upload"]

ALLOWED = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png", "ofd": "application/ofd",
           # audio and video (the full-process record of enforcement, 行政处罚法第四十七条): only where asked for
           "mp4": "video/mp4", "mp3": "audio/mpeg", "wav": "audio/wav"}

# Display name, canonical extension and the extensions a file of that content may carry.
_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG", "ofd": "OFD", "mp4": "MP4", "mp3": "MP3", "wav": "WAV"}
_CANONICAL_EXTENSION = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "ofd": "ofd", "mp4": "mp4", "mp3": "mp3",
                        "wav": "wav"}
_EXTENSIONS = {
    "pdf": frozenset({".pdf"}),
    "jpeg": frozenset({".jpg", ".jpeg", ".jpe", ".jfif"}),
    "png": frozenset({".png"}),
    "ofd": frozenset({".ofd"}),
    "mp4": frozenset({".mp4", ".m4v", ".mov"}),
    "mp3": frozenset({".mp3"}),
    "wav": frozenset({".wav"}),
}

_PDF_MAGIC = b"%PDF-"  # ISO 32000-1 §7.5.2 file header
_JPEG_MAGIC = b"\xff\xd8\xff"  # SOI marker followed by the next marker's 0xFF
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"  # PNG (ISO/IEC 15948) §5.2 signature
_ZIP_MAGIC = b"PK\x03\x04"  # local file header; required at offset 0 (rejects EXE+ZIP polyglots)
_OFD_ENTRY = "OFD.xml"  # GB/T 33190-2016 §7.2: the package's entry file, in the container root

_DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class SniffResult:
    kind: str  # "pdf" | "jpeg" | "png" | "ofd"
    mime: str  # from ALLOWED
    extension: str  # canonical extension, without the dot: "pdf", "jpg", "png", "ofd"


def _format_size(n: int) -> str:
    mib, kib = 1024 * 1024, 1024

    def fmt(value: float) -> str:
        return f"{value:.1f}".rstrip("0").rstrip(".")

    if n >= mib:
        return f"{fmt(n / mib)} MB"
    if n >= kib:
        return f"{fmt(n / kib)} KB"
    return _("%(n)s 字节") % {"n": n}


def _is_seekable(f: object) -> bool:
    probe = getattr(f, "seekable", None)
    if callable(probe):
        try:
            return bool(probe())
        except (OSError, ValueError):
            return False
    return callable(getattr(f, "seek", None)) and callable(getattr(f, "tell", None))


def _open(data: object, max_bytes: int) -> tuple[BinaryIO, int, bool]:
    """(stream positioned anywhere, size — capped at max_bytes + 1 for streams, caller's file?)"""
    if isinstance(data, bytes | bytearray | memoryview):
        size = len(data)
        if size > max_bytes:
            return io.BytesIO(), size, False
        return io.BytesIO(bytes(data)), size, False
    if not callable(getattr(data, "read", None)):
        raise TypeError("sniff_upload() needs bytes or a binary file-like object")
    if _is_seekable(data):
        data.seek(0, io.SEEK_END)
        size = data.tell()
        data.seek(0)
        return data, size, True
    # Non-seekable stream: buffer at most max_bytes + 1 bytes, enough to tell "too large".
    buffer = io.BytesIO()
    remaining = max_bytes + 1
    while remaining > 0:
        chunk = data.read(min(_CHUNK, remaining))
        if not chunk:
            break
        buffer.write(chunk)
        remaining -= len(chunk)
    return buffer, buffer.tell(), False


def _is_ofd(stream: BinaryIO) -> bool:
    """A ZIP whose root holds OFD.xml.  Only the central directory is read; nothing is extracted."""
    try:
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            return _OFD_ENTRY in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error):
        return False


def _detect(stream: BinaryIO) -> str | None:
    stream.seek(0)
    head = stream.read(8)
    if head.startswith(_PDF_MAGIC):
        return "pdf"
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if head == _PNG_MAGIC:
        return "png"
    if head.startswith(_ZIP_MAGIC) and _is_ofd(stream):
        return "ofd"
    if head[4:8] == b"ftyp":  # ISO/IEC 14496-12 §4.3: the file type box comes first
        return "mp4"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"  # ID3v2 tag, or an MPEG audio frame sync
    stream.seek(0)
    riff = stream.read(12)
    if riff[:4] == b"RIFF" and riff[8:12] == b"WAVE":
        return "wav"
    return None


def _extension(filename: str) -> str:
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    stem, dot, ext = base.rpartition(".")
    return f".{ext.lower()}" if dot and stem.strip(".") and ext else ""


def sniff_upload(
    data: bytes | bytearray | memoryview | BinaryIO,
    filename: str,
    *,
    allowed: tuple[str, ...] | list[str] | frozenset[str] = ("pdf", "jpeg", "png", "ofd"),
    max_bytes: int | None = None,
) -> SniffResult:
    """Decide an upload's type from its content; raise ValidationError (message in the active language) when it is
    empty, larger than ``max_bytes`` (default ``settings.FAZHI_UPLOAD_MAX_BYTES``), of a type not in
    ``allowed``, or named with an extension that does not match its content."""
    unknown = [kind for kind in allowed if kind not in ALLOWED]
    if unknown or not allowed:
        raise ValueError(f"unknown upload kinds: {unknown!r}")
    if max_bytes is None:
        max_bytes = int(getattr(settings, "FAZHI_UPLOAD_MAX_BYTES", _DEFAULT_MAX_BYTES))

    stream, size, callers_file = _open(data, max_bytes)
    try:
        if size == 0:
            raise ValidationError(_("文件为空"), code="empty")
        if size > max_bytes:
            raise ValidationError(
                _("文件超过大小限制（最大 %(limit)s）"),
                code="too_large",
                params={"limit": _format_size(max_bytes)},
            )
        kind = _detect(stream)
        if kind is None or kind not in allowed:
            accepted = _("、").join(_LABELS[k] for k in ALLOWED if k in allowed)
            raise ValidationError(
                _("不支持的文件类型：仅接受 %(accepted)s"),
                code="unsupported_type",
                params={"accepted": accepted},
            )
        extension = _extension(filename)
        if extension not in _EXTENSIONS[kind]:
            if extension:
                message = _("文件内容与扩展名不符（内容为 %(label)s，扩展名为 %(extension)s）")
            else:
                message = _("文件内容与扩展名不符（内容为 %(label)s，文件名没有扩展名）")
            raise ValidationError(
                message, code="extension_mismatch", params={"label": _LABELS[kind], "extension": extension}
            )
        if kind == "ofd":
            check_zip(stream)  # an OFD is a ZIP container (GB/T 33190-2016 §7.1): no bombs, no nesting
        return SniffResult(kind=kind, mime=ALLOWED[kind], extension=_CANONICAL_EXTENSION[kind])
    finally:
        if callers_file:
            stream.seek(0)


# ---- ZIP containers (XLSX, DOCX, OFD) ---------------------------------------------------------------------
# Defaults of the settings FAZHI_ZIP_MAX_MEMBERS, FAZHI_ZIP_MAX_UNCOMPRESSED_BYTES and FAZHI_ZIP_MAX_RATIO.
# Office files and OFD packages compress text 5–20:1; 100:1 on a member of 1 MiB or more only happens with
# padding made to be unpacked (a run of zeros compresses about 1000:1).  GB/T 22239-2019 (等保2.0) §8.1.4.4
# 入侵防范 c): check the content and format of data entered through interfaces.
ZIP_MAX_MEMBERS = 10_000
ZIP_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_BYTES = 1024 * 1024  # the ratio is judged on members (and totals) at least this large unpacked

# Archives inside the archive are refused, by name and by their first bytes.
_NESTED_EXTENSIONS = frozenset({
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar", ".cab", ".jar", ".arj", ".lzh", ".z",
    ".xlsx", ".xlsm", ".docx", ".docm", ".pptx", ".pptm", ".ofd",
})
_NESTED_MAGIC = (
    b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08",  # ZIP (and everything built on it)
    b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"MSCF",
)
_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Office and OFD writers use
_ENCRYPTED_FLAG = 0x1  # PKWARE APPNOTE 4.4.4 general purpose bit 0


def _zip_setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _member_label(name: str) -> str:
    """A member name fit for an error message: printable, short (it comes from the uploader)."""
    text = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return text if len(text) <= 60 else text[:57] + "..."


def _unsafe_member_path(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name:
        return True
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in name.split("/"))


def check_zip(
    data: bytes | bytearray | memoryview | BinaryIO,
    *,
    max_members: int | None = None,
    max_uncompressed_bytes: int | None = None,
    max_ratio: int | None = None,
) -> list[zipfile.ZipInfo]:
    """Check a ZIP container before anything opens it; return its members (central directory order).

    Raise ValidationError (Chinese message, in the active language) when it is not a ZIP starting at offset 0
    or is damaged (``zip_damaged``), has more than ``max_members`` members (``zip_members``), unpacks to more
    than ``max_uncompressed_bytes`` in all (``zip_too_large``), has a member — or a whole — of 1 MiB or more
    unpacked that is compressed more than ``max_ratio``:1 (``zip_ratio``), holds an absolute, drive-letter,
    backslash or ``..`` member path (``zip_path``), an encrypted member (``zip_encrypted``), or another archive
    (``zip_nested``).  The sizes are the declared ones: ``zipfile`` never unpacks more than a member declares,
    so the readers that open the file afterwards (openpyxl, python-docx) are bound by them.  Only the first
    bytes of each member are unpacked.  A seekable file is left at position 0."""
    max_members = _zip_setting("FAZHI_ZIP_MAX_MEMBERS", ZIP_MAX_MEMBERS) if max_members is None else max_members
    if max_uncompressed_bytes is None:
        max_uncompressed_bytes = _zip_setting("FAZHI_ZIP_MAX_UNCOMPRESSED_BYTES", ZIP_MAX_UNCOMPRESSED_BYTES)
    max_ratio = _zip_setting("FAZHI_ZIP_MAX_RATIO", ZIP_MAX_RATIO) if max_ratio is None else max_ratio

    if isinstance(data, bytes | bytearray | memoryview):
        stream: BinaryIO = io.BytesIO(bytes(data))
    elif callable(getattr(data, "read", None)) and _is_seekable(data):
        stream = data
    else:
        raise TypeError("check_zip() needs bytes or a seekable binary file")
    damaged = ValidationError(_("文件已损坏或不是有效的压缩包格式，无法读取。"), code="zip_damaged")
    bomb = _("疑似“压缩炸弹”，已拒绝。")
    try:
        stream.seek(0)
        if stream.read(4) != _ZIP_MAGIC:  # at offset 0: an EXE with a ZIP appended is not a ZIP
            raise damaged
        stream.seek(0)
        try:
            archive = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error):
            raise damaged from None
        with archive:
            infos = archive.infolist()
            if len(infos) > max_members:
                raise ValidationError(
                    _("压缩包内的条目过多（%(n)s 个，最多 %(limit)s 个），已拒绝。"),
                    code="zip_members", params={"n": len(infos), "limit": max_members},
                )
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos)
            if total > max_uncompressed_bytes:
                raise ValidationError(
                    _("文件解压后过大（%(size)s，最多 %(limit)s），") + bomb, code="zip_too_large",
                    params={"size": _format_size(total), "limit": _format_size(max_uncompressed_bytes)},
                )
            for info in infos:
                if _unsafe_member_path(info.filename):
                    raise ValidationError(
                        _("压缩包内的路径“%(name)s”不安全（绝对路径或含“..”），已拒绝。"),
                        code="zip_path", params={"name": _member_label(info.filename)},
                    )
                if info.flag_bits & _ENCRYPTED_FLAG:
                    raise ValidationError(
                        _("文件已加密（“%(name)s”），请上传未加密的文件。"),
                        code="zip_encrypted", params={"name": _member_label(info.filename)},
                    )
                if info.compress_type not in _ZIP_METHODS:
                    raise damaged
                if info.file_size >= ZIP_RATIO_MIN_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
                    raise ValidationError(
                        _("文件中的“%(name)s”压缩比异常（%(ratio)s:1，最多 %(limit)s:1），") + bomb,
                        code="zip_ratio", params={"name": _member_label(info.filename), "limit": max_ratio,
                                                  "ratio": info.file_size // max(info.compress_size, 1)},
                    )
            if total >= ZIP_RATIO_MIN_BYTES and total > max_ratio * max(packed, 1):
                raise ValidationError(
                    _("文件压缩比异常（%(ratio)s:1，最多 %(limit)s:1），") + bomb,
                    code="zip_ratio", params={"name": "", "limit": max_ratio, "ratio": total // max(packed, 1)},
                )
            for info in infos:
                nested = _extension(info.filename) in _NESTED_EXTENSIONS
                if not nested and not info.is_dir() and info.file_size:
                    try:
                        with archive.open(info) as member:
                            head = member.read(8)
                    except (zipfile.BadZipFile, EOFError, OSError, ValueError, struct.error, NotImplementedError,
                            RuntimeError, zlib.error):
                        raise damaged from None
                    nested = head.startswith(_NESTED_MAGIC)
                if nested:
                    raise ValidationError(
                        _("文件中嵌套了压缩包或其他文档“%(name)s”，已拒绝；请删除嵌入的对象后再上传。"),
                        code="zip_nested", params={"name": _member_label(info.filename)},
                    )
        return infos
    finally:
        stream.seek(0)


# Characters Windows forbids in names (files are also downloaded to Windows desktops).
_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{i}" for port in ("COM", "LPT") for i in (*range(0, 10), "\u00b9", "\u00b2", "\u00b3")}
)


def safe_filename(name: object, max_length: int = 120) -> str:
    """A display/storage-safe file name: no directory part, no control or format characters (which
    includes U+202E RIGHT-TO-LEFT OVERRIDE, used to disguise extensions), no characters Windows forbids,
    no leading/trailing dots or spaces, Chinese (and any other printable) characters kept, at most
    ``max_length`` characters with the extension preserved.  Returns "file" when nothing is left."""
    text = unicodedata.normalize("NFC", "" if name is None else str(name))
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(" " if ch in "\t\n\r\v\f" or unicodedata.category(ch)[0] == "Z" else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r" {2,}", " ", text).strip(" .")
    if not text:
        return "file"
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    suffix = f".{ext}" if dot else ""
    if len(suffix) > 16:  # not a real extension: treat the whole name as the stem
        stem, suffix = stem + suffix, ""
    stem = stem[: max(max_length - len(suffix), 1)].rstrip(" .") or "file"
    return (stem + suffix)[:max_length]
