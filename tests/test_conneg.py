"""Content negotiation at /sparql as Fuseki does it: generic JSON and XML in Accept get the query form's format."""

from __future__ import annotations

import json
import xml.dom.minidom

import pytest
import rdflib
from flask.testing import FlaskClient

from tests.conftest import JKG, TSUKUBA

SELECT = f"SELECT ?d WHERE {{ ?d a <{JKG.Division}> }}"
ASK = f"ASK {{ ?d a <{JKG.Division}> }}"
CONSTRUCT = f"CONSTRUCT WHERE {{ ?d a <{JKG.Division}> }}"
DESCRIBE = f"DESCRIBE <{TSUKUBA['org/information-policy-div']}>"


@pytest.mark.parametrize(
    ("query", "accept", "media_type"),
    [
        (SELECT, "application/json", "application/sparql-results+json"),
        (ASK, "application/json", "application/sparql-results+json"),
        (CONSTRUCT, "application/json", "application/ld+json"),
        (DESCRIBE, "application/json", "application/ld+json"),
        (SELECT, "application/xml", "application/sparql-results+xml"),
        (ASK, "text/xml", "application/sparql-results+xml"),
        (CONSTRUCT, "application/xml", "application/rdf+xml"),
        (DESCRIBE, "text/xml", "application/rdf+xml"),
    ],
)
def test_generic_json_and_xml(client: FlaskClient, query: str, accept: str, media_type: str) -> None:
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200, r.data
    assert r.mimetype == media_type
    if media_type == "application/sparql-results+json":
        body = json.loads(r.data)
        assert body.get("boolean") is True or len(body["results"]["bindings"]) == 7
    elif media_type == "application/sparql-results+xml":
        doc = xml.dom.minidom.parseString(r.data)
        assert doc.documentElement.tagName == "sparql"
    else:
        g = rdflib.Graph().parse(data=r.data, format="json-ld" if "json" in media_type else "xml")
        assert (TSUKUBA["org/information-policy-div"], rdflib.RDF.type, JKG.Division) in g
