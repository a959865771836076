"""Full-text search of the public normative documents, in Chinese, the same on SQLite and PostgreSQL.

**Matching.** Titles (with the 文号) and texts are normalised (NFKC, lower case; every CJK character a token of its
own; other letters and digits kept as whole words; everything else a separator) and stored padded with one space
at each end. A query is split on white space into phrases, each normalised the same way; a document matches when
every phrase occurs as a contiguous run of tokens in its title or in its text. So 档案 is found inside 档案馆 and
案馆 too, 2015 matches the word 2015 (not 20151), punctuation and spacing in the query do not matter.

- SQLite: an FTS5 table ``norms_fts(title_n, body_n)`` with the ``unicode61`` tokenizer (CJK characters separated
  by spaces are single tokens), rowid = the entry's ``key``, and ``norms_fts_title(title_n)`` for the titles
  alone; the query is an FTS5 phrase per query phrase (``"档 案"``), built from normalised tokens only, so no FTS
  syntax can get through.
- PostgreSQL: two ``tsvector`` columns of the entry (title, title + text) holding every token and every pair of
  adjacent tokens as lexemes (``array_to_tsvector``, no parser, no positions), each with a GIN index; a phrase
  becomes the AND of its pairs (or its one token), which the GIN index answers, and the candidates are checked
  exactly with ``strpos`` on the normalised text. (A positional tsvector with ``phraseto_tsquery`` would be
  shorter to write but keeps at most 256 positions per lexeme and none beyond 16,383: a phrase late in a long
  text would not be found.)

**Ranking.** When at most ``EXACT_LIMIT`` (500) documents match, all are scored the same way on both databases (in
Python, from the stored normalised texts): 10 per occurrence in the title, plus the occurrences in the text per
1,000 characters of text, then newest first. When more match, the count is reported as "more than 500", and the
order is: title matches newest first, then text matches newest first — read in ``key`` order (publication date,
then id) so the database stops after one page. docs/norms.md has the figures.
"""

# ruff: noqa: S608 - the SQL below interpolates only placeholders and column names written here; every value
# (the query's phrases, the FTS5 expression, the tsquery) is passed as a parameter.
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection

from fazhi.config.routers import read_connection

EXACT_LIMIT = 500
TITLE_FEW = 5000
MAX_QUERY_CHARS = 100
MAX_PHRASES = 8
MAX_OFFSET = 1000

