"""A build under another vocabulary namespace (the setting vocabulary_namespace, here under a city's own base):
no IRI of the default namespace anywhere in it, the shapes applied in its namespace, the server's /def/jkg
describing its terms, the example queries answering as on the default build, pages and lists as on it; a server
or a reader asked for another namespace than the build's refuses."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from jkg import namespace
from tests.conftest import BASE, jkg
from tests.serving import running_server

CITY = "https://data.city.example.lg.jp/opendata/"
CUSTOM = CITY + "def/jkg#"
DEFAULT_HOST = b"jimujigyo-kg.example"  # the default base and the default namespace both live there
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def canonical(text: str) -> str:
    """An answer of the custom build written as the default build's (its namespace and base put back)."""
    return text.replace(CUSTOM.removesuffix("#"), namespace.CANONICAL.removesuffix("#")).replace(CITY, BASE)


def timeless(text: str) -> str:
    """An answer without its build times (each build stamps its annotations with its own dcterms:created)."""
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", "2000-01-01T00:00:00Z", text)


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("namespace") / "jkg-data"
    done = jkg("build", "--out", str(data), "--base-iri", CITY, "--vocabulary-namespace", CUSTOM, "--no-progress")
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture(scope="module")
def server(custom: Path) -> Iterator[str]:
    with running_server(custom) as url:
        yield url


def get(url: str, accept: str = "text/html") -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=60) as r:
        assert r.status == 200, url
        return bytes(r.read())


def test_no_iri_of_the_default_namespace_anywhere_in_the_build(custom: Path) -> None:
    build = (custom / "current").resolve()
    assert json.loads((build / "build.json").read_text(encoding="utf-8"))["vocabulary_namespace"] == CUSTOM
    files = [p for p in build.rglob("*") if p.is_file() and "store" not in p.relative_to(build).parts]
    assert {p.name for p in files} >= {"data.ttl", "data.nt.gz", "data.nq.gz", "data.jsonld", "context.jsonld"}
    for p in files:
        body = gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
        assert DEFAULT_HOST not in body, p
    store = ox.Store.read_only(str(build / "store")).dump(format=ox.RdfFormat.N_QUADS)
    assert DEFAULT_HOST not in store
    assert store.count(CUSTOM.encode() + b"ProjectSheet>") > 1  # the terms are there, in the namespace asked for
    assert json.loads((build / "dumps" / "context.jsonld").read_text(encoding="utf-8"))["@context"]["@vocab"] == CUSTOM


def test_the_shapes_apply_in_the_build_namespace(custom: Path, tmp_path: Path) -> None:
    ok = jkg("validate", "--data", str(custom))
    assert ok.returncode == 0 and "conforms" in ok.stdout, ok.stdout + ok.stderr
    # An injected error: every sheet loses its fiscal year. The shapes, read in the build's namespace, catch it;
    # the same shapes in the default namespace target none of this graph's sheets, so they miss it.
    broken = tmp_path / "broken.nt"
    with gzip.open(custom / "current" / "dumps" / "data.nt.gz", "rt", encoding="utf-8") as f:
        broken.write_text("".join(line for line in f if f"<{CUSTOM}fiscalYear>" not in line), encoding="utf-8")
    env = {namespace.ENV: CUSTOM}
    caught = jkg_env(env, "validate", str(broken), "--format", "json")
    assert caught.returncode == 1, caught.stdout + caught.stderr
    found = json.loads(caught.stdout)["violations"]
    assert len(found) >= 47 and {v["path"] for v in found} == {"jkg:fiscalYear"}, found[:3]  # each of 47 sheets
    elsewhere = jkg("validate", str(broken), "--format", "json")
    assert not [v for v in json.loads(elsewhere.stdout)["violations"] if "fiscalYear" in v["path"]]


