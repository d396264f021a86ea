"""How far a name runs and what its words make it, one table per class of fix, on sentences written for these
tests (none is a corpus row; the bodies, plans and events are made up where they could be mistaken for data).

Each case: the list's municipality (団体コード), a text, the (category, canonical) pairs that must be found, and
names that must not be (as canonical name, under any category).
"""

from __future__ import annotations

import pytest

from jkg.etl.extract import row_mentions
from jkg.etl.read import Row
from jkg.municipalities import gazetteer
from tests.unit.test_extract_rules import KITAMOTO, SHINAGAWA, Case, check, extractor

# okurigana and the words that hold hiragana: the name runs over them
KANA_INSIDE: list[Case] = [
    (
        SHINAGAWA,
        "品川区空き家等対策計画に基づき指導する。",
        {("plan", "品川区空き家等対策計画")},
        {"品川区家等対策計画"},
    ),
    (KITAMOTO, "高齢者輪投げ大会を開く。", {("event", "高齢者輪投げ大会")}, {"投げ大会"}),
    (
        KITAMOTO,
        "県の秩父出会いサポートセンター運営協議会に負担金を支出する。",
        {("partner", "秩父出会いサポートセンター運営協議会")},
        {"サポートセンター運営協議会"},
    ),
    (SHINAGAWA, "ゆうゆうプラザまつりを開く。", {("event", "ゆうゆうプラザまつり")}, {"プラザまつり"}),
    (
        SHINAGAWA,
        "品川区家庭あんしんセンター条例第9条に基づく。子ども・子育て支援法による。",
        {("law", "品川区家庭あんしんセンター条例"), ("law", "子ども・子育て支援法")},
        {"子育て支援法", "品川区センター条例"},
    ),
    # a verb's okurigana is no part of a name
    (KITAMOTO, "研修を行い協議会で報告し、連携して推進協議会を開く。", set(), {"行い協議会", "連携して推進協議会"}),
]

# 「・」 between two words of kanji: one name, unless what follows it is a name or a kind of its own
JOINED_NAMES: list[Case] = [
    (
        SHINAGAWA,
        "東西三区道路・公園連絡協議会に分担金を支出する。",
        {("partner", "東西三区道路・公園連絡協議会")},
        {"公園連絡協議会"},
    ),
    (KITAMOTO, "全国福祉・教育研究大会に参加する。", {("event", "全国福祉・教育研究大会")}, {"教育研究大会"}),
    (
        KITAMOTO,
        "消防・警察・社協と連携し、総務省・経済産業省に報告する。",
        {("partner", "北本市社会福祉協議会"), ("partner", "総務省"), ("partner", "経済産業省")},
        {"消防・警察・社会福祉協議会", "総務省・経済産業省"},
    ),
    (
        KITAMOTO,
        "固定資産税・都市計画税の賦課、市民・法律相談を行う。",
        set(),
        {"北本市固定資産税・都市計画", "市民・法律"},
    ),
    (SHINAGAWA, "会議室利用・介護予防事業・健康塾の提供。", set(), {"会議室利用・介護予防事業・健康塾", "健康塾"}),
    (
        SHINAGAWA,
        "相談支援事業・障害者総合支援法第77条による。",
        {("law", "障害者の日常生活及び社会生活を総合的に支援するための法律")},
        {"相談支援事業・障害者総合支援法"},
    ),
]

# schools: another body's school is a partner; the municipality's own (区立, its name, a bare 小学校) never
SCHOOLS: list[Case] = [
    (
        SHINAGAWA,
        "東西中華学校等外国人学校に通う児童と、区立第一小学校、山中小学校、しながわ防災学校の児童。",
        {("partner", "東西中華学校")},
        {"東西中華学校等外国人学校", "外国人学校", "山中小学校", "区立第一小学校", "しながわ防災学校"},
    ),
    (KITAMOTO, "テニス・学校プールを開放する。", set(), {"テニス・学校"}),
]

# heads of bodies found on real text of other cities: 士会, 楽団, 公社; and what is no head there
BODY_HEADS: list[Case] = [
    (
        SHINAGAWA,
        "南北税理士会大井支部、品川区民管弦楽団、品川区土地開発公社と協力する。",
        {("partner", "南北税理士会大井支部"), ("partner", "品川区民管弦楽団"), ("partner", "品川区土地開発公社")},
        set(),
    ),
    (
        KITAMOTO,
        "心身障害者福祉会館の運営、公園運動施設の整備、各連盟助成費、要介護者病院内介助。",
        set(),
        {"心身障害者福祉会", "公園運動", "連盟", "要介護者病院"},
    ),
    (
        KITAMOTO,
        "社会福祉法人認可の事務。株式会社東西銀行及び株式会社南北旅行と協定を結ぶ。",
        {("partner", "株式会社東西銀行"), ("partner", "株式会社南北旅行")},
        {"社会福祉法人認可", "株式会社東西銀行及"},
    ),
    (
        SHINAGAWA,
        "難病対策地域協議会と居住支援協議会を開く。特定行政庁が許可する。",
        set(),
        {"難病対策地域協議会", "特定行政庁"},
    ),
]

