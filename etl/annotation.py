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
from functools import lru_cache

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


PLAIN_TEXT = Literal("text/plain")


def field_text(node: NamedNode, sheet: NamedNode, prop: NamedNode, text: Literal) -> Iterator[Triple]:
    """One field's verbatim text (a literal @ja) as a resource of its own: what the selectors select from."""
    yield Triple(node, TYPE, JKG.FieldText)
    yield Triple(node, RDF.value, text)
    yield Triple(node, DCTERMS.format, PLAIN_TEXT)
    yield Triple(node, DCTERMS.isPartOf, sheet)
    yield Triple(node, JKG.fieldProperty, prop)
    yield Triple(sheet, DCTERMS.hasPart, node)


@lru_cache(maxsize=4096)
def integer(value: int) -> Literal:
    """An xsd:integer literal (cached: offsets repeat on every row)."""
    return Literal(str(value), datatype=XSD.integer)


def annotation(
    node: NamedNode,
    source: NamedNode,
    text: str,
    start: int,
    end: int,
    agent: NamedNode,
    created: Literal | None,
    exact: Literal | None = None,
) -> list[Triple]:
    """The annotation's motivation, provenance and its target: the span start..end of the source's text
    (`created`: its xsd:dateTime; `exact`: the literal of text[start:end] when the caller has made it)."""
    value = node.value
    target, position, quote = NamedNode(value + "#target"), NamedNode(value + "#position"), NamedNode(value + "#quote")
    out = [
        Triple(node, OA.motivatedBy, OA.identifying),
        Triple(node, OA.hasTarget, target),
        Triple(node, DCTERMS.creator, agent),
    ]
    if created is not None:
        out.append(Triple(node, DCTERMS.created, created))
    out += (
        Triple(target, TYPE, OA.SpecificResource),
        Triple(target, OA.hasSource, source),
        Triple(target, OA.hasSelector, position),
        Triple(target, OA.hasSelector, quote),
        Triple(position, TYPE, OA.TextPositionSelector),
        Triple(position, OA.start, integer(start)),
        Triple(position, OA.end, integer(end)),
        Triple(quote, TYPE, OA.TextQuoteSelector),
        Triple(quote, OA.exact, exact if exact is not None else Literal(text[start:end])),
    )
    if start > 0:
        out.append(Triple(quote, OA.prefix, Literal(text[max(0, start - QUOTE_CONTEXT) : start])))
    if end < len(text):
        out.append(Triple(quote, OA.suffix, Literal(text[end : end + QUOTE_CONTEXT])))
    return out
