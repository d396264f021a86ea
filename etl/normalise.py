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
