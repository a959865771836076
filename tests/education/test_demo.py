"""The demo reproduces the letter's legal education from records: the 2017 lecture on the Licensing Law and the
other events with the demo officers' attendance (their training records), the law-knowledge contest with exactly
13 teams and 1 first, 2 second and 5 third prizes, the public activities (国际档案日 6月9日, 国家宪法日 12月4日);
idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.demo.load import demo_load
from fazhi.core.models import Agency
from fazhi.education import selectors
from fazhi.education.demo import LECTURE
from fazhi.education.models import Attendance, Contest, PublicActivity, TrainingEvent
from fazhi.inspection.models import Officer
from fazhi.officers.models import TrainingRecord
from fazhi.officers.services import training_hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    return Agency.objects.get(code="hlj")


def test_the_2017_legal_education_of_the_letter(demo):
    s = selectors.education_summary(demo, 2017)
    assert s["contests"]["contests"]["value"] == 1 and s["contests"]["teams"]["value"] == 13
    assert {k: f["value"] for k, f in s["contests"]["prizes_by_level"].items()} == {
        "first": 1, "second": 2, "third": 5, "excellence": 0}
    contest = Contest.objects.get(pk=s["contests"]["contests"]["ids"][0])
    standings = selectors.standings(contest)
    assert [x.prize.level if x.prize else None for x in standings] == (
        ["first", "second", "second"] + ["third"] * 5 + [None] * 5)
    assert TrainingEvent.objects.filter(agency=demo, title=LECTURE, kind="lecture").exists()
    assert s["training"]["events"]["value"] == 4
    officers = Officer.objects.filter(agency=demo)
    assert s["training"]["officers"]["value"] == officers.count()
    # every officer's attendance is a training record the certificate rules read
    records = TrainingRecord.objects.filter(attendance__isnull=False)
    assert records.count() == s["training"]["training_records"]["value"] == Attendance.objects.filter(
        officer__isnull=False).count()
    zhou = officers.get(name="周执法")
    assert training_hours(zhou, 2017) == sum(a.hours for a in Attendance.objects.filter(officer=zhou))
    kinds = {k for k in s["public_activities"]["by_kind"]}
    assert {"archives_day", "constitution_day", "archives_law", "community"} <= kinds
    assert PublicActivity.objects.filter(agency=demo, kind="archives_day", date=dt.date(2017, 6, 9)).exists()
    assert PublicActivity.objects.filter(agency=demo, kind="constitution_day", date=dt.date(2017, 12, 4)).exists()


def test_the_demo_is_idempotent(demo):
    before = (TrainingEvent.objects.count(), Attendance.objects.count(), TrainingRecord.objects.count(),
              Contest.objects.count(), PublicActivity.objects.count())
    demo_load()
    assert (TrainingEvent.objects.count(), Attendance.objects.count(), TrainingRecord.objects.count(),
            Contest.objects.count(), PublicActivity.objects.count()) == before
