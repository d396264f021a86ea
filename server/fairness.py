"""Share query workers fairly between clients.

A request that needs a worker joins the line; a free worker goes to the waiting client with the fewest jobs
running (the one waiting longest among equals), and one client never runs more than `client_running` jobs at
once — with the default of all workers but one, a newcomer finds a worker at once however many heavy queries
another client has sent. A client alone may queue up to `waiting` requests; while other clients wait too, one
over its share (`client_waiting`) is answered 429 at once rather than queued.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

W = TypeVar("W")


class Overloaded(Exception):
    """Every worker is busy and the waiting line is full."""


class ClientOverShare(Exception):
    """This client already has its share waiting while others wait too."""


@dataclass(eq=False)
class Ticket(Generic[W]):
    client: str
    since: float = field(default_factory=time.monotonic)
    ready: threading.Event = field(default_factory=threading.Event)
    worker: W | None = None
    on_ready: Callable[[], None] | None = None  # called (under the line's lock) once `worker` is set


class FairLine(Generic[W]):
    def __init__(self, workers: int, waiting: int, client_waiting: int, client_running: int) -> None:
        self.workers = workers  # running, idle or being restarted
        self.waiting_limit = waiting
        self.client_waiting = client_waiting
        self.client_running = max(1, client_running)
        self.idle: list[W] = []
        self.lines: dict[str, collections.deque[Ticket[W]]] = {}
        self.running: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def join(self, client: str, on_ready: Callable[[], None] | None = None) -> Ticket[W]:
        """Wait for a worker (ticket.ready is set, and `on_ready` called, when ticket.worker holds one); or refuse
        at once."""
        with self._lock:
            waiting = sum(len(line) for line in self.lines.values())
            others = any(line for c, line in self.lines.items() if c != client)
            mine = len(self.lines.get(client, ()))
            if others and mine >= self.client_waiting:
                raise ClientOverShare
            busy = sum(self.running.values()) + waiting  # a worker being restarted still counts as free
            if waiting >= self.waiting_limit and busy >= self.workers:
                raise Overloaded
            ticket: Ticket[W] = Ticket(client, on_ready=on_ready)
            self.lines.setdefault(client, collections.deque()).append(ticket)
            self._assign()
            return ticket

    def leave(self, ticket: Ticket[W]) -> W | None:
        """Stop waiting (time is up); a worker handed over meanwhile is returned to the caller to run or give."""
        with self._lock:
            line = self.lines.get(ticket.client)
            if line is not None and ticket in line:
                line.remove(ticket)
                if not line:
                    del self.lines[ticket.client]
                return None
            return ticket.worker

    def give(self, worker: W) -> None:
        """A worker is free (a job ended, or a worker started): hand it to the next in line."""
        with self._lock:
            self.idle.append(worker)
            self._assign()

    def finished(self, client: str) -> None:
        """One of the client's jobs ended (call before giving its worker back)."""
        with self._lock:
            self.running[client] -= 1
            if self.running[client] <= 0:
                del self.running[client]

    def take_idle(self) -> list[W]:
        """Every idle worker, removed (to close them)."""
        with self._lock:
            idle, self.idle = self.idle, []
            return idle

    def waiting(self) -> int:
        with self._lock:
            return sum(len(line) for line in self.lines.values())

    def _assign(self) -> None:
        while self.idle:
            eligible = [c for c, line in self.lines.items() if line and self.running[c] < self.client_running]
            if not eligible:
                return
            client = min(eligible, key=lambda c: (self.running[c], self.lines[c][0].since))
            line = self.lines[client]
            ticket = line.popleft()
            if not line:
                del self.lines[client]
            ticket.worker = self.idle.pop()
            self.running[client] += 1
            ticket.ready.set()
            if ticket.on_ready is not None:
                ticket.on_ready()
