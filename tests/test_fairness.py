"""Query workers are shared fairly between clients (by address; behind a configured proxy, by the address it
forwards): a light query from one client is answered while another's heavy queries wait, a client over its
share while others wait is told 429, and a lone client is not refused. Real server processes; each client
has its own loopback address."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.serving import running_server

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = "ASK { ?s ?p ?o }"


def query(port: int, source: str, text: str, timeout: str = "", forwarded: str = "") -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    try:
        body = urlencode({"query": text, **({"timeout": timeout} if timeout else {})}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        conn.request("POST", "/sparql", body, headers)
        r = conn.getresponse()
        r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}
    finally:
        conn.close()


def health(port: int) -> dict[str, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=("127.0.0.99", 0))
    try:
        conn.request("GET", "/-/health")
        return dict(json.loads(conn.getresponse().read()))
    finally:
        conn.close()


# A heavy query never ends on its own: its time limit ends it. The limit is the margin a light query has to be
# answered in before a heavy one ends (then it would have found a worker even without fair sharing), so it is
# well above what a light query takes on a loaded machine.
HEAVY_SECONDS = "8"


class Heavy:
    """n heavy queries sent at once by one client; records when each ended."""

    def __init__(self, port: int, n: int, source: str, forwarded: str = "") -> None:
        self.done: list[int] = []
        self.threads = [
            threading.Thread(target=lambda: self.done.append(query(port, source, HEAVY, HEAVY_SECONDS, forwarded)[0]))
            for _ in range(n)
        ]
        for t in self.threads:
            t.start()

    def join(self) -> None:
        for t in self.threads:
            t.join(300)


def until(predicate: Callable[[], bool], what: str) -> None:
    for _ in range(600):  # bounded: 60 s
        if predicate():
            return
        threading.Event().wait(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def placed(port: int, n: int) -> bool:
    """n queries on workers or waiting for one, and no worker still restarting after a time limit."""
    h = health(port)
    return h["starting"] == 0 and h["workers"] - h["idle_workers"] + h["waiting"] == n


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[int]:
    with running_server(bundled_out, env={"JKG_WORKERS": "4", "JKG_TRUSTED_PROXY": "127.0.0.7"}) as url:
        yield int(url.rsplit(":", 1)[1])


def test_a_light_query_is_answered_while_another_clients_heavy_ones_wait(server: int) -> None:
    heavy = Heavy(server, 4, "127.0.0.5")  # 3 on workers (its share of 4), 1 waiting
    try:
        until(lambda: placed(server, 4), "the heavy queries to reach the server")
        status, _ = query(server, "127.0.0.6", LIGHT)
        assert status == 200 and heavy.done == [], "answered before any of the heavy queries ended"
    finally:
        heavy.join()
    assert heavy.done == [503] * 4  # each stopped at its time limit; none was refused


def test_a_lone_client_is_not_refused(server: int) -> None:
    statuses: list[int] = []

    def client() -> None:
        for _ in range(25):
            statuses.append(query(server, "127.0.0.10", LIGHT)[0])

    threads = [threading.Thread(target=client) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert statuses == [200] * 400


def test_clients_behind_the_trusted_proxy_are_told_apart(server: int) -> None:
    heavy = Heavy(server, 4, "127.0.0.7", forwarded="198.51.100.1")
    try:
        until(lambda: placed(server, 4), "the heavy queries to reach the server")
        status, _ = query(server, "127.0.0.7", LIGHT, forwarded="198.51.100.2")
        assert status == 200 and heavy.done == []
    finally:
        heavy.join()


def test_forwarded_for_from_anyone_else_is_ignored(server: int) -> None:
    heavy = Heavy(server, 4, "127.0.0.8", forwarded="198.51.100.1")
    try:
        until(lambda: placed(server, 4), "the heavy queries to reach the server")
        status, _ = query(server, "127.0.0.8", LIGHT, forwarded="198.51.100.2")
        assert status == 200 and len(heavy.done) >= 3, "one client: the light query waited its turn"
    finally:
        heavy.join()


def test_a_client_over_its_share_while_others_wait_is_told_429(bundled_out: Path) -> None:
    with running_server(bundled_out, env={"JKG_WORKERS": "2", "JKG_CLIENT_QUEUE": "2"}) as url:
        port = int(url.rsplit(":", 1)[1])
        a = Heavy(port, 4, "127.0.0.11")  # 1 running, 3 waiting: alone, so all queued
        b: Heavy | None = None
        try:
            until(lambda: health(port).get("waiting") == 3, "A's queries to queue")
            b = Heavy(port, 2, "127.0.0.12")  # one runs on the worker kept free, one waits
            until(lambda: health(port).get("waiting") == 4, "B's second query to wait")
            status, headers = query(port, "127.0.0.11", LIGHT)
            assert status == 429 and headers["retry-after"] == "2"
            status, _ = query(port, "127.0.0.13", LIGHT)
            assert status == 200, "a third client is not refused for A's share"
        finally:
            a.join()
            if b is not None:
                b.join()
