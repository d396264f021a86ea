"""The W3C SPARQL 1.1 Protocol manifest, run against a real server process."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import rdflib
from rdflib.collection import Collection

from tests.conftest import ROOT
from tests.serving import copy_with_w3c_graphs, running_server

MANIFEST = ROOT / "tests" / "w3c" / "protocol-manifest.ttl"  # the W3C manifest, copied unchanged
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")


def _tests() -> list[tuple[str, rdflib.Graph, rdflib.term.Node]]:
    g = rdflib.Graph().parse(MANIFEST)
    return sorted(
        ((str(t).rsplit("#", 1)[1], g, t) for t in g.subjects(rdflib.RDF.type, MF.ProtocolTest)), key=lambda x: x[0]
    )


TESTS = _tests()
QUERY_TESTS = [t for t in TESTS if not t[0].startswith(("update_", "bad_update"))]
UPDATE_TESTS = [t for t in TESTS if t[0].startswith("update_")]


def test_manifest_has_the_expected_tests() -> None:
    assert len(TESTS) == 34
    assert len(UPDATE_TESTS) == 7


@pytest.fixture(scope="module")
def server(bundled_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = copy_with_w3c_graphs(bundled_out, tmp_path_factory.mktemp("w3c") / "jkg-data")
    with running_server(data) as url:
        yield url


def send(url: str, g: rdflib.Graph, request: rdflib.term.Node) -> tuple[int, str, bytes]:
    body_node = g.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(body_node, CNT.chars)).encode(encoding.lower())
    headers = {}
    for h in Collection(g, g.value(request, HT.headers)) if g.value(request, HT.headers) else []:
        headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    conn = http.client.HTTPConnection(urlsplit(url).netloc, timeout=30)
    try:
        conn.request(str(g.value(request, HT.methodName)), str(g.value(request, HT.absolutePath)), body, headers)
        response = conn.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        conn.close()


def _expected_boolean(content_type: str, body: bytes) -> bool:
    if "json" in content_type:
        return bool(json.loads(body)["boolean"])
    assert "xml" in content_type, content_type
    return b"<boolean>true</boolean>" in body


@pytest.mark.parametrize(("name", "g", "test"), QUERY_TESTS, ids=[t[0] for t in QUERY_TESTS])
def test_protocol(server: str, name: str, g: rdflib.Graph, test: rdflib.term.Node) -> None:
    for request in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
        resp_spec = g.value(request, HT.resp)
        expected = {str(s).rsplit("#", 1)[1] for s in g.objects(resp_spec, MF.expectedStatus)}
        status, content_type, body = send(server, g, request)
        family = f"StatusCode{status // 100}xx"
        assert family in expected, f"{name}: got {status} {body[:300]!r}, expected {expected}"
        fmt = g.value(resp_spec, MF.expectedFormat)
        if fmt is not None and str(fmt) == "boolean":
            assert any(t in content_type for t in ("sparql-results+json", "sparql-results+xml")), content_type
        if fmt is not None and str(fmt) == "tabular":
            assert any(t in content_type for t in ("json", "xml", "csv", "tab-separated")), content_type
        if fmt is not None and str(fmt) == "RDF":
            assert any(t in content_type for t in ("turtle", "n-triples", "rdf+xml")), content_type
            rdflib.Graph().parse(data=body, format="turtle")
        boolean = g.value(resp_spec, MF.expectedBoolean)
        if boolean is not None:
            assert _expected_boolean(content_type, body) is boolean.toPython(), f"{name}: {body!r}"


@pytest.mark.parametrize(("name", "g", "test"), UPDATE_TESTS, ids=[t[0] for t in UPDATE_TESTS])
def test_updates_are_refused(server: str, name: str, g: rdflib.Graph, test: rdflib.term.Node) -> None:
    first = next(iter(Collection(g, g.value(g.value(test, MF.action), HT.requests))))
    status, _content_type, body = send(server, g, first)
    assert status == 403, f"{name}: {status} {body!r}"
    assert b"read-only" in body
