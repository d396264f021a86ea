"""Identifiers with their scheme and source, and every set of outward links described as a void:Linkset."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.namespace import OWL, SKOS

from jkg.municipalities import is_valid_code
from jkg.vocab import PREFIXES
from tests.conftest import BASE, JKG, TSUKUBA

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
ADMS = rdflib.Namespace("http://www.w3.org/ns/adms#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCTERMS = rdflib.namespace.DCTERMS


def test_the_city_carries_its_local_government_code(bundled_graph: rdflib.Graph) -> None:
    city = rdflib.URIRef(str(TSUKUBA).rstrip("/"))
    code = rdflib.Literal("082201", datatype=JKG.LocalGovernmentCode)
    assert (city, ORG.identifier, code) in bundled_graph
    ident = bundled_graph.value(city, ADMS.identifier)
    assert (ident, rdflib.RDF.type, ADMS.Identifier) in bundled_graph
    assert bundled_graph.value(ident, SKOS.notation) == code
    assert str(bundled_graph.value(ident, ADMS.schemeAgency)) == "総務省"
    assert bundled_graph.value(ident, DCTERMS.source) == rdflib.URIRef("https://www.soumu.go.jp/denshijiti/code.html")


def test_every_local_government_code_is_verified_and_nothing_is_guessed(bundled_graph: rdflib.Graph) -> None:
    codes = list(bundled_graph.subject_objects(ORG.identifier))
    assert codes
    for node, code in codes:
        assert code.datatype == JKG.LocalGovernmentCode and is_valid_code(str(code)), code  # check digit verified
        assert str(node) == f"{BASE}id/lg/{code}"
    assert not list(bundled_graph.triples((None, OWL.sameAs, None)))  # none could be verified offline


def test_outward_links_are_linksets_with_their_counts(bundled_graph: rdflib.Graph, bundled_out: Path) -> None:
    description = rdflib.Graph().parse(bundled_out / "current" / "void.ttl")
    dataset = rdflib.URIRef(BASE + "data/dataset")
    counted = {}
    for linkset in description.subjects(rdflib.RDF.type, VOID.Linkset):
        assert (dataset, VOID.subset, linkset) in description
        assert description.value(linkset, VOID.subjectsTarget) == dataset
        assert description.value(linkset, VOID.objectsTarget) is not None
        counted[description.value(linkset, VOID.linkPredicate)] = int(description.value(linkset, VOID.triples))
    outward: dict[rdflib.term.Node, int] = {}
    for _s, p, o in bundled_graph:
        vocabularies = (BASE, str(JKG), *PREFIXES.values())  # terms of a vocabulary are not links to a dataset
        if isinstance(o, rdflib.URIRef) and p != rdflib.RDF.type and not str(o).startswith(vocabularies):
            outward[p] = outward.get(p, 0) + 1
    assert counted == outward and rdflib.namespace.FOAF.homepage in counted
