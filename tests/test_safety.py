"""Safe by default: read-only, no outbound requests, bounded input, hard time limit, row cap, overload, crashes."""

from __future__ import annotations

import http.client
import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.serving import Listener, running_server

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MEMORY_HOG = "SELECT ?c ?f ?i WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


@pytest.fixture(scope="module")
def tight(bundled_out: Path) -> Iterator[str]:
    """One worker, no waiting line, a small memory cap and a small row cap."""
    env = {"JKG_WORKERS": "1", "JKG_QUEUE": "0", "JKG_WORKER_MEMORY_MB": "300", "JKG_MAX_ROWS": "10"}
    with running_server(bundled_out, env=env) as url:
        yield url


def call(
    url: str,
    method: str = "GET",
    path: str = "/sparql",
    params: dict[str, str] | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=180)
    try:
        target = path + ("?" + urlencode(params) if params else "")
        conn.request(method, target, body, headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def query(url: str, text: str, **extra: str) -> tuple[int, dict[str, str], bytes]:
    return call(
        url,
        "POST",
        body=urlencode({"query": text, **extra}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )


def message(body: bytes) -> str:
    return str(json.loads(body)["message"])


def test_no_query_causes_an_outbound_request_or_file_read(server: str) -> None:
    listener = Listener()
    target = f"http://127.0.0.1:{listener.port}/data"
    try:
        status, _, body = query(server, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        assert status == 400 and "SERVICE is disabled" in message(body)
        status, _, body = query(server, f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}")
        assert status == 400
        for text in (
            f"ASK FROM <{target}> {{ ?s ?p ?o }}",
            f"ASK FROM NAMED <{target}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            "ASK FROM <file:///etc/passwd> { ?s ?p ?o }",
        ):
            status, _, body = query(server, text)
            assert status == 200 and json.loads(body)["boolean"] is False, text
        status, _, body = query(server, "ASK { ?s ?p ?o }", **{"default-graph-uri": target})
        assert status == 200 and json.loads(body)["boolean"] is False
        status, _, body = query(server, f"LOAD <{target}>")
        assert status == 403
    finally:
        listener.close()  # counts every connection made so far, accepted or still in its backlog
    assert listener.connections == 0


@pytest.mark.parametrize(
    ("method", "headers", "body", "params"),
    [
        (
            "POST",
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"query=INSERT+DATA+%7B%3Ca%3E+%3Cb%3E+%3Cc%3E%7D",
            None,
        ),
        ("POST", {"Content-Type": "application/x-www-form-urlencoded"}, b"update=CLEAR+ALL", None),
        ("POST", {"Content-Type": "application/sparql-update"}, b"DROP ALL", None),
        ("GET", {}, None, {"query": "DELETE WHERE { ?s ?p ?o }"}),
        ("GET", {}, None, {"update": "CLEAR ALL"}),
    ],
    ids=["insert-as-query", "update-form", "update-direct", "delete-get", "update-get"],
)
def test_updates_are_refused_with_403(
    server: str, method: str, headers: dict[str, str], body: bytes | None, params: dict[str, str] | None
) -> None:
    status, _, response = call(
        server, method, params=params, body=body, headers={**headers, "Accept": "application/json"}
    )
    assert status == 403
    assert "read-only" in message(response)


def test_input_bounds(server: str) -> None:
    too_long = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 65_536
    status, _, body = call(server, "POST", body=too_long.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and "65536" in message(body)
    status, _, _ = call(server, "GET", params={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 9000})
    assert status == 414
    nested = "SELECT * WHERE " + "{" * 4500 + "}" * 4500  # crashes pyoxigraph if it ever reaches it
    status, _, body = call(server, "POST", body=nested.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and "nests brackets deeper than 40" in message(body)
    chain = "SELECT * WHERE { BIND(" + "+".join(["1"] * 5000) + " AS ?x) }"
    status, _, body = call(server, "POST", body=chain.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and "operators" in message(body)
    status, _, body = query(server, "ASK { ?s ?p ?o }")
    assert status == 200, "the server must still be serving"


def test_encoding_and_method_errors(server: str) -> None:
    status, _, body = call(
        server, "POST", body=b"ASK { \xff\xfe }", headers={"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and "UTF-8" in message(body)
    status, _, body = call(server, "POST", body=b"ASK {\x00}", headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and "NUL" in message(body)
    status, _, _ = call(server, "GET", params={"query": "ASK {}"}, headers={}, path="/sparql?query=ASK%20%7B%7D%FF&x=")
    assert status == 400
    status, _, body = call(
        server,
        "POST",
        body="ASK {}".encode("utf-16"),
        headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
    )
    assert status == 415 and "UTF-8" in message(body)
    status, headers, _ = call(server, "PUT", params={"query": "ASK {}"})
    assert status == 405 and headers["allow"] == "GET, HEAD, OPTIONS, POST"
    status, headers, body = call(server, "HEAD", params={"query": "ASK {}"})
    assert status == 200 and body == b"" and headers["content-type"].startswith("application/sparql-results+json")
    status, headers, _ = call(server, "OPTIONS")
    assert status == 204 and "POST" in headers["allow"] and headers["access-control-allow-origin"] == "*"


def test_syntax_errors_say_where(server: str) -> None:
    status, _, body = query(server, "SELECT ?x WHERE {\n  ?s ?p ?o .\n  FILTER(?o > )\n}")
    assert status == 400
    assert re.search(r"error at \d+:\d+: expected one of", message(body))


def test_not_acceptable_only_when_nothing_can_serve(server: str) -> None:
    status, headers, body = call(server, "GET", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert status == 406 and headers["content-type"].startswith("text/plain")
    assert b"available: application/sparql-results+json" in body
    status, headers, _ = call(server, "GET", params={"query": "ASK {}"}, headers={"Accept": "image/png, */*;q=0.1"})
    assert status == 200 and headers["vary"] == "Accept"
    status, headers, _ = call(server, "GET", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    status, headers, _ = call(server, "GET", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "output": "tsv"})
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")


def test_time_limit_stops_the_work_and_the_server_recovers(server: str) -> None:
    status, headers, body = query(server, HEAVY, timeout="1")  # HEAVY never ends on its own
    assert status == 503 and "longer than 1 s" in message(body)
    assert headers["retry-after"] == "1"
    status, _, body = query(server, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    _, _, health = call(server, "GET", path="/-/health")
    assert json.loads(health)["replaced"] >= 1


def test_bad_timeout_parameter(server: str) -> None:
    status, _, body = query(server, "ASK {}", timeout="soon")
    assert status == 400 and "timeout" in message(body)


def test_row_cap_is_signalled_not_silent(tight: str) -> None:
    status, headers, body = query(tight, "SELECT ?s WHERE { ?s a <https://data.jimujigyo-kg.example/def/jkg#Project> }")
    assert status == 400
    assert "more than 10 rows" in message(body) and "LIMIT 10" in message(body)
    assert headers["jkg-result-limit"] == "10"
    status, headers, body = query(
        tight, "SELECT ?s WHERE { ?s a <https://data.jimujigyo-kg.example/def/jkg#Project> } LIMIT 10"
    )
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 10
    assert headers["jkg-result-rows"] == "10"


def health(url: str) -> dict[str, object]:
    return dict(json.loads(call(url, "GET", path="/-/health")[2]))


def test_overload_is_answered_at_once_and_health_stays_up(tight: str) -> None:
    slow = threading.Thread(target=query, args=(tight, HEAVY), kwargs={"timeout": "10"})
    slow.start()
    try:
        for _ in range(300):  # bounded: until the heavy query holds the only worker
            if health(tight)["idle_workers"] == 0:
                break
            time.sleep(0.05)
        status, headers, body = query(tight, "ASK {}")
        assert status == 503 and headers["retry-after"] == "1" and "busy" in message(body)
        assert slow.is_alive(), "refused while the worker was busy, not queued until it was free"
        status, _, body = call(tight, "GET", path="/-/health")
        assert status == 200 and json.loads(body)["status"] == "ok"
    finally:
        slow.join()


def test_a_crashed_worker_is_replaced(tight: str) -> None:
    status, _, body = query(tight, MEMORY_HOG, timeout="150")  # it dies at the memory cap long before
    assert status == 500 and "replaced" in message(body)
    deadline = time.monotonic() + 30
    while True:
        status, _, body = query(tight, "ASK { ?s ?p ?o }")
        if status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert status == 200 and json.loads(body)["boolean"] is True
