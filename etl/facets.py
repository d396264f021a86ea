"""Write the per-build tables the faceted lists are read from (/projects, /partners, /plans, /laws), into the
search index's SQLite file: one row per yearly sheet, one row per (sheet, facet, value), and the labels and types
of the values, so that a facet is an SQL GROUP BY instead of a SPARQL query over the whole graph.

Built from the same triples as the graph, as they stream past (only the predicates below are kept, in a staging
table), and derived in SQL at the end so that memory stays flat whatever the size of the list.
"""

from __future__ import annotations

import sqlite3

from jkg.etl.facetfigures import FIGURE_PREDICATES, figure_facets, figures
from jkg.layout import FACET_LINKS
from jkg.vocab import DCTERMS, JKG, JKG_NS, ORG, PROV, RDFS, SKOS, TYPE

# The staged facts: the predicate's position here is stored instead of its IRI.
KEPT = (
    TYPE,
    PROV.specializationOf,
    JKG.fiscalYear,
    DCTERMS.title,
    JKG.responsibleUnit,
    DCTERMS.identifier,
    JKG.municipality,
    ORG.subOrganizationOf,
    SKOS.prefLabel,
    RDFS.label,
    *(JKG[link] for link in FACET_LINKS.values()),
    *FIGURE_PREDICATES,
)
P = {predicate.value: number for number, predicate in enumerate(KEPT)}
(TYPE_, SPEC, YEAR, TITLE, UNIT, IDENT, MUNI, PARENT, PREF, LABEL) = range(10)
LINK_P = {facet: P[JKG_NS + link] for facet, link in FACET_LINKS.items()}
FIGURE_P = {predicate.value: P[predicate.value] for predicate in FIGURE_PREDICATES}
SHEET = JKG_NS + "ProjectSheet"
PARTNER_BODY = JKG_NS + "PartnerBody"


class FacetWriter:
    """Stages the facts the tables need as triples stream past; `finish` derives the tables."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        db.execute("CREATE TABLE facts(s TEXT NOT NULL, p INTEGER NOT NULL, o TEXT NOT NULL, lang TEXT)")
        # (subject, P's number of the predicate, object, language): IndexWriter.add appends the facts of the
        # triples it indexes (one pass over them for both)
        self.pending: list[tuple[str, int, str, str | None]] = []

    def flush_if_full(self) -> None:
        if len(self.pending) >= 10_000:
            self.flush()

    def flush(self) -> None:
        self._db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", self.pending)
        self.pending.clear()

    def finish(self) -> int:
        """Derive the tables from the staged facts; return the number of sheets."""
        self.flush()
        db = self._db
        db.execute("CREATE INDEX facts_sp ON facts(s, p)")
        db.execute("CREATE INDEX facts_po ON facts(p, o)")
        _labels(db)
        _units(db)
        _sheets(db)
        figures(db, FIGURE_P, YEAR)
        _facet_rows(db)
        db.execute("DROP TABLE facts")
        db.execute("ANALYZE")  # statistics for the planner: without them a partner facet took 80 s at 22,000 rows
        return int(db.execute("SELECT COUNT(*) FROM sheets").fetchone()[0])


def _labels(db: sqlite3.Connection) -> None:
    """One display label per IRI: Japanese first, skos:prefLabel before rdfs:label, then the shortest."""
    db.execute("CREATE TABLE labels(iri TEXT PRIMARY KEY, label TEXT NOT NULL) WITHOUT ROWID")
    db.execute(
        f"""INSERT INTO labels SELECT s, o FROM (
              SELECT s, o, ROW_NUMBER() OVER (
                PARTITION BY s ORDER BY (CASE lang WHEN 'ja' THEN 0 WHEN '' THEN 1 ELSE 2 END), p <> {PREF},
                length(o), o) AS n
              FROM facts WHERE p IN ({PREF}, {LABEL}))
            WHERE n = 1"""
    )


def _units(db: sqlite3.Connection) -> None:
    """Each responsible unit's top unit (its 部 or 局: the highest org:subOrganizationOf above it, or itself)."""
    db.execute("CREATE TEMP TABLE top_unit(unit TEXT PRIMARY KEY, top TEXT NOT NULL) WITHOUT ROWID")
    db.execute(
        f"""INSERT INTO top_unit
            WITH RECURSIVE up(unit, ancestor, depth) AS (
              SELECT DISTINCT o, o, 0 FROM facts WHERE p = {UNIT}
              UNION
              SELECT up.unit, f.o, up.depth + 1 FROM up JOIN facts f ON f.s = up.ancestor AND f.p = {PARENT}
              WHERE up.depth < 12)
            SELECT unit, ancestor FROM (
              SELECT unit, ancestor, ROW_NUMBER() OVER (PARTITION BY unit ORDER BY depth DESC, ancestor) AS n FROM up)
            WHERE n = 1"""
    )


