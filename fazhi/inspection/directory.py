"""The two directories (两库): the target directory (检查对象名录库, ``Entity``) and the inspector directory
(执法检查人员名录库, ``Officer`` with its declared ``Conflict`` s).

Import (``directory_import``; the pages and ``fazhi directory import`` use its two halves ``import_open`` and
``import_run``):

* XLSX (openpyxl read-only, streamed) or CSV (UTF-8 with or without BOM; GB18030 — what a Chinese Excel
  saves as "CSV" — when the file is not UTF-8). The first row is the header: the Chinese column names
  (``ENTITY_COLUMNS``, ``OFFICER_COLUMNS``, ``CONFLICT_COLUMNS``) or their English aliases; a trailing ``*``
  or a parenthesised note ("有效期起（YYYY-MM-DD）") is ignored, unknown columns too.
* A file that is not a spreadsheet, an XLSX whose uncompressed size is absurd (zip bomb), a missing
  required column: the whole file is refused (``ValidationError``) before anything is written.
* Every row is validated; each problem is one ``{"row", "column", "reason"}`` (the row number as the user
  sees it, header = row 1; rows of the conflicts sheet also carry ``"sheet"``). A row with a problem is
  skipped, the others are upserted (entities by 统一社会信用代码, officers by 执法证号) in chunks of
  ``CHUNK`` rows, each chunk in its own transaction; values are compared before saving, so re-importing
  a file leaves every row ``unchanged`` and its ``updated_at`` untouched. A column that is absent from the
  file leaves that field alone; an empty 信用风险分类/状态/证件状态 cell keeps the stored value (the
  default for a new row).
* Officers' conflicts (回避): the XLSX sheet named 回避 (columns 执法证号, 统一社会信用代码, 回避事由,
  optional 申报日期) and/or the column 回避单位 ("USCC:事由; USCC:事由"). The unit must already be in
  the target directory. An import adds or updates conflicts, it never removes one (the API does).

Export (``export_entities``, ``export_officers``): XLSX in openpyxl's write-only mode from an iterator
over the database, with exactly the import columns, so an export re-imports unchanged.

Stored texts (the error reasons, the batch message) are Chinese whatever the language of the request.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import logging
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import clock
from fazhi.core.access import is_business_staff
from fazhi.core.i18n import zh
from fazhi.core.identifiers import validate_uscc
from fazhi.core.models import Agency, Role, User
from fazhi.core.services import audit_record
from fazhi.core.uploads import check_zip, safe_filename
from fazhi.inspection.models import Conflict, Entity, ImportBatch, Officer

log = logging.getLogger(__name__)

CHUNK = 500  # rows per transaction, and how often the batch's progress is written
MAX_ERRORS = 10_000  # the error report keeps the first ones; the count is exact
PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
ENTITIES = ImportBatch.Kind.ENTITIES
OFFICERS = ImportBatch.Kind.OFFICERS
WRITER_ROLES = (Role.SECTION_HEAD.value, Role.ENFORCEMENT_OFFICER.value)
CONFLICT_SHEET_NAMES = ("回避", "回避单位", "回避关系", "conflicts")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_uncompressed_bytes() -> int:
    """An XLSX whose members add up to more than this when unpacked is refused (zip bomb guard)."""
    return _setting("FAZHI_IMPORT_MAX_UNCOMPRESSED_BYTES", 1024 * 1024 * 1024)


def sync_max_bytes() -> int:
    """The pages import a file up to this size during the request, larger ones in a background thread."""
    return _setting("FAZHI_IMPORT_SYNC_MAX_BYTES", 256 * 1024)


# ---- who may do what ----------------------------------------------------------------------------------
def can_read_directory(user) -> bool:
    """Any business staff member reads both directories (the three administrators do not)."""
    return is_business_staff(user)


def can_write_directory(user) -> bool:
    """Section heads and enforcement officers maintain the directories."""
    return is_business_staff(user) and any(r in WRITER_ROLES for r in user.roles)


def officer_agency_scope(user) -> list[int]:
    """The agencies whose officers ``user`` may add or change: their own and its subordinate agencies."""
    if user is None or not getattr(user, "agency_id", None):
        return []
    return user.agency.descendants_and_self_ids()


# ---- columns ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # the Chinese column name (a lazy msgid: shown translated, written in Chinese)
    aliases: tuple[str, ...] = ()
    required: bool = False
    note: Any = ""  # a lazy msgid, perhaps with placeholders filled by ``params``
    params: Callable[[], dict] | None = None

    @property
    def zh(self) -> str:
        return zh(self.label)

    @property
    def note_text(self) -> str:
        """The note in the active language; the values a file may hold (Chinese words) come from ``params``."""
        if not self.note:
            return ""
        return str(self.note) % self.params() if self.params else str(self.note)


def _values(*words: object) -> str:
    return _("、").join(str(w) for w in words)


def _kind_values() -> dict:
    return {"values": _values(*(f"{zh(label)} ({value})" for value, label in Entity.Kind.choices))}


def _active_values() -> dict:
    return {"values": _values("存续", "注销"), "default": "存续"}


def _status_values() -> dict:
    labels = [zh(label) for _v, label in Officer.Status.choices]
    return {"values": _values(*labels), "default": labels[0]}


def _date_values() -> dict:
    return {"example": "2026年1月5日"}


ENTITY_COLUMNS: tuple[Column, ...] = (
    Column("uscc", gettext_lazy("统一社会信用代码"), ("uscc", "credit code", "信用代码"), True,
           gettext_lazy("18位，按 GB 32100-2015 校验")),
    Column("name", gettext_lazy("单位名称"), ("name", "名称"), True),
    Column("kind", gettext_lazy("单位类别"), ("kind", "类别"), True,
           gettext_lazy("可选值：%(values)s"), _kind_values),
    Column("region_code", gettext_lazy("行政区划代码"), ("region code", "region", "区划代码"), True,
           gettext_lazy("6位数字（GB/T 2260）")),
    Column("risk_class", gettext_lazy("信用风险分类"), ("risk class", "risk", "风险分类"), False,
           gettext_lazy("A、B、C、D（A 低风险，D 高风险）；新单位空白为 B")),
    Column("address", gettext_lazy("地址"), ("address",)),
    Column("contact", gettext_lazy("联系人"), ("contact",)),
    Column("phone", gettext_lazy("联系电话"), ("phone", "电话")),
    Column("active", gettext_lazy("状态"), ("status", "active"), False,
           gettext_lazy("可选值：%(values)s；新单位空白为%(default)s"), _active_values),
)

OFFICER_COLUMNS: tuple[Column, ...] = (
    Column("name", gettext_lazy("姓名"), ("name",), True),
    Column("certificate_number", gettext_lazy("执法证号"), ("certificate number", "certificate", "证号"), True),
    Column("issuing_authority", gettext_lazy("发证机关"), ("issuing authority", "issuer"), True),
    Column("valid_from", gettext_lazy("有效期起"), ("valid from",), True,
           gettext_lazy("YYYY-MM-DD、Excel 日期或 %(example)s"), _date_values),
    Column("valid_until", gettext_lazy("有效期至"), ("valid until",), True,
           gettext_lazy("YYYY-MM-DD、Excel 日期或 %(example)s"), _date_values),
    Column("agency", gettext_lazy("所属机关"), ("agency",), False,
           gettext_lazy("机关代码或名称；空白为导入人所在机关")),
    Column("department", gettext_lazy("处室"), ("department",)),
    Column("status", gettext_lazy("证件状态"), ("status", "certificate status"), False,
           gettext_lazy("可选值：%(values)s；新证件空白为%(default)s"), _status_values),
    Column("conflicts", gettext_lazy("回避单位"), ("conflicts",), False,
           gettext_lazy("可选，格式“统一社会信用代码:回避事由”，多个用分号隔开")),
)

CONFLICT_COLUMNS: tuple[Column, ...] = (
    Column("certificate_number", gettext_lazy("执法证号"), ("certificate number", "certificate", "证号"), True),
    Column("uscc", gettext_lazy("统一社会信用代码"), ("uscc", "credit code", "信用代码"), True,
           gettext_lazy("须已在检查对象名录库中")),
    Column("reason", gettext_lazy("回避事由"), ("reason",), True),
    Column("declared_on", gettext_lazy("申报日期"), ("declared on",), False, gettext_lazy("空白为导入当日")),
)


def columns_for(kind: str) -> tuple[Column, ...]:
    return ENTITY_COLUMNS if kind == ENTITIES else OFFICER_COLUMNS


def _header_key(text: object) -> str:
    t = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().strip(_INVISIBLE).strip()
    t = t.rstrip("*").strip()
    t = re.sub(r"\s*\([^()]*\)$", "", t)  # NFKC made （） into ()
    return re.sub(r"[\s_\-]+", "", t).lower()


def _header_index(columns: tuple[Column, ...]) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for col in columns:
        for name in (col.zh, col.key, *col.aliases):
            index[_header_key(name)] = col
    return index


# ---- reading files ------------------------------------------------------------------------------------
def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="refused")


@dataclass
class Sheet:
    """One table of the file: the columns found (key → position) and an iterator of (row number, cells)."""

    title: str
    columns: dict[str, int]
    rows: Iterator[tuple[int, tuple]]
    total: int | None


@dataclass
class PreparedImport:
    """A file that passed the checks that refuse a whole file, ready to be imported (once)."""

    kind: str
    filename: str
    size: int
    sha256: str
    main: Sheet
    conflicts: Sheet | None = None
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def total(self) -> int | None:
        if self.main.total is None:
            return None
        return self.main.total + ((self.conflicts.total or 0) if self.conflicts else 0)

    def close(self) -> None:
        while self._closers:
            try:
                self._closers.pop()()
            except Exception:  # noqa: BLE001, S110 - closing a reader must not hide the import's outcome
                pass


def _binary(source: bytes | Path | str) -> BinaryIO:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    return open(source, "rb")  # noqa: SIM115 - closed by PreparedImport.close()


def _digest(fh: BinaryIO) -> tuple[str, int, bytes]:
    h = hashlib.sha256()
    size = 0
    head = b""
    fh.seek(0)
    while chunk := fh.read(1024 * 1024):
        if not head:
            head = chunk[:8]
        h.update(chunk)
        size += len(chunk)
    fh.seek(0)
    return h.hexdigest(), size, head


def _file_format(filename: str, head: bytes) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xls", ".et", ".wps") or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(_("旧版 Excel（.xls）文件不能导入，请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再导入。"))
    raise _refuse(_("不支持的文件类型“%(name)s”：请上传 .xlsx 或 .csv 文件。") % {"name": filename})


def _map_header(cells: Iterable, columns: tuple[Column, ...], sheet_label: str) -> dict[str, int]:
    index = _header_index(columns)
    found: dict[str, int] = {}
    for position, cell in enumerate(cells):
        col = index.get(_header_key(cell))
        if col is None:
            continue
        if col.key in found:
            raise _refuse(_("%(sheet)s第1行（表头）中“%(column)s”列出现了两次。")
                          % {"sheet": sheet_label, "column": col.zh})
        found[col.key] = position
    missing = [c.zh for c in columns if c.required and c.key not in found]
    if missing:
        raise _refuse(_("%(sheet)s缺少必填列：%(columns)s。第1行应为表头（列名），请下载导入模板对照。")
                      % {"sheet": sheet_label, "columns": _("、").join(missing)})
    return found


def _open_xlsx(fh: BinaryIO, kind: str, prepared: PreparedImport) -> None:
    from openpyxl import load_workbook

    not_xlsx = _("文件不是有效的 XLSX 工作簿，无法导入。")
    try:  # the one ZIP check (zip bombs, nesting, paths, encryption) before openpyxl opens anything
        names = {i.filename for i in check_zip(fh, max_uncompressed_bytes=max_uncompressed_bytes())}
    except ValidationError as e:
        raise _refuse(not_xlsx if e.code == "zip_damaged" else e.messages[0]) from None
    if "xl/workbook.xml" not in names:
        raise _refuse(not_xlsx)
    fh.seek(0)
    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for a broken file
        raise _refuse(not_xlsx) from None
    prepared._closers.append(wb.close)
    sheets = list(wb.worksheets)
    if not sheets:
        raise _refuse(not_xlsx)
    conflict_sheet = None
    if kind == OFFICERS:
        wanted = {_header_key(n) for n in CONFLICT_SHEET_NAMES}
        conflict_sheet = next((ws for ws in sheets if _header_key(ws.title) in wanted), None)
    others = [ws for ws in sheets if ws is not conflict_sheet]
    if not others:
        raise _refuse(_("工作簿中没有执法检查人员工作表。"))
    main = others[0]
    prepared.main = _xlsx_sheet(main, columns_for(kind), "")
    if conflict_sheet is not None:
        prepared.conflicts = _xlsx_sheet(conflict_sheet, CONFLICT_COLUMNS,
                                         _("工作表“%(sheet)s”") % {"sheet": conflict_sheet.title})
    for sheet, ws in ((prepared.main, main), (prepared.conflicts, conflict_sheet)):
        if sheet is not None and sheet.total is None:
            rows = _xlsx_row_count(fh, getattr(ws, "_worksheet_path", None))
            sheet.total = None if rows is None else max(rows - 1, 0)


def _xlsx_sheet(ws, columns: tuple[Column, ...], label: str) -> Sheet:
    try:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
    except Exception:  # noqa: BLE001
        raise _refuse(_("文件不是有效的 XLSX 工作簿，无法导入。")) from None
    if header is None or not any(v not in (None, "") for v in header):
        if label:  # an empty conflicts sheet is no conflicts
            return Sheet(ws.title, {}, iter(()), 0)
        raise _refuse(_("工作表“%(sheet)s”是空的：第1行应为表头（列名）。") % {"sheet": ws.title})
    columns_found = _map_header(header, columns, label)
    return Sheet(ws.title, columns_found, enumerate(rows, start=2), None)


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _xlsx_row_count(fh: BinaryIO, member: str | None) -> int | None:
    """The rows of a worksheet, counted in its XML (cheap: no parsing), for the progress bar; None if unknown."""
    if not member:
        return None
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as zf, zf.open(member.lstrip("/")) as xml:
            count, carry = 0, b""
            while chunk := xml.read(1024 * 1024):
                data = carry + chunk
                cut = data.rfind(b"<")  # a tag may continue in the next chunk: count it then
                if cut < 0:
                    cut = len(data)
                count += len(_ROW_TAG.findall(data, 0, cut))
                carry = data[cut:]
            count += len(_ROW_TAG.findall(carry))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    return count


def _detect_encoding(fh: BinaryIO) -> tuple[str, int]:
    """``utf-8-sig`` or ``gb18030`` (the whole file must decode), and the number of lines."""
    for encoding in ("utf-8-sig", "gb18030"):
        fh.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 0
        try:
            while chunk := fh.read(1024 * 1024):
                if b"\x00" in chunk:
                    raise _refuse(_("文件不是 CSV 文本文件，无法导入。"))
                decoder.decode(chunk)
                lines += chunk.count(b"\n")
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        fh.seek(0)
        return encoding, lines
    raise _refuse(_("无法识别 CSV 文件的编码：请保存为 UTF-8 或 GB18030 编码。"))


def _open_csv(fh: BinaryIO, kind: str, prepared: PreparedImport) -> None:
    if fh.read(4) == b"PK\x03\x04":
        raise _refuse(_("文件不是 CSV 文本文件，无法导入。"))
    encoding, lines = _detect_encoding(fh)
    text = io.TextIOWrapper(fh, encoding=encoding, newline="")
    prepared._closers.append(text.detach)
    first = text.readline()
    text.seek(0)
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error:
        raise _refuse(_("文件不是 CSV 文本文件，无法导入。")) from None
    if not header or not any(h.strip() for h in header):
        raise _refuse(_("文件是空的：第1行应为表头（列名）。"))
    columns_found = _map_header(header, columns_for(kind), "")

    def rows() -> Iterator[tuple[int, tuple]]:
        for number, row in enumerate(reader, start=2):
            yield number, tuple(row)

    prepared.main = Sheet("", columns_found, rows(), max(lines - 1, 0))


def import_open(kind: str, filename: str, source: bytes | Path | str) -> PreparedImport:
    """Check the file as a whole (type, size, encoding, header); raise ValidationError to refuse it."""
    if kind not in (ENTITIES, OFFICERS):
        raise ValueError(kind)
    fh = _binary(source)
    prepared = PreparedImport(kind=kind, filename=safe_filename(filename, max_length=200), size=0, sha256="",
                              main=Sheet("", {}, iter(()), 0))
    prepared._closers.append(fh.close)
    try:
        prepared.sha256, prepared.size, head = _digest(fh)
        if prepared.size == 0:
            raise _refuse(_("文件是空的。"))
        if _file_format(filename, head) == "xlsx":
            _open_xlsx(fh, kind, prepared)
        else:
            _open_csv(fh, kind, prepared)
    except BaseException:
        prepared.close()
        raise
    return prepared


# ---- cell values --------------------------------------------------------------------------------------
class Bad(Exception):
    """One problem with one value; the message is the reason shown to the user."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip().strip(_INVISIBLE).strip()


