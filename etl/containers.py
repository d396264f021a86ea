"""Containers: a list file → tables of located records (text CSV/TSV, or a workbook sheet via python-calamine).

A record is (line or row number, cells, column of each cell): 1-based characters for text, 1-based column
numbers for a sheet. Encodings are UTF-8, UTF-8 with BOM and CP932, detected from the bytes; LF, CRLF and
CR-only line ends are read. A NUL byte anywhere, bytes of no encoding, and an unclosed CSV quote are errors
naming the line and column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from jkg.etl import odsmerged
from jkg.etl.errors import InputError, Problem

HEAD_BYTES = 1 << 20
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
Record = tuple[int, list[str], list[int]]


@dataclass
class Table:
    """One table of a source: a text file, or one sheet of a workbook."""

    path: Path
    name: str  # as given, for messages
    sheet: str | None
    encoding: str  # utf-8, utf-8-sig, cp932, or the workbook format
    delimiter: str  # "\t", ",", or "" for a sheet
    line_ends: str  # LF, CRLF, CR, or "" for a sheet
    records: Callable[[], Iterator[Record]] = field(repr=False)
    cleaned: list[Problem] = field(default_factory=list)  # what reading had to clean (warnings)

    @property
    def document(self) -> str:
        """The source document's key: the file name, or file name/sheet for a workbook."""
        return self.path.name if self.sheet is None else f"{self.path.name}/{self.sheet}"


def fail(name: str, code: str, line: int, column: int, message: str, value: str = "", sheet: str = "") -> InputError:
    return InputError(Problem(code, name, line, column, value, message, sheet))


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def _decodable_to(data: bytes, encoding: str) -> int | None:
    """None if the bytes decode (a character cut at the end is fine), else the offset of the first bad byte."""
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
        return None
    except UnicodeDecodeError as e:
        return e.start


def detect_encoding(name: str, head: bytes) -> str:
    """UTF-8 (with or without BOM) or CP932, decided from the first megabyte."""
    if not head.strip():
        raise fail(name, "E-EMPTY", 1, 1, "the file is empty; give a 事務事業一覧 with a header and rows")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        line, col = _position(head, head.index(b"\x00") if b"\x00" in head else 0)
        raise fail(
            name, "E-ENCODING", line, col, "NUL byte: the file looks like UTF-16 or binary; save it as UTF-8 or CP932"
        )
    utf8_bad = _decodable_to(head, "utf-8")
    if utf8_bad is None:
        return "utf-8"
    cp932_bad = _decodable_to(head, "cp932")
    if cp932_bad is None:
        return "cp932"
    # Report where the likelier encoding breaks: the one that read further.
    bad, what = (cp932_bad, "CP932 (Shift_JIS)") if cp932_bad > utf8_bad else (utf8_bad, "UTF-8")
    line, col = _position(head, bad)
    raise fail(
        name,
        "E-ENCODING",
        line,
        col,
        f"byte 0x{head[bad]:02X} is neither UTF-8 nor CP932 (the file reads as {what} up to here); "
        "fix or re-save the file in one encoding, or pass --encoding",
    )


def _line_ends(head: bytes) -> str:
    if b"\r\n" in head:
        return "CRLF"
    if b"\r" in head and b"\n" not in head:
        return "CR"
    return "LF"


def _raw_lines(path: Path, line_ends: str) -> Iterator[bytes]:
    with path.open("rb") as f:
        if line_ends != "CR":
            yield from f
            return
        carry = b""
        for chunk in iter(lambda: f.read(HEAD_BYTES), b""):
            parts = (carry + chunk).split(b"\r")
            carry = parts.pop()
            for p in parts:
                yield p + b"\n"
        if carry:
            yield carry


