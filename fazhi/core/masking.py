"""Masking of natural persons' personal information on public pages (个人信息保护法 arts. 28, 51).

Public pages never show a natural person's full 公民身份号码 or phone number, and show a natural person's
name only partly.  A unit's (法人或其他组织) name and 统一社会信用代码 are public and are not masked.
Every function returns "" for None or empty input.
"""

from __future__ import annotations

import datetime as dt
import re

from fazhi.core.identifiers import resident_id_check_char

__all__ = ["mask_id_number", "mask_name", "mask_party", "mask_phone", "mask_text"]

MASK = "*"


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def mask_id_number(value: object) -> str:
    """Keep the first 4 and last 4 characters: "230103199001011234" → "2301**********1234".

    Values of 8 characters or fewer are masked entirely (keeping 4 + 4 would show all of them).
    """
    text = _clean(value)
    if len(text) <= 8:
        return MASK * len(text)
    return text[:4] + MASK * (len(text) - 8) + text[-4:]


def _mask_digits(text: str, keep: set[int]) -> str:
    """Replace every digit of ``text`` by MASK except the digits whose ordinal (among digits) is in keep."""
    out = []
    ordinal = 0
    for char in text:
        if char.isdigit():
            out.append(char if ordinal in keep else MASK)
            ordinal += 1
        else:
            out.append(char)
    return "".join(out)


def mask_phone(value: object) -> str:
    """Mask a phone number, keeping its separators.

    * Mobile numbers (1[3-9] + 9 digits, optionally after +86/86/0086): keep the first 3 and the last 4
      digits — "13812345678" → "138****5678", "+86 138-1234-5678" → "+86 138-****-5678".
    * Landlines: keep the area code (010 and 02x: 3 digits, otherwise 4; or whatever precedes the first
      separator when the number is written "0451-8661 2345") and the last 2 digits —
      "0451-86612345" → "0451-******45".
    * Anything else: keep only the last 2 digits.
    """
    text = _clean(value)
    if not text:
        return ""
    digits = "".join(c for c in text if c.isdigit())
    n = len(digits)
    prefix = 0
    for country in ("0086", "86"):
        if digits.startswith(country) and n - len(country) == 11:
            prefix = len(country)
            break
    national = digits[prefix:]
    if len(national) == 11 and re.fullmatch(r"1[3-9]\d{9}", national):
        keep = set(range(prefix + 3)) | set(range(n - 4, n))
        return _mask_digits(text, keep)
    if digits.startswith("0") and n >= 10:
        first_group = re.match(r"\D*(\d+)", text)
        head = first_group.group(1) if first_group else ""
        if 3 <= len(head) <= 4 and len(head) < n:
            area = len(head)
        else:
            area = 3 if digits.startswith(("010", "02")) else 4
        keep = set(range(area)) | set(range(n - 2, n))
        return _mask_digits(text, keep)
    return _mask_digits(text, set(range(max(n - 2, 0), n)))


def mask_name(value: object) -> str:
    """A natural person's name: keep the first character of a 2–3 character name ("张*", "李**") and the
    first two of a longer one ("欧阳**"); a single character is masked entirely."""
    text = _clean(value)
    if len(text) <= 1:
        return MASK * len(text)
    keep = 1 if len(text) <= 3 else 2
    return text[:keep] + MASK * (len(text) - keep)


def mask_party(name: object, is_natural_person: bool) -> str:
    """A party's name for public display: masked for a natural person, unchanged for a unit."""
    if is_natural_person:
        return mask_name(name)
    return _clean(name)


# An 18-character ID number not embedded in a longer run of digits ("身份证号ID230103…" is still found).
_ID_RE = re.compile(r"(?<!\d)(\d{17}[0-9Xx])(?!\d)")
# A mobile number, optionally with a country code and written 3-4-4 with spaces or hyphens.
_MOBILE_RE = re.compile(r"(?<![0-9+])((?:\+|00)?86[ -]?)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")


def _looks_like_id(candidate: str) -> bool:
    """The check character is right (GB 11643-1999 §8.2) and positions 7–14 are a real date from 1900 on.

    The date test keeps unit codes that happen to be 18 digits (统一社会信用代码) visible: their
    positions 7–10 never form a year from 1900 on in practice.
    """
    body, check = candidate[:17], candidate[17].upper()
    if resident_id_check_char(body) != check:
        return False
    try:
        birth = dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return False
    return birth.year >= 1900


def mask_text(value: object) -> str:
    """Mask the ID numbers and mobile numbers found in free text; everything else is left as is."""
    if value is None:
        return ""
    text = str(value)
    if not text:
        return ""

    def id_repl(match: re.Match[str]) -> str:
        candidate = match.group(1)
        return mask_id_number(candidate) if _looks_like_id(candidate) else candidate

    text = _ID_RE.sub(id_repl, text)

    def mobile_repl(match: re.Match[str]) -> str:
        return (match.group(1) or "") + mask_phone(match.group(2))

    return _MOBILE_RE.sub(mobile_repl, text)
