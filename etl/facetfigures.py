"""The lists' tables for what the sheets hold (money, evaluations, legal basis, place in the plan): the amounts
of every sheet, the columns of /projects (budget, settled, direction, grade) and its facets (direction, grade,
legal basis, policy), derived in SQL from the staged facts of etl/facets.py.

- `amounts(sheet, kind, year, yen)`: every amount of every sheet (kind is the jkg:amount-… IRI).
- A sheet's `budget` is its 当初予算 and `settled` its 決算, each for the sheet's own fiscal year when the sheet
  gives one, else for the latest year it gives (a FY2024 sheet often reports the FY2023 settlement); the year
  chosen is kept beside it (`budget_year`, `settled_year`).
- Facets: `direction` and `basis` are the common categories the municipality's own concepts are
  skos:broadMatch-ed to (the concept itself when it has none), so that 縮小 finds every city's wording of it;
  `grade` the municipality's grade; `policy` the sheet's place in the plan and every level above it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from jkg.vocab import JKG, JKG_NS, SKOS

FIGURE_PREDICATES = (
    JKG.sheet,
    JKG.amountKind,
    JKG.yen,
    JKG.direction,
    JKG.grade,
    JKG.legalBasisKind,
    JKG.placeInPlan,
    SKOS.broader,
    SKOS.broadMatch,
    SKOS.notation,
)
MONEY = {"budget": JKG_NS + "amount-initial-budget", "settled": JKG_NS + "amount-settled"}
CONCEPTS = ("direction", "grade")  # the sheet's own concept in a column, with its label


def figures(db: sqlite3.Connection, p: Mapping[str, int], year: int) -> None:
    """The amounts table and the sheets' money, direction and grade columns."""
    sheet, kind, yen = (p[JKG_NS + name] for name in ("sheet", "amountKind", "yen"))
    db.execute(
        """CREATE TABLE amounts(sheet INTEGER NOT NULL, kind TEXT NOT NULL, year INTEGER, yen NUMERIC NOT NULL)"""
    )
    db.execute(
        f"""INSERT INTO amounts
            SELECT s.id, k.o, (SELECT CAST(MIN(o) AS INTEGER) FROM facts WHERE s = v.s AND p = {year}),
                   CAST(v.o AS NUMERIC)
            FROM facts v JOIN facts on_sheet ON on_sheet.s = v.s AND on_sheet.p = {sheet}
            JOIN sheets s ON s.iri = on_sheet.o
            JOIN facts k ON k.s = v.s AND k.p = {kind}
            WHERE v.p = {yen}"""
    )
    db.execute("CREATE INDEX amounts_by_sheet ON amounts(sheet, kind, year)")
    for column, kind_iri in MONEY.items():
        db.execute(f"ALTER TABLE sheets ADD COLUMN {column} NUMERIC")
        db.execute(f"ALTER TABLE sheets ADD COLUMN {column}_year INTEGER")
        db.execute(
            f"""UPDATE sheets SET ({column}, {column}_year) = (SELECT yen, year FROM (
                  SELECT a.sheet, a.yen, a.year, ROW_NUMBER() OVER (
                    PARTITION BY a.sheet ORDER BY a.year IS s.year DESC, a.year DESC) AS n
                  FROM amounts a JOIN sheets s ON s.id = a.sheet WHERE a.kind = ?) best
                WHERE best.sheet = sheets.id AND best.n = 1)""",
            (kind_iri,),
        )
    for column in CONCEPTS:
        db.execute(f"ALTER TABLE sheets ADD COLUMN {column} TEXT")
        db.execute(f"ALTER TABLE sheets ADD COLUMN {column}_label TEXT")
        db.execute(
            f"""UPDATE sheets SET {column} = (SELECT MIN(o) FROM facts INDEXED BY facts_sp
                                              WHERE s = sheets.iri AND p = {p[JKG_NS + column]})"""
        )
        db.execute(f"UPDATE sheets SET {column}_label = (SELECT label FROM labels WHERE iri = sheets.{column})")


def figure_facets(db: sqlite3.Connection, p: Mapping[str, int]) -> None:
    """The facet rows of directions, grades, kinds of legal basis and places in the plan."""
    match, broader = p[SKOS.broadMatch.value], p[SKOS.broader.value]
    for facet, predicate in (("direction", "direction"), ("basis", "legalBasisKind")):
        db.execute(
            f"""INSERT INTO facet SELECT DISTINCT s.id, ?, COALESCE(
                  (SELECT MIN(o) FROM facts INDEXED BY facts_sp WHERE s = own.o AND p = {match}), own.o)
                FROM sheets s JOIN facts own ON own.s = s.iri AND own.p = {p[JKG_NS + predicate]}""",
            (facet,),
        )
    db.execute(
        f"""INSERT INTO facet SELECT DISTINCT s.id, 'grade', f.o FROM sheets s
            JOIN facts f ON f.s = s.iri AND f.p = {p[JKG_NS + "grade"]}"""
    )
    db.execute(
        f"""INSERT INTO facet
            WITH RECURSIVE up(sheet, node, depth) AS (
              SELECT s.id, f.o, 0 FROM sheets s JOIN facts f ON f.s = s.iri AND f.p = {p[JKG_NS + "placeInPlan"]}
              UNION
              SELECT up.sheet, b.o, up.depth + 1 FROM up JOIN facts b ON b.s = up.node AND b.p = {broader}
              WHERE up.depth < 8)
            SELECT DISTINCT sheet, 'policy', node FROM up"""
    )
    # A place in the plan is shown with its number (1-1 子育て支援の充実), as the lists write it.
    notation = f"SELECT MIN(o) FROM facts INDEXED BY facts_sp WHERE s = labels.iri AND p = {p[SKOS.notation.value]}"
    db.execute(
        f"""UPDATE labels SET label = ({notation}) || ' ' || label
            WHERE iri IN (SELECT value FROM facet WHERE name = 'policy') AND ({notation}) IS NOT NULL"""
    )
