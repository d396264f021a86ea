"""A query worker process: opens the store read-only, evaluates, serializes natively, counts rows.

Runs in its own process so that a runaway query can be killed, walled off the network (netwall) so that no
query can make a connection whatever the guard lets through; imports nothing but pyoxigraph and the wall.
"""

from __future__ import annotations

import gc
import resource
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any, cast

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from jkg.server import netwall
from jkg.server.rowcount import RowCountingSink, TooManyRows
from jkg.server.spool import ResultTooLarge, Sink, SpoolFailed

RESULT_FORMATS = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "rdf": RdfFormat.RDF_XML,
    "jsonld": RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class Job:
    query: str
    format: str
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    union_default_graph: bool = True  # off when the query has its own FROM / FROM NAMED
    prefixes: tuple[tuple[str, str], ...] = ()  # prefix declarations for a Turtle or RDF/XML answer
    max_bytes: int = 0  # the serialized answer's cap (0: none)
    network: str = ""  # a network export (gexf, graphml, cyjs) of the CONSTRUCT instead of its triples
    max_nodes: int | None = None  # a network: refuse one with more nodes
    dataset_base: str = ""  # a network: the dataset's base IRI (labels, hrefs)
    evaluate: bool = True  # False: only check that the engine accepts the query (what jkg serve --engine does)


@dataclass
class Answer:
    status: int
    body: bytes
    error: str = ""
    rows: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    spool: str = ""  # a large body is in this file instead (jkg.server.spool)
    size: int = 0  # bytes of the body
    code: str = ""  # the error's name, when it is more specific than query-failed
    retire: bool = False  # the worker grew large: replace it after this answer


def _graphs(iris: tuple[str, ...]) -> list[NamedNode | DefaultGraph]:
    return [NamedNode(i) for i in iris]


def _limited(triples: Iterator[Triple], max_rows: int, counter: list[int]) -> Iterator[Triple]:
    for t in triples:
        counter[0] += 1
        if counter[0] > max_rows:
            raise TooManyRows
        yield t


def too_large(max_bytes: int) -> Answer:
    return Answer(
        400,
        b"",
        f"the result is larger than {max_bytes} bytes; add LIMIT, select fewer or shorter values, or download "
        "the dumps at /data/",
        headers={"JKG-Result-Byte-Limit": str(max_bytes)},
        code="result-too-large",
    )


def too_many(max_rows: int) -> Answer:
    return Answer(
        400,
        b"",
        f"the result has more than {max_rows} rows; add LIMIT {max_rows} (with ORDER BY and OFFSET to page "
        "through it), or aggregate with COUNT",
        headers={"JKG-Result-Limit": str(max_rows)},
    )


def spool_failed(e: SpoolFailed) -> Answer:
    return Answer(
        503,
        b"",
        f"the server could not keep this answer on its disk ({e}); retry shortly, or ask for a smaller answer",
        headers={"Retry-After": "5"},
        code="unavailable",
    )


def execute(store: Store, job: Job, spool: str = "") -> Answer:
    """Evaluate one query and serialize its result in the job's format (or as a network)."""
    kwargs: dict[str, object] = {"base_iri": job.base_iri}
    if job.default_graphs or job.named_graphs:
        kwargs["default_graph"] = _graphs(job.default_graphs) or [DefaultGraph()]
        kwargs["named_graphs"] = [NamedNode(i) for i in job.named_graphs]
    elif job.union_default_graph:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job.query, **kwargs)  # type: ignore[arg-type]
    except SyntaxError as e:
        return Answer(400, b"", f"query syntax error: {e}")
    except (OSError, ValueError, RuntimeError) as e:  # evaluated at once (ASK), e.g. a refused connection
        return Answer(400, b"", f"query failed: {e}")
    if not job.evaluate:
        return Answer(200, b"")
    return render(result, job, spool, store)


def render(
    result: QueryBoolean | QuerySolutions | Iterable[Triple], job: Job, spool: str = "", store: Any = None
) -> Answer:
    """Serialize a result in the job's format (or draw its network, labelled from `store`), its rows counted
    against the job's cap and its bytes against its byte cap."""
    sink = Sink(spool, job.max_bytes)
    try:
        if job.network:
            from jkg.server import networks  # networkx and lxml, only in workers that draw networks

            answer = networks.draw(store, job, _limited(iter(cast(Iterable[Triple], result)), job.max_rows, [0]), sink)
        elif isinstance(result, QueryBoolean | QuerySolutions):
            counter = RowCountingSink(job.format, job.max_rows, sink)
            result.serialize(cast(IO[bytes], counter), RESULT_FORMATS[job.format])
            counter.close()
            answer = Answer(200, b"", rows=counter.rows)
        else:
            rows = [0]
            triples: Iterable[Triple] = _limited(iter(result), job.max_rows, rows)
            prefixes = None
            if job.prefixes:  # a document for people: prefixed names, each subject's triples together
                triples = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
                prefixes = dict(job.prefixes) if job.format in {"ttl", "rdf"} else None
            serialize(triples, cast(IO[bytes], sink), GRAPH_FORMATS[job.format], prefixes=prefixes)
            answer = Answer(200, b"", rows=rows[0])
    except TooManyRows:
        sink.discard()
        return too_many(job.max_rows)
    except ResultTooLarge:
        sink.discard()
        return too_large(job.max_bytes)
    except SpoolFailed as e:
        sink.discard()
        return spool_failed(e)
    except (OSError, ValueError, SyntaxError, RuntimeError) as e:  # evaluation errors, e.g. a type error
        sink.discard()
        return Answer(400, b"", f"query failed: {e}")
    if answer.status == 200:
        try:
            answer.body, answer.spool = sink.finish()
        except SpoolFailed as e:
            sink.discard()
            return spool_failed(e)
        answer.size = sink.size
    else:
        sink.discard()
    return answer


RETIRE_GROWTH_MB = 512  # a worker grown by this much since it opened the store is replaced after its answer


def _resident_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / (1 << 20)


def main(store_path: str, conn: Connection, memory_mb: int, wall: bool = True, spool: str = "") -> None:
    """Wall this process off the network, open the store, then serve jobs from the pipe until it closes."""
    if wall:  # first, before the store starts threads: no query can open a connection from here on
        try:
            walled = netwall.forbid_network()
        except netwall.NetworkWallUnavailable as e:
            conn.send(f"no network wall: {e}")
            return
    else:
        walled = "none: worker_network_wall is off, only the guard stands between queries and the network"
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    try:
        store = Store.read_only(store_path) if store_path else Store()  # empty: a checker for jkg serve --engine
    except OSError as e:
        conn.send(f"cannot open the store: {e}")
        return
    gc.freeze()  # start-up's objects live as long as the worker: no full collection walks them again
    baseline = _resident_mb()
    jobs = 0
    conn.send(("ready", walled))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        started = time.perf_counter()
        try:
            answer = execute(store, job, spool)
        except MemoryError:
            answer = Answer(503, b"", "the query needed more memory than a worker may use; narrow it")
        # Growth comes from large answers (e.g. a network): looked at after any job that took a while, and every
        # 64th, rather than reading /proc after each light one.
        jobs += 1
        if time.perf_counter() - started > 0.01 or answer.size > 1 << 20 or jobs % 64 == 0:
            answer.retire = _resident_mb() - baseline > RETIRE_GROWTH_MB
        conn.send(answer)
