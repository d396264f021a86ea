"""The corpus annotations in bench/annotations/ hold row keys and entity names only, never the rows' text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.test_corpus import corpus_folder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = corpus_folder() or ROOT.parent / "shared" / "corpus"
ANNOTATIONS = ROOT / "bench" / "annotations"
LONGEST = 50  # a cell this long or longer is the rows' text, not a name


def _long_cells() -> set[str]:
    cells: set[str] = set()
    for path in sorted(CORPUS.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                cells.update(c.strip() for c in row if len(c.strip()) >= LONGEST)
    return cells


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus is not beside the checkout")
def test_no_corpus_cell_is_copied_into_the_annotations_or_tests() -> None:
    cells = _long_cells()
    assert cells, f"no cell of {LONGEST}+ characters in {CORPUS}"
    files = [
        p for d in (ANNOTATIONS, ROOT / "tests") for p in d.rglob("*") if p.suffix in (".tsv", ".md", ".py", ".txt")
    ]
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for variant in (text, text.replace("\\n", "\n")):  # the annotation writes a line break as \n
            copied = [c for c in cells if c in variant]
            assert not copied, f"{path.relative_to(ROOT)} holds a corpus cell: {copied[0][:40]}…"


def test_every_annotation_names_rows_and_entities_only() -> None:
    folders = (ANNOTATIONS, ANNOTATIONS / "second", ANNOTATIONS / "held-out")
    assert (ANNOTATIONS / "second" / "corpus-mentions.tsv").is_file()
    for folder in folders:
        if not (folder / "corpus-mentions.tsv").is_file():
            continue
        with (folder / "corpus-rows.tsv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        assert rows and set(rows[0]) == {"city", "page", "selection"}
        with (folder / "corpus-mentions.tsv").open(encoding="utf-8") as f:
            mentions = list(csv.DictReader(f, delimiter="\t"))
        assert set(mentions[0]) == {"city", "page", "field", "category", "canonical", "surface", "note"}
        keys = {(r["city"], r["page"]) for r in rows}
        for m in mentions:
            assert (m["city"], m["page"]) in keys, m
            assert m["category"] in ("partner", "plan", "law", "event"), m
            assert all(len(s) < LONGEST * 2 for s in m["surface"].split(" | ")), m
