"""Which store for which size: the same build published to and served from Virtuoso 7.2 and the Oxigraph server,
against jkg's own store and in-process pyoxigraph, in one run.

    python bench/engines.py [--rows N] [--data DIR] [--repeat K]

On a synthetic graph of N rows (default 22,000: about 1M triples; or an existing data folder), with a private
Virtuoso (Debian `virtuoso-opensource`) and Oxigraph server (PyPI `oxigraph`) started as the engine tests start
them (tests/engines.py):

* publish: seconds of `jkg publish --to` through the Graph Store Protocol into each, and into a fresh Virtuoso by
  its bulk loader (`--bulk-dir`);
* queries: a light ASK (another text each time, so no cached answer serves it) and every example query, K times
  in turn in-process (pyoxigraph, read-only store, native serialization), through `jkg serve` on its own store,
  and through `jkg serve --engine` on each store (the guard, limits and formats in front): medians and ratios to
  in-process. An example a store refuses (e.g. Virtuoso's GROUP_CONCAT limit) shows the status.

The machine's load average is printed before and after: figures from a busy machine are upper bounds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from bench.front import LIGHT, in_process, loadavg  # noqa: E402
from bench.synth import built_graphs  # noqa: E402
from jkg.server.description import load_examples  # noqa: E402
from tests import engines  # noqa: E402
from tests.serving import running_server  # noqa: E402


def publish(store: engines.Store, data: Path, *args: str, env: dict[str, str] | None = None) -> float:
    credentials = {"JKG_ENGINE_USER": store.user, "JKG_ENGINE_PASSWORD": store.password} if store.user else {}
    exe = Path(sys.executable).with_name("jkg")
    started = time.perf_counter()
    subprocess.run(
        [str(exe), "publish", "--to", store.gsp_url, "--data", str(data), "--no-progress", *args],
        check=True,
        capture_output=True,
        env={**os.environ, **credentials, **(env or {})},
    )
    return time.perf_counter() - started


def asker(base: str) -> Callable[[str, bool], tuple[float, int]]:
    """A function running a query against a jkg server (GET for a light one, POST otherwise): (seconds, status)."""
    host = urlsplit(base).netloc

    def run(query: str, get: bool) -> tuple[float, int]:
        conn = http.client.HTTPConnection(host, timeout=600)
        accept = {"Accept": "text/turtle, application/sparql-results+json"}
        started = time.perf_counter()
        if get:
            conn.request("GET", "/sparql?query=" + quote(query), headers=accept)
        else:
            body = urlencode({"query": query}).encode()
            conn.request("POST", "/sparql", body, {**accept, "Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        response.read()
        conn.close()
        return time.perf_counter() - started, response.status

    return run


def stores(stack: ExitStack, tmp: Path, data: Path) -> Iterator[tuple[str, str]]:
    """Start each store, publish the build into it, and yield (name, query URL); publishing times printed."""
    with engines.virtuoso_server(tmp) as bulk:  # stopped once timed: two Virtuosos would not fit beside the rest
        env = {"JKG_VIRTUOSO_DBA_PASSWORD": bulk.dba_password}
        isql = f"127.0.0.1:{bulk.isql_port}"
        seconds = publish(bulk, data, "--bulk-dir", str(bulk.load_dir), "--isql", isql, env=env)
    print(f"publish to Virtuoso 7.2 by its bulk loader:   {seconds:7.1f} s", flush=True)
    virtuoso = stack.enter_context(engines.virtuoso_server(tmp))
    print(f"publish to Virtuoso 7.2 by GSP:               {publish(virtuoso, data):7.1f} s", flush=True)
    oxigraph = stack.enter_context(engines.oxigraph_server(tmp))
    print(f"publish to the Oxigraph server by GSP:        {publish(oxigraph, data):7.1f} s", flush=True)
    yield "virtuoso", virtuoso.query_url
    yield "oxigraph", oxigraph.query_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=22_000)
    parser.add_argument("--data", type=Path, default=None, help="an existing data folder instead of a new build")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    engines.find_virtuoso(), engines.find_isql(), engines.find_oxigraph()  # fail early when one is missing
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        tmp = Path(folder)
        data = args.data or [d for _, d in built_graphs(tmp, args.rows)][-1]
        print(f"load average at the start: {loadavg()} (2 cores)")
        store = ox.Store.read_only(str(data / "current" / "store"))
        servers = {"jkg": stack.enter_context(running_server(data))}
        for name, url in stores(stack, tmp, data):
            servers[f"jkg → {name}"] = stack.enter_context(running_server(data, "--engine", url))
        run = {name: asker(url) for name, url in servers.items()}
        queries = [("light ASK", LIGHT)] + [(e.slug, e.query) for e in load_examples(ROOT / "queries")]
        print(f"\n{args.repeat} interleaved runs per query (medians, ms; × in-process; a failure shows its status)")
        print(f"{'query':<44} {'in-process':>10}" + "".join(f" {n:>14} {'×':>6}" for n in run))
        for slug, query in queries:
            light = slug == "light ASK"
            local: list[float] = []
            timed: dict[str, list[float]] = {n: [] for n in run}
            failed: dict[str, int] = {}
            for i in range(args.repeat):
                text = f"{query}\n# {i} {time.time_ns()}" if light else query
                local.append(in_process(store, text))
                for name, ask in run.items():
                    seconds, status = ask(text, light)
                    timed[name].append(seconds)
                    if status != 200:
                        failed[name] = status
            base = statistics.median(local) * 1000
            cells = ""
            for name, times in timed.items():
                ms = statistics.median(times) * 1000
                failure = f"HTTP {failed.get(name)}"
                cells += f" {failure:>14} {'':6}" if name in failed else f" {ms:14.1f} {ms / base:6.2f}"
            print(f"{slug:<44} {base:10.1f}{cells}", flush=True)
        print(f"\nload average at the end: {loadavg()}")


if __name__ == "__main__":
    main()
