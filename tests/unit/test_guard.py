"""The query guard as a table: what reaches the engine, what is refused before it, and with which status."""

from __future__ import annotations

import pytest

from jkg.server import guard

LIMITS = {"max_bytes": 4096, "max_nesting": 8, "max_chain": 16}

ACCEPTED = [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT", False),
    ("select * where { ?s ?p ?o }", "SELECT", False),
    ("PREFIX ex: <http://example.org/> ASK { ex:a ?p ?o }", "ASK", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", False),
    ("DESCRIBE <http://example.org/a>", "DESCRIBE", False),
    ("BASE <http://example.org/> SELECT * { <a> ?p ?o }", "SELECT", False),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "SELECT", True),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT", True),
    # keywords inside strings, IRIs, comments and prefixed names are not keywords
    ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }', "SELECT", False),
    ("SELECT * WHERE { ?s ?p '''INSERT\nDATA''' }", "SELECT", False),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }", "SELECT", False),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> {}", "SELECT", False),
    ("PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }", "SELECT", False),
    ("SELECT ?from WHERE { ?from ?p ?o }", "SELECT", False),  # a variable named from is not FROM
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o = 'FROM') }", "SELECT", False),
    # nesting and chains up to the limits
    ("SELECT * WHERE " + "{" * 7 + " ?s ?p ?o " + "}" * 7, "SELECT", False),
    ("SELECT * WHERE { FILTER(" + " + ".join(["1"] * 16) + ") }", "SELECT", False),
]


@pytest.mark.parametrize(("query", "form", "has_dataset"), ACCEPTED)
def test_accepted(query: str, form: str, has_dataset: bool) -> None:
    info = guard.check(query, **LIMITS)
    assert (info.form, info.has_dataset) == (form, has_dataset)


REFUSED = [
    ("INSERT DATA { <a> <b> <c> }", 403),
    ("DELETE WHERE { ?s ?p ?o }", 403),
    ("LOAD <http://example.org/data.ttl>", 403),
    ("CLEAR ALL", 403),
    ("DROP GRAPH <http://example.org/g>", 403),
    ("WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", 403),
    ("PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }", 403),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 400),
    ("SELECT * WHERE { service <http://example.org/sparql> { ?s ?p ?o } }", 400),
    ("SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }", 400),
    ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", 400),
    ("SELECT * WHERE " + "{" * 9 + " ?s ?p ?o " + "}" * 9, 400),  # nested deeper than 8
    ("SELECT * WHERE { FILTER(" + "(" * 9 + "1" + ")" * 9 + ") }", 400),
    ("SELECT * WHERE { FILTER(" + " + ".join(["1"] * 18) + ") }", 400),  # more than 16 operators
    ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 18) + " }", 400),
    ("", 400),
    ("   \n\t", 400),
    ("# only a comment", 400),
    ("SELECT * WHERE { ?s ?p ?o }\x00", 400),
    ("SELECT * WHERE { ?s ?p '" + "x" * 5000 + "' }", 413),
    ("hello world", 400),
]


@pytest.mark.parametrize(("query", "status"), REFUSED)
def test_refused(query: str, status: int) -> None:
    with pytest.raises(guard.Refused) as refused:
        guard.check(query, **LIMITS)
    assert refused.value.status == status
    assert refused.value.message


@pytest.mark.parametrize(
    ("body", "charset", "expected"),
    [
        (b"SELECT ?x {}", None, "SELECT ?x {}"),
        ("SELECT ?名前 {}".encode(), "utf-8", "SELECT ?名前 {}"),
        (b"SELECT ?x {}", "US-ASCII", "SELECT ?x {}"),
        (b"SELECT ?x {}", "UTF_8", "SELECT ?x {}"),
    ],
)
def test_decode(body: bytes, charset: str | None, expected: str) -> None:
    assert guard.decode(body, charset) == expected


@pytest.mark.parametrize(("body", "charset", "status"), [(b"\xff\xfe", None, 400), (b"SELECT", "shift_jis", 415)])
def test_decode_refused(body: bytes, charset: str | None, status: int) -> None:
    with pytest.raises(guard.Refused) as refused:
        guard.decode(body, charset)
    assert refused.value.status == status


def test_the_refusal_says_where() -> None:
    with pytest.raises(guard.Refused, match="line 2, column 9"):
        guard.check("SELECT * WHERE\n" + "{" * 9 + "}" * 9, **LIMITS)
