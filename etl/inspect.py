"""`jkg inspect`: how a list will be read — header, column roles, encoding, year, municipality, first rows."""

from __future__ import annotations

import json
from itertools import islice
from pathlib import Path
from typing import Any

from jkg.etl import profile
from jkg.etl.columns import LABELS
from jkg.etl.read import Row, open_source, read_rows


def _row(row: Row) -> dict[str, Any]:
    return {
        "line": row.line,
        "key": row.key,
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
        "title": src.title,
        "columns": [
            {
                "column": c.index + 1,
                "header": c.header,
                "role": c.role,
                "means": LABELS.get(c.role, c.role),
                **({"amount": vars(c.amount)} if c.amount else {}),
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
        "mapping": profile.as_csvw(url, src.columns, src.municipality.code, src.fiscal_year, skip),
    }


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
            f" ({amount['kind']}, FY{amount['fiscal_year'] or 'of the sheet'}, ×{amount['scale']} yen"
            + (f", {amount['caveat']}" if amount["caveat"] else "")
            + ")"
            if amount
            else ""
        )
        lines.append(f"  {c['column']:>3}  {c['header']:<24} → {c['role']}{extra}")
    lines.append(f"first {len(found['rows'])} rows as read:")
    for r in found["rows"]:
        lines.append(f"  line {r['line']}: [{r['key']}] {r['name']} — {'; '.join(r['units'])}")
    lines += found["problems_in_these_rows"]
    lines.append("mapping file (CSVW) that reproduces this layout:")
    lines.append(json.dumps(found["mapping"], ensure_ascii=False, indent=2))
    return "\n".join(lines)
