"""A municipality named in romaji in a file name (`kitamoto-r6.csv`, `shinagawa_R7.xlsx`, `mitaka-shi-2024.csv`).

Each municipality's reading (the bundled table's katakana, without 市/区/町/村) is written in romaji by jaconv, with
the spellings file names use (長音 written or not: `chuuou`, `chuo`; `nanba`, `namba`). A word of the file name
(a run of letters) names a municipality when it is one of those spellings, alone or followed by its kind (`shi`,
`ku`, `machi`, `cho`, `mura`, `son`, `city`, `town`, `village`, `ward`). It is used only when exactly one
municipality matches and the word has five letters or more and is not one of the words lists use in their file
names (`seika` is 成果 as well as 精華町, `hyoka` 評価): otherwise the file name names nobody, and the build asks
for --municipality.
"""

from __future__ import annotations

import re
from functools import cache

import jaconv

from jkg.etl.own import hiragana_name
from jkg.municipalities import MUNICIPALITY_KINDS, LocalGovernment, gazetteer

MIN_LETTERS = 5
KIND_WORDS = ("shi", "ku", "machi", "cho", "chou", "mura", "son", "city", "town", "village", "ward")
# Words of list file names that are also the romaji of a municipality (or could be): never a municipality.
NOT_NAMES = frozenset(
    {"seika", "hyoka", "hyouka", "jigyo", "jigyou", "ichiran", "kekka", "shiryo", "shiryou", "yosan", "kessan"}
    | {"keikaku", "sheet", "kouhyou", "kohyo", "nendo", "zentai", "gaiyou", "gaiyo", "hokoku", "houkoku"}
    | {"kaisei"}  # 改正, also 開成町
)


def spellings(hiragana: str) -> set[str]:
    """The romaji a file name may write a reading in: きたもと → kitamoto; ちゅうおう → chuuou, chuou, chuo."""
    plain = jaconv.kana2alphabet(hiragana)
    out = {plain}
    short = re.sub(r"ou|oo", "o", plain)
    short = re.sub(r"uu", "u", short)
    out |= {short, re.sub(r"uu", "u", plain)}
    out |= {re.sub(r"n(?=[bmp])", "m", s) for s in list(out)}
    return {s for s in out if s.isascii() and s.isalpha()}


@cache
def _index() -> dict[str, tuple[LocalGovernment, ...]]:
    index: dict[str, list[LocalGovernment]] = {}
    for body in gazetteer():
        if body.kind not in MUNICIPALITY_KINDS:
            continue
        reading = hiragana_name(body)
        if not reading:
            continue
        for word in spellings(reading):
            index.setdefault(word, []).append(body)
    return {word: tuple(dict.fromkeys(bodies)) for word, bodies in index.items()}


def _words(stem: str) -> list[str]:
    return re.findall(r"[a-z]+", stem.lower())


def find_by_romaji(stem: str) -> list[LocalGovernment]:
    """Every municipality a file name's romaji words name (several: ambiguous; none: it names nobody)."""
    index = _index()
    words = _words(stem)
    found: dict[str, LocalGovernment] = {}
    for word in words:
        candidates = [word]
        candidates += [word[: -len(k)] for k in KIND_WORDS if word.endswith(k) and len(word) > len(k)]
        for name in candidates:
            if len(name) < MIN_LETTERS or name in NOT_NAMES:
                continue
            for body in index.get(name, ()):
                found[body.code] = body
    return list(found.values())
