"""Find what a sheet's text names — partner bodies, plans, laws, events, dates, action-plan items.

Matching runs on a matching copy of the text (etl/matchtext.py); every mention maps back to its verbatim span.
Spans come from, in order of trust: the curated registry (entities.toml), the gazetteer of every prefecture and
municipality (etl/places.py), e-Gov law numbers; then general patterns (legal forms, heads of names, long law
titles, quoted event names). The list's own municipality (etl/own.py) decides what is itself, its organs and its
own plans. Each mention records the rule or registry entry that produced it (`jkg extract --explain`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from jkg.etl import candidates
from jkg.etl.dates import DATE_PATTERN, date_value
from jkg.etl.evidence import WITHHELD
from jkg.etl.lexicon import ACTION_PLAN_ITEM, ACTION_PLAN_NOTE, FORMAL_LEGAL_FORM, LEGAL_FORMS, TEXT_FIELDS
from jkg.etl.matchtext import match_text
from jkg.etl.normalise import key
from jkg.etl.own import Own
from jkg.etl.places import places
from jkg.etl.read import Row
from jkg.etl.registry import Entity, EntityRegistry
from jkg.etl.span import Span
from jkg.municipalities import LocalGovernment


@dataclass(frozen=True)
class Mention:
    """A span of one field's verbatim text that names something, and the rule that found it."""

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
    rule: str = ""
    evidence: str = ""  # the confidence class of the rule that found it (etl/evidence.py)


