"""/projects, /partners, /plans, /laws: faceted lists for people who don't write SPARQL, in the manner of
Datasette's table views, and the same rows as .csv, .json and .xlsx; "show the SPARQL" opens the view's query.

Every view is its URL: facet filters as `facet=value` (values are IRIs without this dataset's `BASE/id/`, jkg:
type names, or years), `q=`, `_sort=` / `_sort_desc=`, `_page=`, `_size=`, `_facet_all=` (a facet to show whole).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, request

from jkg.server import current, downloads, errors, i18n, pages, viewsparql
from jkg.server import facets as F
from jkg.server.chartdata import view_charts
from jkg.vocab import JKG_NS

bp = Blueprint("tables", __name__)
TYPE_FACETS = {"type", "partner_type"}
VOCABULARY_FACETS = {*TYPE_FACETS, "direction", "basis"}  # values may be jkg: terms, named without jkg:
CONTROLS = ("q", "_sort", "_sort_desc", "_page", "_size")


def key(name: str, iri: str) -> str:
    """A facet value as it appears in URLs: our IRIs without BASE/id/, jkg: types by name, years as they are."""
    base = current.published().iris.base + "id/"
    if name in VOCABULARY_FACETS and iri.startswith(JKG_NS):
        return iri[len(JKG_NS) :]
    return iri[len(base) :] if iri.startswith(base) else iri


def value(name: str, text: str) -> str:
    """The IRI (or year) a facet value of a URL stands for."""
    if name == "year" or "://" in text:
        return text
    if name in TYPE_FACETS or (name in VOCABULARY_FACETS and "/" not in text):
        return JKG_NS + text
    return current.published().iris.base + "id/" + text


def _int(name: str, default: int, top: int) -> int:
    try:
        return min(top, max(1, int(request.args.get(name, default))))
    except ValueError:
        return default


def parse(table: F.Table) -> F.Query:
    filters = {
        name: [value(name, v) for v in request.args.getlist(name) if v]
        for name in table.facets
        if request.args.getlist(name)
    }
    sort = request.args.get("_sort_desc") or request.args.get("_sort") or ""
    return F.Query(
        filters=filters,
        text=request.args.get("q", "").strip(),
        sort=sort,
        descending=bool(request.args.get("_sort_desc")),
        page=_int("_page", 1, 1_000_000),
        size=_int("_size", F.PAGE_SIZE, F.MAX_PAGE_SIZE),
    )


def view_url(table: F.Table, query: F.Query, ext: str = "", **changes: Any) -> str:
    """The URL of a view (with `changes` to its query), its arguments in one order so that it is stable."""
    q = {**query.__dict__, **changes}
    args: list[tuple[str, str]] = []
    for name in table.facets:
        args += [(name, key(name, v)) for v in sorted(q["filters"].get(name, []))]
    if q["text"]:
        args.append(("q", q["text"]))
    if q["sort"]:
        args.append(("_sort_desc" if q["descending"] else "_sort", q["sort"]))
    if not ext:
        if q["page"] > 1:
            args.append(("_page", str(q["page"])))
        if q["size"] != F.PAGE_SIZE:
            args.append(("_size", str(q["size"])))
    return f"/{table.name}{'.' + ext if ext else ''}" + ("?" + urlencode(args) if args else "")


def toggled(query: F.Query, name: str, iri: str) -> F.Query:
    """The query with a facet value added, or removed when it is there (back to the first page)."""
    values = list(query.filters.get(name, []))
    values = [v for v in values if v != iri] if iri in values else [*values, iri]
    filters = {**query.filters, name: values}
    return F.Query(filters, query.text, query.sort, query.descending, 1, query.size)


def connect() -> sqlite3.Connection:
    return sqlite3.connect(f"file:{current.published().build.index}?mode=ro", uri=True, check_same_thread=False)


def labels(db: sqlite3.Connection, iris: set[str]) -> dict[str, str]:
    """Display labels of facet values: from the build's label table, the vocabulary's for types."""
    found: dict[str, str] = {}
    listed = sorted(iris)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        found.update(db.execute(f"SELECT iri, label FROM labels WHERE iri IN {F._in(chunk)}", chunk).fetchall())
    r = pages.reader()
    for iri in listed:
        if iri.startswith(JKG_NS):
            found[iri] = r.label(iri, vocabulary=True)
    return found


def _missing() -> Response:
    return errors.error(503, "unavailable", i18n.translate("no_tables"))


def table_page(name: str) -> Response:
    """The faceted list as HTML."""
    table = F.TABLES[name]
    if not current.published().build.index.is_file():
        return _missing()
    query = parse(table)
    db = connect()
    try:
        if not F.tables_present(db):
            return _missing()
        try:
            query = F.prepare(db, table, query)
            shown = F.view(db, table, query, {f: True for f in request.args.getlist("_facet_all")})
        except F.BadView as e:
            return errors.bad_request(str(e))
        hidden = _hidden(db, table)
        names = {v.value for f in shown.facets for v in f.values if f.name != "year"}
        names |= {str(row["type"]) for row in shown.rows if row.get("type")}
        named = labels(db, names)
        charts = view_charts(
            db,
            table,
            query,
            lambda iris: {**named, **labels(db, iris - named.keys())},
            lambda facet, iri: view_url(table, toggled(query, facet, iri)),
        )
    finally:
        db.close()
    title = i18n.translate("table_" + name)
    return pages.html(
        "table.html",
        table=table,
        columns=[c for c in table.columns if c.page and c.key not in hidden],
        vq=query,
        view=shown,
        labels=named,
        charts=charts,
        title=title,
        pages_count=max(1, -(-shown.total // query.size)),
        url=lambda **changes: view_url(table, query, **changes),
        download=lambda ext: view_url(table, query, ext),
        toggle=lambda facet, iri: view_url(table, toggled(query, facet, iri)),
        facet_key=key,
        sparql="/sparql#" + urlencode({"query": viewsparql.sparql(table, query, title)}, quote_via=quote),
        href=pages.reader().href,
    )


def table_download(name: str, ext: str) -> Response:
    """Every row of the view (all pages), in its order, as CSV, JSON or xlsx; streamed."""
    if ext not in {*downloads.FORMATS, "xlsx"}:
        return errors.error(404, "not-found", f"no download format {ext!r}; use csv, json or xlsx")
    table = F.TABLES[name]
    if not current.published().build.index.is_file():
        return _missing()
    query = parse(table)
    db = connect()
    try:
        if not F.tables_present(db):
            db.close()
            return _missing()
        query = F.prepare(db, table, query)
        total = F.count(db, table, query)
        sql, args = F.rows_sql(table, query)
    except F.BadView as e:
        db.close()
        return errors.bad_request(str(e))
    columns = [c.key for c in table.columns] + [c.iri_name for c in table.columns if c.link]
    types = {t: pages.reader().label(t, vocabulary=True) for t in _types(db)} if table.column("type") else {}
    headers = [i18n.translate("col_" + c) for c in columns]

    def rows() -> Iterator[list[object]]:
        try:
            for row in db.execute(sql, args):
                yield [types.get(v, v) if c == "type" else v for c, v in zip(columns, row, strict=True)]
        finally:
            db.close()

    filename = f"jimujigyo-kg-{name}.{ext}"
    if ext == "xlsx":
        path = downloads.xlsx_file(headers, rows(), name)
        response = Response(downloads.file_chunks(path), content_type=downloads.XLSX, direct_passthrough=True)
        response.headers["Content-Length"] = str(path.stat().st_size)
    else:
        chosen = downloads.FORMATS[ext]
        response = Response(chosen.write(columns, headers, rows(), total, name), content_type=chosen.media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["JKG-Result-Rows"] = str(total)
    return response


for _name in F.TABLES:
    bp.add_url_rule(f"/{_name}", f"{_name}_page", table_page, defaults={"name": _name})
    bp.add_url_rule(f"/{_name}.<ext>", f"{_name}_download", table_download, defaults={"name": _name})


def _hidden(db: sqlite3.Connection, table: F.Table) -> set[str]:
    """Columns the page leaves out: the municipality when the dataset holds one (it would repeat one name on
    every row), and money and evaluations when no sheet has them (downloads keep every column)."""
    if table.kind:
        return set()
    hidden = (
        {"municipality"} if db.execute("SELECT COUNT(DISTINCT municipality) FROM sheets").fetchone()[0] <= 1 else set()
    )
    for c in table.columns:
        if c.optional and db.execute(f"SELECT 1 FROM sheets s WHERE {c.sql} IS NOT NULL LIMIT 1").fetchone() is None:
            hidden.add(c.key)
    return hidden


def _types(db: sqlite3.Connection) -> list[str]:
    return [str(t) for (t,) in db.execute("SELECT DISTINCT type FROM entities WHERE type IS NOT NULL")]
