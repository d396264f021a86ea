"""Network exports: GEXF 1.3 valid against the official schema, GraphML and Cytoscape JSON round-tripped."""

from __future__ import annotations

import io
import json
from pathlib import Path

import lxml.etree as etree
import networkx as nx
import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.server import export
from jkg.server.store import open_published
from tests.conftest import ID, JKG, ROOT, TSUKUBA, jkg

GEXF_XSD = ROOT / "tests" / "schemas" / "gexf-1.3" / "gexf.xsd"  # the official schema, copied unchanged
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
ONE_PROJECT = ROOT / "queries" / "06-everything-about-one-project.rq"


@pytest.fixture(scope="module")
def network(bundled_out: Path) -> nx.MultiDiGraph[str]:
    published = open_published(bundled_out)
    query = export.default_query()
    return export.network(export.triples_of(published.store, query), published.store, published.iris)


@pytest.mark.parametrize("query", [None, ONE_PROJECT])
def test_gexf_is_valid_gexf_1_3(bundled_out: Path, tmp_path: Path, query: Path | None) -> None:
    out = tmp_path / "network.gexf"
    args = ["--query", f"@{query}"] if query else []
    result = jkg("export", "--data", str(bundled_out), "--format", "gexf", "-o", str(out), *args)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert b'xmlns="http://gexf.net/1.3"' in data and b'version="1.3"' in data
    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    doc = etree.fromstring(data)  # the whole document, colours included
    assert schema.validate(doc), schema.error_log
    nodes = doc.findall(".//{http://gexf.net/1.3}node")
    assert len(nodes) > 5
    # Gephi reads the colours: one <color> per node, by type.
    colours = doc.findall(".//{http://gexf.net/1.3}node/{http://gexf.net/1.3}color")
    assert len(colours) == len(nodes)


def test_a_type_has_one_colour_in_every_network(bundled_out: Path) -> None:
    """The project network and one project's network colour each type alike, in GEXF and Cytoscape JSON, and
    as the charts and pages do (jkg.server.colours)."""
    from jkg.server.colours import TYPE_COLOURS, colour, rgb

    published = open_published(bundled_out)
    seen: dict[str, set[str]] = {}
    for query in (export.default_query(), ONE_PROJECT.read_text(encoding="utf-8")):
        graph = export.network(export.triples_of(published.store, query), published.store, published.iris)
        cyjs = json.loads(export.to_cyjs(graph))
        for node in cyjs["elements"]["nodes"]:
            seen.setdefault(node["data"]["type"], set()).add(node["data"]["colour"])
        gexf = etree.fromstring(export.to_gexf(graph))
        for node in gexf.iter("{http://gexf.net/1.3}node"):
            c = node.find("{http://gexf.net/1.3}color")
            assert c is not None
            kind = graph.nodes[node.get("id")]["type"]
            assert (int(c.get("r", "")), int(c.get("g", "")), int(c.get("b", ""))) == rgb(colour(kind))
    assert {"Project", "Division", "Plan", "NationalAgency"} <= set(seen)
    for kind, used in seen.items():
        assert used == {colour(kind)}, kind
    assert len(set(TYPE_COLOURS.values())) == len(TYPE_COLOURS)  # no two types share a colour


def test_site_css_highlights_mentions_in_their_types_colours() -> None:
    import re

    from jkg.server.colours import MENTION_KINDS, colour

    css = (ROOT / "server" / "static" / "jkg" / "site.css").read_text(encoding="utf-8")
    for kind, type_name in MENTION_KINDS.items():
        rule = re.search(rf"\.mention\.k-{kind} {{[^}}]*border-color: (#[0-9a-f]{{6}})", css)
        assert rule is not None, kind
        assert rule.group(1) == colour(type_name), kind


def test_every_name_of_a_node_is_an_attribute(network: nx.MultiDiGraph[str]) -> None:
    """The graph view's Find matches these: labels in every language and the aliases."""
    names = network.nodes[str(ID["org/jaxa"])]["names"].split(" | ")
    assert names[0] == network.nodes[str(ID["org/jaxa"])]["label"]
    assert {"JAXA", "国立研究開発法人宇宙航空研究開発機構", "Japan Aerospace Exploration Agency (JAXA)"} <= set(names)


def test_gexf_reads_back_in_networkx(network: nx.MultiDiGraph[str]) -> None:
    data = export.to_gexf(network).replace(b"http://gexf.net/1.3", b"http://www.gexf.net/1.2draft")
    data = data.replace(b'version="1.3"', b'version="1.2"')
    back = nx.read_gexf(io.BytesIO(data))
    assert set(back.nodes) == set(network.nodes)
    assert back.number_of_edges() == network.number_of_edges()
    assert back.nodes[str(ID["org/jaxa"])]["label"] == network.nodes[str(ID["org/jaxa"])]["label"]


def test_graphml_round_trips(network: nx.MultiDiGraph[str]) -> None:
    back = nx.read_graphml(io.BytesIO(export.to_graphml(network)), force_multigraph=True)
    assert dict(back.nodes(data=True)) == dict(network.nodes(data=True))
    assert sorted(back.edges(data=True)) == sorted(network.edges(data=True))


def test_cytoscape_json_round_trips(network: nx.MultiDiGraph[str]) -> None:
    data = json.loads(export.to_cyjs(network))
    back = nx.cytoscape_graph(data)
    assert set(back.nodes) == set(network.nodes)
    assert back.number_of_edges() == network.number_of_edges()
    colours = {t["type"]: t["colour"] for t in data["data"]["types"]}
    for node in data["elements"]["nodes"]:
        assert node["data"]["colour"] == colours[node["data"]["type"]]
        assert node["data"]["name"] == node["data"]["label"]


