"""Unit cells as tables: one to four levels by their suffixes, two units in one cell, cells that name none."""

from __future__ import annotations

import pytest

from jkg.etl.units import parse_units, unit_kind

CASES = [
    (["政策イノベーション部 情報政策課"], [("政策イノベーション部", "情報政策課")]),
    (["政策イノベーション部情報政策課"], [("政策イノベーション部", "情報政策課")]),
    (["政策イノベーション部　情報政策課"], [("政策イノベーション部", "情報政策課")]),  # a full-width space
    (["  政策イノベーション部   情報 政策課 "], [("政策イノベーション部", "情報政策課")]),
    (["政策イノベーション部つくばイノベーションプラザ"], [("政策イノベーション部", "つくばイノベーションプラザ")]),
    (["総務局 総務課"], [("総務局", "総務課")]),
    (["市民部市民窓口課"], [("市民部", "市民窓口課")]),
    (["市長公室 危機管理課"], [("市長公室", "危機管理課")]),
    (["区長室 総務課"], [("区長室", "総務課")]),
    (["区長室総務課"], [("区長室", "総務課")]),
    (["会計課"], [("会計課",)]),  # directly under the municipality
    (["選挙管理委員会事務局"], [("選挙管理委員会事務局",)]),  # 委員会 + 事務局 is one name
    (["教育委員会事務局", "品川図書館"], [("教育委員会事務局", "品川図書館")]),
    (["選挙管理委員会事務局", "選挙管理委員会事務局"], [("選挙管理委員会事務局",)]),  # the same unit in two cells
    (["", "議会事務局"], [("議会事務局",)]),  # no department
    (["政策推進部", "市長公室"], [("政策推進部", "市長公室")]),  # a division that is a 室
    (["法務省 大臣官房 司法法制部 司法法制課"], [("法務省", "大臣官房", "司法法制部", "司法法制課")]),
    (["法務省大臣官房司法法制部司法法制課"], [("法務省", "大臣官房", "司法法制部", "司法法制課")]),
    (["区長室", "総務課官民共創担当"], [("区長室", "総務課", "官民共創担当")]),
    (["企画経営部", "新庁舎整備課"], [("企画経営部", "新庁舎整備課")]),  # 庁 inside a name is no split
    (["温室効果ガス対策課"], [("温室効果ガス対策課",)]),  # nor 室 in 温室
    (["企画課・財政課"], [("企画課",), ("財政課",)]),  # two units
    (["市民部 市民課、保険課"], [("市民部", "市民課"), ("市民部", "保険課")]),  # the second shares the 部
    (["福祉部", "高齢福祉課／介護保険課"], [("福祉部", "高齢福祉課"), ("福祉部", "介護保険課")]),
    (["人権・ジェンダー平等推進課"], [("人権・ジェンダー平等推進課",)]),  # 「・」 inside one name
    (["都市環境部", "品川区清掃事務所"], [("都市環境部", "品川区清掃事務所")]),
    (["情報政策"], None),  # no unit suffix
    ([""], None),
    (["A部 B局 C部 D課 E係"], None),  # five levels
]


@pytest.mark.parametrize(("cells", "expected"), CASES, ids=[" / ".join(c) or "empty" for c, _ in CASES])
def test_parse_units(cells: list[str], expected: list[tuple[str, ...]] | None) -> None:
    assert parse_units(cells) == expected


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (("政策推進部",), "department"),
        (("選挙管理委員会事務局",), "department"),
        (("区長室",), "department"),
        (("市長公室",), "division"),
        (("会計課",), "division"),
        (("教育総合支援センター",), "division"),
        (("総務課", "官民共創担当"), "section"),
        (("政策イノベーション部", "つくばイノベーションプラザ"), "division"),  # no suffix: a division
    ],
)
def test_unit_kind(path: tuple[str, ...], kind: str) -> None:
    assert unit_kind(path, len(path) - 1) == kind
