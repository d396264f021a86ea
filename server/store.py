"""Open a published build read-only and run queries against it with pyoxigraph."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, QueryBoolean, QuerySolutions, QueryTriples, RdfFormat, Store, parse

CURRENT = "current"
DCTERMS_LICENSE = NamedNode("http://purl.org/dc/terms/license")


class NotPublished(Exception):
    """The data folder holds no published build."""


@dataclass(frozen=True)
class Published:
    """A published build: its folder, its report and its store opened read-only."""

    folder: Path
    report: dict[str, Any]
    store: Store
    license: str = ""  # the dataset's dcterms:license, read from its description when the build is opened

    @property
    def base_iri(self) -> str:
        return str(self.report["base_iri"])

    @property
    def data_graph(self) -> NamedNode:
        return NamedNode(self.base_iri + "graph/data")


def build_folder(data: Path) -> Path:
    """The folder of the current build under a data folder (or the data folder itself if it is a build)."""
    for candidate in (data / CURRENT, data):
        if (candidate / "build.json").is_file() and (candidate / "store").is_dir():
            return candidate.resolve()
    raise NotPublished(f"no published graph in {data}; run 'jkg build --out {data}' first")


def open_published(data: Path) -> Published:
    """Open the current build of a data folder read-only (several processes may do so at once)."""
    folder = build_folder(data)
    report = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    dataset = NamedNode(report["base_iri"] + "data/dataset")
    licenses = [
        t.object.value
        for t in parse(path=str(folder / "void.ttl"), format=RdfFormat.TURTLE)
        if t.subject == dataset and t.predicate == DCTERMS_LICENSE
    ]
    return Published(folder, report, Store.read_only(str(folder / "store")), licenses[0] if licenses else "")


QueryResult = QuerySolutions | QueryBoolean | QueryTriples


def run_query(published: Published, query: str) -> QueryResult:
    """Evaluate a query; without FROM, its default graph is the union of the store's graphs."""
    from server.guard import has_dataset_clause

    return published.store.query(query, use_default_graph_as_union=not has_dataset_clause(query))
