"""`jkg serve --engine`: pages, documents, exports and queries answered by a real Virtuoso and a real Oxigraph
server are those the build's own store gives; nothing reaches the store that the local path would refuse; a build
being published beside the one served is never seen."""

from __future__ import annotations

import io
import json
import random
import re
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Quad
from pyoxigraph import Store as OxStore
from rdflib.compare import isomorphic

from jkg.server.app import create_app
from tests import engines
from tests.conftest import BASE, jkg
from tests.enginefixtures import copy_build, oxigraph, publish, store, virtuoso
from tests.serving import Listener

__all__ = ["oxigraph", "store", "virtuoso"]  # fixtures
JSONLD = re.compile(r'<script type="application/ld\+json" id="jsonld">(.*?)</script>', re.S)
DATA = BASE + "graph/lg/082201/2020"  # つくば市 FY2020: the bundled list's year graph
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def local(bundled_out: Path) -> Iterator[FlaskClient]:
    app = create_app({"data": str(bundled_out)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


@pytest.fixture(scope="module")
def remote(store: engines.Store, bundled_out: Path) -> Iterator[FlaskClient]:
    publish(store, bundled_out)
    app = create_app({"data": str(bundled_out), "engine": store.query_url})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


def pages(local: FlaskClient) -> list[str]:
    """Every kind of page: fixed ones, then a sample of the sitemap's documents."""
    sitemap = local.get("/sitemap/1.xml").data.decode()
    documents = sorted(urllib.parse.urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", sitemap))
    fixed = ["/", "/doc/lg/082201", "/doc/lg/082201/project/8/2020", "/doc/lg/082201/project/8", "/-/graph"]
    return fixed + random.Random(16).sample([d for d in documents if d.startswith("/doc/")], 40)


def jsonld(page: str) -> rdflib.Graph:
    found = JSONLD.findall(page)
    return rdflib.Graph().parse(data=found[0] if found else "[]", format="json-ld")


def test_pages_are_those_of_the_local_store(local: FlaskClient, remote: FlaskClient) -> None:
    for path in pages(local):
        mine, theirs = (
            remote.get(path, headers={"Accept": "text/html"}),
            local.get(path, headers={"Accept": "text/html"}),
        )
        assert (mine.status_code, theirs.status_code) == (200, 200), path
        a, b = mine.data.decode(), theirs.data.decode()
        # Line by line, in any order: engines order literals of different languages differently (SPARQL leaves
        # the order of language-tagged strings undefined), and the triples of the embedded JSON-LD come in any
        # order: those are compared as graphs.
        assert sorted(JSONLD.sub("", a).splitlines()) == sorted(JSONLD.sub("", b).splitlines()), path
        assert isomorphic(jsonld(a), jsonld(b)), path


@pytest.mark.parametrize(
    "path",
    [
        "/doc/lg/082201/project/8/2020.ttl",
        "/doc/org/cabinet-office.nt",
        "/data/dataset.ttl",
        "/-/graph.graphml",
        "/-/graph.cyjs",
        "/search?q=JAXA",
        "/sitemap/1.xml",
    ],
)
def test_documents_and_exports_are_those_of_the_local_store(local: FlaskClient, remote: FlaskClient, path: str) -> None:
    mine, theirs = remote.get(path), local.get(path)
    assert (mine.status_code, theirs.status_code) == (200, 200)
    if path.endswith((".ttl", ".nt")):
        fmt = "turtle" if path.endswith(".ttl") else "nt"
        assert isomorphic(
            rdflib.Graph().parse(data=mine.data, format=fmt), rdflib.Graph().parse(data=theirs.data, format=fmt)
        )
    elif path.endswith((".cyjs", ".graphml")):  # the same network, its nodes and edges in any order
        assert network(path, mine.data) == network(path, theirs.data)
    else:
        assert mine.data == theirs.data


def network(path: str, body: bytes) -> tuple[list[str], list[str]]:
    if path.endswith(".graphml"):
        graph = nx.read_graphml(io.BytesIO(body))
        nodes = [json.dumps([n, d], sort_keys=True) for n, d in graph.nodes(data=True)]
        return sorted(nodes), sorted(json.dumps([u, v, d], sort_keys=True) for u, v, d in graph.edges(data=True))
    elements = json.loads(body)["elements"]
    return sorted(json.dumps(e, sort_keys=True) for e in elements["nodes"]), sorted(
        json.dumps(e, sort_keys=True) for e in elements["edges"]
    )


def rows(client: FlaskClient, query: str, **params: str) -> list[dict[str, str]]:
    r = client.post("/sparql", data={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.data
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.data)["results"]["bindings"]]


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {}),  # the union of the build's graphs, nothing else
        ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", {}),  # the published graph names
        (f"SELECT (COUNT(*) AS ?n) FROM <{DATA}> WHERE {{ ?s ?p ?o }}", {}),
        (f"PREFIX g: <{BASE}graph/> SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH g:vocabulary {{ ?s ?p ?o }} }}", {}),
        (f"BASE <{BASE}graph/> SELECT (COUNT(*) AS ?n) FROM NAMED <meta> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        ("SELECT (COUNT(*) AS ?n) FROM <http://www.openlinksw.com/schemas/virtrdf#> WHERE { ?s ?p ?o }", {}),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"default-graph-uri": BASE + "graph/vocabulary"}),
        ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {"named-graph-uri": DATA}),
        ("SELECT ?x WHERE { BIND(<relative> AS ?x) }", {}),  # resolved against the endpoint, as locally
        # a boolean cast as one stays true or false (Virtuoso writes xsd:boolean "1"; uncast, it gives xsd:integer)
        (f"PREFIX xsd: <{XSD}> SELECT ?b WHERE {{ VALUES ?v {{ 1 2 }} BIND(xsd:boolean(?v = 1) AS ?b) }}", {}),
    ],
)
def test_datasets_are_those_of_the_local_store(
    local: FlaskClient, remote: FlaskClient, query: str, params: dict[str, str]
) -> None:
    assert rows(remote, query, **params) == rows(local, query, **params)


