"""Graph names in dataset positions, renamed to a store's (datasets.rewrite), as a table."""

from __future__ import annotations

import pytest

from jkg.server import datasets

G = "http://x.example/graph/"
GRAPHS = {G + "data": G + "data/build/B", G + "meta": G + "meta/build/B"}
NONE = datasets.ABSENT
BASE = "http://server.example/sparql"

CASES = [
    # full IRIs after FROM, FROM NAMED, GRAPH
    (f"SELECT * FROM <{G}data> WHERE {{ ?s ?p ?o }}", f"SELECT * FROM <{G}data/build/B> WHERE {{ ?s ?p ?o }}"),
    (f"SELECT * FROM NAMED <{G}meta> {{ }}", f"SELECT * FROM NAMED <{G}meta/build/B> {{ }}"),
    (f"select * from named <{G}meta> {{ }}", f"select * from named <{G}meta/build/B> {{ }}"),
    (f"SELECT * {{ GRAPH <{G}data> {{ ?s ?p ?o }} }}", f"SELECT * {{ GRAPH <{G}data/build/B> {{ ?s ?p ?o }} }}"),
    # a graph outside the build: one that does not exist (the store's own graphs are not for reading)
    ("SELECT * FROM <http://www.openlinksw.com/schemas/virtrdf#> {}", f"SELECT * FROM <{NONE}> {{}}"),
    (f"SELECT * {{ GRAPH <{G}data/build/OTHER> {{ }} }}", f"SELECT * {{ GRAPH <{NONE}> {{ }} }}"),
    # prefixed names, with escapes in the local part; relative IRIs against BASE or the endpoint
    (
        f"PREFIX g: <{G}> SELECT * {{ GRAPH g:data {{}} }}",
        f"PREFIX g: <{G}> SELECT * {{ GRAPH <{G}data/build/B> {{}} }}",
    ),
    (f"PREFIX g: <{G}> SELECT * FROM g:me\\-ta {{}}", f"PREFIX g: <{G}> SELECT * FROM <{NONE}> {{}}"),
    (f"BASE <{G}> SELECT * FROM <data> {{}}", f"BASE <{G}> SELECT * FROM <{G}data/build/B> {{}}"),
    (
        f"PREFIX g: <{G}> BASE <http://elsewhere/> SELECT * FROM <data> {{}}",
        f"PREFIX g: <{G}> BASE <http://elsewhere/> SELECT * FROM <{NONE}> {{}}",
    ),
    ("SELECT * FROM <graph/data> {}", f"SELECT * FROM <{NONE}> {{}}"),  # against the endpoint: not the build's
    # \u escapes in an IRI are read as the engine reads them
    (f"SELECT * FROM <{G}d\\u0061ta> {{}}", f"SELECT * FROM <{G}data/build/B> {{}}"),
    # untouched: graph IRIs elsewhere, variables, strings, comments, an undeclared prefix (a syntax error)
    (f"SELECT * {{ ?s ?p <{G}data> }}", f"SELECT * {{ ?s ?p <{G}data> }}"),
    ("SELECT * { GRAPH ?g { } }", "SELECT * { GRAPH ?g { } }"),
    (f'SELECT * {{ BIND("FROM <{G}data>" AS ?x) }}', f'SELECT * {{ BIND("FROM <{G}data>" AS ?x) }}'),
    (f"SELECT * {{ }} # FROM <{G}data>", f"SELECT * {{ }} # FROM <{G}data>"),
    ("SELECT * { GRAPH u:data { } }", "SELECT * { GRAPH u:data { } }"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rewrite(text: str, expected: str) -> None:
    assert datasets.rewrite(text, GRAPHS, BASE) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BASE <http://x/> SELECT * {}", True),
        ("select * { ?base ?p 'BASE' }", False),
        ("PREFIX a: <x> base <y> ASK {}", True),
    ],
)
def test_has_base(text: str, expected: bool) -> None:
    assert datasets.has_base(text) is expected
