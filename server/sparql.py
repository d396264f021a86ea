"""/sparql: the SPARQL 1.1 Protocol (query operation only), content negotiation, service description, UI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, render_template, request, url_for
from pyoxigraph import serialize
from werkzeug.http import parse_options_header

from jkg.server import current, errors, guard, negotiate
from jkg.server.description import PREFIXES, service_description
from jkg.server.jobs import refused, respond, run_job
from jkg.server.worker import GRAPH_FORMATS, Job
from jkg.vocab import JKG_NS

bp = Blueprint("sparql", __name__)
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
ALLOW = "GET, HEAD, OPTIONS, POST"


def parameters(raw: bytes) -> list[tuple[str, str]]:
    """URL-encoded pairs, decoded strictly as UTF-8 (Werkzeug and parse_qsl would replace bad bytes)."""
    pairs = []
    for field in raw.split(b"&"):
        if not field:
            continue
        name, _, value = field.partition(b"=")
        try:
            pairs.append(
                (
                    unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8"),
                    unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8"),
                )
            )
        except UnicodeDecodeError:
            raise guard.Refused(400, "a parameter is not valid UTF-8; percent-encode UTF-8 bytes") from None
    return pairs


class NotAcceptable(Exception):
    """No format of the query's form fits the request's Accept or format=."""

    def __init__(self, options: tuple[negotiate.Format, ...]) -> None:
        super().__init__("not acceptable")
        self.options = options


@dataclass(frozen=True)
class Planned:
    """A query request, checked and negotiated: the job for a worker, its time limit and its answer's format."""

    job: Job
    timeout: float
    chosen: negotiate.Format


