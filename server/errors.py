"""Named error responses: the user's mistake is a 4xx that says what to change; our bug is a logged 500."""

from __future__ import annotations

import json

from flask import Response, request


def error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    """An error as JSON (when the client accepts JSON) or plain text."""
    accept = request.headers.get("Accept", "") if request else ""
    if "json" in accept or "*/*" in accept or not accept:
        body = json.dumps({"error": code, "status": status, "message": message}, ensure_ascii=False)
        response = Response(body + "\n", status=status, content_type="application/json; charset=utf-8")
    else:
        response = Response(f"{status} {code}: {message}\n", status=status, content_type="text/plain; charset=utf-8")
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


def query_timeout(seconds: float) -> Response:
    return error(
        503,
        "query-timeout",
        f"the query ran longer than {seconds:g} s and was stopped; narrow it (LIMIT, more specific patterns)",
        {"Retry-After": "1"},
    )


def client_over_share() -> Response:
    return error(
        429,
        "too-many-requests",
        "you have more queries waiting than your share while others wait too; wait for your answers, then retry",
        {"Retry-After": "2"},
    )


def overloaded() -> Response:
    return error(503, "overloaded", "all query workers are busy; retry shortly", {"Retry-After": "1"})


def worker_crashed() -> Response:
    return error(
        500, "worker-crashed", "the query worker stopped unexpectedly; it has been replaced. Retry or narrow the query"
    )


def workers_unavailable(reason: str) -> Response:
    return error(
        503,
        "unavailable",
        f"no query worker can be started ({reason}); the operator has been told",
        {"Retry-After": "5"},
    )


def store_unavailable(reason: str) -> Response:
    return error(
        503,
        "unavailable",
        f"the store that answers this endpoint's queries cannot be reached ({reason}); retry shortly",
        {"Retry-After": "5"},
    )