_CJK = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_RE = re.compile(f"([{_CJK}])")
_SEP_RE = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """'档案馆（2015年）ABC' → '档 案 馆 2015 年 abc'."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _CJK_RE.sub(r" \1 ", text)
    return " ".join(_SEP_RE.sub(" ", text).split())


def padded(text: str) -> str:
    n = normalize(text)
    return f" {n} " if n else " "


def phrases(query: str) -> list[str]:
    """The normalised phrases of a query (at most 8; the query is cut at 100 characters)."""
    out: list[str] = []
    for part in (query or "")[:MAX_QUERY_CHARS].split():
        n = normalize(part)
        if n and n not in out:
            out.append(n)
    return out[:MAX_PHRASES]


def entry_key(published_on, pk: int) -> int:
    """Newest first in ``key`` order: the publication day in the high bits, the id in the low 32."""
    return (published_on.toordinal() << 32) | int(pk)


def key_document_id(key: int) -> int:
    return int(key) & 0xFFFFFFFF


def lexemes(normalized: str) -> list[str]:
    """Every token and every pair of adjacent tokens (PostgreSQL)."""
    tokens = normalized.split()
    out = set(tokens)
    out.update(a + b for a, b in zip(tokens, tokens[1:], strict=False))
    return sorted(out)


def _tsquery(ph: list[str]) -> str:
    parts: set[str] = set()
    for p in ph:
        tokens = p.split()
        if len(tokens) == 1:
            parts.add(tokens[0])
        parts.update(a + b for a, b in zip(tokens, tokens[1:], strict=False))
    quoted = ("'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in sorted(parts))
    return " & ".join(quoted)


def _fts_match(ph: list[str], column: str | None = None) -> str:
    prefix = f"{{{column}}} : " if column else ""
    return " AND ".join(prefix + '"' + p.replace('"', '""') + '"' for p in ph)


# ---- keeping the index ---------------------------------------------------------------------------------------
def index_put(*, document_id: int, key: int, agency_id: int, status: str, published_on, title: str,
              text: str) -> None:
    """Insert or replace the entry of a document (called by the services whenever the text, the status or the
    publication date changes)."""
    from fazhi.norms.models import SearchEntry

    title_n, body_n = padded(title), padded(text)
    old = SearchEntry.objects.filter(pk=document_id).values_list("key", flat=True).first()
    sqlite = connection.vendor == "sqlite"
    SearchEntry.objects.update_or_create(document_id=document_id, defaults={
        "key": key, "agency_id": agency_id, "status": status, "published_on": published_on,
        # On SQLite the normalised text lives in the FTS5 table only (no second copy).
        "title_n": "" if sqlite else title_n, "body_n": "" if sqlite else body_n})
    with connection.cursor() as cursor:
        if sqlite:
            for k in {old, key} - {None}:
                cursor.execute("DELETE FROM norms_fts WHERE rowid = %s", [k])
                cursor.execute("DELETE FROM norms_fts_title WHERE rowid = %s", [k])
            cursor.execute("INSERT INTO norms_fts(rowid, title_n, body_n) VALUES (%s, %s, %s)", [key, title_n, body_n])
            cursor.execute("INSERT INTO norms_fts_title(rowid, title_n) VALUES (%s, %s)", [key, title_n])
        elif connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE norms_searchentry SET ttsv = array_to_tsvector(%s::text[]), tsv = array_to_tsvector(%s::text[])"
                " WHERE document_id = %s",
                [lexemes(title_n), sorted(set(lexemes(title_n)) | set(lexemes(body_n))), document_id])


def index_many(rows: list[dict]) -> None:
    """Index many documents that have no entry yet, in bulk (the bench; ``fazhi norms reindex``). Each row:
    document_id, key, agency_id, status, published_on, title, text. PostgreSQL: COPY with the tsvectors."""
    from fazhi.norms.models import SearchEntry

    if not rows:
        return
    prepared = [(r, padded(r["title"]), padded(r["text"])) for r in rows]
    if connection.vendor == "postgresql":
        def literal(lex: list[str]) -> str:
            return " ".join("'" + x.replace("\\", "\\\\").replace("'", "''") + "'" for x in lex)

        with connection.cursor() as cursor, cursor.copy(
                "COPY norms_searchentry (document_id, key, agency_id, status, published_on, title_n, body_n, ttsv, "
                "tsv) FROM STDIN") as copy:
            for r, t, b in prepared:
                tl = lexemes(t)
                copy.write_row((r["document_id"], r["key"], r["agency_id"], r["status"], r["published_on"], t, b,
                                literal(tl), literal(sorted(set(tl) | set(lexemes(b))))))
        return
    SearchEntry.objects.bulk_create([
        SearchEntry(document_id=r["document_id"], key=r["key"], agency_id=r["agency_id"], status=r["status"],
                    published_on=r["published_on"], title_n="", body_n="") for r, _t, _b in prepared], batch_size=2000)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO norms_fts(rowid, title_n, body_n) VALUES (%s, %s, %s)",
                               [(r["key"], t, b) for r, t, b in prepared])
            cursor.executemany("INSERT INTO norms_fts_title(rowid, title_n) VALUES (%s, %s)",
                               [(r["key"], t) for r, t, _b in prepared])


def index_status(*, document_id: int, status: str) -> None:
    from fazhi.norms.models import SearchEntry

    SearchEntry.objects.filter(pk=document_id).update(status=status)


def index_drop(*, document_id: int) -> None:
    from fazhi.norms.models import SearchEntry

    key = SearchEntry.objects.filter(pk=document_id).values_list("key", flat=True).first()
    if key is None:
        return
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM norms_fts WHERE rowid = %s", [key])
            cursor.execute("DELETE FROM norms_fts_title WHERE rowid = %s", [key])
    SearchEntry.objects.filter(pk=document_id).delete()


# ---- searching -----------------------------------------------------------------------------------------------
@dataclass
class Hits:
    ids: list[int]  # document ids of the requested page, in order
    count: int  # exact when count_exact, else a lower bound (EXACT_LIMIT + 1)
    count_exact: bool
    phrases: list[str]


def _filters(statuses: tuple[str, ...], agency_id: int | None, alias: str = "e") -> tuple[str, list]:
    sql, params = f" AND {alias}.status IN ({', '.join(['%s'] * len(statuses))})", list(statuses)
    if agency_id:
        sql += f" AND {alias}.agency_id = %s"
        params.append(agency_id)
    return sql, params


def score(ph: list[str], title_n: str, body_n: str) -> float:
    """10 per occurrence in the title, plus the occurrences in the text per 1,000 characters of text."""
    return sum(10.0 * title_n.count(p) + 1000.0 * body_n.count(p) / (len(body_n) + 1000) for p in ph)


def _rows(sql: str, params: list) -> list[tuple]:
    with read_connection().cursor() as cursor:  # the read replica for the search page, when configured
        cursor.execute(sql, params)
        return cursor.fetchall()


def search(query: str, *, statuses: tuple[str, ...], agency_id: int | None = None, offset: int = 0,
           limit: int = 20) -> Hits:
    ph = phrases(query)
    offset = max(0, min(int(offset), MAX_OFFSET))
    if not ph or not statuses:
        return Hits([], 0, True, ph)
    engine = _Sqlite() if connection.vendor == "sqlite" else _Postgres()
    flt, fp = _filters(statuses, agency_id)
    candidates = engine.probe(ph, flt, fp, EXACT_LIMIT + 1)
    if len(candidates) <= EXACT_LIMIT:
        if not candidates:
            return Hits([], 0, True, ph)
        scored = [(k, score(ph, t, b)) for k, t, b in engine.texts(candidates)]
        scored.sort(key=lambda r: (-r[1], -int(r[0])))
        return Hits([key_document_id(k) for k, _s in scored[offset:offset + limit]], len(scored), True, ph)
    need = offset + limit
    title = engine.ordered(ph, flt, fp, need, title_only=True)
    keys = list(title)
    if len(keys) < need:
        # No title matched: all of the more than EXACT_LIMIT matches are in the texts (dense enough to walk).
        keys += engine.ordered(ph, flt, fp, need - len(keys), title_only=False, dense=not keys)
    return Hits([key_document_id(k) for k in keys[offset:offset + limit]], EXACT_LIMIT + 1, False, ph)


class _Sqlite:
    def probe(self, ph, flt, fp, limit) -> list[int]:
        sql = ("SELECT f.rowid FROM norms_fts f JOIN norms_searchentry e ON e.key = f.rowid "
               f"WHERE norms_fts MATCH %s{flt} LIMIT %s")
        return [r[0] for r in _rows(sql, [_fts_match(ph), *fp, limit])]

    def texts(self, keys) -> list[tuple]:
        out: list[tuple] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ", ".join(["%s"] * len(chunk))
            out += _rows(f"SELECT rowid, title_n, body_n FROM norms_fts WHERE rowid IN ({marks})", chunk)
        return out

    def ordered(self, ph, flt, fp, limit, *, title_only: bool, dense: bool = False) -> list[int]:
        # Titles from their own table (short doclists); the texts without the title matches from the full one.
        table = "norms_fts_title" if title_only else "norms_fts"
        match = _fts_match(ph) if title_only else f"({_fts_match(ph)}) NOT ({_fts_match(ph, 'title_n')})"
        sql = (f"SELECT f.rowid FROM {table} f JOIN norms_searchentry e ON e.key = f.rowid "
               f"WHERE {table} MATCH %s{flt} ORDER BY f.rowid DESC LIMIT %s")
        return [r[0] for r in _rows(sql, [match, *fp, limit])]


class _Postgres:
    @staticmethod
    def _exact(ph, column) -> tuple[str, list]:
        return " AND ".join(f"strpos(e.{column}, %s) > 0" for _ in ph), [f" {p} " for p in ph]

    def probe(self, ph, flt, fp, limit) -> list[int]:
        tc, tp = self._exact(ph, "title_n")
        bc, bp = self._exact(ph, "body_n")
        sql = (f"SELECT e.key FROM norms_searchentry e WHERE e.tsv @@ %s::tsquery{flt} AND (({tc}) OR ({bc})) "
               "LIMIT %s")
        return [r[0] for r in _rows(sql, [_tsquery(ph), *fp, *tp, *bp, limit])]

    def texts(self, keys) -> list[tuple]:
        return _rows("SELECT e.key, e.title_n, e.body_n FROM norms_searchentry e WHERE e.key = ANY(%s)", [list(keys)])

    def ordered(self, ph, flt, fp, limit, *, title_only: bool, dense: bool = False) -> list[int]:
        q = _tsquery(ph)
        tc, tp = self._exact(ph, "title_n")
        if title_only:
            where, params = f"e.ttsv @@ %s::tsquery{flt} AND {tc}", [q, *fp, *tp]
        else:
            bc, bp = self._exact(ph, "body_n")
            where, params = f"e.tsv @@ %s::tsquery{flt} AND ({bc}) AND NOT ({tc})", [q, *fp, *bp, *tp]
        # Few matches: the GIN index, then sort; many: walk the key index newest first and stop after a page. Title
        # checks are cheap (short, not TOASTed), so up to TITLE_FEW title matches are sorted rather than walked to
        # (matches clustered in time, e.g. a year of the 文号, would make the walk long).
        if not dense:
            few_limit = TITLE_FEW if title_only else EXACT_LIMIT
            few = _rows(f"SELECT e.key FROM norms_searchentry e WHERE {where} LIMIT %s", [*params, few_limit + 1])
            if len(few) <= few_limit:
                return sorted((r[0] for r in few), reverse=True)[:limit]
        return [r[0] for r in _rows(f"SELECT e.key FROM norms_searchentry e WHERE {where} ORDER BY e.key DESC LIMIT %s",
                                    [*params, limit])]


def _folded(text: str) -> tuple[str, list[int]]:
    """The text NFKC-folded character by character, with the index in the original of each folded character (so a
    match found in the folded text is cut from the original, full-width punctuation and all)."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


def snippet(text: str, ph: list[str], width: int = 60) -> tuple[str, str, str]:
    """(before, match, after) around the first occurrence of a phrase in the original text; no match: the start."""
    text = text or ""
    folded, index = _folded(text)
    for p in ph:
        pattern = r"[\W_]*".join(re.escape(t) for t in p.split())
        m = re.search(pattern, folded, flags=re.IGNORECASE)
        if m and m.end() > m.start():
            a, b = index[m.start()], index[m.end() - 1] + 1
            start, end = max(0, a - width // 2), min(len(text), b + width)
            before = ("…" if start else "") + text[start:a]
            after = text[b:end] + ("…" if end < len(text) else "")
            return before.replace("\n", " "), text[a:b], after.replace("\n", " ")
    head = text[:width * 2].replace("\n", " ")
    return head + ("…" if len(text) > width * 2 else ""), "", ""
