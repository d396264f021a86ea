"""Figure cells and coded cells as tables: numbers, "no value" marks, leading notations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jkg.etl.values import NotANumber, decimal_lexical, no_value, parse_number, split_notation

NUMBER_CASES = [
    ("3650", (Decimal(3650), 0)),
    ("3,650", (Decimal(3650), 0)),
    ("１２，３４５", (Decimal(12345), 0)),  # full-width digits and comma
    (" 12.5 ", (Decimal("12.5"), 0)),
    ("0", (Decimal(0), 0)),
    ("▲1,200", (Decimal(-1200), 0)),  # ▲ and △ are minus in Japanese accounts
    ("△5", (Decimal(-5), 0)),
    ("-5", (Decimal(-5), 0)),
    ("3,650千円", (Decimal(3650), 1000)),  # a unit in the cell wins over the header's
    ("500円", (Decimal(500), 1)),
    ("2百万円", (Decimal(2), 1_000_000)),
    ("85%", (Decimal(85), 0)),
    ("", (None, 0)),
    ("   ", (None, 0)),
    ("-", (None, 0)),
    ("－", (None, 0)),
    ("―", (None, 0)),
    ("ー", (None, 0)),
    ("—", (None, 0)),
    ("−", (None, 0)),
    ("--", (None, 0)),
]


@pytest.mark.parametrize(("text", "expected"), NUMBER_CASES)
def test_parse_number(text: str, expected: tuple[Decimal | None, int]) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["未定", "約300", "1,2,3", "3650ドル", "12.", "1,23", "三千"])
def test_not_a_number(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "empty"), [("", True), (" －", True), ("―", True), ("0", False), ("なし", False), ("A", False)]
)
def test_no_value(text: str, empty: bool) -> None:
    assert no_value(text) is empty


@pytest.mark.parametrize(
    ("value", "lexical"),
    [(Decimal(3650) * 1000, "3650000"), (Decimal("12.50"), "12.5"), (Decimal("-4"), "-4"), (Decimal("0.000"), "0")],
)
def test_decimal_lexical(value: Decimal, lexical: str) -> None:
    assert decimal_lexical(value) == lexical


NOTATION_CASES = [
    ("60 健全で開かれたまち", ("60", "健全で開かれたまち")),
    ("1_大幅な見直しは必要ない", ("1", "大幅な見直しは必要ない")),
    ("１－２　子育て支援", ("1-2", "子育て支援")),
    ("(2) 防災", ("2", "防災")),
    ("（3）防犯", ("3", "防犯")),
    ("3.1 教育", ("3.1", "教育")),
    ("手法等の改善", ("", "手法等の改善")),
    ("3か年計画の推進", ("", "3か年計画の推進")),  # a number that is part of the name
    ("2024年度の目標", ("", "2024年度の目標")),
    (" A ", ("", "A")),
]


@pytest.mark.parametrize(("text", "expected"), NOTATION_CASES)
def test_split_notation(text: str, expected: tuple[str, str]) -> None:
    assert split_notation(text) == expected
