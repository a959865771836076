"""fazhi-draw/1 (docs/draw.md): the worked example figure by figure, properties of the selection and the
assignment, tamper detection by the verifier, exact quotas, streaming memory, and the citizen script
published in docs/draw.md. No database needed."""

from __future__ import annotations

import copy
import json
import math
import re
import subprocess
import sys
import tracemalloc
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fazhi.inspection import draw as d

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "draw.md"

# --------------------------------------------------------------------------------------------------
# The worked example of the spec

EX_C = [f"9123010012700000{i}{'ABCDEFGH'[i - 1]}" for i in range(1, 9)]
EX_A = [f"12230000414000{i:03d}{'JKLM'[i - 9]}" for i in range(9, 13)]
EX_CANDIDATES = sorted([(c, "C") for c in EX_C] + [(a, "A") for a in EX_A], key=lambda c: d.sort_key(c[0]))
EX_POOL = [f"黑档执-000{i}" for i in range(1, 6)]
EX_EXCLUSIONS = [("黑档执-0002", "12230000414000010K", "曾在该单位任职")]
EX_SECRET = b"\x5f" * 16 + b"\xa0" * 16
EX_BEACON_SOURCE = "中国福利彩票双色球 2018012 期开奖号码"
EX_BEACON = "02 09 14 17 25 31 + 08"
EX_TASK = {"id": "SJ-2018-001", "title": "双随机抽查示例任务", "org": "示例执法机关"}
EX_TIMES = {"committed_at": "2018-01-26T09:00:00+08:00", "drawn_at": "2018-01-29T09:00:00+08:00",
            "published_at": "2018-02-28T09:00:00+08:00"}

EX_FIGURES = {
    "candidates": "1ac36aae4ac8673f64a2250ce41deef5883ff8fb3bf2ecf1dd8c26690eaf5dc2",
    "pool": "c8ad72e5a03217029799e8e024bd4ec3af5db5ca9f33725157c90725f947fd63",
    "exclusions": "c401bdebd76dce45186d86f2630c6729c94da291afe19ddc0307ea313e3c305d",
    "commitment": "655565f405a8e8e42480eb7cf9704ac9305f0b163a52d6900602557ede2ed6a9",
    "task_digest": "671f438954e950d5478a3ebd20f3c26f6b0bfe0f1d2208c720bab5f7c2bd81f5",
    "seed": "7422fa974a757833077c2cfb4bd5401c529502b45c7d5d700d057aa39a24f0b1",
}
EX_TICKETS = {
    "12230000414000009J": "4981c5fd84c740b7", "12230000414000010K": "40d22ab7d3f5df39",
    "12230000414000011L": "f62572574ff04e0c", "12230000414000012M": "3dd2ebef4b40ee24",
    "91230100127000001A": "16a788bab75cda2a", "91230100127000002B": "373a9bd8f7195d8b",
    "91230100127000003C": "418ab7dc9d953536", "91230100127000004D": "f7f106f60738fb9e",
    "91230100127000005E": "9c9bfef65c3c649c", "91230100127000006F": "bb739a699ebfb429",
    "91230100127000007G": "5aacf06ecceb2d37", "91230100127000008H": "ba646b877d160a1c",
}
EX_SELECTED = [("91230100127000001A", "C"), ("91230100127000002B", "C"), ("12230000414000012M", "A"),
               ("12230000414000010K", "A")]
EX_ASSIGNMENTS = [
    ("91230100127000001A", ["黑档执-0003", "黑档执-0002"]),
    ("91230100127000002B", ["黑档执-0004", "黑档执-0002"]),
    ("12230000414000012M", ["黑档执-0003", "黑档执-0001"]),
    ("12230000414000010K", ["黑档执-0004", "黑档执-0005"]),
]


def worked_example_inputs() -> d.TaskInputs:
    return d.TaskInputs.from_candidates(
        iter(EX_CANDIDATES), pool=EX_POOL, exclusions=EX_EXCLUSIONS, ratios={"A": "0.5", "C": "0.25"},
        team_size=2, beacon_source=EX_BEACON_SOURCE, commitment=d.commitment_of(EX_SECRET))


def worked_example_record(status: str = "published") -> dict:
    inputs = worked_example_inputs()
    result = d.run_draw(inputs, iter(EX_CANDIDATES), EX_SECRET, EX_BEACON)
    return d.build_record(inputs, status=status, task=EX_TASK, candidates=iter(EX_CANDIDATES), secret=EX_SECRET,
                          beacon_value=EX_BEACON, result=result, **EX_TIMES)


