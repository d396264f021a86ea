"""Mentions as the W3C Web Annotation Data Model has them: a client that knows only that model (oa:, rdf:value)
finds every span in the text it selects from, in what the server serves."""

from __future__ import annotations

import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from jkg import __version__
from tests.conftest import BASE, JKG

OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SCHEMA = rdflib.Namespace("https://schema.org/")


def served(client: FlaskClient) -> rdflib.Graph:
    """Every triple of the data as the endpoint answers it."""
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    with client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/n-triples"}) as r:
        assert r.status_code == 200
        return rdflib.Graph().parse(data=r.get_data(), format="nt")


def selectors(g: rdflib.Graph, target: rdflib.term.Node) -> dict[rdflib.term.Node, rdflib.term.Node]:
    return {g.value(s, RDF.type): s for s in g.objects(target, OA.hasSelector)}


def test_a_web_annotation_client_finds_every_span(client: FlaskClient) -> None:
    g = served(client)
    annotations = set(g.subjects(RDF.type, OA.Annotation))
    assert len(annotations) >= 100
    for a in annotations:
        assert g.value(a, OA.motivatedBy) == OA.identifying
        (target,) = g.objects(a, OA.hasTarget)
        assert (target, RDF.type, OA.SpecificResource) in g
        text = str(g.value(g.value(target, OA.hasSource), RDF.value))
        found = selectors(g, target)
        position, quote = found[OA.TextPositionSelector], found[OA.TextQuoteSelector]
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert 0 <= start < end <= len(text), a
        exact = str(g.value(quote, OA.exact))
        assert text[start:end] == exact, a
        prefix, suffix = g.value(quote, OA.prefix), g.value(quote, OA.suffix)
        assert text[:start].endswith(str(prefix or "")) and (prefix is None) == (start == 0), a
        assert text[end:].startswith(str(suffix or "")) and (suffix is None) == (end == len(text)), a
        # The quote alone finds the span too: exact with its prefix and suffix occurs once in the text.
        assert text.count(f"{prefix or ''}{exact}{suffix or ''}") == 1, a
        # What it names: a resource, or (a date) its ISO 8601 value.
        body, value = g.value(a, OA.hasBody), g.value(a, OA.bodyValue)
        assert (body is None) != (value is None), a
        assert g.value(a, DCTERMS.created).datatype == XSD.dateTime


def test_the_source_is_the_sheet_field_the_text_is_read_from(client: FlaskClient) -> None:
    g = served(client)
    for source in set(g.subjects(RDF.type, JKG.FieldText)):
        sheet, field = g.value(source, DCTERMS.isPartOf), g.value(source, JKG.fieldProperty)
        assert (sheet, RDF.type, JKG.ProjectSheet) in g and (sheet, DCTERMS.hasPart, source) in g
        assert g.value(source, RDF.value) in set(g.objects(sheet, field))
        assert str(g.value(source, DCTERMS.format)) == "text/plain"


def test_dates_have_their_value_as_body_and_the_creator_is_this_release(client: FlaskClient) -> None:
    g = served(client)
    dates = set(g.subjects(RDF.type, JKG.DateMention))
    assert dates
    assert all(g.value(d, OA.bodyValue) == g.value(d, JKG.isoValue) for d in dates)
    creators = {g.value(a, DCTERMS.creator) for a in g.subjects(RDF.type, OA.Annotation)}
    assert creators == {rdflib.URIRef(f"{BASE}id/software/jimujigyo-kg/{__version__}")}
    (agent,) = creators
    assert (agent, RDF.type, PROV.SoftwareAgent) in g
    assert str(g.value(agent, SCHEMA.softwareVersion)) == __version__


def test_an_annotation_document_carries_its_target_and_selectors(client: FlaskClient) -> None:
    g = served(client)
    a = next(iter(g.subjects(RDF.type, JKG.PartnerMention)))
    r = client.get("/doc/" + str(a)[len(BASE + "id/") :], headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    doc = rdflib.Graph().parse(data=r.data, format="turtle")
    target = doc.value(a, OA.hasTarget)
    assert str(target) == f"{a}#target"
    found = selectors(doc, target)
    assert doc.value(found[OA.TextPositionSelector], OA.start) is not None
    assert doc.value(found[OA.TextQuoteSelector], OA.exact) is not None
    # The field's text is its own resource, and dereferences.
    source = str(doc.value(target, OA.hasSource))
    assert client.get("/id/" + source[len(BASE + "id/") :]).status_code == 303
