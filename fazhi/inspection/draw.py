"""fazhi-draw/1: the publicly verifiable "double random" inspection draw (双随机一公开).

Pure Python, standard library only, no Django: the canonical bytes, quotas, seed, tickets, the selection
(streaming: memory O(Σk), not O(N)), the inspector assignment, the published record and its verifier.
The contract is docs/draw.md. Nothing here prints, logs or puts into an error message the secret.

Standalone verifier (no Django needed)::

    python -m fazhi.inspection.draw verify RECORD.json [--candidates FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import multiprocessing
import operator
import os
import re
import signal
import sys
import threading
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain, compress, islice
from pathlib import Path

FORMAT = "fazhi-draw/1"
STATES = ("committed", "drawn", "published", "cancelled")
SECRET_BYTES = 32

# Which record fields become public in which state (every other field is public from commitment on).
DRAWN_FIELDS = ("beacon_value", "drawn_at")
PUBLISHED_FIELDS = ("secret", "seed", "published_at", "selected", "assignments", "unstaffed")
CANCEL_FIELDS = ("cancelled_at", "cancel_reason")

_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_TICKET = re.compile(r"[0-9a-f]{16}")
_RATIO = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_MAX_LINES = 10  # discrepancies listed per field before summarising


# --------------------------------------------------------------------------------------------------
# Messages: Chinese by default, English on request (stdlib only, so the verifier stays Django-free)

LANGUAGES = ("zh", "en")


def language(code) -> str:
    """The verifier's language for a language code: "en" for English ("en", "en-us", ...), otherwise "zh"
    (the default; e.g. Django's "zh-hans")."""
    if isinstance(code, str) and code.lower().replace("_", "-").split("-")[0] == "en":
        return "en"
    return "zh"


class Message(str):
    """A message whose value is its Chinese text; ``render("en")`` gives it in English.

    ``template`` is a ``str.format`` template (the Chinese text, a key of the English catalogue ``_EN``);
    ``params`` fill it, and a param that is itself a Message is rendered in the same language.
    """

    def __new__(cls, template: str, params: Mapping | None = None):
        params = dict(params or {})
        self = super().__new__(cls, template.format(**params))
        self.template = template
        self.params = params
        return self

    def render(self, lang: str = "zh") -> str:
        if language(lang) == "zh":
            return str.__str__(self)
        template = _EN.get(self.template, self.template)
        return template.format(**{k: render(v, lang) for k, v in self.params.items()})


def _msg(template: str, **params) -> Message:
    return Message(template, params)


def render(message, lang: str = "zh") -> str:
    """A message (a Message, an exception carrying one, or any text) in ``lang``."""
    if isinstance(message, BaseException):
        message = message.args[0] if len(message.args) == 1 else str(message)
    if isinstance(message, Message):
        return message.render(lang)
    return str(message)


class _Translatable:
    def in_language(self, lang: str = "zh") -> str:
        """The message in ``lang`` ("zh" or "en"); ``str(error)`` is the Chinese text."""
        return render(self, lang)


class DrawInputError(_Translatable, ValueError):
    """Invalid draw input (the message is Chinese and names the offending value; ``in_language("en")``)."""


# The English texts, by Chinese template. tests/inspection/test_draw_messages.py checks that every template
# used in this module has one, with the same placeholders.
_EN = {
    # terms used as {what}
    "候选对象标识": "candidate id",
    "分层": "stratum",
    "检查人员标识": "inspector id",
    "回避的检查人员标识": "excluded inspector id",
    "回避的检查对象标识": "excluded target id",
    "quotas 中的分层": "stratum in quotas",
    "分层 {s} 的抽取数量": "the count of stratum {s}",
    "检查组人数 team_size": "team_size",
    "每人最多检查对象数 max_load": "max_load",
    "candidates 摘要": "candidates digest",
    "承诺值 commitment": "commitment",
    "commitment": "commitment",
    "task_digest": "task_digest",
    "seed": "seed",
    "未说明": "not given",
    "task_digest 与输入一致；": "task_digest matches the inputs; ",
    # input checks
    "{what}必须是字符串：{value!r}": "{what} must be a string: {value!r}",
    "{what}不能为空": "{what} must not be empty",
    "{what}不能包含制表符或换行符：{value!r}": "{what} must not contain a tab or a line break: {value!r}",
    "{what}含有无法以 UTF-8 编码的字符：{value!r}": "{what} contains characters that cannot be encoded in UTF-8: {value!r}",
    "{what}必须是整数：{value!r}": "{what} must be an integer: {value!r}",
    "{what}必须是 64 位十六进制字符串": "{what} must be 64 hexadecimal digits",
    "候选对象标识重复：{cid}": "duplicate candidate id: {cid}",
    "候选对象未按标识的 UTF-8 字节升序排列：{cid} 出现在 {prev} 之后":
        "candidates are not in ascending order of the UTF-8 bytes of their ids: {cid} comes after {prev}",
    "检查人员标识重复：{p}": "duplicate inspector id: {p}",
    "抽取比例必须是 0 到 1 之间的十进制小数字符串（如 \"0.05\"）：{text!r}":
        "a ratio must be a decimal string between 0 and 1 (such as \"0.05\"): {text!r}",
    "抽取比例不能大于 1：{text}": "a ratio must not be greater than 1: {text}",
    "分层 {s} 同时给出了抽取数量和比例": "stratum {s} is given both a count and a ratio",
    "分层 {s} 的抽取数量必须在 0 到 {n} 之间：{k}": "the count of stratum {s} must be between 0 and {n}: {k}",
    "分层 {s} 未给出抽取数量或比例": "stratum {s} is given neither a count nor a ratio",
    "分层 {s} 的抽取数量不能为负数：{k}": "the count of stratum {s} must not be negative: {k}",
    "检查组人数 team_size 至少为 2：{team_size}": "team_size must be at least 2: {team_size}",
    "每人最多检查对象数 max_load 至少为 1：{max_load}": "max_load must be at least 1: {max_load}",
    "检查人员名录为空，无法计算 max_load 默认值": "the inspector pool is empty: max_load has no default",
    "随机源说明 beacon_source 不能为空": "beacon_source must not be empty",
    "随机源说明 beacon_source 必须是一行文字，不能包含换行符": "beacon_source must be one line of text, without line breaks",
    "随机源取值 beacon_value 必须是字符串": "beacon_value must be a string",
    "secret 必须是 {n} 字节": "secret must be {n} bytes",
    "seed 必须是 32 字节": "seed must be 32 bytes",
    "未知的状态：{state!r}": "unknown status: {state!r}",
    "必须给出 candidates 或 candidates_url 之一": "give either candidates or candidates_url",
    "secret 与已公布的承诺值 commitment 不符": "secret does not match the published commitment",
    "候选对象与承诺时冻结的名单不一致（candidates 摘要不同）":
        "the candidates differ from the list frozen at commitment (different candidates digest)",
    "公布的记录需要 beacon_value、secret 和抽取结果": "a published record needs beacon_value, secret and the draw result",
    "抽取结果不是由这些输入计算的（task_digest 不同）":
        "the draw result was not computed from these inputs (different task_digest)",
    # the candidates file
    "candidates 文件第 {first} 至 {last} 行格式不正确": "candidates file, lines {first} to {last}: malformed",
    "candidates 文件第 {n} 行没有以换行符（LF）结尾": "candidates file, line {n}: does not end with a line feed (LF)",
    "candidates 文件没有以换行符（LF）结尾": "the candidates file does not end with a line feed (LF)",
    "candidates 文件第 {n} 行应为“标识<TAB>分层”": "candidates file, line {n}: should be \"id<TAB>stratum\"",
    "candidates 文件第 {n} 行不是 UTF-8 文本": "candidates file, line {n}: not UTF-8 text",
    # reading a record
    "记录中的键重复：{k}": "duplicate key in the record: {k}",
    "记录含有非法的数值：{name}": "the record contains an invalid number: {name}",
    "记录不是 UTF-8 文本": "the record is not UTF-8 text",
    "记录不是有效的 JSON：第 {line} 行第 {col} 列：{msg}": "the record is not valid JSON: line {line}, column {col}: {msg}",
    "记录必须是 JSON 对象": "the record must be a JSON object",
    "无法读取记录文件 {path}：{error}": "cannot read the record file {path}: {error}",
    "无法读取 candidates 文件 {path}": "cannot read the candidates file {path}",
    "抽取记录未通过校验：{n} 处问题": "the draw record failed verification: {n} problems",
    # discrepancies
    "{name} 应有 {want} 项，记录中有 {got} 项": "{name} should have {want} items, the record has {got}",
    "{name} 第 {i} 项应为 {want}，记录中为 {got}": "{name} item {i} should be {want}, the record has {got}",
    "{name} 另有 {n} 处不一致": "{name}: {n} more differences",
    "pool 缺失或不是列表": "pool is missing or not a list",
    "exclusions 应为 {{inspector, target, reason}} 对象的列表":
        "exclusions should be a list of {{inspector, target, reason}} objects",
    "quotas 缺失或不是对象": "quotas is missing or not an object",
    "quotas 中分层 {s} 的数量应为非负整数：{k}": "quotas: the count of stratum {s} should be a non-negative integer: {k}",
    "ratios 不是对象": "ratios is not an object",
    "ratios 中分层 {s}：{error}": "ratios, stratum {s}: {error}",
    "max_load 应为正整数：{value}": "max_load should be a positive integer: {value}",
    "candidates 应为 {{id, stratum}} 对象的列表": "candidates should be a list of {{id, stratum}} objects",
    "candidates：{error}": "candidates: {error}",
    "candidates 不可用：记录只给出 candidates_url（{url}），请提供该文件后再校验（--candidates FILE）":
        "candidates not available: the record gives only candidates_url ({url}); supply that file to verify it "
        "(--candidates FILE)",
    "candidates 缺失：记录既没有 candidates 也没有 candidates_url":
        "candidates missing: the record has neither candidates nor candidates_url",
    "format 应为 {want}，记录中为 {got}": "format should be {want}, the record has {got}",
    "secret 应为 {n} 字节（64 位十六进制）": "secret should be {n} bytes (64 hexadecimal digits)",
    "commitment 与 SHA-256(secret) 不一致": "commitment does not equal SHA-256(secret)",
    "beacon_value 缺失：已公布 secret 的记录必须给出随机源取值":
        "beacon_value missing: a record that publishes the secret must give the beacon value",
    "seed 应为 {want}，记录中为 {got}": "seed should be {want}, the record has {got}",
    "task_digest 与由输入重新计算的结果不一致：应为 {want}（candidates 摘要 {cdigest}），记录中为 {got}":
        "task_digest differs from the one recomputed from the inputs: should be {want} (candidates digest {cdigest}), "
        "the record has {got}",
    "quotas 中分层 {s} 的数量 {k} 超过该分层的候选对象数 {n}":
        "quotas: the count {k} of stratum {s} exceeds the number of its candidates, {n}",
    "quotas 中分层 {s} 应为 {want}（比例 {r} × {n} 向上取整），记录中为 {got}":
        "quotas: stratum {s} should be {want} (ratio {r} × {n}, rounded up), the record has {got}",
    "status 为 published，但 secret 为空": "status is published, but secret is null",
    "{checked}任务已撤销（原因：{reason}），secret 未公布：无法验证抽取结果":
        "{checked}the task was cancelled (reason: {reason}) and its secret is not published: the draw cannot be "
        "verified",
    "{checked}secret 尚未公布（status 为 {status}）：公布前无法验证 seed、抽取结果和检查人员分配":
        "{checked}the secret is not published yet (status {status}): the seed, the selection and the inspector "
        "assignment cannot be verified before publication",
    "候选对象不可用或有误：无法重新计算抽取结果和分配":
        "the candidates are unavailable or invalid: the selection and the assignment cannot be recomputed",
    "selected 缺失或不是列表": "selected is missing or not a list",
    "selected 中 {id} 的 ticket 应为 16 位小写十六进制：{ticket}":
        "selected: the ticket of {id} should be 16 lower-case hexadecimal digits: {ticket}",
    "selected 另有 {n} 个 ticket 格式不正确": "selected: {n} more malformed tickets",
    "unstaffed 不是列表": "unstaffed is not a list",
    "assignments 缺失或不是列表": "assignments is missing or not a list",
}


# --------------------------------------------------------------------------------------------------
# Identifiers and canonical bytes


def sort_key(s: str) -> bytes:
    """The spec's order: ascending by UTF-8 bytes."""
    return s.encode("utf-8")


def _term(what) -> Message:
    return what if isinstance(what, Message) else Message(what)


def check_identifier(value, what: str = "候选对象标识") -> str:
    """An identifier is a non-empty string without TAB, LF or CR (and encodable as UTF-8)."""
    if not isinstance(value, str):
        raise DrawInputError(_msg("{what}必须是字符串：{value!r}", what=_term(what), value=value))
    if not value:
        raise DrawInputError(_msg("{what}不能为空", what=_term(what)))
    if "\t" in value or "\n" in value or "\r" in value:
        raise DrawInputError(_msg("{what}不能包含制表符或换行符：{value!r}", what=_term(what), value=value))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DrawInputError(_msg("{what}含有无法以 UTF-8 编码的字符：{value!r}", what=_term(what), value=value)) from None
    return value


def _checked_candidates(candidates: Iterable) -> Iterator[tuple[str, str, bytes, bytes]]:
    """Stream (id, stratum, id bytes, canonical line), checking identifiers, byte order and uniqueness."""
    prev = None
    for item in candidates:
        if isinstance(item, Mapping):
            cid, stratum = item.get("id"), item.get("stratum")
        else:
            cid, stratum = item
        check_identifier(cid, "候选对象标识")
        check_identifier(stratum, "分层")
        key = cid.encode("utf-8")
        if prev is not None and key <= prev:
            if key == prev:
                raise DrawInputError(_msg("候选对象标识重复：{cid}", cid=cid))
            raise DrawInputError(_msg("候选对象未按标识的 UTF-8 字节升序排列：{cid} 出现在 {prev} 之后", cid=cid,
                                      prev=prev.decode("utf-8")))
        prev = key
        yield cid, stratum, key, key + b"\t" + stratum.encode("utf-8") + b"\n"


def candidates_bytes_iter(candidates: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """The lines of candidates_bytes (``id TAB stratum LF``) for candidates already sorted by id bytes.

    The order and uniqueness are checked as the candidates stream; a violation raises DrawInputError.
    Writing these lines to a file gives exactly the file a ``candidates_url`` must point to.
    """
    for _cid, _stratum, _key, line in _checked_candidates(candidates):
        yield line


def digest_candidates(candidates: Iterable[tuple[str, str]]) -> tuple[str, dict[str, int]]:
    """One streaming pass: (SHA-256 hex of candidates_bytes, {stratum: N_s})."""
    digest, counts, _ = _scan(candidates)
    return digest, counts


def _unique_pool(pool: Iterable[str]) -> list[str]:
    out = []
    seen = set()
    for p in pool:
        check_identifier(p, "检查人员标识")
        if p in seen:
            raise DrawInputError(_msg("检查人员标识重复：{p}", p=p))
        seen.add(p)
        out.append(p)
    return sorted(out, key=sort_key)


def pool_bytes(pool: Iterable[str]) -> bytes:
    return b"".join(p.encode("utf-8") + b"\n" for p in _unique_pool(pool))


def _pair(item) -> tuple[str, str]:
    if isinstance(item, Mapping):
        inspector, target = item.get("inspector"), item.get("target")
    else:
        inspector, target = item[0], item[1]
    return check_identifier(inspector, "回避的检查人员标识"), check_identifier(target, "回避的检查对象标识")


def exclusion_pairs(exclusions: Iterable) -> list[tuple[str, str]]:
    """The distinct (inspector, target) pairs, sorted by (inspector bytes, target bytes). Reasons are dropped.

    Items are (inspector, target[, reason]) tuples or {inspector, target, reason} mappings.
    """
    pairs = {_pair(e) for e in exclusions}
    return sorted(pairs, key=lambda p: (sort_key(p[0]), sort_key(p[1])))


def exclusions_bytes(exclusions: Iterable) -> bytes:
    return b"".join(f"{a}\t{t}\n".encode() for a, t in exclusion_pairs(exclusions))


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------------
# Quotas, max_load


def parse_ratio(text) -> Fraction:
    """A ratio is a decimal string between 0 and 1 ("0.05", "1"); parsed exactly."""
    if not isinstance(text, str) or not _RATIO.fullmatch(text):
        raise DrawInputError(_msg("抽取比例必须是 0 到 1 之间的十进制小数字符串（如 \"0.05\"）：{text!r}", text=text))
    value = Fraction(text)
    if value > 1:
        raise DrawInputError(_msg("抽取比例不能大于 1：{text}", text=text))
    return value


def quota_for_ratio(ratio, n: int) -> int:
    """k = min(N, ceil(r × N)), exactly."""
    r = parse_ratio(ratio) if not isinstance(ratio, Fraction) else ratio
    return min(n, math.ceil(r * n))


def _check_count(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DrawInputError(_msg("{what}必须是整数：{value!r}", what=_term(what), value=value))
    return value


def quotas_from(counts: Mapping[str, int], *, counts_given: Mapping[str, int] | None = None,
                ratios: Mapping[str, str] | None = None) -> dict[str, int]:
    """{stratum: k_s} from the candidate counts and, per stratum, either a given count or a ratio.

    Every stratum that has candidates needs one of the two; a stratum may also be named with no
    candidates (its quota is then 0). The result is sorted by stratum bytes.
    """
    counts_given = dict(counts_given or {})
    ratios = dict(ratios or {})
    both = set(counts_given) & set(ratios)
    if both:
        raise DrawInputError(_msg("分层 {s} 同时给出了抽取数量和比例", s=sorted(both, key=sort_key)[0]))
    quotas = {}
    for s in set(counts) | set(counts_given) | set(ratios):
        check_identifier(s, "分层")
        n = counts.get(s, 0)
        if s in counts_given:
            k = _check_count(counts_given[s], _msg("分层 {s} 的抽取数量", s=s))
            if not 0 <= k <= n:
                raise DrawInputError(_msg("分层 {s} 的抽取数量必须在 0 到 {n} 之间：{k}", s=s, n=n, k=k))
        elif s in ratios:
            k = quota_for_ratio(ratios[s], n)
        else:
            raise DrawInputError(_msg("分层 {s} 未给出抽取数量或比例", s=s))
        quotas[s] = k
    return {s: quotas[s] for s in sorted(quotas, key=sort_key)}


def check_team_size(team_size) -> int:
    team_size = _check_count(team_size, "检查组人数 team_size")
    if team_size < 2:
        raise DrawInputError(_msg("检查组人数 team_size 至少为 2：{team_size}", team_size=team_size))
    return team_size


def default_max_load(team_size: int, total_selected: int, pool_size: int) -> int:
    """max(1, ceil(team_size × Σk / pool_size))."""
    if pool_size <= 0:
        raise DrawInputError(_msg("检查人员名录为空，无法计算 max_load 默认值"))
    return max(1, -(-(team_size * total_selected) // pool_size))


# --------------------------------------------------------------------------------------------------
# Task text and digest


def _check_hex64(value, what: str) -> str:
    if not isinstance(value, str) or not _HEX64.fullmatch(value):
        raise DrawInputError(_msg("{what}必须是 64 位十六进制字符串", what=_term(what)))
    return value.lower()


def check_beacon_source(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DrawInputError(_msg("随机源说明 beacon_source 不能为空"))
    if "\n" in value or "\r" in value:
        raise DrawInputError(_msg("随机源说明 beacon_source 必须是一行文字，不能包含换行符"))
    return value


def task_text(*, candidates_digest: str, pool: Iterable[str], exclusions: Iterable, quotas: Mapping[str, int],
              team_size: int, max_load: int, beacon_source: str, commitment: str) -> str:
    """The nine LF-terminated lines of the spec (``pool`` and ``exclusions`` are the lists, hashed here)."""
    candidates_digest = _check_hex64(candidates_digest, "candidates 摘要")
    commitment = _check_hex64(commitment, "承诺值 commitment")
    team_size = check_team_size(team_size)
    max_load = _check_count(max_load, "每人最多检查对象数 max_load")
    if max_load < 1:
        raise DrawInputError(_msg("每人最多检查对象数 max_load 至少为 1：{max_load}", max_load=max_load))
    beacon_source = check_beacon_source(beacon_source)
    parts = []
    for s in sorted(quotas, key=sort_key):
        check_identifier(s, "分层")
        k = _check_count(quotas[s], _msg("分层 {s} 的抽取数量", s=s))
        if k < 0:
            raise DrawInputError(_msg("分层 {s} 的抽取数量不能为负数：{k}", s=s, k=k))
        parts.append(f"{s}={k}")
    lines = [
        FORMAT,
        f"candidates {candidates_digest}",
        f"pool {_sha256_hex(pool_bytes(pool))}",
        f"exclusions {_sha256_hex(exclusions_bytes(exclusions))}",
        "quotas " + ",".join(parts),
        f"team_size {team_size}",
        f"max_load {max_load}",
        f"beacon_source {beacon_source}",
        f"commitment {commitment}",
    ]
    return "".join(line + "\n" for line in lines)


def task_digest(**kwargs) -> str:
    """SHA-256 hex of task_text(**kwargs)."""
    return _sha256_hex(task_text(**kwargs).encode("utf-8"))


def commitment_of(secret: bytes) -> str:
    return _sha256_hex(_check_secret(secret))


def _check_secret(secret) -> bytes:
    if not isinstance(secret, bytes | bytearray) or len(secret) != SECRET_BYTES:
        raise DrawInputError(_msg("secret 必须是 {n} 字节", n=SECRET_BYTES))
    return bytes(secret)


@dataclass
class TaskInputs:
    """Everything frozen at commitment (the task_digest covers all of it; reasons are shown, not hashed)."""

    candidates_digest: str
    counts: dict[str, int]
    pool: list[str]
    exclusions: list[tuple[str, str, str]]
    quotas: dict[str, int]
    team_size: int
    beacon_source: str
    commitment: str
    ratios: dict[str, str] | None = None
    max_load: int | None = None  # None: the default

    @classmethod
    def from_candidates(cls, candidates: Iterable[tuple[str, str]], *, pool: Iterable[str],
                        exclusions: Iterable = (), quotas: Mapping[str, int] | None = None,
                        ratios: Mapping[str, str] | None = None, team_size: int, max_load: int | None = None,
                        beacon_source: str, commitment: str) -> TaskInputs:
        """Digest and count the (sorted) candidates in one streaming pass, compute the quotas, validate."""
        digest, counts = digest_candidates(candidates)
        excl = []
        for e in exclusions:
            inspector, target = _pair(e)
            reason = e.get("reason", "") if isinstance(e, Mapping) else (e[2] if len(e) > 2 else "")
            excl.append((inspector, target, reason or ""))
        inputs = cls(
            candidates_digest=digest,
            counts=counts,
            pool=_unique_pool(pool),
            exclusions=sorted(excl, key=lambda e: (sort_key(e[0]), sort_key(e[1]))),
            quotas=quotas_from(counts, counts_given=quotas, ratios=ratios),
            team_size=check_team_size(team_size),
            beacon_source=beacon_source,
            commitment=_check_hex64(commitment, "承诺值 commitment"),
            ratios={s: ratios[s] for s in sorted(ratios, key=sort_key)} if ratios else None,
            max_load=max_load,
        )
        if len(check_beacon_source(beacon_source).splitlines()) != 1:
            raise DrawInputError(_msg("随机源说明 beacon_source 必须是一行文字，不能包含换行符"))
        inputs.text()  # validates the rest (max_load)
        return inputs

    @property
    def total_selected(self) -> int:
        return sum(self.quotas.values())

    @property
    def effective_max_load(self) -> int:
        if self.max_load is not None:
            return self.max_load
        return default_max_load(self.team_size, self.total_selected, len(self.pool))

    def text(self) -> str:
        return task_text(candidates_digest=self.candidates_digest, pool=self.pool, exclusions=self.exclusions,
                         quotas=self.quotas, team_size=self.team_size, max_load=self.effective_max_load,
                         beacon_source=self.beacon_source, commitment=self.commitment)

    def digest(self) -> str:
        return _sha256_hex(self.text().encode("utf-8"))


# --------------------------------------------------------------------------------------------------
# Seed, tickets, selection, assignment


def canonical_beacon(value: str) -> str:
    """NFC, then leading/trailing white space (as Python's str.strip() defines it) removed."""
    if not isinstance(value, str):
        raise DrawInputError(_msg("随机源取值 beacon_value 必须是字符串"))
    return unicodedata.normalize("NFC", value).strip()


def compute_seed(task_digest_hex: str, secret: bytes, beacon: str) -> bytes:
    """SHA-256(task_digest raw 32 bytes ‖ secret 32 bytes ‖ canonical_beacon UTF-8)."""
    td = bytes.fromhex(_check_hex64(task_digest_hex, "task_digest"))
    return hashlib.sha256(td + _check_secret(secret) + canonical_beacon(beacon).encode("utf-8")).digest()


def _seed_bytes(seed) -> bytes:
    if isinstance(seed, str):
        return bytes.fromhex(_check_hex64(seed, "seed"))
    if not isinstance(seed, bytes | bytearray) or len(seed) != 32:
        raise DrawInputError(_msg("seed 必须是 32 字节"))
    return bytes(seed)


def _part(p) -> bytes:
    return p if isinstance(p, bytes) else p.encode("utf-8")


def ticket(seed: bytes, *parts) -> int:
    """First 8 bytes, big-endian unsigned, of SHA-256(seed ‖ parts joined by 0x00)."""
    data = _seed_bytes(seed) + b"\x00".join(_part(p) for p in parts)
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def format_ticket(t: int) -> str:
    return f"{t:016x}"


# Streaming scan of candidates_bytes: the hot path of a commit and of a draw. Lines are handled a block at
# a time with bytes operations that run in C (split, translate, order check by map); a per-row Python
# statement is spent only on the one SHA-256 ticket per candidate. The checks are exactly those of
# _candidate_lines + _checked_candidates (a block that fails them is re-read line by line for the message).

READ_SIZE = 1 << 18  # bytes per read() of a candidate file
_LINES_PER_BLOCK = 1024  # lines per block when the candidates come as (id, stratum) items
_SEPARATORS = b"\t\n\r"
_NOT_SEPARATORS = bytes(b for b in range(256) if b not in _SEPARATORS)
_ANY = b"\xff" * 33  # every 32-byte digest is <= this: the stratum has kept fewer than k_s yet
_NONE = b""  # no digest is <= this: the stratum draws nobody
_REST = b"\xff" * 24  # after the 8 ticket bytes of a bound: any digest with that ticket is <= it


def read_chunks(fh, size: int = READ_SIZE) -> Iterator[bytes]:
    """The contents of a binary file object, ``size`` bytes at a time."""
    while chunk := fh.read(size):
        yield bytes(chunk)


class CandidateScanner:
    """One pass over candidates_bytes fed in chunks of any size (``feed``), then ``finish()``:
    (SHA-256 hex of the bytes, {stratum: N_s}, the selection or None).

    Checks every line as the spec requires (``id TAB stratum LF``, identifiers without TAB/LF/CR, UTF-8,
    ids strictly ascending by bytes) and raises DrawInputError naming the line. With a ``seed``, computes
    one target ticket per candidate; per stratum it keeps at most 2·k_s of the best (ticket, id bytes)
    seen (cut back to the k_s best whenever the list is full): memory O(Σk) plus one block. A candidate is
    turned away with one bytes comparison of its digest with the stratum's bound, the k_s-th best ticket
    at the last cut (the bytes order of big-endian digests is the order of the tickets; a digest whose
    ticket equals the bound is kept and the final sort by (ticket, id bytes) decides).
    """

    def __init__(self, seed=None, quotas: Mapping[str, int] | None = None, *, digest: bool = True,
                 check: bool = True):
        self._hash = hashlib.sha256() if digest else None
        # check=False: no line is checked and nothing counted; only for bytes whose digest is compared with that
        # of bytes that were checked (the frozen file at the draw): same selection when it matches.
        self._check = check
        self._rest = b""
        self._prev = b""  # the previous id; b"" also refuses an empty first id
        self._first = None  # the first id
        self._lines = 0
        self.counts: dict[bytes, int] = {}
        self._base = None
        self._quota: dict[bytes, int] = {}
        self._bound: dict[bytes, bytes] = {}
        self._kept: dict[bytes, list] = {}
        if seed is not None:
            self._base = hashlib.sha256(_seed_bytes(seed) + b"target\x00")
            self._quota = {s.encode("utf-8"): k for s, k in (quotas or {}).items()}

    def feed(self, chunk: bytes) -> None:
        if len(chunk) > 2 * READ_SIZE:  # one block at a time, whatever the caller hands over
            for i in range(0, len(chunk), READ_SIZE):
                self.feed(chunk[i:i + READ_SIZE])
            return
        if not chunk:
            return
        if self._hash is not None:
            self._hash.update(chunk)
        if self._rest:
            chunk = self._rest + chunk
        cut = chunk.rfind(b"\n") + 1
        if cut == 0:
            self._rest = chunk
            return
        if cut < len(chunk):
            self._rest = chunk[cut:]
            chunk = chunk[:cut]
        else:
            self._rest = b""
        self._block(chunk)

    def _block(self, body: bytes) -> None:
        n = body.count(b"\n")
        if not self._check:
            self._unchecked(body, n)
            return
        # Exactly one TAB per line and no CR: the separators alone must read TAB LF TAB LF ...
        if body.translate(None, _NOT_SEPARATORS) != b"\t\n" * n:
            self._fail(body)
        fields = body.replace(b"\t", b"\n").split(b"\n")
        ids, strata = fields[0:-1:2], fields[1::2]
        if not (self._prev < ids[0] and all(map(operator.lt, ids, islice(ids, 1, None)))):
            self._fail(body)
        if not body.isascii():
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                self._fail(body)
        counts = self.counts
        kinds = set(strata)
        if not kinds.issubset(counts):
            if b"" in kinds:
                self._fail(body)
            for s in sorted(kinds.difference(counts), key=strata.index):  # in order of appearance
                counts[s] = 0
                k = self._quota.get(s, 0)
                self._bound[s] = _ANY if k > 0 else _NONE
                self._kept[s] = []
        for s in kinds:
            counts[s] += strata.count(s)
        if self._first is None:
            self._first = ids[0]
        self._prev = ids[-1]
        self._lines += n
        self._tickets(ids, strata)

    def _unchecked(self, body: bytes, n: int) -> None:
        fields = body.replace(b"\t", b"\n").split(b"\n")
        ids, strata = fields[0:-1:2], fields[1::2]
        kinds = set(strata)
        if not kinds.issubset(self._bound):
            for s in sorted(kinds.difference(self._bound), key=strata.index):
                k = self._quota.get(s, 0)
                self._bound[s] = _ANY if k > 0 else _NONE
                self._kept[s] = []
        self._lines += n
        self._tickets(ids, strata)

    def _tickets(self, ids: list[bytes], strata: list[bytes]) -> None:
        if self._base is None:
            return
        copy, bound, kept = self._base.copy, self._bound, self._kept
        for key, s in zip(ids, strata, strict=True):
            h = copy()
            h.update(key)
            d = h.digest()
            if d <= bound[s]:
                best = kept[s]
                best.append(d[:8] + key)  # (ticket, id bytes) order is the bytes order of this
                if len(best) >= 2 * self._quota[s]:
                    self._cut(s)

    def _cut(self, s: bytes) -> None:
        best, k = self._kept[s], self._quota[s]
        best.sort()
        del best[k:]
        self._bound[s] = best[-1][:8] + _REST

    def _fail(self, body: bytes) -> None:
        """Re-read a block that failed the fast checks line by line, for the exact message."""
        lines = body.split(b"\n")
        lines.pop()
        prev = [(self._prev.decode("utf-8", "replace"), "s")] if self._prev else []
        numbered = _candidate_lines((line + b"\n" for line in lines), start=self._lines + 1)
        for _item in _checked_candidates(chain(prev, numbered)):
            pass
        raise DrawInputError(_msg("candidates 文件第 {first} 至 {last} 行格式不正确", first=self._lines + 1,
                                  last=self._lines + len(lines)))

    def finish(self):
        if self._rest:
            raise DrawInputError(_msg("candidates 文件第 {n} 行没有以换行符（LF）结尾", n=self._lines + 1))
        counts = {s.decode("utf-8"): n for s, n in self.counts.items()}
        hexdigest = self._hash.hexdigest() if self._hash is not None else None
        if self._base is None:
            return hexdigest, counts, None
        return hexdigest, counts, _selection(self._kept, self._quota)

    def extend(self, other: CandidateScanner, chunks: Iterable[bytes]) -> None:
        """Continue with the lines that ``other`` (a scanner without seed and without digest, fed the bytes that
        follow this scanner's) has checked and counted: its bytes, ``chunks``, are only hashed here, and its
        first id must come after this scanner's last. ``finish()`` then gives what one scanner fed all the bytes
        would have given. Raises DrawInputError when the two do not join (the caller rescans for the message)."""
        if self._base is not None or other._base is not None or other._hash is not None:
            raise ValueError("extend joins scans without seed, the second without digest")
        if self._rest or other._rest:
            raise DrawInputError(_msg("candidates 文件没有以换行符（LF）结尾"))
        if other._lines:
            if not self._prev < other._first:
                raise DrawInputError(_msg("候选对象未按标识的 UTF-8 字节升序排列：{cid} 出现在 {prev} 之后",
                                          cid=other._first.decode("utf-8", "replace"),
                                          prev=self._prev.decode("utf-8", "replace")))
            if self._first is None:
                self._first = other._first
            self._prev = other._prev
            self._lines += other._lines
            for s, n in other.counts.items():
                self.counts[s] = self.counts.get(s, 0) + n
        if self._hash is not None:
            for chunk in chunks:
                self._hash.update(chunk)

    def best(self) -> dict[bytes, list[bytes]]:
        """Per stratum the k_s best ``ticket bytes ‖ id bytes`` kept so far, sorted."""
        out = {}
        for s, best in self._kept.items():
            best.sort()
            out[s] = best[:self._quota.get(s, 0)]
        return out


def _selection(kept: Mapping[bytes, list[bytes]], quota: Mapping[bytes, int]) -> list[tuple[str, str, int]]:
    """Per stratum the k_s smallest ``ticket ‖ id`` entries of ``kept``, all in (ticket, id bytes) order."""
    selected = []
    for s, best in kept.items():
        best.sort()
        selected += [(entry, s) for entry in best[:quota.get(s, 0)]]
    selected.sort()
    return [(entry[8:].decode("utf-8"), s.decode("utf-8"), int.from_bytes(entry[:8], "big"))
            for entry, s in selected]


class CandidateChunks:
    """candidates_bytes given as chunks (of any size), e.g. ``CandidateChunks(read_chunks(fh))``: accepted
    wherever candidates are (``select``, ``digest_candidates``, ``run_draw``) and scanned without making
    a Python object per line."""

    def __init__(self, chunks: Iterable[bytes]):
        self.chunks = chunks


def _scan(candidates, seed=None, quotas: Mapping[str, int] | None = None, *, check: bool = True):
    """One pass: (candidates digest hex, {stratum: N}, selection or None); see CandidateScanner."""
    scanner = CandidateScanner(seed, quotas, check=check)
    if isinstance(candidates, CandidateChunks):
        for chunk in candidates.chunks:
            scanner.feed(chunk)
    else:
        lines = candidates_bytes_iter(candidates)
        while block := b"".join(islice(lines, _LINES_PER_BLOCK)):
            scanner.feed(block)
    return scanner.finish()


def scan_candidates(candidates, seed=None, quotas: Mapping[str, int] | None = None):
    """One checked pass over the candidates (items sorted by id bytes, or ``CandidateChunks``):
    (SHA-256 hex of candidates_bytes, {stratum: N_s}, and with a seed the selection as ``select`` gives it)."""
    return _scan(candidates, seed, quotas)


def select(seed: bytes, candidates_iter: Iterable[tuple[str, str]], quotas: Mapping[str, int]
           ) -> list[tuple[str, str, int]]:
    """The selected (id, stratum, ticket) in assignment order; one streaming pass over candidates
    sorted by id bytes (checked), per stratum the k_s smallest (target ticket, id bytes)."""
    return _scan(candidates_iter, seed, quotas)[2]


# --------------------------------------------------------------------------------------------------
# Both phases over several processes (fork): same results, byte for byte.
#
# Selection: the candidate file is cut into byte ranges at line boundaries; each child scans its range
# (every check of CandidateScanner, no digest) and returns per stratum its k_s best ``ticket ‖ id`` entries,
# its counts and its first and last ids; the global k_s best of a stratum are among the union of the
# per-range k_s best. The parent hashes the whole file meanwhile (SHA-256 does not combine across ranges)
# and checks the order across each range boundary. Any malformed file is rescanned in one process, for the
# exact message. Assignment: the order of the whole pool by (pair ticket, inspector id bytes) for a target
# does not depend on the loads, so children compute its first team_size + _PREFIX_EXTRA entries for a share
# of the targets (compactly: one pool position each); the parent walks the targets in order and takes the
# first team_size eligible (not excluded, load < max_load) of that prefix, or, when the prefix has too few
# (loads near max_load, many exclusions), sorts that target's eligible inspectors exactly itself.
# Children get their inputs by fork inheritance, use no database and no Django, and return plain bytes.

PARALLEL_MIN_LINES = 500_000  # candidates below which the selection runs in one process
PARALLEL_MIN_PAIRS = 500_000  # pair tickets (targets × pool) below which the assignment runs in one process
_CHUNKS_PER_WORKER = 4  # target shares per child, so that the parent walks while the children compute
_PREFIX_EXTRA = 8  # per target the children return the first team_size + this inspectors of the order
_FORK_STATE = None  # the inputs of the children, inherited through fork


def draw_workers() -> int:
    """Processes to use: FAZHI_DRAW_WORKERS (default 2; 1 or less: one process); 1 where fork is missing."""
    try:
        n = int(os.environ.get("FAZHI_DRAW_WORKERS", "2"))
    except ValueError:
        n = 2
    if n > 1 and "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, n)


def _child_init() -> None:
    """In each forked child: the default SIGTERM and SIGINT. A child inherits the parent's handlers — gunicorn's
    worker and ``fazhi worker`` install graceful ones that only set a flag — and Pool.terminate() stops its
    children with SIGTERM: with an inherited handler an idle child would never exit and the parent would wait
    for it forever."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _fork_pool(workers: int, state):
    """A pool of ``workers`` forked children that inherit ``state``, or None when they cannot be forked."""
    global _FORK_STATE
    _FORK_STATE = state
    saved = {}
    if threading.current_thread() is threading.main_thread():  # children forked now start with the defaults
        saved = {sig: signal.signal(sig, signal.SIG_DFL) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        return multiprocessing.get_context("fork").Pool(workers, initializer=_child_init)
    except OSError:  # no processes left, no memory for them: the caller does the work itself
        return None
    finally:
        _FORK_STATE = None
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _line_ranges(path, size: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` (or fewer) byte ranges of the file, each starting just after a LF (or at 0)."""
    cuts = [0]
    with open(path, "rb") as fh:
        for j in range(1, parts):
            fh.seek(max(size * j // parts - 1, cuts[-1]))
            cut = fh.tell() + len(fh.readline())  # just after the first LF at or after the position
            if cuts[-1] < cut < size:
                cuts.append(cut)
    cuts.append(size)
    return list(zip(cuts, cuts[1:], strict=False))


def _scan_range(j: int):
    path, seed, quotas, ranges, check = _FORK_STATE
    start, end = ranges[j]
    scanner = CandidateScanner(seed, quotas, digest=False, check=check)
    with open(path, "rb") as fh:
        fh.seek(start)
        first = fh.readline().partition(b"\t")[0]
        fh.seek(start)
        remaining = end - start
        while remaining > 0 and (chunk := fh.read(min(READ_SIZE, remaining))):
            remaining -= len(chunk)
            scanner.feed(chunk)
    if scanner._rest or remaining:
        raise DrawInputError(_msg("candidates 文件没有以换行符（LF）结尾"))
    return scanner.counts, scanner.best(), first, scanner._prev


def scan_candidates_file(path, seed=None, quotas: Mapping[str, int] | None = None, *, lines: int | None = None,
                         workers: int | None = None, min_lines: int | None = None, digest: str | None = None):
    """``scan_candidates`` over a candidates_bytes file, split over ``workers`` processes (None: draw_workers())
    when it has at least ``min_lines`` lines (None: PARALLEL_MIN_LINES; ``lines`` is the known line count,
    else estimated from the size). Same result as ``scan_candidates(CandidateChunks(...))``.

    ``digest``: the SHA-256 (hex) the file was checked with when it was written (the frozen file of a
    committed task). Its lines are then not checked again: a file with that digest is that file, byte for
    byte. The result then has None for the counts; a file with another digest (or one that cannot even be
    split into lines) is scanned with every check instead, so its digest or its error is as without ``digest``.
    """
    path = Path(path)
    workers = draw_workers() if workers is None else workers
    min_lines = PARALLEL_MIN_LINES if min_lines is None else min_lines
    size = path.stat().st_size
    if lines is None:
        lines = size // 24
    check = digest is None
    if seed is not None and workers > 1 and lines >= min_lines and size > 0:
        ranges = _line_ranges(path, size, workers)
        if len(ranges) > 1:
            result = _scan_parallel(path, _seed_bytes(seed), dict(quotas or {}), ranges, check)
            if result is not None and (check or result[0] == digest):
                return result
            check = True
    if not check:
        try:
            result = _scan(CandidateChunks(_file_chunks(path)), seed, quotas, check=False)
        except ValueError:  # not even lines (DrawInputError, UnicodeDecodeError are ValueErrors)
            result = None
        if result is not None and result[0] == digest:
            return result[0], None, result[2]
    return _scan(CandidateChunks(_file_chunks(path)), seed, quotas)


def _scan_parallel(path: Path, seed: bytes, quotas: dict[str, int], ranges, check: bool = True):
    """The parallel scan, or None when the file fails a check (the caller rescans it for the message).
    ``check=False``: lines not checked, counts None (see scan_candidates_file)."""
    procs = _fork_pool(len(ranges), (path, seed, quotas, ranges, check))
    if procs is None:
        return None
    with procs:
        pending = procs.map_async(_scan_range, range(len(ranges)), chunksize=1)
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in read_chunks(fh, 1 << 20):
                digest.update(chunk)
        try:
            parts = pending.get()
        except ValueError:  # DrawInputError; unchecked: any line that is not id TAB stratum
            return None
    counts: dict[bytes, int] = {}
    kept: dict[bytes, list[bytes]] = {}
    last = None
    for part_counts, best, first, part_last in parts:
        if check and last is not None and not last < first:
            return None
        last = part_last
        for s, n in part_counts.items():
            counts[s] = counts.get(s, 0) + n
        for s, entries in best.items():
            kept.setdefault(s, []).extend(entries)
    quota = {s.encode("utf-8"): k for s, k in quotas.items()}
    try:
        selection = _selection(kept, quota)
    except UnicodeDecodeError:  # unchecked, not UTF-8
        return None
    return (digest.hexdigest(), {s.decode("utf-8"): n for s, n in counts.items()} if check else None, selection)


def _common_prefix(ids: list[bytes]) -> bytes:
    """The bytes every id starts with. Hashed once into a target's pair-ticket state (SHA-256 is a stream: same
    digests), it often completes the state's first 64-byte block, which is then compressed once per target
    instead of once per inspector."""
    return os.path.commonprefix(ids) if ids else b""


def _cut_for(m: int, n: int) -> bytes | None:
    """A bound below which about 2m + 8 of n random digests fall (None: n is too small for it to help)."""
    c = -(-256 * (2 * m + 8) // n) if n else 256
    return bytes([c]) if c < 256 else None


def _smallest(digests: list[bytes], m: int, cut: bytes | None) -> list[int]:
    """The positions of the m smallest digests, in the order of the digests: among those below ``cut`` (picked
    and sorted in C), or among all when fewer than m fall below it."""
    if cut is not None:
        small = list(compress(range(len(digests)), map(cut.__gt__, digests)))
        if len(small) >= m:
            small.sort(key=digests.__getitem__)
            return small[:m]
    return sorted(range(len(digests)), key=digests.__getitem__)[:m]


def _ticket_tie(digests: list[bytes], top: list[int]) -> bool:
    """Whether two of the digests at ``top`` share their first 8 bytes (the ticket)."""
    tickets = [digests[i][:8] for i in top]
    return len(set(tickets)) < len(tickets)


def _pair_orders(j: int) -> bytes:
    """For targets[lo:hi] of the share, the first ``prefix`` inspectors of the whole pool ordered by (pair
    ticket, id bytes), as pool positions (array ``code``), one target after the other."""
    seed, pool_b, targets, shares, prefix, code = _FORK_STATE
    lo, hi = shares[j]
    n = len(pool_b)
    common = _common_prefix(pool_b)
    rest_b = [pb[len(common):] for pb in pool_b]
    base = seed + b"inspector\x00"
    sha256 = hashlib.sha256
    cut = _cut_for(prefix + 1, n)
    out = array(code)
    for target in targets[lo:hi]:
        copy = sha256(base + target.encode("utf-8") + b"\x00" + common).copy
        digests = []
        append = digests.append
        for pb in rest_b:
            h = copy()
            h.update(pb)
            append(h.digest())
        # As in assign: whole digests give the order unless two of the prefix + 1 smallest share their first
        # 8 bytes; then sort exactly (pool positions follow the id bytes).
        top = _smallest(digests, prefix + 1, cut) if prefix < n else None
        if top is None or _ticket_tie(digests, top):
            out.extend(sorted(range(n), key=lambda i, digests=digests: (digests[i][:8], i))[:prefix])
        else:
            out.extend(top[:prefix])
    return out.tobytes()


def _assign_parallel(seed: bytes, targets: list[str], pool: list[str], pool_b: list[bytes],
                     excluded: dict[str, set[str]], team_size: int, max_load: int, workers: int):
    n = len(pool)
    code = "H" if n <= 0xFFFF else "I"
    if array(code).itemsize < (2 if code == "H" else 4):
        raise RuntimeError("unexpected array item size")
    prefix = min(n, team_size + _PREFIX_EXTRA)
    position = {p: i for i, p in enumerate(pool)}
    no_idx = {t: {position[p] for p in no if p in position} for t, no in excluded.items()}
    parts = min(len(targets), workers * _CHUNKS_PER_WORKER)
    cuts = [len(targets) * j // parts for j in range(parts + 1)]
    shares = list(zip(cuts, cuts[1:], strict=False))
    load = [0] * n
    assignments, unstaffed = [], []
    base = seed + b"inspector\x00"
    procs = _fork_pool(workers, (seed, pool_b, targets, shares, prefix, code))
    if procs is None:
        return None
    with procs:
        for (lo, hi), data in zip(shares, procs.imap(_pair_orders, range(parts), chunksize=1), strict=True):
            orders = array(code)
            orders.frombytes(data)
            for k in range(hi - lo):
                target = targets[lo + k]
                no = no_idx.get(target)
                chosen = []
                for i in orders[k * prefix:(k + 1) * prefix]:
                    if load[i] < max_load and not (no and i in no):
                        chosen.append(i)
                        if len(chosen) == team_size:
                            break
                else:
                    # Too few eligible among the first ``prefix``: the exact order of the eligible ones.
                    eligible = [i for i in range(n) if load[i] < max_load and not (no and i in no)]
                    if len(eligible) < team_size:
                        unstaffed.append(target)
                        continue
                    copy = hashlib.sha256(base + target.encode("utf-8") + b"\x00").copy

                    def key(i, copy=copy):
                        h = copy()
                        h.update(pool_b[i])
                        return h.digest()[:8], i

                    chosen = sorted(eligible, key=key)[:team_size]
                for i in chosen:
                    load[i] += 1
                assignments.append((target, [pool[i] for i in chosen]))
    return assignments, unstaffed


def assign(seed: bytes, selected: Iterable, pool: Iterable[str], exclusions: Iterable, team_size: int,
           max_load: int, *, workers: int = 1, min_pairs: int | None = None
           ) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(assignments [(target, [inspectors])], unstaffed [target]), both in assignment order.

    ``selected`` are the targets in assignment order: ids, or (id, stratum, ticket) tuples. With
    ``workers`` > 1 (see draw_workers) and at least ``min_pairs`` pair tickets (None: PARALLEL_MIN_PAIRS),
    the pair tickets are computed by that many forked processes; the result is the same.
    """
    seed = _seed_bytes(seed)
    team_size = check_team_size(team_size)
    max_load = _check_count(max_load, "每人最多检查对象数 max_load")
    pool = _unique_pool(pool)
    pool_b = [p.encode("utf-8") for p in pool]
    excluded: dict[str, set[str]] = {}
    for inspector, target in exclusion_pairs(exclusions):
        excluded.setdefault(target, set()).add(inspector)
    if workers > 1 and max_load > 0 and len(pool) >= team_size:
        targets = [item if isinstance(item, str) else item[0] for item in selected]
        min_pairs = PARALLEL_MIN_PAIRS if min_pairs is None else min_pairs
        if targets and len(targets) * len(pool) >= min_pairs:
            result = _assign_parallel(seed, targets, pool, pool_b, excluded, team_size, max_load, workers)
            if result is not None:
                return result
        selected = targets
    load = [0] * len(pool)
    # The inspectors still below max_load (positions in the pool), and their id bytes without the prefix that
    # all ids share (hashed once per target).
    common = _common_prefix(pool_b)
    rest_b = [pb[len(common):] for pb in pool_b]
    avail = list(range(len(pool))) if max_load > 0 else []
    avail_b = [rest_b[i] for i in avail]
    cut = _cut_for(team_size + 1, len(avail))
    assignments, unstaffed = [], []
    base = seed + b"inspector\x00"
    sha256 = hashlib.sha256
    for item in selected:
        target = item if isinstance(item, str) else item[0]
        no = excluded.get(target)
        if no:
            idx = [i for i in avail if pool[i] not in no]
            ids_b = [rest_b[i] for i in idx]
        else:
            idx, ids_b = avail, avail_b
        if len(idx) < team_size:
            unstaffed.append(target)
            continue
        copy = sha256(base + target.encode("utf-8") + b"\x00" + common).copy
        digests = []
        append = digests.append
        for pb in ids_b:
            h = copy()
            h.update(pb)
            append(h.digest())
        # The order is (pair ticket = first 8 digest bytes, id bytes). Whole digests give the same first
        # team_size unless two of the team_size + 1 smallest share their first 8 bytes: then sort exactly.
        top = _smallest(digests, team_size + 1, cut)
        if _ticket_tie(digests, top):
            order = sorted(range(len(idx)), key=lambda j: (digests[j][:8], pool_b[idx[j]]))[:team_size]
            chosen = [idx[j] for j in order]
        else:
            chosen = [idx[j] for j in top[:team_size]]
        full = False
        for i in chosen:
            load[i] += 1
            full = full or load[i] >= max_load
        if full:
            avail = [i for i in avail if load[i] < max_load]
            avail_b = [rest_b[i] for i in avail]
            cut = _cut_for(team_size + 1, len(avail))
        assignments.append((target, [pool[i] for i in chosen]))
    return assignments, unstaffed


@dataclass
class DrawResult:
    task_digest: str
    seed: str  # hex
    selected: list[tuple[str, str, int]]
    assignments: list[tuple[str, list[str]]]
    unstaffed: list[str] = field(default_factory=list)


def run_draw(inputs: TaskInputs, candidates: Iterable[tuple[str, str]], secret: bytes, beacon_value: str
             ) -> DrawResult:
    """The draw, once the beacon exists. ``candidates`` (sorted) must be the ones committed to: their digest
    is recomputed in the same pass as the selection."""
    if commitment_of(secret) != inputs.commitment:
        raise DrawInputError(_msg("secret 与已公布的承诺值 commitment 不符"))
    td = inputs.digest()
    seed = compute_seed(td, secret, beacon_value)
    digest, _counts, selected = _scan(candidates, seed, inputs.quotas)
    if digest != inputs.candidates_digest:
        raise DrawInputError(_msg("候选对象与承诺时冻结的名单不一致（candidates 摘要不同）"))
    assignments, unstaffed = assign(seed, selected, inputs.pool, inputs.exclusions, inputs.team_size,
                                    inputs.effective_max_load)
    return DrawResult(task_digest=td, seed=seed.hex(), selected=selected, assignments=assignments,
                      unstaffed=unstaffed)


# --------------------------------------------------------------------------------------------------
# The record


def _stamp(value):
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def public_view(record: Mapping, state: str) -> dict:
    """A copy of ``record`` showing only what is public in ``state``; the rest is null.

    committed: inputs, commitment, task_digest, committed_at. drawn: also beacon_value and drawn_at (the
    beacon is public anyway). published: everything. cancelled: as before the cancellation (beacon_value and
    drawn_at if it had been drawn), never the secret or results, plus cancelled_at and cancel_reason.
    """
    if state not in STATES:
        raise DrawInputError(_msg("未知的状态：{state!r}", state=state))
    out = dict(record)
    if state == "committed":
        for f in DRAWN_FIELDS:
            out[f] = None
    if state != "published":
        for f in PUBLISHED_FIELDS:
            out[f] = None
    if state == "cancelled":
        for f in CANCEL_FIELDS:
            out.setdefault(f, None)
    else:
        for f in CANCEL_FIELDS:
            out.pop(f, None)
    out["status"] = state
    return out


def build_record(inputs: TaskInputs, *, status: str = "committed", task: Mapping | None = None,
                 candidates: Iterable[tuple[str, str]] | None = None, candidates_url: str | None = None,
                 committed_at=None, beacon_value: str | None = None, drawn_at=None, secret: bytes | None = None,
                 result: DrawResult | None = None, published_at=None, cancelled_at=None,
                 cancel_reason: str | None = None) -> dict:
    """The JSON record of a task in ``status``, with null for what is not public yet (see public_view).

    Give the candidates inline (sorted; checked against the committed digest) or a ``candidates_url``.
    A published record needs beacon_value, secret and result (from run_draw).
    """
    if (candidates is None) == (candidates_url is None):
        raise DrawInputError(_msg("必须给出 candidates 或 candidates_url 之一"))
    record: dict = {"format": FORMAT, "task": dict(task or {})}
    if candidates is not None:
        inline = [{"id": cid, "stratum": s} for cid, s, _k, _l in _checked_candidates(candidates)]
        if digest_candidates((c["id"], c["stratum"]) for c in inline)[0] != inputs.candidates_digest:
            raise DrawInputError(_msg("候选对象与承诺时冻结的名单不一致（candidates 摘要不同）"))
        record["candidates"] = inline
    else:
        record["candidates_url"] = candidates_url
    record["pool"] = list(inputs.pool)
    record["exclusions"] = [{"inspector": a, "target": t, "reason": r} for a, t, r in inputs.exclusions]
    record["quotas"] = dict(inputs.quotas)
    if inputs.ratios:
        record["ratios"] = dict(inputs.ratios)
    record.update({
        "team_size": inputs.team_size,
        "max_load": inputs.effective_max_load,
        "beacon_source": inputs.beacon_source,
        "commitment": inputs.commitment,
        "task_digest": inputs.digest(),
        "committed_at": _stamp(committed_at),
        "beacon_value": beacon_value,
        "drawn_at": _stamp(drawn_at),
        "secret": None,
        "seed": None,
        "published_at": _stamp(published_at),
        "selected": None,
        "assignments": None,
        "unstaffed": None,
        "status": status,
    })
    if status == "published":
        if secret is None or result is None or beacon_value is None:
            raise DrawInputError(_msg("公布的记录需要 beacon_value、secret 和抽取结果"))
        if commitment_of(secret) != inputs.commitment:
            raise DrawInputError(_msg("secret 与已公布的承诺值 commitment 不符"))
        if result.task_digest != record["task_digest"]:
            raise DrawInputError(_msg("抽取结果不是由这些输入计算的（task_digest 不同）"))
        record.update({
            "secret": bytes(secret).hex(),
            "seed": result.seed,
            "selected": [{"id": i, "stratum": s, "ticket": format_ticket(t)} for i, s, t in result.selected],
            "assignments": [{"target": t, "inspectors": list(team)} for t, team in result.assignments],
            "unstaffed": list(result.unstaffed),
        })
    if status == "cancelled":
        record["cancelled_at"] = _stamp(cancelled_at)
        record["cancel_reason"] = cancel_reason
    return public_view(record, status)


def dumps_record(record: Mapping) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------------
# Verifying


class RecordFormatError(_Translatable, ValueError):
    """A record file that cannot be read as a record (Chinese message; ``in_language("en")``)."""


def _no_duplicate_keys(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise RecordFormatError(_msg("记录中的键重复：{k}", k=k))
        out[k] = v
    return out


def _bad_constant(name):
    raise RecordFormatError(_msg("记录含有非法的数值：{name}", name=name))


def loads_record(text: str | bytes) -> dict:
    """Parse a record (strict: no duplicate keys, no NaN/Infinity). Raises RecordFormatError in Chinese."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        record = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_bad_constant)
    except UnicodeDecodeError:
        raise RecordFormatError(_msg("记录不是 UTF-8 文本")) from None
    except json.JSONDecodeError as e:
        raise RecordFormatError(_msg("记录不是有效的 JSON：第 {line} 行第 {col} 列：{msg}", line=e.lineno, col=e.colno,
                                     msg=e.msg)) from None
    if not isinstance(record, dict):
        raise RecordFormatError(_msg("记录必须是 JSON 对象"))
    return record


def _candidate_lines(lines: Iterable[bytes], start: int = 1) -> Iterator[tuple[str, str]]:
    """Parse a candidates_bytes file line by line (order and uniqueness are checked by the scan)."""
    for n, raw in enumerate(lines, start):
        if not raw.endswith(b"\n"):
            raise DrawInputError(_msg("candidates 文件第 {n} 行没有以换行符（LF）结尾", n=n))
        fields = raw[:-1].split(b"\t")
        if len(fields) != 2:
            raise DrawInputError(_msg("candidates 文件第 {n} 行应为“标识<TAB>分层”", n=n))
        try:
            cid, stratum = fields[0].decode("utf-8"), fields[1].decode("utf-8")
        except UnicodeDecodeError:
            raise DrawInputError(_msg("candidates 文件第 {n} 行不是 UTF-8 文本", n=n)) from None
        yield cid, stratum


class _Problems(list):
    def add(self, message: str):
        self.append(message)

    def diff(self, name: str, expected: list, actual: list, show) -> None:
        if expected == actual:
            return
        lines = []
        if len(expected) != len(actual):
            lines.append(_msg("{name} 应有 {want} 项，记录中有 {got} 项", name=name, want=len(expected), got=len(actual)))
        for i, (e, a) in enumerate(zip(expected, actual, strict=False), 1):
            if e != a:
                lines.append(_msg("{name} 第 {i} 项应为 {want}，记录中为 {got}", name=name, i=i, want=show(e), got=show(a)))
        if len(lines) > _MAX_LINES:
            lines = [*lines[:_MAX_LINES], _msg("{name} 另有 {n} 处不一致", name=name, n=len(lines) - _MAX_LINES)]
        self.extend(lines)


def _show(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _read_inputs(record: Mapping, problems: _Problems):
    """Validate the hashed inputs; returns a dict, or None if they cannot be used."""
    ok = True

    def need(fn, *args):
        nonlocal ok
        try:
            return fn(*args)
        except DrawInputError as e:
            problems.add(e.args[0])
            ok = False
            return None

    pool = record.get("pool")
    if not isinstance(pool, list):
        problems.add(_msg("pool 缺失或不是列表"))
        ok = False
    else:
        need(_unique_pool, pool)
    excl = record.get("exclusions")
    if excl is None:
        excl = []
    if not isinstance(excl, list) or not all(isinstance(e, Mapping) for e in excl):
        problems.add(_msg("exclusions 应为 {{inspector, target, reason}} 对象的列表"))
        ok = False
    else:
        need(exclusion_pairs, excl)
    quotas = record.get("quotas")
    if not isinstance(quotas, Mapping):
        problems.add(_msg("quotas 缺失或不是对象"))
        ok = False
    else:
        for s, k in quotas.items():
            need(check_identifier, s, "quotas 中的分层")
            if isinstance(k, bool) or not isinstance(k, int) or k < 0:
                problems.add(_msg("quotas 中分层 {s} 的数量应为非负整数：{k}", s=s, k=_show(k)))
                ok = False
    ratios = record.get("ratios")
    if ratios is not None:
        if not isinstance(ratios, Mapping):
            problems.add(_msg("ratios 不是对象"))
            ok = False
        else:
            for s, r in ratios.items():
                try:
                    parse_ratio(r)
                except DrawInputError as e:
                    problems.add(_msg("ratios 中分层 {s}：{error}", s=s, error=e.args[0]))
                    ok = False
    team_size = record.get("team_size")
    need(check_team_size, team_size)
    max_load = record.get("max_load")
    if isinstance(max_load, bool) or not isinstance(max_load, int) or max_load < 1:
        problems.add(_msg("max_load 应为正整数：{value}", value=_show(max_load)))
        ok = False
    need(check_beacon_source, record.get("beacon_source"))
    need(_check_hex64, record.get("commitment"), "commitment")
    need(_check_hex64, record.get("task_digest"), "task_digest")
    if not ok:
        return None
    return {"pool": pool, "exclusions": excl, "quotas": dict(quotas), "ratios": ratios,
            "team_size": team_size, "max_load": max_load, "beacon_source": record["beacon_source"],
            "commitment": record["commitment"].lower()}


def _candidate_source(record: Mapping, problems: _Problems, candidates_bytes, candidates_file):
    """An iterable of (id, stratum) in byte order, or None (with the reason in problems)."""
    inline = record.get("candidates")
    if inline is not None:
        if not isinstance(inline, list) or not all(isinstance(c, Mapping) for c in inline):
            problems.add(_msg("candidates 应为 {{id, stratum}} 对象的列表"))
            return None
        items = []
        for c in inline:
            try:
                items.append((check_identifier(c.get("id"), "候选对象标识"), check_identifier(c.get("stratum"), "分层")))
            except DrawInputError as e:
                problems.add(_msg("candidates：{error}", error=e.args[0]))
        if len(items) != len(inline):
            return None
        items.sort(key=lambda c: sort_key(c[0]))
        return items
    if candidates_bytes is not None:
        return CandidateChunks(read_chunks(io.BytesIO(candidates_bytes)))
    if candidates_file is not None:
        if isinstance(candidates_file, str | Path):
            return CandidateChunks(_file_chunks(Path(candidates_file)))
        return CandidateChunks(read_chunks(candidates_file))
    url = record.get("candidates_url")
    if url:
        problems.add(_msg("candidates 不可用：记录只给出 candidates_url（{url}），请提供该文件后再校验（--candidates FILE）",
                          url=url))
    else:
        problems.add(_msg("candidates 缺失：记录既没有 candidates 也没有 candidates_url"))
    return None


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from read_chunks(fh)


def verify_record(record: Mapping, *, candidates_bytes: bytes | None = None,
                  candidates_file: str | Path | io.BufferedIOBase | None = None, lang: str = "zh") -> list[str]:
    """Every discrepancy between ``record`` and a recomputation from its inputs (empty list: genuine).

    Unknown extra fields are ignored. Candidates come from the record (``candidates``) or, for a record
    with ``candidates_url``, from ``candidates_bytes`` / ``candidates_file`` (exactly candidates_bytes).
    A record whose secret is not public yet gets its task_digest checked and a line saying that the
    selection cannot be verified before publication (so the list is never empty for it).
    The messages are in Chinese, or in English with ``lang="en"`` (see ``language``).
    """
    problems = _verify(record, candidates_bytes, candidates_file)
    return [render(p, lang) for p in problems]


def _verify(record, candidates_bytes, candidates_file) -> list:
    problems = _Problems()
    if not isinstance(record, Mapping):
        return [_msg("记录必须是 JSON 对象")]
    if record.get("format") != FORMAT:
        return [_msg("format 应为 {want}，记录中为 {got}", want=FORMAT, got=_show(record.get("format")))]
    inputs = _read_inputs(record, problems)
    source = _candidate_source(record, problems, candidates_bytes, candidates_file)
    status = record.get("status")
    secret_hex = record.get("secret")

    secret = seed = None
    if secret_hex is not None:
        if not isinstance(secret_hex, str) or not _HEX64.fullmatch(secret_hex):
            problems.add(_msg("secret 应为 {n} 字节（64 位十六进制）", n=SECRET_BYTES))
        else:
            secret = bytes.fromhex(secret_hex)
            commitment = record.get("commitment")
            if isinstance(commitment, str) and _sha256_hex(secret) != commitment.lower():
                problems.add(_msg("commitment 与 SHA-256(secret) 不一致"))
        beacon = record.get("beacon_value")
        if not isinstance(beacon, str):
            problems.add(_msg("beacon_value 缺失：已公布 secret 的记录必须给出随机源取值"))
        elif secret is not None and isinstance(record.get("task_digest"), str) \
                and _HEX64.fullmatch(record["task_digest"]):
            seed = compute_seed(record["task_digest"], secret, beacon)
            got_seed = record.get("seed")
            if not isinstance(got_seed, str) or got_seed.lower() != seed.hex():
                problems.add(_msg("seed 应为 {want}，记录中为 {got}", want=seed.hex(), got=_show(record.get("seed"))))

    quotas = inputs["quotas"] if inputs else (record.get("quotas") if isinstance(record.get("quotas"), Mapping) else {})
    counts = selected = None
    digest_ok = False
    if source is not None:
        try:
            cdigest, counts, selected = _scan(source, seed if inputs else None, quotas)
        except (DrawInputError, OSError) as e:
            problems.add(_msg("candidates：{error}", error=e.args[0] if isinstance(e, DrawInputError) else str(e)))
        else:
            if inputs:
                expected = task_digest(candidates_digest=cdigest, **{k: v for k, v in inputs.items() if k != "ratios"})
                digest_ok = expected == record["task_digest"].lower()
                if not digest_ok:
                    problems.add(_msg("task_digest 与由输入重新计算的结果不一致：应为 {want}（candidates 摘要 {cdigest}），"
                                      "记录中为 {got}", want=expected, cdigest=cdigest, got=record["task_digest"]))

    if inputs and counts is not None:
        for s, k in inputs["quotas"].items():
            if k > counts.get(s, 0):
                problems.add(_msg("quotas 中分层 {s} 的数量 {k} 超过该分层的候选对象数 {n}", s=s, k=k, n=counts.get(s, 0)))
        for s, r in (inputs["ratios"] or {}).items():
            want = quota_for_ratio(r, counts.get(s, 0))
            if inputs["quotas"].get(s) != want:
                problems.add(_msg("quotas 中分层 {s} 应为 {want}（比例 {r} × {n} 向上取整），记录中为 {got}", s=s,
                                  want=want, r=r, n=counts.get(s, 0), got=_show(inputs["quotas"].get(s))))

    if secret_hex is None:
        if status == "published":
            problems.add(_msg("status 为 published，但 secret 为空"))
        checked = _msg("task_digest 与输入一致；") if digest_ok else ""
        if status == "cancelled":
            reason = record.get("cancel_reason")
            problems.add(_msg("{checked}任务已撤销（原因：{reason}），secret 未公布：无法验证抽取结果", checked=checked,
                              reason=reason or _msg("未说明")))
        else:
            problems.add(_msg("{checked}secret 尚未公布（status 为 {status}）：公布前无法验证 seed、抽取结果和检查人员分配",
                              checked=checked, status=status))
        return list(problems)

    if seed is not None and selected is not None and inputs:
        _compare_outputs(record, problems, seed, selected, inputs)
    elif seed is not None and inputs and selected is None:
        problems.add(_msg("候选对象不可用或有误：无法重新计算抽取结果和分配"))
    return list(problems)


def _compare_outputs(record, problems: _Problems, seed: bytes, selected, inputs) -> None:
    got = record.get("selected")
    if not isinstance(got, list):
        problems.add(_msg("selected 缺失或不是列表"))
        got = []
    want = [{"id": i, "stratum": s, "ticket": format_ticket(t)} for i, s, t in selected]
    actual = [{k: e.get(k) for k in ("id", "stratum", "ticket")} if isinstance(e, Mapping) else e for e in got]
    malformed = [e for e in actual if isinstance(e, Mapping) and not (
        isinstance(e.get("ticket"), str) and _TICKET.fullmatch(e["ticket"]))]
    for e in malformed[:_MAX_LINES]:
        problems.add(_msg("selected 中 {id} 的 ticket 应为 16 位小写十六进制：{ticket}", id=_show(e.get("id")),
                          ticket=_show(e.get("ticket"))))
    if len(malformed) > _MAX_LINES:
        problems.add(_msg("selected 另有 {n} 个 ticket 格式不正确", n=len(malformed) - _MAX_LINES))
    problems.diff("selected", want, actual, _show)

    assignments, unstaffed = assign(seed, selected, inputs["pool"], inputs["exclusions"], inputs["team_size"],
                                    inputs["max_load"])
    got_u = record.get("unstaffed")
    if got_u is None:
        got_u = []
    if not isinstance(got_u, list):
        problems.add(_msg("unstaffed 不是列表"))
        got_u = []
    got_a = record.get("assignments")
    if not isinstance(got_a, list):
        problems.add(_msg("assignments 缺失或不是列表"))
        got_a = []
    actual_a = []
    for e in got_a:
        if isinstance(e, Mapping):
            # Tolerated: an unstaffed target listed with an empty team.
            if e.get("inspectors") == [] and e.get("target") in got_u:
                continue
            actual_a.append({"target": e.get("target"), "inspectors": e.get("inspectors")})
        else:
            actual_a.append(e)
    want_a = [{"target": t, "inspectors": team} for t, team in assignments]
    problems.diff("assignments", want_a, actual_a, _show)
    problems.diff("unstaffed", unstaffed, got_u, _show)


# --------------------------------------------------------------------------------------------------
# Command line


def verify_file(path: str, candidates: str | None = None, stdin=None, lang: str = "zh") -> list[str]:
    """Read and verify a record file ('-' is stdin). Returns the discrepancies in ``lang``; raises
    RecordFormatError (its ``in_language(lang)`` for the message)."""
    try:
        if path == "-":
            stream = stdin if stdin is not None else sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        else:
            data = Path(path).read_bytes()
    except OSError as e:
        raise RecordFormatError(_msg("无法读取记录文件 {path}：{error}", path=path, error=e.strerror or e)) from None
    record = loads_record(data)
    if candidates is not None and not Path(candidates).is_file():
        raise RecordFormatError(_msg("无法读取 candidates 文件 {path}", path=candidates))
    return verify_record(record, candidates_file=candidates, lang=lang)


def failed_summary(count: int, lang: str = "zh") -> str:
    """The closing line of a verification that found ``count`` discrepancies."""
    return _msg("抽取记录未通过校验：{n} 处问题", n=count).render(lang)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fazhi.inspection.draw",
                                     description="fazhi-draw/1 双随机抽取记录校验")
    sub = parser.add_subparsers(dest="action", required=True)
    verify = sub.add_parser("verify", help="校验一份公布的抽取记录（JSON）")
    verify.add_argument("record", help="记录文件；- 表示标准输入")
    verify.add_argument("--candidates", help="记录只给出 candidates_url 时，该文件的本地副本")
    verify.add_argument("--lang", choices=LANGUAGES, default="zh", help="消息语言：zh（默认）或 en / messages in zh or en")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        problems = verify_file(args.record, args.candidates, lang=args.lang)
    except RecordFormatError as e:
        print(e.in_language(args.lang))
        return 1
    if problems:
        for p in problems:
            print(p)
        return 1
    print("verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
