"""Run one complete request through the WSGI app in a thread and send its answer.

A body up to `buffer_limit` goes out in one write; a longer generator is sent in 64 KiB pieces, each waiting
for the client to take the previous ones (the app is never run ahead of the reader). A file answer
(`wsgi.file_wrapper`: the dumps, spooled query answers) is handed back to the event loop, which streams it,
so a slow reader holds a file, never a thread.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from email.utils import formatdate
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote_to_bytes

import httptools

from jkg.server.front.connection import Connection, Request, simple

if TYPE_CHECKING:
    from jkg.server.front.server import Front

log = logging.getLogger(__name__)
PIECE = 1 << 16


class FileWrapper:
    """wsgi.file_wrapper: an answer read from a file, streamed by the event loop."""

    def __init__(self, file: IO[bytes], block_size: int = PIECE) -> None:
        self.file = file
        self.block_size = block_size

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.file.read(self.block_size):
            yield chunk

    def close(self) -> None:
        self.file.close()


def environ(front: Front, conn: Connection, r: Request, client: str) -> dict[str, Any]:
    url = httptools.parse_url(r.url)
    env: dict[str, Any] = {
        "REQUEST_METHOD": r.method.decode("latin-1"),
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(url.path or b"/").decode("latin-1"),
        "QUERY_STRING": (url.query or b"").decode("latin-1"),
        "SERVER_NAME": front.settings.host,
        "SERVER_PORT": str(front.settings.port),
        "SERVER_PROTOCOL": "HTTP/" + r.version,
        "REMOTE_ADDR": client,
        "REMOTE_PORT": str(conn.port),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b"".join(r.body)),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
        "wsgi.file_wrapper": FileWrapper,
        "jkg.peer": conn.peer,
    }
    for name, value in r.headers:
        key = name.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        if key not in {"CONTENT_TYPE", "CONTENT_LENGTH"}:
            key = "HTTP_" + key
        env[key] = env[key] + "," + text if key in env else text
    return env


_date: tuple[int, str] = (0, "")


def http_date() -> str:
    """The Date header's value, formatted once a second."""
    global _date
    now = int(time.time())
    if _date[0] != now:
        _date = (now, formatdate(now, usegmt=True))
    return _date[1]


def head(status: str, headers: list[tuple[str, str]], keep_alive: bool, version: str) -> bytes:
    lines = [f"HTTP/1.1 {status}\r\n", *(f"{k}: {v}\r\n" for k, v in headers)]
    if not keep_alive:
        lines.append("Connection: close\r\n")
    elif version == "1.0":
        lines.append("Connection: keep-alive\r\n")
    if not any(k.lower() == "date" for k, _ in headers):
        lines.append(f"Date: {http_date()}\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("latin-1")


def _piece(data: bytes, chunked: bool) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data) if chunked and data else data


def handle(front: Front, conn: Connection, r: Request, client: str) -> None:
    """In a thread: call the app, then send (or hand the loop) its answer; the loop is told when done."""
    loop = front.loop
    if conn.closed:
        loop.call_soon_threadsafe(conn.finished, False)
        return
    status_line = ["500 Internal Server Error"]
    out_headers: list[tuple[str, str]] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        status_line[0] = status
        out_headers[:] = headers
        return lambda _data: None

    keep_alive = r.keep_alive
    result: Iterable[bytes] | None = None
    sent = 0
    try:
        result = front.app(environ(front, conn, r, client), start_response)
        length = next((int(v) for k, v in out_headers if k.lower() == "content-length"), None)
        head_only = r.method == b"HEAD"
        if isinstance(result, FileWrapper) and not head_only:
            chunked = length is None and r.version == "1.1"
            keep_alive = keep_alive and (length is not None or chunked)
            headers = [*out_headers, *([("Transfer-Encoding", "chunked")] if chunked else [])]
            start = head(status_line[0], headers, keep_alive, r.version)
            wrapper, result = result, None  # the loop owns (and closes) the file from here
            loop.call_soon_threadsafe(front.stream_file, conn, r, status_line[0], start, wrapper, chunked, keep_alive)
            return
        chunks: list[bytes] = []
        size = 0
        pieces = iter(result)
        for chunk in pieces:
            chunks.append(chunk)
            size += len(chunk)
            if size > front.settings.buffer_limit:
                break
        else:  # short: one write
            body = b"".join(chunks)
            headers = out_headers if length is not None else [*out_headers, ("Content-Length", str(len(body)))]
            data = head(status_line[0], headers, keep_alive, r.version) + (b"" if head_only else body)
            sent = 0 if head_only else len(body)
            loop.call_soon_threadsafe(front.finish, conn, r, status_line[0], data, sent, keep_alive)
            return
        chunked = length is None and r.version == "1.1"
        keep_alive = keep_alive and (length is not None or chunked)
        headers = [*out_headers, *([("Transfer-Encoding", "chunked")] if chunked else [])]
        ok = front.send(conn, head(status_line[0], headers, keep_alive, r.version) + _piece(b"".join(chunks), chunked))
        sent = size
        buffer: list[bytes] = []
        for chunk in pieces if ok else ():
            buffer.append(chunk)
            if sum(map(len, buffer)) >= PIECE:
                data, buffer = b"".join(buffer), []
                if not front.send(conn, _piece(data, chunked)):
                    ok = False
                    break
                sent += len(data)
        if ok:
            tail = b"".join(buffer)
            sent += len(tail)
            ok = front.send(conn, _piece(tail, chunked) + (b"0\r\n\r\n" if chunked else b""))
        loop.call_soon_threadsafe(front.finish, conn, r, status_line[0], b"", sent, keep_alive and ok)
    except Exception:
        log.exception("the app failed on %s %s", r.method.decode("latin-1"), r.url[:200].decode("latin-1"))
        loop.call_soon_threadsafe(
            front.finish, conn, r, "500", simple(500, "internal server error; it has been logged"), 0, False
        )
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            try:
                close()
            except Exception:
                log.exception("closing an answer failed")


async def stream(conn: Connection, wrapper: FileWrapper, chunked: bool) -> tuple[bool, int]:
    """On the loop: send a file answer as fast as the client takes it; (complete, bytes sent)."""
    sent = 0
    try:
        while chunk := wrapper.file.read(PIECE):
            if not await conn.write(_piece(chunk, chunked)):
                return False, sent
            sent += len(chunk)
            await asyncio.sleep(0)  # let other connections have the loop between pieces
        if chunked and not await conn.write(b"0\r\n\r\n"):
            return False, sent
        return True, sent
    finally:
        wrapper.close()