def _sheets(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE sheets(
             id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, project TEXT, number TEXT, number_key INTEGER,
             title TEXT, year INTEGER, municipality TEXT, municipality_label TEXT, department TEXT,
             department_label TEXT, division TEXT, division_label TEXT,
             partners INTEGER NOT NULL DEFAULT 0, plans INTEGER NOT NULL DEFAULT 0, laws INTEGER NOT NULL DEFAULT 0,
             events INTEGER NOT NULL DEFAULT 0, items INTEGER NOT NULL DEFAULT 0)"""
    )

    def one(p: int, subject: str = "t.s") -> str:
        # INDEXED BY: with ORDER BY o the planner walked the (p, o) index for every sheet, quadratic in the
        # rows (137 s at 4,000 rows); the (s, p) index finds a sheet's few values at once.
        return f"(SELECT MIN(o) FROM facts INDEXED BY facts_sp WHERE s = {subject} AND p = {p})"

    db.execute(
        f"""INSERT INTO sheets(iri, project, title, year, division)
            SELECT t.s, {one(SPEC)}, {one(TITLE)}, CAST({one(YEAR)} AS INTEGER), {one(UNIT)}
            FROM facts t WHERE t.p = {TYPE_} AND t.o = ? ORDER BY t.s""",
        (SHEET,),
    )
    db.execute(
        f"""UPDATE sheets SET number = {one(IDENT, "sheets.project")}, municipality = {one(MUNI, "sheets.project")},
                              department = (SELECT top FROM top_unit WHERE unit = sheets.division)"""
    )
    db.execute("UPDATE sheets SET number_key = CAST(number AS INTEGER) WHERE number GLOB '[0-9]*'")
    for column in ("municipality", "department", "division"):
        db.execute(f"UPDATE sheets SET {column}_label = (SELECT label FROM labels WHERE iri = sheets.{column})")


def _facet_rows(db: sqlite3.Connection) -> None:
    """(sheet, facet, value) for every facet of every sheet; the link counts of each sheet."""
    db.execute("CREATE TABLE facet(sheet INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL)")
    for column in ("year", "municipality", "department", "division"):
        db.execute(f"INSERT INTO facet SELECT id, ?, {column} FROM sheets WHERE {column} IS NOT NULL", (column,))
    for facet, p in LINK_P.items():
        db.execute(
            f"""INSERT INTO facet SELECT DISTINCT sheets.id, ?, f.o FROM sheets
                JOIN facts f ON f.s = sheets.iri AND f.p = {p}""",
            (facet,),
        )
    figure_facets(db, FIGURE_P)
    _entities(db)
    db.execute(
        """INSERT INTO facet SELECT DISTINCT f.sheet, 'partner_type', e.type FROM facet f
           JOIN entities e ON e.iri = f.value WHERE f.name = 'partner' AND e.type IS NOT NULL"""
    )
    db.execute("CREATE INDEX facet_by_value ON facet(name, value, sheet)")
    db.execute("CREATE INDEX facet_by_sheet ON facet(sheet, name)")
    columns = {"partner": "partners", "plan": "plans", "law": "laws", "event": "events", "item": "items"}
    for facet, column in columns.items():
        db.execute(
            f"UPDATE sheets SET {column} = (SELECT COUNT(*) FROM facet WHERE sheet = sheets.id AND name = ?)",
            (facet,),
        )


def _entities(db: sqlite3.Connection) -> None:
    """Every partner body, plan, law, event and action-plan item a sheet names: its kind, its most specific type
    (a partner body's kind of body) and its label."""
    db.execute("CREATE TABLE entities(iri TEXT PRIMARY KEY, kind TEXT NOT NULL, type TEXT, label TEXT) WITHOUT ROWID")
    db.execute(
        f"""INSERT OR IGNORE INTO entities
            SELECT v.value, v.name, COALESCE(
                (SELECT MIN(o) FROM facts INDEXED BY facts_sp WHERE s = v.value AND p = {TYPE_} AND o <> ?),
                (SELECT MIN(o) FROM facts INDEXED BY facts_sp WHERE s = v.value AND p = {TYPE_})),
              (SELECT label FROM labels WHERE iri = v.value)
            FROM (SELECT DISTINCT value, name FROM facet WHERE name IN ({", ".join("?" * len(LINK_P))})) v""",
        (PARTNER_BODY, *LINK_P),
    )
