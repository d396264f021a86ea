"""Hand complete requests to a fixed set of threads, fairly between clients.

Requests wait in one line per client; a free thread takes the next client in turn (round robin), and one
client may hold at most `per_client` threads, so others always find one. Only complete requests get here:
a slow or idle connection never costs a thread.
"""

from __future__ import annotations

import asyncio
import collections
import threading
from collections.abc import Callable

Job = Callable[[], None]


class Scheduler:
    """Called on the event loop (submit, done); the threads run the jobs."""

    def __init__(self, loop: asyncio.AbstractEventLoop, threads: int, per_client: int) -> None:
        self.loop = loop
        self.free = threads
        self.per_client = max(1, per_client)
        self.lines: dict[str, collections.deque[Job]] = {}
        self.running: collections.Counter[str] = collections.Counter()
        self.ready: collections.deque[str] = collections.deque()  # clients with a job that may run now
        self._jobs: collections.deque[tuple[str, Job]] = collections.deque()
        self._wake = threading.Condition()
        for n in range(threads):
            threading.Thread(target=self._thread, name=f"jkg-http-{n}", daemon=True).start()

    def submit(self, client: str, job: Job) -> None:
        line = self.lines.setdefault(client, collections.deque())
        line.append(job)
        if len(line) == 1 and self.running[client] < self.per_client:
            self.ready.append(client)
        self._pump()

    def done(self, client: str) -> None:
        self.free += 1
        self.running[client] -= 1
        line = self.lines.get(client)
        if line and self.running[client] == self.per_client - 1 and client not in self.ready:
            self.ready.append(client)
        if not line and not self.running[client]:
            self.lines.pop(client, None)
            del self.running[client]
        self._pump()

    def waiting(self) -> int:
        return sum(len(line) for line in self.lines.values())

    def _pump(self) -> None:
        while self.free and self.ready:
            client = self.ready.popleft()
            line = self.lines[client]
            job = line.popleft()
            self.running[client] += 1
            self.free -= 1
            if line and self.running[client] < self.per_client:
                self.ready.append(client)
            with self._wake:
                self._jobs.append((client, job))
                self._wake.notify()

    def _thread(self) -> None:
        while True:
            with self._wake:
                while not self._jobs:
                    self._wake.wait()
                client, job = self._jobs.popleft()
            try:
                job()
            finally:
                self.loop.call_soon_threadsafe(self.done, client)
