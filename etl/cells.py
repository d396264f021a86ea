"""The cells of the columns beyond name, unit and texts: money, indicators, evaluation, legal basis, policy.

A money or indicator-value cell is read as a number (values.py): blank and dashes are no value, a non-number is
a row problem. A money column whose header names no unit takes the list's `単位：千円` (in a title row or a header
cell), else yen with a warning. A money column of a total kind (決算, 予算, 予定, 事業費, トータルコスト) whose
every value is 0 in a list of three rows or more is a transcription placeholder, not zero yen: its values are
read as no value, with a warning naming the column (a mapping file's CSVW `null` for the column overrides both).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from jkg.etl.columns import AMOUNT, INDICATOR, SCALES, Amount, IndicatorField
from jkg.etl.errors import Problem
from jkg.etl.normalise import nfkc
from jkg.etl.profile import Column
from jkg.etl.values import NotANumber, parse_number

if TYPE_CHECKING:
    from jkg.etl.read import Source

# Kinds of amount that are a project's total: a whole list of 0 cannot be real (funding sources can be 0).
TOTAL_KINDS = frozenset(
    {"settled", "settled-estimate", "initial-budget", "revised-budget", "budget", "planned", "project-cost"}
    | {"total-cost"}
)
PLACEHOLDER_MIN_ROWS = 3
_UNIT_NOTE = re.compile(r"単位\s*[:：]?\s*(千円|百万円|円)")
UNIT_NAMES = {scale: unit for unit, scale in SCALES.items()}


@dataclass(frozen=True)
class Cell:
    """A cell of a column the core fields do not hold (money, indicator, evaluation, legal basis, policy, extra):
    verbatim, and for money and indicator values the number it holds (None: no value)."""

    role: str
    header: str
    value: str
    column: int  # where the cell starts: column number of a sheet, character position in a text line
    amount: Amount | None = None
    indicator: IndicatorField | None = None
    index: int = 0  # 0-based position of the column in the header
    number: Decimal | None = None  # as written (in the source unit)
    scale: int = 1  # yen per source unit, for money

    @property
    def yen(self) -> Decimal | None:
        return None if self.number is None else self.number * self.scale

    @property
    def source_unit(self) -> str:
        return UNIT_NAMES.get(self.scale, "円")


def is_figure(column: Column) -> bool:
    """A column whose cells are numbers: money, or an indicator's target or actual."""
    return column.role == AMOUNT or (
        column.role == INDICATOR and column.indicator is not None and column.indicator.field in ("target", "actual")
    )


def unit_note(texts: Iterable[str]) -> int | None:
    """The scale a title row or header cell states for the whole list (`（単位：千円）` → 1000), if any."""
    for text in texts:
        m = _UNIT_NOTE.search(nfkc(text))
        if m:
            return SCALES[m.group(1)]
    return None


def read_cell(column: Column, value: str, col: int, *, default_scale: int, placeholder: bool) -> tuple[Cell, str]:
    """The cell, and a message when it should hold a number and does not ("" when it is fine)."""
    cell = Cell(column.role, column.header, value, col, column.amount, column.indicator, column.index)
    if not is_figure(column):
        return cell, ""
    if column.nulls is not None and value.strip() in column.nulls:
        return cell, ""
    if placeholder:
        return cell, ""
    what = "an amount of money" if column.role == AMOUNT else "an indicator value"
    advice = "written as digits (1,234 or １２３４; ▲ or △ for minus), and a blank or a dash (－, ―) means no value"
    try:
        number, cell_scale = parse_number(value)
    except NotANumber:
        return cell, f"{column.header} {value!r} is not a number; {what} is {advice}"
    if column.role != AMOUNT:
        return replace(cell, number=number), ""
    if "%" in value:
        return cell, f"{column.header} {value!r} is a percentage, not {what}; {what} is {advice}"
    scale = cell_scale or (column.amount.scale if column.amount and column.amount.scale else default_scale)
    return replace(cell, number=number, scale=scale), ""


def zero_columns(columns: list[Column], rows: Iterable[tuple[Cell, ...]]) -> dict[int, int]:
    """The money columns of a total kind whose every value is 0 (at least PLACEHOLDER_MIN_ROWS of them):
    column index → how many zeros."""
    watched = {
        c.index
        for c in columns
        if c.role == AMOUNT and c.amount is not None and c.amount.kind in TOTAL_KINDS and c.nulls is None
    }
    zeros: Counter[int] = Counter()
    other: set[int] = set()
    for cells in rows:
        for cell in cells:
            if cell.index in watched and cell.number is not None:
                if cell.number == 0:
                    zeros[cell.index] += 1
                else:
                    other.add(cell.index)
    return {i: n for i, n in zeros.items() if i not in other and n >= PLACEHOLDER_MIN_ROWS}


def placeholder_warnings(src: Source) -> list[Problem]:
    """W-PLACEHOLDER for each all-zero money column of a list, naming it and saying how to keep the zeros."""
    by_index = {c.index: c for c in src.columns}
    return [
        src.problem(
            "W-PLACEHOLDER",
            src.header_line,
            index + 1,
            by_index[index].header,
            f"column {index + 1} {by_index[index].header!r} is 0 in all {zeros} rows: read as no value (a "
            'placeholder, not 0 yen); if the zeros are real, give the column "null": "" in a mapping file',
        )
        for index, zeros in sorted(src.placeholders.items())
    ]


def duplicate_figures(columns: list[Column]) -> tuple[Column, Column] | None:
    """Two columns holding the same figure (one kind of money for one year, one field of one indicator)."""
    seen: dict[tuple[object, ...], Column] = {}
    for c in columns:
        if c.amount is not None:
            slot: tuple[object, ...] = ("amount", c.amount.kind, c.amount.fiscal_year)
        elif c.indicator is not None:
            slot = ("indicator", c.indicator.key, c.indicator.field, c.indicator.fiscal_year)
        else:
            continue
        if slot in seen:
            return seen[slot], c
        seen[slot] = c
    return None
