"""HTML for people: the home page, search, and each resource's page (the HTML form of /doc/…)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlencode

from flask import Blueprint, Flask, Response, abort, jsonify, render_template, request
from pyoxigraph import NamedNode

from jkg.server import current, figures, i18n, island, negotiate, policy
from jkg.server import search as search_index
from jkg.server.chartdata import view_charts
from jkg.server.graphfiles import description
from jkg.server.resource import ORG_SUB_ORGANIZATION_OF, PROJECT, RDF_TYPE, SHEET_LINKS, Reader, Term
from jkg.vocab import JKG_NS

bp = Blueprint("pages", __name__)
T = TypeVar("T")
LIST_LIMIT = 200  # entries per list on the home page; the rest are a search or a query away
SEARCH_PAGE = 50


def install(app: Flask) -> None:
    """Template helpers every page uses."""

    @app.context_processor
    def helpers() -> dict[str, Any]:
        return {"t": i18n.translate, "lang": i18n.language(), "switch_url": i18n.switch_url, "page_url": page_url}


def page_url(name: str, number: int) -> str:
    args = request.args.to_dict()
    args[name] = str(number)
    return request.path + "?" + urlencode(args) + f"#{name}"


def html(template: str, status: int = 200, **context: Any) -> Response:
    response = Response(render_template(template, **context), status=status, content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept, Cookie"
    return i18n.remember(response)


def reader() -> Reader:
    published = current.published()
    return Reader(published.store, published.iris, i18n.language(), int(current.conf()["page_size"]))


MAX_PAGE = 1_000_000


def _number(name: str) -> int:
    try:
        number = max(1, int(request.args.get(name, "1")))
    except ValueError:
        return 1
    if number > MAX_PAGE:
        abort(400, f"{name}= is past the last page there can be ({MAX_PAGE:,}); go back to the first")
    return number


def resource(iri: str, doc: str, canonical: str = "") -> Response:
    """A resource's page (canonical: its document's published IRI), or a 404 page when the dataset does not
    hold it."""
    r = reader()
    if not r.exists(iri):
        return html("notfound.html", 404, iri=iri)
    page = r.page(iri, {name: _number(name) for name in ("out", "in", "sheets", "projects", "named")})
    describe = "/sparql#" + urlencode({"query": f"DESCRIBE <{iri}>"}, quote_via=quote)
    return html(
        "resource.html",
        page=page,
        doc=doc,
        formats=negotiate.GRAPHS,
        describe=describe,
        canonical=canonical,
        compare=_compare(iri, page),
        figures=figures.for_page(r, iri, {t.iri for t in page.types}),
        policy=policy.for_page(r, iri, {t.iri for t in page.types}),
        href=r.href,
    )


def _compare(iri: str, page: Any) -> str:
    """Where a resource's comparison is: a project's years, or the municipalities whose projects name it."""
    key = iri.removeprefix(current.published().iris.base + "id/")
    if PROJECT in {t.iri for t in page.types}:
        return "/compare/years?" + urlencode({"project": key})
    if page.named_by.total:
        return "/compare/municipalities?" + urlencode({"on": key})
    return ""


@dataclass(frozen=True)
class Entry:
    term: Term
    sheets: int


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # an interface text key, or a class label for partner types
    entries: list[Entry]
    total: int


def _ways_in(r: Reader) -> list[Section]:
    """Each way in, most named first, with the number of yearly sheets that name each resource (for a unit:
    the sheets it or a unit under it is responsible for).

    Counted in one GROUP BY over the link predicates and summed up the units here: one GROUP BY per class with
    a property path and an OPTIONAL joined per instance took 96 s on a 22,000-row graph; iterating the link
    triples in Python 1.6 s."""
    links = " ".join(f"jkg:{link}" for link in (*SHEET_LINKS, "responsibleUnit"))
    naming: Counter[str] = Counter(
        {
            row["o"].value: int(row["n"].value)  # a sheet names a resource once per property: a count of sheets
            for row in r.select(
                f"SELECT ?o (COUNT(*) AS ?n) WHERE {{ VALUES ?link {{ {links} }} ?s ?link ?o }} GROUP BY ?o"
            )
        }
    )
    parents = {
        q.subject.value: q.object.value
        for q in r.store.quads_for_pattern(None, NamedNode(ORG_SUB_ORGANIZATION_OF), None, None)
        if isinstance(q.subject, NamedNode) and isinstance(q.object, NamedNode)
    }
    within = Counter(naming)
    for unit, parent in parents.items():
        seen = {unit}
        while parent not in seen:  # every unit above it, once (a cycle in the data cannot loop)
            within[parent] += naming[unit]
            seen.add(parent)
            if parent not in parents:
                break
            parent = parents[parent]

    def section(key: str, cls: str, counts: Counter[str]) -> Section:
        typed = r.store.quads_for_pattern(None, NamedNode(RDF_TYPE), NamedNode(cls), None)
        members = {q.subject.value for q in typed if isinstance(q.subject, NamedNode)}
        ranked = sorted(members, key=lambda iri: (-counts[iri], iri))
        entries = [Entry(r.named(iri), counts[iri]) for iri in ranked[:LIST_LIMIT]]
        return Section(key, r.label(cls, vocabulary=True), entries, len(members))

    sections = [
        section("organisation", JKG_NS + "Department", within),
        section("organisation", JKG_NS + "Division", within),
        section("action_plan_items", JKG_NS + "ActionPlanItem", naming),
        section("plans", JKG_NS + "Plan", naming),
        section("laws", JKG_NS + "Law", naming),
    ]
    kinds = r.select(f"SELECT ?cls WHERE {{ ?cls rdfs:subClassOf <{JKG_NS}PartnerBody> }} ORDER BY ?cls")
    sections += [s for s in (section("partners", row["cls"].value, naming) for row in kinds) if s.total]
    sections.append(section("events", JKG_NS + "Event", naming))
    return sections


def _cached(key: str, compute: Callable[[], T]) -> T:
    """Computed once per build: a published build never changes."""
    cache = current.build_cache()
    if key not in cache:
        cache[key] = compute()
    return cast(T, cache[key])


LISTS = {"Project": "/projects", "ProjectSheet": "/projects", "Plan": "/plans", "Law": "/laws"}
LISTS |= {"PartnerBody": "/partners"}


def _list_of(cls: str) -> str:
    """The faceted list that shows a class's resources, if one does."""
    name = cls[len(JKG_NS) :]
    if name in LISTS:
        return LISTS[name]
    if name in {"NationalAgency", "LocalGovernment", "ForeignLocalGovernment", "Company", "Foundation"} | {
        "UniversityOrResearchInstitute",
        "CouncilOrAssociation",
    }:
        return f"/partners?type={name}"
    return ""


