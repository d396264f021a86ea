"""The shapes compiled to SPARQL and run natively by pyoxigraph: the same results as pySHACL, without rdflib.

Each constraint of each shape becomes one SELECT over the data (a pyoxigraph store), giving focus node and value
the way pySHACL's core constraint components do (tests/test_native_validation.py checks both report the same on
the golden cases and on graphs with an injected error of every constraint kind shapes/ uses). A shape using
anything else raises Unsupported when the shapes are compiled, and the build falls back to pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, QuerySolutions, RdfFormat, Store
from pyshacl.rdfutil.stringify import stringify_node
from rdflib.namespace import RDF, RDFS, SH, XSD

from jkg.etl.validate import Violation, shape_name, shapes_graph, short

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
# Datatypes whose lexical form pySHACL checks (rdflib's ill_typed and the Python type of the value).
CHECKED_TYPES: dict[rdflib.URIRef, type | tuple[type, ...]] = {
    XSD.integer: int,
    XSD.decimal: Decimal,
    XSD.float: float,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.dateTime: datetime,
    XSD.time: time,
}


class Unsupported(Exception):
    """A shape uses a constraint (or a path or a target) that is not compiled to SPARQL."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a query; each solution is one result (?f, and ?v when there is a value)."""

    shape: rdflib.term.Node
    component: str
    query: str
    path: str
    severity: str
    messages: tuple[rdflib.Literal, ...]
    values: bool = True  # the result's sh:value is ?v
    well_typed: rdflib.URIRef | None = None  # the query gives every value of this datatype: keep the ill-typed
    counts: tuple[int | None, int | None] | None = None  # qualified min, max: ?n is compared in Python
    less_than: bool = False  # ?v is not less than ?o in SPARQL: compared again as pySHACL compares them


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
    parts = [f"{{ ?f {INSTANCE} {_iri(c)} }}" for c in g.objects(shape, SH.targetClass)]
    parts += [f"{{ ?t {_iri(p)} ?f }}" for p in g.objects(shape, SH.targetObjectsOf)]
    parts += [f"{{ ?f {_iri(p)} ?t }}" for p in g.objects(shape, SH.targetSubjectsOf)]
    parts += [f"{{ VALUES ?f {{ {_term(n)} }} }}" for n in g.objects(shape, SH.targetNode)]
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
    values = f"{targets} ?f {p} ?v ." if p else f"{targets} BIND(?f AS ?v)"
    severity = short(g.value(shape, SH.severity) or SH.Violation, g).removeprefix("sh:")
    messages = tuple(m for m in g.objects(shape, SH.message) if isinstance(m, rdflib.Literal))
    path = short(paths[0], g) if paths else ""

    def check(
        component: str,
        where: str,
        *,
        select: str = "?f ?v",
        tail: str = "",
        generic: str = "",  # pySHACL's own message, for a shape without sh:message
        well_typed: rdflib.URIRef | None = None,
        counts: tuple[int | None, int | None] | None = None,
        less_than: bool = False,
    ) -> Check:
        shown = messages or ((rdflib.Literal(generic),) if generic else ())
        if not shown:
            raise Unsupported(f"shape {shape} has no sh:message for {component}")
        return Check(
            shape,
            f"sh:{component}ConstraintComponent",
            f"SELECT {select} WHERE {{ {where} }} {tail}",
            path,
            severity,
            shown,
            values="?v" in select,
            well_typed=well_typed,
            counts=counts,
            less_than=less_than,
        )

    def filtered(component: str, failing: str, generic: str = "") -> Check:
        return check(component, f"{values} FILTER({failing})", generic=generic)

    for c, o in g.predicate_objects(shape):
        if c in NOT_CONSTRAINTS or not str(c).startswith(str(SH)):
            continue
        if c == SH["class"]:
            yield check("Class", f"{values} FILTER NOT EXISTS {{ ?v {INSTANCE} {_iri(o)} }}")
        elif c == SH.datatype:
            yield filtered("Datatype", f"!(isLiteral(?v) && datatype(?v) = {_iri(o)})")
            if isinstance(o, rdflib.URIRef) and o in CHECKED_TYPES:
                where = f"{values} FILTER(isLiteral(?v) && datatype(?v) = {_iri(o)})"
                yield check("Datatype", where, well_typed=o)
        elif c == SH.nodeKind:
            generic = f"Value is not of Node Kind {stringify_node(g, o)}"
            yield filtered("NodeKind", f"!{_node_kind(o)}", generic=generic)
        elif c in (SH.minCount, SH.maxCount):
            n = _int(o)
            if c == SH.minCount and n > 0:
                where = f"{targets} OPTIONAL {{ ?f {p} ?v }}"
                yield check("MinCount", where, select="?f", tail=f"GROUP BY ?f HAVING (COUNT(?v) < {n})")
            elif c == SH.maxCount:
                where = f"{targets} ?f {p} ?v"
                yield check("MaxCount", where, select="?f", tail=f"GROUP BY ?f HAVING (COUNT(?v) > {n})")
        elif c == SH.minLength:
            yield filtered("MinLength", f"isBlank(?v) || STRLEN(STR(?v)) < {_int(o)}")
        elif c == SH.pattern:
            flags = g.value(shape, SH.flags)
            regex = f"REGEX(STR(?v), {_string(str(o))}{', ' + _string(str(flags)) if flags else ''})"
            yield filtered("Pattern", f"isBlank(?v) || !{regex}")
        elif c == SH["in"]:
            same = " || ".join(f"sameTerm(?v, {_term(m)})" for m in g.items(o)) or "false"
            yield filtered("In", f"!({same})")
        elif c == SH.languageIn:
            langs = ", ".join(_string(str(m).lower()) for m in g.items(o))
            lang = "LCASE(LANG(?v))"
            yield filtered(
                "LanguageIn", f'!isLiteral(?v) || !({lang} IN ({langs}) || STRBEFORE({lang}, "-") IN ({langs}))'
            )
        elif c == SH.uniqueLang:
            if o == rdflib.Literal(True):
                where = f'{values} FILTER(isLiteral(?v) && LANG(?v) != "")'
                tail = "GROUP BY ?f (LCASE(LANG(?v)) AS ?lang) HAVING (COUNT(*) > 1)"
                yield check("UniqueLang", where, select="?f", tail=tail)
        elif str(c) in COMPARISONS:
            operator, name = COMPARISONS[str(c)]
            yield filtered(name, f"!COALESCE(?v {operator} {_term(o)}, false)")
        elif c == SH.lessThan:
            where = f"{values} ?f {_iri(o)} ?o . FILTER(!COALESCE(?v < ?o, false))"
            yield check("LessThan", where, select="?f ?v ?o", less_than=True)
        elif c == SH["or"]:
            members = " || ".join(f"({_conforms(g, m)})" for m in g.items(o))
            yield filtered("Or", f"!({members or 'false'})")
        elif c == SH.qualifiedValueShape:
            if g.value(shape, SH.qualifiedValueShapesDisjoint) not in (None, rdflib.Literal(False)):
                raise Unsupported(f"shape {shape}: disjoint qualified value shapes are not compiled")
            low, high = g.value(shape, SH.qualifiedMinCount), g.value(shape, SH.qualifiedMaxCount)
            counts = (_int(low) if low is not None else None, _int(high) if high is not None else None)
            where = f"{targets} OPTIONAL {{ ?f {p} ?v FILTER({_conforms(g, o)}) }}"
            tail = "GROUP BY ?f"
            yield check("QualifiedValueShape", where, select="?f (COUNT(?v) AS ?n)", tail=tail, counts=counts)
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


