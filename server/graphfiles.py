"""RDF files of a build or of the bundled vocabulary, served in the format an extension, format= or Accept
asks for: the dataset description, the vocabulary, the shapes."""

from __future__ import annotations

from pathlib import Path

from flask import Response, request
from pyoxigraph import RdfFormat, parse, serialize

from jkg import namespace
from jkg.server import current, errors, negotiate
from jkg.server.worker import GRAPH_FORMATS
from jkg.vocab import PREFIXES


def rdf_files(
    paths: list[Path],
    base: str | None = None,
    requested: list[str] | None = None,
    location: str = "",
    verbatim: bool = False,
) -> Response:
    """Turtle files re-serialized in the format an extension, format= or Accept asks for (location: the path
    whose .<ext> serves each format, for Content-Location; verbatim: one file's Turtle as written, byte for
    byte, in this server's vocabulary namespace)."""
    chosen = negotiate.choose(
        negotiate.GRAPHS, request.headers.get("Accept"), requested or request.args.getlist("format")
    )
    if chosen is None:
        return errors.not_acceptable([f.media_type for f in negotiate.GRAPHS])
    if verbatim and chosen.name == "ttl" and len(paths) == 1:
        body = namespace.read(paths[0]).encode("utf-8")
    else:
        triples = [t for p in paths for t in parse(namespace.read(p), format=RdfFormat.TURTLE, base_iri=base)]
        prefixes = dict(PREFIXES) if chosen.name in {"ttl", "rdf"} else None
        body = serialize(triples, format=GRAPH_FORMATS[chosen.name], prefixes=prefixes) or b""
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    if location:
        response.headers["Content-Location"] = f"{location}.{chosen.name}"
    return response


def description(requested: list[str] | None = None) -> Response:
    """The dataset's DCAT/VoID description (/data/dataset) in the format asked for, naming where that format
    lives (Content-Location)."""
    return rdf_files([current.published().build.description], requested=requested, location="/data/dataset")