GATHERINGS: list[Case] = [
    (SHINAGAWA, "式典（二十歳の集い）を実施する。", {("event", "二十歳の集い")}, {"集い"}),
    (
        KITAMOTO,
        "・人権を守る市民の集いを開催\n①平和を考える集い、障害者週間記念のつどい",
        {("event", "人権を守る市民の集い"), ("event", "平和を考える集い"), ("event", "障害者週間記念のつどい")},
        {"市民の集い", "記念のつどい"},
    ),
    (KITAMOTO, "文化のつどい運営委員会に委託する。", set(), {"文化のつどい"}),
]

EVENT_WORDS: list[Case] = [
    (SHINAGAWA, "区民まつりを開き、区民スポーツ大会を支援する。", {("event", "区民まつり")}, {"区民スポーツ大会"}),
    (
        KITAMOTO,
        "防災講座、歴史講座、「まちの先生講座」を開く。",
        {("event", "まちの先生講座")},
        {"防災講座", "歴史講座"},
    ),
    (KITAMOTO, "3カ月間にわたり支援し、音楽鑑賞教室と表彰受賞者を招く。", set(), {"3カ月間", "音楽鑑賞", "表彰受賞"}),
    (
        KITAMOTO,
        "動物愛護作文コンクールとうるおい塾、学習塾。",
        {("event", "動物愛護作文コンクール"), ("event", "うるおい塾")},
        {"学習塾"},
    ),
    (SHINAGAWA, "オリンピック・パラリンピックの機運を高める。", set(), {"オリンピック", "パラリンピック"}),
]

LAW_FORMS: list[Case] = [
    (
        SHINAGAWA,
        "コミュニケーション法を習得し、検査（2日法）を行い、債権管理に関する法律相談を委託する。",
        set(),
        {"コミュニケーション法", "2日法", "債権管理に関する法律"},
    ),
    (KITAMOTO, "改正児童福祉法において、税法改正に対応する。", {("law", "児童福祉法")}, {"改正児童福祉法", "税法"}),
    (
        SHINAGAWA,
        "特別区における東京都の事務の特例に関する条例に基づく。",
        {("law", "特別区における東京都の事務の特例に関する条例")},
        {"品川区特別区における東京都の事務の特例に関する条例"},
    ),
    (
        SHINAGAWA,
        "裁判員法と感染症法に基づく。",
        {
            ("law", "裁判員の参加する刑事裁判に関する法律"),
            ("law", "感染症の予防及び感染症の患者に対する医療に関する法律"),
        },
        set(),
    ),
]

GENERIC_PLANS = "予算計画 介護予防サービス計画 避難確保計画 特定事業計画 拡幅計画 管理計画 経営戦略 支援方針".split()
PLAN_FORMS: list[Case] = [
    (SHINAGAWA, "区では長期基本計画において掲げる。", {("plan", "品川区長期基本計画")}, set()),
    (
        KITAMOTO,
        "区の総合計画等の策定、総合計画である景観計画、現行の第五次総合振興計画。",
        {("plan", "第五次北本市総合振興計画"), ("plan", "北本市景観計画")},
        {"北本市総合計画"},
    ),
    (
        SHINAGAWA,
        "しながわ健康プラン21＜第二次＞と「しながわ食育プラン（第三次）」に基づく。",
        {
            ("plan", "しながわ健康プラン21(第二次)"),
            ("plan", "しながわ食育プラン(第三次)"),
        },
        {"しながわ健康プラン21"},
    ),
    (
        SHINAGAWA,
        "予算計画、介護予防サービス計画、避難確保計画、特定事業計画、拡幅計画、管理計画、経営戦略、支援方針。",
        set(),
        {f"品川区{p}" for p in GENERIC_PLANS},
    ),
    (KITAMOTO, "障害福祉計画等推進委員会を設置する。", set(), {"北本市障害福祉計画"}),
]


