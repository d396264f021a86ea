"""Every release of the vocabulary stays as it was published: a snapshot per version in ontology/releases/ (its
sha256 recorded), the current ontology equal to the snapshot of its version, each release naming the one before
(owl:priorVersion), each served byte for byte at /def/jkg/{version} (HTML and RDF); an unknown version is 404."""

from __future__ import annotations

import hashlib

import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import OWL

from jkg.server.publication import releases
from tests.conftest import ROOT

ONTOLOGY = rdflib.URIRef("https://data.jimujigyo-kg.example/def/jkg")
RELEASES = ROOT / "ontology" / "releases"
HOW = (
    "cut a release: in ontology/jkg.ttl set owl:versionInfo, owl:versionIRI and owl:priorVersion, then "
    "`cat ontology/*.ttl > ontology/releases/VERSION.ttl && (cd ontology/releases && sha256sum VERSION.ttl >> "
    "SHA256SUMS)` (README: Publishing on a real domain, The vocabulary)"
)


def current() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def test_the_current_ontology_is_the_snapshot_of_its_version() -> None:
    g = current()
    version = str(g.value(ONTOLOGY, OWL.versionInfo))
    assert g.value(ONTOLOGY, OWL.versionIRI) == rdflib.URIRef(f"{ONTOLOGY}/{version}")
    snapshot = RELEASES / f"{version}.ttl"
    assert snapshot.is_file(), f"version {version} has no snapshot; {HOW}"
    released = rdflib.Graph().parse(snapshot, format="turtle")
    if not isomorphic(g, released):
        changed = sorted(str(t) for t in set(to_isomorphic(g)) ^ set(to_isomorphic(released)))[:5]
        raise AssertionError(f"the ontology changed since release {version} (e.g. {changed}); {HOW} with a new version")


def test_every_release_is_recorded_unchanged_and_names_the_one_before() -> None:
    recorded = dict(
        reversed(line.split("  ", 1)) for line in (RELEASES / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    )
    found = releases()
    assert set(recorded) == {p.name for p in found.values()}, f"SHA256SUMS must list exactly the snapshots; {HOW}"
    previous = None
    for version, path in found.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[path.name], f"release {version} was edited"
        g = rdflib.Graph().parse(path, format="turtle")
        assert str(g.value(ONTOLOGY, OWL.versionInfo)) == version
        assert g.value(ONTOLOGY, OWL.versionIRI) == rdflib.URIRef(f"{ONTOLOGY}/{version}")
        prior = g.value(ONTOLOGY, OWL.priorVersion)
        assert prior == (None if previous is None else rdflib.URIRef(f"{ONTOLOGY}/{previous}")), version
        previous = version


def test_every_release_is_served_at_its_version_iri(client: FlaskClient) -> None:
    found = releases()
    assert found
    for version, path in found.items():
        r = client.get(f"/def/jkg/{version}", headers={"Accept": "text/turtle"})
        assert r.status_code == 200 and r.data == path.read_bytes(), version  # byte for byte
        assert r.headers["Content-Location"] == f"/def/jkg/{version}.ttl"
        nt = client.get(f"/def/jkg/{version}.nt")
        assert isomorphic(rdflib.Graph().parse(data=nt.data, format="nt"), rdflib.Graph().parse(path))
        page = client.get(f"/def/jkg/{version}", headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.mimetype == "text/html"
        assert f'href="/def/jkg/{version}.ttl"' in page.get_data(as_text=True)
        assert f"/def/jkg/{version}" in client.get("/def/jkg", headers={"Accept": "text/html"}).get_data(as_text=True)
    for unknown in ("9.9.9", "0.1", "0.1.0/x", "..%2Fjkg"):
        assert client.get(f"/def/jkg/{unknown}", headers={"Accept": "text/turtle"}).status_code == 404, unknown