def test_the_default_network_folds_sheets_into_projects(
    network: nx.MultiDiGraph[str], bundled_graph: rdflib.Graph
) -> None:
    types = {data["type"] for _n, data in network.nodes(data=True)}
    assert {"Project", "Division", "Department", "Plan", "ActionPlanItem", "NationalAgency"} <= types
    assert "ProjectSheet" not in types
    project, partner = str(TSUKUBA["project/11"]), str(ID["org/cabinet-office"])
    (edge,) = network.get_edge_data(project, partner).values()
    assert edge == {"property": str(JKG.partner), "label": "partner"}
    assert network.nodes[project]["label"] == "スマートシティの推進"
    assert network.nodes[partner]["label"] == "内閣府"
    # Every partner link of every sheet is an edge from its project.
    expected = {
        (str(bundled_graph.value(sheet, PROV.specializationOf)), str(body))
        for sheet, body in bundled_graph.subject_objects(JKG.partner)
    }
    drawn = {(s, t) for s, t, key in network.edges(keys=True) if key == str(JKG.partner)}
    assert drawn == expected


def test_literals_become_attributes_never_nodes(bundled_out: Path, bundled_graph: rdflib.Graph) -> None:
    published = open_published(bundled_out)
    query = ONE_PROJECT.read_text(encoding="utf-8")
    graph = export.network(export.triples_of(published.store, query), published.store, published.iris)
    literals = {str(o) for _s, _p, o in bundled_graph if isinstance(o, rdflib.Literal)}
    iris = {str(s) for s in bundled_graph.subjects()} | {str(o) for o in bundled_graph.objects()}
    assert not {n for n in graph.nodes if n in literals and n not in iris}
    sheet = graph.nodes[str(TSUKUBA["project/8/2020"])]
    assert sheet["dcterms:title"] == str(
        bundled_graph.value(TSUKUBA["project/8/2020"], rdflib.URIRef("http://purl.org/dc/terms/title"))
    )
    assert sheet["type"] == "ProjectSheet"
    assert "jkg:start" in graph.nodes[next(n for n in graph.nodes if "/mention/" in n)]


def test_http_serves_the_same_network_as_the_command(client: FlaskClient, bundled_out: Path, tmp_path: Path) -> None:
    for fmt in export.FORMATS:
        r = client.get(f"/-/graph.{fmt}")
        assert r.status_code == 200, r.data
        assert r.headers["JKG-Nodes"] == "119"
        out = tmp_path / f"n.{fmt}"
        assert jkg("export", "--data", str(bundled_out), "--format", fmt, "-o", str(out)).returncode == 0
        if fmt == "graphml":
            a = nx.read_graphml(io.BytesIO(r.data), force_multigraph=True)
            b = nx.read_graphml(out, force_multigraph=True)
            assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            assert sorted(a.edges(data=True)) == sorted(b.edges(data=True))
    with_query = client.get("/-/graph.cyjs", query_string={"query": ONE_PROJECT.read_text(encoding="utf-8")})
    assert str(TSUKUBA["project/8/2020"]) in {n["data"]["id"] for n in json.loads(with_query.data)["elements"]["nodes"]}
    assert client.get("/-/graph.gexf").headers["Content-Disposition"].startswith("attachment")


def test_the_node_count_taken_before_labelling_matches_the_network(bundled_out: Path) -> None:
    published = open_published(bundled_out)
    for query in (export.default_query(), ONE_PROJECT.read_text(encoding="utf-8")):
        triples = list(export.triples_of(published.store, query))
        graph = export.network(triples, published.store, published.iris)
        assert export.nodes_of(triples) == set(graph.nodes)


def test_a_network_too_big_for_the_browser_is_refused_with_a_way_out(client: FlaskClient) -> None:
    r = client.get("/-/graph.cyjs?max_nodes=100")
    assert r.status_code == 400
    body = json.loads(r.data)
    assert body["error"] == "too-many-nodes" and "119 nodes" in body["message"] and "GEXF" in body["message"]
    assert client.get("/-/graph.cyjs?max_nodes=119").status_code == 200


def test_a_select_is_refused_with_a_reason(client: FlaskClient, bundled_out: Path) -> None:
    r = client.get("/-/graph.gexf", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400
    assert "CONSTRUCT" in json.loads(r.data)["message"]
    result = jkg("export", "--data", str(bundled_out), "--format", "gexf", "--query", "SELECT * { ?s ?p ?o }")
    assert result.returncode == 2 and "CONSTRUCT" in result.stderr
    assert client.get("/-/graph.dot").status_code == 404


def test_export_to_a_file_never_leaves_half_a_file(bundled_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "n.graphml"
    out.write_text("previous")
    result = jkg("export", "--data", str(bundled_out), "--format", "graphml", "--query", "CONSTRUCT {", "-o", str(out))
    assert result.returncode == 2 and "syntax" in result.stderr
    assert out.read_text() == "previous"
    assert list(tmp_path.iterdir()) == [out]


def test_a_missing_query_file_is_a_usage_error(bundled_out: Path, tmp_path: Path) -> None:
    for command in (["export", "--format", "gexf", "--query"], ["query"]):
        result = jkg(*command, f"@{tmp_path / 'missing.rq'}", "--data", str(bundled_out))
        assert result.returncode == 2
        assert "cannot read the query file" in result.stderr and "missing.rq" in result.stderr
