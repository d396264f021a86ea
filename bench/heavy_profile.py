"""Where a heavy query's time goes between in-process pyoxigraph and `jkg serve`, stage by stage.

    python bench/heavy_profile.py --data DIR [--examples 01,07] [--repeat K]

For each example (default: every one over 100 ms in-process), K interleaved turns of: the query serialized to
bytes in this process (the baseline of bench/front.py); the query worker's own code (`worker.execute`: the
row-counting sink, the spool file) run in this process; the same job in a pool worker, with and without its
network wall (the worker's CPU from /proc, 10 ms ticks); and a POST to a real `jkg serve` (wall time to the
first and to the last byte; the CPU of its HTTP process alone, of all its processes as bench/front.py counts
them, and of the worker that ran the query). Printed: CPU medians with each turn's ratio
to in-process (paired), the wall times, and each turn's wall ratio of jkg to in-process (median, quartiles).
The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
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

from bench.front import loadavg, process_cpu, server_pid  # noqa: E402
from jkg.server import worker  # noqa: E402
from jkg.server.description import load_examples  # noqa: E402
from jkg.server.pool import QueryPool  # noqa: E402
from tests.serving import running_server  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def own_cpu(pid: int) -> float:
    """User + system CPU seconds of one process (all its threads, not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def job_for(query: str) -> worker.Job:
    graph = any(word in query for word in ("CONSTRUCT", "DESCRIBE"))
    return worker.Job(query=query, format="ttl" if graph else "json", max_rows=100_000, max_bytes=128 << 20)


def drop(answer: worker.Answer) -> None:
    if answer.spool:
        os.unlink(answer.spool)


def profile(data: Path, picked: list[str], repeat: int) -> None:
    store_path = str(data / "current" / "store")
    store = ox.Store.read_only(store_path)
    spool = tempfile.mkdtemp(prefix="jkg-profile-")
    pools = {wall: QueryPool(store_path, size=1, waiting=4, memory_mb=2048, wall=wall) for wall in (True, False)}

    def in_process(query: str) -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            body = ox.serialize(result, format=ox.RdfFormat.TURTLE) or b""
        else:
            body = result.serialize(format=ox.QueryResultsFormat.JSON) or b""
        return time.process_time() - cpu, time.perf_counter() - wall, len(body)

    def worker_code(query: str) -> float:
        cpu = time.process_time()
        drop(worker.execute(store, job_for(query), spool))
        return time.process_time() - cpu

    def pooled(wall: bool) -> Callable[[str], float]:
        def run(query: str) -> float:
            pool = pools[wall]
            pid = next(iter(pool.line.idle)).process.pid or 0
            before = own_cpu(pid)
            drop(pool.run(job_for(query), 600))
            return own_cpu(pid) - before

        return run

    try:
        for pool in pools.values():
            pool.start()
        with running_server(data) as jkg:
            host = jkg.removeprefix("http://")
            front = server_pid(int(host.rsplit(":", 1)[1]))

            def post(query: str) -> tuple[float, float, float, float, float]:
                conn = http.client.HTTPConnection(host, timeout=600)
                tree = process_cpu(front)
                cpu, started = own_cpu(front), time.perf_counter()
                conn.request(
                    "POST",
                    "/sparql",
                    urlencode({"query": query}).encode(),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": "text/turtle, application/sparql-results+json",
                    },
                )
                response = conn.getresponse()
                response.read(1)
                first = time.perf_counter() - started
                response.read()
                last = time.perf_counter() - started
                conn.close()
                if response.status != 200:
                    raise SystemExit(f"HTTP {response.status} for {query[:80]}")
                time.sleep(0.02)  # let the HTTP process finish its access log line
                front_cpu = own_cpu(front) - cpu
                after = process_cpu(front)
                used = {p: after[p] - tree.get(p, 0.0) for p in after}
                # every process of jkg's (as bench/front.py counts them), and the busiest worker alone
                return first, last, front_cpu, sum(used.values()), max(v for p, v in used.items() if p != front)

            print(f"load average at the start: {loadavg()} (2 cores)")
            for example in load_examples(ROOT / "queries"):
                if picked and not any(example.slug.startswith(p) for p in picked):
                    continue
                _, wall, size = in_process(example.query)
                if not picked and wall < 0.1:
                    continue
                turns = []
                for _ in range(repeat):
                    cpu, wall, _ = in_process(example.query)
                    first, last, front_cpu, served, busiest = post(example.query)
                    stages = [worker_code(example.query), pooled(True)(example.query), pooled(False)(example.query)]
                    turns.append((cpu, wall, *stages, first, last, front_cpu, served, busiest))
                print(f"\n{example.slug} ({size / 1e6:.1f} MB answer), {repeat} turns: medians, paired × of CPU")
                names = ["in-process CPU", "wall", "worker code, here", "pool worker, walled", "pool worker, no wall"]
                names += ["", "", "", "jkg serve, all processes", "jkg serve, its worker"]
                for i in (0, 2, 3, 4, 8, 9):
                    col = [t[i] * 1000 for t in turns]
                    paired = statistics.median(t[i] / t[0] for t in turns if t[0] > 0)
                    print(f"  {names[i]:24} CPU {statistics.median(col):8.0f} ms  paired × {paired:.3f}")
                walls = {k: statistics.median(t[i] for t in turns) * 1000 for k, i in (("in", 1), ("f", 5), ("l", 6))}
                ratios = sorted(t[6] / t[1] for t in turns)
                print(
                    f"  wall: in-process {walls['in']:.0f} ms; jkg first byte {walls['f']:.0f} ms, last byte "
                    f"{walls['l']:.0f} ms; jkg's HTTP process CPU {statistics.median(t[7] for t in turns) * 1000:.0f}"
                    f" ms\n  wall, paired × (jkg's last byte / in-process, each turn): median "
                    f"{statistics.median(ratios):.3f}, quartiles {ratios[len(ratios) // 4]:.3f}–"
                    f"{ratios[3 * len(ratios) // 4]:.3f}",
                    flush=True,
                )
            print(f"\nload average at the end: {loadavg()}")
    finally:
        for pool in pools.values():
            pool.close()
        shutil.rmtree(spool, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True, help="a data folder (jkg build --out)")
    parser.add_argument("--examples", default="", help="example numbers, e.g. 01,07 (default: all over 100 ms)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    profile(args.data, [p for p in args.examples.split(",") if p], args.repeat)


if __name__ == "__main__":
    main()
