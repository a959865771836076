"""A power-list world: the shared ``world`` (home agency with staff in every role, a licensing item), the laws the
lists cite, a second staff member of another agency who may edit there, and a helper for valid power data."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import clock as sysclock
from fazhi.powers.demo import _laws
from tests import factories as f


def power_data(**over) -> dict:
    data = {
        "code": "黑档-JL-001", "name": "对在档案工作中做出突出贡献的单位和个人给予表彰、奖励", "category": "reward",
        "legal_basis": "《中华人民共和国档案法》第七条",
        "citations": [{"law": "archives-law", "articles": [7]}],
        "division": "办公室", "posts": ["承办岗", "决定岗"],
        "responsibilities": ["组织评选", "集体研究决定"], "accountability": ["弄虚作假的"],
        "time_limit_text": "按评选周期办理", "steps": ["通知", "评审", "公示", "决定"],
    }
    data.update(over)
    return data


RISKS = [{"post": "决定岗", "description": "未经集体研究即决定", "level": "medium", "controls": ["集体研究并形成纪要"]}]


@pytest.fixture
def pl(world):
    sysclock.set_today(dt.date(2026, 11, 2))
    _laws()
    world.users["other_head"] = f.staff("other_head", world.other, "section_head")
    world.users["city_head"] = f.staff("city_head", world.city, "section_head")
    return world
