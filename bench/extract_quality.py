"""Extraction quality on the hand-annotated corpus rows and on the bundled list, and its speed, in one run.

python bench/extract_quality.py                      # dev figures per city and per annotation, bundled, rows/s
python bench/extract_quality.py --errors             # … and every dev error, sorted into the issue's classes
python bench/extract_quality.py --evidence           # … and dev precision per confidence class and per gate
python bench/extract_quality.py --held-out           # … and the held-out figures
python bench/extract_quality.py --held-out-errors    # … and every held-out error

The corpus files are read at run time from ../shared/corpus relative to the repository root (or --corpus DIR, or
$JKG_CORPUS); nothing of them is copied into the project. The annotations (row keys and entity names only) are in
bench/annotations/.

Splits, never summed: **dev** = the first annotation (bench/annotations/) and the second (bench/annotations/second/),
both of 北本市 and 品川区 rows: the rules were developed looking at their errors (each was held out once first, see
the README); **held-out** = the third (bench/annotations/held-out/, other rows of the same two lists), made by an
annotator who never saw the extractor, and scored once with the extractor frozen. The bundled list is the text the
registry was written from.
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
from bench.evidence_report import report as evidence_report  # noqa: E402
from bench.scoring import (  # noqa: E402
    ANNOTATIONS,
    CATEGORIES,
    DEV,
    HELD_OUT,
    SECOND,
    Gold,
    Key,
    Pred,
    load_gold,
    load_rows,
    norm,
    score,
    table,
)
from jkg import resources  # noqa: E402
from jkg.etl.build import ReadOptions, prepare, read  # noqa: E402
from jkg.etl.evidence import WITHHELD  # noqa: E402
from jkg.etl.extract import Extractor, row_mentions  # noqa: E402
from jkg.etl.read import Row  # noqa: E402
from jkg.etl.registry import load_entities  # noqa: E402
from jkg.municipalities import gazetteer  # noqa: E402
from tests.quality import scores as bundled_scores  # noqa: E402

CITIES = {"kitamoto": ("kitamoto-r6.csv", "112330"), "shinagawa": ("shinagawa-r7.csv", "131091")}
FIELDS = ("name", "overview")  # the annotated fields the build extracts from (事務事業名, 事業概要)
FISCAL_YEAR = 2024  # both lists evaluate activity in FY2024
BASE = "https://data.jimujigyo-kg.example/"
TSUKUBA = gazetteer().by_code("082201")  # the build's default; each row is extracted by its own municipality's rules
assert TSUKUBA is not None


def options(city: str) -> ReadOptions:
    municipality = gazetteer().by_code(CITIES[city][1])
    assert municipality is not None
    return ReadOptions(fiscal_year=(FISCAL_YEAR,), municipality=(municipality,))


def predictions(rows: dict[str, list[Row]], withheld: frozenset[str] = WITHHELD) -> dict[Key, list[Pred]]:
    """What `jkg extract FILE --municipality … --fiscal-year 2024` finds, per (city, page, field), by the build's
    entry point `row_mentions` (an extractor withholding the confidence classes `withheld`): one item per distinct
    (category, canonical) of the annotated categories."""
    extractor = Extractor(load_entities(resources.registry_dir() / "entities.toml"), TSUKUBA, withheld=withheld)
    preds: dict[Key, list[Pred]] = {}
    seen: set[tuple[Key, str, str]] = set()
    for city, city_rows in rows.items():
        for row in city_rows:
            for m in row_mentions(extractor, row):
                key = (city, row.identifier, m.field)
                preds.setdefault(key, [])
                if m.category in CATEGORIES and (key, m.category, m.canonical) not in seen:
                    seen.add((key, m.category, m.canonical))
                    preds[key].append(Pred(m.category, m.canonical, m.surface, m.rule, m.evidence))
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


def report_split(name: str, gold: dict[Key, list[Gold]], chosen: dict[Key, list[Pred]], errors: bool) -> None:
    cities = tuple(sorted({k[0] for k in chosen}))
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
    ap.add_argument("--held-out", action="store_true", help="also score the held-out annotation")
    ap.add_argument("--held-out-errors", action="store_true", help="also list every held-out error")
    ap.add_argument("--held-out-dir", type=Path, default=HELD_OUT, help="the held-out annotation's folder")
    ap.add_argument("--evidence", action="store_true", help="precision per confidence class and per gate (dev)")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (median)")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        ap.error(f"no corpus folder at {args.corpus}: give --corpus DIR or set JKG_CORPUS")
    held_out = args.held_out or args.held_out_errors
    if held_out and not (args.held_out_dir / "corpus-mentions.tsv").is_file():
        ap.error(f"no held-out annotation in {args.held_out_dir}")

    splits = {"dev": DEV, **({"held-out": (args.held_out_dir,)} if held_out else {})}
    selected = {name: load_rows(*folders) for name, folders in splits.items()}
    gold = {name: load_gold(*folders) for name, folders in splits.items()}
    rows, found = {}, {}
    for city, (file_name, _code) in CITIES.items():
        path = args.corpus / file_name
        rows[city] = corpus_rows(path, city)
        by_key = {r.identifier: r for r in rows[city]}  # the page as the list writes it
        for c, page in {k for chosen in selected.values() for k in chosen}:
            if c == city:
                assert page in by_key, f"{city} p.{page}: annotated row not in {path}"
                for field_name in FIELDS:
                    TEXTS[(city, page, field_name)] = getattr(by_key[page], field_name)

    found = predictions(rows)
    print("# extraction quality: corpus annotations (bench/annotations/), bundled list; speed")
    for name in splits:
        keys = [(c, page, f) for c, page in selected[name] for f in FIELDS]
        errors = args.errors if name == "dev" else args.held_out_errors
        report_split(name, gold[name], {k: found.get(k, []) for k in keys}, errors)
        if name == "dev":  # the gap between the text the rules were developed on first and the second annotation
            for part, folder in (("first", ANNOTATIONS), ("second", SECOND)):
                part_keys = [(c, page, f) for c, page in load_rows(folder) for f in FIELDS]
                counts, _ = score(gold[name], {k: found.get(k, []) for k in part_keys}, lenient=False, core=True)
                print(table(f"### dev, {part} annotation ({folder.relative_to(ROOT)}), core, strict", counts))
    if not held_out:
        print("\n## held-out: not shown (pass --held-out)")
    if args.evidence:
        cache: dict[frozenset[str], dict[Key, list[Pred]]] = {WITHHELD: found}

        def predict(withheld: frozenset[str]) -> dict[Key, list[Pred]]:
            if withheld not in cache:
                cache[withheld] = predictions(rows, withheld)
            return cache[withheld]

        keys = [(c, page, f) for c, page in selected["dev"] for f in FIELDS]
        print("\n" + evidence_report("dev", gold["dev"], predict, keys))

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
