"""The figure registry on a small world whose figures are known by construction; every figure's records page lists
exactly the rows behind the number; licensing agrees with licensing_statistics; the assessment and education
figures come through the other apps' summary selectors, and say so when one is missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.licensing.selectors import licensing_statistics
from fazhi.reports import figures, selectors
from tests.reports.conftest import YEAR

pytestmark = pytest.mark.django_db


def values(agency, scope="own", year=YEAR):
    return figures.evaluate(selectors.scope_for(agency, year, scope))


def test_licensing_own_and_tree(records):
    hlj = records.world.agency
    own = values(hlj, "own")
    assert own["licensing.total"].value == 4
    assert own["licensing.online"].value == 3
    assert own["licensing.online_rate"].display == "75%"
    assert (own["licensing.online_rate"].num, own["licensing.online_rate"].den) == (3, 4)
    assert own["licensing.granted"].value == 2 and own["licensing.denied"].value == 1
    assert (own["licensing.on_time_rate"].num, own["licensing.on_time_rate"].den) == (2, 3)
    assert own["licensing.on_time_rate"].display == "66.7%"
    assert own["licensing.overdue"].value == 2  # stopped late + running past its due date
    tree = values(hlj, "tree")
    assert tree["licensing.total"].value == 5  # + the city bureau's; never the foreign agency's
    assert tree["licensing.online_rate"].display == "80%"
    assert values(records.world.city, "tree")["licensing.total"].value == 1


def test_licensing_agrees_with_licensing_statistics(records):
    for agency in (records.world.agency, records.world.city, records.world.other):
        s = licensing_statistics(agency_id=agency.pk, year=YEAR)
        v = values(agency, "own")
        assert v["licensing.total"].value == s["total"]
        assert v["licensing.online"].value == s["online"]
        assert v["licensing.online_rate"].value == s["online_rate"]
        assert v["licensing.on_time_rate"].value == s["on_time_rate"]
        assert (v["licensing.on_time_rate"].num, v["licensing.on_time_rate"].den) == (s["clocks_on_time"],
                                                                                      s["clocks_stopped"])
        assert v["licensing.overdue"].value == s["overdue_cases"]
        assert v["licensing.granted"].value == s["by_outcome"].get("granted", 0)


def test_requests_by_kind_and_timeliness(records):
    v = values(records.world.agency)
    assert v["requests.complaint.total"].value == 2
    assert v["requests.complaint.closed"].value == 1
    assert v["requests.complaint.on_time_rate"].display == "100%"
    assert v["requests.complaint.overdue"].value == 0
    assert v["requests.disclosure.total"].value == 1
    assert v["requests.disclosure.on_time_rate"].display == "0%"
    assert v["requests.disclosure.overdue"].value == 1
    assert v["requests.petition.total"].value == 0
    assert v["requests.petition.on_time_rate"].display == "—"  # nothing stopped: no rate
    assert v["requests.total"].value == 3 and v["requests.closed"].value == 2
    assert (v["requests.on_time_rate"].num, v["requests.on_time_rate"].den) == (1, 2)


def test_norms_as_they_stood_at_the_end_of_the_year(records):
    v = values(records.world.agency)
    # valid: in force since 2020; repealed only in 2026; published in 2025 (it replaced the amended one)
    assert v["norms.valid"].value == 3
    assert v["norms.repealed"].value == 1
    assert v["norms.published"].value == 1
    assert v["norms.cleanup.repealed"].value == 1
    assert v["norms.expired"].value == 0
    titles = set(figures.records(figures.get("norms.valid"), selectors.scope_for(records.world.agency, YEAR, "own"))
                 .values_list("title", flat=True))
    assert titles == {"有效文件一", "次年废止的文件", "当年制发的文件"}
    # the year before: the 2025 document not yet, the amended one still in force
    v24 = values(records.world.agency, year=2024)
    assert v24["norms.valid"].value == 3 and v24["norms.repealed"].value == 1


def test_inspections_penalties_officers_committee(records):
    v = values(records.world.agency)
    assert v["inspection.planned.tasks"].value == 1 and v["inspection.random.tasks"].value == 1
    assert v["inspection.planned.units"].value == 3
    assert v["inspection.planned.rectification_orders"].value == 2
    assert v["inspection.random.drawn"].value == 2  # the cancelled task's unit does not count
    assert v["inspection.random.rectification_orders"].value == 1
    assert v["inspection.rectification_orders"].value == 3
    assert v["inspection.rectified"].value == 1
    assert v["enforcement.cases"].value == 1 and v["enforcement.decided"].value == 2
    assert v["officers.certified"].value == 1
    assert v["officers.training"].value == 1 and v["officers.training_hours"].value == Decimal("8")
    assert v["reconsideration.committee"].value == 1  # the other left on 2025-06-30


@pytest.mark.parametrize("scope", ["own", "tree"])
def test_every_figure_s_records_match_its_number(records, scope):
    """Count equality for every figure of the registry: the records page lists exactly the rows behind it."""
    sc = selectors.scope_for(records.world.agency, YEAR, scope)
    ev = figures.evaluate(sc)
    checked = 0
    for key, figure in figures.registry().items():
        v = ev[key]
        if not v.available:
            continue
        qs = figures.records(figure, sc)
        if qs is None:
            continue
        if figure.kind == "rate":
            assert qs.count() == v.den, key
            assert qs.filter(figure.numerator).count() == v.num, key
        elif figure.kind == "sum":
            continue
        else:
            assert qs.count() == v.value, key
        checked += 1
    assert checked >= 50


def test_unknown_keys_are_not_computed():
    assert figures.get("no.such.figure") is None


def test_summary_entries_flatten_the_contract():
    result = {"year": 2017, "agency": "hlj",
              "groups": {"value": 5, "model": "assessment.group", "ids": [1, 2, 3, 4, 5]},
              "contests": {"teams": {"value": 13, "model": "education.contestteam", "ids": list(range(13))},
                           "prizes_by_level": {"first": {"label": "一等奖", "value": 1, "model": "education.prize",
                                                         "ids": [7]}}},
              "ranking": [{"unit_id": 1}]}
    entries = figures.summary_entries(result)
    assert entries["groups"].value == 5 and entries["groups"].ids == [1, 2, 3, 4, 5]
    assert entries["contests.teams"].value == 13
    assert entries["contests.prizes_by_level.first"].model == "education.prize"


def test_a_missing_summary_app_makes_its_figures_unavailable(records, monkeypatch):
    monkeypatch.setitem(figures.SUMMARY_FIGURES, "assessment.units",
                        ("fazhi.no_such_app.selectors", "assessment_summary", ("units",)))
    v = values(records.world.agency)
    assert v["assessment.units"].available is False
    assert v["assessment.units"].display == "—"
    assert figures.records(figures.get("assessment.units"),
                           selectors.scope_for(records.world.agency, YEAR, "own")) is None


def test_monthly_series(records):
    m = figures.monthly(selectors.scope_for(records.world.agency, YEAR, "own"))
    assert m["licensing"] == [0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 0]
    assert sum(m["requests"]) == 3 and m["requests"][11] == 1
