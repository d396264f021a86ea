"""Find what a sheet's text names — partner bodies, plans, laws, events, dates, action-plan items.

Matching runs on a normalised copy of the text (NFKC, known transcription errors corrected); every mention
maps back to character offsets in the verbatim text. A curated registry gives canonical names; general
patterns (legal forms, government suffixes, local-government names, councils, plans, laws, events) find
names the registry does not know. Spans of the city's own units and internal bodies block other matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from jkg.etl.dates import DATE_PATTERN, date_value
from jkg.etl.lexicon import (
    ABBREVIATED_FORMS,
    ACTION_PLAN_ITEM,
    ACTION_PLAN_NOTE,
    BEFORE_KIND_WORD,
    COMPOUND_AFTER_PLACE,
    EVENT_PATTERNS,
    GENERIC_PARTS,
    LEADING_GENERIC,
    LEGAL_FORMS,
    LOCAL_STOP,
    NOT_A_LAW_TAIL,
    NOT_A_MUNICIPALITY,
    PARTNER_PATTERNS,
    RUN_KINDS,
    RUN_SUFFIX,
    TEXT_FIELDS,
    name_start,
)
from jkg.etl.normalise import key, normalise_with_offsets
from jkg.etl.read import Row
from jkg.etl.registry import Entity, EntityRegistry, fallback_slug


@dataclass(frozen=True)
class Mention:
    """A span of one field's verbatim text that names something."""

    category: str
    field: str
    start: int
    end: int
    surface: str
    canonical: str
    notation: str = ""
    entity: Entity | None = None
    value: str = ""
    corrected: str = ""  # the corrected form when the surface holds a known transcription error


@dataclass(order=True)
class _Span:
    start: int
    end: int
    rank: int  # 0 registry/stop, 1 pattern
    category: str = field(compare=False)
    name: str = field(compare=False)
    type: str = field(compare=False, default="")
    entity: Entity | None = field(compare=False, default=None)


