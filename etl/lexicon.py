"""The words and patterns extraction looks for: legal forms, government and body suffixes, plan, law and event
kind-words, prefectures, generic words, the action-plan note. Pure data, on NFKC text; the engine is extract.py."""

from __future__ import annotations

import re

TEXT_FIELDS = ("name", "purpose", "overview", "results")
CATEGORIES = ("partner", "plan", "law", "event", "date", "action_plan_item")

_DIGITS = "0-9０-９"
# ※行政改革アクションプラン「73つくば市OB人材活動支援事業」該当 — one note may list several 「…」.
ACTION_PLAN_NOTE = re.compile(r"行政改革アクションプラン\s*((?:「[^」]+」\s*[、,，・及びと]*\s*)+)該当")
ACTION_PLAN_ITEM = re.compile(rf"「\s*(?P<num>[{_DIGITS}]+)\s*(?P<label>[^」]*)」")

# ---------------------------------------------------------------- general patterns (on NFKC text)

_KANJI = "一-龥々〆ヵヶ"
_KATA = "ァ-ヴー"
_NAME_CH = f"[{_KANJI}{_KATA}A-Za-z0-9・&]"
# Place names written in hiragana that start many body and plan names.
_HIRA_PLACE = "(?:つくばみらい|つくば|いばらき|ひたちなか|かすみがうら|さいたま|さくら|いわき|むつ|あきる野)"
_NAME = f"(?:{_HIRA_PLACE}|{_NAME_CH})+"

PREFECTURES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 神奈川県 新潟県 富山県 "
    "石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 "
    "岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
).split()
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
    "医療法人": "council-or-association",
    "特定非営利活動法人": "council-or-association",
    "NPO法人": "council-or-association",
}
ABBREVIATED_FORMS = {
    "一社": "一般社団法人",
    "一財": "一般財団法人",
    "公社": "公益社団法人",
    "公財": "公益財団法人",
    "株": "株式会社",
    "有": "有限会社",
    "独": "独立行政法人",
    "国研": "国立研究開発法人",
    "福": "社会福祉法人",
    "特非": "特定非営利活動法人",
}
_LEGAL_ALT = "|".join(sorted(LEGAL_FORMS, key=len, reverse=True))
_ABBR_ALT = "|".join(sorted(ABBREVIATED_FORMS, key=len, reverse=True))
_COUNCIL_SUFFIX = (
    "協議会|連絡協議会|市長会|町村会|議長会|協会|連合会|連絡会|連盟|機構|財団|コンソーシアム|パートナーズ|アカデミー|組織委員会|都市共同体|"
    "広域連合|一部事務組合|商工会議所|商工会|協同組合|組合"
)
_UNIV_SUFFIX = "大学院大学|大学校|大学|高等専門学校|研究所|研究開発機構|研究機構|研究センター|研究院"
_BUREAU_SUFFIX = "運輸局|地方整備局|財務局|経済産業局|農政局|厚生局|総合通信局|法務局|労働局|税関"

# Kanji that turn 〇〇市 into another word (市民, 市内, 市長, 市役所, 町内会…); 及び or 等 do not.
COMPOUND_AFTER_PLACE = "[民内外場政制議営役長立道債町村庁域部課境全区]"

PARTNER_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\((?P<abbr>{_ABBR_ALT})\)\s*(?P<name>{_NAME})"), "abbreviated"),
    # a name right after a legal form may start in hiragana (株式会社みらい創研)
    (re.compile(rf"(?P<form>{_LEGAL_ALT})\s*(?P<name>(?:[ぁ-ん]{{2,6}})?{_NAME})"), "legal-prefix"),
    (re.compile("(?P<name>内閣府|内閣官房)"), "national-agency"),
    (re.compile("(?P<name>" + "|".join(PREFECTURES) + ")"), "local-government"),
)
EVENT_PATTERNS = (
    re.compile(
        r"(?:ワークショップ|イベント|大会|講座|セミナー|フォーラム|コンテスト|ハッカソン|シンポジウム)\s*「(?P<name>[^」]{2,40})」"
    ),
    re.compile(
        r"「(?P<name>[^」]{2,40})」\s*(?:ワークショップ|イベント|大会|講座|セミナー|フォーラム|コンテスト|ハッカソン)"
    ),
)
# A name ending in a kind-word (協議会, 計画, 法, 大会…) starts where a run of name characters starts. Runs are
# found once; each rule looks for its suffix inside the run and takes the last one (as a greedy pattern would),
# which keeps matching linear instead of backtracking through every run for every pattern.
# What must come before each kind-word, from the start of the name (its run) to the kind-word.
BEFORE_KIND_WORD = {
    "ministry": re.compile(f"[{_KANJI}]{{1,6}}"),
    "agency": re.compile(f"[{_KANJI}]{{2,6}}|[{_KATA}]{{2,10}}"),
    "bureau": re.compile(f"[{_KANJI}]{{2,4}}"),
    "place": re.compile(f"(?P<kanji>[{_KANJI}]{{1,4}})|(?:[{_KATA}]{{2,8}}・)?(?P<name>[{_KATA}]{{2,12}})"),
    "sha": re.compile(f"[A-Za-z{_KATA}][A-Za-z0-9{_KATA}・]+"),
}
_NAME_CHARS = frozenset(
    [chr(c) for c in range(0x4E00, 0x9FA6)]
    + list("々〆ヵヶ・&ー")
    + [chr(c) for c in range(0x30A1, 0x30F5)]
    + list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
)
_HIRA_PLACES = tuple(sorted(_HIRA_PLACE.removeprefix("(?:").removesuffix(")").split("|"), key=len, reverse=True))