def test_worked_example_digests():
    cbytes = b"".join(d.candidates_bytes_iter(iter(EX_CANDIDATES)))
    assert d._sha256_hex(cbytes) == EX_FIGURES["candidates"]
    assert d.digest_candidates(iter(EX_CANDIDATES)) == (EX_FIGURES["candidates"], {"A": 4, "C": 8})
    assert d._sha256_hex(d.pool_bytes(EX_POOL)) == EX_FIGURES["pool"]
    assert d._sha256_hex(d.exclusions_bytes(EX_EXCLUSIONS)) == EX_FIGURES["exclusions"]
    assert d.commitment_of(EX_SECRET) == EX_FIGURES["commitment"]
    inputs = worked_example_inputs()
    assert inputs.quotas == {"A": 2, "C": 2}
    assert inputs.effective_max_load == 2 == d.default_max_load(2, 4, 5)
    assert inputs.text() == (
        "fazhi-draw/1\n"
        f"candidates {EX_FIGURES['candidates']}\n"
        f"pool {EX_FIGURES['pool']}\n"
        f"exclusions {EX_FIGURES['exclusions']}\n"
        "quotas A=2,C=2\n"
        "team_size 2\n"
        "max_load 2\n"
        "beacon_source 中国福利彩票双色球 2018012 期开奖号码\n"
        f"commitment {EX_FIGURES['commitment']}\n"
    )
    assert inputs.digest() == EX_FIGURES["task_digest"]


def test_worked_example_seed_tickets_selection_assignment():
    seed = d.compute_seed(EX_FIGURES["task_digest"], EX_SECRET, EX_BEACON)
    assert seed.hex() == EX_FIGURES["seed"]
    for cid, want in EX_TICKETS.items():
        assert d.format_ticket(d.ticket(seed, "target", cid)) == want, cid
    selected = d.select(seed, iter(EX_CANDIDATES), {"A": 2, "C": 2})
    assert [(i, s) for i, s, _t in selected] == EX_SELECTED
    assert [d.format_ticket(t) for _i, _s, t in selected] == [EX_TICKETS[i] for i, _s in EX_SELECTED]
    assignments, unstaffed = d.assign(seed, selected, EX_POOL, EX_EXCLUSIONS, 2, 2)
    assert assignments == EX_ASSIGNMENTS
    assert unstaffed == []
    # 黑档执-0002 reaches max_load after two targets (and is excluded for …010K anyway).
    assert Counter(p for _t, team in assignments for p in team)["黑档执-0002"] == 2


def test_worked_example_record_and_verification():
    record = worked_example_record()
    assert record["task_digest"] == EX_FIGURES["task_digest"]
    assert record["seed"] == EX_FIGURES["seed"]
    assert record["secret"] == "5f" * 16 + "a0" * 16
    assert record["selected"] == [{"id": i, "stratum": s, "ticket": EX_TICKETS[i]} for i, s in EX_SELECTED]
    assert record["assignments"] == [{"target": t, "inspectors": team} for t, team in EX_ASSIGNMENTS]
    assert record["unstaffed"] == []
    assert record["status"] == "published"
    assert record["ratios"] == {"A": "0.5", "C": "0.25"}
    assert d.verify_record(record) == []
    # A JSON round trip (as published) verifies too.
    assert d.verify_record(d.loads_record(d.dumps_record(record))) == []


