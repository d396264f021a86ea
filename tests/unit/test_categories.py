"""A municipality's wording of a direction or a kind of legal basis, as the common category it matches."""

from __future__ import annotations

import pytest

from jkg.etl.categories import basis_category, direction_category

DIRECTION_CASES = [
    ("拡大", "expand"),
    ("対象・規模等の拡大", "expand"),
    ("現状維持", "continue"),
    ("現状継続", "continue"),
    ("計画・規定どおり", "continue"),
    ("大幅な見直しは必要ない", "continue"),  # a "no change" phrase, though it says 見直し
    ("見直しの必要性はあるが時期尚早", "continue"),
    ("見直しには法令等の改正が必須", "continue"),
    ("改善", "improve"),
    ("手法等の改善", "improve"),
    ("実施方法等の見直し", "improve"),
    ("対象・規模等の見直し", "improve"),
    ("縮小", "reduce"),
    ("事業費の縮小", "reduce"),
    ("取組みの一部廃止", "reduce"),  # partly abolished: reduced, not abolished
    ("他事業との整理統合", "merge"),
    ("事業移管・統合", "merge"),
    ("廃止", "abolish"),
    ("事業の廃止等に向けた検討", "abolish"),
    ("休止", "abolish"),
    ("完了", "complete"),
    ("事業の完了", "complete"),
    ("新規の取組み", None),
    ("法定受託事務・法定扶助費等", None),
]


@pytest.mark.parametrize(("label", "category"), DIRECTION_CASES)
def test_direction_category(label: str, category: str | None) -> None:
    assert direction_category(label) == category


BASIS_CASES = [
    ("法令", "law"),
    ("法律", "law"),
    ("条例", "ordinance"),
    ("規則等", "rule"),
    ("要綱", "guideline"),
    ("協定等", "agreement"),
    ("なし", "none"),
    ("該当なし", "none"),
    ("その他", None),
]


@pytest.mark.parametrize(("label", "category"), BASIS_CASES)
def test_basis_category(label: str, category: str | None) -> None:
    assert basis_category(label) == category
