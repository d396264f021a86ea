"""The merged cells of an OpenDocument spreadsheet (.ods), which python-calamine does not report (it does for xlsx
and xls): read from the workbook's content.xml, streamed, as calamine's ranges ((first row, first column), (last
row, last column)), 0-based, per sheet.

A merged cell is a `table:table-cell` with `table:number-rows-spanned` or `table:number-columns-spanned` above 1;
rows and cells repeated (`table:number-rows-repeated`, `table:number-columns-repeated`, which LibreOffice writes
for the empty rest of a sheet) advance the position by their count.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element, iterparse

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
Range = tuple[tuple[int, int], tuple[int, int]]


def _count(element: Element, attribute: str) -> int:
    value = element.get(TABLE + attribute, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def merged_ranges(path: Path) -> dict[str, list[Range]]:
    """Each sheet's merged ranges, by sheet name (a sheet without any is absent)."""
    found: dict[str, list[Range]] = {}
    with zipfile.ZipFile(path) as z, z.open("content.xml") as content:
        sheet, row, column, depth = "", -1, 0, 0  # depth: inside a cell (a cell may hold a sub-table)
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if depth:
                    depth += tag in (TABLE + "table-cell", TABLE + "covered-table-cell")
                elif tag == TABLE + "table":
                    sheet, row = element.get(TABLE + "name", ""), -1
                elif tag == TABLE + "table-row":
                    row, column = row + 1, 0
                elif tag in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                    rows, columns = _count(element, "number-rows-spanned"), _count(element, "number-columns-spanned")
                    if tag == TABLE + "table-cell" and (rows > 1 or columns > 1):
                        found.setdefault(sheet, []).append(((row, column), (row + rows - 1, column + columns - 1)))
                    depth = 1
                continue
            if tag in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                depth -= 1
                if not depth:
                    column += _count(element, "number-columns-repeated")
            elif tag == TABLE + "table-row" and not depth:
                row += _count(element, "number-rows-repeated") - 1
            if not depth:
                element.clear()
    return found
