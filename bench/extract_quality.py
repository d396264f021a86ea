"""Extraction quality on the hand-annotated corpus rows and on the bundled list, and its speed, in one run.

python bench/extract_quality.py                      # dev figures, the bundled list, rows/s
python bench/extract_quality.py --errors             # … and every dev error, sorted into the issue's classes
python bench/extract_quality.py --held-out           # … and the held-out figures (kept for the final report)
python bench/extract_quality.py --held-out-errors    # … and every held-out error

The corpus files are read at run time from ../shared/corpus relative to the repository root (or --corpus DIR, or
$JKG_CORPUS); nothing of them is copied into the project. The annotation (row keys and entity names only) is in
bench/annotations/.

The split was fixed before any tuning on this annotation, and is the rule of this script: **dev = 北本市
(kitamoto)**, the rows the extractor was developed against; **held-out = 品川区 (shinagawa)**, a city whose
text the rules were not written from, scored only at the end. The bundled list is the text the registry was
written from. The three are reported separately and never summed.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.error_classes import CLASSES, classify  # noqa: E402
from bench.scoring import CATEGORIES, Gold, Key, Pred, load_gold, load_rows, score, table  # noqa: E402
from jkg import resources  # noqa: E402
from jkg.etl.extract import Extractor, Mention, row_mentions  # noqa: E402
from jkg.etl.read import Row  # noqa: E402
from jkg.etl.registry import load_entities  # noqa: E402
from jkg.municipalities import LocalGovernment, gazetteer  # noqa: E402
from tests.quality import scores as bundled_scores  # noqa: E402

DEV, HELD_OUT = ("kitamoto",), ("shinagawa",)
CITIES = {"kitamoto": ("kitamoto-r6.csv", "112330"), "shinagawa": ("shinagawa-r7.csv", "131091")}
UNIT_COLUMNS = {"kitamoto": ("担当部", "担当課"), "shinagawa": ("担当部署", "担当課")}
FIELDS = {"name": "事務事業名", "overview": "事業概要"}  # the annotated fields the build extracts from
FISCAL_YEAR = 2024  # both lists evaluate activity in FY2024


def corpus_rows(path: Path, city: str) -> list[Row]:
    """The corpus file's rows as the build's Row (事業番号 and 通し番号 = ページ番号, the only key these lists have).

    The project's reader does not read these layouts yet (issue #11); this adapter fills the same Row the build's
    extract step receives. Only the mapping of columns is done here; extraction is row_mentions(), as in the build.
    """
    dept_col, div_col = UNIT_COLUMNS[city]
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        for record in reader:
            page = int(record["ページ番号"])
            rows.append(
                Row(
                    file=str(path),
                    line=reader.line_num,
                    fiscal_year=FISCAL_YEAR,
                    serial=page,
                    number=page,
                    name=record[FIELDS["name"]],
                    unit=f"{record[dept_col]} {record[div_col]}",
                    department=record[dept_col],
                    division=record[div_col],
                    purpose="",
                    overview=record[FIELDS["overview"]],
                    results="",
                )
            )
    return rows


def extractor_for(municipality: LocalGovernment) -> Extractor:
    """The extractor the build makes for a list of this municipality (same registry file)."""
    return Extractor(load_entities(resources.registry_dir() / "entities.toml"), municipality)


def predictions(extractor: Extractor, rows: list[Row], city: str) -> tuple[dict[Key, list[Pred]], list[Mention]]:
    """Every annotated category's mentions per (city, page, field), one per distinct (category, canonical)."""
    preds: dict[Key, list[Pred]] = {}
    everything: list[Mention] = []
    for row in rows:
        mentions = row_mentions(extractor, row)
        everything += mentions
        for field_name in FIELDS:
            seen, out = set(), []
            for m in mentions:
                if m.field != field_name or m.category not in CATEGORIES or (m.category, m.canonical) in seen:
                    continue
                seen.add((m.category, m.canonical))
                out.append(Pred(m.category, m.canonical, m.surface, getattr(m, "rule", "")))
            preds[(city, str(row.serial), field_name)] = out
    return preds, everything


def speed(extractors: dict[str, Extractor], rows: dict[str, list[Row]], repeat: int) -> tuple[float, float, int]:
    """Rows per second extracting every corpus row (median of `repeat` runs), against reading them; mentions."""
    total = sum(len(r) for r in rows.values())
    times, mentions = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        mentions = sum(len(row_mentions(extractors[c], row)) for c, rs in rows.items() for row in rs)
        times.append(time.perf_counter() - started)
    return total / statistics.median(times), statistics.median(times), mentions