def _code(value: object) -> str:
    return unicodedata.normalize("NFKC", _text(value)).strip().upper()


def _limited(value: object, limit: int) -> str:
    text = _text(value)
    if len(text) > limit:
        raise Bad(_("不能超过%(max)d个字符") % {"max": limit})
    return text


def _required_text(value: object, limit: int) -> str:
    text = _limited(value, limit)
    if not text:
        raise Bad(_("不能为空"))
    return text


def clean_uscc(value: object) -> str:
    if not _text(value):
        raise Bad(_("不能为空"))
    try:
        return validate_uscc(value)
    except ValidationError as e:
        raise Bad(e.messages[0]) from None


def clean_region(value: object) -> str:
    code = _code(value)
    if not re.fullmatch(r"\d{6}", code):
        raise Bad(_("行政区划代码应为6位数字。") if code else _("不能为空"))
    return code


@functools.cache
def _kind_index() -> dict[str, str]:
    index = {}
    for value, label in Entity.Kind.choices:
        index[value] = value
        index[zh(label)] = value
    for alias, value in (("村", "community"), ("社区", "community"), ("村（社区）", "community"),
                         ("村居", "community"), ("民办非企业单位", "social_service"), ("个体户", "individual_business"),
                         ("农民合作社", "cooperative"), ("合作社", "cooperative"), ("事业", "institution")):
        index[alias] = value
    return {unicodedata.normalize("NFKC", k).replace(" ", "").lower(): v for k, v in index.items()}


