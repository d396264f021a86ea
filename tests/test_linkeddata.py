"""Dereferenceable IRIs: /id/ → 303 → /doc/, RDF by Accept or extension, parsed back and checked."""

from __future__ import annotations

import pytest
import rdflib
from flask.testing import FlaskClient

from tests.conftest import ID, JKG, TSUKUBA

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")


def test_id_redirects_to_its_document(client: FlaskClient) -> None:
    r = client.get("/id/lg/082201/org/information-policy-div")
    assert r.status_code == 303
    assert r.headers["Location"].endswith("/doc/lg/082201/org/information-policy-div")


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_document_by_accept(client: FlaskClient, accept: str, fmt: str) -> None:
    r = client.get("/doc/lg/082201/org/information-policy-div", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept and r.headers["Vary"] == "Accept"
    g = rdflib.Graph().parse(data=r.data, format=fmt)
    division = TSUKUBA["org/information-policy-div"]
    assert (division, ORG.subOrganizationOf, TSUKUBA["org/policy-innovation-dept"]) in g
    assert (TSUKUBA["project/8/2020"], JKG.responsibleUnit, division) in g  # incoming links too
    assert (division, rdflib.RDFS.label, rdflib.Literal("情報政策課", lang="ja")) in g


def test_extension_wins_over_accept_and_links_alternates(client: FlaskClient) -> None:
    r = client.get("/doc/org/jaxa.nt", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "application/n-triples"
    g = rdflib.Graph().parse(data=r.data, format="nt")
    assert (TSUKUBA["project/94/2020"], JKG.partner, ID["org/jaxa"]) in g
    links = r.headers["Link"]
    assert '</doc/org/jaxa.jsonld>; rel="alternate"; type="application/ld+json"' in links
    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' in links
    assert f'<{ID["org/jaxa"]}>; rel="describes"' in links


def test_unknown_iri_is_404(client: FlaskClient) -> None:
    assert client.get("/doc/org/no-such-body").status_code == 404
    assert client.get("/doc/lg/082201/project/999999/2020.ttl").status_code == 404
    assert client.get('/doc/org/a"b').status_code == 404


def test_not_acceptable_when_no_rdf_format_fits(client: FlaskClient) -> None:
    assert client.get("/doc/org/jaxa", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("path", ["a%0Ab", "a%09b", "a%3Eb", "a%20b", "%E3%81%82%3C", "x%7By%7D"])
@pytest.mark.parametrize("accept", ["text/turtle", "text/html"])
def test_a_path_that_cannot_be_an_iri_is_404_not_a_crash(client: FlaskClient, path: str, accept: str) -> None:
    r = client.get(f"/doc/org/{path}", headers={"Accept": accept})
    assert r.status_code == 404
