"""What a server tells about itself comes from its configuration, never from the client or the build machine:
source files by name and SHA-256 only, the service's IRI and the query base from the dataset's base IRI
whatever Host or X-Forwarded-* a client sends."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import rdflib

from tests.conftest import BASE, BUNDLED, ROOT
from tests.serving import running_server

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def server(bundled_out: Path) -> Iterator[str]:
    with running_server(bundled_out) as url:
        yield url


def get(server: str, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(urlsplit(server).netloc, timeout=60)
    try:
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_sources_are_published_by_name_and_digest_only(bundled_out: Path, server: str) -> None:
    assert BUNDLED[0].is_absolute()
    report = (bundled_out / "current" / "build.json").read_text(encoding="utf-8")
    assert str(ROOT) not in report
    assert [s["file"] for s in json.loads(report)["sources"]] == [p.name for p in BUNDLED]
    status, body = get(server, "/-/version", {})
    assert status == 200 and str(ROOT).encode() not in body
    assert json.loads(body)["sources"] == [
        {"file": p.name, "sha256": s["sha256"]} for p, s in zip(BUNDLED, json.loads(report)["sources"], strict=True)
    ]


def test_the_service_names_itself_from_its_base_not_the_host_header(server: str) -> None:
    status, body = get(server, "/sparql", {**FORGED, "Accept": "text/turtle"})
    assert status == 200
    g = rdflib.Graph().parse(data=body, format="turtle")
    assert set(g.subjects(SD.endpoint, None)) == {rdflib.URIRef(BASE + "sparql")}
    assert b"evil.example" not in body


def test_relative_iris_in_a_query_resolve_against_the_base(server: str) -> None:
    query = "SELECT ?x WHERE { BIND(<id/org/cabinet-office> AS ?x) }"
    status, body = get(server, "/sparql?query=" + quote(query), {**FORGED, "Accept": "application/sparql-results+json"})
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"] == BASE + "id/org/cabinet-office"