def test_nothing_the_local_path_refuses_reaches_the_store(virtuoso: engines.Virtuoso, bundled_out: Path) -> None:
    """Virtuoso's anonymous endpoint runs bif:http_get (a request to any URL) and DEFINE pragmas; jkg refuses them,
    as pyoxigraph does: the listener must see no request from Virtuoso. Sent to Virtuoso directly, it does."""
    publish(virtuoso, bundled_out)
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}/x"
    attempts = [
        f"SELECT (bif:http_get('{url}') AS ?x) {{}}",
        f"PREFIX bif: <http://www.openlinksw.com/schemas/bif#> SELECT (bif:http_get('{url}') AS ?x) {{}}",
        f"SELECT ?x WHERE {{ FILTER(bif:http_get('{url}') != '') }}",
        f'DEFINE get:soft "replace" SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}',
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]
    app = create_app({"data": str(bundled_out), "engine": virtuoso.query_url})
    try:
        client = app.test_client()
        statuses = [client.post("/sparql", data={"query": q}).status_code for q in attempts]
        assert client.post("/sparql", data={"query": f"INSERT DATA {{ <{url}> <{url}> 1 }}"}).status_code == 403
    finally:
        app.extensions["jkg_builds"].close()
    assert statuses == [400] * len(attempts)
    assert listener.connections == 0
    request = urllib.request.Request(
        virtuoso.query_url, data=urllib.parse.urlencode({"query": attempts[0]}).encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as r:
        assert r.status == 200
    listener.close()
    assert listener.connections == 1  # the control: Virtuoso alone fetches the URL


def count_data(client: FlaskClient) -> int:
    return int(rows(client, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DATA}> {{ ?s ?p ?o }} }}")[0]["n"])


def test_a_build_being_published_is_never_seen(store: engines.Store, bundled_out: Path, tmp_path: Path) -> None:
    """While build B loads into the store (Virtuoso empties and refills a graph it replaces), a server of build A
    keeps answering A, in full; a server of B answers B."""
    a = copy_build(bundled_out, tmp_path / "a", "20310101T000000Z")
    b = copy_build(bundled_out, tmp_path / "b", "20310101T000001Z")
    extra = OxStore(str(b / "current" / "store"))
    for i in range(20_000):
        extra.add(Quad(NamedNode(f"{BASE}id/x/{i}"), NamedNode(BASE + "p"), Literal(i), NamedNode(DATA)))
    extra.flush()
    del extra
    publish(store, a)
    app = create_app({"data": str(a), "engine": store.query_url})
    try:
        client = app.test_client()
        before = count_data(client)
        seen: list[int] = []
        done = threading.Event()

        def read() -> None:
            while not done.is_set():
                seen.append(count_data(client))

        reader = threading.Thread(target=read)
        reader.start()
        try:
            publish(store, b)
        finally:
            done.set()
            reader.join()
        assert seen and set(seen) == {before}
    finally:
        app.extensions["jkg_builds"].close()
    app = create_app({"data": str(b), "engine": store.query_url})
    try:
        assert count_data(app.test_client()) == before + 20_000
    finally:
        app.extensions["jkg_builds"].close()


def test_a_store_that_stops_answering_gives_503(bundled_out: Path, tmp_path: Path) -> None:
    with engines.oxigraph_server(tmp_path) as own:
        publish(own, bundled_out)
        app = create_app({"data": str(bundled_out), "engine": own.query_url})
        client = app.test_client()
        assert client.get("/-/health").status_code == 200
        own.process.kill()
        own.process.wait()
        r = client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 503 and "cannot be reached" in r.get_json()["message"]
        health = client.get("/-/health")
        assert health.status_code == 503 and health.get_json()["status"] == "unhealthy"
        assert client.get("/doc/lg/082201/project/8/2020", headers={"Accept": "text/html"}).status_code == 503
        app.extensions["jkg_builds"].close()


def test_serve_refuses_a_store_without_the_build(oxigraph: engines.Store, tmp_path: Path, bundled_out: Path) -> None:
    other = copy_build(bundled_out, tmp_path / "other", "20320101T000000Z")
    done = jkg("serve", "--data", str(other), "--engine", oxigraph.query_url, "--port", str(engines.free_port()))
    assert done.returncode == 2
    assert "holds no build 20320101T000000Z" in done.stderr and "jkg publish" in done.stderr


def test_answers_of_another_store_are_never_kept(remote: FlaskClient) -> None:
    """The store may be loaded again under the same build: every GET is asked of it."""
    path = "/sparql?query=" + urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # not kept")
    answers = [remote.get(path) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert all("JKG-Answer-Cache" not in a.headers for a in answers)
    assert remote.get("/-/health").get_json()["answer_cache"]["budget"] == 0
