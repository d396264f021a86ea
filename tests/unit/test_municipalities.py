"""Tests of municipalities.py against the bundled municipalities.csv (as of October 2020)."""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from jkg.municipalities import (
    KINDS,
    MUNICIPALITY_KINDS,
    Gazetteer,
    LocalGovernment,
    check_digit,
    is_valid_code,
    normalize_name,
)

CSV = Path(__file__).resolve().parents[2] / "data" / "municipalities" / "municipalities.csv"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(CSV)


# --- check digits -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "body"),
    [
        ("082201", "茨城県つくば市"),
        ("112330", "埼玉県北本市"),  # weighted sum 34, remainder 1 -> 0
        ("012131", "北海道苫小牧市"),  # weighted sum 22, remainder 0 -> 1
        ("131091", "東京都品川区"),
        ("011002", "北海道札幌市"),
        ("130001", "東京都"),
        ("080004", "茨城県"),
        ("271276", "大阪府大阪市北区"),
        ("132063", "東京都府中市"),
        ("473821", "沖縄県与那国町"),
    ],
)
def test_check_digit_of_known_codes(code: str, body: str, gaz: Gazetteer) -> None:
    assert check_digit(code[:5]) == code[5]
    assert is_valid_code(code)
    found = gaz.by_code(code)
    assert found is not None
    assert found.full_name == body


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("082201", True),
        ("082202", False),  # wrong check digit
        ("082200", False),
        ("08220", False),  # 5 digits: no check digit to verify
        ("0822011", False),
        ("", False),
        ("08220a", False),
        ("０８２２０１", False),  # full-width digits are not a code as such
    ],
)
def test_is_valid_code(code: str, valid: bool) -> None:
    assert is_valid_code(code) is valid


@pytest.mark.parametrize("bad", ["", "0822", "082201", "abcde", "０８２２０", "0822 "])
def test_check_digit_rejects_non_five_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="5 ASCII digits"):
        check_digit(bad)


def test_every_code_in_the_file_has_a_valid_check_digit() -> None:
    with CSV.open(encoding="utf-8", newline="") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    assert [c for c in codes if not is_valid_code(c)] == []
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


# --- counts -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("prefecture", 47),
        ("designated-city", 20),
        ("city", 772),
        ("special-ward", 23),
        ("ward", 175),
        ("town", 743),
        ("village", 183),
    ],
)
def test_count_by_kind(kind: str, count: int, gaz: Gazetteer) -> None:
    assert sum(1 for b in gaz if b.kind == kind) == count


def test_totals(gaz: Gazetteer) -> None:
    kinds = Counter(b.kind for b in gaz)
    assert set(kinds) == KINDS
    assert kinds["designated-city"] + kinds["city"] == 792  # 市
    assert kinds["designated-city"] + kinds["city"] + kinds["town"] + kinds["village"] == 1718  # 市町村
    assert sum(kinds[k] for k in MUNICIPALITY_KINDS) == 1741  # 市区町村
    assert len(gaz) == 47 + 1741 + 175 == 1963
    assert len(gaz.prefectures()) == 47


@pytest.mark.parametrize(
    ("city", "wards"),
    [
        ("011002", 10),  # 札幌市
        ("041009", 5),  # 仙台市
        ("111007", 10),  # さいたま市
        ("121002", 6),  # 千葉市
        ("141003", 18),  # 横浜市
        ("141305", 7),  # 川崎市
        ("141500", 3),  # 相模原市
        ("151009", 8),  # 新潟市
        ("221007", 3),  # 静岡市
        ("221309", 7),  # 浜松市 (before the 2024 reorganisation)
        ("231002", 16),  # 名古屋市
        ("261009", 11),  # 京都市
        ("271004", 24),  # 大阪市
        ("271403", 7),  # 堺市
        ("281000", 9),  # 神戸市
        ("331007", 4),  # 岡山市
        ("341002", 8),  # 広島市
        ("401005", 7),  # 北九州市
        ("401307", 7),  # 福岡市
        ("431001", 5),  # 熊本市
    ],
)
def test_wards_of_each_designated_city(city: str, wards: int, gaz: Gazetteer) -> None:
    body = gaz.by_code(city)
    assert body is not None and body.kind == "designated-city"
    found = gaz.wards_of(body)
    assert len(found) == wards
    assert all(w.prefecture_code == body.prefecture_code and w.parent_name == body.name for w in found)
    assert all(w.name.endswith("区") for w in found)


