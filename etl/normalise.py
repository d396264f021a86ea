"""Text normalisation in one place: NFKC keys, 和暦→西暦, full-width digits, 部/課 splitting."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_TITLE_YEAR = re.compile(r"(令和|平成|昭和)\s*(元|[0-9]+)\s*年度")
_WESTERN_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年度")
# A department ends in 部 or 局; the division is what follows (課, 室, センター, プラザ …).
_UNIT = re.compile(r"^(?P<dept>\S+?[部局])\s*(?P<div>\S.*)$")


def nfkc(text: str) -> str:
    """NFKC form used for matching keys: full-width digits, letters and spaces become ASCII."""
    return unicodedata.normalize("NFKC", text)


def key(text: str) -> str:
    """Matching key: NFKC with every run of white space removed."""
    return _SPACES.sub("", nfkc(text))


def parse_int(text: str) -> int | None:
    """The integer in a cell such as '8' or '８', or None when it is not a plain non-negative number."""
    value = nfkc(text).strip()
    return int(value) if value.isascii() and value.isdigit() else None


def era_year(era: str, number: str) -> int:
    """Western year of a Japanese era year: 令和2 → 2020, 平成元 → 1989."""
    n = 1 if number == "元" else int(nfkc(number))
    return _ERAS[era] + n


def fiscal_year_from_title(title: str) -> int | None:
    """Fiscal year named in a title line: 令和2年度… → 2020; 2021年度… → 2021."""
    text = nfkc(title)
    m = _TITLE_YEAR.search(text)
    if m:
        return era_year(m.group(1), m.group(2))
    m = _WESTERN_YEAR.search(text)
    return int(m.group(1)) if m else None


def split_unit(text: str) -> tuple[str, str] | None:
    """Split a 課名 cell into (部, 課); spaces of any width are optional. None when it cannot be split."""
    m = _UNIT.match(_SPACES.sub(" ", nfkc(text)).strip())
    if not m:
        return None
    division = m.group("div").replace(" ", "")
    return m.group("dept"), division


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
