"""Bad input gets a clear error naming file, line and column; exit 2 for unreadable input, 1 for non-conforming data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, jkg

TITLE = "つくば市 令和2年度事務事業一覧"  # the municipality and the fiscal year are read from the title
HEADER = "通し番号\t事業番号\t事務事業名\t課名\t事業の目的\t事業の概要\t成果"
GOOD = "1\t8\t保有データの活用環境整備\t政策イノベーション部 情報政策課\t目的\t概要\t成果"


def write(tmp_path: Path, *lines: str, name: str = "list.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build_fails(tmp_path: Path, source: Path, *extra: str) -> tuple[int, str]:
    result = jkg("build", str(source), "--out", str(tmp_path / "out"), *extra)
    assert not (tmp_path / "out" / "current").exists(), "a failed build must publish nothing"
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("row", "code", "column", "hint"),
    [
        ("2\t9\t名前\t政策イノベーション部 情報政策課\t目的\t概要", "E-COLUMNS", 30, "expected 7 columns"),
        ("2\t9\t名前\t政策イノベーション部 情報政策課\t目的\t概要\t成果\t余分", "E-COLUMNS", 34, "found 8"),
        ("2\t\t名前\t政策イノベーション部 情報政策課\t目的\t概要\t成果", "E-MISSING-NUMBER", 3, "事業番号 is empty"),
        (
            "2\t9あ\t名前\t政策イノベーション部 情報政策課\t目的\t概要\t成果",
            "E-NOT-A-NUMBER",
            3,
            "write a number or a code",
        ),
        ("2\t9\t名前\t情報政策\t目的\t概要\t成果", "E-UNIT", 8, "○○部 ○○課"),
    ],
    ids=["too-few-columns", "too-many-columns", "missing-number", "non-numeric-number", "unsplittable-unit"],
)
def test_row_problems_exit_1_with_location(tmp_path: Path, row: str, code: str, column: int, hint: str) -> None:
    source = write(tmp_path, TITLE, HEADER, GOOD, row)
    status, err = build_fails(tmp_path, source)
    assert status == 1
    assert f"{source}:4:{column}: error [{code}]" in err
    assert hint in err
    assert "nothing was published" in err


def test_duplicate_number_names_both_lines(tmp_path: Path) -> None:
    source = write(tmp_path, TITLE, HEADER, GOOD, "", TITLE, HEADER, GOOD.replace("1\t8", "2\t8", 1))
    status, err = build_fails(tmp_path, source)
    assert status == 1
    assert "[E-DUPLICATE-NUMBER]" in err
    assert "事業番号 8 appears twice in FY2020" in err
    assert "line 3 and" in err and "line 7" in err


@pytest.mark.parametrize(
    ("content", "code", "where", "hint"),
    [
        (b"", "E-EMPTY", ":1:1:", "the file is empty"),
        (b"\n\n  \n", "E-EMPTY", ":1:1:", "the file is empty"),
        (f"{TITLE}\n{GOOD}\n".encode(), "E-NO-HEADER", ":1:1:", "header"),
        (f"{TITLE}\n{HEADER}\n".encode() + b"1\t8\t\xff\xfe\x80\x80\n", "E-ENCODING", ":3:", "UTF-8"),
        (
            "通し番号\t事業番号\t事務事業名\t課名\t事業の目的\t事業の概要\t成果\n".encode("utf-16"),
            "E-ENCODING",
            ":1:",
            "UTF-16",
        ),
        ("つくば市\n".encode() + f"{HEADER}\n{GOOD}\n".encode(), "E-NO-YEAR", ":3:1:", "--fiscal-year"),
        (f"令和2年度事務事業一覧\n{HEADER}\n{GOOD}\n".encode(), "E-MUNICIPALITY", ":1:1:", "--municipality"),
    ],
    ids=["empty", "blank-lines-only", "no-header", "unknown-encoding", "utf-16", "no-fiscal-year", "no-municipality"],
)
def test_unreadable_input_exits_2(tmp_path: Path, content: bytes, code: str, where: str, hint: str) -> None:
    source = tmp_path / "list.txt"
    source.write_bytes(content)
    status, err = build_fails(tmp_path, source)
    assert status == 2
    assert f"{source}{where}" in err
    assert f"[{code}]" in err
    assert hint in err


def test_unknown_encoding_name_exits_2(tmp_path: Path) -> None:
    status, err = build_fails(tmp_path, write(tmp_path, TITLE, HEADER, GOOD), "--encoding", "klingon")
    assert status == 2
    assert "unknown encoding 'klingon'" in err


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    status, err = build_fails(tmp_path, tmp_path / "nope.txt")
    assert status == 2
    assert "nope.txt" in err


def test_fiscal_year_flag_stands_in_for_a_title(tmp_path: Path) -> None:
    source = write(tmp_path, HEADER, GOOD)
    result = jkg(
        "build", str(source), "--out", str(tmp_path / "out"), "--fiscal-year", "2021", "--municipality", "つくば市"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "current" / "build.json").read_text())
    assert report["sources"][0]["fiscal_year"] == 2021


def test_shacl_violation_exits_1_naming_focus_shape_message_and_line(tmp_path: Path) -> None:
    # An empty 事務事業名 is readable, but the shapes require a name: SHACL must catch it.
    source = write(tmp_path, TITLE, HEADER, GOOD, "2\t9\t\t政策イノベーション部 情報政策課\t目的\t概要\t成果")
    status, err = build_fails(tmp_path, source)
    assert status == 1
    assert f"{source}:4: Violation <https://data.jimujigyo-kg.example/id/lg/082201/project/9/2020>" in err
    assert "[shape jkgsh:ProjectSheet-title]" in err
    assert "fill in the 事務事業名 column" in err
    assert "SHACL violation(s); nothing was published" in err


def test_failed_build_keeps_what_was_published(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert jkg("build", str(BUNDLED[0]), "--out", str(out)).returncode == 0
    before = os.readlink(out / "current")
    report = (out / "current" / "build.json").read_text()
    bad = write(tmp_path, TITLE, HEADER, GOOD, "2\t\t名前\t政策イノベーション部 情報政策課\t目的\t概要\t成果")
    assert jkg("build", str(bad), "--out", str(out)).returncode == 1
    assert os.readlink(out / "current") == before
    assert (out / "current" / "build.json").read_text() == report
    assert not list((out / "builds").glob("*.partial"))
    query = jkg(
        "query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }",
        "--data",
        str(out),
        "--format",
        "csv",
    )
    assert query.stdout.splitlines() == ["n", "47"]


def test_interrupted_build_leftovers_are_cleared(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "builds" / "20200101T000000Z.partial" / "store").mkdir(parents=True)
    assert jkg("build", str(BUNDLED[0]), "--out", str(out)).returncode == 0
    assert not list((out / "builds").glob("*.partial"))
    assert (out / "current" / "store").is_dir()