def test_doc_worked_example_record_is_the_real_one():
    block = re.search(r"<!-- worked-example-record -->\s*```json\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert block, "docs/draw.md must carry the worked example record"
    assert json.loads(block.group(1)) == worked_example_record()


def test_doc_states_every_figure_of_the_worked_example():
    text = DOC.read_text("utf-8")
    for figure in [*EX_FIGURES.values(), *EX_TICKETS.values()]:
        assert figure in text
    seed = bytes.fromhex(EX_FIGURES["seed"])
    for target, _s in EX_SELECTED:
        row = next(line for line in text.splitlines() if line.startswith(f"| …{target[-4:]} |"))
        assert row.rstrip(" |").split(" | ")[1:] == [d.format_ticket(d.ticket(seed, "inspector", target, p)) for p in EX_POOL]
    assert worked_example_inputs().text() in text.replace("```\n", "")


def test_upper_case_digests_are_accepted():
    record = worked_example_record()
    for f in ("secret", "commitment", "task_digest", "seed"):
        record[f] = record[f].upper()
    assert d.verify_record(record) == []


def _citizen_script() -> str:
    block = re.search(r"<!-- verify-script -->\s*```python\n(.*?)```", DOC.read_text("utf-8"), re.S)
    assert block, "docs/draw.md must carry the citizen's verification script"
    return block.group(1)


def test_doc_citizen_script_verifies_the_worked_example(tmp_path):
    script = _citizen_script()
    assert len(script.splitlines()) <= 60
    assert not re.search(r"^\s*(from|import)\s+(fazhi|django)", script, re.M)  # standalone, stdlib only
    path = tmp_path / "verify_draw.py"
    path.write_text(script, encoding="utf-8")
    record = worked_example_record()
    good = tmp_path / "record.json"
    good.write_text(d.dumps_record(record), encoding="utf-8")
    run = subprocess.run([sys.executable, str(path), str(good)], capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "verified"

    # The same record, published with candidates_url and the candidates file beside it.
    cfile = tmp_path / "candidates.txt"
    cfile.write_bytes(b"".join(d.candidates_bytes_iter(EX_CANDIDATES)))
    by_url = {k: v for k, v in record.items() if k != "candidates"} | {"candidates_url": "candidates.txt"}
    url_path = tmp_path / "by_url.json"
    url_path.write_text(d.dumps_record(by_url), encoding="utf-8")
    run = subprocess.run([sys.executable, str(path), str(url_path), str(cfile)], capture_output=True, text=True,
                         encoding="utf-8")
    assert run.returncode == 0, run.stdout + run.stderr

    tampered = copy.deepcopy(record)
    tampered["assignments"][0]["inspectors"][1] = "黑档执-0005"
    bad = tmp_path / "bad.json"
    bad.write_text(d.dumps_record(tampered), encoding="utf-8")
    run = subprocess.run([sys.executable, str(path), str(bad)], capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 1
    assert run.stdout.strip() == "NOT GENUINE: assignments"


# --------------------------------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize("bad", ["", "a\tb", "a\nb", "a\rb"])
def test_identifiers_are_checked(bad):
    with pytest.raises(d.DrawInputError) as exc:
        list(d.candidates_bytes_iter([(bad, "A")]))
    assert "候选对象标识" in str(exc.value)
    with pytest.raises(d.DrawInputError, match="分层"):
        list(d.candidates_bytes_iter([("x", bad)]))
    with pytest.raises(d.DrawInputError, match="检查人员标识"):
        d.pool_bytes(["p", bad])


def test_identifier_message():
    with pytest.raises(d.DrawInputError, match="候选对象标识不能包含制表符或换行符"):
        list(d.candidates_bytes_iter([("91\t23", "A")]))


def test_candidates_must_be_sorted_by_bytes_and_unique():
    assert list(d.candidates_bytes_iter([("A", "s"), ("B", "s")])) == [b"A\ts\n", b"B\ts\n"]
    with pytest.raises(d.DrawInputError, match="升序"):
        list(d.candidates_bytes_iter([("B", "s"), ("A", "s")]))
    with pytest.raises(d.DrawInputError, match="重复"):
        list(d.candidates_bytes_iter([("A", "s"), ("A", "t")]))
    # Bytewise: "Z" (0x5A) < "é" (0xC3 0xA9) < "黑" (0xE9 0xBB 0x91) < "𝔸" (0xF0 ...).
    ids = ["𝔸", "黑档执-0001", "é", "Z", "\uffff"]
    ordered = sorted(ids, key=d.sort_key)
    assert ordered == ["Z", "é", "黑档执-0001", "\uffff", "𝔸"]
    list(d.candidates_bytes_iter((i, "s") for i in ordered))


def test_pool_duplicates_rejected():
    with pytest.raises(d.DrawInputError, match="检查人员标识重复"):
        d.pool_bytes(["a", "b", "a"])


def test_exclusions_are_distinct_pairs_and_reasons_are_not_hashed():
    one = d.exclusions_bytes([("p", "t", "理由一")])
    assert one == b"p\tt\n"
    assert d.exclusions_bytes([("p", "t", "理由一"), {"inspector": "p", "target": "t", "reason": "另一理由"}]) == one
    assert d.exclusions_bytes([("q", "a"), ("p", "b"), ("p", "a")]) == b"p\ta\np\tb\nq\ta\n"


@pytest.mark.parametrize("ratio", ["-0.1", "abc", "1.5", "2", "", " 0.5", "0.5 ", "1e-2", ".5", "0,5", "+0.5",
                                   "NaN", "٠.٥", 0.5, None])
def test_bad_ratios(ratio):
    with pytest.raises(d.DrawInputError, match="比例"):
        d.quotas_from({"A": 10}, ratios={"A": ratio})


@pytest.mark.parametrize(("ratio", "n", "k"), [
    ("0.25", 8, 2), ("0.25", 9, 3), ("0.5", 4, 2), ("1", 7, 7), ("1.0", 7, 7), ("0", 7, 0), ("0.000001", 5, 1),
    ("0.0000000000000000000001", 10_000_000, 1), ("0.05", 10_000_000, 500_000), ("0.05", 20, 1), ("0.05", 21, 2),
    ("0.1", 10, 1), ("0.3", 10, 3), ("0.7", 10, 7), ("0.333", 1000, 333), ("0.5", 0, 0),
])
def test_ratio_quotas_are_exact(ratio, n, k):
    assert d.quotas_from({"A": n}, ratios={"A": ratio}) == {"A": k}


def test_quota_counts_checked():
    assert d.quotas_from({"B": 3, "A": 2}, counts_given={"A": 2, "B": 0}) == {"A": 2, "B": 0}
    assert list(d.quotas_from({"b": 1, "a": 1, "黑": 1, "Z": 1}, counts_given={"b": 1, "a": 1, "黑": 1, "Z": 1})) == [
        "Z", "a", "b", "黑"]
    with pytest.raises(d.DrawInputError, match="0 到 2"):
        d.quotas_from({"A": 2}, counts_given={"A": 3})
    with pytest.raises(d.DrawInputError, match="0 到 2"):
        d.quotas_from({"A": 2}, counts_given={"A": -1})
    with pytest.raises(d.DrawInputError, match="整数"):
        d.quotas_from({"A": 2}, counts_given={"A": 1.0})
    with pytest.raises(d.DrawInputError, match="未给出"):
        d.quotas_from({"A": 2, "B": 1}, counts_given={"A": 1})
    with pytest.raises(d.DrawInputError, match="同时"):
        d.quotas_from({"A": 2}, counts_given={"A": 1}, ratios={"A": "0.5"})
    # A stratum without candidates may be named; its quota is 0.
    assert d.quotas_from({"A": 2}, counts_given={"A": 1}, ratios={"B": "0.5"}) == {"A": 1, "B": 0}


def test_default_max_load():
    assert d.default_max_load(2, 4, 5) == 2
    assert d.default_max_load(2, 0, 5) == 1
    assert d.default_max_load(3, 10, 30) == 1
    assert d.default_max_load(3, 10, 29) == 2
    with pytest.raises(d.DrawInputError):
        d.default_max_load(2, 4, 0)


def _text_kwargs(**over):
    kw = dict(candidates_digest="0" * 64, pool=["p"], exclusions=[], quotas={"A": 1}, team_size=2, max_load=1,
              beacon_source="某期开奖号码", commitment="1" * 64)
    kw.update(over)
    return kw


@pytest.mark.parametrize(("over", "match"), [
    ({"beacon_source": "一行\n两行"}, "一行"), ({"beacon_source": "a\rb"}, "一行"), ({"beacon_source": "  "}, "不能为空"),
    ({"team_size": 1}, "至少为 2"), ({"team_size": True}, "整数"), ({"max_load": 0}, "至少为 1"),
    ({"commitment": "xyz"}, "commitment"), ({"quotas": {"A": -1}}, "负数"), ({"quotas": {"A\t": 1}}, "分层"),
])
def test_task_text_validation(over, match):
    with pytest.raises(d.DrawInputError, match=match):
        d.task_text(**_text_kwargs(**over))


def test_task_text_lists_every_quota_stratum_sorted_by_bytes():
    text = d.task_text(**_text_kwargs(quotas={"黑": 0, "b": 2, "Z": 1}))
    assert "quotas Z=1,b=2,黑=0\n" in text
    assert len(text.splitlines()) == 9 and text.endswith("\n")


def test_canonical_beacon():
    assert d.canonical_beacon("  02 09\u3000\n") == "02 09"
    assert d.canonical_beacon("e\u0301") == "é"
    seed = d.compute_seed("0" * 64, bytes(32), " caf\u0065\u0301 ")
    assert seed == d.compute_seed("0" * 64, bytes(32), "café")
    assert seed != d.compute_seed("0" * 64, bytes(32), "cafe")


def test_secret_never_in_errors():
    inputs = worked_example_inputs()
    wrong = b"\x11" * 32
    with pytest.raises(d.DrawInputError) as exc:
        d.run_draw(inputs, iter(EX_CANDIDATES), wrong, EX_BEACON)
    assert wrong.hex() not in str(exc.value) and "11" * 8 not in str(exc.value)
    for state in ("committed", "drawn", "cancelled"):
        text = d.dumps_record(d.public_view(worked_example_record(), state))
        assert EX_SECRET.hex() not in text and EX_FIGURES["seed"] not in text


def test_run_draw_rejects_changed_candidates():
    inputs = worked_example_inputs()
    with pytest.raises(d.DrawInputError, match="不一致"):
        d.run_draw(inputs, iter(EX_CANDIDATES[1:]), EX_SECRET, EX_BEACON)


# --------------------------------------------------------------------------------------------------
# Record states and the verifier's edges


def test_public_view_states():
    full = worked_example_record()
    committed = d.public_view(full, "committed")
    for f in ("beacon_value", "drawn_at", "secret", "seed", "published_at", "selected", "assignments", "unstaffed"):
        assert committed[f] is None
    for f in ("commitment", "task_digest", "beacon_source", "candidates", "pool", "quotas", "committed_at"):
        assert committed[f] == full[f]
    drawn = d.public_view(full, "drawn")
    assert drawn["beacon_value"] == EX_BEACON and drawn["secret"] is None and drawn["selected"] is None
    assert drawn["status"] == "drawn"
    cancelled = worked_example_record("drawn") | {"cancel_reason": "检查计划调整"}
    cancelled = d.public_view(cancelled, "cancelled")
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "检查计划调整"
    assert cancelled["secret"] is None and cancelled["beacon_value"] == EX_BEACON
    assert "cancel_reason" not in committed
    with pytest.raises(d.DrawInputError):
        d.public_view(full, "archived")


def test_build_record_states():
    inputs = worked_example_inputs()
    rec = d.build_record(inputs, status="committed", task=EX_TASK, candidates=EX_CANDIDATES,
                         committed_at="2018-01-26T09:00:00+08:00")
    assert rec["status"] == "committed" and rec["secret"] is None and rec["task_digest"] == EX_FIGURES["task_digest"]
    rec = d.build_record(inputs, status="cancelled", candidates=EX_CANDIDATES, cancel_reason="计划调整",
                         secret=EX_SECRET)
    assert rec["secret"] is None and rec["cancel_reason"] == "计划调整"
    with pytest.raises(d.DrawInputError):
        d.build_record(inputs, status="published", candidates=EX_CANDIDATES)
    with pytest.raises(d.DrawInputError):
        d.build_record(inputs, candidates=EX_CANDIDATES[:-1])
    with pytest.raises(d.DrawInputError):
        d.build_record(inputs)
    other = d.run_draw(inputs, EX_CANDIDATES, EX_SECRET, EX_BEACON)
    other.task_digest = "0" * 64
    with pytest.raises(d.DrawInputError, match="task_digest"):
        d.build_record(inputs, status="published", candidates=EX_CANDIDATES, secret=EX_SECRET,
                       beacon_value=EX_BEACON, result=other)


def test_unpublished_records_say_they_cannot_be_verified_yet():
    for state in ("committed", "drawn"):
        problems = d.verify_record(worked_example_record(state))
        assert len(problems) == 1
        assert "task_digest 与输入一致" in problems[0] and "公布前无法验证" in problems[0]
    committed = worked_example_record("committed")
    committed["quotas"]["A"] = 3
    problems = d.verify_record(committed)
    assert any(p.startswith("task_digest") for p in problems)
    assert any("比例 0.5" in p for p in problems)
    cancelled = d.public_view(worked_example_record() | {"cancel_reason": "计划调整"}, "cancelled")
    assert "任务已撤销（原因：计划调整）" in d.verify_record(cancelled)[-1]
    lying = worked_example_record("committed") | {"status": "published"}
    assert "status 为 published，但 secret 为空" in d.verify_record(lying)


def test_verifier_tolerates_extra_fields_and_unsorted_inline_candidates():
    record = worked_example_record()
    record["x_vendor"] = {"anything": [1, 2]}
    record["task"]["region"] = "示例"
    record["candidates"] = list(reversed(record["candidates"]))
    record["pool"] = list(reversed(record["pool"]))
    for e in record["selected"]:
        e["name"] = "某单位"
    assert d.verify_record(record) == []


def test_verifier_reports_duplicates_and_bad_identifiers():
    record = worked_example_record()
    record["candidates"].append(dict(record["candidates"][0]))
    assert any("重复" in p for p in d.verify_record(record))
    record = worked_example_record()
    record["candidates"][0]["id"] = "1223\t0000"
    assert any("制表符" in p for p in d.verify_record(record))
    record = worked_example_record()
    record["pool"].append("黑档执-0001")
    assert any("检查人员标识重复" in p for p in d.verify_record(record))


def test_verifier_tickets_are_lower_case_hex():
    record = worked_example_record()
    record["selected"][0]["ticket"] = record["selected"][0]["ticket"].upper()
    problems = d.verify_record(record)
    assert any("16 位小写十六进制" in p for p in problems)


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("team_size", 1, "team_size"), ("team_size", "2", "team_size"), ("max_load", 0, "max_load"),
    ("max_load", 2.0, "max_load"), ("secret", "00", "secret"), ("beacon_value", None, "beacon_value"),
    ("seed", "0" * 64, "seed"), ("commitment", "0" * 64, "commitment"), ("task_digest", "0" * 64, "task_digest"),
    ("quotas", {"A": 2, "C": 9}, "quotas"), ("ratios", {"A": "0.75", "C": "0.25"}, "quotas"),
    ("ratios", {"A": "abc"}, "ratios"), ("selected", None, "selected"), ("assignments", None, "assignments"),
    ("unstaffed", ["12230000414000010K"], "unstaffed"), ("pool", "黑档执-0001", "pool"),
    ("exclusions", [["黑档执-0002", "x"]], "exclusions"), ("beacon_source", "a\nb", "beacon_source"),
])
def test_verifier_names_the_field(field, value, needle):
    record = worked_example_record()
    record[field] = value
    problems = d.verify_record(record)
    assert problems
    assert any(needle in p for p in problems), problems


def test_verifier_rejects_other_formats():
    assert d.verify_record(worked_example_record() | {"format": "fazhi-draw/2"})[0].startswith("format")
    assert d.verify_record([]) == ["记录必须是 JSON 对象"]


def test_candidates_url_needs_the_file(tmp_path):
    record = worked_example_record()
    del record["candidates"]
    record["candidates_url"] = "https://example.org/draw/SJ-2018-001/candidates.txt"
    problems = d.verify_record(record)
    assert any("candidates 不可用" in p and "candidates_url" in p for p in problems)
    data = b"".join(d.candidates_bytes_iter(EX_CANDIDATES))
    assert d.verify_record(record, candidates_bytes=data) == []
    path = tmp_path / "c.txt"
    path.write_bytes(data)
    assert d.verify_record(record, candidates_file=str(path)) == []
    assert d.verify_record(record, candidates_file=path) == []
    with path.open("rb") as fh:
        assert d.verify_record(record, candidates_file=fh) == []
    # Not canonical bytes: each fault is reported, not a traceback.
    for bad, needle in [(data[:-1], "换行符"), (data.replace(b"\tA\n", b"\tA\r\n", 1), "制表符或换行符"),
                        (b"\n".join(reversed(data.split(b"\n")[:-1])) + b"\n", "升序"),
                        (data.replace(b"\t", b" ", 1), "TAB"), (b"\xff\tA\n" + data, "UTF-8")]:
        problems = d.verify_record(record, candidates_bytes=bad)
        assert any(needle in p for p in problems), (needle, problems)
    problems = d.verify_record(record, candidates_file=tmp_path / "missing.txt")
    assert problems and problems[0].startswith("candidates")


def test_unstaffed_when_not_enough_eligible_inspectors():
    seed = bytes(range(32))
    targets = ["t1", "t2", "t3"]
    assignments, unstaffed = d.assign(seed, targets, ["a", "b", "c"], [("a", "t1")], 3, 1)
    # t1: a is excluded, two eligible < 3; t2 takes all three; t3: everyone has reached max_load 1.
    assert [t for t, _team in assignments] == ["t2"] and unstaffed == ["t1", "t3"]
    assignments, unstaffed = d.assign(seed, targets, ["a", "b", "c", "d"], [], 2, 1)
    assert len(assignments) == 2 and len(unstaffed) == 1  # 4 inspectors, load 1 each: two teams of two
    assert sorted(p for _t, team in assignments for p in team) == ["a", "b", "c", "d"]


def test_empty_team_entries_for_unstaffed_targets_are_tolerated():
    inputs = d.TaskInputs.from_candidates([("t1", "A"), ("t2", "A")], pool=["a", "b"], quotas={"A": 2},
                                          team_size=2, max_load=1, beacon_source="某源", commitment=d.commitment_of(EX_SECRET))
    result = d.run_draw(inputs, [("t1", "A"), ("t2", "A")], EX_SECRET, "1")
    assert len(result.assignments) == 1 and len(result.unstaffed) == 1
    record = d.build_record(inputs, status="published", candidates=[("t1", "A"), ("t2", "A")], secret=EX_SECRET,
                            beacon_value="1", result=result)
    assert d.verify_record(record) == []
    other = copy.deepcopy(record)
    other["assignments"].append({"target": result.unstaffed[0], "inspectors": []})
    assert d.verify_record(other) == []
    other["unstaffed"] = []
    assert d.verify_record(other)


# --------------------------------------------------------------------------------------------------
# Properties

USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
uscc_ids = st.text(alphabet=USCC, min_size=18, max_size=18)
unicode_ids = st.text(st.characters(codec="utf-8", exclude_characters="\t\n\r"), min_size=1, max_size=6)
tricky_ids = st.sampled_from(["黑档执-0001", "黑档执-0002", "é", "e\u0301", "Z", "z", "𝔸", "\uffff", "a b", " "])
candidate_ids = st.one_of(uscc_ids, unicode_ids, tricky_ids)
inspector_ids = st.one_of(st.builds(lambda n: f"黑档执-{n:04d}", st.integers(0, 30)), unicode_ids)
strata_names = st.one_of(st.sampled_from(["A", "B", "C", "甲", "乙", "é"]), unicode_ids)


@st.composite
def ratio_strings(draw):
    digits = draw(st.integers(0, 8))
    if digits == 0:
        return draw(st.sampled_from(["0", "1"]))
    n = draw(st.integers(0, 10**digits))
    whole, frac = divmod(n, 10**digits)
    return f"{whole}.{frac:0{digits}d}"


@st.composite
def draw_cases(draw, max_candidates=25):
    ids = draw(st.lists(candidate_ids, max_size=max_candidates, unique=True))
    strata = draw(st.lists(strata_names, min_size=1, max_size=3, unique=True))
    candidates = sorted(((i, draw(st.sampled_from(strata))) for i in ids), key=lambda c: d.sort_key(c[0]))
    counts = Counter(s for _i, s in candidates)
    given, ratios = {}, {}
    for s in strata:
        if draw(st.booleans()):
            ratios[s] = draw(ratio_strings())
        else:
            given[s] = draw(st.integers(0, counts[s]))
    pool = draw(st.lists(inspector_ids, max_size=8, unique=True))
    targets = st.sampled_from(ids) if ids else candidate_ids
    members = st.sampled_from(pool) if pool else inspector_ids
    pairs = draw(st.lists(st.tuples(st.one_of(members, inspector_ids), st.one_of(targets, candidate_ids)),
                          max_size=8, unique=True))
    exclusions = [(a, t, draw(st.sampled_from(["曾在该单位任职", "亲属关系", ""]))) for a, t in pairs]
    team_size = draw(st.integers(2, 4))
    max_load = draw(st.one_of(st.none(), st.integers(1, 5)))
    if not pool and max_load is None:
        max_load = 1
    return {
        "candidates": candidates, "pool": pool, "exclusions": exclusions, "quotas": given, "ratios": ratios,
        "team_size": team_size, "max_load": max_load,
        "beacon_source": draw(st.text(alphabet="期号开奖 ab12", min_size=1, max_size=12).filter(str.strip)),
        "secret": draw(st.binary(min_size=32, max_size=32)),
        "beacon": draw(st.text(st.characters(codec="utf-8"), max_size=12)),
    }


def make(case):
    inputs = d.TaskInputs.from_candidates(
        iter(case["candidates"]), pool=case["pool"], exclusions=case["exclusions"], quotas=case["quotas"],
        ratios=case["ratios"] or None, team_size=case["team_size"], max_load=case["max_load"],
        beacon_source=case["beacon_source"], commitment=d.commitment_of(case["secret"]))
    result = d.run_draw(inputs, iter(case["candidates"]), case["secret"], case["beacon"])
    record = d.build_record(inputs, status="published", task={"id": "T"}, candidates=case["candidates"],
                            secret=case["secret"], beacon_value=case["beacon"], result=result)
    return inputs, result, record


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(draw_cases())
def test_genuine_records_verify(case):
    _inputs, _result, record = make(case)
    assert d.verify_record(record) == []
    assert d.verify_record(json.loads(json.dumps(record))) == []


def _naive(case, inputs, seed):
    """The spec read literally: sort everything."""
    key = lambda c: (d.ticket(seed, "target", c[0]), d.sort_key(c[0]))  # noqa: E731
    chosen = []
    for s, k in inputs.quotas.items():
        chosen += sorted((c for c in case["candidates"] if c[1] == s), key=key)[:k]
    chosen.sort(key=key)
    excluded = {(a, t) for a, t, _r in case["exclusions"]}
    load = dict.fromkeys(case["pool"], 0)
    teams, unstaffed = [], []
    for t, _s in chosen:
        ok = sorted((p for p in case["pool"] if (p, t) not in excluded and load[p] < inputs.effective_max_load),
                    key=lambda p, t=t: (d.ticket(seed, "inspector", t, p), d.sort_key(p)))
        if len(ok) < inputs.team_size:
            unstaffed.append(t)
            continue
        teams.append((t, ok[:inputs.team_size]))
        for p in ok[:inputs.team_size]:
            load[p] += 1
    return chosen, teams, unstaffed


@SETTINGS
@given(draw_cases())
def test_streaming_selection_and_assignment_match_the_literal_spec(case):
    inputs, result, _record = make(case)
    seed = bytes.fromhex(result.seed)
    chosen, teams, unstaffed = _naive(case, inputs, seed)
    assert [(i, s) for i, s, _t in result.selected] == chosen
    assert result.assignments == teams
    assert result.unstaffed == unstaffed


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(draw_cases())
def test_conflicts_loads_and_teams_hold(case):
    inputs, result, _record = make(case)
    excluded = {(a, t) for a, t, _r in case["exclusions"]}
    load = Counter()
    staffed = [t for t, _team in result.assignments]
    for target, team in result.assignments:
        assert len(team) == inputs.team_size == len(set(team))
        assert set(team) <= set(case["pool"])
        assert not any((p, target) in excluded for p in team)
        load.update(team)
    assert all(n <= inputs.effective_max_load for n in load.values())
    assert not set(staffed) & set(result.unstaffed)
    order = [i for i, _s, _t in result.selected]
    assert [t for t in order if t in set(staffed)] == staffed
    assert [t for t in order if t not in set(staffed)] == result.unstaffed
    per_stratum = Counter(s for _i, s, _t in result.selected)
    assert all(per_stratum[s] == k for s, k in inputs.quotas.items())


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**7), ratio_strings())
def test_ratio_quotas_match_fraction_math(n, ratio):
    want = min(n, math.ceil(Fraction(ratio) * n))
    assert d.quotas_from({"S": n}, ratios={"S": ratio}) == {"S": want}
    k = d.quota_for_ratio(ratio, n)
    assert 0 <= k <= n
    assert k == 0 or Fraction(k - 1) < Fraction(ratio) * n  # never one too many (0.25 × 8 = 2, not 3)


