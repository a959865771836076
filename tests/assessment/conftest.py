"""An assessment world: the shared ``world`` (hlj > harbin, and another province) plus a county under Harbin
(binxian) with its staff, a section head in Harbin and in the other province; and a helper that builds a
published scheme through the services."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from fazhi.assessment import services
from tests import factories as f

BACKEND = "django.contrib.auth.backends.ModelBackend"


def logged(user) -> Client:
    c = Client()
    c.force_login(user, backend=BACKEND)
    return c


@pytest.fixture
def aw(world, today):
    world.county = f.agency("binxian", parent=world.city, short_name="宾档", name="宾县档案局")
    world.users["county_clerk"] = f.staff("county_clerk", world.county, "intake_clerk")
    world.users["city_head"] = f.staff("city_head", world.city, "section_head")
    world.users["other_head"] = f.staff("other_head", world.other, "section_head")
    world.today = today
    return world


def build_scheme(world, *, weights=(60, 40), maxes=(100, 50), publish=True, year=2026):
    """A scheme of the home agency: indicators A1, A2…; two groups; units: 哈尔滨市档案局 (linked to harbin) and
    甲社区 in group 1, 宾县档案局 (linked to binxian) and 乙企业 in group 2."""
    head = world.users["head"]
    scheme = services.scheme_create(actor=head, year=year, title=f"{year}年度档案工作目标考核方案")
    indicators = [services.indicator_save(actor=head, scheme_id=scheme.pk, code=f"A{n + 1}", name=f"指标{n + 1}",
                                          weight=w, max_score=m, rule="按细则评分", order=n)
                  for n, (w, m) in enumerate(zip(weights, maxes, strict=True))]
    g1 = services.group_save(actor=head, scheme_id=scheme.pk, name="第一检查组", leader="刘局长")
    g2 = services.group_save(actor=head, scheme_id=scheme.pk, name="第二检查组", leader="赵副局长", order=1)
    units = SimpleNamespace(
        harbin=services.unit_save(actor=head, scheme_id=scheme.pk, group_id=g1.pk, name="哈尔滨市档案局",
                                  kind="city", agency="harbin"),
        community=services.unit_save(actor=head, scheme_id=scheme.pk, group_id=g1.pk, name="甲社区",
                                     kind="community", order=1),
        county=services.unit_save(actor=head, scheme_id=scheme.pk, group_id=g2.pk, name="宾县档案局", kind="county",
                                  agency="binxian", order=2),
        enterprise=services.unit_save(actor=head, scheme_id=scheme.pk, group_id=g2.pk, name="乙企业",
                                      kind="enterprise", order=3),
    )
    if publish:
        services.scheme_publish(actor=head, scheme_id=scheme.pk)
    return SimpleNamespace(scheme=scheme, indicators=indicators, groups=(g1, g2), units=units)


def score(world, built, unit, *values, evidence="扣分依据：现场检查发现问题。"):
    entries = [{"indicator": i.pk, "score": v, "evidence": evidence} for i, v in zip(built.indicators, values,
                                                                                    strict=True)]
    return services.scores_record(actor=world.users["head"], scheme_id=built.scheme.pk, unit_id=unit.pk,
                                  entries=entries)
