"""Count result rows exactly as pyoxigraph's native serializers emit them, and stop past the row cap."""

from __future__ import annotations

import re

from jkg.server.spool import Sink


class TooManyRows(Exception):
    pass


class RowCountingSink:
    """A write() target that counts result rows exactly as the native serializer emits them."""

    # A binding starts with [{" or ,{" — JSON escapes every quote inside a string, so these cannot occur in a
    # literal — or, with no variable bound, [{} or },{} (which a literal could contain: it may over-count then,
    # which can only raise the row-cap error early, never truncate silently).
    _JSON_STARTS = (b'[{"', b',{"', b"[{}", b"},{}")
    _CSV = re.compile(rb'"|\r\n')

    def __init__(self, fmt: str, max_rows: int, out: Sink) -> None:
        self.fmt = fmt
        self.max_rows = max_rows
        self.out = out
        self.count = 0
        self._in_string = False
        self._carry = b""

    def write(self, data: bytes) -> int:
        chunk = self._carry + bytes(data)
        self._carry = b""
        if self.fmt == "json":
            # Count starts that begin before the last 3 bytes; those 3 go round again with the next chunk.
            keep = max(0, len(chunk) - 3)
            for start in self._JSON_STARTS:
                self.count += chunk.count(start, 0, keep + len(start) - 1)
            chunk, self._carry = chunk[:keep], chunk[keep:]
        elif self.fmt == "xml":
            self.count += chunk.count(b"<result>")
            chunk, self._carry = chunk[: len(chunk) - 7], chunk[len(chunk) - 7 :]
        elif self.fmt == "tsv":
            self.count += chunk.count(b"\n")
        else:  # csv: quoted cells may hold raw line breaks
            for m in self._CSV.finditer(chunk):
                if m.group() == b'"':
                    self._in_string = not self._in_string
                elif not self._in_string:
                    self.count += 1
            if chunk.endswith(b"\r"):
                chunk, self._carry = chunk[:-1], chunk[-1:]
        if self.rows > self.max_rows:
            raise TooManyRows
        self.out.write(chunk)
        return len(data)

    def flush(self) -> None:
        pass

    @property
    def rows(self) -> int:
        return self.count - 1 if self.fmt in {"tsv", "csv"} else self.count

    def close(self) -> None:
        """Write what was held back to look at with the next chunk."""
        self.out.write(self._carry)
        self._carry = b""
