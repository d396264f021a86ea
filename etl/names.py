"""Where a name starts and ends around its head, on the matching text (etl/matchtext.py).

A name is a run of name characters (kanji, katakana, Latin letters, digits) ending in its head (協議会, 計画 …),
with what may join inside it: 「・」 next to kana or Latin letters (ナノブリッジ・セミコンダクター), between place
names (鴻巣市・北本市…協議会) or between two words of one name (城南五区下水道・河川連絡協議会); the words names are
made of that hold hiragana (まちづくり, ふれあい, 子ども, 空き家: a kanji with its okurigana) and reduplicated
hiragana (ゆうゆう, いきいき); hiragana place names (つくば, the list's own municipality's reading). 「・」 after a
head separates two names (健康増進計画・食育推進計画, 総務省・経済産業省), and so does 等 (〇〇学校等外国人学校).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from jkg.etl.generic import GENERIC_NAMES, SPECIFIC_WORDS, VOCABULARY
from jkg.etl.lexicon import HEAD_WORDS, LAW_JOINERS, LAW_TITLE_MARKERS, NAME_CHARS, PARTNER_HEAD_WORDS

_KANA_OR_LATIN = re.compile("[ぁ-んァ-ヴーA-Za-z0-9]")
_HIRAGANA = re.compile("[ぁ-ん]+")
_KANA = re.compile(
    "[ぁ-んァ-ヴー・明]"
)  # what a hiragana word or place name (明るい, まち・ひと・しごと) ends or starts with
_FILLER = re.compile("[・&0-9()]")
_PARTICLE_END = re.compile(
    "(?:から|まで|より|など|ほか|として|について|では|には|とは|への|との|での|[にがをはでとへもやの])$"
)
_TITLE_MARKERS = frozenset(LAW_TITLE_MARKERS)
_LAW_STOP_AFTER_COMMA = ("法", "法律", "条例", "規則", "令")
_NOT_AN_OWNER = frozenset(
    "市 区 町 村 県 都 府 国 本市 当市 各種 地域 市民 区民 町民 住民 県民 都民 全国 地区 各地".split()
)
# One-kanji nouns that end the names of associations after 〇〇の (福祉の会, かがやきの郷, ひまわりの家).
_NAME_NOUNS = frozenset("会郷家森里丘星風園舎樹杜泉輪和花実木光音街")
_KANJI = re.compile("[一-龥々]")
_HIRAGANA_CHAR = re.compile("[ぁ-ゖ]")
_HEADS = frozenset(HEAD_WORDS)
_CONJUNCTIONS = ("及び", "並びに", "又は", "若しくは")  # 〇〇銀行及び株式会社…: the name ends before them
# Heads of gatherings named 〇〇の集い (二十歳の集い): the words before の are the name's.
_NO_HEADS = ("集い", "つどい")
# 人権を守る市民の集い, 平和を考える集い: a gathering named by what it is about (Xを + a verb).
_ABOUT = re.compile(
    "(?:^|(?<=[^一-龥々ァ-ヴーA-Za-z0-9]))[一-龥々ァ-ヴー]{1,8}を[一-龥][ぁ-ん]{0,3}[るうくすつむぶぐ](?:[一-龥ァ-ヴー]{1,6}の)?$"
)


def joins(norm: str, k: int, *, events: bool = False, right: str = "", vocabulary: str = "") -> bool:
    """Whether the 「・」 at norm[k] joins the words on either side into one name. Two words of kanji join only
    when what follows (`right`, up to the end of the name) is no name of its own: not a head alone nor a kind
    (固定資産税・都市計画, 消防・警察・社協 are enumerations) in the `vocabulary` of the name's category. In an
    event's name (`events`) only two words of kanji join: 〇〇まつり・〇〇大会 are two events."""
    a = norm[k - 1] if k > 0 else ""
    b = norm[k + 1] if k + 1 < len(norm) else ""
    if not a or not b or a == "・" or b == "・" or norm.endswith(HEAD_WORDS, 0, k):
        return False
    if not events and (_KANA_OR_LATIN.match(a) or _KANA_OR_LATIN.match(b)):
        return True
    if a in "市区町村県都府":
        # between places (鴻巣市・北本市…協議会): a place name of two characters or more ends before it, not 区 alone
        return not events and k >= 2 and norm[k - 2] in NAME_CHARS
    if not (vocabulary and _KANJI.match(a) and _KANJI.match(b)):
        return False
    return right not in _HEADS and not is_generic(right, VOCABULARY[vocabulary])