def test_the_twenty_designated_cities_are_listed(gaz: Gazetteer) -> None:
    cities = {b.name for b in gaz if b.kind == "designated-city"}
    assert cities == {
        *("札幌市", "仙台市", "さいたま市", "千葉市", "横浜市", "川崎市", "相模原市", "新潟市", "静岡市", "浜松市"),
        *("名古屋市", "京都市", "大阪市", "堺市", "神戸市", "岡山市", "広島市", "北九州市", "福岡市", "熊本市"),
    }


def test_prefecture_rows(gaz: Gazetteer) -> None:
    prefs = gaz.prefectures()
    assert [p.prefecture_code for p in prefs] == [f"{i:02d}" for i in range(1, 48)]
    assert all(p.code == p.prefecture_code + "000" + check_digit(p.prefecture_code + "000") for p in prefs)
    assert (prefs[0].name, prefs[12].name, prefs[-1].name) == ("北海道", "東京都", "沖縄県")


# --- codes --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "full_name"),
    [
        ("08220", "茨城県つくば市"),
        ("082201", "茨城県つくば市"),
        ("０８２２０１", "茨城県つくば市"),  # full-width digits are NFKC-normalised
        (" 13109 ", "東京都品川区"),
        ("27127", "大阪府大阪市北区"),
        ("13000", "東京都"),
    ],
)
def test_by_code(code: str, full_name: str, gaz: Gazetteer) -> None:
    body = gaz.by_code(code)
    assert body is not None
    assert body.full_name == full_name


def test_by_code_unknown_is_none(gaz: Gazetteer) -> None:
    assert gaz.by_code("99999") is None
    assert gaz.by_code("01999" + check_digit("01999")) is None


@pytest.mark.parametrize(
    ("code", "message"), [("082202", "check digit"), ("0822", "5- or 6-digit"), ("つくば", "digit")]
)
def test_by_code_rejects(code: str, message: str, gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match=message):
        gaz.by_code(code)


# --- names --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prefecture", "codes"),
    [
        ("つくば市", None, ["082201"]),
        ("茨城県つくば市", None, ["082201"]),
        ("つくば市", "茨城県", ["082201"]),
        ("つくば市", "茨城", ["082201"]),
        ("つくば市", "08", ["082201"]),
        ("つくば市", "千葉県", []),
        ("品川区", None, ["131091"]),
        ("東京都品川区", None, ["131091"]),
        ("東京都 品川区", None, ["131091"]),
        ("東京都\u3000品川区", None, ["131091"]),  # ideographic space
        ("品川区", "東京都", ["131091"]),
        ("東京都品川区", "大阪府", []),
        ("南ｱﾙﾌﾟｽ市", None, ["192082"]),  # half-width katakana, NFKC
        ("鶴ケ島市", None, ["112411"]),  # ケ for ヶ
        ("府中市", None, ["132063", "342084"]),
        ("府中市", "広島県", ["342084"]),
        ("府中町", None, ["343021"]),
        ("北区", "東京都", ["131172"]),
        ("北区", "大阪府", ["271276", "271462"]),  # 大阪市北区 and 堺市北区
        ("大阪市北区", None, ["271276"]),
        ("大阪府大阪市北区", None, ["271276"]),
        ("堺市北区", None, ["271462"]),
        ("札幌市", None, ["011002"]),
        ("茨城県", None, ["080004"]),
        ("東京", None, ["130001"]),
        ("北海道", None, ["010006"]),
        ("つくば", None, []),
        ("", None, []),
    ],
)
def test_find(name: str, prefecture: str | None, codes: list[str], gaz: Gazetteer) -> None:
    assert [b.code for b in gaz.find(name, prefecture)] == codes


def test_find_every_body_by_its_full_name(gaz: Gazetteer) -> None:
    for body in gaz:
        assert body in gaz.find(body.full_name), body
        assert gaz.resolve(body.full_name) == body  # the full name is never ambiguous


