"""The faceted lists (/projects, /partners, /plans, /laws) as SQL over the tables the build wrote beside the
search index (etl/facets.py): filters, facet counts, sorting and paging, each an SQL query on SQLite.

A view is a table plus its request arguments: `facet=value` filters (repeat a facet for any of several values;
different facets must all hold), `q=` words (the search index: every word somewhere in the row's texts or
names), `_sort=` / `_sort_desc=` a column, `_page=`, `_size=`. Facet counts are disjunctive: the counts of a facet
leave out that facet's own filter, so that another value of it can be added.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from jkg.server import search
from jkg.server.lists import TABLES as TABLES
from jkg.server.lists import Column as Column
from jkg.server.lists import Table as Table

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
FACET_LIMIT = 10  # values shown per facet before "all"


class BadView(ValueError):
    """A request argument the view cannot use (an unknown sort column, a one-character search word)."""


@dataclass(frozen=True)
class Query:
    """What a view asks for, read from request arguments (values are IRIs, or years)."""

    filters: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""
    sort: str = ""
    descending: bool = False
    page: int = 1
    size: int = PAGE_SIZE
    text_table: str = ""  # a temporary table already holding the IRIs that match `text` (see `prepare`)
    sheet_table: str = ""  # … and one holding the ids of the sheets all the filters let through


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class Facet:
    name: str
    values: list[FacetValue]  # the most frequent first, limited; chosen values always included
    distinct: int  # how many values in all


@dataclass(frozen=True)
class View:
    total: int
    rows: list[dict[str, object]]
    facets: list[Facet]


def prepare(db: sqlite3.Connection, table: Table, query: Query) -> Query:
    """The query with its text filter's matches, and the sheets its filters let through, computed once into
    temporary tables of this connection: the rows, the count, every facet and chart read them instead of each
    searching the index and joining the filters again (13 times a page)."""
    if query.text_table or query.sheet_table:
        return query
    if query.text.strip():
        sql, args = _text_filter(query)
        db.execute("DROP TABLE IF EXISTS temp.view_text")
        db.execute("CREATE TEMP TABLE view_text(iri TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute(f"INSERT OR IGNORE INTO temp.view_text {sql}", args)
        query = replace(query, text_table="temp.view_text")
    sql, args = sheet_filter(table, query)
    if sql:
        db.execute("DROP TABLE IF EXISTS temp.view_sheets")
        db.execute("CREATE TEMP TABLE view_sheets(id INTEGER PRIMARY KEY)")
        db.execute(f"INSERT INTO temp.view_sheets {sql}", args)
        query = replace(query, sheet_table="temp.view_sheets")
    return query


def tables_present(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'facet'").fetchone() is not None


def _in(values: Sequence[object]) -> str:
    return "(" + ", ".join("?" * len(values)) + ")"


def _text_filter(query: Query) -> tuple[str, list[object]]:
    if not query.text.strip():
        return "", []
    if query.text_table:
        return f"SELECT iri FROM {query.text_table}", []
    try:
        words = search.words(query.text)
    except search.QueryTooShort as e:
        raise BadView(str(e)) from None
    sql, args = search.matching(words, ranked=False)
    return f"SELECT iri FROM ({sql})", args


def sheet_filter(table: Table, query: Query, leave_out: str = "") -> tuple[str, list[object]]:
    """SQL selecting the ids of the sheets the view's filters (except `leave_out`) let through; "" for all."""
    if query.sheet_table and not query.filters.get(leave_out):
        return f"SELECT id FROM {query.sheet_table}", []
    conditions: list[str] = []
    args: list[object] = []
    for name, values in sorted(query.filters.items()):
        if name == leave_out or name == "type" or not values:
            continue
        conditions.append(f"id IN (SELECT sheet FROM facet WHERE name = ? AND value IN {_in(values)})")
        args += [name, *values]
    if not table.kind:
        text, text_args = _text_filter(query)
        if text:
            conditions.append(f"iri IN ({text})")
            args += text_args
    if not conditions:
        return "", []  # every sheet
    return f"SELECT id FROM sheets WHERE {' AND '.join(conditions)}", args


def _within(column: str, sheets: str) -> str:
    """A condition keeping `column` (a sheet id) among the filtered sheets; none when every sheet is kept."""
    return f" AND {column} IN ({sheets})" if sheets else ""


def _entity_filter(table: Table, query: Query, leave_out: str = "") -> tuple[str, list[object]]:
    """Conditions on the entity rows (e, f) of an entity table: its kind, its type, the text of its names."""
    sheets, sheet_args = sheet_filter(table, query, leave_out)
    conditions = [f"f.name = ?{_within('f.sheet', sheets)}"]
    args: list[object] = [table.kind, *sheet_args]
    types = query.filters.get("type", [])
    if types and leave_out != "type":
        conditions.append(f"e.type IN {_in(types)}")
        args += types
    text, text_args = _text_filter(query)
    if text:
        conditions.append(f"e.iri IN ({text})")
        args += text_args
    return " AND ".join(conditions), args


