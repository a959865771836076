"""Helpers for the discretion tests: the seed file's content, and variants of it as later versions."""

from __future__ import annotations

import copy
import json

import pytest

from fazhi.discretion.loader import SEED_FILES, standard_load

SEED_CODE = "archives-law-2021"


def seed_data() -> dict:
    return json.loads(SEED_FILES[0].read_text(encoding="utf-8"))


def variant(code: str, effective_from: str, *, general_unit: tuple[str, str] | None = None, agency: str | None = None,
            drop_rules: tuple[str, ...] = (), published: bool = True) -> dict:
    """The seed with another code and start date; optionally another 一般 range for units under art. 49 ¶1 item 1
    (rule da49-1-1), some rules left out, or another agency."""
    data = copy.deepcopy(seed_data())
    v = data["version"]
    v["code"], v["effective_from"], v["agency"], v["published"] = code, effective_from, agency, published
    v["title"] = f"测试裁量基准{code}"
    data["rules"] = [r for r in data["rules"] if r["code"] not in drop_rules]
    if general_unit:
        for r in data["rules"]:
            if r["code"] == "da49-1-1":
                for g in r["grades"]:
                    if g["level"] == "general":
                        g["fines"]["unit"] = list(general_unit)
    return data


@pytest.fixture
def load():
    def _load(data, actor=None):
        return standard_load(data=data, actor=actor, source="test.json").version

    return _load
