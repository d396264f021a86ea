"""CPU time of validating one build batch natively (the validation workers' job), this checkout against a commit.

    python bench/validate_batch.py [--against REV] [--repeat N] [--rows N]

A synthetic list (`bench/synth.py`) of --rows rows (default 2000, the build's batch) is built by the real
`jkg build --batch-rows N`, and the first batch it hands to validation (its rows' N-Triples with every shared
resource, as a worker receives them) is kept. Then this checkout's `validate.runner("native")` and REV's
(`git archive`, run with the same interpreter and packages) validate that batch in fresh processes, interleaved,
N times each: the CPU seconds of the second of two validations in each process (a worker validates many batches;
the first also compiles the shapes), and the number of results, which must be equal. The load average is printed
beside every figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.synth import generate

ROOT = Path(__file__).resolve().parents[1]

# Run by `jkg build` in a child: keep the first batch handed to validation, validate none (saves the time).
CAPTURE = """
import sys
from pathlib import Path
from jkg.etl import validate
kept = Path(sys.argv[1])
def submit(self, data, locations, *, last=False):
    self.batches += 1
    if not kept.exists():
        kept.write_bytes(data)
validate.BatchValidator.submit = submit
from jkg.cli import main
sys.argv = ["jkg", *sys.argv[2:]]
main()
"""

# Run with the code under test first on the path: validate the batch twice, print CPU seconds and results.
TIME = """
import sys, time
from pathlib import Path
import jkg
from jkg.etl.validate import runner
assert Path(jkg.__file__).resolve().parents[1] == Path(sys.argv[2]).resolve(), jkg.__file__
data = Path(sys.argv[1]).read_bytes()
run = runner("native")
run(data)
started = time.process_time()
found = run(data)
print(time.process_time() - started, len(found))
"""


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def capture(rows: int, tmp: Path) -> Path:
    """The first batch of a synthetic list's build, as its validation worker receives it."""
    source = generate(rows + 10, tmp / f"synthetic-{rows}.txt")
    kept = tmp / "batch.nt"
    args = [str(source), "--out", str(tmp / "out"), "--no-progress", "--batch-rows", str(rows), "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-P", "-c", CAPTURE, str(kept), "build", *args], env=env, check=True, capture_output=True
    )
    return kept


def timed(batch: Path, code: Path) -> tuple[float, int]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    # -P: the working directory is not put first on the path (it may hold this checkout's jkg)
    done = subprocess.run(
        [sys.executable, "-P", "-c", TIME, str(batch), str(code)], env=env, capture_output=True, text=True, check=True
    )
    seconds, results = done.stdout.split()
    return float(seconds), int(results)


def main(rev: str | None, rows: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        batch = capture(rows, Path(tmp))
        lines = batch.read_bytes().count(b"\n")
        print(f"one batch of {rows} rows: {batch.stat().st_size / 2**20:.1f} MiB, {lines} triples")
        codes = [("this", ROOT)]
        if rev:
            old = Path(tmp) / "against"
            old.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True)
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
            codes.insert(0, (rev, old))
        cpu: dict[str, list[float]] = {name: [] for name, _ in codes}
        print(f"{'code':>10} {'CPU s':>7} {'results':>8}  load average (1, 5, 15 min)")
        for _ in range(repeat):
            for name, code in codes:
                seconds, results = timed(batch, code)
                cpu[name].append(seconds)
                print(f"{name:>10} {seconds:7.3f} {results:>8}  {load()}", flush=True)
        if rev:
            print(f"this/{rev} (least CPU of each): {min(cpu['this']) / min(cpu[rev]):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="a commit to validate the same batch with, interleaved")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each code")
    parser.add_argument("--rows", type=int, default=2000, help="rows in the batch (the build's --batch-rows)")
    args = parser.parse_args()
    main(args.against, args.rows, args.repeat)
