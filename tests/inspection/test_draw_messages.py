"""The verifier's messages in Chinese (the default) and in English: every message of draw.py has an English
text with the same placeholders, verify_record / verify_file / `fazhi draw verify` / the public verify page
answer in the language asked for (the active language for the command and the page)."""

from __future__ import annotations

import ast
import copy
import io
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from fazhi.inspection import draw as d
from tests.inspection.test_draw import EX_CANDIDATES, worked_example_record

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”]")


def _fields(template: str) -> set[str]:
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f is not None}


def _module_messages() -> set[str]:
    """Every Chinese string constant of draw.py that can become (part of) a message: all of them except
    docstrings, the catalogue itself and the command line's help texts."""
    tree = ast.parse((ROOT / "fazhi" / "inspection" / "draw.py").read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "_EN" for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # docstrings
        if isinstance(node, ast.keyword) and node.arg in ("help", "description"):
            skip.update(id(n) for n in ast.walk(node.value))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if CJK.search(node.value):
                found.add(node.value)
    return found


def test_every_message_has_an_english_text_with_the_same_placeholders():
    messages = _module_messages()
    assert len(messages) > 80
    missing = sorted(m for m in messages if m not in d._EN)
    assert missing == []
    for zh, en in d._EN.items():
        assert _fields(zh) == _fields(en), zh
        assert not CJK.search(en), en
    # Nothing in the catalogue that the module no longer uses (apart from the field names kept as terms).
    assert sorted(set(d._EN) - messages - {"commitment", "task_digest", "seed"}) == []


def test_language_codes():
    assert d.language("en") == d.language("en-us") == d.language("EN_GB") == "en"
    assert d.language("zh-hans") == d.language("zh") == d.language(None) == d.language("fr") == "zh"


def test_message_is_its_chinese_text_and_renders_in_english():
    with pytest.raises(d.DrawInputError) as exc:
        d.check_identifier("a\tb", "检查人员标识")
    assert str(exc.value) == "检查人员标识不能包含制表符或换行符：'a\\tb'"
    assert exc.value.in_language("zh") == str(exc.value)
    assert exc.value.in_language("en") == "inspector id must not contain a tab or a line break: 'a\\tb'"
    with pytest.raises(d.DrawInputError) as exc:
        d.quotas_from({"A": 3}, counts_given={"A": 4})
    assert exc.value.in_language("en") == "the count of stratum A must be between 0 and 3: 4"
    with pytest.raises(d.RecordFormatError) as exc:
        d.loads_record("{")
    assert exc.value.in_language("en").startswith("the record is not valid JSON: line 1, column 2: ")


def _broken_records() -> list[dict]:
    """Records with every kind of discrepancy the verifier reports."""
    good = worked_example_record()
    out = []
    r = copy.deepcopy(good)
    r["assignments"][3]["inspectors"] = ["黑档执-0004", "黑档执-0002"]
    r["selected"][0]["ticket"] = "16a788bab75cda2b"
    r["selected"][1]["ticket"] = "XYZ"
    r["unstaffed"] = ["x"]
    r["seed"] = "00" * 32
    out.append(r)
    r = copy.deepcopy(good)
    r["secret"] = "11" * 32
    r["beacon_value"] = None
    out.append(r)
    r = copy.deepcopy(good)
    r.update(pool="x", exclusions=[1], quotas={"A": -1, "a\tb": 1}, ratios={"A": "1.5"}, team_size=1, max_load=0,
             beacon_source="a\nb", commitment="zz", task_digest=None)
    out.append(r)
    r = copy.deepcopy(good)
    r["quotas"] = {"A": 3, "C": 9}
    r["candidates"] = [{"id": "x\ty", "stratum": "A"}]
    out.append(r)
    r = copy.deepcopy(good)
    r["quotas"] = {"A": 3, "C": 2}
    r["selected"] = "nope"
    r["assignments"] = None
    r["unstaffed"] = 5
    out.append(r)
    r = copy.deepcopy(good)
    del r["candidates"]
    r["candidates_url"] = "https://example.org/c.tsv"
    out.append(r)
    r = copy.deepcopy(good)
    del r["candidates"]
    out.append(r)
    out.append(d.public_view(good, "committed"))
    out.append(dict(d.public_view(good, "cancelled"), cancel_reason=None))
    out.append(dict(d.public_view(good, "committed"), status="published"))
    out.append({"format": "fazhi-draw/0"})
    out.append([])
    r = copy.deepcopy(good)
    r["secret"] = "short"
    out.append(r)
    return out


@pytest.mark.parametrize("index", range(13))
def test_every_discrepancy_is_translated(index):
    record = _broken_records()[index]
    zh = d.verify_record(record)
    en = d.verify_record(record, lang="en")
    assert zh and len(zh) == len(en)
    assert d.verify_record(record, lang="zh") == zh == d.verify_record(record, lang="zh-hans")
    for message in d._verify(record, None, None):
        _assert_translated(message)
    for line in en:
        # Chinese only where the record's own values are quoted (the worked example's inspectors).
        assert not CJK.search(line.replace("黑档执", "")), line


def _assert_translated(message):
    assert isinstance(message, d.Message), message
    assert message.template in d._EN, message.template
    for value in message.params.values():
        if isinstance(value, d.Message):
            _assert_translated(value)


def test_a_malformed_candidates_file_in_english():
    record = worked_example_record()
    del record["candidates"]
    record["candidates_url"] = "https://example.org/c.tsv"
    data = b"".join(d.candidates_bytes_iter(iter(EX_CANDIDATES)))
    assert d.verify_record(record, candidates_bytes=data, lang="en") == []
    en = d.verify_record(record, candidates_bytes=data[:-1], lang="en")
    assert en[0] == "candidates: candidates file, line 12: does not end with a line feed (LF)", en
    assert d.verify_record(record, candidates_bytes=data[:-1])[0] == "candidates：candidates 文件第 12 行没有以换行符（LF）结尾"
    en = d.verify_record(record, candidates_bytes=data.replace(b"\tA\n", b"\tA\r\n", 1), lang="en")
    assert en[0] == "candidates: stratum must not contain a tab or a line break: 'A\\r'", en


def test_tampered_record_in_both_languages():
    record = worked_example_record()
    record["assignments"][3]["inspectors"] = ["黑档执-0004", "黑档执-0002"]
    record["selected"][0]["ticket"] = "16a788bab75cda2b"
    zh = d.verify_record(record)
    en = d.verify_record(record, lang="en")
    assert zh[0].startswith("selected 第 1 项应为") and en[0].startswith("selected item 1 should be {")
    assert en[0].endswith('"ticket": "16a788bab75cda2b"}') and "the record has" in en[0]
    assert en[1].startswith("assignments item 4 should be") and "黑档执-0005" in en[1]
    unpublished = d.verify_record(d.public_view(worked_example_record(), "drawn"), lang="en")
    assert unpublished == ["task_digest matches the inputs; the secret is not published yet (status drawn): the seed, "
                           "the selection and the inspector assignment cannot be verified before publication"]


@pytest.fixture
def tampered(tmp_path):
    record = worked_example_record()
    record["assignments"][3]["inspectors"] = ["黑档执-0004", "黑档执-0002"]
    path = tmp_path / "tampered.json"
    path.write_text(d.dumps_record(record), encoding="utf-8")
    return path


def test_command_uses_the_active_language(tampered, tmp_path):
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("draw", "verify", str(tampered), stdout=out)
    assert out.getvalue().startswith("assignments 第 4 项应为") and str(exc.value) == "抽取记录未通过校验：1 处问题"
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as exc:
        call_command("draw", "verify", str(tampered), stdout=out)
    assert out.getvalue().startswith("assignments item 4 should be")
    assert str(exc.value) == "the draw record failed verification: 1 problems" and exc.value.returncode == 1
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("draw", "verify", str(tampered), "--lang", "zh", stdout=out)
    assert out.getvalue().startswith("assignments 第 4 项应为")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="^the record is not valid JSON: line 1"):
        call_command("draw", "verify", str(bad), stdout=io.StringIO())
    with pytest.raises(CommandError, match="^记录不是有效的 JSON"):
        call_command("draw", "verify", str(bad), stdout=io.StringIO())
    with translation.override("en"), pytest.raises(CommandError, match="^cannot read the record file"):
        call_command("draw", "verify", str(tmp_path / "nope.json"), stdout=io.StringIO())


def test_standalone_verifier_lang_option(tampered):
    env = {"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    run = [sys.executable, "-m", "fazhi.inspection.draw", "verify", str(tampered)]
    zh = subprocess.run(run, capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)
    en = subprocess.run([*run, "--lang", "en"], capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)
    assert zh.returncode == en.returncode == 1
    assert zh.stdout.startswith("assignments 第 4 项应为") and en.stdout.startswith("assignments item 4 should be")


@pytest.mark.django_db
def test_public_verify_page_in_the_active_language():
    record = worked_example_record()
    record["selected"][0]["ticket"] = "16a788bab75cda2b"
    data = {"record": json.dumps(record, ensure_ascii=False)}
    page = Client().post("/inspection/verify/", data).content.decode()
    assert "selected 第 1 项应为" in page
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.post("/inspection/verify/", data).content.decode()
    assert "selected item 1 should be" in page and "selected 第 1 项应为" not in page
    assert 'id="verified"' in english.post("/inspection/verify/",
                                           {"record": json.dumps(worked_example_record())}).content.decode()
