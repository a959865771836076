"""Loading versions: ``fazhi discretion load FILE`` is idempotent, adds new versions, and names the bad
entry of a bad file; nothing changes when a file is refused."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.models import AuditEvent
from fazhi.discretion.loader import SEED_FILES, parse_standard, standard_load
from fazhi.discretion.models import Circumstance, FineRange, Grade, StandardVersion, ViolationRule
from tests.discretion.conftest import SEED_CODE, seed_data, variant

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (StandardVersion, ViolationRule, Grade, FineRange, Circumstance,
                                             AuditEvent))


def run(*args) -> tuple[str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("discretion", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, data, name="standard.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def refused(tmp_path, data) -> str:
    """Load through the command; it must fail and change nothing. Returns the error output."""
    before = counts()
    err = ""
    with pytest.raises(CommandError):
        import io

        buf = io.StringIO()
        try:
            call_command("discretion", "load", write(tmp_path, data), stderr=buf)
        finally:
            err = buf.getvalue()
    assert counts() == before
    return err


def test_loading_the_seed_file_again_changes_nothing():
    before = counts()
    out, _err = run("load", str(SEED_FILES[0]))
    assert "未作更改" in out
    out, _err = run("load", str(SEED_FILES[0]))
    assert counts() == before


def test_a_new_version_file_adds_a_version(tmp_path, world):
    before = counts()
    path = write(tmp_path, variant("archives-2025", "2025-01-01"))
    out, _err = run("load", path, "--user", "legal")
    assert "已加载版本 archives-2025" in out and "16 条规则" in out
    after = counts()
    assert after[0] == before[0] + 1 and after[1] == before[1] + 16 and after[3] == before[3] + 90
    event = AuditEvent.objects.get(action="discretion.created")
    assert event.object_id == "archives-2025" and event.actor == world.users["legal"]
    again = counts()
    run("load", path)
    assert counts() == again
    out, _err = run("list")
    assert "archives-2025\t2025-01-01" in out and SEED_CODE in out


def test_a_changed_file_under_a_known_code_is_refused(tmp_path):
    data = seed_data()
    data["rules"][0]["grades"][1]["fines"]["unit"] = ["28000", "60000"]
    err = refused(tmp_path, data)
    assert "version.code" in err and "已加载的裁量基准版本不能修改" in err


def test_an_unpublished_version_is_published_by_loading_it_published(tmp_path):
    draft = variant("draft-2025", "2025-01-01", published=False)
    run("load", write(tmp_path, draft))
    assert not StandardVersion.objects.get(code="draft-2025").published
    draft["version"]["published"] = True
    out, _err = run("load", write(tmp_path, draft))
    assert "已公布" in out and StandardVersion.objects.get(code="draft-2025").published
    draft["version"]["published"] = False
    err = refused(tmp_path, draft)
    assert "不能撤回公布" in err


def test_two_published_versions_may_not_start_the_same_day(tmp_path):
    err = refused(tmp_path, variant("twin-2021", "2021-01-01"))
    assert "version.effective_from" in err and SEED_CODE in err
    run("load", write(tmp_path, variant("twin-2021", "2021-01-01", published=False)))  # a draft may


@pytest.mark.parametrize("mutate, path, words", [
    (lambda d: d.pop("format"), "format", "fazhi-discretion/1"),
    (lambda d: d["version"].update(code="Bad Code"), "version.code", "编码"),
    (lambda d: d["version"].update(effective_from="2021-13-01"), "version.effective_from", "YYYY-MM-DD"),
    (lambda d: d["version"].update(effective_until="2020-01-01"), "version.effective_until", "不能早于"),
    (lambda d: d["version"].update(agency="nowhere"), "version.agency", "nowhere"),
    (lambda d: d["rules"][0]["grades"][1]["fines"]["unit"].reverse(), "rules[0].grades[1].fines.unit", "最低罚款不能高于"),
    (lambda d: d["rules"][0]["grades"][3]["fines"]["unit"].__setitem__(1, "100001"), "rules[0].grades[3].fines.unit",
     "超出法定幅度"),
    (lambda d: d["rules"][1]["grades"][0]["fines"].pop("individual"), "rules[1].grades[0].fines.individual", "缺少"),
    (lambda d: d["rules"][2].update(party_types=["unit", "company"]), "rules[2].party_types", "company"),
    (lambda d: d["rules"][0].update(kinds=["警告", "罚款", "拘役"]), "rules[0].kinds", "拘役"),
    (lambda d: d["rules"][0]["statutory_fines"].update(unit=[10000.5, "100000"]), "rules[0].statutory_fines.unit[0]",
     "金额"),
    (lambda d: d["rules"][0]["grades"][0].update(circumstances=["no-such"]), "rules[0].grades[0].circumstances",
     "no-such"),
    (lambda d: d["rules"][0]["grades"][0].update(circumstances=["no-fault"]), "rules[0].grades[0].circumstances",
     "不予处罚情节"),
    (lambda d: d["rules"][0]["grades"][0].update(circumstances=[]), "rules[0].grades", "remedied-harm"),
    (lambda d: d["rules"][0].update(default_grade="extreme"), "rules[0].default_grade", "默认档次"),
    (lambda d: d["rules"][1].update(violation="da48-1-use"), "rules[1].party_types", "已有规则"),
    (lambda d: d["rules"][-1].update(grades=[{"level": "minor"}]), "rules[15].grades", "处分"),
    (lambda d: d["circumstances"][0].update(effect="lenient"), "circumstances[0].effect", "mitigating"),
    (lambda d: d["circumstances"][1].update(code="no-penalty-x", excludes=["ghost"]), "circumstances[1].excludes",
     "ghost"),
    (lambda d: d["circumstances"].append(copy.deepcopy(d["circumstances"][0])), "circumstances[17].code", "重复"),
])
def test_bad_files_name_the_bad_entry(tmp_path, mutate, path, words):
    data = seed_data()
    data["version"]["code"] = "new-version"
    data["version"]["effective_from"] = "2026-01-01"
    mutate(data)
    err = refused(tmp_path, data)
    assert f"{path}：" in err, err
    assert words in err, err


def test_files_that_cannot_be_read(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "fazhi-discretion/1",\n  "version": }', encoding="utf-8")
    with pytest.raises(CommandError):
        run("load", str(bad))
    with pytest.raises(CommandError):
        run("load", str(tmp_path / "missing.json"))
    with pytest.raises(ValidationError) as e:
        from fazhi.discretion.loader import read_file

        read_file(bad)
    assert "第2行" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        parse_standard([1, 2])
    assert "JSON 对象" in e.value.messages[0]


def test_the_service_reports_what_it_did(world):
    result = standard_load(data=variant("svc-2025", "2025-06-01"), actor=world.users["legal"])
    assert result.outcome == "created" and result.counts["rules"] == 16
    assert standard_load(data=variant("svc-2025", "2025-06-01")).outcome == "unchanged"
