"""What a general Japanese dictionary says about the words of a found name (Sudachi, its core dictionary).

Two questions the extraction rules ask of a name that only a head word found (〇〇協議会, 〇〇計画):
* `proper_part`: does it hold a proper noun (a place, an organisation, a person's name: 中山道, 戸越公園駅, 品川,
  日本, 産業能率大学)? A name made only of common nouns (根絶協議会, 広報戦略, 庁舎計画) describes a kind of thing.
* `noun_before`: is the word right before it a noun that the name's run of characters stopped at (いじめ|根絶協議会,
  振り仮名|法)? Then the found name is the tail of a longer compound, a fragment.

The dictionary is the one a user's text is most likely to share words with: nothing in it was written from the
lists this project reads. Words are looked up once (cached); the tokenizer is made once per thread.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from sudachipy import Dictionary, SplitMode  # type: ignore[import-untyped]

_LOCAL = threading.local()
_NOUNISH = frozenset({"名詞", "接頭辞", "接尾辞", "形状詞"})
_KANA = frozenset([chr(c) for c in range(0x3041, 0x3097)] + ["ー"])
_KANJI = re.compile("[一-龥々]")
_ERAS = frozenset("明治 大正 昭和 平成 令和".split())  # 令和6年度〇〇大綱: a date names no one
_WINDOW = 8  # characters before a name looked at to see whether a noun runs into it


@functools.cache
def _dictionary() -> Any:
    return Dictionary(dict="core")


def _tokenizer() -> Any:
    tok = getattr(_LOCAL, "tokenizer", None)
    if tok is None:
        tok = _LOCAL.tokenizer = _dictionary().tokenizer(mode=SplitMode.C)
    return tok


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[tuple[str, str, str, bool], ...]:
    """The words of `text`: (surface, part of speech, its subclass, unknown to the dictionary)."""
    return tuple(
        (str(m.surface()), str(m.part_of_speech()[0]), str(m.part_of_speech()[1]), bool(m.is_oov()))
        for m in _tokenizer().tokenize(text)
    )


def proper_part(text: str) -> str:
    """The first proper noun among the words of `text` ("" when it has none): 中山道 in 中山道景観整備計画."""
    if not text:
        return ""
    for surface, pos, sub, _oov in words(text):
        if pos == "名詞" and sub == "固有名詞" and surface not in _ERAS and _whole_word(surface):
            return surface
    return ""


def _whole_word(surface: str) -> bool:
    """Whether a proper noun the tokenizer found is more than a cut-off piece: one character (北 of 彩北) or two
    of hiragana (たま of 国さい|たま) is too little to name anything by."""
    return len(surface) >= 2 and not (len(surface) <= 2 and all(c in _KANA for c in surface))


def unknown_part(text: str) -> str:
    """The first word of two characters or more the dictionary does not know ("" when none): a coined name."""
    for surface, _pos, _sub, oov in words(text) if text else ():
        if oov and len(surface) >= 2 and not surface.isdigit():
            return surface
    return ""


def noun_before(norm: str, start: int) -> str:
    """The noun of hiragana that runs into a name found at norm[start:] (いじめ in いじめ根絶協議会), or the 〇の
    of a name made as 〇の〇 (彩の in 彩の国さいたま…: a name that starts with a word of one kanji right after a kanji
    and の), else ""."""
    if start == 0 or norm[start - 1] not in _KANA:
        return ""
    if start >= 2 and norm[start - 1] == "の" and _KANJI.fullmatch(norm[start - 2]):
        first = words(norm[start : start + _WINDOW])
        if first and len(first[0][0]) == 1 and _KANJI.fullmatch(first[0][0]) and first[0][1] == "名詞":
            return norm[start - 2 : start]
    window = norm[max(0, start - _WINDOW) : start + 2]
    offset = start - max(0, start - _WINDOW)
    i = 0
    for surface, pos, _sub, _oov in words(window):
        j = i + len(surface)
        if i < offset < j:
            return surface  # the name starts inside a word
        if j == offset:
            return surface if pos in _NOUNISH else ""
        i = j
    return ""
