"""What the pages, search and network exports cost over HTTP, each against a baseline in the same run.

    python bench/pages.py [--rows N] [--repeat K]

Builds the bundled list and a synthetic list of N rows (default 22,000: about 1M triples), serves each with a
real `jkg serve` (2 workers) and times, interleaved, K requests of each kind (median, fresh connection each):

* a resource's HTML page against its RDF document (`.ttl`, the same resource's triples both ways) for a yearly
  sheet, the division with the most projects and the partner body named most often;
* the home page against the dataset description (`/data/dataset`): the first request, which counts the ways in,
  and then (cached) the median;
* search over HTTP against the same search run in-process on the same index file (3+ characters use the
  trigram index, 2 characters scan it);
* the project network as GEXF, GraphML and Cytoscape JSON against its CONSTRUCT as N-Triples from /sparql.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from bench.synth import built_graphs  # noqa: E402
from jkg import layout  # noqa: E402
from jkg.server import search  # noqa: E402
from jkg.server.export import default_query  # noqa: E402
from tests.serving import running_server  # noqa: E402

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
PREFIX = "PREFIX jkg: <https://data.jimujigyo-kg.example/def/jkg#>\n"


def get(url: str, path: str, accept: str = "*/*", body: bytes | None = None) -> float:
    conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=300)
    started = time.perf_counter()
    if body is None:
        conn.request("GET", path, headers={"Accept": accept})
    else:
        conn.request("POST", path, body, {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status} for {path[:100]}")
    return elapsed


def compare(name: str, repeat: int, subject: Callable[[], float], baseline: Callable[[], float]) -> None:
    subject(), baseline()  # warm both
    mine, base = [], []
    for _ in range(repeat):
        mine.append(subject())
        base.append(baseline())
    a, b = statistics.median(mine), statistics.median(base)
    print(f"{name:<58} {a * 1000:9.1f} {b * 1000:9.1f} {a / b:7.2f}", flush=True)


def timed(run: Callable[[], object]) -> Callable[[], float]:
    def measure() -> float:
        started = time.perf_counter()
        run()
        return time.perf_counter() - started

    return measure


def pick(store: ox.Store, query: str) -> str:
    result = store.query(PREFIX + query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return str(next(iter(result))[0].value)  # type: ignore[union-attr]


def measure(label: str, data: Path, repeat: int) -> None:
    store = ox.Store.read_only(str(data / "current" / "store"))
    base = json.loads((data / "current" / "build.json").read_text())["base_iri"]
    quads = sum(1 for _ in store.quads_for_pattern(None, None, None, None))
    sheet = pick(store, "SELECT ?s WHERE { ?s a jkg:ProjectSheet ; jkg:partner ?p } LIMIT 1")
    division = pick(
        store, "SELECT ?d (COUNT(?s) AS ?n) WHERE { ?s jkg:responsibleUnit ?d } GROUP BY ?d ORDER BY DESC(?n) LIMIT 1"
    )
    partner = pick(
        store, "SELECT ?p (COUNT(?s) AS ?n) WHERE { ?s jkg:partner ?p } GROUP BY ?p ORDER BY DESC(?n) LIMIT 1"
    )
    del store
    index = data / "current" / layout.INDEX
    print(f"\n{label}: {quads} quads")
    print(f"{'request':<58} {'ms':>9} {'base ms':>9} {'ratio':>7}")
    with running_server(data, "--workers", "2") as url:
        first, base_first = get(url, "/", BROWSER), get(url, "/data/dataset")
        name = "first home page (counts the ways in) / /data/dataset"
        print(f"{name:<58} {first * 1000:9.1f} {base_first * 1000:9.1f} {first / base_first:7.2f}", flush=True)
        for kind, iri in (("yearly sheet", sheet), ("largest division", division), ("most-named partner", partner)):
            doc = "/doc/" + iri.removeprefix(base + "id/")
            compare(
                f"HTML page of the {kind} / its .ttl",
                repeat,
                lambda doc=doc: get(url, doc, BROWSER),  # type: ignore[misc]
                lambda doc=doc: get(url, doc + ".ttl"),  # type: ignore[misc]
            )
        compare("home page / /data/dataset", repeat, lambda: get(url, "/", BROWSER), lambda: get(url, "/data/dataset"))
        for q in ("事業", "オンライン", "JAXA"):
            compare(
                f"search {q!r} over HTTP / in-process",
                repeat,
                lambda q=q: get(url, "/search?" + urlencode({"q": q}), "application/json"),  # type: ignore[misc]
                timed(lambda q=q: search.search(index, q)),  # type: ignore[misc]
            )
        construct = urlencode({"query": default_query()}).encode()
        for fmt in ("gexf", "graphml", "cyjs"):
            compare(
                f"project network .{fmt} / its CONSTRUCT as N-Triples",
                max(3, repeat // 3),
                lambda fmt=fmt: get(url, f"/-/graph.{fmt}"),  # type: ignore[misc]
                lambda: get(url, "/sparql", "application/n-triples", construct),
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=22_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in built_graphs(Path(tmp), args.rows):
            measure(label, data, args.repeat)


if __name__ == "__main__":
    main()