def _new_id(taken, base="新增-Ω"):
    i = 0
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"


def _mutate(kind, record, case, data):  # noqa: C901 - one branch per kind of tampering
    r = copy.deepcopy(record)
    ids = {c["id"] for c in r["candidates"]}
    if kind == "stratum":
        assume(r["candidates"])
        c = data.draw(st.sampled_from(r["candidates"]))
        c["stratum"] = c["stratum"] + "x"
    elif kind == "drop_candidate":
        assume(r["candidates"])
        r["candidates"].pop(data.draw(st.integers(0, len(r["candidates"]) - 1)))
    elif kind == "add_candidate":
        r["candidates"].append({"id": _new_id(ids), "stratum": next(iter(r["quotas"]))})
    elif kind == "secret":
        secret = bytearray.fromhex(r["secret"])
        secret[data.draw(st.integers(0, 31))] ^= 1 << data.draw(st.integers(0, 7))
        r["secret"] = secret.hex()
    elif kind == "beacon":
        r["beacon_value"] = data.draw(st.text(max_size=5).filter(
            lambda b: d.canonical_beacon(b) != d.canonical_beacon(record["beacon_value"])))
    elif kind == "quota":
        s = data.draw(st.sampled_from(sorted(r["quotas"])))
        r["quotas"][s] += data.draw(st.sampled_from([-1, 1])) if r["quotas"][s] else 1
    elif kind == "team_size":
        r["team_size"] += 1
    elif kind == "max_load":
        r["max_load"] += data.draw(st.sampled_from([-1, 1])) if r["max_load"] > 1 else 1
    elif kind == "exclusion":
        if r["exclusions"] and data.draw(st.booleans()):
            e = data.draw(st.sampled_from(r["exclusions"]))
            if data.draw(st.booleans()):
                e["target"] = _new_id(ids)
            else:
                r["exclusions"].remove(e)
        else:
            r["exclusions"].append({"inspector": _new_id(set(r["pool"])), "target": "x", "reason": "新增"})
    elif kind == "pool":
        choice = data.draw(st.sampled_from(["rename", "add", "drop"]))
        if choice != "add":
            assume(r["pool"])
            i = data.draw(st.integers(0, len(r["pool"]) - 1))
            if choice == "rename":
                r["pool"][i] = _new_id(set(r["pool"]))
            else:
                r["pool"].pop(i)
        else:
            r["pool"].append(_new_id(set(r["pool"])))
    elif kind == "swap_selected":
        assume(len(r["selected"]) >= 2)
        i, j = data.draw(st.lists(st.integers(0, len(r["selected"]) - 1), min_size=2, max_size=2, unique=True))
        r["selected"][i], r["selected"][j] = r["selected"][j], r["selected"][i]
    elif kind == "ticket":
        assume(r["selected"])
        e = data.draw(st.sampled_from(r["selected"]))
        pos = data.draw(st.integers(0, 15))
        digit = e["ticket"][pos]
        e["ticket"] = e["ticket"][:pos] + ("0" if digit != "0" else "1") + e["ticket"][pos + 1:]
    elif kind == "team_member":
        assume(r["assignments"])
        a = data.draw(st.sampled_from(r["assignments"]))
        i = data.draw(st.integers(0, len(a["inspectors"]) - 1))
        others = [p for p in r["pool"] if p not in a["inspectors"]] or [_new_id(set(r["pool"]))]
        a["inspectors"][i] = data.draw(st.sampled_from(others))
    elif kind == "team_order":
        assume(r["assignments"])
        a = data.draw(st.sampled_from(r["assignments"]))
        a["inspectors"].reverse()
    elif kind == "to_unstaffed":
        assume(r["assignments"])
        a = r["assignments"].pop(data.draw(st.integers(0, len(r["assignments"]) - 1)))
        r["unstaffed"].append(a["target"])
    elif kind == "reorder_assignments":
        assume(len(r["assignments"]) >= 2)
        r["assignments"].reverse()
    elif kind == "drop_selected":
        assume(r["selected"])
        r["selected"].pop()
    elif kind == "selected_stratum":
        assume(r["selected"])
        e = data.draw(st.sampled_from(r["selected"]))
        e["stratum"] += "x"
    elif kind == "seed":
        r["seed"] = ("0" if r["seed"][0] != "0" else "1") + r["seed"][1:]
    elif kind == "commitment_and_secret":
        # A different secret with a matching commitment: the task_digest still holds the old one.
        secret = bytes(b ^ 0xFF for b in bytes.fromhex(r["secret"]))
        r["secret"], r["commitment"] = secret.hex(), d.commitment_of(secret)
    else:  # pragma: no cover
        raise AssertionError(kind)
    return r


