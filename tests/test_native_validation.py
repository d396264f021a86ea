"""The shapes compiled to SPARQL (etl/sparqlshapes.py) report exactly what pySHACL reports.

pySHACL is the validator of record: on every golden case, on the bundled and the figures builds (with the dataset
description), and on those graphs with an injected error of every constraint kind that shapes/ uses — each kind
injected at one focus node of every shape using it — both validators must give the same results (focus node,
shape, path, value, constraint component, severity, messages), and pySHACL must have found the injected error.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import BlankNode, RdfFormat, Store
from rdflib.namespace import RDF, SH, XSD

from jkg.etl import shaclterms, sparqlplan, sparqlshapes
from jkg.etl.build import build
from jkg.etl.validate import Violation, shapes_graph, violations
from tests.conftest import BASE, BUNDLED, TESTS, data_graph

Node = rdflib.term.Node
GOLDEN = sorted(p for p in (TESTS / "golden").iterdir() if p.is_dir())
EX = rdflib.Namespace("https://example.org/injected/")


def native(g: rdflib.Graph) -> tuple[list[Violation], set[str]]:
    """The native results, and the labels the store gave the graph's blank nodes. A graph without rdfs:subClassOf
    is validated by the queries for such data (sparqlplan._flat), which must give what the others give."""
    store = Store()
    store.bulk_load(input=g.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    blanks = {str(t.value) for q in store for t in (q.subject, q.object) if isinstance(t, BlankNode)}
    found = sparqlplan.violations_of(store)
    assert found == sparqlplan.violations_of(store, flat=False)
    return found, blanks


def records(found: list[Violation], blanks: set[str]) -> Counter[tuple[str, ...]]:
    """The results as a multiset; a blank node's label is the validator's own, so blank nodes compare equal."""

    def node(text: str) -> str:
        return "_:" if text in blanks else text

    return Counter(
        (node(v.focus), v.shape, v.path, node(v.value), v.component, v.severity, v.message_ja, v.message_en)
        for v in found
    )


def same_results(g: rdflib.Graph) -> list[Violation]:
    expected = violations(g)
    blanks = {str(n) for t in g for n in t if isinstance(n, rdflib.BNode)}
    found, labels = native(g)
    assert records(found, blanks | labels) == records(expected, blanks | labels)
    return expected


@pytest.mark.parametrize("case", GOLDEN, ids=[c.name for c in GOLDEN])
def test_golden_cases_give_the_same_results(case: Path) -> None:
    same_results(rdflib.Graph().parse(case / "expected.ttl"))


@pytest.fixture(scope="module")
def base(bundled_out: Path, figures_out: Path) -> rdflib.Graph:
    """Mentions and annotations (bundled), money, indicators and policies (figures), the dataset description."""
    g = data_graph(bundled_out) + data_graph(figures_out)
    g.parse(bundled_out / "current" / "void.ttl")
    return g.skolemize()  # the description's blank nodes: the injected ones are the only ones


def test_the_valid_graphs_give_the_same_results(base: rdflib.Graph) -> None:
    assert not [v for v in same_results(base) if v.severity == "Violation"]


def shapes_with(constraint: rdflib.URIRef) -> list[Node]:
    return sorted(set(shapes_graph().subjects(constraint, None)) - nested(), key=str)


def nested() -> set[Node]:
    sg = shapes_graph()
    return set(sg.objects(None, SH.qualifiedValueShape)) | {m for o in sg.objects(None, SH["or"]) for m in sg.items(o)}


def focus_nodes(g: rdflib.Graph, shape: Node) -> Iterator[Node]:
    sg = shapes_graph()
    for c in sg.objects(shape, SH.targetClass):
        yield from sorted(g.subjects(RDF.type, c), key=str)
    for p in sg.objects(shape, SH.targetObjectsOf):
        yield from sorted(g.objects(None, p), key=str)
    for p in sg.objects(shape, SH.targetSubjectsOf):
        yield from sorted(g.subjects(p, None), key=str)


def param(shape: Node, constraint: rdflib.URIRef) -> Node:
    value = shapes_graph().value(shape, constraint)
    assert value is not None
    return value


def path_of(shape: Node) -> rdflib.URIRef:
    path = shapes_graph().value(shape, SH.path)
    assert isinstance(path, rdflib.URIRef)
    return path


def like(value: Node, text: str) -> rdflib.Literal:
    """A literal of the same datatype or language as value, with another text."""
    if isinstance(value, rdflib.Literal):
        return rdflib.Literal(text, lang=value.language, datatype=value.datatype)
    return rdflib.Literal(text)


def replace_value(g: rdflib.Graph, shape: Node, make: Callable[[Node], Node | None]) -> bool:
    """At the first focus node of shape with a value for its path: replace that value by make(value)."""
    path = path_of(shape)
    for focus in focus_nodes(g, shape):
        for value in sorted(g.objects(focus, path), key=str):
            new = make(value)
            if new is None:
                return False
            g.remove((focus, path, value))
            g.add((focus, path, new))
            return True
    return False


def wrong_datatype(g: rdflib.Graph, shape: Node) -> bool:
    datatype = param(shape, SH.datatype)
    other = rdflib.Literal(7) if datatype == XSD.string else rdflib.Literal("7")
    return replace_value(g, shape, lambda _v: other)


def ill_typed(g: rdflib.Graph, shape: Node) -> bool:
    datatype = param(shape, SH.datatype)
    if datatype not in shaclterms.CHECKED_TYPES:
        return False
    return replace_value(g, shape, lambda _v: rdflib.Literal("not-a-value", datatype=datatype))


def remove_all(g: rdflib.Graph, shape: Node) -> bool:
    path = path_of(shape)
    for focus in focus_nodes(g, shape):
        if (focus, path, None) in g:
            g.remove((focus, path, None))
            return True
    return False


def one_more(g: rdflib.Graph, shape: Node) -> bool:
    path = path_of(shape)
    for focus in focus_nodes(g, shape):
        for value in g.objects(focus, path):
            extra = EX.extra if isinstance(value, rdflib.URIRef) else like(value, f"{value} (2)")
            g.add((focus, path, extra))
            return True
    return False


def untyped(g: rdflib.Graph, shape: Node) -> bool:
    if (shape, SH.path, None) in shapes_graph():
        return replace_value(g, shape, lambda _v: EX.untyped)
    cls = param(shape, SH["class"])
    for focus in focus_nodes(g, shape):
        g.remove((focus, RDF.type, cls))
        return True
    return False


def not_an_iri(g: rdflib.Graph, shape: Node) -> bool:
    if (shape, SH.path, None) in shapes_graph():
        return replace_value(g, shape, lambda v: rdflib.Literal(str(v)))
    for cls in shapes_graph().objects(shape, SH.targetClass):
        g.add((rdflib.BNode(), RDF.type, cls))
        return True
    return False


def other_language(g: rdflib.Graph, shape: Node) -> bool:
    return replace_value(g, shape, lambda v: rdflib.Literal(str(v), lang="fr"))


def same_language_twice(g: rdflib.Graph, shape: Node) -> bool:
    path = path_of(shape)
    for focus in focus_nodes(g, shape):
        for value in g.objects(focus, path):
            if isinstance(value, rdflib.Literal) and value.language:
                g.add((focus, path, rdflib.Literal(f"{value} (2)", lang=value.language.upper())))
                return True
    return False


def below(g: rdflib.Graph, shape: Node) -> bool:
    return replace_value(g, shape, lambda _v: rdflib.Literal(-5))


def not_less(g: rdflib.Graph, shape: Node) -> bool:
    return replace_value(g, shape, lambda _v: rdflib.Literal(10**9))


def second_selector(g: rdflib.Graph, shape: Node) -> bool:
    """One focus node with a second value of the qualified shape's class, another with none."""
    sg, path = shapes_graph(), path_of(shape)
    cls = sg.value(param(shape, SH.qualifiedValueShape), SH["class"])
    foci = [f for f in focus_nodes(g, shape) if any((v, RDF.type, cls) in g for v in g.objects(f, path))]
    if len(foci) < 2:
        return False
    g.add((foci[0], path, EX.second))
    g.add((EX.second, RDF.type, cls))
    for v in list(g.objects(foci[1], path)):
        g.remove((v, RDF.type, cls))
    return True


