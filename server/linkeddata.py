"""Dereferenceable IRIs: /id/… answers 303 See Other to /doc/…, which describes the resource in RDF.

The published base IRI maps onto this server's own host, so IRIs minted for https://… dereference here too.
"""

from __future__ import annotations

from flask import Blueprint, Response, redirect, request, url_for
from pyoxigraph import NamedNode

from jkg.server import current, errors, negotiate, pages
from jkg.server.jobs import run_job
from jkg.server.worker import Job

bp = Blueprint("linkeddata", __name__)
EXTENSIONS = {"ttl": "ttl", "nt": "nt", "rdf": "rdf", "jsonld": "jsonld", "html": "html"}
LICENSE_LINK = '<{license}>; rel="license"'


def _describe(iri: str, fmt: str) -> Job:
    """The resource's own triples and the triples that point at it, in one format."""
    query = f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
    return Job(query, fmt, int(current.conf()["max_rows"]))


def _valid(iri: str) -> bool:
    """An IRI that can go into a query as <iri>: parsed by Oxigraph, none of the characters IRIs exclude."""
    if any(c in iri for c in '<>"{}|^`\\') or any(c.isspace() or ord(c) < 0x20 for c in iri):
        return False
    try:
        NamedNode(iri)
    except ValueError:
        return False
    return True


@bp.route("/id/<path:rest>")
def identifier(rest: str) -> Response:
    """A thing's IRI: 303 See Other to the document about it (the document answers 404 if it is unknown)."""
    response = redirect(url_for("linkeddata.document", rest=rest), code=303)
    response.headers["Vary"] = "Accept"
    return response  # type: ignore[return-value]


@bp.route("/doc/<path:rest>")
def document(rest: str) -> Response:
    """The document about /id/rest: HTML, Turtle, N-Triples, RDF/XML or JSON-LD by extension, else by Accept."""
    stem, _, ext = rest.rpartition(".")
    requested = [EXTENSIONS[ext]] if stem and ext in EXTENSIONS else None
    if requested:
        rest = stem
    published = current.published()
    iri = published.iris.named_by_path(rest)
    if not _valid(iri):
        return errors.error(404, "not-found", f"no resource {iri!r}: not an IRI this dataset could hold")
    if requested == ["html"] or (requested is None and negotiate.wants_html(request.accept_mimetypes)):
        return pages.resource(iri, url_for("linkeddata.document", rest=rest))
    chosen = negotiate.choose(negotiate.GRAPHS, request.headers.get("Accept"), requested)
    if chosen is None:
        return errors.not_acceptable([f.media_type for f in negotiate.GRAPHS] + ["text/html"])
    answer = run_job(_describe(iri, chosen.name))
    if isinstance(answer, Response):
        return answer
    body = answer.body
    if not body.strip() or body.strip() in {b"[]", b"{}"}:
        return errors.error(404, "not-found", f"no resource {iri} in this dataset; see / for the ways in")
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    doc = url_for("linkeddata.document", rest=rest, _external=False)
    links = [f'<{doc}.{f.name}>; rel="alternate"; type="{f.media_type}"' for f in negotiate.GRAPHS]
    links.append(f'<{doc}.html>; rel="alternate"; type="text/html"')
    if published.license:
        links.append(LICENSE_LINK.format(license=published.license))
    links.append(f'<{iri}>; rel="describes"')
    response.headers["Link"] = ", ".join(links)
    return response