def clean_kind(value: object) -> str:
    text = _text(value)
    if not text:
        raise Bad(_("不能为空"))
    found = _kind_index().get(unicodedata.normalize("NFKC", text).replace(" ", "").lower())
    if found is None:
        raise Bad(_("单位类别“%(value)s”不在列表中") % {"value": text})
    return found


def clean_risk(value: object) -> str | None:
    code = _code(value)
    if not code:
        return None
    match = re.fullmatch(r"([A-D])\s*类?\s*(\(.*\))?", code)
    if match is None:
        raise Bad(_("信用风险分类应为 A、B、C 或 D，不能为“%(value)s”") % {"value": _text(value)})
    return match.group(1)


_ACTIVE = {"存续": True, "在业": True, "开业": True, "正常": True, "ACTIVE": True, "是": True, "1": True, "TRUE": True,
           "注销": False, "已注销": False, "吊销": False, "歇业": False, "CLOSED": False, "否": False, "0": False,
           "FALSE": False}


def clean_active(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    code = _code(value)
    if not code:
        return None
    if code not in _ACTIVE:
        raise Bad(_("状态应为“%(active)s”或“%(closed)s”，不能为“%(value)s”")
                  % {"active": "存续", "closed": "注销", "value": _text(value)})
    return _ACTIVE[code]


@functools.cache
def _status_index() -> dict[str, str]:
    index = {}
    for value, label in Officer.Status.choices:
        index[value.upper()] = value
        index[zh(label)] = value
    return index


def clean_status(value: object) -> str | None:
    code = _code(value)
    if not code:
        return None
    found = _status_index().get(code)
    if found is None:
        raise Bad(_("证件状态应为以下之一：%(values)s；不能为“%(value)s”")
                  % {"values": _status_values()["values"], "value": _text(value)})
    return found


_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def clean_date(value: object, *, required: bool = True) -> dt.date | None:
    """YYYY-MM-DD (also / and .), YYYYMMDD, 2026年1月5日, a date cell or an Excel serial number."""
    invalid = Bad(_("日期“%(value)s”无效，应为 YYYY-MM-DD") % {"value": _text(value)})
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int) and not isinstance(value, bool) and 19000101 <= value <= 22001231:
        return clean_date(str(value), required=required)  # 20260105 typed as a number
    elif isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        if not 1 <= value < 2958466:
            raise invalid
        converted = from_excel(value)
        day = converted.date() if isinstance(converted, dt.datetime) else converted
    else:
        text = unicodedata.normalize("NFKC", _text(value)).replace(" ", "")
        if not text:
            if required:
                raise Bad(_("不能为空"))
            return None
        match = next((m for m in (p.fullmatch(text) for p in _DATE_PATTERNS) if m), None)
        if match is None:
            raise invalid
        try:
            day = dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise invalid from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2200, 12, 31):
        raise invalid
    return day


