"""Named error responses: the user's mistake is a 4xx that says what to change; our bug is a logged 500."""

from __future__ import annotations

import json

from flask import Response, request


def body(status: int, code: str, message: str, accept: str) -> tuple[str, bytes]:
    """An error's content type and body for a client sending this Accept: JSON when it accepts JSON (or says
    nothing), else plain text. (The /sparql fast path renders its errors here too, without a Flask request.)"""
    if "json" in accept or "*/*" in accept or not accept:
        text = json.dumps({"error": code, "status": status, "message": message}, ensure_ascii=False)
        return "application/json; charset=utf-8", (text + "\n").encode()
    return "text/plain; charset=utf-8", f"{status} {code}: {message}\n".encode()


def error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, accept: str | None = None
) -> Response:
    """An error as JSON (when the client accepts JSON) or plain text; `accept` is the request's Accept header
    (by default read from the Flask request being answered)."""
    if accept is None:
        accept = request.headers.get("Accept", "") if request else ""
    content_type, data = body(status, code, message, accept)
    response = Response(data, status=status, content_type=content_type)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def bad_request(message: str) -> Response:
    return error(400, "bad-request", message)


def the_server_is_read_only() -> Response:
    return error(403, "read-only", "this endpoint is read-only: SPARQL Update is not accepted")


def not_acceptable(available: list[str]) -> Response:
    return error(406, "not-acceptable", "none of the Accept types can be served; available: " + ", ".join(available))


def unsupported_media_type(message: str) -> Response:
    return error(415, "unsupported-media-type", message)


def query_timeout(seconds: float, accept: str | None = None) -> Response:
    return error(
        503,
        "query-timeout",
        f"the query ran longer than {seconds:g} s and was stopped; narrow it (LIMIT, more specific patterns)",
        {"Retry-After": "1"},
        accept=accept,
    )


def client_over_share(accept: str | None = None) -> Response:
    return error(
        429,
        "too-many-requests",
        "you have more queries waiting than your share while others wait too; wait for your answers, then retry",
        {"Retry-After": "2"},
        accept=accept,
    )


def overloaded(accept: str | None = None) -> Response:
    return error(503, "overloaded", "all query workers are busy; retry shortly", {"Retry-After": "1"}, accept=accept)


def worker_crashed(accept: str | None = None) -> Response:
    return error(
        500,
        "worker-crashed",
        "the query worker stopped unexpectedly; it has been replaced. Retry or narrow the query",
        accept=accept,
    )


def workers_unavailable(reason: str, accept: str | None = None) -> Response:
    return error(
        503,
        "unavailable",
        f"no query worker can be started ({reason}); the operator has been told",
        {"Retry-After": "5"},
        accept=accept,
    )


def store_unavailable(reason: str, accept: str | None = None) -> Response:
    return error(
        503,
        "unavailable",
        f"the store that answers this endpoint's queries cannot be reached ({reason}); retry shortly",
        {"Retry-After": "5"},
        accept=accept,
    )
