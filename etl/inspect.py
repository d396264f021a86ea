"""`jkg inspect`: how a list will be read — header, column roles, encoding, year, municipality, first rows."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any

from jkg.etl import profile
from jkg.etl.cells import placeholder_warnings, zero_columns
from jkg.etl.columns import LABELS
from jkg.etl.read import Row, open_source, read_rows


def _row(row: Row) -> dict[str, Any]:
    return {
        "line": row.line,
        "key": row.identifier,
        "serial": row.serial,
        "fiscal_year": row.fiscal_year,
        "name": row.name,
        "units": [" › ".join(path) for path in row.units],
        "purpose": row.purpose[:60],
        "overview": row.overview[:60],
        "results": row.results[:60],
        "other": {c.header: c.value[:40] for c in row.cells if c.value.strip()},
    }


def inspect(path: Path, options: Any, rows: int = 5) -> dict[str, Any]:
    """The detected layout of one list, as a dict (rendered as text or JSON by the CLI)."""
    fiscal_year, municipality, mapping = options.for_source(0, 1)
    src = open_source(
        path,
        encoding=options.encoding,
        fiscal_year=fiscal_year,
        municipality=municipality,
        sheet=options.sheet,
        mapping=mapping,
    )
    src.placeholders = zero_columns(src.columns, (r.cells for r in read_rows(src)))  # the whole list, for W-PLACEHOLDER
    src.problems.clear()
    warnings = [*src.warnings, *placeholder_warnings(src)]
    first = [_row(r) for r in islice(read_rows(src), rows)]
    url = path.name + (f"#sheet={src.sheet}" if src.sheet else "")
    skip = 0 if src.sheet == "" and src.header_line == 1 else src.header_line - 1
    return {
        "file": src.name,
        "sheet": src.sheet or None,
        "encoding": src.encoding,
        "delimiter": {"\t": "tab", ",": "comma"}.get(src.table.delimiter),
        "line_ends": src.table.line_ends or None,
        "header_line": src.header_line,
        "default_scale": src.default_scale,
        "title": src.title,
        "columns": [
            {
                "column": c.index + 1,
                "header": c.header,
                "role": c.role,
                "means": LABELS.get(c.role, c.role),
                **({"amount": vars(c.amount)} if c.amount else {}),
                **({"indicator": vars(c.indicator)} if c.indicator else {}),
                **({"placeholder": True} if c.index in src.placeholders else {}),
            }
            for c in src.columns
        ],
        "key": src.key_role,
        "fiscal_year": src.fiscal_year,
        "fiscal_year_from": src.year_from,
        "evaluation_year": src.evaluation_year,
        "municipality": {"code": src.municipality.code, "name": src.municipality.full_name},
        "municipality_from": src.municipality_from,
        "mapping_file": str(src.mapping) if src.mapping else None,
        "rows": first,
        "problems_in_these_rows": [str(p) for p in src.problems],
        "warnings": [str(p) for p in warnings + src.table.cleaned],
        "mapping": profile.as_csvw(url, src.columns, src.municipality.code, src.fiscal_year, skip),
    }


def year_of(fiscal_year: int | None) -> str:
    return f"FY{fiscal_year}" if fiscal_year else "the sheet's FY"


def render(found: dict[str, Any]) -> str:
    """The layout as text for people, ending with the mapping file that reproduces it."""
    sheet = f" [sheet {found['sheet']}]" if found["sheet"] else ""
    lines = [
        f"file          {found['file']}{sheet}",
        f"encoding      {found['encoding']}"
        + (f", {found['delimiter']}-separated, {found['line_ends']} line ends" if found["delimiter"] else ""),
        f"title         {found['title'] or '(none)'}",
        f"header        line {found['header_line']}",
        f"municipality  {found['municipality']['name']} ({found['municipality']['code']}) "
        f"— from {found['municipality_from']}",
        f"fiscal year   {found['fiscal_year'] or 'per row'} — from {found['fiscal_year_from']}"
        + (f"; evaluated in FY{found['evaluation_year']}" if found["evaluation_year"] else ""),
        f"key           {found['key']}",
        "columns:",
    ]
    for c in found["columns"]:
        amount = c.get("amount")
        extra = (
            f" ({amount['kind']}, {year_of(amount['fiscal_year'])}, "
            + (f"×{amount['scale']} yen" if amount["scale"] else f"×{found['default_scale']} yen (from the title)")
            + (f", {amount['caveat']}" if amount["caveat"] else "")
            + ")"
            if amount
            else ""
        )
        indicator = c.get("indicator")
        if indicator:
            year = year_of(indicator["fiscal_year"])
            extra = f" ({indicator['kind']} indicator {indicator['number']}, {indicator['field']}, {year})"
        if c.get("placeholder"):
            extra += " — all 0: a placeholder, read as no value"
        lines.append(f"  {c['column']:>3}  {c['header']:<24} → {c['role']}{extra}")
    lines.append(f"first {len(found['rows'])} rows as read:")
    for r in found["rows"]:
        lines.append(f"  line {r['line']}: [{r['key']}] {r['name']} — {'; '.join(r['units'])}")
    lines += found["problems_in_these_rows"] + found["warnings"]
    lines.append("mapping file (CSVW) that reproduces this layout:")
    lines.append(json.dumps(found["mapping"], ensure_ascii=False, indent=2))
    return "\n".join(lines)