def jkg_env(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`jkg` as conftest.jkg runs it, with these environment variables too."""
    exe = Path(sys.executable).with_name("jkg")
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=120, check=False
    )


def unordered(row: dict[str, dict[str, str]]) -> str:
    """A solution with each GROUP_CONCAT's parts sorted (SPARQL leaves their order to the store: it differs with
    the IRIs)."""
    return repr(
        sorted((k, sorted(v["value"].split(", ")), v.get("datatype"), v.get("xml:lang")) for k, v in row.items())
    )


def test_def_jkg_describes_the_terms_in_the_build_namespace(server: str) -> None:
    g = rdflib.Graph().parse(data=get(server + "/def/jkg", "text/turtle"), format="turtle")
    sheet = rdflib.URIRef(CUSTOM + "ProjectSheet")
    labels = {lit.language: str(lit) for lit in g.objects(sheet, rdflib.RDFS.label)}
    assert set(labels) == {"ja", "en"} and labels["en"]
    assert (rdflib.URIRef(CUSTOM.removesuffix("#")), rdflib.RDF.type, rdflib.OWL.Ontology) in g
    assert not [t for t in g if any(DEFAULT_HOST.decode() in str(term) for term in t)]
    page = get(server + "/def/jkg").decode()
    assert CUSTOM + "ProjectSheet" in page or 'id="ProjectSheet"' in page
    assert DEFAULT_HOST.decode() not in page
    shapes = rdflib.Graph().parse(data=get(server + "/def/shapes", "text/turtle"), format="turtle")
    assert sheet in set(shapes.objects(None, SH.targetClass))
    assert DEFAULT_HOST.decode() not in shapes.serialize(format="nt")


def test_the_example_queries_answer_as_on_the_default_build(server: str, client: FlaskClient) -> None:
    served = rdflib.Graph().parse(data=get(server + "/sparql", "text/turtle"), format="turtle")
    queries = {str(s): str(q) for p in (SH.select, SH.construct) for s, q in served.subject_objects(p)}
    assert len(queries) >= 14
    for node, query in sorted(queries.items()):
        assert f"PREFIX jkg: <{CUSTOM}>" in query and DEFAULT_HOST.decode() not in query, node
        graph = "CONSTRUCT" in query.split("WHERE")[0]
        accept = "application/n-triples" if graph else "application/sparql-results+json"
        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(server + "/sparql", data=data, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=120) as r:
            mine = timeless(canonical(r.read().decode()))
        answer = client.post("/sparql", data={"query": canonical(query)}, headers={"Accept": accept})
        theirs = timeless(answer.get_data(as_text=True))
        if graph:
            assert isomorphic(rdflib.Graph().parse(data=mine, format="nt"), rdflib.Graph().parse(data=theirs)), node
        else:
            rows = [json.loads(a)["results"]["bindings"] for a in (mine, theirs)]
            assert sorted(map(unordered, rows[0])) == sorted(map(unordered, rows[1])), node


def test_pages_and_lists_render_as_on_the_default_build(server: str, client: FlaskClient) -> None:
    for path in ("/projects.json", "/projects.json?partner_type=Company", "/partners.json"):
        mine = json.loads(canonical(get(server + path, "application/json").decode()))
        theirs = client.get(path, headers={"Accept": "application/json"})
        assert theirs.status_code == 200, path
        assert mine == theirs.get_json(), path
    home = get(server + "/").decode()
    assert "/def/jkg#ProjectSheet" in home and DEFAULT_HOST.decode() not in home
    project = get(server + "/doc/lg/082201/project/77").decode()
    assert "職員提案" in project or "/doc/lg/082201/project/77" in project


def test_a_reader_of_the_build_follows_its_namespace_and_refuses_another(custom: Path) -> None:
    asked = f"PREFIX jkg: <{CUSTOM}> SELECT (COUNT(*) AS ?n) WHERE {{ ?s a jkg:ProjectSheet }}"
    followed = jkg("query", asked, "--data", str(custom), "--format", "csv")
    assert followed.returncode == 0 and followed.stdout.split()[-1] != "0", followed.stderr
    other = "https://example.org/def/jkg#"
    for refused in (
        jkg("serve", "--data", str(custom), "--port", "1", "--vocabulary-namespace", other),
        jkg_env({namespace.ENV: other}, "query", "ASK {}", "--data", str(custom)),
    ):
        assert refused.returncode == 2
        assert f"built with the vocabulary namespace {CUSTOM}" in refused.stderr


def test_a_server_process_of_another_namespace_refuses_the_build(custom: Path) -> None:
    from jkg.server.app import create_app

    with pytest.raises(namespace.NamespaceMismatch, match="a server serves one namespace"):
        create_app({"data": str(custom)})


def test_a_running_server_keeps_its_namespace_when_a_build_of_another_lands(tmp_path: Path) -> None:
    from jkg.etl.build import build
    from jkg.server.builds import Builds
    from jkg.settings import resolve
    from tests.conftest import BUNDLED

    data = tmp_path / "jkg-data"
    build(BUNDLED, data, BASE)
    served = Builds(data, resolve({"data": str(data)}), start=False)
    try:
        first = served.current.name
        done = jkg("build", "--out", str(data), "--vocabulary-namespace", CUSTOM, "--no-progress")
        assert done.returncode == 0, done.stderr
        assert not served.check()
        assert served.current.name == first and f"built with the vocabulary namespace {CUSTOM}" in served.last_error
    finally:
        served.close()
