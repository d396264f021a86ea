"""The faceted lists (/projects, /partners, /plans, /laws) through the real app, checked against the graph: every
row, facet count, filter, sort and download, and the SPARQL each view shows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import lxml.html
import openpyxl
import pytest
import rdflib
from flask.testing import FlaskClient

from tests.conftest import BASE, ID, JKG

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
PREFIXES = f"""PREFIX jkg: <{JKG}> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"""
PLANNING = "lg/082201/org/planning-management-div"  # つくば市企画経営課


def page(client: FlaskClient, url: str) -> lxml.html.HtmlElement:
    r = client.get(url, headers={"Accept": BROWSER})
    assert r.status_code == 200, r.data[:500]
    return lxml.html.fromstring(r.data.decode())


def sheets_of(doc: lxml.html.HtmlElement) -> list[str]:
    """The sheet IRIs of a page's rows, in order (each row's title links to its sheet's page)."""
    return [
        BASE + "id/" + a.get("href").removeprefix("/doc/")
        for a in doc.xpath("//table[@id='rows']//td[@data-column='title']/a")
    ]


def all_rows(client: FlaskClient, url: str) -> list[str]:
    """Every row of a view, following its pager."""
    found: list[str] = []
    while True:
        doc = page(client, url)
        found += sheets_of(doc)
        following = doc.xpath("//div[@data-pager='rows']/a[@rel='next']/@href")
        if not following:
            return found
        url = following[0]


def graph_sheets(graph: rdflib.Graph, pattern: str = "") -> set[str]:
    rows = graph.query(f"{PREFIXES} SELECT ?s WHERE {{ ?s a jkg:ProjectSheet . {pattern} }}")
    return {str(r[0]) for r in rows}


def facet(doc: lxml.html.HtmlElement, name: str) -> dict[str, int]:
    return {a.get("data-value"): int(a.getnext().text) for a in doc.xpath(f"//section[@data-facet='{name}']//li/a")}


def test_projects_lists_every_sheet_once_and_pages_without_gaps(
    client: FlaskClient, bundled_graph: rdflib.Graph
) -> None:
    rows = all_rows(client, "/projects?_size=10")
    assert len(rows) == len(set(rows)) == 47
    assert set(rows) == graph_sheets(bundled_graph)
    assert page(client, "/projects").xpath("string(//p[@id='row-count']/@data-total)") == "47"


