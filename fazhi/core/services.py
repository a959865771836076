"""Writes of the core area."""

from __future__ import annotations

from django.db import transaction

from fazhi.core.models import Agency, AuditEvent, DocumentNumberCounter, User


def audit_record(*, actor: User | None, action: str, object_type: str = "", object_id: str = "",
                 detail: dict | None = None, ip: str | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if (actor is not None and actor.pk) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail or {},
        ip=ip,
    )


def format_document_number(*, agency_short: str, number_code: str, year: int, serial: int) -> str:
    """黑档许〔2026〕3号: 机关代字 + 类别代字, the full year in 六角括号, the serial without leading zeros
    and without 第 (GB/T 9704-2012 §7.2.4)."""
    return f"{agency_short}{number_code}〔{year}〕{serial}号"


def counter_next(*, agency: Agency, key: str, year: int) -> int:
    """The next number of a gapless series per agency, key and year. Must run inside the transaction
    that uses the number, so a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("counter_next must run inside transaction.atomic()")
    DocumentNumberCounter.objects.get_or_create(agency=agency, number_code=key, year=year)
    counter = DocumentNumberCounter.objects.select_for_update().get(agency=agency, number_code=key, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def document_number_next(*, agency: Agency, number_code: str, year: int) -> tuple[int, str]:
    """Take the next 发文字号 of the agency's series for this number code and year (gapless)."""
    serial = counter_next(agency=agency, key=number_code, year=year)
    return serial, format_document_number(
        agency_short=agency.short_name, number_code=number_code, year=year, serial=serial
    )
