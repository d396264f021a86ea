"""`jkg publish --to`: a build loaded into a real Virtuoso and a real Oxigraph server by the Graph Store Protocol
(and Virtuoso's bulk loader), each graph under its build's name, the manifest last, old builds pruned."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from pyoxigraph import Store as OxStore
from rdflib.compare import isomorphic

from jkg.iris import Iris
from jkg.vocab import DCTERMS
from tests import engines
from tests.conftest import BASE
from tests.enginefixtures import copy_build, oxigraph, publish, run_publish, store, virtuoso

__all__ = ["oxigraph", "store", "virtuoso"]  # fixtures
IRIS = Iris(BASE)
# The bundled list's graphs: つくば市's FY2020 and its year-independent resources, shared, vocabulary, description.
GRAPHS = [
    BASE + "graph/lg/082201/common",
    BASE + "graph/lg/082201/2020",
    IRIS.shared_graph().value,
    IRIS.vocabulary_graph().value,
    IRIS.meta_graph().value,
]


def select(s: engines.Store, query: str) -> list[dict[str, str]]:
    """A SELECT sent to the store directly (no jkg in between): each row's values."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        s.query_url,
        data=body,
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=60) as r:
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.read())["results"]["bindings"]]


def graph_in_store(s: engines.Store, graph: str) -> rdflib.Graph:
    request = urllib.request.Request(
        s.query_url,
        data=urllib.parse.urlencode(
            {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
        ).encode(),
        headers={"Accept": "application/n-triples", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=60) as r:
        text = r.read().decode("utf-8")
    return rdflib.Graph().parse(data=text.replace("nodeID://", "_:"), format="nt")  # Virtuoso's blank node labels


def local_graph(data: Path, graph: str) -> rdflib.Graph:
    local = OxStore.read_only(str(data / "current" / "store"))
    quads = local.quads_for_pattern(None, None, None, NamedNode(graph))
    text = serialize((Triple(q.subject, q.predicate, q.object) for q in quads), format=RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=text.decode(), format="nt")


def ask(s: engines.Store, query: str) -> bool:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        s.query_url,
        data=body,
        headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=60) as r:
        return bool(json.loads(r.read())["boolean"])


def manifests(s: engines.Store) -> dict[str, dict[str, str]]:
    """build -> {published graph: graph in the store}, read from the store's manifests."""
    rows = select(
        s,
        """PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?build ?local ?public WHERE { GRAPH ?m { ?m a sd:Dataset ; dcterms:identifier ?build ;
          sd:namedGraph ?local . ?local dcterms:isVersionOf ?public } }""",
    )
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        out.setdefault(row["build"], {})[row["public"]] = row["local"]
    return out


@pytest.fixture(scope="module")
def builds(bundled_out: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Four builds of the bundled list, as three successive builds of one dataset."""
    root = tmp_path_factory.mktemp("builds")
    return [copy_build(bundled_out, root / f"data{i}", f"20300101T00000{i}Z") for i in range(4)]


def test_publish_loads_every_graph_under_its_build(store: engines.Store, builds: list[Path]) -> None:
    out = publish(store, builds[0])
    assert f"{len(GRAPHS)} graphs" in out and "loaded by graph store PUTs" in out
    held = manifests(store)["20300101T000000Z"]
    assert set(held) == set(GRAPHS)
    for public, local in held.items():
        assert local == f"{public}/build/20300101T000000Z"
        assert isomorphic(graph_in_store(store, local), local_graph(builds[0], public)), public
    current = select(
        store,
        f"SELECT ?id WHERE {{ GRAPH <{IRIS.current_build().value}> {{ ?m <{DCTERMS.identifier.value}> ?id }} }}",
    )
    assert current == [{"id": "20300101T000000Z"}]
    # Nothing under the published names themselves: a store's direct users read the graphs the manifest names.
    assert not ask(store, f"ASK {{ GRAPH <{GRAPHS[0]}> {{ ?s ?p ?o }} }}")


def test_publish_again_is_idempotent_and_keeps_two_builds(store: engines.Store, builds: list[Path]) -> None:
    publish(store, builds[0])
    assert "already held complete" in publish(store, builds[0])
    publish(store, builds[1])
    assert set(manifests(store)) == {"20300101T000000Z", "20300101T000001Z"}
    out = publish(store, builds[2])
    assert "removed older builds from the store: 20300101T000000Z" in out
    assert set(manifests(store)) == {"20300101T000001Z", "20300101T000002Z"}
    gone = f"{GRAPHS[0]}/build/20300101T000000Z"
    rows = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{gone}> {{ ?s ?p ?o }} }}")
    assert rows == [{"n": "0"}]


def test_publish_without_credentials_fails_and_changes_nothing(virtuoso: engines.Virtuoso, builds: list[Path]) -> None:
    publish(virtuoso, builds[1])
    before = manifests(virtuoso)
    done = run_publish(virtuoso, builds[2], env={"JKG_ENGINE_PASSWORD": "wrong"})
    assert done.returncode == 2
    assert "HTTP 401" in done.stderr and "JKG_ENGINE_PASSWORD" in done.stderr
    assert manifests(virtuoso) == before


def test_publish_to_a_wrong_url_says_so(tmp_path: Path, builds: list[Path]) -> None:
    done = run_publish(
        engines.Store("none", "", "", f"http://127.0.0.1:{engines.free_port()}/store", tmp_path, None),  # type: ignore[arg-type]
        builds[0],
    )
    assert done.returncode == 2 and "cannot reach the store" in done.stderr


def test_virtuoso_bulk_loader(virtuoso: engines.Virtuoso, builds: list[Path], tmp_path: Path) -> None:
    out = publish(
        virtuoso,
        builds[3],
        "--bulk-dir",
        str(virtuoso.load_dir),
        "--isql",
        f"127.0.0.1:{virtuoso.isql_port}",
        "--keep",
        "3",
        env={"JKG_VIRTUOSO_DBA_PASSWORD": virtuoso.dba_password},
    )
    assert "bulk-loaded" in out
    held = manifests(virtuoso)["20300101T000003Z"]
    for public, local in held.items():
        assert isomorphic(graph_in_store(virtuoso, local), local_graph(builds[3], public)), public
    assert not list(virtuoso.load_dir.iterdir())  # the N-Quads file is removed after loading
