"""Extraction: quality against the hand annotation, traceable spans, corrections, the extract command."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
import rdflib

from jkg import resources
from jkg.etl.build import ReadOptions, build
from jkg.etl.extract import Extractor
from jkg.etl.normalise import normalise_with_offsets
from jkg.etl.registry import load_entities
from jkg.municipalities import gazetteer
from tests.conftest import BASE, BUNDLED, ID, JKG, TSUKUBA, data_graph, jkg
from tests.quality import report, scores

THRESHOLDS = {"partner": 0.95, "plan": 0.95, "law": 0.95, "action_plan_item": 0.95, "event": 0.90, "date": 0.90}
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = rdflib.namespace.DCTERMS


def test_precision_and_recall_per_category(capsys: pytest.CaptureFixture[str]) -> None:
    result = scores(BUNDLED[0])
    with capsys.disabled():
        print("\n" + report(BUNDLED[0]))
    for category, (precision, recall, fp, fn) in result.items():
        assert precision >= THRESHOLDS[category], f"{category} precision {precision:.3f}: false positives {sorted(fp)}"
        assert recall >= THRESHOLDS[category], f"{category} recall {recall:.3f}: missed {sorted(fn)}"


def test_every_mention_points_at_its_verbatim_span(bundled_graph: rdflib.Graph) -> None:
    fields = {
        rdflib.URIRef("http://purl.org/dc/terms/title"): None,
        JKG.purpose: None,
        JKG.overview: None,
        JKG.results: None,
    }
    mentions = list(bundled_graph.subjects(rdflib.RDF.type, OA.Annotation))
    assert len(mentions) >= 100
    for m in mentions:
        sheet = bundled_graph.value(predicate=DCTERMS.isReferencedBy, object=m)
        field = bundled_graph.value(m, JKG.textField)
        assert field in fields
        text = str(bundled_graph.value(sheet, field))
        start, end = int(bundled_graph.value(m, JKG.start)), int(bundled_graph.value(m, JKG.end))
        assert text[start:end] == str(bundled_graph.value(m, JKG.exact)), m


def test_transcription_error_is_kept_verbatim_and_corrected_for_matching(bundled_graph: rdflib.Graph) -> None:
    (m,) = list(bundled_graph.subjects(JKG.correctedText, rdflib.Literal("茨城県")))
    assert str(bundled_graph.value(m, JKG.exact)) == "次城県"
    assert bundled_graph.value(m, OA.hasBody) == ID["lg/080004"]  # 茨城県 by its 団体コード
    assert "次城県予算編成等要望" in str(bundled_graph.value(TSUKUBA["project/63/2020"], JKG.overview))


def test_one_resource_per_real_world_thing(bundled_graph: rdflib.Graph) -> None:
    jaxa = ID["org/jaxa"]
    assert (jaxa, rdflib.RDF.type, JKG.UniversityOrResearchInstitute) in bundled_graph
    assert (jaxa, SKOS.altLabel, rdflib.Literal("JAXA", lang="ja")) in bundled_graph
    council = ID["org/tsukuba-smart-city-council"]
    assert set(bundled_graph.subjects(JKG.partner, council)) == {
        TSUKUBA["project/11/2020"],
        TSUKUBA["project/12/2020"],
        TSUKUBA["project/63/2020"],
    }
    my_number = ID["law/h25-act-27"]  # minted from its e-Gov 法令番号, 平成25年法律第27号
    identifier = rdflib.URIRef("http://purl.org/dc/terms/identifier")
    assert (my_number, identifier, rdflib.Literal("平成25年法律第27号")) in bundled_graph
    surfaces = {str(bundled_graph.value(m, JKG.exact)) for m in bundled_graph.subjects(OA.hasBody, my_number)}
    assert surfaces == {"番号法", "番号利用法"}
    assert list(bundled_graph.objects(TSUKUBA["project/91/2020"], JKG.law)).count(my_number) == 1


def test_dates_are_normalised(bundled_graph: rdflib.Graph) -> None:
    values = {str(v) for v in bundled_graph.objects(None, JKG.isoValue)}
    assert {"2008-05-28", "2021-01", "2020-06-19", "2021-04-01/2024-03-31", "2020/2024"} <= values
    xsd = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
    assert rdflib.Literal("2020-06-19", datatype=xsd.date) in set(bundled_graph.objects(None, JKG.date))


def test_patterns_generalise_beyond_the_registry() -> None:
    """Bodies no registry names are still found, typed and kept within their own span."""
    tsukuba = gazetteer().by_code("082201")
    assert tsukuba is not None
    extractor = Extractor(load_entities(resources.registry_dir() / "entities.toml"), tsukuba)
    text = (
        "令和4年5月に株式会社みらい創研、一般財団法人日本データ協会、文部科学省、消費者庁、"
        "水戸市及びフランス・リヨン市と協定を締結し、国際スポーツ振興法に基づき「つくばデータソン」ワークショップを開催した。"
    )
    found = {
        (m.category, m.canonical or m.value, m.entity.type if m.entity else "")
        for m in extractor.mentions("results", text, 2022)
    }
    assert ("partner", "一般財団法人日本データ協会", "foundation") in found
    assert ("partner", "文部科学省", "national-agency") in found
    assert ("partner", "消費者庁", "national-agency") in found
    assert ("partner", "水戸市", "local-government") in found
    assert ("partner", "リヨン市", "foreign-local-government") in found
    assert ("law", "国際スポーツ振興法", "") in found
    assert ("event", "つくばデータソン", "") in found
    assert ("date", "2022-05", "") in found
    assert not any(c == "partner" and n in {"つくば市", "市", "国"} for c, n, _ in found)


def test_offsets_survive_normalisation() -> None:
    norm, origin, corrected = normalise_with_offsets("（１）次城県　ＪＡＸＡ", {"次城県": "茨城県"})
    assert norm == "(1)茨城県 JAXA"
    assert origin[norm.index("J")] == 7
    assert corrected == [(3, 6)]


def test_extract_command_prints_every_mention_as_json_lines() -> None:
    result = jkg("extract", str(BUNDLED[0]))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    gsi = next(r for r in records if r["surface"] == "国土交通省国土地理院")
    assert gsi == {
        "municipality": "082201",
        "fiscal_year": 2020,
        "project_number": "94",
        "serial": 41,
        "category": "partner",
        "surface": "国土交通省国土地理院",
        "canonical": "国土地理院",
        "type": "national-agency",
        "identifier": None,
        "field": "results",
        "start": gsi["start"],
        "end": gsi["start"] + 10,
        "iri": str(ID["org/gsi"]),
        "value": None,
        "corrected": None,
        "file": str(BUNDLED[0]),
        "line": 66,
    }
    date = next(r for r in records if r["surface"] == "6月19日")
    assert date["value"] == "2020-06-19" and date["iri"] is None
    assert {r["category"] for r in records} == {"partner", "plan", "law", "event", "date", "action_plan_item"}
    arakawa = next(r for r in records if r["surface"] == "荒川区")
    assert arakawa["identifier"] == "131181" and arakawa["iri"] == str(ID["lg/131181"])
    table = jkg("extract", str(BUNDLED[0]), "--format", "table", "--category", "law")
    assert table.returncode == 0 and "番号利用法" in table.stdout and "JAXA" not in table.stdout
    assert "rule" not in table.stdout.splitlines()[0]


def test_extract_json_is_one_array_and_jsonl_one_object_per_line() -> None:
    array = jkg("extract", str(BUNDLED[0]), "--format", "json", "--category", "partner")
    lines = jkg("extract", str(BUNDLED[0]), "--format", "jsonl", "--category", "partner")
    assert array.returncode == 0 and lines.returncode == 0, array.stderr + lines.stderr
    parsed = json.loads(array.stdout)
    assert isinstance(parsed, list) and len(parsed) > 10
    assert parsed == [json.loads(line) for line in lines.stdout.splitlines()]


def test_extract_explain_names_the_rule_of_each_mention() -> None:
    result = jkg("extract", str(BUNDLED[0]), "--format", "json", "--explain")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert all(r["rule"] for r in records)
    rules = {r["surface"]: r["rule"] for r in records}
    assert rules["国土交通省国土地理院"] == "registry [[partner]] 国土地理院"
    assert rules["荒川区"] == "gazetteer 131181 東京都荒川区 (by name)"
    assert rules["6月19日"] == "date pattern"
    table = jkg("extract", str(BUNDLED[0]), "--format", "table", "--explain", "--category", "partner")
    header, *rows = table.stdout.splitlines()
    assert header.split()[-1] == "rule" and any("gazetteer 080004" in row for row in rows)


def test_a_city_named_as_a_partner_is_the_city_that_publishes_its_list(tmp_path: Path) -> None:
    """Two lists, 北本市's naming 鴻巣市 and 鴻巣市's own: one resource id/lg/112178, a municipality and a partner,
    with one canonical name; each city's bare 総合振興計画 is its own plan; a law number mints the law's IRI."""
    kitamoto, konosu = tmp_path / "kitamoto.csv", tmp_path / "konosu.csv"
    kitamoto.write_text(
        "事業番号,事務事業名,担当課,事業の概要\n"
        "1,広域連携事業,企画課,鴻巣市と連携し、総合振興計画に基づき再犯の防止等の推進に関する法律（平成28年法律第104号）による。\n",
        encoding="utf-8",
    )
    konosu.write_text(
        "事業番号,事務事業名,担当課,事業の概要\n1,計画推進事業,企画課,総合振興計画を推進する。\n", encoding="utf-8"
    )
    g = gazetteer()
    options = ReadOptions(fiscal_year=(2024,), municipality=(g.resolve("北本市"), g.resolve("埼玉県鴻巣市")))
    build([kitamoto, konosu], tmp_path / "out", BASE, options=options)
    graph = data_graph(tmp_path / "out")
    konosu_node = ID["lg/112178"]
    assert {JKG.Municipality, JKG.LocalGovernment, JKG.PartnerBody} <= set(graph.objects(konosu_node, rdflib.RDF.type))
    assert list(graph.objects(konosu_node, SKOS.prefLabel)) == [rdflib.Literal("鴻巣市", lang="ja")]
    assert (ID["lg/112330/project/1/2024"], JKG.partner, konosu_node) in graph
    plans = {str(graph.value(p, SKOS.prefLabel)): p for p in graph.subjects(rdflib.RDF.type, JKG.Plan)}
    assert plans["北本市総合振興計画"] == ID["lg/112330/plan/" + quote("北本市総合振興計画", safe="")]
    assert plans["鴻巣市総合振興計画"] == ID["lg/112178/plan/" + quote("鴻巣市総合振興計画", safe="")]
    law = ID["law/h28-act-104"]
    assert (law, rdflib.URIRef("http://purl.org/dc/terms/identifier"), rdflib.Literal("平成28年法律第104号")) in graph
    assert str(graph.value(law, SKOS.prefLabel)) == "再犯の防止等の推進に関する法律"
