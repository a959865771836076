"""A small world of records for the figures: rows written directly (no process replay), each figure's expected
value known by construction. Year 2025, "today" 2026-11-02 (the `today` fixture)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest

from fazhi.core.demo.load import make_uscc
from fazhi.process.models import Case, Clock

D = dt.date
YEAR = 2025
_seq = itertools.count(1)


def case(agency, kind: str, received: dt.date, *, channel: str = "online", outcome: str = "",
         closed: dt.date | None = None, decided: dt.date | None = None,
         clocks: tuple = (), request_kind: str | None = None) -> Case:
    n = next(_seq)
    c = Case.objects.create(kind=kind, number=f"T{n:06d}", agency=agency, party_kind="legal_person",
                            party_name="测试单位", channel=channel, received_on=received, submitted_on=received,
                            closed_on=closed, decided_on=decided, state="closed" if closed else "open",
                            outcome=outcome, verification_hash="0" * 64)
    for i, (due, stopped) in enumerate(clocks):
        Clock.objects.create(case=c, name=f"k{i}", label="办理期限", budget=20, unit="workday", legal_basis="测试",
                             started_on=received, due=due, stopped_on=stopped,
                             state=Clock.State.STOPPED if stopped else Clock.State.RUNNING)
    if request_kind:
        from fazhi.requests.models import PublicRequest

        PublicRequest.objects.create(case=c, kind=request_kind)
    return c


def norm(agency, title: str, *, published: dt.date | None, state: str = "valid", repealed: dt.date | None = None,
         registered: bool = False, replaces=None):
    from fazhi.norms.models import NormativeDocument

    c = case(agency, "norm", published or D(2025, 1, 1))
    return NormativeDocument.objects.create(case=c, agency=agency, state=state, title=title, issuer=agency.name,
                                            drafting_division="政策法规处", drafted_on=published or D(2025, 1, 1),
                                            published_on=published, repealed_on=repealed, registered=registered,
                                            replaces=replaces)


@dataclass
class Records:
    world: object
    year: int
    cases: dict


@pytest.fixture
def records(world, today):
    """hlj (world.agency), its city (harbin) and a foreign agency, with the year's records:

    licensing (hlj): 4 in 2025 (3 online; granted, granted, denied, open; clocks: on time, late, on time, running
    past due) + 1 in 2024; harbin: 1 online, granted, on time; other: 1.
    requests (hlj): 2 complaints (one closed on time, one open, due after today), 1 disclosure (closed late).
    norms (hlj), as of 2025-12-31: valid 3, repealed 1, published in 2025 1; a 2025 clean-up repealing 1.
    inspections (hlj, 2025): planned 3 (ok, rectified, rectify), random 2 (ok, not_rectified), a cancelled task's 1.
    penalties (hlj): filed 2025 1; decided 2025 2.
    officers: 1 certified, 1 training record of 8 hours; committee: 1 member serving on 2025-12-31."""
    from fazhi.inspection.models import Entity, Inspection, Officer, Task
    from fazhi.norms.models import Cleanup, CleanupItem
    from fazhi.officers.models import TrainingRecord
    from fazhi.reconsideration.models import CommitteeMember

    hlj, city, other = world.agency, world.city, world.other
    c = {}
    c["lic_ok"] = case(hlj, "licensing", D(2025, 3, 1), outcome="granted", closed=D(2025, 3, 20),
                       clocks=[(D(2025, 3, 30), D(2025, 3, 20))])
    c["lic_late"] = case(hlj, "licensing", D(2025, 5, 1), outcome="granted", closed=D(2025, 6, 20),
                         clocks=[(D(2025, 6, 1), D(2025, 6, 20))])
    c["lic_counter"] = case(hlj, "licensing", D(2025, 7, 1), channel="counter", outcome="denied",
                            closed=D(2025, 7, 10), clocks=[(D(2025, 7, 30), D(2025, 7, 10))])
    c["lic_open"] = case(hlj, "licensing", D(2025, 11, 3), clocks=[(D(2025, 12, 1), None)])
    c["lic_2024"] = case(hlj, "licensing", D(2024, 12, 30), outcome="granted", closed=D(2025, 1, 5),
                         clocks=[(D(2025, 1, 20), D(2025, 1, 5))])
    c["lic_city"] = case(city, "licensing", D(2025, 4, 1), outcome="granted", closed=D(2025, 4, 10),
                         clocks=[(D(2025, 4, 30), D(2025, 4, 10))])
    c["lic_other"] = case(other, "licensing", D(2025, 4, 1), outcome="granted", closed=D(2025, 4, 10),
                          clocks=[(D(2025, 4, 30), D(2025, 4, 10))])
    c["req_c1"] = case(hlj, "complaint", D(2025, 2, 1), channel="visit", closed=D(2025, 2, 10),
                       clocks=[(D(2025, 2, 20), D(2025, 2, 10))], request_kind="complaint")
    c["req_c2"] = case(hlj, "complaint", D(2025, 12, 20), channel="visit", clocks=[(D(2026, 12, 31), None)],
                       request_kind="complaint")
    c["req_d1"] = case(hlj, "disclosure", D(2025, 6, 1), channel="online", closed=D(2025, 7, 30),
                       clocks=[(D(2025, 6, 30), D(2025, 7, 30))], request_kind="disclosure")

    d1 = norm(hlj, "有效文件一", published=D(2020, 5, 1), registered=True)
    d2 = norm(hlj, "已废止文件", published=D(2019, 5, 1), state="repealed", repealed=D(2024, 5, 1), registered=True)
    norm(hlj, "次年废止的文件", published=D(2021, 5, 1), state="repealed", repealed=D(2026, 3, 1), registered=True)
    d5 = norm(hlj, "被修改的文件", published=D(2018, 5, 1), state="amended", registered=True)
    norm(hlj, "当年制发的文件", published=D(2025, 3, 1), replaces=d5)
    norm(hlj, "次年公布的文件", published=D(2026, 2, 1))
    norm(hlj, "起草中的文件", published=None, state="draft")
    cleanup = Cleanup.objects.create(agency=hlj, title="2025年清理", year=YEAR, scope_before=D(2025, 5, 31),
                                     state=Cleanup.State.PUBLISHED, published_on=D(2025, 7, 1))
    CleanupItem.objects.create(cleanup=cleanup, document=d2, decision="repeal")
    CleanupItem.objects.create(cleanup=cleanup, document=d1, decision="continue")

    entities = [Entity.objects.create(uscc=make_uscc("91", "230100", f"MB{n:06d}"), name=f"受检单位{n}",
                                      kind="enterprise", region_code="230100") for n in range(6)]

    def task(mode, state, n):
        return Task.objects.create(agency=hlj, number=f"RT-{mode}-{n}", mode=mode, title=f"{mode}任务{n}", year=YEAR,
                                   beacon_source="测试", state=state)

    planned = task("planned", Task.State.PUBLISHED, 1)
    drawn = task("random", Task.State.PUBLISHED, 2)
    cancelled = task("random", Task.State.CANCELLED, 3)
    for t, entity, outcome in [(planned, entities[0], "ok"), (planned, entities[1], "rectified"),
                               (planned, entities[2], "rectify"), (drawn, entities[3], "ok"),
                               (drawn, entities[4], "not_rectified"), (cancelled, entities[5], "rectify")]:
        Inspection.objects.create(case=case(hlj, "inspection", D(2025, 6, 1), channel="ex_officio"), task=t,
                                  entity=entity, outcome=outcome, inspected_on=D(2025, 6, 2))

    case(hlj, "penalty", D(2025, 3, 1), channel="ex_officio", decided=D(2025, 5, 1))
    case(hlj, "penalty", D(2024, 11, 1), channel="ex_officio", decided=D(2025, 2, 1))

    officer = Officer.objects.create(agency=hlj, name="测试执法", certificate_number="黑档执-T001",
                                     issuing_authority="黑龙江省人民政府", valid_from=D(2020, 1, 1),
                                     valid_until=D(2030, 1, 1))
    TrainingRecord.objects.create(officer=officer, date=D(2025, 4, 1), title="行政处罚法培训", hours=Decimal("8"))
    TrainingRecord.objects.create(officer=officer, date=D(2024, 4, 1), title="上年培训", hours=Decimal("6"))
    CommitteeMember.objects.create(agency=hlj, name="委员甲", kind="internal", profession="official",
                                   affiliation="本局", term_start=D(2025, 3, 1))
    CommitteeMember.objects.create(agency=hlj, name="委员乙", kind="external", profession="lawyer",
                                   affiliation="律所", term_start=D(2024, 3, 1), term_end=D(2025, 6, 30), active=False)
    return Records(world=world, year=YEAR, cases=c)