def report_split(
    name: str, cities: tuple[str, ...], gold: dict[Key, list[Gold]], preds: dict[Key, list[Pred]], errors: bool
) -> None:
    chosen = {k: v for k, v in preds.items() if k[0] in cities}
    print(f"\n## {name} ({', '.join(cities)}): {len({k[:2] for k in chosen})} annotated rows, fields name + overview")
    for lenient in (False, True):
        for core in (True, False):
            counts, _ = score(gold, chosen, lenient=lenient, core=core)
            print(table(f"### {'core' if core else 'all'}, {'lenient' if lenient else 'strict'}", counts))
    counts, outcomes = score(gold, chosen, lenient=True, core=True)
    for city in cities:
        c, _ = score(gold, {k: v for k, v in chosen.items() if k[0] == city}, lenient=False, core=True)
        print(table(f"### {city}, core, strict", c))
    classes: Counter[tuple[str, str]] = Counter()
    listing = []
    for o in sorted(outcomes, key=lambda o: (o.key[0], int(o.key[1]), o.key[2])):
        city, page, field_name = o.key
        own = gazetteer().by_code(CITIES[city][1])
        assert own is not None
        text = TEXTS[o.key]
        lines = []
        for g in o.missed:
            cls = classify("FN", g, text, own.name)
            classes[(cls, "FN")] += 1
            lines.append(f"  FN [{cls}] {g.category:7} {g.canonical}  (surface {' | '.join(g.surfaces)!r})")
        for p in o.wrong:
            cls = classify("FP", p, text, own.name)
            classes[(cls, "FP")] += 1
            lines.append(f"  FP [{cls}] {p.category:7} {p.canonical}  (surface {p.surface!r}; {p.rule})")
        if lines:
            listing.append(f"{city} p.{page} {field_name}\n" + "\n".join(lines))
    print(f"### errors per class of issue #12 ({name}, core, lenient): FN + FP")
    for cls, label in CLASSES.items():
        print(f"  {cls} {label:<38} FN {classes[(cls, 'FN')]:3d}  FP {classes[(cls, 'FP')]:3d}")
    if errors:
        print(f"### every {name} error (core, lenient)\n" + "\n".join(listing))


TEXTS: dict[Key, str] = {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus", type=Path, default=Path(os.environ.get("JKG_CORPUS", ROOT.parent / "shared" / "corpus"))
    )
    ap.add_argument("--errors", action="store_true", help="list every dev error")
    ap.add_argument("--held-out", action="store_true", help="also score the held-out rows")
    ap.add_argument("--held-out-errors", action="store_true", help="also list every held-out error")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (median)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        ap.error(f"no corpus folder at {args.corpus}: give --corpus DIR or set JKG_CORPUS")

    selected = load_rows()
    gold = load_gold()
    rows, extractors, preds = {}, {}, {}
    for city, (file_name, code) in CITIES.items():
        municipality = gazetteer().by_code(code)
        assert municipality is not None
        extractors[city] = extractor_for(municipality)
        rows[city] = corpus_rows(args.corpus / file_name, city)
        annotated = [r for r in rows[city] if (city, str(r.serial)) in selected]
        for r in annotated:
            for field_name, _col in FIELDS.items():
                TEXTS[(city, str(r.serial), field_name)] = getattr(r, field_name)
        p, _ = predictions(extractors[city], annotated, city)
        preds.update(p)
        assert len(annotated) == sum(1 for c, _ in selected if c == city), f"{city}: annotated rows not all found"

    print("# extraction quality: corpus annotation (bench/annotations/), bundled list; speed")
    report_split("dev", DEV, gold, preds, args.errors)
    if args.held_out or args.held_out_errors:
        report_split("held-out", HELD_OUT, gold, preds, args.held_out_errors)
    else:
        print("\n## held-out: not shown (pass --held-out; kept for the final report)")

    print("\n## bundled list (the registry's own text), strict")
    bundled = bundled_scores(resources.bundled_sources()[0])
    print(f"  {'category':<17} {'P':>6} {'R':>6}")
    for cat, (precision, recall, _fp, _fn) in bundled.items():
        print(f"  {cat:<17} {precision:6.3f} {recall:6.3f}")

    rate, seconds, mentions = speed(extractors, rows, args.repeat)
    total = sum(len(r) for r in rows.values())
    started = time.perf_counter()
    for city, (file_name, _code) in CITIES.items():
        corpus_rows(args.corpus / file_name, city)
    read_s = time.perf_counter() - started
    chars = sum(len(r.name) + len(r.overview) for rs in rows.values() for r in rs) / total
    print(
        f"\n## speed: every corpus row ({total} rows, {chars:.0f} characters per row, {mentions / total:.1f} mentions)"
    )
    print(f"  extract {seconds:6.3f} s  {rate:8.0f} rows/s  (median of {args.repeat}; reading them: {read_s:.3f} s)")


if __name__ == "__main__":
    main()
