"""Leases on published builds: a server holds one on every build it answers from, and pruning skips those.

A lease is a shared flock(2) on the build's folder, so it ends with the process that holds it, however that
process ends (even kill -9): no pid files to go stale. The pruner takes the same lock exclusively, without
waiting, and removes a build only while it holds it; a server that finds a build locked that way, or gone,
looks at `current` again.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Lease:
    """A held shared lock on one build folder (released by release(), or when the process ends)."""

    def __init__(self, folder: Path, fd: int) -> None:
        self.folder = folder
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def _open(folder: Path) -> int:
    return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)


def take(folder: Path) -> Lease | None:
    """A lease on a build folder, or None when it is being removed (or is gone)."""
    try:
        fd = _open(folder)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as e:
        os.close(fd)
        if e.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return None
        raise
    return Lease(folder, fd)


@contextmanager
def unused(folder: Path) -> Iterator[bool]:
    """Whether no process holds a lease on the folder; while the block runs, none can take one."""
    try:
        fd = _open(folder)
    except FileNotFoundError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            yield False
            return
        yield True
    finally:
        os.close(fd)
