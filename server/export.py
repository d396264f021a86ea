"""The graph as a network for Gephi, Cytoscape and the browser: GEXF 1.3, GraphML and Cytoscape JSON.

Nodes are resources (IRIs and blank nodes) with `label`, `type` and `iri` attributes; edges are the links
between resources, with the property's IRI and label; a literal never becomes a node but an attribute of its
subject (several values joined with " | "). rdf:type becomes the `type` attribute, not an edge to a class.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import networkx as nx
from lxml import etree
from pyoxigraph import BlankNode, Literal, NamedNode, QueryTriples, Triple

from jkg.iris import Iris
from jkg.server.colours import colour, rgb
from jkg.server.resource import Reader
from jkg.server.store import Readable
from jkg.vocab import JKG_NS, PREFIXES

TYPE = PREFIXES["rdf"] + "type"
GEXF_NS = "http://gexf.net/1.3"
NX_GEXF_NS = "http://www.gexf.net/1.2draft"
NX_VIZ_NS = "http://www.gexf.net/1.2draft/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
GENERAL = {JKG_NS + "PartnerBody", JKG_NS + "Mention"}  # a more specific jkg class names the type when there is one


DEFAULT_QUERY = "07-project-network.rq"


class NotAGraphQuery(ValueError):
    """The query does not produce triples."""


def default_query() -> str:
    """The project network: the default of `jkg export` and of the graph view."""
    from jkg import namespace, resources

    return namespace.read(resources.queries_dir() / DEFAULT_QUERY)


def triples_of(store: Readable, query: str) -> QueryTriples:
    """Run a CONSTRUCT or DESCRIBE in-process over the union of the store's graphs."""
    result = store.query(query, use_default_graph_as_union=True)
    if not isinstance(result, QueryTriples):
        raise NotAGraphQuery("the query must be a CONSTRUCT or DESCRIBE: a network is drawn from triples")
    return result


def _node_id(node: NamedNode | BlankNode) -> str:
    return node.value if isinstance(node, NamedNode) else "_:" + node.value


def nodes_of(triples: Iterable[Triple]) -> set[str]:
    """The nodes `network` makes of these triples: every subject, and every object that is not a literal or a
    class named by rdf:type."""
    nodes: set[str] = set()
    for t in triples:
        nodes.add(_node_id(t.subject))  # type: ignore[arg-type]
        if isinstance(t.object, NamedNode | BlankNode) and t.predicate.value != TYPE:
            nodes.add(_node_id(t.object))
    return nodes


