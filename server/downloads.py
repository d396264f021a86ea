"""A view's rows as a file, streamed: CSV (UTF-8 with a BOM, so that Excel reads Japanese), JSON, and xlsx.

CSV and JSON are written row by row as SQLite returns them, so memory stays flat and the first bytes leave at
once; xlsx (a zip) is written by XlsxWriter in its constant-memory mode to a temporary file first, then sent in
chunks with its length.
Each answer says how many rows it holds in `JKG-Result-Rows`, so a browser can show progress.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

CHUNK = 1 << 16


@dataclass(frozen=True)
class Download:
    ext: str
    media_type: str
    write: Callable[[Sequence[str], Sequence[str], Iterable[Sequence[object]], int, str], Iterator[bytes]]


def csv_body(
    columns: Sequence[str], headers: Sequence[str], rows: Iterable[Sequence[object]], total: int, name: str
) -> Iterator[bytes]:
    """UTF-8 with a BOM, CRLF line ends (RFC 4180), a header row of the column names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(["" if v is None else v for v in row])
        yield buffer.getvalue().encode("utf-8")


def json_body(
    columns: Sequence[str], headers: Sequence[str], rows: Iterable[Sequence[object]], total: int, name: str
) -> Iterator[bytes]:
    """{"table", "total", "columns", "rows": [{column: value}, …]}, one row per line."""
    head = {"table": name, "total": total, "columns": list(columns)}
    yield json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8") + b', "rows": ['
    for number, row in enumerate(rows):
        line = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
        yield (b"\n" if number == 0 else b",\n") + line.encode("utf-8")
    yield b"\n]}\n"


def xlsx_file(headers: Sequence[str], rows: Iterable[Sequence[object]], name: str) -> Path:
    """A temporary .xlsx file (the caller removes it) with one sheet: a bold header row of the column titles,
    frozen, with a filter; text is written as text, never as a formula."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        book = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
        sheet = book.add_worksheet(name[:31])
        bold = book.add_format({"bold": True})
        for number, header in enumerate(headers):
            sheet.write_string(0, number, header, bold)
        count = 0
        for count, row in enumerate(rows, 1):
            for number, value in enumerate(row):
                if isinstance(value, int | float):
                    sheet.write_number(count, number, value)
                elif value is not None:
                    sheet.write_string(count, number, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
        book.close()
    except BaseException:
        os.unlink(path)
        raise
    return Path(path)


def file_chunks(path: Path) -> Iterator[bytes]:
    """A file's bytes in chunks; the file is removed once sent (or when the client goes away)."""
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                yield chunk
    finally:
        path.unlink(missing_ok=True)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    d.ext: d
    for d in (
        Download("csv", "text/csv; charset=utf-8", csv_body),
        Download("json", "application/json; charset=utf-8", json_body),
    )
}
