"""JSON-LD for people who read JSON: a published term context, and each document compacted with it."""

from __future__ import annotations

import json

import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from tests.conftest import BASE

SHEET = "/doc/lg/082201/project/94/2020"


def test_the_published_context_has_short_terms(client: FlaskClient) -> None:
    with client.get("/data/context.jsonld") as r:
        context = json.loads(r.data)["@context"]
    assert context["id"] == "@id" and context["type"] == "@type"
    assert context["@base"] == BASE + "id/"
    assert context["partner"] == {"@id": "jkg:partner", "@type": "@id"}
    assert context["fiscalYear"]["@type"] == "xsd:gYear"
    assert context["label"] == {"@id": "rdfs:label", "@language": "ja"}
    assert context["purpose"] == {"@id": "jkg:purpose", "@language": "ja"}


def test_a_document_reads_as_plain_json_and_is_the_same_graph(client: FlaskClient) -> None:
    r = client.get(SHEET, headers={"Accept": "application/ld+json"})
    assert r.mimetype == "application/ld+json"
    assert 'rel="http://www.w3.org/ns/json-ld#context"' in r.headers["Link"]
    doc = json.loads(r.data)
    nodes = doc.get("@graph", [doc])
    sheet = next(n for n in nodes if n.get("id", "").endswith("/id/lg/082201/project/94/2020"))  # not its document
    assert sheet["title"] == "市内大学・研究機関等との連携事業"  # Japanese text without a language tag
    assert "ProjectSheet" in sheet["type"]
    partners = sheet["partner"] if isinstance(sheet["partner"], list) else [sheet["partner"]]
    assert any(p.endswith("org/jaxa") for p in partners)
    as_json = rdflib.Graph().parse(data=r.data, format="json-ld")
    as_nt = rdflib.Graph().parse(data=client.get(SHEET + ".nt").data, format="nt")
    assert isomorphic(as_json, as_nt)