def clean_certificate(value: object) -> str:
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if not text:
        raise Bad(_("不能为空"))
    if len(text) > 40:
        raise Bad(_("不能超过%(max)d个字符") % {"max": 40})
    if any(c in text for c in "/\\?#%") or any(unicodedata.category(c).startswith(("C", "Z")) and c != " "
                                                 for c in text):
        raise Bad(_("执法证号不能含有斜杠、反斜杠、问号、井号、百分号或控制字符"))
    return text


class AgencyResolver:
    """所属机关 by code, else by name or short name when exactly one agency has it."""

    def __init__(self):
        self.by_code: dict[str, Agency] = {}
        self.by_name: dict[str, list[Agency]] = {}
        for a in Agency.objects.all():
            self.by_code[a.code.lower()] = a
            for name in {a.name, a.short_name}:
                if name:
                    self.by_name.setdefault(name, []).append(a)

    def __call__(self, value: object) -> Agency | None:
        if isinstance(value, Agency):
            return value
        text = _text(value)
        if not text:
            return None
        found = self.by_code.get(text.lower())
        if found is not None:
            return found
        matches = self.by_name.get(text, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Bad(_("有多个机关名为“%(value)s”，请填写机关代码") % {"value": text})
        raise Bad(_("没有代码或名称为“%(value)s”的机关") % {"value": text})

    def export_label(self, agency_id: int) -> str:
        for a in self.by_code.values():
            if a.pk == agency_id:
                return a.name if len(self.by_name.get(a.name, [])) == 1 else a.code
        return ""


def parse_conflicts_cell(value: object) -> list[tuple[str, str]]:
    """"91230100…:亲属任职; 12230000…:曾任职" → [(uscc, reason), ...] (validated USCCs)."""
    out: list[tuple[str, str]] = []
    for part in re.split(r"[;；\n]+", _text(value)):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"([^:：]*)[:：](.*)", part, flags=re.S)
        reason = match.group(2).strip() if match else ""
        if not reason:
            raise Bad(_("“%(value)s”应写为“统一社会信用代码:回避事由”") % {"value": part})
        code = match.group(1)
        if len(reason) > 200:
            raise Bad(_("不能超过%(max)d个字符") % {"max": 200})
        try:
            uscc = validate_uscc(code)
        except ValidationError as e:
            raise Bad(f"{code.strip()}：{e.messages[0]}") from None
        out.append((uscc, reason))
    return out


# ---- cleaning a record (one file row, or one API body) -----------------------------------------------
def clean_entity(raw: dict[str, object], *, present: Iterable[str] | None = None) -> tuple[dict, dict[str, list[str]]]:
    """Validate an entity's values. ``raw`` has column keys; keys not in ``present`` are left out.

    Returns (values for the model, {key: [reasons]}); an empty 信用风险分类/状态 is left out (keep/default)."""
    present = set(raw if present is None else present)
    cleaners: dict[str, Callable[[object], object]] = {
        "uscc": clean_uscc,
        "name": lambda v: _required_text(v, 200),
        "kind": clean_kind,
        "region_code": clean_region,
        "risk_class": clean_risk,
        "address": lambda v: _limited(v, 200),
        "contact": lambda v: _limited(v, 60),
        "phone": lambda v: _limited(v, 40),
        "active": clean_active,
    }
    return _clean(raw, present, cleaners)


def clean_officer(raw: dict[str, object], *, present: Iterable[str] | None = None,
                  agencies: AgencyResolver | None = None) -> tuple[dict, dict[str, list[str]]]:
    present = set(raw if present is None else present)
    agencies = agencies or AgencyResolver()
    cleaners: dict[str, Callable[[object], object]] = {
        "name": lambda v: _required_text(v, 60),
        "certificate_number": clean_certificate,
        "issuing_authority": lambda v: _required_text(v, 100),
        "valid_from": clean_date,
        "valid_until": clean_date,
        "agency": agencies,
        "department": lambda v: _limited(v, 100),
        "status": clean_status,
        "conflicts": parse_conflicts_cell,
    }
    values, errors = _clean(raw, present, cleaners)
    start, end = values.get("valid_from"), values.get("valid_until")
    if start and end and start > end:
        errors.setdefault("valid_until", []).append(_("有效期至早于有效期起"))
        values.pop("valid_until")
    if "agency" in values:
        values["agency_id"] = values.pop("agency").pk
    return values, errors


def _clean(raw: dict, present: set[str], cleaners: dict) -> tuple[dict, dict[str, list[str]]]:
    values: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for key, cleaner in cleaners.items():
        if key not in present:
            continue
        try:
            value = cleaner(raw.get(key))
        except Bad as e:
            errors.setdefault(key, []).append(str(e))
            continue
        if value is not None:
            values[key] = value
    return values, errors


# ---- the import ---------------------------------------------------------------------------------------
@dataclass
class _Run:
    batch: ImportBatch
    prepared: PreparedImport
    default_agency: Agency | None
    allowed_agency_ids: set[int] | None
    progress: Callable[[int, int | None], None] | None
    agencies: AgencyResolver
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    bad_rows: int = 0
    processed: int = 0
    seen: dict[str, int] = field(default_factory=dict)
    conflict_counts: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0})

    def error(self, row: int, column: Column | str, reason: str, sheet: str = "") -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            entry = {"row": row, "column": column.zh if isinstance(column, Column) else column, "reason": str(reason)}
            if sheet:
                entry["sheet"] = sheet
            self.errors.append(entry)

    def tick(self, rows: int) -> None:
        self.processed += rows
        batch = self.batch
        batch.processed_rows = self.processed
        batch.total_rows = max(batch.total_rows, self.processed)
        ImportBatch.objects.filter(pk=batch.pk).update(
            processed_rows=batch.processed_rows, total_rows=batch.total_rows, created=batch.created,
            updated=batch.updated, unchanged=batch.unchanged)
        if self.progress:
            self.progress(self.processed, batch.total_rows or None)


