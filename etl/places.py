"""Prefectures and municipalities named in text, each resolved to one body of the bundled 団体コード table.

A name counts only when it is a whole word: not inside a longer run of kanji (県央 after 埼玉県 is not the prefecture;
障害支援区 is not a ward), not followed by a kanji that makes it another word (埼玉県民, 市内, 区画, 大井町駅). A
prefecture or 郡 written before it narrows it (山梨県早川町, 北足立郡伊奈町) and is part of the span. A name
borne by several bodies is resolved to the one in the list's own prefecture, else to the only city or special
ward of that name; towns and villages of another prefecture need their prefecture or 郡 written (a 町 of the
same name is often a neighbourhood), and so do the wards of a designated city. A shared suffix is read into
each member of an enumeration: 千代田・中央・港区 names 千代田区, 中央区 and 港区.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jkg.etl.lexicon import COMPOUND_AFTER_MUNICIPALITY, COMPOUND_AFTER_PREFECTURE, NAME_CHARS
from jkg.municipalities import Gazetteer, LocalGovernment, gazetteer

_SUFFIX = re.compile("[都道府県市区町村]")
# 組織区5区(品川、港、目黒): a count of wards or cities, then their names without the suffix
_COUNTED = re.compile(
    "[0-9一二三四五六七八九十]+(?P<kind>[区市])\\((?P<names>[一-龥々ヶ]{1,4}(?:[、・][一-龥々ヶ]{1,4})+)\\)"
)
_STEM = re.compile("[一-龥々ヶケ]{1,4}$")
_LONGEST = 12


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    body: LocalGovernment
    rule: str


class Places:
    """Finds local-government names; one instance per gazetteer (the index is built once)."""

    def __init__(self, table: Gazetteer) -> None:
        self.table = table
        self.index: dict[str, list[LocalGovernment]] = {}
        self.prefectures = {p.name: p for p in table.prefectures()}
        for body in table:
            names = [body.local_name] if body.kind == "ward" else [body.name]
            if body.kind != "prefecture":
                names += [body.prefecture + n for n in names]
            for name in names:
                self.index.setdefault(name, []).append(body)
        self._prefix = re.compile(
            "(?P<pref>" + "|".join(sorted(self.prefectures, key=len, reverse=True)) + ")?(?P<gun>[一-龥]{1,4}郡)?$"
        )

    def names(self) -> frozenset[str]:
        """Every name this finds (for joining names broken across lines)."""
        return frozenset(self.index)

    def find(self, norm: str, own: LocalGovernment, context: frozenset[str] = frozenset()) -> Iterator[Place]:
        """Every local-government name in `norm`, resolved, leftmost first; `context`: the codes of bodies the same
        row names in full elsewhere (山梨県早川町 there resolves a bare 早川町 here)."""
        found: list[Place] = []
        for m in _SUFFIX.finditer(norm):
            place = self._at(norm, m.start(), own, context)
            if place is None:
                continue
            while found and found[-1].start >= place.start:  # 山梨県 inside 山梨県早川町
                found.pop()
            if found and place.start < found[-1].end:
                continue
            edge = found[-1].end if found else 0
            found += [member for member in self._shared_suffix(norm, place) if member.start >= edge]
            found.append(place)
        if "(" in norm:
            counted = [m for m in self._counted(norm, own) if all(m.end <= f.start or f.end <= m.start for f in found)]
            found = sorted(found + counted, key=lambda p: p.start)
        yield from found

    def _counted(self, norm: str, own: LocalGovernment) -> Iterator[Place]:
        """5区(品川、港、目黒): each name with the count's suffix, a body of the list's own prefecture."""
        for m in _COUNTED.finditer(norm):
            start = m.start("names")
            for stem in re.split("[、・]", m.group("names")):
                bodies = [
                    b for b in self.index.get(stem + m.group("kind"), []) if b.prefecture_code == own.prefecture_code
                ]
                if len(bodies) == 1:
                    rule = f"gazetteer {bodies[0].code} ({stem} in a count of {m.group('kind')})"
                    yield Place(start, start + len(stem), bodies[0], rule)
                start += len(stem) + 1

    def _at(self, norm: str, i: int, own: LocalGovernment, context: frozenset[str]) -> Place | None:
        after = norm[i + 1 : i + 2]
        compound = COMPOUND_AFTER_PREFECTURE if norm[i] in "都道府県" else COMPOUND_AFTER_MUNICIPALITY
        if after and after in compound:
            return None
        for length in range(min(_LONGEST, i + 1), 1, -1):
            start = i + 1 - length
            bodies = self.index.get(norm[start : i + 1])
            if not bodies:
                continue
            prefix = self._prefix.search(norm, max(0, start - 10), start)
            written = prefix.group() if prefix else ""
            if not written and start > 0 and norm[start - 1] in NAME_CHARS:
                continue
            start -= len(written)
            if written and start > 0 and norm[start - 1] in NAME_CHARS:
                continue
            pref = self.prefectures.get(prefix.group("pref") or "") if prefix else None
            full = bool(written) or norm[start + len(written) : i + 1] != bodies[0].name  # 東京都港区, 大阪市北区
            body = self._resolve(bodies, own, pref, full)
            row = [b for b in bodies if b.code in context] if body is None else []
            if len(row) == 1:
                body = row[0]
                return Place(start, i + 1, body, f"gazetteer {body.code} {body.full_name} (named in full in the row)")
            if body is not None:
                how = "named in full" if full else "by name"
                return Place(start, i + 1, body, f"gazetteer {body.code} {body.full_name} ({how})")
        return None

    def _resolve(
        self, bodies: list[LocalGovernment], own: LocalGovernment, pref: LocalGovernment | None, written: bool
    ) -> LocalGovernment | None:
        if pref is not None:
            bodies = [b for b in bodies if b.prefecture_code == pref.prefecture_code]
        home = [b for b in bodies if b.prefecture_code == own.prefecture_code]
        if own.kind == "designated-city" and any(b.parent_code == own.code for b in bodies):
            return next(b for b in bodies if b.parent_code == own.code)
        candidates = home or bodies
        if not written and not home:
            # another prefecture's town, village or designated-city ward needs its prefecture or 郡 written
            candidates = [b for b in candidates if b.kind in ("prefecture", "city", "designated-city", "special-ward")]
        if not written:
            candidates = [b for b in candidates if b.kind != "ward" or b.parent_code == own.code]
        return candidates[0] if len(candidates) == 1 else None

    def _shared_suffix(self, norm: str, last: Place) -> Iterator[Place]:
        """千代田・中央・港区: the members before the last one, which share its suffix."""
        suffix = norm[last.end - 1]
        members: list[Place] = []
        end = last.start
        while end >= 2 and norm[end - 1] in "・、":
            stem = _STEM.search(norm, max(0, end - 5), end - 1)
            if stem is None or (stem.start() > 0 and norm[stem.start() - 1] in NAME_CHARS):
                break
            pref = last.body.prefecture_code
            bodies = [b for b in self.index.get(stem.group() + suffix, []) if b.prefecture_code == pref]
            if len(bodies) != 1:
                break
            shared = f"shares the suffix of {norm[last.start : last.end]}"
            members.append(Place(stem.start(), stem.end(), bodies[0], f"gazetteer {bodies[0].code} ({shared})"))
            end = stem.start()
        yield from reversed(members)


@functools.cache
def places() -> Places:
    """The finder over the bundled table, built once per process."""
    return Places(gazetteer())
