"""A client for the SPARQL 1.1 Protocol and the Graph Store HTTP Protocol, as `jkg publish --to` and
`jkg serve --engine` speak them to another store.

Three things every store accepts, whatever its quirks: queries as form-encoded POSTs (Virtuoso 7.2 never answers
a POST with `Content-Type: application/sparql-query`), credentials sent with the first request rather than after a
401 (Virtuoso answers a large PUT without them with 401 and closes the socket before reading the body, so the
client would see a reset instead), and a deadline over the whole exchange, not over each read.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode, urlsplit

# Virtuoso echoes every graph of a request's dataset as an X-SPARQL-Default-Graph / -Named-Graph header: more than
# http.client's default of 100 headers for a build of 50 graphs.
http.client._MAXHEADERS = max(http.client._MAXHEADERS, 100_000)  # type: ignore[attr-defined]

FORM = "application/x-www-form-urlencoded"
N_TRIPLES = "application/n-triples"
CHUNK = 1 << 16


class Unreachable(Exception):
    """The store could not be reached or broke the connection (refused, reset, unknown host)."""


class Timeout(Exception):
    """The store did not answer in full before the deadline."""


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # names in lower case; repeated headers joined with ", "
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self, limit: int = 2000) -> str:
        return self.body[:limit].decode("utf-8", "replace")


@dataclass
class _Digest:
    """RFC 7616 Digest with MD5 and qop=auth, as Virtuoso's -auth endpoints offer (realm "SPARQL")."""

    realm: str
    nonce: str
    opaque: str | None
    qop: str | None
    algorithm: str
    count: int = 0

    @classmethod
    def parse(cls, challenge: str) -> _Digest:
        items = dict(re.findall(r'(\w+)="?([^",]*)"?', challenge.split(None, 1)[1]))
        qop = items.get("qop")
        if qop is not None:
            qop = "auth" if "auth" in [q.strip() for q in qop.split(",")] else None
        return cls(
            items.get("realm", ""), items.get("nonce", ""), items.get("opaque"), qop, items.get("algorithm", "MD5")
        )

    def header(self, method: str, uri: str, credentials: Credentials) -> str:
        def h(text: str) -> str:
            return hashlib.md5(text.encode("utf-8")).hexdigest()  # the scheme the server offers

        self.count += 1
        nc, cnonce = f"{self.count:08x}", secrets.token_hex(8)
        ha1 = h(f"{credentials.user}:{self.realm}:{credentials.password}")
        ha2 = h(f"{method}:{uri}")
        if self.qop:
            response = h(f"{ha1}:{self.nonce}:{nc}:{cnonce}:{self.qop}:{ha2}")
        else:
            response = h(f"{ha1}:{self.nonce}:{ha2}")
        out = (
            f'Digest username="{credentials.user}", realm="{self.realm}", nonce="{self.nonce}", uri="{uri}", '
            f'response="{response}", algorithm={self.algorithm}'
        )
        if self.opaque:
            out += f', opaque="{self.opaque}"'
        if self.qop:
            out += f', qop={self.qop}, nc={nc}, cnonce="{cnonce}"'
        return out


@dataclass
class _Auth:
    """How one endpoint wants its credentials: not at all, Basic, or Digest with the challenge it last sent."""

    scheme: str  # "none", "basic" or "digest"
    digest: _Digest | None = None


