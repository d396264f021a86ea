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
    (
        KITAMOTO,
        "人口ビジョンを改訂し、第三次国土利用計画を策定する。",
        {("plan", "北本市人口ビジョン"): "kind", ("plan", "第三次北本市国土利用計画"): "kind"},
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


# 県の/都の before a plan or ordinance that names no place: in a municipality's list, its own prefecture's.
PREFECTURES: list[Case] = [
    (
        KITAMOTO,
        "県の地域防災計画と整合を図り、県の環境基本条例に基づき実施する。",
        {("plan", "埼玉県地域防災計画"): "kind", ("law", "埼玉県環境基本条例"): "title"},
        {"地域防災計画", "北本市地域防災計画"},
    ),
    (SHINAGAWA, "都の第2次地域防災計画に沿う。", {("plan", "第2次東京都地域防災計画"): "kind"}, set()),
    # a town's name before 駅 is a station's: the plan is the list's own (大井町 is also a town in 神奈川県)
    (
        SHINAGAWA,
        "大井町駅周辺地域まちづくり方針に基づき整備する。",
        {("plan", "品川区大井町駅周辺地域まちづくり方針"): "proper"},
        {"大井町駅周辺地域まちづくり方針"},
    ),
    # another prefecture's word than the list's: whose plan it is, the text does not say
    (KITAMOTO, "都の地域防災計画を参考にする。", {}, {"地域防災計画", "東京都地域防災計画", "北本市地域防災計画"}),
]

# Names of kinds of bodies and of schools, and what tells one body apart.
BODIES: list[Case] = [
    (KITAMOTO, "地区社協と校区社協の活動を支援する。", {}, {"地区社会福祉協議会", "校区社会福祉協議会"}),
    (KITAMOTO, "鴻巣市社協と連携する。", {("partner", "鴻巣市社会福祉協議会"): "owner"}, set()),
    (
        KITAMOTO,
        "県立北本高等学校、県立高等学校と連携する。",
        {("partner", "埼玉県立北本高等学校"): "owner"},
        {"埼玉県立高等学校", "県立高等学校"},
    ),
    (SHINAGAWA, "特別区長会に要望する。", {("partner", "特別区長会"): "proper"}, set()),
    # a joint body of several municipalities (広域…組合) is one body; a shopping street's association is a body
    (
        SHINAGAWA,
        "湾岸広域火葬組合と大崎商店会に負担金を支出する。後期高齢者医療広域連合と連携する。",
        {("partner", "湾岸広域火葬組合"): "proper", ("partner", "大崎商店会"): "proper"},
        {"後期高齢者医療広域連合"},
    ),
    # a シルバー人材センター is a body of its own, never an organ; a statutory council is the municipality's organ
    (
        KITAMOTO,
        "市シルバー人材センターに委託し、北本市いじめ問題対策連絡協議会を開く。",
        {("partner", "北本市シルバー人材センター"): "owner"},
        {"北本市いじめ問題対策連絡協議会"},
    ),
    # a 〇の〇 name cut after its の is no name (水の|里ふれあい協議会)
    (KITAMOTO, "水の里ふれあい協議会に補助する。", {}, {"里ふれあい協議会"}),
]

# A law's kind without its subject is no law (特別措置法, 特措法); a word made with a law's name is none (刑法犯).
LAWS: list[Case] = [
    (
        KITAMOTO,
        "特別措置法と特措法に基づき、大規模地震対策特別措置法に沿う。刑法犯認知件数を見る。",
        {("law", "大規模地震対策特別措置法"): "title"},
        {"特別措置法", "特措法", "刑法"},
    ),
    # 新 that is part of a word (新型) stays; 新 as "new" before a plan's name is the next plan
    (
        KITAMOTO,
        "新型インフルエンザ等対策特別措置法に基づき、新総合計画を策定する。",
        {("law", "新型インフルエンザ等対策特別措置法"): "title"},
        {"型インフルエンザ等対策特別措置法", "北本市総合計画"},
    ),
]

# Campaigns named by what they do.
CAMPAIGNS: list[Case] = [
    (
        KITAMOTO,
        "社会を明るくする運動と、女性に対する暴力をなくす運動期間に啓発する。",
        {("event", "社会を明るくする運動"): "described", ("event", "女性に対する暴力をなくす運動"): "described"},
        set(),
    ),
    (KITAMOTO, "市民に交通ルールを守る運動を呼びかける。", {}, {"市民に交通ルールを守る運動", "交通ルールを守る運動"}),
]


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PREFECTURES + BODIES + LAWS + CAMPAIGNS)
def test_prefectures_bodies_and_campaigns(
    code: str, text: str, wanted: dict[tuple[str, str], str], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


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
        ("彩北広域清掃", "", ""),  # one character (北) names nothing
        ("国さいたま人づくり", "", ""),  # nor two of hiragana a cut left (国さい|たま)
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
        ("水の里ふれあい協議会", 2, "水の"),  # 〇の〇: cut after its の
        ("国の第5次計画", 2, ""),  # an ordinal is no word of one kanji
        ("県の子ども計画", 2, ""),
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
