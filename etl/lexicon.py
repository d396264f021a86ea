"""The words and patterns extraction looks for, as data: heads of names (legal forms, body, plan, law and event
kind-words), the words with kana that names hold, joiners inside names, the action-plan note. All on NFKC text; the
engine is extract.py, the words for nothing in particular are in generic.py.

Nothing here is copied from a list's rows: these are the words Japanese administrative text uses for kinds of
things (協議会, 医師会, 病院, 計画, 条例, まつり …) and the words names are made of (まちづくり, 空き家, 子ども …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TEXT_FIELDS = ("name", "purpose", "overview", "results")
CATEGORIES = ("partner", "plan", "law", "event", "date", "action_plan_item")

_DIGITS = "0-9０-９"
# ※行政改革アクションプラン「73つくば市OB人材活動支援事業」該当 — one note may list several 「…」.
ACTION_PLAN_NOTE = re.compile(r"行政改革アクションプラン\s*((?:「[^」]+」\s*[、,，・及びと]*\s*)+)該当")
ACTION_PLAN_ITEM = re.compile(rf"「\s*(?P<num>[{_DIGITS}]+)\s*(?P<label>[^」]*)」")

# ---------------------------------------------------------------- characters

KANJI = "一-龥々〆ヵヶ"
KATAKANA = "ァ-ヴー"
NAME_CHARS = frozenset(
    [chr(c) for c in range(0x4E00, 0x9FA6)]
    + list("々〆ヵヶー&")
    + [chr(c) for c in range(0x30A1, 0x30F5)]
    + list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
)
# Characters that never start a word: a name broken before one of them is one name (スポ|ーツ協会).
NON_INITIAL = frozenset("ーァィゥェォッャュョヮヵヶ々ぁぃぅぇぉっゃゅょゎ")

# Words of kanji and okurigana that occur inside names (空き家等対策計画, 輪投げ大会, 出会いサポートセンター): the
# name runs over them; each is listed as far as its last kana.
OKURIGANA = (
    "空き 出会い 見守り 支え合い 助け合い 話し合い 触れ合い ふれ合い 学び合い 取り組み 取組み 子育て 輪投げ "
    "読み聞かせ 暮らし 住まい 生きがい 引きこもり 貸し出し 受け入れ 立ち寄り 見える 届け出 買い物 食べ物 "
    "落とし物 乗り物 付き添い 寄り添い 建て替え 生け花 街なみ 町なみ 憩い 思いやり 気づき 預かり 手づくり 学び 遊び"
).split()
# Hiragana words that occur inside names of bodies, plans and events (まちづくり協議会, まち・ひと・しごと創生総合戦略).
HIRAGANA_WORDS = tuple(
    sorted(
        (
            "まち・ひと・しごと まちづくり づくり まちなみ ふれあい いきいき すこやか ささえあい きずな かがやき "
            "みんな げんき わくわく のびのび にぎわい やすらぎ ほほえみ こども ふるさと みどり くらし すまい "
            "ごみ たばこ がん さくら 明るい あんしん うるおい いけばな 子ども 障がい いじめ"
        ).split()
        + OKURIGANA,
        key=len,
        reverse=True,
    )
)
# Municipalities that write their name in hiragana (the list's own municipality is added from its reading).
HIRAGANA_PLACES = ("つくばみらい", "つくば", "いばらき", "ひたちなか", "かすみがうら", "さいたま", "いわき", "むつ")

# ---------------------------------------------------------------- legal forms

LEGAL_FORMS = {
    "株式会社": "company",
    "有限会社": "company",
    "合同会社": "company",
    "合資会社": "company",
    "一般社団法人": "council-or-association",
    "公益社団法人": "council-or-association",
    "一般財団法人": "foundation",
    "公益財団法人": "foundation",
    "国立研究開発法人": "university-or-research-institute",
    "国立大学法人": "university-or-research-institute",
    "公立大学法人": "university-or-research-institute",
    "学校法人": "university-or-research-institute",
    "独立行政法人": "national-agency",
    "地方独立行政法人": "local-government",
    "社会福祉法人": "council-or-association",
    "医療法人社団": "",
    "医療法人財団": "",
    "医療法人": "",
    "特定非営利活動法人": "council-or-association",
    "NPO法人": "council-or-association",
    "宗教法人": "",
    "農事組合法人": "company",
}
# Short legal forms written in brackets: (一社)…, (株)…; NPO法人 is the common name of 特定非営利活動法人.
ABBREVIATED_FORMS = {
    "一社": "一般社団法人",
    "一財": "一般財団法人",
    "公社": "公益社団法人",
    "公財": "公益財団法人",
    "社福": "社会福祉法人",
    "株": "株式会社",
    "有": "有限会社",
    "独": "独立行政法人",
    "国研": "国立研究開発法人",
    "福": "社会福祉法人",
    "特非": "特定非営利活動法人",
    "医": "医療法人",
    "学": "学校法人",
}
FORMAL_LEGAL_FORM = {"NPO法人": "特定非営利活動法人"}
# What follows a legal form without being a name (社会福祉法人認可, 学校法人会計): the form as a kind.
NOT_A_NAME_AFTER_FORM = frozenset("認可 監査 指導 設立 制度 会計 運営 登記 指導監査 認可申請 格 化 等".split())

# ---------------------------------------------------------------- heads: the kind-word a name ends in

# partner heads → partner type ("" = a partner body of no narrower type: hospitals, police stations)
PARTNER_HEADS = {
    "national-agency": "省 庁 運輸局 地方整備局 財務局 経済産業局 農政局 厚生局 総合通信局 法務局 労働局 税関 "
    "労働基準監督署 公共職業安定所 年金事務所 税務署 検察庁 地方裁判所 家庭裁判所 簡易裁判所 地方検察庁 "
    "森林管理署 森林管理局 気象台 管区気象台",
    "local-government": "広域連合 一部事務組合 事務組合 企業団 衛生組合 清掃組合 環境保全組合 環境資源組合 公平委員会",
    "university-or-research-institute": "大学院大学 大学校 大学 短期大学 高等専門学校 研究所 研究開発機構 研究機構 "
    "研究センター 研究院 看護学校 専門学校",
    "council-or-association": "協議会 連絡協議会 社会福祉協議会 社協 市長会 区長会 町村会 議長会 協会 連合会 "
    "連絡会 連盟 コンソーシアム パートナーズ 組織委員会 都市共同体 商工会議所 商工会 青年会議所 "
    "協同組合 組合 "
    "医師会 歯科医師会 薬剤師会 獣医師会 柔道整復師会 福祉会 校長会 振興会 保存会 後援会 共済会 市民会議 "
    "土地改良区 事業団 機構 学苑 支部 支会 士会 楽団 管弦楽団 吹奏楽団 合唱団 少年団 公社 商店会 商店街振興組合",
    "foundation": "財団",
    "company": "株式会社 銀行 信用金庫 信用組合 生活協同組合",
    "": "病院 診療所 医療センター メディカルセンター クリニック 警察署 消防署 消防本部 交番 保健所 学校 "
    "シルバー人材センター",  # 高年齢者雇用安定法: a 公益社団法人 of its own in each municipality, never an organ
}
# Heads that name the list's own municipality's organs, offices and facilities: never partners with its name.
INTERNAL_HEADS = tuple(
    (
        "審議会 委員会 審査会 推進本部 対策本部 本部 会議 幹事会 部会 懇談会 懇話会 検討会 研究会 庁議 消防団 議会 "
        "役所 市役所 区役所 町役場 村役場 役場 事務局 課 部 室 係 センター 館 園 校 学校 公民館 図書館 "
        "保育所 保育園 幼稚園 公園 地区 支所 出張所"
    ).split()
)
# Heads of committees and offices: a name inside one is not a mention of its own (つくば市未来構想 inside
# つくば市未来構想等推進本部, an event inside its 実行委員会).
COMMITTEE_HEADS = (
    "実行委員会 運営委員会 委員会 審議会 審査会 推進本部 対策本部 本部 推進会議 会議 幹事会 懇談会 懇話会 事務局"
).split()
# A council a municipality sets up under a statute (its own organ even without its name).
STATUTORY_OWN = (
    "青少年問題協議会",
    "防災会議",
    "国民保護協議会",
    "学校運営協議会",
    "要保護児童対策地域協議会",
    "難病対策地域協議会",
    "障害者差別解消支援地域協議会",
    "自立支援協議会",
    "居住支援協議会",
    "いじめ問題対策連絡協議会",  # いじめ防止対策推進法 art. 14, by the municipality's 条例
)
# Schools a municipality runs (or may run): named bare in its list, they are its own, never partners.
OWN_SCHOOLS = ("小学校", "中学校", "義務教育学校", "高等学校", "特別支援学校", "中等教育学校", "幼稚園", "保育園")

PLAN_HEADS = (
    "基本計画 実施計画 実行計画 推進計画 行動計画 整備計画 事業計画 計画 基本構想 構想 基本方針 方針 マスタープラン "
    "アクションプラン プラン ビジョン 総合戦略 戦略 宣言 指針 大綱 グランドデザイン"
).split()
# The names of a municipality's own main plans: named bare, they are the list's municipality's (総合計画 …).
OWN_PLAN_TYPES = frozenset("総合計画 実施計画 総合戦略 総合振興計画 前期基本計画 後期基本計画 長期基本計画".split())
# After one of those, what makes it the kind of plan rather than the municipality's (総合計画である…, 総合計画等).
PLAN_KIND_AFTER = re.compile("である|として|のような|等|などの|に位置")
LAW_HEADS = "法律 法 条例 規則 施行令 施行規則 施行細則 政令 省令 府令 憲法".split()
EVENT_HEADS = (
    "全国大会 競技大会 大会 まつり 祭り 祭 フェスティバル フェスタ マラソン 駅伝 ウォーク 運動 週間 月間 集い つどい "
    "芸術展 美術展 作品展 展覧会 博覧会 万博 音楽祭 演奏会 コンサート 選手権 奨励賞 賞 チャレンジ ハッカソン "
    "コンテスト シンポジウム フォーラム 講座 セミナー コンクール フェア 塾 ステージ"
).split()
# Event heads that name one event only inside 「」 (「〇〇講座」): bare, 〇〇講座 is a kind of course (防災講座).
QUOTED_EVENT_HEADS = frozenset("講座 セミナー".split())
# Words a name after which a kind-word is something else: 法人 is not a law, 省エネ not a ministry.
NOT_A_HEAD_AFTER = {
    "法": "人令則律務的定規廷案曹制犯",
    "省": "エネ略力庁",
    "庁": "内舎",
    "大学": "院生等",
    "計画": "書案的編費機制",
    "戦略": "総的部室課会",
    "運動": "会器機能量場公教指部施",
    "大会": "議",
    "宣言": "制",
    "祭": "日典",
    "賞": "品味与状",
    "組合": "員",
    "財団": "法",
    "センター": "長",
    "法律": "相家事",
    "病院": "長",
    "フェア": "トリウ",
    "塾": "生長",
    "学校": "長医区給プ",
    "楽団": "員",
}
# The same for every head ending in 会 (福祉会館, 協会員, 連合会長 …).
NOT_A_HEAD_AFTER_KAI = "館場員長議費計社期堂"
# 〇〇法 is a method, not a law, when the kanji before 法 is one of these (手法, 方法, 工法, 療法 …).
NOT_A_LAW_TAIL = "手方工用技司作製寸文話魔不違適算療農論戦導習解加減仏説"

# Joiners inside a long law title: 個人情報の保護に関する法律, 基準を定める条例, 設置、管理及び処分に関する条例.
LAW_JOINERS = tuple(
    sorted(
        "に関する を定める に係る のための ための における による に基づく の 及び 並びに 又は 若しくは "
        "等 ・ 、".split(),
        key=len,
        reverse=True,
    )
)
LAW_TITLE_MARKERS = ("に関する", "を定める", "に係る", "のための", "における")

# Short forms inside a body's name, written out in its canonical name (東京都国保連合会 → 東京都国民健康保険団体連合会).
SHORT_FORMS = (
    ("国保団体連合会", "国民健康保険団体連合会"),
    ("国保連合会", "国民健康保険団体連合会"),
    ("後期高齢者広域連合", "後期高齢者医療広域連合"),
)
# Short forms that are the list's own municipality or a generic reference, never a partner.
LOCAL_STOP = frozenset(
    "本市 当市 同市 各市 全市 他市 都市 市町村 区市町村 政令市 中核市 特例市 各区 町村 各町 市区 市区町村 "
    "同区 同町 同村 各県 全県 他県 本県 都道府県 東京 全区 本区 当区 本町 当町 本村 当村 近隣市町 構成市町 "
    "関係市町 県内市町村 特別区 全庁 本庁 県庁 都庁 道庁 府庁 市庁 区役所 市役所".split()
)
# 〇〇県/都/府/道 or 〇〇市/区/町/村 followed by one of these is another word (県民, 県央, 市内, 町会, 区画 …).
COMPOUND_AFTER_PREFECTURE = "民内外央産下立営道庁議政税費北南東西部域境全土心会債警選市中"
COMPOUND_AFTER_MUNICIPALITY = "民内外場政制議営役長立道債庁域部課境全税費街駅線通会丁画間分別切割"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first, so that a word is tried before any shorter one it begins with."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_Trie = dict[str, "_Trie"]  # a character → the rest of the words; "" → {}: a word ends here


def trie_alternation(words: list[str]) -> str:
    """A regex that matches what alternation(words) matches (at each position the longest of the words), written
    as a trie of their characters: a text is tried once per character instead of once per word that begins there
    (half the time of the registry's ~300 names)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: _Trie) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # longer first: the optional rest is greedy

    return pattern(trie)


# Every head and legal form, longest first: a name that ends in one is complete (「・」 or 等 after it starts another).
HEAD_WORDS = tuple(
    sorted(
        {w for words in PARTNER_HEADS.values() for w in words.split()}
        | set(PLAN_HEADS)
        | set(LAW_HEADS)
        | set(EVENT_HEADS)
        | set(LEGAL_FORMS)
        | set(INTERNAL_HEADS),
        key=len,
        reverse=True,
    )
)
PARTNER_HEAD_WORDS = tuple(
    sorted({w for words in PARTNER_HEADS.values() for w in words.split()}, key=len, reverse=True)
)
