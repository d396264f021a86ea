"""What pyoxigraph's disk store costs a build: one build's N-Quads loaded the way staging does (blocks of 4 MiB,
the baseline) and other ways, each into a fresh store, then compacted as the build does (Store.optimize).

    python bench/store_load.py NQUADS [--blocks 4,64,whole]   # e.g. a build's dumps/data.nq.gz (gzip is read)

Each way runs in its own process: wall time, CPU time of the process and all its threads (RocksDB's compaction
threads and the bulk loader's included), and the peak resident memory, with the ratio of CPU against the
baseline. The load average is printed beside each figure.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, cast

STAGING_BLOCK = 4  # MiB: etl/staging.py's BLOCK


def load(source: Path, way: str, folder: Path) -> None:
    """In a child process: fill a store at folder from source, then print its figures."""
    from pyoxigraph import RdfFormat, Store

    store = Store(str(folder))
    started, before = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
    with gzip.open(source, "rb") if source.suffix == ".gz" else source.open("rb") as f:
        if way == "whole":
            store.bulk_load(input=cast(IO[bytes], f), format=RdfFormat.N_QUADS, lenient=True)
        else:
            size = int(way) << 20
            while block := f.read(size):
                store.bulk_load(input=block + f.readline(), format=RdfFormat.N_QUADS, lenient=True)
    loaded, middle = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)
    store.optimize()
    done, after = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF)

    def cpu(a: resource.struct_rusage, b: resource.struct_rusage) -> float:
        return (b.ru_utime + b.ru_stime) - (a.ru_utime + a.ru_stime)

    print(
        f"{loaded - started:.1f} {cpu(before, middle):.1f} {done - loaded:.1f} {cpu(middle, after):.1f} "
        f"{after.ru_maxrss // 1024} {len(store)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--blocks", default=f"{STAGING_BLOCK},64,whole", help="block sizes in MiB, or whole")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        load(options.source, options.child, options.folder)
        return
    ways = options.blocks.split(",")
    print(f"{'way':>8} {'load s':>7} {'load CPU':>9} {'optimize s':>11} {'opt. CPU':>9} {'CPU ×':>6} {'peak MiB':>9}")
    baseline = None
    with tempfile.TemporaryDirectory() as tmp:
        for way in ways:
            folder = Path(tmp) / f"store-{way}"
            out = subprocess.run(
                [sys.executable, __file__, str(options.source), "--child", way, "--folder", str(folder)],
                capture_output=True, text=True, check=True,
            ).stdout.split()  # fmt: skip
            wall, cpu, opt_wall, opt_cpu = map(float, out[:4])
            peak, quads = out[4:6]
            baseline = baseline or (cpu + opt_cpu)
            label = f"{way} MiB" if way != "whole" else way
            print(
                f"{label:>8} {wall:7.1f} {cpu:9.1f} {opt_wall:11.1f} {opt_cpu:9.1f} {(cpu + opt_cpu) / baseline:6.2f} "
                f"{peak:>9}  {quads} quads, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}",
                flush=True,
            )
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
