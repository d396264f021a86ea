"""Build the two real lists of ../shared/corpus (北本市 R6, 品川区 R7) with the real `jkg build`: each alone and
both in one build, against the bundled 47-row list in the same run; rows/s, seconds, peak memory, triples.

    python bench/corpus_build.py [--repeat N]     # default 3; medians are reported

The corpus is read where it is (never copied); the script stops if ../shared/corpus is not beside the checkout.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.build_scale import JKG, measure

ROOT = Path(__file__).resolve().parents[1]
CORPUS = next((p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), None)


def run(label: str, args: list[str], repeat: int) -> dict[str, float | str | int]:
    times, peaks, report = [], [], {}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            seconds, peak, _out = measure([str(JKG), "build", *args, "--out", tmp, "--no-progress"])
            report = json.loads((Path(tmp) / "current" / "build.json").read_text())
        times.append(seconds)
        peaks.append(peak)
    seconds = statistics.median(times)
    return {
        "label": label,
        "rows": report["rows"],
        "seconds": round(seconds, 2),
        "rows_per_s": round(report["rows"] / seconds),
        "peak_mib": round(max(peaks) / 2**20),
        "triples": report["triples"],
        "warnings": len(report["warnings"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    if CORPUS is None:
        raise SystemExit("../shared/corpus is not beside the checkout")
    kitamoto, shinagawa = str(CORPUS / "kitamoto-r6.csv"), str(CORPUS / "shinagawa-r7.csv")
    runs = [
        run("bundled (baseline)", [], repeat),
        run("北本市 R6", [kitamoto, "--municipality", "北本市", "--fiscal-year", "2024"], repeat),
        run("品川区 R7", [shinagawa, "--municipality", "品川区", "--fiscal-year", "2024"], repeat),
        run(
            "both",
            [kitamoto, shinagawa, "--municipality", "北本市", "--municipality", "品川区", "--fiscal-year", "2024"],
            repeat,
        ),
    ]
    base = runs[0]["seconds"]
    print(f"{'build':<20} {'rows':>6} {'s':>7} {'× bundled':>9} {'rows/s':>7} {'MiB':>5} {'triples':>8} {'warn':>5}")
    for r in runs:
        ratio = float(r["seconds"]) / float(base)
        print(
            f"{r['label']:<20} {r['rows']:>6} {r['seconds']:>7} {ratio:>9.2f} {r['rows_per_s']:>7} "
            f"{r['peak_mib']:>5} {r['triples']:>8} {r['warnings']:>5}"
        )


if __name__ == "__main__":
    main()
