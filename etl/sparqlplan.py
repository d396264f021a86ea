"""The compiled shapes (sparqlshapes.py) run over one batch as few queries, each a single pass over its data.

The checks of the shapes that share their focus nodes (the same targets) are run together: one query gives every
value that fails any value condition (sh:class, sh:datatype, sh:in …: each condition a column), one counts the
values of each path once for every sh:minCount, sh:maxCount and sh:qualifiedValueShape, and each rarer constraint
(sh:uniqueLang, sh:lessThan) has its own. On valid data the queries give no rows at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, Store
from rdflib.namespace import RDF, RDFS

from jkg.etl.shaclterms import less_than, well_typed
from jkg.etl.sparqlshapes import INSTANCE, Check, compiled
from jkg.etl.validate import Violation, shape_name, shapes_graph


@dataclass(frozen=True)
class Reported:
    """A check, with its place among all checks (to order results) and what its results say."""

    order: int
    check: Check
    name: str
    message_ja: str
    message_en: str

    def result(self, focus: Any, value: Any = None, component: str = "") -> tuple[int, Violation]:
        c = self.check
        found = Violation(
            c.severity, _text(focus), self.name, c.path, _text(value), self.message_ja, self.message_en,
            component=component or c.component,
        )  # fmt: skip
        return self.order, found


TYPE = f"<{RDF.type}>"
ONE_CLASS = re.compile(r"\{ SELECT DISTINCT \?f WHERE \{ \{ \?f " + re.escape(TYPE) + r" (<[^>]*>) \} \} \}")


def _flat(text: str) -> str:
    """The query for data without rdfs:subClassOf: the instances of a class are the nodes typed with it, and
    those of one class are distinct without DISTINCT (a build's batches: they hold only the predicates the
    shapes name, and none names it)."""
    return ONE_CLASS.sub(rf"{{ ?f {TYPE} \1 }}", text.replace(INSTANCE, TYPE))


@dataclass(frozen=True)
class Query:
    """One SELECT and the checks whose results its solutions are: ?f, then ?v for values, then a column each."""

    kind: str  # "values" (a column each: does the value fail it), "counts" (?f ?p ?n), "own"
    text: str
    checks: tuple[Reported, ...]

    @cached_property
    def flat(self) -> str:
        return _flat(self.text)


def _text(term: object) -> str:
    return str(term.value) if hasattr(term, "value") else ""  # NamedNode, Literal, BlankNode: their text


def _by_path(checks: list[Reported]) -> dict[str, list[tuple[int, Reported]]]:
    """The checks (with their column) by path, in order."""
    paths: dict[str, list[tuple[int, Reported]]] = {}
    for k, r in enumerate(checks):
        paths.setdefault(r.check.predicate, []).append((k, r))
    return paths


def _value_query(targets: str, checks: list[Reported]) -> str:
    """Every value (or focus node, for node shapes) that fails one of the checks, with a column per check (unbound
    for the checks of other branches). Each path's conditions are a branch, and each sh:class another (MINUS
    the instances: pyoxigraph hashes them once, where NOT EXISTS is evaluated again for each value), which only
    its checks test."""
    columns = " ".join(f"?x{k}" for k in range(len(checks)))
    branches = []
    for p, members in _by_path(checks).items():
        value = f"?f {p} ?v" if p else f"{targets} BIND(?f AS ?v)"
        tests = [(k, r) for k, r in members if not r.check.instance_of]
        if tests:
            fails = " || ".join(f"COALESCE({r.check.failing}, false)" for _, r in tests)
            binds = " ".join(f"BIND(COALESCE({r.check.failing}, false) AS ?x{k})" for k, r in tests)
            branches.append(f"{{ {{ {value} FILTER({fails}) }} {binds} }}")
        for k, r in members:
            if r.check.instance_of:
                minus = f"MINUS {{ ?v {INSTANCE} {r.check.instance_of} }}"
                branches.append(f"{{ {{ {value} {minus} }} BIND(true AS ?x{k}) }}")
    if not checks[0].check.predicate:  # each branch has the focus nodes already
        return f"SELECT ?f ?v {columns} WHERE {{ {' UNION '.join(branches)} }}"
    return f"SELECT ?f ?v {columns} WHERE {{ {targets} {{ {' UNION '.join(branches)} }} }}"


def _count_queries(targets: str, checks: list[Reported]) -> Iterator[Query]:
    """The focus nodes whose number of values of a path is out of a check's bounds (?f ?p ?n): one query for those
    with none where there must be some, one for the others (each path's values counted by focus node, whoever
    it is, then joined to the focus nodes), one for each qualified value shape (its conforming values)."""
    plain = [r for r in checks if not r.check.conforms]
    lows = {
        p: max(r.check.counts[0] for _, r in m if r.check.counts and r.check.counts[0] is not None)
        for p, m in _by_path(plain).items()
        if any(r.check.counts and r.check.counts[0] for _, r in m)
    }
    if lows:
        text = (
            f"SELECT ?f ?p ?n WHERE {{ {targets} VALUES ?p {{ {' '.join(lows)} }} "
            f"FILTER NOT EXISTS {{ ?f ?p ?v }} BIND(0 AS ?n) }}"
        )
        yield Query("counts", text, tuple(plain))
    branches = []
    for p, members in _by_path(plain).items():
        bounds = [r.check.counts or (None, None) for _, r in members]
        highs = [high for _, high in bounds if high is not None]
        low = max((low for low, _ in bounds if low is not None and low > 1), default=None)
        outside = ([f"COUNT(?v) > {min(highs)}"] if highs else []) + ([f"COUNT(?v) < {low}"] if low else [])
        if outside:
            counted = f"SELECT ?f (COUNT(?v) AS ?n) WHERE {{ ?f {p} ?v }} GROUP BY ?f HAVING ({' || '.join(outside)})"
            branches.append(f"{{ {{ {counted} }} BIND({p} AS ?p) }}")
    if branches:
        yield Query("counts", f"SELECT ?f ?p ?n WHERE {{ {targets} {' UNION '.join(branches)} }}", tuple(plain))
    for r in checks:
        if r.check.conforms:
            low, high = r.check.counts or (None, None)
            outside = ([f"?n < {low}"] if low is not None else []) + ([f"?n > {high}"] if high is not None else [])
            p = r.check.predicate
            counted = (
                f"SELECT ?f (COUNT(?v) AS ?n) WHERE {{ {targets} OPTIONAL {{ ?f {p} ?v "
                f"FILTER(COALESCE({r.check.conforms}, false)) }} }} GROUP BY ?f"
            )
            text = (
                f"SELECT ?f ?p ?n WHERE {{ {{ {counted} }} FILTER({' || '.join(outside) or 'false'}) BIND({p} AS ?p) }}"
            )
            yield Query("counts", text, (r,))


@cache
def plan(directory: Path | None = None) -> tuple[Query, ...]:
    """The queries that run every compiled check (sparqlshapes.compiled), made once per process."""
    g = shapes_graph(directory)
    groups: dict[tuple[str, str], list[Reported]] = {}
    own: list[Query] = []
    for order, check in enumerate(compiled(directory)):
        by_lang = {m.language: str(m) for m in check.messages}
        first = str(check.messages[0])
        reported = Reported(
            order, check, shape_name(check.shape, g), by_lang.get("ja", first), by_lang.get("en", first)
        )
        if check.query:
            own.append(Query("own", check.query, (reported,)))
        else:
            kind = "counts" if check.counts is not None else "values" if check.predicate else "nodes"
            groups.setdefault((check.targets, kind), []).append(reported)
    queries: list[Query] = []
    for (targets, kind), checks in groups.items():
        if kind == "counts":
            queries.extend(_count_queries(targets, checks))
        else:
            queries.append(Query("values", _value_query(targets, checks), tuple(checks)))
    return (*queries, *own)


def _values(query: Query, solutions: QuerySolutions) -> Iterator[tuple[int, Violation]]:
    for row in solutions:
        focus, value = row[0], row[1]
        for k, r in enumerate(query.checks):
            failed = row[2 + k]
            if failed is None or failed.value != "true":
                continue
            if r.check.well_typed is not None and well_typed(value.value, r.check.well_typed):
                continue
            yield r.result(focus, value if r.check.values else None)


def _counts(query: Query, solutions: QuerySolutions) -> Iterator[tuple[int, Violation]]:
    for row in solutions:
        focus, predicate, n = row[0], f"<{row[1].value}>", int(row[2].value)
        for r in query.checks:
            low, high = r.check.counts or (None, None)
            if r.check.predicate != predicate:
                continue
            if r.check.conforms:
                if high is not None and n > high:
                    yield r.result(focus, component="sh:QualifiedMaxCountConstraintComponent")
                if low is not None and n < low:
                    yield r.result(focus, component="sh:QualifiedMinCountConstraintComponent")
            elif (low is not None and n < low) or (high is not None and n > high):
                yield r.result(focus)


def _own(query: Query, solutions: QuerySolutions) -> Iterator[tuple[int, Violation]]:
    (r,) = query.checks
    for row in solutions:
        if r.check.less_than and less_than(row["v"], row["o"]):
            continue
        yield r.result(row["f"], row["v"] if r.check.values else None)


def results(
    store: Store, directory: Path | None = None, *, flat: bool | None = None
) -> Iterator[tuple[int, Violation]]:
    """Every result of validating the store's default graph, with the place of its check among all checks. flat:
    whether the data has no rdfs:subClassOf (None: ask it)."""
    if flat is None:
        subclasses = store.query(f"ASK {{ ?a <{RDFS.subClassOf}> ?b }}")
        assert isinstance(subclasses, QueryBoolean)
        flat = not subclasses
    run = {"values": _values, "counts": _counts, "own": _own}
    for query in plan(directory):
        solutions = store.query(query.flat if flat else query.text)
        assert isinstance(solutions, QuerySolutions)
        yield from run[query.kind](query, solutions)


def violations_of(store: Store, directory: Path | None = None, *, flat: bool | None = None) -> list[Violation]:
    """Validate the store's default graph; the results as validate.violations() gives them (in a fixed order)."""
    found = sorted(
        results(store, directory, flat=flat), key=lambda r: (r[1].focus, r[1].shape, r[1].path, r[0], r[1].value)
    )
    return [v for _, v in found]


def validate_ntriples(data: bytes) -> list[Violation]:
    """Load one batch of N-Triples into an in-memory store and validate it (runs in a worker process)."""
    store = Store()
    store.bulk_load(input=data, format=RdfFormat.N_TRIPLES)
    return violations_of(store)
