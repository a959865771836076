"""Reads of the officers area: the published list (执法人员公示) and the staff list with warnings and training."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from fazhi.core.models import Agency
from fazhi.inspection.models import Officer
from fazhi.officers.services import (
    EXPIRY_WARNING_DAYS,
    annual_training_hours,
    certificate_status,
    expiry_warning,
    status_label,
)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


def public_officers(*, agency: str = "", q: str = "") -> QuerySet[Officer]:
    """Every officer of every agency (执法人员公示), filtered by agency code and name or certificate number.
    Raises ValidationError for an unknown agency."""
    qs = Officer.objects.select_related("agency")
    agency = (agency or "").strip()
    if agency:
        found = Agency.objects.filter(code=agency).first()
        if found is None:
            raise ValidationError({"agency": [_("没有这个机关。")]})
        qs = qs.filter(agency=found)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(certificate_number__icontains=q))
    return qs.order_by("agency_id", "certificate_number")


def staff_officers(*, agency_id: int, day: dt.date, q: str = "", warn: bool = False) -> QuerySet[Officer]:
    """The agency's officers with ``hours_this_year`` (training of ``day``'s calendar year). ``warn``: only those
    expired or expiring within the warning window (not revoked)."""
    year = day.year
    qs = Officer.objects.filter(agency_id=agency_id).select_related("agency").annotate(
        hours_this_year=Coalesce(
            Sum("training_records__hours", filter=Q(training_records__date__gte=dt.date(year, 1, 1),
                                                    training_records__date__lte=dt.date(year, 12, 31))),
            Value(Decimal(0)), output_field=DecimalField(max_digits=8, decimal_places=1)))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(certificate_number__icontains=q))
    if warn:
        qs = qs.exclude(status=Officer.Status.REVOKED).filter(
            valid_until__lte=day + dt.timedelta(days=EXPIRY_WARNING_DAYS))
    return qs.order_by("certificate_number")


@dataclass
class Row:
    """One officer as a page shows it on a day."""

    officer: Officer
    status: str
    status_label: str
    warning: str  # "", "expiring" or "expired"
    warning_days: int
    hours: Decimal | None = None
    required: Decimal | None = None

    @property
    def short(self) -> bool:
        return self.hours is not None and self.required is not None and self.hours < self.required


def row(officer: Officer, day: dt.date, *, with_hours: bool = False) -> Row:
    status = certificate_status(officer, day)
    warning = expiry_warning(officer, day)
    hours = getattr(officer, "hours_this_year", None) if with_hours else None
    if hours is not None:
        hours = Decimal(hours).quantize(Decimal("0.1"))
    return Row(officer=officer, status=status, status_label=status_label(status),
               warning=warning[0] if warning else "", warning_days=warning[1] if warning else 0,
               hours=hours, required=annual_training_hours() if with_hours else None)


def public_dict(officer: Officer, day: dt.date) -> dict:
    """The published fields (执法人员公示): never an ID number or a phone."""
    status = certificate_status(officer, day)
    return {"id": officer.pk, "name": officer.name, "agency": officer.agency.code, "agency_name": officer.agency.name,
            "department": officer.department, "certificate_number": officer.certificate_number,
            "issuing_authority": officer.issuing_authority, "valid_from": officer.valid_from,
            "valid_until": officer.valid_until, "status": status, "status_label": status_label(status)}
