"""Read a 事務事業一覧 (the seed's tab-separated layout, or CSV) into located rows and problems."""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jkg.etl.errors import InputError, Problem
from jkg.etl.normalise import fiscal_year_from_title, key, parse_int, split_unit

# Column header → field name. Aliases let other cities' exports map onto the same fields.
COLUMNS: dict[str, str] = {
    "通し番号": "serial",
    "番号": "serial",
    "事業番号": "number",
    "事務事業番号": "number",
    "事務事業名": "name",
    "事業名": "name",
    "課名": "unit",
    "担当課": "unit",
    "所管課": "unit",
    "事業の目的": "purpose",
    "目的": "purpose",
    "事業の概要": "overview",
    "概要": "overview",
    "成果": "results",
    "事業の成果": "results",
}
HEADER = ("通し番号", "事業番号", "事務事業名", "課名", "事業の目的", "事業の概要", "成果")
FIELDS = ("serial", "number", "name", "unit", "purpose", "overview", "results")
HEAD_BYTES = 1 << 20


@dataclass(frozen=True)
class Row:
    """One data row: verbatim cells, their numbers, and where it stands in the file."""

    file: str
    line: int
    fiscal_year: int
    serial: int
    number: int
    name: str
    unit: str
    department: str
    division: str
    purpose: str
    overview: str
    results: str


@dataclass
class Source:
    """A source file being read: its encoding, layout, title and fiscal year."""

    path: Path
    name: str
    encoding: str
    delimiter: str
    fiscal_year: int | None
    title: str | None = None
    sha256: str = ""
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)


def _problem(src: Source, code: str, line: int, column: int, value: str, message: str) -> Problem:
    return Problem(code, src.name, line, column, value, message)


