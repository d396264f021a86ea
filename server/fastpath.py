"""/sparql's queries answered ahead of Flask: the same checks (`sparql.plan`: the guard, negotiation, the job),
the same run (`jobs.answer_job`: the answer cache, the fair pool), the same headers and error bodies, without
Flask's request context, routing, hooks and response objects, which cost more than the rest of a light query.

Only a plain GET or POST of one query takes this path. Anything else — OPTIONS, HEAD, the service description,
a refusal, 406, a NUL, a conditional request (If-None-Match …), a body of unknown length — goes on to Flask,
which answers it as before (a refused query is checked twice: refusals are rare and cheap).
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from flask import Response
from werkzeug.wsgi import wrap_file

from jkg.server import errors, guard, jobs, sparql, spool
from jkg.server.builds import Builds, Generation
from jkg.server.front.clients import network_of
from jkg.server.worker import Answer

log = logging.getLogger(__name__)
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PATHS = frozenset({"/sparql", "/sparql/"})
Headers = list[tuple[str, str]]


class Answered:
    """An answer ready to send: status line, headers (the app's own on every answer included) and body."""

    __slots__ = ("body", "file", "headers", "status")

    def __init__(self, status: str, headers: Headers, body: bytes = b"", file: Any = None) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.file = file  # a spooled answer's open file (sent from the file, without an ETag)


class FastSparql:
    """WSGI middleware in front of the Flask app: plain /sparql queries here, everything else to Flask."""

    def __init__(
        self,
        app: WSGIApp,
        builds: Builds,
        conf: dict[str, Any],
        every_answer: tuple[tuple[str, str], ...],
        conditional: frozenset[str],
    ) -> None:
        self.app = app
        self.builds = builds
        self.conf = conf
        self.every_answer = list(every_answer)  # the app's headers on every (non-HTML) answer
        self.conditional = conditional  # request headers that can make an answer 304, 412 or 206: Flask's
        self.max_body = int(conf["max_query_bytes"]) * 3 + 4096  # as Flask's MAX_CONTENT_LENGTH
        self.answered = {"loop": 0, "wsgi": 0}  # queries answered here: on the front's loop, or in a thread
        self._count = threading.Lock()

    def count(self, where: str) -> None:
        with self._count:
            self.answered[where] += 1

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        found = self.answer(environ)
        if found is None:
            return self.app(environ, start_response)
        self.count("wsgi")
        start_response(found.status, found.headers)
        if found.file is not None:
            return wrap_file(environ, found.file)
        return [found.body]

    def answer(self, environ: dict[str, Any]) -> Answered | None:
        """The answer to a plain query request, or None for Flask to answer (the body, if read, is put back)."""
        method = environ["REQUEST_METHOD"]
        if method not in {"GET", "POST"} or environ.get("PATH_INFO") not in PATHS:
            return None
        query_string: str = environ.get("QUERY_STRING", "")
        if "%00" in query_string or "\x00" in query_string or not self.conditional.isdisjoint(environ):
            return None
        body = b""
        if method == "POST":
            length = environ.get("CONTENT_LENGTH") or ""
            if not length.isdigit() or int(length) > self.max_body:
                return None
            body = environ["wsgi.input"].read(int(length))
            environ["wsgi.input"] = io.BytesIO(body)  # for Flask, if it answers after all
        generation = self.builds.acquire()
        try:
            return self._answer(environ, generation, method, query_string, body)
        finally:
            self.builds.release(generation)

    def _answer(
        self, environ: dict[str, Any], generation: Generation, method: str, query_string: str, body: bytes
    ) -> Answered | None:
        accept = environ.get("HTTP_ACCEPT")
        endpoint_iri = self.endpoint_iri(generation)
        try:
            planned = sparql.plan(
                method,
                query_string.encode("latin-1"),
                environ.get("CONTENT_TYPE", ""),
                lambda: body,
                accept,
                self.conf,
                endpoint_iri,
            )
        except (guard.Refused, sparql.NotAcceptable):
            return None
        if planned is None:
            return None
        try:
            client = network_of(environ.get("REMOTE_ADDR") or "")
            found = jobs.answer_job(generation, planned.job, planned.timeout, client, method == "GET", accept or "")
            if isinstance(found, Response):
                return self.failed(found)
            return self.succeeded(found, planned.chosen.content_type, method == "GET")
        except Exception:
            log.exception("the /sparql fast path failed on %s", planned.job.query[:200])
            return self.internal_error(accept or "")

    def endpoint_iri(self, generation: Generation) -> str:
        """The build's SPARQL endpoint IRI (the queries' base IRI, never the Host header), made once per build."""
        found = generation.cache.get("sparql_endpoint")
        if found is None:
            found = generation.cache["sparql_endpoint"] = generation.published.iris.sparql_endpoint().value
        return str(found)

    def internal_error(self, accept: str) -> Answered:
        """Our bug (logged by the caller): the app's 500."""
        content_type, data = errors.body(
            500, "internal-error", "the server failed; this is a bug and it has been logged", accept
        )
        headers = [("Content-Type", content_type), ("Content-Length", str(len(data))), *self.every_answer]
        return Answered("500 INTERNAL SERVER ERROR", headers, data)

    def succeeded(self, answer: Answer, content_type: str, get: bool) -> Answered:
        """A 200 with the headers the route and the app's hooks give it (an ETag on a GET's answer held in
        memory)."""
        size = answer.size if answer.spool else len(answer.body)
        headers: Headers = [("Content-Type", content_type), ("Content-Length", str(size))]
        headers += answer.headers.items()
        headers += [("Vary", "Accept"), ("JKG-Result-Rows", str(answer.rows)), *self.every_answer]
        if answer.spool:
            return Answered("200 OK", headers, file=spool.open_answer(answer.spool))
        if get:
            headers.append(("ETag", f'"{hashlib.sha1(answer.body).hexdigest()}"'))  # werkzeug's generate_etag
        return Answered("200 OK", headers, answer.body)

    def failed(self, response: Response) -> Answered:
        """An error response of jobs.answer_job, with the app's headers on every answer."""
        headers = response.headers.to_wsgi_list()
        present = {name.lower() for name, _ in headers}
        headers += [(k, v) for k, v in self.every_answer if k.lower() not in present]
        return Answered(response.status, headers, response.get_data())
