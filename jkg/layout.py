"""The published build folder, written by the ETL and read by the server: its names, its dumps, its report.

DATA/current -> builds/<id>        the build being served (a symbolic link, replaced atomically)
DATA/builds/<id>.partial/          a build being written (never read)
DATA/builds/<id>/store/            the Oxigraph store
                 dumps/            data.ttl, data.nt.gz, data.nq.gz, data.jsonld, context.jsonld
                 void.ttl          the DCAT/VoID description
                 build.json        the build report
                 search.sqlite     the search index

<id> is the build's start in UTC to the microsecond (20261201T121543.048213Z), unique in DATA and later than
every build before it there, so that names sort in build order (earlier builds were named to the second).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jkg.vocab import DCTERMS, JKG, RDFS, SKOS

CURRENT = "current"
BUILDS = "builds"
PARTIAL = ".partial"
KEEP_BUILDS = 2  # the newest builds kept, so that a server still reading the previous one is not disturbed
STORE = "store"
DUMPS = "dumps"
DESCRIPTION = "void.ttl"
REPORT = "build.json"
INDEX = "search.sqlite"
CONTEXT = "context.jsonld"


@dataclass(frozen=True)
class Dump:
    """A dump of the data graph as published under dumps/."""

    file: str
    media_type: str  # as served and as stated in the description
    title: str
    content_type: str  # the HTTP Content-Type it is served with


DATA_DUMPS = (
    Dump("data.ttl", "text/turtle", "Turtle", "text/turtle; charset=utf-8"),
    Dump("data.nt.gz", "application/n-triples", "N-Triples (gzip)", "application/gzip"),
    Dump("data.nq.gz", "application/n-quads", "N-Quads with the named graphs (gzip)", "application/gzip"),
    Dump("data.jsonld", "application/ld+json", "JSON-LD", "application/ld+json; charset=utf-8"),
)
SERVED_FILES = {d.file: d.content_type for d in DATA_DUMPS} | {CONTEXT: "application/ld+json; charset=utf-8"}


class NotPublished(Exception):
    """The data folder holds no published build."""


@dataclass(frozen=True)
class BuildFolder:
    """One build's folder and the paths inside it."""

    path: Path

    @property
    def store(self) -> Path:
        return self.path / STORE

    @property
    def dumps(self) -> Path:
        return self.path / DUMPS

    @property
    def description(self) -> Path:
        return self.path / DESCRIPTION

    @property
    def report_file(self) -> Path:
        return self.path / REPORT

    @property
    def index(self) -> Path:
        return self.path / INDEX

    def is_complete(self) -> bool:
        return self.report_file.is_file() and self.store.is_dir()

    def report(self) -> dict[str, Any]:
        """The build report (build.json)."""
        return dict(json.loads(self.report_file.read_text(encoding="utf-8")))


def current(data: Path) -> BuildFolder:
    """The current build of a data folder (or the data folder itself when it is a build); NotPublished if none."""
    for candidate in (data / CURRENT, data):
        if BuildFolder(candidate).is_complete():
            return BuildFolder(candidate.resolve())
    raise NotPublished(f"no published graph in {data}; run 'jkg build --out {data}' first")


# ---------------------------------------------------------------- the search index (search.sqlite)

# The fields searched, best first: a hit in a label ranks above a hit in a sheet's text. The index stores each
# field by its position here.
SEARCH_FIELDS = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.notation,
    DCTERMS.title,
    JKG.purpose,
    JKG.overview,
    JKG.results,
)
SEARCH_MIN_QUERY = 2


def search_text(text: str) -> str:
    """The index's normal form, for texts and queries alike: NFKC (full-width letters and digits become ASCII,
    half-width kana full-width); the index itself ignores case."""
    return unicodedata.normalize("NFKC", text)


# ---------------------------------------------------------------- the faceted lists' tables (in search.sqlite)

# The facets that are links from a sheet: facet name -> the jkg: property of the link.
FACET_LINKS = {"partner": "partner", "plan": "plan", "law": "law", "event": "event", "item": "actionPlanItem"}
# Every facet of a sheet in the `facet` table (sheet, name, value): the links, the partner bodies' types, and the
# sheet's own year, municipality, top unit (部/局) and responsible unit.
FACETS = ("municipality", "year", "department", "division", "partner_type", *FACET_LINKS)
