"""create_app(config): the Flask app over a published build. No module-level app, store or pool."""

from __future__ import annotations

import atexit
import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response, request

from jkg import __version__, resources, settings
from jkg.server import compare, current, discovery, graphview, linkeddata, pages, publication, sitemap, sparql, tables
from jkg.server.builds import Builds
from jkg.server.description import load_examples
from jkg.server.errors import error
from jkg.server.fastpath import FastSparql
from jkg.server.minted import MintedPaths

log = logging.getLogger(__name__)
# Inline <style> stays allowed (the vendored YASGUI and cytoscape.js set styles); inline script never is.
# The request headers that can make an answer 304, 412 or 206 (werkzeug's make_conditional); without any of
# them an answer only needs its ETag.
CONDITIONAL_HEADERS = frozenset(
    {
        "HTTP_IF_NONE_MATCH",
        "HTTP_IF_MATCH",
        "HTTP_IF_MODIFIED_SINCE",
        "HTTP_IF_UNMODIFIED_SINCE",
        "HTTP_RANGE",
        "HTTP_IF_RANGE",
    }
)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
EVERY_ANSWER = (
    ("X-Content-Type-Options", "nosniff"),
    ("Access-Control-Allow-Origin", "*"),
    (
        "Access-Control-Expose-Headers",
        "Content-Type, Content-Length, Content-Disposition, Link, Retry-After, Vary, JKG-Result-Rows, JKG-Answer-Cache",
    ),
    ("Server", f"jimujigyo-kg/{__version__}"),
)
HTML_ANSWER = (("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Frame-Options", "DENY"))


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the declared table, JKG_* variables, then `config`."""
    conf = settings.resolve({k: v for k, v in (config or {}).items() if k in {s.name for s in settings.SETTINGS}})
    app = Flask(__name__)
    app.config["JKG"] = conf
    app.config["MAX_CONTENT_LENGTH"] = conf["max_query_bytes"] * 3 + 4096  # URL-encoding can triple a query
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    serving = bool((config or {}).get("serving"))  # a real server: workers started now, builds watched
    builds = Builds(Path(conf["data"]), conf, start=serving)
    app.extensions["jkg_builds"] = builds
    app.extensions["jkg_examples"] = load_examples(resources.queries_dir())
    atexit.register(builds.close)
    if serving:
        builds.watch(float(conf["reload_interval"]))
    current.install(app)

    app.register_blueprint(sparql.bp)
    app.register_blueprint(discovery.bp)
    app.register_blueprint(linkeddata.bp)
    app.register_blueprint(publication.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(graphview.bp)
    app.register_blueprint(sitemap.bp)
    app.register_blueprint(tables.bp)
    app.register_blueprint(compare.bp)
    pages.install(app)

    @app.after_request
    def conditional(response: Response) -> Response:
        """An ETag on every complete GET answer, and 304 for a client that already has it: a published build
        never changes under a running server, so a page, document or result is the same until the next build."""
        complete = not response.direct_passthrough and not response.is_streamed
        if request.method in {"GET", "HEAD"} and response.status_code == 200 and complete:
            if "ETag" not in response.headers:
                response.add_etag()
            if not CONDITIONAL_HEADERS.isdisjoint(request.environ):  # else there is nothing to compare against
                response.make_conditional(request)
        return response

    @app.after_request
    def security_and_cors(response: Response) -> Response:
        """No sniffing anywhere; on HTML, scripts only from this server (no inline script) and no framing; CORS
        for everyone, without credentials. (One pass over the headers: this runs for every answer.)"""
        headers = response.headers
        present = {name.lower() for name, _ in headers.items()}
        extra = EVERY_ANSWER + (HTML_ANSWER if response.mimetype == "text/html" else ())
        for name, value in extra:
            if name.lower() in present:
                headers[name] = value
            else:
                headers.add(name, value)
        return response

    @app.before_request
    def no_nul() -> Response | None:
        """A NUL character in a parameter is a client's mistake (and would reach SQLite or the store)."""
        raw = request.environ.get("QUERY_STRING", "")  # what request.args would decode a NUL from, unparsed
        if "\x00" in raw or "%00" in raw:
            return error(400, "bad-request", "a parameter contains a NUL character (%00); remove it")
        return None

    @app.errorhandler(400)
    def bad_request(e: Any) -> Response:
        return error(400, "bad-request", str(getattr(e, "description", "")) or "the request is malformed")

    @app.errorhandler(404)
    def not_found(_e: Exception) -> Response:
        return error(404, "not-found", "no such resource; see / for the ways in")

    @app.errorhandler(405)
    def method_not_allowed(e: Any) -> Response:
        allowed = ", ".join(sorted(getattr(e, "valid_methods", None) or []))
        return error(405, "method-not-allowed", f"use one of: {allowed}", {"Allow": allowed})

    @app.errorhandler(413)
    def too_large(_e: Exception) -> Response:
        return error(
            413, "too-large", f"the request body is too large; the query limit is {conf['max_query_bytes']} bytes"
        )

    @app.errorhandler(500)
    def internal(_e: Exception) -> Response:
        return error(500, "internal-error", "the server failed; this is a bug and it has been logged")

    fast = FastSparql(app.wsgi_app, builds, conf, EVERY_ANSWER, CONDITIONAL_HEADERS)  # plain queries skip Flask
    app.extensions["jkg_fast"] = fast  # the front answers light ones on its loop with it (serve.py)
    app.wsgi_app = MintedPaths(fast, lambda: builds.current.published.base_iri)  # type: ignore[method-assign]
    log.info("serving %s (jimujigyo-kg %s)", builds.current.published.folder, __version__)
    return app
