"""Answers of this build kept for the same query asked again: a published build never changes under a running
server, so the answer to one job (query, format, graphs, caps, base) is the answer to every identical one.

A least-recently-used table bounded in bytes, one per build being served (`builds.Generation`), so a new build
starts empty and the old answers go with the old build. Only complete answers held in memory are kept (200, not
spooled to a file), each at most a sixteenth of the table, and never the answer of a query that calls a function
whose value changes from one evaluation to the next (NOW, RAND, UUID, STRUUID: looked for in the text, so a
mention in a string or comment only costs the caching). A hit is served without a query worker, so it neither
waits for one nor counts against the client's share of them. Off for `jkg serve --engine`, whose store can be
loaded again under the same build.

The table holds each entry as tuples of strings, bytes and numbers, not as the Job and Answer objects: the
garbage collector stops tracking such tuples, so a table of tens of thousands of small answers (every light
query asked once is one) adds nothing to the front's full collections. Kept as objects, each entry was three
more objects for every full collection to walk: 40,000 entries made them 30–120 ms pauses of the event loop,
the light queries' p99.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import threading
from collections import OrderedDict
from typing import Any

from jkg.server.worker import Answer, Job

# The SPARQL 1.1 functions whose value is not a function of the data; BNODE() is (up to its labels).
CHANGING = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID)\s*\(", re.IGNORECASE)

# A job as a key: its query first, then its other fields' values (strings, numbers, bools, None, tuples of strings).
_key = operator.attrgetter("query", *(f.name for f in dataclasses.fields(Job) if f.name != "query"))
# A kept answer: status, body, error, rows, headers (as pairs), size, code (kept answers are never spooled).
_Entry = tuple[int, bytes, str, int, tuple[tuple[str, str], ...], int, str]


def _entry(answer: Answer) -> _Entry:
    headers = tuple(answer.headers.items())
    return (answer.status, answer.body, answer.error, answer.rows, headers, answer.size, answer.code)


def _answer(entry: _Entry) -> Answer:
    status, body, error, rows, headers, size, code = entry
    return Answer(status, body, error, rows, dict(headers), size=size, code=code)


class AnswerCache:
    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.largest = budget_bytes // 16
        self.size = 0
        self.hits = 0
        self.misses = 0
        self._table: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, job: Job) -> Answer | None:
        """The answer kept for this job, if any (it becomes the most recently used): a new Answer each time."""
        if self.budget <= 0:
            return None
        with self._lock:
            key = _key(job)
            found = self._table.get(key)
            if found is None:
                self.misses += 1
                return None
            self._table.move_to_end(key)
            self.hits += 1
        return _answer(found)

    def put(self, job: Job, answer: Answer) -> None:
        """Keep a complete in-memory answer, dropping the least recently used ones beyond the budget."""
        cost = _cost(job.query, answer.body)
        if answer.status != 200 or answer.spool or cost > self.largest or CHANGING.search(job.query):
            return
        key, entry = _key(job), _entry(answer)
        with self._lock:
            if key in self._table:
                return
            self._table[key] = entry
            self.size += cost
            while self.size > self.budget and self._table:
                old_key, old = self._table.popitem(last=False)
                self.size -= _cost(old_key[0], old[1])

    def stats(self) -> dict[str, int]:
        """What /-/health reports: answers kept, their bytes, the budget, hits and misses since the build opened."""
        with self._lock:
            return {
                "entries": len(self._table),
                "bytes": self.size,
                "budget": self.budget,
                "hits": self.hits,
                "misses": self.misses,
            }

    def __len__(self) -> int:
        return len(self._table)


def _cost(query: str, body: bytes) -> int:
    """The bytes an entry is counted for: its answer's body and its query's text."""
    return len(body) + len(query)
