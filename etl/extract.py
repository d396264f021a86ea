"""Find what a sheet's text names — partner bodies, plans, laws, events, dates, action-plan items.

Matching runs on a normalised copy of the text (NFKC, known transcription errors corrected); every mention
maps back to character offsets in the verbatim text. A curated registry gives canonical names; general
patterns (legal forms, government suffixes, local-government names, councils, plans, laws, events) find
names the registry does not know. Spans of the city's own units and internal bodies block other matches.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from etl.iris import fallback_slug
from etl.normalise import era_year, key

TEXT_FIELDS = ("name", "purpose", "overview", "results")
CATEGORIES = ("partner", "plan", "law", "event", "date", "action_plan_item")

_DIGITS = "0-9０-９"
# ※行政改革アクションプラン「73つくば市OB人材活動支援事業」該当 — one note may list several 「…」.
_ACTION_PLAN_NOTE = re.compile(r"行政改革アクションプラン\s*((?:「[^」]+」\s*[、,，・及びと]*\s*)+)該当")
_ACTION_PLAN_ITEM = re.compile(rf"「\s*(?P<num>[{_DIGITS}]+)\s*(?P<label>[^」]*)」")

# ---------------------------------------------------------------- general patterns (on NFKC text)

_KANJI = "一-龥々〆ヵヶ"
_KATA = "ァ-ヴー"
_NAME_CH = f"[{_KANJI}{_KATA}A-Za-z0-9・&]"
# Place names written in hiragana that start many body and plan names.
_HIRA_PLACE = "(?:つくばみらい|つくば|いばらき|ひたちなか|かすみがうら|さいたま|さくら|いわき|むつ|あきる野)"
_NAME = f"(?:{_HIRA_PLACE}|{_NAME_CH})+"
_START = f"(?<![{_KANJI}{_KATA}A-Za-z0-9・&])"  # a name starts where the previous character is not a name character

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
_COMPOUND_AFTER_PLACE = "[民内外場政制議営役長立道債町村庁域部課境全区]"

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
_BEFORE = {
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


def _name_start(norm: str, end: int) -> int:
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
_LEADING_GENERIC = re.compile(r"^(?:次期|各種|国の|市の|県の|市内|県内|国内|海外)+")
# Kanji names ending so are districts or the common noun 都市, not local governments.
_NOT_A_MUNICIPALITY = re.compile(r"(?:都市|特区|地区|学区|校区|管区|選挙区|投票区|調査区|区域)$")
_LOCAL_STOP = frozenset(
    "本市 当市 同市 各市 全市 他市 都市 市町村 区市町村 政令市 中核市 特例市 各区 町村 各町 市区 市区町村 "
    "同区 同町 同村 各県 全県 他県 本県 都道府県 東京 全区".split()
)
_NOT_A_LAW_TAIL = "手方工用技司作製寸文話魔不合違適算"

# ---------------------------------------------------------------- dates (on NFKC text)

_ERA = r"(?P<era>令和|平成|昭和)(?P<n>元|\d{1,2})年"
_ERA_ABBR = r"(?<![A-Za-z])(?P<abbr>[RH])(?P<an>元|\d{1,2})年度"
_DASH = r"\s*[~〜～\-ー－]\s*"
# The leading lookahead lets the regex engine skip to candidate characters (11× faster on long text).
DATE_PATTERN = re.compile(
    r"(?=[0-9令平昭RH])(?:"
    + "|".join(
        [
            rf"(?P<d1>{_ERA}(?:\((?P<w1>\d{{4}})年\))?(?P<m1>\d{{1,2}})月(?P<dd1>\d{{1,2}})日)",
            r"(?P<d2>(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<dd2>\d{1,2})日)",
            r"(?P<ym1>(?P<era3>令和|平成|昭和)(?P<n3>元|\d{1,2})年(?:\((?P<w3>\d{4})年\))?(?P<m3>\d{1,2})月)",
            r"(?P<ym2>(?P<y4>\d{4})年(?P<m4>\d{1,2})月)",
            rf"(?P<fyr>(?P<fy1>\d{{4}})年度?{_DASH}(?P<fy2>\d{{4}})年度)",
            rf"(?P<yr>(?P<yr1>\d{{4}})年{_DASH}(?P<yr2>\d{{4}})年(?!度))",
            r"(?P<fy>(?P<era5>令和|平成|昭和)(?P<n5>元|\d{1,2})年度)",
            rf"(?P<fya>{_ERA_ABBR})",
            r"(?P<fyw>(?P<y6>\d{4})年度)",
            r"(?P<md>(?<![\d年/])(?P<m7>\d{1,2})月(?P<dd7>\d{1,2})日)",
            r"(?P<mo>(?<![\d年/か])(?P<m8>\d{1,2})月(?![号\d間]))",
        ]
    )
    + ")"
)


@dataclass(frozen=True)
class Entity:
    """A real-world thing with one canonical name (registered, or found by a pattern)."""

    category: str
    canonical: str
    slug: str
    type: str = ""
    en: str = ""
    aliases: tuple[str, ...] = ()
    registered: bool = True


@dataclass(frozen=True)
class Mention:
    """A span of one field's verbatim text that names something."""

    category: str
    field: str
    start: int
    end: int
    surface: str
    canonical: str
    notation: str = ""
    entity: Entity | None = None
    value: str = ""
    corrected: str = ""  # the corrected form when the surface holds a known transcription error


