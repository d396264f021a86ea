"""`jkg build --jobs N`: lists of several municipalities built in N processes publish the same graph, counts,
search index and description as one process; an error in one list names it and publishes nothing."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import rdflib
from click.testing import CliRunner

from jkg import namespace
from jkg.cli import main
from jkg.etl.build import ReadOptions, build
from tests.conftest import BASE, ROOT

FIGURES = sorted((ROOT / "tests" / "fixtures" / "figures").glob("*.csv"))  # 三鷹市 FY2023 and FY2024

KITAMOTO = """令和6年度北本市事務事業一覧
事業番号,事務事業名,担当部,担当課,事業の概要
1,防災訓練事業,市民経済部,くらし安全課,三鷹市と協力し、内閣府の補助を受けた。
2,観光振興事業,市民経済部,産業観光課,埼玉県と連携して内閣府に報告した。
3,子育て支援事業,福祉部,こども課,三鷹市の事例を参考にした。
"""
SHINAGAWA = """令和6年度品川区事務事業一覧
事業番号,事務事業名,担当課,事業の概要
10,防災事業,防災課,内閣府と協力する。北本市と連携した。
11,広報事業,広報広聴課,総務省の調査に回答した。
"""


def lists(folder: Path, kitamoto: str = KITAMOTO) -> list[Path]:
    """Four lists of three municipalities: 三鷹市 twice (two years of one project), then 北本市 and 品川区, each
    naming the others and the same national agencies."""
    (folder / "kitamoto-r6.csv").write_text(kitamoto, encoding="utf-8")
    (folder / "shinagawa-r6.csv").write_text(SHINAGAWA, encoding="utf-8")
    return [*FIGURES, folder / "kitamoto-r6.csv", folder / "shinagawa-r6.csv"]


def built(folder: Path, jobs: int, sources: list[Path]) -> tuple[dict[str, Any], list[str], Path]:
    out = folder / f"jobs-{jobs}"
    options = ReadOptions(municipality=())
    report = build(sources, out, BASE, options=options, jobs=jobs)
    quads = gzip.decompress((out / "current" / "dumps" / "data.nq.gz").read_bytes()).decode("utf-8")
    return report, quads.replace(report["built_at"], "BUILT").splitlines(), out / "current"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[dict[str, Any], list[str], Path]]:
    folder = tmp_path_factory.mktemp("parallel")
    sources = lists(folder)
    return {jobs: built(folder, jobs, sources) for jobs in (1, 2, 3)}


def test_every_municipality_is_built(builds: dict[int, tuple[dict[str, Any], list[str], Path]]) -> None:
    report, quads, _ = builds[2]
    assert sorted(report["municipalities"]) == ["112330", "131091", "132047"]  # 北本市, 品川区, 三鷹市
    assert [s["file"] for s in report["sources"]] == [
        "mitaka-r5.csv",
        "mitaka-r6.csv",
        "kitamoto-r6.csv",
        "shinagawa-r6.csv",
    ]
    assert report["rows"] == builds[1][0]["rows"] and report["rows"] > 5
    assert len(quads) == len(set(quads)) == report["triples"]  # shared resources written once


def test_the_same_graph_whatever_the_jobs(builds: dict[int, tuple[dict[str, Any], list[str], Path]]) -> None:
    one, two, three = builds[1], builds[2], builds[3]
    assert sorted(two[1]) == sorted(one[1])  # no blank nodes in the data: the same lines are the same graph
    assert two[1] == three[1]  # the same order, byte for byte, whatever the number of processes above one
    for key in ("triples", "graphs", "classes", "municipalities", "sources", "warnings"):
        assert two[0][key] == one[0][key], key
    assert list(two[0]["classes"]) == list(three[0]["classes"])


def test_the_same_search_index_whatever_the_jobs(builds: dict[int, tuple[dict[str, Any], list[str], Path]]) -> None:
    def tables(current: Path) -> dict[str, list[tuple[Any, ...]]]:
        db = sqlite3.connect(current / "search.sqlite")
        queries = {
            "docs": "SELECT iri, field, text FROM docs",
            "types": "SELECT iri, type FROM types",
            "sheets": "SELECT iri, project, title, year, municipality, department, division, partners FROM sheets",
            "facet": "SELECT s.iri, f.name, f.value FROM facet f JOIN sheets s ON s.id = f.sheet",
            "labels": "SELECT iri, label FROM labels",
        }
        return {name: sorted(db.execute(sql).fetchall()) for name, sql in queries.items()}

    one, two = tables(builds[1][2]), tables(builds[2][2])
    assert one == two
    assert ("北本市",) in {(label,) for _, label in two["labels"]}
    assert builds[2][0]["search"]["texts"] == builds[1][0]["search"]["texts"] == len(two["docs"])


def test_the_description_counts_each_resource_once(builds: dict[int, tuple[dict[str, Any], list[str], Path]]) -> None:
    def counts(current: Path) -> list[tuple[str, ...]]:
        g = rdflib.Graph().parse(current / "void.ttl")
        query = """PREFIX void: <http://rdfs.org/ns/void#>
            SELECT ?set ?class ?n WHERE {
              { ?set void:classPartition [ void:class ?class ; void:entities ?n ] }
              UNION { ?set void:triples ?n } UNION { ?set void:entities ?n } FILTER(isIRI(?set)) }"""
        return sorted(tuple(str(term) for term in row) for row in g.query(query))  # type: ignore[union-attr]

    one, two = counts(builds[1][2]), counts(builds[2][2])
    assert one == two
    assert any("#links-" in row[0] for row in two)  # the linksets (outward links by predicate) with their counts
    assert any(row[0].endswith("/lg/112330") and row[1].endswith("#Project") for row in two)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI in this process: it sets the vocabulary namespace's variable, which is undone after the test."""
    monkeypatch.setenv(namespace.ENV, namespace.CANONICAL)
    return CliRunner()


def test_an_error_in_one_list_names_it_and_publishes_nothing(tmp_path: Path, cli: CliRunner) -> None:
    out = tmp_path / "data"
    good = lists(tmp_path)
    build(good, out, BASE, jobs=2)
    published = (out / "current").resolve()
    bad = KITAMOTO.replace("3,子育て支援事業", "2,子育て支援事業")  # a key twice in one list and year
    result = cli.invoke(
        main, ["build", *map(str, lists(tmp_path, bad)), "--out", str(out), "--jobs", "2", "--no-progress"]
    )
    assert result.exit_code == 1, result.output
    assert "kitamoto-r6.csv:5:1: error [E-DUPLICATE-NUMBER]" in result.output
    assert (out / "current").resolve() == published
    assert not list((out / "builds").glob("*.partial"))


def test_an_unreadable_list_stops_the_build_naming_it(tmp_path: Path, cli: CliRunner) -> None:
    out = tmp_path / "data"
    sources = lists(tmp_path)
    (tmp_path / "shinagawa-r6.csv").write_text("令和6年度品川区事務事業一覧\nこれは表ではない\n", encoding="utf-8")
    result = cli.invoke(main, ["build", *map(str, sources), "--out", str(out), "--jobs", "2", "--no-progress"])
    assert result.exit_code == 2, result.output
    assert "shinagawa-r6.csv:1:1: error [E-NO-HEADER]" in result.output
    assert not (out / "current").exists()