@dataclass
class Client:
    """HTTP to one or more stores: keeps a connection per thread and host open between requests (when the store
    allows it) and learns each endpoint's authentication scheme once."""

    credentials: Credentials | None = None
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _auth: dict[str, _Auth] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _open: list[http.client.HTTPConnection] = field(default_factory=list, repr=False)

    # ------------------------------------------------------------------ the protocols

    def query(
        self,
        url: str,
        text: str,
        accept: str,
        *,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] = (),
        deadline: float | None = None,
    ) -> Reply:
        """A SPARQL query as a form-encoded POST, with the dataset given by protocol parameters."""
        form = [("query", text)]
        form += [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in named_graphs]
        body = urlencode(form).encode("ascii")
        return self.request("POST", url, body, {"Content-Type": FORM, "Accept": accept}, deadline=deadline)

    def put_graph(self, gsp_url: str, graph: str, path: Path, *, deadline: float | None = None) -> Reply:
        """Replace a named graph with an N-Triples file (Graph Store Protocol PUT)."""
        return self.request(
            "PUT", graph_url(gsp_url, graph), path, {"Content-Type": N_TRIPLES}, deadline=deadline, authenticate=True
        )

    def delete_graph(self, gsp_url: str, graph: str, *, deadline: float | None = None) -> Reply:
        """Remove a named graph (Graph Store Protocol DELETE); a store answers 404 for one it does not hold."""
        return self.request("DELETE", graph_url(gsp_url, graph), None, {}, deadline=deadline, authenticate=True)

    # ------------------------------------------------------------------ HTTP

    def request(
        self,
        method: str,
        url: str,
        body: bytes | Path | None,
        headers: dict[str, str],
        *,
        deadline: float | None = None,
        authenticate: bool = False,
    ) -> Reply:
        """One request, answered in full by `deadline` (time.monotonic()) or Timeout; Unreachable when the store
        cannot be reached. With `authenticate`, the credentials go with the first request (learnt from a bodiless
        probe when the endpoint's scheme is not known yet), and a 401 is retried once with a fresh challenge."""
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        hdrs = dict(headers)
        auth = self._scheme(method, url, target, deadline) if authenticate and self.credentials else None
        for attempt in (1, 2):
            if auth is not None:
                self._sign(hdrs, auth, method, target)
            reply = self._exchange(method, url, target, body, hdrs, deadline)
            if reply.status != 401 or auth is None or attempt == 2:
                return reply
            auth = self._learn(url, reply)
        return reply

    def _scheme(self, method: str, url: str, target: str, deadline: float | None) -> _Auth:
        key = _endpoint(url)
        with self._lock:
            known = self._auth.get(key)
        if known is not None:
            return known
        probe = self._exchange("HEAD" if method != "GET" else "GET", url, target, None, {}, deadline)
        return self._learn(url, probe)

    def _learn(self, url: str, reply: Reply) -> _Auth:
        challenge = reply.headers.get("www-authenticate", "")
        if reply.status == 401 and challenge.lower().startswith("digest"):
            auth = _Auth("digest", _Digest.parse(challenge))
        elif reply.status == 401 and challenge.lower().startswith("basic"):
            auth = _Auth("basic")
        elif reply.status == 401:
            raise Unreachable(f"{url} asks for credentials in a scheme this client does not speak: {challenge!r}")
        else:
            auth = _Auth("none")
        with self._lock:
            self._auth[_endpoint(url)] = auth
        return auth

    def _sign(self, headers: dict[str, str], auth: _Auth, method: str, target: str) -> None:
        assert self.credentials is not None
        if auth.scheme == "basic":
            pair = f"{self.credentials.user}:{self.credentials.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        elif auth.scheme == "digest" and auth.digest is not None:
            with self._lock:
                headers["Authorization"] = auth.digest.header(method, target, self.credentials)

    def _exchange(
        self,
        method: str,
        url: str,
        target: str,
        body: bytes | Path | None,
        headers: dict[str, str],
        deadline: float | None,
    ) -> Reply:
        parts = urlsplit(url)
        for attempt in (1, 2):
            conn, reused = self._connection(parts.scheme, parts.netloc, deadline)
            try:
                _send(conn, method, target, body, headers)
                response = conn.getresponse()
                reply = _read(response, conn, deadline, method)
            except TimeoutError:
                self._drop(parts.scheme, parts.netloc)
                raise Timeout(f"{url} did not answer in time") from None
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self._drop(parts.scheme, parts.netloc)
                if reused and attempt == 1:  # a kept-alive connection the store had closed meanwhile
                    continue
                raise Unreachable(f"{url}: the connection was closed ({e})") from None
            except (OSError, http.client.HTTPException) as e:
                self._drop(parts.scheme, parts.netloc)
                raise Unreachable(f"{url}: {e}") from None
            if response.will_close:
                self._drop(parts.scheme, parts.netloc)
            return reply
        raise AssertionError("unreachable")

    def _connection(self, scheme: str, netloc: str, deadline: float | None) -> tuple[http.client.HTTPConnection, bool]:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault("pool", {})
        conn = pool.get((scheme, netloc))
        timeout = _remaining(deadline)
        if conn is not None:
            if conn.sock is not None:
                conn.sock.settimeout(timeout)
            return conn, True
        kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
        conn = kind(netloc, timeout=timeout)
        pool[(scheme, netloc)] = conn
        with self._lock:
            self._open.append(conn)
        return conn, False

    def _drop(self, scheme: str, netloc: str) -> None:
        pool: dict[tuple[str, str], http.client.HTTPConnection] = self._local.__dict__.setdefault("pool", {})
        conn = pool.pop((scheme, netloc), None)
        if conn is not None:
            conn.close()
            with self._lock:
                self._open.remove(conn)

    def close(self) -> None:
        """Close every connection, in every thread (a thread's next request opens a new one)."""
        with self._lock:
            connections, self._open = self._open, []
        for conn in connections:
            conn.close()


def graph_url(gsp_url: str, graph: str) -> str:
    """A Graph Store Protocol endpoint's URL for one named graph (indirect identification, ?graph=)."""
    joiner = "&" if "?" in gsp_url else "?"
    return gsp_url + joiner + urlencode({"graph": graph})


def _endpoint(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _remaining(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _send(
    conn: http.client.HTTPConnection, method: str, target: str, body: bytes | Path | None, headers: dict[str, str]
) -> None:
    if isinstance(body, Path):
        with body.open("rb") as f:
            conn.request(
                method, target, body=_chunks(f), headers={**headers, "Content-Length": str(body.stat().st_size)}
            )
    else:
        conn.request(method, target, body=body, headers=headers)


def _chunks(f: BinaryIO) -> Iterable[bytes]:
    while chunk := f.read(CHUNK):
        yield chunk


def _read(
    response: http.client.HTTPResponse, conn: http.client.HTTPConnection, deadline: float | None, method: str
) -> Reply:
    headers: dict[str, str] = {}
    for name, value in response.getheaders():
        key = name.lower()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    chunks = []
    if method != "HEAD":
        while True:
            if conn.sock is not None:
                conn.sock.settimeout(_remaining(deadline))
            chunk = response.read(CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
    else:
        response.read()
    return Reply(response.status, headers, b"".join(chunks))
