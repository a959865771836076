"""The evaluator over the seeded Archives Law standard: grades per party type, art. 32/33 circumstances,
art. 37 between versions, and every case where it must refuse instead of guessing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fazhi.discretion.evaluator import (
    EvaluationError,
    Recommendation,
    check_decision,
    evaluate,
    version_in_force,
)
from fazhi.discretion.models import StandardVersion, ViolationRule
from tests.discretion.conftest import SEED_CODE, variant

pytestmark = pytest.mark.django_db

V_DAY = dt.date(2024, 5, 1)
D_DAY = dt.date(2024, 9, 2)


def ev(violation="da48-1-use", party="unit", circumstances=(), violation_date=V_DAY, decision_date=D_DAY, **kw):
    return evaluate(violation=violation, party_type=party, circumstances=list(circumstances),
                    violation_date=violation_date, decision_date=decision_date, **kw)


def refused(code, **kw) -> EvaluationError:
    with pytest.raises(EvaluationError) as e:
        ev(**kw)
    assert e.value.code == code, (e.value.code, e.value.message)
    return e.value


def test_the_migration_seeds_the_published_archives_law_standard():
    v = StandardVersion.objects.get(code=SEED_CODE)
    assert v.published and v.agency is None and v.effective_from == dt.date(2021, 1, 1)
    assert "示例" in v.note and "0–20%" in v.note
    rule = v.rules.get(code="da49-1-1")
    assert rule.violated_article == "《中华人民共和国档案法》第四十八条第一项"
    assert rule.penalty_article == "《中华人民共和国档案法》第四十九条第一款"
    assert set(v.rules.filter(sanction="discipline").values_list("violation", flat=True)) == {
        "da48-1", "da48-2", "da48-4", "da48-6", "da48-7", "da48-8", "da48-9", "da48-10"}


@pytest.mark.parametrize("violation, party, circumstances, grade, kind, low, high", [
    # 第四十九条第一款: units 1万–10万, individuals 500–5000, plus 警告
    ("da48-1-use", "unit", [], "general", "警告、罚款", "28000", "55000"),
    ("da48-2-use", "individual", ["confessed"], "minor", "警告、罚款", "500", "1400"),
    ("da48-4-use", "individual", ["obstruct"], "heavy", "警告、罚款", "2750", "4100"),
    # an archives service enterprise using the archives hall's archives is a unit
    ("da48-1-use", "archives_service_enterprise", ["remedied-harm", "coerced"], "minor", "警告、罚款", "10000", "28000"),
    # 第四十九条第二款: archives service enterprises in their service, 2万–20万
    ("da48-4-service", "archives_service_enterprise", ["repeat-offence"], "heavy", "警告、罚款", "110000", "164000"),
    ("da48-2-service", "archives_service_enterprise", [], "general", "警告、罚款", "56000", "110000"),
    # 第四十九条第三款: 警告, 没收违法所得, units 2万–20万, individuals 2000–2万
    ("da48-5", "individual", ["serious-harm"], "serious", "警告、没收违法所得、罚款", "16400", "20000"),
    ("da48-3", "unit", ["meritorious"], "minor", "警告、没收违法所得、罚款", "20000", "56000"),
])
def test_grades_per_party_type(violation, party, circumstances, grade, kind, low, high):
    rec = ev(violation, party, circumstances)
    assert (rec.outcome, rec.grade, rec.kind) == ("penalty", grade, kind)
    assert (rec.min, rec.max) == (Decimal(low), Decimal(high))
    assert rec.version == SEED_CODE
    assert any("第四十八条" in c for c in rec.citations) and any("第四十九条" in c for c in rec.citations)
    assert rec.reasoning[-1].startswith("推荐")


def test_reasoning_and_citations_name_the_articles():
    rec = ev("da48-1-use", "unit", ["confessed"])
    text = "".join(rec.reasoning)
    assert "2024年5月1日" in text and "archives-law-2021" in text
    assert "违反《中华人民共和国档案法》第四十八条第一项" in text and "第四十九条第一款" in text
    assert "法定罚款幅度：10000元至100000元" in text
    assert "应当从轻或者减轻" in text and "第三十二条第三项" in text
    assert rec.citations[:3] == ("《中华人民共和国档案法》第四十八条第一项", "《中华人民共和国档案法》第四十九条第一款",
                                 "《中华人民共和国行政处罚法》第三十二条第三项")
    assert (rec.statutory_min, rec.statutory_max) == (Decimal("10000"), Decimal("100000"))
    assert rec.reduction_permitted


def test_precedence_of_the_standard_between_two_aggravating_grades():
    rec = ev("da48-3", "unit", ["serious-harm", "repeat-offence"])
    assert rec.grade == "serious" and (rec.min, rec.max) == (Decimal("164000"), Decimal("200000"))
    assert any("“严重”档次优先于“较重”档次" in s for s in rec.reasoning)


# ---- art. 33 and the other no-penalty circumstances -----------------------------------------------------
def test_minor_violation_corrected_in_time_is_not_penalized():
    rec = ev("da48-1-use", "unit", ["minor-corrected-no-harm"])
    assert (rec.outcome, rec.kind, rec.kinds, rec.min, rec.max, rec.grade) == (
        "no_penalty", "不予行政处罚", (), Decimal("0"), Decimal("0"), "")
    assert "《中华人民共和国行政处罚法》第三十三条第一款" in rec.citations
    assert "《中华人民共和国行政处罚法》第三十三条第三款" in rec.citations  # education
    assert rec.alternative is None


def test_no_fault_is_not_penalized_even_with_aggravating_circumstances():
    rec = ev("da48-5", "individual", ["no-fault", "repeat-offence"])
    assert rec.outcome == "no_penalty" and rec.kind == "不予行政处罚"
    assert "《中华人民共和国行政处罚法》第三十三条第二款" in rec.citations


def test_first_minor_violation_may_go_unpunished_and_the_reasoning_says_it_is_discretionary():
    rec = ev("da48-2-use", "individual", ["first-minor-corrected"])
    assert (rec.outcome, rec.kind, rec.min, rec.max) == ("may_not_penalize", "不予行政处罚", 0, 0)
    assert rec.discretionary
    assert any("可以不予行政处罚" in s and "裁量" in s for s in rec.reasoning)
    alt = rec.alternative
    assert (alt.grade, alt.kinds, alt.min, alt.max) == ("general", ("警告", "罚款"), Decimal("1400"), Decimal("2750"))


def test_art_33_second_sentence_did_not_exist_before_15_july_2021():
    e = refused("circumstance_not_in_force", circumstances=["first-minor-corrected"],
                violation_date=dt.date(2021, 3, 1), decision_date=dt.date(2021, 6, 1))
    assert "2021年7月15日" in e.message


def test_contradictory_and_inapplicable_circumstances_are_refused():
    e = refused("contradictory", circumstances=["minor-corrected-no-harm", "serious-harm"])
    assert "相互矛盾" in e.message
    e = refused("circumstance_not_applicable", party="unit", circumstances=["under-14"])
    assert "单位" in e.message


# ---- refusals ---------------------------------------------------------------------------------------------
def test_discipline_is_not_an_administrative_penalty():
    e = refused("discipline_only", violation="da48-7")
    assert "处分" in e.message and "第四十八条第七项" in e.message and "不是行政处罚" in e.message


def test_no_rule_party_not_covered_and_unknown_circumstance():
    e = refused("no_rule", violation="da99-1")
    assert "da99-1" in e.message and "没有" in e.message
    e = refused("party_not_covered", violation="da48-1-service", party="individual")
    assert "个人" in e.message and "档案服务企业" in e.message and e.details["rules"] == ["da49-2-1"]
    e = refused("unknown_circumstance", circumstances=["confessed", "bribed-the-officer"])
    assert e.details == {"circumstances": ["bribed-the-officer"]} and "bribed-the-officer" in e.message


def test_circumstances_selecting_two_grades_without_precedence_are_a_conflict():
    e = refused("conflict", circumstances=["confessed", "repeat-offence"])
    assert "主动供述行政机关尚未掌握的违法行为的" in e.message and "一年内因同一种违法行为受过行政处罚的" in e.message
    assert "轻微" in e.message and "较重" in e.message
    assert e.details["grades"] == ["minor", "heavy"]


def test_two_rules_for_the_same_violation_and_party_are_a_conflict():
    rule = ViolationRule.objects.get(version__code=SEED_CODE, code="da49-1-1")
    ViolationRule.objects.create(version=rule.version, code="da49-1-1-bis", violation=rule.violation,
                                 description="重复规则", violated_article=rule.violated_article,
                                 penalty_article="某规章第十条", party_types=["unit"], kinds=["警告"])
    e = refused("conflict")
    assert "da49-1-1" in e.message and "da49-1-1-bis" in e.message and "某规章第十条" in e.message
    assert ev(party="individual").rule == "da49-1-1"


def test_two_published_versions_from_the_same_day_are_a_conflict():
    seed = StandardVersion.objects.get(code=SEED_CODE)
    StandardVersion.objects.create(code="twin", title="孪生版本", effective_from=seed.effective_from, published=True,
                                   digest="x")
    e = refused("conflict")
    assert "twin" in e.message and SEED_CODE in e.message


def test_bad_input_and_no_version():
    refused("invalid", party="company")
    refused("invalid", violation_date=dt.date(2024, 9, 3), decision_date=dt.date(2024, 9, 2))
    e = refused("no_version", violation_date=dt.date(2020, 12, 31))
    assert "2020年12月31日" in e.message


def test_unpublished_versions_are_not_applied(load):
    load(variant("draft-2024", "2024-01-01", general_unit=("10000", "20000"), published=False))
    assert ev().version == SEED_CODE


# ---- art. 37 ----------------------------------------------------------------------------------------------
def test_a_lighter_later_version_applies(load):
    load(variant("lighter-2024", "2024-07-01", general_unit=("20000", "40000")))
    rec = ev()
    assert rec.version == "lighter-2024" and (rec.min, rec.max) == (Decimal("20000"), Decimal("40000"))
    text = "".join(rec.reasoning)
    assert "处罚较轻" in text and "最高罚款由55000元降为40000元" in text and "适用新的裁量基准" in text
    assert "《中华人民共和国行政处罚法》第三十七条" in rec.citations


def test_a_heavier_later_version_does_not_apply(load):
    load(variant("heavier-2024", "2024-07-01", general_unit=("40000", "70000")))
    rec = ev()
    assert rec.version == SEED_CODE and (rec.min, rec.max) == (Decimal("28000"), Decimal("55000"))
    assert any("不轻于" in s and "适用违法行为发生时的裁量基准" in s for s in rec.reasoning)
    assert "《中华人民共和国行政处罚法》第三十七条" in rec.citations
    # the other rules are equal in both versions: equal is not lighter, the old one stays
    assert ev(party="individual").version == SEED_CODE
    # a violation after the new version took effect: the new version, no comparison
    later = ev(violation_date=dt.date(2024, 8, 1))
    assert later.version == "heavier-2024" and later.max == Decimal("70000")
    assert not any("第三十七条" in s for s in later.reasoning)


def test_a_later_version_without_the_rule_is_for_a_lawyer(load):
    load(variant("narrow-2024", "2024-07-01", drop_rules=("da49-1-1",)))
    e = refused("later_version")
    assert "narrow-2024" in e.message and "第三十七条" in e.message
    assert ev(violation_date=dt.date(2024, 6, 30), decision_date=dt.date(2024, 6, 30)).version == SEED_CODE


def test_the_agency_own_version_and_its_parent_come_before_the_general_one(world, load):
    load(variant("hlj-2022", "2022-01-01", agency="hlj", general_unit=("30000", "50000")))
    assert ev(agency=world.agency).version == "hlj-2022"
    assert ev(agency=world.city).version == "hlj-2022"  # the province's standard covers the city bureau
    assert ev(agency=world.other).version == SEED_CODE
    assert ev().version == SEED_CODE
    assert version_in_force(dt.date(2021, 6, 1), world.agency).code == SEED_CODE


def test_a_version_superseded_or_expired(load):
    v = StandardVersion.objects.get(code=SEED_CODE)
    StandardVersion.objects.filter(pk=v.pk).update(effective_until=dt.date(2023, 12, 31))
    refused("no_version")
    assert ev(violation_date=dt.date(2023, 12, 31), decision_date=dt.date(2023, 12, 31)).version == SEED_CODE


# ---- check_decision ---------------------------------------------------------------------------------------
def test_a_decision_within_the_range_needs_nothing():
    rec = ev()
    check = check_decision(rec, kind="警告、罚款", amount=30000)
    assert check.within_range and not check.requires_legal_review and not check.deviations


def test_a_decision_outside_the_range_needs_a_reason_and_a_legal_review():
    rec = ev()
    with pytest.raises(ValidationError) as e:
        check_decision(rec, kind=["警告", "罚款"], amount="60000", reason="  ")
    assert "书面说明理由" in e.value.message_dict["reason"][0] and "60000" in e.value.message_dict["reason"][0]
    check = check_decision(rec, kind=["警告", "罚款"], amount="60000", reason="档案系孤本，损失无法弥补")
    assert not check.within_range and check.requires_legal_review
    assert check.deviations == ("罚款60000元高于推荐幅度上限55000元。",)
    assert any("国办发〔2022〕27号" in c for c in check.citations)
    check = check_decision(rec, kind="罚款", amount=30000, reason="理由")
    assert check.deviations == ("缺少推荐的处罚种类：警告。",)


def test_a_fine_above_the_statutory_maximum_is_refused_whatever_the_reason():
    with pytest.raises(ValidationError) as e:
        check_decision(ev(), kind="警告、罚款", amount=100001, reason="情节特别严重")
    assert "超过法定最高数额100000元" in e.value.message_dict["amount"][0]


def test_below_the_statutory_minimum_is_a_reduction_only_with_a_mitigating_circumstance():
    check = check_decision(ev(circumstances=["confessed"]), kind="警告、罚款", amount=8000, reason="减轻处罚")
    assert any("属于减轻处罚" in d for d in check.deviations) and check.requires_legal_review
    check = check_decision(ev(), kind="警告、罚款", amount=8000, reason="减轻处罚")
    assert any("未认定应当从轻或者减轻处罚的情节" in d for d in check.deviations)


def test_no_penalty_recommendations():
    rec = ev(circumstances=["minor-corrected-no-harm"])
    assert check_decision(rec, kind="不予行政处罚", amount=None).within_range
    with pytest.raises(ValidationError):
        check_decision(rec, kind="警告", amount=None)
    assert check_decision(rec, kind="警告", amount=None, reason="理由").requires_legal_review
    may = ev(circumstances=["first-minor-corrected"])
    assert check_decision(may, kind=[], amount=0).within_range
    assert check_decision(may, kind="警告、罚款", amount=30000).within_range  # the alternative grade
    assert check_decision(may, kind="警告、罚款", amount=60000, reason="理由").requires_legal_review
    # a penalty recommended, none decided
    with pytest.raises(ValidationError):
        check_decision(ev(), kind="不予行政处罚", amount=None)


def test_check_decision_input_errors_and_stored_recommendations():
    rec = ev()
    with pytest.raises(ValidationError) as e:
        check_decision(rec, kind="警告、拘役", amount=None)
    assert "拘役" in e.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as e:
        check_decision(rec, kind="警告、罚款", amount=None)
    assert "amount" in e.value.message_dict
    with pytest.raises(ValidationError):
        check_decision(rec, kind="警告", amount=100)
    with pytest.raises(ValidationError):
        check_decision(rec, kind="警告、罚款", amount="-5")
    stored = rec.as_dict()
    assert stored["min"] == "28000.00" and stored["violation_date"] == "2024-05-01"
    assert Recommendation.from_dict(stored) == rec
    assert check_decision(stored, kind="警告、罚款", amount="30000.00").within_range
    may = ev(circumstances=["first-minor-corrected"])
    assert Recommendation.from_dict(may.as_dict()) == may
