"""A build's triples as they are mapped, used at once by a thread beside the mapping: the gzipped N-Quads and
N-Triples dumps and the disk store are filled block by block (zlib-ng and pyoxigraph's bulk loader release the GIL,
so they take the core the mapping leaves), and each block goes on to the processes writing the Turtle and
JSON-LD dumps (etl/dumps.py), so that every dump is written by the time the last row is.
"""

from __future__ import annotations

import contextlib
import queue
import re
import threading
from pathlib import Path
from types import TracebackType

from pyoxigraph import RdfFormat, Store
from zlib_ng import zlib_ng

from jkg import namespace
from jkg.etl import dumps
from jkg.iris import Iris
from jkg.layout import BuildFolder
from jkg.vocab import PREFIXES

# The end of an N-Quads line of pyoxigraph's: its graph IRI (which holds no space, '<' or '>') and the full
# stop. A literal's line breaks are escaped, so a line break is always the end of a line.
GRAPH_END = re.compile(rb" <[^<> ]*> \.\n")
BLOCK = 1 << 22  # bytes: about 15,000 quads, which pyoxigraph's bulk loader holds in about 15 MB
# zlib-ng's level 5 makes the same size of file as zlib's 6 (the default) from a build's N-Quads, in a third of
# the time (measured on 10,000 synthetic rows: 9.2 MiB from 231 MiB, 0.54 s against 1.49 s): standard gzip.
GZIP_LEVEL = 5


class Gzip:
    """A gzip file written with zlib-ng: one standard gzip member, with no file name or time in its header (so
    the same data makes the same file). zlib-ng releases the GIL while it compresses."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("wb")
        self._deflate = zlib_ng.compressobj(GZIP_LEVEL, zlib_ng.DEFLATED, 16 + zlib_ng.MAX_WBITS)  # 16+: gzip

    def write(self, data: bytes) -> None:
        self._file.write(self._deflate.compress(data))

    def close(self) -> None:
        if not self._file.closed:
            try:
                self._file.write(self._deflate.flush())
            finally:
                self._file.close()


class Staged:
    """Hands whole statements as N-Quads (each in its named graph) and as N-Triples, in blocks, to a thread that
    writes dumps/data.nq.gz and dumps/data.nt.gz, bulk-loads the disk store and passes the N-Triples on to the
    Turtle and JSON-LD writers (started with the first full block; a build of one block writes those two in
    close()). close() waits for them all; cancel() stops them (the build failed: its folder is discarded)."""

    def __init__(self, folder: Path) -> None:
        build = BuildFolder(folder)
        build.dumps.mkdir()
        self._dumps = build.dumps
        self._writers: dumps.Writers | None = None
        self.store = Store(str(build.store))
        self._nq = Gzip(build.dumps / "data.nq.gz")
        self._nt = Gzip(build.dumps / "data.nt.gz")
        self._quads: list[bytes] = []
        self._triples: list[bytes] = []
        self._size = 0
        self._blocks: queue.Queue[tuple[bytes, bytes] | None] = queue.Queue(maxsize=4)  # a few blocks in flight
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name="jkg-staging", daemon=True)
        self._thread.start()

    def add(self, quads: bytes, triples: bytes) -> None:
        """The same whole statements as N-Quads and as N-Triples."""
        self._quads.append(quads)
        self._triples.append(triples)
        self._size += len(quads)
        if self._size >= BLOCK:
            self._hand_on()

    def _hand_on(self, *, last: bool = False) -> None:
        if self._error is not None:
            raise self._error
        if self._quads:
            if self._writers is None and not last:
                self._writers = dumps.Writers(self._dumps, PREFIXES)
            self._blocks.put((b"".join(self._quads), b"".join(self._triples)))
        self._quads, self._triples, self._size = [], [], 0

    def _run(self) -> None:
        while (block := self._blocks.get()) is not None:
            if self._error is not None or self._cancelled:
                continue  # keep taking blocks so that the writer never waits on a full queue
            quads, triples = block
            try:
                if self._writers is not None:
                    self._writers.add(triples)  # first: the writers work while this thread goes on
                self._nq.write(quads)
                self._nt.write(triples)
                self.store.bulk_load(input=quads, format=RdfFormat.N_QUADS, lenient=True)
            except BaseException as e:  # raised in the build's thread by the next write or close()
                self._error = e

    def _end(self) -> None:
        if self._thread.is_alive():
            self._blocks.put(None)
            self._thread.join()
        failed = True
        try:
            for f in (self._nq, self._nt):
                if self._cancelled:
                    with contextlib.suppress(OSError):  # a full disk: the folder is discarded anyway
                        f.close()
                else:
                    f.close()
            failed = False
        finally:
            if self._writers is not None:
                if failed or self._cancelled or self._error is not None:
                    self._writers.cancel()
                else:
                    self._writers.close()

    def close(self) -> None:
        """The last rows are written: wait until the dumps and the store hold everything."""
        only = None  # the one block of a small build, whose Turtle and JSON-LD are written here
        try:
            if self._error is None and not self._cancelled:
                if self._writers is None:
                    only = b"".join(self._triples)
                self._hand_on(last=True)
        finally:
            self._end()
        if self._error is not None:
            raise self._error
        if only is not None:
            for name in dumps.FILES:
                dumps.write(only, self._dumps / name, PREFIXES)

    def cancel(self) -> None:
        """Stop without finishing (the build failed)."""
        self._cancelled = True
        self._end()

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()


def finish_store(store: Store, iris: Iris, vocabulary: list[Path]) -> Store:
    """The vocabulary into its graph beside the staged data, and the store compacted."""
    for path in vocabulary:
        store.bulk_load(input=namespace.read(path), format=RdfFormat.TURTLE, to_graph=iris.vocabulary_graph())
    store.optimize()
    return store