@dataclass
class EntityRegistry:
    """Canonical entities, stop names, generic words and transcription corrections from entities.toml."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)  # (category, key(surface)) → entity
    stop: set[str] = field(default_factory=set)
    generic: set[str] = field(default_factory=set)
    corrections: dict[str, str] = field(default_factory=dict)

    def lookup(self, category: str, surface: str) -> Entity | None:
        return self.entities.get((category, key(surface)))


def load_entities(path: Path) -> EntityRegistry:
    """Read the entity registry; a malformed entry raises ValueError naming the file."""
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    registry = EntityRegistry()
    for category in ("partner", "plan", "law", "event"):
        for entry in doc.get(category, []):
            entity = Entity(
                category,
                entry["canonical"],
                entry["slug"],
                entry.get("type", ""),
                entry.get("en", ""),
                tuple(entry.get("aliases", [])),
            )
            for surface in (entity.canonical, *entity.aliases):
                k = (category, key(surface))
                if k in registry.entities and registry.entities[k] != entity:
                    raise ValueError(f"{path}: {surface!r} names two {category} entries")
                registry.entities[k] = entity
    registry.stop = {key(n) for n in doc.get("stop", {}).get("names", [])}
    registry.generic = {key(n) for n in doc.get("generic", {}).get("names", [])}
    for c in doc.get("correction", []):
        if len(c["wrong"]) != len(c["right"]):
            raise ValueError(f"{path}: correction {c['wrong']!r} → {c['right']!r} must keep the length")
        registry.corrections[c["wrong"]] = c["right"]
    return registry


# Characters NFKC leaves alone: printable ASCII, hiragana, katakana, CJK ideographs, common Japanese punctuation.
_NFKC_UNSTABLE = re.compile("[^\x20-\x7e\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff、。「」『』・〜]")


def normalise_with_offsets(text: str, corrections: dict[str, str]) -> tuple[str, list[int], list[tuple[int, int]]]:
    """NFKC text, the index in `text` of each of its characters, and the spans where a correction applied."""
    parts: list[str] = []
    origin: list[int] = []
    done = 0
    for m in _NFKC_UNSTABLE.finditer(text):  # only these characters can change; the rest are copied as they are
        i = m.start()
        n = unicodedata.normalize("NFKC", m.group())
        parts.append(text[done:i])
        origin.extend(range(done, i))
        parts.append(n)
        origin.extend([i] * len(n))
        done = i + 1
    parts.append(text[done:])
    origin.extend(range(done, len(text)))
    norm = "".join(parts)
    corrected: list[tuple[int, int]] = []
    for wrong, right in corrections.items():
        start = norm.find(wrong)
        while start >= 0:
            norm = norm[:start] + right + norm[start + len(right) :]
            corrected.append((start, start + len(right)))
            start = norm.find(wrong, start + len(right))
    return norm, origin, corrected


def _date_value(m: re.Match[str], fiscal_year: int) -> str:
    """The ISO 8601 value of a date match; month-day dates take their year from the sheet's fiscal year."""
    g = m.groupdict()

    def year_of(era: str | None, n: str | None, western: str | None) -> int:
        return int(western) if western else era_year(str(era), str(n))

    def fy(year: int) -> str:
        return f"{year}-04-01/{year + 1}-03-31"

    def in_fy(month: int) -> int:
        return fiscal_year + 1 if month <= 3 else fiscal_year

    if g["d1"]:
        return f"{year_of(g['era'], g['n'], g['w1']):04d}-{int(g['m1']):02d}-{int(g['dd1']):02d}"
    if g["d2"]:
        return f"{int(g['y2']):04d}-{int(g['m2']):02d}-{int(g['dd2']):02d}"
    if g["ym1"]:
        return f"{year_of(g['era3'], g['n3'], g['w3']):04d}-{int(g['m3']):02d}"
    if g["ym2"]:
        return f"{int(g['y4']):04d}-{int(g['m4']):02d}"
    if g["fyr"]:
        return f"{g['fy1']}-04-01/{int(g['fy2']) + 1}-03-31"
    if g["yr"]:
        return f"{g['yr1']}/{g['yr2']}"
    if g["fy"]:
        return fy(era_year(g["era5"], g["n5"]))
    if g["fya"]:
        return fy(era_year("令和" if g["abbr"] == "R" else "平成", g["an"]))
    if g["fyw"]:
        return fy(int(g["y6"]))
    if g["md"]:
        month = int(g["m7"])
        return f"{in_fy(month):04d}-{month:02d}-{int(g['dd7']):02d}"
    month = int(g["m8"])
    return f"{in_fy(month):04d}-{month:02d}"


