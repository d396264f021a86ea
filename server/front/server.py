"""The HTTP front of `jkg serve`: one asyncio event loop (uvloop when installed) owns every socket, parses
each request whole (jkg.server.front.connection) and only then gives it to a thread (fairly between clients,
jkg.server.front.scheduler) that runs the WSGI app. A slow, idle or trickling client costs a few kilobytes,
never a thread, and is dropped at its deadline; one client may hold at most `max_client_connections`.

SIGTERM and SIGINT stop accepting and let requests in flight finish (up to `graceful_timeout`); SIGHUP calls
`on_hangup` (the app looks at its data folder for a new build at once).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from jkg.server.front import wsgi
from jkg.server.front.clients import Proxies, network_of
from jkg.server.front.connection import BUSY, Connection, Request
from jkg.server.front.scheduler import Scheduler

log = logging.getLogger(__name__)
WSGIApp = Callable[..., Any]


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 16
    header_timeout: float = 10.0  # first byte → end of headers (a new connection: connect → end of headers)
    body_timeout: float = 30.0  # end of headers → end of body
    keepalive_timeout: float = 5.0  # idle between requests
    send_timeout: float = 60.0  # a reader that lets the send buffer sit full this long is dropped
    graceful_timeout: float = 10.0
    max_connections: int = 4096
    max_client_connections: int = 32
    max_url_bytes: int = 8190
    max_header_bytes: int = 16384
    max_body_bytes: int = 1 << 20
    buffer_limit: int = 256 * 1024
    proxies: Proxies = field(default_factory=Proxies)
    access_log: IO[str] | None = None
    # Answers a request on the loop itself when it can (True: it has taken it), with no thread: light queries.
    on_loop: Callable[[Front, Connection, Request, str], bool] | None = None


class Front:
    def __init__(self, app: WSGIApp, settings: Settings, on_hangup: Callable[[], None] | None = None) -> None:
        self.app = app
        self.settings = settings
        self.on_hangup = on_hangup
        self.connections: set[Connection] = set()
        self.per_client: collections.Counter[str] = collections.Counter()
        self.counts: collections.Counter[str] = collections.Counter()
        self.stopping = False
        self.log_lines: list[str] = []
        self.loop: asyncio.AbstractEventLoop  # set when serving starts
        self.scheduler: Scheduler | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # ---------------------------------------------------------------- connections (on the loop)
    def admit(self, conn: Connection) -> str:
        """Count a new connection; the reason to refuse it, or ""."""
        conn.key = "" if self.settings.proxies.trusts(conn.peer) else network_of(conn.peer)
        self.connections.add(conn)
        if conn.key:
            self.per_client[conn.key] += 1
        if self.stopping:
            return "the server is stopping; retry shortly"
        if len(self.connections) > self.settings.max_connections:
            self.counts["too-many-connections"] += 1
            return "the server has too many connections; retry shortly"
        if conn.key and self.per_client[conn.key] > self.settings.max_client_connections:
            self.counts["client-connections"] += 1
            return f"more than {self.settings.max_client_connections} connections from your address; reuse them"
        return ""

    def forget(self, conn: Connection) -> None:
        if conn in self.connections:
            self.connections.discard(conn)
            if conn.key:
                self.per_client[conn.key] -= 1
                if self.per_client[conn.key] <= 0:
                    del self.per_client[conn.key]

    def dispatch(self, conn: Connection, request: Request) -> None:
        forwarded = request.header(b"x-forwarded-for")
        client = self.settings.proxies.client(conn.peer, forwarded.decode("latin-1") if forwarded else None)
        if self.settings.on_loop is not None and self.settings.on_loop(self, conn, request, client):
            return
        assert self.scheduler is not None
        self.scheduler.submit(network_of(client), lambda: wsgi.handle(self, conn, request, client))

    # ---------------------------------------------------------------- answers
    def send(self, conn: Connection, data: bytes) -> bool:
        """From a thread: write and wait while the client is slow; False once it is gone."""
        if not data:
            return not conn.closed
        return asyncio.run_coroutine_threadsafe(conn.write(data), self.loop).result()

    def finish(self, conn: Connection, r: Request, status: str, data: bytes, size: int, keep_alive: bool) -> None:
        """On the loop: the answer's last bytes, the access log, and the connection's next request."""
        if data and not conn.closed and conn.transport is not None:
            conn.transport.write(data)
        self._log(conn, r, status, size)
        conn.finished(keep_alive)

    def stream_file(
        self,
        conn: Connection,
        r: Request,
        status: str,
        head: bytes,
        wrapper: wsgi.FileWrapper,
        chunked: bool,
        keep_alive: bool,
    ) -> None:
        async def run() -> None:
            ok, size = False, 0
            try:
                if await conn.write(head):
                    ok, size = await wsgi.stream(conn, wrapper, chunked)
            finally:
                wrapper.close()
                self.finish(conn, r, status, b"", size, keep_alive and ok)

        task = self.loop.create_task(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _log(self, conn: Connection, r: Request, status: str, size: int) -> None:
        if self.settings.access_log is None:
            return
        when = time.strftime("%d/%b/%Y:%H:%M:%S %z")
        ms = (time.monotonic() - r.started) * 1000
        url = r.url[:2000].decode("latin-1")
        self.log_lines.append(
            f'{conn.peer} - - [{when}] "{r.method.decode("latin-1")} {url} HTTP/{r.version}" {status[:3]} {size} '
            f"{ms:.1f}ms\n"
        )

    # ---------------------------------------------------------------- running
    def _tick(self) -> None:
        now = time.monotonic()
        for conn in list(self.connections):
            conn.expire(now)
        if self.log_lines and self.settings.access_log is not None:
            lines, self.log_lines = self.log_lines, []
            self.settings.access_log.write("".join(lines))
            self.settings.access_log.flush()
        if not self.stopping:
            self.loop.call_later(1.0, self._tick)

    def _hangup(self) -> None:
        log.info("SIGHUP: looking for a new build")
        if self.on_hangup is not None:
            self.on_hangup()

    async def serve(self, ready: Callable[[], None] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        s = self.settings
        self.scheduler = Scheduler(self.loop, s.threads, max(1, s.threads - 2))
        server = await self.loop.create_server(
            lambda: Connection(self), s.host, s.port, backlog=1024, reuse_address=True
        )
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(signum, stop.set)
        self.loop.add_signal_handler(signal.SIGHUP, self._hangup)
        self.loop.call_later(1.0, self._tick)
        log.info("listening on http://%s:%s (pid %s)", s.host, s.port, os.getpid())
        if ready is not None:
            ready()
        await stop.wait()
        self.stopping = True
        server.close()
        for conn in list(self.connections):
            if conn.state != BUSY:
                conn.close()
        end = time.monotonic() + s.graceful_timeout
        while any(c.state == BUSY and not c.closed for c in self.connections) and time.monotonic() < end:
            await asyncio.sleep(0.1)
        self._tick()
        log.info("stopped; %s", dict(self.counts))


def open_files_limit(wanted: int) -> int:
    """Raise this process's descriptor limit towards `wanted` (and its hard limit); what it now is."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def run(app: WSGIApp, settings: Settings, on_hangup: Callable[[], None] | None = None) -> None:
    """Serve until SIGTERM or SIGINT."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover - uvloop is a dependency; plain asyncio works too
        pass
    limit = open_files_limit(settings.max_connections + 256)
    if limit < settings.max_connections + 64:
        log.warning("only %s file descriptors: at most %s connections", limit, limit - 64)
        settings = Settings(**{**settings.__dict__, "max_connections": max(64, limit - 64)})
    asyncio.run(Front(app, settings, on_hangup).serve())
    if settings.access_log not in (None, sys.stderr, sys.stdout):
        assert settings.access_log is not None
        settings.access_log.close()
