"""Dereferenceable IRIs: /id/… answers 303 See Other to /doc/…, which describes the resource in RDF.

The published base IRI maps onto this server's own host, so IRIs minted for https://… dereference here too.
A document holds the resource's own triples (with the blank nodes and hash IRIs, #…, they lead to, such as a
Web Annotation's #target and its selectors), the triples pointing at it, the labels of every resource it links to,
and who it is about: `<doc> foaf:primaryTopic <iri>; void:inDataset <dataset>` — so a client can follow its nose.
"""

from __future__ import annotations

import json
from typing import Any

import rdflib
from flask import Blueprint, Response, current_app, redirect, request, url_for
from pyld import jsonld  # type: ignore[import-untyped]
from pyoxigraph import NamedNode

from jkg import layout
from jkg.server import current, errors, negotiate, pages, spool
from jkg.server.jobs import respond, run_job
from jkg.server.worker import Job
from jkg.vocab import PREFIXES

bp = Blueprint("linkeddata", __name__)
EXTENSIONS = {"ttl": "ttl", "nt": "nt", "rdf": "rdf", "jsonld": "jsonld", "html": "html"}
LICENSE_LINK = '<{license}>; rel="license"'
LABELS = "rdfs:label skos:prefLabel"
DOCUMENT_PREFIXES = tuple(PREFIXES.items())


def describe_query(iri: str, doc: str, dataset: str) -> str:
    """The document about iri: its triples and those of the blank nodes and hash IRIs (iri#…) they lead to (two
    levels: an annotation's #target and its selectors, an identifier's #lgcode), the triples pointing at it, the
    labels of the resources on either side, and the document's own foaf:primaryTopic and void:inDataset."""
    part = f'(isBlank(?o) || STRSTARTS(STR(?o), "{iri}#"))'
    part2 = f'(isBlank(?bo) || STRSTARTS(STR(?bo), "{iri}#"))'
    return f"""PREFIX rdfs: <{PREFIXES["rdfs"]}>
PREFIX skos: <{PREFIXES["skos"]}>
PREFIX foaf: <{PREFIXES["foaf"]}>
PREFIX void: <{PREFIXES["void"]}>
CONSTRUCT {{
  <{doc}> a foaf:Document ; foaf:primaryTopic <{iri}> ; void:inDataset <{dataset}> .
  <{iri}> ?p ?o . ?o ?bp ?bo . ?bo ?cp ?co . ?o ?lp ?label .
  ?s ?q <{iri}> . ?s ?sp ?slabel .
}} WHERE {{
  {{ <{iri}> ?p ?o
     OPTIONAL {{ FILTER(isIRI(?o)) VALUES ?lp {{ {LABELS} }} ?o ?lp ?label }}
     OPTIONAL {{ FILTER{part} ?o ?bp ?bo OPTIONAL {{ FILTER{part2} ?bo ?cp ?co }} }} }}
  UNION
  {{ ?s ?q <{iri}> OPTIONAL {{ VALUES ?sp {{ {LABELS} }} ?s ?sp ?slabel }} }}
}}"""


def term_context() -> dict[str, Any]:
    """The build's published term context (dumps/context.jsonld), read once per build."""
    published = current.published()
    cache: dict[str, dict[str, Any]] = current_app.extensions.setdefault("jkg_term_context", {})
    key = str(published.folder)
    if key not in cache:
        text = (published.build.dumps / layout.CONTEXT).read_text(encoding="utf-8")
        cache.clear()
        cache[key] = json.loads(text)["@context"]
    return cache[key]


# pyld's framing takes time that grows faster than the document (1 s of CPU at 2,000 triples, 26 s at 10,000,
# measured on this machine): a larger document (a municipality that runs thousands of projects) is compacted with
# the same context instead, by rdflib, in linear time.
FRAME_LIMIT = 1000


def compacted(ntriples: bytes) -> bytes:
    """A document's triples as JSON-LD compacted with the published term context (no framing)."""
    g = rdflib.Graph()
    g.parse(data=ntriples, format="ox-nt")
    return g.serialize(format="json-ld", context=term_context(), auto_compact=True).encode("utf-8")


def json_ld(ntriples: bytes, topic: str) -> bytes:
    """Framed on its topic when the document is small enough to frame quickly, else compacted."""
    if ntriples.count(b"\n") > FRAME_LIMIT:
        return compacted(ntriples)
    return framed(ntriples, topic)