def request_parts(
    method: str, query_string: bytes, content_type: str, body: Callable[[], bytes]
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(query texts, update texts, all parameters) from GET, POST form or POST direct; `body` reads the body."""
    params = parameters(query_string)
    queries = [v for k, v in params if k == "query"]
    updates = [v for k, v in params if k == "update"]
    if method == "POST":
        mimetype, options = parse_options_header(content_type)
        mimetype = mimetype.lower()
        charset = options.get("charset")
        if mimetype == FORM:
            if charset and charset.lower() not in {"utf-8", "utf8"}:
                raise guard.Refused(415, f"unsupported charset {charset!r} for a form; send it in UTF-8")
            form = parameters(body())
            params += form
            queries += [v for k, v in form if k == "query"]
            updates += [v for k, v in form if k == "update"]
        elif mimetype == DIRECT:
            queries.append(guard.decode(body(), charset))
        elif mimetype == UPDATE:
            raise guard.Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
        elif not mimetype:
            raise guard.Refused(415, f"a POST needs Content-Type {DIRECT} (the query as the body) or {FORM} (query=…)")
        else:
            raise guard.Refused(415, f"unsupported Content-Type {mimetype!r}; use {DIRECT} or {FORM}")
    return queries, updates, params


def plan(
    method: str,
    query_string: bytes,
    content_type: str,
    body: Callable[[], bytes],
    accept: str | None,
    conf: dict[str, Any],
    endpoint_iri: str,
) -> Planned | None:
    """Check and negotiate a query request (the route and the fast path both start here): its job, or None for
    a bare GET (the service description); raise guard.Refused or NotAcceptable."""
    queries, updates, params = request_parts(method, query_string, content_type, body)
    if updates:
        raise guard.Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
    if not queries:
        if method == "POST":
            raise guard.Refused(400, "no query: send query=… (form) or the query as an application/sparql-query body")
        return None
    if len(queries) > 1:
        raise guard.Refused(400, f"{len(queries)} query parameters; send exactly one")
    text = queries[0]
    info = guard.check(text, max_bytes=conf["max_query_bytes"], max_nesting=conf["max_nesting"])
    single = {k: v for k, v in params}
    requested = [v for k, v in params if k in {"format", "output", "results"}]
    options = negotiate.GRAPHS if info.is_graph else negotiate.RESULTS
    chosen = negotiate.choose(options, accept, requested)
    if chosen is None and not requested:
        # A client asking for SPARQL results of a CONSTRUCT (or RDF of a SELECT), as rdflib's SPARQLStore
        # does, gets this query form's default format, as from Fuseki; unknown types still get 406.
        other = negotiate.RESULTS if info.is_graph else negotiate.GRAPHS
        if negotiate.choose(other, accept) is not None:
            chosen = options[0]
    if chosen is None:
        raise NotAcceptable(options)
    timeout = _timeout(single.get("timeout"), float(conf["timeout"]))
    job = Job(
        query=text,
        format=chosen.name,
        max_rows=int(conf["max_rows"]),
        default_graphs=tuple(v for k, v in params if k == "default-graph-uri"),
        named_graphs=tuple(v for k, v in params if k == "named-graph-uri"),
        base_iri=endpoint_iri,  # never the Host header
        union_default_graph=not info.has_dataset,
        max_bytes=int(conf["max_result_bytes"]),
    )
    return Planned(job, timeout, chosen)


@bp.route("/sparql", methods=["GET", "POST", "HEAD", "OPTIONS"])
def endpoint() -> Response:
    """Answer a query, or describe the service (bare GET), or show the UI (browsers)."""
    if request.method == "OPTIONS":
        response = Response(status=204)
        response.headers["Allow"] = ALLOW
        response.headers["Access-Control-Allow-Methods"] = ALLOW
        response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        response.headers["Access-Control-Max-Age"] = "86400"
        return response
    try:
        planned = plan(
            request.method,
            request.query_string,
            request.content_type or "",
            lambda: request.get_data(cache=False),
            request.headers.get("Accept"),
            current.conf(),
            current.published().iris.sparql_endpoint().value,
        )
    except guard.Refused as refusal:
        return refused(refusal)
    except NotAcceptable as e:
        return errors.not_acceptable([f.media_type for f in e.options])
    if planned is None:
        return describe_service()
    return _run(planned.job, planned.timeout, planned.chosen)


# The W3C protocol tests address the service as /sparql/.
bp.add_url_rule("/sparql/", "endpoint_slash", endpoint, methods=["GET", "POST", "HEAD", "OPTIONS"])


def _timeout(value: str | None, limit: float) -> float:
    if value is None or value == "":
        return limit
    try:
        seconds = float(value)
    except ValueError:
        raise guard.Refused(400, f"timeout={value!r} is not a number of seconds") from None
    if seconds <= 0:
        raise guard.Refused(400, "timeout= must be a positive number of seconds")
    return min(seconds, limit)


def _run(job: Job, timeout: float, chosen: negotiate.Format) -> Response:
    answer = run_job(job, timeout)
    if isinstance(answer, Response):
        return answer
    response = respond(answer, chosen.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["JKG-Result-Rows"] = str(answer.rows)
    return response


def describe_service() -> Response:
    """The service description as RDF, or the query UI for browsers."""
    published = current.published()
    examples = current.examples()
    if negotiate.wants_html(request.accept_mimetypes, ["text/turtle", "application/ld+json"], on_tie=True):
        config = {
            "endpoint": url_for("sparql.endpoint"),
            "examples": [e.__dict__ for e in examples],
            "base": published.base_iri,
            "vocabulary": JKG_NS,
        }
        response = Response(render_template("sparql.html", examples=examples, config=config))
        response.headers["Vary"] = "Accept"
        return response
    endpoint_iri = published.iris.sparql_endpoint().value  # the IRI void:sparqlEndpoint names too
    iris = published.iris
    graphs = sorted({*published.report.get("graphs", {}), iris.vocabulary_graph().value, iris.meta_graph().value})
    triples = service_description(endpoint_iri, graphs, examples)
    chosen = negotiate.choose(negotiate.GRAPHS, request.headers.get("Accept"), request.args.getlist("format"))
    if chosen is None:
        return errors.not_acceptable([f.media_type for f in negotiate.GRAPHS] + ["text/html"])
    body = serialize(triples, format=GRAPH_FORMATS[chosen.name], prefixes=PREFIXES if chosen.name == "ttl" else None)
    response = Response(body or b"", content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    return response