def name_start(norm: str, end: int) -> int:
    """Where the run of name characters (and hiragana place names) that ends at `end` starts."""
    i = end
    while True:
        while i > 0 and norm[i - 1] in _NAME_CHARS:
            i -= 1
        for word in _HIRA_PLACES:
            if i >= len(word) and norm.startswith(word, i - len(word)):
                i -= len(word)
                break
        else:
            return i


# One pattern for every kind-word; each named group says what a name ending in it is.
RUN_SUFFIXES = {
    "ministry": "省(?!エネ|略|力)",
    "agency": "庁(?![内舎])",
    "bureau": f"(?:{_BUREAU_SUFFIX})",
    # 〇〇市/区/町/村: kanji before it is a municipality at home, katakana a city abroad (フランス・グルノーブル市:
    # a country before 「・」 is not part of the city's name)
    "place": "(?:市|区|町|村|州)",
    "company": "株式会社|銀行",
    "sha": "社(?![会長員内外])",
    "university": f"(?:{_UNIV_SUFFIX})(?!等)",
    "council": f"(?:{_COUNCIL_SUFFIX})",
    "plan": "(?:基本計画|実行計画|推進計画|計画|構想|基本方針|方針|プラン|ビジョン|宣言|指針|大綱)(?![書案])",
    "law": "(?:法律|法|条例)(?![人令則律])",
    "event": "(?:全国大会|大会|フェスティバル|フォーラム|講座|奨励賞|賞|チャレンジ|ハッカソン|コンテスト|シンポジウム|"
    "博覧会|まつり|マラソン)",
}


def _first_chars(alternation: str) -> str:
    """The characters an alternation of plain words can start with (for a skip-ahead lookahead)."""
    words = re.sub(r"\(\?[!=][^)]*\)", "", alternation).replace("(?:", "").replace(")", "").split("|")
    return "".join(sorted({w[0] for w in words if w}))


RUN_SUFFIX = re.compile(
    "(?=["
    + "".join(sorted(set("".join(_first_chars(a) for a in RUN_SUFFIXES.values()))))
    + "])(?:"
    + "|".join(f"(?P<{group}>{alternation})" for group, alternation in RUN_SUFFIXES.items())
    + ")"
)
RUN_KINDS = {
    "ministry": ("partner", "national-agency"),
    "agency": ("partner", "national-agency"),
    "bureau": ("partner", "national-agency"),
    "place": ("partner", "local-government"),
    "company": ("partner", "company"),
    "sha": ("partner", "company"),
    "university": ("partner", "university-or-research-institute"),
    "council": ("partner", "council-or-association"),
    "plan": ("plan", ""),
    "law": ("law", ""),
    "event": ("event", ""),
}


# Words that make up names but are never a name on their own (a match made only of these is dropped).
GENERIC_PARTS = (
    "事業 実施 次期 新 各 本 当 同 全 他 計画 整備 推進 基本 実行 総合 地域 再生 各種 年度 当初 予算 個別 具体 "
    "行動 戦略 中期 長期 策定 管理 運営 市 国 県 都 区 町 村 全国 国内 海外 市内 県内 庁内 優秀 最優秀 大 行政 改革 "
    "方針 政策 施策 研究 開発 等 共同 協働 連携 関係 支援 活動 団体 会員 交流 情報 システム 市民 住民 職員 首長 特別 "
    "一般 上記 下記 対応 緊急事態 ハイレベル 国際 "
    # the suffixes themselves: a name is more than its kind
    "賞 計画 プラン 構想 方針 宣言 指針 大綱 ビジョン 大会 講座 フォーラム チャレンジ セミナー 法律 法 条例 協議会 "
    "協会 機構 委員会 大学 研究所"
).split()
LEADING_GENERIC = re.compile(r"^(?:次期|各種|国の|市の|県の|市内|県内|国内|海外)+")
# Kanji names ending so are districts or the common noun 都市, not local governments.
NOT_A_MUNICIPALITY = re.compile(r"(?:都市|特区|地区|学区|校区|管区|選挙区|投票区|調査区|区域)$")
LOCAL_STOP = frozenset(
    "本市 当市 同市 各市 全市 他市 都市 市町村 区市町村 政令市 中核市 特例市 各区 町村 各町 市区 市区町村 "
    "同区 同町 同村 各県 全県 他県 本県 都道府県 東京 全区".split()
)
NOT_A_LAW_TAIL = "手方工用技司作製寸文話魔不合違適算"
