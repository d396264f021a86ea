"""The tests pySHACL makes in Python on single RDF terms, for the shapes compiled to SPARQL (sparqlshapes.py).

Whether a literal is well-typed (rdflib parses its lexical form) and how sh:lessThan compares two values (rdflib's
order) are not SPARQL's notions: the queries give the candidates, and these functions decide as pySHACL does.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from typing import Any

import rdflib
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode
from rdflib.namespace import XSD

# Datatypes whose lexical form pySHACL checks (rdflib's ill_typed and the Python type of the value).
CHECKED_TYPES: dict[rdflib.URIRef, type | tuple[type, ...]] = {
    XSD.integer: int,
    XSD.decimal: Decimal,
    XSD.float: float,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.dateTime: datetime,
    XSD.time: time,
}
_DAY = "[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])"  # no 29th to 31st: those depend on the month
_TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
# Lexical forms that are well-typed for rdflib whatever their text (tests/unit/test_shaclterms.py), so the query
# leaves them out; any other form of the datatype goes to well_typed(). Narrower than the datatype's lexical
# space on purpose: a form missing here costs a row, a form wrongly here would hide an ill-typed literal.
SURELY_WELL_TYPED: dict[rdflib.URIRef, str] = {
    XSD.integer: "^-?[0-9]{1,18}$",
    XSD.decimal: "^-?[0-9]{1,18}([.][0-9]{1,18})?$",
    XSD.boolean: "^(true|false)$",
    XSD.date: f"^{_DAY}$",
    XSD.dateTime: f"^{_DAY}T{_TIME}([.][0-9]{{1,6}})?(Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?$",
    XSD.time: f"^{_TIME}$",
}


@cache
def well_typed(lexical: str, datatype: rdflib.URIRef) -> bool:
    """pySHACL's test of a literal of the datatype it is checked against: rdflib parses its lexical form, and
    the value has the datatype's Python type."""
    literal = rdflib.Literal(lexical, datatype=datatype)
    return literal.ill_typed is not True and isinstance(literal.value, CHECKED_TYPES[datatype])


def to_rdflib(term: Any) -> rdflib.term.Node:
    if isinstance(term, OxLiteral):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.URIRef(term.value) if isinstance(term, NamedNode) else rdflib.BNode(term.value)


def less_than(value: Any, other: Any) -> bool:
    """pySHACL's sh:lessThan test: IRIs and string-valued literals compare as strings, never with other values;
    other literals by rdflib's order (an ill-typed literal by its lexical form)."""
    a, b = to_rdflib(value), to_rdflib(other)

    def text(n: rdflib.term.Node) -> str | None:
        if isinstance(n, rdflib.URIRef):
            return str(n)
        return n.value if isinstance(n, rdflib.Literal) and isinstance(n.value, str) else None

    if (text(a) is None) != (text(b) is None):
        return False
    try:
        return bool(text(a) < text(b) if text(a) is not None else a < b)  # type: ignore[operator]
    except TypeError:
        return False