def network(triples: Iterable[Triple], store: Readable, iris: Iris, *, hrefs: bool = False) -> nx.MultiDiGraph[str]:
    """A multigraph of the triples, every node labelled and typed from the store; with `hrefs`, each of our own
    resources also gets `href`, its page on this server (never another IRI: a browser follows it)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    attributes: dict[str, dict[str, list[str]]] = {}
    types: dict[str, list[str]] = {}
    reader = Reader(store, iris)
    for t in triples:
        subject = _node_id(t.subject)  # type: ignore[arg-type]
        graph.add_node(subject)
        predicate = t.predicate.value
        if isinstance(t.object, Literal):
            attributes.setdefault(subject, {}).setdefault(reader.short(predicate), []).append(t.object.value)
        elif predicate == TYPE and isinstance(t.object, NamedNode):
            types.setdefault(subject, []).append(t.object.value)
        elif isinstance(t.object, NamedNode | BlankNode):
            target = _node_id(t.object)
            graph.add_edge(
                subject,
                target,
                key=predicate,
                property=predicate,
                label=reader.label(predicate, vocabulary=True),
            )
    for node, data in graph.nodes(data=True):
        if node.startswith("_:"):
            kinds = types.get(node, [])
            data.update(iri=node, label=node)
        else:
            kinds = types.get(node) or [
                q.object.value
                for q in store.quads_for_pattern(NamedNode(node), NamedNode(TYPE), None, None)
                if isinstance(q.object, NamedNode)
            ]
            data.update(iri=node, label=reader.label(node), names=" | ".join(reader.names(node)))
            if hrefs and (local := iris.local_path(node)) != node:
                data["href"] = local
        kind = _most_specific(kinds)
        data["type"] = kind[len(JKG_NS) :] if kind.startswith(JKG_NS) else reader.short(kind) if kind else ""
        for name, values in sorted(attributes.get(node, {}).items()):
            if name not in data:
                data[name] = " | ".join(sorted(set(values)))
    return graph


def _most_specific(kinds: list[str]) -> str:
    ours = sorted(k for k in kinds if k.startswith(JKG_NS))
    specific = [k for k in ours if k not in GENERAL]
    return (specific or ours or sorted(kinds) or [""])[0]


def colours(graph: nx.MultiDiGraph[str]) -> dict[str, str]:
    """The colour of each node type in the graph (the same in every network: jkg.server.colours), most common
    type first."""
    counts: dict[str, int] = {}
    for _node, data in graph.nodes(data=True):
        counts[data["type"]] = counts.get(data["type"], 0) + 1
    return {kind: colour(kind) for kind in sorted(counts, key=lambda k: (-counts[k], k))}


def to_gexf(graph: nx.MultiDiGraph[str]) -> bytes:
    """GEXF 1.3, valid against the official schema (networkx writes 1.2draft: namespace, version and edge ids
    are rewritten), with each node coloured by type for Gephi.

    The official 1.3 schema declares <color> in the GEXF namespace itself (viz.xsd has no namespace of its own
    and is included into it), so the colour is written there; Gephi reads viz elements by local name."""
    g = graph.copy()
    for _node, data in g.nodes(data=True):
        r, green, b = rgb(colour(data["type"]))
        data["viz"] = {"color": {"r": r, "g": green, "b": b}}
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, version="1.2draft")
    raw = buffer.getvalue()
    # The namespaces are declared once, on the root element: rewrite them there (renaming every element in
    # lxml instead took 30 s on a 20,000-node network).
    root_end = raw.index(b">", raw.index(b"<gexf")) + 1
    head = raw[:root_end].replace(f' xmlns:viz="{NX_VIZ_NS}"'.encode(), b"")
    head = head.replace(NX_GEXF_NS.encode(), GEXF_NS.encode())
    body = raw[root_end:].replace(b"<viz:", b"<").replace(b"</viz:", b"</")  # markup only: text has &lt;
    tree = etree.fromstring(head + body, parser=etree.XMLParser(huge_tree=True))
    tree.set("version", "1.3")
    tree.set(f"{{{XSI}}}schemaLocation", f"{GEXF_NS} {GEXF_NS}/gexf.xsd")
    for number, edge in enumerate(tree.iter(f"{{{GEXF_NS}}}edge")):
        edge.set("id", str(number))  # networkx uses the multigraph key, repeated across node pairs
    for graph_element in tree.iter(f"{{{GEXF_NS}}}graph"):
        if "name" in graph_element.attrib:
            del graph_element.attrib["name"]  # not in GEXF 1.3
    for attribute in list(tree.iter(f"{{{GEXF_NS}}}attribute")):
        if attribute.get("title") == "networkx_key":  # the key is the property, already an attribute
            for value in list(tree.iter(f"{{{GEXF_NS}}}attvalue")):
                if value.get("for") == attribute.get("id"):
                    _remove(value)
            _remove(attribute)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def to_graphml(graph: nx.MultiDiGraph[str]) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def to_cyjs(graph: nx.MultiDiGraph[str]) -> bytes:
    """Cytoscape JSON (as Cytoscape desktop imports and cytoscape.js reads), with a colour per type."""
    data = nx.cytoscape_data(graph)
    palette = colours(graph)
    for node in data["elements"]["nodes"]:
        node["data"]["colour"] = palette[node["data"]["type"]]
        node["data"]["name"] = node["data"]["label"]  # what Cytoscape desktop shows
    data["data"] = {"name": "jimujigyo-kg", "types": [{"type": kind, "colour": c} for kind, c in palette.items()]}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    write: Callable[[nx.MultiDiGraph[str]], bytes]


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("gexf", "application/gexf+xml", to_gexf),
        ExportFormat("graphml", "application/graphml+xml", to_graphml),
        ExportFormat("cyjs", "application/json", to_cyjs),
    )
}
