"""One graph: what the endpoint serves is what the dumps and void.ttl publish, and it is what gets validated."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pyoxigraph as ox
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from jkg.etl.validate import violations
from tests.conftest import BASE, JKG, jkg

DATA_GRAPH = BASE + "graph/lg/082201/2020"  # つくば市's FY2020: one of the data graphs
META_GRAPH = BASE + "graph/meta"
DATA = "data"  # every data graph: all but the vocabulary and the description


def export(client: FlaskClient, graph: str) -> rdflib.Graph:
    """A full export of one named graph (or of every data graph) through the SPARQL endpoint, as N-Triples."""
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    if graph == DATA:
        where = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN (<{BASE}graph/vocabulary>, <{META_GRAPH}>))"
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}"
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200, r.data
    return rdflib.Graph().parse(data=r.data, format="nt")


def test_the_endpoint_serves_the_dumps(client: FlaskClient, bundled_out: Path) -> None:
    served = export(client, DATA)
    dumps = bundled_out / "current" / "dumps"
    with gzip.open(dumps / "data.nt.gz", "rb") as f:
        nt = rdflib.Graph().parse(data=f.read(), format="nt")
    for dump in (nt, rdflib.Graph().parse(dumps / "data.ttl"), rdflib.Graph().parse(dumps / "data.jsonld")):
        assert len(dump) == len(served)
        assert isomorphic(dump, served)
    offsets = {o.datatype for o in served.objects(None, JKG.start)} | {
        o.datatype for o in served.objects(None, JKG.end)
    }
    assert offsets == {rdflib.XSD.integer}  # a datatype the store keeps (it turns nonNegativeInteger into integer)


def test_the_endpoint_serves_void_ttl(client: FlaskClient, bundled_out: Path) -> None:
    served = export(client, META_GRAPH)
    assert isomorphic(served, rdflib.Graph().parse(bundled_out / "current" / "void.ttl"))


def test_what_is_served_conforms(client: FlaskClient) -> None:
    served = export(client, DATA) + export(client, META_GRAPH)
    assert [v for v in violations(served) if v.severity == "Violation"] == []


def test_validate_data_checks_the_store_not_the_dumps(bundled_out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "jkg-data"
    shutil.copytree(bundled_out, copy, symlinks=True)
    assert jkg("validate", "--data", str(copy)).returncode == 0
    store = ox.Store(str(copy / "current" / "store"))
    mention = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(JKG.start)), None, None))
    store.add(
        ox.Quad(
            mention,
            ox.NamedNode(str(JKG.start)),
            ox.Literal("-1", datatype=ox.NamedNode(str(rdflib.XSD.integer))),
            ox.NamedNode(DATA_GRAPH),
        )
    )
    store.flush()
    del store
    result = jkg("validate", "--data", str(copy))
    assert result.returncode == 1, result.stdout
    assert str(mention.value) in result.stdout
