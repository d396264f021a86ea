"""What the faceted lists are: their columns (the SQL giving each, what it links to, how it sorts) and facets.
How a view of them is queried is server/facets.py.

/projects has a row per yearly sheet; its money columns are the sheet's 当初予算 and 決算 in yen (for the sheet's
own fiscal year when it gives one, else the latest it gives; the year is in downloads), its direction and grade
the municipality's own words (etl/facetfigures.py). The other lists have a row per resource the sheets name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str  # the name in URLs, CSV headers and JSON
    sql: str  # its expression in the rows query
    numeric: bool = False
    link: str = ""  # an expression giving the IRI a cell links to
    iri_name: str = ""  # the name of that IRI's own column in downloads
    sort: str = ""  # what it sorts by, when not the value itself
    money: bool = False  # yen, shown with thousands separators
    page: bool = True  # shown on the page (False: in downloads only)
    optional: bool = False  # hidden from the page when no row of the dataset has a value


@dataclass(frozen=True)
class Table:
    name: str  # projects, partners, plans, laws
    kind: str  # "" for one row per sheet; else the facet whose values are the rows (partner, plan, law)
    columns: tuple[Column, ...]
    facets: tuple[str, ...]
    default_sort: tuple[str, bool]  # (column, descending)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


SHEET_COLUMNS = (
    Column("number", "s.number", link="s.project", iri_name="project", sort="s.number_key, s.number"),
    Column("title", "s.title", link="s.iri", iri_name="sheet"),
    Column("municipality", "s.municipality_label", link="s.municipality", iri_name="municipality_iri"),
    Column("department", "s.department_label", link="s.department", iri_name="department_iri"),
    Column("division", "s.division_label", link="s.division", iri_name="division_iri"),
    Column("fiscal_year", "s.year", numeric=True),
    Column("budget", "s.budget", numeric=True, money=True, optional=True),
    Column("budget_year", "s.budget_year", numeric=True, page=False),
    Column("settled", "s.settled", numeric=True, money=True, optional=True),
    Column("settled_year", "s.settled_year", numeric=True, page=False),
    Column("direction", "s.direction_label", link="s.direction", iri_name="direction_iri", optional=True),
    Column("grade", "s.grade_label", link="s.grade", iri_name="grade_iri", optional=True),
    Column("partners", "s.partners", numeric=True),
    Column("plans", "s.plans", numeric=True),
    Column("laws", "s.laws", numeric=True),
    Column("events", "s.events", numeric=True),
    Column("items", "s.items", numeric=True),
)
ENTITY_COLUMNS = (
    Column("name", "e.label", link="e.iri", iri_name="iri"),
    Column("type", "e.type"),
    Column("sheets", "COUNT(DISTINCT f.sheet)", numeric=True),
    Column("projects", "COUNT(DISTINCT s.project)", numeric=True),
    Column("municipalities", "COUNT(DISTINCT s.municipality)", numeric=True),
    Column("first_year", "MIN(s.year)", numeric=True),
    Column("last_year", "MAX(s.year)", numeric=True),
)
SHEET_FACETS = ("municipality", "year", "department", "division")
# What the sheets hold: the common category of the direction and of the legal basis, the grade, the place in
# the plan (any level: 政策, 施策 or 基本事業).
FIGURE_FACETS = ("direction", "grade", "basis", "policy")
TABLES = {
    t.name: t
    for t in (
        Table(
            "projects",
            "",
            SHEET_COLUMNS,
            (*SHEET_FACETS, *FIGURE_FACETS, "partner_type", "partner", "plan", "item", "law", "event"),
            ("number", False),
        ),
        Table("partners", "partner", ENTITY_COLUMNS, ("type", *SHEET_FACETS), ("sheets", True)),
        Table("plans", "plan", ENTITY_COLUMNS[:1] + ENTITY_COLUMNS[2:], SHEET_FACETS, ("sheets", True)),
        Table("laws", "law", ENTITY_COLUMNS[:1] + ENTITY_COLUMNS[2:], SHEET_FACETS, ("sheets", True)),
    )
}
