"""Run the app behind the front (jkg.server.front): one HTTP process whose event loop reads every request whole
before a thread runs it, and queries in a pool of killable, network-walled worker processes."""

from __future__ import annotations

import dataclasses
import gc
import logging
import sys
from typing import Any

from jkg.server.app import create_app
from jkg.server.builds import Builds
from jkg.server.front.clients import Proxies
from jkg.server.front.server import Settings
from jkg.server.front.server import run as run_front
from jkg.server.loopsparql import LoopSparql

# Longest request line accepted; longer GET queries get 414 and should be POSTed.
MAX_REQUEST_LINE = 8190


def front_settings(conf: dict[str, Any]) -> Settings:
    """The front's limits from the settings table."""
    return Settings(
        host=conf["host"],
        port=int(conf["port"]),
        # One thread per query worker and per waiting slot, and spare ones that answer health checks, pages
        # and refusals at once while every worker is busy.
        threads=int(conf["workers"]) + int(conf["queue"]) + 4,
        header_timeout=float(conf["header_timeout"]),
        body_timeout=float(conf["body_timeout"]),
        keepalive_timeout=float(conf["keepalive_timeout"]),
        send_timeout=float(conf["send_timeout"]),
        max_connections=int(conf["max_connections"]),
        max_client_connections=int(conf["max_client_connections"]),
        max_url_bytes=MAX_REQUEST_LINE,
        max_body_bytes=int(conf["max_query_bytes"]) * 3 + 4096,  # URL-encoding can triple a query
        proxies=Proxies.parse(str(conf["trusted_proxy"])),
        access_log=sys.stdout,
    )


def run(conf: dict[str, Any]) -> None:
    """Serve until SIGTERM or SIGINT; SIGHUP looks for a new build at once."""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s"
    )
    settings = front_settings(conf)  # refuses a bad trusted_proxy before anything starts
    app = create_app({**conf, "serving": True})
    settings = dataclasses.replace(settings, on_loop=LoopSparql(app.extensions["jkg_fast"]))
    builds: Builds = app.extensions["jkg_builds"]
    # What start-up made (the app, its templates, vocabularies, settings: about 70,000 objects) lives as long as
    # the server: out of the collector's sight, a full collection walks only what requests leave behind (it
    # walked all of it before, 30 ms and more each time on the event loop).
    gc.freeze()
    try:
        run_front(app, settings, on_hangup=builds.reload_soon)
    finally:
        builds.close()
