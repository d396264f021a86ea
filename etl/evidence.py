"""How strongly the text shows that a found name names one thing: its confidence class, and what is linked.

A wrong link in published Linked Data is worse than a missing one, so a name is linked only on evidence that does
not come from the rows the rules were developed on: the registry, the gazetteer, e-Gov law numbers, legal forms,
quotation marks, a body's name at its start, a proper noun of a general dictionary (etl/proper.py), the kinds of
plan municipalities make by law. A head word after common words alone (根絶協議会, 庁舎計画, 広報戦略) describes a
kind of thing and is not linked; nor is the tail of a longer compound (いじめ|根絶協議会).

Classes, strongest first (`jkg extract --explain` prints each mention's):
"""

from __future__ import annotations

import re

from jkg.etl.generic import SPECIFIC_WORDS
from jkg.etl.lexicon import HEAD_WORDS, OWN_PLAN_TYPES
from jkg.etl.plankinds import MUNICIPAL_PLAN_KINDS
from jkg.etl.proper import noun_before, proper_part, unknown_part

CLASSES: dict[str, str] = {
    "registry": "a name of the curated registry (entities.toml)",
    "gazetteer": "a prefecture or municipality of the bundled 団体コード table",
    "law-number": "an e-Gov 法令番号 written in the text",
    "legal-basis": "an item of the legal-basis column (根拠法令): a law or ordinance by the column's meaning",
    "legal-form": "a legal form before or after the name (株式会社…, NPO法人…, …(株))",
    "quoted": "a name in 「」 that ends in a head word, or next to an event word",
    "owner": "a head word after a body's name: the list's municipality (its name, reading or 市/区), another one",
    "proper": "a head word after a proper noun of the dictionary (a place, an organisation, a person)",
    "unknown": "a head word after a word no dictionary knows (a coined name: マギーズ)",
    "kind": "a kind of plan municipalities make by law, named bare: the list's municipality's own",
    "edition": "a plan's ordinal or edition (第2期…, …2030) after common words",
    "title": "a law's title: 〇〇法, 〇〇に関する条例 (laws are named with common words)",
    "described": "an association named by what it does (〇〇を守る会) or a gathering by what it is about",
    "foreign-city": "a katakana name before 市 or 州 (a city abroad)",
    "common": "a head word after common words only (根絶協議会, 庁舎計画): a kind of thing, not linked",
    "fragment": "the tail of a longer word (いじめ|根絶協議会): not linked",
}
# What is not linked, per category. An event is named with common words far more often than a body or a plan
# (食育月間, 障害者週間, 産業まつり): for events only fragments are withheld.
WITHHELD = frozenset({"common", "fragment", "edition"})
WITHHELD_EVENTS = frozenset({"fragment"})
__doc__ += "\n".join(f"* `{k}`: {v}" for k, v in CLASSES.items())

_ORDINAL = re.compile(r"^第[0-9〇一二三四五六七八九十]+(?:次|期)|[0-9]{1,4}$|\([^()]*\)$")
_HEAD_AT_END = re.compile("(?:" + "|".join(re.escape(h) for h in HEAD_WORDS) + ")$")
# Members counted before a joint body's head (城南五区…協議会, 3市町…組合): the body of those members
_COUNTED_MEMBERS = re.compile(
    "(?<![0-9〇一二三四五六七八九十])[0-9二三四五六七八九十]+(?:区|市|市町|市町村|町村|町)(?![民内])"
)
_JOINT_HEADS = ("組合", "企業団")  # the heads of joint bodies (一部事務組合), not 広域連合 (often named by its kind)
_ACRONYM = re.compile("(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_MAIN_PLAN_PART = re.compile("|".join(sorted(OWN_PLAN_TYPES, key=len, reverse=True)))


def modifier(name: str) -> str:
    """What stands before a name's head word (its ordinal, edition and head removed): 根絶 of 根絶協議会."""
    bare = name
    for _ in range(3):
        bare = _ORDINAL.sub("", bare)
    return _HEAD_AT_END.sub("", bare)


def plan_kind(name: str) -> str:
    """The kind of plan a name is when it is one of the kinds municipalities make by law, or a part of the main
    plan (総合振興計画後期基本計画), else ""."""
    bare = name
    for _ in range(3):
        bare = _ORDINAL.sub("", bare)
    if bare in MUNICIPAL_PLAN_KINDS:
        return bare
    main = _MAIN_PLAN_PART.match(bare)
    return main.group() if main and bare[main.end() :] in MUNICIPAL_PLAN_KINDS else ""


def _specific(name: str) -> str:
    """A word of common nouns that names definite bodies (特別区, 城南五区), or an acronym (PL, JA): proper
    evidence all the same."""
    word = next((w for w in SPECIFIC_WORDS if w in name), "")
    counted = _COUNTED_MEMBERS.search(name)
    acronym = _ACRONYM.search(name)
    return word or (counted.group() if counted else "") or (acronym.group() if acronym else "")


def of_head_name(category: str, name: str, norm: str, start: int, *, owner: bool) -> tuple[str, str]:
    """The class of a name a head word found (and why): `owner` when it starts with a body's name."""
    before = noun_before(norm, start)
    if before:
        return "fragment", f"the tail of a word after {before}"
    if owner:
        return "owner", ""
    if category == "law":
        return "title", ""
    rest = modifier(name)
    proper = proper_part(name) if rest else ""
    if proper:
        return "proper", f"proper noun {proper}"
    specific = _specific(rest) or next((w for w in SPECIFIC_WORDS if w in name), "")  # 特別区|長会
    if category == "partner" and "広域" in rest and rest != "広域" and name.endswith(_JOINT_HEADS):
        specific = "広域"  # 臨海部広域斎場組合: a joint body of several municipalities is one body
    if specific:
        return "proper", f"a name of definite bodies {specific}"
    if category == "plan" and plan_kind(name):
        kind = plan_kind(name)
        return "kind", f"the kind of plan {kind} ({MUNICIPAL_PLAN_KINDS[kind]})"
    unknown = unknown_part(rest)
    if unknown:
        return "unknown", f"a word no dictionary knows, {unknown}"
    if category == "plan" and _ORDINAL.search(name) and rest:
        return "edition", "an edition of a plan of common words, whose owner the text does not say"
    return "common", "only common words before its head"