def home_charts() -> list[Any]:
    """The home page's charts: the whole dataset per department, per plan, and its partner bodies by type."""
    from jkg.server import facets, tables

    index = current.published().build.index
    if not index.is_file():
        return []
    db = tables.connect()
    try:
        if not facets.tables_present(db):
            return []
        projects = facets.TABLES["projects"]
        empty = facets.Query()
        return view_charts(
            db,
            projects,
            empty,
            lambda iris: tables.labels(db, iris),
            lambda facet, iri: tables.view_url(projects, tables.toggled(empty, facet, iri)),
        )
    finally:
        db.close()


@bp.route("/")
def home() -> Response:
    """What the dataset is, where it comes from, what it holds, and the ways in; an RDF client asking for the
    home page gets the dataset's description."""
    if not negotiate.wants_html(request.accept_mimetypes, on_tie=True):
        return description()
    published = current.published()
    r = reader()
    dataset = published.iris.dataset().value
    meta = {
        row["p"].value: row["o"]
        for row in r.select(f"SELECT ?p ?o WHERE {{ <{dataset}> ?p ?o FILTER(isLiteral(?o)) }}")
        if row["o"].language in (None, i18n.language())
    }
    counts = [
        (r.named(cls, vocabulary=True), n, _list_of(cls))
        for cls, n in published.report.get("classes", {}).items()
        if cls.startswith(JKG_NS)
    ]
    return html(
        "home.html",
        report=published.report,
        parts=_parts(r, published.report),
        title=meta.get("http://purl.org/dc/terms/title"),
        description=meta.get("http://purl.org/dc/terms/description"),
        license=published.license,
        counts=counts,
        sections=_cached(f"ways-in-{i18n.language()}", lambda: _ways_in(r)),
        charts=_cached(f"charts-{i18n.language()}", home_charts),
        jsonld=island.schema_dataset(published),  # schema.org Dataset, for search engines
    )


