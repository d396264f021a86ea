"""Read a 事務事業一覧 (CSV, TSV, or a workbook sheet) into located rows and problems.

open_source() finds the table, its header and each column's role (columns.py, or the user's mapping file), the
fiscal year and the municipality, and says where each came from; read_rows() streams the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jkg.etl import profile
from jkg.etl.cells import Cell, duplicate_figures, read_cell, unit_note
from jkg.etl.columns import AMOUNT, TEXT_ROLES, UNIT_ROLES, header_key
from jkg.etl.containers import HEAD_BYTES, Record, Table, fail, is_workbook, open_text, open_workbook
from jkg.etl.errors import InputError, Problem
from jkg.etl.normalise import (
    evaluation_and_activity_years,
    fiscal_year_from_name,
    fiscal_year_from_title,
    key,
    nfkc,
    parse_int,
    parse_year,
)
from jkg.etl.profile import Column, Mapping
from jkg.etl.romaji import find_by_romaji
from jkg.etl.units import parse_units
from jkg.municipalities import LocalGovernment, gazetteer

SCAN_RECORDS = 200  # records searched for the header


@dataclass(frozen=True)
class Row:
    """One data row: verbatim cells, its key, its units, and where it stands in which list."""

    file: str
    line: int  # line of a text file, row of a sheet
    document: str  # the source document's key (file name, or file name/sheet)
    municipality: LocalGovernment
    fiscal_year: int
    key: str  # the project's key in its IRI: 事業番号 / 事業コード; a page or 通し番号 scoped by its list ({file}-p3)
    serial: int | None
    name: str
    unit: str  # the unit cell(s), verbatim, joined by a space
    units: tuple[tuple[str, ...], ...]  # each unit the cells name, as its path of names, top first
    purpose: str = ""
    overview: str = ""
    results: str = ""
    cells: tuple[Cell, ...] = ()
    sheet: str = ""
    evaluation_year: int | None = None
    key_header: str = ""  # the key column's header as written (事業番号, ページ番号 …)
    identifier: str = ""  # the key as the list writes it (NFKC, no spaces): 8, A-01-003, 3

    def __post_init__(self) -> None:
        if not self.identifier:
            object.__setattr__(self, "identifier", self.key)

    @property
    def unit_names(self) -> tuple[str, ...]:
        """Every unit name of the row and each path joined: the municipality's own bodies, never partners."""
        names = [n for path in self.units for n in path]
        return (*names, *("".join(path) for path in self.units))


@dataclass
class Source:
    """A list being read: its table, header, columns, fiscal year and municipality, and where each came from."""

    path: Path
    name: str
    table: Table
    header_line: int
    header: list[str]
    columns: list[Column]
    key_role: str
    municipality: LocalGovernment
    municipality_from: str
    fiscal_year: int | None  # None: every row gives its own (a 年度 column)
    year_from: str
    evaluation_year: int | None = None
    title: str | None = None
    mapping: Path | None = None
    page: str = ""  # where the municipality publishes the list (the mapping file's dc:source)
    sha256: str = ""
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    first_data_line: int = 0
    years: set[int] = field(default_factory=set)  # the fiscal years of the rows read
    unit_override: Callable[[str, str], tuple[str, ...] | None] | None = None  # the registry's cell → path
    default_scale: int = 1  # yen per unit of a money column whose header names no unit (the title's 単位：千円)
    placeholders: dict[int, int] = field(default_factory=dict)  # all-zero money columns (index → zeros): no value
    warnings: list[Problem] = field(default_factory=list)

    @property
    def encoding(self) -> str:
        return self.table.encoding

    @property
    def document(self) -> str:
        return self.table.document

    @property
    def sheet(self) -> str:
        return self.table.sheet or ""

    def problem(self, code: str, line: int, column: int, value: str, message: str) -> Problem:
        return Problem(code, self.name, line, column, value, message, self.sheet)


def _filled(cells: list[str]) -> list[str]:
    return [c for c in cells if c.strip()]


def _is_title(cells: list[str]) -> bool:
    filled = _filled(cells)
    return len(filled) == 1 and fiscal_year_from_title(filled[0]) is not None


