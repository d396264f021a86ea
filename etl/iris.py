"""The one module that mints IRIs: /id/ names things, /doc/ documents, /def/ vocabulary, /data/ datasets."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from pyoxigraph import NamedNode

from etl.normalise import key

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """A registry slug: lower-case ASCII words joined by '-'."""
    return bool(_SLUG.match(text))


def fallback_slug(prefix: str, name: str) -> str:
    """A stable slug for a name the registry lacks: prefix + 10 hex digits of SHA-1 of its matching key."""
    return f"{prefix}-{hashlib.sha1(key(name).encode('utf-8')).hexdigest()[:10]}"


class Iris:
    """Mints every IRI of a dataset under one base IRI."""

    def __init__(self, base: str) -> None:
        if not re.match(r"^https?://[^\s/]+(/[^\s]*)?/$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending with '/': {base!r}")
        self.base = base

    def _id(self, path: str) -> NamedNode:
        return NamedNode(self.base + "id/" + path)

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

    def dataset(self) -> NamedNode:
        """The dataset (DCAT, VoID)."""
        return NamedNode(self.base + "data/dataset")

    def dump(self, file_name: str) -> NamedNode:
        """A dump file, as a DCAT distribution."""
        return NamedNode(self.base + "data/" + file_name)

    def sparql_endpoint(self) -> NamedNode:
        """Where the dataset is served by SPARQL."""
        return NamedNode(self.base + "sparql")
