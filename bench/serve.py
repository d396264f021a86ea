"""HTTP latency of each example query against the same query run in-process, and light-query throughput.

    python bench/serve.py [--rows N] [--repeat K] [--seconds S]

For the bundled graph and a synthetic graph of N rows (default 22,000: about 1M triples), each example in
queries/ runs K times in-process (pyoxigraph on the published store, read-only, results serialized by its native
serializer, as the server does) and K times over HTTP against a real `jkg serve` process with 2 query workers.
Reported: medians and their ratio (HTTP / in-process), then requests per second for a light ASK query from 8
client threads over keep-alive connections for S seconds. Client and server share this machine's cores.
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from bench.synth import built_graphs  # noqa: E402
from jkg.server.description import load_examples  # noqa: E402
from tests.serving import running_server  # noqa: E402

LIGHT = "ASK { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }"


def in_process(store: ox.Store, query: str, graph: bool) -> float:
    started = time.perf_counter()
    result = store.query(query, use_default_graph_as_union=True)
    if graph:
        ox.serialize(result, format=ox.RdfFormat.TURTLE)  # type: ignore[arg-type]
    else:
        result.serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]
    return time.perf_counter() - started


def over_http(conn: http.client.HTTPConnection, query: str) -> float:
    body = urlencode({"query": query}).encode()
    started = time.perf_counter()
    conn.request("POST", "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status} for {query[:80]}")
    return elapsed


def throughput(url: str, seconds: float, clients: int = 8) -> float:
    host = url.removeprefix("http://")
    count = [0] * clients
    stop = time.monotonic() + seconds
    path = "/sparql?" + urlencode({"query": LIGHT})

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(host, timeout=30)
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                count[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(count) / seconds


def measure(label: str, data: Path, repeat: int, seconds: float) -> None:
    examples = load_examples(ROOT / "queries")
    store = ox.Store.read_only(str(data / "current" / "store"))
    triples = sum(1 for _ in store.quads_for_pattern(None, None, None, None))
    print(f"\n{label}: {triples} quads in the store")
    print(f"{'example':<42} {'in-process ms':>13} {'HTTP ms':>9} {'HTTP/in-process':>16}")
    with running_server(data, "--workers", "2") as url:
        for ex in examples:
            graph = "CONSTRUCT" in ex.query or "DESCRIBE" in ex.query
            # Interleaved, so that the machine's drift hits both sides alike; a fresh connection per request
            # (gunicorn drops keep-alive connections idle for 2 s, and an in-process run may take longer).
            in_process(store, ex.query, graph)
            local_times, remote_times = [], []
            for _ in range(repeat):
                local_times.append(in_process(store, ex.query, graph))
                conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=120)
                remote_times.append(over_http(conn, ex.query))
                conn.close()
            local, remote = statistics.median(local_times), statistics.median(remote_times)
            print(f"{ex.slug:<42} {local * 1000:13.2f} {remote * 1000:9.2f} {remote / local:16.2f}", flush=True)
        print(f"light query throughput, 2 workers, 8 clients: {throughput(url, seconds):.0f} requests/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=22_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in built_graphs(Path(tmp), args.rows):
            measure(label, data, args.repeat, args.seconds)


if __name__ == "__main__":
    main()
