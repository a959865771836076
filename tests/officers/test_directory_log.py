"""Certificates edited through the inspector directory keep their history (CertificateEvent)."""

from __future__ import annotations

import pytest

from fazhi.inspection.directory import officer_save
from fazhi.officers.models import CertificateEvent

pytestmark = pytest.mark.django_db


def test_directory_edits_are_in_the_certificate_history(world):
    head = world.users["head"]
    data = {"certificate_number": "黑档执-0901", "name": "新执法", "issuing_authority": "黑龙江省人民政府",
            "valid_from": "2024-01-01", "valid_until": "2027-12-31"}
    officer, created = officer_save(actor=head, data=data, allowed_agency_ids=[world.agency.pk])
    assert created
    assert list(officer.certificate_events.values_list("action", flat=True)) == [CertificateEvent.Action.ISSUE]
    officer_save(actor=head, data={**data, "name": "新执法"}, allowed_agency_ids=[world.agency.pk])
    assert officer.certificate_events.count() == 1  # nothing changed: nothing logged
    officer_save(actor=head, data={**data, "valid_until": "2029-12-31"}, allowed_agency_ids=[world.agency.pk])
    last = officer.certificate_events.order_by("-id").first()
    assert last.action == CertificateEvent.Action.RENEW and last.actor == head
    assert str(last.old["valid_until"]) == "2027-12-31" and str(last.new["valid_until"]) == "2029-12-31"
