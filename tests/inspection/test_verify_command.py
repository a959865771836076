"""``fazhi draw verify RECORD.json`` and the Django-free ``python -m fazhi.inspection.draw verify``."""

from __future__ import annotations

import copy
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.inspection import draw as d
from tests.inspection.test_draw import EX_CANDIDATES, worked_example_record

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def genuine(tmp_path):
    path = tmp_path / "record.json"
    path.write_text(d.dumps_record(worked_example_record()), encoding="utf-8")
    return path


@pytest.fixture
def tampered(tmp_path):
    record = worked_example_record()
    record["assignments"][3]["inspectors"] = ["黑档执-0004", "黑档执-0002"]  # the excluded inspector
    record["selected"][0]["ticket"] = "16a788bab75cda2b"
    path = tmp_path / "tampered.json"
    path.write_text(d.dumps_record(record), encoding="utf-8")
    return path


def test_genuine_record(genuine):
    out = io.StringIO()
    call_command("draw", "verify", str(genuine), stdout=out)
    assert out.getvalue().strip() == "verified"


def test_tampered_record_lists_each_discrepancy(tampered):
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("draw", "verify", str(tampered), stdout=out)
    assert exc.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("selected 第 1 项应为") and "16a788bab75cda2a" in lines[0]
    assert lines[1].startswith("assignments 第 4 项应为") and "黑档执-0005" in lines[1]
    assert "verified" not in out.getvalue()


def test_stdin(genuine):
    out = io.StringIO()
    call_command("draw", "verify", "-", stdout=out, stdin=io.StringIO(genuine.read_text(encoding="utf-8")))
    assert out.getvalue().strip() == "verified"


@pytest.mark.parametrize(("content", "needle"), [
    ("{", "不是有效的 JSON"), ("[1, 2]", "JSON 对象"), ('{"a": 1, "a": 2}', "键重复"),
    ('{"team_size": NaN}', "非法的数值"), (b"\xff\xfe", "UTF-8"),
])
def test_malformed_record_is_a_clear_error(tmp_path, content, needle):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=needle) as exc:
        call_command("draw", "verify", str(path), stdout=io.StringIO())
    assert exc.value.returncode == 1


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="无法读取记录文件"):
        call_command("draw", "verify", str(tmp_path / "nope.json"), stdout=io.StringIO())


def test_candidates_url_record(tmp_path):
    record = worked_example_record()
    del record["candidates"]
    record["candidates_url"] = "https://example.org/candidates.txt"
    path = tmp_path / "record.json"
    path.write_text(d.dumps_record(record), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("draw", "verify", str(path), stdout=out)
    assert "candidates 不可用" in out.getvalue()
    cfile = tmp_path / "candidates.txt"
    cfile.write_bytes(b"".join(d.candidates_bytes_iter(EX_CANDIDATES)))
    out = io.StringIO()
    call_command("draw", "verify", str(path), "--candidates", str(cfile), stdout=out)
    assert out.getvalue().strip() == "verified"
    with pytest.raises(CommandError, match="candidates"):
        call_command("draw", "verify", str(path), "--candidates", str(tmp_path / "none.txt"), stdout=io.StringIO())


def test_unpublished_record_is_not_verified(tmp_path):
    path = tmp_path / "committed.json"
    path.write_text(d.dumps_record(worked_example_record("committed")), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("draw", "verify", str(path), stdout=out)
    assert "公布前无法验证" in out.getvalue()


# --------------------------------------------------------------------------------------------------
# Without Django


def _standalone(*args, stdin=None):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "fazhi.inspection.draw", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, encoding="utf-8")


def test_standalone_verify(genuine, tampered, tmp_path):
    run = _standalone("verify", str(genuine))
    assert (run.returncode, run.stdout.strip(), run.stderr) == (0, "verified", "")
    run = _standalone("verify", "-", stdin=genuine.read_text(encoding="utf-8"))
    assert (run.returncode, run.stdout.strip()) == (0, "verified")
    run = _standalone("verify", str(tampered))
    assert run.returncode == 1
    assert len(run.stdout.splitlines()) == 2 and "Traceback" not in run.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    run = _standalone("verify", str(bad))
    assert run.returncode == 1
    assert "不是有效的 JSON" in run.stdout and "Traceback" not in run.stderr


def test_standalone_does_not_import_django(genuine):
    code = ("import sys; from fazhi.inspection import draw; rc = draw.main(['verify', sys.argv[1]]); "
            "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'; "
            "sys.exit(rc)")
    run = subprocess.run([sys.executable, "-c", code, str(genuine)], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert run.returncode == 0, run.stderr


def test_main_in_process(genuine, capsys):
    assert d.main(["verify", str(genuine)]) == 0
    assert capsys.readouterr().out.strip() == "verified"
    record = copy.deepcopy(worked_example_record())
    record["unstaffed"] = ["12230000414000010K"]
    genuine.write_text(d.dumps_record(record), encoding="utf-8")
    assert d.main(["verify", str(genuine)]) == 1
    assert capsys.readouterr().out.startswith("unstaffed")
