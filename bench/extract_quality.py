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
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.error_classes import CLASSES, classify  # noqa: E402
from bench.scoring import CATEGORIES, Gold, Key, Pred, load_gold, load_rows, norm, score, table  # noqa: E402
from jkg import resources  # noqa: E402
from jkg.etl.build import ReadOptions, extract_mentions, prepare, read  # noqa: E402
from jkg.etl.extract import row_mentions  # noqa: E402
from jkg.etl.read import Row  # noqa: E402
from jkg.municipalities import gazetteer  # noqa: E402
from tests.quality import scores as bundled_scores  # noqa: E402

DEV, HELD_OUT = ("kitamoto",), ("shinagawa",)
CITIES = {"kitamoto": ("kitamoto-r6.csv", "112330"), "shinagawa": ("shinagawa-r7.csv", "131091")}
FIELDS = ("name", "overview")  # the annotated fields the build extracts from (事務事業名, 事業概要)
FISCAL_YEAR = 2024  # both lists evaluate activity in FY2024
BASE = "https://data.jimujigyo-kg.example/"


def options(city: str) -> ReadOptions:
    municipality = gazetteer().by_code(CITIES[city][1])
    assert municipality is not None
    return ReadOptions(fiscal_year=(FISCAL_YEAR,), municipality=(municipality,))


def predictions(path: Path, city: str) -> dict[Key, list[Pred]]:
    """What `jkg extract FILE --municipality … --fiscal-year 2024` prints, per (city, page, field): one item per
    distinct (category, canonical) of the annotated categories."""
    preds: dict[Key, list[Pred]] = {}
    seen: set[tuple[Key, str, str]] = set()
    for r in extract_mentions([path], BASE, options=options(city)):
        key = (city, str(r["project_number"]), r["field"])
        preds.setdefault(key, [])
        if r["category"] in CATEGORIES and (key, r["category"], r["canonical"]) not in seen:
            seen.add((key, r["category"], r["canonical"]))
            preds[key].append(Pred(r["category"], r["canonical"], r["surface"], r["rule"]))
    return preds


def corpus_rows(path: Path, city: str) -> list[Row]:
    """The list's rows as the build reads them."""
    recipe = prepare(BASE)
    return [row for _src, row in read(recipe, [path], options(city))]


def speed(rows: dict[str, list[Row]], repeat: int) -> tuple[float, float, int]:
    """Rows per second of the build's extract step over every corpus row (median of `repeat` runs); mentions."""
    recipe = prepare(BASE)
    total = sum(len(r) for r in rows.values())
    times, mentions = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        mentions = sum(len(row_mentions(recipe.extractor, row)) for rs in rows.values() for row in rs)
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
        for g, p in o.pairs:
            if norm(g.canonical) != norm(p.canonical):
                lines.append(f"  ~       {g.category:7} annotated {g.canonical} / extracted {p.canonical}  ({p.rule})")
        if lines:
            listing.append(f"{city} p.{page} {field_name}\n" + "\n".join(lines))
    print(f"### errors per class of issue #12 ({name}, core, lenient): FN + FP (~: found, canonical differs)")
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
    rows, preds = {}, {}
    for city, (file_name, _code) in CITIES.items():
        path = args.corpus / file_name
        rows[city] = corpus_rows(path, city)
        by_key = {r.key: r for r in rows[city]}
        for c, page in selected:
            if c == city:
                assert page in by_key, f"{city} p.{page}: annotated row not in {path}"
                for field_name in FIELDS:
                    TEXTS[(city, page, field_name)] = getattr(by_key[page], field_name)
        found = predictions(path, city)
        preds.update({k: found.get(k, []) for k in TEXTS if k[0] == city})

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

    rate, seconds, mentions = speed(rows, args.repeat)
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
