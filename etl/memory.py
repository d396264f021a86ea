"""glibc's malloc set for a build: every block of LARGE bytes or more is mapped on its own and given back to the
system the moment it is freed.

A build passes big bytes objects between threads and processes: 4 MiB blocks of N-Quads to the staging thread,
32 MiB batches of N-Triples to the validation workers. By default glibc raises its mmap threshold to the size of
each large block freed (up to 32 MiB), so that later blocks come from the heaps of the threads' arenas, which
are kept, not trimmed: the build's resident memory grew by the blocks in flight in every arena. Fixing the
threshold (mallopt M_MMAP_THRESHOLD, which also stops its adjustment) keeps it flat (measured on 10,000
synthetic rows: 994 MiB at the peak for the build and its workers, against 1,133–1,143 MiB). The setting is inherited
by the processes the build forks (the validation workers, a parallel build's parts).
"""

from __future__ import annotations

import ctypes

M_MMAP_THRESHOLD = -3  # glibc's malloc.h
LARGE = 4 << 20  # a staging block's size: 1 MiB kept 1 % less memory for 4 % more system time


def give_back_large_blocks() -> bool:
    """Map blocks of LARGE bytes and more on their own, from now on, in this process and those it forks.
    False where the C library has no mallopt (not glibc): nothing changes there."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is None:
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, LARGE))
