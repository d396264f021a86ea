"""Virtuoso's silent defaults, caught: a Virtuoso with ResultSetMaxRows 20 and MaxQueryExecutionTime 1 s behind
`jkg serve --engine`. Every answer it may have cut is refused with the limit to page by, never given short; a
timeout is a 503, never a partial answer; its GROUP_CONCAT and cost limits are named."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from jkg.server.app import create_app
from tests import engines
from tests.enginefixtures import need, publish

CAP = 20
SLOW = "SELECT ?a WHERE { ?a ?p ?b . ?c ?q ?d FILTER(STR(?b) = CONCAT(STR(?d), 'x')) } LIMIT 5"


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[engines.Virtuoso]:
    need("find_virtuoso")
    need("find_isql")
    with engines.virtuoso_server(tmp_path_factory.mktemp("small"), max_rows=CAP, max_seconds=1) as store:
        yield store


@pytest.fixture(scope="module")
def client(small: engines.Virtuoso, bundled_out: Path) -> Iterator[FlaskClient]:
    publish(small, bundled_out)
    app = create_app({"data": str(bundled_out), "engine": small.query_url})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


def post(client: FlaskClient, query: str, accept: str = "application/sparql-results+json", **params: str) -> object:
    return client.post("/sparql", data={"query": query, **params}, headers={"Accept": accept})


def test_the_stores_cap_is_learnt(client: FlaskClient) -> None:
    r = client.get("/-/health")
    assert r.status_code == 200
    from jkg.server.enginejobs import EngineRunner

    app = client.application
    runner = app.extensions["jkg_builds"].current.pool
    assert isinstance(runner, EngineRunner) and runner.engine.cap == CAP


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("SELECT ?s WHERE { ?s a ?t }", "application/sparql-results+json"),
        ("SELECT ?s WHERE { ?s a ?t }", "text/csv"),
        ("SELECT ?s WHERE { ?s a ?t } LIMIT 20", "application/sparql-results+json"),  # exactly the cap: cut or not
        ("CONSTRUCT WHERE { ?s a ?t }", "text/turtle"),  # Virtuoso cuts it at 21 triples, with no header at all
        (
            "DESCRIBE ?s WHERE { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }",
            "application/n-triples",
        ),
    ],
)
def test_an_answer_the_store_may_have_cut_is_refused(client: FlaskClient, query: str, accept: str) -> None:
    r = post(client, query, accept)
    assert r.status_code == 400  # type: ignore[attr-defined]
    assert r.headers["JKG-Result-Limit"] == str(CAP - 1)  # type: ignore[attr-defined]
    assert f"at least {CAP} rows" in r.data.decode()  # type: ignore[attr-defined]


def test_answers_below_the_cap_are_whole(client: FlaskClient) -> None:
    r = post(client, "SELECT ?s WHERE { ?s a ?t } ORDER BY ?s LIMIT 19")
    assert r.status_code == 200 and len(json.loads(r.data)["results"]["bindings"]) == 19  # type: ignore[attr-defined]
    r = post(client, "CONSTRUCT WHERE { ?s a ?t } LIMIT 7", "application/n-triples")
    assert r.status_code == 200 and r.data.count(b"\n") == 7  # type: ignore[attr-defined]
    r = post(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }")  # aggregates are not cut
    assert int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"]) > CAP  # type: ignore[attr-defined]


def test_a_page_longer_than_the_cap_is_an_error_not_a_short_page(client: FlaskClient) -> None:
    r = post(client, 'SELECT ?d WHERE { ?d <http://www.w3.org/2000/01/rdf-schema#label> "企画経営課"@ja }')
    division = json.loads(r.data)["results"]["bindings"][0]["d"]["value"]  # type: ignore[attr-defined]
    path = "/doc/" + division.split("/id/", 1)[1]
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 400 and f"at least {CAP} rows".encode() in page.data  # its 23 projects


def test_a_timeout_is_a_503_never_a_partial_answer(client: FlaskClient, small: engines.Virtuoso) -> None:
    for params in ({}, {"timeout": "20"}):  # a timeout= of the client's is never passed on to Virtuoso
        r = post(client, SLOW, **params)
        assert r.status_code == 503, r.data  # type: ignore[attr-defined]
        assert r.get_json()["error"] == "query-timeout"  # type: ignore[attr-defined]
    # The control: sent to Virtuoso with its timeout parameter, the same query answers 200 with what it had.
    # On a loaded machine Virtuoso now and then answers this one with a 500 of its own; three tries.
    body = urllib.parse.urlencode({"query": SLOW, "timeout": "20000"}).encode()
    request = urllib.request.Request(small.query_url, data=body, headers={"Accept": "application/sparql-results+json"})
    statuses = []
    for _ in range(3):
        try:
            with urllib.request.urlopen(request, timeout=60) as direct:
                statuses.append(direct.status)
                break
        except urllib.error.HTTPError as e:
            statuses.append(e.code)
    assert statuses[-1] == 200, statuses


def test_group_concat_over_virtuosos_limit_is_named(client: FlaskClient) -> None:
    values = " ".join(f'"{"長い名前の団体" * 3}{i}"' for i in range(300))
    query = (
        f'SELECT ?g (GROUP_CONCAT(?v; separator=", ") AS ?c) WHERE {{ VALUES ?v {{ {values} }} VALUES ?g {{ 1 2 }} }}'
        " GROUP BY ?g ORDER BY ?c"
    )
    r = post(client, query)
    assert r.status_code == 502  # type: ignore[attr-defined]
    body = r.get_json()  # type: ignore[attr-defined]
    assert body["error"] == "engine-limit" and "GROUP_CONCAT" in body["message"] and "SR478" in body["message"]


def test_a_query_the_store_estimates_too_long_is_named(client: FlaskClient) -> None:
    # 300^4 rows: Virtuoso 7.2 estimates some 9,000 s, far over the fixture's 400 s (700^3 was estimated at
    # 400-420 s, a coin toss between this refusal and a plain timeout).
    blocks = " ".join(f"VALUES ?{v} {{ {' '.join(str(i) for i in range(300))} }}" for v in "abcd")
    query = f"SELECT * WHERE {{ {blocks} FILTER(?a + ?b + ?c + ?d = -1) }}"
    r = post(client, query)
    assert r.status_code == 503  # type: ignore[attr-defined]
    assert "estimates this query would run" in r.get_json()["message"]  # type: ignore[attr-defined]
