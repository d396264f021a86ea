"""Where a name starts and ends around its head, on the matching text (etl/matchtext.py).

A name is a run of name characters (kanji, katakana, Latin letters, digits) ending in its head (協議会, 計画 …),
with what may join inside it: 「・」 next to kana or Latin letters (ナノブリッジ・セミコンダクター) or between place
names (鴻巣市・北本市…協議会), the hiragana words names are made of (まちづくり, ふれあい) and hiragana place names
(つくば, the list's own municipality's reading). Between kanji, 「・」 separates two names (健康増進計画・食育推進計画).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jkg.etl.lexicon import GENERIC_NAMES, LAW_JOINERS, LAW_TITLE_MARKERS, NAME_CHARS

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


def joins(norm: str, k: int) -> bool:
    """Whether the 「・」 at norm[k] joins the words on either side into one name."""
    a = norm[k - 1] if k > 0 else ""
    b = norm[k + 1] if k + 1 < len(norm) else ""
    if not a or not b or a == "・" or b == "・":
        return False
    if _KANA_OR_LATIN.match(a) or _KANA_OR_LATIN.match(b):
        return True
    # between places (鴻巣市・北本市…協議会): a place name of two characters or more ends before it, not 区 alone
    return a in "市区町村県都府" and k >= 2 and norm[k - 2] in NAME_CHARS


def run_start(norm: str, end: int, hiragana: Sequence[str], *, no_joins: bool = False) -> int:
    """Where the run of name characters that ends at `end` starts.

    `hiragana`: hiragana words and place names that may stand inside the run. With `no_joins`, 「の」 joins a
    word of one or two characters before it (人権の花運動, 彩の国実業団駅伝): event names are written so.
    """
    i = end
    while i > 0:
        c = norm[i - 1]
        if c in NAME_CHARS:
            i -= 1
            continue
        if c == "・" and i - 1 > 0 and joins(norm, i - 1):
            i -= 1
            continue
        word = next((w for w in hiragana if norm.startswith(w, i - len(w))), "") if _KANA.match(c) else ""
        if word and i >= len(word):
            i -= len(word)
            continue
        if no_joins and c == "の" and i < end:
            j = i - 1
            while j > 0 and norm[j - 1] in NAME_CHARS and i - 1 - j < 3:
                j -= 1
            before = norm[j : i - 1]
            if 1 <= len(before) <= 2 and (j == 0 or norm[j - 1] not in NAME_CHARS) and before not in _NOT_AN_OWNER:
                i = j
        break
    return i


def name_after(norm: str, start: int, hiragana: Sequence[str]) -> int:
    """Where a name that starts at `start` (right after a legal form: 株式会社…, NPO法人…) ends.

    Hiragana may start it (NPO法人すきっぷ, then a particle that is not part of it) and 「〇〇の」 may stand before
    a one-kanji noun (〇〇の会, かがやきの郷), as in the names of associations.
    """
    i, n = start, len(norm)
    while i < n:
        c = norm[i]
        if c in NAME_CHARS:
            i += 1
            continue
        if c == "・" and i > start and joins(norm, i):
            i += 1
            continue
        word = next((w for w in hiragana if norm.startswith(w, i)), "") if _KANA.match(c) else ""
        if word:
            i += len(word)
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
    return not _FILLER.sub("", vocabulary.sub("", name))
