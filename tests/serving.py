"""Run a real `jkg serve` process on a free loopback port for integration tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(data: Path, *args: str, env: dict[str, str] | None = None, before: str = "") -> Iterator[str]:
    """Start `jkg serve` on data; yield its base URL; stop it afterwards. `before`, Python run in the server's
    process before `jkg serve` starts (a fault put in its way)."""
    port = free_port()
    exe = [str(Path(sys.executable).with_name("jkg"))]
    if before:
        exe = [sys.executable, "-c", f"{before}\nfrom jkg.cli import main\nmain()"]
    log = data.parent / f"serve-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*exe, "serve", "--data", str(data), "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # generous: a loaded, niced machine can take over a minute
        while True:
            try:
                with urllib.request.urlopen(url + "/-/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Listener:
    """A TCP listener on loopback that counts every connection made to it and answers each as a SPARQL
    endpoint would (one empty solution), so that a forged request would succeed if one were ever made."""

    ANSWER = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            try:
                conn.settimeout(1)
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                    + f"Content-Length: {len(self.ANSWER)}\r\nConnection: close\r\n\r\n".encode()
                    + self.ANSWER
                )
            except OSError:
                pass
            finally:
                conn.close()

    def close(self) -> None:
        """Stop; then count what is still in the backlog (connected but not accepted yet), so that the count
        holds every connection made before close() however slowly the accepting thread ran."""
        self._stop = True
        self.thread.join()
        self.sock.setblocking(False)
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                break
            self.connections += 1
            conn.close()
        self.sock.close()


KASEI = "http://kasei.us/2009/09/sparql/data/"


def copy_with_w3c_graphs(published: Path, target: Path) -> Path:
    """A copy of a published data folder whose store also holds the graphs the W3C protocol tests query."""
    shutil.copytree(published, target, symlinks=True)
    store = ox.Store(str(target / "current" / "store"))
    doc = ox.NamedNode("http://xmlns.com/foaf/0.1/Document")
    for n in range(4):
        graph = ox.NamedNode(f"{KASEI}data{n}.rdf")
        store.add(ox.Quad(graph, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), doc, graph))
        store.add(ox.Quad(graph, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(f"data{n}"), graph))
    store.flush()
    del store
    return target
