"""Text normalisation as tables: fiscal years in titles, file names and cells, numbers, offsets kept through NFKC."""

from __future__ import annotations

import pytest

from jkg.etl.normalise import (
    era_year,
    evaluation_and_activity_years,
    fiscal_year_from_name,
    fiscal_year_from_title,
    key,
    normalise_with_offsets,
    parse_int,
    parse_year,
)

YEAR_CASES = [
    ("令和2年度事務事業一覧（政策イノベーション部）", 2020),
    ("令和元年度 事務事業一覧", 2019),
    ("平成31年度事務事業一覧", 2019),
    ("平成元年度", 1989),
    ("昭和64年度", 1989),
    ("令和 ３ 年度 事務事業一覧", 2021),  # full-width digits and spaces
    ("2021年度事務事業一覧", 2021),
    ("２０２２年度", 2022),
    ("事務事業一覧", None),
    ("令和2年 事務事業一覧", None),  # a calendar year is not a fiscal year
]


@pytest.mark.parametrize(("title", "expected"), YEAR_CASES)
def test_fiscal_year_from_title(title: str, expected: int | None) -> None:
    assert fiscal_year_from_title(title) == expected


@pytest.mark.parametrize(
    ("era", "number", "expected"), [("令和", "元", 2019), ("令和", "6", 2024), ("平成", "３０", 2018)]
)
def test_era_year(era: str, number: str, expected: int) -> None:
    assert era_year(era, number) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("8", 8), ("８", 8), (" 12 ", 12), ("１０１８", 1018), ("", None), ("8a", None), ("-1", None)],
)
def test_parse_int(cell: str, expected: int | None) -> None:
    assert parse_int(cell) == expected


@pytest.mark.parametrize(("text", "expected"), [("ＪＡＸＡ", "JAXA"), ("つくば　市", "つくば市"), ("A B\tC", "ABC")])
def test_key(text: str, expected: str) -> None:
    assert key(text) == expected


OFFSET_CASES = [
    # text, corrections, normalised, the verbatim index of each normalised character, corrected spans
    ("ＪＡＸＡ", {}, "JAXA", [0, 1, 2, 3], []),
    ("①号", {}, "1号", [0, 1], []),
    ("㈱カスミ", {}, "(株)カスミ", [0, 0, 0, 1, 2, 3], []),  # one character becomes three
    ("次城県の", {"次城県": "茨城県"}, "茨城県の", [0, 1, 2, 3], [(0, 3)]),
]


@pytest.mark.parametrize(("text", "corrections", "norm", "origin", "corrected"), OFFSET_CASES)
def test_normalise_with_offsets(
    text: str, corrections: dict[str, str], norm: str, origin: list[int], corrected: list[tuple[int, int]]
) -> None:
    assert normalise_with_offsets(text, corrections) == (norm, origin, corrected)


NAME_CASES = [
    ("kitamoto-r6.csv", 2024),
    ("shinagawa-R7.csv", 2025),
    ("令和6年度事務事業評価.xlsx", 2024),
    ("2024年度_事務事業一覧.csv", 2024),
    ("h31-list.txt", 2019),
    ("list-r12x.csv", 2030),
    ("list.csv", None),
    ("r2d2.csv", 2020),  # a lone R and digits reads as a year: pass --fiscal-year when it is not
    ("version12.csv", None),
]


@pytest.mark.parametrize(("name", "expected"), NAME_CASES)
def test_fiscal_year_from_name(name: str, expected: int | None) -> None:
    assert fiscal_year_from_name(name) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("令和7年度評価（令和6年度事業）", (2025, 2024)),
        ("令和元年度 評価 (平成30年度 実施)", (2019, 2018)),
        ("令和7年度事務事業評価", None),
    ],
)
def test_evaluation_and_activity_years(title: str, expected: tuple[int, int] | None) -> None:
    assert evaluation_and_activity_years(title) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024", 2024),
        ("２０２４年度", 2024),
        ("令和6年度", 2024),
        ("R6", 2024),
        ("令和元年度", 2019),
        ("", None),
        ("六", None),
    ],
)
def test_parse_year(cell: str, expected: int | None) -> None:
    assert parse_year(cell) == expected