INJECTIONS: dict[str, tuple[rdflib.URIRef, Callable[[rdflib.Graph, Node], bool], set[str]]] = {
    "wrong datatype": (SH.datatype, wrong_datatype, {"Datatype"}),
    "ill-typed literal": (SH.datatype, ill_typed, {"Datatype"}),
    "missing required": (SH.minCount, remove_all, {"MinCount"}),
    "too many": (SH.maxCount, one_more, {"MaxCount"}),
    "wrong class": (SH["class"], untyped, {"Class"}),
    "not an IRI": (SH.nodeKind, not_an_iri, {"NodeKind"}),
    "empty string": (SH.minLength, lambda g, s: replace_value(g, s, lambda v: like(v, "")), {"MinLength"}),
    "pattern": (SH.pattern, lambda g, s: replace_value(g, s, lambda v: like(v, "!bad!")), {"Pattern"}),
    "not in the list": (SH["in"], lambda g, s: replace_value(g, s, lambda _v: EX.other), {"In"}),
    "language not allowed": (SH.languageIn, other_language, {"LanguageIn"}),
    "language twice": (SH.uniqueLang, same_language_twice, {"UniqueLang"}),
    "below the minimum": (SH.minInclusive, below, {"MinInclusive"}),
    "not less than": (SH.lessThan, not_less, {"LessThan"}),
    "none of the alternatives": (SH["or"], lambda g, s: replace_value(g, s, lambda _v: EX.untyped), {"Or"}),
    "qualified count": (SH.qualifiedValueShape, second_selector, {"QualifiedMinCount", "QualifiedMaxCount"}),
}


