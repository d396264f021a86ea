"""Precision and recall of extraction against the hand annotation of the bundled list."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from jkg import resources
from jkg.etl.extract import Extractor, Mention
from jkg.etl.lexicon import CATEGORIES
from jkg.etl.read import open_source, read_rows
from jkg.etl.registry import load_entities
from jkg.municipalities import gazetteer

TESTS = Path(__file__).resolve().parent
GOLD = TESTS / "annotations" / "bundled-mentions.tsv"

Key = tuple[int, str, str]

TSUKUBA = gazetteer().resolve("082201")


def gold() -> set[Key]:
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return {(int(r["serial"]), r["category"], r["canonical"]) for r in csv.DictReader(lines, delimiter="\t")}


def label(m: Mention) -> str:
    if m.category == "date":
        return m.value
    if m.category == "action_plan_item":
        return m.notation
    return m.canonical


def predicted(source: Path) -> set[Key]:
    extractor = Extractor(load_entities(resources.registry_dir() / "entities.toml"), TSUKUBA)
    src = open_source(source)
    out: set[Key] = set()
    for row in read_rows(src):
        extractor.add_stop(*row.unit_names)
        for field_name in ("name", "purpose", "overview", "results"):
            for m in extractor.mentions(field_name, getattr(row, field_name), row.fiscal_year):
                out.add((row.serial, m.category, label(m)))
    return out


def scores(source: Path) -> dict[str, tuple[float, float, set[Key], set[Key]]]:
    """Per category: precision, recall, false positives, false negatives."""
    g, p = gold(), predicted(source)
    result = {}
    for cat in CATEGORIES:
        gc = {k for k in g if k[1] == cat}
        pc = {k for k in p if k[1] == cat}
        tp = len(gc & pc)
        precision = tp / len(pc) if pc else 1.0
        recall = tp / len(gc) if gc else 1.0
        result[cat] = (precision, recall, pc - gc, gc - pc)
    return result


def report(source: Path) -> str:
    lines = [f"{'category':<18} {'precision':>9} {'recall':>7}"]
    for cat, (precision, recall, fp, fn) in scores(source).items():
        lines.append(f"{cat:<18} {precision:9.3f} {recall:7.3f}")
        lines += [f"    false positive {k}" for k in sorted(fp)]
        lines += [f"    missed         {k}" for k in sorted(fn)]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(resources.bundled_sources()[0]))
    del defaultdict
