"""/data/ lists and serves the dumps (each parses back to the published graph); /def/ serves vocabulary and shapes."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from tests.conftest import BASE, JKG

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def test_dump_listing_in_json_html_and_dcat(client: FlaskClient, bundled_out: Path) -> None:
    listing = client.get("/data/", headers={"Accept": "application/json"}).get_json()
    assert {d["file"] for d in listing["dumps"]} == {"data.ttl", "data.nt.gz", "data.nq.gz", "data.jsonld"}
    assert listing["license"] == "https://creativecommons.org/licenses/by/4.0/"
    html = client.get("/data/", headers={"Accept": "text/html"}).data.decode()
    for d in listing["dumps"]:
        assert d["sha256"] in html and f'href="/data/{d["file"]}"' in html and str(d["bytes"]) in html
    assert f'rel="license" href="{listing["license"]}"' in html
    dcat = rdflib.Graph().parse(data=client.get("/data/", headers={"Accept": "text/turtle"}).data, format="turtle")
    dataset = rdflib.URIRef(BASE + "data/dataset")
    assert len(set(dcat.objects(dataset, DCAT.distribution))) == 4  # the dumps (the source list has its own)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("data.ttl", "turtle"), ("data.nt.gz", "nt"), ("data.nq.gz", "nquads"), ("data.jsonld", "json-ld")],
)
def test_each_dump_downloads_with_its_checksum_and_parses_back(
    client: FlaskClient, bundled_graph: rdflib.Graph, name: str, fmt: str
) -> None:
    listing = {d["file"]: d for d in client.get("/data/", headers={"Accept": "application/json"}).get_json()["dumps"]}
    r = client.get(f"/data/{name}")
    assert r.status_code == 200
    assert hashlib.sha256(r.data).hexdigest() == listing[name]["sha256"]
    data = gzip.decompress(r.data) if name.endswith(".gz") else r.data
    if fmt == "nquads":  # the named graphs: their union is the graph
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        assert len({q.graph_name for q in quads}) == 3  # つくば市 FY2020, つくば市 across years, shared
        triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES) or b""
        assert isomorphic(rdflib.Graph().parse(data=triples, format="nt"), bundled_graph)
    else:
        assert isomorphic(rdflib.Graph().parse(data=data, format=fmt), bundled_graph)
    r.close()


def test_unknown_dump_is_404(client: FlaskClient) -> None:
    assert client.get("/data/secrets.txt").status_code == 404
    assert client.get("/data/../build.json").status_code == 404


def test_vocabulary_and_shapes_are_served(client: FlaskClient) -> None:
    r = client.get("/def/jkg", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["Vary"] == "Accept"
    vocab = rdflib.Graph().parse(data=r.data, format="json-ld")
    assert (JKG.ProjectSheet, rdflib.RDFS.label, rdflib.Literal("Yearly project sheet", lang="en")) in vocab
    shapes = rdflib.Graph().parse(data=client.get("/def/shapes").data, format="turtle")
    assert len(set(shapes.subjects(rdflib.RDF.type, SH.PropertyShape))) > 30
