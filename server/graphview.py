"""/-/graph.{gexf,graphml,cyjs}?query=… (network files of any CONSTRUCT) and /-/graph (cytoscape.js view)."""

from __future__ import annotations

from flask import Blueprint, Response, request
from pyoxigraph import RdfFormat, parse

from jkg.server import current, errors, export, guard, pages
from jkg.server.jobs import refused, run_job
from jkg.server.worker import Job
from jkg.vocab import JKG_NS

bp = Blueprint("graphview", __name__)


@bp.route("/-/graph.<fmt>", methods=["GET", "POST"])
def network(fmt: str) -> Response:
    """The network of a CONSTRUCT or DESCRIBE (default: the project network) as GEXF 1.3, GraphML or .cyjs."""
    if fmt not in export.FORMATS:
        return errors.error(404, "not-found", f"no network format {fmt!r}; use one of {', '.join(export.FORMATS)}")
    conf = current.conf()
    text = request.values.get("query") or export.default_query()
    try:
        info = guard.check(text, max_bytes=conf["max_query_bytes"], max_nesting=conf["max_nesting"])
    except guard.Refused as refusal:
        return refused(refusal)
    if not info.is_graph:
        return errors.bad_request("a network is drawn from triples: send a CONSTRUCT or DESCRIBE query")
    answer = run_job(Job(text, "nt", int(conf["max_rows"])))
    if isinstance(answer, Response):
        return answer
    published = current.published()
    triples = list(parse(answer.body, format=RdfFormat.N_TRIPLES))
    limit = request.values.get("max_nodes", type=int)
    count = len(export.nodes_of(triples))  # before labelling them all, which is most of the work
    if limit is not None and count > limit:
        return errors.error(
            400,
            "too-many-nodes",
            f"the network has {count} nodes, more than the {limit} asked for: download it as GEXF or GraphML for "
            "Gephi, or narrow the CONSTRUCT",
        )
    graph = export.network(triples, published.store, published.iris, hrefs=fmt == "cyjs")
    chosen = export.FORMATS[fmt]
    response = Response(chosen.write(graph), content_type=f"{chosen.media_type}; charset=utf-8")
    if fmt != "cyjs":
        response.headers["Content-Disposition"] = f'attachment; filename="jimujigyo-kg-network.{fmt}"'
    response.headers["JKG-Nodes"] = str(graph.number_of_nodes())
    response.headers["JKG-Edges"] = str(graph.number_of_edges())
    return response


@bp.route("/-/graph")
def view() -> Response:
    """The interactive view: colour and filter by type, find a node, click through, start from a CONSTRUCT."""
    query = request.args.get("query") or export.default_query()
    reader = pages.reader()
    classes = reader.select(f"SELECT DISTINCT ?c WHERE {{ ?c a owl:Class FILTER(STRSTARTS(STR(?c), '{JKG_NS}')) }}")
    labels = {row["c"].value[len(JKG_NS) :]: reader.label(row["c"].value, vocabulary=True) for row in classes}
    return pages.html("graph.html", sparql_query=query, type_labels=labels)
