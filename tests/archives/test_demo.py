"""The demo: a year (2026) of consultations and proofs in various states, idempotent."""

from __future__ import annotations

import datetime as dt

from fazhi.archives.demo import load_archives_demo
from fazhi.archives.models import ArchiveRequest
from fazhi.archives.selectors import statistics
from fazhi.core import clock as sysclock
from fazhi.process.models import Case, CaseDocument


def test_demo_year_is_varied_and_idempotent(world):
    sysclock.set_today(dt.date(2026, 11, 27))
    load_archives_demo(world.agency, world.users)
    reqs = ArchiveRequest.objects.filter(case__agency=world.agency)
    kinds = {k: reqs.filter(service__kind=k).count() for k in ("consultation", "proof", "copy")}
    assert kinds == {"consultation": 60, "proof": 20, "copy": 5}
    states = set(Case.objects.filter(kind="archives_consultation").values_list("state", flat=True))
    assert {"served", "refused", "withdrawn", "missed"} <= states
    assert CaseDocument.objects.filter(kind="proof").count() >= 15
    s = statistics(world.agency.pk, 2026)
    assert s["total"] == 85 and s["overdue"] > 0 and s["on_time"] > 50
    counts = (Case.objects.count(), CaseDocument.objects.count())
    load_archives_demo(world.agency, world.users)
    assert (Case.objects.count(), CaseDocument.objects.count()) == counts
