"""Precision per confidence class, and what each withheld class would cost or buy (bench/extract_quality.py
--evidence).

The extractor is run with nothing withheld, so every candidate is scored with its class (etl/evidence.py); then,
for each class the extractor withholds, the category's P/R with that gate on and off. Strict, core scope.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from bench.scoring import CATEGORIES, Gold, Key, Pred, match, score
from jkg.etl.evidence import CLASSES, WITHHELD, WITHHELD_EVENTS

Predict = Callable[[frozenset[str]], dict[Key, list[Pred]]]


def _outcomes(gold: dict[Key, list[Gold]], preds: dict[Key, list[Pred]]) -> Counter[tuple[str, str, str]]:
    """(category, class, TP | FP | borderline) counts over every prediction."""
    out: Counter[tuple[str, str, str]] = Counter()
    for key, plist in preds.items():
        golds = gold.get(key, [])
        core = [g for g in golds if not g.borderline]
        borderline = [g for g in golds if g.borderline]
        pairs, _fn, wrong = match(core, plist, lenient=False)
        for _g, p in pairs:
            out[(p.category, p.evidence, "TP")] += 1
        for p in wrong:
            verdict = "borderline" if match(borderline, [p], True)[0] else "FP"
            out[(p.category, p.evidence, verdict)] += 1
    return out


def report(name: str, gold: dict[Key, list[Gold]], predict: Predict, keys: list[Key]) -> str:
    """The per-class table and the gate table of one annotation."""
    everything = predict(frozenset())
    chosen = {k: everything.get(k, []) for k in keys}
    counts = _outcomes(gold, chosen)
    lines = [f"### {name}: precision per confidence class (nothing withheld; strict, core)"]
    lines.append(f"  {'category':<9} {'class':<13} {'TP':>4} {'FP':>4} {'bord.':>5} {'P':>6}  linked?")
    for cat in CATEGORIES:
        for cls in CLASSES:
            tp, fp, bl = (counts[(cat, cls, v)] for v in ("TP", "FP", "borderline"))
            if tp or fp or bl:
                p = f"{tp / (tp + fp):6.3f}" if tp + fp else "   nan"
                held = WITHHELD & WITHHELD_EVENTS if cat == "event" else WITHHELD
                linked = "withheld" if cls in held else "linked"
                lines.append(f"  {cat:<9} {cls:<13} {tp:4d} {fp:4d} {bl:5d} {p}  {linked}")
    lines.append(f"### {name}: each gate on and off (strict, core): P / R of the category")
    base, _ = score(gold, {k: predict(WITHHELD).get(k, []) for k in keys}, lenient=False, core=True)
    for cls in sorted(WITHHELD):
        without = predict(WITHHELD - {cls})
        off, _ = score(gold, {k: without.get(k, []) for k in keys}, lenient=False, core=True)
        for cat in CATEGORIES:
            b, o = base.get(cat), off.get(cat)
            if b is None or o is None or (b.pred == o.pred and b.tp == o.tp):
                continue
            lines.append(
                f"  gate {cls:<9} {cat:<8} on {b.precision:.3f} / {b.recall:.3f}   off {o.precision:.3f} / "
                f"{o.recall:.3f}   (the gate withholds {o.pred - b.pred} links, {o.tp - b.tp} of them right)"
            )
    return "\n".join(lines)
