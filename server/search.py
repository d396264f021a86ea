"""Search the published index (search.sqlite, written by the build): labels and texts containing a query.

A query of three characters or more goes through the trigram index; a two-character query (協定, 計画) scans the
same table with LIKE. Text and queries are normalised alike (jkg.layout.search_text) and matched ignoring case.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from jkg.layout import SEARCH_FIELDS, SEARCH_MIN_QUERY, search_text


@dataclass(frozen=True)
class Hit:
    iri: str
    field: str  # the property IRI the text is the value of
    snippet: str  # the text around the first match, with the match at [start:end]
    start: int
    end: int


class QueryTooShort(ValueError):
    """A search for fewer than SEARCH_MIN_QUERY characters."""


def search(path: Path, query: str, limit: int = 50, offset: int = 0) -> tuple[int, list[Hit]]:
    """Resources whose labels or texts contain `query`: (how many resources, one page of hits, best first)."""
    wanted = search_text(query.strip())
    if len(wanted) < SEARCH_MIN_QUERY:
        raise QueryTooShort(f"search for {SEARCH_MIN_QUERY} characters or more")
    if len(wanted) >= 3:
        # The trigram index finds the rows; a two-character query scans the texts (LIKE ignores ASCII case).
        source, condition = "texts JOIN docs ON docs.id = texts.rowid", "texts MATCH ?"
        argument = '"' + wanted.replace('"', '""') + '"'
    else:
        source, condition = "docs", "docs.text LIKE ? ESCAPE '\\'"
        argument = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # Each resource once, by its best text (a label before a sheet's text, then the shortest), ranked and paged
    # in SQLite so that a query matching most of a large graph does not come through Python row by row.
    best = f"""SELECT docs.iri AS iri, MIN(docs.field * 1000000 + MIN(length(docs.text), 999999)) AS key
               FROM {source} WHERE {condition} GROUP BY docs.iri"""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page = db.execute(
            f"SELECT iri, COUNT(*) OVER () FROM ({best}) ORDER BY key, iri LIMIT ? OFFSET ?", (argument, limit, offset)
        ).fetchall()
        if page:
            total = int(page[0][1])
        else:
            total = int(db.execute(f"SELECT COUNT(*) FROM ({best})", (argument,)).fetchone()[0])
        hits = []
        for iri, _total in page:
            texts = db.execute(
                "SELECT field, text FROM docs WHERE iri = ? ORDER BY field, length(text)", (iri,)
            ).fetchall()
            # The best text that holds the query as Python folds case (SQLite's folding may differ on rare letters).
            field, text = next(((f, t) for f, t in texts if wanted.lower() in t.lower()), texts[0])
            hits.append(_hit(iri, field, text, wanted))
    finally:
        db.close()
    return total, hits


def _hit(iri: str, rank: int, text: str, wanted: str, context: int = 40) -> Hit:
    at = text.lower().find(wanted.lower())
    begin = max(0, at - context)
    snippet = ("…" if begin else "") + text[begin : at + len(wanted) + context]
    start = at - begin + (1 if begin else 0)
    if at + len(wanted) + context < len(text):
        snippet += "…"
    return Hit(iri, SEARCH_FIELDS[rank].value, snippet, start, start + len(wanted))
