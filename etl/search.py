"""Full-text search over labels and texts: an SQLite FTS5 trigram index built with the graph.

Japanese has no spaces to split words on, so the index is of character trigrams: any substring of three
characters or more is found through the index, and a two-character query (協定, 計画) falls back to a LIKE scan
of the same table. Text and queries are NFKC-normalised alike and matched ignoring case, so ｊａｘａ finds JAXA.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

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


class IndexWriter:
    """Writes the index as the build streams its triples; `finish` builds the trigram index (in SQLite's C code,
    which releases the GIL, so it can run in a thread beside the store load)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        # A staged file: a crash discards the whole build, so no journal is needed.
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        self._db.execute(
            "CREATE TABLE docs(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, field INTEGER NOT NULL, text TEXT NOT NULL)"
        )
        self._ranks = {f: rank for rank, f in enumerate(FIELDS)}
        self._pending: list[tuple[str, int, str]] = []

    def add(self, triples: Iterable[Triple]) -> None:
        for t in triples:
            rank = self._ranks.get(t.predicate)
            if rank is not None and isinstance(t.object, Literal) and isinstance(t.subject, NamedNode):
                self._pending.append((t.subject.value, rank, normalise(t.object.value)))
        if len(self._pending) >= 10_000:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO docs(iri, field, text) VALUES (?, ?, ?)", self._pending)
        self.count += len(self._pending)
        self._pending = []

    def finish(self) -> int:
        """Build the trigram index over the texts written; return how many there are."""
        try:
            self._flush()
            self._db.execute(
                "CREATE VIRTUAL TABLE texts USING fts5(text, content='docs', content_rowid='id', tokenize='trigram')"
            )
            self._db.execute("INSERT INTO texts(texts) VALUES ('rebuild')")
            self._db.execute("CREATE INDEX docs_by_iri ON docs(iri)")
            self._db.commit()
        finally:
            self._db.close()
        return self.count

    def cancel(self) -> None:
        self._db.close()


class QueryTooShort(ValueError):
    """A search for fewer than MIN_QUERY characters."""


def search(path: Path, query: str, limit: int = 50, offset: int = 0) -> tuple[int, list[Hit]]:
    """Resources whose labels or texts contain `query`: (how many resources, one page of hits, best first)."""
    wanted = normalise(query.strip())
    if len(wanted) < MIN_QUERY:
        raise QueryTooShort(f"search for {MIN_QUERY} characters or more")
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
    return Hit(iri, FIELDS[rank].value, snippet, start, start + len(wanted))
