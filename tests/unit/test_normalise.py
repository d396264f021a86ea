"""Text normalisation as tables: unit cells, fiscal years in titles, numbers, offsets kept through NFKC."""

from __future__ import annotations

import pytest

from jkg.etl.normalise import era_year, fiscal_year_from_title, key, normalise_with_offsets, parse_int, split_unit

UNIT_CASES = [
    ("政策イノベーション部 情報政策課", ("政策イノベーション部", "情報政策課")),
    ("政策イノベーション部情報政策課", ("政策イノベーション部", "情報政策課")),
    ("政策イノベーション部　情報政策課", ("政策イノベーション部", "情報政策課")),  # a full-width space
    ("  政策イノベーション部   情報 政策課 ", ("政策イノベーション部", "情報政策課")),
    ("総務局 総務課", ("総務局", "総務課")),
    ("市民部市民窓口課", ("市民部", "市民窓口課")),
    ("情報政策課", None),  # no 部 or 局
    ("", None),
]


@pytest.mark.parametrize(("cell", "expected"), UNIT_CASES)
def test_split_unit(cell: str, expected: tuple[str, str] | None) -> None:
    assert split_unit(cell) == expected


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
