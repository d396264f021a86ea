"""A page per place in a municipality's policy hierarchy (政策, 施策, 基本事業, or the whole 政策体系): the levels
under it, the money of every fiscal year summed over the projects under it, and those projects of one year with
their budget and settlement (a chart of the largest).

The hierarchy is read from the store starting from the node's IRI; the projects and their money from the lists'
tables (the `policy` facet holds every level above a sheet). An amount given by two sheets of one project (a
later sheet restating an earlier year) is counted once, from the newer sheet.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import request
from pyoxigraph import Literal, NamedNode

from jkg.server import facets, i18n, tables
from jkg.server.charts import Bar, Chart
from jkg.server.colours import colour
from jkg.server.resource import Reader, Term
from jkg.vocab import JKG_NS, PREFIXES

SKOS = PREFIXES["skos"]
LEVELS = {JKG_NS + t for t in ("Policy", "Measure", "BasicProject", "PolicySystem")}
BUDGET, SETTLED = JKG_NS + "amount-initial-budget", JKG_NS + "amount-settled"
TOP = 10
ROWS_SHOWN = 200  # projects listed on the page, the most expensive first; the list (/projects?policy=) has all


@dataclass(frozen=True)
class Total:
    year: int
    sheets: int
    budget: float | None
    settled: float | None


@dataclass(frozen=True)
class Child:
    term: Term
    sheets: int  # in the year shown
    budget: float | None


@dataclass
class PolicyPage:
    broader: list[Term] = field(default_factory=list)  # from the top down to the node's parent
    children: list[Child] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)  # newest year first
    year: int | None = None
    years: list[int] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)
    chart: Chart | None = None
    list_url: str = ""
    count: int = 0  # the year's sheets under the node (rows lists at most ROWS_SHOWN of them)
    budget: float | None = None  # their 当初予算 for the year, summed

    def __bool__(self) -> bool:
        return bool(self.totals or self.children)


def _objects(r: Reader, iri: str, predicate: str) -> list[str]:
    quads = r.store.quads_for_pattern(NamedNode(iri), NamedNode(SKOS + predicate), None, None)
    return sorted({q.object.value for q in quads if isinstance(q.object, NamedNode)})


def _subjects(r: Reader, iri: str, predicate: str) -> list[str]:
    quads = r.store.quads_for_pattern(None, NamedNode(SKOS + predicate), NamedNode(iri), None)
    return sorted({q.subject.value for q in quads if isinstance(q.subject, NamedNode)})


def _named(r: Reader, iri: str) -> Term:
    """A level shown with its number, as the lists write it (2-1 防災力の強化)."""
    term = r.named(iri)
    quads = r.store.quads_for_pattern(NamedNode(iri), NamedNode(SKOS + "notation"), None, None)
    numbers = [q.object.value for q in quads if isinstance(q.object, Literal)]
    return Term(term.iri, f"{min(numbers)} {term.label}", term.href) if numbers else term


def _in(values: list[str]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")"


def _totals(db: sqlite3.Connection, nodes: list[str]) -> list[Total]:
    sheets = dict(
        db.execute(
            f"""SELECT s.year, COUNT(DISTINCT s.id) FROM facet f JOIN sheets s ON s.id = f.sheet
                WHERE f.name = 'policy' AND f.value IN {_in(nodes)} GROUP BY s.year""",
            nodes,
        ).fetchall()
    )
    money: dict[tuple[int, str], float] = {}
    for year, kind, yen in db.execute(
        f"""SELECT year, kind, SUM(yen) FROM (
              SELECT a.year, a.kind, a.yen, ROW_NUMBER() OVER (
                PARTITION BY s.project, a.kind, a.year ORDER BY s.year DESC) AS n
              FROM (SELECT DISTINCT sheet FROM facet WHERE name = 'policy' AND value IN {_in(nodes)}) f
              JOIN sheets s ON s.id = f.sheet JOIN amounts a ON a.sheet = s.id WHERE a.kind IN (?, ?))
            WHERE n = 1 AND year IS NOT NULL GROUP BY year, kind""",
        [*nodes, BUDGET, SETTLED],
    ):
        money[(int(year), str(kind))] = yen
    years = sorted({y for y in sheets if y is not None} | {y for y, _k in money}, reverse=True)
    return [Total(y, int(sheets.get(y, 0)), money.get((y, BUDGET)), money.get((y, SETTLED))) for y in years]


def _year(db: sqlite3.Connection, nodes: list[str], year: int) -> tuple[int, float | None]:
    """How many sheets of a fiscal year are under the nodes, and their 当初予算 for that year summed."""
    found = db.execute(
        f"""SELECT COUNT(*), SUM(CASE WHEN s.budget_year = s.year THEN s.budget END) FROM sheets s
            WHERE s.year = ? AND s.id IN (SELECT sheet FROM facet WHERE name = 'policy' AND value IN {_in(nodes)})""",
        [year, *nodes],
    ).fetchone()
    return int(found[0]), found[1]


def _rows(db: sqlite3.Connection, nodes: list[str], year: int) -> list[dict[str, object]]:
    cursor = db.execute(
        f"""SELECT s.number, s.title, s.iri AS sheet, s.division_label AS division, s.division AS division_iri,
                   s.budget, s.budget_year, s.settled, s.settled_year, s.direction_label AS direction
            FROM sheets s WHERE s.year = ? AND s.id IN
              (SELECT sheet FROM facet WHERE name = 'policy' AND value IN {_in(nodes)})
            ORDER BY s.budget IS NULL, s.budget DESC, s.number_key, s.number LIMIT ?""",
        [year, *nodes, ROWS_SHOWN],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _chart(r: Reader, rows: list[dict[str, object]], year: int, count: int) -> Chart | None:
    priced = [row for row in rows if row["budget"] is not None][:TOP]
    if not priced:
        return None
    bars = [  # the rows come most expensive first
        Bar(
            f"{row['number']} {row['title']}",
            float(str(row["budget"])) / 1000,
            colour("Project"),
            r.href(str(row["sheet"])),
        )
        for row in priced
    ]
    title = f"{i18n.translate('chart_policy_budget')} ({year})"
    return Chart("policy-budget", title, i18n.translate("thousand_yen"), bars, max(0, count - len(priced)))


def for_page(r: Reader, iri: str, types: set[str]) -> PolicyPage:
    """The policy part of a resource's page; empty for anything that is not a level of a policy hierarchy."""
    if not types & LEVELS:
        return PolicyPage()
    scheme = JKG_NS + "PolicySystem" in types
    children = _objects(r, iri, "hasTopConcept") if scheme else _subjects(r, iri, "broader")
    nodes = children if scheme else [iri]
    broader: list[Term] = []
    up = iri
    while not scheme and len(broader) < 8 and (parents := _objects(r, up, "broader")):
        up = parents[0]
        broader.insert(0, _named(r, up))
    db = tables.connect()
    try:
        if not facets.tables_present(db) or not nodes:
            return PolicyPage(broader, [Child(_named(r, c), 0, None) for c in children])
        totals = _totals(db, nodes)
        years = [t.year for t in totals if t.sheets]
        asked = request.args.get("year", "")
        year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
        rows = _rows(db, nodes, year) if year is not None else []
        count, budget = _year(db, nodes, year) if year is not None else (0, None)
        shown = []
        for child in children:
            sheets, child_budget = _year(db, [child], year) if year is not None else (0, None)
            shown.append(Child(_named(r, child), sheets, child_budget))
    finally:
        db.close()
    list_url = "/projects?" + urlencode([("policy", tables.key("policy", n)) for n in nodes])
    chart = _chart(r, rows, year, count) if year is not None else None
    return PolicyPage(broader, shown, totals, year, years, rows, chart, list_url, count, budget)