def _order(table: Table, query: Query) -> str:
    key, descending = (query.sort, query.descending) if query.sort else table.default_sort
    column = table.column(key)
    if column is None:
        raise BadView(f"no column {key!r} to sort by; use one of {', '.join(c.key for c in table.columns)}")
    direction = " DESC" if descending else ""
    terms = [f"{term.strip()}{direction}" for term in (column.sort or column.sql).split(",")]
    return ", ".join([*terms, "s.id" if not table.kind else "e.iri"])


def rows_sql(table: Table, query: Query) -> tuple[str, list[object]]:
    """The view's rows in order (without paging): every column, then each linked column's IRI (`iri_name`)."""
    selected = [f"{c.sql} AS {c.key}" for c in table.columns]
    selected += [f"{c.link} AS {c.iri_name}" for c in table.columns if c.link]
    if not table.kind:
        sheets, args = sheet_filter(table, query)
        where = f"WHERE s.id IN ({sheets})" if sheets else ""
        sql = f"SELECT {', '.join(selected)} FROM sheets s {where} ORDER BY {_order(table, query)}"
        return sql, args
    where, args = _entity_filter(table, query)
    sql = f"""SELECT {", ".join(selected)} FROM facet f JOIN entities e ON e.iri = f.value
              JOIN sheets s ON s.id = f.sheet WHERE {where} GROUP BY e.iri ORDER BY {_order(table, query)}"""
    return sql, args


def count(db: sqlite3.Connection, table: Table, query: Query) -> int:
    if not table.kind:
        sheets, args = sheet_filter(table, query)
        return int(db.execute(f"SELECT COUNT(*) FROM ({sheets or 'SELECT id FROM sheets'})", args).fetchone()[0])
    where, args = _entity_filter(table, query)
    sql = f"SELECT COUNT(DISTINCT e.iri) FROM facet f JOIN entities e ON e.iri = f.value WHERE {where}"
    return int(db.execute(sql, args).fetchone()[0])


def iter_rows(db: sqlite3.Connection, table: Table, query: Query) -> Iterator[dict[str, object]]:
    """Every row of the view, in its order, one at a time (for downloads)."""
    sql, args = rows_sql(table, query)
    cursor = db.execute(sql, args)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def facet_counts(db: sqlite3.Connection, table: Table, query: Query, name: str, limit: int | None) -> Facet:
    """How many rows of the view each value of a facet would give (its own filter left out)."""
    if not table.kind:
        sheets, args = sheet_filter(table, query, leave_out=name)
        sql = f"SELECT value, COUNT(*) FROM facet WHERE name = ?{_within('sheet', sheets)} GROUP BY value"
        args = [name, *args]
    elif name == "type":
        where, args = _entity_filter(table, query, leave_out=name)
        sql = f"""SELECT e.type, COUNT(DISTINCT e.iri) FROM facet f JOIN entities e ON e.iri = f.value
                  WHERE {where} GROUP BY e.type"""
    else:
        where, args = _entity_filter(table, query, leave_out=name)
        sql = f"""SELECT g.value, COUNT(DISTINCT e.iri) FROM facet f JOIN entities e ON e.iri = f.value
                  JOIN facet g ON g.sheet = f.sheet AND g.name = ? WHERE {where} GROUP BY g.value"""
        args = [name, *args]
    counted = sorted(
        ((str(v), int(n)) for v, n in db.execute(sql, args) if v is not None), key=lambda vn: (-vn[1], vn[0])
    )
    chosen = set(query.filters.get(name, []))
    if name == "year":
        counted.sort(key=lambda vn: vn[0], reverse=True)
    shown = counted if limit is None else counted[:limit]
    shown += [vn for vn in counted[len(shown) :] if vn[0] in chosen]
    shown += [(v, 0) for v in sorted(chosen - {v for v, _n in counted})]
    return Facet(name, [FacetValue(v, n, v in chosen) for v, n in shown], len(counted))


def view(db: sqlite3.Connection, table: Table, query: Query, all_of: Mapping[str, bool] | None = None) -> View:
    """One page of the view, its total and its facets (all values of the facets in `all_of`)."""
    query = prepare(db, table, query)
    sql, args = rows_sql(table, query)
    cursor = db.execute(f"{sql} LIMIT ? OFFSET ?", [*args, query.size, (query.page - 1) * query.size])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor]
    wanted = all_of or {}
    facets = [facet_counts(db, table, query, f, None if wanted.get(f) else FACET_LIMIT) for f in table.facets]
    return View(count(db, table, query), rows, facets)
