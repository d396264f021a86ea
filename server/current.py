"""The running app's published build, query pool and settings, for the request being answered (as flaskr's
get_db()): routes ask here instead of reaching into current_app."""

from __future__ import annotations

from typing import Any

from flask import current_app

from jkg.server.description import Example
from jkg.server.pool import QueryPool
from jkg.server.store import Published


def published() -> Published:
    """The build this server answers from."""
    found: Published = current_app.extensions["jkg_published"]
    return found


def pool() -> QueryPool:
    """The pool of query worker processes."""
    found: QueryPool = current_app.extensions["jkg_pool"]
    return found


def conf() -> dict[str, Any]:
    """The resolved settings (jkg.settings)."""
    found: dict[str, Any] = current_app.config["JKG"]
    return found


def examples() -> list[Example]:
    """The example queries of queries/, loaded when the app was made."""
    found: list[Example] = current_app.extensions["jkg_examples"]
    return found
