"""`fazhi log verify` and `fazhi log monitor`, against the database and over HTTP, with tampering."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.tlog import merkle, registry, services
from fazhi.tlog.models import LogEntry, LogNode, SignedCheckpoint
from fazhi.tlog.verify import HttpSource, LocalSource, monitor_once, verify
from tests.tlog import only_kind

CONTENT: dict[str, dict] = {}


@pytest.fixture
def kind(db):
    CONTENT.clear()
    with only_kind(registry.Kind(
            name="test.notice", label="测试公告",
            content=lambda oid: registry.canonical_json(CONTENT[oid]) if oid in CONTENT else None,
            published=lambda: list(CONTENT))) as name:
        yield name


def publish(kind, n, start=0):
    for i in range(start, start + n):
        CONTENT[str(i)] = {"title": f"公告{i}"}
        services.log_publication(kind, str(i))


def rewrite_history(index: int, new_entry: bytes) -> None:
    """What an operator with the database and the key could do: replace an entry, rebuild the tree and re-sign."""
    LogEntry.objects.filter(index=index).update(entry=new_entry, leaf_hash=merkle.leaf_hash(new_entry))
    LogNode.objects.all().delete()
    leaves = [bytes(x) for x in LogEntry.objects.order_by("index").values_list("leaf_hash", flat=True)]
    level, nodes = 0, leaves
    while len(nodes) > 1:
        nodes = [merkle.node_hash(nodes[i], nodes[i + 1]) for i in range(0, len(nodes) - 1, 2)]
        level += 1
        LogNode.objects.bulk_create([LogNode(level=level, index=i, hash=h) for i, h in enumerate(nodes)])
    SignedCheckpoint.objects.all().delete()
    services._sign_checkpoint(len(leaves), merkle.root_of_leaves(leaves))


@pytest.mark.django_db
def test_local_verify_passes_then_reports_a_changed_publication(kind, capsys):
    publish(kind, 5)
    call_command("log", "verify")
    assert "verified: 5 entries" in capsys.readouterr().out
    CONTENT["3"]["title"] = "被篡改的标题"  # the published data changed without a new log entry
    CONTENT["9"] = {"title": "未登记的公告"}  # published, never logged
    with pytest.raises(CommandError) as e:
        call_command("log", "verify")
    out = capsys.readouterr().out
    assert e.value.returncode == 1
    assert "entry 3 (test.notice 3 v1): the content served now has SHA-256" in out
    assert "test.notice 9 is published but not in the log" in out


@pytest.mark.django_db
def test_local_verify_reports_an_edited_entry(kind):
    publish(kind, 6)
    LogEntry.objects.filter(index=2).update(entry=b'{"format":"fazhi-log/1","kind":"x"}')
    report = verify(LocalSource())
    assert any("hash to root" in p for p in report.problems)
    assert any(p.startswith("entry 2: inclusion proof") for p in report.problems)


@pytest.mark.django_db(transaction=True)
def test_verify_over_http_and_a_direct_database_edit(kind, live_server):
    publish(kind, 7)
    report = verify(HttpSource(live_server.url))
    assert report.ok, report.problems
    assert (report.size, report.checked_content) == (7, 7)
    CONTENT["4"]["title"] = "改"
    report = verify(HttpSource(live_server.url))
    assert [p for p in report.problems if "changed without a new log entry" in p][0].startswith("entry 4 ")


@pytest.mark.django_db(transaction=True)
def test_monitor_follows_growth_and_alarms_on_rewritten_history(kind, live_server, tmp_path, capsys):
    source = HttpSource(live_server.url)
    publish(kind, 5)
    state, alarms = monitor_once(source, {})
    assert not alarms and state["size"] == 5
    publish(kind, 4, start=5)
    state, alarms = monitor_once(source, state)
    assert not alarms and state["size"] == 9
    seen = dict(state)
    # Same size, other history: a fork.
    rewrite_history(1, bytes(LogEntry.objects.get(index=1).entry).replace(b'"version":1', b'"version":7'))
    state, alarms = monitor_once(source, seen)
    assert state == seen and "history was rewritten" in alarms[0]
    # The rewritten log grows: the new checkpoint is not consistent with the one seen.
    publish(kind, 1, start=9)
    state, alarms = monitor_once(source, seen)
    assert state == seen and "not consistent with checkpoint 9" in alarms[0]
    # The command: state file, exit 2 and an ALARM line.
    path = tmp_path / "state.json"
    path.write_text(json.dumps(seen))
    with pytest.raises(SystemExit) as e:
        call_command("log", "monitor", live_server.url, "--once", "--state", str(path))
    assert e.value.code == 2 and "ALARM" in capsys.readouterr().err
    assert json.loads(path.read_text()) == seen


@pytest.mark.django_db(transaction=True)
def test_monitor_command_keeps_state(kind, live_server, tmp_path, capsys):
    publish(kind, 3)
    path = tmp_path / "state.json"
    call_command("log", "monitor", live_server.url, "--once", "--state", str(path))
    assert json.loads(path.read_text())["size"] == 3
    publish(kind, 2, start=3)
    call_command("log", "monitor", live_server.url, "--once", "--state", str(path))
    assert "consistent: size 5 (was 3)" in capsys.readouterr().out
