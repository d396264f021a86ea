"""Legal-basis cells as the laws and ordinances they name (kind, name, span, local government)."""

from __future__ import annotations

import pytest

from jkg.etl.legal import legal_items
from jkg.municipalities import gazetteer

OWN = gazetteer().resolve("112330")  # 北本市 (埼玉県)

CASES = [
    ("地方税法、北本市税条例", [("law", "地方税法", ""), ("ordinance", "北本市税条例", "112330")]),
    ("地方自治法第234条の2、地方自治法施行令第167条の15", [("law", "地方自治法", ""), ("law", "地方自治法施行令", "")]),
    ("スポーツ基本法第31条、第35条", [("law", "スポーツ基本法", "")]),  # an article alone is no name
    (
        "地方自治法、地方公共団体の財政の健全化に関する法律等",
        [("law", "地方自治法", ""), ("law", "地方公共団体の財政の健全化に関する法律", "")],
    ),
    ("廃棄物の処理及び清掃に関する法律", [("law", "廃棄物の処理及び清掃に関する法律", "")]),
    ("児童手当法施行規則　※第1号法定受託事務", [("law", "児童手当法施行規則", "")]),  # a note is no name
    ("個人情報の保護に関する法律ほか", [("law", "個人情報の保護に関する法律", "")]),
    ("予防接種助成金交付要綱", [("ordinance", "北本市予防接種助成金交付要綱", "112330")]),  # the city's own
    (
        "北本市空き地環境保全に関する条例施行規則第２条",
        [("ordinance", "北本市空き地環境保全に関する条例施行規則", "112330")],
    ),
    (
        "北本市消費生活ｾﾝﾀｰの組織及び運営等に関する条例",
        [("ordinance", "北本市消費生活センターの組織及び運営等に関する条例", "112330")],
    ),
    ("埼玉県生活環境保全条例", [("ordinance", "埼玉県生活環境保全条例", "110001")]),  # the prefecture's
    ("東京都安全安心まちづくり条例", [("ordinance", "東京都安全安心まちづくり条例", "130001")]),
    ("地方税法\n北本市税条例", [("law", "地方税法", ""), ("ordinance", "北本市税条例", "112330")]),
    ("児童福祉法（昭和22年法律第164号）", [("law", "児童福祉法", "")]),
    ("府中市税条例", []),  # two 府中市, neither in 埼玉県: whose it is cannot be told
    ("条例定数", []),
    ("特定個人情報の適正な取扱いに関するガイドライン、地方公共団体の", []),
    ("地価が下落修正にある場合の評価の据え置きは、納税者に不利に働くことになるため", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_legal_items(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(i.kind, i.canonical, i.municipality) for i in legal_items(text, OWN)] == expected


def test_spans_locate_the_names_in_the_verbatim_text() -> None:
    text = "地方税法第5条、 北本市税条例等"
    assert [text[i.start : i.end] for i in legal_items(text, OWN)] == ["地方税法", "北本市税条例"]
