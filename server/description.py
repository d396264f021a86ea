"""The SPARQL service description (sd:) with the example queries, as RDF."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from jkg import namespace

SD = "http://www.w3.org/ns/sparql-service-description#"
SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SCHEMA = "https://schema.org/"
PREFIXES = {"sd": SD, "sh": SH, "schema": SCHEMA, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Example:
    slug: str
    title_ja: str
    title_en: str
    query: str


def load_examples(folder: Path) -> list[Example]:
    """The .rq files of queries/, titled by their '# title@ja:' and '# title@en:' lines."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = namespace.read(path)
        titles = dict(re.findall(r"^# title@(ja|en):\s*(.+)$", text, re.MULTILINE))
        body = "\n".join(line for line in text.splitlines() if not line.startswith("# title@")).strip() + "\n"
        examples.append(Example(path.stem, titles.get("ja", path.stem), titles.get("en", path.stem), body))
    return examples


def service_description(endpoint: str, graphs: list[str], examples: list[Example]) -> list[Triple]:
    """sd:Service for the endpoint: language, formats, union default graph, named graphs, examples."""
    svc = NamedNode(endpoint)
    t = [
        Triple(svc, RDF_TYPE, NamedNode(SD + "Service")),
        Triple(svc, NamedNode(SD + "endpoint"), svc),
        Triple(svc, NamedNode(SD + "supportedLanguage"), NamedNode(SD + "SPARQL11Query")),
        Triple(svc, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph")),
        Triple(svc, RDFS_LABEL, Literal("jimujigyo-kg SPARQL endpoint (read-only)", language="en")),
    ]
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    ):
        t.append(Triple(svc, NamedNode(SD + "resultFormat"), NamedNode(FORMATS + fmt)))
    dataset = BlankNode()
    t += [
        Triple(svc, NamedNode(SD + "defaultDataset"), dataset),
        Triple(dataset, RDF_TYPE, NamedNode(SD + "Dataset")),
    ]
    default = BlankNode()
    t += [Triple(dataset, NamedNode(SD + "defaultGraph"), default), Triple(default, RDF_TYPE, NamedNode(SD + "Graph"))]
    for graph in graphs:
        named = BlankNode()
        t += [
            Triple(dataset, NamedNode(SD + "namedGraph"), named),
            Triple(named, RDF_TYPE, NamedNode(SD + "NamedGraph")),
            Triple(named, NamedNode(SD + "name"), NamedNode(graph)),
        ]
    for ex in examples:
        node = NamedNode(f"{endpoint}#example-{ex.slug}")
        form = "select"
        for keyword in ("CONSTRUCT", "DESCRIBE", "ASK", "SELECT"):
            if re.search(rf"^\s*{keyword}\b", ex.query, re.MULTILINE | re.IGNORECASE):
                form = {"CONSTRUCT": "construct", "DESCRIBE": "describe", "ASK": "ask", "SELECT": "select"}[keyword]
                break
        t += [
            Triple(node, RDF_TYPE, NamedNode(SH + "SPARQLExecutable")),
            Triple(node, RDFS_LABEL, Literal(ex.title_ja, language="ja")),
            Triple(node, RDFS_LABEL, Literal(ex.title_en, language="en")),
            Triple(node, NamedNode(SH + form), Literal(ex.query)),
            Triple(node, NamedNode(SCHEMA + "target"), svc),
        ]
    return t
