"""The demo's year of disclosure requests: every kind of reply, the clocks' special cases, idempotent, and a
balanced statistics table."""

from __future__ import annotations

from fazhi.disclosure.demo import load_disclosure_demo
from fazhi.disclosure.models import DisclosureRequest, ThirdPartyConsultation
from fazhi.disclosure.selectors import disclosure_statistics
from fazhi.process.models import Case, ClockExtension


def test_demo_year(world, today):
    load_disclosure_demo(world.agency, world.users)
    cases = Case.objects.filter(kind="disclosure", agency=world.agency)
    n = cases.count()
    assert n >= 15
    load_disclosure_demo(world.agency, world.users)
    assert cases.count() == n
    grounds = set(DisclosureRequest.objects.exclude(ground="").values_list("ground", flat=True))
    assert {"published", "open", "third_party", "process_info", "enforcement_file", "special_registry", "not_exist",
            "not_ours", "needs_creation", "unclear", "duplicate", "petition", "publication", "not_gov_info",
            "no_correction", "withdrawn"} <= grounds
    assert DisclosureRequest.objects.filter(result="partial").exists()
    assert set(cases.values_list("channel", flat=True)) >= {"online", "counter", "post", "fax", "email", "visit"}
    assert ThirdPartyConsultation.objects.filter(case__in=cases, opinion="disagree").exists()
    assert ClockExtension.objects.filter(clock__case__in=cases).count() == 1
    assert DisclosureRequest.objects.filter(corrected_on__isnull=False).count() == 2
    assert cases.filter(state="submitted").exists() and cases.filter(state="received").exists()
    # Every reply on time, every document numbered without gaps.
    for case in cases.filter(state="replied"):
        reply = case.clocks.filter(name="reply").order_by("-round").first()
        assert reply.on_time, case.number
    y = today.year - 1
    numbers = [*cases.filter(documents__issued_on__year=y).values_list("documents__number", flat=True),
               *ThirdPartyConsultation.objects.filter(sent_on__year=y).values_list("number", flat=True)]
    assert sorted(int(x.split("〕")[1].rstrip("号")) for x in numbers) == list(range(1, len(numbers) + 1))
    last = disclosure_statistics(world.agency, today.year - 1)
    assert last["balanced"]
    new = next(r for r in last["rows"] if r["code"] == "new")["values"]
    assert new["total"] == 17 and new["person"] >= 6 and new["legal_service"] == 2 and new["research"] == 2
    carried = next(r for r in last["rows"] if r["code"] == "carried_out")["values"]
    assert carried["total"] == 1
    assert disclosure_statistics(world.agency, today.year)["balanced"]
