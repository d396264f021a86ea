"""Search: Japanese substrings of two characters or more in labels and texts, checked against a plain scan."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import lxml.html
import pytest
import rdflib
from flask.testing import FlaskClient

from jkg import layout
from tests.conftest import ID

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def scan(graph: rdflib.Graph, query: str) -> set[str]:
    """What the search must find: every resource one of whose searched literals contains the query."""
    fields = {rdflib.URIRef(f.value) for f in layout.SEARCH_FIELDS}
    wanted = unicodedata.normalize("NFKC", query).lower()
    return {
        str(s)
        for s, p, o in graph
        if p in fields and isinstance(o, rdflib.Literal) and wanted in unicodedata.normalize("NFKC", str(o)).lower()
    }


def found(client: FlaskClient, query: str, extra: dict[str, str] | None = None) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    page = 1
    while True:
        args = {"q": query, "page": page, **(extra or {})}
        r = client.get("/search", query_string=args, headers={"Accept": "application/json"})
        assert r.status_code == 200, r.data
        body = json.loads(r.data)
        results += body["results"]
        if len(results) >= body["total"]:
            return results
        page += 1


@pytest.mark.parametrize("query", ["協定", "オンライン", "JAXA", "ｊａｘａ", "計画", "つくば", "SDGs", "事業"])
def test_search_finds_exactly_what_contains_the_query(
    client: FlaskClient, bundled_graph: rdflib.Graph, query: str
) -> None:
    results = found(client, query)
    expected = scan(bundled_graph, query)
    assert expected, "the example must occur in the bundled list"
    assert {r["iri"] for r in results} == expected
    assert len(results) == len(expected)  # one result per resource
    for r in results:
        assert unicodedata.normalize("NFKC", query).lower() in r["snippet"].lower()


def test_label_matches_rank_first(client: FlaskClient) -> None:
    results = found(client, "JAXA")
    assert results[0]["iri"] == str(ID["org/jaxa"])
    assert results[0]["href"] == "/doc/org/jaxa"


def test_one_character_is_refused_with_a_message(client: FlaskClient) -> None:
    r = client.get("/search?q=市", headers={"Accept": "application/json"})
    assert r.status_code == 400
    assert "two characters" in json.loads(r.data)["error"]


def test_search_page_links_results_and_marks_the_match(client: FlaskClient) -> None:
    r = client.get("/search", query_string={"q": "協定"}, headers={"Accept": BROWSER})
    doc = lxml.html.fromstring(r.data.decode())
    items = doc.xpath("//ol[@id='results']/li")
    assert items
    for item in items:
        assert item.xpath("string(.//mark)") == "協定"
        assert item.xpath("string(a/@href)").startswith("/doc/")
    assert client.get(items[0].xpath("string(a/@href)"), headers={"Accept": BROWSER}).status_code == 200


def test_the_index_is_built_with_the_graph(bundled_out: Path) -> None:
    report = json.loads((bundled_out / "current" / "build.json").read_text())
    assert report["search"]["file"] == layout.INDEX
    assert (bundled_out / "current" / layout.INDEX).is_file()
    assert report["search"]["texts"] > 47 * 4


def test_a_build_without_an_index_says_to_rebuild(bundled_out: Path, tmp_path: Path) -> None:
    import shutil

    from jkg.server.app import create_app

    copy = tmp_path / "old"
    shutil.copytree(bundled_out, copy, symlinks=True)
    (copy / "current" / layout.INDEX).unlink()
    app = create_app({"data": str(copy)})
    try:
        r = app.test_client().get("/search?q=協定", headers={"Accept": "application/json"})
        assert r.status_code == 503
        assert "rebuild" in json.loads(r.data)["error"]
    finally:
        app.extensions["jkg_builds"].close()


def scan_all(graph: rdflib.Graph, words: list[str], fields: set[str] | None = None) -> set[str]:
    """What an AND search must find: resources each of whose words occurs in one of their searched literals."""
    names = {rdflib.URIRef(f.value): f.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in layout.SEARCH_FIELDS}
    texts: dict[str, list[str]] = {}
    for s, p, o in graph:
        if p in names and isinstance(o, rdflib.Literal) and (fields is None or names[p] in fields):
            texts.setdefault(str(s), []).append(unicodedata.normalize("NFKC", str(o)).lower())
    wanted = [unicodedata.normalize("NFKC", w).lower() for w in words]
    return {s for s, ts in texts.items() if all(any(w in t for t in ts) for w in wanted)}


@pytest.mark.parametrize("query", ["コロナ オンライン", "コロナ　オンライン", "協定 JAXA", "事業 連携 市民"])
def test_words_are_anded(client: FlaskClient, bundled_graph: rdflib.Graph, query: str) -> None:
    expected = scan_all(bundled_graph, query.replace("\u3000", " ").split())
    assert expected, "the example must occur in the bundled list"
    results = found(client, query)
    assert {r["iri"] for r in results} == expected
    for r in results:  # every word is marked where it occurs in the snippet
        marked = [r["snippet"][a:b].lower() for a, b in r["marks"]]
        assert any(w.lower() in m for w in query.split() for m in marked)


def test_search_filters_by_type_and_counts_each(client: FlaskClient) -> None:
    everything = client.get("/search?q=JAXA", headers={"Accept": "application/json"}).get_json()
    counts = {t["type"]: t["count"] for t in everything["types"]}
    assert counts["PartnerBody"] == 1 and counts["ProjectSheet"] >= 1
    partners = client.get("/search?q=JAXA&type=PartnerBody", headers={"Accept": "application/json"}).get_json()
    assert [r["iri"] for r in partners["results"]] == [str(ID["org/jaxa"])]
    sheets = client.get("/search?q=JAXA&type=ProjectSheet", headers={"Accept": "application/json"}).get_json()
    assert sheets["total"] == counts["ProjectSheet"]
    assert all("/project/" in r["iri"] for r in sheets["results"])


def test_search_filters_by_field(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    results = found(client, "協定", extra={"field": "results"})
    assert {r["iri"] for r in results} == scan_all(bundled_graph, ["協定"], {"results"})
    assert all(r["field"].endswith("#results") for r in results)


@pytest.mark.parametrize(("query", "first"), [("JAXA", "org/jaxa"), ("内閣府", "org/cabinet-office")])
def test_an_exact_name_ranks_first_then_label_matches(client: FlaskClient, query: str, first: str) -> None:
    results = found(client, query)
    assert results[0]["iri"] == str(ID[first])
    label_fields = ("#label", "#prefLabel", "#altLabel", "#notation", "/title")
    in_labels = [r["field"].endswith(label_fields) for r in results]
    assert in_labels == sorted(in_labels, reverse=True), "label and title matches come before text matches"


def test_search_page_offers_the_type_filter(client: FlaskClient) -> None:
    r = client.get("/search", query_string={"q": "JAXA"}, headers={"Accept": BROWSER})
    doc = lxml.html.fromstring(r.data.decode())
    link = doc.xpath("//ul[@id='type-filter']//a[@data-type='PartnerBody']")[0]
    narrowed = client.get(link.get("href"), headers={"Accept": BROWSER})
    items = lxml.html.fromstring(narrowed.data.decode()).xpath("//ol[@id='results']/li")
    assert len(items) == 1 and items[0].xpath("string(a/@href)") == "/doc/org/jaxa"
