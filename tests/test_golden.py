"""Golden files: each folder under golden/ holds an input and the graph it must build into.

A case folder holds `input*` files (CSV, TSV, xlsx written by `make_inputs.py` when binary), their CSVW mapping
files beside them (`input.csv-metadata.json`), optionally `options.json` (what the command line would say:
`municipality`, `fiscal_year`, `crosswalk`) and `expected.ttl`.
"""

from __future__ import annotations

import json
import runpy
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from jkg.etl.build import ReadOptions, build
from jkg.municipalities import gazetteer
from tests.conftest import BASE, JKG, TESTS, data_graph

CASES = sorted(p for p in (TESTS / "golden").iterdir() if p.is_dir())


def test_every_case_folder_is_collected() -> None:
    assert len(CASES) == len(list((TESTS / "golden").glob("*/expected.ttl"))) >= 4


def sources_and_options(case: Path, work: Path) -> tuple[list[Path], ReadOptions]:
    """The case's inputs (binary ones written into `work` by its make_inputs.py) and its options."""
    folder = case
    if (case / "make_inputs.py").is_file():
        folder = work / case.name
        folder.mkdir(parents=True)
        for p in case.iterdir():
            if p.name.startswith("input"):
                (folder / p.name).write_bytes(p.read_bytes())
        runpy.run_path(str(case / "make_inputs.py"))["make"](folder)
    sources = sorted(p for p in folder.iterdir() if p.name.startswith("input") and not p.name.endswith(".json"))
    given = json.loads((case / "options.json").read_text(encoding="utf-8")) if (case / "options.json").is_file() else {}
    options = ReadOptions(
        fiscal_year=tuple(given.get("fiscal_year", ())),
        municipality=tuple(gazetteer().resolve(m) for m in given.get("municipality", ())),
        crosswalk=case / given["crosswalk"] if "crosswalk" in given else None,
    )
    return sources, options


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(case: Path, tmp_path: Path) -> None:
    sources, options = sources_and_options(case, tmp_path)
    build(sources, tmp_path / "out", BASE, options=options)
    got = data_graph(tmp_path / "out")
    expected = rdflib.Graph().parse(case / "expected.ttl")
    for g in (got, expected):  # when the build ran: the annotations' dcterms:created
        g.remove((None, rdflib.namespace.DCTERMS.created, None))
    if (case / "make_inputs.py").is_file():  # a workbook written now differs in its timestamps, so in its digest
        for g in (got, expected):
            g.remove((None, JKG.sha256, None))
    if not isomorphic(got, expected):
        _both, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        lines = ["- " + line for line in sorted(only_expected.serialize(format="nt").splitlines()) if line]
        lines += ["+ " + line for line in sorted(only_got.serialize(format="nt").splitlines()) if line]
        pytest.fail(f"{case.name}: built graph differs from expected.ttl\n" + "\n".join(lines))
