"""A crawler that starts at / and follows only outgoing links (the objects of each document's topic and of the
blank nodes it leads to) reaches every resource of the dataset."""

from __future__ import annotations

from urllib.parse import urldefrag

import rdflib
from flask.testing import FlaskClient

from tests.conftest import BASE

ID = BASE + "id/"


def outgoing(g: rdflib.Graph, topic: rdflib.term.Node) -> set[str]:
    """The IRIs a document's topic links to, through blank nodes too."""
    found: set[str] = set()
    todo, seen = [topic], set()
    while todo:
        node = todo.pop()
        seen.add(node)
        for o in g.objects(node, None):
            if isinstance(o, rdflib.URIRef):
                found.add(urldefrag(str(o))[0])
            elif isinstance(o, rdflib.BNode) and o not in seen:
                todo.append(o)
    return found


def fetch(client: FlaskClient, iri: str) -> rdflib.Graph:
    path = "/" + iri[len(BASE) :]
    r = client.get(path, headers={"Accept": "application/n-triples"})
    if r.status_code == 303:
        r = client.get(r.headers["Location"], headers={"Accept": "application/n-triples"})
    assert r.status_code == 200, (iri, r.status_code)
    return rdflib.Graph().parse(data=r.data, format="nt")


def test_a_crawl_from_home_reaches_every_resource(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    home = rdflib.Graph().parse(data=client.get("/", headers={"Accept": "application/n-triples"}).data, format="nt")
    frontier = outgoing(home, rdflib.URIRef(BASE + "data/dataset"))
    reached: set[str] = set()
    while frontier:
        iri = frontier.pop()
        if iri in reached or not iri.startswith(ID):
            continue
        reached.add(iri)
        frontier |= outgoing(fetch(client, iri), rdflib.URIRef(iri)) - reached
    resources = {urldefrag(str(s))[0] for s in bundled_graph.subjects() if isinstance(s, rdflib.URIRef)}
    assert {r for r in resources if r.startswith(ID)} - reached == set()
