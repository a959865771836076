"""The demo reproduces the letter's figures: 30 valid and 67 repealed documents, the 2017 clean-up of documents
issued before 2017-05-31 having repealed 3; its case logs verify."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.norms import selectors
from fazhi.norms.demo import load_norms_demo
from fazhi.norms.models import Cleanup, NormativeDocument, ReviewFlag

pytestmark = pytest.mark.django_db


def test_demo_reproduces_the_letter(world, today, capsys):
    load_norms_demo(world.agency, world.users)
    load_norms_demo(world.agency, world.users)  # idempotent
    assert selectors.counts(agency=world.agency) == {"valid": 30, "repealed": 67, "expired": 0, "amended": 0}
    cleanup = Cleanup.objects.get(agency=world.agency, year=2017)
    assert cleanup.scope_before == dt.date(2017, 5, 31) and cleanup.state == "published"
    assert cleanup.items.count() == 33
    assert cleanup.items.filter(decision="repeal").count() == 3
    repealed_by_cleanup = NormativeDocument.objects.filter(state="repealed", repealed_on=cleanup.published_on)
    assert repealed_by_cleanup.count() == 3
    assert all(d.published_on < dt.date(2017, 5, 31) for d in repealed_by_cleanup)
    # In progress: one waiting for the director's signature, one in legality review; neither is public.
    assert sorted(NormativeDocument.objects.exclude(state__in=selectors.PUBLIC_STATES).values_list(
        "state", flat=True)) == ["in_review", "reviewed"]
    # The two documents of 2017 with a ten-year validity are flagged six months ahead.
    open_flags = ReviewFlag.objects.filter(resolved_on__isnull=True)
    assert sorted(open_flags.values_list("kind", flat=True)) == ["validity_ending", "validity_ending"]
    assert ReviewFlag.objects.filter(decision="amend").count() == 1
    call_command("audit", "verify")
    assert "审计校验通过" in capsys.readouterr().out
