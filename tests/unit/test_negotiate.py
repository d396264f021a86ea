"""Content negotiation as a table: Accept header (and format=) in, chosen format out."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from jkg.server import negotiate

RESULTS_CASES = [
    (None, [], "json"),
    ("", [], "json"),
    ("*/*", [], "json"),
    ("application/sparql-results+json", [], "json"),
    ("application/sparql-results+xml", [], "xml"),
    ("text/csv", [], "csv"),
    ("text/tab-separated-values", [], "tsv"),
    ("text/csv;q=0.5, text/tab-separated-values", [], "tsv"),
    ("text/csv;q=0.9, application/sparql-results+xml;q=0.9", [], "xml"),  # a tie: server order (json, xml, csv)
    ("text/*", [], "csv"),
    ("application/sparql-results+json;q=0, */*;q=0.1", [], "xml"),
    ("image/png", [], None),
    ("text/csv", ["json"], "json"),  # format= wins over Accept
    (None, ["srx"], "xml"),
    (None, ["application/sparql-results+json"], "json"),
    (None, ["text"], "tsv"),
    (None, ["ttl"], None),  # a graph format for a SELECT: nothing fits
    (None, ["nonsense", "csv"], "csv"),  # the first servable name wins
    ("application/json", [], "json"),  # generic JSON and XML get SPARQL JSON and XML, as from Fuseki
    ("application/xml", [], "xml"),
    ("text/xml", [], "xml"),
    ("application/json;q=0.5, application/xml", [], "xml"),
    ("application/xml;q=0.5, application/json", [], "json"),
]


@pytest.mark.parametrize(("accept", "requested", "expected"), RESULTS_CASES)
def test_results_format(accept: str | None, requested: list[str], expected: str | None) -> None:
    chosen = negotiate.choose(negotiate.RESULTS, accept, requested)
    assert (chosen.name if chosen else None) == expected


GRAPH_CASES = [
    (None, [], "ttl"),
    ("*/*", [], "ttl"),
    ("application/n-triples", [], "nt"),
    ("text/plain", [], None),  # not a media type any format answers to by Accept
    ("application/rdf+xml", [], "rdf"),
    ("application/ld+json", [], "jsonld"),
    ("text/n3", [], None),
    (None, ["n3"], "ttl"),  # N3 clients get Turtle, as from Fuseki
    (None, ["json-ld"], "jsonld"),
    (None, ["json-ld,application/ld+json"], "jsonld"),  # SPARQLWrapper's comma-joined names
    (None, ["xml"], "rdf"),
    ("application/ld+json;q=0.5, text/turtle;q=0.4", [], "jsonld"),
    ("TEXT/TURTLE", [], "ttl"),
    ("text/turtle;q=abc", [], None),  # an unreadable q-value counts as 0
    ("application/json", [], "jsonld"),  # generic JSON gets JSON-LD and XML gets RDF/XML, as from Fuseki
    ("application/xml", [], "rdf"),
    ("text/xml", [], "rdf"),
    ("application/json;q=0.9, text/turtle", [], "ttl"),
]


@pytest.mark.parametrize(("accept", "requested", "expected"), GRAPH_CASES)
def test_graph_format(accept: str | None, requested: list[str], expected: str | None) -> None:
    chosen = negotiate.choose(negotiate.GRAPHS, accept, requested)
    assert (chosen.name if chosen else None) == expected


PARSE_CASES = [
    (None, [("*/*", 1.0)]),
    ("text/turtle", [("text/turtle", 1.0)]),
    ("a/b;q=0.2, c/d", [("c/d", 1.0), ("a/b", 0.2)]),
    ("a/b;q=2", [("a/b", 1.0)]),  # clamped to 1
    ("a/b;q=-1", [("a/b", 0.0)]),
    ("a/b, c/d", [("a/b", 1.0), ("c/d", 1.0)]),  # equal q: client order kept
    (" , a/b ;charset=utf-8", [("a/b", 1.0)]),
]


@pytest.mark.parametrize(("header", "expected"), PARSE_CASES)
def test_parse_accept(header: str | None, expected: list[tuple[str, float]]) -> None:
    assert negotiate.parse_accept(header) == expected


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
HTML_CASES = [
    (BROWSER, None, False, True),
    ("*/*", None, False, False),  # curl: data wins a tie
    ("*/*", ["application/json"], True, True),  # …unless the page is the first answer (the query UI)
    ("text/turtle", None, False, False),
    ("text/turtle, text/html", None, False, False),
    ("text/html;q=0.9, text/turtle;q=0.8", None, False, True),
    ("application/json", ["application/json"], True, False),
    ("", None, False, False),
    ("", ["application/json"], True, True),  # no Accept header is */*: the home page for a bare GET /
]


@pytest.mark.parametrize(("accept", "data", "on_tie", "expected"), HTML_CASES)
def test_wants_html(accept: str, data: list[str] | None, on_tie: bool, expected: bool) -> None:
    parsed = parse_accept_header(accept, MIMEAccept)
    assert negotiate.wants_html(parsed, data, on_tie=on_tie) is expected
