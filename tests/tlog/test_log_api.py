"""The log through its public API: appends, checkpoints, proofs, content; as an outside verifier would see it."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from django.test import Client

from fazhi.tlog import merkle, note, registry, services
from fazhi.tlog.models import LogEntry
from tests.tlog import only_kind

CONTENT: dict[str, dict] = {}


@pytest.fixture
def test_kind(db):
    CONTENT.clear()
    with only_kind(registry.Kind(
            name="test.notice", label="测试公告",
            content=lambda oid: registry.canonical_json(CONTENT[oid]) if oid in CONTENT else None,
            published=lambda: list(CONTENT), page=lambda oid: f"/notices/{oid}/")) as name:
        yield name


def _publish(kind, oid, **fields):
    CONTENT[oid] = fields
    return services.log_publication(kind, oid)


@pytest.mark.django_db
def test_entries_checkpoint_and_proofs_verify_from_outside(test_kind):
    for i in range(11):
        _publish(test_kind, str(i), title=f"公告{i}", number=f"黑档〔2026〕{i}号")
    c = Client()
    key = c.get("/api/v1/log/public-key").json()
    pub = base64.b64decode(key["key"])
    assert note.parse_vkey(key["vkey"]) == (key["name"], pub)
    r = c.get("/api/v1/log/checkpoint")
    assert r["Content-Type"].startswith("text/plain")
    cp = note.open_checkpoint(r.content.decode(), key["name"], pub)
    assert cp.size == 11
    entries = c.get("/api/v1/log/entries?start=0&end=11").json()["entries"]
    leaves = [merkle.leaf_hash(base64.b64decode(e["entry"])) for e in entries]
    assert merkle.root_of_leaves(leaves) == cp.root_hash
    for e in entries:
        proof = c.get(f"/api/v1/log/proof/inclusion?index={e['index']}&size=11").json()["hashes"]
        merkle.verify_inclusion(e["index"], 11, leaves[e["index"]], [bytes.fromhex(x) for x in proof], cp.root_hash)
        body = c.get(e["content_url"]).content
        assert hashlib.sha256(body).hexdigest() == e["content_sha256"] == json.loads(
            base64.b64decode(e["entry"]))["content_sha256"]
    for first in range(0, 12):
        proof = c.get(f"/api/v1/log/proof/consistency?first={first}&second=11").json()["hashes"]
        merkle.verify_consistency(first, 11, merkle.root_of_leaves(leaves[:first]), cp.root_hash,
                                  [bytes.fromhex(x) for x in proof])


@pytest.mark.django_db
def test_a_change_is_a_new_version_and_nothing_is_rewritten(test_kind):
    first = _publish(test_kind, "a", title="原标题").entry
    assert not _publish(test_kind, "a", title="原标题").new  # unchanged: no new entry
    second = _publish(test_kind, "a", title="更正后的标题").entry
    assert (second.index, second.version, second.supersedes) == (first.index + 1, 2, first.index)
    assert json.loads(bytes(second.entry))["supersedes"] == first.index
    assert bytes(LogEntry.objects.get(index=first.index).entry) == bytes(first.entry)
    c = Client()
    assert c.get(f"/api/v1/log/entries/{first.index}/content").status_code == 410
    assert c.get(f"/api/v1/log/entries/{second.index}/content").status_code == 200
    gone = services.log_withdrawal(test_kind, "a", reason="误发").entry
    assert gone.withdrawn and gone.supersedes == second.index
    assert c.get(f"/api/v1/log/entries/{gone.index}/content").status_code == 410


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["index=0&size=0", "index=3&size=2", "index=0&size=99", "index=-1&size=1"])
def test_bad_proof_requests_are_400_with_words(test_kind, query):
    _publish(test_kind, "x", title="t")
    r = Client().get(f"/api/v1/log/proof/inclusion?{query}")
    assert r.status_code == 400 and "size" in r.json()["message"]
    r = Client().get("/api/v1/log/proof/consistency?first=2&second=1")
    assert r.status_code == 400


@pytest.mark.django_db
def test_public_pages(test_kind):
    e = _publish(test_kind, "p", title="公告").entry
    c = Client()
    page = c.get("/log/").content.decode()
    assert "公开透明日志" in page and services.public_key_info()["key"] in page
    page = c.get(f"/log/entries/{e.index}/").content.decode()
    assert "tlog-verify" in page and e.content_sha256 in page
    assert c.get("/log/entries/999/").status_code == 404