def framed(ntriples: bytes, topic: str) -> bytes:
    """A document's triples as JSON-LD framed on its topic with the published term context: the first node of
    @graph is the topic, with what it links to embedded in it (a sheet's partners with their labels, an
    annotation's #target and selectors); the rest (what links to the topic, the document itself) follows,
    compacted. Short keys, IRIs relative to the dataset's id/ space, Japanese text without language tags; it
    parses back to exactly the same triples."""
    context = term_context()
    every = jsonld.from_rdf(ntriples.decode("utf-8"), {"format": "application/n-quads"})
    tree = jsonld.frame(every, {"@context": context, "@id": topic, "@embed": "@once"}, {"omitGraph": True})
    tree.pop("@context", None)
    if "id" not in tree or "_:" in ntriples.decode("utf-8"):  # nothing about the topic (only links to it), or
        # blank nodes, which pyld relabels so that the rest could not be told apart: compact everything
        tree = {}
    inside = set(_lines(jsonld.to_rdf({"@context": context, **tree}, {"format": "application/n-quads"})))
    rest = [line for line in _lines(ntriples.decode("utf-8")) if line not in inside]
    others: list[Any] = []
    if rest:
        compact = jsonld.compact(jsonld.from_rdf("\n".join(rest) + "\n", {"format": "application/n-quads"}), context)
        others = compact.get("@graph", [{k: v for k, v in compact.items() if k != "@context"}])
    nodes = ([tree] if tree else []) + others
    return json.dumps({"@context": context, "@graph": nodes}, ensure_ascii=False, indent=2).encode("utf-8")


def _lines(nquads: str) -> list[str]:
    """The statements of an N-Triples/N-Quads text, one per line, normalised as pyld writes them."""
    return [
        line.strip()
        for line in jsonld.to_rdf(
            jsonld.from_rdf(nquads, {"format": "application/n-quads"}), {"format": "application/n-quads"}
        ).splitlines()
        if line.strip()
    ]


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


def alternates(doc: str) -> list[str]:
    """Link header values for every representation of a document, HTML included."""
    links = [f'<{doc}.{f.name}>; rel="alternate"; type="{f.media_type}"' for f in negotiate.GRAPHS]
    links.append(f'<{doc}.html>; rel="alternate"; type="text/html"')
    return links


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
    doc = url_for("linkeddata.document", rest=rest, _external=False)
    return serve_document(iri, doc, published.iris.document(iri).value, requested)


@bp.route("/graph/<path:rest>")
def graph_name(rest: str) -> Response:
    """A named graph's name: 303 See Other to the document describing the graph (/data/graph/…)."""
    response = redirect(url_for("linkeddata.graph_document", rest=rest), code=303)
    response.headers["Vary"] = "Accept"
    return response  # type: ignore[return-value]


@bp.route("/data/graph/<path:rest>")
def graph_document(rest: str) -> Response:
    """The description of the named graph BASE/graph/rest (from the dataset description: its kind, triple
    count, municipality, fiscal year and dump), as every document: HTML or RDF by extension, else by Accept."""
    stem, _, ext = rest.rpartition(".")
    requested = [EXTENSIONS[ext]] if stem and ext in EXTENSIONS else None
    if requested:
        rest = stem
    iris = current.published().iris
    iri = iris.graph_named(rest)
    if not _valid(iri):
        return errors.error(404, "not-found", f"no graph {iri!r}: not an IRI this dataset could hold")
    doc = url_for("linkeddata.graph_document", rest=rest, _external=False)
    return serve_document(iri, doc, iris.graph_document(iri).value, requested)


def serve_document(iri: str, doc: str, canonical: str, requested: list[str] | None) -> Response:
    """The document doc (canonically the IRI canonical) about iri, in the representation asked for."""
    published = current.published()
    links = [*alternates(doc), f'<{canonical}>; rel="canonical"']
    if published.license:
        links.append(LICENSE_LINK.format(license=published.license))
    links.append(f'<{iri}>; rel="describes"')
    links.append('</data/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"')
    if requested == ["html"] or (requested is None and negotiate.wants_html(request.accept_mimetypes)):
        response = pages.resource(iri, doc, canonical)
        chosen_ext = "html"
    else:
        chosen = negotiate.choose(negotiate.GRAPHS, request.headers.get("Accept"), requested)
        if chosen is None:
            return errors.not_acceptable([f.media_type for f in negotiate.GRAPHS] + ["text/html"])
        query = describe_query(iri, canonical, published.iris.dataset().value)
        conf = current.conf()
        job = Job(
            query,
            "nt" if chosen.name == "jsonld" else chosen.name,  # JSON-LD is compacted here, from N-Triples
            int(conf["max_rows"]),
            prefixes=DOCUMENT_PREFIXES,
            max_bytes=int(conf["max_result_bytes"]),
        )
        answer = run_job(job)
        if isinstance(answer, Response):
            return answer
        if answer.rows == 0:
            return errors.error(404, "not-found", f"no resource {iri} in this dataset; see / for the ways in")
        if chosen.name == "jsonld":
            ntriples = spool.open_answer(answer.spool).read() if answer.spool else answer.body
            response = Response(json_ld(ntriples, iri), content_type=chosen.content_type)
        else:
            response = respond(answer, chosen.content_type)
        response.headers["Vary"] = "Accept"
        chosen_ext = chosen.name
    if response.status_code == 200:
        response.headers["Content-Location"] = f"{doc}.{chosen_ext}"
        response.headers["Link"] = ", ".join(links)
    return response
