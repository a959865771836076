"""Races on PostgreSQL: two clerks firing the same step of the same case at the same moment, and eight workers
drawing numbers from one gapless document-number series.

Each worker is a thread with its own database connection (Django's connections are per thread), released
before the thread ends; the test runs in real transactions (``transaction=True``) so the threads see the data
the test made and each other's commits. A ``threading.Barrier`` releases the threads together.

SQLite serialises writers with a database-wide lock and has no ``SELECT … FOR UPDATE``: these races do not
exist there, so the tests are skipped on it.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from fazhi.core.models import DocumentNumberCounter
from fazhi.core.services import counter_next, document_number_next
from fazhi.licensing.services import Upload, application_submit
from fazhi.process.audit import verify_case
from fazhi.process.definition import get_definition
from fazhi.process.models import Case, CaseDocument
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="SQLite serialises writers (one database-wide write lock, no SELECT … FOR UPDATE): "
                              "run with DATABASE_URL=postgres://… to test the races"),
]

BACKEND = "django.contrib.auth.backends.ModelBackend"
TIMEOUT = 60  # seconds; a deadlock fails the test instead of hanging it


def run_together(*jobs):
    """Run each job in its own thread, all released at once; return their results (or raise the first error)."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def worker(i, job):
        try:
            barrier.wait(timeout=TIMEOUT)
            results[i] = job()
        except BaseException as e:  # noqa: BLE001 - reported by the test thread
            errors.append(e)
        finally:
            connections.close_all()  # this thread's connection

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a worker is still running (deadlock?)"
    if errors:
        raise errors[0]
    return results


def logged_in(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)  # the session is saved here, by the test thread
    return c


def post(client: Client, url: str, body: dict):
    return lambda: client.post(url, body, content_type="application/json")


def submitted(world):
    item = world.item
    case, _code = application_submit(item=item, actor=world.users["citizen"], fields=f.valid_fields(item),
                                     uploads=[Upload(m.code, f"{m.code}.pdf", f.pdf_bytes(m.code))
                                              for m in item.materials.all() if m.required], channel="online")
    return case


# ---- the same transition, twice at once ----------------------------------------------------------------------
@pytest.mark.parametrize("round_", range(3))
def test_two_clerks_accept_the_same_application_at_once(world, today, round_):
    """行政许可法第三十二条: one acceptance, one acceptance notice. ``case_fire`` locks the case row
    (``select_for_update``): the second clerk waits, then finds the case no longer waiting for intake → 409."""
    clerk2 = f.staff("clerk2", world.agency, "intake_clerk")
    case = submitted(world)
    url = f"/api/v1/cases/{case.pk}/transitions/accept"
    a, b = logged_in(world.users["clerk"]), logged_in(clerk2)
    responses = run_together(post(a, url, {}), post(b, url, {}))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert loser.json()["error"] == "transition_not_allowed"
    case.refresh_from_db()
    assert case.state == "under_review"
    assert [e.transition for e in case.events.order_by("seq")] == ["open", "accept"]
    assert verify_case(case) == []
    notice = CaseDocument.objects.get(case=case, kind="acceptance")
    # The series gave out one number for the one notice: the refused attempt took none (no gap).
    assert notice.number.endswith(f"〔{today.year}〕1号"), notice.number
    code = get_definition("licensing").number_code
    assert DocumentNumberCounter.objects.get(agency=world.agency, number_code=code, year=today.year).last == 1


def test_clerk_accepts_while_the_applicant_withdraws(world, today):
    """Two different steps from the same state: 受理 by the clerk, 撤回 by the applicant (allowed in every open
    state). Whatever the order, the outcome is one of the two serial ones — accept then withdraw (both 200), or
    withdraw then a refused accept (409) — and the hash chain of the case's events has no fork."""
    case = submitted(world)
    clerk, citizen = logged_in(world.users["clerk"]), logged_in(world.users["citizen"])
    accepted, withdrawn = run_together(post(clerk, f"/api/v1/cases/{case.pk}/transitions/accept", {}),
                                       post(citizen, f"/api/v1/cases/{case.pk}/transitions/withdraw", {}))
    assert withdrawn.status_code == 200, withdrawn.content
    case.refresh_from_db()
    events = [e.transition for e in case.events.order_by("seq")]
    if accepted.status_code == 200:
        assert events == ["open", "accept", "withdraw"]
    else:
        assert accepted.status_code == 409, accepted.content
        assert events == ["open", "withdraw"]
    assert case.state == "withdrawn"
    assert list(case.events.order_by("seq").values_list("seq", flat=True)) == list(range(1, len(events) + 1))
    assert verify_case(case) == []


