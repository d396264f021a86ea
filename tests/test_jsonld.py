"""JSON-LD for people who read JSON: a published term context, and each document framed on its topic with it."""

from __future__ import annotations

import json

import pytest
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
    sheet = next(n for n in nodes if n.get("id", "") == "lg/082201/project/94/2020")  # not its document
    assert sheet["title"] == "市内大学・研究機関等との連携事業"  # Japanese text without a language tag
    assert "ProjectSheet" in sheet["type"]
    partners = sheet["partner"] if isinstance(sheet["partner"], list) else [sheet["partner"]]
    assert any((p["id"] if isinstance(p, dict) else p) == "org/jaxa" for p in partners)
    as_json = rdflib.Graph().parse(data=r.data, format="json-ld")
    as_nt = rdflib.Graph().parse(data=client.get(SHEET + ".nt").data, format="nt")
    assert isomorphic(as_json, as_nt)


MENTION = "/doc/lg/082201/project/94/2020/mention/results/74/partner"


@pytest.mark.parametrize("path", [SHEET, MENTION, "/doc/lg/082201", "/doc/org/jaxa", "/doc/fiscal-year/2020"])
def test_a_document_is_framed_on_its_topic_and_is_the_same_graph(client: FlaskClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    doc = json.loads(r.data)
    topic = doc["@graph"][0]
    assert topic["id"] == path.removeprefix("/doc/")  # relative to the context's @base, BASE/id/
    as_json = rdflib.Graph().parse(data=r.data, format="json-ld")
    as_nt = rdflib.Graph().parse(data=client.get(path + ".nt").data, format="nt")
    assert isomorphic(as_json, as_nt)


def test_an_annotation_reads_as_the_web_annotation_json_does(client: FlaskClient) -> None:
    doc = json.loads(client.get(MENTION, headers={"Accept": "application/ld+json"}).data)
    mention = doc["@graph"][0]
    assert mention["motivatedBy"] == "oa:identifying"
    assert mention["hasBody"]["id"] == "org/jaxa" and mention["hasBody"]["prefLabel"]
    target = mention["hasTarget"]  # embedded, with its selectors
    assert target["type"] == "oa:SpecificResource" and target["source"] == "lg/082201/project/94/2020/text/results"
    kinds = {s["type"]: s for s in target["selector"]}
    assert kinds["oa:TextPositionSelector"]["oa:start"] == "74"
    assert kinds["oa:TextQuoteSelector"]["oa:exact"] == "国立研究開発法人宇宙航空研究開発機構"


def test_a_document_too_large_to_frame_quickly_is_compacted_and_the_same_graph(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jkg.server import linkeddata

    monkeypatch.setattr(linkeddata, "FRAME_LIMIT", 10)
    r = client.get(SHEET, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    as_json = rdflib.Graph().parse(data=r.data, format="json-ld")
    as_nt = rdflib.Graph().parse(data=client.get(SHEET + ".nt").data, format="nt")
    assert len(as_nt) > 10 and isomorphic(as_json, as_nt)
    assert json.loads(r.data)["@context"]["@base"] == BASE + "id/"