def import_start(prepared: PreparedImport, *, actor: User | None, agency: Agency | None) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=prepared.kind, filename=prepared.filename, sha256=prepared.sha256,
        uploaded_by=actor if actor is not None and actor.pk else None, agency=agency,
        status=ImportBatch.Status.RUNNING, total_rows=prepared.total or 0)


def import_run(batch: ImportBatch, prepared: PreparedImport, *, allowed_agency_ids: Iterable[int] | None = None,
               progress: Callable[[int, int | None], None] | None = None) -> ImportBatch:
    """Import the rows of ``prepared`` into the directory, recording progress and errors on ``batch``.

    ``allowed_agency_ids``: officers of other agencies are refused row by row (None: any agency)."""
    run = _Run(batch=batch, prepared=prepared, default_agency=batch.agency,
               allowed_agency_ids=None if allowed_agency_ids is None else set(allowed_agency_ids),
               progress=progress, agencies=AgencyResolver())
    with translation.override(settings.LANGUAGE_CODE):
        try:
            if prepared.kind == ENTITIES:
                _run_rows(run, prepared.main, ENTITY_COLUMNS, _entity_chunk)
            else:
                _run_rows(run, prepared.main, OFFICER_COLUMNS, _officer_chunk)
                if prepared.conflicts is not None:
                    run.seen = {}
                    _run_rows(run, prepared.conflicts, CONFLICT_COLUMNS, _conflict_chunk)
            batch.status = ImportBatch.Status.DONE
        except Exception as e:  # noqa: BLE001 - the batch must end, and say why
            log.exception("import batch %s failed", batch.pk)
            batch.status = ImportBatch.Status.FAILED
            reason = e.messages[0] if isinstance(e, ValidationError) else _("文件读取出错")
            batch.message = _("导入在处理完%(rows)d行后中断（%(reason)s）；已处理的行已保存，重新导入同一文件即可继续。") % {
                "rows": run.processed, "reason": reason}
        finally:
            prepared.close()
        if batch.status == ImportBatch.Status.DONE:
            batch.message = _summary(run)
        batch.errors = run.errors
        batch.processed_rows = run.processed
        batch.total_rows = run.processed
        batch.finished_at = clock.now()
        batch.save()
        audit_record(actor=batch.uploaded_by, action="inspection.directory_import", object_type="inspection.ImportBatch",
                     object_id=str(batch.pk), detail={
                         "kind": batch.kind, "filename": batch.filename, "sha256": batch.sha256,
                         "status": batch.status, "rows": batch.processed_rows, "created": batch.created,
                         "updated": batch.updated, "unchanged": batch.unchanged, "errors": run.error_count,
                         "conflicts": run.conflict_counts if batch.kind == OFFICERS else None})
    return batch


def _summary(run: _Run) -> str:
    parts = []
    if run.error_count:
        parts.append(_("%(rows)d行有错误，未导入（共%(errors)d处）。") % {"rows": run.bad_rows, "errors": run.error_count})
        if run.error_count > len(run.errors):
            parts.append(_("错误报告只列出前%(n)d处。") % {"n": len(run.errors)})
    if run.batch.kind == OFFICERS and any(run.conflict_counts.values()):
        parts.append(_("回避关系：新增%(created)d条，更新%(updated)d条，未变%(unchanged)d条。") % run.conflict_counts)
    return "".join(parts)


def _run_rows(run: _Run, sheet: Sheet, columns: tuple[Column, ...], handle_chunk) -> None:
    by_key = {c.key: c for c in columns}
    chunk: list[tuple[int, dict]] = []
    count = 0
    for number, cells in sheet.rows:
        count += 1
        raw = {key: (cells[pos] if pos < len(cells) else None) for key, pos in sheet.columns.items()}
        if any(_text(v) != "" for v in raw.values()):  # empty rows are skipped silently
            chunk.append((number, raw))
        if count >= CHUNK:
            handle_chunk(run, chunk, by_key, sheet)
            run.tick(count)
            chunk, count = [], 0
    if count:
        handle_chunk(run, chunk, by_key, sheet)
        run.tick(count)


def _report(run: _Run, number: int, errors: dict[str, list[str]], by_key: dict[str, Column], sheet: Sheet) -> None:
    sheet_label = sheet.title if sheet is run.prepared.conflicts else ""
    for key, reasons in errors.items():
        for reason in reasons:
            run.error(number, by_key[key], reason, sheet_label)
    run.bad_rows += 1


def _duplicate(run: _Run, key: str, number: int) -> str | None:
    first = run.seen.get(key)
    if first is None:
        run.seen[key] = number
        return None
    return _("与第%(row)d行重复") % {"row": first}


def _entity_chunk(run: _Run, chunk, by_key, sheet) -> None:
    good: list[tuple[int, dict]] = []
    for number, raw in chunk:
        values, errors = clean_entity(raw, present=sheet.columns)
        if "uscc" in values:
            dup = _duplicate(run, values["uscc"], number)
            if dup:
                errors.setdefault("uscc", []).append(dup)
        if errors:
            _report(run, number, errors, by_key, sheet)
        else:
            good.append((number, values))
    _upsert(run, Entity, "uscc", [v for _n, v in good])


def _upsert(run: _Run, model, key: str, rows: list[dict]) -> None:
    """Create the new rows, update the changed ones, leave the rest alone (``updated_at`` included)."""
    if not rows:
        return
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                created, updated, unchanged = _upsert_once(model, key, rows)
            break
        except IntegrityError:
            if attempt == 2:  # a concurrent import created the same keys twice in a row: give up on this chunk
                raise
    batch = run.batch
    batch.created += created
    batch.updated += updated
    batch.unchanged += unchanged


def _upsert_once(model, key: str, rows: list[dict]) -> tuple[int, int, int]:
    existing = {getattr(o, key): o for o in model.objects.select_for_update().filter(**{f"{key}__in": [r[key] for r in rows]})}
    now = timezone.now()
    new, changed, fields = [], [], set()
    unchanged = 0
    for values in rows:
        obj = existing.get(values[key])
        if obj is None:
            new.append(model(**values))
            continue
        diff = [f for f, v in values.items() if getattr(obj, f) != v]
        if not diff:
            unchanged += 1
            continue
        for f in diff:
            setattr(obj, f, values[f])
        obj.updated_at = now
        fields.update(diff)
        changed.append(obj)
    if new:
        model.objects.bulk_create(new, batch_size=CHUNK)
    if changed:
        model.objects.bulk_update(changed, [*sorted(fields), "updated_at"], batch_size=CHUNK)
    return len(new), len(changed), unchanged


