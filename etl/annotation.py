"""Mentions as the W3C Web Annotation Data Model has them, so that an annotation client finds every span.

    <mention> a oa:Annotation ; oa:motivatedBy oa:identifying ;
        oa:hasBody <what it names>            (a date: oa:bodyValue "2020-04-01", its ISO 8601 value)
        oa:hasTarget <mention#target> ; dcterms:creator <id/software/jimujigyo-kg/{version}> ; dcterms:created … .
    <mention#target> a oa:SpecificResource ; oa:hasSource <sheet/text/{field}> ;
        oa:hasSelector <mention#position>, <mention#quote> .
    <mention#position> a oa:TextPositionSelector ; oa:start 4 ; oa:end 7 .
    <mention#quote> a oa:TextQuoteSelector ; oa:exact "…" ; oa:prefix "…" ; oa:suffix "…" .
    <sheet/text/{field}> a jkg:FieldText ; rdf:value "the field's verbatim text"@ja ; dcterms:format "text/plain" ;
        dcterms:isPartOf <sheet> ; jkg:fieldProperty jkg:purpose .

Positions count Unicode code points of the field's verbatim text (Python string indices), 0-based, end exclusive,
as the model says. oa:start and oa:end are written as xsd:integer, not the model's xsd:nonNegativeInteger: the
Oxigraph store keeps only xsd:integer, and the published graph is the one it serves.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Triple

from jkg import __version__
from jkg.iris import Iris
from jkg.vocab import DCTERMS, JKG, OA, PROV, RDF, RDFS, SCHEMA, TYPE, XSD

QUOTE_CONTEXT = 32  # characters of text kept before and after a quote (oa:prefix, oa:suffix)


def software(iris: Iris) -> tuple[NamedNode, list[Triple]]:
    """The release of this software that made the annotations, as a software agent."""
    agent = iris.software(__version__)
    return agent, [
        Triple(agent, TYPE, PROV.SoftwareAgent),
        Triple(agent, TYPE, SCHEMA.SoftwareApplication),
        Triple(agent, RDFS.label, Literal(f"jimujigyo-kg {__version__}")),
        Triple(agent, SCHEMA.softwareVersion, Literal(__version__)),
    ]


def field_text(node: NamedNode, sheet: NamedNode, prop: NamedNode, text: str) -> Iterator[Triple]:
    """One field's verbatim text as a resource of its own: what the selectors select from."""
    yield Triple(node, TYPE, JKG.FieldText)
    yield Triple(node, RDF.value, Literal(text, language="ja"))
    yield Triple(node, DCTERMS.format, Literal("text/plain"))
    yield Triple(node, DCTERMS.isPartOf, sheet)
    yield Triple(node, JKG.fieldProperty, prop)
    yield Triple(sheet, DCTERMS.hasPart, node)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def annotation(
    node: NamedNode, source: NamedNode, text: str, start: int, end: int, agent: NamedNode, created: str
) -> Iterator[Triple]:
    """The annotation's motivation, provenance and its target: the span start..end of the source's text."""
    target, position, quote = (NamedNode(f"{node.value}#{part}") for part in ("target", "position", "quote"))
    yield Triple(node, OA.motivatedBy, OA.identifying)
    yield Triple(node, OA.hasTarget, target)
    yield Triple(node, DCTERMS.creator, agent)
    if created:
        yield Triple(node, DCTERMS.created, Literal(created, datatype=XSD.dateTime))
    yield Triple(target, TYPE, OA.SpecificResource)
    yield Triple(target, OA.hasSource, source)
    yield Triple(target, OA.hasSelector, position)
    yield Triple(target, OA.hasSelector, quote)
    yield Triple(position, TYPE, OA.TextPositionSelector)
    yield Triple(position, OA.start, integer(start))
    yield Triple(position, OA.end, integer(end))
    yield Triple(quote, TYPE, OA.TextQuoteSelector)
    yield Triple(quote, OA.exact, Literal(text[start:end]))
    if start > 0:
        yield Triple(quote, OA.prefix, Literal(text[max(0, start - QUOTE_CONTEXT) : start]))
    if end < len(text):
        yield Triple(quote, OA.suffix, Literal(text[end : end + QUOTE_CONTEXT]))
