"""The front's speed against the Oxigraph server and in-process pyoxigraph, on the same graph in the same run.

    python bench/front.py [--rows N] [--data DIR] [--rounds R] [--seconds S] [--repeat K] [--examples 05,11]

On a synthetic graph of N rows (default 22,000: about 1M triples; or an existing data folder), a real `jkg serve`
(the defaults: 4 query workers) and `oxigraph serve-read-only` on the same store take turns, R rounds:

* light: a light ASK over 16 keep-alive connections from one wrk client (`wrk -t1 -c16`, Debian's wrk), closed
  loop (requests/s, p50, p99, non-2xx) and open loop at 2,000 requests/s offered (p50, p99); each jkg request
  carries another comment, tagged with its wrk run, so no answer cached in this run or an earlier one serves
  it. CPU per request of jkg's processes (front and query workers, from /proc) is reported too: it is the
  figure the machine's other load disturbs least;
* repeated: the same GET again and again (jkg's per-build answer cache), reported apart;
* heavy: every example taking over 100 ms in-process, K times in turn in-process (pyoxigraph, read-only store,
  native serialization to bytes), by POST to jkg and by POST to the Oxigraph server: medians and ratios, each
  run's own ratio (paired), and the CPU of the query in-process against that of jkg's processes (the front and
  its query workers and any started again, from /proc: 10 ms ticks) as the ratio of medians and paired, which the
  machine's other load disturbs least (--repeat 0 leaves them out; --examples picks some); then every paired
  run of every example pooled: the geometric mean of jkg's wall and CPU ratios to in-process with a 95 %
  bootstrap interval (resampling the runs), which says whether the path as a whole is within a ratio (such as
  #16's 1.05) where one example's median, on a machine whose CPU time itself moves by ±30 % between identical
  runs, cannot;
* profile: where a light request's CPU goes, from the same app called in this process without HTTP (the WSGI
  call alone: /-/health through Flask, the light ASK through the /sparql fast path answered by a query worker,
  the same answered from the answer cache; CPU of this process and of its query workers), set against the CPU
  per request through the real server above, where the light ASK is answered on the front's event loop: the
  rest is the front (HTTP parsing, the event loop, the access log).

The machine's load average is printed before and after: figures from a busy machine are upper bounds.
"""

from __future__ import annotations

import argparse
import http.client
import io
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from bench.synth import built_graphs  # noqa: E402
from jkg.server.description import load_examples  # noqa: E402
from tests.serving import free_port, running_server  # noqa: E402

LIGHT = "ASK { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }"
LUA = Path(__file__).with_name("front.lua")


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its descendants (the query workers), from /proc."""
    return sum(process_cpu(pid).values())


def process_cpu(pid: int) -> dict[int, float]:
    """User + system CPU seconds of a process and each of its descendants — the children of every thread, so
    that a worker started again by the pool's respawn thread is counted too."""
    found, todo = {}, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            found[p] = (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
    return found


def server_pid(port: int) -> int:
    out = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True, text=True).stdout.split()
    return int(out[0])


