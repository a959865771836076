"""Checking a deployment's log from the outside (``fazhi log verify URL``) or from its own database (``fazhi log
verify``), and following it over time (``fazhi log monitor URL``).

The verifier trusts nothing the log says about itself: it recomputes every leaf hash from the entry bytes, the tree
root from all leaves, checks the checkpoint's signature, every inclusion proof, consistency proofs to earlier
sizes, the supersedes chain of every object, and hashes the content served now for every latest entry. Run against
the database it also reports published objects that are not in the log, and stored checkpoints that do not match
the entries.
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

from fazhi.tlog import merkle, note

PAGE = 1000


class Compact:
    """A compact range over leaves 0..n: the perfect subtrees of n's binary decomposition (O(log n) hashes)."""

    def __init__(self, hashes: list[tuple[int, bytes]] | None = None):
        self.nodes: list[tuple[int, bytes]] = list(hashes or [])  # (height, hash), left to right

    @property
    def size(self) -> int:
        return sum(1 << h for h, _ in self.nodes)

    def append(self, leaf: bytes) -> None:
        self.nodes.append((0, leaf))
        while len(self.nodes) >= 2 and self.nodes[-1][0] == self.nodes[-2][0]:
            (h, right), (_, left) = self.nodes.pop(), self.nodes.pop()
            self.nodes.append((h + 1, merkle.node_hash(left, right)))

    def root(self) -> bytes:
        if not self.nodes:
            return merkle.EMPTY_ROOT
        r = self.nodes[-1][1]
        for _, h in reversed(self.nodes[:-1]):
            r = merkle.node_hash(h, r)
        return r

    def to_json(self) -> list:
        return [[h, base64.b64encode(x).decode()] for h, x in self.nodes]

    @classmethod
    def from_json(cls, data) -> Compact:
        return cls([(int(h), base64.b64decode(x)) for h, x in data])


# ---- sources -------------------------------------------------------------------------------------------------------
class HttpSource:
    def __init__(self, base: str, timeout: float = 30):
        self.base = base.rstrip("/")
        self.timeout = timeout

    def _get(self, path: str) -> bytes:
        url = self.base + path
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as r:  # noqa: S310 (the operator's own URL)
                return r.read()
        except urllib.error.HTTPError as e:
            raise SourceError(f"{url}: HTTP {e.code}") from None
        except (urllib.error.URLError, OSError) as e:
            raise SourceError(f"{url}: {e}") from None

    def public_key(self) -> dict:
        return json.loads(self._get("/api/v1/log/public-key"))

    def checkpoint(self) -> str:
        return self._get("/api/v1/log/checkpoint").decode("utf-8")

    def entries(self, start: int, end: int) -> list[dict]:
        return json.loads(self._get(f"/api/v1/log/entries?start={start}&end={end}"))["entries"]

    def inclusion(self, index: int, size: int) -> list[bytes]:
        data = json.loads(self._get(f"/api/v1/log/proof/inclusion?index={index}&size={size}"))
        return [bytes.fromhex(h) for h in data["hashes"]]

    def consistency(self, first: int, second: int) -> list[bytes]:
        data = json.loads(self._get(f"/api/v1/log/proof/consistency?first={first}&second={second}"))
        return [bytes.fromhex(h) for h in data["hashes"]]

    def content(self, entry: dict) -> bytes | None:
        if not entry.get("content_url"):
            return None
        path = entry["content_url"]
        return self._get(path if path.startswith("/") else urllib.parse.urlparse(path).path)