def _officer_chunk(run: _Run, chunk, by_key, sheet) -> None:
    cleaned: list[tuple[int, dict, dict]] = []
    for number, raw in chunk:
        values, errors = clean_officer(raw, present=sheet.columns, agencies=run.agencies)
        if "certificate_number" in values:
            dup = _duplicate(run, values["certificate_number"], number)
            if dup:
                errors.setdefault("certificate_number", []).append(dup)
        cleaned.append((number, values, errors))
    certs = [v["certificate_number"] for _n, v, e in cleaned if "certificate_number" in v]
    existing = dict(Officer.objects.filter(certificate_number__in=certs)
                    .values_list("certificate_number", "agency_id"))
    usccs = {u for _n, v, _e in cleaned for u, _r in v.get("conflicts", [])}
    entity_ids = dict(Entity.objects.filter(uscc__in=usccs).values_list("uscc", "id")) if usccs else {}
    good: list[tuple[int, dict]] = []
    for number, values, errors in cleaned:
        cert = values.get("certificate_number")
        if "agency_id" not in values and "agency" not in errors:
            if cert in existing:
                pass  # keeps its agency
            elif run.default_agency is not None:
                values["agency_id"] = run.default_agency.pk
            else:
                errors.setdefault("agency", []).append(_("不能为空"))
        allowed = run.allowed_agency_ids
        if allowed is not None and cert in existing and existing[cert] not in allowed:
            errors.setdefault("certificate_number", []).append(_("该执法证号属于其他机关的执法人员，不能修改"))
        elif allowed is not None and values.get("agency_id") is not None and values["agency_id"] not in allowed:
            errors.setdefault("agency", []).append(_("不能导入或修改其他机关的执法人员"))
        missing = [u for u, _r in values.get("conflicts", []) if u not in entity_ids]
        if missing:
            errors.setdefault("conflicts", []).append(
                _("检查对象名录库中没有统一社会信用代码为%(uscc)s的单位") % {"uscc": _("、").join(missing)})
        if errors:
            _report(run, number, errors, by_key, sheet)
        else:
            good.append((number, values))
    conflicts = {v["certificate_number"]: v.pop("conflicts") for _n, v in good if "conflicts" in v}
    _upsert(run, Officer, "certificate_number", [v for _n, v in good])
    if conflicts:
        officer_ids = dict(Officer.objects.filter(certificate_number__in=list(conflicts))
                           .values_list("certificate_number", "id"))
        pairs = [(officer_ids[c], entity_ids[u], reason, None) for c, items in conflicts.items() for u, reason in items]
        _upsert_conflicts(run, pairs)


def _upsert_conflicts(run: _Run, pairs: list[tuple[int, int, str, dt.date | None]]) -> None:
    if not pairs:
        return
    today = clock.today()
    with transaction.atomic():
        existing = {(c.officer_id, c.entity_id): c for c in Conflict.objects.select_for_update().filter(
            officer_id__in={p[0] for p in pairs}, entity_id__in={p[1] for p in pairs})}
        new, changed = {}, []
        for officer_id, entity_id, reason, declared_on in pairs:
            c = existing.get((officer_id, entity_id))
            if c is None:
                new[(officer_id, entity_id)] = Conflict(officer_id=officer_id, entity_id=entity_id, reason=reason,
                                                        declared_on=declared_on or today)
            elif c.reason != reason or (declared_on and c.declared_on != declared_on):
                c.reason = reason
                c.declared_on = declared_on or c.declared_on
                changed.append(c)
            else:
                run.conflict_counts["unchanged"] += 1
        Conflict.objects.bulk_create(list(new.values()), batch_size=CHUNK)
        Conflict.objects.bulk_update(changed, ["reason", "declared_on"], batch_size=CHUNK)
    run.conflict_counts["created"] += len(new)
    run.conflict_counts["updated"] += len(changed)


def _conflict_chunk(run: _Run, chunk, by_key, sheet) -> None:
    cleaners = {
        "certificate_number": clean_certificate,
        "uscc": clean_uscc,
        "reason": lambda v: _required_text(v, 200),
        "declared_on": lambda v: clean_date(v, required=False),
    }
    cleaned = []
    for number, raw in chunk:
        values, errors = _clean(raw, set(sheet.columns), cleaners)
        if "certificate_number" in values and "uscc" in values:
            dup = _duplicate(run, f"{values['certificate_number']}\x00{values['uscc']}", number)
            if dup:
                errors.setdefault("uscc", []).append(dup)
        cleaned.append((number, values, errors))
    officers = {c: (pk, agency_id) for c, pk, agency_id in Officer.objects.filter(
        certificate_number__in={v["certificate_number"] for _n, v, _e in cleaned if "certificate_number" in v}
    ).values_list("certificate_number", "id", "agency_id")}
    entity_ids = dict(Entity.objects.filter(uscc__in={v["uscc"] for _n, v, _e in cleaned if "uscc" in v})
                      .values_list("uscc", "id"))
    pairs = []
    for number, values, errors in cleaned:
        cert, uscc = values.get("certificate_number"), values.get("uscc")
        if cert is not None and cert not in officers:
            errors.setdefault("certificate_number", []).append(_("执法检查人员名录库中没有该执法证号"))
        elif cert is not None and run.allowed_agency_ids is not None and officers[cert][1] not in run.allowed_agency_ids:
            errors.setdefault("certificate_number", []).append(_("该执法证号属于其他机关的执法人员，不能修改"))
        if uscc is not None and uscc not in entity_ids:
            errors.setdefault("uscc", []).append(_("检查对象名录库中没有该单位"))
        if errors:
            _report(run, number, errors, by_key, sheet)
        else:
            pairs.append((officers[cert][0], entity_ids[uscc], values["reason"], values.get("declared_on")))
    _upsert_conflicts(run, pairs)


def directory_import(kind: str, filename: str, source: bytes | Path | str, *, actor: User | None = None,
                     agency: Agency | None = None, allowed_agency_ids: Iterable[int] | None = None,
                     progress: Callable[[int, int | None], None] | None = None) -> ImportBatch:
    """Check and import a file in one go (the command, the tests). Raises ValidationError if refused."""
    prepared = import_open(kind, filename, source)
    batch = import_start(prepared, actor=actor, agency=agency)
    return import_run(batch, prepared, allowed_agency_ids=allowed_agency_ids, progress=progress)


_THREADS: dict[int, threading.Thread] = {}


def import_in_background(batch: ImportBatch, prepared: PreparedImport, **kwargs) -> threading.Thread:
    """Run ``import_run`` in a thread of its own (its own database connection, closed at the end)."""

    def target():
        try:
            import_run(batch, prepared, **kwargs)
        finally:
            connections.close_all()
            _THREADS.pop(batch.pk, None)

    thread = threading.Thread(target=target, name=f"fazhi-import-{batch.pk}", daemon=True)
    _THREADS[batch.pk] = thread
    thread.start()
    return thread


def wait_for_imports(timeout: float = 60) -> None:
    """Block until the background imports of this process have ended (tests, shutdown)."""
    for thread in list(_THREADS.values()):
        thread.join(timeout)


