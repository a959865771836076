"""The demo has the letter's three major decisions (黑档函〔2018〕15号), each through the legality review and the
director's meeting (局长办公会), published; and its legislative project. Loading twice changes nothing."""

from __future__ import annotations

from fazhi.decisions.demo import load_decisions_demo
from fazhi.decisions.models import Decision, LegislativeProject
from fazhi.process.audit import verify_case
from fazhi.process.models import Case


def test_demo_has_the_three_decisions_of_the_letter(world):
    load_decisions_demo(world.agency, world.users)
    decisions = list(Decision.objects.select_related("case").order_by("case__received_on"))
    titles = [d.title for d in decisions]
    assert len(decisions) == 3
    assert "十三五规划" in titles[0] and titles[1] == "黑龙江省关于加强和改进新形势下档案工作的实施意见"
    assert "抢救" in titles[2]
    for d in decisions:
        review = d.reviews.get()
        assert review.result == "passed" and review.workdays >= 7 and not review.short_review_reason
        assert review.draft_sha256 == d.draft_sha256
        meeting = d.meetings.get()
        assert meeting.outcome == "adopted" and meeting.meeting_type == "directors_office"
        assert meeting.meeting_date > review.opinion_on and meeting.draft_sha256 == d.draft_sha256
        assert d.case.state == "implementing" and d.case.published_on is not None
        assert 2016 <= d.case.received_on.year <= 2017 and d.case.decided_on.year == 2017
        assert {s.kind for s in d.steps.all()} >= {"participation", "expert", "risk", "publication"}
        assert d.catalogue_item is not None
        assert not verify_case(d.case)
    # the plan went through a 30-day public comment period that ran out by itself
    plan = decisions[0]
    assert plan.case.events.filter(transition="consultation_over", actor__isnull=True).exists()
    assert plan.draft_version == 2
    project = LegislativeProject.objects.get()
    assert project.title == "黑龙江省重大事项档案管理办法" and "2017" in project.plan
    assert any("浙江、山东" in m["name"] for m in project.milestones)
    # idempotent
    load_decisions_demo(world.agency, world.users)
    assert Decision.objects.count() == 3 and LegislativeProject.objects.count() == 1
    assert Case.objects.filter(kind="major_decision").count() == 3
