"""A second client's light-query latency while the endpoint is under pressure, against a quiet baseline.

    python bench/public.py [--rounds R] [--requests N] [--slow S]

Builds the bundled list, starts a real `jkg serve` with the default settings, and measures, for client B (its
own loopback address), the latency of N light queries (an ASK, a new connection each) in three situations,
interleaved for R rounds so that the machine's drift hits all of them alike:

* quiet: nothing else runs;
* heavy: client A (another address) keeps 8 heavy queries in flight (a 4-way cross product, each stopped at
  its 10 s limit and sent again at once);
* slow: S connections from S addresses trickle request headers a byte at a time (plus S/4 that trickle a
  body and S/4 that stay idle), as a slowloris attack does.

Reported: median, 90th percentile and worst latency per situation, their ratio to quiet, and every non-200
answer B got. Client and server share this machine's cores; only the ratios carry over to other machines.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serving import running_server  # noqa: E402

LIGHT = "ASK { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def ask(port: int, source: str, text: str, timeout: str = "") -> tuple[int, float]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    try:
        body = urlencode({"query": text, **({"timeout": timeout} if timeout else {})}).encode()
        conn.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


@contextmanager
def heavy_client(port: int) -> Iterator[None]:
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            ask(port, "127.0.0.5", HEAVY, "10")

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # let them take their share
    try:
        yield
    finally:
        stop.set()
        for t in threads:
            t.join(30)


@contextmanager
def slow_connections(port: int, count: int) -> Iterator[None]:
    sockets: list[tuple[socket.socket, bytes]] = []
    for n in range(count + count // 2):
        s = socket.create_connection(("127.0.0.1", port), source_address=(f"127.1.{n // 250}.{1 + n % 250}", 0))
        if n < count:
            data = b"GET /-/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
        elif n < count + count // 4:
            s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n")
            data = b"A" * 100000
        else:
            data = b""
        sockets.append((s, data))
    stop = threading.Event()

    def trickle() -> None:
        step = 0
        while not stop.wait(1.0):
            for s, data in sockets:
                if step < len(data):
                    with contextlib.suppress(OSError):
                        s.send(data[step : step + 1])
            step += 1

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    time.sleep(1.0)
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for s, _ in sockets:
            s.close()


def measure(port: int, requests: int) -> tuple[list[float], list[int]]:
    times, failures = [], []
    for _ in range(requests):
        status, seconds = ask(port, "127.0.0.6", LIGHT)
        times.append(seconds)
        if status != 200:
            failures.append(status)
    return times, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--slow", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        jkg = Path(sys.executable).with_name("jkg")
        subprocess.run([str(jkg), "build", "--out", str(data), "--no-progress"], check=True, capture_output=True)
        # Short header and body deadlines would close the attack's connections within the run: keep them open.
        env = {"JKG_HEADER_TIMEOUT": "600", "JKG_BODY_TIMEOUT": "600"}
        with running_server(data, env=env) as url:
            port = int(url.rsplit(":", 1)[1])
            results: dict[str, list[float]] = {"quiet": [], "heavy": [], "slow": []}
            failures: dict[str, list[int]] = {k: [] for k in results}
            situations = {
                "quiet": contextlib.nullcontext,
                "heavy": lambda: heavy_client(port),
                "slow": lambda: slow_connections(port, args.slow),
            }
            for round_ in range(args.rounds):
                order = list(situations)[round_ % 3 :] + list(situations)[: round_ % 3]
                for name in order:
                    with situations[name]():  # type: ignore[operator]
                        times, failed = measure(port, args.requests)
                    results[name] += times
                    failures[name] += failed
    base = statistics.median(results["quiet"])
    print(f"{'situation':<10} {'median ms':>10} {'p90 ms':>8} {'worst ms':>9} {'× quiet':>8}  non-200")
    for name, times in results.items():
        times.sort()
        median = statistics.median(times)
        p90 = times[int(len(times) * 0.9) - 1]
        print(
            f"{name:<10} {median * 1000:>10.1f} {p90 * 1000:>8.1f} {times[-1] * 1000:>9.1f} "
            f"{median / base:>8.2f}  {failures[name] or '-'}"
        )


if __name__ == "__main__":
    main()