def batch_stalled(batch: ImportBatch) -> bool:
    """A batch still "running" an hour after it started: its process was most likely stopped."""
    return batch.status == ImportBatch.Status.RUNNING and clock.now() - batch.started_at > dt.timedelta(hours=1)


def batch_visible_to(batch: ImportBatch, user) -> bool:
    return can_read_directory(user) and (batch.uploaded_by_id == user.pk or batch.agency_id == user.agency_id)


# ---- spreadsheets made here ---------------------------------------------------------------------------
def _workbook():
    from openpyxl import Workbook

    return Workbook(write_only=True)


def _date_cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell


def _text_cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.number_format = "@"
    return cell


def _save(wb, out: BinaryIO | None) -> bytes | None:
    if out is None:
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()
    wb.save(out)
    return None


def template_xlsx(kind: str) -> bytes:
    """An empty import file: the header row, the conflicts sheet for officers, and a 说明 sheet."""
    with translation.override(settings.LANGUAGE_CODE):
        wb = _workbook()
        ws = wb.create_sheet(zh(ImportBatch.Kind(kind).label))
        ws.append([c.zh for c in columns_for(kind)])
        if kind == OFFICERS:
            ws = wb.create_sheet(CONFLICT_SHEET_NAMES[0])
            ws.append([c.zh for c in CONFLICT_COLUMNS])
        notes = wb.create_sheet("说明")
        notes.append(["工作表", "列名", "必填", "说明"])
        sheets = [(zh(ImportBatch.Kind(kind).label), columns_for(kind))]
        if kind == OFFICERS:
            sheets.append((CONFLICT_SHEET_NAMES[0], CONFLICT_COLUMNS))
        for title, columns in sheets:
            for c in columns:
                notes.append([title, c.zh, "是" if c.required else "", c.note_text])
        return _save(wb, None)


def errors_xlsx(batch: ImportBatch) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        wb = _workbook()
        ws = wb.create_sheet("错误报告")
        with_sheet = any(e.get("sheet") for e in batch.errors)
        ws.append((["工作表"] if with_sheet else []) + ["行号", "列", "原因"])
        for e in batch.errors:
            ws.append(([e.get("sheet", "")] if with_sheet else []) + [e["row"], e["column"], e["reason"]])
        return _save(wb, None)


# ---- selectors ----------------------------------------------------------------------------------------
def region_prefix(value: str) -> str:
    """A region filter: digits; a full 6-digit code stands for its area (230100 → every 2301xx)."""
    code = unicodedata.normalize("NFKC", value or "").strip()
    if not code:
        return ""
    if not re.fullmatch(r"\d{1,6}", code):
        raise ValidationError({"region": [_("区域应为行政区划代码或其前几位数字。")]})
    if len(code) == 6:
        while code.endswith("00") and len(code) > 2:
            code = code[:-2]
    return code


def parse_bool(value: object, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("", "all"):
        return None
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValidationError({name: [_("应为 true 或 false。")]})


def entities_filtered(*, region: str = "", kind: str = "", risk: str = "", active: object = None,
                      q: str = "") -> QuerySet[Entity]:
    """The target directory filtered (raises ValidationError for a bad filter), ordered by USCC."""
    qs = Entity.objects.all()
    errors: dict[str, list[str]] = {}
    try:
        prefix = region_prefix(region)
        if prefix:
            qs = qs.filter(region_code__startswith=prefix)
    except ValidationError as e:
        errors.update(e.message_dict)
    if kind:
        if kind not in Entity.Kind.values:
            errors["kind"] = [_("未知的单位类别。")]
        qs = qs.filter(kind=kind)
    if risk:
        if risk not in Entity.Risk.values:
            errors["risk"] = [_("信用风险分类应为 A、B、C 或 D。")]
        qs = qs.filter(risk_class=risk)
    try:
        flag = parse_bool(active, "active")
        if flag is not None:
            qs = qs.filter(active=flag)
    except ValidationError as e:
        errors.update(e.message_dict)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__startswith=unicodedata.normalize("NFKC", q).upper()))
    if errors:
        raise ValidationError(errors)
    return qs.order_by("uscc")


def officers_filtered(*, agency: str = "", status: str = "", q: str = "", valid_on: dt.date | None = None,
                      agency_ids: Iterable[int] | None = None) -> QuerySet[Officer]:
    qs = Officer.objects.select_related("agency")
    errors: dict[str, list[str]] = {}
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    if agency:
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            errors["agency"] = [_("没有这个机关。")]
        else:
            qs = qs.filter(agency=found)
    if status:
        if status not in Officer.Status.values:
            errors["status"] = [_("证件状态应为 valid、suspended 或 revoked。")]
        qs = qs.filter(status=status)
    if valid_on is not None:
        qs = qs.filter(status=Officer.Status.VALID, valid_from__lte=valid_on, valid_until__gte=valid_on)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(certificate_number__icontains=q))
    if errors:
        raise ValidationError(errors)
    return qs.order_by("certificate_number")


# ---- writes of the API --------------------------------------------------------------------------------
_ENTITY_FIELDS = ("uscc", "name", "kind", "region_code", "risk_class", "address", "contact", "phone", "active")
_OFFICER_FIELDS = ("certificate_number", "name", "issuing_authority", "valid_from", "valid_until", "department",
                   "status")


def _apply_changes(obj, values: dict) -> list[str]:
    """Set and save only the fields whose value differs (an unchanged row keeps its updated_at)."""
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save()
    return changed


def entity_save(*, actor: User, data: dict) -> tuple[Entity, bool]:
    """Create the entity or update the given fields of the one with this USCC. Returns (entity, created)."""
    values, errors = clean_entity(data, present=[k for k in data if k in _ENTITY_FIELDS])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entity = Entity.objects.select_for_update().filter(uscc=values["uscc"]).first()
        created = entity is None
        if created:
            missing = {k: [_("不能为空")] for k in ("name", "kind", "region_code") if k not in values}
            if missing:
                raise ValidationError(missing)
            entity = Entity.objects.create(**values)
            changed = list(values)
        else:
            changed = _apply_changes(entity, values)
        if changed:
            audit_record(actor=actor, action="inspection.entity_save", object_type="inspection.Entity",
                         object_id=entity.uscc, detail={"created": created, "fields": sorted(changed)})
    return entity, created


