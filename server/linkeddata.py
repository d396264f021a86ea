"""Dereferenceable IRIs: /id/… answers 303 See Other to /doc/…, which describes the resource in RDF.

The published base IRI maps onto this server's own host, so IRIs minted for https://… dereference here too.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request, url_for
from pyoxigraph import NamedNode

from server import errors, negotiate, pages
from server.pool import Overloaded, QueryPool, QueryTimeout, WorkerCrashed
from server.store import Published
from server.worker import Job

bp = Blueprint("linkeddata", __name__)
EXTENSIONS = {"ttl": "ttl", "nt": "nt", "rdf": "rdf", "jsonld": "jsonld", "html": "html"}
LICENSE_LINK = '<{license}>; rel="license"'


def _iri(rest: str) -> str:
    published: Published = current_app.extensions["jkg_published"]
    return published.base_iri + "id/" + rest


def _describe(iri: str, fmt: str) -> tuple[int, bytes]:
    """The resource's own triples and the triples that point at it, in one format."""
    query = f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
    pool: QueryPool = current_app.extensions["jkg_pool"]
    conf = current_app.config["JKG"]
    answer = pool.run(Job(query, fmt, int(conf["max_rows"])), float(conf["timeout"]))
    return answer.status, answer.body if answer.status == 200 else answer.error.encode()


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
    iri = _iri(rest)
    if not _valid(iri):
        return errors.error(404, "not-found", f"no resource {iri!r}: not an IRI this dataset could hold")
    if requested == ["html"] or (requested is None and negotiate.prefers_html(request.accept_mimetypes)):
        return pages.resource(iri, url_for("linkeddata.document", rest=rest))
    chosen = negotiate.choose(negotiate.GRAPHS, request.headers.get("Accept"), requested)
    if chosen is None:
        return errors.not_acceptable([f.media_type for f in negotiate.GRAPHS] + ["text/html"])
    try:
        status, body = _describe(iri, chosen.name)
    except (Overloaded, QueryTimeout):
        return errors.overloaded()
    except WorkerCrashed:
        return errors.worker_crashed()
    if status != 200:
        return errors.error(status, "describe-failed", body.decode())
    if not body.strip() or body.strip() in {b"[]", b"{}"}:
        return errors.error(404, "not-found", f"no resource {iri} in this dataset; see / for the ways in")
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    doc = url_for("linkeddata.document", rest=rest, _external=False)
    links = [f'<{doc}.{f.name}>; rel="alternate"; type="{f.media_type}"' for f in negotiate.GRAPHS]
    links.append(f'<{doc}.html>; rel="alternate"; type="text/html"')
    published: Published = current_app.extensions["jkg_published"]
    if published.license:
        links.append(LICENSE_LINK.format(license=published.license))
    links.append(f'<{iri}>; rel="describes"')
    response.headers["Link"] = ", ".join(links)
    return response
