"""The bundled Tsukuba FY2020 list: counts, spot checks of text and links, dumps and description."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import rdflib
from rdflib import RDF, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, XSD

from tests.conftest import BASE, ID, JKG, TSUKUBA

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")


def count(g: rdflib.Graph, cls: rdflib.URIRef) -> int:
    return len(set(g.subjects(RDF.type, cls)))


def test_counts(bundled_graph: rdflib.Graph) -> None:
    g = bundled_graph
    assert count(g, JKG.Project) == 47
    assert count(g, JKG.ProjectSheet) == 47
    assert count(g, JKG.Department) == 1
    assert count(g, JKG.Division) == 7
    assert count(g, JKG.SourceRow) == 47
    links = list(g.subject_objects(JKG.actionPlanItem))
    assert len(links) == 9
    assert len({s for s, _ in links}) == 8


def test_units_are_normalised_and_nested(bundled_graph: rdflib.Graph) -> None:
    g = bundled_graph
    dept = TSUKUBA["org/policy-innovation-dept"]
    info = TSUKUBA["org/information-policy-div"]
    assert (dept, rdflib.RDFS.label, Literal("政策イノベーション部", lang="ja")) in g
    assert (info, ORG.subOrganizationOf, dept) in g
    assert (info, ORG.unitOf, ID["lg/082201"]) in g
    assert (dept, ORG.subOrganizationOf, None) not in g
    # 政策イノベーション部 情報政策課 (row 1) and 政策イノベーション部情報政策課 (row 34) are one unit.
    assert (TSUKUBA["project/8/2020"], JKG.responsibleUnit, info) in g
    assert (TSUKUBA["project/87/2020"], JKG.responsibleUnit, info) in g
    assert {o for o in g.objects(None, JKG.responsibleUnit)} == set(g.subjects(RDF.type, JKG.Division))


def test_sheet_text_is_verbatim_and_traceable(bundled_graph: rdflib.Graph) -> None:
    g = bundled_graph
    sheet = TSUKUBA["project/8/2020"]
    assert (sheet, PROV.specializationOf, TSUKUBA["project/8"]) in g
    assert (TSUKUBA["project/8"], DCTERMS.identifier, Literal("8")) in g
    assert (sheet, DCTERMS.title, Literal("保有データの活用環境整備", lang="ja")) in g
    purpose = g.value(sheet, JKG.purpose)
    assert purpose == Literal(
        "データを日常業務や政策検討にいかすとともに、市民や民間企業等のオープンデータの利活用を促進する。", lang="ja"
    )
    assert "Hack My Tsukuba" in str(g.value(sheet, JKG.results))
    assert (sheet, JKG.fiscalYear, Literal("2020", datatype=XSD.gYear)) in g
    row = g.value(sheet, PROV.wasDerivedFrom)
    assert row == TSUKUBA["source/2020/tsukuba-r2-seisaku-innovation.txt/row/6"]
    assert g.value(row, JKG.lineNumber).toPython() == 6
    assert g.value(row, JKG.serialNumber).toPython() == 1
    doc = g.value(row, DCTERMS.isPartOf)
    assert str(g.value(doc, JKG.fileName)) == "tsukuba-r2-seisaku-innovation.txt"
    # The last row sits on page 7 of the source, line 76.
    assert g.value(TSUKUBA["source/2020/tsukuba-r2-seisaku-innovation.txt/row/76"], JKG.lineNumber).toPython() == 76


def test_action_plan_items(bundled_graph: rdflib.Graph) -> None:
    g = bundled_graph
    items = {
        str(g.value(i, SKOS.notation)): str(g.value(i, SKOS.prefLabel))
        for i in g.subjects(RDF.type, JKG.ActionPlanItem)
    }
    assert items == {
        "73": "つくば市OB人材活動支援事業",
        "80": "市民意識調査の実施",
        "78": "パブリックコメント制度の適切な運用",
        "10": "指定管理者制度の推進",
        "3": "職員提案制度の活用・活性化",
        "14": "民間の資金とノウハウの活用",
        "15": "市場化テストの導入",
        "6": "ペーパーレス会議の推進",
        "70": "企業・大学・研究機関等との協働の推進",
    }
    # One note naming two items links both (PPP/PFI優先的検討規程策定事務, 事業番号 78).
    assert set(g.objects(TSUKUBA["project/78/2020"], JKG.actionPlanItem)) == {
        TSUKUBA["action-plan/14"],
        TSUKUBA["action-plan/15"],
    }
    for item in g.subjects(RDF.type, JKG.ActionPlanItem):
        assert (item, SKOS.inScheme, TSUKUBA["action-plan"]) in g


def test_dumps_parse_back_to_the_same_graph(bundled_out: Path, bundled_graph: rdflib.Graph) -> None:
    dumps = bundled_out / "current" / "dumps"
    ttl = rdflib.Graph().parse(dumps / "data.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(dumps / "data.jsonld", format="json-ld")
    assert isomorphic(ttl, bundled_graph)
    assert isomorphic(jsonld, bundled_graph)
    context = json.loads((dumps / "context.jsonld").read_text())
    assert context["@context"]["jkg"] == str(JKG)


def test_description_lists_dumps_with_checksums(bundled_out: Path, bundled_graph: rdflib.Graph) -> None:
    folder = bundled_out / "current"
    void = rdflib.Graph().parse(folder / "void.ttl")
    ds = rdflib.URIRef(BASE + "data/dataset")
    assert (ds, RDF.type, DCAT.Dataset) in void
    assert int(void.value(ds, VOID.triples)) == len(bundled_graph)
    assert void.value(ds, DCTERMS.license) is not None
    files = {}
    for dist in void.objects(ds, DCAT.distribution):
        checksum = void.value(dist, SPDX.checksum)
        files[str(dist).rsplit("/", 1)[1]] = str(void.value(checksum, SPDX.checksumValue))
    assert set(files) == {"data.ttl", "data.nt.gz", "data.nq.gz", "data.jsonld"}
    for name, digest in files.items():
        assert hashlib.sha256((folder / "dumps" / name).read_bytes()).hexdigest() == digest
    with gzip.open(folder / "dumps" / "data.nt.gz") as f:
        assert f.read().count(b"\n") == len(bundled_graph)


def test_build_report(bundled_out: Path) -> None:
    report = json.loads((bundled_out / "current" / "build.json").read_text())
    assert report["rows"] == 47
    assert report["sources"][0]["fiscal_year"] == 2020
    assert report["sources"][0]["encoding"] == "utf-8"
    assert report["validation"]["violations"] == 0
    assert report["classes"][str(JKG.ProjectSheet)] == 47
