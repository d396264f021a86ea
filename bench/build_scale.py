"""Build time and peak memory (whole process tree) for synthetic lists of 1k, 10k and 100k rows.

    python bench/build_scale.py [ROWS ...]        # default: 1000 10000 100000

Each size is built by the real `jkg build` in a subprocess; memory is the largest sum of RSS over the process
and its children, sampled every 0.1 s. The bundled 47-row list is built first in the same run as the baseline.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.synth import generate

JKG = Path(sys.executable).with_name("jkg")


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total


def measure(args: list[str]) -> tuple[float, int, str]:
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, _ = process.communicate()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{out[-3000:]}")
    return time.monotonic() - started, peak, out


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base_s, base_mem, _ = measure([str(JKG), "build", "--out", f"{tmp}/bundled", "--no-progress"])
        print(f"{'rows':>8} {'seconds':>8} {'× bundled':>10} {'rows/s':>8} {'peak MiB':>9} {'triples':>10}")
        print(f"{47:>8} {base_s:8.1f} {1.0:10.1f} {47 / base_s:8.0f} {base_mem / 2**20:9.0f}")
        for rows in sizes:
            source = generate(rows, Path(tmp) / f"synthetic-{rows}.txt")
            seconds, peak, _ = measure([str(JKG), "build", str(source), "--out", f"{tmp}/out-{rows}", "--no-progress"])
            report = json.loads((Path(tmp) / f"out-{rows}" / "current" / "build.json").read_text())
            print(
                f"{rows:>8} {seconds:8.1f} {seconds / base_s:10.1f} {rows / seconds:8.0f} {peak / 2**20:9.0f} "
                f"{report['triples']:>10}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
