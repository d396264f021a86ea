"""An .xls and an .ods workbook build into the same graph as the xlsx golden case (tests/golden/xlsx-title-extra):
a cover sheet before the list, a title row and a blank row above the header, a merged 担当部 cell, extra columns.

The .xls is written by xlwt (BIFF8, as Excel 97–2003 saves it); the .ods by hand (OpenDocument's zip of XML), so
both readers python-calamine uses beside xlsx's are exercised on a file no test shares with the others."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from jkg.etl.build import build
from tests.conftest import BASE, JKG, TESTS, data_graph

GOLDEN = TESTS / "golden" / "xlsx-title-extra"
COVER = [["事務事業評価結果の公表について"]]
LIST: list[list[str | int | None]] = [
    ["北本市 令和6年度 事務事業評価一覧"],
    [],
    ["事業番号", "事務事業名", "担当部", "担当課", "事業概要", "備考", "担当者メモ"],
    [101, "広報紙発行事業", "政策推進部", "市長公室", "広報紙を毎月発行する。", "月1回", None],
    [102, "ホームページ運営事業", None, "市長公室", "ホームページを運営する。", None, "要確認"],
    [103, "出納事務", None, "会計課", "公金を出納する。", None, None],
]
MERGED = (3, 4, 2)  # rows 4–5 (0-based 3–4) of column C: 政策推進部 covers both


def write_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("表紙").write(0, 0, COVER[0][0])
    sheet = book.add_sheet("一覧")
    first, last, column = MERGED
    for r, row in enumerate(LIST):
        for c, value in enumerate(row):
            if value is not None and not (r == first and c == column):
                sheet.write(r, c, value)
    sheet.write_merge(first, last, column, column, LIST[first][column])
    book.save(str(path))


def _ods_cell(value: str | int | None, rows_spanned: int = 1) -> str:
    span = f' table:number-rows-spanned="{rows_spanned}"' if rows_spanned > 1 else ""
    if value is None:
        return f"<table:table-cell{span}/>"
    if isinstance(value, int):
        number = f'office:value-type="float" office:value="{value}"'
        return f"<table:table-cell {number}{span}><text:p>{value}</text:p></table:table-cell>"
    return f'<table:table-cell office:value-type="string"{span}><text:p>{escape(value)}</text:p></table:table-cell>'


def _ods_table(name: str, rows: list[list[str | int | None]], merged: tuple[int, int, int] | None) -> str:
    out = [f'<table:table table:name="{name}">']
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row or [None]):
            if merged and c == merged[2] and merged[0] < r <= merged[1]:
                cells.append("<table:covered-table-cell/>")
            elif merged and c == merged[2] and r == merged[0]:
                cells.append(_ods_cell(value, merged[1] - merged[0] + 1))
            else:
                cells.append(_ods_cell(value))
        out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    return "".join(out) + "</table:table>"


def write_ods(path: Path) -> None:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.3">'
        "<office:body><office:spreadsheet>"
        + _ods_table("表紙", [[*r] for r in COVER], None)
        + _ods_table("一覧", LIST, MERGED)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)


def expected(suffix: str) -> rdflib.Graph:
    """The xlsx golden graph, with the file's name and format those of the workbook read."""
    text = (GOLDEN / "expected.ttl").read_text(encoding="utf-8")
    text = text.replace("input.xlsx", f"input.{suffix}").replace('jkg:encoding "xlsx"', f'jkg:encoding "{suffix}"')
    return rdflib.Graph().parse(data=text, format="turtle")


@pytest.mark.parametrize(("suffix", "write"), [("xls", write_xls), ("ods", write_ods)])
def test_a_workbook_builds_as_the_xlsx_does(suffix: str, write: Callable[[Path], None], tmp_path: Path) -> None:
    source = tmp_path / f"input.{suffix}"
    write(source)
    build([source], tmp_path / "out", BASE)  # 北本市 and FY2024 from the title row
    got, want = data_graph(tmp_path / "out"), expected(suffix)
    for g in (got, want):
        g.remove((None, JKG.sha256, None))
    if not isomorphic(got, want):
        _both, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        lines = ["- " + line for line in sorted(only_want.serialize(format="nt").splitlines()) if line]
        lines += ["+ " + line for line in sorted(only_got.serialize(format="nt").splitlines()) if line]
        pytest.fail("\n".join(lines))