MUTATIONS = ["stratum", "drop_candidate", "add_candidate", "secret", "beacon", "quota", "team_size", "max_load",
             "exclusion", "pool", "swap_selected", "ticket", "team_member", "team_order", "to_unstaffed",
             "reorder_assignments", "drop_selected", "selected_stratum", "seed", "commitment_and_secret"]


@pytest.mark.parametrize("kind", MUTATIONS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(case=draw_cases(max_candidates=15), data=st.data())
def test_any_single_change_is_caught(kind, case, data):
    _inputs, _result, record = make(case)
    tampered = _mutate(kind, record, case, data)
    assert d.verify_record(tampered), kind


@SETTINGS
@given(draw_cases(max_candidates=10), st.sampled_from([" ", "\u3000", "\n", "\t "]))
def test_beacon_white_space_is_not_a_change(case, pad):
    _inputs, _result, record = make(case)
    assert d.verify_record(record | {"beacon_value": pad + record["beacon_value"] + pad}) == []


# --------------------------------------------------------------------------------------------------
# Streaming


def test_select_streams_in_bounded_memory():
    n = 200_000
    strata = ["A", "B", "C"]

    def candidates():
        for i in range(n):
            yield f"{i:018d}", strata[i % 3]

    seed = bytes(range(32))
    quotas = {"A": 50, "B": 50, "C": 10}
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        selected = d.select(seed, candidates(), quotas)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        digest, counts = d.digest_candidates(candidates())
        _current, peak_digest = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        as_list = list(candidates())
        _current, peak_list = tracemalloc.get_traced_memory()
        del as_list
    finally:
        tracemalloc.stop()
    assert len(selected) == 110
    assert counts == {"A": 66_667, "B": 66_667, "C": 66_666}
    assert len(digest) == 64
    assert peak_list > 20_000_000  # 200k tuples of two strings
    assert peak < 1_000_000, peak
    assert peak_digest < 1_000_000, peak_digest