def test_find_bare_ward_name_returns_all_of_them(gaz: Gazetteer) -> None:
    found = gaz.find("北区")
    assert len(found) == 12  # 東京都北区 + the 北区 of 11 designated cities (浜松市 had one until 2024)
    assert found[0].full_name == "北海道札幌市北区"
    assert {b.kind for b in found} == {"special-ward", "ward"}


def test_find_unknown_prefecture(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match="unknown prefecture"):
        gaz.find("つくば市", "茨木県")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("つくば市", "082201"),
        ("茨城県つくば市", "082201"),
        ("082201", "082201"),
        ("08220", "082201"),
        ("東京都府中市", "132063"),
        ("広島県府中市", "342084"),
        ("大阪市北区", "271276"),
        ("東京都北区", "131172"),
        ("大阪府", "270008"),
    ],
)
def test_resolve(text: str, code: str, gaz: Gazetteer) -> None:
    assert gaz.resolve(text).code == code


def test_resolve_with_prefecture(gaz: Gazetteer) -> None:
    assert gaz.resolve("府中市", prefecture="広島県").code == "342084"
    with pytest.raises(ValueError, match="not in"):
        gaz.resolve("132063", prefecture="広島県")


def test_resolve_ambiguous_lists_candidates(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError) as info:
        gaz.resolve("府中市")
    message = str(info.value)
    assert "ambiguous" in message
    assert "東京都府中市 (132063)" in message
    assert "広島県府中市 (342084)" in message
    assert "give the prefecture, e.g. 東京都府中市, or the code 132063" in message


def test_resolve_ambiguous_ward_asks_for_the_city(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match=r"大阪府大阪市北区 \(271276\), 大阪府堺市北区 \(271462\).*the city"):
        gaz.resolve("北区", prefecture="大阪府")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("つくば", "did you mean 茨城県つくば市 (082201), 茨城県つくばみらい市 (082350)?"),
        ("つくば市役所", "did you mean 茨城県つくば市 (082201)?"),
        ("ほげ市", "unknown local government 'ほげ市'"),
        ("99999", "no local government has the code 99999"),
        ("082202", "check digit of 082202 is wrong: expected 082201"),
    ],
)
def test_resolve_unknown(text: str, message: str, gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        gaz.resolve(text)


# --- names shared by several prefectures ---------------------------------------------------------------------------

SHARED = {
    "伊達市": ["北海道", "福島県"],
    "松前町": ["北海道", "愛媛県"],
    "森町": ["北海道", "静岡県"],
    "日高町": ["北海道", "和歌山県"],
    "清水町": ["北海道", "静岡県"],
    "池田町": ["北海道", "福井県", "長野県", "岐阜県"],
    "南部町": ["青森県", "山梨県", "鳥取県"],
    "川崎町": ["宮城県", "福岡県"],
    "美里町": ["宮城県", "埼玉県", "熊本県"],
    "美郷町": ["秋田県", "島根県", "宮崎県"],
    "朝日町": ["山形県", "富山県", "三重県"],
    "金山町": ["山形県", "福島県"],
    "川西町": ["山形県", "奈良県"],
    "小国町": ["山形県", "熊本県"],
    "昭和村": ["福島県", "群馬県"],
    "南牧村": ["群馬県", "長野県"],
    "高山村": ["群馬県", "長野県"],
    "明和町": ["群馬県", "三重県"],
    "府中市": ["東京都", "広島県"],
    "美浜町": ["福井県", "愛知県", "和歌山県"],
    "川上村": ["長野県", "奈良県"],
    "高森町": ["長野県", "熊本県"],
    "日野町": ["滋賀県", "鳥取県"],
    "太子町": ["大阪府", "兵庫県"],
    "広川町": ["和歌山県", "福岡県"],
}


def test_shared_municipality_names(gaz: Gazetteer) -> None:
    shared = gaz.shared_names()
    assert len(shared) == 25
    assert {name: [b.prefecture for b in bodies] for name, bodies in shared.items()} == SHARED


@pytest.mark.parametrize(("name", "prefectures"), SHARED.items())
def test_shared_name_is_ambiguous_until_the_prefecture_is_given(
    name: str, prefectures: list[str], gaz: Gazetteer
) -> None:
    with pytest.raises(ValueError, match="ambiguous") as info:
        gaz.resolve(name)
    for pref in prefectures:
        assert pref + name in str(info.value)
        assert gaz.resolve(pref + name).prefecture == pref
        assert gaz.resolve(name, prefecture=pref).prefecture == pref


def test_shared_names_including_designated_city_wards(gaz: Gazetteer) -> None:
    shared = gaz.shared_names(KINDS - {"prefecture"})
    assert len(shared) == 37
    assert {"北区", "中央区", "港区", "泉区"} <= set(shared)


# --- the record ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "full_name", "kind", "parent_code", "kana"),
    [
        ("080004", "茨城県", "prefecture", "", "イバラキケン"),
        ("082201", "茨城県つくば市", "city", "", "ツクバシ"),
        ("131091", "東京都品川区", "special-ward", "", "シナガワク"),
        ("011002", "北海道札幌市", "designated-city", "", "サッポロシ"),
        ("271276", "大阪府大阪市北区", "ward", "271004", ""),  # no reading for wards in the source
        ("133078", "東京都檜原村", "village", "", "ヒノハラムラ"),
        ("094111", "栃木県那珂川町", "town", "", "ナカガワマチ"),
    ],
)
def test_record(code: str, full_name: str, kind: str, parent_code: str, kana: str, gaz: Gazetteer) -> None:
    body = gaz.by_code(code)
    assert body is not None
    assert (body.full_name, body.kind, body.parent_code, body.kana) == (full_name, kind, parent_code, kana)
    assert body.code5 == code[:5]
    assert str(body) == f"{full_name} ({code})"
    assert gaz.prefecture_of(body).prefecture == body.prefecture


