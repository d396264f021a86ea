"""Candidate spans of one text and the choice among them (the engine behind etl/extract.py).

Spans of rank 0 are trusted: registry names, local governments of the gazetteer, law numbers, stop names and the
own municipality. Rank 1 are names in 「」 that end in a head; rank 2 the other patterns. Rank 0 spans are taken
leftmost-longest; a pattern span is then taken unless it overlaps one already taken — except that a longer name
that contains a rank-0 span whole replaces it (埼玉県 inside 埼玉県後期高齢者医療広域連合; 北本市 inside
北本市社会福祉協議会).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from jkg.etl import heads as heads_mod
from jkg.etl.evidence import WITHHELD
from jkg.etl.generic import GENERIC_NAMES, GENERIC_PARTS
from jkg.etl.lexicon import HIRAGANA_PLACES, HIRAGANA_WORDS, LEGAL_FORMS, NOT_A_HEAD_AFTER, trie_alternation
from jkg.etl.normalise import key, nfkc
from jkg.etl.own import Own, hiragana_name
from jkg.etl.places import Places
from jkg.etl.registry import Entity, EntityRegistry, fallback_slug, law_number_slug
from jkg.etl.span import Span

_LAW_NUMBER = re.compile(r"(?:明治|大正|昭和|平成|令和)(?:元|[0-9]{1,2})年(?:法律|政令)第[0-9]{1,4}号")
_FORM_WORDS = frozenset({"法人", "財団法人", "社団法人", "会社", "株式会社"})
_NOT_A_LAW_AFTER = frozenset(NOT_A_HEAD_AFTER["法"])
# 東京都後期高齢者医療制度, 〇〇県補助事業: a local government named as the issuer inside a programme's name
_PROGRAMME_AFTER = re.compile("[一-龥ァ-ヴー]{2,16}(?:制度|事業)")
_FACILITIES = ("荘", "館", "寮", "園", "所", "施設", "センター", "場", "ホーム")
_SLUG_PREFIX = {"partner": "org", "plan": "plan", "law": "law", "event": "event"}


class Finder:
    """Everything one municipality's texts are matched against, compiled once."""

    def __init__(self, registry: EntityRegistry, own: Own, places: Places, withheld: frozenset[str] = WITHHELD) -> None:
        self.registry = registry
        self.withheld = withheld  # the confidence classes not linked (etl/evidence.py)
        self.own = own
        self.places = places
        code = own.body.code
        self.surfaces = registry.surfaces(code)
        self.stop = registry.stops(code)
        spaced = {nfkc(n) for e in self.surfaces.values() for n in (e.canonical, *e.aliases) if nfkc(n) != key(n)}
        names = sorted({k for _cat, k in self.surfaces} | self.stop | spaced, key=len, reverse=True)
        self._registry = re.compile(trie_alternation(names))
        reading = hiragana_name(own.body)
        self.readings = tuple(sorted({*HIRAGANA_PLACES, *([reading] if reading else [])}, key=len, reverse=True))
        self.hiragana = tuple(sorted({*HIRAGANA_WORDS, *self.readings}, key=len, reverse=True))
        words = {w for w in GENERIC_PARTS if len(w) > 1} | set(heads_mod.HEADS) | set(LEGAL_FORMS) | _FORM_WORDS
        self._known = frozenset(k for _cat, k in self.surfaces) | places.names() | words | GENERIC_NAMES
        self.heads = heads_mod.Heads(self)
        self._entities: dict[tuple[str, str, str, str], Entity] = {}

    def known(self, name: str) -> bool:
        """A registry or gazetteer name (used to join names broken across lines)."""
        return name in self._known

    def spans(self, norm: str, units: set[str], context: frozenset[str] = frozenset()) -> list[Span]:
        """Every candidate span of `norm`; `context`: codes of local governments the row names in full."""
        spans = list(self._registry_spans(norm))
        spans += self._place_spans(norm, context)
        for m in _LAW_NUMBER.finditer(norm) if "号" in norm else ():
            number = m.group()
            entity = self.registry.by_number.get(key(number)) or Entity(
                "law", number, law_number_slug(number), registered=False, identifier=number
            )
            spans.append(
                Span(
                    m.start(),
                    m.end(),
                    0,
                    "law",
                    entity.canonical,
                    entity=entity,
                    rule="e-Gov 法令番号",
                    evidence="law-number",
                )
            )
        spans += self.heads.find(norm, units)
        return spans

    def _registry_spans(self, norm: str) -> Iterator[Span]:
        for m in self._registry.finditer(norm):
            k = key(m.group())
            if k in self.stop:
                yield Span(m.start(), m.end(), 0, "stop", k, rule=f"stop name {k} (entities.toml)")
                continue
            for category in ("partner", "plan", "law", "event"):
                entity = self.surfaces.get((category, k))
                if category == "law" and norm[m.end() : m.end() + 1] in _NOT_A_LAW_AFTER:
                    continue  # NPO法 inside NPO法人
                if entity is not None:
                    where = f", {entity.municipality}'s own" if entity.municipality else ""
                    rule = f"registry [[{category}]] {entity.canonical}{where}"
                    yield Span(
                        m.start(), m.end(), 0, category, entity.canonical, entity=entity, rule=rule, evidence="registry"
                    )
                    break

    def _place_spans(self, norm: str, context: frozenset[str] = frozenset()) -> Iterator[Span]:
        own = self.own.body
        for place in self.places.find(norm, own, context):
            body = place.body
            if body.code == own.code or body.parent_code == own.code:
                yield Span(
                    place.start, place.end, 0, "stop", body.name, rule=f"the list's own municipality: {place.rule}"
                )
                continue
            if norm[place.start - 1 : place.start] == "(" and norm.endswith(_FACILITIES, 0, place.start - 1):
                why = f"the place of a facility, in brackets after it: {place.rule}"  # 〇〇荘(伊東市)
                yield Span(place.start, place.end, 0, "stop", body.name, rule=why)
                continue
            if _PROGRAMME_AFTER.match(norm, place.end):
                yield Span(
                    place.start, place.end, 0, "stop", body.name, rule=f"issuer in a programme's name: {place.rule}"
                )
                continue
            entity = Entity(
                "partner",
                body.local_name,
                body.code,
                "local-government",
                registered=False,
                identifier=body.code,
            )
            yield Span(
                place.start,
                place.end,
                0,
                "partner",
                body.local_name,
                "local-government",
                entity,
                place.rule,
                evidence="gazetteer",
            )

    @staticmethod
    def select(spans: list[Span], norm: str) -> list[Span]:
        """Rank 0 leftmost-longest; then the patterns that do not clash (see the module's docstring)."""
        fixed: list[Span] = []
        for span in sorted((s for s in spans if s.rank == 0), key=lambda s: (s.start, -(s.end - s.start))):
            if all(span.end <= f.start or f.end <= span.start for f in fixed):
                fixed.append(span)
        chosen: list[Span] = []
        replaced: set[int] = set()
        for span in sorted((s for s in spans if s.rank > 0), key=lambda s: (s.rank, s.start, -(s.end - s.start))):
            inside: list[int] = []
            clash = False
            for n, f in enumerate(fixed):
                if span.end <= f.start or f.end <= span.start:
                    continue
                if span.start <= f.start and f.end <= span.end and span.end - span.start > f.end - f.start:
                    inside.append(n)
                else:
                    clash = True
                    break
            if clash or any(not (span.end <= c.start or c.end <= span.start) for c in chosen):
                continue
            chosen.append(span)
            replaced.update(inside)
        kept = [f for n, f in enumerate(fixed) if n not in replaced]
        return _attach_numbers(sorted(s for s in kept + chosen if s.category != "stop"), norm)

    def entity(self, span: Span) -> Entity:
        """The registered entity a pattern's name is an alias of, else a new one (jkg:curated false)."""
        k = (span.category, span.name, span.type, span.owner)
        known = self._entities.get(k)
        if known is None:
            known = self._entities[k] = self._new_entity(span)
        return known

    def _new_entity(self, span: Span) -> Entity:
        found = self.registry.lookup(span.category, span.name, self.own.body.code)
        if found is not None:
            return found
        identity = heads_mod.bare(span.name) if span.category == "partner" else span.name
        if span.owner:
            identity = f"{span.owner}/{identity}"
        slug = fallback_slug(_SLUG_PREFIX[span.category], identity)
        return Entity(span.category, span.name, slug, span.type, registered=False, municipality=span.owner)


def _attach_numbers(spans: list[Span], norm: str) -> list[Span]:
    """A law's title right before its number in brackets (〇〇法（平成28年法律第104号）) is one mention of one
    law: the title's, with the number as its identifier."""
    out: list[Span] = []
    for span in spans:
        previous = out[-1] if out else None
        if (
            span.rule == "e-Gov 法令番号"
            and previous is not None
            and previous.category == "law"
            and norm[previous.end : span.start] == "("
            and span.entity is not None
        ):
            number = span.entity.identifier
            known = previous.entity
            if known is None or not known.identifier:
                canonical = known.canonical if known is not None else previous.name
                slug = law_number_slug(number)
                entity = Entity(
                    "law", canonical, slug, registered=known.registered if known else False, identifier=number
                )
                out[-1] = replace(previous, entity=entity, rule=previous.rule + f"; its number {number} follows")
            continue
        out.append(span)
    return out