class LocalSource:
    """The same questions asked of this deployment's database (and its registry for the content)."""

    def public_key(self) -> dict:
        from fazhi.tlog import services
        return services.public_key_info()

    def checkpoint(self) -> str:
        from fazhi.tlog import services
        return services.latest_checkpoint().note

    def entries(self, start: int, end: int) -> list[dict]:
        from fazhi.tlog.api import entry_out
        from fazhi.tlog.models import LogEntry
        rows = list(LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index"))
        superseded = set(LogEntry.objects.filter(supersedes__in=[e.index for e in rows])
                         .values_list("supersedes", flat=True))
        return [entry_out(e, latest=e.index not in superseded) for e in rows]

    def inclusion(self, index: int, size: int) -> list[bytes]:
        from fazhi.tlog import services
        return services.inclusion_proof(index, size)

    def consistency(self, first: int, second: int) -> list[bytes]:
        from fazhi.tlog import services
        return services.consistency_proof(first, second)

    def content(self, entry: dict) -> bytes | None:
        from fazhi.tlog import registry
        kind = registry.get(entry["kind"])
        return kind.content(entry["object_id"]) if kind else None


class SourceError(Exception):
    pass


# ---- verify --------------------------------------------------------------------------------------------------------
@dataclass
class Report:
    size: int = 0
    root: bytes = b""
    name: str = ""
    vkey: str = ""
    checked_content: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _pages(source, size: int) -> Iterator[dict]:
    start = 0
    while start < size:
        page = source.entries(start, min(start + PAGE, size))
        if not page:
            return
        yield from page
        start += len(page)


def _trusted_key(source, vkey: str | None, report: Report) -> tuple[str, bytes]:
    info = source.public_key()
    name, pub = info["name"], base64.b64decode(info["key"])
    if vkey:
        want_name, want_pub = note.parse_vkey(vkey)
        if (want_name, want_pub) != (name, pub):
            report.problems.append(f"the log presents key {info.get('vkey')}, not the trusted {vkey}")
        name, pub = want_name, want_pub
    report.name, report.vkey = name, note.vkey(name, pub)
    return name, pub


def verify(source, *, vkey: str | None = None, proofs: bool = True, content: bool = True) -> Report:
    report = Report()
    p = report.problems
    try:
        name, pub = _trusted_key(source, vkey, report)
        try:
            cp = note.open_checkpoint(source.checkpoint(), name, pub)
        except merkle.VerifyError as e:
            p.append(f"checkpoint: {e}")
            return report
        report.size, report.root = cp.size, cp.root_hash
        compact = Compact()
        prefix_roots: dict[int, bytes] = {}
        wanted_sizes = {1 << k for k in range(cp.size.bit_length())} | {cp.size - 1, cp.size // 2 + 1}
        leaves: list[bytes] = []
        latest: dict[tuple[str, str], dict] = {}
        expected = 0
        for e in _pages(source, cp.size):
            if e["index"] != expected:
                p.append(f"entry {expected}: missing (the log served {e['index']})")
                expected = e["index"]
            raw = base64.b64decode(e["entry"])
            leaf = merkle.leaf_hash(raw)
            compact.append(leaf)
            leaves.append(leaf)
            expected += 1
            if compact.size in wanted_sizes:
                prefix_roots[compact.size] = compact.root()
            try:
                body = json.loads(raw)
            except ValueError:
                p.append(f"entry {e['index']}: its bytes are not JSON")
                continue
            for key, col in (("kind", "kind"), ("id", "object_id"), ("version", "version"),
                             ("content_sha256", "content_sha256"), ("supersedes", "supersedes")):
                if body.get(key) != e.get(col):
                    p.append(f"entry {e['index']}: {key} in the entry bytes is {body.get(key)!r}, "
                             f"the listing says {e.get(col)!r}")
            obj = (body.get("kind"), body.get("id"))
            before = latest.get(obj)
            want_version = before["version"] + 1 if before else 1
            want_supersedes = before["index"] if before else None
            if body.get("version") != want_version or body.get("supersedes") != want_supersedes:
                p.append(f"entry {e['index']}: {obj[0]} {obj[1]} version {body.get('version')} supersedes "
                         f"{body.get('supersedes')}, expected version {want_version} superseding {want_supersedes}")
            latest[obj] = {**e, "version": body.get("version"), "content_sha256": body.get("content_sha256"),
                           "withdrawn": bool(body.get("withdrawn"))}
        if expected != cp.size:
            p.append(f"the log served {expected} entries for a checkpoint of {cp.size}")
            return report
        if compact.root() != cp.root_hash:
            p.append(f"the entries hash to root {compact.root().hex()}, the signed checkpoint says "
                     f"{cp.root_hash.hex()}")
        if proofs:
            for i, leaf in enumerate(leaves):
                try:
                    merkle.verify_inclusion(i, cp.size, leaf, source.inclusion(i, cp.size), cp.root_hash)
                except (merkle.VerifyError, SourceError) as ex:
                    p.append(f"entry {i}: inclusion proof: {ex}")
            for m, r in sorted(prefix_roots.items()):
                try:
                    merkle.verify_consistency(m, cp.size, r, cp.root_hash, source.consistency(m, cp.size))
                except (merkle.VerifyError, SourceError) as ex:
                    p.append(f"consistency {m}→{cp.size}: {ex}")
        if content:
            for (kind, oid), e in sorted(latest.items(), key=lambda kv: kv[1]["index"]):
                if e["withdrawn"]:
                    continue
                try:
                    body = source.content(e)
                except SourceError as ex:
                    p.append(f"entry {e['index']} ({kind} {oid}): content not served: {ex}")
                    continue
                if body is None:
                    p.append(f"entry {e['index']} ({kind} {oid}): no longer published, but the log has no "
                             f"withdrawal")
                    continue
                got = hashlib.sha256(body).hexdigest()
                report.checked_content += 1
                if got != e["content_sha256"]:
                    p.append(f"entry {e['index']} ({kind} {oid} v{e['version']}): the content served now has "
                             f"SHA-256 {got}, the log recorded {e['content_sha256']} — changed without a new "
                             f"log entry")
        if isinstance(source, LocalSource):
            _local_checks(latest, report)
    except SourceError as e:
        p.append(str(e))
    return report


def _local_checks(latest: dict, report: Report) -> None:
    """What only the deployment itself can check: every published object is in the log, and every stored
    checkpoint signs a prefix of these entries."""
    from fazhi.tlog import keys, registry, services
    from fazhi.tlog.models import SignedCheckpoint
    for kind in registry.kinds():
        for oid in kind.published():
            if (kind.name, str(oid)) not in latest or latest[(kind.name, str(oid))]["withdrawn"]:
                report.problems.append(f"{kind.name} {oid} is published but not in the log")
    pub = keys.public_key()
    for cp in SignedCheckpoint.objects.filter(size__lte=report.size).order_by("size").iterator():
        try:
            signed = note.open_checkpoint(cp.note, keys.origin(), pub)
        except merkle.VerifyError as e:
            report.problems.append(f"stored checkpoint {cp.size}: {e}")
            continue
        if signed.root_hash != services.root_at(cp.size):
            report.problems.append(f"stored checkpoint {cp.size}: signed root is not the root of the first "
                                   f"{cp.size} entries")


# ---- monitor -------------------------------------------------------------------------------------------------------
def monitor_once(source, state: dict, *, vkey: str | None = None) -> tuple[dict, list[str]]:
    """One look at the log. ``state`` is what was seen before ({} the first time): the key, the size, the root
    and the compact range of the tree. Returns the new state (the old one when there is an alarm) and the
    alarms."""
    alarms: list[str] = []
    info = source.public_key()
    name, pub = info["name"], base64.b64decode(info["key"])
    if vkey:
        name, pub = note.parse_vkey(vkey)
    if state.get("key") and (state["name"], state["key"]) != (name, base64.b64encode(pub).decode()):
        return state, [f"the log's key changed from {state['name']} {state['key']} to {info['name']} {info['key']}"]
    try:
        cp = note.open_checkpoint(source.checkpoint(), name, pub)
    except merkle.VerifyError as e:
        return state, [f"checkpoint: {e}"]
    old_size = state.get("size", 0)
    old_root = base64.b64decode(state["root"]) if "root" in state else merkle.EMPTY_ROOT
    compact = Compact.from_json(state.get("compact", []))
    if cp.size < old_size:
        return state, [f"the log shrank from {old_size} to {cp.size} entries"]
    if cp.size == old_size:
        if cp.root_hash != old_root:
            alarms.append(f"two different signed roots for size {cp.size}: {old_root.hex()} and "
                          f"{cp.root_hash.hex()} — the history was rewritten")
        return state, alarms
    try:
        merkle.verify_consistency(old_size, cp.size, old_root, cp.root_hash, source.consistency(old_size, cp.size))
    except merkle.VerifyError as e:
        return state, [f"checkpoint {cp.size} is not consistent with checkpoint {old_size} seen before ({e}) — "
                       f"the history was rewritten"]
    start = old_size
    while start < cp.size:
        page = source.entries(start, min(start + PAGE, cp.size))
        if not page:
            break
        for e in page:
            compact.append(merkle.leaf_hash(base64.b64decode(e["entry"])))
        start += len(page)
    if compact.size != cp.size or compact.root() != cp.root_hash:
        return state, [f"the new entries {old_size}..{cp.size} do not hash to the signed root"]
    return {"name": name, "key": base64.b64encode(pub).decode(), "size": cp.size,
            "root": base64.b64encode(cp.root_hash).decode(), "compact": compact.to_json()}, alarms
