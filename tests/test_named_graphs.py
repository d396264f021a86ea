"""Named graphs: one per municipality and fiscal year, one per municipality, one shared, the vocabulary and the
dataset description; every triple in exactly one; the endpoint's default graph is their union, and a query can
choose one (FROM, default-graph-uri); the N-Quads dump holds them, the triple dumps their union."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.etl.build import ReadOptions, build
from jkg.iris import Iris
from jkg.municipalities import gazetteer
from tests.conftest import BASE, ROOT

FIGURES = sorted((ROOT / "tests" / "fixtures" / "figures").glob("*.csv"))  # 三鷹市 FY2023 and FY2024
IRIS = Iris(BASE)
G = BASE + "graph/"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("graphs")
    kitamoto = folder / "kitamoto.csv"
    kitamoto.write_text(
        "事業番号,事務事業名,担当課,事業概要\n1,防災訓練事業,くらし安全課,三鷹市と協力する。\n", encoding="utf-8"
    )
    g = gazetteer()
    options = ReadOptions(
        fiscal_year=(2023, 2024, 2024), municipality=(g.resolve("三鷹市"), g.resolve("三鷹市"), g.resolve("北本市"))
    )
    build([*FIGURES, kitamoto], folder / "data", BASE, options=options)
    return folder / "data"


@pytest.fixture(scope="module")
def store(out: Path) -> ox.Store:
    return ox.Store.read_only(str(out / "current" / "store"))


@pytest.fixture(scope="module")
def client(out: Path) -> Iterator[FlaskClient]:
    from jkg.server.app import create_app

    app = create_app({"data": str(out)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


def in_graph(store: ox.Store, graph: str) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def test_the_graphs_of_a_build(store: ox.Store) -> None:
    names = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
    data = {"lg/132047/2023", "lg/132047/2024", "lg/132047/common", "lg/112330/2024", "lg/112330/common", "shared"}
    assert names == {G + n for n in data} | {G + "vocabulary", G + "meta"}


def test_each_resource_is_in_the_graph_of_its_municipality_and_year(store: ox.Store) -> None:
    lg = BASE + "id/lg/132047/"
    year = {q.subject.value for q in in_graph(store, G + "lg/132047/2024")}
    assert {lg + "project/201/2024", lg + "project/201/2024/amount/settled/2024"} <= year
    assert lg + "project/201/2024/indicator/outcome-1/2024/target" in year
    assert any(s.startswith(lg + "source/2024/") for s in year)
    assert not [s for s in year if "/2023" in s.removeprefix(lg)]  # nothing of FY2023
    across = {q.subject.value for q in in_graph(store, G + "lg/132047/common")}
    assert {lg + "project/201", lg + "amounts", lg + "scheme/direction", lg + "policy/comprehensive-plan"} <= across
    assert not [s for s in across if "/2024" in s or "/2023" in s]
    shared = {q.subject.value for q in in_graph(store, G + "shared")}
    assert {BASE + "id/lg/132047", BASE + "id/lg/112330", BASE + "id/fiscal-year/2024"} <= shared
    assert all(not s.startswith(lg) for s in shared)


def test_every_triple_is_in_one_graph_and_the_dumps_agree(out: Path, store: ox.Store) -> None:
    data_graphs = [g for g in store.named_graphs() if g.value not in (G + "vocabulary", G + "meta")]
    quads = [q for g in data_graphs for q in store.quads_for_pattern(None, None, None, g)]
    triples = {q.triple for q in quads}
    assert len(triples) == len(quads)  # no triple in two graphs
    dumps = out / "current" / "dumps"
    with gzip.open(dumps / "data.nq.gz", "rb") as f:
        assert {plain(q) for q in ox.parse(f.read(), format=ox.RdfFormat.N_QUADS)} == {plain(q) for q in quads}
    with gzip.open(dumps / "data.nt.gz", "rb") as f:
        assert {plain(t) for t in ox.parse(f.read(), format=ox.RdfFormat.N_TRIPLES)} == {plain(t) for t in triples}
    report = json.loads((out / "current" / "build.json").read_text(encoding="utf-8"))
    assert report["triples"] == len(quads)


def plain(statement: ox.Quad | ox.Triple) -> tuple[str, ...]:
    """A statement with its literal by value: the store writes xsd:nonNegativeInteger as xsd:integer."""
    o = statement.object
    graph = str(getattr(getattr(statement, "graph_name", None), "value", ""))  # a parsed triple: the default graph
    value = o.value if isinstance(o, ox.Literal) else str(o)
    return (str(statement.subject), str(statement.predicate), value, graph)


def count(client: FlaskClient, query: str, **params: str) -> int:
    r = client.post("/sparql", data={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.data
    return int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"])


def test_the_endpoint_answers_from_the_union_or_from_the_graphs_chosen(client: FlaskClient, store: ox.Store) -> None:
    sheets = (
        "SELECT (COUNT(?s) AS ?n) {query} WHERE {{ ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }}"
    )
    assert count(client, sheets.format(query="")) == 3 + 16 + 1  # the union: every year of every municipality
    year = G + "lg/132047/2023"
    assert count(client, sheets.format(query=f"FROM <{year}>")) == 3
    assert count(client, sheets.format(query=""), **{"default-graph-uri": G + "lg/132047/2024"}) == 16
    per_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert count(client, per_graph) == sum(len(in_graph(store, g.value)) for g in store.named_graphs())


PREFIXES = (
    "PREFIX jkg: <https://data.jimujigyo-kg.example/def/jkg#> PREFIX prov: <http://www.w3.org/ns/prov#> "
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
)


def test_a_query_names_graphs_by_from_named_and_graph(client: FlaskClient) -> None:
    named = f"FROM NAMED <{G}lg/132047/2024> FROM NAMED <{G}lg/112330/2024>"
    query = (
        f"SELECT ?g (COUNT(?s) AS ?n) {named} WHERE {{ GRAPH ?g {{ ?s a jkg:ProjectSheet }} }} GROUP BY ?g ORDER BY ?g"
    )
    r = client.post("/sparql", data={"query": PREFIXES + query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.data
    got = [(b["g"]["value"], b["n"]["value"]) for b in json.loads(r.data)["results"]["bindings"]]
    assert got == [(G + "lg/112330/2024", "1"), (G + "lg/132047/2024", "16")]


def test_a_year_with_its_municipality_and_the_shared_graph_answers_as_the_union(client: FlaskClient) -> None:
    """What the README says: a year's graph, its municipality's and the shared one hold everything about that
    year (the sheets' projects, municipality and units)."""
    query = (
        PREFIXES + 'SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?sheet jkg:fiscalYear "2024"^^xsd:gYear ; '
        "prov:specializationOf/jkg:municipality/skos:prefLabel ?m ; jkg:responsibleUnit/rdfs:label ?unit }}"
    )
    union = count(client, query.format(dataset=""))
    mitaka = f"FROM <{G}lg/132047/2024> FROM <{G}lg/132047/common> FROM <{G}shared>"
    assert count(client, query.format(dataset=mitaka)) == union - 1 > 0  # all but 北本市's one sheet
    assert count(client, query.format(dataset=f"FROM <{G}lg/132047/2024>")) == 0  # the year alone: no units


def test_the_service_description_names_the_graphs(client: FlaskClient, store: ox.Store) -> None:
    r = client.get("/sparql", headers={"Accept": "application/n-triples"})
    assert r.status_code == 200
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {
        t.object.value for t in ox.parse(r.data, format=ox.RdfFormat.N_TRIPLES) if t.predicate.value == sd + "name"
    }
    assert names == {g.value for g in store.named_graphs()}


def test_no_data_graph_holds_a_blank_node(store: ox.Store) -> None:
    """Each graph is loaded into other stores on its own (jkg publish --to): a blank node shared by two graphs
    would become two."""
    for g in store.named_graphs():
        if g.value not in (G + "vocabulary", G + "meta"):  # each blank node of those is within its graph
            assert not [
                q
                for q in in_graph(store, g.value)
                if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
            ]


def test_the_description_and_the_home_page_give_each_municipality_its_part(client: FlaskClient) -> None:
    """#11: one build of several municipalities; VoID describes each one's part (void:subset), and so does the
    home page."""
    ttl = client.get("/data/dataset.ttl").data
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    subsets = {s for s in g.objects(rdflib.URIRef(BASE + "data/dataset"), void.subset) if "/lg/" in s}  # not linksets
    assert subsets == {rdflib.URIRef(BASE + "data/dataset/lg/132047"), rdflib.URIRef(BASE + "data/dataset/lg/112330")}
    sheet = rdflib.URIRef("https://data.jimujigyo-kg.example/def/jkg#ProjectSheet")
    for code, sheets, sources, title in (
        ("132047", 19, 2, "三鷹市 事務事業一覧（2023–2024年度）"),
        ("112330", 1, 1, "北本市 事務事業一覧（2024年度）"),
    ):
        part = rdflib.URIRef(BASE + f"data/dataset/lg/{code}")
        assert (part, dcterms.publisher, rdflib.URIRef(BASE + f"id/lg/{code}")) in g
        assert (part, dcterms.title, rdflib.Literal(title, lang="ja")) in g
        assert len(set(g.objects(part, dcterms.source))) == sources
        counts = {
            int(g.value(p, void.entities))
            for p in g.objects(part, void.classPartition)
            if g.value(p, void["class"]) == sheet
        }
        assert counts == {sheets}
    page = client.get("/", headers={"Accept": "text/html"}).data.decode()
    parts = page[page.index('id="parts"') : page.index("</dd>", page.index('id="parts"'))]
    assert '<a href="/doc/lg/112330" lang="ja">北本市</a> (Fiscal year 2024, 1 sheets)' in parts
    assert '<a href="/doc/lg/132047" lang="ja">三鷹市</a> (Fiscal year 2023, 2024, 19 sheets)' in parts
    assert "None" not in page  # the list without a title row
