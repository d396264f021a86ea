"""The server keeps answering with hundreds of slow or idle connections open: no thread waits for an
unfinished request, header and body deadlines close tricklers with 408, and one address may hold only
max_client_connections. A real server process; the attackers come from many loopback addresses."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.serving import running_server

ENV = {"JKG_HEADER_TIMEOUT": "3", "JKG_BODY_TIMEOUT": "4", "JKG_MAX_CLIENT_CONNECTIONS": "8"}


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[tuple[str, int]]:
    with running_server(bundled_out, env=ENV) as url:
        yield url, int(url.rsplit(":", 1)[1])


class Attack:
    """Connections that trickle a request line and headers, trickle a body after full headers, or stay idle,
    each from its own loopback address; every live one gets one more byte each round."""

    def __init__(self, port: int, trickle: int, bodies: int, idle: int) -> None:
        self.port = port
        self.sockets: list[tuple[socket.socket, bytes]] = []
        self.ends: dict[int, bytes] = {}  # socket number → the first line it was answered (b"EOF" if closed)
        for n in range(trickle + bodies + idle):
            s = socket.create_connection(("127.0.0.1", port), source_address=(f"127.0.{1 + n // 250}.{1 + n % 250}", 0))
            if n < trickle:
                self.sockets.append((s, b"GET /-/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000))
            elif n < trickle + bodies:
                s.sendall(
                    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                    b"Content-Length: 100000\r\n\r\n"
                )
                self.sockets.append((s, b"A" * 100000))
            else:
                self.sockets.append((s, b""))
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        step = 0
        while not self._stop.wait(0.5):
            for s, data in self.sockets:
                if step < len(data) and s.fileno() >= 0:
                    with contextlib.suppress(OSError):
                        s.send(data[step : step + 1])
            step += 1

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()
        for s, _ in self.sockets:
            s.close()

    def answers(self) -> list[bytes]:
        """How each attacking connection ended: the first line of its answer, b"EOF", or b"" while it lasts."""
        for n, (s, _) in enumerate(self.sockets):
            if n in self.ends:
                continue
            s.setblocking(False)
            try:
                data = s.recv(200)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            self.ends[n] = data.split(b"\r\n", 1)[0] if data else b"EOF"
        return [self.ends.get(n, b"") for n in range(len(self.sockets))]


def ask(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0))
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        r.read()
        return r.status
    finally:
        conn.close()


def test_hundreds_of_slow_connections_do_not_stop_the_server(server: tuple[str, int]) -> None:
    _, port = server
    attack = Attack(port, trickle=200, bodies=50, idle=50)
    try:
        for _ in range(10):  # while the attack lasts, others are answered, each within 10 s (the client timeout)
            assert ask(port, "/-/health") == 200
            assert ask(port, "/sparql?query=" + quote("ASK { ?s ?p ?o }")) == 200
        deadline = time.monotonic() + 30
        while not all(attack.answers()):
            assert time.monotonic() < deadline, "the deadlines never closed the slow connections"
            time.sleep(0.5)
        ends = attack.answers()
    finally:
        attack.stop()
    assert set(ends) == {b"HTTP/1.1 408 Request Timeout"}, "each slow connection is told why it was closed"
    assert ask(port, "/-/health") == 200


def test_one_address_may_hold_only_so_many_connections(server: tuple[str, int]) -> None:
    _, port = server
    held = [socket.create_connection(("127.0.0.1", port), source_address=("127.0.3.1", 0)) for _ in range(8)]
    try:
        extra = socket.create_connection(("127.0.0.1", port), source_address=("127.0.3.1", 0))
        extra.settimeout(10)
        answer = extra.recv(200)
        assert answer.startswith(b"HTTP/1.1 503") and b"more than 8 connections" in answer
        extra.close()
        assert ask(port, "/-/health") == 200  # others are not affected
    finally:
        for s in held:
            s.close()


@pytest.mark.parametrize(
    ("name", "request_bytes", "status"),
    [
        (
            "bad chunk size",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nASK{}\r\n0\r\n\r\n",
            400,
        ),
        (
            "short chunk",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nASK{}XX\r\n0\r\n\r\n",
            400,
        ),
        (
            "huge chunk",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n",
            400,
        ),
        (
            "CL and TE",
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
        ),
        ("bad length", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n", 400),
        ("body too large", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n", 413),
        ("headers too large", b"GET /-/health HTTP/1.1\r\nHost: x\r\nX-a: " + b"a" * 20000 + b"\r\n\r\n", 431),
        ("request line too long", b"GET /sparql?query=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("not HTTP", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n", 400),
    ],
)
def test_malformed_requests_are_client_errors(
    server: tuple[str, int], name: str, request_bytes: bytes, status: int
) -> None:
    _, port = server
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.4.1", 0)) as s:
        s.sendall(request_bytes)
        s.settimeout(10)
        assert s.recv(200).startswith(f"HTTP/1.1 {status}".encode()), name
    assert ask(port, "/-/health") == 200


def test_pipelined_and_kept_alive_requests_are_answered_in_order(server: tuple[str, int]) -> None:
    _, port = server
    with socket.create_connection(("127.0.0.1", port), source_address=("127.0.4.2", 0)) as s:
        s.sendall(
            b"GET /-/health HTTP/1.1\r\nHost: x\r\n\r\n" * 2 + b"HEAD /-/health HTTP/1.1\r\nHost: x\r\n\r\n"
            b"GET /-/version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        s.settimeout(10)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    assert data.count(b"HTTP/1.1 200") == 4
    version = data.rsplit(b"\r\n\r\n", 1)[1]
    assert json.loads(version)["version"]
