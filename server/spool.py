"""Where a worker writes an answer: memory for small ones, a file for large ones, never past a byte cap.

A worker serializes into a Sink. Up to IN_MEMORY bytes stay in memory and travel back through the pipe; past
that the sink spills to a file in the server's spool folder, and the HTTP process streams the file to the
client (unlinked as soon as it is open) — so neither process holds a large answer, and a client that reads
slowly pins a file, not memory. Past `max_bytes` the sink raises ResultTooLarge: the answer is refused with
a signal, never truncated.

Each server process's folder is named after its pid (`jkg-answers-<pid>-…` in the temporary folder), and is
removed when the server stops. One killed (SIGKILL, the out-of-memory killer) cannot remove its own, with any
large answers it was sending: the next server to start removes every such folder whose pid no longer runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)
IN_MEMORY = 1 << 20
FOLDER_PREFIX = "jkg-answers-"


class ResultTooLarge(Exception):
    """The serialized answer grew past the byte cap."""


class SpoolFailed(Exception):
    """The spool file could not be written (the disk is full, say): the server's trouble, not the query's."""


class Sink:
    """A write() target for a native serializer, held in memory and then in a spool file."""

    def __init__(self, folder: str, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.size = 0
        self._chunks: list[bytes] = []
        self._file: IO[bytes] | None = None
        self.path = ""

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.max_bytes and self.size > self.max_bytes:
            raise ResultTooLarge
        try:
            if self._file is None and self.size > IN_MEMORY and self.folder:
                self._file = self._open()
                self._file.writelines(self._chunks)
                self._chunks = []
            if self._file is not None:
                self._file.write(data)
            else:
                self._chunks.append(bytes(data))
        except OSError as e:
            raise SpoolFailed(e.strerror or str(e)) from e
        return len(data)

    def _open(self) -> IO[bytes]:
        try:
            fd, self.path = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".answer", dir=self.folder)
        except FileNotFoundError:  # the folder went under a running server (a cleaner of /tmp): make it again
            os.makedirs(self.folder, mode=0o700, exist_ok=True)
            fd, self.path = tempfile.mkstemp(prefix=f"{os.getpid()}-", suffix=".answer", dir=self.folder)
        return os.fdopen(fd, "wb")

    def flush(self) -> None:
        pass

    def finish(self) -> tuple[bytes, str]:
        """(the body, "") for a small answer, (b"", the spool file's path) for a large one."""
        if self._file is not None:
            try:
                self._file.close()
            except OSError as e:
                raise SpoolFailed(e.strerror or str(e)) from e
            return b"", self.path
        return b"".join(self._chunks), ""

    def discard(self) -> None:
        """Drop what was written (the answer is an error after all)."""
        if self._file is not None:
            with contextlib.suppress(OSError):  # a full disk fails the close's flush too
                self._file.close()
            Path(self.path).unlink(missing_ok=True)
        self._file, self._chunks, self.path = None, [], ""


def new_folder() -> str:
    """A spool folder for this server process, made after removing those of servers that died with theirs."""
    removed = remove_orphans()
    if removed:
        log.info("removed %d spool folders of servers no longer running: %s", len(removed), ", ".join(removed))
    return tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-")


def remove_orphans(root: str = "") -> list[str]:
    """Remove the spool folders (and the answers in them) of server processes no longer running; return them.
    A folder not named after a pid (those of jkg before 2026-12-02) or not a folder is left as it is."""
    removed = []
    for path in sorted(Path(root or tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*")):
        pid = folder_pid(path)
        if pid is None or _running(pid) or path.is_symlink() or not path.is_dir():
            continue
        shutil.rmtree(path, ignore_errors=True)  # another user's cannot be removed, and is left
        if not path.exists():
            removed.append(str(path))
    return removed


def folder_pid(path: Path) -> int | None:
    """The pid of the server a spool folder belongs to, from its name (None: not named after one)."""
    pid = path.name.removeprefix(FOLDER_PREFIX).partition("-")[0]
    return int(pid) if path.name.startswith(FOLDER_PREFIX) and pid.isdigit() else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        pass
    return True


def forget(folder: str, pid: int) -> None:
    """Remove what a worker that died left in the spool folder."""
    for leftover in Path(folder).glob(f"{pid}-*.answer"):
        leftover.unlink(missing_ok=True)


def open_answer(path: str) -> IO[bytes]:
    """Open a spooled answer for sending and unlink it: it lives while it is being read, and no longer."""
    f = open(path, "rb")  # noqa: SIM115 - closed by the response that sends it
    os.unlink(path)
    return f