def _find_header(table: Table, mapping: Mapping | None) -> tuple[Record, list[Record]] | None:
    """The header record and the records above it (title rows)."""
    above: list[Record] = []
    fallback: tuple[Record, list[Record]] | None = None  # with a mapping: the likeliest header, to name what lacks
    for n, record in enumerate(table.records()):
        if n >= SCAN_RECORDS:
            break
        _line, cells, _starts = record
        if mapping is not None and mapping.skip_rows is not None:
            if n == mapping.skip_rows:
                return record, above
        elif mapping is not None and mapping.columns:
            wanted = {header_key(c.titles[0]) for c in mapping.columns}
            present = {header_key(c) for c in cells}
            if wanted <= present:
                return record, above
            if fallback is None and (wanted & present or profile.looks_like_header(cells)):
                fallback = record, list(above)
        elif profile.looks_like_header(cells):
            return record, above
        if _filled(cells):
            above.append(record)
    return fallback


def _choose_table(path: Path, name: str, encoding: str | None, sheet: str | None, mapping: Mapping | None) -> Table:
    if not is_workbook(path):
        table = open_text(path, name, encoding or (mapping.encoding if mapping else None))
        if mapping is not None and mapping.delimiter:
            table.delimiter = mapping.delimiter
        return table
    tables = open_workbook(path, name)
    wanted = sheet or (mapping.sheet if mapping else None)
    if wanted is not None:
        for t in tables:
            if t.sheet == wanted:
                return t
        names = ", ".join(str(t.sheet) for t in tables)
        raise fail(name, "E-NO-HEADER", 1, 1, f"the workbook has no sheet {wanted!r}; its sheets are: {names}")
    for t in tables:
        if _find_header(t, mapping) is not None:
            return t
    names = ", ".join(str(t.sheet) for t in tables)
    raise fail(
        name,
        "E-NO-HEADER",
        1,
        1,
        f"no sheet has a column header (事務事業名 and a number or unit column); sheets: {names}; "
        "choose one with --sheet, or give a mapping file",
    )


def find_municipality(text: str) -> list[LocalGovernment]:
    """The local governments a title or file name names (a prefecture narrows a shared name)."""
    g = gazetteer()
    n = nfkc(text)
    found: dict[str, LocalGovernment] = {}
    for name in g.names():
        if name in n and len(name) >= 2:
            prefixed = [b for b in g.find(name) if b.prefecture in n or (b.kind == "ward" and b.parent_name in n)]
            for body in prefixed or g.find(name):
                if body.kind != "ward" or body.parent_name in n:
                    found[body.code] = body
            n = n.replace(name, "　")
    if not found:
        for pref in g.prefectures():
            if pref.name in n:
                found[pref.code] = pref
    return list(found.values())


def _municipality(
    given: LocalGovernment | None, mapping: Mapping | None, title: str | None, path: Path, name: str, line: int
) -> tuple[LocalGovernment, str]:
    if given is not None:
        return given, "--municipality"
    if mapping is not None and mapping.municipality:
        try:
            return gazetteer().resolve(mapping.municipality), f"mapping file {mapping.path.name}"
        except ValueError as e:
            raise InputError(Problem("E-MAPPING", str(mapping.path), 1, 1, mapping.municipality, str(e))) from None
    for text, where in ((title, "title"), (path.stem, "file name"), (path.stem, "romaji")):
        if not text:
            continue
        found = find_by_romaji(text) if where == "romaji" else find_municipality(text)
        if where == "romaji":
            where = "file name (in romaji)"
        if len(found) == 1:
            return found[0], f"{where} {text!r}"
        if len(found) > 1:
            names = ", ".join(map(str, found))
            raise fail(name, "E-MUNICIPALITY", line, 1, f"the {where} names several: {names}; pass --municipality CODE")
    raise fail(
        name,
        "E-MUNICIPALITY",
        1,
        1,
        "cannot tell whose list this is: no municipality in the title or the file name; pass --municipality "
        "NAME or CODE (e.g. --municipality 北本市, --municipality 112330), or put dc:publisher in a mapping file",
    )


