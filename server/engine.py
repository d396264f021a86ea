"""Another SPARQL store answering for a published build (`jkg serve --engine URL`): the build's graphs there, the
store's own result cap, and its answers turned into ours or into signalled errors — never silently short ones.

What each store does wrong when left alone, and what is done about it here:

* Virtuoso cuts results at ResultSetMaxRows (10,000 by default) silently: a SELECT carries `X-SPARQL-MaxRows`,
  a CONSTRUCT nothing at all (it is cut at the cap + 1). The cap is probed when the build is opened (a SELECT of
  max_rows + 1 generated rows) and any answer that reaches it is refused with the limit to page by.
* Virtuoso answers "anytime" partial results when a `timeout` parameter is sent: none is ever sent (a request's
  time limit is the client's deadline); a partial answer (206, `X-SQL-State`) is an error all the same.
* Virtuoso fails GROUP_CONCAT values over about 4 KB that must be sorted or stored (SR478, SR319), and queries
  too large to compile (SQ199): each is answered with what happened and what to change; its other refusals
  (SP030, a SPARQL 1.1 form it does not parse, such as BASE after PREFIX) with its own first line.
* Virtuoso writes blank nodes as `nodeID://…` (not a valid label) and derived types as they are; answers are
  parsed and written again with pyoxigraph, in the formats the local path writes, graph names given back.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from jkg import manifest
from jkg.iris import Iris
from jkg.manifest import Manifest
from jkg.server import datasets
from jkg.server.worker import Answer
from jkg.sparqlhttp import Client, Reply, Timeout, Unreachable

RESULTS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BOOLEANS = {"1": "true", "0": "false"}
_VIRTUOSO_BNODE = re.compile(rb'("type": ?"bnode", ?"value": ?")nodeID://')


class EngineDown(RuntimeError):
    """The store cannot be reached, or cannot serve this build."""


class EngineTimeout(Exception):
    """The store did not answer within the time limit (or said it ran out of time)."""


@dataclass
class Engine:
    """The store at `url` serving one build: the graphs of its manifest, its result cap."""

    url: str
    client: Client
    iris: Iris
    manifest: Manifest
    cap: int | None = None  # the store answers at most this many rows; None: at least max_rows + 1

    @property
    def graphs(self) -> list[str]:
        return self.manifest.store_graphs

    def send(
        self,
        text: str,
        graph_form: bool,
        *,
        default: Sequence[str] | None,
        named: Sequence[str] | None,
        base: str | None,
        deadline: float,
    ) -> Reply:
        """A query in the store's graph names, with `default` and `named` as its protocol dataset (None: none)."""
        # Relative IRIs resolve against `base` (the endpoint's URL), as locally; Virtuoso takes one BASE only,
        # first in the prologue, so a query with its own BASE keeps it alone.
        prologue = f"BASE <{base}>\n" if base and not datasets.has_base(text) else ""
        rewritten = prologue + datasets.rewrite(text, self.manifest.graphs, base)
        try:
            return self.client.query(
                self.url,
                rewritten,
                TRIPLES if graph_form else RESULTS,
                default_graphs=default or (),
                named_graphs=named or (),
                deadline=deadline,
            )
        except Timeout:
            raise EngineTimeout from None
        except Unreachable as e:
            raise EngineDown(str(e)) from None


def open_engine(url: str, iris: Iris, build: str, max_rows: int, timeout: float) -> Engine:
    """The store's copy of `build`: its manifest must be there (jkg publish writes it last), and its cap is probed."""
    client = Client()
    deadline = time.monotonic() + timeout
    try:
        reply = client.query(url, manifest.query(iris.build_manifest(build)), RESULTS, deadline=deadline)
    except (Timeout, Unreachable) as e:
        raise EngineDown(f"the store at {url} cannot be reached: {e}") from None
    if not reply.ok:
        raise EngineDown(f"the store at {url} answered HTTP {reply.status}: {reply.text(300)}")
    found = manifest.read(_solutions(reply))
    if not found:
        raise EngineDown(
            f"the store at {url} holds no build {build}: load it first with "
            f"jkg publish --to THE-STORE'S-GRAPH-STORE-ENDPOINT --data THIS-DATA-FOLDER"
        )
    engine = Engine(url, client, iris, found[0])
    engine.cap = probe_cap(engine, max_rows, deadline)
    return engine


def probe_cap(engine: Engine, max_rows: int, deadline: float) -> int | None:
    """The most rows the store returns in one answer, if that is max_rows or fewer (Virtuoso's ResultSetMaxRows,
    or its hard 2^20): a SELECT of max_rows + 1 rows generated from VALUES, counted."""
    digits = len(str(max_rows + 1))
    blocks = " ".join(f"VALUES ?v{i} {{ 0 1 2 3 4 5 6 7 8 9 }}" for i in range(digits))
    text = f"SELECT ?v0 WHERE {{ {blocks} }} LIMIT {max_rows + 1}"
    try:
        reply = engine.client.query(engine.url, text, "text/tab-separated-values", deadline=deadline)
    except (Timeout, Unreachable) as e:
        raise EngineDown(f"the store at {engine.url} did not answer a probe of its result cap: {e}") from None
    if not reply.ok:
        raise EngineDown(f"the store at {engine.url} refused a probe of its result cap: HTTP {reply.status}")
    rows = reply.body.count(b"\n") - 1 + (0 if reply.body.endswith(b"\n") else 1)
    header = reply.headers.get("x-sparql-maxrows")
    if header is not None or rows <= max_rows:
        return int(header) if header and header.isdigit() else rows
    return None