def _decoded_lines(table: Table) -> Iterator[tuple[int, str]]:
    """(line number, text without line end); NUL and undecodable bytes anywhere are errors at their place."""
    codec = "utf-8" if table.encoding == "utf-8-sig" else table.encoding
    for number, raw in enumerate(_raw_lines(table.path, table.line_ends), start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if b"\x00" in raw:
            column = len(raw[: raw.index(b"\x00")].decode(codec, errors="replace")) + 1
            raise fail(table.name, "E-ENCODING", number, column, "NUL byte inside the text; remove it (is it binary?)")
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as e:
            column = len(raw[: e.start].decode(codec, errors="replace")) + 1
            raise fail(
                table.name,
                "E-ENCODING",
                number,
                column,
                f"byte 0x{raw[e.start]:02X} is not {table.encoding}; the file mixes encodings — re-save it in one",
            ) from None
        if "\ufeff" in text:
            table.cleaned.append(
                Problem(
                    "W-BOM",
                    table.name,
                    number,
                    text.index("\ufeff") + 1,
                    "",
                    "a byte-order mark (U+FEFF) inside the text was removed",
                )
            )
            text = text.replace("\ufeff", "")
        yield number, text.rstrip("\r\n")


def _starts(cells: list[str]) -> list[int]:
    starts, col = [], 1
    for cell in cells:
        starts.append(col)
        col += len(cell) + 1
    return starts


def _text_records(table: Table) -> Iterator[Record]:
    lines = _decoded_lines(table)
    if table.delimiter == "\t":
        for number, text in lines:
            cells = text.split("\t")
            yield number, cells, _starts(cells)
        return
    consumed = 0
    open_quote = 0  # the line where the record being read started

    def feed() -> Iterator[str]:
        nonlocal consumed
        for _number, text in lines:
            consumed += 1
            yield text + "\n"

    reader = csv.reader(feed(), strict=True)
    start_line = 1
    try:
        for cells in reader:
            yield start_line, cells, _starts(cells)
            start_line = consumed + 1
    except csv.Error as e:
        open_quote = start_line
        unclosed = "EOF" in str(e) or "end of data" in str(e) or consumed > start_line
        what = "a quote opened here is never closed" if unclosed else f"malformed CSV ({e})"
        raise fail(
            table.name,
            "E-CSV",
            open_quote,
            1,
            f'{what}; close the quoted cell with " (a quote inside a cell is written twice: "")',
        ) from None


def open_text(path: Path, name: str, encoding: str | None) -> Table:
    """A CSV or tab-separated file: its encoding, line ends and delimiter, read from the first megabyte."""
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as e:
        raise fail(name, "E-UNREADABLE", 1, 1, f"cannot read the file: {e.strerror}") from None
    if encoding is None:
        encoding = detect_encoding(name, head)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise fail(name, "E-ENCODING", 1, 1, f"unknown encoding {encoding!r}; use utf-8 or cp932") from None
        if not head.strip():
            raise fail(name, "E-EMPTY", 1, 1, "the file is empty; give a 事務事業一覧 with a header and rows")
    text = head.decode("utf-8" if encoding == "utf-8-sig" else encoding, errors="replace")
    first = [line for line in text.splitlines()[:50] if line.strip()]
    tabs = sum(line.count("\t") for line in first)
    commas = sum(line.count(",") for line in first)
    delimiter = "\t" if tabs >= commas and tabs else ","
    table = Table(path, name, None, encoding, delimiter, _line_ends(head), lambda: iter(()))
    table.records = lambda: _text_records(table)
    return table


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _sheet_records(rows: list[list[object]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> Iterator[Record]:
    cells = [[_cell(v) for v in row] for row in rows]
    for (r0, c0), (r1, c1) in merged:  # a merged range holds its value in every cell it covers
        if r0 >= len(cells) or c0 >= len(cells[r0]):
            continue
        value = cells[r0][c0]
        for r in range(r0, min(r1, len(cells) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(cells[r]) and not cells[r][c]:
                    cells[r][c] = value
    for number, row in enumerate(cells, start=1):
        yield number, row, list(range(1, len(row) + 1))


def open_workbook(path: Path, name: str) -> list[Table]:
    """Every sheet of a workbook (.xlsx, .xls, .ods) as a table, read by python-calamine."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [(s, book.get_sheet_by_name(s)) for s in book.sheet_names]
        ods = odsmerged.merged_ranges(path) if path.suffix.lower() == ".ods" else {}  # calamine has none for ods
        tables = []
        for sheet_name, sheet in sheets:
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(getattr(sheet, "merged_cell_ranges", None) or ods.get(sheet_name, []))
            fmt = path.suffix.lstrip(".").lower()
            tables.append(
                Table(
                    path,
                    name,
                    sheet_name,
                    fmt,
                    "",
                    "",
                    lambda rows=rows, merged=merged: _sheet_records(rows, merged),  # type: ignore[misc]
                )
            )
        return tables
    except (CalamineError, OSError, ValueError, KeyError, zipfile.BadZipFile, ParseError) as e:
        raise fail(name, "E-UNREADABLE", 1, 1, f"cannot read the workbook: {e}") from None


def is_workbook(path: Path) -> bool:
    """True for the spreadsheet formats python-calamine reads."""
    return path.suffix.lower() in WORKBOOK_SUFFIXES