def _years(
    given: int | None, mapping: Mapping | None, columns: list[Column], title: str | None, path: Path
) -> tuple[int | None, str, int | None]:
    """(fiscal year or None for a year column, where it came from, evaluation year)."""
    both = evaluation_and_activity_years(title) if title else None
    evaluation = both[0] if both else None
    if given is not None:
        return given, "--fiscal-year", evaluation
    if mapping is not None and mapping.fiscal_year is not None:
        return mapping.fiscal_year, f"mapping file {mapping.path.name}", evaluation
    year_column = next((c for c in columns if c.role == "fiscal_year"), None)
    if year_column is not None:
        return None, f"column {year_column.header}", evaluation
    if both:
        return both[1], f"title {title!r} (activity year; evaluated in FY{both[0]})", evaluation
    if title and fiscal_year_from_title(title) is not None:
        return fiscal_year_from_title(title), f"title {title!r}", evaluation
    year = fiscal_year_from_name(path.name)
    if year is not None:
        return year, f"file name {path.name!r}", evaluation
    return None, "", evaluation


def _check_columns(name: str, sheet: str, line: int, columns: list[Column]) -> str:
    roles = {c.role for c in columns}
    missing = []
    if "name" not in roles:
        missing.append("a project name (事務事業名)")
    if not roles & set(UNIT_ROLES):
        missing.append("a unit (課名, 担当課, or 担当部 + 担当課)")
    key_role = profile.key_role(columns)
    if key_role is None:
        missing.append("a key (事業番号, 事業コード, ページ番号 or 通し番号)")
    if missing:
        raise InputError(
            Problem(
                "E-HEADER",
                name,
                line,
                1,
                "",
                f"the header lacks {', '.join(missing)}; name the columns in a mapping file (jkg inspect prints one)",
                sheet,
            )
        )
    assert key_role is not None
    return key_role


def open_source(
    path: Path,
    *,
    encoding: str | None = None,
    fiscal_year: int | None = None,
    municipality: LocalGovernment | None = None,
    sheet: str | None = None,
    mapping: Path | None = None,
) -> Source:
    """Find the list's table, header, columns, fiscal year and municipality; raise InputError otherwise."""
    name = str(path)
    if not path.is_file():
        raise fail(name, "E-UNREADABLE", 1, 1, "cannot read the file: no such file")
    mapping_path = mapping or profile.beside(path)
    rules = profile.load_mapping(mapping_path) if mapping_path is not None else None
    table = _choose_table(path, name, encoding, sheet, rules)
    found = _find_header(table, rules)
    if found is None:
        raise fail(
            name,
            "E-NO-HEADER",
            1,
            1,
            "no column header found (a row naming 事務事業名 and a number or unit column); "
            "run jkg inspect on the file, and give a mapping file if the names differ",
            sheet=table.sheet or "",
        )
    (line, cells, _starts), above = found
    columns = profile.apply(rules, cells, line, name, table.sheet or "") if rules else profile.detect(cells)
    key_role = _check_columns(name, table.sheet or "", line, columns)
    titles = [" ".join(c.strip() for c in _filled(r[1])) for r in above]
    title = next((t for t in titles if fiscal_year_from_title(t) is not None), titles[0] if titles else None)
    if title is None and table.sheet and fiscal_year_from_title(table.sheet) is not None:
        title = table.sheet
    year, year_from, evaluation = _years(fiscal_year, rules, columns, title, path)
    body, body_from = _municipality(municipality, rules, title, path, name, line)
    src = Source(path, name, table, line, cells, columns, key_role, body, body_from, year, year_from, evaluation, title)
    _check_figures(src, titles)
    src.mapping = mapping_path
    src.page = rules.page if rules is not None else ""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(HEAD_BYTES), b""):
            digest.update(chunk)
    src.sha256 = digest.hexdigest()
    return src


