"""The reader's refusals and repairs on real-world damage: each names where it is and what to change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import jkg

TITLE = "つくば市 令和2年度事務事業一覧"
HEADER = "通し番号\t事業番号\t事務事業名\t課名\t事業の目的\t事業の概要\t成果"


def good(n: int) -> str:
    return f"{n}\t{n + 100}\t事業{n}\t政策イノベーション部 情報政策課\t目的\t概要\t成果"


def build(tmp_path: Path, source: Path, *extra: str) -> tuple[int, str, Path]:
    out = tmp_path / "out"
    result = jkg("build", str(source), "--out", str(out), *extra)
    if result.returncode != 0:
        assert not (out / "current").exists(), "a failed build must publish nothing"
    return result.returncode, result.stderr, out


def test_a_nul_byte_after_the_first_megabyte_is_refused_where_it_is(tmp_path: Path) -> None:
    rows = [good(n) for n in range(1, 15000)]  # over 1 MB of text before the NUL
    lines = [TITLE, HEADER, *rows, "15000\t16000\t名\x00前\t政策イノベーション部 情報政策課\t目的\t概要\t成果"]
    source = tmp_path / "list.txt"
    source.write_bytes("\n".join(lines).encode() + b"\n")
    assert source.stat().st_size > 1 << 20
    status, err, _ = build(tmp_path, source)
    assert status == 2
    assert f"{source}:15002:14: error [E-ENCODING] NUL byte" in err


def test_a_bom_inside_a_cell_is_removed_and_said(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text(
        f"{TITLE}\n{HEADER}\n{good(1)}\n2\t9\t\ufeff名前\t政策イノベーション部 情報政策課\t目的\t概要\t成果\n"
    )
    status, err, out = build(tmp_path, source)
    assert status == 0, err
    assert f"warning: {source}:4:5: warning [W-BOM] a byte-order mark (U+FEFF) inside the text was removed" in err
    query = jkg(
        "query", "SELECT ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }", "--data", str(out), "--format", "csv"
    )
    assert "名前" in query.stdout.splitlines() and "\ufeff" not in query.stdout


def test_a_broken_cp932_byte_is_reported_where_it_is(tmp_path: Path) -> None:
    text = f"{TITLE}\n{HEADER}\n{good(1)}\n{good(2)}\n".encode("cp932")
    broken = text.replace("事業2".encode("cp932"), "事業".encode("cp932") + b"\x81\x20")  # a lead byte, no trail byte
    source = tmp_path / "list.txt"
    source.write_bytes(broken)
    status, err, _ = build(tmp_path, source)
    assert status == 2
    assert f"{source}:4:" in err and "[E-ENCODING]" in err and "0x81" in err
    assert ":1:1:" not in err


def test_an_unclosed_quote_is_a_csv_error_at_its_row(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    lines = ["つくば市 令和2年度事務事業一覧", "通し番号,事業番号,事務事業名,課名", "1,8,名前,情報政策課"]
    lines += ['2,9,"閉じない,情報政策課', "3,10,名前,情報政策課"]
    source.write_text("\n".join(lines) + "\n")
    status, err, _ = build(tmp_path, source)
    assert status == 2
    assert f"{source}:4:1: error [E-CSV] a quote opened here is never closed" in err


def test_cr_only_line_ends_are_read_and_named(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_bytes("\r".join([TITLE, HEADER, good(1), good(2)]).encode() + b"\r")
    status, err, out = build(tmp_path, source)
    assert status == 0, err
    report = json.loads((out / "current" / "build.json").read_text())
    assert report["sources"][0]["line_ends"] == "CR" and report["rows"] == 2
    shown = jkg("inspect", str(source))
    assert "CR line ends" in shown.stdout


def test_many_bad_rows_print_a_capped_list_and_a_summary(tmp_path: Path) -> None:
    bad = [f"{n}\t{n}\t名前\t政策イノベーション部 情報政策課\t目的" for n in range(1, 30001)]
    source = tmp_path / "list.txt"
    source.write_text("\n".join([TITLE, HEADER, *bad, "x\t1\t名\t情報政策\t目的\t概要\t成果"]) + "\n")
    status, err, _ = build(tmp_path, source)
    assert status == 1
    lines = err.splitlines()
    assert sum("[E-COLUMNS]" in line for line in lines) == 21  # 20 listed, then one line counting the rest
    assert "… and 29980 more [E-COLUMNS] problem(s) not listed (first 20 shown)" in err
    assert "[E-NOT-A-NUMBER]" in err and "[E-UNIT]" in err  # other codes are still listed
    assert lines[-1] == "30002 problem(s); nothing was published."
    assert len(err) < 20_000


def test_a_list_with_a_header_but_no_rows_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text(f"{TITLE}\n{HEADER}\n\n")
    status, err, _ = build(tmp_path, source)
    assert status == 1
    assert f"{source}:2:1: error [E-NO-ROWS] the list has a header but no rows" in err


def test_two_years_in_one_file_report_the_cause_first(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    later = TITLE.replace("令和2年度", "令和3年度")
    source.write_text("\n".join([TITLE, HEADER, good(1), good(2), "", later, HEADER, good(1), good(2)]) + "\n")
    status, err, _ = build(tmp_path, source)
    assert status == 1
    first = err.splitlines()[0]
    assert f"{source}:6:1: error [E-MIXED-YEARS]" in first
    assert "E-DUPLICATE" not in err  # the rows under the second title are not reported as duplicates


@pytest.mark.parametrize(
    ("mapping", "hint"),
    [
        ({"tableSchema": {"columns": [{"titles": "事務事業名", "name": "titel"}]}}, "unknown role 'titel'"),
        ({"tableSchema": {"columns": [{"titles": "事業名称", "name": "name"}]}}, "names the column '事業名称'"),
        ({"tableSchema": {"columns": [{"name": "name"}]}}, "column 1 has no titles"),
        ({"url": "x.csv"}, "a mapping file is a CSVW table description"),
    ],
    ids=["unknown-role", "column-the-header-lacks", "no-titles", "no-table-schema"],
)
def test_a_bad_mapping_file_is_a_clear_error(tmp_path: Path, mapping: dict[str, object], hint: str) -> None:
    source = tmp_path / "list.txt"
    source.write_text(f"{TITLE}\n{HEADER}\n{good(1)}\n")
    file = tmp_path / "mapping.json"
    file.write_text(json.dumps({"@context": "http://www.w3.org/ns/csvw", **mapping}, ensure_ascii=False))
    status, err, _ = build(tmp_path, source, "--mapping", str(file))
    assert status == 2
    assert "[E-MAPPING]" in err and hint in err


def test_a_mapping_file_names_columns_municipality_and_year(tmp_path: Path) -> None:
    source = tmp_path / "list.csv"
    source.write_text("No.,事業,所管,メモ\n1,広報事業,市長公室,内部用\n")
    (tmp_path / "list.csv-metadata.json").write_text(
        json.dumps(
            {
                "@context": "http://www.w3.org/ns/csvw",
                "url": "list.csv",
                "dc:publisher": "北本市",
                "dc:temporal": "2024",
                "tableSchema": {
                    "columns": [
                        {"titles": "No.", "name": "number"},
                        {"titles": "事業", "name": "name"},
                        {"titles": ["所管", "担当"], "name": "unit"},
                        {"titles": "メモ", "suppressOutput": True},
                    ]
                },
            },
            ensure_ascii=False,
        )
    )
    shown = jkg("inspect", str(source), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)
    assert found["municipality"] == {"code": "112330", "name": "埼玉県北本市"}
    assert found["fiscal_year"] == 2024 and "mapping file" in found["fiscal_year_from"]
    assert [c["role"] for c in found["columns"]] == ["number", "name", "unit"]
    status, err, _ = build(tmp_path, source)
    assert status == 0, err


def test_an_ambiguous_municipality_says_how_to_name_it(tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_text(f"{HEADER}\n{good(1)}\n")
    status, err, _ = build(tmp_path, source, "--municipality", "府中市", "--fiscal-year", "2020")
    assert status == 2
    assert "ambiguous" in err and "東京都府中市" in err and "広島県府中市" in err


def test_inspect_prints_the_layout_and_a_mapping_that_reproduces_it(tmp_path: Path) -> None:
    source = tmp_path / "北本市_R6_事務事業評価.csv"
    source.write_text(
        'ページ番号,事務事業名,担当部,担当課,R6決算(千円),備考\n3,広報事業,政策推進部,市長公室,"1,200",なし\n'
    )
    shown = jkg("inspect", str(source))
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert "埼玉県北本市 (112330) — from file name" in text
    assert "2024 — from file name" in text
    assert "R6決算(千円)" in text and "amount (settled, FY2024, ×1000 yen)" in text
    assert "備考" in text and "→ extra" in text
    assert "[3] 広報事業 — 政策推進部 › 市長公室" in text
    mapping = json.loads(text[text.index("{") :])
    again = tmp_path / "again.json"
    again.write_text(json.dumps(mapping, ensure_ascii=False))
    reproduced = json.loads(jkg("inspect", str(source), "--mapping", str(again), "--format", "json").stdout)
    assert [(c["header"], c["role"]) for c in reproduced["columns"]] == [
        ("ページ番号", "page"),
        ("事務事業名", "name"),
        ("担当部", "department"),
        ("担当課", "unit"),
        ("R6決算(千円)", "amount"),
        ("備考", "extra"),
    ]
    assert reproduced["municipality"]["code"] == "112330" and reproduced["fiscal_year"] == 2024
