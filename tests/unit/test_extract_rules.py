"""The extraction rules, one table per error class of issue #12, on sentences written for these tests.

Each case: the list's municipality (団体コード), a text, the (category, canonical) pairs that must be found, and
names that must not be (as canonical name, under any category). Fixtures are made up; none is a corpus row.
"""

from __future__ import annotations

import functools

import pytest

from jkg import resources
from jkg.etl.extract import Extractor, Mention
from jkg.etl.registry import load_entities
from jkg.municipalities import gazetteer

KITAMOTO, SHINAGAWA, TSUKUBA, SAITAMA = "112330", "131091", "082201", "111007"


@functools.cache
def extractor(code: str) -> Extractor:
    body = gazetteer().by_code(code)
    assert body is not None
    return Extractor(load_entities(resources.registry_dir() / "entities.toml"), body)


def found(code: str, text: str) -> list[Mention]:
    return [m for m in extractor(code).mentions("overview", text, 2024) if m.category != "date"]


Case = tuple[str, str, set[tuple[str, str]], set[str]]


def check(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    mentions = found(code, text)
    got = {(m.category, m.canonical) for m in mentions}
    assert wanted <= got, f"missing {wanted - got}; found {sorted(got)}"
    assert not {name for _c, name in got} & unwanted, f"found {sorted(got)}"
    for m in mentions:  # every span is verbatim
        assert text[m.start : m.end] == m.surface


OWN_BODY: list[Case] = [
    (KITAMOTO, "北本市と上尾市が連携し、本市の事業として実施する。", {("partner", "上尾市")}, {"北本市", "本市", "市"}),
    (
        KITAMOTO,
        "北本市教育委員会、北本市役所、市立図書館、北本市都市計画審議会が所管する。",
        set(),
        {"北本市", "北本市教育委員会"},
    ),
    (KITAMOTO, "事務局は北本市青少年問題協議会と北本市防災会議に置く。", set(), {"北本市青少年問題協議会", "北本市"}),
    (
        KITAMOTO,
        "北本市社会福祉協議会、北本市商工会、市スポーツ協会に補助し、社協と連携する。",
        {("partner", "北本市社会福祉協議会"), ("partner", "北本市商工会"), ("partner", "北本市スポーツ協会")},
        {"北本市", "市スポーツ協会"},
    ),
    (
        SHINAGAWA,
        "区と品川区医師会、港区が協力し、区立図書館で実施する。",
        {("partner", "品川区医師会"), ("partner", "港区")},
        {"品川区", "区"},
    ),
    (TSUKUBA, "つくば市未来構想等推進本部で協議した。", set(), {"つくば市", "つくば市未来構想"}),
    (SAITAMA, "さいたま市浦和区と大宮区の区役所で受け付ける。", set(), {"浦和区", "大宮区", "さいたま市"}),
]

ENUMERATIONS: list[Case] = [
    (
        KITAMOTO,
        "上尾市・桶川市・伊奈町の２市１町で構成する。",
        {("partner", "上尾市"), ("partner", "桶川市"), ("partner", "伊奈町")},
        set(),
    ),
    (
        SHINAGAWA,
        "千代田・中央・港区の清掃事務所と調整する。",
        {("partner", "千代田区"), ("partner", "中央区"), ("partner", "港区")},
        {"千代田", "中央"},
    ),
    (
        KITAMOTO,
        "構成市町（上尾市、桶川市、北本市）が負担する。",
        {("partner", "上尾市"), ("partner", "桶川市")},
        {"北本市", "構成市町"},
    ),
    (
        KITAMOTO,
        "上尾市・桶川市・北本市地域公共交通協議会に参加する。",
        {("partner", "上尾市・桶川市・北本市地域公共交通協議会")},
        {"上尾市", "桶川市", "北本市地域公共交通協議会"},
    ),
]

PDF_ARTEFACTS: list[Case] = [
    (
        KITAMOTO,
        "公益財団法 人日本ボランティア協会に委託する。",
        {("partner", "公益財団法人日本ボランティア協会")},
        {"財団法"},
    ),
    (KITAMOTO, "大会は埼玉県スポ ーツ協会が主催する。", {("partner", "埼玉県スポーツ協会")}, {"ーツ協会", "埼玉県"}),
    (
        KITAMOTO,
        "児童福祉\n法に基づき、東京\n都後期高齢者医療広域連合へ納付する。",
        {("law", "児童福祉法"), ("partner", "東京都後期高齢者医療広域連合")},
        {"都後期高齢者医療広域連合"},
    ),
    (
        KITAMOTO,
        "施設の維持管理\n北本市社会福祉協議会への委託\n上尾市\n桶川市",
        {("partner", "北本市社会福祉協議会"), ("partner", "上尾市"), ("partner", "桶川市")},
        {"維持管理北本市社会福祉協議会"},
    ),
    # a paragraph wrapped at a fixed width, as a PDF's text is: the line before the break is full
    (
        KITAMOTO,
        "本事業では見守り活動を支援するため、桶川北本伊\n奈地区医師会と協定を結び、研修会を年に二回開く。\n以上。",
        {("partner", "桶川北本伊奈地区医師会")},
        {"奈地区医師会"},
    ),
    # a list of items of similar length is not wrapped text: each line stays its own
    (
        KITAMOTO,
        "①後期高齢者医療広域連合共通経費負担金\n②後期高齢者医療広域連合療養給付費負担金",
        set(),
        {"後期高齢者医療広域連合共通経費負担金後期高齢者医療広域連合"},
    ),
]

PREFIXES: list[Case] = [
    (KITAMOTO, "埼玉県央広域事務組合に負担金を支出する。", {("partner", "埼玉県央広域事務組合")}, {"埼玉県"}),
    (KITAMOTO, "埼玉県民の日に、埼玉県内の大学と埼玉県中央地区医療圏で協議する。", set(), {"埼玉県"}),
    (KITAMOTO, "埼玉県後期高齢者医療広域連合へ納付する。", {("partner", "埼玉県後期高齢者医療広域連合")}, {"埼玉県"}),
    (KITAMOTO, "山梨県早川町と交流する。", {("partner", "早川町")}, {"山梨県"}),
    (SHINAGAWA, "大井町駅周辺の整備を進める。", set(), {"大井町"}),
    (KITAMOTO, "東京都市大学と研究する。", set(), {"東京都"}),
]

HEADS: list[Case] = [
    (
        KITAMOTO,
        "北本中央病院、ＰＬ病院、北足立歯科医師会、桶川北本伊奈地区医師会、上尾市社会福祉協議会と連携する。",
        {
            ("partner", "北本中央病院"),
            ("partner", "PL病院"),
            ("partner", "北足立歯科医師会"),
            ("partner", "桶川北本伊奈地区医師会"),
            ("partner", "上尾市社会福祉協議会"),
        },
        {"上尾市", "医師会"},
    ),
    (
        KITAMOTO,
        "ポートランド市、ジュネーヴ市、フランス・リヨン市と交流する。",
        {("partner", "ポートランド市"), ("partner", "ジュネーヴ市"), ("partner", "リヨン市")},
        {"フランス・リヨン市"},
    ),
    (
        KITAMOTO,
        "国交省、文科省、厚労省の補助を受け、鴻巣警察署と協議する。",
        {("partner", "国土交通省"), ("partner", "文部科学省"), ("partner", "厚生労働省"), ("partner", "鴻巣警察署")},
        set(),
    ),
]

LAWS: list[Case] = [
    (
        KITAMOTO,
        "再犯防止推進法、障害者総合支援法及び番号法に基づく。",
        {
            ("law", "再犯の防止等の推進に関する法律"),
            ("law", "障害者の日常生活及び社会生活を総合的に支援するための法律"),
            ("law", "行政手続における特定の個人を識別するための番号の利用等に関する法律"),
        },
        set(),
    ),
    (KITAMOTO, "財団法 人による手法と方法、治療法。", set(), {"財団法", "手法", "方法", "治療法"}),
    (
        KITAMOTO,
        "個人情報の保護に関する法律と北本市情報公開条例による。",
        {("law", "個人情報の保護に関する法律"), ("law", "北本市情報公開条例")},
        {"北本市情報公開条例と個人情報の保護に関する法律"},
    ),
    (
        KITAMOTO,
        "地方税法、北本市税条例及び自治基本条例による。",
        {("law", "地方税法"), ("law", "北本市税条例"), ("law", "北本市自治基本条例")},
        set(),
    ),
    (
        KITAMOTO,
        "都市計画法第77条の2と国土利用計画法施行令による。",
        {("law", "都市計画法"), ("law", "国土利用計画法施行令")},
        {"国土利用計画", "国土利用計画法"},
    ),
    (
        KITAMOTO,
        "市の附属機関の設置及び運営に関する基準を定める条例による。",
        {("law", "北本市附属機関の設置及び運営に関する基準を定める条例")},
        set(),
    ),
]

PLANS: list[Case] = [
    (
        KITAMOTO,
        "第五次総合振興計画に基づき、総合振興計画と第2期総合戦略を推進する。",
        {("plan", "第五次北本市総合振興計画"), ("plan", "北本市総合振興計画"), ("plan", "第2期北本市総合戦略")},
        set(),
    ),
    (
        SHINAGAWA,
        "実施計画に掲げ、しながわ健康プラン21を改定する。",
        {("plan", "品川区実施計画"), ("plan", "しながわ健康プラン21")},
        set(),
    ),
    (
        KITAMOTO,
        "当該計画、全体計画、上位計画、次期計画、事業計画を見直す。",
        set(),
        {"北本市当該計画", "北本市全体計画", "当該計画", "全体計画", "北本市次期計画"},
    ),
    (KITAMOTO, "次期総合振興計画を策定する。", set(), {"北本市総合振興計画"}),
    (
        KITAMOTO,
        "埼玉県地域防災計画と整合させる。",
        {("plan", "埼玉県地域防災計画")},
        {"北本市埼玉県地域防災計画", "埼玉県"},
    ),
    (KITAMOTO, "管理計画の実施計画として、適正配置計画編を作る。", set(), {"北本市実施計画", "北本市適正配置計画"}),
    (KITAMOTO, "「北本市非核平和都市宣言」の趣旨に即して", {("plan", "北本市非核平和都市宣言")}, set()),
]

EVENTS: list[Case] = [
    (
        KITAMOTO,
        "北本まつり、ごみ減量市民大会、毎日１万歩運動、人権の花運動、全国交通安全週間に参加する。",
        {
            ("event", "北本まつり"),
            ("event", "ごみ減量市民大会"),
            ("event", "毎日1万歩運動"),
            ("event", "人権の花運動"),
            ("event", "全国交通安全週間"),
        },
        set(),
    ),
    (KITAMOTO, "大阪・関西万博に出展する。", {("event", "2025年日本国際博覧会")}, {"関西万博"}),
    (KITAMOTO, "スポーツ大会、各種大会、大学公開講座を開く。", set(), {"スポーツ大会", "各種大会", "大学公開講座"}),
    (KITAMOTO, "北本市市民文化祭実行委員会に委託する。", set(), {"北本市市民文化祭"}),
    (TSUKUBA, "ワークショップ「つくばデータソン」を開催した。", {("event", "つくばデータソン")}, set()),
]


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), OWN_BODY)
def test_own_municipality_is_never_a_partner(
    code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]
) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), ENUMERATIONS)
def test_enumerations_name_each_body(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PDF_ARTEFACTS)
def test_names_broken_by_pdf_artefacts(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PREFIXES)
def test_prefixes_are_not_names(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), HEADS)
def test_heads_of_bodies(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), LAWS)
def test_laws(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), PLANS)
def test_plans(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


@pytest.mark.parametrize(("code", "text", "wanted", "unwanted"), EVENTS)
def test_events(code: str, text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    check(code, text, wanted, unwanted)


def test_local_governments_carry_their_code() -> None:
    (ageo,) = [m for m in found(KITAMOTO, "上尾市と協議する。") if m.category == "partner"]
    assert ageo.entity is not None and ageo.entity.identifier == "112194"
    assert ageo.entity.type == "local-government"
    (minato,) = [m for m in found(SHINAGAWA, "東京都港区と協議する。") if m.category == "partner"]
    assert minato.surface == "東京都港区" and minato.entity is not None and minato.entity.identifier == "131032"


def test_ambiguous_names_need_their_prefecture() -> None:
    """府中市 is in 東京都 and 広島県: named bare in a 埼玉県 list, it is not linked; with its prefecture it is."""
    assert not [m for m in found(KITAMOTO, "府中市と協議する。") if m.category == "partner"]
    (fuchu,) = [m for m in found(KITAMOTO, "広島県府中市と協議する。") if m.category == "partner"]
    assert fuchu.entity is not None and fuchu.entity.identifier == "342084"
    (tokyo_fuchu,) = [m for m in found("132063", "府中市と協議する。") if m.category == "partner"] or [None]
    assert tokyo_fuchu is None  # its own list: the municipality itself


def test_law_number_is_kept_whole_and_identifies_the_law() -> None:
    text = "再犯の防止等の推進に関する法律（平成28年法律第104号）に基づき、令和5年法律第99号による。"
    mentions = extractor(KITAMOTO).mentions("overview", text, 2024)
    laws = [m for m in mentions if m.category == "law"]
    assert [(m.surface, m.entity.identifier if m.entity else "") for m in laws] == [
        ("再犯の防止等の推進に関する法律", "平成28年法律第104号"),
        ("令和5年法律第99号", "令和5年法律第99号"),
    ]
    assert not [m for m in mentions if m.category == "date" and "平成28年" in m.surface]
    (alone,) = [m for m in found(KITAMOTO, "平成28年法律第104号の趣旨") if m.category == "law"]
    assert alone.canonical == "再犯の防止等の推進に関する法律"


def test_own_plans_are_one_resource_per_municipality() -> None:
    def plan(code: str) -> Mention:
        (m,) = [m for m in found(code, "総合振興計画を推進する。") if m.category == "plan"]
        return m

    kitamoto, ageo = plan(KITAMOTO), plan("112194")
    assert (kitamoto.canonical, ageo.canonical) == ("北本市総合振興計画", "上尾市総合振興計画")
    assert kitamoto.entity is not None and ageo.entity is not None
    assert kitamoto.entity.municipality == KITAMOTO and kitamoto.entity.slug != ageo.entity.slug
    assert plan(KITAMOTO).entity == kitamoto.entity


def test_every_mention_names_its_rule() -> None:
    text = "上尾市、国交省、北本市商工会、第2期総合戦略、地方税法、平成28年法律第104号"
    rules = {m.canonical: m.rule for m in found(KITAMOTO, text)}
    assert rules["上尾市"].startswith("gazetteer 112194")
    assert rules["国土交通省"] == "registry [[partner]] 国土交通省"
    assert "a body of its own" in rules["北本市商工会"]
    assert "named without its name" in rules["第2期北本市総合戦略"]
    assert rules["地方税法"] == "law head 法"
    assert rules["再犯の防止等の推進に関する法律"] == "e-Gov 法令番号"
    classes = {m.canonical: m.evidence for m in found(KITAMOTO, text)}
    assert classes == {
        "上尾市": "gazetteer",
        "国土交通省": "registry",
        "北本市商工会": "owner",
        "第2期北本市総合戦略": "kind",
        "地方税法": "title",
        "再犯の防止等の推進に関する法律": "law-number",
    }


def test_a_body_keeps_its_legal_form_through_the_list() -> None:
    """Named once with its legal form, a body keeps that name in the later rows that omit it; both are one
    resource either way (its slug ignores the legal form)."""
    ex = Extractor(load_entities(resources.registry_dir() / "entities.toml"), gazetteer().resolve("北本市"))
    first = ex.mentions("overview", "一般社団法人北足立歯科医師会に委託する。", 2024)
    later = ex.mentions("overview", "北足立歯科医師会と協議する。", 2024)
    assert first[0].entity is not None and later[0].entity is not None
    assert first[0].entity.slug == later[0].entity.slug
    from jkg.etl.extract import _merge_legal_forms

    named: dict[str, Mention] = {}
    _merge_legal_forms(first, named)
    (merged,) = _merge_legal_forms(later, named)
    assert merged.canonical == "一般社団法人北足立歯科医師会" and merged.surface == "北足立歯科医師会"


def test_citizens_councils_are_the_municipalitys() -> None:
    check(
        KITAMOTO,
        "ごみ減量等推進市民会議を開く。",
        {("partner", "北本市ごみ減量等推進市民会議")},
        {"ごみ減量等推進市民会議"},
    )
    check(SHINAGAWA, "区民会議に諮る。", set(), {"品川区区民会議"})  # a kind alone


def test_one_extractor_serves_every_municipality() -> None:
    ex = extractor(KITAMOTO)
    other = ex.of(gazetteer().resolve("埼玉県鴻巣市"))
    assert other is ex.of(gazetteer().resolve("112178")) and other.municipality.code == "112178"
    assert ex.of(ex.municipality) is ex
    assert {m.canonical for m in other.mentions("overview", "北本市と鴻巣市社会福祉協議会", 2024)} == {
        "北本市",
        "鴻巣市社会福祉協議会",
    }
