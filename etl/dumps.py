"""The Turtle and JSON-LD dumps, written while the rows are staged: staging.Staged hands each block of N-Triples
to two child processes (`python -m jkg.etl.dumps`), one per file, which parse and serialize it as it comes, so
that neither the build's process (its GIL) nor the end of the build waits for them. A build too small to fill
one block writes them in its own process from that block instead (two processes cost more than they save).

A block reaches a child in frames (its length, then its bytes; an empty frame ends the stream): a child forked
later by the build (a validation worker) holds a copy of the pipe's write end, so the end of the pipe cannot
say the stream ended. A child whose build died sees the pipe end mid-stream and exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import struct
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, cast

from pyoxigraph import RdfFormat, parse, serialize

FILES = {"data.ttl": RdfFormat.TURTLE, "data.jsonld": RdfFormat.JSON_LD}
_FRAME = struct.Struct(">I")
_OS_ERROR = 3  # a child's exit status when writing failed (its stderr holds errno, strerror and filename as JSON)


class CompactingJsonLd:
    """A write() target that rewrites pyoxigraph's expanded JSON-LD into compact IRIs under one @context.

    IRIs are shortened only where JSON-LD reads them as IRIs: object keys and "@id"/"@type" values. Inside
    a JSON string every quote is escaped, so the patterns below cannot match text inside a literal.
    pyoxigraph writes a few kilobytes at a time: they are gathered into chunks of CHUNK bytes, so that each
    replacement below runs over the output a few hundred times, not tens of thousands.
    """

    CHUNK = 1 << 18

    def __init__(self, out: IO[bytes], prefixes: dict[str, str]) -> None:
        self.out = out
        # (before, after) pairs: a key ({" or ,") or an "@id"/"@type" value followed by a namespace IRI.
        # A JSON string starting with a namespace IRI is a key or an "@id"/"@type" value unless it is a
        # literal's "@value", or follows an escaped quote inside a literal: both are marked with a byte that
        # raw JSON never holds (a control character) while the namespaces are replaced, one pass each.
        self._replacements = [
            (b'"' + ns.encode(), b'"' + prefix.encode() + b":")
            for prefix, ns in sorted(prefixes.items(), key=lambda item: len(item[1]), reverse=True)
        ]
        self._carry = b""
        self._pending: list[bytes] = []
        self._size = 0
        out.write(b'{"@context": ' + json.dumps(prefixes, ensure_ascii=False).encode() + b',\n"@graph": ')

    def _compact(self, data: bytes) -> bytes:
        data = data.replace(b'\\"', b"\x01").replace(b'"@value":"', b'"@value":"\x00')
        for before, after in self._replacements:
            data = data.replace(before, after)
        return data.replace(b"\x00", b"").replace(b"\x01", b'\\"')

    def write(self, data: bytes) -> int:
        self._pending.append(bytes(data))
        self._size += len(data)
        if self._size >= self.CHUNK:
            self._write_pending()
        return len(data)

    def _write_pending(self) -> None:
        # A chunk is cut before its last ',' or '{', neither of which a pattern above holds (nor a namespace).
        chunk = self._carry + b"".join(self._pending)
        self._pending, self._size = [], 0
        cut = max(chunk.rfind(b","), chunk.rfind(b"{"))
        body, self._carry = (chunk[:cut], chunk[cut:]) if cut > 0 else (b"", chunk)
        self.out.write(self._compact(body))

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._write_pending()
        self.out.write(self._compact(self._carry) + b"}\n")


def write(source: IO[bytes] | bytes, path: Path, prefixes: dict[str, str]) -> None:
    """One dump (FILES names its format) from N-Triples."""
    triples = parse(source, format=RdfFormat.N_TRIPLES)
    if FILES[path.name] == RdfFormat.JSON_LD:
        with path.open("wb") as f:
            sink = CompactingJsonLd(f, prefixes)
            serialize(triples, cast(IO[bytes], sink), RdfFormat.JSON_LD)
            sink.close()
    else:
        serialize(triples, str(path), FILES[path.name], prefixes=prefixes)


class Frames:
    """The N-Triples a child is sent, read as a file (parse() reads it), to the empty frame that ends them."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._block = memoryview(b"")
        self._ended = False

    def _exactly(self, n: int) -> bytes:
        data = self._raw.read(n)
        if len(data) != n:
            raise EOFError("the build that fed this dump ended before its last block")
        return data

    def read(self, size: int = -1) -> bytes:
        while not self._block and not self._ended:
            (length,) = _FRAME.unpack(self._exactly(_FRAME.size))
            self._ended = length == 0
            self._block = memoryview(self._exactly(length))
        n = len(self._block) if size < 0 else size
        data, self._block = self._block[:n], self._block[n:]
        return bytes(data)