def test_every_constraint_kind_of_the_shapes_is_injected() -> None:
    used = {p for p in shapes_graph().predicates() if str(p).startswith(str(SH))}
    used -= sparqlshapes.NOT_CONSTRAINTS | {RDF.type, SH.property, SH.qualifiedValueShapesDisjoint}
    assert used <= {constraint for constraint, _, _ in INJECTIONS.values()}


@pytest.mark.parametrize("kind", INJECTIONS)
def test_an_injected_error_gives_the_same_results(base: rdflib.Graph, kind: str) -> None:
    constraint, inject, components = INJECTIONS[kind]
    g = rdflib.Graph()
    for t in base:
        g.add(t)
    injected = [shape for shape in shapes_with(constraint) if inject(g, shape)]
    assert injected, f"no focus node to inject {kind} into"
    found = same_results(g)
    reported = {v.component.removeprefix("sh:").removesuffix("ConstraintComponent") for v in found}
    assert components <= reported, (kind, reported)
    assert {v.shape for v in found if v.component.removeprefix("sh:").startswith(tuple(components))}


def test_the_build_says_which_validator_ran(bundled_out: Path, tmp_path: Path) -> None:
    assert json.loads((bundled_out / "current" / "build.json").read_text())["validation"]["validator"] == "native"
    report = build(BUNDLED, tmp_path / "out", BASE, validate_with="pyshacl")
    assert report["validation"] == {"validator": "pyshacl", "batches": 1, "violations": 0}


def test_a_shape_the_compiler_does_not_know_goes_to_pyshacl(tmp_path: Path) -> None:
    (tmp_path / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:maxLength 3 ; sh:message "short" .\n'
    )
    with pytest.raises(sparqlshapes.Unsupported, match="maxLength"):
        sparqlshapes.compiled(tmp_path)
    assert not sparqlshapes.supported(tmp_path) and sparqlshapes.supported()


OWN_SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/injected/> .
ex:Two a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 2 ; sh:maxCount 3 ;
    sh:class ex:D ; sh:message "two or three"@en, "二つか三つ"@ja .
ex:Typed a sh:NodeShape ; sh:targetClass ex:C ; sh:class ex:E ; sh:message "an E"@en .
"""


def test_counts_other_than_one_and_subclasses_in_the_data(tmp_path: Path) -> None:
    """Bounds the bundled shapes do not use (at least two, at most three) and instances of subclasses, as
    targets and as sh:class values: the same results as pySHACL, which finds some of each kind."""
    (tmp_path / "shapes.ttl").write_text(OWN_SHAPES)
    g = rdflib.Graph()
    g.add((EX.SubC, rdflib.RDFS.subClassOf, EX.C))
    g.add((EX.SubD, rdflib.RDFS.subClassOf, EX.D))
    g.add((EX.SubSubD, rdflib.RDFS.subClassOf, EX.SubD))
    for n in range(6):  # focus node n has n values, typed D, SubD or SubSubD by turns; odd ones are also E
        focus = EX[f"f{n}"]
        g.add((focus, RDF.type, EX.SubC if n % 2 else EX.C))
        if n % 2:
            g.add((focus, RDF.type, EX.E))
        for i in range(n):
            value = EX[f"v{n}-{i}"]
            g.add((focus, EX.p, value))
            g.add((value, RDF.type, (EX.D, EX.SubD, EX.SubSubD)[i % 3]))
    g.add((EX.f5, EX.p, EX.untyped))  # and one value that is not a D
    expected = violations(g, shapes_graph(tmp_path))
    store = Store()
    store.bulk_load(input=g.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    assert records(sparqlplan.violations_of(store, tmp_path), set()) == records(expected, set())
    assert sparqlplan.violations_of(store, tmp_path, flat=True) != sparqlplan.violations_of(store, tmp_path)
    kinds = Counter(v.component for v in expected)
    assert kinds == {
        "sh:MinCountConstraintComponent": 2,  # f0 and f1
        "sh:MaxCountConstraintComponent": 2,  # f4 and f5 (six values)
        "sh:ClassConstraintComponent": 4,  # f0, f2, f4 are not E; ex:untyped is not a D
    }