def test_facet_counts_are_the_graphs(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    doc = page(client, "/projects?_facet_all=partner")
    divisions = facet(doc, "division")
    assert divisions[PLANNING] == len(graph_sheets(bundled_graph, f"?s jkg:responsibleUnit <{ID[PLANNING]}>"))
    partners = facet(doc, "partner")
    for key, count in partners.items():
        assert count == len(graph_sheets(bundled_graph, f"?s jkg:partner <{ID[key]}>")), key
    assert sum(divisions.values()) == 47
    types = facet(doc, "partner_type")
    assert types["NationalAgency"] == len(graph_sheets(bundled_graph, "?s jkg:partner/a jkg:NationalAgency"))


def test_filters_or_within_a_facet_and_across_facets(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    one = set(all_rows(client, f"/projects?division={PLANNING}"))
    assert one == graph_sheets(bundled_graph, f"?s jkg:responsibleUnit <{ID[PLANNING]}>")
    other = "lg/082201/org/science-technology-promotion-div"
    both = set(all_rows(client, f"/projects?division={PLANNING}&division={other}"))
    assert both == one | graph_sheets(bundled_graph, f"?s jkg:responsibleUnit <{ID[other]}>")
    plan = "plan/super-city-initiative"
    narrowed = set(all_rows(client, f"/projects?division={other}&plan={plan}"))
    expected = graph_sheets(bundled_graph, f"?s jkg:responsibleUnit <{ID[other]}> ; jkg:plan <{ID[plan]}>")
    assert narrowed == expected and narrowed
    # A facet's counts leave its own filter out, so another value can be added; others' counts narrow.
    doc = page(client, f"/projects?division={PLANNING}")
    assert facet(doc, "division")[other] == len(graph_sheets(bundled_graph, f"?s jkg:responsibleUnit <{ID[other]}>"))
    assert sum(facet(doc, "year").values()) == len(one)


def test_text_filter_ands_words_over_the_sheets_texts(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    rows = set(all_rows(client, "/projects?q=コロナ+オンライン"))
    expected = {
        str(s)
        for s in graph_sheets(bundled_graph)
        if all(
            any(
                word in str(o)
                for p, o in bundled_graph.predicate_objects(rdflib.URIRef(s))
                if isinstance(o, rdflib.Literal)
            )
            for word in ("コロナ", "オンライン")
        )
    }
    assert rows == expected and rows


def test_sort_by_any_column(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    doc = page(client, "/projects?_sort_desc=partners&_size=100")
    counts = [int(td.text) for td in doc.xpath("//td[@data-column='partners']")]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    for sheet, n in zip(sheets_of(doc), counts, strict=True):
        assert n == len(set(bundled_graph.objects(rdflib.URIRef(sheet), JKG.partner)))
    titles = [a.text for a in page(client, "/projects?_sort=title&_size=100").xpath("//td[@data-column='title']/a")]
    assert titles == sorted(titles)
    numbers = [int(a.text) for a in page(client, "/projects?_size=100").xpath("//td[@data-column='number']/a")]
    assert numbers == sorted(numbers), "the default order is by 事業番号, as numbers"
    header = page(client, "/projects?_sort=title").xpath("//th[@aria-sort]")[0]
    assert header.get("aria-sort") == "ascending" and "_sort_desc=title" in header.xpath("string(a/@href)")


def test_an_unknown_sort_column_or_a_short_word_is_a_400(client: FlaskClient) -> None:
    r = client.get("/projects?_sort=nope", headers={"Accept": "application/json"})
    assert r.status_code == 400 and "title" in r.get_json()["message"]
    assert client.get("/projects?q=市", headers={"Accept": "application/json"}).status_code == 400


def test_links_of_a_view_are_stable_urls(client: FlaskClient) -> None:
    """A filter link keeps the view's other arguments, in one order, and reopening it gives the same page."""
    doc = page(client, f"/projects?q=事業&division={PLANNING}&_sort_desc=partners")
    link = doc.xpath("//section[@data-facet='plan']//li/a/@href")[0]
    args = parse_qsl(urlsplit(link).query)
    assert [k for k, _ in args] == ["division", "plan", "q", "_sort_desc"]
    again = page(client, link)
    assert again.xpath("//section[@data-facet='plan']//li/a[@aria-current]/@href") == [
        "/projects?" + urlsplit(doc.xpath("//p[@id='downloads']/a[@data-download='csv']/@href")[0]).query
    ]


def download(client: FlaskClient, url: str) -> tuple[Any, bytes]:
    r = client.get(url)
    assert r.status_code == 200, r.data[:300]
    return r, r.data


@pytest.mark.parametrize(
    "view", ["/projects", f"/projects?division={PLANNING}&_sort_desc=partners", "/projects?q=協定"]
)
def test_downloads_hold_exactly_the_rows_of_the_view(client: FlaskClient, view: str) -> None:
    shown = all_rows(client, view + ("&" if "?" in view else "?") + "_size=7")
    csv_url = page(client, view).xpath("//p[@id='downloads']/a[@data-download='csv']/@href")[0]
    r, body = download(client, csv_url)
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so that Excel reads Japanese"
    assert r.headers["JKG-Result-Rows"] == str(len(shown))
    assert r.headers["Content-Disposition"] == 'attachment; filename="jimujigyo-kg-projects.csv"'
    records = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [rec["sheet"] for rec in records] == shown
    assert {"number", "title", "division", "fiscal_year", "partners", "plans"} <= set(records[0])
    _, body = download(client, csv_url.replace(".csv", ".json"))
    data = json.loads(body)
    assert [row["sheet"] for row in data["rows"]] == shown and data["total"] == len(shown)
    _, body = download(client, csv_url.replace(".csv", ".xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(body), read_only=True).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    column = data["columns"].index("sheet")
    assert [row[column] for row in values[1:]] == shown
    assert values[0][data["columns"].index("title")] == "Project"  # headers in the interface language
    assert [row[data["columns"].index("title")] for row in values[1:]] == [row["title"] for row in data["rows"]]


def sparql_rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    r = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.data[:500]
    return [{k: v["value"] for k, v in b.items()} for b in r.get_json()["results"]["bindings"]]


@pytest.mark.parametrize(
    "view",
    [
        "/projects",
        f"/projects?division={PLANNING}&_sort_desc=partners",
        "/projects?plan=plan/super-city-initiative&partner_type=NationalAgency&_sort=title",
        "/projects?q=コロナ+オンライン",
        "/partners?type=Company",
        "/partners?_sort=name",
        "/plans",
        f"/laws?division={PLANNING}",
    ],
)
def test_the_views_sparql_gives_the_same_rows(client: FlaskClient, view: str) -> None:
    doc = page(client, view)
    link = doc.xpath("//a[@id='show-sparql']/@href")[0]
    assert link.startswith("/sparql#query=")
    query = unquote(link.removeprefix("/sparql#query="))
    answer = sparql_rows(client, query)
    name = urlsplit(view).path.strip("/")
    records = json.loads(client.get(f"/{name}.json?" + urlsplit(view).query).data)["rows"]
    iri = "sheet" if name == "projects" else "iri"
    assert records, "the example view must have rows"
    assert [a[iri] for a in answer] == [r[iri] for r in records]
    counted = ["partners", "plans"] if name == "projects" else ["sheets", "projects", "first_year"]
    for a, r in zip(answer, records, strict=True):
        assert [int(a[c]) for c in counted] == [r[c] for c in counted]


def test_partners_list_each_body_with_the_sheets_naming_it(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    data = json.loads(client.get("/partners.json").data)
    named = {str(o) for o in bundled_graph.objects(None, JKG.partner)}
    assert {r["iri"] for r in data["rows"]} == named
    for r in data["rows"]:
        assert r["sheets"] == len(set(bundled_graph.subjects(JKG.partner, rdflib.URIRef(r["iri"]))))
    companies = json.loads(client.get("/partners.json?type=Company").data)["rows"]
    assert companies and {r["iri"] for r in companies} == {
        str(s) for s in bundled_graph.subjects(rdflib.RDF.type, JKG.Company) if str(s) in named
    }
    assert {r["type"] for r in companies} == {"Company"}
    doc = page(client, f"/partners?division={PLANNING}")
    expected = {
        str(o)
        for s in bundled_graph.subjects(JKG.responsibleUnit, ID[PLANNING])
        for o in bundled_graph.objects(s, JKG.partner)
    }
    shown = {BASE + "id/" + a.get("href").removeprefix("/doc/") for a in doc.xpath("//td[@data-column='name']/a")}
    assert shown == expected


def test_plans_and_laws_lists(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    for name, link in (("plans", JKG.plan), ("laws", JKG.law)):
        rows = json.loads(client.get(f"/{name}.json").data)["rows"]
        assert {r["iri"] for r in rows} == {str(o) for o in bundled_graph.objects(None, link)}
        assert [r["sheets"] for r in rows] == sorted((r["sheets"] for r in rows), reverse=True)


def test_a_build_without_the_tables_says_to_rebuild(bundled_out: Any, tmp_path: Any) -> None:
    import shutil
    import sqlite3

    from jkg import layout
    from jkg.server.app import create_app

    copy = tmp_path / "old"
    shutil.copytree(bundled_out, copy, symlinks=True)
    db = sqlite3.connect(copy / "current" / layout.INDEX)
    db.executescript("DROP TABLE facet; DROP TABLE sheets; DROP TABLE entities; DROP TABLE labels;")
    db.close()
    app = create_app({"data": str(copy)})
    try:
        r = app.test_client().get("/projects", headers={"Accept": "application/json"})
        assert r.status_code == 503 and "rebuild" in r.get_json()["message"]
    finally:
        app.extensions["jkg_builds"].close()
