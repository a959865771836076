"""The staff pages run a fixed number of queries: no more with 60 cases in the database than with 5, and
none per event, clock, extension or document of the case shown (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.seed import seed
from fazhi.licensing.services import application_submit
from fazhi.process.models import Case
from fazhi.process.services import case_fire
from fazhi.workdays import calendar
from tests import factories as f

pytestmark = pytest.mark.django_db

CEILING = 30


@pytest.fixture(autouse=True)
def _calendar_cache_stays(monkeypatch):
    """The calendar cache re-reads the list of loaded years once a minute: not inside a measurement."""
    monkeypatch.setattr(calendar._Cache, "REVALIDATE_SECONDS", 10**9, raising=False)


def _five_cases(world, today) -> list[Case]:
    """Five cases through the services, in different states (one with an extension and its notice)."""
    u = world.users
    party = {"kind": "person", "name": "林小民", "id_number": u["citizen"].id_number, "phone": "13800000001",
             "address": "哈尔滨市南岗区"}
    cases = []
    for _ in range(5):
        case, _code = application_submit(item=world.item, actor=u["clerk"], fields=f.valid_fields(world.item),
                                         uploads=[], channel="counter", received_on=today, party=party)
        cases.append(case)
    a, b, c, d, e = (x.pk for x in cases)
    case_fire(case_id=b, transition="accept", actor=u["clerk"])
    for pk in (c, d):
        case_fire(case_id=pk, transition="accept", actor=u["clerk"])
        case_fire(case_id=pk, transition="propose", actor=u["handler"], comment="拟准予", data={"opinion": "grant"})
    case_fire(case_id=d, transition="head_approve", actor=u["head"])
    case_fire(case_id=d, transition="extend", actor=u["director"], comment="情况复杂，需延长。")
    case_fire(case_id=e, transition="request_correction", actor=u["clerk"], data={"missing_materials": ["申请书"]})
    assert Case.objects.count() == 5
    return cases


def _grow_to_60(world, today) -> None:
    """55 more applications of the same agency, mostly open, in every state, with 2–8 events each (the bench
    seeder)."""
    seed(55, agency_code=world.agency.code, today=today, batch_size=20, open_fraction=0.9, progress=False)
    assert Case.objects.count() == 60


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _counts(client: Client, urls: list[str]) -> list[int]:
    for url in urls:  # warm-up: sessions, the per-process calendar and flowchart caches
        assert client.get(url).status_code == 200, url
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(ctx))
    return counts


@pytest.mark.parametrize("who", ["clerk", "director"])
def test_inbox(world, today, who):
    _five_cases(world, today)
    client = _client(world.users[who])
    url = reverse("portal:inbox")
    [small] = _counts(client, [url])
    rows_small = client.get(url).context["page"].paginator.count
    _grow_to_60(world, today)
    [large] = _counts(client, [url])
    assert client.get(url).context["page"].paginator.count > rows_small  # the inbox really is larger
    assert small == large <= CEILING


def _case_counts(client: Client, url, pks) -> dict[int, int]:
    pks = list(pks)
    return dict(zip(pks, _counts(client, [url(pk) for pk in pks]), strict=True))


def _assert_no_growth(small: dict[int, int], large: dict[int, int]) -> None:
    # the same case costs the same in a larger database ...
    assert {pk: large[pk] for pk in small} == small
    # ... and every case in a given state costs the same, whatever its number of events, clocks, pauses,
    # extensions and documents (only the state may matter: a guard the page asks, a form it shows)
    per_state: dict[str, set[int]] = {}
    for pk, state in Case.objects.values_list("pk", "state"):
        per_state.setdefault(state, set()).add(large[pk])
    assert all(len(counts) == 1 for counts in per_state.values()), per_state
    assert max(large.values()) <= CEILING


@pytest.mark.parametrize("who", ["clerk", "handler", "director"])
def test_case_page(world, today, who):
    first = _five_cases(world, today)
    client = _client(world.users[who])

    def url(pk):
        return reverse("portal:case", args=[pk])

    small = _case_counts(client, url, [c.pk for c in first])
    _grow_to_60(world, today)
    large = _case_counts(client, url, Case.objects.values_list("pk", flat=True))
    _assert_no_growth(small, large)


@pytest.mark.parametrize("who", ["handler", "director"])
def test_api_case(world, today, who):
    first = _five_cases(world, today)
    client = _client(world.users[who])

    def url(pk):
        return f"/api/v1/cases/{pk}"

    small = _case_counts(client, url, [c.pk for c in first])
    _grow_to_60(world, today)
    large = _case_counts(client, url, Case.objects.values_list("pk", flat=True))
    _assert_no_growth(small, large)