def test_two_clerks_confirm_the_same_disclosure_request_at_once(world, today):
    """A process other than licensing: 政府信息公开条例第三十一条 receipt confirmation of an online request."""
    citizen = logged_in(world.users["citizen"])
    r = citizen.post("/api/v1/requests", {"kind": "disclosure", "fields": {
        "description": "2025年本局档案行政许可事项的办理情况统计", "form": "electronic", "way": "email",
        "email": "lin@example.cn"}}, content_type="application/json")
    assert r.status_code == 201, r.content
    case = Case.objects.get(pk=r.json()["id"])
    clerk2 = f.staff("clerk2", world.agency, "intake_clerk")
    url = f"/api/v1/cases/{case.pk}/transitions/confirm_receipt"
    responses = run_together(post(logged_in(world.users["clerk"]), url, {}), post(logged_in(clerk2), url, {}))
    assert sorted(r.status_code for r in responses) == [200, 409], [r.content for r in responses]
    case.refresh_from_db()
    assert case.state == "received"
    assert [e.transition for e in case.events.order_by("seq")] == ["open", "confirm_receipt"]
    assert case.clocks.filter(name="reply").count() == 1


# ---- the gapless number series -------------------------------------------------------------------------------
WORKERS = 8
NUMBERS = 1000


def test_eight_workers_draw_1000_document_numbers_without_duplicate_or_gap(world):
    """GB/T 9704-2012 §7.2.4 发文字号: each number of an agency's series and year once, none skipped. Every
    allocation is its own transaction, as in ``case_fire``; one in seven is rolled back after taking its number
    (a document that failed), which must give the number back."""
    per_worker = NUMBERS // WORKERS

    def worker():
        kept, given_back = [], 0
        while len(kept) < per_worker:
            try:
                with transaction.atomic():
                    serial, number = document_number_next(agency=world.agency, number_code="许", year=2026)
                    if (serial + given_back) % 7 == 0:
                        given_back += 1
                        raise _GiveBack
            except _GiveBack:
                continue
            kept.append((serial, number))
        return kept

    results = run_together(*[worker for _ in range(WORKERS)])
    serials = [s for kept in results for s, _n in kept]
    numbers = [n for kept in results for _s, n in kept]
    duplicates = [s for s, k in Counter(serials).items() if k > 1]
    assert not duplicates, duplicates[:10]
    assert sorted(serials) == list(range(1, NUMBERS + 1))  # no gap, nothing beyond
    assert len(set(numbers)) == NUMBERS and "黑档许〔2026〕1000号" in numbers
    assert DocumentNumberCounter.objects.get(agency=world.agency, number_code="许", year=2026).last == NUMBERS
    # The workers really ran side by side: their numbers interleave (not one block after another).
    spans = sorted((min(s for s, _n in kept), max(s for s, _n in kept)) for kept in results)
    assert any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False)), spans


def test_the_first_number_of_a_new_series_is_created_once(world):
    """The series' row does not exist yet: eight workers create it at the same moment (``get_or_create`` racing
    on the unique constraint) and still get 1…8."""

    def worker():
        with transaction.atomic():
            return counter_next(agency=world.agency, key="race", year=2031)

    results = run_together(*[worker for _ in range(WORKERS)])
    assert sorted(results) == list(range(1, WORKERS + 1))
    assert DocumentNumberCounter.objects.filter(agency=world.agency, number_code="race").count() == 1


class _GiveBack(Exception):
    pass
