"""IRIs that resolve where they were minted: a base IRI with a path is served under that path, and the
vocabulary answers under its versioned IRI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from jkg.etl.build import build
from tests.conftest import BUNDLED, JKG

PATHED = "https://data.example.jp/opendata/jkg/"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.fixture(scope="module")
def pathed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    from jkg.server.app import create_app

    out = tmp_path_factory.mktemp("pathed") / "jkg-data"
    build(BUNDLED, out, PATHED)
    app = create_app({"data": str(out)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


@pytest.mark.parametrize("prefix", ["/opendata/jkg", ""])
def test_an_iri_dereferences_under_the_path_it_was_minted_with(pathed: FlaskClient, prefix: str) -> None:
    r = pathed.get(f"{prefix}/id/lg/082201")
    assert r.status_code == 303
    doc = pathed.get(r.headers["Location"], headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=doc.data, format="turtle")
    assert (rdflib.URIRef(PATHED + "id/lg/082201"), rdflib.RDF.type, JKG.Municipality) in g


def test_the_dataset_iri_resolves_under_its_path(pathed: FlaskClient) -> None:
    r = pathed.get("/opendata/jkg/data/dataset", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert (rdflib.URIRef(PATHED + "data/dataset"), None, None) in rdflib.Graph().parse(data=r.data, format="turtle")


@pytest.mark.parametrize("prefix", ["/opendata/jkg", ""])
def test_a_graph_name_dereferences_under_the_path_it_was_minted_with(pathed: FlaskClient, prefix: str) -> None:
    r = pathed.get(f"{prefix}/graph/lg/082201/2020")
    assert r.status_code == 303 and r.headers["Location"].endswith("/data/graph/lg/082201/2020")
    doc = pathed.get(r.headers["Location"], headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=doc.data, format="turtle")
    graph = rdflib.URIRef(PATHED + "graph/lg/082201/2020")
    assert (graph, rdflib.RDF.type, SD.NamedGraph) in g
    assert (graph, rdflib.URIRef("http://purl.org/dc/terms/spatial"), rdflib.URIRef(PATHED + "id/lg/082201")) in g


def test_the_vocabulary_answers_under_its_version_iri(client: FlaskClient) -> None:
    g = rdflib.Graph().parse(data=client.get("/def/jkg.ttl").data, format="turtle")
    ontology = rdflib.URIRef(str(JKG).removesuffix("#"))
    version_iri = g.value(ontology, OWL.versionIRI)
    version = str(g.value(ontology, OWL.versionInfo))
    assert str(version_iri) == f"{ontology}/{version}"
    r = client.get(f"/def/jkg/{version}.ttl")
    assert r.status_code == 200 and r.headers["Content-Location"] == f"/def/jkg/{version}.ttl"
    assert isomorphic(rdflib.Graph().parse(data=r.data, format="turtle"), g)
    assert client.get("/def/jkg/9.9.9").status_code == 404
