"""Column profiles: where a list's header is, each column's role, and the user's mapping file (CSVW metadata).

The mapping file is a W3C CSVW metadata document (https://www.w3.org/TR/tabular-metadata/), read with the
`csvw` package: `tableSchema.columns` give each column's `titles` (the header as written) and `name` (our role,
see columns.ROLES, with a suffix `_2`, `_3` … where several columns have one role, since CSVW names are
unique); `null` the values that mean "no value" in a money or indicator column; the common property
`https://data.jimujigyo-kg.example/def/jkg#caveat` (or `jkg:caveat`) an amount's caveat; `suppressOutput: true`
drops a column; `dialect` gives `encoding`, `delimiter`, `skipRows`
(rows above the header); the table's `dc:publisher` names the municipality (name or 団体コード) and
`dc:temporal` the fiscal year; a workbook sheet is chosen with `url: "list.xlsx#sheet=一覧"`. CSVW says all of it,
so there is no TOML profile.
"""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jkg import namespace
from jkg.etl.columns import (
    AMOUNT,
    INDICATOR,
    KEY_ROLES,
    ROLES,
    UNIT_ROLES,
    Amount,
    IndicatorField,
    amount_of,
    header_key,
    indicator_of,
    role_of,
)
from jkg.etl.errors import InputError, Problem
from jkg.vocab import JKG_NS

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
CAVEAT = JKG_NS + "caveat"  # a column's caveat, as a CSVW common property (also read: the canonical IRI, jkg:caveat)
CANONICAL_CAVEAT = namespace.CANONICAL + "caveat"


@dataclass(frozen=True)
class Column:
    """One column of a list: its position, verbatim header, role, for money its kind/year/scale, for an
    indicator which one and which field, and the cell values a mapping file says mean "no value" (CSVW `null`)."""

    index: int
    header: str
    role: str  # one of columns.ROLES
    amount: Amount | None = None
    indicator: IndicatorField | None = None
    nulls: tuple[str, ...] | None = None  # None: the default marks (blank, -, －, ―, …)


@dataclass(frozen=True)
class MappedColumn:
    """A column as a mapping file describes it: the titles it may have, its role, its CSVW `null` values and
    the caveat of an amount (`"jkg:caveat": "人件費除く"`)."""

    titles: list[str]
    role: str
    nulls: tuple[str, ...] | None = None
    caveat: str | None = None


def make_column(index: int, header: str, role: str, nulls: tuple[str, ...] | None = None) -> Column:
    """A column with what its header says about money or an indicator."""
    amount = amount_of(header) if role == AMOUNT else None
    indicator = indicator_of(header) if role == INDICATOR else None
    return Column(index, header, role, amount, indicator, nulls)


@dataclass
class Mapping:
    """What a mapping file says about a list."""

    path: Path
    columns: list[MappedColumn] = field(default_factory=list)
    sheet: str | None = None
    municipality: str | None = None
    fiscal_year: int | None = None
    page: str = ""  # dc:source: the page the list is published on
    encoding: str | None = None
    delimiter: str | None = None
    skip_rows: int | None = None


def _bad(path: Path, message: str) -> InputError:
    return InputError(Problem("E-MAPPING", str(path), 1, 1, "", message))


def load_mapping(path: Path) -> Mapping:
    """Read a CSVW metadata file; an unknown role, a column without titles or a malformed file is E-MAPPING."""
    import csvw

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise _bad(path, f"cannot read the mapping file as JSON: {e}") from None
    if not isinstance(doc, dict) or "tableSchema" not in doc:
        raise _bad(path, "a mapping file is a CSVW table description with a tableSchema (see the README)")
    doc.setdefault("url", path.name.removesuffix("-metadata.json"))  # --mapping applies to the list it is given for
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            table = csvw.Table.fromvalue(doc)
    except (ValueError, TypeError, KeyError, UserWarning) as e:
        raise _bad(path, f"not a valid CSVW table description: {e}") from None
    mapping = Mapping(path)
    url = str(table.url or "")
    if "#sheet=" in url:
        mapping.sheet = unquote(url.split("#sheet=", 1)[1])
    props: dict[str, Any] = dict(table.common_props)
    if "dc:publisher" in props:
        mapping.municipality = str(props["dc:publisher"])
    if str(props.get("dc:source", "")).startswith(("http://", "https://")):
        mapping.page = str(props["dc:source"])
    if "dc:temporal" in props:
        try:
            mapping.fiscal_year = int(str(props["dc:temporal"])[:4])
        except ValueError:
            raise _bad(path, f'dc:temporal must be the fiscal year, e.g. "2024": {props["dc:temporal"]!r}') from None
    raw_dialect = doc.get("dialect", {})
    if "encoding" in raw_dialect:
        mapping.encoding = table.dialect.encoding
    if "delimiter" in raw_dialect:
        mapping.delimiter = table.dialect.delimiter
    if "skipRows" in raw_dialect:
        mapping.skip_rows = table.dialect.skipRows
    raw_columns = doc["tableSchema"].get("columns", []) if isinstance(doc["tableSchema"], dict) else []
    for n, (col, raw) in enumerate(zip(table.tableSchema.columns, raw_columns, strict=False), start=1):
        titles = [str(t) for values in (col.titles.values() if col.titles else []) for t in values]
        role = "ignore" if col.suppressOutput else re.sub(r"_[0-9]+$", "", col.name or "")
        if not titles:
            raise _bad(path, f"column {n} has no titles: give the header as written in the list")
        if role not in ROLES:
            raise _bad(path, f"column {titles[0]!r} has the unknown role {role!r}; the roles are {', '.join(ROLES)}")
        if role == AMOUNT and amount_of(titles[0]) is None:
            raise _bad(path, f"amount column {titles[0]!r}: its title must name the kind and unit, e.g. R6決算(千円)")
        if role == INDICATOR and indicator_of(titles[0]) is None:
            raise _bad(
                path,
                f"indicator column {titles[0]!r}: its title must name the indicator and field, e.g. 成果指標目標値",
            )
        nulls = tuple(str(v) for v in col.null) if "null" in raw else None
        keys = (k for k in (CAVEAT, CANONICAL_CAVEAT, "jkg:caveat") if k in col.common_props)
        caveat = next((col.common_props[k] for k in keys), None)
        mapping.columns.append(MappedColumn(titles, role, nulls, str(caveat) if caveat is not None else None))
    return mapping


