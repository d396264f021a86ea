"""The published JSON-LD term context (context.jsonld): short keys for every term the graph uses, "id" and "type"
for @id and @type, Japanese text without language tags, datatypes and IRIs coerced, and @base the dataset's id/ space
— so that a person who reads JSON sees `{"id": "lg/082201", "type": "Municipality", "label": "つくば市"}`.

Made from the vocabulary (ontology/): a jkg: object property's values are IRIs, a datatype property's values
carry its range; the standard terms the mapping writes are listed below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, parse

from jkg import namespace
from jkg.vocab import JKG_NS, PREFIXES

OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
XSD = PREFIXES["xsd"]
RDF = PREFIXES["rdf"]
STANDARD: dict[str, tuple[str, str | None]] = {  # key → (prefixed IRI, "@id" or a datatype or None for text)
    "label": ("rdfs:label", None),
    "comment": ("rdfs:comment", None),
    "prefLabel": ("skos:prefLabel", None),
    "altLabel": ("skos:altLabel", None),
    "notation": ("skos:notation", "jkg:ActionPlanItemNumber"),
    "inScheme": ("skos:inScheme", "@id"),
    "hasTopConcept": ("skos:hasTopConcept", "@id"),
    "topConceptOf": ("skos:topConceptOf", "@id"),
    "title": ("dcterms:title", None),
    "identifier": ("dcterms:identifier", "plain"),
    "temporal": ("dcterms:temporal", "@id"),
    "isPartOf": ("dcterms:isPartOf", "@id"),
    "isReferencedBy": ("dcterms:isReferencedBy", "@id"),
    "publisher": ("dcterms:publisher", "@id"),
    "unitOf": ("org:unitOf", "@id"),
    "hasUnit": ("org:hasUnit", "@id"),
    "subOrganizationOf": ("org:subOrganizationOf", "@id"),
    "hasSubOrganization": ("org:hasSubOrganization", "@id"),
    "specializationOf": ("prov:specializationOf", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "homepage": ("foaf:homepage", "@id"),
    "hasBody": ("oa:hasBody", "@id"),
    "hasTarget": ("oa:hasTarget", "@id"),
    "motivatedBy": ("oa:motivatedBy", "@id"),
    "source": ("oa:hasSource", "@id"),
    "selector": ("oa:hasSelector", "@id"),
    "prefix": ("oa:prefix", "plain"),
    "suffix": ("oa:suffix", "plain"),
    "bodyValue": ("oa:bodyValue", "plain"),
    "creator": ("dcterms:creator", "@id"),
    "created": ("dcterms:created", "xsd:dateTime"),
    "hasPart": ("dcterms:hasPart", "@id"),
    # oa:start, oa:end and oa:exact keep their prefixed names (start, end and exact are the jkg: shortcuts)
    "oa:start": ("oa:start", "xsd:integer"),
    "oa:end": ("oa:end", "xsd:integer"),
}


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def term_context(base_iri: str, vocabulary: list[Path]) -> dict[str, Any]:
    """The @context object for a build whose base IRI is base_iri."""
    triples = [t for path in vocabulary for t in parse(namespace.read(path), format=RdfFormat.TURTLE)]
    kinds: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF + "type":
            kinds.setdefault(t.subject.value, set()).add(t.object.value)
    ranges = {t.subject.value: t.object.value for t in triples if t.predicate.value == RDFS + "range"}
    context: dict[str, Any] = {
        "@base": base_iri + "id/",
        "@vocab": JKG_NS,
        "id": "@id",
        "type": "@type",
        **PREFIXES,
    }
    for key, (iri, kind) in STANDARD.items():
        if kind == "plain":
            context[key] = {"@id": iri}
        else:  # text: Japanese, as the data's labels and titles are (another language keeps its full form)
            context[key] = {"@id": iri} | ({"@type": kind} if kind else {"@language": "ja"})
    for iri, types in sorted(kinds.items()):
        if not iri.startswith(JKG_NS):
            continue
        name = iri[len(JKG_NS) :]
        if OWL + "ObjectProperty" in types:
            context[name] = {"@id": f"jkg:{name}", "@type": "@id"}
        elif OWL + "DatatypeProperty" in types:
            value = ranges.get(iri, "")
            typed = value.startswith(XSD)  # a union (jkg:CalendarValue) coerces nothing
            if value == RDF + "langString":
                context[name] = {"@id": f"jkg:{name}", "@language": "ja"}  # the sheets' verbatim Japanese text
            else:
                context[name] = {"@id": f"jkg:{name}"} | (
                    {"@type": _short(value)} if typed and value != XSD + "string" else {}
                )
    return {"@context": context}