def _check_figures(src: Source, titles: list[str]) -> None:
    """Two columns for one figure are refused; money without a unit takes the title's, else yen (a warning)."""
    twice = duplicate_figures(src.columns)
    if twice is not None:
        first, second = twice
        raise InputError(
            src.problem(
                "E-HEADER",
                src.header_line,
                second.index + 1,
                second.header,
                f"columns {first.index + 1} {first.header!r} and {second.index + 1} {second.header!r} hold the same "
                "figure (one kind of money for one year, or one field of one indicator); give one of them the role "
                "extra in a mapping file",
            )
        )
    note = unit_note([*titles, *src.header])
    src.default_scale = note or 1
    if note is None:
        for c in src.columns:
            if c.role == AMOUNT and c.amount is not None and c.amount.scale == 0:
                src.warnings.append(
                    src.problem(
                        "W-UNIT",
                        src.header_line,
                        c.index + 1,
                        c.header,
                        f"column {c.index + 1} {c.header!r} names no unit and the title no 単位：千円: read as yen; "
                        "write the unit in the header, e.g. 決算額(千円)",
                    )
                )


def read_rows(src: Source) -> Iterator[Row]:
    """Yield each data row; row problems go to src.problems; structural failures raise InputError."""
    header_keys = [key(c) for c in src.header]
    width = len(src.header)
    while width > 1 and not src.header[width - 1].strip():
        width -= 1
    mixed_year: int | None = None
    for line, cells, starts in src.table.records():
        if line <= src.header_line:
            continue
        if not _filled(cells) or _repeats(header_keys, cells):
            continue  # blank lines, and the header repeated on every page
        if _is_title(cells):
            year = fiscal_year_from_title(_filled(cells)[0])
            first = fiscal_year_from_title(src.title) if src.title else src.fiscal_year
            if src.title is None:
                src.title = _filled(cells)[0].strip()
            elif year != first and src.year_from.startswith("title"):
                mixed_year = year
                src.problems.append(
                    src.problem(
                        "E-MIXED-YEARS",
                        line,
                        1,
                        _filled(cells)[0],
                        f"this title names FY{year} but the file began with FY{first}; "
                        "split the file into one file per fiscal year",
                    )
                )
            continue
        if src.first_data_line == 0:
            src.first_data_line = line
            if src.fiscal_year is None and not src.year_from:
                raise InputError(
                    src.problem(
                        "E-NO-YEAR",
                        line,
                        1,
                        "",
                        "cannot tell the fiscal year: not in the title (令和6年度…), the file name (R6, 2024年度) "
                        "or a 年度 column; pass --fiscal-year",
                    )
                )
        if mixed_year is not None:
            continue  # rows under another year's title: the cause is reported, not a flood of duplicates
        if not src.sheet:
            while len(cells) > width and not cells[-1].strip():
                cells, starts = cells[:-1], starts[:-1]
            if len(cells) != width:
                column = starts[width] if len(cells) > width else starts[-1] + len(cells[-1])
                sep = "tabs" if src.table.delimiter == "\t" else "commas"
                src.problems.append(
                    src.problem(
                        "E-COLUMNS",
                        line,
                        column,
                        cells[0],
                        f"expected {width} columns separated by {sep}, found {len(cells)}; "
                        "check for a missing or extra separator, or a line break inside a cell",
                    )
                )
                continue
        else:
            cells = cells + [""] * (width - len(cells))
            starts = list(range(1, len(cells) + 1))
        row = _row(src, line, cells, starts)
        if row is not None:
            src.rows += 1
            src.years.add(row.fiscal_year)
            yield row
    if src.first_data_line == 0:
        raise_empty(src)


def _repeats(header_keys: list[str], cells: list[str]) -> bool:
    """The header again (on every page of a PDF's list): its cells' keys are the header's, each in its place
    (compared one by one, so that a data row is told apart by its first cell)."""
    return len(cells) >= len(header_keys) and all(key(c) == k for c, k in zip(cells, header_keys, strict=False))


def raise_empty(src: Source) -> None:
    """A list with a header but no rows would publish an empty graph over a good one: refuse it."""
    from jkg.etl.errors import DataError

    raise DataError(
        [
            src.problem(
                "E-NO-ROWS",
                src.header_line,
                1,
                "",
                "the list has a header but no rows; check that the file is complete (nothing was published)",
            )
        ]
    )


