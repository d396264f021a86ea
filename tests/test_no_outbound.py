"""No query makes the server open a connection: a catalogue of ways to smuggle SERVICE past a lexer, sent by
every route that runs a query, against a real server and a loopback listener that answers like an endpoint."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest

from tests.serving import Listener, running_server

# (name, prologue, group body): each body holds a SERVICE to the listener, {U}, that Oxigraph 0.5 runs (or,
# for the \u forms, that the SPARQL specification's reading runs), hidden from a lexer that strays from the
# grammar.
VARIANTS = [
    ("plain", "", "SERVICE <{U}> {{}}"),
    ("silent", "", "SERVICE SILENT <{U}> {{}}"),
    ("mixed-case", "", "sErViCe <{U}> {{}}"),
    ("no-spaces", "", "SERVICE<{U}>{{}}"),
    ("tabs", "", "SERVICE\t<{U}>\t{{}}"),
    ("comment-ends-at-cr", "", "#x\rSERVICE <{U}> {{}}\n"),
    ("comment-ends-at-crlf", "", "#x\r\nSERVICE <{U}> {{}}"),
    ("hash-inside-iri", "", "?s <http://x/#> ?o . SERVICE <{U}> {{}}"),
    ("prefixed-endpoint", "PREFIX : <{U}> ", "SERVICE:x {{}}"),
    ("glued-prefix", "PREFIX ex: <{U}> ", "SERVICEex:p {{}}"),
    ("glued-silent", "", "SERVICESILENT<{U}>{{}}"),
    ("glued-after-true", "", "?s ?p trueSERVICE<{U}>{{}}"),
    ("escaped-hash-in-local-name", "PREFIX : <http://x/> ", "?s ?p :a\\# . SERVICE <{U}> {{}}"),
    ("relative-to-base", "BASE <{U}> ", "SERVICE <x> {{}}"),
    ("in-exists", "", "FILTER EXISTS {{ SERVICE <{U}> {{}} }}"),
    ("in-optional", "", "OPTIONAL {{ SERVICE <{U}> {{}} }}"),
    ("in-subquery", "", "{{ SELECT * WHERE {{ SERVICE <{U}> {{}} }} }}"),
    ("codepoint-keyword", "", "SERVIC\\u0045 <{U}> {{}}"),
    ("codepoint-line-break-in-comment", "", "# \\u000A SERVICE <{U}> {{}}\n"),
    ("codepoint-quote-in-string", "", 'BIND("a\\u0022 AS ?x) SERVICE <{U}> {{}} BIND("b" AS ?y)'),
]


def queries(url: str) -> Iterator[tuple[str, str]]:
    for name, prologue, body in VARIANTS:
        where = body.format(U=url)
        start = prologue.format(U=url)
        yield name, f"{start}SELECT * WHERE {{ {where} }}"
        yield name + "-construct", f"{start}CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o . {where} }}"


def send(server: str, method: str, path: str, body: bytes | None = None, ctype: str = "") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(urlsplit(server).netloc, timeout=60)
    try:
        conn.request(method, path, body, {"Accept": "application/json", **({"Content-Type": ctype} if ctype else {})})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


def test_no_smuggled_service_reaches_the_network(server: str) -> None:
    """The first wall: the guard refuses every variant (a 400 `bad-request`, before any worker sees it; one
    that got past it would be a worker's `query-failed`, stopped by the second wall alone)."""
    listener = Listener()
    answers: dict[str, tuple[int, str]] = {}
    try:
        for name, text in queries(listener.url):
            form = urlencode({"query": text}).encode()
            for route, (method, path, body, ctype) in {
                "get": ("GET", "/sparql?query=" + quote(text), None, ""),
                "post-form": ("POST", "/sparql", form, "application/x-www-form-urlencoded"),
                "post-direct": ("POST", "/sparql", text.encode(), "application/sparql-query"),
                "graph-get": ("GET", "/-/graph.gexf?query=" + quote(text), None, ""),
                "graph-post": ("POST", "/-/graph.cyjs", form, "application/x-www-form-urlencoded"),
            }.items():
                status, answer = send(server, method, path, body, ctype)
                answers[f"{name} {route}"] = (status, json.loads(answer).get("error", "") if answer else "")
    finally:
        listener.close()  # every connection made so far is counted
    assert listener.connections == 0
    assert {k: v for k, v in answers.items() if v != (400, "bad-request")} == {}


def test_hidden_limits_are_still_limits(server: str) -> None:
    """A comment ended by CR cannot hide the nesting that crashes the engine's parser."""
    for text in (
        "SELECT * WHERE { ?s ?p ?o #x\r" + "{" * 4500 + "}" * 4500 + "}",
        "SELECT * WHERE { BIND(1 AS ?a) FILTER(?a<" + "(" * 4500 + "1" + ")" * 4500 + "&&?a>0) }",
    ):
        status, body = send(server, "POST", "/sparql", text.encode(), "application/sparql-query")
        assert status == 400 and "nests brackets deeper than 40" in json.loads(body)["message"]
    status, body = send(server, "GET", "/sparql?query=" + quote("ASK { ?s ?p ?o }"), None, "")
    assert status == 200, "the workers must still be alive"


@pytest.mark.parametrize("form", ["SELECT * WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE"])
def test_a_worker_cannot_connect_even_when_handed_service(bundled_out: Path, form: str) -> None:
    """The second wall, with no guard in front: a real query worker given SERVICE opens no connection."""
    from jkg.server.pool import QueryPool
    from jkg.server.worker import Job

    listener = Listener()
    pool = QueryPool(str((bundled_out / "current" / "store").resolve()), size=1, waiting=0, memory_mb=0)
    try:
        fmt = "nt" if form.startswith("CONSTRUCT") else "json"
        answer = pool.run(Job(f"{form} {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", fmt, 10), 30)
        after = pool.run(Job("ASK { ?s ?p ?o }", "json", 10), 30)  # the worker survived it
    finally:
        pool.close()
        listener.close()
    assert listener.connections == 0
    assert answer.status == 400 and "Permission denied" in answer.error
    assert after.status == 200 and json.loads(after.body)["boolean"] is True