def word_before(norm: str, i: int, words: Sequence[str]) -> int:
    """The length of a word of `words` (hiragana words, okurigana, place readings) or of reduplicated hiragana
    (ゆうゆう) that ends at norm[i]; 0 if none."""
    pair = norm[i - 2 : i]
    if i >= 4 and norm[i - 4 : i - 2] == pair and _HIRAGANA_CHAR.match(pair[0]) and _HIRAGANA_CHAR.match(pair[1]):
        return 4
    word = next((w for w in _by_last(tuple(words)).get(norm[i - 1 : i], ()) if norm.startswith(w, i - len(w))), "")
    return len(word) if i >= len(word) else 0


@functools.cache
def _by_last(words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The words by their last character, each list in the order given (longest first)."""
    index: dict[str, list[str]] = {}
    for w in words:
        index.setdefault(w[-1], []).append(w)
    return {c: tuple(ws) for c, ws in index.items()}


def word_from(norm: str, i: int, words: Sequence[str]) -> int:
    """How far a word of `words` (or reduplicated hiragana) that runs across norm[i] goes on from there: a
    hiragana word starting at i, or the okurigana of a kanji just before it (空|き家); 0 if none."""
    if norm[i : i + 2] == norm[i + 2 : i + 4] and _HIRAGANA_CHAR.match(norm[i]) and _HIRAGANA_CHAR.match(norm[i + 1]):
        return 4
    for w, stem in _by_first_kana(tuple(words)).get(norm[i], ()):
        if norm.startswith(w, i - stem):
            return len(w) - stem
    return 0


@functools.cache
def _by_first_kana(words: tuple[str, ...]) -> dict[str, tuple[tuple[str, int], ...]]:
    """The words by their first character after their kanji stem, with the stem's length (空き → き: (空き, 1))."""
    index: dict[str, list[tuple[str, int]]] = {}
    for w in words:
        stem = _stem(w)
        if stem < len(w):
            index.setdefault(w[stem], []).append((w, stem))
    return {c: tuple(ws) for c, ws in index.items()}


@functools.cache
def _stem(word: str) -> int:
    """The number of kanji a word starts with (空き → 1; まちづくり → 0)."""
    n = 0
    while n < len(word) and _KANJI.match(word[n]):
        n += 1
    return n


def run_start(
    norm: str, end: int, hiragana: Sequence[str], *, events: bool = False, head: str = "", vocabulary: str = ""
) -> int:
    """Where the run of name characters that ends at `end` starts.

    `hiragana`: hiragana words and place names that may stand inside the run. With `events`, 「の」 joins a
    word of one or two characters before it (人権の花運動, 彩の国実業団駅伝), and any name before the 〇〇の of an
    event named so (`head` 集い, 日: 二十歳の集い, 障害者週間記念のつどい, 人権を守る市民の集い).
    """
    i = end
    while i > 0:
        c = norm[i - 1]
        if c in NAME_CHARS:
            if c == "等" and norm.endswith(PARTNER_HEAD_WORDS, 0, i - 1):
                break  # 〇〇学校等外国人学校: 等 after a body's name ends it
            i -= 1
            continue
        if (
            c == "・"
            and i - 1 > 0
            and joins(norm, i - 1, events=events, right=norm[i:end] + head, vocabulary=vocabulary)
        ):
            i -= 1
            continue
        length = word_before(norm, i, hiragana) if _KANA.match(c) else 0
        if length:
            i -= length
            continue
        if events and c == "の" and (i < end or head in _NO_HEADS):
            i = _owner_of_event(norm, i, end, head)
        elif events and head in _NO_HEADS and i == end:
            about = _ABOUT.search(norm, max(0, i - 24), i)
            if about is not None:
                i = about.start()
        break
    return i


def _owner_of_event(norm: str, i: int, end: int, head: str) -> int:
    """Where an event's name starts when 「の」 stands at norm[i - 1] inside it (i, if nowhere further back)."""
    j = i - 1
    if head in _NO_HEADS and i == end:  # 〇〇の集い, 〇〇の日: the whole name before の
        while j > 0 and norm[j - 1] in NAME_CHARS and i - 1 - j < 12:
            j -= 1
        before = norm[j : i - 1]
        about = _ABOUT.search(norm, max(0, j - 24), i)
        if about is not None and about.start() < j:
            return about.start()
        if before and not before[0].isdigit() and before not in _NOT_AN_OWNER:
            return j
        return i
    while j > 0 and norm[j - 1] in NAME_CHARS and i - 1 - j < 3:
        j -= 1
    before = norm[j : i - 1]
    if (
        1 <= len(before) <= 2
        and (j == 0 or norm[j - 1] not in NAME_CHARS)
        and before not in _NOT_AN_OWNER
        and not before[0].isdigit()
    ):
        return j
    return i


def name_after(norm: str, start: int, hiragana: Sequence[str]) -> int:
    """Where a name that starts at `start` (right after a legal form: 株式会社…, NPO法人…) ends.

    Hiragana may start it (NPO法人すきっぷ, then a particle that is not part of it) and 「〇〇の」 may stand before
    a one-kanji noun (〇〇の会, かがやきの郷), as in the names of associations.
    """
    i, n = start, len(norm)
    while i < n:
        c = norm[i]
        if norm.startswith(_CONJUNCTIONS, i) or (c == "等" and norm[i + 1 : i + 2] not in NAME_CHARS):
            break  # 〇〇銀行及び…, 〇〇等と: the name ends there
        if c in NAME_CHARS:
            i += 1
            continue
        if c == "・" and i > start and joins(norm, i):
            i += 1
            continue
        length = word_from(norm, i, hiragana) if _KANA.match(c) else 0
        if length:
            i += length
            continue
        run = _HIRAGANA.match(norm, i)
        if run is None:
            break
        text, after = run.group(), run.end()
        noun = norm[after : after + 1]
        if (
            text.endswith("の")
            and not _PARTICLE_END.search(text[:-1])
            and noun in _NAME_NOUNS
            and norm[after + 1 : after + 2] not in NAME_CHARS
        ):
            i = after + 1
            continue
        if i == start:
            stem = text
            while _PARTICLE_END.search(stem):  # すきっぷに → すきっぷ; などの → (nothing)
                stem = _PARTICLE_END.sub("", stem)
            if len(stem) >= 2:
                i += len(stem)
                if stem == text:
                    continue
        break
    return i


def law_title_start(norm: str, end: int, limit: int = 0) -> int:
    """Where a long law title ending at `end` starts (not before `limit`): over name characters and the joiners
    of legal titles (の, 及び, に関する, を定める, 、 between the parts of one title)."""
    i = end
    marker = False  # a 、 is crossed only inside the part before に関する (設置、管理及び処分に関する条例)
    while i > limit:
        if norm[i - 1] in NAME_CHARS:
            i -= 1
            continue
        joiner = next((w for w in LAW_JOINERS if norm.startswith(w, i - len(w))), "")
        if not joiner or i - len(joiner) <= 0 or norm[i - len(joiner) - 1] not in NAME_CHARS:
            break
        if joiner != "の" and norm[: i - len(joiner)].endswith(_LAW_STOP_AFTER_COMMA):
            break  # 地方税法、北本市税条例 / 〇〇条例及び〇〇に関する法律: two laws
        if joiner == "、" and not marker:
            break  # …に関する業務、〇〇法: the 、 ends another phrase
        marker = marker or joiner in _TITLE_MARKERS
        i -= len(joiner)
    while i < end and norm[i] not in NAME_CHARS:
        i += 1
    return i


def is_generic(name: str, vocabulary: re.Pattern[str]) -> bool:
    """True when a name is only words of `vocabulary` (事業実施計画, 交通安全協会, スポーツ大会): a kind, not one
    thing; also the names that are generic as a whole (都市計画)."""
    if name in GENERIC_NAMES:
        return True
    if any(w in name for w in SPECIFIC_WORDS):
        return False
    return not _FILLER.sub("", vocabulary.sub("", name))
