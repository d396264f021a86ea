"""Search the published index (search.sqlite, written by the build): resources whose labels or texts hold every
word of a query.

Words are separated by spaces (full-width ones too) and AND-ed: a resource is found when each word occurs in one
of its texts (not necessarily the same one). A word of three characters or more goes through the trigram index
and is scored by FTS5's bm25; a two-character word (協定, 計画) scans the same table with LIKE. Text and words are
normalised alike (jkg.layout.search_text) and matched ignoring case. Ranking: a resource one of whose names is
exactly the query first, then resources matched in a label or title, then by bm25 (summed over the words).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jkg.layout import SEARCH_FIELDS, SEARCH_MIN_QUERY, search_text

FIELD_NAMES = tuple(f.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in SEARCH_FIELDS)  # label … results
NAME_FIELDS = 4  # label, prefLabel, altLabel, notation: a resource's names
LABEL_FIELDS = 5  # … and a sheet's title


@dataclass(frozen=True)
class Hit:
    iri: str
    field: str  # the property IRI the text is the value of
    snippet: str  # the text around the first match
    marks: list[tuple[int, int]]  # where each word occurs in the snippet

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The snippet cut into (text, is a match) runs, for marking the words."""
        out, at = [], 0
        for start, end in self.marks:
            if start > at:
                out.append((self.snippet[at:start], False))
            out.append((self.snippet[start:end], True))
            at = end
        if at < len(self.snippet):
            out.append((self.snippet[at:], False))
        return out


@dataclass(frozen=True)
class Found:
    total: int
    hits: list[Hit]
    types: list[tuple[str, int]]  # (jkg type IRI, resources found of that type), most first
    fields: list[tuple[str, int]]  # (field name, resources found with a match in that field)


class QueryTooShort(ValueError):
    """A search word of fewer than SEARCH_MIN_QUERY characters."""


def words(query: str) -> list[str]:
    """The query's words, normalised, each once; QueryTooShort if any is shorter than SEARCH_MIN_QUERY."""
    found = list(dict.fromkeys(search_text(query).split()))
    short = [w for w in found if len(w) < SEARCH_MIN_QUERY]
    if not found or short:
        raise QueryTooShort(f"search for words of {SEARCH_MIN_QUERY} characters or more: {' '.join(short)}".strip())
    return found