def _fail(name: str, code: str, line: int, column: int, message: str, value: str = "") -> InputError:
    return InputError(Problem(code, name, line, column, value, message))


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of a byte offset."""
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def detect_encoding(name: str, head: bytes) -> str:
    """UTF-8 (with or without BOM) or CP932, decided from the first megabyte."""
    if not head.strip():
        raise _fail(name, "E-EMPTY", 1, 1, "the file is empty; give a 事務事業一覧 with a header and rows")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if b"\x00" in head:
        line, col = _position(head, head.index(b"\x00"))
        raise _fail(
            name, "E-ENCODING", line, col, "NUL byte: the file looks like UTF-16 or binary; save it as UTF-8 or CP932"
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            codecs.getincrementaldecoder("cp932")().decode(head, final=False)
            return "cp932"
        except UnicodeDecodeError:
            line, col = _position(head, utf8_error.start)
            raise _fail(
                name,
                "E-ENCODING",
                line,
                col,
                "neither UTF-8 nor CP932 (Shift_JIS); re-save the file as UTF-8, or pass --encoding",
            ) from None


def _decoded_lines(src: Source) -> Iterator[tuple[int, str]]:
    """(line number, text without line end)."""
    with src.path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            if number == 1 and src.encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                text = raw.decode("utf-8" if src.encoding == "utf-8-sig" else src.encoding)
            except UnicodeDecodeError as e:
                column = len(raw[: e.start].decode(src.encoding, errors="replace")) + 1
                raise _fail(
                    src.name,
                    "E-ENCODING",
                    number,
                    column,
                    f"bytes that are not {src.encoding}; the file mixes encodings — re-save it in one",
                ) from None
            yield number, text.rstrip("\r\n")


def _records(src: Source) -> Iterator[tuple[int, list[str], list[int]]]:
    """(first line, cells, 1-based start column of each cell) for each line or CSV record."""
    lines = _decoded_lines(src)
    if src.delimiter == "\t":
        for number, text in lines:
            cells = text.split("\t")
            starts, col = [], 1
            for cell in cells:
                starts.append(col)
                col += len(cell) + 1
            yield number, cells, starts
        return
    consumed = 0

    def feed() -> Iterator[str]:
        nonlocal consumed
        for _number, text in lines:
            consumed += 1
            yield text + "\n"

    reader = csv.reader(feed())
    start_line = 1
    try:
        for cells in reader:
            starts, col = [], 1
            for cell in cells:
                starts.append(col)
                col += len(cell) + 1
            yield start_line, cells, starts
            start_line = consumed + 1
    except csv.Error as e:
        raise _fail(src.name, "E-CSV", start_line, 1, f"malformed CSV: {e}") from None


def open_source(path: Path, *, encoding: str | None = None, fiscal_year: int | None = None) -> Source:
    """Check the file can be read and find its encoding and delimiter; raise InputError otherwise."""
    name = str(path)
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as e:
        raise _fail(name, "E-UNREADABLE", 1, 1, f"cannot read the file: {e.strerror}") from None
    if encoding is None:
        encoding = detect_encoding(name, head)
    else:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _fail(name, "E-ENCODING", 1, 1, f"unknown encoding {encoding!r}; use utf-8 or cp932") from None
        if not head.strip():
            raise _fail(name, "E-EMPTY", 1, 1, "the file is empty; give a 事務事業一覧 with a header and rows")
    text = head.decode(encoding, errors="replace")
    delimiter, title = "", None
    for line in text.splitlines():
        if key(line).startswith(("通し番号", '"通し番号')):
            delimiter = "\t" if "\t" in line else ","
            break
        if title is None and "事務事業" in line and fiscal_year_from_title(line) is not None:
            title = line.strip().strip('",').strip()
    if not delimiter:
        raise _fail(
            name,
            "E-NO-HEADER",
            1,
            1,
            "no column header line found; the rows must follow a header starting 通し番号, 事業番号, 事務事業名, …",
        )
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(HEAD_BYTES), b""):
            digest.update(chunk)
    year = fiscal_year if fiscal_year is not None else (fiscal_year_from_title(title) if title else None)
    return Source(path, name, encoding, delimiter, year, title, digest.hexdigest())


def _header(src: Source, line: int, cells: list[str], starts: list[int]) -> list[str]:
    fields = []
    for cell, col in zip(cells, starts, strict=True):
        k = key(cell)
        if not k:
            continue
        if k not in COLUMNS:
            raise _fail(
                src.name,
                "E-HEADER",
                line,
                col,
                f"unknown column {cell!r}; the columns are {', '.join(HEADER)} (or a known alias)",
                cell,
            )
        fields.append(COLUMNS[k])
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        names = [HEADER[FIELDS.index(m)] for m in missing]
        raise _fail(src.name, "E-HEADER", line, 1, f"the header lacks the column(s) {', '.join(names)}")
    return fields


def read_rows(src: Source) -> Iterator[Row]:
    """Yield each data row; row problems go to src.problems; structural failures raise InputError."""
    fields: list[str] | None = None
    for line, cells, starts in _records(src):
        filled = [c for c in cells if c.strip()]
        if not filled:
            continue
        first = key(cells[0])
        if len(filled) == 1 and "事務事業" in first and fiscal_year_from_title(first) is not None:
            year = fiscal_year_from_title(first)
            if src.title is None:
                src.title = cells[0].strip()
                if src.fiscal_year is None:
                    src.fiscal_year = year
            elif year != fiscal_year_from_title(src.title):
                src.problems.append(
                    _problem(
                        src,
                        "E-MIXED-YEARS",
                        line,
                        1,
                        cells[0],
                        f"this title names FY{year} but the file began with FY{fiscal_year_from_title(src.title)}; "
                        "split the file into one file per fiscal year",
                    )
                )
            continue
        if first == "通し番号":
            if fields is None:
                fields = _header(src, line, cells, starts)
            continue
        if fields is None:
            raise _fail(
                src.name,
                "E-NO-HEADER",
                line,
                1,
                "data before the column header; put the header line (通し番号, 事業番号, …) above the rows",
                cells[0],
            )
        if src.fiscal_year is None:
            raise _fail(
                src.name,
                "E-NO-YEAR",
                line,
                1,
                "cannot tell the fiscal year: no title line such as 令和2年度事務事業一覧; pass --fiscal-year",
            )
        while len(cells) > len(fields) and not cells[-1].strip():
            cells, starts = cells[:-1], starts[:-1]
        if len(cells) != len(fields):
            column = starts[len(fields)] if len(cells) > len(fields) else starts[-1] + len(cells[-1])
            sep = "tabs" if src.delimiter == "\t" else "commas"
            src.problems.append(
                _problem(
                    src,
                    "E-COLUMNS",
                    line,
                    column,
                    cells[0],
                    f"expected {len(fields)} columns separated by {sep}, found {len(cells)}; "
                    "check for a missing or extra separator, or a line break inside a cell",
                )
            )
            continue
        row = _row(src, line, dict(zip(fields, cells, strict=True)), dict(zip(fields, starts, strict=True)))
        if row is not None:
            src.rows += 1
            yield row
    if fields is None:
        raise _fail(src.name, "E-NO-HEADER", 1, 1, "no column header line (通し番号, 事業番号, …) found")


def _row(src: Source, line: int, cell: dict[str, str], col: dict[str, int]) -> Row | None:
    ok = True
    numbers: dict[str, int] = {}
    for name, label in (("serial", "通し番号"), ("number", "事業番号")):
        value = parse_int(cell[name])
        if value is None:
            code = "E-MISSING-NUMBER" if not cell[name].strip() else "E-NOT-A-NUMBER"
            what = "is empty" if not cell[name].strip() else f"is not a number: {cell[name]!r}"
            src.problems.append(
                _problem(
                    src,
                    code,
                    line,
                    col[name],
                    cell[name],
                    f"{label} {what}; write a whole number such as 8 (full-width digits are fine)",
                )
            )
            ok = False
        else:
            numbers[name] = value
    unit = split_unit(cell["unit"])
    if unit is None:
        src.problems.append(
            _problem(
                src,
                "E-UNIT",
                line,
                col["unit"],
                cell["unit"],
                f"課名 {cell['unit']!r} cannot be split into 部 and 課; write it as '○○部 ○○課'",
            )
        )
        ok = False
    if not ok or unit is None or src.fiscal_year is None:
        return None
    return Row(
        file=src.name,
        line=line,
        fiscal_year=src.fiscal_year,
        serial=numbers["serial"],
        number=numbers["number"],
        name=cell["name"].strip(),
        unit=cell["unit"],
        department=unit[0],
        division=unit[1],
        purpose=cell["purpose"].strip(),
        overview=cell["overview"].strip(),
        results=cell["results"].strip(),
    )
