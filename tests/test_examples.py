"""Each example query in queries/ has its expected answer on the bundled graph; the service description lists them."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.etl.build import build
from jkg.server.description import load_examples
from tests.conftest import BASE, BUNDLED, JKG, ROOT, TSUKUBA

EXAMPLES = {e.slug: e for e in load_examples(ROOT / "queries")}
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


def select(client: FlaskClient, slug: str) -> list[dict[str, str]]:
    r = client.post(
        "/sparql", data={"query": EXAMPLES[slug].query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200, r.data
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(r.data)["results"]["bindings"]]


def source_rows() -> list[list[str]]:
    lines = BUNDLED[0].read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.split("\t")[0].isdigit()]


def test_every_example_is_tested() -> None:
    tested = {
        name.removeprefix("test_example_").replace("_", "-") for name in globals() if name.startswith("test_example_")
    }
    assert {slug.split("-", 1)[1] for slug in EXAMPLES} == tested


def test_example_projects_by_action_plan_item(client: FlaskClient) -> None:
    rows = select(client, "01-projects-by-action-plan-item")
    assert [(r["notation"], r["project_number"]) for r in rows] == [
        ("3", "77"),
        ("6", "89"),
        ("10", "76"),
        ("14", "78"),
        ("15", "78"),
        ("70", "94"),
        ("73", "58"),
        ("78", "75"),
        ("80", "72"),
    ]
    assert rows[0]["item"] == "職員提案制度の活用・活性化"


def test_example_projects_per_division(client: FlaskClient) -> None:
    rows = select(client, "02-projects-per-division")
    counts = {r["division"]: int(r["projects"]) for r in rows}
    expected: dict[str, int] = {}
    for row in source_rows():
        division = row[3].replace("政策イノベーション部", "").strip()
        expected[division] = expected.get(division, 0) + 1
    assert counts == expected
    assert counts["企画経営課"] == 23 and sum(counts.values()) == 47


def test_example_text_mentions_online_or_corona(client: FlaskClient) -> None:
    rows = select(client, "05-text-mentions-online-or-corona")
    expected = {}
    for row in source_rows():
        text = " ".join([row[2], *row[4:7]])
        if "オンライン" in text or "コロナ" in text:
            expected[row[1]] = ("オンライン" in text, "コロナ" in text)
    got = {r["project_number"]: (r["online"] == "true", r["corona"] == "true") for r in rows}
    assert got == expected
    assert len(got) >= 10


def test_example_everything_about_one_project(client: FlaskClient) -> None:
    r = client.post(
        "/sparql", data={"query": EXAMPLES["06-everything-about-one-project"].query}, headers={"Accept": "text/turtle"}
    )
    assert r.status_code == 200
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    sheet = TSUKUBA["project/8/2020"]
    assert (sheet, rdflib.URIRef("http://www.w3.org/ns/prov#specializationOf"), TSUKUBA["project/8"]) in g
    assert (sheet, JKG.responsibleUnit, TSUKUBA["org/information-policy-div"]) in g
    assert (TSUKUBA["source/2020/tsukuba-r2-seisaku-innovation.txt/row/6"], JKG.lineNumber, rdflib.Literal(6)) in g
    assert (TSUKUBA["org/information-policy-div"], rdflib.RDFS.label, rdflib.Literal("情報政策課", lang="ja")) in g
    assert {s for s in g.subjects(rdflib.RDF.type, JKG.ProjectSheet)} == {sheet}


def test_service_description_lists_examples_and_graphs(client: FlaskClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["Vary"] == "Accept"
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    service = rdflib.URIRef(BASE + "sparql")  # the endpoint IRI void:sparqlEndpoint names too
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    names = set(g.objects(None, SD.name))
    graphs = ("graph/lg/082201/2020", "graph/lg/082201/common", "graph/shared", "graph/vocabulary", "graph/meta")
    assert names == {rdflib.URIRef("https://data.jimujigyo-kg.example/" + g) for g in graphs}
    executables = set(g.subjects(rdflib.RDF.type, SH.SPARQLExecutable))
    assert len(executables) == len(EXAMPLES)
    for ex in EXAMPLES.values():
        node = rdflib.URIRef(f"{BASE}sparql#example-{ex.slug}")
        assert (node, rdflib.RDFS.label, rdflib.Literal(ex.title_ja, lang="ja")) in g
        assert (node, rdflib.RDFS.label, rdflib.Literal(ex.title_en, lang="en")) in g
        assert str(g.value(node, SH.select) or g.value(node, SH.construct)) == ex.query
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        r = client.get("/sparql", headers={"Accept": accept})
        assert r.status_code == 200 and r.mimetype == accept
        assert len(rdflib.Graph().parse(data=r.data, format=fmt)) == len(g)


def test_void_and_version(client: FlaskClient) -> None:
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    dataset = rdflib.URIRef("https://data.jimujigyo-kg.example/data/dataset")
    assert (dataset, rdflib.RDF.type, rdflib.URIRef("http://rdfs.org/ns/void#Dataset")) in g
    version = client.get("/-/version").get_json()
    assert version["base_iri"] == "https://data.jimujigyo-kg.example/"
    assert version["rows"] == 47


def gold_links(category: str) -> dict[str, set[str]]:
    """canonical name → project numbers, from the hand annotation (independent of the extractor)."""
    from tests.quality import gold

    numbers = {int(row[0]): row[1] for row in source_rows()}
    links: dict[str, set[str]] = {}
    for serial, cat, canonical in gold():
        if cat == category:
            links.setdefault(canonical, set()).add(numbers[serial])
    return links


def test_example_partners_shared_by_projects(client: FlaskClient) -> None:
    rows = select(client, "03-partners-shared-by-projects")
    got = {r["partner"]: set(r["project_numbers"].split(", ")) for r in rows}
    assert all(int(r["projects"]) == len(got[r["partner"]]) for r in rows)
    expected = {name: projects for name, projects in gold_links("partner").items() if len(projects) > 1}
    assert got == expected
    assert got["つくばスマートシティ協議会"] == {"11", "12", "63"}


def test_example_projects_citing_a_plan(client: FlaskClient) -> None:
    rows = select(client, "04-projects-citing-a-plan")
    got: dict[str, set[str]] = {}
    for r in rows:
        got.setdefault(r["plan"], set()).add(r["project_number"])
    assert got == gold_links("plan")
    assert got["第2期つくば市戦略プラン"] == {"74", "81"}


def test_example_project_network(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    r = client.post(
        "/sparql", data={"query": EXAMPLES["07-project-network"].query}, headers={"Accept": "application/n-triples"}
    )
    assert r.status_code == 200, r.data
    network = rdflib.Graph().parse(data=r.data, format="nt")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    for sheet, partner in bundled_graph.subject_objects(JKG.partner):
        assert (bundled_graph.value(sheet, prov.specializationOf), JKG.partner, partner) in network
    assert (TSUKUBA["project/11"], JKG.responsibleUnit, TSUKUBA["org/science-technology-promotion-div"]) in network
    # Sheets are folded into their projects: no sheet is a subject of the network.
    assert not set(network.subjects()) & set(bundled_graph.subjects(rdflib.RDF.type, JKG.ProjectSheet))
    divisions = set(bundled_graph.subjects(rdflib.RDF.type, JKG.Division))
    assert {
        s for s, _o in network.subject_objects(rdflib.URIRef("http://www.w3.org/ns/org#subOrganizationOf"))
    } == divisions


# ---------------------------------------------------------------- what the sheets hold (a fixture of two years)

FIGURES = sorted((ROOT / "tests" / "fixtures" / "figures").glob("*.csv"))  # 三鷹市, FY2023 and FY2024


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """The real app over a build of the two fixture lists with money, directions, legal bases, plans, indicators."""
    from jkg.server.app import create_app

    out = tmp_path_factory.mktemp("figures") / "jkg-data"
    build(FIGURES, out, "https://data.jimujigyo-kg.example/")
    app = create_app({"data": str(out)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


def test_example_most_expensive_projects_per_department(figures: FlaskClient) -> None:
    rows = select(figures, "08-most-expensive-projects-per-department")
    top = [(r["project_number"], int(r["yen"]), int(r["rank"])) for r in rows if r["department"] == "総務部"]
    assert [(n, y) for n, y, _ in top[:10]] == [  # 12 projects in FY2024: the ten with the highest 決算
        ("201", 1_100_000),
        ("202", 1_000_000),
        ("209", 900_000),
        ("208", 800_000),
        ("207", 700_000),
        ("206", 600_000),
        ("205", 500_000),
        ("204", 400_000),
        ("203", 300_000),
        ("210", 200_000),
    ]
    assert [rank for _, _, rank in top[:10]] == list(range(1, 11))  # 211 and 212 rank 11th and 12th: left out
    assert [(n, y) for n, y, _ in top[10:]] == [("201", 950_000), ("202", 790_000)]  # FY2023 ranked on its own
    assert {r["department"] for r in rows} == {"総務部", "子ども政策部", "会計課"}  # 会計課 has no 部 above it


def test_example_budget_change_between_two_years(figures: FlaskClient) -> None:
    rows = select(figures, "09-budget-change-between-two-years")
    assert [(r["project_number"], r["from_year"], r["to_year"], int(r["change"])) for r in rows] == [
        ("202", "2023", "2024", -200_000),
        ("301", "2023", "2024", -50_000),
        ("201", "2023", "2024", 200_000),
    ]
    assert rows[2]["from_yen"] == "1000000" and rows[2]["to_yen"] == "1200000"


def test_example_projects_to_reduce_or_abolish(figures: FlaskClient) -> None:
    rows = select(figures, "10-projects-to-reduce-or-abolish")
    assert [(r["project_number"], r["direction"], r["category"]) for r in rows] == [
        ("202", "廃止", "廃止"),
        ("201", "縮小", "縮小"),
        ("203", "取組みの一部廃止", "縮小"),  # the municipality's own wording, matched to the common 縮小
    ]
    assert {r["municipality"] for r in rows} == {"三鷹市"} and {r["fiscal_year"] for r in rows} == {"2024"}


def test_example_legal_basis_required_by_law_or_none(figures: FlaskClient) -> None:
    rows = select(figures, "11-legal-basis-required-by-law-or-none")
    assert [(r["basis"], r["project_number"], r.get("laws", "")) for r in rows] == [
        ("required by law", "201", "災害対策基本法"),
        ("required by law", "301", "児童福祉法"),  # a law named, the kind left blank
        ("required by law", "302", ""),  # the kind 法令, no law named
        ("no legal basis", "202", ""),
    ]  # 203 rests on the city's own 三鷹市防災条例: neither


def test_example_projects_under_each_measure(figures: FlaskClient) -> None:
    rows = select(figures, "12-projects-under-each-measure")
    by_measure: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        by_measure.setdefault(f"{r['measure_notation']} {r['measure']}", set()).add(
            (r["fiscal_year"], r["project_number"])
        )
    assert by_measure == {
        "1-1 子育て支援の充実": {("2024", "301"), ("2024", "302"), ("2024", "303"), ("2023", "301")},
        "2-1 防災力の強化": {("2024", str(n)) for n in range(201, 207)} | {("2023", "201"), ("2023", "202")},
        "2-2 財政の健全化": {("2024", str(n)) for n in range(207, 213)},
    }  # 401 (会計課) has no place in the plan


def test_example_indicators_that_missed_their_target(figures: FlaskClient) -> None:
    rows = select(figures, "13-indicators-that-missed-their-target")
    assert [(r["project_number"], r["indicator"], r["fiscal_year"], r["target"], r["actual"]) for r in rows] == [
        ("201", "訓練参加者数", "2024", "100", "80"),
        ("301", "相談件数", "2023", "8", "7"),
    ]  # 202 met its target, 301 beat it in FY2024, 302 has no actual yet
    assert rows[0]["unit"] == "人" and "unit" not in rows[1]


def test_example_sheets_per_named_graph(client: FlaskClient, figures: FlaskClient) -> None:
    rows = [
        (r["graph"], r["municipality"], r["fiscal_year"], r["sheets"])
        for r in select(client, "14-sheets-per-named-graph")
    ]
    assert rows == [(BASE + "graph/lg/082201/2020", "つくば市", "2020", "47")]
    rows = [(r["graph"], r["fiscal_year"], r["sheets"]) for r in select(figures, "14-sheets-per-named-graph")]
    assert rows == [(BASE + "graph/lg/132047/2023", "2023", "3"), (BASE + "graph/lg/132047/2024", "2024", "16")]
