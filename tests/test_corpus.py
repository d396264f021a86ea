"""The two real lists of ../shared/corpus (read there, never copied) build together, with every row, unit, amount
of money, direction, legal basis and place in the plan in the graph, counted against the CSV."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import rdflib
from rdflib.namespace import RDF, SKOS

from jkg.etl.build import ReadOptions, build
from jkg.etl.normalise import nfkc
from jkg.municipalities import gazetteer
from tests.conftest import BASE, JKG, ROOT, data_graph


def corpus_folder() -> Path | None:
    """../shared/corpus beside the checkout (or beside a folder above it, for a worktree)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus" / "kitamoto-r6.csv").is_file():
            return parent / "shared" / "corpus"
    return None


CORPUS = corpus_folder()
pytestmark = pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not there")
LISTS = {"kitamoto-r6.csv": "112330", "shinagawa-r7.csv": "131091"}  # 北本市, 品川区
MONEY = ("R6決算(千円)", "R7当初予算(千円)")
DIRECTION = {"kitamoto-r6.csv": "今後の展開（詳細）", "shinagawa-r7.csv": "今後の取組の方向性"}
POLICY = {"kitamoto-r6.csv": "政策", "shinagawa-r7.csv": "政策の柱"}
DASHES = ("", "－", "-", "―")


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[rdflib.Graph, dict[str, Any]]:
    assert CORPUS is not None
    out = tmp_path_factory.mktemp("corpus")
    options = ReadOptions(fiscal_year=(2024,), municipality=tuple(gazetteer().by_code(c) for c in LISTS.values()))  # type: ignore[misc]
    report = build([CORPUS / name for name in LISTS], out, BASE, options=options)
    return data_graph(out), report


@pytest.fixture(scope="module")
def corpus_graph(corpus_build: tuple[rdflib.Graph, dict[str, Any]]) -> rdflib.Graph:
    return corpus_build[0]


