"""Keys and who a list is of, across lists: a page or serial number is unique only within its list; the warning
for a reused number names the municipality; a romaji file name names the municipality when only one fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkg.etl.build import ReadOptions, build
from jkg.etl.errors import DataError, InputError
from jkg.municipalities import gazetteer
from tests.conftest import BASE, ID, JKG, data_graph

KITAMOTO = ReadOptions(fiscal_year=(2024,), municipality=(gazetteer().resolve("北本市"),))


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_page_repeated_within_one_list_is_a_duplicate_naming_both_rows(tmp_path: Path) -> None:
    source = write(tmp_path / "list.csv", "ページ番号,事務事業名,担当課", "3,広報事業,秘書広報課", "3,統計事業,総務課")
    with pytest.raises(DataError) as failed:
        build([source], tmp_path / "out", BASE, options=KITAMOTO)
    (problem,) = failed.value.problems
    assert problem.code == "E-DUPLICATE-NUMBER" and problem.line == 3
    assert "ページ番号 3 appears twice in FY2024 of 北本市" in problem.message


def test_serial_keyed_lists_of_one_city_and_year_build_together(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", "番号,事務事業名,担当課", "1,広報事業,秘書広報課")
    b = write(tmp_path / "b.csv", "番号,事務事業名,担当課", "1,道路維持事業,建設課")
    build([a, b], tmp_path / "out", BASE, options=KITAMOTO)
    graph = data_graph(tmp_path / "out")
    sheets = {str(s).rsplit("/project/", 1)[1] for s in graph.subjects(None, JKG.ProjectSheet)}
    assert sheets == {"a.csv-n1/2024", "b.csv-n1/2024"}


def test_a_reused_number_warns_with_the_municipalitys_name(tmp_path: Path) -> None:
    r5 = write(tmp_path / "r5.csv", "事業番号,事務事業名,担当課", "7,広報事業,秘書広報課")
    r6 = write(tmp_path / "r6.csv", "事業番号,事務事業名,担当課", "7,シティプロモーション事業,秘書広報課")
    options = ReadOptions(fiscal_year=(2023, 2024), municipality=KITAMOTO.municipality)
    report = build([r5, r6], tmp_path / "out", BASE, options=options)
    (warning,) = [w for w in report["warnings"] if "changes its title" in w]
    assert warning.startswith("事業番号 7 of 埼玉県北本市 (112330) changes its title between FY2023 and FY2024")
    assert (ID["lg/112330/project/7/from-2024"], JKG.municipality, ID["lg/112330"]) in data_graph(tmp_path / "out")


def test_a_romaji_file_name_names_the_municipality_when_only_one_fits(tmp_path: Path) -> None:
    source = write(tmp_path / "kitamoto-r6.csv", "事業番号,事務事業名,担当課", "1,広報事業,秘書広報課")
    report = build([source], tmp_path / "out", BASE)
    assert report["sources"][0]["municipality"] == "112330"
    assert report["sources"][0]["municipality_from"] == "file name (in romaji) 'kitamoto-r6'"
    ambiguous = write(tmp_path / "fuchu-r6.csv", "事業番号,事務事業名,担当課", "1,広報事業,秘書広報課")
    with pytest.raises(InputError) as failed:
        build([ambiguous], tmp_path / "out2", BASE)
    assert failed.value.problem.code == "E-MUNICIPALITY"
    assert "names several" in str(failed.value.problem) and "東京都府中市 (132063)" in str(failed.value.problem)
