"""The lexical forms the native validator leaves out of its ill-typed check (shaclterms.SURELY_WELL_TYPED) are
well-typed for rdflib, as pySHACL decides; the forms the build writes are among them (else each costs a row)."""

from __future__ import annotations

import pytest
import rdflib
from pyoxigraph import Literal, QuerySolutions, Store
from rdflib.namespace import XSD

from jkg.etl.shaclterms import SURELY_WELL_TYPED, well_typed

# Per datatype: forms that are ill-typed or of another Python type in rdflib (none may match), then well-typed
# forms (each may or may not match), then the forms a build writes (each must match).
FORMS: dict[rdflib.URIRef, tuple[list[str], list[str], list[str]]] = {
    XSD.integer: (
        ["", " ", "1.5", "1e3", "abc", "--1", "1 2", "0x10"],
        ["+5", " 5", "5 ", "1_000", "١٢", "12345678901234567890123", "007", "-0"],
        ["0", "42", "-3", "123456789012"],
    ),
    XSD.decimal: (
        ["", "abc", "1.2.3", "1,5", "--1"],
        ["+1.5", ".5", "5.", "1e3", "NaN", "-.5", " 1.5"],
        ["0", "1.5", "-3.25", "1000000"],
    ),
    XSD.boolean: (["yes", "", "TRUE ", "2", "True", "FALSE"], ["1", "0"], ["true", "false"]),
    XSD.date: (
        [
            "2023-02-29",
            "2024-02-30",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "0000-01-01",
            "24-01-01",
            "2024-1-5",
            "20240105",
        ],
        ["2024-02-29", "2024-01-31", "2024-01-05Z", "2024-01-05+09:00", "0001-01-01"],
        ["2020-04-01", "2021-03-28", "1999-12-01"],
    ),
    XSD.dateTime: (
        ["2024-02-28T24:00:00", "2023-02-29T10:00:00", "2024-02-28T10:60:00", "2024-02-28T10:00:61"],
        [
            "2024-02-28",
            "2024-02-28T10",
            "2024-02-28T10:00:00+14:00",
            "2024-02-29T10:00:00Z",
            "2024-02-28T10:00:00.1234567",
            "2024-02-28 10:00:00",
        ],
        [
            "2026-12-01T17:54:08Z",
            "2026-12-01T17:54:08",
            "2026-12-01T17:54:08.123456+09:00",
            "2026-12-01T00:00:00-05:30",
        ],
    ),
    XSD.time: (["24:00:00", "10:60:00", "1:00:00", ""], ["10:00:00Z", "10:00:00.5", "10:00"], ["10:00:00", "23:59:59"]),
}


def matched(datatype: rdflib.URIRef, forms: list[str]) -> set[str]:
    """The forms the engine's own REGEX (as in the compiled query) matches."""
    values = " ".join(str(Literal(f)) for f in forms)
    query = f"SELECT ?s WHERE {{ VALUES ?s {{ {values} }} FILTER(REGEX(?s, {Literal(SURELY_WELL_TYPED[datatype])})) }}"
    solutions = Store().query(query)
    assert isinstance(solutions, QuerySolutions)
    return {row["s"].value for row in solutions}


@pytest.mark.parametrize("datatype", list(FORMS), ids=[str(d).rsplit("#")[-1] for d in FORMS])
def test_only_well_typed_forms_are_left_out(datatype: rdflib.URIRef) -> None:
    bad, good, written = FORMS[datatype]
    assert not [f for f in bad if well_typed(f, datatype)]  # the table is right about rdflib
    assert all(well_typed(f, datatype) for f in good + written)
    assert not matched(datatype, bad)
    assert matched(datatype, written) == set(written)
