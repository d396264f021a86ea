"""Serve every IRI under the path it was minted with: a build whose base IRI has a path (https://host/lod/)
answers /lod/id/… as /id/…, so an IRI dereferences on the server that minted it, whether the front end (a
reverse proxy, a w3id redirect) passes the path on or strips it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit


class MintedPaths:
    """WSGI middleware: strip the base IRI's path from a request path that starts with it."""

    def __init__(self, app: Callable[..., Iterable[bytes]], base_iri: Callable[[], str]) -> None:
        self.app = app
        self.base_iri = base_iri

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        prefix = urlsplit(self.base_iri()).path.rstrip("/")
        path = environ.get("PATH_INFO", "")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            environ = {**environ, "PATH_INFO": path[len(prefix) :] or "/"}
        return self.app(environ, start_response)
