"""Run the app under gunicorn: one HTTP process with threads, queries in a pool of killable processes."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from jkg.server.app import create_app

# Longest request line gunicorn accepts (its maximum); longer GET queries get 414 and should be POSTed.
MAX_REQUEST_LINE = 8190


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, conf: dict[str, Any]) -> None:
        self.conf = conf
        super().__init__()

    def load_config(self) -> None:
        c = self.conf
        # Threads: one per query worker, one per waiting slot, and spare ones that answer health checks and
        # 503s at once while every worker is busy.
        for key, value in {
            "bind": f"{c['host']}:{c['port']}",
            "worker_class": "gthread",
            "workers": 1,
            "threads": int(c["workers"]) + int(c["queue"]) + 4,
            "timeout": int(float(c["timeout"])) + 60,
            "graceful_timeout": 5,
            "limit_request_line": MAX_REQUEST_LINE,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "info",
        }.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return create_app({**self.conf, "serving": True})


def run(conf: dict[str, Any]) -> None:
    """Serve until interrupted."""
    _Gunicorn(conf).run()
