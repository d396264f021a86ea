"""Build time and peak memory (whole process tree) for synthetic lists of 1k, 10k and 100k rows.

    python bench/build_scale.py [ROWS ...]                        # default: 1000 10000 100000
    python bench/build_scale.py --against REV [--repeat N] ROWS ...  # this checkout against commit REV

Each size is built by the real `jkg build` in a subprocess; memory is the largest sum of RSS over the process
and its children, sampled every 0.1 s. The bundled 47-row list is built first in the same run as the baseline.
With --against, REV's code (`git archive` into a temporary folder, run with the same interpreter and packages)
builds the same lists, interleaved with this checkout's builds, N times each, with the CPU time of each build's
process tree (the figure a busy machine disturbs least); the load average is printed beside every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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


def cpu_seconds() -> float:
    """CPU time (user and system) of every child process waited for so far, theirs included."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(args: list[str], code: Path | None = None) -> tuple[float, int, str]:
    """Run a command (with code's jkg package first on the path, when given): seconds, peak memory, output."""
    env = {**os.environ, "PYTHONPATH": str(code)} if code else None
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
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


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def against(rev: str, sizes: list[int], repeat: int) -> None:
    """This checkout's build against REV's, interleaved, on the same synthetic lists."""
    root = Path(__file__).resolve().parents[1]
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", rev], capture_output=True, text=True)
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "against"
        old.mkdir()
        archive = subprocess.run(["git", "-C", str(root), "archive", rev], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        print(f"this checkout against {rev} ({commit.stdout.strip()}), {repeat} interleaved run(s) of each")
        print(
            f"{'rows':>8} {'code':>8} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'triples':>10}"
            "  load average (1, 5, 15 min)"
        )
        for rows in sizes:
            source = generate(rows, Path(tmp) / f"synthetic-{rows}.txt")
            times: dict[str, list[float]] = {"before": [], "after": []}
            cpu: dict[str, list[float]] = {"before": [], "after": []}
            for i in range(repeat):
                for name, code in (("before", old), ("after", root)):
                    out = Path(tmp) / f"out-{name}-{rows}-{i}"
                    used = cpu_seconds()
                    seconds, peak, _ = measure(
                        [str(JKG), "build", str(source), "--out", str(out), "--no-progress"], code
                    )
                    cpu[name].append(cpu_seconds() - used)
                    report = json.loads((out / "current" / "build.json").read_text())
                    times[name].append(seconds)
                    print(
                        f"{rows:>8} {name:>8} {seconds:8.1f} {cpu[name][-1]:7.1f} {peak / 2**20:9.0f} "
                        f"{report['triples']:>10}  {load()}",
                        flush=True,
                    )
                    subprocess.run(["rm", "-rf", str(out)], check=True)
            best = {name: min(t) for name, t in times.items()}
            least = {name: min(t) for name, t in cpu.items()}
            print(
                f"{rows:>8}    after/before (best of each): {best['after'] / best['before']:.2f} wall, "
                f"{least['after'] / least['before']:.2f} CPU",
                flush=True,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="*", type=int)
    parser.add_argument("--against", metavar="REV", help="a commit to build the same lists with, interleaved")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each code per size (with --against)")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.rows or [20000], args.repeat)
    else:
        main(args.rows or [1000, 10000, 100000])