@dataclass(frozen=True)
class Results:
    """A SELECT or ASK answer from the store, in SPARQL JSON with the build's graph names given back."""

    body: bytes

    def parse(self) -> QuerySolutions | QueryBoolean:
        """The answer's solutions (each call reads them afresh)."""
        return parse_query_results(self.body, QueryResultsFormat.JSON)


def answer(engine: Engine, reply: Reply, graph_form: bool) -> Answer | Results | list[Triple]:
    """The store's reply as triples or results (graph names given back), or the Answer that says why it cannot be
    one; EngineTimeout when the store ran out of time."""
    if not reply.ok:
        return _failure(reply)
    partial = _partial(reply)
    if partial:
        return Answer(
            502, b"", f"the store returned an incomplete answer ({partial}); try again", code="engine-incomplete"
        )
    header = reply.headers.get("x-sparql-maxrows")
    if header is not None and engine.cap is None and header.isdigit():
        engine.cap = int(header)
    body = reply.body
    renamed = engine.manifest.build.encode() in body
    if graph_form:
        triples = [Triple(q.subject, q.predicate, q.object) for q in parse(body, format=RdfFormat.N_TRIPLES)]
        if renamed:
            triples = [Triple(_public(engine, t.subject), t.predicate, _public(engine, t.object)) for t in triples]  # type: ignore[arg-type]
        if header is not None or (engine.cap is not None and len(triples) >= engine.cap):
            return capped(engine.cap or len(triples))
        return triples
    if header is not None:
        return capped(int(header) if header.isdigit() else engine.cap or 1)
    if renamed or b"nodeID://" in body or b"XMLSchema#boolean" in body:
        body = _renamed_json(engine, body)
    return Results(body)


def capped(cap: int) -> Answer:
    """The store gave as many rows as it ever gives: the rest may be missing, so the answer is refused."""
    limit = max(1, cap - 1)
    return Answer(
        400,
        b"",
        f"the result has at least {cap} rows, the most the store behind this endpoint returns in one answer; add "
        f"LIMIT {limit} (with ORDER BY and OFFSET to page through it), or aggregate with COUNT",
        headers={"JKG-Result-Limit": str(limit)},
    )


def counted(engine: Engine, rows: int) -> Answer | None:
    """Whether a SELECT answer of `rows` rows reached the store's cap (so may have been cut)."""
    return capped(engine.cap) if engine.cap is not None and rows >= engine.cap else None


_LIMITS = {
    "SR478": "a GROUP_CONCAT (or another value) longer than about 4 KB had to be sorted or stored (Virtuoso SR478); "
    "concatenate fewer values, or order inside a subquery before concatenating",
    "SR319": "a row longer than Virtuoso's maximum had to be stored (SR319), as a long GROUP_CONCAT does; "
    "concatenate fewer values, or order inside a subquery before concatenating",
    "SQ199": "the query is too large for the store to compile (Virtuoso SQ199); make it smaller",
}
_TIMEOUTS = ("SR171", "Transaction timed out")
_ESTIMATE = re.compile(r"estimated execution time (\d+) \(sec\) exceeds the limit of (\d+)")


def _failure(reply: Reply) -> Answer:
    text = reply.text(2000)
    first = next((line.strip() for line in text.splitlines() if line.strip()), f"HTTP {reply.status}")[:300]
    if any(mark in text for mark in _TIMEOUTS) and reply.status >= 500:
        raise EngineTimeout
    estimate = _ESTIMATE.search(text)
    if estimate:
        return Answer(
            503,
            b"",
            f"the store estimates this query would run for {estimate.group(1)} s, longer than it allows "
            f"({estimate.group(2)} s); narrow it (LIMIT, more specific patterns)",
            headers={"Retry-After": "1"},
            code="query-timeout",
        )
    for code, message in _LIMITS.items():
        if code in text:
            return Answer(502 if code.startswith("SR") else 400, b"", f"engine limit: {message}", code="engine-limit")
    if 400 <= reply.status < 500:
        return Answer(400, b"", f"the store refused the query: {first}")
    return Answer(502, b"", f"the store failed on the query: {first}", code="engine-failed")


def _partial(reply: Reply) -> str:
    if reply.status == 206:
        return "HTTP 206"
    state = reply.headers.get("x-sql-state")
    return f"X-SQL-State {state}: {reply.headers.get('x-sql-message', '')[:200]}" if state else ""


def _public(engine: Engine, term: NamedNode | BlankNode | Literal) -> NamedNode | BlankNode | Literal:
    if isinstance(term, NamedNode):
        name = engine.manifest.published_name(term.value)
        return NamedNode(name) if name is not None else term
    return term


def _renamed_json(engine: Engine, body: bytes) -> bytes:
    """SPARQL JSON results with the build's graph names given back, Virtuoso's nodeID:// blank nodes fixed and its
    booleans in their canonical form ("1"^^xsd:boolean is true, as pyoxigraph writes it)."""
    body = _VIRTUOSO_BNODE.sub(rb"\1", body)
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "uri":
                value["value"] = engine.manifest.published_name(value["value"]) or value["value"]
            elif value.get("datatype") == XSD_BOOLEAN:
                value["value"] = _BOOLEANS.get(value["value"], value["value"])
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _solutions(reply: Reply) -> Iterator[QuerySolution]:
    result = parse_query_results(reply.body, QueryResultsFormat.JSON)
    if not isinstance(result, QuerySolutions):
        raise EngineDown("the store answered a SELECT with a boolean")
    return iter(result)
