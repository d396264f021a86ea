"""A synthetic country built in parallel: rows/s and peak memory at 1, 2 and all cores.

    python bench/country.py [MUNICIPALITIES] [ROWS]        # default: 200 municipalities × 500 rows

Each municipality (every k-th city, town, village or special ward of the bundled table, so names and codes are
real) gets its own list of ROWS rows in bench/synth.py's layout, of one of five fiscal years. The whole country is
built by the real `jkg build --jobs N` in a subprocess for N = 1, 2 and every core; memory is the largest sum of
RSS over the process and its children (bench/build_scale.py's sampling), CPU the user and system seconds of the
build and every process it waited for (the figure the machine's other load disturbs least). The bundled 47-row
list is built first in the same run as the baseline, and every figure is also given as a ratio to the one-core
build.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.build_scale import JKG, measure
from bench.synth import generate
from jkg.municipalities import LocalGovernment, gazetteer

KINDS = ("city", "town", "village", "special-ward")
YEARS = (2019, 2020, 2021, 2022, 2023)


def municipalities(n: int) -> list[LocalGovernment]:
    """n municipalities spread over the whole table (every k-th), in code order."""
    bodies = sorted((b for b in gazetteer() if b.kind in KINDS), key=lambda b: b.code)
    step = max(1, len(bodies) // n)
    return bodies[::step][:n]


def era(fy: int) -> str:
    return f"令和{fy - 2018}年度" if fy >= 2020 else ("令和元年度" if fy == 2019 else f"平成{fy - 1988}年度")


def country(folder: Path, n: int, rows: int) -> list[str]:
    """Write one list per municipality into folder; return the `jkg build` arguments that build them all."""
    args: list[str] = []
    flags: list[str] = []
    for i, body in enumerate(municipalities(n)):
        fy = YEARS[i % len(YEARS)]
        path = folder / f"{body.code}-{fy}.txt"
        generate(rows, path, seed=i + 1, title=f"{era(fy)}{body.local_name}事務事業一覧")
        args.append(str(path))
        flags += ["--municipality", body.code, "--fiscal-year", str(fy)]
    return args + flags


def disk(folder: Path) -> tuple[int, int, int]:
    """Bytes of the published build: the store, the dumps, the search index."""
    current = (folder / "current").resolve()

    def size(p: Path) -> int:
        return sum(f.stat().st_size for f in p.rglob("*") if f.is_file()) if p.is_dir() else p.stat().st_size

    return size(current / "store"), size(current / "dumps"), size(current / "search.sqlite")


def main(n: int, rows: int) -> None:
    cores = len(os.sched_getaffinity(0))  # as `jkg build` counts them for its default --jobs
    with tempfile.TemporaryDirectory() as tmp:
        base_s, base_mem, _ = measure([str(JKG), "build", "--out", f"{tmp}/bundled", "--no-progress"])
        lists = Path(tmp) / "lists"
        lists.mkdir()
        args = country(lists, n, rows)
        total = n * rows
        print(f"load average {os.getloadavg()[0]:.2f}; {n} municipalities × {rows} rows = {total} rows; {cores} cores")
        print(f"baseline: the bundled 47-row list, {base_s:.1f} s, {base_mem / 2**20:.0f} MiB")
        print(
            f"{'jobs':>4} {'seconds':>8} {'CPU s':>7} {'rows/s':>7} {'× 1 job':>8} {'peak MiB':>9} {'× bundled':>10} "
            f"{'triples':>10} {'store MB':>9} {'dumps MB':>9} {'index MB':>9}  timings"
        )
        first = 0.0
        for jobs in dict.fromkeys((1, 2, cores)):
            out = Path(tmp) / f"out-{jobs}"
            command = [str(JKG), "build", *args, "--out", str(out), "--no-progress", "--jobs", str(jobs)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            seconds, peak, _ = measure(command)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and every process it waited for
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            first = first or seconds
            report = json.loads((out / "current" / "build.json").read_text())
            store, dumps, index = disk(out)
            print(
                f"{jobs:>4} {seconds:8.1f} {cpu:7.1f} {total / seconds:7.0f} {first / seconds:8.2f} "
                f"{peak / 2**20:9.0f} "
                f"{peak / base_mem:10.1f} {report['triples']:>10} {store / 1e6:9.0f} {dumps / 1e6:9.0f} "
                f"{index / 1e6:9.0f}  {report['timings']} {report.get('parallel', '')}  "
                f"(load {os.getloadavg()[0]:.2f})",
                flush=True,
            )
            shutil.rmtree(out)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 500)
