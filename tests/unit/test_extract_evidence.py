"""Confidence classes and the gates on them (etl/evidence.py, etl/proper.py), one table per class of change, on
sentences written for these tests (none is a corpus row; the bodies and plans are made up).

Each case: the list's municipality (団体コード), a text, the (category, canonical) pairs that must be found with
their confidence class, and names that must not be linked (as canonical name, under any category).
"""

from __future__ import annotations

import pytest

from jkg.etl.evidence import WITHHELD, modifier, plan_kind
from jkg.etl.proper import noun_before, proper_part, unknown_part
from tests.unit.test_extract_rules import KITAMOTO, SHINAGAWA, found

Case = tuple[str, str, dict[tuple[str, str], str], set[str]]


def check(code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]) -> None:
    mentions = found(code, text)
    got = {(m.category, m.canonical): m.evidence for m in mentions}
    for item, evidence in wanted.items():
        assert item in got, f"missing {item}; found {sorted(got)}"
        assert got[item] == evidence, f"{item}: {got[item]}, not {evidence}"
    assert not {name for _c, name in got} & unwanted, f"found {sorted(got)}"
    for m in mentions:
        assert m.evidence, m  # every mention says on what evidence it is linked
        assert m.evidence not in WITHHELD or m.category == "event", m


# A head word after common words only describes a kind of thing: not linked.
COMMON_WORDS: list[Case] = [
    (KITAMOTO, "防犯灯整備協議会を設け、街路樹管理組合と協議する。", {}, {"防犯灯整備協議会", "街路樹管理組合"}),
    (KITAMOTO, "庁舎改修計画の見直しと広報戦略の策定を行う。", {}, {"北本市庁舎改修計画", "北本市広報戦略"}),
    (SHINAGAWA, "駐輪場運営方針に沿い、窓口案内プランを作る。", {}, {"品川区駐輪場運営方針", "品川区窓口案内プラン"}),
    # the same heads after a proper noun, a body's name, or in 「」 are linked
    (
        KITAMOTO,
        "熊谷防犯灯整備協議会と、上尾市街路樹管理組合に負担金を支出する。",
        {("partner", "熊谷防犯灯整備協議会"): "proper", ("partner", "上尾市街路樹管理組合"): "owner"},
        set(),
    ),
    (
        KITAMOTO,
        "北本市庁舎改修計画と「庁舎案内プラン」に基づく。",
        {("plan", "北本市庁舎改修計画"): "owner", ("plan", "北本市庁舎案内プラン"): "quoted"},
        set(),
    ),
]

# A proper noun of the dictionary, a definite set of bodies or an acronym before the head is evidence.
PROPER_PARTS: list[Case] = [
    (
        SHINAGAWA,
        "中山道景観協議会、特別区保健協議会、城南三区河川連絡会、ＪＡ農業協議会と連携する。",
        {
            ("partner", "中山道景観協議会"): "proper",
            ("partner", "特別区保健協議会"): "proper",
            ("partner", "城南三区河川連絡会"): "proper",
            ("partner", "JA農業協議会"): "proper",
        },
        set(),
    ),
    (
        SHINAGAWA,
        "戸越駅周辺まちなみビジョンを策定する。",
        {("plan", "品川区戸越駅周辺まちなみビジョン"): "proper"},
        set(),
    ),
]

# The kinds of plan municipalities make by law are its own when named bare; other plans of common words are not.
PLAN_KINDS: list[Case] = [
    (
        KITAMOTO,
        "地域防災計画と第9期介護保険事業計画、まちづくりマスタープランを改定する。",
        {
            ("plan", "北本市地域防災計画"): "kind",
            ("plan", "第9期北本市介護保険事業計画"): "kind",
            ("plan", "北本市まちづくりマスタープラン"): "kind",
        },
        set(),
    ),
    (
        SHINAGAWA,
        "第3次総合計画後期基本計画を推進する。",
        {("plan", "第3次品川区総合計画後期基本計画"): "kind"},
        set(),
    ),
    # an edition of a plan of common words: whose it is, the text does not say
    (
        SHINAGAWA,
        "第4次道路舗装整備計画に沿って補修する。",
        {},
        {"第4次品川区道路舗装整備計画", "第4次道路舗装整備計画"},
    ),
]

# A name whose run of characters stopped at a hiragana noun is the tail of a longer word: not linked.
FRAGMENTS: list[Case] = [
    (KITAMOTO, "ひまわり子育て協議会に補助する。", {}, {"子育て協議会"}),
    (KITAMOTO, "ふりがな表記法の研修を行う。", {}, {"表記法"}),
    # a verb or particle before it is no part of it
    (
        KITAMOTO,
        "市と連携して熊谷子育て協議会を開く。",
        {("partner", "熊谷子育て協議会"): "proper"},
        {"連携して熊谷子育て協議会"},
    ),
]

# Events are named with common words (食育月間, 産業まつり): only their fragments are withheld.
EVENTS: list[Case] = [
    (
        KITAMOTO,
        "花いっぱい運動と防犯月間に合わせ、市民ふれあいまつりを開く。",
        {("event", "防犯月間"): "common"},
        set(),
    ),
]


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), COMMON_WORDS)
def test_a_head_after_common_words_only_is_not_linked(
    code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PROPER_PARTS)
def test_a_proper_part_before_the_head_is_evidence(
    code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PLAN_KINDS)
def test_statutory_kinds_of_plan_are_the_municipalitys_own(
    code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), FRAGMENTS)
def test_the_tail_of_a_longer_word_is_not_linked(
    code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), EVENTS)
def test_events_of_common_words_stay_linked(
    code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(
    ("text", "proper", "unknown"),
    [
        ("中山道まちなみ景観", "中山道", ""),
        ("戸越公園駅周辺", "戸越公園駅", ""),
        ("防犯灯整備", "", ""),
        ("介護予防", "", ""),
        ("令和6年度税制改正", "", ""),  # an era name is no proper part
        ("", "", ""),
    ],
)
def test_proper_and_unknown_parts(text: str, proper: str, unknown: str) -> None:
    assert proper_part(text) == proper
    assert unknown_part(text) == unknown


@pytest.mark.parametrize(
    ("text", "start", "noun"),
    [
        ("ひまわり子育て協議会", 4, "ひまわり"),  # a hiragana noun runs into it
        ("連携して推進協議会", 4, ""),  # a verb's ending does not
        ("市の総合計画", 2, ""),  # nor a particle
        ("北本市総合計画", 3, ""),  # a kanji before it is no hiragana word
        ("総合計画", 0, ""),
    ],
)
def test_noun_before(text: str, start: int, noun: str) -> None:
    assert noun_before(text, start) == noun


@pytest.mark.parametrize(
    ("name", "bare", "kind"),
    [
        ("第9期介護保険事業計画", "介護保険", "介護保険事業計画"),
        ("地域防災計画", "地域防災", "地域防災計画"),
        ("第五次総合振興計画後期基本計画", "総合振興計画後期", "総合振興計画"),
        ("庁舎改修計画", "庁舎改修", ""),
        ("健康プラン21", "健康", ""),
    ],
)
def test_modifier_and_plan_kind(name: str, bare: str, kind: str) -> None:
    assert modifier(name) == bare
    assert plan_kind(name) == kind
