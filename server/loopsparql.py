"""/sparql's light queries answered on the front's event loop, with no thread: the request is checked and
negotiated (`sparql.plan`), answered from the build's answer cache or run in the query pool from the loop
(`looprun.LoopRun`: the pool's own fair line and time limit), and its answer written with the headers and error
bodies of `fastpath` — the same bytes a thread running the app would send.

Only a small plain query takes this path: GET or POST to /sparql, request line and body together under
`MAX_INLINE` bytes (the guard's walk stays short on the loop), no conditional or repeated header, served by the
build's own worker pool. Anything else returns False and goes to a thread as before.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Response

from jkg.server import guard, jobs, sparql
from jkg.server.builds import Generation
from jkg.server.fastpath import Answered, FastSparql
from jkg.server.front import wsgi
from jkg.server.front.clients import network_of
from jkg.server.looprun import LoopRun
from jkg.server.pool import QueryPool
from jkg.server.worker import Answer

if TYPE_CHECKING:
    from jkg.server.front.connection import Connection, Request
    from jkg.server.front.server import Front

log = logging.getLogger(__name__)
MAX_INLINE = 2048  # bytes of request line and body: the guard walks such a query in well under a millisecond
SPARQL = (b"/sparql", b"/sparql/")


class LoopSparql:
    """The front's `on_loop` handler: True once it has taken the request (it will answer it), else False."""

    def __init__(self, fast: FastSparql) -> None:
        self.fast = fast
        # The conditional request headers (HTTP_IF_NONE_MATCH …) as they arrive (if-none-match …).
        self.conditional = frozenset(h[5:].lower().replace("_", "-").encode() for h in fast.conditional)

    def __call__(self, front: Front, conn: Connection, r: Request, client: str) -> bool:
        if r.method not in (b"GET", b"POST") or b"#" in r.url:
            return False
        path, _, query = r.url.partition(b"?")
        size = len(r.url) + sum(map(len, r.body))
        if size > MAX_INLINE or b"%00" in query or b"\x00" in query:
            return False
        accept = content_type = None
        for name, value in r.headers:
            key = name.lower()
            if key in self.conditional:
                return False
            if key == b"accept":
                if accept is not None:
                    return False
                accept = value.decode("latin-1")
            elif key == b"content-type":
                if content_type is not None:
                    return False
                content_type = value.decode("latin-1")
        generation = self.fast.builds.acquire()
        try:
            taken = self._take(front, conn, r, client, generation, path, query, accept, content_type)
        except Exception:
            log.exception("the /sparql loop path failed before answering; a thread answers instead")
            taken = False
        if not taken:
            self.fast.builds.release(generation)
        else:
            self.fast.count("loop")
        return taken

    def _take(
        self,
        front: Front,
        conn: Connection,
        r: Request,
        client: str,
        generation: Generation,
        path: bytes,
        query: bytes,
        accept: str | None,
        content_type: str | None,
    ) -> bool:
        pool = generation.pool
        if not isinstance(pool, QueryPool) or not pool.started:
            return False
        prefix = generation.cache.get("minted_prefix")
        if prefix is None:  # as MintedPaths strips it
            prefix = generation.cache["minted_prefix"] = urlsplit(generation.published.base_iri).path.rstrip("/")
        if path not in SPARQL and not (prefix and path.startswith(prefix.encode()) and path[len(prefix) :] in SPARQL):
            return False
        endpoint_iri = self.fast.endpoint_iri(generation)
        method = r.method.decode()
        body = b"".join(r.body)
        try:
            planned = sparql.plan(method, query, content_type or "", lambda: body, accept, self.fast.conf, endpoint_iri)
        except (guard.Refused, sparql.NotAcceptable):
            return False
        if planned is None:
            return False
        reply = Reply(self.fast, front, conn, r, generation, planned, method == "GET", accept or "")
        reply.begin(pool, network_of(client))  # from here on the reply answers, whatever happens
        return True


class Reply:
    """One request the loop has taken, answered exactly once — its answer, else the app's 500 (the problem
    details the Flask route sends), else, if even that cannot be written, its connection closed — and its build
    given back exactly once, whatever raises between the job's end and the answer's bytes."""

    def __init__(
        self,
        fast: FastSparql,
        front: Front,
        conn: Connection,
        r: Request,
        generation: Generation,
        planned: sparql.Planned,
        get: bool,
        accept: str,
    ) -> None:
        self.fast = fast
        self.front = front
        self.conn = conn
        self.r = r
        self.generation = generation
        self.planned = planned
        self.get = get
        self.accept = accept
        self.answered = False  # its answer handed to the front, and its build given back

    def begin(self, pool: QueryPool, client: str) -> None:
        """The build's kept answer, or the job run in the pool (settle() is called with its outcome)."""
        job = self.planned.job
        try:
            kept = jobs.kept_answer(self.generation, job, self.get)
            if kept is not None:
                self.send(kept)
            else:
                LoopRun(self.front.loop, pool, job, self.planned.timeout, client, self.settle).start()
        except Exception:
            self._failed("starting")

    def settle(self, outcome: Answer | Exception) -> None:
        """LoopRun's `done` (its worker already given back or replaced): the outcome answered."""
        try:
            found = jobs.settled(
                self.generation, self.planned.job, self.planned.timeout, outcome, self.get, self.accept
            )
        except Exception:
            self._failed("settling")
            return
        self.send(found)

    def send(self, found: Answer | Response) -> None:
        try:
            if isinstance(found, Response):
                answered = self.fast.failed(found)
            else:
                answered = self.fast.succeeded(found, self.planned.chosen.content_type, self.get)
        except Exception:
            self._failed("making the answer")
            return
        self._write(answered)

    def _failed(self, step: str) -> None:
        log.exception("the /sparql loop path failed %s on %s", step, self.r.url[:200].decode("latin-1"))
        self._write(self.fast.internal_error(self.accept))

    def _write(self, a: Answered) -> None:
        if self.answered:
            if a.file is not None:
                a.file.close()
            return
        self.answered = True
        try:
            self.fast.builds.release(self.generation)  # the last request on an old build closes it
        except Exception:
            log.exception("giving build %s back failed", self.generation.name)
        r, keep_alive = self.r, self.r.keep_alive
        try:
            head = wsgi.head(a.status, a.headers, keep_alive, r.version)
        except Exception:  # nothing is written yet: the 500 instead, and close
            log.exception("the /sparql loop path made a bad head on %s", r.url[:200].decode("latin-1"))
            if a.file is not None:
                a.file.close()
            a, keep_alive = self.fast.internal_error(self.accept), False
            head = wsgi.head(a.status, a.headers, keep_alive, r.version)
        try:
            if a.file is not None:
                self.front.stream_file(self.conn, r, a.status, head, wsgi.FileWrapper(a.file), False, keep_alive)
            else:
                self.front.finish(self.conn, r, a.status, head + a.body, len(a.body), keep_alive)
        except Exception:  # some of it may be out: all the client can be told is that it is over
            log.exception("the /sparql loop path failed writing the answer to %s", r.url[:200].decode("latin-1"))
            self.conn.close()
