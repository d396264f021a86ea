"""Write the search index over labels and texts: an SQLite FTS5 trigram index built with the graph.

Japanese has no spaces to split words on, so the index is of character trigrams: any substring of three
characters or more is found through the index, and a two-character query (協定, 計画) falls back to a LIKE scan
of the same table. Text and queries are NFKC-normalised alike and matched ignoring case, so ｊａｘａ finds JAXA.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from jkg.etl.facets import TYPE_, FacetWriter, P
from jkg.layout import SEARCH_FIELDS, search_text
from jkg.vocab import JKG_NS


class IndexWriter:
    """Writes the index as the build streams its triples; `finish` builds the trigram index and the faceted lists'
    tables (in SQLite's C code, which releases the GIL, so it can run in a thread beside the store load)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self.sheets = 0
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        # A staged file: a crash discards the whole build, so no journal is needed.
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        self._db.execute(
            "CREATE TABLE docs(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, field INTEGER NOT NULL, text TEXT NOT NULL)"
        )
        # The jkg: types of what is indexed, for the search's type filter (mentions are not indexed).
        self._db.execute("CREATE TABLE types(iri TEXT NOT NULL, type TEXT NOT NULL)")
        self._ranks = {f.value: rank for rank, f in enumerate(SEARCH_FIELDS)}
        self._pending: list[tuple[str, int, str]] = []
        self._types: list[tuple[str, str]] = []
        self.facets = FacetWriter(self._db)

    def add(self, triples: Iterable[Triple]) -> None:
        """Stage the texts, the jkg: types and the faceted lists' facts (FacetWriter) of some triples, in one
        pass: most triples (a mention's annotation) are none of these and are passed over on their predicate."""
        ranks, kept = self._ranks, P
        pending, types, facts = self._pending, self._types, self.facets.pending
        for t in triples:
            p = t.predicate.value
            rank, number = ranks.get(p), kept.get(p)
            if rank is None and number is None:
                continue
            s = t.subject
            if not isinstance(s, NamedNode):
                continue
            subject, o = s.value, t.object
            if isinstance(o, Literal):
                value = o.value
                if rank is not None:
                    pending.append((subject, rank, search_text(value)))
                if number is not None and number != TYPE_:
                    facts.append((subject, number, value, o.language))
            elif isinstance(o, NamedNode) and number is not None:
                value = o.value
                if number != TYPE_:
                    facts.append((subject, number, value, None))
                elif value.startswith(JKG_NS) and not value.endswith("Mention"):
                    types.append((subject, value))
                    facts.append((subject, number, value, None))
        self.facets.flush_if_full()
        if len(pending) >= 10_000:
            self._flush()

    def _flush(self) -> None:
        self._db.executemany("INSERT INTO docs(iri, field, text) VALUES (?, ?, ?)", self._pending)
        self._db.executemany("INSERT INTO types VALUES (?, ?)", self._types)
        self.count += len(self._pending)
        self._pending, self._types = [], []

    def finish(self) -> int:
        """Build the trigram index over the texts written; return how many there are."""
        try:
            self._flush()
            self._db.execute(
                "CREATE VIRTUAL TABLE texts USING fts5(text, content='docs', content_rowid='id', tokenize='trigram')"
            )
            self._db.execute("INSERT INTO texts(texts) VALUES ('rebuild')")
            self._db.execute("CREATE INDEX docs_by_iri ON docs(iri)")
            self._db.execute("CREATE INDEX types_by_type ON types(type, iri)")
            self._db.execute("CREATE INDEX types_by_iri ON types(iri)")
            self.sheets = self.facets.finish()
            self._db.commit()
        finally:
            self._db.close()
        return self.count

    def close_part(self) -> None:
        """Write what is pending and close without building the index: a part that another writer merges."""
        self._flush()
        self.facets.flush()
        self._db.commit()
        self._db.close()

    def merge(self, part: Path) -> None:
        """Append the rows of a part (close_part) after the rows written so far, in their order."""
        self._flush()
        self.facets.flush()
        self._db.commit()  # ATTACH is refused inside a transaction
        self._db.execute("ATTACH DATABASE ? AS part", (str(part),))
        added = self._db.execute(
            "INSERT INTO docs(iri, field, text) SELECT iri, field, text FROM part.docs ORDER BY id"
        )
        self.count += added.rowcount
        self._db.execute("INSERT INTO types SELECT iri, type FROM part.types ORDER BY rowid")
        self._db.execute("INSERT INTO facts SELECT s, p, o, lang FROM part.facts ORDER BY rowid")
        self._db.commit()
        self._db.execute("DETACH DATABASE part")

    def cancel(self) -> None:
        self._db.close()
