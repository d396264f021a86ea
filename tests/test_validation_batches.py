"""Validation in batches reports exactly what validating the whole graph with pySHACL reports, errors in shared
resources made late in the build included; and a batch holds the shared resources its rows need, not every
municipality's built so far."""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import NamedNode, Triple

from jkg.etl import build as b
from jkg.etl.validate import BatchValidator, Violation, constrained_predicates, violations
from jkg.iris import Iris
from jkg.vocab import JKG_NS
from tests.conftest import BASE, BUNDLED
from tests.test_parallel_build import lists

TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ORG = "http://www.w3.org/ns/org#"
MITAKA, KITAMOTO = f"{BASE}id/lg/132047", f"{BASE}id/lg/112330"

Row = tuple[list[Triple], set[str], str, list[Triple]]  # triples, shared nodes so far, file:line, context
Key = tuple[str, str, str, str, str, str]


class Sink:
    """Where Batches writes (a b.Writer): the N-Triples kept."""

    def __init__(self) -> None:
        self.triples: list[bytes] = []

    def add(self, quads: bytes, triples: bytes) -> None:
        self.triples.append(triples)


class Recording(BatchValidator):
    """The build's validator (shapes compiled to SPARQL, in a worker process), keeping each batch it is sent."""

    def __init__(self) -> None:
        super().__init__(workers=1, validator="native")
        self.sent: list[bytes] = []

    def submit(self, data: bytes, locations: dict[str, str], *, last: bool = False) -> None:
        self.sent.append(data)
        super().submit(data, locations, last=last)


def key(v: Violation) -> Key:
    return (v.severity, v.focus, v.shape, v.path, v.value, v.component)


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> list[Row]:
    """Every row of five lists of four municipalities (三鷹市 twice, 北本市, 品川区, then つくば市's 47 rows), as
    the build maps them."""
    paths = [*lists(tmp_path_factory.mktemp("batches")), *BUNDLED]
    recipe = b.prepare(BASE)
    recipe.mapper.created = "2024-04-01T00:00:00Z"
    options = b.ReadOptions()
    b.index_projects(recipe, paths, options)
    rows = []
    for row, triples in b.map_rows(recipe, b.extract(recipe, b.read(recipe, paths, options))):
        shared = set(recipe.mapper.shared_nodes)
        rows.append((list(triples), shared, f"{row.file}:{row.line}", recipe.mapper.take_context()))
    return rows


def batched(rows: list[Row], batch_rows: int) -> tuple[set[Key], list[bytes], bytes]:
    """What validating rows in batches of batch_rows reports; the batches sent; the N-Triples written."""
    sink, validator = Sink(), Recording()
    batches = b.Batches(sink, validator, batch_rows, b.graph_end(Iris(BASE)), constrained_predicates())
    for triples, shared, where, context in rows:
        batches.add(triples, shared, where, context)
    batches.flush(last=True)
    return {key(v) for v in validator.finish()}, validator.sent, b"".join(sink.triples)


def whole(written: bytes) -> set[Key]:
    """What pySHACL reports for the whole graph."""
    g = rdflib.Graph()
    g.parse(data=written, format="nt")
    return {key(v) for v in violations(g)}


def node(rows: list[Row], under: str, cls: str, n: int = 0) -> NamedNode:
    """The n-th resource under an IRI typed cls, in the order the rows first type them."""
    found = [t.subject for r in rows for t in r[0] if t.predicate == TYPE and t.object == NamedNode(cls)]
    return [s for s in dict.fromkeys(found) if isinstance(s, NamedNode) and s.value.startswith(under)][n]


def with_errors(rows: list[Row]) -> list[Row]:
    """The rows with errors of several kinds, in shared resources of the first lists made in the last rows."""
    division, dept = node(rows, MITAKA, f"{JKG_NS}Division"), node(rows, MITAKA, f"{JKG_NS}Department")
    kitamoto_division = node(rows, KITAMOTO, f"{JKG_NS}Division")
    kitamoto_dept = node(rows, KITAMOTO, f"{JKG_NS}Department")
    sheet = next(t.subject for t in rows[-1][0] if t.predicate == NamedNode(f"{JKG_NS}responsibleUnit"))
    out = []
    for i, (triples, shared, where, context) in enumerate(rows):
        # 北本市's first division, untyped where it is made: its sheets' responsibleUnit fails sh:class
        triples = [t for t in triples if not (t.subject == kitamoto_division and t.predicate == TYPE)]
        if i == len(rows) - 2:
            triples.append(Triple(division, NamedNode(f"{ORG}subOrganizationOf"), kitamoto_dept))  # a 2nd: maxCount
            triples.append(Triple(dept, TYPE, NamedNode(f"{JKG_NS}Indicator")))  # a target of the indicator shapes
        if i == len(rows) - 1:
            # valid, if 三鷹市's division (and the department it sits under, for its own sh:class) is in the batch
            triples.append(Triple(sheet, NamedNode(f"{JKG_NS}responsibleUnit"), division))
            triples.append(Triple(sheet, NamedNode(f"{JKG_NS}responsibleUnit"), NamedNode(KITAMOTO)))  # not a unit
        out.append((triples, shared, where, context))
    return out


def test_batches_report_what_the_whole_graph_reports(mapped: list[Row]) -> None:
    rows = with_errors(mapped)
    found, sent, written = batched(rows, 3)
    expected = whole(written)
    assert len(sent) == -(-len(rows) // 3)
    focus = {v[1] for v in expected}
    division, dept = node(rows, MITAKA, f"{JKG_NS}Division"), node(rows, MITAKA, f"{JKG_NS}Department")
    assert {division.value, dept.value} <= focus  # the late errors in the first list's shared resources
    assert {c for *_, c in expected} >= {"sh:ClassConstraintComponent", "sh:MaxCountConstraintComponent"}
    assert {c for *_, c in expected} >= {"sh:MinCountConstraintComponent"}
    assert found == expected


def test_a_clean_graph_in_batches_reports_nothing(mapped: list[Row]) -> None:
    found, _, written = batched(mapped, 3)
    assert whole(written) == set()
    assert found == set()


def test_a_batch_holds_only_the_shared_resources_it_needs(mapped: list[Row]) -> None:
    _, sent, _ = batched(mapped, 3)
    mitaka = f"<{MITAKA}".encode()
    assert mitaka in sent[0]  # 三鷹市's first rows: its municipality, departments, divisions
    assert mitaka not in sent[-1]  # つくば市's last rows name nothing of 三鷹市's
    tsukuba = f"<{BASE}id/lg/082201".encode()
    assert tsukuba in sent[-1]


def test_shared_resources_name_only_shared_resources(mapped: list[Row]) -> None:
    """What batching relies on (etl/build.py's Batches): a shared resource's lines that validation sees never
    name one row's own resource, which would be in one batch only."""
    checked = {NamedNode(p) for p in constrained_predicates()}
    shared = mapped[-1][1]
    made = {t.subject for r in mapped for t in r[0]}
    named = {
        t.object.value
        for r in mapped
        for t in r[0]
        if t.subject.value in shared and t.predicate in checked and isinstance(t.object, NamedNode)
    }
    assert named  # they name their municipality, departments, schemes …
    assert {iri for iri in named if NamedNode(iri) in made} <= shared
