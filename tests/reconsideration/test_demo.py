"""The demo: the letter's committee of eleven and a year of cases, loaded twice without duplicates."""

from __future__ import annotations

from fazhi.process.audit import verify_case
from fazhi.process.models import Case
from fazhi.reconsideration.demo import load_reconsideration_demo
from fazhi.reconsideration.models import CommitteeMember, Competence, Reconsideration


def test_demo_loads_the_committee_and_a_year_of_cases(world, today):
    load_reconsideration_demo(world.agency, world.users)
    members = CommitteeMember.objects.filter(agency=world.agency)
    assert members.count() == 11
    assert members.filter(kind="internal").count() == 6 and members.filter(kind="external").count() == 5
    assert set(members.values_list("profession", flat=True)) == {"official", "scholar", "lawyer"}
    assert members.filter(position="chair").count() == 1
    assert Competence.objects.filter(agency=world.agency).count() == 1
    organ = {r.decision_type or r.case.outcome or r.case.state: r.case
             for r in Reconsideration.objects.filter(case__agency=world.agency, role="organ").select_related("case")}
    assert organ["maintain"].state == "closed"
    assert organ["revoke_redo"].state == "closed"
    assert organ["not_admitted"].state == "not_admitted"
    assert organ["withdrawn"].state == "withdrawn"
    assert organ["received"].state == "received"
    assert Reconsideration.objects.get(case=organ["revoke_redo"]).advices.get().members.count() == 7
    respondent = Reconsideration.objects.get(case__agency=world.agency, role="respondent")
    assert respondent.case.state == "answered" and respondent.organ_name == "黑龙江省人民政府"
    # Harbin's side of the cases against it: closed by the decision, ended by the withdrawal
    harbin = {c.outcome: c.state for c in Case.objects.filter(agency=world.city, kind="reconsideration_respondent")}
    assert harbin == {"maintain": "closed", "withdrawn": "ended"}
    for case in Case.objects.filter(kind__startswith="reconsideration"):
        assert verify_case(case) == []
    count = Case.objects.count()
    load_reconsideration_demo(world.agency, world.users)
    assert Case.objects.count() == count and CommitteeMember.objects.count() == 11
    # the public committee page shows the eleven
    from django.test import Client

    page = Client().get("/reconsideration/committee/").content.decode()
    assert "委员共11人，其中内部委员6人、外部委员（专家学者、律师）5人" in page
