"""Run a query job in the worker pool and answer for it: every route that queries goes through here, so a
refusal, a timeout, a crash or overload gets the same response (and a crash is logged) wherever it happens."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import Response, request
from werkzeug.wsgi import wrap_file

from jkg.server import current, errors, guard, spool
from jkg.server.front.clients import network_of
from jkg.server.pool import ClientOverShare, Overloaded, QueryTimeout, WorkerCrashed, WorkersUnavailable
from jkg.server.runner import StoreUnavailable
from jkg.server.worker import Answer, Job

if TYPE_CHECKING:
    from jkg.server.builds import Generation

log = logging.getLogger(__name__)


def refused(refusal: guard.Refused) -> Response:
    """The response for a query the guard refused before evaluation."""
    if refusal.status == 403:
        return errors.the_server_is_read_only()
    if refusal.status == 415:
        return errors.unsupported_media_type(refusal.message)
    return errors.error(refusal.status, "bad-request" if refusal.status == 400 else "refused", refusal.message)


def run_job(job: Job, timeout: float | None = None) -> Answer | Response:
    """Run a query in the worker pool: its answer, or the error response for a timeout, crash, overload or a
    query the engine rejected. `timeout` defaults to the server's limit."""
    seconds = float(current.conf()["timeout"]) if timeout is None else timeout
    client = network_of(request.remote_addr or "")  # the front has already believed a trusted proxy, or not
    cacheable = request.method in {"GET", "HEAD"}
    return answer_job(current.generation(), job, seconds, client, cacheable, request.headers.get("Accept", ""))


def answer_job(
    generation: Generation, job: Job, seconds: float, client: str, cacheable: bool, accept: str
) -> Answer | Response:
    """run_job without a Flask request (the /sparql fast path calls it too): the build's answer cache (for a GET
    or HEAD), else its pool; the error responses rendered for a client sending `accept`."""
    kept = kept_answer(generation, job, cacheable)
    if kept is not None:
        return kept
    outcome: Answer | Exception
    try:
        outcome = generation.pool.run(job, seconds, client)
    except POOL_ERRORS as e:
        outcome = e
    return settled(generation, job, seconds, outcome, cacheable, accept)


# What a pool (or another store) raises instead of answering; settled() answers for each.
POOL_ERRORS = (ClientOverShare, Overloaded, QueryTimeout, StoreUnavailable, WorkersUnavailable, WorkerCrashed)


def kept_answer(generation: Generation, job: Job, cacheable: bool) -> Answer | None:
    """The build's kept answer to this job (a GET or HEAD only), marked as a cache hit."""
    kept = generation.answers.get(job) if cacheable else None
    if kept is None:
        return None
    kept.headers["JKG-Answer-Cache"] = "hit"  # each get() makes a new Answer
    return kept


def settled(
    generation: Generation, job: Job, seconds: float, outcome: Answer | Exception, cacheable: bool, accept: str
) -> Answer | Response:
    """A job's outcome (its answer, or what the pool raised) as the answer to send or its error response; a
    complete answer to a GET or HEAD is kept for the same job asked again."""
    if isinstance(outcome, ClientOverShare):
        return errors.client_over_share(accept)
    if isinstance(outcome, Overloaded):
        return errors.overloaded(accept)
    if isinstance(outcome, QueryTimeout):
        return errors.query_timeout(seconds, accept)
    if isinstance(outcome, StoreUnavailable):
        return errors.store_unavailable(str(outcome), accept)
    if isinstance(outcome, WorkersUnavailable):
        return errors.workers_unavailable(generation.pool.last_error, accept)
    if isinstance(outcome, WorkerCrashed):
        log.error("query worker crashed on: %s", job.query[:500])
        return errors.worker_crashed(accept)
    if isinstance(outcome, Exception):
        raise outcome
    if outcome.status != 200:
        code = outcome.code or ("query-failed" if outcome.status == 400 else "unavailable")
        return errors.error(outcome.status, code, outcome.error, outcome.headers, accept)
    if cacheable:
        generation.answers.put(job, outcome)
    return outcome


def respond(answer: Answer, content_type: str) -> Response:
    """The answer as a response: from memory, or streamed from its spool file (which goes when it is sent)."""
    if not answer.spool:
        response = Response(answer.body, content_type=content_type)
    else:
        response = Response(
            wrap_file(request.environ, spool.open_answer(answer.spool)),
            content_type=content_type,
            direct_passthrough=True,
        )
        response.content_length = answer.size
    response.headers.update(answer.headers)
    return response