def officer_save(*, actor: User, data: dict, allowed_agency_ids: Iterable[int]) -> tuple[Officer, bool]:
    """Create or update an officer by certificate number, within the agencies the actor may manage.

    Raises ValidationError for bad values and PermissionDenied for another agency's officer."""
    from django.core.exceptions import PermissionDenied

    allowed = set(allowed_agency_ids)
    present = [k for k in data if k in (*_OFFICER_FIELDS, "agency")]
    values, errors = clean_officer(data, present=present)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        officer = Officer.objects.select_for_update().filter(certificate_number=values["certificate_number"]).first()
        created = officer is None
        if created:
            values.setdefault("agency_id", actor.agency_id)
            missing = {k: [_("不能为空")] for k in ("name", "issuing_authority", "valid_from", "valid_until")
                       if k not in values}
            if missing:
                raise ValidationError(missing)
        elif officer.agency_id not in allowed:
            raise PermissionDenied
        if values.get("agency_id") is not None and values["agency_id"] not in allowed:
            raise PermissionDenied
        if not created:
            start = values.get("valid_from", officer.valid_from)
            end = values.get("valid_until", officer.valid_until)
            if start > end:
                raise ValidationError({"valid_until": [_("有效期至早于有效期起")]})
        from fazhi.officers.models import CertificateEvent
        from fazhi.officers.services import CERTIFICATE_FIELDS, _log, _snapshot, certificate_log_issue

        before = None if created else _snapshot(officer)
        if created:
            officer = Officer.objects.create(**values)
            changed = list(values)
            certificate_log_issue(officer=officer, actor=actor, reason=_("执法人员名录录入"))
        else:
            changed = _apply_changes(officer, values)
            if set(changed) & set(CERTIFICATE_FIELDS):
                # The certificate's history (fazhi/officers) records edits made through the directory too.
                _log(officer=officer, action=CertificateEvent.Action.RENEW, actor=actor, reason=_("执法人员名录修改"),
                     old=before, new=_snapshot(officer))
        if changed:
            audit_record(actor=actor, action="inspection.officer_save", object_type="inspection.Officer",
                         object_id=officer.certificate_number, detail={"created": created, "fields": sorted(changed)})
    return officer, created


def conflict_declare(*, actor: User, officer: Officer, uscc: object, reason: object,
                     declared_on: dt.date | None = None) -> tuple[Conflict, bool]:
    errors: dict[str, list[str]] = {}
    entity = None
    try:
        code = clean_uscc(uscc)
        entity = Entity.objects.filter(uscc=code).first()
        if entity is None:
            errors["uscc"] = [_("检查对象名录库中没有该单位")]
    except Bad as e:
        errors["uscc"] = [str(e)]
    try:
        text = _required_text(reason, 200)
    except Bad as e:
        errors["reason"] = [str(e)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conflict, created = Conflict.objects.select_for_update().get_or_create(
            officer=officer, entity=entity, defaults={"reason": text, "declared_on": declared_on or clock.today()})
        if not created and (conflict.reason != text or (declared_on and conflict.declared_on != declared_on)):
            conflict.reason = text
            conflict.declared_on = declared_on or conflict.declared_on
            conflict.save()
        audit_record(actor=actor, action="inspection.conflict_declare", object_type="inspection.Officer",
                     object_id=officer.certificate_number, detail={"uscc": entity.uscc, "reason": text,
                                                                   "created": created})
    return conflict, created


def conflict_withdraw(*, actor: User, officer: Officer, uscc: str) -> bool:
    try:
        code = validate_uscc(uscc)
    except ValidationError:
        return False
    deleted, _detail = Conflict.objects.filter(officer=officer, entity__uscc=code).delete()
    if deleted:
        audit_record(actor=actor, action="inspection.conflict_withdraw", object_type="inspection.Officer",
                     object_id=officer.certificate_number, detail={"uscc": code})
    return bool(deleted)


# ---- export -------------------------------------------------------------------------------------------
def _kind_labels() -> dict[str, str]:
    return {v: zh(label) for v, label in Entity.Kind.choices}


def export_entities(out: BinaryIO | None = None, *, queryset: QuerySet[Entity] | None = None,
                    actor: User | None = None) -> bytes | None:
    """Write the (filtered) target directory as XLSX, streaming the rows; returns the bytes if ``out`` is None."""
    qs = (queryset if queryset is not None else Entity.objects.all()).order_by("uscc")
    kinds = _kind_labels()
    active = {True: "存续", False: "注销"}
    wb = _workbook()
    ws = wb.create_sheet(zh(ImportBatch.Kind.ENTITIES.label))
    ws.append([c.zh for c in ENTITY_COLUMNS])
    rows = 0
    for uscc, name, kind, region, risk, address, contact, phone, is_active in qs.values_list(
            "uscc", "name", "kind", "region_code", "risk_class", "address", "contact", "phone", "active"
    ).iterator(chunk_size=2000):
        ws.append([uscc, name, kinds.get(kind, kind), _text_cell(ws, region), risk, address or None,
                   contact or None, _text_cell(ws, phone or None), active[is_active]])
        rows += 1
    result = _save(wb, out)
    audit_record(actor=actor, action="inspection.directory_export", object_type="inspection.Entity",
                 detail={"kind": ENTITIES, "rows": rows})
    return result


def export_officers(out: BinaryIO | None = None, *, queryset: QuerySet[Officer] | None = None,
                    actor: User | None = None) -> bytes | None:
    """The inspector directory as XLSX: the officers' sheet and the 回避 sheet of their conflicts."""
    qs = (queryset if queryset is not None else Officer.objects.all()).order_by("certificate_number")
    agencies = AgencyResolver()
    labels: dict[int, str] = {}
    statuses = {v: zh(label) for v, label in Officer.Status.choices}
    wb = _workbook()
    ws = wb.create_sheet(zh(ImportBatch.Kind.OFFICERS.label))
    ws.append([c.zh for c in OFFICER_COLUMNS if c.key != "conflicts"])
    rows = 0
    for name, cert, issuer, start, end, agency_id, department, status in qs.values_list(
            "name", "certificate_number", "issuing_authority", "valid_from", "valid_until", "agency_id", "department",
            "status").iterator(chunk_size=2000):
        if agency_id not in labels:
            labels[agency_id] = agencies.export_label(agency_id)
        ws.append([name, cert, issuer, _date_cell(ws, start), _date_cell(ws, end), labels[agency_id],
                   department or None, statuses.get(status, status)])
        rows += 1
    cs = wb.create_sheet(CONFLICT_SHEET_NAMES[0])
    cs.append([c.zh for c in CONFLICT_COLUMNS])
    conflicts = (Conflict.objects.filter(officer__in=qs.values("pk"))
                 .order_by("officer__certificate_number", "entity__uscc")
                 .values_list("officer__certificate_number", "entity__uscc", "reason", "declared_on"))
    for cert, uscc, reason, declared_on in conflicts.iterator(chunk_size=2000):
        cs.append([cert, uscc, reason, _date_cell(cs, declared_on)])
    result = _save(wb, out)
    audit_record(actor=actor, action="inspection.directory_export", object_type="inspection.Officer",
                 detail={"kind": OFFICERS, "rows": rows})
    return result


def certificate_state(officer: Officer, day: dt.date) -> str:
    """"valid", "expired", "not_yet", "suspended" or "revoked" on ``day`` (for the pages)."""
    if officer.status != Officer.Status.VALID:
        return officer.status
    if day > officer.valid_until:
        return "expired"
    if day < officer.valid_from:
        return "not_yet"
    return "valid"
