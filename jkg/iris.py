"""The one module that mints IRIs: /id/ names things, /doc/ documents, /def/ vocabulary, /data/ datasets."""

from __future__ import annotations

import re
from urllib.parse import quote

from pyoxigraph import NamedNode

from jkg.vocab import JKG_NS


class Iris:
    """Mints every IRI of a dataset under one base IRI."""

    def __init__(self, base: str) -> None:
        if not re.match(r"^https?://[^\s/]+(/[^\s]*)?/$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending with '/': {base!r}")
        self.base = base

    def _id(self, path: str) -> NamedNode:
        return NamedNode(self.base + "id/" + path)

    # ------------------------------------------------------------ our IRIs on this server

    def named_by_path(self, rest: str) -> str:
        """The IRI a server path /id/<rest> (or its document /doc/<rest>) stands for."""
        return self.base + "id/" + rest

    def local_path(self, iri: str) -> str:
        """Where a browser follows an IRI on this server: /doc/… for our things, /def/jkg#… for the vocabulary,
        /data/… for the dataset and dumps; any other IRI as it is."""
        if iri.startswith(self.base + "id/"):
            return "/doc/" + iri[len(self.base) + 3 :]
        if iri.startswith(JKG_NS):
            return "/def/jkg#" + iri[len(JKG_NS) :]
        if iri.startswith(self.base + "data/"):
            return "/data/" + iri[len(self.base) + 5 :]
        return iri

    # ------------------------------------------------------------ things

    def organization(self, slug: str) -> NamedNode:
        """The city, one of its units, or a partner body."""
        return self._id(f"org/{slug}")

    def project(self, number: int) -> NamedNode:
        """A project (事務事業), stable across years, keyed by 事業番号."""
        return self._id(f"project/{number}")

    def sheet(self, number: int, fiscal_year: int) -> NamedNode:
        """One fiscal year's sheet of a project."""
        return self._id(f"project/{number}/{fiscal_year}")

    def source_document(self, fiscal_year: int, file_key: str) -> NamedNode:
        """A source file, keyed by fiscal year and file name."""
        return self._id(f"source/{fiscal_year}/{quote(file_key, safe='')}")

    def source_row(self, fiscal_year: int, serial: int) -> NamedNode:
        """A row of a source list, keyed by fiscal year and 通し番号."""
        return self._id(f"source/{fiscal_year}/row/{serial}")

    def action_plan(self) -> NamedNode:
        """The 行政改革アクションプラン as a concept scheme."""
        return self._id("action-plan")

    def action_plan_item(self, notation: str) -> NamedNode:
        """One numbered item of the action plan."""
        return self._id(f"action-plan/{notation}")

    def plan(self, slug: str) -> NamedNode:
        """A plan or policy named in the text."""
        return self._id(f"plan/{slug}")

    def law(self, slug: str) -> NamedNode:
        """A law named in the text."""
        return self._id(f"law/{slug}")

    def event(self, slug: str) -> NamedNode:
        """An event or programme named in the text."""
        return self._id(f"event/{slug}")

    def mention(self, number: int, fiscal_year: int, field: str, start: int) -> NamedNode:
        """One mention: a span of one field of one sheet, keyed by where it starts."""
        return self._id(f"project/{number}/{fiscal_year}/mention/{field}/{start}")

    def data_graph(self) -> NamedNode:
        """The named graph holding the instance data."""
        return NamedNode(self.base + "graph/data")

    def meta_graph(self) -> NamedNode:
        """The named graph holding the dataset description."""
        return NamedNode(self.base + "graph/meta")

    def vocabulary_graph(self) -> NamedNode:
        """The named graph holding the local vocabulary."""
        return NamedNode(self.base + "graph/vocabulary")

    def graphs(self) -> tuple[NamedNode, NamedNode, NamedNode]:
        """Every named graph of a build: data, vocabulary, dataset description."""
        return self.data_graph(), self.vocabulary_graph(), self.meta_graph()

    def dataset(self) -> NamedNode:
        """The dataset (DCAT, VoID)."""
        return NamedNode(self.base + "data/dataset")

    def dump(self, file_name: str) -> NamedNode:
        """A dump file, as a DCAT distribution."""
        return NamedNode(self.base + "data/" + file_name)

    def sparql_endpoint(self) -> NamedNode:
        """Where the dataset is served by SPARQL."""
        return NamedNode(self.base + "sparql")