def _number(src: Source, line: int, column: int, value: str, label: str) -> int | None:
    number = parse_int(value)
    if number is None:
        empty = not value.strip()
        src.problems.append(
            src.problem(
                "E-MISSING-NUMBER" if empty else "E-NOT-A-NUMBER",
                line,
                column,
                value,
                f"{label} {'is empty' if empty else f'is not a number: {value!r}'}; "
                "write a whole number such as 8 (full-width digits are fine)",
            )
        )
    return number


def _key(src: Source, line: int, column: int, value: str, label: str) -> str | None:
    text = key(value)
    if src.key_role == "number":
        if text and all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in text):
            return text
        src.problems.append(
            src.problem(
                "E-MISSING-NUMBER" if not text else "E-NOT-A-NUMBER",
                line,
                column,
                value,
                f"{label} {'is empty' if not text else f'is not a number or code: {value!r}'}; "
                "write a number or a code of letters, digits and - (full-width is fine)",
            )
        )
        return None
    number = _number(src, line, column, value, label)
    return None if number is None else str(number)


def _row(src: Source, line: int, cells: list[str], starts: list[int]) -> Row | None:
    ok = True
    by_role: dict[str, tuple[str, int, Column]] = {}
    extra: list[Cell] = []
    for column in src.columns:
        value, col = cells[column.index], starts[column.index]
        if column.role in TEXT_ROLES or column.role in UNIT_ROLES or column.role in ("number", "page", "serial"):
            by_role.setdefault(column.role, (value, col, column))
        elif column.role == "fiscal_year":
            by_role["fiscal_year"] = (value, col, column)
        else:
            placeholder = column.index in src.placeholders
            cell, problem = read_cell(column, value, col, default_scale=src.default_scale, placeholder=placeholder)
            if problem:
                src.problems.append(src.problem("E-NOT-A-NUMBER", line, col, value, problem))
                ok = False
            extra.append(cell)
    key_value, key_col, key_column = by_role[src.key_role]
    row_key = _key(src, line, key_col, key_value, key_column.header)
    serial = None
    if "serial" in by_role and src.key_role != "serial":
        value, col, column = by_role["serial"]
        serial = _number(src, line, col, value, column.header)
        ok = ok and serial is not None
    elif src.key_role == "serial" and row_key is not None:
        serial = int(row_key)
    unit_cells = [by_role[r] for r in UNIT_ROLES if r in by_role]
    joined = " ".join(v.strip() for v, _c, _col in unit_cells if v.strip())
    override = src.unit_override(src.municipality.code, joined) if src.unit_override else None
    units = [override] if override else parse_units([v for v, _c, _col in unit_cells])
    if units is None:
        value, col, column = next(((v, c, k) for v, c, k in reversed(unit_cells) if v.strip()), unit_cells[-1])
        src.problems.append(
            src.problem(
                "E-UNIT",
                line,
                col,
                value,
                f"{column.header} {value!r} names no unit; a unit ends in 部, 局, 課, 室, 係, センター … "
                "(e.g. '○○部 ○○課'), or add it to data/registry/organizations.toml",
            )
        )
        ok = False
    year = src.fiscal_year
    if year is None:
        value, col, column = by_role["fiscal_year"]
        year = parse_year(value)
        if year is None:
            src.problems.append(
                src.problem("E-NO-YEAR", line, col, value, f"{column.header} {value!r} is not a fiscal year")
            )
            ok = False
    if not ok or row_key is None or units is None or year is None:
        return None
    identifier = row_key
    if src.key_role != "number":  # a page or a serial number is only unique within its list
        row_key = f"{src.document}-{'p' if src.key_role == 'page' else 'n'}{row_key}"

    def text(role: str) -> str:
        return by_role[role][0].strip() if role in by_role else ""

    return Row(
        file=src.name,
        line=line,
        document=src.document,
        municipality=src.municipality,
        fiscal_year=year,
        key=row_key,
        identifier=identifier,
        serial=serial,
        name=text("name"),
        unit=joined,
        units=tuple(units),
        purpose=text("purpose"),
        overview=text("overview"),
        results=text("results"),
        cells=tuple(extra),
        sheet=src.sheet,
        evaluation_year=src.evaluation_year,
        key_header=key_column.header.strip(),
    )
