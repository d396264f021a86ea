"""The words and patterns extraction looks for, as data: heads of names (legal forms, body, plan, law and event
kind-words), generic words, joiners inside names, the action-plan note. All on NFKC text; the engine is extract.py.

Nothing here is copied from a list's rows: these are the words Japanese administrative text uses for kinds of
things (協議会, 医師会, 病院, 計画, 条例, まつり …) and for nothing in particular (事業, 計画, 地域 …).
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

# Hiragana words that occur inside names of bodies, plans and events (まちづくり協議会, まち・ひと・しごと創生総合戦略).
HIRAGANA_WORDS = tuple(
    sorted(
        (
            "まち・ひと・しごと まちづくり づくり まちなみ ふれあい いきいき すこやか ささえあい きずな かがやき "
            "みんな げんき わくわく のびのび にぎわい やすらぎ ほほえみ こども ふるさと みどり くらし すまい "
            "ごみ たばこ がん さくら 明るい"
        ).split(),
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
    "連絡会 連盟 コンソーシアム パートナーズ アカデミー 組織委員会 都市共同体 商工会議所 商工会 青年会議所 "
    "協同組合 組合 "
    "医師会 歯科医師会 薬剤師会 獣医師会 柔道整復師会 福祉会 校長会 振興会 保存会 後援会 共済会 市民会議 "
    "土地改良区 事業団 機構 学苑 支部 支会",
    "foundation": "財団",
    "company": "株式会社 銀行 信用金庫 信用組合 生活協同組合",
    "": "病院 診療所 医療センター メディカルセンター クリニック 警察署 消防署 消防本部 交番 保健所",
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
STATUTORY_OWN = ("青少年問題協議会", "防災会議", "国民保護協議会", "学校運営協議会", "要保護児童対策地域協議会")

PLAN_HEADS = (
    "基本計画 実施計画 実行計画 推進計画 行動計画 整備計画 事業計画 計画 基本構想 構想 基本方針 方針 マスタープラン "
    "アクションプラン プラン ビジョン 総合戦略 戦略 宣言 指針 大綱 グランドデザイン"
).split()
# The names of a municipality's own main plans: named bare, they are the list's municipality's (総合計画 …).
OWN_PLAN_TYPES = frozenset("総合計画 実施計画 総合戦略 総合振興計画 前期基本計画 後期基本計画".split())
LAW_HEADS = "法律 法 条例 規則 施行令 施行規則 施行細則 政令 省令 府令 憲法".split()
EVENT_HEADS = (
    "全国大会 競技大会 大会 まつり 祭り 祭 フェスティバル フェスタ マラソン 駅伝 ウォーク 運動 週間 月間 集い つどい "
    "芸術展 美術展 作品展 展覧会 博覧会 万博 音楽祭 演奏会 コンサート 選手権 奨励賞 賞 チャレンジ ハッカソン "
    "コンテスト シンポジウム フォーラム 講座"
).split()
# Words a name after which a kind-word is something else: 法人 is not a law, 省エネ not a ministry.
NOT_A_HEAD_AFTER = {
    "法": "人令則律務的定規廷案曹",
    "省": "エネ略力庁",
    "庁": "内舎",
    "大学": "院生等",
    "計画": "書案的編",
    "戦略": "総的部室課会",
    "運動": "会器機能量場公教指部",
    "大会": "議",
    "祭": "日典",
    "賞": "品味与状",
    "組合": "員",
    "財団": "法",
    "センター": "長",
}
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

# ---------------------------------------------------------------- generic words

# Words that make up names but are never a name on their own: a name made only of these (and its head) is a kind
# of thing (交通安全協会, 地域防災計画 as a kind, スポーツ大会), not one thing.
GENERIC_PARTS = tuple(
    sorted(
        set(
            (
                "事業 実施 次期 新 各 本 当 同 全 他 計画 整備 推進 基本 実行 総合 地域 再生 各種 年度 当初 予算 個別 "
                "具体 行動 戦略 中期 長期 短期 策定 管理 運営 市 国 県 都 道 府 区 町 村 全国 国内 海外 市内 県内 庁内 "
                "優秀 最優秀 大 行政 改革 方針 政策 施策 研究 開発 等 共同 協働 連携 関係 支援 活動 団体 会員 交流 "
                "情報 システム 市民 区民 町民 村民 住民 職員 首長 特別 一般 上記 下記 対応 緊急事態 ハイレベル 国際 "
                "交通 安全 交通安全 防犯 防災 観光 商工 社会 福祉 社会福祉 医療 保険 健康 保健 介護 高齢者 後期 前期 "
                "障害者 障がい者 児童 青少年 子ども 子育て 教育 学校 文化 芸術 体育 スポーツ 産業 農業 環境 清掃 衛生 "
                "人権 男女 平等 参画 国民 保護 問題 対策 連絡 調整 育成 振興 普及 啓発 促進 地区 自治 町会 自治会 "
                "民間 企業 事業者 大学 研究機関 病院 医師 歯科 薬剤師 獣医師 柔道整復師 校長 PTA 老人 女性 消費者 "
                "生活 安心 公共 施設 都市 まちづくり こども 上位 下位 関連 既存 現行 該当 当該 全体 年間 将来 "
                "第 期 次 春季 秋季 夏季 冬季 各地区 各地域 近隣 周辺 広域 公益 一般社団 関係機関 協力 "
                "人材 シルバー 民生委員 児童委員 地域包括 居宅 ケア 相談 看護 准看護 専門 会 の"
                # the heads themselves: a name is more than its kind
                " 賞 計画 プラン 構想 方針 宣言 指針 大綱 ビジョン 大会 講座 フォーラム チャレンジ セミナー 法律 法 "
                "条例 規則 協議会 協会 機構 委員会 大学 研究所 連合会 連絡会 組合 医師会 商工会 センター 運動 週間 "
                "月間 まつり 祭り 祭 集い 広域連合 事業団 財団 マスタープラン アクションプラン 戦略"
            ).split()
        ),
        key=len,
        reverse=True,
    )
)
# What a plan, law or event name may hold and still be no particular one (次期計画, 同法, スポーツ大会): the
# qualifiers of structure and time; a plan type's own words (地域防災計画) make it a particular one.
PLAN_GENERIC_PARTS = tuple(
    "上位 下位 前期 後期 次期 新 本 当該 全体 年間 個別 事業 各 同 関連 関係 既存 現行 該当 中期 長期 短期 基本 実施 "
    "実行 推進 整備 行動 具体 将来 当初 年次 単年度 当 各種 この その 同様 対応 取組 運用 検討 基本的 今後 "
    "計画 プラン 構想 方針 戦略 指針 大綱 "
    "ビジョン 宣言 マスタープラン アクションプラン 第 期 次 0 1 2 3 4 5 6 7 8 9 一 二 三 四 五 六 七 八 九 十".split()
)
LAW_GENERIC_PARTS = tuple(
    "同 本 当該 関係 関連 上記 各 当 新 旧 改正 現行 根拠 個別 基本 特別 一般 関係法 法令 法律 法 条例 規則 "
    "施行令 施行規則 施行細則 政令 省令 府令".split()
)
EVENT_GENERIC_PARTS = tuple(
    "スポーツ 体育 各種 地域 地区 市民 区民 町民 村民 住民 春季 秋季 夏季 冬季 年間 定例 各 同 本 当 全体 合同 大 "
    "新 記念 イベント 交流 親善 地元 地域の 各地区 全国 県 市 区 町 村 優秀 最優秀 ハイレベル 特別 表彰 "
    "大学 公開 希望 共催 主催 後援 出前 定期 環境 美化 "
    "大会 まつり 祭り 祭 フェスティバル フェスタ マラソン 駅伝 ウォーク 運動 週間 月間 集い つどい 展 講座 "
    "フォーラム シンポジウム コンテスト 賞 チャレンジ".split()
)
# Names that are generic as a whole although made of a non-generic word (都市計画 is a field, not a plan).
GENERIC_NAMES = frozenset(
    "葬祭 祭典 祭祀 都市計画 地区計画 事業計画 年間計画 実施計画 個別計画 個別避難計画 避難行動要支援者個別計画 "
    "ケアプラン 支援計画 指導計画 保育計画 介護計画 避難計画 訓練計画 研修計画 調査計画 工事計画 作業計画 資金計画 "
    "利用計画 サービス等利用計画 "
    "緊急事態宣言 居宅介護サービス計画 建築計画 活用プラン 活用方針 予算編成方針 上位計画 下位計画 関連計画 基本方針 "
    "国土利用計画 労働関係法 会計法規 関係法令 法令 関係法 スポーツ大会 各種大会 運動会 体育祭 国際交流".split()
)
# Leading words that are not part of the name after them (次期計画 → 計画; 市内の大学 → 大学).
LEADING_GENERIC = re.compile(
    r"^(?:次期|各種|国の|市の|県の|区の|都の|市内|県内|区内|国内|海外|全国の|毎年|毎月|例年|同|各|旧|新|・)+"
)
# 〇賞 that is a verb or a word, not a prize (鑑賞, 受賞, 入賞).
NOT_A_PRIZE = frozenset("鑑賞 受賞 入賞 授賞 観賞 激賞 懸賞 褒賞 恩賞 副賞".split())
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