def beside(source: Path) -> Path | None:
    """The CSVW metadata file of a list found by the standard's convention: `{file}-metadata.json`."""
    candidate = source.with_name(source.name + "-metadata.json")
    return candidate if candidate.is_file() else None


def detect(cells: list[str]) -> list[Column]:
    """Each cell of a header record as a column with the role its header names (extra when unknown)."""
    columns = []
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        columns.append(make_column(i, cell, role_of(cell) or "extra"))
    return columns


def looks_like_header(cells: list[str]) -> bool:
    """A header names a project-name column and at least one more known column."""
    roles = [role_of(c) for c in cells if c.strip()]
    return "name" in roles and sum(r is not None for r in roles) >= 2


def apply(mapping: Mapping, cells: list[str], line: int, name: str, sheet: str) -> list[Column]:
    """The header record's columns as the mapping names them; a mapped title the header lacks is E-MAPPING."""
    by_key = {header_key(c): i for i, c in enumerate(cells) if c.strip()}
    columns: dict[int, Column] = {}
    for mapped in mapping.columns:
        titles = mapped.titles
        index = next((by_key[header_key(t)] for t in titles if header_key(t) in by_key), None)
        if index is None:
            raise InputError(
                Problem(
                    "E-MAPPING",
                    name,
                    line,
                    1,
                    titles[0],
                    f"the mapping file {mapping.path.name} names the column {titles[0]!r}, which this header lacks; "
                    f"the header is: {', '.join(c for c in cells if c.strip())}",
                    sheet,
                )
            )
        found = make_column(index, cells[index], mapped.role, mapped.nulls)
        if found.amount is not None and mapped.caveat is not None:
            found = replace(found, amount=replace(found.amount, caveat=mapped.caveat))
        columns[index] = found
    for column in detect(cells):  # columns the mapping leaves out keep their detected role
        columns.setdefault(column.index, column)
    return [columns[i] for i in sorted(columns) if columns[i].role != "ignore"]


def key_role(columns: list[Column]) -> str | None:
    """The column that keys projects: 事業番号 (or 事業コード), else the page, else the serial number."""
    roles = {c.role for c in columns}
    return next((r for r in KEY_ROLES if r in roles), None)


def has_unit(columns: list[Column]) -> bool:
    return any(c.role in UNIT_ROLES for c in columns)


def as_csvw(
    url: str, columns: list[Column], municipality: str | None, fiscal_year: int | None, skip_rows: int
) -> dict[str, Any]:
    """The CSVW metadata document that reproduces a detected layout (what `jkg inspect` prints)."""
    doc: dict[str, Any] = {"@context": CSVW_CONTEXT, "url": url}
    if municipality:
        doc["dc:publisher"] = municipality
    if fiscal_year is not None:
        doc["dc:temporal"] = str(fiscal_year)
    if skip_rows:
        doc["dialect"] = {"skipRows": skip_rows}
    described = []
    used: Counter[str] = Counter()
    for c in columns:
        used[c.role] += 1  # CSVW column names are unique: the second amount column is amount_2
        entry: dict[str, Any] = {"titles": c.header, "name": c.role + (f"_{used[c.role]}" if used[c.role] > 1 else "")}
        if c.nulls is not None:
            entry["null"] = list(c.nulls)
        derived = amount_of(c.header)
        if c.amount is not None and derived is not None and c.amount.caveat != derived.caveat:
            entry[CAVEAT] = c.amount.caveat
        described.append(entry)
    doc["tableSchema"] = {"columns": described}
    return doc
