"""What a name found by its form is, under the rules of its category (the own municipality's included).

Generic names are dropped; the own municipality and its organs become stop spans; a body with the
municipality's name is its own body; a plan, 条例 or 規則 without another body's name is its own (etl/own.py).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from jkg.etl.evidence import WITHHELD_EVENTS, of_head_name
from jkg.etl.generic import GENERIC_PARTS, GENERIC_PLAN_ENDINGS, LEADING_GENERIC, NOT_A_PRIZE, VOCABULARY
from jkg.etl.lexicon import (
    HEAD_WORDS,
    LAW_HEADS,
    LOCAL_STOP,
    OWN_PLAN_TYPES,
    OWN_SCHOOLS,
    PLAN_HEADS,
    PLAN_KIND_AFTER,
    SHORT_FORMS,
    alternation,
)
from jkg.etl.names import is_generic
from jkg.etl.normalise import key
from jkg.etl.proper import proper_part, words
from jkg.etl.span import Span
from jkg.municipalities import gazetteer

if TYPE_CHECKING:
    from jkg.etl.candidates import Finder


_TITLE_PRIZES = ("長賞", "知事賞", "大臣賞")
_OTHER_OWNER_BEFORE = ("国の", "国が", "国は", "県の", "県が", "都の", "都が", "府の", "道の")
_AGENCY = re.compile("[一-龥]{1,8}(?:省|庁)")
_ORDINAL = re.compile(r"^第[0-9〇一二三四五六七八九十]+(?:次|期)")
_GENERIC_WORDS = frozenset(GENERIC_PARTS)
# 県立〇〇高等学校, 東京都立〇〇, 国立〇〇, 私立〇〇: a school founded by another body than the municipality
_OTHERS_SCHOOL = re.compile("(?:[一-龥]{1,3}[都道府県]|[都道府県国])立|私立")
# 〇〇町駅, 〇〇県内, 〇〇市民: a place or its people after a local government's name, not the body
_A_PLACE_AFTER = frozenset("駅民内外域境央")
_SHORT_PREFECTURE = frozenset({"県立", "都立", "府立", "道立"})
_HEADS = frozenset(HEAD_WORDS)
_NOT_PRIZES = tuple(NOT_A_PRIZE)
_PLAN_HEADS = tuple(PLAN_HEADS)
_AS_A_KIND = re.compile("と(?:し|する)")
_DURATION = re.compile("[0-9]+[カかヶケ箇ヵ]?(?:月間|週間|日間)")  # 3カ月間: a length of time, not a campaign
_KATAKANA_LAW = re.compile("[ァ-ヴー]+法")  # コミュニケーション法: a method; katakana laws are in the registry
_LAW_HEAD = re.compile("(?:" + alternation(LAW_HEADS) + ")$")


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
        form: str = "head",
    ) -> list[Span]:
        """The span of a found name after its category's rules, or a stop span, or nothing. `form`: how it was
        found (a head word, a legal form, 「」 …: the evidence class of all but head-word names)."""
        spans = self._candidate(category, kind, name, start, end, rule, norm, units, rank, form)
        held = self.f.withheld
        return [s for s in spans if s.evidence not in (held & WITHHELD_EVENTS if s.category == "event" else held)]

    def _candidate(
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
        form: str,
    ) -> list[Span]:
        stripped = LEADING_GENERIC.sub("", name)
        if name[:1] in "新旧" and words(name)[0][0] != name[0]:
            stripped = name  # 新型インフルエンザ…, 新潟県…: a word, not 新 (new) before a name
        if (
            category == "plan"
            and stripped != name
            and ("次期" in name[: len(name) - len(stripped)] or name.startswith("新"))
        ):
            return []  # 次期総合振興計画 is the next plan, not the current one
        start += len(name) - len(stripped)
        if stripped != name and stripped in _HEADS:
            return []  # 各連盟, ・音楽祭: a kind-word alone once its qualifier is gone
        name = stripped
        k = key(name)
        if len(k) < 2 or k in units or k in self.f.registry.generic or name.endswith(_NOT_PRIZES):
            return []
        if "各" in name[1:] and category != "law":
            return []  # 〇〇所属各動物病院: each of a kind, not one body
        own = self.f.own
        code = own.body.code
        if category == "partner" and name[0].isdigit():
            return []  # 3消防少年団: a count of bodies, not one
        if category == "partner" and name == "社会福祉協議会":
            name = "社協"  # named bare, it is the municipality's own, as 社協 is
        if category == "partner" and name.endswith("社協"):  # the common short form of 社会福祉協議会
            place = name[:-2]
            if place and not (own.body.name.startswith(place) or place in self.f.places.index or proper_part(place)):
                return []  # 地区社協, 校区社協: the district councils of a kind, no one body
            owner = own.body.name if not place or own.body.name.startswith(place) else place
            why = "owner" if place else "kind"
            return [
                Span(
                    start,
                    end,
                    rank,
                    "partner",
                    owner + "社会福祉協議会",
                    kind,
                    rule=f"{rule}; 社協 = 社会福祉協議会",
                    evidence=why if form == "head" else form,
                )
            ]
        founder = _OTHERS_SCHOOL.match(name) if category == "partner" and name.endswith(OWN_SCHOOLS) else None
        if founder is not None:
            if name[founder.end() :] in OWN_SCHOOLS or name[founder.end() :].startswith(("各", "等")):
                return []  # 県立高等学校: a kind of school
            full = (own.body.prefecture + name[1:]) if founder.group() in _SHORT_PREFECTURE else name
            rule = f"{rule}; a school another body runs ({founder.group()})"
            return [Span(start, end, rank, "partner", full, kind, rule=rule, evidence=self._form(form, "owner"))]
        if category == "partner":
            if k in LOCAL_STOP or own.is_itself(name) or own.is_organ(name) or name.endswith(OWN_SCHOOLS):
                return [Span(start, end, rank, "stop", name, rule="the own municipality or one of its organs")]
            citizens = own.kind_char + "民"
            if (name.startswith(citizens) or name.endswith(citizens + "会議")) and not is_generic(
                name, VOCABULARY["partner"]
            ):  # 〇〇市民会議: its citizens' council
                full = own.complete(name) if own.prefix(name) else own.body.name + name
                rule = f"{rule}; {own.body.name}'s citizens' body"
                return [Span(start, end, rank, "partner", full, kind, rule=rule, evidence=self._form(form, "owner"))]
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
                        evidence=self._form(form, "owner"),
                    )
                ]
            if is_generic(name, VOCABULARY["partner"]) or (
                kind == "national-agency" and not _AGENCY.fullmatch(name) and name.endswith(("省", "庁"))
            ):
                return []
            span = Span(start, end, rank, "partner", _written_out(name), kind, rule=rule)
            return [self._graded(span, norm, form, owner=self._place_first(name))]
        if category == "law" and (
            _LAW_HEAD.sub("", name) in _GENERIC_WORDS or _KATAKANA_LAW.fullmatch(name) or name[0].isdigit()
        ):
            return []  # 支援法, センター条例: a fragment of a longer title; コミュニケーション法, 2日法: methods
        if category == "event":
            return self._event(name, start, end, rule, rank, norm, form)
        if is_generic(name, VOCABULARY[category]) and not (category == "plan" and _bare_plan(name) in OWN_PLAN_TYPES):
            return []
        if category == "plan" and (name.startswith("個別") or name.endswith(GENERIC_PLAN_ENDINGS)):
            return []  # 個別支援計画, 避難確保計画, 介護予防サービス計画: one per person or facility
        if category == "plan" and _bare_plan(name) in OWN_PLAN_TYPES and self._kind_of_plan(norm, start, end):
            return []
        if self._other_owner(norm, start, name):
            before = self._owner_before(norm, start)
            prefecture = self._prefectures(norm, start, name) if before else ""
            if prefecture:  # 県の地域防災計画 in a 埼玉県 town's list: 埼玉県地域防災計画
                ordinal = _ORDINAL.match(name)
                i = ordinal.end() if ordinal else 0
                canonical, why = name[:i] + prefecture + name[i:], f"{prefecture}'s, named without its name"
                span = Span(start, end, rank, category, canonical, rule=f"{rule}; {why}", owner=self._pref_code())
                return [self._graded(span, norm, form, name=name)]
            if before and norm[start - 2] != "国" and not self._place_first(name.lstrip("第0123456789次期")):
                return []  # 都の地域防災計画 in a 埼玉県 list: whose, the text does not say
            span = Span(start, end, rank, category, name, rule=f"{rule}; another body's")
            return [self._graded(span, norm, form, owner=not before)]
        if category == "law" and (not name.endswith(("条例", "規則")) or name.endswith(("施行規則", "施行細則"))):
            return [self._graded(Span(start, end, rank, category, name, rule=rule), norm, form)]
        named = bool(own.prefix(name) or self._reading_in(name))
        if named:
            canonical, why = own.complete(name), f"{own.body.name}'s own"
        elif category == "plan" and _AS_A_KIND.match(norm, end):
            return []  # …をまちづくり方針としている: what something is, not a document
        else:
            canonical, why = own.own_name(name), f"{own.body.name}'s own, named without its name"
        span = Span(start, end, rank, category, canonical, rule=f"{rule}; {why}", owner=code)
        return [self._graded(span, norm, form, owner=named, name=name)]

    @staticmethod
    def _form(form: str, head_class: str) -> str:
        return head_class if form == "head" else form

    def _graded(self, span: Span, norm: str, form: str, *, owner: bool = False, name: str = "") -> Span:
        """The span with its confidence class: how it was found, or for a head-word name what its words are."""
        if form != "head":
            return replace(span, evidence=form)
        evidence, why = of_head_name(span.category, name or span.name, norm, span.start, owner=owner)
        return replace(span, evidence=evidence, rule=f"{span.rule}; {evidence}: {why}" if why else span.rule)

    def _event(self, name: str, start: int, end: int, rule: str, rank: int, norm: str, form: str) -> list[Span]:
        """An event's span, unless its name is a kind (スポーツ大会), a prize of an office or a length of time; the
        municipality's citizens' festival (区民まつり, 市民文化祭) is one event."""
        citizens = self.f.own.kind_char + "民"
        if name.startswith(citizens) and name[len(citizens) :] in _HEADS:
            rule = f"{rule}; {self.f.own.body.name}'s citizens' event"
            return [Span(start, end, rank, "event", name, rule=rule, evidence=self._form(form, "owner"))]
        if is_generic(name, VOCABULARY["event"]) or _DURATION.fullmatch(name):
            return []
        if name.endswith(_TITLE_PRIZES):
            return []  # 区長賞, 会長賞: a prize given by an office, not a named one
        return [self._graded(Span(start, end, rank, "event", name, rule=rule), norm, form)]

    def _kind_of_plan(self, norm: str, start: int, end: int) -> bool:
        """総合計画である…, 総合計画等, 〇〇計画の実施計画: a main plan's name used for the kind of plan."""
        if PLAN_KIND_AFTER.match(norm, end):
            return True
        return norm[start - 1 : start] == "の" and norm.endswith(_PLAN_HEADS, 0, start - 1)

    def _reading_in(self, name: str) -> bool:
        """Whether the name starts with a municipality's name in hiragana (しながわ健康プラン21)."""
        return name.startswith(self.f.readings)

    @staticmethod
    def _owner_before(norm: str, start: int) -> bool:
        """国の〇〇計画, 県が〇〇: another body named before the name, not in it."""
        return norm[max(0, start - 2) : start] in _OTHER_OWNER_BEFORE

    def _prefectures(self, norm: str, start: int, name: str) -> str:
        """The list's prefecture when 県の/都の/府の/道の stands before a plan or ordinance that names no place: in a
        municipality's list 県 is its own prefecture."""
        body = self.f.own.body
        ordinal = _ORDINAL.match(name)
        bare = name[ordinal.end() :] if ordinal else name
        if body.kind == "prefecture" or self._place_first(bare) or norm[start - 2] == "国":
            return ""
        return body.prefecture if body.prefecture.endswith(norm[start - 2]) else ""

    def _pref_code(self) -> str:
        """The 団体コード of the list's prefecture."""
        found = gazetteer().by_code(self.f.own.body.prefecture_code + "000")
        return found.code if found else ""

    def _place_first(self, name: str) -> bool:
        """Whether a name starts with another local government's name (上尾市…, 埼玉県…)."""
        index, own = self.f.places.index, self.f.own.body.code
        for length in range(2, min(9, len(name))):
            bodies = index.get(name[:length])
            if bodies and name[length - 1] in "都道府県市区町村" and all(b.code != own for b in bodies):
                return name[length : length + 1] not in _A_PLACE_AFTER  # 大井町駅…: a station, not the town
        return False

    def _other_owner(self, norm: str, start: int, name: str) -> bool:
        """Whether a name is another body's: it starts with another body's name (a prefecture, another
        municipality), follows 国の …, or names another local government as a word inside it
        (特別区における東京都の事務処理の特例に関する条例)."""
        if self._owner_before(norm, start):
            return True
        own = self.f.own
        if own.prefix(name):
            return False
        if self._place_first(name):
            return True
        if not any(c in name for c in "都道府県市区町村"):
            return False
        return any(p.body.code != own.body.code for p in self.f.places.find(name, own.body))


def _bare_plan(name: str) -> str:
    """A plan's name without its ordinal: 第2期総合戦略 → 総合戦略."""
    return _ORDINAL.sub("", name)


def _written_out(name: str) -> str:
    """A body's name with its short forms written out: 東京都国保連合会 → 東京都国民健康保険団体連合会."""
    for short, full in SHORT_FORMS:
        if name.endswith(short):
            return name[: -len(short)] + full
    return name
