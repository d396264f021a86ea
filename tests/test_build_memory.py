"""A build gives freed large blocks (its N-Quads blocks, its validation batches) back to the system at once."""

from __future__ import annotations

import subprocess
import sys

import pytest

# A 24 MiB block is freed, so glibc's default raises its mmap threshold past it; the next one comes from the
# heap and, freed, is kept (the heap is trimmed only past twice the threshold). Given back, RSS falls again.
SCRIPT = """
import sys
from pathlib import Path
from jkg.etl import memory
def rss():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096
if sys.argv[1] == "given back":
    assert memory.give_back_large_blocks()
block = b"x" * (24 << 20)
del block
before = rss()
block = b"x" * (24 << 20)
small = [bytes(200) for _ in range(10000)]
del block
print(rss() - before)
"""


def grown(mode: str) -> int:
    """Bytes of resident memory a freed 24 MiB block leaves behind."""
    out = subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True, check=True).stdout
    return int(out)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc, /proc")
def test_a_freed_large_block_is_given_back() -> None:
    assert grown("default") > 16 << 20  # the default keeps it: what the build grew by
    assert grown("given back") < 8 << 20
