"""Extraction speed on a synthetic list: rows per second of the build's extract step (row_mentions), against
reading the same rows alone, and on CPU time (on a shared machine the wall time includes waiting for a core).

python bench/extract_speed.py [ROWS]          # default 20000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.synth import generate
from jkg import resources
from jkg.etl.extract import Extractor, row_mentions
from jkg.etl.read import open_source, read_rows
from jkg.etl.registry import load_entities
from jkg.municipalities import gazetteer

TSUKUBA = gazetteer().resolve("082201")


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = generate(rows, Path(tmp) / "synthetic.txt")
        started = time.perf_counter()
        parsed = list(read_rows(open_source(source, municipality=TSUKUBA)))
        read_s = time.perf_counter() - started

        extractor = Extractor(load_entities(resources.registry_dir() / "entities.toml"), TSUKUBA)
        started, cpu = time.perf_counter(), time.process_time()
        mentions = 0
        for row in parsed:
            mentions += len(row_mentions(extractor, row))
        extract_s = time.perf_counter() - started
        extract_cpu = time.process_time() - cpu
    chars = sum(len(r.name) + len(r.purpose) + len(r.overview) + len(r.results) for r in parsed)
    print(f"rows {rows}, {chars / rows:.0f} characters and {mentions / rows:.1f} mentions per row")
    print(f"read     {read_s:6.2f} s  {rows / read_s:8.0f} rows/s  (baseline)")
    print(f"extract  {extract_s:6.2f} s  {rows / extract_s:8.0f} rows/s  ({extract_s / read_s:.1f}× reading)")
    print(f"extract  {extract_cpu:6.2f} s  {rows / extract_cpu:8.0f} rows/s  on CPU time")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