# where a local government is named without being a partner, and bodies named by what they do or in brackets
PLACES_AND_BODIES: list[Case] = [
    (
        SHINAGAWA,
        "保養所の東西荘（伊東市）と南北荘（日光市）、東京都後期高齢者医療制度の被保険者、東京都と連携する。",
        {("partner", "東京都")},
        {"伊東市", "日光市"},
    ),
    (
        SHINAGAWA,
        "組織区5区（品川、港、目黒）の負担金で運営する。",
        {("partner", "港区"), ("partner", "目黒区")},
        {"品川区"},
    ),
    (
        KITAMOTO,
        "内容：子どもたちの通学路を守る会、特定非営利活動法人北本市手をつなぐ親の会、会議の機会を深める機会。",
        {
            ("partner", "子どもたちの通学路を守る会"),
            ("partner", "特定非営利活動法人北本市手をつなぐ親の会"),
        },
        {"特定非営利活動法人北本市手", "会議の機会を深める機会"},
    ),
    (
        KITAMOTO,
        "事業者：NPO法人「東西の家－みんなのへや」、社会福祉協議会に委託し、3消防少年団と関係官庁に報告する。",
        {("partner", "特定非営利活動法人東西の家-みんなのへや"), ("partner", "北本市社会福祉協議会")},
        {"3消防少年団", "関係官庁", "社会福祉協議会"},
    ),
    (
        SHINAGAWA,
        "特別区協議会と商店街振興組合、夏季林間学校。",
        {("partner", "特別区協議会")},
        {"商店街振興組合", "夏季林間学校"},
    ),
]

# heads that are part of another word, also when a longer head ends in them
OTHER_WORDS: list[Case] = [
    (KITAMOTO, "NPO法人の活動を支援し、振り仮名法制化に対応する。", set(), {"特定非営利活動促進法", "仮名法"}),
    (
        SHINAGAWA,
        "実施計画機能を持つシステム、庁舎計画費、SDGs宣言制度、開発をまちづくり方針としている。",
        set(),
        {"品川区実施計画", "品川区庁舎計画", "品川区SDGs宣言", "品川区まちづくり方針"},
    ),
]


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PLACES_AND_BODIES)
def test_places_and_bodies(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), OTHER_WORDS)
def test_heads_inside_other_words(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), KANA_INSIDE)
def test_names_run_over_kana_they_hold(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), JOINED_NAMES)
def test_a_middle_dot_between_kanji(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), SCHOOLS)
def test_schools_of_others_are_partners(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), BODY_HEADS)
def test_heads_of_bodies_and_what_is_none(
    code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), GATHERINGS)
def test_gatherings_are_named_by_what_they_are_about(
    code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), EVENT_WORDS)
def test_event_words(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), LAW_FORMS)
def test_what_is_a_law(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PLAN_FORMS)
def test_what_is_a_plan(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


def _row(code: str, name: str, overview: str) -> Row:
    body = gazetteer().by_code(code)
    assert body is not None
    return Row("list.csv", 2, "list.csv", body, 2024, "1", None, name, "総務部", (("総務部",),), overview=overview)


def test_a_row_resolves_a_town_it_names_in_full_elsewhere() -> None:
    """早川町 alone in a 東京都 list is a town of another prefecture; the row's overview names 山梨県早川町."""
    mentions = row_mentions(extractor(SHINAGAWA), _row(SHINAGAWA, "早川町との交流", "山梨県早川町と協定を結ぶ。"))
    towns = [(m.field, m.entity.identifier) for m in mentions if m.category == "partner" and m.entity]
    assert ("name", "193640") in towns and ("overview", "193640") in towns
    alone = row_mentions(extractor(SHINAGAWA), _row(SHINAGAWA, "早川町との交流", "協定を結ぶ。"))
    assert not [m for m in alone if m.category == "partner"]


def test_an_event_the_row_names_with_the_municipalitys_name_is_that_one() -> None:
    row = _row(KITAMOTO, "市民文化祭事業", "北本市市民文化祭実行委員会に委託し、市民文化祭を開く。")
    events = {(m.field, m.canonical) for m in row_mentions(extractor(KITAMOTO), row) if m.category == "event"}
    assert events == {("name", "北本市市民文化祭"), ("overview", "北本市市民文化祭")}


def test_an_event_of_common_words_the_row_names_in_full_is_that_one() -> None:
    """芸術祭 after 品川区民芸術祭 refers back to it by its kind; without the full name it stays as written."""
    row = _row(SHINAGAWA, "文化振興事業", "品川区民芸術祭を開く。芸術祭では作品を展示する。")
    events = {m.canonical for m in row_mentions(extractor(SHINAGAWA), row) if m.category == "event"}
    assert events == {"品川区民芸術祭"}
    alone = _row(SHINAGAWA, "文化振興事業", "芸術祭では作品を展示する。")
    assert {m.canonical for m in row_mentions(extractor(SHINAGAWA), alone) if m.category == "event"} == {"芸術祭"}
