"""Open a published build read-only and run queries against it with pyoxigraph."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
)

from jkg import layout, namespace
from jkg.iris import Iris
from jkg.layout import BuildFolder, NotPublished
from jkg.vocab import DCTERMS, JKG_NS

__all__ = ["NotPublished", "Published", "Readable", "open_build", "open_published", "run_query"]
QueryResult = QuerySolutions | QueryBoolean | QueryTriples


class Readable(Protocol):
    """What the server reads a build through: a pyoxigraph Store opened read-only, or another store's answers
    (enginestore.EngineStore, jkg serve --engine)."""

    def query(self, query: str, *, use_default_graph_as_union: bool = False) -> QueryResult: ...

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | Triple | None,
        predicate: NamedNode | None,
        object: NamedNode | BlankNode | Literal | Triple | None,
        graph_name: NamedNode | BlankNode | DefaultGraph | None = None,
    ) -> Iterator[Quad]: ...


@dataclass(frozen=True)
class Published:
    """A published build: its folder, its report and its store opened read-only."""

    build: BuildFolder
    report: dict[str, Any]
    store: Readable
    license: str = ""  # the dataset's dcterms:license, read from its description when the build is opened

    @property
    def folder(self) -> Path:
        return self.build.path

    @property
    def base_iri(self) -> str:
        return str(self.report["base_iri"])

    @property
    def iris(self) -> Iris:
        return Iris(self.base_iri)


def open_published(data: Path) -> Published:
    """Open the current build of a data folder read-only (several processes may do so at once)."""
    return open_build(layout.current(data))


def open_build(build: BuildFolder, store: Readable | None = None) -> Published:
    """Open one build folder read-only (its own store, unless another is given)."""
    report = build.report()
    built = report.get(namespace.REPORT_KEY) or namespace.CANONICAL
    if built != JKG_NS:  # its terms are not the ones this process's pages, facets and shapes compare with
        raise namespace.NamespaceMismatch(
            f"{build.path} was built with the vocabulary namespace {built}, this process uses {JKG_NS}: "
            f"a server serves one namespace (unset {namespace.ENV} and --vocabulary-namespace to follow the build)"
        )
    dataset = Iris(report["base_iri"]).dataset()
    licenses = [
        t.object.value
        for t in parse(path=str(build.description), format=RdfFormat.TURTLE)
        if t.subject == dataset and t.predicate == DCTERMS.license and isinstance(t.object, NamedNode)
    ]
    found = store if store is not None else Store.read_only(str(build.store))
    return Published(build, report, found, licenses[0] if licenses else "")


def run_query(published: Published, query: str) -> QueryResult:
    """Evaluate a query; without FROM, its default graph is the union of the store's graphs."""
    from jkg.server.guard import has_dataset_clause

    return published.store.query(query, use_default_graph_as_union=not has_dataset_clause(query))
