"""The running app's published build, query pool and settings, for the request being answered (as flaskr's
get_db()): routes ask here instead of reaching into current_app.

A request is pinned to the build it first asks for: a newer build published while it runs does not change
what it sees, and its build is not closed before it ends.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g

from jkg.server.builds import Builds, Generation
from jkg.server.description import Example
from jkg.server.runner import Runner
from jkg.server.store import Published


def builds() -> Builds:
    """The builds this server answers from (the current one and any still finishing requests)."""
    found: Builds = current_app.extensions["jkg_builds"]
    return found


def generation() -> Generation:
    """The build this request answers from, with its workers (held until the request ends)."""
    held: Generation | None = g.get("jkg_generation")
    if held is None:
        held = g.jkg_generation = builds().acquire()
    return held


def published() -> Published:
    """The build this request answers from."""
    return generation().published


def pool() -> Runner:
    """What runs this request's query jobs: the build's pool of query worker processes (or another store)."""
    return generation().pool


def build_cache() -> dict[str, Any]:
    """What pages compute once per build (a build never changes, but the server may move to a newer one)."""
    return generation().cache


def conf() -> dict[str, Any]:
    """The resolved settings (jkg.settings)."""
    found: dict[str, Any] = current_app.config["JKG"]
    return found


def examples() -> list[Example]:
    """The example queries of queries/, loaded when the app was made."""
    found: list[Example] = current_app.extensions["jkg_examples"]
    return found


def install(app: Flask) -> None:
    """Give each request's build back when the request ends."""

    @app.teardown_request
    def release(_error: BaseException | None) -> None:
        held: Generation | None = g.pop("jkg_generation", None)
        if held is not None:
            app.extensions["jkg_builds"].release(held)
