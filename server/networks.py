"""A network export drawn inside a query worker: the CONSTRUCT's triples become a networkx graph labelled from
the worker's store and written as GEXF, GraphML or Cytoscape JSON, under the worker's time limit and memory
cap, into the byte-capped answer sink (jkg.server.spool)."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Store, Triple

from jkg.iris import Iris
from jkg.server import export
from jkg.server.spool import Sink
from jkg.server.worker import Answer, Job


def too_many_nodes(count: int, limit: int) -> Answer:
    return Answer(
        400,
        b"",
        f"the network has {count} nodes, more than the {limit} asked for: download it as GEXF or GraphML for "
        "Gephi, or narrow the CONSTRUCT",
        code="too-many-nodes",
    )


def draw(store: Store, job: Job, triples: Iterator[Triple], sink: Sink) -> Answer:
    """The network of the triples in job.network's format, written to the sink."""
    found = list(triples)
    if job.max_nodes is not None:
        count = len(export.nodes_of(found))  # before labelling them all, which is most of the work
        if count > job.max_nodes:
            return too_many_nodes(count, job.max_nodes)
    graph = export.network(found, store, Iris(job.dataset_base), hrefs=job.network == "cyjs")
    del found
    sink.write(export.FORMATS[job.network].write(graph))
    headers = {"JKG-Nodes": str(graph.number_of_nodes()), "JKG-Edges": str(graph.number_of_edges())}
    return Answer(200, b"", rows=graph.number_of_edges(), headers=headers)
