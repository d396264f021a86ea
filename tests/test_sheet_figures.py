"""Money and indicator cells as a user writes them: bad numbers are row problems naming file, row and column;
units come from the header, the cell or the title; all-zero placeholder columns are reported and read as no
value; a mapping file's CSVW `null` and caveat are obeyed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib

from jkg.etl.build import ReadOptions, build
from jkg.etl.errors import DataError, InputError
from jkg.municipalities import gazetteer
from tests.conftest import BASE, JKG, data_graph

HEADER = "事業番号,事務事業名,担当課"
OPTIONS = ReadOptions(fiscal_year=(2024,), municipality=(gazetteer().resolve("132047"),))


def write(tmp_path: Path, header: str, *rows: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(tmp_path: Path, source: Path) -> list[str]:
    with pytest.raises(DataError) as failed:
        build([source], tmp_path / "out", BASE, options=OPTIONS)
    assert not (tmp_path / "out" / "current").exists()
    return [str(p) for p in failed.value.problems]


def yen(graph: rdflib.Graph) -> dict[tuple[str, str], Decimal]:
    """(project number, kind) → yen of every amount in the graph."""
    found = {}
    for obs, value in graph.subject_objects(JKG.yen):
        sheet = graph.value(obs, JKG.sheet)
        kind = str(graph.value(obs, JKG.amountKind)).rsplit("#amount-", 1)[1]
        found[(str(sheet).split("/project/")[1].split("/")[0], kind)] = value.toPython()
    return found


@pytest.mark.parametrize(
    ("cell", "hint"),
    [("約300", "is not a number"), ("1.2.3", "is not a number"), ("50%", "is a percentage"), ("未定", "not a number")],
)
def test_a_non_number_in_a_money_column_is_a_row_problem_at_its_cell(tmp_path: Path, cell: str, hint: str) -> None:
    source = write(tmp_path, HEADER + ",R6決算(千円)", "1,防災訓練事業,防災課,100", f"2,防犯事業,防災課,{cell}")
    found = problems(tmp_path, source)
    assert len(found) == 1
    assert found[0].startswith(f"{source}:3:12: error [E-NOT-A-NUMBER] R6決算(千円) {cell!r}")
    assert hint in found[0] and "a blank or a dash" in found[0]


def test_a_non_number_in_a_workbook_names_the_sheet_and_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "一覧"
    sheet.append(["事業番号", "事務事業名", "担当課", "成果指標名", "成果指標実績値(R5)"])
    sheet.append([1, "防災訓練事業", "防災課", "参加者数", "集計中"])
    book.save(tmp_path / "list.xlsx")
    found = problems(tmp_path, tmp_path / "list.xlsx")
    assert found == [
        f"{tmp_path / 'list.xlsx'}[一覧]!E2: error [E-NOT-A-NUMBER] 成果指標実績値(R5) '集計中' is not a number; an "
        "indicator value is written as digits (1,234 or １２３４; ▲ or △ for minus), and a blank or a dash (－, ―) "
        "means no value"
    ]


def test_two_columns_for_one_figure_are_refused(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER + ",R6決算(千円),令和6年度決算額(円)", "1,防災訓練事業,防災課,100,100000")
    with pytest.raises(InputError) as failed:
        build([source], tmp_path / "out", BASE, options=OPTIONS)
    assert failed.value.problem.code == "E-HEADER"
    assert "hold the same figure" in str(failed.value.problem)


def test_units_from_header_cell_and_title_and_a_warning_when_none(tmp_path: Path) -> None:
    source = write(
        tmp_path,
        HEADER + ",事業費(百万円),人件費,決算額",
        "1,防災訓練事業,防災課,2,300,1500",
        "2,防犯事業,防災課,1.5,200,3000円",
    )
    report = build([source], tmp_path / "out", BASE, options=OPTIONS)
    got = yen(data_graph(tmp_path / "out"))
    assert got[("1", "project-cost")] == 2_000_000 and got[("2", "project-cost")] == 1_500_000
    assert got[("1", "personnel-cost")] == 300  # no unit anywhere: yen, and said
    assert got[("2", "settled")] == 3000  # the cell's own unit
    warned = [w for w in report["warnings"] if "[W-UNIT]" in w]
    assert len(warned) == 2 and "'人件費' names no unit" in warned[0]

    titled = write(
        tmp_path,
        "令和6年度 事務事業一覧（単位：千円）\n" + HEADER + ",人件費",
        "1,防災訓練事業,防災課,300",
        name="t.csv",
    )
    report = build([titled], tmp_path / "out2", BASE, options=OPTIONS)
    assert yen(data_graph(tmp_path / "out2"))[("1", "personnel-cost")] == 300_000
    assert not [w for w in report["warnings"] if "[W-UNIT]" in w]


def test_an_all_zero_budget_column_is_a_placeholder_but_funding_sources_and_short_lists_keep_zeros(
    tmp_path: Path,
) -> None:
    rows = [f"{n},事業{n},防災課,{n * 10},0,0" for n in range(1, 4)]
    source = write(tmp_path, HEADER + ",R6決算(千円),R7当初予算(千円),地方債(千円)", *rows)
    report = build([source], tmp_path / "out", BASE, options=OPTIONS)
    got = yen(data_graph(tmp_path / "out"))
    assert not [k for k in got if k[1] == "initial-budget"]  # the placeholder: no value, not 0 yen
    assert [got[(str(n), "local-bond")] for n in range(1, 4)] == [0, 0, 0]  # a bond of 0 is real
    assert [w.split(": warning ")[1] for w in report["warnings"] if "PLACEHOLDER" in w] == [
        "[W-PLACEHOLDER] column 5 'R7当初予算(千円)' is 0 in all 3 rows: read as no value (a placeholder, not "
        '0 yen); if the zeros are real, give the column "null": "" in a mapping file'
    ]
    short = write(tmp_path, HEADER + ",R7当初予算(千円)", "1,事業1,防災課,0", "2,事業2,防災課,0", name="s.csv")
    build([short], tmp_path / "out2", BASE, options=OPTIONS)
    assert len(yen(data_graph(tmp_path / "out2"))) == 2  # two rows of 0 may well be real


def test_a_mapping_file_keeps_zeros_declares_null_values_and_gives_a_caveat(tmp_path: Path) -> None:
    rows = [f"{n},事業{n},防災課,0,{'未定' if n == 2 else n}" for n in range(1, 4)]
    source = write(tmp_path, HEADER + ",R7当初予算(千円),R6決算(千円)", *rows)
    mapping = {
        "@context": "http://www.w3.org/ns/csvw",
        "tableSchema": {
            "columns": [
                {"titles": "R7当初予算(千円)", "name": "amount", "null": ""},
                {
                    "titles": "R6決算(千円)",
                    "name": "amount_2",  # CSVW column names are unique: a role may take a suffix _N
                    "null": ["", "未定"],
                    "https://data.jimujigyo-kg.example/def/jkg#caveat": "人件費除く",
                },
            ]
        },
    }
    (tmp_path / "list.csv-metadata.json").write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    report = build([source], tmp_path / "out", BASE, options=OPTIONS)
    graph = data_graph(tmp_path / "out")
    got = yen(graph)
    assert [got[(str(n), "initial-budget")] for n in range(1, 4)] == [0, 0, 0]
    assert ("2", "settled") not in got and got[("3", "settled")] == 3000
    assert {str(c) for c in graph.objects(None, JKG.caveat)} == {"人件費除く"}
    assert not [w for w in report["warnings"] if "PLACEHOLDER" in w]
