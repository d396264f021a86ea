"""A query worker process: opens the store read-only, evaluates, serializes natively, counts rows.

Runs in its own process so that a runaway query can be killed, walled off the network (netwall) so that no
query can make a connection whatever the guard lets through; imports nothing but pyoxigraph and the wall.
"""

from __future__ import annotations

import re
import resource
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import IO, cast

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


@dataclass
class Answer:
    status: int
    body: bytes
    error: str = ""
    rows: int = 0
    headers: dict[str, str] = field(default_factory=dict)


class TooManyRows(Exception):
    pass


class RowCountingSink:
    """A write() target that counts result rows exactly as the native serializer emits them."""

    # A binding starts with [{" or ,{" — JSON escapes every quote inside a string, so these cannot occur in a
    # literal — or, with no variable bound, [{} or },{} (which a literal could contain: it may over-count then,
    # which can only raise the row-cap error early, never truncate silently).
    _JSON_STARTS = (b'[{"', b',{"', b"[{}", b"},{}")
    _CSV = re.compile(rb'"|\r\n')

    def __init__(self, fmt: str, max_rows: int) -> None:
        self.fmt = fmt
        self.max_rows = max_rows
        self.chunks: list[bytes] = []
        self.count = 0
        self._in_string = False
        self._carry = b""

    def write(self, data: bytes) -> int:
        chunk = self._carry + bytes(data)
        self._carry = b""
        if self.fmt == "json":
            # Count starts that begin before the last 3 bytes; those 3 go round again with the next chunk.
            keep = max(0, len(chunk) - 3)
            for start in self._JSON_STARTS:
                self.count += chunk.count(start, 0, keep + len(start) - 1)
            chunk, self._carry = chunk[:keep], chunk[keep:]
        elif self.fmt == "xml":
            self.count += chunk.count(b"<result>")
            chunk, self._carry = chunk[: len(chunk) - 7], chunk[len(chunk) - 7 :]
        elif self.fmt == "tsv":
            self.count += chunk.count(b"\n")
        else:  # csv: quoted cells may hold raw line breaks
            for m in self._CSV.finditer(chunk):
                if m.group() == b'"':
                    self._in_string = not self._in_string
                elif not self._in_string:
                    self.count += 1
            if chunk.endswith(b"\r"):
                chunk, self._carry = chunk[:-1], chunk[-1:]
        self.chunks.append(chunk)
        if self.rows > self.max_rows:
            raise TooManyRows
        return len(data)

    def flush(self) -> None:
        pass

    @property
    def rows(self) -> int:
        return self.count - 1 if self.fmt in {"tsv", "csv"} else self.count

    def body(self) -> bytes:
        return b"".join(self.chunks) + self._carry


def _graphs(iris: tuple[str, ...]) -> list[NamedNode | DefaultGraph]:
    return [NamedNode(i) for i in iris]


def _limited(triples: Iterator[Triple], max_rows: int, counter: list[int]) -> Iterator[Triple]:
    for t in triples:
        counter[0] += 1
        if counter[0] > max_rows:
            raise TooManyRows
        yield t


def too_many(max_rows: int) -> Answer:
    return Answer(
        400,
        b"",
        f"the result has more than {max_rows} rows; add LIMIT {max_rows} (with ORDER BY and OFFSET to page "
        "through it), or aggregate with COUNT",
        headers={"JKG-Result-Limit": str(max_rows)},
    )


def execute(store: Store, job: Job) -> Answer:
    """Evaluate one query and serialize its result in the job's format."""
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
    try:
        if isinstance(result, QueryBoolean | QuerySolutions):
            sink = RowCountingSink(job.format, job.max_rows)
            result.serialize(cast(IO[bytes], sink), RESULT_FORMATS[job.format])
            return Answer(200, sink.body(), rows=sink.rows)
        counter = [0]
        triples: Iterable[Triple] = _limited(result, job.max_rows, counter)
        prefixes = None
        if job.prefixes:  # a document for people: prefixed names, each subject's triples together
            triples = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
            prefixes = dict(job.prefixes) if job.format in {"ttl", "rdf"} else None
        body = serialize(triples, format=GRAPH_FORMATS[job.format], prefixes=prefixes) or b""
        return Answer(200, body, rows=counter[0])
    except TooManyRows:
        return too_many(job.max_rows)
    except (OSError, ValueError, SyntaxError, RuntimeError) as e:  # evaluation errors, e.g. a type error
        return Answer(400, b"", f"query failed: {e}")


def main(store_path: str, conn: Connection, memory_mb: int, wall: bool = True) -> None:
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
        store = Store.read_only(store_path)
    except OSError as e:
        conn.send(f"cannot open the store: {e}")
        return
    conn.send(("ready", walled))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            answer = execute(store, job)
        except MemoryError:
            answer = Answer(503, b"", "the query needed more memory than a worker may use; narrow it")
        conn.send(answer)
