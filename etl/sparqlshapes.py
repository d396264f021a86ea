"""The shapes compiled to SPARQL, for pyoxigraph to validate natively: the same results as pySHACL, without rdflib.

Each constraint of each shape becomes a Check: a condition each failing value meets, bounds on a count of values,
or (the rarer forms) a SELECT of its own, each giving focus node and value the way pySHACL's core constraint
components do; sparqlplan.py runs them over a batch in a few queries. tests/test_native_validation.py checks that
both report the same on the golden cases and on graphs with an injected error of every constraint kind shapes/
uses. A shape using anything else raises Unsupported when the shapes are compiled, and the build falls back to
pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import rdflib
from pyshacl.rdfutil.stringify import stringify_node
from rdflib.namespace import RDF, RDFS, SH

from jkg.etl.shaclterms import CHECKED_TYPES, SURELY_WELL_TYPED
from jkg.etl.validate import shapes_graph, short

INSTANCE = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
NODE_KINDS = {
    SH.IRI: "isIRI(?v)",
    SH.BlankNode: "isBlank(?v)",
    SH.Literal: "isLiteral(?v)",
    SH.BlankNodeOrIRI: "(isBlank(?v) || isIRI(?v))",
    SH.BlankNodeOrLiteral: "(isBlank(?v) || isLiteral(?v))",
    SH.IRIOrLiteral: "(isIRI(?v) || isLiteral(?v))",
}
COMPARISONS = {  # sh:minInclusive … : the SPARQL operator a conforming value passes, the component
    str(SH.minInclusive): (">=", "MinInclusive"),
    str(SH.maxInclusive): ("<=", "MaxInclusive"),
    str(SH.minExclusive): (">", "MinExclusive"),
    str(SH.maxExclusive): ("<", "MaxExclusive"),
}
# What a shape may say besides its constraints: anything else in sh: is a constraint not compiled here.
NOT_CONSTRAINTS = {
    SH.targetClass,
    SH.targetObjectsOf,
    SH.targetSubjectsOf,
    SH.targetNode,
    SH.path,
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.deactivated,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.flags,
}


class Unsupported(Exception):
    """A shape uses a constraint (or a path or a target) that is not compiled to SPARQL."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape. Exactly one of failing, instance_of, counts and query says what fails it."""

    shape: rdflib.term.Node
    component: str
    targets: str  # a sub-SELECT binding ?f to each focus node
    predicate: str  # the path, <iri>; "" for a node shape, whose value node is the focus node
    path: str  # the path as results name it
    severity: str
    messages: tuple[rdflib.Literal, ...]
    failing: str = ""  # a condition on ?f and ?v that each failing value meets (one result per value)
    instance_of: str = ""  # sh:class: each value that is no instance of this class fails (one result per value)
    counts: tuple[int | None, int | None] | None = None  # the bounds of the number of values (one result per focus)
    conforms: str = ""  # with counts: the condition on ?v a counted value meets (sh:qualifiedValueShape)
    query: str = ""  # a SELECT of its own: each solution (?f, ?v, ?o) is one result
    values: bool = True  # the result's sh:value is ?v
    well_typed: rdflib.URIRef | None = None  # ?v has this datatype: a result only when ill-typed (shaclterms)
    less_than: bool = False  # ?v is not less than ?o in SPARQL: a result only if not in pySHACL's order either


def _iri(node: rdflib.term.Node) -> str:
    if not isinstance(node, rdflib.URIRef):
        raise Unsupported(f"{node!r} is not an IRI")
    return f"<{node}>"


def _term(node: rdflib.term.Node) -> str:
    if isinstance(node, rdflib.Literal):
        return node.n3()
    return _iri(node)


def _int(node: rdflib.term.Node) -> int:
    if not isinstance(node, rdflib.Literal) or not isinstance(node.value, int):
        raise Unsupported(f"{node!r} is not an integer")
    return node.value


def _node_kind(node: rdflib.term.Node) -> str:
    if node not in NODE_KINDS:
        raise Unsupported(f"{node!r} is not a node kind")
    return NODE_KINDS[node]  # type: ignore[index]


