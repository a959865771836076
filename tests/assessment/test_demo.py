"""The demo reproduces the letter's target assessment from records: the 2017 scheme of the provincial bureau with
five groups and exactly 70 units of every kind, weights adding up to 100, a score for every unit on every indicator
(deductions with their evidence), rankings, a few items to rectify; idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi.assessment import selectors, services
from fazhi.assessment.demo import TITLE
from fazhi.assessment.models import AssessedUnit, Scheme, Score
from fazhi.core.demo.load import demo_load
from fazhi.core.models import Agency, User
from tests.assessment.conftest import logged

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("FAZHI_DEMO_PASSWORD", "Demo-Password-2026")
    demo_load()
    return Agency.objects.get(code="hlj")


def test_the_2017_assessment_of_the_letter(demo):
    scheme = Scheme.objects.get(agency=demo, year=2017, title=TITLE)
    assert scheme.published and not services.publish_problems(scheme)
    assert services.weight_total(scheme) == Decimal(100)
    s = selectors.assessment_summary(demo, 2017)
    assert s["schemes"]["ids"] == [scheme.pk]
    assert s["groups"]["value"] == 5 and s["units"]["value"] == 70
    assert {k: f["value"] for k, f in s["units_by_kind"].items()} == {
        "city": 13, "county": 25, "community": 8, "office": 8, "enterprise": 8, "township": 8}
    assert s["scores"]["value"] == 70 * scheme.indicators.count()
    assert all(r["complete"] for r in s["ranking"]) and len(s["ranking"]) == 70
    assert [r["rank"] for r in s["ranking"]][0] == 1 and 80 <= s["average"]["value"] <= 100
    assert not Score.objects.filter(unit__scheme=scheme, score__lt=100, evidence="").exists()
    assert 3 <= s["rectifications"]["value"] <= 10 and s["rectifications_open"]["value"] >= 1
    linked = dict(AssessedUnit.objects.filter(scheme=scheme, agency__isnull=False).values_list("agency__code", "name"))
    assert linked == {"harbin": "哈尔滨市档案局", "qiqihar": "齐齐哈尔市档案局", "binxian": "宾县档案局"}
    # Harbin's staff see their unit and Binxian's, not the others
    body = logged(User.objects.get(username="city_clerk")).get(f"/assessment/{scheme.pk}/").content.decode()
    assert "哈尔滨市档案局" in body and "宾县档案局" in body and "齐齐哈尔市档案局" not in body
    body = logged(User.objects.get(username="director")).get(f"/assessment/{scheme.pk}/").content.decode()
    assert '<dd id="unit-count">70</dd>' in body


def test_the_demo_is_idempotent(demo):
    before = (Scheme.objects.count(), AssessedUnit.objects.count(), Score.objects.count())
    demo_load()
    assert (Scheme.objects.count(), AssessedUnit.objects.count(), Score.objects.count()) == before