def _parts(r: Reader, report: dict[str, Any]) -> list[tuple[Term, list[int], int]]:
    """Each municipality's part of the dataset (its void:subset): the municipality, its fiscal years, its sheets."""
    iris = current.published().iris
    return [
        (
            r.named(iris.local_government(code).value),
            sorted({y for s in report.get("sources", []) if s.get("municipality") == code for y in s.get("years", [])}),
            classes.get(JKG_NS + "ProjectSheet", 0),
        )
        for code, classes in sorted(report.get("municipalities", {}).items())
    ]


def _kinds(names: list[str]) -> list[str]:
    """jkg: class local names (Plan, ProjectSheet) or full IRIs, as class IRIs."""
    return [n if ":" in n else JKG_NS + n for n in names if n]


@bp.route("/search")
def search() -> Response:
    """Resources whose labels or texts hold every word of the query, as HTML or JSON; ?type= and ?field= narrow
    it (repeatable), with counts for each."""
    query = request.args.get("q", "").strip()
    number = _number("page")
    types = _kinds(request.args.getlist("type"))
    fields = [f for f in request.args.getlist("field") if f in search_index.FIELD_NAMES]
    wants_json = not negotiate.wants_html(request.accept_mimetypes, ["application/json"], on_tie=True)
    index = current.published().build.index
    r = reader()
    problem, message = "", ""
    found = search_index.Found(0, [], [], [])
    if not index.is_file():
        problem = "no_index"
    elif query:
        try:
            found = search_index.search(index, query, SEARCH_PAGE, (number - 1) * SEARCH_PAGE, types, fields)
        except search_index.QueryTooShort as e:
            problem, message = "too_short", str(e)
    hits = [(h, r.named(h.iri), r.named(h.field, vocabulary=True)) for h in found.hits]
    type_counts = [(r.named(t, vocabulary=True), t[len(JKG_NS) :], n) for t, n in found.types]
    if wants_json:
        status = 400 if problem == "too_short" else 503 if problem else 200
        response = jsonify(
            query=query,
            total=found.total,
            page=number,
            error=(i18n.translate(problem) + (f" ({message})" if message else "")) if problem else None,
            results=[
                {
                    "iri": term.iri,
                    "label": term.label,
                    "href": term.href,
                    "field": h.field,
                    "snippet": h.snippet,
                    "marks": h.marks,
                }
                for h, term, _field in hits
            ],
            types=[{"type": key, "label": term.label, "count": n} for term, key, n in type_counts],
            fields=[{"field": name, "count": n} for name, n in found.fields],
        )
        response.status_code = status
        return response
    return html(
        "search.html",
        query=query,
        total=found.total,
        hits=hits,
        problem=problem,
        page=number,
        pages=max(1, -(-found.total // SEARCH_PAGE)),
        type_counts=type_counts,
        field_counts=found.fields,
        chosen_types={t[len(JKG_NS) :] for t in types},
        chosen_fields=set(fields),
        toggle=_toggle,
    )


def _toggle(name: str, value: str) -> str:
    """This page's URL with `name=value` added, or removed when present (page reset to 1)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "page"]
    if (name, value) in args:
        args.remove((name, value))
    else:
        args.append((name, value))
    return request.path + "?" + urlencode(args)
