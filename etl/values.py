"""Cell values of the columns that hold figures and codes: numbers (money, indicator values), "no value"
marks, and a leading notation (`60 健全で開かれたまち`, `1_大幅な見直しは必要ない`).

Pure functions, table-tested in tests/unit/test_values.py.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jkg.etl.normalise import nfkc

# A cell of only these (after NFKC, white space removed) has no value: blank, -, －, ―, ‐, —, −, ー, ─, ・, ＊, /.
_NO_VALUE = re.compile(r"^[-‐‑‒–—―−ー─━~〜・*/]*$")
# A number: an optional sign (▲ and △ are the Japanese accounts' minus), digits with or without thousands
# separators, an optional fraction, then optionally a unit written in the cell.
_NUMBER = re.compile(r"^(?P<sign>[-−▲△])?(?P<int>[0-9]+(?:,[0-9]{3})*)(?:\.(?P<frac>[0-9]+))?(?P<unit>[^0-9.,]*)$")
CELL_UNITS: dict[str, int] = {"": 0, "円": 1, "千円": 1000, "百万円": 1_000_000, "%": 0}
_NOTATION = re.compile(
    r"^\s*(?:[(（](?P<paren>[0-9０-９]{1,3})[)）]|(?P<num>[0-9０-９]{1,3}(?:[-－‐ｰ.．][0-9０-９]{1,3})*))"
    r"(?:(?<=[)）])[\s　]*|[\s　_＿、:：.．)）]+)(?P<label>\S.*)$",
    re.S,
)


class NotANumber(ValueError):
    """A cell of a figure column that is neither a number nor a "no value" mark."""


def no_value(text: str) -> bool:
    """True for a blank cell or one holding only a dash (-, －, ―, ー …): no value, never zero."""
    return bool(_NO_VALUE.match(re.sub(r"\s+", "", nfkc(text))))


def parse_number(text: str) -> tuple[Decimal | None, int]:
    """(value, scale the cell itself names: 1000 for `3,650千円`, else 0) of a figure cell; (None, 0) for no value.

    Commas, full-width digits and a leading ▲ or △ (minus) are fine; anything else raises NotANumber."""
    value = re.sub(r"\s+", "", nfkc(text))
    if _NO_VALUE.match(value):
        return None, 0
    m = _NUMBER.match(value)
    if m is None or m.group("unit") not in CELL_UNITS:
        raise NotANumber(text)
    digits = m.group("int").replace(",", "") + ("." + m.group("frac") if m.group("frac") else "")
    number = Decimal(digits)
    return (-number if m.group("sign") else number), CELL_UNITS[m.group("unit")]


def decimal_lexical(value: Decimal) -> str:
    """The canonical xsd:decimal form: 3650000, 12.5, -4 (never an exponent)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def split_notation(text: str) -> tuple[str, str]:
    """(notation, label) of a coded cell: `60 健全で開かれたまち` → ("60", "健全で開かれたまち"),
    `1_大幅な見直しは必要ない` → ("1", "大幅な見直しは必要ない"), `(2) 防災` → ("2", "防災"); ("", text) when
    the cell starts with no number. The label keeps its verbatim spelling."""
    stripped = text.strip()
    m = _NOTATION.match(stripped)
    if m is None:
        return "", stripped
    notation = re.sub("[ー‐]", "-", nfkc(m.group("paren") or m.group("num") or ""))
    return notation, m.group("label").strip()
