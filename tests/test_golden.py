"""Golden files: each folder under golden/ holds an input and the graph it must build into."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from jkg.etl.build import build
from tests.conftest import BASE, TESTS, data_graph

CASES = sorted(p for p in (TESTS / "golden").iterdir() if p.is_dir())


def test_every_case_folder_is_collected() -> None:
    assert len(CASES) == len(list((TESTS / "golden").glob("*/expected.ttl"))) == 4


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, tmp_path: Path) -> None:
    sources = sorted(p for p in case.iterdir() if p.name.startswith("input"))
    build(sources, tmp_path / "out", BASE)
    got = data_graph(tmp_path / "out")
    expected = rdflib.Graph().parse(case / "expected.ttl")
    if not isomorphic(got, expected):
        _both, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        lines = ["- " + line for line in sorted(only_expected.serialize(format="nt").splitlines()) if line]
        lines += ["+ " + line for line in sorted(only_got.serialize(format="nt").splitlines()) if line]
        pytest.fail(f"{case.name}: built graph differs from expected.ttl\n" + "\n".join(lines))
