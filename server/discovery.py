"""Discovery and operations: /.well-known/void, /-/health, /-/version."""

from __future__ import annotations

from pathlib import PurePath

from flask import Blueprint, Response, current_app, jsonify

from jkg import __version__
from jkg.server import current
from jkg.server.graphfiles import description

bp = Blueprint("discovery", __name__)


@bp.route("/.well-known/void")
def void() -> Response:
    """The dataset's DCAT/VoID description, by Accept or format=."""
    return description()


@bp.route("/-/health")
def health() -> Response:
    """Liveness, answered without touching the query workers: 503 when workers cannot be started."""
    generation = current.generation()
    pool = generation.pool
    body = {
        "status": "unhealthy" if pool.failing() else "ok",
        "build": generation.name,
        "idle_workers": pool.alive(),
        "workers": pool.size,
        "starting": pool.missing,
        "waiting": pool.line.waiting(),
        "replaced": pool.replaced,
        "network_wall": pool.walled,
        "answer_cache": generation.answers.stats(),
        "fast_path": dict(current_app.extensions["jkg_fast"].answered),  # /sparql queries answered ahead of Flask
    }
    if pool.failing():
        body["error"] = pool.last_error
    response = jsonify(body)
    if pool.failing():
        response.status_code = 503
        response.headers["Retry-After"] = "5"
    return response


@bp.route("/-/version")
def version() -> Response:
    """Software version and the published build's identity."""
    published = current.published()
    report = published.report
    return jsonify(
        version=__version__,
        built_at=report.get("built_at"),
        base_iri=published.base_iri,
        triples=report.get("triples"),
        rows=report.get("rows"),
        sources=[{"file": PurePath(s["file"]).name, "sha256": s["sha256"]} for s in report.get("sources", [])],
    )
