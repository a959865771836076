"""Versioning, permissions and validation of the power list services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.core.models import AuditEvent
from fazhi.laws.models import Law
from fazhi.laws.services import law_version_add
from fazhi.powers import selectors, services
from fazhi.powers.models import Power, PowerCitation, PowerListVersion, RiskPoint
from tests.powers.conftest import RISKS, power_data

pytestmark = pytest.mark.django_db


def _published(pl, actor="head"):
    v = services.version_draft_create(actor=pl.users[actor], label="2025年版")
    services.power_save(actor=pl.users[actor], version=v, data=power_data(), risk_points=RISKS)
    return services.version_publish(actor=pl.users["director"], version=v)


def test_publish_freezes_and_a_new_draft_copies(pl):
    v1 = _published(pl)
    assert v1.status == "published" and v1.published_on.isoformat() == "2026-11-02" and v1.effective_on == v1.published_on
    assert selectors.current_version(pl.agency) == v1
    power = v1.powers.get()
    for call in (
        lambda: services.power_save(actor=pl.users["head"], version=v1, power=power, data=power_data(name="改")),
        lambda: services.power_delete(actor=pl.users["head"], power=power),
        lambda: services.risk_point_save(actor=pl.users["head"], power=power, data=RISKS[0]),
        lambda: services.risk_point_delete(actor=pl.users["head"], risk=power.risk_points.get()),
        lambda: services.version_update(actor=pl.users["head"], version=v1, label="改"),
        lambda: services.version_delete(actor=pl.users["head"], version=v1),
        lambda: services.version_publish(actor=pl.users["director"], version=v1),
    ):
        with pytest.raises(ValidationError):
            call()
    power.refresh_from_db()
    assert power.name != "改" and power.risk_points.count() == 1

    v2 = services.version_draft_create(actor=pl.users["legal"])
    assert v2.number == 2 and v2.based_on == v1 and v2.is_draft and v2.label == "2026年版"
    copy = v2.powers.get()
    assert copy.pk != power.pk and copy.code == power.code and copy.posts == power.posts
    assert list(copy.citations.values_list("law__code", "articles")) == [("archives-law", [7])]
    assert list(copy.risk_points.values_list("post", "controls")) == [("决定岗", ["集体研究并形成纪要"])]
    with pytest.raises(ValidationError) as e:  # one draft at a time
        services.version_draft_create(actor=pl.users["head"])
    assert "草稿" in str(e.value)
    services.power_save(actor=pl.users["legal"], version=v2, power=copy, data=power_data(name="新名称"))
    assert v1.powers.get().name != "新名称"  # the published version is untouched
    assert selectors.current_version(pl.agency) == v1  # a draft is not in force
    services.version_publish(actor=pl.users["director"], version=v2)
    assert selectors.current_version(pl.agency).number == 2
    assert list(selectors.published_versions(pl.agency).values_list("number", flat=True)) == [2, 1]
    assert set(AuditEvent.objects.filter(action__startswith="powers.").values_list("action", flat=True)) >= {
        "powers.version_create", "powers.power_create", "powers.power_update", "powers.version_publish"}


def test_who_may_edit_and_publish(pl):
    u = pl.users
    for name in ("clerk", "handler", "deputy", "officer1", "sysadmin", "citizen"):
        with pytest.raises(PermissionDenied):
            services.version_draft_create(actor=u[name])
    assert not PowerListVersion.objects.exists()
    # a section head of another agency (or of the subordinate city bureau) drafts his own agency's list only
    assert services.version_draft_create(actor=u["city_head"]).agency == pl.city
    v = services.version_draft_create(actor=u["head"])
    for name in ("clerk", "officer1", "sysadmin", "other_head", "city_head", "citizen"):
        with pytest.raises(PermissionDenied):
            services.power_save(actor=u[name], version=v, data=power_data())
    for name in ("head", "legal", "director"):
        services.power_save(actor=u[name], version=v, power=v.powers.first(), data=power_data(), risk_points=RISKS)
    for name in ("head", "legal", "deputy", "other_head"):
        with pytest.raises(PermissionDenied):
            services.version_publish(actor=u[name], version=v)
    v.refresh_from_db()
    assert v.is_draft
    services.version_publish(actor=u["director"], version=v)


def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(pl):
    v = services.version_draft_create(actor=pl.users["head"])
    bad = power_data(code="有 空格", name="", category="nonsense", legal_basis="", division="", posts=[],
                     responsibilities="", accountability=[], citations=[
                         {"law": "no-such-law", "articles": [1]}, {"law": "archives-law", "articles": ["四十八"]}])
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=bad)
    errors = e.value.message_dict
    assert set(errors) >= {"code", "name", "category", "legal_basis", "division", "posts", "responsibilities",
                           "accountability", "citations"}
    assert "法律法规库中没有编码为“no-such-law”" in " ".join(errors["citations"])
    assert "条号“四十八”无效" in " ".join(errors["citations"])
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for msgs in errors.values() for m in msgs)
    # the process decides the time limits and the flowchart: they are not typed in
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(category="penalty", process_code="penalty"))
    assert set(e.value.message_dict) == {"time_limit_text", "steps"}
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(
            category="licensing", process_code="licensing", time_limit_text="", steps=[]))
    assert "须关联办事指南中的许可事项" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(process_code="no-such-process",
                                                                              time_limit_text="", steps=[]))
    assert "没有编码为“no-such-process”的流程定义" in str(e.value)
    # an item of another agency, an item on a non-licensing power
    from tests import factories as f

    foreign = f.item(pl.other, 0)
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(
            category="licensing", item_code=foreign.code, time_limit_text="", steps=[]))
    assert "本机关没有编码为" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(
            item_code=pl.item.code, time_limit_text="", steps=[]))
    assert "只有行政许可类权力可以关联许可事项" in str(e.value)
    # risk points: the post must be one of the power's posts, a level and controls
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(), risk_points=[
            {"post": "不存在的岗", "description": "", "level": "extreme", "controls": []}])
    assert set(e.value.message_dict) == {"risk_points.0.post", "risk_points.0.description", "risk_points.0.level",
                                         "risk_points.0.controls"}
    assert not Power.objects.exists() and not PowerCitation.objects.exists() and not RiskPoint.objects.exists()
    # a duplicate code in the same version
    services.power_save(actor=pl.users["head"], version=v, data=power_data())
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(name="另一项"))
    assert "已有编码为" in str(e.value)
    assert Power.objects.count() == 1


def test_licensing_power_takes_the_items_process(pl):
    v = services.version_draft_create(actor=pl.users["head"])
    p = services.power_save(actor=pl.users["head"], version=v, data=power_data(
        code="黑档-XK-002", category="licensing", item_code=pl.item.code, time_limit_text="", steps=[]))
    assert p.process_code == "licensing" and p.item == pl.item
    view = selectors.power_view(selectors.powers_of(v).get(pk=p.pk), detail=True)
    assert view["time_limits_from_process"] and view["process_steps"][0]["name"] == "accept"
    assert view["flowchart_svg"].startswith("<svg")


def test_publish_needs_citations_and_risk_points(pl):
    v = services.version_draft_create(actor=pl.users["head"])
    with pytest.raises(ValidationError) as e:
        services.version_publish(actor=pl.users["director"], version=v)
    assert "还没有权力事项" in str(e.value)
    services.power_save(actor=pl.users["head"], version=v, data=power_data(citations=[]))
    with pytest.raises(ValidationError) as e:
        services.version_publish(actor=pl.users["director"], version=v)
    assert "没有引用法律法规库中的条文" in str(e.value) and "没有岗位风险点" in str(e.value)
    v.refresh_from_db()
    assert v.is_draft


def test_citations_are_checked_against_the_registry_text(pl):
    import datetime as dt

    # A law of the test's own (the seeded registry holds the real texts).
    law = Law.objects.create(code="test-archives-law", title="测试档案法", kind="law")
    law_version_add(law=law, event="revised", label="2020年6月20日修订", promulgated_on=dt.date(2020, 6, 20),
                    effective_on=dt.date(2021, 1, 1), articles={n: f"第{n}条的条文" for n in range(1, 53)})
    v = services.version_draft_create(actor=pl.users["head"])
    with pytest.raises(ValidationError) as e:
        services.power_save(actor=pl.users["head"], version=v, data=power_data(
            citations=[{"law": "test-archives-law", "articles": [7, 99]}]))
    assert "现行文本（2020年6月20日修订）中没有第九十九条" in str(e.value)
    p = services.power_save(actor=pl.users["head"], version=v, data=power_data(
        citations=[{"law": "test-archives-law", "articles": [7]}]), risk_points=RISKS)
    view = selectors.power_view(selectors.powers_of(v).get(pk=p.pk), detail=True)
    assert view["citations"][0]["text"] == "《测试档案法》第七条"
    assert view["citations"][0]["article_texts"] == [{"number": 7, "label": "第七条", "text": "第7条的条文"}]
    services.version_publish(actor=pl.users["director"], version=v)
    # a later amendment of the cited article is flagged for review; others are not
    law_version_add(law=law, event="amended", label="2027年修正", promulgated_on=dt.date(2026, 12, 1),
                    effective_on=dt.date(2027, 1, 1),
                    articles={n: (f"第{n}条的新条文" if n in (7, 30) else f"第{n}条的条文") for n in range(1, 53)})
    changes = selectors.citation_changes(v)
    assert changes == [{"power": "黑档-JL-001", "law": "《测试档案法》", "version": "2027年修正",
                        "articles": [7], "repealed": False}]
