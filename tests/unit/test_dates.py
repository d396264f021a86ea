"""Date mentions as a table: the text, the sheet's fiscal year, the ISO 8601 values found."""

from __future__ import annotations

import pytest

from jkg.etl.dates import DATE_PATTERN, date_value
from jkg.etl.normalise import nfkc

CASES = [
    ("令和3年1月", 2020, ["2021-01"]),
    ("平成20年（2008年）5月28日", 2020, ["2008-05-28"]),
    ("2021年4月1日から", 2020, ["2021-04-01"]),
    ("6月19日に開催", 2020, ["2020-06-19"]),
    ("2月に実施", 2020, ["2021-02"]),  # January–March fall in the next calendar year of the fiscal year
    ("8月", 2020, ["2020-08"]),
    ("令和5年度", 2020, ["2023-04-01/2024-03-31"]),
    ("R1年度", 2020, ["2019-04-01/2020-03-31"]),
    ("令和元年度", 2020, ["2019-04-01/2020-03-31"]),
    ("2021年度～2023年度", 2020, ["2021-04-01/2024-03-31"]),
    ("2020年～2024年", 2020, ["2020/2024"]),
    ("2024年度", 2020, ["2024-04-01/2025-03-31"]),
    ("令和２年１０月", 2020, ["2020-10"]),  # full-width digits
    ("今年度", 2020, []),  # relative dates are not dates
    ("年1回", 2020, []),
    ("約1か月間", 2020, []),
    ("9月号", 2020, []),
]


@pytest.mark.parametrize(("text", "fiscal_year", "expected"), CASES)
def test_dates(text: str, fiscal_year: int, expected: list[str]) -> None:
    norm = nfkc(text)
    assert [date_value(m, fiscal_year) for m in DATE_PATTERN.finditer(norm)] == expected
