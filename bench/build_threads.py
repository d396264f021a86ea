"""Where a build's CPU goes, by process and thread: the profile that says what bounds `jkg build`.

    python bench/build_threads.py [ROWS]        # default 10000 synthetic rows (bench/synth.py)
    python bench/build_threads.py --list FILE   # an existing list

Runs the real `jkg build` and reads /proc every 0.2 s: each process of the build's tree (the build, its validation
workers, the Turtle and JSON-LD writers) and each of its threads (RocksDB names its own, e.g. `rocksdb:low` for
compaction; Python's threads show the process's name), with the CPU seconds each had when last seen. The total
is the CPU of the whole tree as the kernel counts it when it is waited for; what the samples did not see (threads
that lived less than a sample, such as pyoxigraph's bulk-loader threads) is printed as the rest. The bundled
47-row list is built first as the baseline. The load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.synth import generate

JKG = Path(sys.executable).with_name("jkg")
TICK = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def sample(root: int, threads: dict[tuple[int, int], tuple[str, str, float]]) -> int:
    """CPU seconds of every thread of root's tree into threads; the tree's resident memory in bytes."""
    stack, rss = [root], 0
    while stack:
        pid = stack.pop()
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            for task in Path(f"/proc/{pid}/task").iterdir():
                stat = (task / "stat").read_text()
                name = stat[stat.index("(") + 1 : stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2 :].split()
                threads[(pid, int(task.name))] = (command, name, (int(fields[11]) + int(fields[12])) / TICK)
            status = Path(f"/proc/{pid}/status").read_text()
            rss += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) * 1024
            stack += children(pid)
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return rss


def role(command: str, pid: int, root: int) -> str:
    if pid == root:
        return "build"
    if "jkg.etl.dumps" in command:
        return "dump writer " + Path(command.split("jkg.etl.dumps", 1)[1].split()[0]).name
    return "validation worker" if " build " in command else command[:60]


def profile(args: list[str]) -> None:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    threads: dict[tuple[int, int], tuple[str, str, float]] = {}
    peak = 0
    while process.poll() is None:
        peak = max(peak, sample(process.pid, threads))
        time.sleep(0.2)
    wall = time.monotonic() - started
    if process.returncode != 0:
        raise SystemExit(
            f"build failed ({process.returncode}): {process.stderr.read()[-2000:] if process.stderr else ''}"
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = (after.ru_utime + after.ru_stime) - (used.ru_utime + used.ru_stime)
    seen = sum(cpu for _, _, cpu in threads.values())
    print(f"wall {wall:.1f} s, CPU {total:.1f} s ({total / wall:.2f} cores), peak {peak / 2**20:,.0f} MiB")
    by_process: dict[int, list[tuple[float, str]]] = {}
    for (pid, _), (_command, name, cpu) in threads.items():
        by_process.setdefault(pid, []).append((cpu, name))
    for pid, found in sorted(by_process.items(), key=lambda item: -sum(c for c, _ in item[1])):
        command = threads[next(k for k in threads if k[0] == pid)][0]
        cpu = sum(c for c, _ in found)
        named = ", ".join(f"{n} {c:.1f}" for c, n in sorted(found, reverse=True) if c >= 0.2)
        print(f"  {role(command, pid, process.pid):<28} {cpu:7.1f} s {100 * cpu / total:5.1f} %  threads: {named}")
    print(f"  {'not seen (short threads)':<28} {total - seen:7.1f} s {100 * (total - seen) / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", nargs="?", type=int, default=10000)
    parser.add_argument("--list", type=Path, help="an existing list instead of synthetic rows")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))
        print("the bundled list (47 rows), the baseline:")
        profile([str(JKG), "build", "--out", f"{tmp}/bundled", "--no-progress"])
        source = options.list or generate(options.rows, Path(tmp) / f"synthetic-{options.rows}.txt")
        print(f"{source.name}:")
        profile([str(JKG), "build", str(source), "--out", f"{tmp}/out", "--no-progress"])
        print("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