@cache
def _well_typed(lexical: str, datatype: rdflib.URIRef) -> bool:
    """pySHACL's test of a literal of the datatype it is checked against: rdflib parses its lexical form, and
    the value has the datatype's Python type."""
    literal = rdflib.Literal(lexical, datatype=datatype)
    return literal.ill_typed is not True and isinstance(literal.value, CHECKED_TYPES[datatype])


def _rdflib(term: Any) -> rdflib.term.Node:
    if isinstance(term, OxLiteral):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.URIRef(term.value) if isinstance(term, NamedNode) else rdflib.BNode(term.value)


def _less_than(value: Any, other: Any) -> bool:
    """pySHACL's sh:lessThan test: IRIs and string-valued literals compare as strings, never with other values;
    other literals by rdflib's order (an ill-typed literal by its lexical form)."""
    a, b = _rdflib(value), _rdflib(other)

    def text(n: rdflib.term.Node) -> str | None:
        if isinstance(n, rdflib.URIRef):
            return str(n)
        return n.value if isinstance(n, rdflib.Literal) and isinstance(n.value, str) else None

    if (text(a) is None) != (text(b) is None):
        return False
    try:
        return bool(text(a) < text(b) if text(a) is not None else a < b)  # type: ignore[operator]
    except TypeError:
        return False


def _value(term: object) -> str:
    return str(term.value) if hasattr(term, "value") else ""  # NamedNode, Literal, BlankNode: their text


def results(store: Store, directory: Path | None = None) -> Iterator[Violation]:
    """Every result of validating the store's default graph (each naming its constraint component)."""
    g = shapes_graph(directory)
    names: dict[rdflib.term.Node, str] = {}
    for check in compiled(directory):
        name = names.setdefault(check.shape, shape_name(check.shape, g))
        by_lang = {m.language: str(m) for m in check.messages}
        ja, en = by_lang.get("ja", str(check.messages[0])), by_lang.get("en", str(check.messages[0]))
        solutions = store.query(check.query)
        assert isinstance(solutions, QuerySolutions)
        for row in solutions:
            component = check.component
            if check.counts is not None:
                n, (low, high) = int(row["n"].value), check.counts
                kinds = ["Max"] if high is not None and n > high else []
                kinds += ["Min"] if low is not None and n < low else []
                if not kinds:
                    continue
                components = [f"sh:Qualified{k}CountConstraintComponent" for k in kinds]
            else:
                components = [component]
            value = row["v"] if check.values else None
            if check.well_typed is not None:
                assert isinstance(value, OxLiteral)
                if _well_typed(value.value, check.well_typed):
                    continue
            if check.less_than and _less_than(row["v"], row["o"]):
                continue
            focus = row["f"]
            for component in components:
                yield Violation(
                    check.severity, _value(focus), name, check.path, _value(value), ja, en, component=component
                )


def violations_of(store: Store, directory: Path | None = None) -> list[Violation]:
    """Validate the store's default graph; the results as validate.violations() gives them."""
    return sorted(results(store, directory), key=lambda v: (v.focus, v.shape, v.path))


def validate_ntriples(data: bytes) -> list[Violation]:
    """Load one batch of N-Triples into an in-memory store and validate it (runs in a worker process)."""
    store = Store()
    store.bulk_load(input=data, format=RdfFormat.N_TRIPLES)
    return violations_of(store)
