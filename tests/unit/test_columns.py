"""Column headers as tables: roles from the real variants, money headers with kind, year, scale and caveat."""

from __future__ import annotations

import pytest

from jkg.etl.columns import Amount, IndicatorField, amount_of, indicator_of, role_of

ROLE_CASES = [
    ("通し番号", "serial"),
    ("事業番号", "number"),
    ("事務事業コード", "number"),
    ("予算事業ID", "number"),
    ("事業 コード", "number"),  # spaces ignored
    ("ページ番号", "page"),
    ("事務事業名", "name"),
    ("予算名", "name"),
    ("課名", "unit"),
    ("主管課", "unit"),
    ("担当（部室課）", "unit"),  # brackets ignored
    ("担当部", "department"),
    ("担当部署", "department"),
    ("局", "department"),
    ("目的", "purpose"),
    ("意図", "purpose"),
    ("事業の内容", "overview"),
    ("手段", "overview"),
    ("事業実施結果", "results"),
    ("活動実績", "results"),
    ("今後の展開（詳細）", "direction"),
    ("今後の取組の方向性", "direction"),
    ("総合評価", "grade"),
    ("根拠法令区分", "legal_basis_kind"),
    ("根拠法令", "legal_basis"),
    ("政策の柱", "policy"),
    ("施策", "measure"),
    ("基本事業", "basic_project"),
    ("Ｒ６決算（千円）", "amount"),
    ("成果指標名", "indicator"),
    ("活動指標目標値（R6）", "indicator"),
    ("評価指標", None),
    ("備考", None),
    ("", None),
]


@pytest.mark.parametrize(("header", "role"), ROLE_CASES)
def test_role_of(header: str, role: str | None) -> None:
    assert role_of(header) == role


AMOUNT_CASES = [
    ("R6決算(千円)", Amount("settled", 2024, 1000)),
    ("R7当初予算(千円)", Amount("initial-budget", 2025, 1000)),
    ("令和7年度当初予算額（千円）", Amount("initial-budget", 2025, 1000)),
    ("2024年度決算額(円)", Amount("settled", 2024, 1)),
    ("事業費（百万円）", Amount("project-cost", None, 1_000_000)),
    ("トータルコスト", Amount("total-cost", None, 0)),  # no unit: the title's 単位：千円, else yen
    ("R8年度予定", Amount("planned", 2026, 0)),
    ("国庫支出金(千円)", Amount("national-subsidy", None, 1000)),
    ("R6一般財源（千円）", Amount("general-revenue", 2024, 1000)),
    ("決算額（人件費除く・千円）", Amount("settled", None, 1000, "人件費除く")),
    ("事業費 人件費除く (千円)", Amount("project-cost", None, 1000, "人件費除く")),
    ("決算額(ドル)", None),  # an unknown unit
    ("事業名", None),
]


@pytest.mark.parametrize(("header", "expected"), AMOUNT_CASES)
def test_amount_of(header: str, expected: Amount | None) -> None:
    assert amount_of(header) == expected


INDICATOR_CASES = [
    ("成果指標名", IndicatorField("outcome", 1, "name")),
    ("活動指標", IndicatorField("activity", 1, "name")),
    ("活動指標1の単位", IndicatorField("activity", 1, "unit")),
    ("成果指標(単位)", IndicatorField("outcome", 1, "unit")),
    ("成果指標目標値(R6)", IndicatorField("outcome", 1, "target", 2024)),
    ("R6成果指標実績", IndicatorField("outcome", 1, "actual", 2024)),
    ("成果指標2 実績値（令和5年度）", IndicatorField("outcome", 2, "actual", 2023)),
    ("成果指標②目標", IndicatorField("outcome", 2, "target")),  # ② is 2 after NFKC
    ("指標名", IndicatorField("other", 1, "name")),
    ("活動指標目標値2025年度", IndicatorField("activity", 1, "target", 2025)),
    ("評価指標", None),
    ("目標値", None),  # which indicator is not said
]


@pytest.mark.parametrize(("header", "expected"), INDICATOR_CASES)
def test_indicator_of(header: str, expected: IndicatorField | None) -> None:
    assert indicator_of(header) == expected
