"""The /sparql fast paths answer exactly as the Flask route does: the WSGI one ahead of Flask (server/fastpath.py)
compared with the route itself in this process, and the event loop's one (server/loopsparql.py, a short query)
compared with a thread's (the same query made long by a comment) through a real server. Status, headers (but
Date) and body must be the same, errors included."""

from __future__ import annotations

import http.client
import io
import json
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest

from jkg.server.fastpath import FastSparql
from jkg.server.loopsparql import MAX_INLINE
from tests.serving import running_server

SHEET = "<https://data.jimujigyo-kg.example/def/jkg#ProjectSheet>"
# (method, query, Accept, extra parameters, POST content type)
CASES: list[tuple[str, str, str | None, dict[str, str], str]] = [
    ("GET", f"ASK {{ ?s a {SHEET} }}", None, {}, ""),
    ("GET", f"ASK {{ ?s a {SHEET} }}", "text/csv", {}, ""),
    ("GET", f"SELECT ?s WHERE {{ ?s a {SHEET} }} ORDER BY ?s LIMIT 3", None, {"format": "xml"}, ""),
    ("GET", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 3", "text/turtle", {}, ""),
    ("GET", "SELECT * WHERE { ?s ?p ?o }", "application/json", {}, ""),  # over the row cap: 400 with its header
    ("GET", "SELECT ?x { ?x ?p }", "text/csv", {}, ""),  # the engine's syntax error, as text
    ("GET", "SELECT ?x { ?x ?p }", None, {}, ""),  # … and as JSON
    ("GET", "ASK {}", None, {"timeout": "soon"}, ""),  # refused by the route: Flask answers on both sides
    ("GET", "ASK {}", "image/png", {}, ""),  # 406
    ("POST", f"ASK {{ ?s a {SHEET} }}", None, {}, "application/x-www-form-urlencoded"),
    ("POST", f"SELECT ?s WHERE {{ ?s a {SHEET} }} ORDER BY ?s LIMIT 2", "text/tab-separated-values", {}, "direct"),
    ("POST", "SELECT * WHERE { ?s ?p ?o }", "text/plain", {}, "direct"),  # 406 for a POST
]


def environ(method: str, query: str, accept: str | None, extra: dict[str, str], kind: str) -> dict[str, Any]:
    body = b""
    query_string = ""
    if method == "GET":
        query_string = urlencode({"query": query, **extra})
    elif kind == "direct":
        body = query.encode()
    else:
        body = urlencode({"query": query, **extra}).encode()
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": "/sparql",
        "QUERY_STRING": query_string,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if accept:
        env["HTTP_ACCEPT"] = accept
    if method == "POST":
        env["CONTENT_LENGTH"] = str(len(body))
        env["CONTENT_TYPE"] = "application/sparql-query" if kind == "direct" else kind
    return env


def called(app: Any, env: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    found: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        found["status"], found["headers"] = status, headers

    body = b"".join(app(env, start_response))
    return found["status"], found["headers"], body


@pytest.fixture(scope="module")
def fast(bundled_out: Path) -> Iterator[FastSparql]:
    from jkg.server.app import create_app

    app = create_app({"data": str(bundled_out), "max_rows": 50, "answer_cache_mb": 0})  # each answer computed
    handler = app.extensions["jkg_fast"]
    assert isinstance(handler, FastSparql)
    yield handler
    app.extensions["jkg_builds"].close()


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_wsgi_fast_path_answers_as_the_route_does(fast: FastSparql, case: tuple[Any, ...]) -> None:
    ours = called(fast, environ(*case))
    flask = called(fast.app, environ(*case))  # the Flask app behind it
    assert ours == flask


def test_the_wsgi_fast_path_answers_plain_queries_itself(fast: FastSparql) -> None:
    before = fast.answered["wsgi"]
    called(fast, environ(*CASES[0]))
    called(fast, environ("GET", "ASK {}", None, {"timeout": "soon"}, ""))  # a refusal: Flask's
    assert fast.answered["wsgi"] == before + 1


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out, env={"JKG_MAX_ROWS": "50", "JKG_ANSWER_CACHE_MB": "0"}) as url:
        yield url


def fetch(url: str, case: tuple[Any, ...], pad: str = "") -> tuple[Any, ...]:
    """Status, headers but Date, and body; `pad`, a parameter no one reads, makes the request long."""
    method, query, accept, extra, kind = case
    padding = {"pad": pad} if pad else {}
    conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=120)
    headers = {"Accept": accept} if accept else {}
    try:
        if method == "GET":
            target = "/sparql?" + urlencode({"query": query, **extra, **padding}, quote_via=quote)
            conn.request("GET", target, headers=headers)
        elif kind == "direct":
            headers["Content-Type"] = "application/sparql-query"
            conn.request("POST", "/sparql" + ("?" + urlencode(padding) if pad else ""), query.encode(), headers)
        else:
            headers["Content-Type"] = kind
            conn.request("POST", "/sparql", urlencode({"query": query, **extra, **padding}).encode(), headers)
        r = conn.getresponse()
        return r.status, [(k, v) for k, v in r.getheaders() if k.lower() != "date"], r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_event_loop_answers_as_a_thread_does(server: str, case: tuple[Any, ...]) -> None:
    before = answered(server)
    on_loop = fetch(server, case)
    after = answered(server)
    in_thread = fetch(server, case, pad="x" * MAX_INLINE)  # the same job, too long a request for the loop
    assert on_loop == in_thread
    refused = "timeout" in case[3] or on_loop[0] == 406  # the route answers these itself, in a thread
    assert after["loop"] == before["loop"] + (0 if refused else 1)
    assert answered(server) == {"loop": after["loop"], "wsgi": after["wsgi"] + (0 if refused else 1)}


def answered(url: str) -> dict[str, int]:
    with urllib.request.urlopen(url + "/-/health", timeout=60) as r:
        found: dict[str, int] = json.loads(r.read())["fast_path"]
        return found


@pytest.fixture(scope="module")
def one_worker(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out, env={"JKG_WORKERS": "1", "JKG_ANSWER_CACHE_MB": "0"}) as url:
        yield url


def test_a_long_answer_is_read_whole_on_the_loop_and_then_by_a_thread(one_worker: str) -> None:
    """An answer longer than the pipe's buffer (but held in memory, under 1 MiB) arrives in pieces: the loop
    reads it whole, and the one worker's pipe is left as a thread's run() needs it (blocking)."""
    case = ("GET", "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 2000", None, {}, "")
    status, _, on_loop = fetch(one_worker, case)
    assert status == 200 and 200_000 < len(on_loop) < 1 << 20
    status, _, in_thread = fetch(one_worker, case, pad="x" * MAX_INLINE)
    assert status == 200 and in_thread == on_loop
    assert answered(one_worker)["loop"] == 1
