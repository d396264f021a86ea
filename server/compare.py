"""Compare views: a project across its years (/compare/years), and two municipalities' projects that name the
same plan, partner body, law or event (/compare/municipalities).

A project's years are read from the store, starting from the project's IRI (cheap at any size); the
municipalities' projects from the faceted lists' tables (one indexed lookup per municipality).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from flask import Blueprint, Response, request
from pyoxigraph import Literal, NamedNode

from jkg.server import errors, facets, figures, i18n, pages, tables
from jkg.server.resource import Reader, Term
from jkg.vocab import JKG_NS, PREFIXES

bp = Blueprint("compare", __name__)
PROV = PREFIXES["prov"]
DCTERMS = PREFIXES["dcterms"]
# What a year's sheet says, row by row: (key, property, links to resources?)
ROWS = (
    ("title", DCTERMS + "title", False),
    ("division", JKG_NS + "responsibleUnit", True),
    ("partners", JKG_NS + "partner", True),
    ("plans", JKG_NS + "plan", True),
    ("laws", JKG_NS + "law", True),
    ("events", JKG_NS + "event", True),
    ("items", JKG_NS + "actionPlanItem", True),
    ("purpose", JKG_NS + "purpose", False),
    ("overview", JKG_NS + "overview", False),
    ("results", JKG_NS + "results", False),
)
LONG = {"purpose", "overview", "results"}  # shown folded, marked when they changed
SINGLE = {"title", "division"}  # one value a year: a change reads "before → after"
SINGLE |= {JKG_NS + p for p in ("direction", "grade", "legalBasisKind", "placeInPlan")}
KNOWN = {k for k, _p, _l in ROWS}
SHOWN = {p for _k, p, _l in ROWS} | {JKG_NS + "fiscalYear", PROV + "specializationOf", PROV + "wasDerivedFrom"}
# the year itself, the sheet's annotations and its fields' texts (dcterms:isReferencedBy, dcterms:hasPart: how a
# crawler reaches them, not what it says)
SKIPPED = SHOWN | {
    PREFIXES["rdf"] + "type",
    PREFIXES["rdfs"] + "label",
    DCTERMS + "temporal",
    DCTERMS + "isReferencedBy",
    DCTERMS + "hasPart",
}
SKIPPED |= {JKG_NS + "amount", JKG_NS + "indicator"}  # shown as figures, not as links (figure_rows)


@dataclass(frozen=True)
class Cell:
    """One year's value of a row: its text or linked resources, and what changed since the year before."""

    texts: list[str] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    added: list[Term] = field(default_factory=list)
    removed: list[Term] = field(default_factory=list)
    changed: bool = False


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # the property's label in the interface language
    cells: list[Cell]
    long: bool = False
    single: bool = False

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.cells)


def _values(r: Reader, sheet: str, predicate: str) -> tuple[list[str], list[Term]]:
    quads = r.store.quads_for_pattern(NamedNode(sheet), NamedNode(predicate), None, None)
    objects = [q.object for q in quads]
    texts = sorted(o.value for o in objects if isinstance(o, Literal))
    terms = sorted((r.named(o.value) for o in objects if isinstance(o, NamedNode)), key=lambda t: (t.label, t.iri))
    return texts, terms


def year_rows(r: Reader, sheets: list[str]) -> list[Row]:
    """The rows of the comparison: the sheet's fields, then any other property a year's sheet has (amounts,
    indicators, evaluations as the lists carry them), each year beside the one before."""
    extra = sorted(
        {
            q.predicate.value
            for s in sheets
            for q in r.store.quads_for_pattern(NamedNode(s), None, None, None)
            if q.predicate.value not in SKIPPED
        }
    )
    rows = []
    for key, predicate, _links in [*ROWS, *((p, p, True) for p in extra)]:
        if key == "purpose":
            rows += figure_rows(r, sheets)
        cells: list[Cell] = []
        for s in sheets:
            texts, terms = _values(r, s, predicate)
            before = cells[-1] if cells else None
            if before is None:
                cells.append(Cell(texts, terms))
                continue
            was = {t.iri for t in before.terms}
            now = {t.iri for t in terms}
            added = [t for t in terms if t.iri not in was]
            removed = [t for t in before.terms if t.iri not in now]
            changed = texts != before.texts or bool(added or removed)
            cells.append(Cell(texts, terms, added, removed, changed))
        if any(c.texts or c.terms for c in cells):
            label = i18n.translate("row_" + key) if key in KNOWN else r.label(predicate, vocabulary=True)
            rows.append(Row(key, label, cells, key in LONG, key in SINGLE))
    return rows


def _cells(texts_per_sheet: list[list[str]]) -> list[Cell]:
    cells: list[Cell] = []
    for texts in texts_per_sheet:
        cells.append(Cell(texts, changed=bool(cells) and texts != cells[-1].texts))
    return cells


