"""Vocabulary hygiene, enforced on ontology/: every term labelled and explained in Japanese and English and
defined by the ontology, no two terms sharing a label, a range on every datatype property (dates included), a
versioned ontology; and in the bundled graph, typed notations and titled, versioned concept schemes whose items
are their top concepts."""

from __future__ import annotations

from collections import defaultdict

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from tests.conftest import JKG, ROOT

DCTERMS = rdflib.namespace.DCTERMS
ONTOLOGY = rdflib.URIRef(str(JKG).removesuffix("#"))
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDFS.Datatype)


@pytest.fixture(scope="module")
def vocabulary() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(path)
    return g


def terms(g: rdflib.Graph) -> list[rdflib.URIRef]:
    found = {s for kind in KINDS for s in g.subjects(RDF.type, kind) if isinstance(s, rdflib.URIRef)}
    return sorted(t for t in found if str(t).startswith(str(JKG)))


def test_every_term_is_labelled_explained_and_defined_by_the_ontology(vocabulary: rdflib.Graph) -> None:
    problems = []
    for term in terms(vocabulary):
        for prop in (RDFS.label, RDFS.comment):
            languages = {getattr(o, "language", None) for o in vocabulary.objects(term, prop)}
            if not {"ja", "en"} <= languages:
                problems.append(f"{term} lacks {prop} in {sorted({'ja', 'en'} - languages)}")
        if (term, RDFS.isDefinedBy, ONTOLOGY) not in vocabulary:
            problems.append(f"{term} lacks rdfs:isDefinedBy <{ONTOLOGY}>")
    assert not problems, "\n".join(problems)


def test_no_two_terms_share_a_label(vocabulary: rdflib.Graph) -> None:
    by_label: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for term in terms(vocabulary):
        for label in vocabulary.objects(term, RDFS.label):
            by_label[(str(label).casefold(), getattr(label, "language", None))].append(str(term))
    shared = {label: names for label, names in by_label.items() if len(names) > 1}
    assert not shared


def test_every_datatype_property_has_a_range(vocabulary: rdflib.Graph) -> None:
    missing = [str(p) for p in terms(vocabulary) if (p, RDF.type, OWL.DatatypeProperty) in vocabulary
               and vocabulary.value(p, RDFS.range) is None]  # fmt: skip
    assert not missing


def test_the_ontology_is_versioned(vocabulary: rdflib.Graph) -> None:
    version = vocabulary.value(ONTOLOGY, OWL.versionInfo)
    assert version is not None
    assert vocabulary.value(ONTOLOGY, OWL.versionIRI) == rdflib.URIRef(f"{ONTOLOGY}/{version}")


def test_notations_are_typed_and_schemes_titled_versioned_with_top_concepts(bundled_graph: rdflib.Graph) -> None:
    notations = list(bundled_graph.objects(None, SKOS.notation))
    assert notations
    assert all(isinstance(n, rdflib.Literal) and n.datatype not in (None, rdflib.XSD.string) for n in notations)
    schemes = list(bundled_graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes
    for scheme in schemes:
        assert bundled_graph.value(scheme, DCTERMS.title) is not None, scheme
        assert bundled_graph.value(scheme, OWL.versionInfo) is not None, scheme
        for concept in bundled_graph.objects(scheme, SKOS.hasTopConcept):
            assert (concept, SKOS.topConceptOf, scheme) in bundled_graph
