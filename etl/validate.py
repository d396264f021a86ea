"""Validate graphs against shapes/ with pyshacl, in batches that together check every node."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import RDF, SH

from jkg import namespace, resources


@dataclass(frozen=True)
class Violation:
    """One SHACL result: what failed, where, and the source line it came from when known."""

    severity: str
    focus: str
    shape: str
    path: str
    value: str
    message_ja: str
    message_en: str
    source: str = ""
    component: str = ""  # the SHACL constraint component (sh:MinCountConstraintComponent)

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        path = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        messages = f"{self.message_en} / {self.message_ja}"
        return f"{where}{self.severity} <{self.focus}>{path}{value} — {messages} [shape {self.shape}]"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@cache
def shapes_graph(directory: Path | None = None) -> rdflib.Graph:
    """Every Turtle file in shapes/, parsed once per process."""
    g = rdflib.Graph()
    for path in sorted((directory or resources.shapes_dir()).glob("*.ttl")):
        g.parse(data=namespace.read(path), format="turtle")
    return g


@cache
def constrained_predicates(directory: Path | None = None) -> frozenset[str]:
    """The predicates the shapes look at (every sh:path, and rdf:type for targets and sh:class).

    With no sh:closed shape, a triple with any other predicate cannot change a validation result, so batches
    leave it out.
    """
    shapes = shapes_graph(directory)
    paths = {str(p) for p in shapes.objects(None, SH.path) if isinstance(p, rdflib.URIRef)}
    for shape, closed in shapes.subject_objects(SH.closed):
        if isinstance(closed, rdflib.Literal) and closed.toPython() is True:
            raise ValueError(f"shape {shape} is sh:closed: every predicate must be validated")
    return frozenset(paths | {str(RDF.type)})


def short(node: rdflib.term.Node | None, g: rdflib.Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:  # rdflib raises plain exceptions for IRIs it cannot shorten
            return str(node)
    return str(node)


def shape_name(shape: rdflib.term.Node, shapes: rdflib.Graph) -> str:
    """A property shape is a blank node: name the node shape that holds it, and its path."""
    if isinstance(shape, rdflib.BNode):
        owner = shapes.value(predicate=SH.property, object=shape)
        path = shapes.value(shape, SH.path)
        if owner is not None:
            return f"{short(owner, shapes)} › {short(path, shapes)}"
    return short(shape, shapes)


def violations(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> list[Violation]:
    """Validate one graph (core constraints, no inference) and return every result."""
    shapes = shapes if shapes is not None else shapes_graph()
    conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        messages = list(results.objects(result, SH.resultMessage))
        by_lang = {getattr(m, "language", None): str(m) for m in messages}
        fallback = str(messages[0]) if messages else ""
        found.append(
            Violation(
                severity=short(results.value(result, SH.resultSeverity), shapes).removeprefix("sh:"),
                focus=str(results.value(result, SH.focusNode)),
                shape=shape_name(results.value(result, SH.sourceShape), shapes),
                path=short(results.value(result, SH.resultPath), shapes),
                value=str(results.value(result, SH.value) or ""),
                message_ja=by_lang.get("ja", fallback),
                message_en=by_lang.get("en", fallback),
                component=short(results.value(result, SH.sourceConstraintComponent), shapes),
            )
        )
    return sorted(found, key=lambda v: (v.focus, v.shape, v.path))


def validate_ntriples(data: bytes) -> list[Violation]:
    """Parse one batch of N-Triples and validate it (runs in a worker process)."""
    g = rdflib.Graph()
    g.parse(data=data, format="ox-nt")
    return violations(g)


VALIDATORS = ("native", "pyshacl")


def runner(validator: str) -> Callable[[bytes], list[Violation]]:
    """What validates a batch: "pyshacl" (the validator of record), or "native": the shapes compiled to SPARQL
    and run by pyoxigraph (sparqlshapes.py, tested to report what pySHACL reports), when it compiles every
    shape; else pySHACL."""
    from jkg.etl import sparqlplan, sparqlshapes  # they build on this module

    if validator == "native" and sparqlshapes.supported():
        sparqlplan.plan()  # made before the pool forks, as the shapes are parsed
        return sparqlplan.validate_ntriples
    if validator not in VALIDATORS:
        raise ValueError(f"unknown validator {validator!r}: give one of {', '.join(VALIDATORS)}")
    return validate_ntriples


def locate(found: Iterable[Violation], locations: Mapping[str, str]) -> list[Violation]:
    """Attach 'file:line' to each violation whose focus node came from a known row."""
    out = []
    for v in found:
        where = locations.get(v.focus, "")
        out.append(Violation(**{**v.as_dict(), "source": where}) if where else v)
    return out


PARENT_CHECK_SECONDS = 0.5


def _exit_with_parent(parent: int) -> None:
    """Runs first in each validation process: end it when the build that started it has gone, however it went
    (kill -9 included), instead of leaving it validating for nobody."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="jkg-parent-watch", daemon=True).start()


class BatchValidator:
    """Validates batches in a process pool when there are many, in-process when there is one."""

    def __init__(self, workers: int, validator: str = "native") -> None:
        self.workers = workers
        self.run = runner(validator)
        self.validator = "pyshacl" if self.run is validate_ntriples else "native"
        self._pool: Executor | None = None
        self._pending: list[tuple[Future[list[Violation]], dict[str, str]]] = []
        self.results: list[Violation] = []
        self.batches = 0

    def submit(self, data: bytes, locations: dict[str, str], *, last: bool = False) -> None:
        """Validate one batch now (single batch) or in the pool."""
        self.batches += 1
        if last and self._pool is None:
            self.results.extend(locate(self.run(data), locations))
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, initializer=_exit_with_parent, initargs=(os.getpid(),)
            )
        self._pending.append((self._pool.submit(self.run, data), locations))
        # Keep memory flat: never hold more than two batches per worker in flight.
        while len(self._pending) > 2 * self.workers:
            self._collect_one()

    def _collect_one(self) -> None:
        future, locations = self._pending.pop(0)
        self.results.extend(locate(future.result(), locations))

    def finish(self) -> list[Violation]:
        """Wait for every batch and return all violations."""
        while self._pending:
            self._collect_one()
        if self._pool is not None:
            self._pool.shutdown()
        return self.results

    def cancel(self) -> None:
        """Stop the pool without waiting for pending batches."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
