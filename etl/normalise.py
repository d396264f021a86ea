"""Text normalisation in one place: NFKC keys, 和暦→西暦, full-width digits, fiscal years."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_TITLE_YEAR = re.compile(r"(令和|平成|昭和)\s*(元|[0-9]+)\s*年度")
_WESTERN_YEAR = re.compile(r"((?:19|20)[0-9]{2})\s*年度")
_NAME_ERA_YEAR = re.compile(r"(?<![A-Za-z])([RrHh])\s*(元|[0-9]{1,2})(?![0-9])")
_EVALUATION = re.compile(
    r"(令和|平成)\s*(元|[0-9]+)\s*年度\s*評価\s*[(（]\s*(令和|平成)\s*(元|[0-9]+)\s*年度\s*(?:事業|実施|実績)"
)


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


def fiscal_year_from_name(name: str) -> int | None:
    """Fiscal year in a file name: 令和6年度…, 2024年度…, or R6 / H31 standing alone (kitamoto-r6.csv → 2024)."""
    year = fiscal_year_from_title(name)
    if year is not None:
        return year
    m = _NAME_ERA_YEAR.search(nfkc(name))
    if m:
        return era_year("令和" if m.group(1) in "Rr" else "平成", m.group(2))
    return None


def evaluation_and_activity_years(title: str) -> tuple[int, int] | None:
    """(evaluation year, activity year) of a title such as 令和7年度評価（令和6年度事業）, else None."""
    m = _EVALUATION.search(nfkc(title))
    if not m:
        return None
    return era_year(m.group(1), m.group(2)), era_year(m.group(3), m.group(4))


def parse_year(text: str) -> int | None:
    """A fiscal year cell: 2024, 2024年度, 令和6年度, R6, 令和元年度; None when it is none of these."""
    value = nfkc(text).strip()
    if value.isascii() and value.isdigit() and len(value) == 4:
        return int(value)
    return fiscal_year_from_name(value) if value else None


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
