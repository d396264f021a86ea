"""Search: Japanese substrings of two characters or more in labels and texts, checked against a plain scan."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

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


def found(client: FlaskClient, query: str) -> list[dict[str, str]]:
    results: list[dict[str, str]] = []
    page = 1
    while True:
        r = client.get("/search", query_string={"q": query, "page": page}, headers={"Accept": "application/json"})
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
        app.extensions["jkg_pool"].close()
