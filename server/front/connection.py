"""One client connection, on the event loop: requests are parsed by httptools (llhttp, Node's parser: strict
about chunked bodies and Content-Length + Transfer-Encoding smuggling) and checked against the limits and
deadlines before any thread sees them.

States: IDLE (between requests: the keep-alive deadline; a new connection's first request must be complete
within header_timeout of connecting), HEADERS (header_timeout from the request's first byte), BODY
(body_timeout from the end of the headers), BUSY (a thread has the request; a reader that lets the send buffer
stay full for send_timeout is dropped). Broken input is answered 400, 408, 413, 414 or 431 and the connection
closed.
"""

from __future__ import annotations

import asyncio
import collections
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, cast

import httptools

if TYPE_CHECKING:
    from jkg.server.front.server import Front

IDLE, HEADERS, BODY, BUSY = "idle", "header", "body", "busy"
MAX_HEADERS = 100


@dataclass
class Request:
    url: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: list[bytes] = field(default_factory=list)
    header_size: int = 0
    method: bytes = b""
    version: str = "1.1"
    keep_alive: bool = True
    started: float = field(default_factory=time.monotonic)

    def header(self, name: bytes) -> bytes | None:
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None


class Refuse(Exception):
    """Answer this status and close."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def simple(status: int, message: str) -> bytes:
    """A complete plain-text answer that closes the connection."""
    body = (message + "\n").encode()
    return (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body


class Connection(asyncio.Protocol):
    def __init__(self, front: Front) -> None:
        self.front = front
        self.s = front.settings
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.state = IDLE
        self.fresh = True  # no request begun yet: its deadline runs from the connection's start
        self.deadline = 0.0
        self.request: Request | None = None
        self.pending: collections.deque[Request] = collections.deque()
        self.header_bytes = 0
        self.body_bytes = 0
        self.closed = False
        self.paused_since = 0.0
        self.drained = asyncio.Event()
        self.drained.set()
        self.peer = ""
        self.port = 0
        self.key = ""  # whom the connection is counted against (front.clients.network_of)

    # ---------------------------------------------------------------- the connection
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's are not subclasses of asyncio's
        peer = transport.get_extra_info("peername") or ("", 0)
        self.peer, self.port = str(peer[0]), int(peer[1])
        self.deadline = time.monotonic() + self.s.header_timeout
        refusal = self.front.admit(self)
        if refusal:
            self.transport.write(simple(503, refusal))
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.front.forget(self)
        self.drained.set()

    def eof_received(self) -> bool:
        """The client stopped sending: mid-request that is a 400; while it is being answered, go on."""
        if self.state in (HEADERS, BODY):
            self.refuse(400, "the request ended before it was complete")
        return self.state == BUSY

    def close(self) -> None:
        if not self.closed and self.transport is not None:
            self.closed = True
            self.transport.close()

    def pause_writing(self) -> None:
        self.paused_since = time.monotonic()
        self.drained.clear()

    def resume_writing(self) -> None:
        self.paused_since = 0.0
        self.drained.set()

    # ---------------------------------------------------------------- parsing, on the loop
    def data_received(self, data: bytes) -> None:
        if self.state in (IDLE, HEADERS):
            self.header_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.refuse(400, "protocol upgrades are not supported")
        except httptools.HttpParserError as e:  # a callback's Refuse arrives wrapped
            cause = e.__context__
            if isinstance(cause, Refuse):
                self.refuse(cause.status, cause.message)
            else:
                self.refuse(400, f"malformed request: {e}")
        except Refuse as r:
            self.refuse(r.status, r.message)
        if self.state == HEADERS and self.header_bytes > self.s.max_header_bytes:
            self.refuse(431, "the request headers are too large")

    def on_message_begin(self) -> None:
        self.request = Request()
        if self.state == IDLE:
            self.state = HEADERS
            if not self.fresh:
                self.deadline = time.monotonic() + self.s.header_timeout
        self.fresh = False

    def on_url(self, url: bytes) -> None:
        assert self.request is not None
        self.request.url += url
        if len(self.request.url) > self.s.max_url_bytes:
            raise Refuse(414, f"the request line is longer than {self.s.max_url_bytes} bytes; POST long queries")

    def on_header(self, name: bytes, value: bytes) -> None:
        assert self.request is not None
        self.request.headers.append((name, value))
        self.request.header_size += len(name) + len(value) + 4
        if len(self.request.headers) > MAX_HEADERS or self.request.header_size > self.s.max_header_bytes:
            raise Refuse(431, f"the request headers are over {self.s.max_header_bytes} bytes or {MAX_HEADERS} lines")

    def on_headers_complete(self) -> None:
        r = self.request
        assert r is not None and self.transport is not None
        r.method = self.parser.get_method()
        r.version = self.parser.get_http_version()
        r.keep_alive = self.parser.should_keep_alive()
        self.header_bytes = self.body_bytes = 0
        length = r.header(b"content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.s.max_body_bytes):
            if length.strip().isdigit():
                raise Refuse(413, f"the request body is larger than {self.s.max_body_bytes} bytes")
            raise Refuse(400, "a bad Content-Length")
        if self.state == HEADERS:
            self.state = BODY
            self.deadline = time.monotonic() + self.s.body_timeout
        expect = r.header(b"expect")
        if expect is not None and expect.lower() == b"100-continue" and not self.pending and self.state == BODY:
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        assert self.request is not None
        self.body_bytes += len(body)
        if self.body_bytes > self.s.max_body_bytes:
            raise Refuse(413, f"the request body is larger than {self.s.max_body_bytes} bytes")
        self.request.body.append(body)

    def on_message_complete(self) -> None:
        assert self.request is not None
        self.pending.append(self.request)
        self.request = None
        if self.state != BUSY:
            self.dispatch()

    def dispatch(self) -> None:
        assert self.transport is not None
        request = self.pending.popleft()
        self.state = BUSY
        self.deadline = 0.0
        self.transport.pause_reading()
        self.front.dispatch(self, request)

    def finished(self, keep_alive: bool) -> None:
        """The thread has answered (on the loop)."""
        if self.closed or self.transport is None:
            return
        if not keep_alive or self.front.stopping:
            self.close()
        elif self.pending:
            # The next pipelined request from the loop, not from here: one answered at once (from the answer
            # cache, on the loop) would start the next inside this call, and a long pipeline would nest past
            # the recursion limit in the middle of answering.
            self.front.loop.call_soon(self._next)
        else:
            self.state = IDLE
            self.deadline = time.monotonic() + self.s.keepalive_timeout
            self.transport.resume_reading()

    def _next(self) -> None:
        if not self.closed and self.pending:
            self.dispatch()

    def refuse(self, status: int, message: str) -> None:
        if self.closed or self.transport is None:
            return
        self.front.counts[str(status)] += 1
        self.transport.write(simple(status, message))
        self.close()

    def expire(self, now: float) -> None:
        """Enforce the deadlines (the front calls this once a second)."""
        if self.state == BUSY:
            if self.paused_since and now - self.paused_since > self.s.send_timeout and self.transport is not None:
                self.front.counts["send-timeout"] += 1
                self.transport.abort()
        elif self.deadline and now > self.deadline:
            self.front.counts[f"{self.state}-timeout"] += 1
            if self.state == IDLE and not self.fresh:
                self.close()
            else:
                self.refuse(408, f"the request did not arrive in time ({self.state}); send it at once")

    async def write(self, data: bytes) -> bool:
        """Send, waiting while the client's buffer is full; False once the connection is gone."""
        if self.closed or self.transport is None:
            return False
        self.transport.write(data)
        if not self.drained.is_set():
            await self.drained.wait()
        return not self.closed