def _string(text: str) -> str:
    return rdflib.Literal(text).n3()


def _targets(g: rdflib.Graph, shape: rdflib.term.Node) -> str:
    parts = [f"{{ ?f {INSTANCE} {_iri(c)} }}" for c in sorted(g.objects(shape, SH.targetClass), key=str)]
    parts += [f"{{ ?t {_iri(p)} ?f }}" for p in sorted(g.objects(shape, SH.targetObjectsOf), key=str)]
    parts += [f"{{ ?f {_iri(p)} ?t }}" for p in sorted(g.objects(shape, SH.targetSubjectsOf), key=str)]
    parts += [f"{{ VALUES ?f {{ {_term(n)} }} }}" for n in sorted(g.objects(shape, SH.targetNode), key=str)]
    if (shape, RDF.type, RDFS.Class) in g or not parts:
        raise Unsupported(f"shape {shape}: implicit class targets or no target")
    return f"{{ SELECT DISTINCT ?f WHERE {{ {' UNION '.join(parts)} }} }}"


def _conforms(g: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """A nested shape (sh:or members, sh:qualifiedValueShape) as a condition on ?v: only sh:class and
    sh:nodeKind, each of which gives at most one result per value node."""
    conditions = []
    for p, o in g.predicate_objects(shape):
        if p == SH["class"]:
            conditions.append(f"EXISTS {{ ?v {INSTANCE} {_iri(o)} }}")
        elif p == SH.nodeKind:
            conditions.append(_node_kind(o))
        elif str(p).startswith(str(SH)) or (p == RDF.type and o not in (SH.NodeShape, SH.PropertyShape)):
            raise Unsupported(f"nested shape {shape}: {p} is not compiled")
    return " && ".join(conditions) or "true"


def compile_shape(g: rdflib.Graph, shape: rdflib.term.Node) -> Iterator[Check]:
    """Every constraint of one shape as a Check."""
    paths = list(g.objects(shape, SH.path))
    if len(paths) > 1 or (paths and not isinstance(paths[0], rdflib.URIRef)):
        raise Unsupported(f"shape {shape}: only a single predicate path is compiled")
    p = _iri(paths[0]) if paths else ""
    targets = _targets(g, shape)
    values = f"{targets} ?f {p} ?v ."
    severity = short(g.value(shape, SH.severity) or SH.Violation, g).removeprefix("sh:")
    messages = tuple(m for m in g.objects(shape, SH.message) if isinstance(m, rdflib.Literal))
    path = short(paths[0], g) if paths else ""

    def check(component: str, *, generic: str = "", **how: Any) -> Check:
        """generic: pySHACL's own message, for a shape without sh:message."""
        shown = messages or ((rdflib.Literal(generic),) if generic else ())
        if not shown:
            raise Unsupported(f"shape {shape} has no sh:message for {component}")
        if not p and ("counts" in how or "query" in how):
            raise Unsupported(f"shape {shape}: sh:{component} without a path is not compiled")
        return Check(shape, f"sh:{component}ConstraintComponent", targets, p, path, severity, shown, **how)

    def own(component: str, select: str, where: str, tail: str = "", **how: Any) -> Check:
        return check(component, query=f"SELECT {select} WHERE {{ {where} }} {tail}", values="?v" in select, **how)

    for c, o in g.predicate_objects(shape):
        if c in NOT_CONSTRAINTS or not str(c).startswith(str(SH)):
            continue
        if c == SH["class"]:
            yield check("Class", instance_of=_iri(o))
        elif c == SH.datatype:
            yield check("Datatype", failing=f"!(isLiteral(?v) && datatype(?v) = {_iri(o)})")
            if isinstance(o, rdflib.URIRef) and o in CHECKED_TYPES:
                failing = f"isLiteral(?v) && datatype(?v) = {_iri(o)}"
                if o in SURELY_WELL_TYPED:
                    failing += f" && !REGEX(STR(?v), {_string(SURELY_WELL_TYPED[o])})"
                yield check("Datatype", failing=failing, well_typed=o)
        elif c == SH.nodeKind:
            generic = f"Value is not of Node Kind {stringify_node(g, o)}"
            yield check("NodeKind", failing=f"!{_node_kind(o)}", generic=generic)
        elif c in (SH.minCount, SH.maxCount):
            n = _int(o)
            if c == SH.minCount and n > 0:
                yield check("MinCount", counts=(n, None), values=False)
            elif c == SH.maxCount:
                yield check("MaxCount", counts=(None, n), values=False)
        elif c == SH.minLength:
            yield check("MinLength", failing=f"isBlank(?v) || STRLEN(STR(?v)) < {_int(o)}")
        elif c == SH.pattern:
            flags = g.value(shape, SH.flags)
            regex = f"REGEX(STR(?v), {_string(str(o))}{', ' + _string(str(flags)) if flags else ''})"
            yield check("Pattern", failing=f"isBlank(?v) || !{regex}")
        elif c == SH["in"]:
            same = " || ".join(f"sameTerm(?v, {_term(m)})" for m in g.items(o)) or "false"
            yield check("In", failing=f"!({same})")
        elif c == SH.languageIn:
            langs = ", ".join(_string(str(m).lower()) for m in g.items(o))
            lang = "LCASE(LANG(?v))"
            failing = f'!isLiteral(?v) || !({lang} IN ({langs}) || STRBEFORE({lang}, "-") IN ({langs}))'
            yield check("LanguageIn", failing=failing)
        elif c == SH.uniqueLang:
            if o == rdflib.Literal(True):
                where = f'{values} FILTER(isLiteral(?v) && LANG(?v) != "")'
                yield own("UniqueLang", "?f", where, "GROUP BY ?f (LCASE(LANG(?v)) AS ?lang) HAVING (COUNT(*) > 1)")
        elif str(c) in COMPARISONS:
            operator, name = COMPARISONS[str(c)]
            yield check(name, failing=f"!COALESCE(?v {operator} {_term(o)}, false)")
        elif c == SH.lessThan:
            where = f"{values} ?f {_iri(o)} ?o . FILTER(!COALESCE(?v < ?o, false))"
            yield own("LessThan", "?f ?v ?o", where, less_than=True)
        elif c == SH["or"]:
            members = " || ".join(f"({_conforms(g, m)})" for m in g.items(o))
            yield check("Or", failing=f"!({members or 'false'})")
        elif c == SH.qualifiedValueShape:
            if g.value(shape, SH.qualifiedValueShapesDisjoint) not in (None, rdflib.Literal(False)):
                raise Unsupported(f"shape {shape}: disjoint qualified value shapes are not compiled")
            low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            counts = (_int(low) if low is not None else None, _int(high) if high is not None else None)
            yield check("QualifiedValueShape", counts=counts, conforms=_conforms(g, o), values=False)
        elif c == SH.qualifiedValueShapesDisjoint:
            continue
        else:
            raise Unsupported(f"shape {shape}: {c} is not compiled")


@cache
def compiled(directory: Path | None = None) -> tuple[Check, ...]:
    """Every constraint of every active shape in shapes/ (parsed once per process); Unsupported if any is not
    compiled."""
    g = shapes_graph(directory)
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    shapes |= {s for s in g.subjects(SH.path, None) if not isinstance(s, rdflib.BNode)}
    nested = set(g.objects(None, SH.qualifiedValueShape)) | {m for o in g.objects(None, SH["or"]) for m in g.items(o)}
    checks: list[Check] = []
    for shape in sorted(shapes - nested, key=str):
        if isinstance(shape, rdflib.BNode) and (None, SH.property, shape) in g:
            raise Unsupported(f"shape {shape} is nested by sh:property")
        if g.value(shape, SH.deactivated) == rdflib.Literal(True):
            continue
        checks.extend(compile_shape(g, shape))
    if set(g.subjects(SH.property, None)):
        raise Unsupported("sh:property is not compiled")
    return tuple(checks)


def supported(directory: Path | None = None) -> bool:
    """Whether every shape in shapes/ is compiled (else validation goes to pySHACL)."""
    try:
        compiled(directory)
    except Unsupported:
        return False
    return True
