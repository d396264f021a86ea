"""Scoring extraction against the corpus annotation in bench/annotations/ (pure functions, no I/O but reading it).

Matching is per (city, page, field) on (category, name) after `norm` (NFKC, white space removed, ordinal numerals
folded so that 第五次 and 第5次 are one key, as they are one resource).
  strict : the extractor's canonical equals the annotated canonical.
  lenient: the extractor's canonical or surface equals the annotated canonical or one of its surfaces.
Scopes: `core` leaves out annotations whose note starts with "borderline" (an extracted item matching one
leniently is then neither right nor wrong); `all` counts everything. Each item is matched at most once.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ANNOTATIONS = Path(__file__).resolve().parent / "annotations"  # the first annotation (dev)
SECOND = ANNOTATIONS / "second"  # the second: held out once, scored at a80c2a6, development data since
DEV = (ANNOTATIONS, SECOND)
HELD_OUT = ANNOTATIONS / "held-out"  # the third, made without the extractor and scored once
CATEGORIES = ("partner", "plan", "law", "event")
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_ORDINAL = re.compile(r"第([〇一二三四五六七八九十]+)(次|期)")


def _kanji_number(text: str) -> int:
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)
    return int("".join(str(_KANJI_DIGITS[c]) for c in text))


def norm(text: str) -> str:
    """The matching key: NFKC, no white space, 第五次 → 第5次."""
    flat = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text.replace("\\n", "\n")))
    return _ORDINAL.sub(lambda m: f"第{_kanji_number(m.group(1))}{m.group(2)}", flat)


@dataclass(frozen=True)
class Gold:
    category: str
    canonical: str
    surfaces: tuple[str, ...]
    note: str

    @property
    def borderline(self) -> bool:
        return self.note.startswith("borderline")

    def keys(self, lenient: bool) -> set[str]:
        return {norm(self.canonical)} | ({norm(s) for s in self.surfaces} if lenient else set())


@dataclass(frozen=True)
class Pred:
    category: str
    canonical: str
    surface: str
    rule: str = ""
    evidence: str = ""  # the confidence class (etl/evidence.py)

    def keys(self, lenient: bool) -> set[str]:
        return {norm(self.canonical)} | ({norm(self.surface)} if lenient else set())


Key = tuple[str, str, str]  # city, page, field


def load_rows(*folders: Path) -> dict[tuple[str, str], str]:
    """Every annotated row of the annotations in `folders`: (city, page) → how it was selected."""
    rows: dict[tuple[str, str], str] = {}
    for folder in folders:
        with (folder / "corpus-rows.tsv").open(encoding="utf-8") as f:
            rows.update({(r["city"], r["page"]): r["selection"] for r in csv.DictReader(f, delimiter="\t")})
    return rows


def load_gold(*folders: Path) -> dict[Key, list[Gold]]:
    gold: dict[Key, list[Gold]] = defaultdict(list)
    for folder in folders:
        with (folder / "corpus-mentions.tsv").open(encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                surfaces = tuple(s.replace("\\n", "\n") for s in r["surface"].split(" | "))
                gold[(r["city"], r["page"], r["field"])].append(
                    Gold(r["category"], r["canonical"], surfaces, r["note"])
                )
    return gold


def match(
    golds: list[Gold], preds: list[Pred], lenient: bool
) -> tuple[list[tuple[Gold, Pred]], list[Gold], list[Pred]]:
    """Greedy one-to-one matching: (pairs, gold not found, predictions not annotated)."""
    free = list(golds)
    pairs: list[tuple[Gold, Pred]] = []
    unmatched: list[Pred] = []
    for p in preds:
        hit = next((g for g in free if g.category == p.category and g.keys(lenient) & p.keys(lenient)), None)
        if hit is None:
            unmatched.append(p)
        else:
            free.remove(hit)
            pairs.append((hit, p))
    return pairs, free, unmatched


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    tp: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else float("nan")

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else float("nan")


@dataclass
class Outcome:
    """One (city, page, field): what matched, what was missed, what was wrong, in the core scope."""

    key: Key
    text: str
    pairs: list[tuple[Gold, Pred]] = field(default_factory=list)
    missed: list[Gold] = field(default_factory=list)
    wrong: list[Pred] = field(default_factory=list)


def score(
    gold: dict[Key, list[Gold]], preds: dict[Key, list[Pred]], *, lenient: bool, core: bool
) -> tuple[dict[str, Counts], list[Outcome]]:
    """Counts per category (and ALL) over every key of `preds`, and each key's outcome."""
    counts: dict[str, Counts] = defaultdict(Counts)
    outcomes = []
    for key, plist in preds.items():
        golds = gold.get(key, [])
        pairs, fn, fp = match(golds, plist, lenient)
        if core:
            borderline = [g for g in golds if g.borderline]
            pairs = [(g, p) for g, p in pairs if not g.borderline]
            fn = [g for g in fn if not g.borderline]
            fp = [p for p in fp if not match(borderline, [p], True)[0]]
        outcomes.append(Outcome(key, "", pairs, fn, fp))
        for cat in (g.category for g, _ in pairs):
            for c in (cat, "ALL"):
                counts[c].gold += 1
                counts[c].pred += 1
                counts[c].tp += 1
        for cat in [g.category for g in fn]:
            for c in (cat, "ALL"):
                counts[c].gold += 1
        for cat in [p.category for p in fp]:
            for c in (cat, "ALL"):
                counts[c].pred += 1
    return counts, outcomes


def table(title: str, counts: dict[str, Counts], categories: Iterable[str] = (*CATEGORIES, "ALL")) -> str:
    lines = [f"{title}", f"  {'category':<9} {'gold':>5} {'pred':>5} {'TP':>4} {'P':>6} {'R':>6}"]
    for cat in categories:
        c = counts.get(cat, Counts())
        if c.gold or c.pred:
            lines.append(f"  {cat:<9} {c.gold:5d} {c.pred:5d} {c.tp:4d} {c.precision:6.3f} {c.recall:6.3f}")
    return "\n".join(lines)