def figure_rows(r: Reader, sheets: list[str]) -> list[Row]:
    """A row per kind of amount (each year's sheet: the yen it gives, for which fiscal years) and per indicator
    (its targets and actuals), each year beside the one before."""
    amounts = [figures.amounts(r, [s]) for s in sheets]
    kinds = {a.kind.iri: a.kind for found in amounts for a in sorted(found, key=lambda a: figures.rank(a.kind.iri))}
    yen = i18n.translate("yen")
    rows = []
    for iri, kind in sorted(kinds.items(), key=lambda k: figures.rank(k[0])):
        texts = [[f"{a.yen:,} {yen} ({a.year})" for a in found if a.kind.iri == iri] for found in amounts]
        rows.append(Row("amount-" + iri.rsplit("amount-", 1)[-1], kind.label, _cells(texts)))
    indicators = [figures.indicators(r, [s]) for s in sheets]
    names = sorted({(i.kind, i.name) for found in indicators for i in found})
    target, actual = i18n.translate("target"), i18n.translate("actual")
    for kind_label, name in names:
        texts = [
            [
                f"{i.year}: {target} {'' if i.target is None else f'{i.target:,}'} / "
                f"{actual} {'' if i.actual is None else f'{i.actual:,}'} {i.unit}".rstrip()
                for i in found
                if (i.kind, i.name) == (kind_label, name)
            ]
            for found in indicators
        ]
        rows.append(Row("indicator", f"{kind_label}: {name}" if kind_label else name, _cells(texts)))
    return rows


@bp.route("/compare/years")
def years() -> Response:
    """A project's yearly sheets side by side, with what changed from one year to the next."""
    key = request.args.get("project", "").strip()
    if not key:
        return errors.bad_request("say which project: /compare/years?project=project/11 (its IRI without BASE/id/)")
    iri = tables.value("project", key)
    r = pages.reader()
    found = r.select(
        f"""SELECT ?sheet ?year WHERE {{ ?sheet <{PROV}specializationOf> <{iri}> .
            OPTIONAL {{ ?sheet <{JKG_NS}fiscalYear> ?year }} }}"""
    )
    if not found:
        return pages.html("notfound.html", 404, iri=iri)
    ordered = sorted(found, key=lambda row: (row["year"].value if row["year"] else "", row["sheet"].value))
    sheets = [row["sheet"].value for row in ordered]
    return pages.html(
        "compare_years.html",
        project=r.named(iri),
        sheets=[r.named(s) for s in sheets],
        years=[row["year"].value if row["year"] else "?" for row in ordered],
        rows=year_rows(r, sheets),
    )


@dataclass(frozen=True)
class Side:
    municipality: Term
    rows: list[dict[str, object]]
    projects: int
    divisions: int


def _named_by(db: sqlite3.Connection, on: str) -> list[tuple[str, int]]:
    """The municipalities whose sheets name `on`, with how many sheets, most first."""
    return [
        (str(m), int(n))
        for m, n in db.execute(
            """SELECT s.municipality, COUNT(DISTINCT s.id) FROM facet f JOIN sheets s ON s.id = f.sheet
               WHERE f.name IN ('partner', 'plan', 'law', 'event', 'item') AND f.value = ?
               GROUP BY s.municipality ORDER BY COUNT(DISTINCT s.id) DESC, s.municipality""",
            (on,),
        )
    ]


@bp.route("/compare/municipalities")
def municipalities() -> Response:
    """Two municipalities' projects that name the same plan, partner body, law or event, side by side."""
    key = request.args.get("on", "").strip()
    if not key:
        return errors.bad_request("say what to compare on: /compare/municipalities?on=org/jaxa (a plan, partner …)")
    on = tables.value("on", key)
    r = pages.reader()
    if not r.exists(on):
        return pages.html("notfound.html", 404, iri=on)
    db = tables.connect()
    try:
        if not facets.tables_present(db):
            return errors.error(503, "unavailable", "rebuild the graph with this version of jkg")
        naming = _named_by(db, on)
        chosen = [tables.value("municipality", m) for m in (request.args.get("a"), request.args.get("b")) if m]
        if not chosen:
            chosen = [m for m, _n in naming[:2]]
        sides = []
        for municipality in dict.fromkeys(chosen):
            found = db.execute(
                """SELECT s.number, s.title, s.year, s.division_label, s.iri, s.project, s.division
                   FROM facet f JOIN sheets s ON s.id = f.sheet
                   WHERE f.name IN ('partner', 'plan', 'law', 'event', 'item') AND f.value = ? AND s.municipality = ?
                   ORDER BY s.year DESC, s.number_key, s.number""",
                (on, municipality),
            ).fetchall()
            names = ("number", "title", "year", "division", "sheet", "project", "unit")
            rows = [dict(zip(names, f, strict=True)) for f in found]
            sides.append(
                Side(r.named(municipality), rows, len({x["project"] for x in rows}), len({x["unit"] for x in rows}))
            )
    finally:
        db.close()
    return pages.html(
        "compare_municipalities.html",
        on=r.named(on),
        on_key=key,
        naming=[(r.named(m), n, tables.key("municipality", m)) for m, n in naming],
        sides=sides,
        chosen=[*(tables.key("municipality", m) for m in chosen), "", ""],
        href=r.href,
    )