def wrk(base: str, path: str, seconds: float, *, rate: int = 0, vary: bool = False) -> dict[str, float]:
    """One wrk run over 16 keep-alive connections: requests/s, p50 and p99 in ms, non-2xx and socket errors."""
    env = {**os.environ, "PATH_Q": path, "VARY": "1" if vary else "0", "RATE": str(rate), "RUN": str(time.time_ns())}
    out = subprocess.run(
        ["wrk", "-t1", "-c16", f"-d{seconds:g}s", "--latency", "-s", str(LUA), base],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout

    def ms(value: str) -> float:
        number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
        return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    found = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    found["requests"] = float(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", out, re.M)
        found[f"p{pct}"] = ms(m.group(1)) if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    found["non2xx"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    found["errors"] = float(sum(map(int, m.groups()))) if m else 0.0
    return found


@contextmanager
def oxigraph_server(store: Path) -> Iterator[str]:
    binary = Path(sys.executable).with_name("oxigraph")
    port = free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection(f"127.0.0.1:{port}", timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def post(host: str, path: str, query: str) -> float:
    conn = http.client.HTTPConnection(host, timeout=600)
    started = time.perf_counter()
    conn.request(
        "POST",
        path,
        urlencode({"query": query}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle, application/sparql-results+json"},
    )
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status} from {host}{path} for {query[:80]}")
    return elapsed


def in_process(store: ox.Store, query: str) -> tuple[float, float]:
    """(wall, CPU) seconds of a query evaluated and serialized to bytes in this process."""
    started, cpu = time.perf_counter(), time.process_time()
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        ox.serialize(result, format=ox.RdfFormat.TURTLE)
    else:
        result.serialize(format=ox.QueryResultsFormat.JSON)
    return time.perf_counter() - started, time.process_time() - cpu


def light(jkg: str, oxigraph: str, rounds: int, seconds: float) -> float:
    q = quote(LIGHT)
    rows: dict[str, list[dict[str, float]]] = {}
    pid = server_pid(int(jkg.rsplit(":", 1)[1]))
    for _ in range(rounds):
        for name, base, path, kw in (
            ("jkg closed loop", jkg, f"/sparql?query={q}", {"vary": True}),
            ("oxigraph closed loop", oxigraph, f"/query?query={q}", {}),
            ("jkg 2,000/s offered", jkg, f"/sparql?query={q}", {"vary": True, "rate": 2000}),
            ("oxigraph 2,000/s offered", oxigraph, f"/query?query={q}", {"rate": 2000}),
            ("jkg repeated GET (answer cache)", jkg, f"/sparql?query={q}", {}),
        ):
            before = cpu_seconds(pid) if name.startswith("jkg") else 0.0
            found = wrk(base, path, seconds, **kw)  # type: ignore[arg-type]
            if name.startswith("jkg"):
                found["cpu_us"] = (cpu_seconds(pid) - before) / max(1.0, found["requests"]) * 1e6
            rows.setdefault(name, []).append(found)
    print(f"\nlight ASK, 16 connections, one wrk client, {rounds} rounds of {seconds:g} s (medians)")
    print(f"{'':34} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'non-2xx':>8} {'errors':>7} {'CPU µs/req':>11}")
    for name, runs in rows.items():
        med = {k: statistics.median(r.get(k, float("nan")) for r in runs) for k in runs[0]}
        cpu = f"{med['cpu_us']:11.0f}" if "cpu_us" in med else " " * 11
        print(
            f"{name:34} {med['rps']:8.0f} {med['p50']:7.2f} {med['p99']:7.1f} {sum(r['non2xx'] for r in runs):8.0f}"
            f" {sum(r['errors'] for r in runs):7.0f} {cpu}"
        )
    return statistics.median(r["cpu_us"] for r in rows["jkg closed loop"])


def heavy(jkg: str, oxigraph: str, store: ox.Store, repeat: int, picked: list[str] | None = None) -> None:
    """Each example over 100 ms in-process (or each of `picked`), `repeat` times in turn: in-process, by POST to
    jkg, by POST to the Oxigraph server. Wall medians and their ratio; the median of each turn's own ratio
    (paired: the machine's load changes less within a turn than across the run); and CPU, in-process against
    jkg's processes (the front and its query workers, from /proc), the figure the machine's other load disturbs
    least, as the ratio of medians and paired."""
    if repeat <= 0:
        return
    pid = server_pid(int(jkg.rsplit(":", 1)[1]))
    print(f"\nexamples over 100 ms in-process, {repeat} interleaved runs (medians, ms; paired: median of each run's ×)")
    print(
        f"{'example':<44} {'in-process':>10} {'jkg':>8} {'×':>6} {'paired':>6} {'CPU in-pr':>9} {'CPU jkg':>8}"
        f" {'×':>6} {'paired':>6} {'oxigraph':>8} {'×':>6}"
    )
    pooled: dict[str, list[float]] = {"wall": [], "CPU": []}
    for example in load_examples(ROOT / "queries"):
        if picked and not any(example.slug.startswith(p) for p in picked):
            continue
        if in_process(store, example.query)[0] < 0.1 and not picked:
            continue
        local, local_cpu, mine, mine_cpu, theirs = [], [], [], [], []
        for _ in range(repeat):
            wall, cpu = in_process(store, example.query)
            local.append(wall)
            local_cpu.append(cpu)
            before = cpu_seconds(pid)
            mine.append(post(jkg.removeprefix("http://"), "/sparql", example.query))
            mine_cpu.append(cpu_seconds(pid) - before)
            theirs.append(post(oxigraph.removeprefix("http://"), "/query", example.query))
        a, b, c, d, e = (statistics.median(x) * 1000 for x in (local, mine, theirs, local_cpu, mine_cpu))
        paired = statistics.median(m / n for m, n in zip(mine, local, strict=True))
        cpu_paired = statistics.median(m / n for m, n in zip(mine_cpu, local_cpu, strict=True) if n > 0)
        pooled["wall"] += [m / n for m, n in zip(mine, local, strict=True)]
        pooled["CPU"] += [m / n for m, n in zip(mine_cpu, local_cpu, strict=True) if n > 0 and m > 0]
        print(
            f"{example.slug:<44} {a:10.0f} {b:8.0f} {b / a:6.3f} {paired:6.3f} {d:9.0f} {e:8.0f} {e / d:6.3f}"
            f" {cpu_paired:6.3f} {c:8.0f} {c / a:6.3f}",
            flush=True,
        )
    for kind, ratios in pooled.items():
        if len(ratios) > 1:
            low, mean, high = geometric_interval(ratios)
            print(
                f"all {len(ratios)} paired runs pooled, jkg's {kind} / in-process: geometric mean {mean:.3f},"
                f" 95 % bootstrap interval {low:.3f}–{high:.3f}"
            )


def geometric_interval(ratios: list[float], resamples: int = 4000) -> tuple[float, float, float]:
    """The geometric mean of ratios and its 95 % bootstrap interval (the runs resampled, a fixed seed)."""
    logs = [math.log(r) for r in ratios]
    rng = random.Random(16)
    means = sorted(statistics.fmean(rng.choices(logs, k=len(logs))) for _ in range(resamples))
    low, high = means[int(0.025 * resamples)], means[int(0.975 * resamples)]
    return math.exp(low), math.exp(statistics.fmean(logs)), math.exp(high)


def wsgi_cpu(data: Path, n: int) -> dict[str, tuple[float, float]]:
    """CPU µs per request (this process, its query workers) of the app called directly, without HTTP."""
    from jkg.server.app import create_app

    app = create_app({"data": str(data), "eager_workers": True, "workers": 2})

    def environ(path: str, query: str) -> dict[str, object]:
        return {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_ACCEPT": "*/*",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }

    def ok(status: str, headers: object, exc_info: object = None) -> None:
        assert status.startswith("200"), status

    found: dict[str, tuple[float, float]] = {}
    try:
        for name, path, queries in (
            ("/-/health", "/-/health", lambda i: ""),
            ("light ASK, by a query worker", "/sparql", lambda i: "query=" + quote(f"{LIGHT}\n#{i}")),
            ("light ASK, from the answer cache", "/sparql", lambda i: "query=" + quote(LIGHT)),
        ):
            for i in range(200):
                b"".join(app(environ(path, queries(i)), ok))  # type: ignore[arg-type]
            mine, everything = time.process_time(), cpu_seconds(os.getpid())
            for i in range(n):
                b"".join(app(environ(path, queries(10_000 + i)), ok))  # type: ignore[arg-type]
            mine, everything = time.process_time() - mine, cpu_seconds(os.getpid()) - everything
            found[name] = (mine / n * 1e6, max(0.0, everything - mine) / n * 1e6)
    finally:
        app.extensions["jkg_builds"].close()
    return found


def profile(data: Path, n: int, through_http: float) -> None:
    print(f"\nwhere a light request's CPU goes: the app called in this process, no HTTP ({n} requests each)")
    print(f"{'':36} {'app µs':>8} {'workers µs':>11}")
    for name, (app, workers) in wsgi_cpu(data, n).items():
        print(f"{name:36} {app:8.0f} {workers:11.0f}")
    print(f"through the real server (closed loop, front + workers): {through_http:.0f} µs per request")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=22_000)
    parser.add_argument("--data", type=Path, default=None, help="an existing data folder instead of a new build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each heavy example (0: none)")
    parser.add_argument("--examples", default="", help="only these heavy examples, e.g. 05,11 (default: over 100 ms)")
    parser.add_argument("--profile", type=int, default=3000, help="requests per line of the profile (0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = [d for _, d in built_graphs(Path(tmp), args.rows)][-1]
        store_path = data / "current" / "store"
        print(f"load average at the start: {loadavg()} (2 cores)")
        store = ox.Store.read_only(str(store_path))
        with running_server(data) as jkg, oxigraph_server(store_path) as oxigraph:
            through_http = light(jkg, oxigraph, args.rounds, args.seconds)
            heavy(jkg, oxigraph, store, args.repeat, [p for p in args.examples.split(",") if p])
        if args.profile:
            profile(data, args.profile, through_http)
        print(f"\nload average at the end: {loadavg()}")


if __name__ == "__main__":
    main()