@dataclass
class Extractor:
    """Finds mentions in the fields of one municipality's list; its units are added as stop names as rows arrive.

    `of(municipality)` gives the extractor of another municipality's lists, made once and sharing the registry:
    a build of several municipalities' lists keeps one Extractor and `row_mentions` picks the row's.
    """

    registry: EntityRegistry
    municipality: LocalGovernment
    units: set[str] = field(default_factory=set)
    legal_names: dict[str, Mention] = field(default_factory=dict)  # bodies named with their legal form so far
    withheld: frozenset[str] = WITHHELD  # confidence classes not linked (etl/evidence.py)
    _others: dict[str, Extractor] = field(default_factory=dict, repr=False)
    _stopped: set[str] = field(default_factory=set, repr=False)  # the names add_stop was given, as given

    def __post_init__(self) -> None:
        self.own = Own(self.municipality)
        self.finder = candidates.Finder(self.registry, self.own, places(), self.withheld)
        self._others[self.municipality.code] = self

    def of(self, municipality: LocalGovernment) -> Extractor:
        """The extractor for lists of `municipality` (this one if it is this one's)."""
        found = self._others.get(municipality.code)
        if found is None:
            found = Extractor(self.registry, municipality, withheld=self.withheld, _others=self._others)
        return found

    def add_stop(self, *names: str) -> None:
        """Names of the municipality's own units: never partners, plans or events (each normalised once: a row
        gives its units' names again)."""
        new = [n for n in names if n and n not in self._stopped]
        self._stopped.update(new)
        self.units.update(key(n) for n in new)

    def mentions(
        self, field_name: str, text: str, fiscal_year: int, context: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Every mention in one field's text, in order; offsets index the verbatim text. `context`: the codes of
        local governments the same row names in full (they resolve the same names written bare here)."""
        found = list(action_plan_items(field_name, text))
        if not text:
            return found
        mt = match_text(text, self.registry.corrections, self.finder.known)
        taken: list[tuple[int, int]] = [(m.start, m.end) for m in found]
        for span in self.finder.select(self.finder.spans(mt.norm, self.units, context), mt.norm):
            start, end = mt.verbatim(span.start, span.end)
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            entity = span.entity or self.finder.entity(span)
            fixed = any(a < span.end and span.start < b for a, b in mt.corrected)
            found.append(
                Mention(
                    span.category,
                    field_name,
                    start,
                    end,
                    text[start:end],
                    entity.canonical,
                    entity=entity,
                    corrected=mt.norm[span.start : span.end] if fixed else "",
                    rule=span.rule,
                    evidence=span.evidence,
                )
            )
        if "年" in mt.norm or "月" in mt.norm:
            for m in DATE_PATTERN.finditer(mt.norm):
                start, end = mt.verbatim(m.start(), m.end())
                if any(start < b and a < end for a, b in taken):
                    continue  # 平成28年 inside 平成28年法律第104号
                value = date_value(m, fiscal_year)
                found.append(
                    Mention("date", field_name, start, end, text[start:end], "", value=value, rule="date pattern")
                )
        return sorted(found, key=lambda m: (m.start, m.end))


def action_plan_items(field_name: str, text: str) -> Iterator[Mention]:
    """Action-plan items cited as 行政改革アクションプラン「NN…」該当; full-width digits allowed."""
    if "アクションプラン" not in text:
        return
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
                rule="action-plan note 行政改革アクションプラン「…」該当",
            )


_FORM_PREFIX = re.compile("^(?:" + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True)) + ")")


def _merge_legal_forms(mentions: list[Mention], named: dict[str, Mention]) -> list[Mention]:
    """A body named with its legal form (in this row, or earlier in the list: `named`, updated here) and without
    it is one body, named with it. Its resource is the same either way (the slug ignores the legal form)."""
    for m in mentions:
        if m.category == "partner" and m.entity is not None and not m.entity.registered:
            bare = _FORM_PREFIX.sub("", m.canonical)
            if bare != m.canonical:
                named[key(bare)] = m
    if not named:
        return mentions
    out = []
    for m in mentions:
        other = (
            named.get(key(m.canonical)) if m.category == "partner" and m.entity and not m.entity.registered else None
        )
        if other is not None and other.entity is not None and other is not m:
            m = replace(m, canonical=other.canonical, entity=other.entity, rule=m.rule + "; named with its legal form")
        out.append(m)
    return out


def row_mentions(extractor: Extractor, row: Row) -> list[Mention]:
    """Every mention in a row's text fields, by the rules of the row's municipality; its units become stop names
    first."""
    own = extractor.of(row.municipality)
    own.add_stop(*row.unit_names)
    texts = [(field_name, getattr(row, field_name)) for field_name in TEXT_FIELDS]
    found = [m for field_name, text in texts for m in own.mentions(field_name, text, row.fiscal_year)]
    context = frozenset(
        m.entity.identifier
        for m in found
        if m.entity is not None and m.entity.identifier and "named in full" in m.rule and m.category == "partner"
    )
    if context:  # 山梨県早川町 in one field resolves 早川町 in another
        found = [m for field_name, text in texts for m in own.mentions(field_name, text, row.fiscal_year, context)]
    return _complete_events(_merge_legal_forms(found, own.legal_names), own, texts)


def _complete_events(mentions: list[Mention], own: Extractor, texts: list[tuple[str, str]]) -> list[Mention]:
    """An event the row also names with its municipality's name before it (市民文化祭 and, in a committee's name,
    北本市市民文化祭…) is that one event; so is an event of common words the row names in full (芸術祭 after
    品川区民芸術祭: a reference back by its kind)."""
    name = own.municipality.name
    events = [m for m in mentions if m.category == "event" and not m.canonical.startswith(name)]
    if not events:
        return mentions
    whole = key(" ".join(text for _f, text in texts))
    named = [m for m in mentions if m.category == "event" and m.evidence != "common"]
    out = []
    for m in mentions:
        fuller = next(
            (
                n
                for n in named
                if m.category == "event" and m.evidence == "common" and n.canonical.endswith(m.canonical)
            ),
            None,
        )
        if fuller is not None and fuller.canonical != m.canonical:
            rule = m.rule + f"; the row names it in full, {fuller.canonical}"
            m = replace(m, canonical=fuller.canonical, entity=fuller.entity, evidence=fuller.evidence, rule=rule)
        elif m.category == "event" and not m.canonical.startswith(name) and key(name + m.canonical) in whole:
            entity = own.finder.entity(Span(m.start, m.end, 2, "event", name + m.canonical))
            rule = m.rule + f"; named with {name}'s name in the row"
            m = replace(m, canonical=entity.canonical, entity=entity, rule=rule)
        out.append(m)
    return out


__all__ = ["FORMAL_LEGAL_FORM", "Extractor", "Mention", "Span", "action_plan_items", "row_mentions"]
