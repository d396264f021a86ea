"""The two real lists of ../shared/corpus (read there, never copied) build, alone and together, with every row,
unit and money, direction, legal-basis and policy cell in the graph, counted against the CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

from jkg.etl.build import ReadOptions, build
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
MODELLED_LATER = (
    "R6決算(千円)",
    "R7当初予算(千円)",
    "政策",
    "政策の柱",
    "今後の展開（詳細）",
    "今後の取組の方向性",
    "根拠法令区分",
    "根拠法令",
)


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    assert CORPUS is not None
    out = tmp_path_factory.mktemp("corpus")
    options = ReadOptions(fiscal_year=(2024,), municipality=tuple(gazetteer().by_code(c) for c in LISTS.values()))  # type: ignore[misc]
    build([CORPUS / name for name in LISTS], out, BASE, options=options)
    return data_graph(out)


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


@pytest.mark.parametrize("name", sorted(LISTS))
def test_money_direction_legal_basis_and_policy_cells_are_in_the_graph(corpus_graph: rdflib.Graph, name: str) -> None:
    prefix = BASE + f"id/lg/{LISTS[name]}/"
    for header in MODELLED_LATER:
        if header not in rows(name)[0]:
            continue
        expected = sum(1 for r in rows(name) if r[header].strip())
        found = sum(
            1
            for cell in corpus_graph.subjects(JKG.columnHeader, rdflib.Literal(header))
            if str(cell).startswith(prefix)
        )
        assert found == expected, header
