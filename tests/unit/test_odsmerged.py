"""Merged ranges of an .ods sheet, read from its content.xml: spans, repeated rows and cells, covered cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jkg.etl.odsmerged import merged_ranges

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
CELL = "<table:table-cell/>"
COVERED = "<table:covered-table-cell/>"


def row(*cells: str, repeated: int = 1) -> str:
    attribute = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{attribute}>{''.join(cells)}</table:table-row>"


def span(rows: int = 1, columns: int = 1) -> str:
    spans = f'table:number-rows-spanned="{rows}" table:number-columns-spanned="{columns}"'
    return f"<table:table-cell {spans}><text:p>x</text:p></table:table-cell>"


CASES = [
    ("a cell over two rows", [row(CELL, span(rows=2)), row(CELL, COVERED)], [((0, 1), (1, 1))]),
    ("a cell over three columns", [row(span(columns=3))], [((0, 0), (0, 2))]),
    (
        "after repeated cells and rows",
        [
            row('<table:table-cell table:number-columns-repeated="4"/>', span(rows=2, columns=2)),
            row(CELL, repeated=3),
            row(span(rows=2)),
        ],
        [((0, 4), (1, 5)), ((4, 0), (5, 0))],
    ),
    (
        "a header group holds rows too",
        ["<table:table-header-rows>" + row(CELL) + "</table:table-header-rows>", row(span(rows=2))],
        [((1, 0), (2, 0))],
    ),
    ("no span", [row(CELL, CELL), row(CELL, repeated=1048000)], []),
    (
        "a sub-table inside a cell does not move the sheet's position",
        [
            row(
                '<table:table-cell><table:table table:name="inner">'
                + row(CELL, CELL, CELL)
                + "</table:table></table:table-cell>",
                span(columns=2),
            )
        ],
        [((0, 1), (0, 2))],
    ),
]


@pytest.mark.parametrize(("rows", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_merged_ranges(
    tmp_path: Path, rows: list[str], expected: list[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="表紙">{row(span(rows=5))}</table:table>'
        f'<table:table table:name="一覧">{"".join(rows)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "book.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("content.xml", content)
    found = merged_ranges(path)
    assert found.get("一覧", []) == expected
    assert found["表紙"] == [((0, 0), (4, 0))]