@dataclass(order=True)
class _Span:
    start: int
    end: int
    rank: int  # 0 registry/stop, 1 pattern
    category: str = field(compare=False)
    name: str = field(compare=False)
    type: str = field(compare=False, default="")
    entity: Entity | None = field(compare=False, default=None)


class Extractor:
    """Finds mentions in a sheet's fields; the city's units are added as stop names as rows arrive."""

    def __init__(self, registry: EntityRegistry, city_names: Iterable[str] = ()) -> None:
        self.registry = registry
        # Registry names and stop names, matched as spans; compiled once.
        self.stop = set(registry.stop) | {key(n) for n in city_names}
        surfaces = sorted({k for _cat, k in registry.entities} | self.stop, key=len, reverse=True)
        self._gazetteer = re.compile("|".join(re.escape(s) for s in surfaces))
        # The city's units arrive with the rows; a candidate equal to one is dropped (no recompiling per unit).
        self.units: set[str] = set()
        self._generic_parts = re.compile("|".join(sorted(GENERIC_PARTS, key=len, reverse=True)))

    def add_stop(self, *names: str) -> None:
        """Names of the city's own units: never partners, plans or events."""
        self.units.update(key(n) for n in names if n)

    def _registered(self, surface: str) -> tuple[str, Entity | None]:
        k = key(surface)
        if k in self.stop:
            return "stop", None
        for category in ("partner", "plan", "law", "event"):
            entity = self.registry.entities.get((category, k))
            if entity is not None:
                return category, entity
        return "", None

    def _generic(self, name: str) -> bool:
        """True when a name is only generic words (事業実施計画, 新計画, 市内大学…) or one of the city's units."""
        k = key(name)
        return k in self.units or k in self.registry.generic or not self._generic_parts.sub("", name).strip("・&")

    def _spans(self, norm: str) -> list[_Span]:
        spans: list[_Span] = []
        for m in self._gazetteer.finditer(norm):
            category, entity = self._registered(m.group())
            spans.append(_Span(m.start(), m.end(), 0, category or "stop", m.group(), entity=entity))
        for pattern, kind in PARTNER_PATTERNS:
            for m in pattern.finditer(norm):
                spans.extend(self._partner_match(m, kind))
        spans.extend(self._suffix_spans(norm))
        for pattern in EVENT_PATTERNS:
            for m in pattern.finditer(norm):
                spans.extend(self._candidate("event", "", m.group("name").strip(), *m.span("name")))
        return spans

    def _suffix_spans(self, norm: str) -> Iterator[_Span]:
        """Names ending in a kind-word (協議会, 計画, 法, 省…): each starts where its run of name characters starts.

        The kind-words are found first, then each walks back to its run's start: linear, and far cheaper than
        patterns that try every run against every kind.
        """
        last: dict[tuple[int, str], tuple[int, int]] = {}  # (start, kind) → its last kind-word: the longest name
        for m in RUN_SUFFIX.finditer(norm):
            start = _name_start(norm, m.start())
            if start < m.start():
                last[(start, m.lastgroup or "")] = m.span()
        if "(株)" in norm:
            for m in re.finditer(r"\(株\)", norm):
                start = _name_start(norm, m.start())
                if start < m.start():
                    yield from self._candidate(
                        "partner", "company", norm[start : m.start()] + "株式会社", start, m.end()
                    )
        for (start, group), (suffix_start, end) in last.items():
            before = _BEFORE.get(group)
            category, kind = RUN_KINDS[group]
            if before is not None:
                fit = before.fullmatch(norm, start, suffix_start)
                if fit is None:
                    continue
                if group == "place":
                    after = norm[end : end + 1]
                    if fit.group("kanji") is None:
                        if norm[suffix_start] not in "市州" or after in "民内外場":
                            continue
                        start, kind = fit.start("name"), "foreign-local-government"
                    elif after and re.match(_COMPOUND_AFTER_PLACE, after):
                        continue
            name = norm[start:end]
            if group == "law" and name[-2] in _NOT_A_LAW_TAIL:
                continue
            yield from self._candidate(category, kind, name, start, end)

    def _partner_match(self, m: re.Match[str], kind: str) -> Iterator[_Span]:
        name = m.group("name")
        start, end = m.span("name")
        if kind == "abbreviated":
            form = ABBREVIATED_FORMS[m.group("abbr")]
            name, start, kind = form + name, m.start(), LEGAL_FORMS[form]
        elif kind == "legal-prefix":
            name, start, kind = m.group("form") + name, m.start(), LEGAL_FORMS[m.group("form")]
        yield from self._candidate("partner", kind, name, start, end)

    def _candidate(self, category: str, kind: str, name: str, start: int, end: int) -> Iterator[_Span]:
        """A found name, unless it is generic, one of the city's units, or a district rather than a municipality."""
        stripped = _LEADING_GENERIC.sub("", name)
        start += len(name) - len(stripped)
        if not stripped or self._generic(stripped):
            return
        if category == "partner" and (
            key(stripped) in _LOCAL_STOP or (kind == "local-government" and _NOT_A_MUNICIPALITY.search(stripped))
        ):
            return
        yield _Span(start, end, 1, category, stripped, type=kind)

    def mentions(self, field_name: str, text: str, fiscal_year: int) -> list[Mention]:
        """Every mention in one field's text, in order; offsets index the verbatim text."""
        found = list(action_plan_items(field_name, text))
        if not text:
            return found
        norm, origin, corrected = normalise_with_offsets(text, self.registry.corrections)

        def verbatim(start: int, end: int) -> tuple[int, int]:
            return origin[start], origin[end - 1] + 1

        taken: list[tuple[int, int]] = [(m.start, m.end) for m in found]
        chosen = self._select(self._spans(norm))
        for span in sorted(chosen):
            start, end = verbatim(span.start, span.end)
            if any(start < b and a < end for a, b in taken):
                continue
            entity = span.entity or self._entity(span)
            fixed = norm[span.start : span.end] if any(a < span.end and span.start < b for a, b in corrected) else ""
            found.append(
                Mention(
                    span.category,
                    field_name,
                    start,
                    end,
                    text[start:end],
                    entity.canonical,
                    entity=entity,
                    corrected=fixed,
                )
            )
        for m in DATE_PATTERN.finditer(norm) if ("年" in norm or "月" in norm) else ():
            start, end = verbatim(m.start(), m.end())
            value = _date_value(m, fiscal_year)
            found.append(Mention("date", field_name, start, end, text[start:end], "", value=value))
        return sorted(found, key=lambda m: (m.start, m.end))

    @staticmethod
    def _select(spans: list[_Span]) -> list[_Span]:
        """Registry and stop spans first, leftmost-longest; then pattern spans that do not clash with them.

        A stop span blocks what lies inside it or across its edge (つくば市未来構想 inside つくば市未来構想等推進本部),
        not a longer name that contains it whole (つくば市 inside つくば市統計調査員連絡協議会).
        """
        fixed: list[_Span] = []
        for span in sorted((s for s in spans if s.rank == 0), key=lambda s: (s.start, -(s.end - s.start))):
            if all(span.end <= f.start or f.end <= span.start for f in fixed):
                fixed.append(span)
        chosen = [f for f in fixed if f.category != "stop"]
        patterns: list[_Span] = []
        for span in sorted((s for s in spans if s.rank == 1), key=lambda s: (s.start, -(s.end - s.start))):
            clash = False
            for f in fixed:
                if span.end <= f.start or f.end <= span.start:
                    continue
                contains = span.start <= f.start and f.end <= span.end and (span.end - span.start) > (f.end - f.start)
                if f.category != "stop" or not contains:
                    clash = True
                    break
            if not clash and all(span.end <= p.start or p.end <= span.start for p in patterns):
                patterns.append(span)
        return sorted(chosen + patterns)

    def _entity(self, span: _Span) -> Entity:
        entity = self.registry.lookup(span.category, span.name)
        if entity is not None:
            return entity
        prefix = {"partner": "org", "plan": "plan", "law": "law", "event": "event"}[span.category]
        return Entity(span.category, span.name, fallback_slug(prefix, span.name), span.type, registered=False)


def action_plan_items(field_name: str, text: str) -> Iterator[Mention]:
    """Action-plan items cited as 行政改革アクションプラン「NN…」該当; full-width digits allowed."""
    for note in _ACTION_PLAN_NOTE.finditer(text):
        offset = note.start(1)
        for item in _ACTION_PLAN_ITEM.finditer(note.group(1)):
            notation = str(int(unicodedata.normalize("NFKC", item.group("num"))))
            yield Mention(
                category="action_plan_item",
                field=field_name,
                start=offset + item.start(),
                end=offset + item.end(),
                surface=item.group(0),
                canonical=item.group("label").strip(),
                notation=notation,
            )
