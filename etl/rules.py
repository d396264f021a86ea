"""What a name found by its form is, under the rules of its category (the own municipality's included).

Generic names are dropped; the own municipality and its organs become stop spans; a body with the
municipality's name is its own body; a plan, 条例 or 規則 without another body's name is its own (etl/own.py).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from jkg.etl.lexicon import (
    EVENT_GENERIC_PARTS,
    GENERIC_PARTS,
    LAW_GENERIC_PARTS,
    LAW_HEADS,
    LEADING_GENERIC,
    LOCAL_STOP,
    NOT_A_PRIZE,
    OWN_PLAN_TYPES,
    PLAN_GENERIC_PARTS,
    SHORT_FORMS,
    alternation,
)
from jkg.etl.names import is_generic
from jkg.etl.normalise import key
from jkg.etl.span import Span

if TYPE_CHECKING:
    from jkg.etl.candidates import Finder


_TITLE_PRIZES = ("長賞", "知事賞", "大臣賞")
_OTHER_OWNER_BEFORE = ("国の", "国が", "国は", "県の", "県が", "都の", "都が", "府の", "道の")
_AGENCY = re.compile("[一-龥]{1,8}(?:省|庁)")
_ORDINAL = re.compile(r"^第[0-9〇一二三四五六七八九十]+(?:次|期)")
_GENERIC_WORDS = frozenset(GENERIC_PARTS)
_LAW_HEAD = re.compile("(?:" + alternation(LAW_HEADS) + ")$")
_VOCABULARY = {
    "partner": re.compile(alternation(GENERIC_PARTS)),
    "plan": re.compile(alternation(PLAN_GENERIC_PARTS)),
    "law": re.compile(alternation(LAW_GENERIC_PARTS)),
    "event": re.compile(alternation(EVENT_GENERIC_PARTS)),
}


class Rules:
    def __init__(self, finder: Finder) -> None:
        self.f = finder

    def candidate(
        self,
        category: str,
        kind: str,
        name: str,
        start: int,
        end: int,
        rule: str,
        norm: str,
        units: set[str],
        rank: int,
    ) -> list[Span]:
        """The span of a found name after its category's rules, or a stop span, or nothing."""
        stripped = LEADING_GENERIC.sub("", name)
        if (
            category == "plan"
            and stripped != name
            and ("次期" in name[: len(name) - len(stripped)] or name.startswith("新"))
        ):
            return []  # 次期総合振興計画 is the next plan, not the current one
        start += len(name) - len(stripped)
        name = stripped
        k = key(name)
        if len(k) < 2 or k in units or k in self.f.registry.generic or name in NOT_A_PRIZE:
            return []
        if "各" in name[1:] and category != "law":
            return []  # 〇〇所属各動物病院: each of a kind, not one body
        own = self.f.own
        code = own.body.code
        if category == "partner" and name.endswith("社協"):  # the common short form of 社会福祉協議会
            place = name[:-2]
            owner = own.body.name if not place or own.body.name.startswith(place) else place
            return [
                Span(start, end, rank, "partner", owner + "社会福祉協議会", kind, rule=f"{rule}; 社協 = 社会福祉協議会")
            ]
        if category == "partner":
            if k in LOCAL_STOP or own.is_itself(name) or own.is_organ(name):
                return [Span(start, end, rank, "stop", name, rule="the own municipality or one of its organs")]
            citizens = own.kind_char + "民"
            if (name.startswith(citizens) or name.endswith(citizens + "会議")) and not is_generic(
                name, _VOCABULARY["partner"]
            ):  # 〇〇市民会議: its citizens' council
                full = own.complete(name) if own.prefix(name) else own.body.name + name
                rule = f"{rule}; {own.body.name}'s citizens' body"
                return [Span(start, end, rank, "partner", full, kind, rule=rule)]
            if own.prefix(name):
                full = _written_out(own.complete(name))
                return [
                    Span(
                        start,
                        end,
                        rank,
                        "partner",
                        full,
                        kind,
                        rule=f"{rule}; a body of its own with {own.body.name}'s name",
                    )
                ]
            if is_generic(name, _VOCABULARY["partner"]) or (
                kind == "national-agency" and not _AGENCY.fullmatch(name) and name.endswith(("省", "庁"))
            ):
                return []
            return [Span(start, end, rank, "partner", _written_out(name), kind, rule=rule)]
        if category == "law" and _LAW_HEAD.sub("", name) in _GENERIC_WORDS:
            return []  # 支援法, センター条例: one generic word and a head, a fragment of a longer title
        if is_generic(name, _VOCABULARY[category]) and not (category == "plan" and _bare_plan(name) in OWN_PLAN_TYPES):
            return []
        if category == "event":
            if name.endswith(_TITLE_PRIZES):
                return []  # 区長賞, 会長賞: a prize given by an office, not a named one
            return [Span(start, end, rank, category, name, rule=rule)]
        if category == "plan" and name.startswith("個別"):
            return []  # 個別支援計画, 個別避難計画: one per person or facility
        if self._other_owner(norm, start, name):
            return [Span(start, end, rank, category, name, rule=f"{rule}; another body's")]
        if category == "law" and (not name.endswith(("条例", "規則")) or name.endswith(("施行規則", "施行細則"))):
            return [Span(start, end, rank, category, name, rule=rule)]
        if own.prefix(name) or self._reading_in(name):
            canonical, why = own.complete(name), f"{own.body.name}'s own"
        else:
            canonical, why = own.own_name(name), f"{own.body.name}'s own, named without its name"
        return [Span(start, end, rank, category, canonical, rule=f"{rule}; {why}", owner=code)]

    def _reading_in(self, name: str) -> bool:
        reading = next((h for h in self.f.hiragana if h and name.startswith(h)), "")
        return bool(reading) and reading not in ("まちづくり", "づくり")

    def _other_owner(self, norm: str, start: int, name: str) -> bool:
        """Whether a name starts with another body's name (a prefecture, another municipality, 国の …)."""
        if norm[max(0, start - 2) : start] in _OTHER_OWNER_BEFORE:
            return True
        own = self.f.own
        if own.prefix(name):
            return False
        index = self.f.places.index
        for length in range(2, min(9, len(name))):
            bodies = index.get(name[:length])
            if bodies and name[length - 1] in "都道府県市区町村" and all(b.code != own.body.code for b in bodies):
                return True
        return False


def _bare_plan(name: str) -> str:
    """A plan's name without its ordinal: 第2期総合戦略 → 総合戦略."""
    return _ORDINAL.sub("", name)


def _written_out(name: str) -> str:
    """A body's name with its short forms written out: 東京都国保連合会 → 東京都国民健康保険団体連合会."""
    for short, full in SHORT_FORMS:
        if name.endswith(short):
            return name[: -len(short)] + full
    return name