def test_record_is_frozen() -> None:
    body = LocalGovernment("082201", "08", "茨城県", "つくば市", "city", "")
    assert body.full_name == "茨城県つくば市"
    with pytest.raises(dataclasses.FrozenInstanceError):
        body.name = "土浦市"  # type: ignore[misc]


def test_names(gaz: Gazetteer) -> None:
    names = gaz.names()
    assert len(names) == len(set(names)) == 1818
    assert "つくば市" in names and "北区" in names and "茨城県" not in names
    assert [len(n) for n in names] == sorted((len(n) for n in names), reverse=True)
    assert len(gaz.names({"prefecture"})) == 47
    assert len(gaz.names(MUNICIPALITY_KINDS)) == 1741 - 32  # the 25 shared names are borne by 57 bodies
    with pytest.raises(ValueError, match="unknown kind"):
        gaz.names({"county"})


@pytest.mark.parametrize(
    ("raw", "normal"),
    [("東京都 品川区", "東京都品川区"), ("南ｱﾙﾌﾟｽ市", "南アルプス市"), ("鶴ヶ島市", "鶴ケ島市"), ("ＡＢ", "AB")],
)
def test_normalize_name(raw: str, normal: str) -> None:
    assert normalize_name(raw) == normal


# --- loading ------------------------------------------------------------------------------------------------------

HEADER = "code,prefecture_code,prefecture,name,kind,parent_code,parent_name\n"
PREF = "080004,08,茨城県,茨城県,prefecture,,\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("code,name\n080004,茨城県\n", "missing column"),
        (HEADER + PREF + "082202,08,茨城県,つくば市,city,,\n", "check digit"),
        (HEADER + PREF + "082201,08,茨城県,つくば市,city\n", "number of fields"),
        (HEADER + PREF + "082201,09,茨城県,つくば市,city,,\n", "not in 09"),
        (HEADER + PREF + "082201,08,茨城県,つくば市,county,,\n", "unknown kind"),
        (HEADER + PREF + PREF, "duplicate code"),
        (HEADER + "082201,08,茨城県,つくば市,city,,\n", "no prefecture 08"),
        (HEADER + PREF + "082201,08,茨城県,北区,ward,082201,つくば市\n", "parent"),
    ],
)
def test_load_rejects_bad_files(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        Gazetteer.load(path)


def test_load_without_kana_column(tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text(HEADER + PREF + "082201,08,茨城県,つくば市,city,,\n", encoding="utf-8")
    gaz = Gazetteer.load(path)
    assert len(gaz) == 2
    assert gaz.resolve("つくば市").kana == ""
