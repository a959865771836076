"""``fazhi officers warnings``: the expiring and expired certificates, for a cron job."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.officers.conftest import officer

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("officers", "warnings", *args, stdout=out)
    return out.getvalue()


def test_warnings_for_every_agency_and_one(ow):
    officer(ow.agency, "黑档执-0090", "九十", end=dt.date(2027, 1, 31))  # 90 days after 2026-11-02
    officer(ow.agency, "黑档执-0091", "九十一", end=dt.date(2027, 2, 1))
    officer(ow.other, "吉档执-0002", "外机关", end=dt.date(2026, 11, 2))
    out = run("--today", "2026-11-02")
    lines = out.strip().splitlines()
    assert lines[0] == "已过期　黑龙江省档案局 张三（黑档执-0003） 有效期至2026年5月1日，已过期185天"
    assert "即将到期　吉林省档案局 外机关（吉档执-0002） 有效期至2026年11月2日，今天到期" in lines
    assert "即将到期　黑龙江省档案局 九十（黑档执-0090） 有效期至2027年1月31日，90天后到期" in lines
    assert "黑档执-0091" not in out and "孙吊销" not in out
    assert lines[-1] == "全部机关，2026年11月2日：已过期1人，90日内到期2人。"
    out = run("--agency", "other", "--today", "2026-11-02")
    assert "吉档执-0002" in out and "张三" not in out
    assert out.strip().splitlines()[-1] == "吉林省档案局，2026年11月2日：已过期0人，90日内到期1人。"


def test_today_defaults_to_the_clock(ow):
    assert "已过期1人" in run()


def test_bad_arguments(ow):
    with pytest.raises(CommandError, match="机关不存在"):
        run("--agency", "nope")
    with pytest.raises(CommandError, match="日期无效"):
        run("--today", "2026-02-30")
