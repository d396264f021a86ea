"""The manifest of a build loaded into another SPARQL store: which graph of the store holds which published graph.

`jkg publish --to` loads each graph of a build under a name of its own (`Iris.engine_graph`: the published name
plus `/build/{build}`), beside the build the store already holds, then writes this manifest into
`Iris.build_manifest(build)` and a copy into `Iris.current_build()`. `jkg serve --engine` reads the manifest of the
build it serves and sends every query with exactly those graphs as its dataset, so that a build still being loaded,
or one that is being replaced, is never seen. Written with SPARQL 1.1 Service Description terms:

    <BASE/graph/build/B> a sd:Dataset ; dcterms:identifier "B" ; dcterms:created "…"^^xsd:dateTime (the build) ;
        dcterms:issued "…"^^xsd:dateTime (loaded) ; void:triples N ; sd:namedGraph <G/build/B> … .
    <G/build/B> a sd:NamedGraph ; sd:name <G/build/B> ; dcterms:isVersionOf <G> ; void:triples n .
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, QuerySolution, Triple

from jkg.iris import Iris
from jkg.vocab import DCTERMS, TYPE, VOID, XSD

SD_NS = "http://www.w3.org/ns/sparql-service-description#"
SD_DATASET = NamedNode(SD_NS + "Dataset")
SD_NAMED_GRAPH = NamedNode(SD_NS + "NamedGraph")
SD_NAMED_GRAPH_P = NamedNode(SD_NS + "namedGraph")
SD_NAME = NamedNode(SD_NS + "name")


@dataclass(frozen=True)
class Manifest:
    build: str
    built_at: str  # xsd:dateTime of the build
    loaded_at: str  # xsd:dateTime of the load into the store
    graphs: Mapping[str, str]  # published graph name -> its name in the store
    triples: Mapping[str, int]  # published graph name -> triples loaded

    @property
    def store_graphs(self) -> list[str]:
        return sorted(self.graphs.values())

    def published_name(self, store_graph: str) -> str | None:
        """The published name of a graph of the store, or None when it is not one of this build's."""
        for public, local in self.graphs.items():
            if local == store_graph:
                return public
        return None


def triples(iris: Iris, manifest: Manifest) -> list[Triple]:
    """The manifest as triples, for the graphs Iris.build_manifest() and Iris.current_build()."""
    node = iris.build_manifest(manifest.build)
    out = [
        Triple(node, TYPE, SD_DATASET),
        Triple(node, DCTERMS.identifier, Literal(manifest.build)),
        Triple(node, DCTERMS.created, Literal(manifest.built_at, datatype=XSD.dateTime)),
        Triple(node, DCTERMS.issued, Literal(manifest.loaded_at, datatype=XSD.dateTime)),
        Triple(node, VOID.triples, Literal(str(sum(manifest.triples.values())), datatype=XSD.integer)),
    ]
    for public, local in sorted(manifest.graphs.items()):
        graph = NamedNode(local)
        out += [
            Triple(node, SD_NAMED_GRAPH_P, graph),
            Triple(graph, TYPE, SD_NAMED_GRAPH),
            Triple(graph, SD_NAME, graph),
            Triple(graph, DCTERMS.isVersionOf, NamedNode(public)),
            Triple(graph, VOID.triples, Literal(str(manifest.triples[public]), datatype=XSD.integer)),
        ]
    return out


def query(manifest_graph: NamedNode | None = None) -> str:
    """A SELECT reading manifests back: of one graph, or (None) of every build the store holds."""
    graph = f"<{manifest_graph.value}>" if manifest_graph is not None else "?m"
    return f"""SELECT ?m ?build ?built ?loaded ?local ?public ?n WHERE {{
  GRAPH {graph} {{
    ?m a <{SD_DATASET.value}> ; <{DCTERMS.identifier.value}> ?build ; <{DCTERMS.created.value}> ?built ;
       <{DCTERMS.issued.value}> ?loaded ; <{SD_NAMED_GRAPH_P.value}> ?local .
    ?local <{DCTERMS.isVersionOf.value}> ?public ; <{VOID.triples.value}> ?n .
  }}
}}"""


def read(rows: Iterable[QuerySolution]) -> list[Manifest]:
    """The manifests in the answer to query(), oldest load first."""
    found: dict[str, dict[str, object]] = {}
    for row in rows:
        build = _value(row, "build")
        entry = found.setdefault(build, {"built": _value(row, "built"), "loaded": _value(row, "loaded"), "g": {}})
        graphs = entry["g"]
        assert isinstance(graphs, dict)
        graphs[_value(row, "public")] = (_value(row, "local"), int(_value(row, "n")))
    out = []
    for build, entry in found.items():
        graphs = entry["g"]
        assert isinstance(graphs, dict)
        out.append(
            Manifest(
                build,
                str(entry["built"]),
                str(entry["loaded"]),
                {public: local for public, (local, _) in graphs.items()},
                {public: n for public, (_, n) in graphs.items()},
            )
        )
    return sorted(out, key=lambda m: (m.loaded_at, m.build))


def _value(row: QuerySolution, name: str) -> str:
    term = row[name]
    if term is None:
        raise ValueError(f"a manifest row without ?{name}")
    return str(term.value)
