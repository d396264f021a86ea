"""Real clients against a real server process: SPARQLWrapper in every format, rdflib's SPARQLStore, raw HTTP."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.conftest import JKG, TSUKUBA
from tests.serving import running_server

DIVISIONS = f"SELECT ?d WHERE {{ ?d a <{JKG.Division}> }} ORDER BY ?d"
CONSTRUCT = f"CONSTRUCT WHERE {{ ?d a <{JKG.Division}> ; <http://www.w3.org/ns/org#subOrganizationOf> ?p }}"


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(server: str) -> None:
    result = wrapper(server, DIVISIONS, JSON).queryAndConvert()
    assert isinstance(result, dict)
    divisions = [b["d"]["value"] for b in result["results"]["bindings"]]
    assert len(divisions) == 7
    assert str(TSUKUBA["org/information-policy-div"]) in divisions


def test_sparqlwrapper_xml(server: str) -> None:
    doc = wrapper(server, DIVISIONS, XML).queryAndConvert()
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert len(uris) == 7


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_csv_tsv(server: str, fmt: str, delimiter: str) -> None:
    body = wrapper(server, DIVISIONS, fmt).queryAndConvert()
    assert isinstance(body, bytes)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
    assert rows[0] == (["d"] if fmt == CSV else ["?d"])
    assert len(rows) == 8
    expected = str(TSUKUBA["org/information-policy-div"])
    assert (expected if fmt == CSV else f"<{expected}>") in [r[0] for r in rows[1:]]


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_graph_formats(server: str, fmt: str) -> None:
    result = wrapper(server, CONSTRUCT, fmt).query()
    body = result.response.read()
    parse_as = {TURTLE: "turtle", N3: "turtle", RDFXML: "xml", JSONLD: "json-ld"}[fmt]
    g = rdflib.Graph().parse(data=body, format=parse_as)
    assert (
        TSUKUBA["org/information-policy-div"],
        rdflib.URIRef("http://www.w3.org/ns/org#subOrganizationOf"),
        TSUKUBA["org/policy-innovation-dept"],
    ) in g
    assert len(set(g.subjects(rdflib.RDF.type, JKG.Division))) == 7


def test_sparqlwrapper_ntriples_by_accept(server: str) -> None:
    sw = wrapper(server, CONSTRUCT, TURTLE)
    sw.setOnlyConneg(True)
    sw.addCustomHttpHeader("Accept", "application/n-triples")
    result = sw.query()
    assert result.response.headers["Content-Type"].startswith("application/n-triples")
    g = rdflib.Graph().parse(data=result.response.read(), format="nt")
    assert len(g) == 14


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rdflib_sparqlstore(server: str, method: str) -> None:
    store = SPARQLStore(server + "/sparql", method=method, returnFormat="json")
    g = rdflib.Graph(store=store)
    rows = list(g.query(f"SELECT ?p WHERE {{ ?p a <{JKG.Project}> ; <http://purl.org/dc/terms/identifier> ?n }}"))
    assert len(rows) == 47
    ask = g.query(f"ASK {{ <{TSUKUBA['project/78/2020']}> <{JKG.actionPlanItem}> <{TSUKUBA['action-plan/15']}> }}")
    assert ask.askAnswer is True
    built = rdflib.Graph()
    for triple in g.query(CONSTRUCT):
        built.add(triple)  # type: ignore[arg-type]
    assert len(built) == 14
    store.close()


def test_raw_http_post_direct_and_headers(server: str) -> None:
    request = urllib.request.Request(
        server + "/sparql",
        data=b"SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }",
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "text/csv;q=0.5, application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request) as r:
        assert r.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"
        assert r.headers["Vary"] == "Accept"
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in r.headers
        body = json.load(r)
    assert body["results"]["bindings"][0]["n"]["value"] == "47"