def rows(name: str) -> list[dict[str, str]]:
    assert CORPUS is not None
    with (CORPUS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_row_is_a_sheet_of_its_municipality(corpus_graph: rdflib.Graph, name: str) -> None:
    lg = rdflib.URIRef(BASE + f"id/lg/{LISTS[name]}")
    sheets = {s for s in corpus_graph.subjects(RDF.type, JKG.ProjectSheet) if str(s).startswith(str(lg) + "/")}
    assert len(sheets) == len(rows(name))
    projects = set(corpus_graph.subjects(JKG.municipality, lg))
    assert len(projects) == len(rows(name))
    assert (lg, RDF.type, JKG.Municipality) in corpus_graph


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_unit_pair_is_a_unit(corpus_graph: rdflib.Graph, name: str) -> None:
    lg = BASE + f"id/lg/{LISTS[name]}/org/"
    units = {str(u) for u in corpus_graph.objects(None, JKG.responsibleUnit) if str(u).startswith(lg)}
    dept = "担当部" if "担当部" in rows(name)[0] else "担当部署"
    pairs = {(r[dept], r["担当課"]) for r in rows(name)}
    assert len(units) == len(pairs)  # one responsible unit per distinct 部 + 課 (or 課 alone)


def sheet_of(name: str, row: dict[str, str]) -> rdflib.URIRef:
    return rdflib.URIRef(
        BASE + f"id/lg/{LISTS[name]}/project/{name}-p{row['ページ番号']}/2024"
    )  # keyed by list and page


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("header", MONEY)
def test_every_money_cell_is_an_amount_in_yen(
    corpus_build: tuple[rdflib.Graph, dict[str, Any]], name: str, header: str
) -> None:
    graph, report = corpus_build
    kind, year = ("settled", 2024) if "決算" in header else ("initial-budget", 2025)
    found = {}
    for obs in graph.subjects(JKG.amountKind, JKG[f"amount-{kind}"]):
        sheet = graph.value(obs, JKG.sheet)
        if str(sheet).startswith(BASE + f"id/lg/{LISTS[name]}/"):
            assert str(graph.value(obs, JKG.fiscalYear)) == str(year)
            assert str(graph.value(obs, JKG.columnHeader)) == header and str(graph.value(obs, JKG.sourceUnit)) == "千円"
            found[sheet] = graph.value(obs, JKG.yen).toPython()  # type: ignore[union-attr]
    values = {sheet_of(name, r): r[header].replace(",", "") for r in rows(name) if r[header].strip()}
    placeholder = all(v == "0" for v in values.values())  # 品川区's R7当初予算: 0 in every row
    if placeholder:
        assert found == {}
        assert any(
            f"[W-PLACEHOLDER] column 6 {header!r} is 0 in all {len(values)} rows" in w for w in report["warnings"]
        )
    else:
        assert found == {sheet: Decimal(v) * 1000 for sheet, v in values.items()}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_direction_is_a_concept_of_the_municipality_with_a_common_category(
    corpus_graph: rdflib.Graph, name: str
) -> None:
    header = DIRECTION[name]
    scheme = rdflib.URIRef(BASE + f"id/lg/{LISTS[name]}/scheme/direction")
    expected = {sheet_of(name, r): r[header] for r in rows(name) if r[header].strip() not in DASHES}
    got = {}
    for sheet, value in expected.items():
        concept = corpus_graph.value(sheet, JKG.direction)
        assert (concept, SKOS.inScheme, scheme) in corpus_graph
        got[sheet] = str(corpus_graph.value(concept, SKOS.prefLabel))
        assert value.endswith(got[sheet])  # 1_大幅な見直しは必要ない → 大幅な見直しは必要ない (notation 1)
    assert (
        len(got)
        == len(expected)
        == sum(
            1
            for _ in corpus_graph.subjects(JKG.direction, None)
            if str(_).startswith(str(scheme)[: -len("scheme/direction")])
        )
    )
    matched = {c for c in corpus_graph.subjects(SKOS.inScheme, scheme) if corpus_graph.value(c, SKOS.broadMatch)}
    unmatched = {str(corpus_graph.value(c, SKOS.prefLabel)) for c in corpus_graph.subjects(SKOS.inScheme, scheme)} - {
        str(corpus_graph.value(c, SKOS.prefLabel)) for c in matched
    }
    assert unmatched <= {"新規の取組み"}  # the one wording no rule or registry entry gives a category


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_policy_cell_is_the_sheets_place_in_the_plan(corpus_graph: rdflib.Graph, name: str) -> None:
    header = POLICY[name]
    expected = {sheet_of(name, r): r[header] for r in rows(name) if r[header].strip() not in DASHES}
    got = {s: corpus_graph.value(s, JKG.placeInPlan) for s in expected}
    for sheet, concept in got.items():
        assert (concept, RDF.type, JKG.Policy) in corpus_graph
        assert expected[sheet].endswith(str(corpus_graph.value(concept, SKOS.prefLabel)))
    placed = {
        s for s in corpus_graph.subjects(JKG.placeInPlan, None) if str(s).startswith(BASE + f"id/lg/{LISTS[name]}/")
    }
    assert placed == set(expected)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_legal_basis_is_in_the_graph_with_its_laws_and_ordinances(corpus_graph: rdflib.Graph, name: str) -> None:
    lg = BASE + f"id/lg/{LISTS[name]}/"
    texts = {sheet_of(name, r): r["根拠法令"].strip() for r in rows(name) if r["根拠法令"].strip()}
    kinds = {sheet_of(name, r): r["根拠法令区分"] for r in rows(name) if r["根拠法令区分"].strip()}
    assert {s: str(t) for s, t in corpus_graph.subject_objects(JKG.legalBasisText) if str(s).startswith(lg)} == texts
    got_kinds = {
        s: str(corpus_graph.value(k, SKOS.prefLabel)) for s, k in corpus_graph.subject_objects(JKG.legalBasisKind)
    }
    assert {s: k for s, k in got_kinds.items() if str(s).startswith(lg)} == kinds
    for sheet, law in corpus_graph.subject_objects(JKG.legalBasis):
        if str(sheet).startswith(lg):  # every law or ordinance linked is named in the sheet's own legal basis
            names = {nfkc(str(n)) for p in (SKOS.prefLabel, SKOS.altLabel) for n in corpus_graph.objects(law, p)}
            assert any(n in nfkc(texts[sheet]) for n in names), names  # 国民保護法: an alias of its formal title
    if name == "kitamoto-r6.csv":
        tax = rdflib.URIRef(lg + "ordinance/" + quote("北本市税条例", safe=""))
        assert (tax, RDF.type, JKG.Ordinance) in corpus_graph
        citing = {s for s, t in texts.items() if "北本市税条例" in t}
        assert set(corpus_graph.subjects(JKG.legalBasis, tax)) == citing
        laws = {
            law
            for law in corpus_graph.objects(None, JKG.legalBasis)
            if (law, RDF.type, JKG.Ordinance) not in corpus_graph
        }
        assert {str(corpus_graph.value(law, SKOS.prefLabel)) for law in laws} >= {
            "地方税法",
            "地方自治法",
            "児童福祉法",
        }


@pytest.mark.parametrize("name", sorted(LISTS))
def test_modelled_columns_are_no_longer_raw_cells(corpus_graph: rdflib.Graph, name: str) -> None:
    headers = {str(h) for h in corpus_graph.objects(None, JKG.columnHeader)}
    raw = {str(corpus_graph.value(c, JKG.columnHeader)) for c in corpus_graph.subjects(RDF.type, JKG.RawCell)}
    assert not raw & {*MONEY, *DIRECTION.values(), *POLICY.values(), "根拠法令区分", "根拠法令"}
    assert set(MONEY) <= headers