class Extractor:
    """Finds mentions in a sheet's fields; the city's units are added as stop names as rows arrive."""

    def __init__(self, registry: EntityRegistry, city_names: Iterable[str] = ()) -> None:
        self.registry = registry
        # Registry names and stop names, matched as spans; compiled once.
        self.stop = set(registry.stop) | {key(n) for n in city_names}
        surfaces = sorted({k for _cat, k in registry.entities} | self.stop, key=len, reverse=True)
        self._gazetteer = re.compile("|".join(re.escape(s) for s in surfaces))
        # The city's units arrive with the rows; a candidate equal to one is dropped (no recompiling per unit).
        self.units: set[str] = set()
        self._generic_parts = re.compile("|".join(sorted(GENERIC_PARTS, key=len, reverse=True)))

    def add_stop(self, *names: str) -> None:
        """Names of the city's own units: never partners, plans or events."""
        self.units.update(key(n) for n in names if n)

    def _registered(self, surface: str) -> tuple[str, Entity | None]:
        k = key(surface)
        if k in self.stop:
            return "stop", None
        for category in ("partner", "plan", "law", "event"):
            entity = self.registry.entities.get((category, k))
            if entity is not None:
                return category, entity
        return "", None

    def _generic(self, name: str) -> bool:
        """True when a name is only generic words (事業実施計画, 新計画, 市内大学…) or one of the city's units."""
        k = key(name)
        return k in self.units or k in self.registry.generic or not self._generic_parts.sub("", name).strip("・&")

    def _spans(self, norm: str) -> list[_Span]:
        spans: list[_Span] = []
        for m in self._gazetteer.finditer(norm):
            category, entity = self._registered(m.group())
            spans.append(_Span(m.start(), m.end(), 0, category or "stop", m.group(), entity=entity))
        for pattern, kind in PARTNER_PATTERNS:
            for m in pattern.finditer(norm):
                spans.extend(self._partner_match(m, kind))
        spans.extend(self._suffix_spans(norm))
        for pattern in EVENT_PATTERNS:
            for m in pattern.finditer(norm):
                spans.extend(self._candidate("event", "", m.group("name").strip(), *m.span("name")))
        return spans

    def _suffix_spans(self, norm: str) -> Iterator[_Span]:
        """Names ending in a kind-word (協議会, 計画, 法, 省…): each starts where its run of name characters starts.

        The kind-words are found first, then each walks back to its run's start: linear, and far cheaper than
        patterns that try every run against every kind.
        """
        last: dict[tuple[int, str], tuple[int, int]] = {}  # (start, kind) → its last kind-word: the longest name
        for m in RUN_SUFFIX.finditer(norm):
            start = name_start(norm, m.start())
            if start < m.start():
                last[(start, m.lastgroup or "")] = m.span()
        if "(株)" in norm:
            for m in re.finditer(r"\(株\)", norm):
                start = name_start(norm, m.start())
                if start < m.start():
                    yield from self._candidate(
                        "partner", "company", norm[start : m.start()] + "株式会社", start, m.end()
                    )
        for (start, group), (suffix_start, end) in last.items():
            before = BEFORE_KIND_WORD.get(group)
            category, kind = RUN_KINDS[group]
            if before is not None:
                fit = before.fullmatch(norm, start, suffix_start)
                if fit is None:
                    continue
                if group == "place":
                    after = norm[end : end + 1]
                    if fit.group("kanji") is None:
                        if norm[suffix_start] not in "市州" or after in "民内外場":
                            continue
                        start, kind = fit.start("name"), "foreign-local-government"
                    elif after and re.match(COMPOUND_AFTER_PLACE, after):
                        continue
            name = norm[start:end]
            if group == "law" and name[-2] in NOT_A_LAW_TAIL:
                continue
            yield from self._candidate(category, kind, name, start, end)

    def _partner_match(self, m: re.Match[str], kind: str) -> Iterator[_Span]:
        name = m.group("name")
        start, end = m.span("name")
        if kind == "abbreviated":
            form = ABBREVIATED_FORMS[m.group("abbr")]
            name, start, kind = form + name, m.start(), LEGAL_FORMS[form]
        elif kind == "legal-prefix":
            name, start, kind = m.group("form") + name, m.start(), LEGAL_FORMS[m.group("form")]
        yield from self._candidate("partner", kind, name, start, end)

    def _candidate(self, category: str, kind: str, name: str, start: int, end: int) -> Iterator[_Span]:
        """A found name, unless it is generic, one of the city's units, or a district rather than a municipality."""
        stripped = LEADING_GENERIC.sub("", name)
        start += len(name) - len(stripped)
        if not stripped or self._generic(stripped):
            return
        if category == "partner" and (
            key(stripped) in LOCAL_STOP or (kind == "local-government" and NOT_A_MUNICIPALITY.search(stripped))
        ):
            return
        yield _Span(start, end, 1, category, stripped, type=kind)

    def mentions(self, field_name: str, text: str, fiscal_year: int) -> list[Mention]:
        """Every mention in one field's text, in order; offsets index the verbatim text."""
        found = list(action_plan_items(field_name, text))
        if not text:
            return found
        norm, origin, corrected = normalise_with_offsets(text, self.registry.corrections)

        def verbatim(start: int, end: int) -> tuple[int, int]:
            return origin[start], origin[end - 1] + 1

        taken: list[tuple[int, int]] = [(m.start, m.end) for m in found]
        chosen = self._select(self._spans(norm))
        for span in sorted(chosen):
            start, end = verbatim(span.start, span.end)
            if any(start < b and a < end for a, b in taken):
                continue
            entity = span.entity or self._entity(span)
            fixed = norm[span.start : span.end] if any(a < span.end and span.start < b for a, b in corrected) else ""
            found.append(
                Mention(
                    span.category,
                    field_name,
                    start,
                    end,
                    text[start:end],
                    entity.canonical,
                    entity=entity,
                    corrected=fixed,
                )
            )
        for m in DATE_PATTERN.finditer(norm) if ("年" in norm or "月" in norm) else ():
            start, end = verbatim(m.start(), m.end())
            value = date_value(m, fiscal_year)
            found.append(Mention("date", field_name, start, end, text[start:end], "", value=value))
        return sorted(found, key=lambda m: (m.start, m.end))

    @staticmethod
    def _select(spans: list[_Span]) -> list[_Span]:
        """Registry and stop spans first, leftmost-longest; then pattern spans that do not clash with them.

        A stop span blocks what lies inside it or across its edge (つくば市未来構想 inside つくば市未来構想等推進本部),
        not a longer name that contains it whole (つくば市 inside つくば市統計調査員連絡協議会).
        """
        fixed: list[_Span] = []
        for span in sorted((s for s in spans if s.rank == 0), key=lambda s: (s.start, -(s.end - s.start))):
            if all(span.end <= f.start or f.end <= span.start for f in fixed):
                fixed.append(span)
        chosen = [f for f in fixed if f.category != "stop"]
        patterns: list[_Span] = []
        for span in sorted((s for s in spans if s.rank == 1), key=lambda s: (s.start, -(s.end - s.start))):
            clash = False
            for f in fixed:
                if span.end <= f.start or f.end <= span.start:
                    continue
                contains = span.start <= f.start and f.end <= span.end and (span.end - span.start) > (f.end - f.start)
                if f.category != "stop" or not contains:
                    clash = True
                    break
            if not clash and all(span.end <= p.start or p.end <= span.start for p in patterns):
                patterns.append(span)
        return sorted(chosen + patterns)

    def _entity(self, span: _Span) -> Entity:
        entity = self.registry.lookup(span.category, span.name)
        if entity is not None:
            return entity
        prefix = {"partner": "org", "plan": "plan", "law": "law", "event": "event"}[span.category]
        return Entity(span.category, span.name, fallback_slug(prefix, span.name), span.type, registered=False)


def action_plan_items(field_name: str, text: str) -> Iterator[Mention]:
    """Action-plan items cited as 行政改革アクションプラン「NN…」該当; full-width digits allowed."""
    for note in ACTION_PLAN_NOTE.finditer(text):
        offset = note.start(1)
        for item in ACTION_PLAN_ITEM.finditer(note.group(1)):
            notation = str(int(unicodedata.normalize("NFKC", item.group("num"))))
            yield Mention(
                category="action_plan_item",
                field=field_name,
                start=offset + item.start(),
                end=offset + item.end(),
                surface=item.group(0),
                canonical=item.group("label").strip(),
                notation=notation,
            )


def row_mentions(extractor: Extractor, row: Row) -> list[Mention]:
    """Every mention in a row's text fields; the row's own units become stop names first."""
    extractor.add_stop(*row.unit_names)
    return [
        m
        for field_name in TEXT_FIELDS
        for m in extractor.mentions(field_name, getattr(row, field_name), row.fiscal_year)
    ]
