"""Full-text search over labels and texts: an SQLite FTS5 trigram index built with the graph.

Japanese has no spaces to split words on, so the index is of character trigrams: any substring of three
characters or more is found through the index, and a two-character query (協定, 計画) falls back to a LIKE scan
of the same table. Text and queries are NFKC-normalised alike and matched ignoring case, so ｊａｘａ finds JAXA.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store

from etl.vocab import DCTERMS, JKG, RDFS, SKOS

INDEX_FILE = "search.sqlite"
MIN_QUERY = 2
# The fields searched, best first: a hit in a label ranks above a hit in a sheet's text.
FIELDS = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.notation,
    DCTERMS.title,
    JKG.purpose,
    JKG.overview,
    JKG.results,
)
LABEL_FIELDS = 4


def normalise(text: str) -> str:
    """NFKC: full-width letters and digits become ASCII, half-width kana full-width (the index ignores case)."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class Hit:
    iri: str
    field: str  # the property IRI the text is the value of
    snippet: str  # the text around the first match, with the match at [start:end]
    start: int
    end: int


def write_index(store: Store, graph: NamedNode, path: Path) -> int:
    """Index every searched literal of `graph`; return the number of texts indexed."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE VIRTUAL TABLE texts USING fts5(iri UNINDEXED, field UNINDEXED, text, tokenize='trigram')")
        count = 0
        for rank, field in enumerate(FIELDS):
            rows = (
                (q.subject.value, rank, normalise(q.object.value))
                for q in store.quads_for_pattern(None, field, None, graph)
                if isinstance(q.object, Literal) and isinstance(q.subject, NamedNode)
            )
            count += db.executemany("INSERT INTO texts(iri, field, text) VALUES (?, ?, ?)", rows).rowcount
        db.execute("INSERT INTO texts(texts) VALUES ('optimize')")
        db.commit()
        return count
    finally:
        db.close()


class QueryTooShort(ValueError):
    """A search for fewer than MIN_QUERY characters."""


def search(path: Path, query: str, limit: int = 50, offset: int = 0) -> tuple[int, list[Hit]]:
    """Resources whose labels or texts contain `query`: (how many resources, one page of hits, best first)."""
    wanted = normalise(query.strip())
    if len(wanted) < MIN_QUERY:
        raise QueryTooShort(f"search for {MIN_QUERY} characters or more")
    if len(wanted) >= 3:
        condition, argument = "texts MATCH ?", '"' + wanted.replace('"', '""') + '"'
    else:
        condition = "text LIKE ? ESCAPE '\\'"
        argument = "%" + wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # Each resource once, by its best text (a label before a sheet's text, then the shortest); ranked and paged
    # in SQLite, so a query matching most of a large graph does not come through Python row by row.
    page = f"""
        SELECT iri, field, text, COUNT(*) OVER () FROM (
            SELECT iri, field, text, ROW_NUMBER() OVER (PARTITION BY iri ORDER BY field, length(text)) AS best
            FROM texts WHERE {condition}
        ) WHERE best = 1 ORDER BY field, length(text), iri LIMIT ? OFFSET ?"""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(page, (argument, limit, offset)).fetchall()
        if rows:
            total = int(rows[0][3])
        else:
            count = f"SELECT COUNT(DISTINCT iri) FROM texts WHERE {condition}"
            total = int(db.execute(count, (argument,)).fetchone()[0])
    finally:
        db.close()
    return total, [_hit(iri, rank, text, wanted) for iri, rank, text, _total in rows]


def _hit(iri: str, rank: int, text: str, wanted: str, context: int = 40) -> Hit:
    at = text.lower().find(wanted.lower())
    begin = max(0, at - context)
    snippet = ("…" if begin else "") + text[begin : at + len(wanted) + context]
    start = at - begin + (1 if begin else 0)
    if at + len(wanted) + context < len(text):
        snippet += "…"
    return Hit(iri, FIELDS[rank].value, snippet, start, start + len(wanted))


def is_label(hit: Hit) -> bool:
    return hit.field in {f.value for f in FIELDS[:LABEL_FIELDS]}
