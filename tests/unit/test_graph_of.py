"""Which named graph a resource's triples go in, read off its IRI (Iris.graph_of)."""

from __future__ import annotations

import pytest

from jkg.iris import Iris

BASE = "https://data.example.jp/"
IRIS = Iris(BASE)
LG = BASE + "id/lg/112330/"

CASES = [
    (LG + "project/101/2024", "graph/lg/112330/2024"),  # a sheet
    (LG + "project/101/2024/amount/settled/2024", "graph/lg/112330/2024"),
    (LG + "project/101/2024/mention/overview/3", "graph/lg/112330/2024"),
    (LG + "project/input.csv-p12/2023", "graph/lg/112330/2023"),  # a page-keyed project's sheet
    (LG + "source/2024/list.csv/row/5", "graph/lg/112330/2024"),  # a source row
    (LG + "source/2024/list.xlsx/%E4%B8%80%E8%A6%A7", "graph/lg/112330/2024"),
    (LG + "project/101", "graph/lg/112330/common"),  # the project across years
    (LG + "project/101/from-2024", "graph/lg/112330/common"),  # renumbered: a project, not a sheet
    (LG + "org/%E4%BC%9A%E8%A8%88%E8%AA%B2", "graph/lg/112330/common"),  # a unit
    (LG + "scheme/direction", "graph/lg/112330/common"),
    (BASE + "id/lg/112330", "graph/shared"),  # the municipality itself: named by other cities' lists too
    (BASE + "id/lg/110001", "graph/shared"),  # a prefecture
    (BASE + "id/org/cabinet-office", "graph/shared"),
    (BASE + "id/law/h28-act-104", "graph/shared"),
    (BASE + "id/fiscal-year/2024", "graph/shared"),
    ("https://elsewhere.example/x", "graph/shared"),
    ("", "graph/shared"),  # a blank node (the build writes none)
]


@pytest.mark.parametrize(("subject", "graph"), CASES, ids=[c[0].removeprefix(BASE) or "blank" for c in CASES])
def test_graph_of(subject: str, graph: str) -> None:
    assert IRIS.graph_of(subject).value == BASE + graph


def test_no_graph_name_starts_with_another() -> None:
    """A store `jkg publish` loads names each graph G as G/build/BUILD: the names sort as the published ones only
    when none is a prefix of another."""
    names = {IRIS.graph_of(s).value for s, _ in CASES} | {IRIS.vocabulary_graph().value, IRIS.meta_graph().value}
    assert not [(a, b) for a in names for b in names if a != b and b.startswith(a)]
