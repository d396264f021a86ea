"""HTML documentation of the vocabulary, generated from ontology/*.ttl, with each class's SHACL constraints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QuerySolutions, RdfFormat, Store

from jkg import namespace
from jkg.vocab import JKG_NS, PREFIXES, SPARQL_PREFIXES, curie

OWL = PREFIXES["owl"]


@dataclass
class Entry:
    """A class or property: its IRI, local name, labels and comments in both languages, and its relations."""

    iri: str
    name: str
    kind: str  # class, object, datatype
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    constraints: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Vocabulary:
    iri: str
    title: dict[str, str]
    comment: dict[str, str]
    entries: list[Entry]

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


def _load(paths: list[Path]) -> Store:
    store = Store()
    for path in paths:
        store.load(namespace.read(path), format=RdfFormat.TURTLE)
    return store


def _texts(store: Store, iri: str, predicate: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for q in store.quads_for_pattern(NamedNode(iri), NamedNode(predicate), None, None):
        if isinstance(q.object, Literal):
            found.setdefault(q.object.language or "", q.object.value)
    return found


def _objects(store: Store, iri: str, predicate: str) -> list[str]:
    return sorted(
        curie(q.object.value)
        for q in store.quads_for_pattern(NamedNode(iri), NamedNode(predicate), None, None)
        if isinstance(q.object, NamedNode)
    )


def _select(store: Store, query: str) -> QuerySolutions:
    result = store.query(SPARQL_PREFIXES + "\n" + query)
    assert isinstance(result, QuerySolutions)
    return result


def load(ontology: list[Path], shapes: list[Path]) -> Vocabulary:
    """Read the ontology and shapes files into the documentation's model."""
    onto = _load(ontology)
    rdfs = PREFIXES["rdfs"]
    kinds = {OWL + "Class": "class", OWL + "ObjectProperty": "object", OWL + "DatatypeProperty": "datatype"}
    entries: dict[str, Entry] = {}
    for row in _select(onto, "SELECT ?x ?kind WHERE { ?x a ?kind FILTER(isIRI(?x)) } ORDER BY ?x"):
        iri, kind = row["x"].value, row["kind"].value
        if kind not in kinds or not iri.startswith(JKG_NS):
            continue
        entries[iri] = Entry(
            iri,
            iri[len(JKG_NS) :],
            kinds[kind],
            _texts(onto, iri, rdfs + "label"),
            _texts(onto, iri, rdfs + "comment"),
            _objects(onto, iri, rdfs + ("subClassOf" if kind == OWL + "Class" else "subPropertyOf")),
            _objects(onto, iri, rdfs + "domain"),
            _objects(onto, iri, rdfs + "range"),
        )
    shape_store = _load(shapes)
    constraints = """SELECT ?shape ?target ?path ?min ?max ?datatype ?class ?en ?ja WHERE {
        ?shape a sh:PropertyShape ; sh:targetClass ?target ; sh:path ?path .
        OPTIONAL { ?shape sh:minCount ?min } OPTIONAL { ?shape sh:maxCount ?max }
        OPTIONAL { ?shape sh:datatype ?datatype } OPTIONAL { ?shape sh:class ?class }
        OPTIONAL { ?shape sh:message ?en FILTER(lang(?en) = "en") }
        OPTIONAL { ?shape sh:message ?ja FILTER(lang(?ja) = "ja") }
    } ORDER BY ?target ?path"""
    for row in _select(shape_store, constraints):
        entry = entries.get(row["target"].value)
        if entry is None:
            continue
        low = row["min"].value if row["min"] else "0"
        high = row["max"].value if row["max"] else "*"
        value = row["datatype"] or row["class"]
        entry.constraints.append(
            {
                "path": curie(row["path"].value) if isinstance(row["path"], NamedNode) else "(path)",
                "count": f"{low}..{high}",
                "value": curie(value.value) if value else "",
                "en": row["en"].value if row["en"] else "",
                "ja": row["ja"].value if row["ja"] else "",
            }
        )
    head = JKG_NS.rstrip("#")
    return Vocabulary(
        head,
        _texts(onto, head, PREFIXES["dcterms"] + "title") or _texts(onto, head, rdfs + "label"),
        _texts(onto, head, rdfs + "comment") or _texts(onto, head, PREFIXES["dcterms"] + "description"),
        sorted(entries.values(), key=lambda e: e.name),
    )
