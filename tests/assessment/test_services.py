"""Target assessment through the services: the weights rule, weighted totals and rankings (ties), score
validation, unit links, items to rectify, and the summary for the annual report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.assessment import selectors, services
from fazhi.assessment.access import AssessmentNotFound
from fazhi.assessment.models import Indicator, RectificationItem, Scheme, Score
from fazhi.core.models import AuditEvent
from tests.assessment.conftest import build_scheme, score
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def messages(e: ValidationError) -> dict:
    return e.value.message_dict


# ---- weights -------------------------------------------------------------------------------------------------
def test_publish_needs_the_weights_to_add_up_to_100(aw):
    built = build_scheme(aw, weights=(60, 30), maxes=(100, 100), publish=False)
    head = aw.users["head"]
    with pytest.raises(ValidationError) as e:
        services.scheme_publish(actor=head, scheme_id=built.scheme.pk)
    assert messages(e) == {"weight": ["各项考核指标的权重之和应为100，现为90。"]}
    assert Scheme.objects.get(pk=built.scheme.pk).published is False
    services.indicator_save(actor=head, scheme_id=built.scheme.pk, indicator_id=built.indicators[1].pk, code="A2",
                            name="指标2", weight="40", max_score=100)
    services.scheme_publish(actor=head, scheme_id=built.scheme.pk)
    scheme = Scheme.objects.get(pk=built.scheme.pk)
    assert scheme.published and scheme.published_on == aw.today and scheme.published_by == head
    # the indicators are fixed once published
    with pytest.raises(ValidationError) as e:
        services.indicator_save(actor=head, scheme_id=scheme.pk, code="A3", name="新指标", weight=1)
    assert "scheme" in messages(e)
    with pytest.raises(ValidationError):
        services.indicator_delete(actor=head, scheme_id=scheme.pk, indicator_id=built.indicators[0].pk)
    assert Indicator.objects.filter(scheme=scheme).count() == 2
    assert AuditEvent.objects.filter(action="assessment.scheme_publish", object_id=str(scheme.pk)).count() == 1


def test_publish_needs_indicators_and_weights_in_range(aw):
    head = aw.users["head"]
    scheme = services.scheme_create(actor=head, year=2026, title="空方案")
    with pytest.raises(ValidationError) as e:
        services.scheme_publish(actor=head, scheme_id=scheme.pk)
    assert messages(e) == {"indicators": ["请先设置考核指标。"]}
    with pytest.raises(ValidationError) as e:
        services.indicator_save(actor=head, scheme_id=scheme.pk, code="", name="", weight="120", max_score="0")
    assert messages(e) == {"code": ["请填写“指标编号”。"], "name": ["请填写“考核指标”。"],
                           "weight": ["权重应大于0且不超过100。"], "max_score": ["满分应大于0且不超过1000。"]}
    with pytest.raises(ValidationError) as e:
        services.indicator_save(actor=head, scheme_id=scheme.pk, code="1", name="x", weight="3.333")
    assert messages(e) == {"weight": ["“权重”最多保留2位小数。"]}
    services.indicator_save(actor=head, scheme_id=scheme.pk, code="1", name="x", weight="33.33")
    with pytest.raises(ValidationError) as e:
        services.indicator_save(actor=head, scheme_id=scheme.pk, code="1", name="y", weight="10")
    assert messages(e) == {"code": ["指标编号1已被本方案的其他指标使用。"]}
    assert Indicator.objects.filter(scheme=scheme).count() == 1
    with pytest.raises(ValidationError) as e:
        services.scheme_create(actor=head, year=2026, title="空方案")
    assert messages(e) == {"title": ["本机关该年度已有同名的考核方案。"]}
    with pytest.raises(ValidationError) as e:
        services.scheme_create(actor=head, year="二〇二六", title="x")
    assert messages(e) == {"year": ["“考核年度”应为整数。"]}


# ---- totals and rankings -------------------------------------------------------------------------------------
def test_weighted_totals_and_rankings_with_ties(aw):
    built = build_scheme(aw)  # A1 weight 60 of 100 points, A2 weight 40 of 50 points
    u = built.units
    score(aw, built, u.harbin, "90", "40")      # 54 + 32 = 86
    score(aw, built, u.community, "80", "45")   # 48 + 36 = 84
    score(aw, built, u.county, "100", "35")     # 60 + 28 = 88
    score(aw, built, u.enterprise, "80", "45")  # 84: tie with 甲社区
    rows = selectors.rankings(built.scheme)
    got = [(r.unit.name, r.total, r.rank, r.group_rank, r.complete) for r in rows]
    assert got == [
        ("宾县档案局", Decimal("88.00"), 1, 1, True),
        ("哈尔滨市档案局", Decimal("86.00"), 2, 1, True),
        ("甲社区", Decimal("84.00"), 3, 2, True),
        ("乙企业", Decimal("84.00"), 3, 2, True),
    ]
    assert selectors.competition_ranks([Decimal(5), Decimal(7), Decimal(7), Decimal(1)]) == [3, 1, 1, 4]
    assert selectors.average(rows) == Decimal("85.50")
    by_group = selectors.group_rankings(rows)
    assert [(g.name, [r.unit.name for r in members]) for g, members in by_group] == [
        ("第一检查组", ["哈尔滨市档案局", "甲社区"]), ("第二检查组", ["宾县档案局", "乙企业"])]


def test_totals_round_half_up_and_incomplete_units(aw):
    built = build_scheme(aw, weights=("33.33", "66.67"), maxes=(100, 100))
    u = built.units
    services.scores_record(actor=aw.users["head"], scheme_id=built.scheme.pk, unit_id=u.harbin.pk,
                           entries=[{"indicator": built.indicators[0].pk, "score": "95.5", "evidence": "略"}])
    rows = {r.unit.name: r for r in selectors.rankings(built.scheme)}
    # 95.5 / 100 × 33.33 = 31.830150 → 31.83; one indicator of two: not complete
    assert rows["哈尔滨市档案局"].total == Decimal("31.83") and not rows["哈尔滨市档案局"].complete
    assert rows["甲社区"].total == Decimal("0.00") and rows["甲社区"].scored == 0
    assert rows["甲社区"].rank == 2  # the three unscored units tie at 0


def test_scores_are_checked_and_nothing_is_saved(aw):
    built = build_scheme(aw)
    head, scheme, unit = aw.users["head"], built.scheme, built.units.harbin
    a1, a2 = built.indicators
    with pytest.raises(ValidationError) as e:
        services.scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, entries=[
            {"indicator": a1.pk, "score": "100", "evidence": ""},
            {"indicator": a2.pk, "score": "51", "evidence": "x"}])
    assert messages(e) == {f"score_{a2.pk}": ["“指标2”的得分应在0到50之间。"]}
    with pytest.raises(ValidationError) as e:
        services.scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, entries=[
            {"indicator": a1.pk, "score": "九十"}, {"indicator": a2.pk, "score": "45", "evidence": "  "}])
    assert messages(e) == {f"score_{a1.pk}": ["“指标1得分”应为数字。"],
                           f"evidence_{a2.pk}": ["“指标2”扣分的，请写明评分依据。"]}
    with pytest.raises(ValidationError) as e:
        services.scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, entries=[
            {"indicator": a1.pk, "score": "90.25", "evidence": "x"}])
    assert messages(e) == {f"score_{a1.pk}": ["“指标1得分”最多保留1位小数。"]}
    with pytest.raises(ValidationError) as e:
        services.scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, entries=[{"indicator": a1.pk}])
    assert messages(e) == {"scores": ["请至少填写一项得分。"]}
    assert not Score.objects.exists()
    # a full score needs no evidence; a later correction keeps the evidence when none is sent
    services.scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk,
                           entries=[{"indicator": a1.pk, "score": "100", "evidence": ""},
                                    {"indicator": a2.pk, "score": "40", "evidence": "台账不全"}])
    services.scores_record(actor=head, scheme_id=scheme.pk, unit_id=unit.pk,
                           entries=[{"indicator": a2.pk, "score": "42"}])
    s = Score.objects.get(unit=unit, indicator=a2)
    assert s.score == Decimal("42.0") and s.evidence == "台账不全" and s.scored_by == head
    audit = AuditEvent.objects.filter(action="assessment.score_record", object_id=str(s.pk)).first()
    assert audit.detail["old"] == "40.0" and audit.detail["new"] == "42.0"


def test_scoring_waits_for_publication_and_the_evidence_file_is_sniffed(aw):
    built = build_scheme(aw, publish=False)
    head, unit, a1 = aw.users["head"], built.units.harbin, built.indicators[0]
    with pytest.raises(ValidationError) as e:
        services.scores_record(actor=head, scheme_id=built.scheme.pk, unit_id=unit.pk,
                               entries=[{"indicator": a1.pk, "score": "90", "evidence": "x"}])
    assert messages(e) == {"scheme": ["考核方案印发后才能评分。"]}
    services.scheme_publish(actor=head, scheme_id=built.scheme.pk)
    with pytest.raises(ValidationError) as e:
        services.scores_record(actor=head, scheme_id=built.scheme.pk, unit_id=unit.pk, entries=[
            {"indicator": a1.pk, "score": "90", "evidence": "x", "file": ("evidence.pdf", b"MZ\x90\x00not a pdf")}])
    assert list(messages(e)) == [f"file_{a1.pk}"] and "不支持的文件类型" in messages(e)[f"file_{a1.pk}"][0]
    assert not Score.objects.exists()
    services.scores_record(actor=head, scheme_id=built.scheme.pk, unit_id=unit.pk, entries=[
        {"indicator": a1.pk, "score": "90", "evidence": "x", "file": ("现场照片.pdf", pdf_bytes("evidence"))}])
    s = Score.objects.get()
    assert s.evidence_name == "现场照片.pdf" and s.evidence_mime == "application/pdf" and len(s.evidence_sha256) == 64


def test_unit_links_stay_in_the_tree(aw):
    built = build_scheme(aw, publish=False)
    head, scheme, g1 = aw.users["head"], built.scheme, built.groups[0]
    for code, message in [("hlj", "只能关联本机关的下级机关。"), ("other", "只能关联本机关的下级机关。"),
                          ("nope", "没有这个机关。"), ("harbin", "哈尔滨市档案局已是本方案的被考核单位。")]:
        with pytest.raises(ValidationError) as e:
            services.unit_save(actor=head, scheme_id=scheme.pk, group_id=g1.pk, name=f"单位{code}", kind="city",
                               agency=code)
        assert messages(e) == {"agency": [message]}, code
    with pytest.raises(ValidationError) as e:
        services.unit_save(actor=head, scheme_id=scheme.pk, group_id=999999, name="甲社区", kind="school")
    assert messages(e) == {"group": ["请选择本方案的检查组。"], "kind": ["请选择单位类别。"],
                           "name": ["本方案已有被考核单位“甲社区”。"]}
    assert scheme.units.count() == 4


def test_who_may_write(aw):
    built = build_scheme(aw)
    scheme = built.scheme
    with pytest.raises(PermissionDenied):
        services.group_save(actor=aw.users["clerk"], scheme_id=scheme.pk, name="第三检查组")
    with pytest.raises(PermissionDenied):
        services.scheme_create(actor=aw.users["clerk"], year=2026, title="x")
    with pytest.raises(AssessmentNotFound):  # a subordinate agency sees the scheme only in part: not found
        services.group_save(actor=aw.users["city_head"], scheme_id=scheme.pk, name="第三检查组")
    with pytest.raises(AssessmentNotFound):
        services.group_save(actor=aw.users["other_head"], scheme_id=scheme.pk, name="第三检查组")
    with pytest.raises(AssessmentNotFound):
        services.group_save(actor=aw.users["sysadmin"], scheme_id=scheme.pk, name="第三检查组")
    # the superior agency reads a subordinate's scheme but does not manage it
    city_scheme = services.scheme_create(actor=aw.users["city_head"], year=2026, title="哈尔滨市考核方案")
    with pytest.raises(PermissionDenied):
        services.group_save(actor=aw.users["head"], scheme_id=city_scheme.pk, name="x")
    assert scheme.groups.count() == 2


def test_rectification_items(aw):
    built = build_scheme(aw)
    head, scheme, unit = aw.users["head"], built.scheme, built.units.community
    with pytest.raises(ValidationError) as e:
        services.rectification_add(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, description="", due="2026-13-01")
    assert messages(e) == {"description": ["请填写“整改事项”。"], "due": ["“整改期限”应为日期（YYYY-MM-DD）。"]}
    item = services.rectification_add(actor=head, scheme_id=scheme.pk, unit_id=unit.pk, description="补齐台账",
                                      due="2026-12-31", indicator_id=built.indicators[0].pk)
    with pytest.raises(ValidationError) as e:
        services.rectification_done(actor=head, scheme_id=scheme.pk, item_id=item.pk,
                                    done_on=aw.today + dt.timedelta(days=1), note="已补齐")
    assert messages(e) == {"done_on": ["“整改完成日期”不能晚于今天。"]}
    services.rectification_done(actor=head, scheme_id=scheme.pk, item_id=item.pk, note="已补齐")
    item.refresh_from_db()
    assert item.done_on == aw.today and item.done_note == "已补齐"
    with pytest.raises(ValidationError) as e:
        services.rectification_done(actor=head, scheme_id=scheme.pk, item_id=item.pk, note="again")
    assert messages(e) == {"done_on": ["该整改事项已完成。"]}


def test_summary_gives_the_figures_with_their_records(aw):
    built = build_scheme(aw, year=2017)
    u = built.units
    score(aw, built, u.harbin, "90", "40")
    score(aw, built, u.community, "80", "45")
    score(aw, built, u.county, "100", "35")
    score(aw, built, u.enterprise, "70", "50")  # 42 + 40 = 82
    head = aw.users["head"]
    open_item = services.rectification_add(actor=head, scheme_id=built.scheme.pk, unit_id=u.enterprise.pk,
                                           description="整改", due="2018-03-31")
    done_item = services.rectification_add(actor=head, scheme_id=built.scheme.pk, unit_id=u.community.pk,
                                           description="整改", due="2018-03-31")
    services.rectification_done(actor=head, scheme_id=built.scheme.pk, item_id=done_item.pk, note="完成")
    # a draft of the same year and another year's scheme do not count
    services.scheme_create(actor=head, year=2017, title="草稿方案")
    build_scheme(aw, year=2018)
    s = selectors.assessment_summary(aw.agency, 2017)
    unit_ids = sorted(x.pk for x in vars(u).values())
    assert s["schemes"] == {"value": 1, "model": "assessment.scheme", "ids": [built.scheme.pk]}
    assert s["groups"] == {"value": 2, "model": "assessment.group", "ids": sorted(g.pk for g in built.groups)}
    assert s["units"] == {"value": 4, "model": "assessment.assessedunit", "ids": unit_ids}
    assert s["units_by_kind"]["city"] == {"label": "市级档案馆（局）", "value": 1, "model": "assessment.assessedunit",
                                          "ids": [u.harbin.pk]}
    assert s["indicators"]["value"] == 2 and s["scores"]["value"] == 8
    assert s["average"] == {"value": Decimal("85.00"), "model": "assessment.assessedunit", "ids": unit_ids}
    assert [(r["name"], r["rank"], r["total"]) for r in s["ranking"]] == [
        ("宾县档案局", 1, Decimal("88.00")), ("哈尔滨市档案局", 2, Decimal("86.00")), ("甲社区", 3, Decimal("84.00")),
        ("乙企业", 4, Decimal("82.00"))]
    assert s["rectifications"]["ids"] == sorted([open_item.pk, done_item.pk])
    assert s["rectifications_done"]["ids"] == [done_item.pk]
    assert s["rectifications_open"]["ids"] == [open_item.pk]
    assert RectificationItem.objects.count() == 2
    empty = selectors.assessment_summary(aw.agency, 2016)
    assert empty["units"] == {"value": 0, "model": "assessment.assessedunit", "ids": []}
    assert empty["average"]["value"] is None
