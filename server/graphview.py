"""/-/graph.{gexf,graphml,cyjs}?query=… (network files of any CONSTRUCT) and /-/graph (cytoscape.js view)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from jkg.server import current, errors, export, guard, pages, sparql
from jkg.server.jobs import refused, respond, run_job
from jkg.server.worker import Job
from jkg.vocab import JKG_NS

bp = Blueprint("graphview", __name__)


def _parameters() -> dict[str, str]:
    """query= and max_nodes= from the URL or a POSTed form, strictly UTF-8 (a bad form is a 400, never the
    default network)."""
    found = sparql.parameters(request.query_string)
    if request.method == "POST":
        if (request.mimetype or "").lower() != sparql.FORM:
            raise guard.Refused(415, f"POST the network's query as a form ({sparql.FORM}): query=…")
        found += sparql.parameters(request.get_data(cache=False))
    return dict(found)


@bp.route("/-/graph.<fmt>", methods=["GET", "POST"])
def network(fmt: str) -> Response:
    """The network of a CONSTRUCT or DESCRIBE (default: the project network) as GEXF 1.3, GraphML or .cyjs,
    drawn in a query worker under the same time limit, memory cap and byte cap as a query."""
    if fmt not in export.FORMATS:
        return errors.error(404, "not-found", f"no network format {fmt!r}; use one of {', '.join(export.FORMATS)}")
    conf = current.conf()
    try:
        params = _parameters()
        text = params.get("query") or export.default_query()
        info = guard.check(text, max_bytes=conf["max_query_bytes"], max_nesting=conf["max_nesting"])
        limit = _count(params.get("max_nodes"))
    except guard.Refused as refusal:
        return refused(refusal)
    if not info.is_graph:
        return errors.bad_request("a network is drawn from triples: send a CONSTRUCT or DESCRIBE query")
    job = Job(
        text,
        "nt",
        int(conf["max_rows"]),
        max_bytes=int(conf["max_result_bytes"]),
        network=fmt,
        max_nodes=limit,
        dataset_base=current.published().base_iri,
    )
    answer = run_job(job)
    if isinstance(answer, Response):
        return answer
    chosen = export.FORMATS[fmt]
    response = respond(answer, f"{chosen.media_type}; charset=utf-8")
    if fmt != "cyjs":
        response.headers["Content-Disposition"] = f'attachment; filename="jimujigyo-kg-network.{fmt}"'
    return response


def _count(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 9:
        raise guard.Refused(400, f"max_nodes={value[:20]!r} is not a number of nodes (0 to 999999999)")
    return int(value)


@bp.route("/-/graph")
def view() -> Response:
    """The interactive view: colour and filter by type, find a node, click through, start from a CONSTRUCT."""
    query = request.args.get("query") or export.default_query()
    reader = pages.reader()
    classes = reader.select(f"SELECT DISTINCT ?c WHERE {{ ?c a owl:Class FILTER(STRSTARTS(STR(?c), '{JKG_NS}')) }}")
    labels = {row["c"].value[len(JKG_NS) :]: reader.label(row["c"].value, vocabulary=True) for row in classes}
    return pages.html("graph.html", sparql_query=query, type_labels=labels)
