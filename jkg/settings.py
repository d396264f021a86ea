"""The one declared table of settings: name, default, help; overridden by JKG_* variables, then flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from jkg import namespace

ENV_PREFIX = "JKG_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


DEFAULT_BASE_IRI = "https://data.jimujigyo-kg.example/"

SETTINGS: tuple[Setting, ...] = (
    Setting("data", "jkg-data", "Folder holding the published graph (build output, serve/query input)."),
    Setting("base_iri", DEFAULT_BASE_IRI, "Base IRI of every minted resource; must end with '/'."),
    Setting(
        "vocabulary_namespace",
        namespace.CANONICAL,
        "Namespace of the jkg: vocabulary (ends with '#'; e.g. BASE/def/jkg#), fixed per build: jkg build writes "
        "it into build.json and jkg serve, query and export follow the build's.",
    ),
    Setting("host", "127.0.0.1", "Address the server listens on."),
    Setting("port", 8000, "Port the server listens on."),
    Setting(
        "workers",
        4,
        "Query worker processes (each can be killed when a query overruns); one client may use all but one of them.",
    ),
    Setting("timeout", 30.0, "Hard per-query time limit in seconds; a request may lower it with timeout=."),
    Setting("max_rows", 100_000, "Result-row cap; a capped result is signalled, never silently truncated."),
    Setting(
        "max_result_bytes",
        134_217_728,
        "Cap on a serialized answer (query result, document, network) in bytes; a larger one is refused with 400 "
        "and JKG-Result-Byte-Limit, never truncated (0: no cap).",
    ),
    Setting("max_query_bytes", 65_536, "Largest accepted query text in bytes (413 above)."),
    Setting("max_nesting", 40, "Deepest accepted nesting of { } and ( ) in a query (400 above)."),
    Setting("queue", 32, "Requests allowed to wait for a query worker before 503 + Retry-After."),
    Setting(
        "client_queue",
        16,
        "Requests one client may have waiting for a query worker while other clients wait too (429 + "
        "Retry-After above); a client alone is only bound by queue.",
    ),
    Setting(
        "client_workers",
        0,
        "Query workers one client may use at once (0: all but one, so a newcomer always finds one free).",
    ),
    Setting(
        "trusted_proxy",
        "",
        "Addresses or networks of reverse proxies whose X-Forwarded-For names the client (comma-separated); "
        "empty: no forwarded header is believed.",
    ),
    Setting("header_timeout", 10.0, "Seconds a client has to send a request's line and headers (408 after)."),
    Setting("body_timeout", 30.0, "Seconds a client has to send a request's body once its headers are in (408 after)."),
    Setting("keepalive_timeout", 5.0, "Seconds an idle kept-alive connection stays open between requests."),
    Setting("send_timeout", 60.0, "Seconds a client may leave an answer unread before its connection is dropped."),
    Setting("max_connections", 4096, "Open connections in all; beyond, a new one is answered 503 and closed."),
    Setting(
        "max_client_connections",
        32,
        "Open connections from one client address (an IPv6 client: its /64); beyond, 503 and closed.",
    ),
    Setting("worker_memory_mb", 2048, "Address-space cap per query worker in MiB (0: no cap)."),
    Setting(
        "reload_interval",
        2.0,
        "Seconds between looks at DATA/current for a newer build (0: only on SIGHUP); in-flight requests finish "
        "on the old build.",
    ),
    Setting(
        "worker_network_wall",
        True,
        "Wall each query worker off the network (seccomp-bpf, else an empty network namespace) and refuse to "
        "start workers where that fails; false only where neither exists (e.g. macOS).",
    ),
    Setting("page_size", 50, "Links and projects per page in each list of an HTML resource page."),
    Setting(
        "answer_cache_mb",
        64,
        "MiB of query answers kept per build for the same query asked again by GET (0: none); a build never changes.",
    ),
    Setting(
        "engine",
        "",
        "SPARQL query endpoint of another store holding the build (loaded by jkg publish --to); every query goes "
        "there (empty: the build's own store).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    if value is None or isinstance(setting.default, str):
        return value
    if isinstance(setting.default, bool):
        return str(value).lower() in {"1", "true", "yes", "on"}
    return type(setting.default)(value)


def resolve(overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Defaults from SETTINGS, then JKG_* environment variables, then explicit overrides (None = unset)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for s in SETTINGS:
        value = s.default
        if s.env in env:
            value = env[s.env]
        values[s.name] = _coerce(s, value)
    for key, value in (overrides or {}).items():
        if key not in _BY_NAME:
            raise KeyError(f"unknown setting {key!r}; known: {', '.join(_BY_NAME)}")
        if value is not None:
            values[key] = _coerce(_BY_NAME[key], value)
    return values