class Writers:
    """The child processes writing the Turtle and JSON-LD dumps into a folder, fed by a thread of their own (so
    that a slow child holds up neither the store nor the gzipped dumps). add() raises a child's failure."""

    def __init__(self, dumps: Path, prefixes: dict[str, str]) -> None:
        self._children: list[tuple[Path, subprocess.Popen[bytes], IO[bytes]]] = []
        for name in FILES:
            errors = tempfile.TemporaryFile()  # noqa: SIM115 - the child's stderr, read if it fails, closed in close()
            command = [sys.executable, "-m", "jkg.etl.dumps", str(dumps / name), json.dumps(prefixes)]
            child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors)
            self._children.append((dumps / name, child, errors))
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._feed, name="jkg-dumps", daemon=True)
        self._thread.start()

    def add(self, triples: bytes) -> None:
        """A block of whole N-Triples lines."""
        if self._error is not None:
            raise self._error
        self._blocks.put(triples)

    def _send(self, frame: bytes) -> None:
        """A frame to each child; a child that stopped reading raises its own failure (or the broken pipe)."""
        for path, child, errors in self._children:
            assert child.stdin is not None
            try:
                child.stdin.write(_FRAME.pack(len(frame)))
                child.stdin.write(frame)
            except BrokenPipeError as e:
                status = child.wait()  # it stopped reading: it is ending
                raise (_failure(path, status, errors) if status != 0 else e) from None

    def _feed(self) -> None:
        while (block := self._blocks.get()) is not None:
            if self._error is not None:
                continue  # keep taking blocks so that the stager never waits on a full queue
            try:
                self._send(block)
            except BaseException as e:  # raised in the stager's thread by the next add() or close()
                self._error = e

    def _stop_feeding(self) -> None:
        if self._thread.is_alive():
            self._blocks.put(None)
            self._thread.join()

    def close(self) -> None:
        """Every block is sent: end the streams and wait for both files; a child's failure is raised. (A child
        is waited for only once it has the empty frame: a forked validation worker holding the pipe's write end
        would keep it waiting for more.)"""
        self._stop_feeding()
        if self._error is None:
            try:
                self._send(b"")  # the empty frame: the end
            except BaseException as e:
                self._error = e
        if self._error is not None:
            self.cancel()
            raise self._error
        try:
            for path, child, errors in self._children:
                assert child.stdin is not None
                with contextlib.suppress(BrokenPipeError):
                    child.stdin.close()
                if child.wait() != 0:
                    failure = _failure(path, child.returncode, errors)
                    self.cancel()
                    raise failure
        finally:
            for _, _, errors in self._children:
                errors.close()

    def cancel(self) -> None:
        """Stop the children (the build failed: its folder is discarded)."""
        for _, child, _ in self._children:
            child.kill()
        self._stop_feeding()
        for _, child, errors in self._children:
            child.wait()
            with contextlib.suppress(BrokenPipeError):
                assert child.stdin is not None
                child.stdin.close()
            errors.close()


def _failure(path: Path, status: int, errors: IO[bytes]) -> BaseException:
    """A child's failure as the error its build raises: an OSError as it was (a full disk is one line)."""
    errors.seek(0)
    text = errors.read().decode("utf-8", "replace").strip()
    if status == _OS_ERROR:
        reason = json.loads(text.splitlines()[-1])
        return OSError(reason["errno"], reason["strerror"], reason["filename"])
    last = text.splitlines()[-1] if text else f"exit status {status}"
    return RuntimeError(f"writing {path.name} failed: {last}")


def main(argv: list[str]) -> int:
    """A child: write the dump at argv[0] from the framed N-Triples on stdin, with the prefixes argv[1] (JSON)."""
    path, prefixes = Path(argv[0]), json.loads(argv[1])
    try:
        write(cast(IO[bytes], Frames(sys.stdin.buffer)), path, prefixes)
    except OSError as e:
        code, strerror = e.errno, e.strerror or str(e)
        if code is None and (found := re.search(r"\(os error (\d+)\)$", strerror)):  # pyoxigraph's
            code = int(found[1])
            strerror = os.strerror(code)
        reason = {"errno": code, "strerror": strerror, "filename": e.filename or str(path)}
        print(json.dumps(reason), file=sys.stderr)
        return _OS_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
