"""Render query results with pyoxigraph's native serializers (and a plain-text table for terminals)."""

from __future__ import annotations

import unicodedata

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    serialize,
)

from jkg.server.store import QueryResult
from jkg.server.worker import GRAPH_FORMATS, RESULT_FORMATS


def term_text(term: object) -> str:
    """A term as a person reads it in a table: IRIs in <>, literals as their text."""
    if isinstance(term, NamedNode):
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return "" if term is None else str(term)


def width(text: str) -> int:
    """Columns a string takes on a terminal: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, columns: int) -> str:
    return text + " " * (columns - width(text))


def table(result: QuerySolutions) -> str:
    """A fixed-width text table of a SELECT result."""
    names = [v.value for v in result.variables]
    rows = [[term_text(solution[name]) for name in names] for solution in result]
    widths = [max([width(n), *(width(r[i]) for r in rows)]) for i, n in enumerate(names)]
    out = ["  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: QueryResult, fmt: str) -> bytes:
    """Serialize a result in a short-named format; ValueError when the format does not fit the query form."""
    if isinstance(result, QueryTriples):
        if fmt == "table":
            fmt = "ttl"
        if fmt not in GRAPH_FORMATS:
            raise ValueError(f"a CONSTRUCT/DESCRIBE result is a graph: use one of {', '.join(GRAPH_FORMATS)}")
        return serialize(result, format=GRAPH_FORMATS[fmt]) or b""
    if fmt not in RESULT_FORMATS and fmt != "table":
        raise ValueError(f"a SELECT/ASK result is a table: use table or one of {', '.join(RESULT_FORMATS)}")
    if isinstance(result, QueryBoolean):
        if fmt == "table":
            return b"true\n" if bool(result) else b"false\n"
        return result.serialize(format=RESULT_FORMATS[fmt]) or b""
    if fmt == "table":
        return table(result).encode("utf-8")
    return result.serialize(format=RESULT_FORMATS[fmt]) or b""
