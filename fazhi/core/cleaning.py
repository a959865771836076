"""Cleaning of the values the forms and the API send: each helper adds a Chinese message to ``errors[field]``
and returns the cleaned value (or None)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


def add(errors: dict, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def text(raw: object, field: str, label: str, errors: dict, *, max_length: int, required: bool = True) -> str:
    value = "" if raw is None else str(raw).strip()
    if required and not value:
        add(errors, field, _("请填写“%(label)s”。") % {"label": label})
    elif len(value) > max_length:
        add(errors, field, _("“%(label)s”不能超过%(max)d个字符。") % {"label": label, "max": max_length})
    return value


def day(raw: object, field: str, label: str, errors: dict, *, required: bool = True) -> dt.date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            add(errors, field, _("请填写“%(label)s”。") % {"label": label})
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(unicodedata.normalize("NFKC", str(raw)).strip())
    except ValueError:
        add(errors, field, _("“%(label)s”应为日期（YYYY-MM-DD）。") % {"label": label})
        return None


def decimal(raw: object, field: str, label: str, errors: dict, *, places: int = 1,
            required: bool = True) -> Decimal | None:
    """A number with at most ``places`` decimal places."""
    value = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()
    if not value:
        if required:
            add(errors, field, _("请填写“%(label)s”。") % {"label": label})
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or isinstance(raw, bool) or not number.is_finite():
        add(errors, field, _("“%(label)s”应为数字。") % {"label": label})
        return None
    if abs(number) >= 100000:
        add(errors, field, _("“%(label)s”超出范围。") % {"label": label})
        return None
    step = Decimal(1).scaleb(-places)
    if number != number.quantize(step):
        add(errors, field, _("“%(label)s”最多保留%(n)d位小数。") % {"label": label, "n": places})
        return None
    return number.quantize(step)


def integer(raw: object, field: str, label: str, errors: dict, *, low: int, high: int,
            required: bool = True, default: int | None = None) -> int | None:
    value = "" if raw is None else unicodedata.normalize("NFKC", str(raw)).strip()
    if not value:
        if required:
            add(errors, field, _("请填写“%(label)s”。") % {"label": label})
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or isinstance(raw, bool):
        add(errors, field, _("“%(label)s”应为整数。") % {"label": label})
        return None
    if not low <= number <= high:
        add(errors, field, _("“%(label)s”应在%(low)d到%(high)d之间。") % {"label": label, "low": low, "high": high})
        return None
    return number


def pk(raw: object) -> int | None:
    """An id from a form or the API, or None."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    value = str(raw).strip()
    return int(value) if value.isdigit() else None