def matching(wanted: Sequence[str], fields: Sequence[str] = (), ranked: bool = True) -> tuple[str, list[object]]:
    """SQL selecting (iri, score, best field) of every resource that holds each word in one of `fields` (all
    when empty), with its arguments; to use as a subquery over the index's tables. Not `ranked`: the IRIs only,
    without bm25 (a filter needs no order)."""
    ranks = [FIELD_NAMES.index(f) for f in fields if f in FIELD_NAMES]
    within = f" AND docs.field IN ({', '.join(map(str, ranks))})" if ranks else ""
    parts: list[str] = []
    args: list[object] = []
    if not ranked:
        for word in wanted:
            if len(word) >= 3:
                parts.append(
                    f"SELECT docs.iri FROM texts JOIN docs ON docs.id = texts.rowid WHERE texts MATCH ?{within}"
                )
                args.append('"' + word.replace('"', '""') + '"')
            else:
                parts.append(f"SELECT docs.iri FROM docs WHERE docs.text LIKE ? ESCAPE '\\'{within}")
                args.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return " INTERSECT ".join(parts), args
    for number, word in enumerate(wanted):
        if len(word) >= 3:
            parts.append(
                f"""SELECT docs.iri, {number} AS w, bm25(texts) AS score, docs.field AS field
                    FROM texts JOIN docs ON docs.id = texts.rowid WHERE texts MATCH ?{within}"""
            )
            args.append('"' + word.replace('"', '""') + '"')
        else:  # LIKE ignores ASCII case, as the trigram tokenizer does
            parts.append(
                f"SELECT docs.iri, {number} AS w, 0.0 AS score, docs.field AS field FROM docs "
                f"WHERE docs.text LIKE ? ESCAPE '\\'{within}"
            )
            args.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    # MATERIALIZED: bm25() may only be evaluated in the query that MATCHes, not folded into the GROUP BY.
    sql = f"""WITH hits AS MATERIALIZED ({" UNION ALL ".join(parts)}),
              per_word AS (SELECT iri, w, MIN(score) AS score, MIN(field) AS field FROM hits GROUP BY iri, w)
              SELECT iri, SUM(score) AS score, MIN(field) AS field FROM per_word
              GROUP BY iri HAVING COUNT(*) = {len(wanted)}"""
    return sql, args


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def search(
    path: Path,
    query: str,
    limit: int = 50,
    offset: int = 0,
    types: Sequence[str] = (),
    fields: Sequence[str] = (),
) -> Found:
    """Resources holding every word of `query`, best first: one page of hits, how many in all, and how many of
    each type and with a match in each field. `types` (jkg class IRIs) and `fields` (FIELD_NAMES) narrow it."""
    wanted = words(query)
    matched, args = matching(wanted, fields)
    typed = f"WHERE iri IN (SELECT iri FROM types WHERE type IN ({', '.join('?' * len(types))}))" if types else ""
    names = f"SELECT 1 FROM docs d WHERE d.iri = m.iri AND d.field < {NAME_FIELDS} AND d.text = ? COLLATE NOCASE"
    db = connect(path)
    try:
        db.execute(f"CREATE TEMP TABLE matched AS {matched}", args)
        db.execute(
            f"CREATE TEMP TABLE found AS SELECT m.*, EXISTS ({names}) AS exact FROM matched m {typed}",
            [" ".join(wanted), *types],
        )
        total = int(db.execute("SELECT COUNT(*) FROM found").fetchone()[0])
        page = db.execute(
            f"SELECT iri FROM found ORDER BY exact DESC, field >= {LABEL_FIELDS}, score, iri LIMIT ? OFFSET ?",
            (limit, offset),
        ).fetchall()
        hits = [_hit(db, iri, wanted, fields) for (iri,) in page]
        # How many of each type among all matches (the type filter left out, so that another can be chosen),
        # and how many have a match in each field.
        by_type = db.execute(
            """SELECT type, COUNT(*) FROM types WHERE iri IN (SELECT iri FROM matched)
               GROUP BY type ORDER BY COUNT(*) DESC, type"""
        ).fetchall()
        by_field = db.execute(
            f"""SELECT field, COUNT(DISTINCT iri) FROM docs WHERE iri IN (SELECT iri FROM found)
                AND ({" OR ".join("instr(lower(text), ?) > 0" for _ in wanted)}) GROUP BY field ORDER BY field""",
            [w.lower() for w in wanted],
        ).fetchall()
    finally:
        db.close()
    return Found(
        total,
        hits,
        [(str(t), int(n)) for t, n in by_type],
        [(FIELD_NAMES[int(f)], int(n)) for f, n in by_field],
    )


def _hit(db: sqlite3.Connection, iri: str, wanted: list[str], fields: Sequence[str], context: int = 40) -> Hit:
    """The resource's best text for the words (names first, then the text holding most of them), cut around the
    first one, with every word marked."""
    ranks = {FIELD_NAMES.index(f) for f in fields if f in FIELD_NAMES}
    texts = [
        (f, t)
        for f, t in db.execute("SELECT field, text FROM docs WHERE iri = ? ORDER BY field, length(text)", (iri,))
        if not ranks or f in ranks
    ] or [(0, iri)]
    lowered = [w.lower() for w in wanted]
    rank, text = max(texts, key=lambda ft: (sum(w in ft[1].lower() for w in lowered), -ft[0]))
    low = text.lower()
    at = min((low.find(w) for w in lowered if w in low), default=0)
    begin = max(0, at - context)
    end = min(len(text), at + max(map(len, lowered)) + context * 2)
    snippet = ("…" if begin else "") + text[begin:end] + ("…" if end < len(text) else "")
    marks: list[tuple[int, int]] = []
    piece = snippet.lower()
    for w in lowered:
        start = piece.find(w)
        while start >= 0:
            marks.append((start, start + len(w)))
            start = piece.find(w, start + len(w))
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(marks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    return Hit(iri, SEARCH_FIELDS[rank].value, snippet, merged)
