"""A crawler that starts at / and follows only outgoing links (the objects of each document's topic, and of the
blank nodes and hash IRIs it leads to) reaches every resource of the dataset and every named graph of the store;
every link under the base IRI that any document makes dereferences; every IRI the build mints is served."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag

import pyoxigraph as ox
import rdflib
from flask.testing import FlaskClient

from tests.conftest import BASE, JKG

ID = BASE + "id/"
NT = {"Accept": "application/n-triples"}


def outgoing(g: rdflib.Graph, topic: rdflib.term.Node) -> set[str]:
    """The IRIs a document's topic links to, through its blank nodes and hash IRIs (topic#…) too."""
    found: set[str] = set()
    todo, seen = [topic], set()
    while todo:
        node = todo.pop()
        seen.add(node)
        for o in g.objects(node, None):
            if isinstance(o, rdflib.URIRef):
                found.add(urldefrag(str(o))[0])
                if str(o).startswith(f"{topic}#") and o not in seen:
                    todo.append(o)
            elif isinstance(o, rdflib.BNode) and o not in seen:
                todo.append(o)
    return found


def path(iri: str) -> str:
    return "/" + iri[len(BASE) :]


def fetch(client: FlaskClient, iri: str) -> rdflib.Graph:
    """The RDF document an IRI under the base dereferences to (following a 303)."""
    with client.get(path(iri), headers=NT) as r:
        if r.status_code == 303:
            location = r.headers["Location"]
            with client.get(location, headers=NT) as r2:
                assert r2.status_code == 200, (iri, location, r2.status_code)
                return rdflib.Graph().parse(data=r2.get_data(), format="nt")
        assert r.status_code == 200, (iri, r.status_code)
        return rdflib.Graph().parse(data=r.get_data(), format="nt")


def dereferences(client: FlaskClient, iri: str) -> int:
    """The final status of a GET for an IRI under the base (a dump, the endpoint …), following a 303."""
    with client.get(path(iri), headers={"Accept": "*/*"}) as r:
        if r.status_code in (301, 302, 303, 307, 308):
            with client.get(r.headers["Location"], headers={"Accept": "*/*"}) as r2:
                return r2.status_code
        return r.status_code


def crawl(client: FlaskClient) -> tuple[set[str], dict[str, rdflib.Graph]]:
    """Every /id/ resource reached from / by outgoing links, and the document of every one of them."""
    home = fetch(client, BASE)
    frontier = outgoing(home, rdflib.URIRef(BASE + "data/dataset"))
    docs = {BASE + "data/dataset": home}
    while frontier:
        iri = frontier.pop()
        if iri in docs or not iri.startswith(ID):
            continue
        docs[iri] = fetch(client, iri)
        frontier |= outgoing(docs[iri], rdflib.URIRef(iri)) - set(docs)
    return set(docs) - {BASE + "data/dataset"}, docs


def minted(bundled_graph: rdflib.Graph, bundled_out: Path) -> set[rdflib.URIRef]:
    """Every IRI under the base in the data and in the dataset description (graph names too)."""
    description = rdflib.Graph().parse(bundled_out / "current" / "void.ttl")
    iris = set()
    for g in (bundled_graph, description):
        for triple in g:
            iris |= {t for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(BASE)}
    return iris


def test_a_crawl_from_home_reaches_every_resource(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    reached, _docs = crawl(client)
    resources = {urldefrag(str(s))[0] for s in bundled_graph.subjects() if isinstance(s, rdflib.URIRef)}
    assert {r for r in resources if r.startswith(ID)} - reached == set()


def test_every_link_dereferences_and_every_minted_iri_is_served(
    client: FlaskClient, bundled_graph: rdflib.Graph, bundled_out: Path
) -> None:
    _reached, docs = crawl(client)
    linked = {t for g in docs.values() for triple in g for t in triple if isinstance(t, rdflib.URIRef)}
    ours = {t for t in linked if str(t).startswith(BASE)} | minted(bundled_graph, bundled_out)
    vocabulary = fetch(client, str(JKG).rstrip("#"))
    described: dict[str, rdflib.Graph] = {**docs, str(JKG).rstrip("#"): vocabulary}
    failures = []
    for iri in sorted(ours, key=str):
        name, fragment = urldefrag(str(iri))
        if name.startswith(ID) or name in described:
            doc = described.get(name) or described.setdefault(name, fetch(client, name))
            if (iri, None, None) not in doc and not fragment and (None, None, iri) not in doc:
                failures.append(f"{iri}: its document says nothing about it")
            elif fragment and (iri, None, None) not in doc:
                failures.append(f"{iri}: the document of {name} does not describe it")
        elif (status := dereferences(client, name)) != 200:
            failures.append(f"{iri}: {status}")
    assert failures == [], "\n".join(failures)


def test_a_crawl_from_home_reaches_every_named_graph_and_its_description(
    client: FlaskClient, bundled_out: Path
) -> None:
    """The dataset description links each named graph (void:subset, a municipality's under its part); each name
    dereferences (303) to a document giving its kind, its triple count as the store holds it, its municipality
    and year, and the dump that holds it."""
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    home = fetch(client, BASE)
    parts = set(home.transitive_objects(rdflib.URIRef(BASE + "data/dataset"), void.subset))
    linked = {str(p) for p in parts if str(p).startswith(BASE + "graph/")}
    store = ox.Store.read_only(str(bundled_out / "current" / "store"))
    held = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}
    assert linked == set(held)
    for name, count in held.items():
        graph = rdflib.URIRef(name)
        doc = fetch(client, name)
        assert {sd.NamedGraph, void.Dataset} <= set(doc.objects(graph, rdflib.RDF.type)), name
        assert doc.value(graph, void.triples) == rdflib.Literal(count), name  # what a SELECT ... FROM <name> finds
        assert doc.value(graph, dcterms.title) is not None
        if "/lg/" in name:
            assert doc.value(graph, dcterms.spatial) == rdflib.URIRef(BASE + "id/lg/082201")
            assert doc.value(graph, void.dataDump) == rdflib.URIRef(BASE + "data/data.nq.gz")
        if name.endswith("/2020"):
            assert doc.value(graph, dcterms.temporal) == rdflib.URIRef(BASE + "id/fiscal-year/2020")
    page = client.get(path(BASE + "graph/lg/082201/2020"), headers={"Accept": "text/html"}, follow_redirects=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert client.get("/data/graph/lg/082201/1999", headers=NT).status_code == 404
