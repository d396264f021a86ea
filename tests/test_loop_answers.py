"""The event loop's /sparql path (server/loopsparql.py) answers every request it takes exactly once, in order,
whatever happens between a job's end and its answer's bytes: through a real `jkg serve` and a real socket.

A client may pipeline its requests (HTTP/1.1 lets it send the next before the last is answered): queries sent
behind a slow one wait on the connection, and when the slow one is answered the rest are taken one after
another. Answered from the build's answer cache they are answered at once, on the loop, so each answer used to
start the next request inside the last one's call: a few hundred of them went past Python's recursion limit in
the middle of building answers, and some requests were then answered twice and the next ones not at all (or
another request's answer sent in their place), the build's hold counted wrong, tracebacks in the log."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.serving import running_server

KINDS = 7  # distinct cached queries, asked in turn: an answer given to its neighbour's request shows
PIPELINED = 1200  # far past the recursion limit (each answer took about ten frames)
JSON = "application/sparql-results+json"


def query(i: int) -> str:
    return f"SELECT ?n WHERE {{ BIND({i} AS ?n) }}"


def request(target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: test\r\nAccept: {JSON}\r\n\r\n".encode()


def health(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "/-/health", timeout=60) as r:
        found: dict[str, object] = json.loads(r.read())
        return found


def read_answers(sock: socket.socket, count: int) -> list[tuple[int, bytes]]:
    """Read `count` answers (status, body) from a connection, in the order they come."""
    stream = sock.makefile("rb")
    answers = []
    for _ in range(count):
        status_line = stream.readline()
        if not status_line:
            break  # the server closed the connection
        status = int(status_line.split()[1])
        length = 0
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        answers.append((status, stream.read(length)))
    return answers


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[tuple[str, Path]]:
    """The server's URL and its log (tests.serving writes it beside the data)."""
    with running_server(bundled_out) as url:  # the answer cache on, as by default
        yield url, bundled_out.parent / f"serve-{urlsplit(url).port}.log"


def test_pipelined_queries_behind_a_slow_one_are_each_answered_once_in_order(server: tuple[str, Path]) -> None:
    url, log = server
    for i in range(KINDS):  # kept in the build's answer cache
        with urllib.request.urlopen(f"{url}/sparql?query={quote(query(i))}", timeout=60) as r:
            assert r.status == 200
    netloc = urlsplit(url).netloc
    host, port = netloc.rsplit(":", 1)
    slow = request("/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # not cached"))
    data = slow + b"".join(request("/sparql?query=" + quote(query(j % KINDS))) for j in range(PIPELINED))
    with socket.create_connection((host, int(port)), timeout=120) as sock:
        sender = threading.Thread(target=sock.sendall, args=(data,))  # sent whole while the answers are read
        sender.start()
        answers = read_answers(sock, PIPELINED + 1)
        sender.join()
    assert len(answers) == PIPELINED + 1
    assert answers[0][0] == 200 and b'"n"' in answers[0][1]
    wrong = [
        j
        for j, (status, body) in enumerate(answers[1:])
        if status != 200 or f'"value":"{j % KINDS}"' not in body.decode()
    ]
    assert wrong == []
    # Nothing left waiting or held: every worker is idle again, and the connection still answers.
    conn = http.client.HTTPConnection(netloc, timeout=60)
    conn.request("GET", "/sparql?query=" + quote(query(KINDS)), headers={"Accept": JSON})
    assert conn.getresponse().status == 200
    conn.close()
    found = health(url)
    assert found["waiting"] == 0 and found["idle_workers"] == found["workers"]
    assert "Traceback" not in log.read_text()


# Put in the server's way: the step that turns a finished job into its answer fails for queries marked so.
FAULT = """
import jkg.server.jobs as jobs
settled = jobs.settled
def failing(generation, job, *args):
    if "# fault" in job.query:
        raise RuntimeError("a fault put in the way of this answer")
    return settled(generation, job, *args)
jobs.settled = failing
"""


@pytest.fixture(scope="module")
def faulty(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out, env={"JKG_WORKERS": "2"}, before=FAULT) as url:
        yield url


def test_a_failure_after_the_job_is_the_apps_500_and_holds_nothing(faulty: str) -> None:
    """Whatever fails once the job is over: the client gets the app's 500 at once on a connection that goes on
    answering, the worker is free again and the build given back — more failures than workers leave every worker
    free."""
    conn = http.client.HTTPConnection(urlsplit(faulty).netloc, timeout=60)
    for i in range(5):
        conn.request("GET", "/sparql?query=" + quote(f"{query(i)} # fault"), headers={"Accept": JSON})
        r = conn.getresponse()
        assert r.status == 500
        assert r.getheader("Content-Type") == "application/json; charset=utf-8"
        assert json.loads(r.read()) == {
            "error": "internal-error",
            "status": 500,
            "message": "the server failed; this is a bug and it has been logged",
        }
        conn.request("GET", "/sparql?query=" + quote(query(i)), headers={"Accept": JSON})
        r = conn.getresponse()
        assert r.status == 200 and f'"value":"{i}"' in r.read().decode()
    conn.close()
    found = health(faulty)
    assert found["waiting"] == 0 and found["idle_workers"] == found["workers"] == 2
    assert found["fast_path"] == {"loop": 10, "wsgi": 0}  # all of them answered on the loop
